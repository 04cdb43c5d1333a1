"""`serve(kit)`: preview a kit in the browser while you edit it, as `mkdocs serve` does.

- build: the ordinary build, into serve's own folder inside the render cache (never `build/`),
  in passes on every change: web pages first, then PDFs (`builder`);
- watch: outreach.toml, messages/, templates/ and translations/ (`watch`);
- render: worker processes that stay warm between builds (`workers`);
- serve: the folder over HTTP on this machine only unless `host` says otherwise, every web page
  with a small script that reloads it when it changes and shows what failed (`server`, `live`).

`serve` blocks until Ctrl-C (KeyboardInterrupt), then stops its threads and workers at once and
lets the interrupt through. It reports what happens through `report`; it never prints.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..build.cache import CACHE_DIR
from ..build.execute import default_jobs
from ..errors import OutreachError, Problem, display_path
from ..files import Lock
from ..kit.config import CONFIG_NAME, load_config
from .builder import PAGES, PDFS, Builder, Built, Changed, Event, Failed, Settings
from .live import LiveState
from .server import open_server
from .watch import Changes, Watcher
from .workers import WarmPool

SERVE_PREFIX = "serve-"  # inside the cache: serve-<kit>, the folder serve builds into


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"  # this machine only; "0.0.0.0" for every network it is on
    port: int = 8000  # 0: any free port
    jobs: int | None = None  # render workers; default: every core
    allow_partial: bool = False
    ignore_lint: bool = False
    cache: Path | None = None  # default: <kit>/.outreach-cache


@dataclass(frozen=True)
class Serving:
    """The first web pages are built (or failed) and the server answers at `url`."""

    url: str
    everywhere: bool  # listening on every address, not just this machine's
    folder: Path  # where the served kit is built


def serve(kit: Path, options: ServeOptions | None = None,
          report: Callable[[Event | Serving], None] = lambda _event: None) -> None:
    """Build, serve and rebuild the kit in `kit` until interrupted."""
    options = options or ServeOptions()
    _require_kit(kit)
    root = Path(os.path.abspath(kit))
    cache = Path(os.path.abspath(options.cache or root / CACHE_DIR))
    # One folder per kit, should kits share a cache (--cache).
    out = cache / (SERVE_PREFIX + hashlib.sha256(os.fsencode(root)).hexdigest()[:12])
    with _only_server(out, root):
        state = LiveState()
        server = open_server(options.host, options.port, out, state)
        pool = WarmPool(options.jobs or default_jobs())
        watcher = None
        try:
            changes = Changes(on_change=pool.supersede)
            watcher = Watcher(root, changes)
            watcher.start()
            server.start()
            builder = Builder(Settings(root, out, cache, options.allow_partial,
                                       options.ignore_lint), state, pool, changes, report)
            builder.first()
            pool.start()  # not sooner: loading WeasyPrint would slow the first pages down
            report(Serving(server.url, server.everywhere, out))
            builder.run()
        finally:
            if watcher is not None:
                watcher.stop()
            server.stop()
            pool.shutdown()


def _require_kit(kit: Path) -> None:
    """A kit folder is one with outreach.toml; what is wrong inside it, the page shows."""
    if (kit / CONFIG_NAME).is_file():
        return
    load_config(kit)  # raises the error every command gives for a folder that is no kit
    raise OutreachError(Problem(str(kit / CONFIG_NAME), "is not a file"))


@contextmanager
def _only_server(out: Path, root: Path) -> Iterator[None]:
    """One serve per kit: two would build into the same folder."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        lock = Lock.take(out.with_name(out.name + ".lock"))
    except OSError as exc:
        raise OutreachError(Problem(display_path(out.parent, root), "cannot be written: "
                                    f"{exc.strerror or exc}; serve builds there")) from None
    if lock is None:
        raise OutreachError(Problem(str(root), "another 'outreach serve' is already previewing "
                                    "this kit; use that one, or stop it (Ctrl-C) first"))
    with lock:
        yield


__all__ = ["PAGES", "PDFS", "Built", "Changed", "Event", "Failed", "ServeOptions", "Serving",
           "serve"]
