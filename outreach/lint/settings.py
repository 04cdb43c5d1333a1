"""The `[lint]` table of `outreach.toml`: a kit's own allowances, rules and severities.

    [lint]
    quotes = "mention"            # or "flag": is a term in quotation marks a mention or a use?
    profile = "default"           # or "strict": also warn on contested uses and quoted terms

    [lint.readability]            # the highest grade a message should read at, per audience
    community = 8                 # a number, or false for no check
    decision-makers = 12

    [lint.severity]
    en-dreamers = "error"         # make a rule stricter or gentler for this kit

    [[lint.allow]]
    rule = "en-alien"
    match = "Alien Registration Number"    # optional: only inside this phrase
    paths = ["messages/forms/*.md"]        # optional: only in these files
    reason = "the name of a field on a USCIS form"

    [[lint.rules]]                # same fields as the built-in rule files, plus `lang`
    id = "kit-en-the-poor"
    lang = "en"
    ...

Every problem is collected and raised together as one LintError, each reading
`outreach.toml:12: lint.allow[0].reason: missing; ...`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..kit.tomlkeys import toml_line
from .model import PROFILES, SEVERITIES, Rule
from .ruleset import (
    LANG_TAG,
    Reader,
    book_for,
    builtin_books,
    language_chain,
    normalize_tag,
    parse_rule,
    syntax_of,
)

SETTINGS_KEYS = ("quotes", "profile", "readability", "severity", "allow", "rules")
# The plain-language check reports as a rule of its own, so it can be given another severity,
# allowed in some files, or ignored on a line like any rule.
PLAIN_LANGUAGE = "plain-language"
AUDIENCES = ("community", "decision-makers")  # as outreach.kit.config names them
READABILITY = (("community", 8.0), ("decision-makers", 12.0))
ALLOW_KEYS = ("rule", "match", "paths", "reason")
QUOTES = ("mention", "flag")


@dataclass(frozen=True)
class Allowance:
    """A use of a term the kit has decided is acceptable, and why."""

    index: int
    rule: str
    reason: str
    match: str | None = None
    paths: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)  # compared by identity: it is a cache key
class LintSettings:
    allow: tuple[Allowance, ...] = ()
    rules: tuple[Rule, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    quotes: str = "mention"
    profile: str = "default"
    readability: tuple[tuple[str, float | None], ...] = READABILITY

    def target_for(self, audience: str | None) -> float | None:
        """The grade a message for `audience` should not read above; None: not checked."""
        return dict(self.readability).get(audience) if audience else None

    def applies(self, rule: Rule) -> bool:
        """Rules for contested uses apply only in the strict profile."""
        return rule.profile == "default" or self.profile == "strict"

    def severity_of(self, rule: Rule) -> str:
        return dict(self.severity).get(rule.id, rule.severity)


DEFAULT = LintSettings()


def resolve(settings: LintSettings | Mapping[str, Any] | None) -> LintSettings:
    """Accept parsed settings, the raw `[lint]` table, or nothing."""
    if settings is None:
        return DEFAULT
    if isinstance(settings, LintSettings):
        return settings
    return _parse_cached(_freeze(settings))


def available_rules(settings: LintSettings, lang: str | None = None) -> list[Rule]:
    """Built-in and kit rules, for one language (as `lang` resolves) or for all."""
    books = builtin_books()
    if lang is None:
        return [r for book in books.values() for r in book.rules] + list(settings.rules)
    chain = language_chain(lang)
    book = book_for(lang)
    return list(book.rules if book else ()) + [
        r for r in settings.rules if normalize_tag(r.lang) in chain]


def parse_settings(raw: Mapping[str, Any], *, origin: str = "outreach.toml",
                   source_text: str | None = None) -> LintSettings:
    """Validate a `[lint]` table; raises LintError listing every problem.

    With `source_text` (the text of outreach.toml) problems carry the line of their key.
    """
    r = Reader(origin, locate=(lambda key: toml_line(source_text, key)) if source_text else None)
    if not isinstance(raw, Mapping):
        r.error("lint", "must be a table ([lint])")
        r.raise_if_any()
    r.unknown(raw, "lint", SETTINGS_KEYS)

    quotes = r.string(raw, "lint", "quotes") or "mention"
    if quotes not in QUOTES:
        r.error("lint.quotes", f"must be one of {', '.join(QUOTES)}, not {quotes!r}")
        quotes = "mention"
    profile = r.string(raw, "lint", "profile") or "default"
    if profile not in PROFILES:
        r.error("lint.profile", f"must be one of {', '.join(PROFILES)}, not {profile!r}")
        profile = "default"

    rules = _kit_rules(r, raw.get("rules", []))
    known = {rule.id for book in builtin_books().values() for rule in book.rules}
    known.add(PLAIN_LANGUAGE)
    for rule in rules:
        if rule.id in known:
            r.error("lint.rules", f"{rule.id!r} is already a built-in rule; choose another id")
    known |= {rule.id for rule in rules}

    severity = _severity(r, raw.get("severity", {}), known)
    allow = _allowances(r, raw.get("allow", []), known)
    readability = _readability(r, raw.get("readability", {}))
    r.raise_if_any()
    return LintSettings(allow=allow, rules=tuple(rules), severity=severity, quotes=quotes,
                        profile=profile, readability=readability)


def _kit_rules(r: Reader, value: Any) -> list[Rule]:
    if not isinstance(value, list):
        r.error("lint.rules", "must be a list of [[lint.rules]] tables")
        return []
    rules: list[Rule] = []
    for i, entry in enumerate(value):
        key = f"lint.rules[{i}]"
        lang = r.string(entry, key, "lang", required=True) if isinstance(entry, dict) else ""
        if lang and not LANG_TAG.match(lang):
            r.error(f"{key}.lang", f"{lang!r} is not a language tag such as 'es' or 'zh-Hant'")
            lang = ""
        # Without a language there are no lists to expand patterns with: check them only
        # once the language is known, rather than report a second, misleading problem.
        rule = parse_rule(r, entry, key, lang or "und", syntax_of(book_for(lang) if lang else None),
                          extra_keys=("lang",), check_patterns=bool(lang))
        if rule is None:
            continue
        if any(rule.id == other.id for other in rules):
            r.error(f"{key}.id", f"{rule.id!r} is defined twice")
        rules.append(rule)
    return rules


def _readability(r: Reader, value: Any) -> tuple[tuple[str, float | None], ...]:
    if not isinstance(value, Mapping):
        r.error("lint.readability", "must be a table of audience = grade (or false)")
        return READABILITY
    targets: dict[str, float | None] = dict(READABILITY)
    for audience, grade in value.items():
        key = f"lint.readability.{audience}"
        if audience not in AUDIENCES:
            r.error(key, f"unknown audience; audiences are {', '.join(AUDIENCES)}")
        elif grade is False:
            targets[audience] = None
        elif isinstance(grade, bool) or not isinstance(grade, int | float) or not (
                1 <= grade <= 20):
            r.error(key, f"must be a school grade from 1 to 20, or false for no check, not "
                    f"{grade!r}")
        else:
            targets[audience] = float(grade)
    return tuple(targets.items())


def _severity(r: Reader, value: Any, known: set[str]) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        r.error("lint.severity", "must be a table of rule = \"error\", \"warning\" or "
                "\"suggestion\"")
        return ()
    result = []
    for rule_id, level in value.items():
        key = f"lint.severity.{rule_id}"
        if rule_id not in known:
            r.error(key, f"unknown rule {rule_id!r}; see 'outreach lint --list-rules'")
        elif level not in SEVERITIES:
            r.error(key, f"must be one of {', '.join(SEVERITIES)}, not {level!r}")
        else:
            result.append((rule_id, level))
    return tuple(result)


def _allowances(r: Reader, value: Any, known: set[str]) -> tuple[Allowance, ...]:
    if not isinstance(value, list):
        r.error("lint.allow", "must be a list of [[lint.allow]] tables")
        return ()
    result = []
    for i, entry in enumerate(value):
        key = f"lint.allow[{i}]"
        if not isinstance(entry, Mapping):
            r.error(key, "must be a table with rule, reason and optionally match and paths")
            continue
        r.unknown(entry, key, ALLOW_KEYS)
        rule = r.string(entry, key, "rule")
        if not rule:
            r.error(f"{key}.rule", "missing; name the rule to allow, such as \"en-alien\"")
        elif rule not in known:
            r.error(f"{key}.rule", f"unknown rule {rule!r}; see 'outreach lint --list-rules'")
        reason = r.string(entry, key, "reason")
        if not reason:
            r.error(f"{key}.reason", "missing; say why this use is acceptable, so the next "
                    "editor knows")
        match = r.string(entry, key, "match") or None
        paths = r.strings(entry, key, "paths")
        result.append(Allowance(i, rule, reason, match, paths))
    return tuple(result)


@lru_cache(maxsize=16)
def _parse_cached(frozen: Any) -> LintSettings:
    return parse_settings(_thaw(frozen))


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return ("table", tuple((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return ("list", tuple(_freeze(v) for v in value))
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "table":
        return {k: _thaw(v) for k, v in value[1]}
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "list":
        return [_thaw(v) for v in value[1]]
    return value
