"""PDF rendering with WeasyPrint: a job in, bytes out.

`render_pdf` is a pure function of its job: the HTML, the stylesheets and images it links to
(carried in the job, by name), and the options. It reads no file of the kit and writes none, so
it runs the same in this process, in a worker process or on another machine, and its result
can be cached by the job's content. The URL fetcher serves only the job's own resources:
whatever a translation says, the renderer fetches no URL and reads no file.

Each process keeps one `FontConfiguration` for every PDF it renders; font set-up is a large
part of a small document's cost.
"""

from __future__ import annotations

import hashlib
import io
import logging
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

PDF_VARIANT = "pdf/ua-1"
# Relative links in the print HTML ("assets/print.css") resolve against this made-up folder,
# which the fetcher maps to the job's resources; nothing on disk is ever behind it.
BASE_URL = "file:///outreach-render/"
BASE_FONT_SIZE = 11.5  # points: the print stylesheet's html font-size at scale 1
SCALE_STEP = 0.05


@dataclass(frozen=True)
class PdfJob:
    html: str
    resources: Mapping[str, bytes] = field(default_factory=dict)  # by URL path: "assets/x.css"
    fit_one_page: bool = False  # flyers: set the type smaller until the page holds everything
    min_scale: float = 0.8
    preview_width: int | None = None  # pixels: also make a PNG of the first page
    # The creation date written into the PDF: SOURCE_DATE_EPOCH's, for reproducible builds.
    # Without one it is the moment of rendering, and not part of what identifies the job, so a
    # cached PDF keeps the date it was first made.
    created: str | None = None

    def identity(self) -> dict[str, Any]:
        """What decides the bytes this job renders to (with the fonts and the renderer)."""
        return {
            "html": digest(self.html), "resources": digests(self.resources),
            "fit_one_page": self.fit_one_page, "min_scale": self.min_scale,
            "preview_width": self.preview_width, "created": self.created,
        }


@dataclass(frozen=True)
class PdfResult:
    pdf: bytes
    pages: int
    preview: bytes | None = None
    scale: float = 1.0  # the type scale the page was set at
    overflow: float = 0.0  # when it did not fit: how much of a page is left over
    missing_glyphs: tuple[str, ...] = ()  # characters no installed font can draw
    renders: int = 1  # layouts it took (fitting a long flyer takes more than one)


class _Process:
    """Rendering state kept for the life of a process."""

    font_config: Any = None
    notdef: list[str] = []


class _NotdefHandler(logging.Handler):
    """WeasyPrint logs each character it had to draw as an empty box ("tofu")."""

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith(".notdef glyph") and record.args:
            _Process.notdef.append(str(record.args[0]))


def prepare() -> None:
    """Import WeasyPrint and set up fonts once; worker processes call it when they start."""
    if _Process.font_config is not None:
        return
    from weasyprint.text.fonts import FontConfiguration

    logger = logging.getLogger("weasyprint")
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # refused fetches and unsupported CSS are not the reader's concern
    logger.handlers = [_NotdefHandler()]
    _Process.font_config = FontConfiguration()


def render_pdf(job: PdfJob) -> PdfResult:
    """Render one PDF (and its preview) from the job alone."""
    start()
    html = parse(job.html, job.resources)
    if job.fit_one_page:
        fitted = fit(html, job.min_scale)
    else:
        fitted = Fitted(lay_out(html, 1.0), 1.0, 1, 0.0)
    data = write(fitted.document, job.created)
    preview = _preview(data, job.preview_width) if job.preview_width else None
    return PdfResult(pdf=data, pages=len(fitted.document.pages), preview=preview,
                     scale=fitted.scale, overflow=fitted.overflow,
                     missing_glyphs=missing_glyphs(), renders=fitted.renders)


def digest(content: str | bytes) -> str:
    """The SHA-256 of a page's HTML or a resource, as a job's identity holds it."""
    return _sha256(content.encode("utf-8") if isinstance(content, str) else content)


def digests(resources: Mapping[str, bytes]) -> dict[str, str]:
    """A job's resources by name, as digests."""
    return {name: _sha256(data) for name, data in sorted(resources.items())}


@lru_cache(maxsize=512)
def _sha256(data: bytes) -> str:
    # Every job of a build holds the same stylesheets, logos and fonts (the same objects):
    # each is hashed once, not once per flyer, card and image in every language.
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Fitted:
    """A document laid out to fit one page, and what it took."""

    document: Any
    scale: float  # the type scale it was set at
    renders: int  # layouts it took
    overflow: float  # how much of a page did not fit even at the smallest scale


def parse(text: str, resources: Mapping[str, bytes]) -> Any:
    """The HTML of a job, ready to lay out: it fetches only `resources`."""
    from weasyprint import HTML

    from .wordbreak import hint_line_breaks

    prepare()
    html = HTML(string=text, base_url=BASE_URL, url_fetcher=_fetcher(resources))
    hint_line_breaks(html.etree_element)  # Pango finds no breaks in Lao, Khmer, Burmese text
    return html


def lay_out(html: Any, scale: float, base_font_size: float = BASE_FONT_SIZE) -> Any:
    """Lay `html` out with its type at `scale` of `base_font_size` (points: the stylesheet's
    root font size, which every other size is relative to)."""
    from weasyprint import CSS

    extra = [] if scale == 1.0 else [CSS(string=(
        f"html {{ font-size: {base_font_size * scale:.2f}pt !important; }}"))]
    return html.render(font_config=_Process.font_config, stylesheets=extra,
                       pdf_variant=PDF_VARIANT)


def fit(html: Any, min_scale: float, base_font_size: float = BASE_FONT_SIZE) -> Fitted:
    """Lay `html` out on one page, setting the type a step smaller at a time (down to
    `min_scale`) until it fits."""
    steps = scales(min_scale)
    scale, renders = 1.0, 0
    while True:
        document = lay_out(html, scale, base_font_size)
        renders += 1
        if len(document.pages) == 1 or scale == steps[-1]:
            break
        smaller = [s for s in steps if s < scale]
        if renders == 1:
            # One measurement says which step fits: jump there instead of trying every step on
            # the way, and no further, so the type stays as large as the page allows.
            needed = _fitting_scale(document, scale)
            scale = next((s for s in smaller if s <= needed + 0.001), smaller[-1])
        else:  # the estimate fell short: from here on, one step at a time
            scale = smaller[0]
    overflow = _overflow(document) if len(document.pages) > 1 else 0.0
    return Fitted(document, scale, renders, overflow)


def write(document: Any, created: str | None, *, tagged: bool = True) -> bytes:
    """The document as a PDF dated `created` (or now); tagged, it is PDF/UA-1: structure,
    reading order and language for screen readers."""
    created = created or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.created = document.metadata.modified = created
    return document.write_pdf(pdf_variant=PDF_VARIANT) if tagged else document.write_pdf()


def missing_glyphs() -> tuple[str, ...]:
    """The characters drawn as empty boxes since the last render began."""
    return tuple(dict.fromkeys(_Process.notdef))


def start() -> None:
    """Begin a render: fonts set up, and no empty box noted yet."""
    prepare()
    _Process.notdef.clear()


def _fetcher(resources: Mapping[str, bytes]) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class JobOnlyFetcher(URLFetcher):
        """Serves the job's resources; refuses every other URL, files and networks alike."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            name = unquote(url[len(BASE_URL):]) if url.startswith(BASE_URL) else None
            if name is None or name not in resources:
                raise ValueError(f"refused to fetch {url!r}: only the kit's own assets are used")
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=resources[name],
                                      headers={"Content-Type": mime})

    return JobOnlyFetcher(allowed_protocols={"file"}, allow_redirects=False)


def scales(min_scale: float) -> list[float]:
    """The type scales a fitted page tries, largest first."""
    steps = [1.0]
    while round(steps[-1] - SCALE_STEP, 2) >= min_scale:
        steps.append(round(steps[-1] - SCALE_STEP, 2))
    return steps


def _fitting_scale(document: Any, scale: float) -> float:
    """The largest type scale at which the document's content would fit on its first page.

    Only the text shrinks; the rest (the brand band, images, the QR code, spaces in mm) keeps
    its size. Text set at scale s takes between s (short paragraphs keep their number of
    lines) and s^2 (long ones lose lines too) of its height at scale 1: s^1.5 is the middle
    way, which finds the step that fits at the first try for most pages."""
    capacity = document.pages[0]._page_box.height or 1
    content = capacity * (1 + _overflow(document))
    text = sum(_line_heights(page._page_box) for page in document.pages)
    fixed = content - text
    if text <= 0 or fixed >= capacity:
        return 0.0
    return scale * ((capacity - fixed) / text) ** (1 / 1.5)


def _line_heights(box: Any) -> float:
    if type(box).__name__ == "LineBox":
        return box.margin_height()
    return sum(_line_heights(child) for child in getattr(box, "children", ()))


def _overflow(document: Any) -> float:
    """How much of a page the content spills past the first one (1.0: a whole page)."""
    first = document.pages[0]._page_box
    capacity = first.height or 1
    spilled = sum(_content_height(child) for page in document.pages[1:]
                  for child in page._page_box.children)
    return spilled / capacity


def _content_height(box: Any) -> float:
    """The height a box's content needs. A box that fills the page (html and body, a flyer's
    page and blocks that share out its free space) is as tall as the page however little it
    holds: what counts is the sum of what is inside it."""
    children = getattr(box, "children", ())
    fills = box.element_tag in ("html", "body") or (
        box.style["display"][1] == "flex" and box.style["flex_direction"] == "column")
    if fills and children:
        return sum(_content_height(child) for child in children)
    return box.margin_height()


def _preview(data: bytes, width: int) -> bytes:
    # The fastest compression: a thumbnail a tenth larger, made in half the time.
    return png(rasterize(data, [(0, width, None)])[0], compress_level=1)


def rasterize(data: bytes, pages: list[tuple[int, int, int | None]]) -> list[Any]:
    """Pages of a PDF as images: (page index, width in pixels, height in pixels or None to
    keep the page's proportions). An exact size is met to the pixel."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    images = []
    try:
        for index, width, height in pages:
            page = pdf[index]
            # RGB straight from the rasterizer: no byte-order or alpha conversion afterwards.
            bitmap = page.render(scale=width / page.get_width(), rev_byteorder=True)
            image = bitmap.to_pil()
            if height is not None and image.size != (width, height):
                image = _exact(image, width, height)
            images.append(image)
    finally:
        pdf.close()
    return images


def _exact(image: Any, width: int, height: int) -> Any:
    """An image a rounding pixel off its size, cropped or padded to it."""
    from PIL import Image

    exact = Image.new(image.mode, (width, height), "white")
    exact.paste(image.crop((0, 0, min(width, image.width), min(height, image.height))))
    return exact


def png(image: Any, compress_level: int = 6) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=compress_level)
    return buffer.getvalue()
