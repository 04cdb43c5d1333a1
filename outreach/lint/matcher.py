"""Find where a language's rules match in masked text.

Each language's rules are compiled once per process. Instead of running every pattern over
the whole text, one search for the patterns' trigger strings ("illegal", "alien", 非法...) finds
the few paragraphs that can contain a match, and only the patterns whose triggers occur there
are run, on that paragraph alone. That keeps a 1 MB file well under the time budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .model import Rule
from .patterns import CompiledPattern, Syntax, compile_pattern
from .ruleset import book_for, language_chain, normalize_tag, syntax_of
from .settings import LintSettings

# Context conditions look this far back; far more than any phrase a rule needs.
_LOOKBEHIND = 160
# A paragraph longer than this (minified HTML, a file without blank lines) is cut into windows.
_WINDOW = 2000


@dataclass(frozen=True)
class CompiledBook:
    lang: str
    syntax: Syntax
    patterns: tuple[CompiledPattern, ...]
    triggers: re.Pattern[str] | None
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Hit:
    pattern: CompiledPattern
    start: int
    end: int

    @property
    def rule(self) -> Rule:
        return self.pattern.rule


@lru_cache(maxsize=64)
def compiled_for(lang: str, settings: LintSettings) -> CompiledBook:
    """Built-in rules for `lang` plus the kit's rules written for it."""
    book = book_for(lang)
    chain = language_chain(lang)
    rules = list(book.rules) if book else []
    rules += [rule for rule in settings.rules if normalize_tag(rule.lang) in chain]
    syntax = syntax_of(book)
    patterns = []
    for rule in rules:
        for pattern in rule.patterns:
            patterns.append(compile_pattern(rule, pattern, syntax, len(patterns)))
    literals = sorted({t for p in patterns for t in p.triggers or ()}, key=len, reverse=True)
    triggers = re.compile("|".join(re.escape(t) for t in literals)) if literals else None
    return CompiledBook(normalize_tag(lang), syntax, tuple(patterns), triggers, tuple(rules))


def find(text: str, book: CompiledBook) -> list[Hit]:
    """Every rule match in masked `text` whose context conditions hold, longest first wins."""
    if not book.patterns:
        return []
    lowered = _lower(text)
    found: set[tuple[int, int, int]] = set()
    for start, end in _regions(lowered, book.triggers):
        window = lowered[start:end]
        for pattern in book.patterns:
            if pattern.triggers is not None and not any(t in window for t in pattern.triggers):
                continue
            for match in pattern.regex.finditer(text, start, end):
                if match.end() > match.start():
                    found.add((match.start(), match.end(), pattern.order))
    for pattern in book.patterns:
        if pattern.triggers is None:  # nothing to search for: run it everywhere
            for match in pattern.regex.finditer(text):
                if match.end() > match.start():
                    found.add((match.start(), match.end(), pattern.order))
    hits = [Hit(book.patterns[order], start, end) for start, end, order in found]
    hits = [hit for hit in hits if _context_holds(hit, text)]
    return _drop_contained(hits)


def _regions(lowered: str, triggers: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """The paragraphs (bounded by blank lines) around each trigger, merged and in order."""
    if triggers is None:
        return []
    regions: list[tuple[int, int]] = []
    covered = -1
    for trigger in triggers.finditer(lowered):
        pos = trigger.start()
        if pos < covered:
            continue
        start = lowered.rfind("\n\n", 0, pos)
        start = 0 if start < 0 else start + 2
        if pos - start > _WINDOW:
            start = lowered.rfind(" ", 0, pos - _WINDOW) + 1
        end = lowered.find("\n\n", pos)
        end = len(lowered) if end < 0 else end
        if end - pos > _WINDOW:
            cut = lowered.find(" ", pos + _WINDOW)
            end = len(lowered) if cut < 0 else cut
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(end, regions[-1][1]))
        else:
            regions.append((start, end))
        covered = end
    return regions


def _context_holds(hit: Hit, text: str) -> bool:
    p = hit.pattern
    before = max(0, hit.start - _LOOKBEHIND)
    if p.preceded_by and not p.preceded_by.search(text, before, hit.start):
        return False
    if p.not_preceded_by and p.not_preceded_by.search(text, before, hit.start):
        return False
    if p.followed_by and not p.followed_by.match(text, hit.end):
        return False
    if p.not_followed_by and p.not_followed_by.match(text, hit.end):
        return False
    if p.near:
        within = p.pattern.within
        if not p.near.search(text, max(0, hit.start - within), hit.end + within):
            return False
    return True


def _drop_contained(hits: list[Hit]) -> list[Hit]:
    """One finding per place: a match inside a longer one ("aliens" in "illegal aliens") goes.

    On equal spans the pattern listed first wins, so rule files order specific rules first.
    """
    hits.sort(key=lambda h: (h.start, -h.end, h.pattern.order))
    kept: list[Hit] = []
    reach = -1
    for hit in hits:
        if hit.end <= reach:
            continue
        kept.append(hit)
        reach = hit.end
    return kept


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters lowercase to two (İ -> i̇); keep those as they are so offsets still agree.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
