"""Work out the replacement for a match, keeping the writer's letter case and markup.

A pattern's `fix` is either the text that replaces the whole match, or a table of words to
swap ("illegal" -> "undocumented"). Swapping words leaves everything between them alone, so
"**Illegal** immigrants" becomes "**Undocumented** immigrants". A whole-match replacement is
refused when markup sits inside the match, because it would be lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .model import Pattern
from .patterns import WORD_CHAR

_WORD = re.compile(WORD_CHAR + "+")


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Plan:
    edits: tuple[Edit, ...]
    result: str  # the matched phrase as it reads after the fix, for suggestions


def plan_fix(pattern: Pattern, original: str, masked: str, start: int, end: int) -> Plan | None:
    """Edits (offsets into `original`) that apply the pattern's fix, or None if it has none."""
    fix = pattern.fix
    if fix is None:
        return None
    if isinstance(fix, str):
        written = original[start:end]
        if any(m != o for m, o in zip(masked[start:end], written, strict=True)):
            return None  # markup inside the match would be lost
        replacement = match_case(written, fix)
        return Plan((Edit(start, end, replacement),), replacement)
    return _plan_words(fix, original, masked, start, end)


def _plan_words(words: Mapping[str, str], original: str, masked: str, start: int, end: int
                ) -> Plan | None:
    edits = []
    for word in _WORD.finditer(masked, start, end):
        replacement = words.get(word.group(0).lower())
        if replacement is not None:
            edits.append(Edit(word.start(), word.end(), match_case(word.group(0), replacement)))
    if not edits:
        return None
    pieces, last = [], start
    for edit in edits:
        pieces += [masked[last:edit.start], edit.text]
        last = edit.end
    pieces.append(masked[last:end])
    return Plan(tuple(edits), " ".join("".join(pieces).split()))


def match_case(sample: str, replacement: str) -> str:
    """`replacement` in the letter case of `sample`: ALL CAPS, Title Case, Capitalized or as is."""
    cased = [c for c in sample if c.isupper() or c.islower()]
    if not cased:
        return replacement
    if len(cased) > 1 and all(c.isupper() for c in cased):
        return replacement.upper()
    # Title Case needs two capitalized words; acronyms ("DACA kids") say nothing about it.
    words = [w for w in sample.split() if w[:1].isalpha() and not w.isupper()]
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in replacement.split(" "))
    if cased[0].isupper() and sample.lstrip()[:1] == cased[0]:
        return replacement[:1].upper() + replacement[1:]
    return replacement


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
    """Apply non-overlapping edits; returns the new text and the edits that were applied."""
    applied: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if applied and edit.start < applied[-1].end:
            continue
        applied.append(edit)
    pieces, last = [], 0
    for edit in applied:
        pieces += [text[last:edit.start], edit.text]
        last = edit.end
    pieces.append(text[last:])
    return "".join(pieces), applied
