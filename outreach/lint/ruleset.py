"""Rule data: one TOML file per language in `rules/`, read and validated.

The same reader checks a kit's own `[[lint.rules]]`, so a mistake in either is reported the
same way: `file: key.path: what is wrong`. Which file serves which language tag (`zh-TW` uses
the Traditional Chinese rules) is data too, in `languages.toml`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import Problem
from .model import PROFILES, SEVERITIES, LintError, Pattern, Rule, RuleBook
from .patterns import PatternError, Syntax, compile_pattern, uses_marks

HERE = Path(__file__).parent
RULES_DIR = HERE / "rules"
LANGUAGES_FILE = HERE / "languages.toml"

RULE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*\Z")
BOOK_KEYS = ("language", "name", "word_boundaries", "optional_spaces", "fold", "ignore",
             "lists", "rules")
RULE_KEYS = ("id", "severity", "profile", "message", "prefer", "explanation", "source", "url",
             "examples", "counterexamples", "patterns")
PATTERN_KEYS = ("match", "fix", "preceded_by", "not_preceded_by", "followed_by",
                "not_followed_by", "near", "not_near", "within", "case_sensitive")
CONDITIONS = ("preceded_by", "not_preceded_by", "followed_by", "not_followed_by", "near",
              "not_near")


def normalize_tag(tag: str) -> str:
    return tag.strip().replace("_", "-").lower()


@cache
def _aliases() -> dict[str, str]:
    data = tomllib.loads(LANGUAGES_FILE.read_text(encoding="utf-8"))
    return {normalize_tag(k): normalize_tag(v) for k, v in data.get("aliases", {}).items()}


def language_chain(tag: str) -> tuple[str, ...]:
    """Tags to try for `tag`, most specific first: zh-TW -> zh-tw, zh-hant, zh, zh-hans."""
    aliases = _aliases()
    parts = normalize_tag(tag).split("-")
    chain: list[str] = []
    for size in range(len(parts), 0, -1):
        candidate = "-".join(parts[:size])
        for item in (candidate, aliases.get(candidate)):
            if item and item not in chain:
                chain.append(item)
    return tuple(chain)


@cache
def _book_paths() -> dict[str, Path]:
    # File names are language tags, so finding the right file needs no parsing.
    return {normalize_tag(p.stem): p for p in sorted(RULES_DIR.glob("*.toml"))}


@cache
def _load_book(key: str) -> RuleBook:
    path = _book_paths()[key]
    origin = f"outreach/lint/rules/{path.name}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LintError(Problem(origin, f"cannot be read: {exc}")) from None
    # Built-in patterns are compiled (and so checked) by the test suite; checking them again
    # here would compile every pattern twice on each run.
    return parse_book(data, origin, check_patterns=False)


def builtin_books() -> dict[str, RuleBook]:
    """Every built-in rule file, keyed by normalized language tag."""
    return {key: _load_book(key) for key in _book_paths()}


def book_for(tag: str) -> RuleBook | None:
    """The built-in rules for a language tag, or None when there are none."""
    paths = _book_paths()
    for candidate in language_chain(tag):
        if candidate in paths:
            return _load_book(candidate)
    return None


def syntax_of(book: RuleBook | None) -> Syntax:
    if book is None:
        return Syntax(lists={})
    return Syntax(book.lists, book.word_boundaries, book.optional_spaces,
                  str.maketrans(dict(book.fold)) if book.fold else {}, _ignored(book.ignore),
                  _marks(book.lists, book.rules))


def _strings(value: Any) -> list[str]:
    """Every string inside parsed TOML data."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _marks(lists: Mapping[str, tuple[str, ...]], rules: Iterable[Rule]) -> bool:
    """Whether the book's words carry combining marks, so word edges must count them."""
    return uses_marks([w for words in lists.values() for w in words]
                      + [p.match for rule in rules for p in rule.patterns])


def _ignored(chars: str) -> re.Pattern[str] | None:
    return re.compile("[" + re.escape(chars) + "]") if chars else None


def parse_book(data: Mapping[str, Any], origin: str, *, check_patterns: bool = True) -> RuleBook:
    """Validate one language's rule file; raises LintError listing every problem."""
    r = Reader(origin)
    r.unknown(data, "", BOOK_KEYS)
    lang = r.string(data, "", "language", required=True)
    if lang and not LANG_TAG.match(lang):
        r.error("language", f"{lang!r} is not a language tag such as 'es' or 'zh-Hant'")
    name = r.string(data, "", "name") or lang
    lists = _lists(r, data.get("lists", {}))
    fold = _fold(r, data.get("fold", {}))
    ignore = r.string(data, "", "ignore")
    syntax = Syntax(lists, r.boolean(data, "", "word_boundaries", True),
                    r.boolean(data, "", "optional_spaces", False),
                    str.maketrans(fold) if fold else {}, _ignored(ignore),
                    uses_marks(_strings(data.get("lists")) + _strings(data.get("rules"))))
    entries = data.get("rules", [])
    if not isinstance(entries, list):
        r.error("rules", "must be a list of [[rules]] tables")
        entries = []
    rules = parse_rules(r, entries, "rules", lang, syntax, check_patterns=check_patterns)
    r.raise_if_any()
    return RuleBook(lang=lang, name=name, rules=tuple(rules), lists=lists,
                    word_boundaries=syntax.word_boundaries,
                    optional_spaces=syntax.optional_spaces, origin=origin, fold=fold,
                    ignore=ignore)


def parse_rules(r: Reader, entries: list[Any], prefix: str, lang: str, syntax: Syntax, *,
                check_patterns: bool = True) -> list[Rule]:
    """Rules from a rule file's list of tables; problems go to `r`."""
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        rule = parse_rule(r, entry, f"{prefix}[{i}]", lang, syntax,
                          check_patterns=check_patterns)
        if rule is None:
            continue
        if rule.id in seen:
            r.error(f"{prefix}[{i}].id", f"{rule.id!r} is defined twice")
        seen.add(rule.id)
        rules.append(rule)
    return rules


def parse_rule(r: Reader, entry: Any, key: str, lang: str, syntax: Syntax, *,
               extra_keys: tuple[str, ...] = (), check_patterns: bool = True) -> Rule | None:
    """One rule table (from a rule file or a kit's `[[lint.rules]]`); problems go to `r`."""
    if not isinstance(entry, dict):
        r.error(key, "must be a table")
        return None
    r.unknown(entry, key, RULE_KEYS + extra_keys)
    rule_id = r.string(entry, key, "id", required=True)
    if rule_id and not RULE_ID.match(rule_id):
        r.error(f"{key}.id", f"{rule_id!r} must be lowercase words joined by hyphens")
    severity = r.string(entry, key, "severity", required=True)
    if severity and severity not in SEVERITIES:
        r.error(f"{key}.severity", f"must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    profile = r.string(entry, key, "profile") or "default"
    if profile not in PROFILES:
        r.error(f"{key}.profile", f"must be one of {', '.join(PROFILES)}, not {profile!r}")
        profile = "default"
    rule = Rule(
        id=rule_id,
        lang=lang,
        severity=severity if severity in SEVERITIES else "error",
        message=r.string(entry, key, "message", required=True),
        patterns=(),
        source=r.string(entry, key, "source", required=True),
        prefer=r.strings(entry, key, "prefer"),
        explanation=r.string(entry, key, "explanation"),
        url=r.string(entry, key, "url"),
        examples=r.strings(entry, key, "examples"),
        counterexamples=r.strings(entry, key, "counterexamples"),
        origin=r.origin,
        profile=profile,
    )
    patterns = _patterns(r, entry.get("patterns"), f"{key}.patterns", rule, syntax,
                         check_patterns)
    return replace(rule, patterns=patterns)


def _patterns(r: Reader, value: Any, key: str, rule: Rule, syntax: Syntax, check: bool
              ) -> tuple[Pattern, ...]:
    if value is None or value == []:
        r.error(key, "missing; a rule needs at least one pattern")
        return ()
    if not isinstance(value, list):
        r.error(key, "must be a list of patterns or [[...patterns]] tables")
        return ()
    result = []
    for i, item in enumerate(value):
        where = f"{key}[{i}]"
        if isinstance(item, str):
            item = {"match": item}
        if not isinstance(item, dict):
            r.error(where, "must be a string or a table")
            continue
        r.unknown(item, where, PATTERN_KEYS)
        match = r.string(item, where, "match", required=True)
        within = item.get("within", 120)
        if not isinstance(within, int) or isinstance(within, bool) or within < 1:
            r.error(f"{where}.within", "must be a positive whole number of characters")
            within = 120
        pattern = Pattern(
            match=match,
            fix=_fix(r, item.get("fix"), f"{where}.fix"),
            within=within,
            case_sensitive=r.boolean(item, where, "case_sensitive", False),
            **{name: r.strings(item, where, name) for name in CONDITIONS},
        )
        if not match:
            continue
        if not check:
            result.append(pattern)
            continue
        try:
            compile_pattern(rule, pattern, syntax, 0, validate=True)
        except PatternError as exc:
            r.error(where, str(exc))
            continue
        result.append(pattern)
    return tuple(result)


def _fix(r: Reader, value: Any, key: str) -> str | dict[str, str] | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, dict) and value and all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()):
        return {k.lower(): v for k, v in value.items()}
    r.error(key, "must be the replacement text, or a table of word = replacement")
    return None


def _fold(r: Reader, value: Any) -> dict[str, str]:
    """Characters to read as others: one character each, so offsets in the text hold."""
    if not isinstance(value, dict):
        r.error("fold", "must be a table of character = character")
        return {}
    fold = {}
    for char, into in value.items():
        if not (isinstance(into, str) and len(char) == 1 and len(into) == 1):
            r.error(f"fold.{char}", "must map one character to one character")
            continue
        fold[char] = into
    return fold


def _lists(r: Reader, value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        r.error("lists", "must be a table of name = [words]")
        return {}
    lists = {}
    for name, words in value.items():
        if not isinstance(words, list) or not words or not all(
                isinstance(w, str) and w.strip() for w in words):
            r.error(f"lists.{name}", "must be a non-empty list of words")
            continue
        lists[name] = tuple(words)
    return lists


class Reader:
    """Collects problems while reading TOML data, so all are reported at once."""

    def __init__(self, origin: str, *,
                 locate: Callable[[str], int | None] | None = None) -> None:
        self.origin = origin
        self.problems: list[Problem] = []
        self.locate = locate  # the line a key is written on, when the file's text is known

    def error(self, key: str, message: str) -> None:
        line = self.locate(key) if self.locate and key else None
        self.problems.append(Problem(self.origin, f"{key}: {message}" if key else message, line))

    def raise_if_any(self) -> None:
        if self.problems:
            raise LintError(self.problems)

    def unknown(self, table: Mapping[str, Any], prefix: str, known: tuple[str, ...]) -> None:
        for key in table:
            if key not in known:
                self.error(_join(prefix, key), f"unknown key; expected one of {', '.join(known)}")

    def string(self, table: Mapping[str, Any], prefix: str, key: str, *,
               required: bool = False) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.error(_join(prefix, key), "missing")
            return ""
        if not isinstance(value, str):
            self.error(_join(prefix, key), "must be a string")
            return ""
        if required and not value.strip():
            self.error(_join(prefix, key), "must not be empty")
        return value.strip()

    def strings(self, table: Mapping[str, Any], prefix: str, key: str) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(_join(prefix, key), "must be a string or a list of strings")
            return ()
        return tuple(value)

    def boolean(self, table: Mapping[str, Any], prefix: str, key: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.error(_join(prefix, key), "must be true or false")
            return default
        return value


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key

