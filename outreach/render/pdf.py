"""PDF rendering with WeasyPrint, in worker processes.

Each worker builds one `FontConfiguration` and one URL fetcher and keeps them for every PDF it
renders; font setup is a large part of a small document's cost. The fetcher only ever serves
files from the kit's assets and the machine's font folders: whatever a translation says, the
renderer fetches no URL and reads no other file.
"""

from __future__ import annotations

import hashlib
import logging
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".local/share/fonts")


@dataclass(frozen=True)
class PdfJob:
    html: str
    target: Path  # absolute path in the staging folder
    base_url: str  # the staging folder, so "assets/print.css" resolves


def _fetcher_class() -> Any:
    from weasyprint.urls import URLFetcher

    class KitOnlyFetcher(URLFetcher):
        """Serves `file:` URLs inside the allowed folders; refuses everything else."""

        def __init__(self, allowed: tuple[Path, ...]) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.allowed = tuple(p.resolve() for p in allowed)

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"refused to fetch {url!r}: only the kit's own assets are used")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.allowed):
                raise ValueError(f"refused to read {path}: outside the kit's assets")
            return super().fetch(url, headers)

    return KitOnlyFetcher


class _Worker:
    """Per-process rendering state, created once by the pool initializer."""

    font_config: Any = None
    fetcher: Any = None


def init_worker(asset_root: str) -> None:
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint logs every refused fetch and unsupported CSS rule; the build reports problems.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    _Worker.font_config = FontConfiguration()
    _Worker.fetcher = _fetcher_class()((Path(asset_root), *FONT_DIRS))


def render_pdf(job: PdfJob) -> tuple[str, str]:
    """Render one PDF; return (target path, sha256 of its bytes)."""
    from weasyprint import HTML

    if _Worker.font_config is None:
        init_worker(str(Path(job.base_url)))
    document = HTML(string=job.html, base_url=job.base_url, url_fetcher=_Worker.fetcher)
    data = document.write_pdf(font_config=_Worker.font_config, pdf_variant="pdf/ua-1",
                              uncompressed_pdf=False)
    job.target.parent.mkdir(parents=True, exist_ok=True)
    job.target.write_bytes(data)
    return str(job.target), hashlib.sha256(data).hexdigest()


class PdfPool:
    """Runs PDF jobs in `jobs` processes (or in this one when jobs is 1)."""

    def __init__(self, jobs: int, asset_root: Path) -> None:
        self.jobs = max(1, jobs)
        self.asset_root = asset_root
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> PdfPool:
        if self.jobs > 1:
            self._executor = ProcessPoolExecutor(
                max_workers=self.jobs, initializer=init_worker,
                initargs=(str(self.asset_root),))
        else:
            init_worker(str(self.asset_root))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def submit(self, job: PdfJob) -> Future[tuple[str, str]]:
        if self._executor is not None:
            return self._executor.submit(render_pdf, job)
        future: Future[tuple[str, str]] = Future()
        try:
            future.set_result(render_pdf(job))
        except Exception as exc:  # handed to the caller like a worker's exception
            future.set_exception(exc)
        return future


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
