"""What a person sees while a build runs, and the summary at the end.

On a terminal: a progress bar on stderr. In CI logs (not a terminal): a plain line every tenth of
the way, so logs stay short and readable.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from ..build import Behind, BuildResult, Progress


@contextmanager
def reporter(enabled: bool = True) -> Iterator[Callable[[Progress], None]]:
    if not enabled:
        yield lambda _p: None
        return
    if sys.stderr.isatty() and not os.environ.get("CI"):
        bar = None
        try:
            def update(p: Progress) -> None:
                nonlocal bar
                if bar is None:
                    bar = typer.progressbar(length=p.total, label="Building",
                                            file=sys.stderr, show_pos=True, show_eta=True)
                    bar.__enter__()
                bar.length = p.total
                bar.update(1)
            yield update
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
        return
    last_step = -1
    rendered = 0

    def log(p: Progress) -> None:
        nonlocal last_step, rendered
        rendered += p.rendered
        step = p.done * 10 // max(p.total, 1)
        if step != last_step or p.done == p.total:
            last_step = step
            typer.echo(f"built {p.done}/{p.total} files, {rendered} rendered ({p.label})",
                       err=True)
    yield log


def summary(result: BuildResult, cwd: Path) -> str:
    try:
        where = result.out.relative_to(cwd.resolve()).as_posix() + "/"
    except ValueError:
        where = f"{result.out}/"
    counts = [(result.count("html"), "web page"), (result.count("pdf"), "audience sheet"),
              (result.count("flyer"), "flyer")]
    built = ", ".join(_plural(n, noun) for n, noun in counts if n) or "nothing"
    how = ", ".join(f"{result.counts.get(k, 0)} {label}" for k, label in (
        ("rendered", "rendered"), ("cached", "from the cache"), ("unchanged", "unchanged")))
    lines = [f"Built {built} for {_plural(len(result.languages), 'language')} "
             f"({', '.join(result.languages)}) and {_plural(len(result.audiences), 'audience')} "
             f"into {where} in {result.seconds:.1f} s ({how})."]
    for lang in result.partial:
        lines.append(f"Partial: {lang} shows some text in the source language (--allow-partial).")
    for late in result.behind:
        lines.extend(behind_lines(late))
    if result.lint_ignored:
        lines.append(f"Published with {_plural(result.lint_ignored, 'lint error')} "
                     "(--ignore-lint); manifest.json records it.")
    for reason in result.skipped:
        lines.append(f"Skipped: {reason}.")
    lines.append(f"Open {where}index.html in a browser to see the kit.")
    return "\n".join(lines)


def behind_lines(late: Behind, limit: int = 10) -> list[str]:
    """A language that is behind: what was kept, and each string waiting, by catalog line."""
    kept = f"kept {_plural(late.kept, 'file')} from reviewed translations" if late.kept \
        else ""
    out = f"left out {_plural(late.left_out, 'file')}" if late.left_out else ""
    done = "; ".join(part for part in (kept, out) if part)
    lines = [f"Behind: {late.lang} needs {_plural(late.strings, 'string')} translated "
             f"(since {late.since[:10]}){'; ' + done if done else ''}."]
    shown = 0
    for kind, items in (("fuzzy", late.fuzzy), ("untranslated", late.untranslated)):
        for line, msgid in items:
            if shown == limit:
                break
            where = f"{late.catalog}:{line}" if line else late.catalog
            lines.append(f"  {where}: {kind}: {_preview(msgid)!r}")
            shown += 1
    if late.missing:
        lines.append(f"  {_plural(len(late.missing), 'string')} not in {late.catalog} yet: run "
                     "'outreach i18n update', then translate them")
    if late.strings - len(late.missing) > shown:
        lines.append(f"  ... and {late.strings - len(late.missing) - shown} more: "
                     f"outreach i18n status --lang {late.lang} --list")
    return lines


def _preview(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
