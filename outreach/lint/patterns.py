"""The rule pattern language, turned into compiled regular expressions.

Rule authors write small regular expressions in which a space means "the words are separate"
and `{list}` means "any word from this list". This module expands that into Python regexes,
adds the word-boundary handling each language needs, and works out which literal strings a
match must contain ("triggers") so the matcher only runs a pattern where it can possibly match.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .model import Pattern, Rule

# Between two words of a phrase: spaces, one line break (Markdown wraps paragraphs) or a hyphen.
# Emphasis markers and tags were already masked to spaces, so "**illegal** immigrants" matches.
SEPARATOR = r"(?:[^\S\n]+|[^\S\n]*[-\u2010\u2011\n][^\S\n]*)"
# For scripts written without spaces a space in a pattern may match nothing at all.
OPTIONAL_SEPARATOR = r"[^\S\n]*(?:\n[^\S\n]*)?"
# Between a match and the context words a condition looks for.
GAP = r"[^\S\n]*(?:\n[^\S\n]*)?"
# A term must not start or end inside a word. Written as lookarounds rather than \b so a
# pattern that starts or ends with punctuation still works: the check only applies on the
# side where the matched text is a letter or digit.
WORD_START = r"(?:(?=[^\W_])(?<![^\W_])|(?![^\W_]))"
WORD_END = r"(?:(?<=[^\W_])(?![^\W_])|(?<![^\W_]))"

_LIST_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_-]*)\}")
_MIN_TRIGGER = 2


class PatternError(ValueError):
    """A pattern is not valid; the message says why in terms a rule author understands."""


@dataclass(frozen=True)
class Syntax:
    """How patterns are expanded for one language."""

    lists: Mapping[str, tuple[str, ...]]
    word_boundaries: bool = True
    optional_spaces: bool = False


@dataclass(frozen=True)
class CompiledPattern:
    rule: Rule
    pattern: Pattern
    order: int  # position among all patterns of the language: earlier wins a tie
    regex: re.Pattern[str]
    triggers: tuple[str, ...] | None  # lowercase; None when the pattern has no usable literal
    preceded_by: re.Pattern[str] | None
    not_preceded_by: re.Pattern[str] | None
    followed_by: re.Pattern[str] | None
    not_followed_by: re.Pattern[str] | None
    near: re.Pattern[str] | None


def translate(source: str, syntax: Syntax, _depth: int = 0) -> str:
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
                out.append("(?:" + "|".join(translate(e, syntax, _depth + 1) for e in entries)
                           + ")")
                i = ref.end()
                continue
        out.append(char)
        i += 1
    return "".join(out)


def compile_pattern(rule: Rule, pattern: Pattern, syntax: Syntax, order: int) -> CompiledPattern:
    """Compile one pattern and its conditions; raises PatternError naming the bad part."""
    body = _compile_part(pattern.match, syntax, "match")
    flags = 0 if pattern.case_sensitive else re.IGNORECASE
    if syntax.word_boundaries:
        body = WORD_START + "(?:" + body + ")" + WORD_END
    regex = _regex(body, flags, "match")
    return CompiledPattern(
        rule=rule,
        pattern=pattern,
        order=order,
        regex=regex,
        triggers=_triggers(body, flags),
        preceded_by=_before(pattern.preceded_by, syntax, "preceded_by"),
        not_preceded_by=_before(pattern.not_preceded_by, syntax, "not_preceded_by"),
        followed_by=_after(pattern.followed_by, syntax, "followed_by"),
        not_followed_by=_after(pattern.not_followed_by, syntax, "not_followed_by"),
        near=_near(pattern.near, syntax),
    )


@lru_cache(maxsize=256)
def phrase_regex(phrase: str, word_boundaries: bool, optional_spaces: bool) -> re.Pattern[str]:
    """A literal phrase (an allowance's `match`) matched with a language's word rules."""
    separator = OPTIONAL_SEPARATOR if optional_spaces else SEPARATOR
    body = separator.join(re.escape(word) for word in phrase.split())
    if word_boundaries:
        body = WORD_START + body + WORD_END
    return re.compile(body, re.IGNORECASE)


def _compile_part(source: str, syntax: Syntax, key: str) -> str:
    try:
        return translate(source, syntax)
    except PatternError as exc:
        raise PatternError(f"{key}: {exc}") from None


def _regex(source: str, flags: int, key: str) -> re.Pattern[str]:
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise PatternError(f"{key}: not a valid pattern: {exc}") from None


def _alternatives(sources: tuple[str, ...], syntax: Syntax, key: str) -> list[str]:
    return [_compile_part(s, syntax, key) for s in sources]


def _before(sources: tuple[str, ...], syntax: Syntax, key: str) -> re.Pattern[str] | None:
    # Searched in the text just before a match, with endpos at the match, so \Z is the match.
    if not sources:
        return None
    start = WORD_START if syntax.word_boundaries else ""
    parts = [start + "(?:" + p + ")" for p in _alternatives(sources, syntax, key)]
    return _regex("(?:" + "|".join(parts) + ")" + GAP + r"\Z", re.IGNORECASE, key)


def _after(sources: tuple[str, ...], syntax: Syntax, key: str) -> re.Pattern[str] | None:
    # Matched (anchored) at the end of a match.
    if not sources:
        return None
    end = WORD_END if syntax.word_boundaries else ""
    parts = ["(?:" + p + ")" + end for p in _alternatives(sources, syntax, key)]
    return _regex(GAP + "(?:" + "|".join(parts) + ")", re.IGNORECASE, key)


def _near(sources: tuple[str, ...], syntax: Syntax) -> re.Pattern[str] | None:
    if not sources:
        return None
    start, end = (WORD_START, WORD_END) if syntax.word_boundaries else ("", "")
    parts = _alternatives(sources, syntax, "near")
    return _regex(start + "(?:" + "|".join(parts) + ")" + end, re.IGNORECASE, "near")


def _triggers(source: str, flags: int) -> tuple[str, ...] | None:
    """Literal strings (lowercase) of which every match contains at least one.

    Uses the standard library's regex parser, which is internal; if it changes shape the
    pattern simply runs everywhere, which is slower but still correct.
    """
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]

        found = _required(parser.parse(source, flags), c)
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
