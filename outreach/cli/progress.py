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

from ..build import BuildResult, Progress


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
                    bar = typer.progressbar(length=p.total, label="Rendering PDFs",
                                            file=sys.stderr, show_pos=True)
                    bar.__enter__()
                bar.update(1)
            yield update
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
        return
    last_step = -1

    def log(p: Progress) -> None:
        nonlocal last_step
        step = p.done * 10 // max(p.total, 1)
        if step != last_step or p.done == p.total:
            last_step = step
            typer.echo(f"rendered {p.done}/{p.total} PDFs ({p.label})", err=True)
    yield log


def summary(result: BuildResult, cwd: Path) -> str:
    try:
        where = result.out.relative_to(cwd.resolve()).as_posix() + "/"
    except ValueError:
        where = f"{result.out}/"
    counts = [(result.count("html"), "web page"), (result.count("pdf"), "audience sheet"),
              (result.count("flyer"), "flyer")]
    built = ", ".join(_plural(n, noun) for n, noun in counts if n) or "nothing"
    lines = [f"Built {built} for {_plural(len(result.languages), 'language')} "
             f"({', '.join(result.languages)}) and {_plural(len(result.audiences), 'audience')} "
             f"into {where} in {result.seconds:.1f} s."]
    for lang in result.partial:
        lines.append(f"Partial: {lang} shows some text in the source language (--allow-partial).")
    if result.lint_ignored:
        lines.append(f"Published with {_plural(result.lint_ignored, 'lint error')} "
                     "(--ignore-lint); manifest.json records it.")
    for reason in result.skipped:
        lines.append(f"Skipped: {reason}.")
    return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
