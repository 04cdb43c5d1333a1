"""The rule pattern language, turned into compiled regular expressions.

Rule authors write small regular expressions in which a space means "the words are separate"
and `{list}` means "any word from this list". This module expands that into Python regexes and
prepares each pattern for fast matching:

- Case-insensitive patterns are lowercased and run on lowercased text, so the regex engine can
  use its fast literal search (IGNORECASE disables it).
- Each pattern is split at an "anchor", its longest plain word ("illegal" in "an illegal").
  The matcher finds anchors with `str.find`, checks what follows with a forward match and what
  precedes with one match of a reversed regex on the reversed text (see reverse.py).
- Patterns that cannot be split (a top-level `|`) keep "triggers", literals every match
  contains, so they only run on paragraphs where they can match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from .model import Pattern, Rule
from .reverse import NotReversible, reverse

# Characters Python's \w leaves out although they are inside words: combining accents, the
# vowel signs of Devanagari and Gurmukhi (प्रवासी, ਪਰਵਾਸੀ) and of Ethiopic, and the zero-width
# (non-)joiners Persian and Indic scripts write between the parts of a word (مهاجر‌ها).
MARKS = ("\u0300-\u036f\u0483-\u0489\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963"
         "\u0981-\u0983\u09bc-\u09d7\u0a01-\u0a03\u0a3c-\u0a51\u0a70\u0a71\u0a75"
         "\u135d-\u135f\u200c\u200d")
WORD_CHAR = "(?:[^\\W_]|[" + MARKS + "])"
_MARK_SET = frozenset(
    chr(code) for low, high in re.findall("(.)(?:-(.))?", MARKS)
    for code in range(ord(low), ord(high or low) + 1))
# Between two words of a phrase: spaces, one line break (Markdown wraps paragraphs), a hyphen,
# or the zero-width non-joiner Persian writes between the parts of a compound (غیر‌قانونی).
# Emphasis markers and tags were already masked to spaces, so "**illegal** immigrants" matches.
SEPARATOR = r"(?:[^\S\n]+|[^\S\n]*[-\u2010\u2011\u200c\n][^\S\n]*)"
# For scripts written without spaces a space in a pattern may match no space at all.
OPTIONAL_SEPARATOR = r"[^\S\n]*(?:\n[^\S\n]*)?"
# Between a match and the context words a condition looks for.
GAP = r"[^\S\n]*(?:\n[^\S\n]*)?"
# Scripts without such marks use the plain class: it compiles many times faster, and compiling
# is a good part of linting a short file.
PLAIN_WORD_CHAR = "[^\\W_]"


def word_start(char: str = WORD_CHAR) -> str:
    """A term must not start inside a word. Written as lookarounds rather than \\b so a pattern
    that starts with punctuation still works: the check only applies on the side where the
    matched text is a letter or digit."""
    return f"(?:(?={char})(?<!{char})|(?!{char}))"


def word_end(char: str = WORD_CHAR) -> str:
    return f"(?:(?<={char})(?!{char})|(?<!{char}))"


WORD_START, WORD_END = word_start(), word_end()
_PLAIN_START, _PLAIN_END = word_start(PLAIN_WORD_CHAR), word_end(PLAIN_WORD_CHAR)

_LIST_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_-]*)\}")
_LEADING_WORD = re.compile(WORD_CHAR + "+")
_QUANTIFIER = re.compile(r"[?*+]|\{\d")
_MIN_TRIGGER = 2
_MIN_ANCHOR = 2
# How far back context is searched when its pattern cannot be reversed.
LOOKBEHIND = 160


def is_word_char(char: str, marks: bool = True) -> bool:
    """What WORD_CHAR (or, without `marks`, PLAIN_WORD_CHAR) matches, for checks the matcher
    makes without a regex."""
    return char.isalnum() or (marks and char in _MARK_SET)


def uses_marks(texts: Iterable[str]) -> bool:
    """Whether patterns use characters that only WORD_CHAR counts as part of a word."""
    return any(c in _MARK_SET for text in texts for c in text)


class PatternError(ValueError):
    """A pattern is not valid; the message says why in terms a rule author understands."""


@dataclass(frozen=True)
class Syntax:
    """How patterns are expanded for one language."""

    lists: Mapping[str, tuple[str, ...]]
    word_boundaries: bool = True
    optional_spaces: bool = False
    fold: Mapping[int, str] = field(default_factory=dict)  # a str.translate table
    ignore: re.Pattern[str] | None = None  # characters matching reads past (Arabic vowels)
    marks: bool = False  # words hold combining marks (Devanagari, Gurmukhi): see WORD_CHAR

    def folded(self, text: str) -> str:
        return text.translate(self.fold) if self.fold else text

    @property
    def word_char(self) -> str:
        return WORD_CHAR if self.marks else PLAIN_WORD_CHAR

    @property
    def word_start(self) -> str:
        if not self.word_boundaries:
            return ""
        return WORD_START if self.marks else _PLAIN_START

    @property
    def word_end(self) -> str:
        if not self.word_boundaries:
            return ""
        return WORD_END if self.marks else _PLAIN_END


class Before:
    """Context that must end where a match (or an anchor word) starts.

    Checked with one match of the reversed pattern on the reversed text; a pattern that cannot
    be reversed falls back to a search over the preceding characters.
    """

    def __init__(self, source: str, key: str) -> None:
        try:
            self.reversed: re.Pattern[str] | None = reverse(source)
            self.forward: re.Pattern[str] | None = None
        except NotReversible:
            self.reversed = None
            self.forward = _regex(source + r"\Z", key)

    def start(self, text: str, reversed_text: str, end: int) -> int | None:
        """Where the context before `end` starts, or None if it is not there."""
        if self.reversed is not None:
            found = self.reversed.match(reversed_text, len(text) - end)
            return None if found is None else len(text) - found.end()
        assert self.forward is not None
        found = self.forward.search(text, max(0, end - LOOKBEHIND), end)
        return None if found is None else found.start()


@dataclass(frozen=True)
class Anchor:
    """A pattern split as head + literal + tail around its longest plain word."""

    literal: str  # lowercase unless the pattern is case-sensitive
    head: Before | None  # what must come before the literal, if anything
    tail: re.Pattern[str] | None  # what must follow it, matched forward from its end


class CompiledPattern:
    """A pattern ready to match.

    Regexes are compiled on first use: a short file usually contains no anchor word at all,
    so most patterns are never compiled, which keeps `outreach lint FILE` quick to start.
    `validate=True` compiles everything at once, to report mistakes in rule data.
    """

    def __init__(self, rule: Rule, pattern: Pattern, syntax: Syntax, order: int, *,
                 validate: bool = False) -> None:
        self.rule = rule
        self.pattern = pattern
        self.order = order  # position among all patterns of the language: earlier wins a tie
        self.syntax = syntax
        self.lower = not pattern.case_sensitive
        self.split = split_anchor(pattern.match)
        if validate:
            for name in ("regex", "triggers", "anchor", "preceded_by", "not_preceded_by",
                         "followed_by", "not_followed_by", "near", "not_near"):
                getattr(self, name)

    @property
    def case_sensitive(self) -> bool:
        return self.pattern.case_sensitive

    @property
    def anchor_literal(self) -> str | None:
        if self.split is None:
            return None
        return self.syntax.folded(self.split[1].lower() if self.lower else self.split[1])

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The whole pattern, for lowercased text unless case-sensitive."""
        return _regex(self._body, "match")

    @cached_property
    def triggers(self) -> tuple[str, ...] | None:
        return _triggers(self._body)

    @cached_property
    def anchor(self) -> Anchor | None:
        # Word boundaries next to the literal itself are checked by the matcher (a character
        # test is cheaper than a regex call); a head or tail carries its own boundary check.
        if self.split is None:
            return None
        head_source, literal, tail_source = self.split
        start, end = self.syntax.word_start, self.syntax.word_end
        head = start + "(?:" + self._part(head_source, "match") + ")" if head_source else ""
        tail = "(?:" + self._part(tail_source, "match") + ")" + end if tail_source else ""
        return Anchor(self.syntax.folded(literal.lower() if self.lower else literal),
                      Before(head, "match") if head else None,
                      _regex(tail, "match") if tail else None)

    @cached_property
    def preceded_by(self) -> Before | None:
        return _before(self.pattern.preceded_by, self.syntax, "preceded_by")

    @cached_property
    def not_preceded_by(self) -> Before | None:
        return _before(self.pattern.not_preceded_by, self.syntax, "not_preceded_by")

    @cached_property
    def followed_by(self) -> re.Pattern[str] | None:
        return _after(self.pattern.followed_by, self.syntax, "followed_by")

    @cached_property
    def not_followed_by(self) -> re.Pattern[str] | None:
        return _after(self.pattern.not_followed_by, self.syntax, "not_followed_by")

    @cached_property
    def near(self) -> re.Pattern[str] | None:
        return _near(self.pattern.near, self.syntax)

    @cached_property
    def not_near(self) -> re.Pattern[str] | None:
        return _near(self.pattern.not_near, self.syntax, "not_near")

    @cached_property
    def _body(self) -> str:
        body = self._part(self.pattern.match, "match")
        if self.syntax.word_boundaries:
            body = self.syntax.word_start + "(?:" + body + ")" + self.syntax.word_end
        return body

    def _part(self, source: str, key: str) -> str:
        return _compile_part(source, self.syntax, key, self.lower)


def to_regex(source: str, syntax: Syntax, _depth: int = 0) -> str:
    """Expand spaces and `{list}` references of the pattern language into a Python regex."""
    if _depth > 5:
        raise PatternError("lists refer to each other too deeply")
    separator = OPTIONAL_SEPARATOR if syntax.optional_spaces else SEPARATOR
    out: list[str] = []
    i, n = 0, len(source)
    in_class = False
    while i < n:
        char = source[i]
        if char == "\\":
            out.append(source[i:i + 2])
            i += 2
            continue
        if in_class:
            out.append(char)
            in_class = char != "]"
            i += 1
            continue
        if char == "[":
            # "[]" and "[^]" start a class whose first member is "]".
            j = i + 1
            if j < n and source[j] == "^":
                j += 1
            if j < n and source[j] == "]":
                j += 1
            out.append(source[i:j])
            in_class = True
            i = j
            continue
        if char == " ":
            while i < n and source[i] == " ":
                i += 1
            out.append(separator)
            continue
        if char == "{":
            ref = _LIST_REF.match(source, i)
            if ref:
                name = ref.group(1)
                if name not in syntax.lists:
                    known = ", ".join(sorted(syntax.lists)) or "none are defined"
                    raise PatternError(f"unknown list {{{name}}} (lists: {known})")
                entries = sorted(syntax.lists[name], key=len, reverse=True)
                out.append("(?:" + "|".join(to_regex(e, syntax, _depth + 1) for e in entries)
                           + ")")
                i = ref.end()
                continue
        out.append(char)
        i += 1
    return "".join(out)


def compile_pattern(rule: Rule, pattern: Pattern, syntax: Syntax, order: int, *,
                    validate: bool = False) -> CompiledPattern:
    """Compile one pattern and its conditions; raises PatternError naming the bad part."""
    return CompiledPattern(rule, pattern, syntax, order, validate=validate)


@lru_cache(maxsize=256)
def phrase_regex(phrase: str, word_boundaries: bool, optional_spaces: bool) -> re.Pattern[str]:
    """A literal phrase (an allowance's `match`), lowercase, with a language's word rules."""
    separator = OPTIONAL_SEPARATOR if optional_spaces else SEPARATOR
    body = separator.join(re.escape(word) for word in phrase.lower().split())
    if word_boundaries:
        body = WORD_START + body + WORD_END
    return re.compile(body)


def split_anchor(source: str) -> tuple[str, str, str] | None:
    """("an ", "illegal", "") for "an illegal": head, longest plain word, tail.

    Works on the pattern language, where a top-level space separates words: the head ends with
    that space and the tail starts with one, so translating each part and joining them gives
    the whole pattern. Returns None when the pattern is an alternation at the top level.
    """
    pieces = _top_level_pieces(source)
    if not pieces:
        return None
    best: tuple[int, str, str] | None = None
    for i, piece in enumerate(pieces):
        word = _LEADING_WORD.match(piece)
        if not word:
            continue
        literal, rest = word.group(0), piece[word.end():]
        if _QUANTIFIER.match(rest):  # "mojados?": the "?" belongs to the last letter
            literal, rest = literal[:-1], literal[-1] + rest
        if len(literal) >= _MIN_ANCHOR and (best is None or len(literal) > len(best[1])):
            best = (i, literal, rest)
    if best is None:
        return None
    i, literal, rest = best
    head = " ".join(pieces[:i]) + " " if i else ""
    tail = rest + (" " + " ".join(pieces[i + 1:]) if i + 1 < len(pieces) else "")
    return head, literal, tail


def lower_regex(source: str) -> str:
    """Lowercase a regex except its escapes (\\S must stay \\S), to run on lowercased text."""
    out = []
    i = 0
    while i < len(source):
        if source[i] == "\\":
            out.append(source[i:i + 2])
            i += 2
            continue
        out.append(source[i].lower())
        i += 1
    return "".join(out)


def _top_level_pieces(source: str) -> list[str] | None:
    pieces, current = [], []
    depth, in_class, i = 0, False, 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            current.append(source[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if source[i + 1:i + 2] == "]":  # "[]..." : the "]" is a member
                current.append(char)
                i += 1
                char = source[i]
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return None
        elif char == " " and depth == 0:
            if current:
                pieces.append("".join(current))
                current = []
            i += 1
            continue
        current.append(char)
        i += 1
    if current:
        pieces.append("".join(current))
    return pieces


def _compile_part(source: str, syntax: Syntax, key: str, lower: bool = True) -> str:
    try:
        translated = to_regex(source, syntax)
    except PatternError as exc:
        raise PatternError(f"{key}: {exc}") from None
    return syntax.folded(lower_regex(translated) if lower else translated)


def _regex(source: str, key: str) -> re.Pattern[str]:
    try:
        return re.compile(source)
    except re.error as exc:
        # exc.msg, not str(exc): a position would point into the expanded regex, not at
        # anything the rule author wrote.
        raise PatternError(f"{key}: not a valid pattern: {exc.msg}") from None


def _alternatives(sources: tuple[str, ...], syntax: Syntax, key: str) -> list[str]:
    return [_compile_part(s, syntax, key) for s in sources]


def _before(sources: tuple[str, ...], syntax: Syntax, key: str) -> Before | None:
    # Context before a match must end right at the match: "(?:X)GAP" then the match.
    if not sources:
        return None
    start = syntax.word_start
    parts = [start + "(?:" + p + ")" for p in _alternatives(sources, syntax, key)]
    return Before("(?:" + "|".join(parts) + ")" + GAP, key)


def _after(sources: tuple[str, ...], syntax: Syntax, key: str) -> re.Pattern[str] | None:
    # Matched (anchored) at the end of a match.
    if not sources:
        return None
    end = syntax.word_end
    parts = ["(?:" + p + ")" + end for p in _alternatives(sources, syntax, key)]
    return _regex(GAP + "(?:" + "|".join(parts) + ")", key)


def _near(sources: tuple[str, ...], syntax: Syntax, key: str = "near"
          ) -> re.Pattern[str] | None:
    if not sources:
        return None
    start, end = ((f"(?<!{syntax.word_char})", syntax.word_end) if syntax.word_boundaries
                  else ("", ""))
    parts = _alternatives(sources, syntax, key)
    return _regex(start + "(?:" + "|".join(parts) + ")" + end, key)


def _triggers(source: str) -> tuple[str, ...] | None:
    """Literal strings (lowercase) of which every match contains at least one.

    Uses the standard library's regex parser, which is internal; if it changes shape the
    pattern simply runs everywhere, which is slower but still correct.
    """
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]

        found = _required(parser.parse(source), c)
    except Exception:  # noqa: BLE001 - any surprise from the internal parser means "unknown"
        return None
    if not found or min(len(s) for s in found) < _MIN_TRIGGER:
        return None
    return tuple(sorted(found))


def _required(items: Any, c: Any) -> set[str] | None:
    best: set[str] | None = None

    def consider(candidates: set[str] | None) -> None:
        nonlocal best
        if candidates and (best is None or _score(candidates) > _score(best)):
            best = candidates

    run: list[str] = []
    for op, arg in items:
        if op is c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            consider({"".join(run).lower()})
            run = []
        if op is c.SUBPATTERN:
            consider(_required(arg[-1], c))
        elif op is c.BRANCH:
            branches = [_required(b, c) for b in arg[1]]
            if all(branches):
                consider(set().union(*branches))  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = arg
            if low >= 1:
                consider(_required(sub, c))
    if run:
        consider({"".join(run).lower()})
    return best


def _score(candidates: set[str]) -> tuple[int, int]:
    return (min(len(s) for s in candidates), -len(candidates))
