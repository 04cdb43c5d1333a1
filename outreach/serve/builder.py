"""The builds behind `serve`: web pages first, then the PDFs, again on every change.

Each change is built by the ordinary build into serve's own folder, in passes: the web pages
alone (`formats=("html",)`, well under a second: planning renders HTML and nothing else); then
every format for the languages whose pages changed, so that their PDFs, rendered in warm
workers, follow within a second or so; then every format for everything the change can affect
(`watch.scope_of`: a catalog, its language; anything else, the whole kit), which usually finds
nothing more to render but is what makes the served kit exactly what `outreach build` would
make. The plan and the render cache make everything unchanged free. A change that arrives
while PDFs render supersedes them: its pages come first, and the PDFs are made once, for the
newest files.

A build that fails leaves the served folder as it was (the build's own guarantee) and shows
its problems; the next change then builds the whole kit again, so nothing a failed build held
back is forgotten.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..build import BuildOptions, BuildResult, Progress, build
from ..errors import OutreachError, Problem, display_path
from ..kit.config import Config, load_config
from .live import LiveState
from .watch import EVERYTHING, NOTHING, Changes, Scope, scope_of
from .workers import Superseded, WarmPool

PAGES = "pages"  # the web pages pass
PDFS = "pdfs"  # the pass that makes everything, PDFs included
IDLE_WAIT = 0.5  # seconds to wait for a change before looking again, so Ctrl-C never waits


@dataclass(frozen=True)
class Settings:
    """How serve builds: the ordinary build options that apply to a preview."""

    root: Path
    out: Path
    cache: Path
    allow_partial: bool = False
    ignore_lint: bool = False


@dataclass(frozen=True)
class Changed:
    paths: tuple[str, ...]  # as a person types them, relative to the kit


@dataclass(frozen=True)
class Built:
    stage: str  # PAGES or PDFS
    result: BuildResult
    final: bool = False  # the last pass for the changes so far: every file is up to date


@dataclass(frozen=True)
class Failed:
    stage: str
    problems: tuple[Problem, ...]


Event = Changed | Built | Failed


class Outcome(enum.Enum):
    DONE = "done"
    FAILED = "failed"
    SUPERSEDED = "superseded"


class Builder:
    def __init__(self, settings: Settings, state: LiveState, pool: WarmPool, changes: Changes,
                 report: Callable[[Event], None]) -> None:
        self.settings = settings
        self.state = state
        self.pool = pool
        self.changes = changes
        self.report = report
        self._pages = EVERYTHING  # what the web pages still need built
        self._soon = NOTHING  # languages whose pages changed: their PDFs come first
        self._pdfs = EVERYTHING  # what the complete pass (PDFs and all) still needs
        self._broken = False  # the last build failed

    def first(self) -> None:
        """The first web pages, before serve says where to find them."""
        self._step()

    def run(self) -> None:
        """Build on every change, forever (until Ctrl-C)."""
        while True:
            self._step()

    def _step(self) -> None:
        self.pool.renew()  # before looking: a change after this supersedes what comes next
        owed = self._pages or self._soon or self._pdfs
        changed = self.changes.take(0 if owed else IDLE_WAIT)
        if changed:
            self._note(changed)
        if self._pages:
            self._after(self._pass(PAGES, self._pages))
            self._pages = NOTHING
        elif self._soon and self._soon != self._pdfs:
            # The PDFs of the pages that just changed, before checking the rest of the scope.
            outcome = self._pass(PDFS, self._soon, final=False)
            if outcome is not Outcome.SUPERSEDED:
                self._soon = NOTHING
                self._after(outcome)
        elif self._pdfs:
            outcome = self._pass(PDFS, self._pdfs, final=True)
            if outcome is not Outcome.SUPERSEDED:
                self._soon = self._pdfs = NOTHING
                self._after(outcome)

    def _after(self, outcome: Outcome) -> None:
        if outcome is Outcome.FAILED:
            self._soon = self._pdfs = NOTHING
            self._broken = True

    def _note(self, changed: set[Path]) -> None:
        root = self.settings.root
        self.report(Changed(tuple(sorted(display_path(p, root) for p in changed))))
        scope = EVERYTHING if self._broken else scope_of(changed, self._config_or_none())
        if scope:
            self._pages |= scope
            self._pdfs |= scope
            self._broken = False
            self.state.building()

    def _pass(self, stage: str, scope: Scope, *, final: bool = False) -> Outcome:
        settings = self.settings
        progress = self._progress if stage == PDFS else None
        try:
            config = load_config(settings.root)
            options = BuildOptions(out=settings.out, languages=scope.selected,
                                   formats=("html",) if stage == PAGES else (),
                                   jobs=self.pool.jobs, allow_partial=settings.allow_partial,
                                   ignore_lint=settings.ignore_lint, cache=settings.cache,
                                   executor=self.pool)
            result = build(config, options, progress=progress)
        except Superseded:
            return Outcome.SUPERSEDED
        except OutreachError as error:
            self.state.failed(error.problems)
            self.report(Failed(stage, error.problems))
            return Outcome.FAILED
        if stage == PAGES:
            self._soon |= Scope(languages=_pages_made(result))
        self.state.published(result.artifacts, pdfs_follow=not final)
        self.report(Built(stage, result, final))
        return Outcome.DONE

    def _progress(self, progress: Progress) -> None:
        self.state.rendering(progress.done, progress.total, progress.rendered)

    def _config_or_none(self) -> Config | None:
        try:
            return load_config(self.settings.root)
        except OutreachError:
            return None


def _pages_made(result: BuildResult) -> frozenset[str]:
    """The languages whose audience pages `result` wrote anew."""
    made = set(result.made)
    return frozenset(entry.lang for entry in result.artifacts
                     if entry.path in made and entry.format == "html" and entry.audience
                     and entry.lang)
