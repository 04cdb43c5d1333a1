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

PDF_VARIANT = "pdf/ua-1"
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".local/share/fonts")


@dataclass(frozen=True)
class PdfJob:
    html: str
    target: Path  # absolute path in the staging folder
    base_url: str  # the staging folder, so "assets/print.css" resolves
    fit_one_page: bool = False  # flyers: step the type down until the page holds everything
    min_scale: float = 0.8
    preview: Path | None = None  # where to write a PNG of the first page


@dataclass(frozen=True)
class PdfResult:
    sha256: str
    pages: int
    scale: float = 1.0  # the type scale the page was set at
    overflow: float = 0.0  # when it did not fit: how much of a page is left over
    missing_glyphs: tuple[str, ...] = ()  # characters no installed font can draw
    preview_sha256: str | None = None


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
    notdef: list[str] = []


class _NotdefHandler(logging.Handler):
    """WeasyPrint logs each character it had to draw as an empty box ("tofu")."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith(".notdef glyph") and record.args:
            _Worker.notdef.append(str(record.args[0]))


def init_worker(asset_root: str) -> None:
    from weasyprint.text.fonts import FontConfiguration

    logger = logging.getLogger("weasyprint")
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # refused fetches and unsupported CSS are not the reader's concern
    logger.handlers = [_NotdefHandler()]
    _Worker.font_config = FontConfiguration()
    _Worker.fetcher = _fetcher_class()((Path(asset_root), *FONT_DIRS))


def render_pdf(job: PdfJob) -> PdfResult:
    """Render one PDF (and its preview) into the staging folder."""
    from weasyprint import CSS, HTML

    from .wordbreak import hint_line_breaks

    if _Worker.font_config is None:
        init_worker(str(Path(job.base_url)))
    _Worker.notdef.clear()
    html = HTML(string=job.html, base_url=job.base_url, url_fetcher=_Worker.fetcher)
    hint_line_breaks(html.etree_element)  # Pango finds no breaks in Lao, Khmer, Burmese text
    scale, document = 1.0, None
    for scale in _scales(job):
        extra = [] if scale == 1.0 else [CSS(string=f"html {{ font-size: {11.5 * scale:.2f}pt "
                                                    "!important; }")]
        document = html.render(font_config=_Worker.font_config, stylesheets=extra,
                               pdf_variant=PDF_VARIANT)
        if not job.fit_one_page or len(document.pages) == 1:
            break
    assert document is not None
    overflow = _overflow(document) if job.fit_one_page and len(document.pages) > 1 else 0.0
    # Tagged PDF/UA-1: structure, reading order and language for screen readers.
    data = document.write_pdf(pdf_variant=PDF_VARIANT)
    job.target.parent.mkdir(parents=True, exist_ok=True)
    job.target.write_bytes(data)
    preview = _write_preview(data, job.preview) if job.preview else None
    return PdfResult(sha256=hashlib.sha256(data).hexdigest(), pages=len(document.pages),
                     scale=scale, overflow=overflow,
                     missing_glyphs=tuple(dict.fromkeys(_Worker.notdef)),
                     preview_sha256=preview)


def _scales(job: PdfJob) -> list[float]:
    if not job.fit_one_page:
        return [1.0]
    steps = [1.0]
    while round(steps[-1] - 0.05, 2) >= job.min_scale:
        steps.append(round(steps[-1] - 0.05, 2))
    return steps


def _overflow(document: Any) -> float:
    """How much of a page the content spills past the first one (1.0: a whole page)."""
    first = document.pages[0]._page_box
    capacity = first.height or 1
    spilled = 0.0
    for page in document.pages[1:]:
        box = page._page_box
        spilled += max((child.position_y + child.margin_height() - box.content_box_y()
                        for child in box.children), default=0.0)
    return spilled / capacity


PREVIEW_WIDTH = 360  # pixels: sharp as a thumbnail on high-density screens


def _write_preview(data: bytes, target: Path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        page = pdf[0]
        bitmap = page.render(scale=PREVIEW_WIDTH / page.get_width())
        image = bitmap.to_pil().convert("RGB")
    finally:
        pdf.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, format="PNG")  # optimize=True costs 6x the time for a larger file
    return hashlib.sha256(target.read_bytes()).hexdigest()


class PdfPool:
    """Runs PDF jobs in `jobs` processes (or in this one when jobs is 1)."""

    def __init__(self, jobs: int, asset_root: Path) -> None:
        self.jobs = max(1, jobs)
        self.asset_root = asset_root
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> PdfPool:
        if self.jobs > 1:
            # Start the workers now, so they import WeasyPrint and set up their fonts while this
            # process is still reading the kit.
            self._executor = ProcessPoolExecutor(
                max_workers=self.jobs, initializer=init_worker,
                initargs=(str(self.asset_root),))
            for _ in range(self.jobs):
                self._executor.submit(_ready)
        else:
            init_worker(str(self.asset_root))
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if self._executor is not None:
            # After an error, do not make the person wait for workers still starting up.
            self._executor.shutdown(wait=kind is None, cancel_futures=True)

    def submit(self, job: PdfJob) -> Future[PdfResult]:
        if self._executor is not None:
            return self._executor.submit(render_pdf, job)
        future: Future[PdfResult] = Future()
        try:
            future.set_result(render_pdf(job))
        except Exception as exc:  # handed to the caller like a worker's exception
            future.set_exception(exc)
        return future


def _ready() -> None:
    """Nothing: submitted once per worker so that the pool starts them straight away."""


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
