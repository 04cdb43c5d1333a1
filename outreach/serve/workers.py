"""Render workers that stay warm between builds, and a way to drop a build that is out of date.

A worker spends seconds importing WeasyPrint and loading fonts before its first PDF; one build
of `outreach build` pays that once, but `serve` builds on every save. `WarmPool` starts its
workers when serve starts and keeps them for every build after, so a flyer edited in a
message is rendered in well under a second.

When a file changes while PDFs are rendering, those PDFs are out of date: `supersede` ends the
build's wait at once (its pending renders fail with `Superseded`, which unwinds the build like
Ctrl-C: nothing is swapped in) so the web pages of the new edit come first. Renders that
already finished went to the cache and are not made again.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, InvalidStateError, ProcessPoolExecutor

from ..build.cache import Rendered
from ..build.execute import render, start_worker, terminate_workers
from ..build.output import held_signals
from ..build.plan import Work


class Superseded(BaseException):
    """A newer change makes this build's remaining renders worthless.

    A BaseException, like KeyboardInterrupt, so that the build unwinds instead of reporting
    it as a render that failed.
    """


class WarmPool:
    """An `Executor` (see outreach.build.execute) whose worker processes outlive each build."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        # "spawn": serve runs threads (the web server, the watchers), and a fork copies a
        # process's locks in whatever state those threads left them.
        self._pool = ProcessPoolExecutor(max_workers=self.jobs,
                                         mp_context=multiprocessing.get_context("spawn"),
                                         initializer=start_worker, initargs=(os.getpid(),))
        self._lock = threading.Lock()
        self._handed: dict[Future[Rendered], Future[Rendered]] = {}  # ours -> the pool's
        self._superseded = False

    def start(self) -> None:
        """Start every worker now, so that they load WeasyPrint while the web pages build."""
        for _ in range(self.jobs):
            self._pool.submit(os.getpid)

    def submit(self, work: Work) -> Future[Rendered]:
        ours: Future[Rendered] = Future()
        with self._lock:
            if self._superseded:
                ours.set_exception(Superseded())
                return ours
            with held_signals():  # Ctrl-C must not land inside the pool's own locks
                theirs = self._pool.submit(render, work)
            self._handed[ours] = theirs
        theirs.add_done_callback(lambda done: self._deliver(ours, done))
        return ours

    def supersede(self) -> None:
        """End the running build's renders now (called from any thread)."""
        with self._lock:
            self._superseded = True
            handed, self._handed = self._handed, {}
        for ours, theirs in handed.items():
            theirs.cancel()  # those not started yet never start
            _settle(ours, exception=Superseded())

    def renew(self) -> None:
        """A new build starts: its renders are wanted again."""
        with self._lock:
            self._superseded = False

    def close(self, *, cancel: bool) -> None:
        """The end of one build: the workers stay for the next; a cancelled build's queued
        renders are dropped."""
        if cancel:
            with self._lock:
                handed, self._handed = self._handed, {}
            for theirs in handed.values():
                theirs.cancel()

    def shutdown(self) -> None:
        """Stop every worker now, whatever it is rendering."""
        with held_signals():
            terminate_workers(self._pool)
            # Waiting is quick once the workers are gone, and a pool left shutting down races
            # Python's exit handler (see outreach.build.execute.LocalPool.close).
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _deliver(self, ours: Future[Rendered], theirs: Future[Rendered]) -> None:
        with self._lock:
            self._handed.pop(ours, None)
        if theirs.cancelled():
            _settle(ours, exception=Superseded())
        elif (error := theirs.exception()) is not None:
            _settle(ours, exception=error)
        else:
            _settle(ours, result=theirs.result())


def _settle(future: Future[Rendered], *, result: Rendered | None = None,
            exception: BaseException | None = None) -> None:
    """Complete `future` unless something else already did (a render racing `supersede`)."""
    try:
        if exception is not None:
            future.set_exception(exception)
        else:
            assert result is not None
            future.set_result(result)
    except InvalidStateError:
        pass
