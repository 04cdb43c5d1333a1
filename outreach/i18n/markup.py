"""Inline Markdown markup in one unit, counted in one pass: bold, emphasis, code, links.

The markup check compares what a translation marks up with what its source does. It reads
both with this small scanner rather than rendering them: the renderer's Markdown takes time
that grows with the square of the brackets and asterisks a hostile translation can hold,
while this reads every character once. It follows the Markdown the kit is rendered with
closely enough to compare a source with its translation (both are read the same way):

- a backslash makes the next character plain text;
- a run of backticks opens code that the next run of the same length closes; what is
  inside is plain text;
- `*` and `_` runs of one (emphasis), two (bold) or three (both) characters pair up with the
  nearest open run of the same kind; an underscore between two letters is plain text;
- `[` and `]` are link syntax only when they make a link (`[text](...)`, `[text][label]`);
  the rest are shown as typed.

Whatever is not paired is shown as typed: `unpaired` counts those characters.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_RUN = re.compile(r"\\.|`+|\*+|_+|\[|\]", re.S)
_LINK_AFTER = re.compile(r"\(|\s?\[")


@dataclass(frozen=True)
class Markup:
    strong: int = 0
    emphasis: int = 0
    code: int = 0
    unpaired: Counter[str] | None = None  # "*", "`", "[", "]" shown as typed


def scan(text: str) -> Markup:
    runs = [(m.start(), m.group(0)) for m in _RUN.finditer(text)]
    unpaired: Counter[str] = Counter()
    code, spans = _code_spans(runs, unpaired)
    strong = emphasis = 0
    open_runs: dict[tuple[str, int], list[int]] = {}
    brackets: list[int] = []  # positions of "[" not closed yet
    for index, (position, run) in enumerate(runs):
        if index in code or run.startswith("\\"):
            continue
        char = run[0]
        if char == "`":
            continue  # counted by _code_spans
        if char in "[]":
            if char == "[":
                brackets.append(position)
            elif brackets and _LINK_AFTER.match(text, position + 1):
                brackets.pop()
            else:
                if brackets:
                    unpaired["["] += 1
                    brackets.pop()
                unpaired["]"] += 1
            continue
        size = len(run)
        before = text[position - 1] if position else " "
        after = text[position + size] if position + size < len(text) else " "
        if char == "_" and before.isalnum() and after.isalnum():
            continue  # snake_case or a word joined by underscores: plain text
        key = (char, min(size, 3))
        waiting = open_runs.setdefault(key, [])
        if waiting and not before.isspace():
            waiting.pop()
            strong += size >= 2
            emphasis += size in (1, 3)
        elif not after.isspace():
            waiting.append(position)
        elif char == "*":
            unpaired["*"] += size
    unpaired["["] += len(brackets)
    for (char, size), waiting in open_runs.items():
        if char == "*":
            unpaired["*"] += size * len(waiting)
    return Markup(strong, emphasis, spans, +unpaired)


def _code_spans(runs: list[tuple[int, str]], unpaired: Counter[str]) -> tuple[set[int], int]:
    """Indexes in `runs` of the backtick runs that open or close code and of what is inside,
    and how many code spans there are.

    Each run is paired with the next run of the same length, found by walking the runs once
    from the end (so a long line of unpaired backticks is still read once).
    """
    following: dict[int, int] = {}  # run index -> index of the next backtick run, same length
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        run = runs[index][1]
        if run[0] == "`":
            if len(run) in last:
                following[index] = last[len(run)]
            last[len(run)] = index
    inside: set[int] = set()
    spans = 0
    index = 0
    while index < len(runs):
        run = runs[index][1]
        if run[0] == "`":
            close = following.get(index)
            if close is None:
                unpaired["`"] += len(run)
            else:
                inside.update(range(index, close + 1))
                spans += 1
                index = close + 1
                continue
        index += 1
    return inside, spans
