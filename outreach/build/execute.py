"""Turning planned artifacts into files: from the output as it is, from the cache, or rendered.

For each artifact, cheapest first: its files in the output are already what its key says
(nothing to do); the cache holds its key (copy); it is plain bytes (write); otherwise it is
rendered by an `Executor`. Renders stream: a bounded number are in flight and each result goes
to the cache and the staging folder as soon as it arrives, so memory does not grow with the
size of the kit.

`Executor` is the seam for other ways of rendering: `LocalPool` renders in worker processes on
this machine; another executor only has to turn work into `Rendered` results.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import OutreachError, Problem, RenderError
from ..render.duplex import DuplexJob, render_duplex
from ..render.impose import SheetJob, render_sheet
from ..render.pdf import PdfJob, PdfResult, prepare, render_pdf
from ..render.share import ShareJob, ShareResult, render_share
from .cache import CachedEntry, RenderCache, Rendered
from .output import Entry, OutputFolder, Transaction, held_signals
from .plan import Artifact, Static, Work


@dataclass(frozen=True)
class KitDone:
    """A partner's kit is complete: every file of it made, copied or kept."""

    partner: str
    files: int  # in its folder, made now or unchanged (not counting what is carried)
    counts: Mapping[str, int]  # artifacts rendered, cached, unchanged, written
    seconds: float  # since its first file was planned


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    label: str
    rendered: bool = False  # made by a renderer now (not kept, copied or written as is)
    partner: str | None = None  # the partner kit the file is part of
    finished: KitDone | None = None  # set when this event reports a finished partner kit


ProgressCallback = Callable[[Progress], None]
# Quick files that progress does not report one by one.
UNCOUNTED = ("asset", "index", "share-text", "sms")


class Executor(Protocol):
    def submit(self, work: Work) -> Future[Rendered]: ...

    def close(self, *, cancel: bool) -> None: ...


def render(work: Work) -> Rendered:
    """Render one piece of work, wherever it runs: a pure function of the work."""
    if isinstance(work, PdfJob):
        result = render_pdf(work)
        files = {"main": result.pdf}
        if result.preview is not None:
            files["preview"] = result.preview
        return Rendered(files, _meta(result))
    if isinstance(work, ShareJob):
        shared = render_share(work)
        return Rendered(dict(shared.images), _meta(shared))
    if isinstance(work, DuplexJob):
        result = render_duplex(work)
        return Rendered({"main": result.pdf}, _meta(result))
    if isinstance(work, SheetJob):
        result = render_sheet(work)
        return Rendered({"main": result.pdf}, _meta(result))
    raise TypeError(f"no renderer for {type(work).__name__}")


def _meta(result: PdfResult | ShareResult) -> dict[str, Any]:
    pages = len(result.images) if isinstance(result, ShareResult) else result.pages
    return {"pages": pages, "scale": result.scale, "overflow": result.overflow,
            "missing_glyphs": list(result.missing_glyphs), "renders": result.renders}


class LocalPool:
    """Renders in `jobs` worker processes on this machine (in this process when jobs is 1).

    Workers start only when the first render is asked for, so a build with nothing to render
    never pays for them; they die with this process, however it ends.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, work: Work) -> Future[Rendered]:
        if self.jobs == 1:
            future: Future[Rendered] = Future()
            try:
                prepare()
                future.set_result(render(work))
            except Exception as exc:  # handed to the caller like a worker's exception
                future.set_exception(exc)
            return future
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=start_worker,
                                             initargs=(os.getpid(),))
        # The workers are forked on a submit. They must not start with this process's Ctrl-C
        # and SIGTERM handlers: held back here, and set for a worker before it takes them.
        with held_signals():
            return self._pool.submit(render, work)

    def close(self, *, cancel: bool) -> None:
        if self._pool is None:
            return
        with held_signals():  # a second Ctrl-C must not leave the pool's locks taken
            if cancel:
                # Stop now: Ctrl-C was pressed or the build failed; do not wait for renders.
                terminate_workers(self._pool)
            # Wait even when cancelling: the workers are gone, so this is quick, and a pool left
            # shutting down races Python's own exit handler (a "Bad file descriptor" traceback
            # or a hang in CPython 3.11).
            self._pool.shutdown(wait=True, cancel_futures=cancel)
        self._pool = None


def terminate_workers(pool: ProcessPoolExecutor) -> None:
    """End a pool's worker processes now, whatever they are rendering."""
    # The pool has no public way to stop a running task; its processes are ours to end.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def start_worker(parent: int) -> None:
    # Ctrl-C reaches the whole process group; only the parent decides what happens next.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A fork inherits the command's SIGTERM handler; a worker told to stop just stops.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: die when the parent dies
        if os.getppid() != parent:  # it died before we asked
            os._exit(1)
    prepare()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Execution:
    """One build's artifacts on their way into the staging folders of its output folders.

    A build makes one or more kits (the coalition's and each partner's), each into its own
    output folder: a `Site`. Renders of every site share one queue, so the workers never wait
    between one kit and the next. With a `Shard`, this build makes only its share of the plan
    and notes the rest as made elsewhere.
    """

    def __init__(self, cache: RenderCache, executor: Executor, progress: ProgressCallback,
                 total: int, in_flight: int = 8,
                 advice: Callable[[Artifact], str] = lambda _a: "shorten the text",
                 shard: ShardFilter | None = None) -> None:
        self.cache, self.executor = cache, executor
        self.progress, self.total = progress, total
        self.in_flight = in_flight
        self.advice = advice  # what to shorten when a flyer does not fit
        self.shard = shard
        self.problems: list[Problem] = []
        self.counts = {"unchanged": 0, "cached": 0, "rendered": 0, "written": 0}
        self._pending: dict[Future[Rendered], tuple[Site, Artifact]] = {}
        self._done = 0

    def site(self, folder: OutputFolder, tx: Transaction, partner: str | None = None) -> Site:
        """Where one kit's artifacts go: `folder`, through `tx`."""
        return Site(self, folder, tx, partner)

    def finish(self) -> None:
        """Wait for every render; raise `RenderError` with every problem they had."""
        while self._pending:
            self._collect(block=True)
        if self.problems:
            raise RenderError(self.problems)

    def _add(self, site: Site, artifact: Artifact) -> None:
        site.promised.update(output.path for output in artifact.outputs)
        if self.shard is not None and not self.shard.mine(artifact, site.partner):
            return  # another shard makes it
        site.outstanding += 1
        kept = [site.folder.unchanged(o.path, artifact.key) for o in artifact.outputs]
        if all(kept):
            for entry in kept:
                assert entry is not None
                site.entries[entry.path] = entry
            self._finished(site, artifact, "unchanged")
            return
        if isinstance(artifact.work, Static):
            sha = site.tx.write(artifact.path, artifact.work.data)
            site.record(artifact, {"main": sha})
            self._finished(site, artifact, "written")
            return
        cached = self.cache.get(artifact.key)
        if cached is not None:
            self._from_cache(site, artifact, cached)
            return
        while len(self._pending) >= self.in_flight:
            self._collect(block=True)
        self._pending[self.executor.submit(artifact.work)] = (site, artifact)
        self._collect(block=False)

    def _collect(self, *, block: bool) -> None:
        done, _ = wait(list(self._pending), timeout=None if block else 0,
                       return_when=FIRST_COMPLETED)
        for future in done:
            site, artifact = self._pending.pop(future)
            try:
                rendered = future.result()
            except OutreachError:
                raise
            except Exception as exc:
                raise RenderError(Problem(artifact.source or artifact.path,
                                          f"{_what(artifact)}: rendering failed: {exc}")
                                  ) from None
            self.cache.put(artifact.key, rendered)
            shas = {}
            for output in artifact.outputs:
                shas[output.role] = site.tx.write(output.path, rendered.files[output.role])
            site.record(artifact, shas)
            self._check(artifact, rendered.meta)
            self._finished(site, artifact, "rendered")

    def _from_cache(self, site: Site, artifact: Artifact, cached: CachedEntry) -> None:
        for output in artifact.outputs:
            site.tx.copy(output.path, cached.files[output.role])
        site.record(artifact, dict(cached.sha256))
        self._check(artifact, cached.meta)
        self._finished(site, artifact, "cached")

    def _check(self, artifact: Artifact, meta: Any) -> None:
        """Tofu and overlong flyers, each pinned on the file a person must change."""
        where = artifact.source or artifact.path
        missing = meta.get("missing_glyphs") or []
        if missing:
            chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:5])
            self.problems.append(Problem(where, f"{_what(artifact)}: no installed font can "
                                         f"draw {chars}; run 'outreach doctor' to see which "
                                         "fonts to install"))
        if meta.get("overflow"):
            self.problems.append(Problem(where, f"{_what(artifact)} does not fit "
                                         f"{_room(artifact)}, "
                                         f"even with the type at {meta['scale']:.0%}: about "
                                         f"{meta['overflow']:.0%} of a page too long; "
                                         f"{self.advice(artifact)}"))

    def _finished(self, site: Site, artifact: Artifact, how: str) -> None:
        self.counts[how] += 1
        site.counts[how] += 1
        site.files += len(artifact.outputs)
        site.outstanding -= 1
        if artifact.kind not in UNCOUNTED:
            self._done += 1
            self.progress(Progress(self._done, max(self.total, self._done), artifact.path,
                                   rendered=how == "rendered", partner=site.partner))
        site.report_if_done()


class Site:
    """One output folder's part of an execution: the files it receives and will hold."""

    def __init__(self, run: Execution, folder: OutputFolder, tx: Transaction,
                 partner: str | None) -> None:
        self.run, self.folder, self.tx, self.partner = run, folder, tx, partner
        self.entries: dict[str, Entry] = {}
        # Every path the whole build gives this folder: made here, or by another shard.
        self.promised: set[str] = set()
        self.counts = {"unchanged": 0, "cached": 0, "rendered": 0, "written": 0}
        self.outstanding = 0
        self.files = 0  # files made so far (a flyer is two: its PDF and its preview)
        self.started = time.perf_counter()
        self._closed = False

    def add(self, artifact: Artifact) -> None:
        """Make `artifact`'s files (now, or when its render finishes)."""
        self.run._add(self, artifact)

    def keep(self, entry: Entry) -> None:
        """An earlier build's file stays as it is and stays in the manifest."""
        self.entries[entry.path] = entry
        self.promised.add(entry.path)

    def holds(self, path: str) -> bool:
        """Whether the folder will hold `path` when the build is done."""
        return path in self.promised

    def close(self) -> None:
        """Every artifact of the kit has been added: report the kit once they are made."""
        self._closed = True
        self.report_if_done()

    def record(self, artifact: Artifact, shas: dict[str, str]) -> None:
        for output in artifact.outputs:
            self.entries[output.path] = Entry(
                path=output.path, format=output.format, sha256=shas[output.role],
                lang=artifact.lang, audience=artifact.audience, message=artifact.message,
                key=artifact.key, reviewed=not artifact.needs)

    def report_if_done(self) -> None:
        if self._closed and self.outstanding == 0 and self.partner is not None:
            self._closed = False  # once
            self.run.progress(Progress(
                self.run._done, max(self.run.total, self.run._done), self.partner,
                partner=self.partner, finished=KitDone(
                    self.partner, self.files, dict(self.counts),
                    time.perf_counter() - self.started)))


class ShardFilter(Protocol):
    def mine(self, artifact: Artifact, partner: str | None) -> bool: ...


def _room(artifact: Artifact) -> str:
    """Where a render's text must fit."""
    return {"share": "in its images", "card": "on a card",
            "card-sheet": "on a card"}.get(artifact.kind, "on one page")


def _what(artifact: Artifact) -> str:
    return f"{artifact.lang} {artifact.kind}" if artifact.source else artifact.path
