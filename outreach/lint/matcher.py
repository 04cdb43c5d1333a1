"""Find where a language's rules match in masked text.

Each language's rules are compiled once per process. Most patterns are anchored on a plain
word (see patterns.py): the matcher finds that word with `str.find`, which is fast even in a
megabyte of text, then checks the words after it with one forward match and the words before
it with one match of a reversed pattern on the reversed text. The few patterns that cannot be
anchored run only on the paragraphs that contain one of their trigger strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .model import Rule
from .patterns import Before, CompiledPattern, Syntax, compile_pattern, is_word_char
from .ruleset import book_for, language_chain, normalize_tag, syntax_of
from .settings import LintSettings

# A paragraph longer than this (minified HTML, a file without blank lines) is cut into windows.
_WINDOW = 2000


@dataclass(frozen=True)
class CompiledBook:
    lang: str
    syntax: Syntax
    patterns: tuple[CompiledPattern, ...]
    rules: tuple[Rule, ...]
    # literal -> anchored patterns, for lowercased text and for case-sensitive patterns
    anchored: dict[str, tuple[CompiledPattern, ...]] = field(default_factory=dict)
    anchored_exact: dict[str, tuple[CompiledPattern, ...]] = field(default_factory=dict)
    scanned: tuple[CompiledPattern, ...] = ()
    triggers: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Hit:
    pattern: CompiledPattern
    start: int
    end: int
    # Where the phrase starts when the pattern requires words before the match (preceded_by):
    # "người nhập cư" before "bất hợp pháp". Quotation marks are looked for around the phrase.
    phrase_start: int = -1

    def __post_init__(self) -> None:
        if self.phrase_start < 0:
            object.__setattr__(self, "phrase_start", self.start)

    @property
    def rule(self) -> Rule:
        return self.pattern.rule


class _Text:
    """The masked text in the forms matching needs, each made at most once."""

    def __init__(self, text: str, syntax: Syntax) -> None:
        # Folding maps one character to one, so offsets still agree with the file.
        text = syntax.folded(text)
        self.text = text
        self.lower = _lower(text)
        self._reversed: dict[bool, str] = {}

    def reversed(self, lowered: bool) -> str:
        if lowered not in self._reversed:
            self._reversed[lowered] = (self.lower if lowered else self.text)[::-1]
        return self._reversed[lowered]


@lru_cache(maxsize=64)
def compiled_for(lang: str, settings: LintSettings) -> CompiledBook:
    """Built-in rules for `lang` plus the kit's rules written for it."""
    book = book_for(lang)
    chain = language_chain(lang)
    rules = list(book.rules) if book else []
    rules += [rule for rule in settings.rules if normalize_tag(rule.lang) in chain]
    rules = [rule for rule in rules if settings.applies(rule)]
    syntax = syntax_of(book)
    patterns: list[CompiledPattern] = []
    for rule in rules:
        for pattern in rule.patterns:
            patterns.append(compile_pattern(rule, pattern, syntax, len(patterns)))
    anchored: dict[str, list[CompiledPattern]] = {}
    exact: dict[str, list[CompiledPattern]] = {}
    scanned = []
    for p in patterns:
        literal = p.anchor_literal
        if literal is None:
            scanned.append(p)
        else:
            (exact if p.case_sensitive else anchored).setdefault(literal, []).append(p)
    literals = sorted({t for p in scanned for t in p.triggers or ()}, key=len, reverse=True)
    triggers = re.compile("|".join(re.escape(t) for t in literals)) if literals else None
    return CompiledBook(normalize_tag(lang), syntax, tuple(patterns), tuple(rules),
                        {k: tuple(v) for k, v in anchored.items()},
                        {k: tuple(v) for k, v in exact.items()}, tuple(scanned), triggers)


def find(text: str, book: CompiledBook) -> list[Hit]:
    """Every rule match in masked `text` whose context conditions hold, longest first wins."""
    if not book.patterns:
        return []
    ignore = book.syntax.ignore
    if ignore is not None and ignore.search(text):
        return _find_ignoring(text, ignore, book)
    forms = _Text(text, book.syntax)
    found: set[tuple[int, int, int]] = set()
    bounded = book.syntax.word_boundaries
    marks = book.syntax.marks
    _find_anchored(forms, book.anchored, True, bounded, marks, found)
    _find_anchored(forms, book.anchored_exact, False, bounded, marks, found)
    _find_scanned(forms, book, found)
    hits = []
    for start, end, order in found:
        hit = Hit(book.patterns[order], start, end)
        phrase_start = _context_start(hit, forms)
        if phrase_start is not None:
            hits.append(Hit(hit.pattern, start, end, phrase_start))
    return _drop_contained(hits)


def _find_ignoring(text: str, ignore: re.Pattern[str], book: CompiledBook) -> list[Hit]:
    """Match as if the characters a language may leave out (Arabic short vowels, the
    lengthening stroke) were not there, then point the hits back into `text`."""
    kept = [m.start() for m in re.finditer("[^" + ignore.pattern[1:], text)]
    stripped = "".join(text[i] for i in kept)
    kept.append(len(text))
    hits = find(stripped, replace(book, syntax=replace(book.syntax, ignore=None)))
    return [Hit(h.pattern, kept[h.start], kept[h.end - 1] + 1, kept[h.phrase_start])
            for h in hits]


def _find_anchored(forms: _Text, anchored: dict[str, tuple[CompiledPattern, ...]],
                   lowered: bool, bounded: bool, marks: bool,
                   found: set[tuple[int, int, int]]) -> None:
    """Find each anchor literal with str.find, then check the patterns that use it there.

    This loop runs for every occurrence of every anchor word in the text, so it does the
    cheap character tests first and keeps regex calls to what each pattern needs.
    """
    haystack = forms.lower if lowered else forms.text
    size = len(haystack)
    for literal, patterns in anchored.items():
        anchors = [(p.order, p.anchor) for p in patterns]
        width = len(literal)
        at = haystack.find(literal)
        while at != -1:
            literal_end = at + width
            # A literal inside a longer word ("alienate") is no match, and no head can end
            # right before it either: every head ends with a separator.
            if bounded and at and is_word_char(haystack[at - 1], marks):
                at = haystack.find(literal, literal_end)
                continue
            ends_word = (not bounded or literal_end == size
                         or not is_word_char(haystack[literal_end], marks))
            for order, anchor in anchors:
                assert anchor is not None
                if anchor.tail is None:
                    if not ends_word:
                        continue
                    end = literal_end
                else:
                    after = anchor.tail.match(haystack, literal_end)
                    if after is None:
                        continue
                    end = after.end()
                start = at
                if anchor.head is not None:
                    head = anchor.head.start(haystack, forms.reversed(lowered), at)
                    if head is None:
                        continue
                    start = head
                found.add((start, end, order))
            at = haystack.find(literal, at + 1)


def _find_scanned(forms: _Text, book: CompiledBook, found: set[tuple[int, int, int]]) -> None:
    for start, end in _regions(forms.lower, book.triggers):
        window = forms.lower[start:end]
        for pattern in book.scanned:
            if pattern.triggers is None or not any(t in window for t in pattern.triggers):
                continue
            haystack = forms.text if pattern.case_sensitive else forms.lower
            for match in pattern.regex.finditer(haystack, start, end):
                if match.end() > match.start():
                    found.add((match.start(), match.end(), pattern.order))
    for pattern in book.scanned:
        if pattern.triggers is None:  # nothing to search for: run it everywhere
            haystack = forms.text if pattern.case_sensitive else forms.lower
            for match in pattern.regex.finditer(haystack):
                if match.end() > match.start():
                    found.add((match.start(), match.end(), pattern.order))


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


def _context_start(hit: Hit, forms: _Text) -> int | None:
    """Where the phrase starts (before the match if `preceded_by` asked for words there), or
    None when the context conditions do not hold."""
    p = hit.pattern
    text = forms.lower
    phrase_start = hit.start
    if p.preceded_by:
        found = _before(p.preceded_by, forms, hit.start)
        if found is None:
            return None
        phrase_start = found
    if p.not_preceded_by and _before(p.not_preceded_by, forms, hit.start) is not None:
        return None
    if p.followed_by and not p.followed_by.match(text, hit.end):
        return None
    if p.not_followed_by and p.not_followed_by.match(text, hit.end):
        return None
    within = p.pattern.within
    if p.near and not p.near.search(text, max(0, hit.start - within), hit.end + within):
        return None
    if p.not_near and p.not_near.search(text, max(0, hit.start - within), hit.end + within):
        return None
    return phrase_start


def _before(condition: Before, forms: _Text, start: int) -> int | None:
    return condition.start(forms.lower, forms.reversed(True), start)


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
