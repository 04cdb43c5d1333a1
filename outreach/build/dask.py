"""Rendering on a Dask cluster: `outreach build --executor dask --scheduler tcp://HOST:8786`.

For one big run (hundreds of partner kits) on more machines than one. Each task carries
everything its render reads (the print HTML, and the stylesheets and images it links to, by
content: a `PdfJob`) and the identity of the machine it must render as: this tool's version,
the renderer's versions and the fonts. A worker checks its own identity before its first
render; one whose fonts or renderer differ refuses, and the build stops naming it, rather than
publish PDFs set in other fonts than their content keys say. So a worker needs only outreach
(with WeasyPrint) and the same fonts installed; nothing of the kit.

A worker that dies mid-run has its tasks retried elsewhere by Dask (up to the scheduler's
`allowed-failures`). A render that fails is not retried: its error stops the build, which
then changes nothing, as with local workers.

The `distributed` package is optional: `pip install 'outreach[dask]'`.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..errors import OutreachError, Problem
from .cache import Rendered
from .plan import RenderEnvironment, Work

CONNECT_TIMEOUT = 10  # seconds to reach the scheduler


@dataclass(frozen=True)
class Machine:
    """What a worker must share with the machine that planned the build."""

    version: str  # outreach's release
    renderer: str  # WeasyPrint's, pydyf's, Pillow's... versions
    fonts: str  # the fonts fontconfig offers (paths, sizes, modification times)

    def differences(self, other: Machine) -> list[str]:
        return [name for name in ("version", "renderer", "fonts")
                if getattr(self, name) != getattr(other, name)]


class WorkerMismatch(Exception):
    """A worker is not set up like the machine that planned the build."""


class DaskExecutor:
    """Sends renders to the Dask cluster whose scheduler is at `address`."""

    def __init__(self, address: str, environment: RenderEnvironment,
                 timeout: float = CONNECT_TIMEOUT) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise OutreachError(Problem("--executor", "dask needs the 'distributed' package, "
                                        "which is not installed; install it with pip install "
                                        "'outreach[dask]'")) from None
        self.address = address
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise OutreachError(Problem("--scheduler", f"cannot reach the Dask scheduler at "
                                        f"{address} ({reason}); start one with 'dask "
                                        "scheduler' and its workers with 'dask worker "
                                        f"{address}', or check the address")) from None
        self.machine = Machine(__version__, environment.renderer, environment.fonts)
        threads = sum(self.client.nthreads().values())
        self.jobs = max(1, threads)
        self._pending: dict[Any, Future[Rendered]] = {}
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, work: Work) -> Future[Rendered]:
        result: Future[Rendered] = Future()
        task = self.client.submit(render_task, work, self.machine, pure=False,
                                  key=f"outreach-render-{uuid.uuid4().hex}")
        with self._lock:
            self._pending[task] = result
        task.add_done_callback(self._settle)
        return result

    def _settle(self, task: Any) -> None:
        """Runs in a thread of Dask's client when a task ends: pass its outcome on."""
        with self._lock:
            result = self._pending.pop(task, None)
        if result is None or result.done():
            return
        try:
            if task.status == "finished":
                result.set_result(task.result())
                return
            error = task.exception()
        except BaseException as exc:  # cancelled, or the scheduler is gone
            error = exc
        if isinstance(error, WorkerMismatch):
            error = OutreachError(Problem("--scheduler", str(error)))
        elif task.status == "cancelled" or error is None:
            error = OutreachError(Problem("--scheduler", f"lost the Dask scheduler at "
                                          f"{self.address} before every render was done"))
        result.set_exception(error)
        task.release()

    def close(self, *, cancel: bool) -> None:
        if self._closed:
            return
        self._closed = True
        with self._lock:
            pending = list(self._pending)
        if cancel and pending:
            try:
                self.client.cancel(pending)
            except Exception:  # the scheduler may be gone already; closing is what matters
                pass
        self.client.close()


_worker: dict[str, Machine] = {}  # this worker process's identity, found once


def render_task(work: Work, expected: Machine) -> Rendered:
    """What a worker runs: check the machine, then render exactly as local workers do."""
    from .environment import fonts_identity, renderer_identity
    from .execute import render

    if "machine" not in _worker:
        _worker["machine"] = Machine(__version__, renderer_identity(), fonts_identity())
    differs = _worker["machine"].differences(expected)
    if differs:
        raise WorkerMismatch(f"the Dask worker {_worker_address()} has other "
                             f"{_described(differs)} than this machine, so its PDFs would not "
                             "be the ones their content keys name; install the same outreach "
                             "release and font packages on every worker (outreach doctor "
                             "lists the fonts)")
    return render(work)


def _described(differs: list[str]) -> str:
    words = {"version": "outreach version", "renderer": "renderer versions",
             "fonts": "fonts"}
    return " and ".join(words[name] for name in differs)


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return "(unknown)"
