"""What `outreach serve` prints: where to look, what changed, what was rebuilt, what broke.

One line per event, so a terminal beside the editor reads like a log. Languages behind the
messages and translation warnings are printed when they change, not after every save.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..serve import PAGES, Built, Changed, Event, Failed, Serving

SHOWN = 4  # changed or rebuilt files named on one line


class Printer:
    def __init__(self) -> None:
        self._behind: list[str] | None = None
        self._warnings: list[str] | None = None
        self._pdfs_said = False  # since the last web pages

    def __call__(self, event: Event | Serving) -> None:
        if isinstance(event, Serving):
            typer.echo(f"Serving the kit at {event.url} (Ctrl-C to stop).")
            if event.everywhere:
                typer.echo("It listens on every network this machine is on: anyone who can "
                           "reach this machine can open it.")
        elif isinstance(event, Changed):
            typer.echo(f"Changed: {_names(event.paths)}")
        elif isinstance(event, Failed):
            for problem in event.problems:
                typer.echo(f"error: {problem}", err=True)
            typer.echo("The last pages that built stay served; fix this and save.", err=True)
            self._behind = self._warnings = None  # say them again once it builds
        else:
            self._built(event)

    def _built(self, event: Built) -> None:
        result = event.result
        if event.stage == PAGES:
            pages = [p for p in result.made if p.endswith(".html")]
            done = "nothing changed" if not pages else f"rebuilt {_names(pages)}" \
                if len(pages) <= SHOWN else f"built {len(pages)} pages"
            typer.echo(f"Web pages: {done} ({result.seconds:.1f} s); PDFs follow.")
            self._pdfs_said = False
        else:
            counts = result.counts
            files = [p for p in result.made if not p.endswith((".html", ".json"))]
            if files or (event.final and not self._pdfs_said):
                done = (f"{counts.get('rendered', 0)} rendered, {counts.get('cached', 0)} from "
                        "the cache" if files else "up to date")
                typer.echo(f"PDFs: {done} ({result.seconds:.1f} s).")
                self._pdfs_said = True
        warnings = [f"warning: {problem}" for problem in result.warnings]
        if warnings != self._warnings:
            self._warnings = warnings
            for line in warnings:
                typer.echo(line, err=True)
        if not event.final:
            return  # the complete pass says which languages are behind, counting every file
        behind = [f"{late.lang} ({late.strings} string{'s' * (late.strings != 1)})"
                  for late in result.behind]
        if behind != self._behind:
            self._behind = behind
            if behind:
                typer.echo(f"Waiting for translation: {', '.join(behind)}; reviewed files stay "
                           "until then ('outreach build' lists each string).")


def _names(paths: list[str] | tuple[str, ...]) -> str:
    shown = ", ".join(Path(p).as_posix() for p in paths[:SHOWN])
    return shown + (f" and {len(paths) - SHOWN} more" if len(paths) > SHOWN else "")
