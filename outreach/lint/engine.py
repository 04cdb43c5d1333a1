"""Lint one piece of text: mask it, match the rules, then apply what the writer has said.

The order matters and is the whole design: masking decides what is prose; matching decides
what a rule sees; quotation marks, `<!-- outreach-lint: ignore ... -->` comments and the kit's
allowances then decide which matches are uses the writer must reconsider.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import lru_cache

from .masking import Directive, Masked, mask
from .matcher import CompiledBook, Hit, compiled_for, find
from .model import Finding
from .patterns import phrase_regex
from .replace import Edit, plan_fix
from .ruleset import builtin_books
from .settings import PLAIN_LANGUAGE, LintSettings

SUPPRESSION_RULE = "suppression"
QUOTED_NOTE = (" (In quotation marks, so perhaps only mentioned; reported because the kit's "
               "lint profile is \"strict\".)")

_OPENING_QUOTES = "\"'“‘«‹„‚「『"
_CLOSING_QUOTES = "\"'”’»›“‘」』"


@dataclass(frozen=True)
class Outcome:
    """A finding before it knows its file: offsets are into the text that was analyzed."""

    rule: str
    severity: str
    message: str
    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True)
class Suppression:
    rules: tuple[str, ...]
    reason: str


def analyze(text: str, *, kind: str, lang: str, settings: LintSettings, path: str = "",
            ignore: Iterable[str] = (), masked: Masked | None = None) -> list[Outcome]:
    """Outcomes for `text` in language `lang`; `ignore` lists rules suppressed for all of it.

    `masked` is `text` already masked as `kind`, when the caller needs it too.
    """
    book = compiled_for(lang, settings)
    masked = masked or mask(text, kind)
    hits = find(masked.text, book)
    outcomes: list[Outcome] = []
    ignored_lines: dict[int, set[str]] = {}
    if masked.directives:
        ignored_lines, problems = _inline_suppressions(text, masked.directives, settings)
        outcomes += problems
    if not hits:
        return outcomes
    skip = set(ignore)
    locate = LineIndex(text) if ignored_lines else None
    for hit in hits:
        rule = hit.rule
        if rule.id in skip:
            continue
        if locate and rule.id in ignored_lines.get(locate.line(hit.start), ()):
            continue
        severity, message = settings.severity_of(rule), rule.message
        if settings.quotes == "mention" and _quoted(masked.text, hit):
            if settings.profile != "strict":
                continue
            severity = "suggestion" if severity == "suggestion" else "warning"
            message += QUOTED_NOTE
        if _allowed(hit, masked.text, path, settings, book):
            continue
        plan = plan_fix(hit.pattern.pattern, text, masked.text, hit.start, hit.end)
        suggestions = _suggestions(plan.result if plan else None, rule.prefer)
        outcomes.append(Outcome(rule.id, severity, message, hit.start, hit.end, suggestions,
                                plan.edits if plan else ()))
    return outcomes


def parse_directive(body: str, settings: LintSettings, *, comment: str = "<!-- {} -->"
                    ) -> tuple[Suppression | None, str | None]:
    """Read "ignore RULE[,RULE] reason"; returns the suppression or what is wrong with it.

    `comment` shows the comment syntax of the file in messages ("# {}" in a catalog).
    """
    def example(rule: str) -> str:
        return comment.format(f"outreach-lint: ignore {rule} reason")

    words = body.split(None, 2)
    if not words or words[0] != "ignore":
        return None, f"unknown outreach-lint comment; write {example('RULE')}"
    if len(words) < 2:
        return None, f"name the rule to ignore: {example('RULE')}"
    rules = tuple(r for r in words[1].split(",") if r)
    if len(words) < 3 or not words[2].strip():
        return None, f"say why {words[1]} is acceptable here: {example(words[1])}"
    unknown = [r for r in rules if r not in known_rule_ids(settings)]
    if unknown:
        return None, (f"unknown rule {unknown[0]!r} in outreach-lint comment; see "
                      "'outreach lint --list-rules'")
    return Suppression(rules, words[2].strip()), None


@lru_cache(maxsize=16)
def known_rule_ids(settings: LintSettings) -> frozenset[str]:
    ids = {rule.id for book in builtin_books().values() for rule in book.rules}
    return frozenset(ids | {rule.id for rule in settings.rules} | {PLAIN_LANGUAGE})


def to_findings(outcomes: list[Outcome], *, path: str, text: str,
                spans: Callable[[int, int], tuple[int, int]] | None = None,
                lines: LineIndex | None = None) -> list[Finding]:
    """Findings with lines and columns in the file, given offsets into `text`.

    `spans` maps offsets in `text` to offsets in the file when they differ (a decoded .po
    string), and `lines` is then the file's line index; without them `text` is the file.
    """
    if not outcomes:
        return []
    index = lines or LineIndex(text)
    findings = []
    for o in outcomes:
        start, end = spans(o.start, o.end) if spans else (o.start, o.end)
        line, column = index.position(start)
        end_line, end_column = index.position(max(start, end - 1))
        findings.append(Finding(path, o.message, line, column, severity=o.severity, code=o.rule,
                                end_line=end_line, end_column=end_column + 1,
                                match=text[o.start:o.end], suggestions=o.suggestions))
    return findings


class LineIndex:
    """Offsets to 1-based (line, column), in characters. Built once per file, when needed."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts += [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


def _inline_suppressions(text: str, directives: tuple[Directive, ...], settings: LintSettings
                         ) -> tuple[dict[int, set[str]], list[Outcome]]:
    index = LineIndex(text)
    lines: dict[int, set[str]] = {}
    problems = []
    for directive in directives:
        suppression, problem = parse_directive(directive.body, settings)
        if problem:
            problems.append(Outcome(SUPPRESSION_RULE, "error", problem, directive.start,
                                    directive.end))
            continue
        assert suppression is not None
        target = index.line(directive.start)
        if directive.standalone:
            target = _next_text_line(text, index, directive.end)
        lines.setdefault(target, set()).update(suppression.rules)
    return lines, problems


def _next_text_line(text: str, index: LineIndex, offset: int) -> int:
    """The first line after `offset` that has something on it."""
    line = index.line(offset) + 1
    while line <= len(index.starts):
        start = index.starts[line - 1]
        end = index.starts[line] - 1 if line < len(index.starts) else len(text)
        if text[start:end].strip():
            return line
        line += 1
    return line


def _quoted(masked: str, hit: Hit) -> bool:
    """A term written in quotation marks is being talked about, not used.

    The quotation may open before the match when a rule matches only the end of a phrase and
    checks the words before it (“người nhập cư bất hợp pháp”): it counts from the phrase's start.
    """
    before = masked[max(0, hit.phrase_start - 8):hit.phrase_start].rstrip(" \t")
    after = masked[hit.end:hit.end + 8].lstrip(" \t").lstrip(".,;:!?").lstrip(" \t")
    return bool(before) and before[-1] in _OPENING_QUOTES and bool(after) and (
        after[0] in _CLOSING_QUOTES)


def _allowed(hit: Hit, masked: str, path: str, settings: LintSettings, book: CompiledBook
             ) -> bool:
    for allowance in settings.allow:
        if allowance.rule != hit.rule.id:
            continue
        if allowance.paths and not any(fnmatch(path, glob) for glob in allowance.paths):
            continue
        if allowance.match is None:
            return True
        phrase = phrase_regex(allowance.match, book.syntax.word_boundaries,
                              book.syntax.optional_spaces)
        reach = len(allowance.match) * 2 + 20
        low = max(0, hit.start - reach)
        window = masked[low:hit.end + reach].lower()  # phrase patterns are lowercase
        for found in phrase.finditer(window):
            if found.start() + low <= hit.start and hit.end <= found.end() + low:
                return True
    return False


def _suggestions(result: str | None, prefer: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for item in ((result,) if result else ()) + prefer:
        if item.casefold() not in (o.casefold() for o in out):
            out.append(item)
    return tuple(out)
