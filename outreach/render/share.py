"""Share images: a message as PNGs at the exact pixel sizes social networks show.

Each size is a page of the theme's share template, laid out by WeasyPrint like a flyer (its
type set smaller, a step at a time, until the page holds everything) and rasterized with
pdfium; no browser is involved. The pages come from HTML the planner made, so the images are
in the language's own fonts and direction, with the brand, and a job is a pure function of its
HTML and resources, cached like every render.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..kit.messages import Message
from .localize import Localizer
from .pdf import digest, digests, fit, missing_glyphs, parse, png, rasterize, start

# Pixel sizes by name: a square and a portrait feed post, a full-screen story, and the image
# a link preview shows (Open Graph, 1.91:1).
SIZES: Mapping[str, tuple[int, int]] = {"square": (1080, 1080), "portrait": (1080, 1350),
                                        "story": (1080, 1920), "link": (1200, 630)}
PIXEL = 0.75  # points per CSS pixel
BASE_FONT_PX = 40  # share.css's root font size, which every other size is relative to
MIN_SCALE = 0.6  # how far a long translation's type may shrink to fit an image


@dataclass(frozen=True)
class ShareJob:
    pages: tuple[tuple[str, str], ...]  # (size name, HTML of its page)
    resources: Mapping[str, bytes] = field(default_factory=dict)
    min_scale: float = MIN_SCALE

    def identity(self) -> dict[str, Any]:
        return {"pages": [[name, digest(html)] for name, html in self.pages],
                "resources": digests(self.resources),
                "min_scale": self.min_scale}


@dataclass(frozen=True)
class ShareResult:
    images: Mapping[str, bytes]  # PNG by size name
    pdf: bytes  # one page per size: what the images were rasterized from
    scale: float = 1.0  # the smallest type scale a page was set at
    overflow: float = 0.0  # the most any page did not fit by (1.0: a whole page)
    missing_glyphs: tuple[str, ...] = ()
    renders: int = 1


def render_share(job: ShareJob) -> ShareResult:
    """Every image of the job, and the PDF they come from."""
    start()
    fitted = [fit(parse(html, job.resources), job.min_scale, BASE_FONT_PX * PIXEL)
              for _name, html in job.pages]
    first = fitted[0].document
    # Only the first page of each: a page that did not fit is reported, not published twice.
    data = first.copy([f.document.pages[0] for f in fitted]).write_pdf()
    sizes = [SIZES[name] for name, _html in job.pages]
    images = rasterize(data, [(i, width, height) for i, (width, height) in enumerate(sizes)])
    return ShareResult(
        images={name: png(image) for (name, _html), image in zip(job.pages, images, strict=True)},
        pdf=data, scale=min(f.scale for f in fitted), overflow=max(f.overflow for f in fitted),
        missing_glyphs=missing_glyphs(), renders=sum(f.renders for f in fitted))


def alt_text(localizer: Localizer, message: Message) -> str:
    """What the share images show, for people who cannot see them: every line of text in them,
    in the order they are read, in the language of `localizer`."""
    lines = [localizer.values["organization"]]
    for name in ("title", "key_message", "call_to_action"):
        if message.field(name):
            lines.append(localizer.plain(f"{message.key}:{name}", message.field(name)))
    phone = localizer.values["phone"]
    if phone and not any(phone in line for line in lines):
        lines.append(phone)
    return "\n".join(lines)


def caption(localizer: Localizer, message: Message) -> str:
    """The text to post with the images: front matter `social`, else the key message."""
    for name in ("social", "key_message", "title"):
        if message.field(name):
            return localizer.plain(f"{message.key}:{name}", message.field(name))
    return ""
