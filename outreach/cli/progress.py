"""What a person sees while a build runs, and the summary at the end.

On a terminal: one line on stderr, redrawn in place, with files done of the total, the rate and
the time left (both from the last half minute, so a run that starts with files the cache holds
does not promise too early an end). In CI logs (not a terminal): a plain line every tenth of
the way, and one per partner kit when it is complete, so a log of hundreds of partners stays
readable and says which kits are done.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import typer

from ..build import Behind, BuildResult, Progress

WINDOW = 30.0  # seconds of recent progress the rate is measured over
REDRAW = 0.1  # seconds between redraws of the bar


@contextmanager
def reporter(enabled: bool = True) -> Iterator[Callable[[Progress], None]]:
    if not enabled:
        yield lambda _p: None
        return
    if sys.stderr.isatty() and not os.environ.get("CI"):
        bar = Bar(sys.stderr)
        try:
            yield bar.update
        finally:
            bar.close()
        return
    yield Log().update


class Rate:
    """Files per second over the last `WINDOW` seconds, and the time the rest will take."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.points: deque[tuple[float, int]] = deque([(clock(), 0)])

    def add(self, done: int) -> None:
        now = self.clock()
        self.points.append((now, done))
        while len(self.points) > 2 and now - self.points[1][0] >= WINDOW:
            self.points.popleft()

    def per_second(self) -> float:
        (start, first), (end, last) = self.points[0], self.points[-1]
        return (last - first) / (end - start) if end > start else 0.0

    def left(self, remaining: int) -> str:
        rate = self.per_second()
        if rate <= 0 or remaining <= 0:
            return "0:00" if remaining <= 0 else "?"
        seconds = int(remaining / rate + 0.5)
        hours, rest = divmod(seconds, 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else \
            f"{rest // 60}:{rest % 60:02d}"


class Bar:
    """The terminal's progress line."""

    def __init__(self, stream: TextIO, width: int = 24) -> None:
        self.stream, self.width = stream, width
        self.rate = Rate()
        self.drawn = 0.0
        self.shown = False
        self.last: Progress | None = None

    def update(self, p: Progress) -> None:
        self.last = p
        self.rate.add(p.done)
        if p.finished is not None or p.done == p.total or \
                time.monotonic() - self.drawn >= REDRAW:
            self.draw(p)

    def draw(self, p: Progress) -> None:
        filled = self.width * p.done // max(p.total, 1)
        label = _label(p)
        line = (f"Building [{'#' * filled}{'-' * (self.width - filled)}] {p.done}/{p.total} "
                f"{self.rate.per_second():.1f}/s {self.rate.left(p.total - p.done)} left  "
                f"{label}")
        columns = _columns(self.stream)
        self.stream.write("\r" + line[:columns - 1].ljust(columns - 1))
        self.stream.flush()
        self.drawn = time.monotonic()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            if self.last is not None:
                self.draw(self.last)
            self.stream.write("\n")
            self.stream.flush()


class Log:
    """Plain lines for CI logs."""

    def __init__(self) -> None:
        self.rate = Rate()
        self.step = -1
        self.rendered = 0

    def update(self, p: Progress) -> None:
        self.rendered += p.rendered
        self.rate.add(p.done)
        if p.finished is not None:
            kit = p.finished
            counts = ", ".join(f"{kit.counts.get(key, 0)} {label}" for key, label in (
                ("rendered", "rendered"), ("cached", "from the cache"),
                ("unchanged", "unchanged")) if kit.counts.get(key))
            typer.echo(f"partner {kit.partner} done: {_plural(kit.files, 'file')}"
                       f"{' (' + counts + ')' if counts else ''} in {kit.seconds:.1f} s", err=True)
            return
        step = p.done * 10 // max(p.total, 1)
        if step != self.step or p.done == p.total:
            self.step = step
            typer.echo(f"built {p.done}/{p.total} files, {self.rendered} rendered "
                       f"({_label(p)}), {self.rate.per_second():.1f} files/s, "
                       f"{self.rate.left(p.total - p.done)} left", err=True)


def _label(p: Progress) -> str:
    return f"{p.partner}: {p.label}" if p.partner else p.label


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 80


def summary(result: BuildResult, cwd: Path) -> str:
    where = _shown(result.out, cwd)
    counts = _formats(result.count)
    built = ", ".join(_plural(n, noun) for n, noun in counts if n) or "nothing"
    how = ", ".join(f"{result.counts.get(k, 0)} {label}" for k, label in (
        ("rendered", "rendered"), ("cached", "from the cache"), ("unchanged", "unchanged")))
    lines = [f"Built {built} for {_plural(len(result.languages), 'language')} "
             f"({', '.join(result.languages)}) and {_plural(len(result.audiences), 'audience')} "
             f"into {where} in {result.seconds:.1f} s ({how})."]
    if result.partners:
        theirs = ", ".join(_plural(n, noun) for n, noun in _formats(result.count_partners)
                           if n) or "nothing new"
        shown = ", ".join(p.id for p in result.partners[:5])
        more = f" and {len(result.partners) - 5} more" if len(result.partners) > 5 else ""
        folder = _shown(result.partners[0].out.parent, cwd)
        lines.append(f"Partner kits: {len(result.partners)} ({shown}{more}) in {folder}, "
                     f"with {theirs}.")
    if result.stages:
        lines.append("Time: " + ", ".join(f"{stage} {seconds:.1f} s"
                                          for stage, seconds in result.stages.items()) + ".")
    if result.shard:
        lines.append(f"Shard {result.shard}: this folder holds its share of the files; "
                     "'outreach merge OUT SHARD_DIR...' joins every shard's folder.")
    for lang in result.partial:
        lines.append(f"Partial: {lang} shows some text in the source language (--allow-partial).")
    lines.extend(behind_summary(result.behind))
    if result.lint_ignored:
        lines.append(f"Published with {_plural(result.lint_ignored, 'lint error')} "
                     "(--ignore-lint); manifest.json records it.")
    for reason in result.skipped:
        lines.append(f"Skipped: {reason}.")
    if not result.shard:
        lines.append(f"Open {where}index.html in a browser to see the kit.")
    return "\n".join(lines)


def _formats(count: Callable[[str], int]) -> list[tuple[int, str]]:
    return [(count("html"), "web page"), (count("pdf"), "audience sheet"),
            (count("flyer"), "flyer"), (count("bilingual"), "bilingual flyer"),
            (count("social"), "share image"), (count("card"), "wallet card"),
            (count("card-sheet"), "card sheet"), (count("sms"), "text-message list")]


def _shown(folder: Path, cwd: Path) -> str:
    try:
        return folder.relative_to(cwd.resolve()).as_posix() + "/"
    except ValueError:
        return f"{folder}/"


def behind_summary(behind: Sequence[Behind]) -> list[str]:
    """Every language that is behind, a line each; when several wait only for the same strings
    to reach their catalogs (a source edit no catalog has yet), what to run is said once."""
    alike = [late for late in behind if late.missing and not late.fuzzy and not late.untranslated]
    shared = len(alike) > 1 and len({late.missing for late in alike}) == 1
    lines = []
    for late in behind:
        lines.extend(behind_lines(late, advise=not (shared and late in alike)))
    if shared:
        count = len(alike[0].missing)
        lines.append(f"  {_plural(count, 'string')} {'is' if count == 1 else 'are'} not in the "
                     f"catalogs of {', '.join(late.lang for late in alike)} yet: run 'outreach "
                     f"i18n update', then translate {'it' if count == 1 else 'them'}")
    return lines


def behind_lines(late: Behind, limit: int = 10, *, advise: bool = True) -> list[str]:
    """A language that is behind: what was kept, and each string waiting, by catalog line;
    with `advise`, what to run for strings its catalog does not have yet."""
    kept = f"kept {_plural(late.kept, 'file')} from reviewed translations" if late.kept \
        else ""
    out = f"left out {_plural(late.left_out, 'file')}" if late.left_out else ""
    done = "; ".join(part for part in (kept, out) if part)
    lines = [f"Behind: {late.lang} needs {_plural(late.strings, 'string')} translated "
             f"(since {late.since[:10]}){'; ' + done if done else ''}."]
    entries = [(kind, line, msgid) for kind, items in (("fuzzy", late.fuzzy),
                                                       ("untranslated", late.untranslated))
               for line, msgid in items]
    if entries and not late.started:  # a catalog not begun: a list of it helps nobody
        lines.append(f"  {late.catalog}: nothing is translated yet; 'outreach i18n status "
                     f"--lang {late.lang} --list' lists each string with its line")
    elif entries:
        for kind, line, msgid in entries[:limit]:
            where = f"{late.catalog}:{line}" if line else late.catalog
            lines.append(f"  {where}: {kind}: {_preview(msgid)!r}")
        if len(entries) > limit:
            lines.append(f"  ... and {len(entries) - limit} more: "
                         f"outreach i18n status --lang {late.lang} --list")
    if late.missing and advise:
        count = len(late.missing)
        lines.append(f"  {_plural(count, 'string')} not in {late.catalog} yet: run "
                     f"'outreach i18n update', then translate {'it' if count == 1 else 'them'}")
    return lines


def _preview(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
