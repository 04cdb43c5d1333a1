"""Two-sided documents: a wallet card, or a bilingual flyer with a language on each side.

Each side is its own page of HTML, in its own language and direction, fitted to one page the
way a flyer is (its type a step smaller at a time). A bilingual flyer's sides share one type
size, so the two languages read as one design; a card's sides are fitted each on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .pdf import (
    BASE_FONT_SIZE,
    Fitted,
    PdfResult,
    digest,
    digests,
    fit,
    lay_out,
    missing_glyphs,
    parse,
    start,
    write,
)


@dataclass(frozen=True)
class DuplexJob:
    front: str  # HTML of the front side (the source language)
    back: str  # HTML of the back side
    resources: Mapping[str, bytes] = field(default_factory=dict)
    min_scale: float = 0.8
    base_font_size: float = BASE_FONT_SIZE  # points: the stylesheet's root font size
    same_scale: bool = False  # both sides at one type size
    created: str | None = None  # as PdfJob's

    def identity(self) -> dict[str, Any]:
        return {"front": digest(self.front), "back": digest(self.back),
                "resources": digests(self.resources),
                "min_scale": self.min_scale, "base_font_size": self.base_font_size,
                "same_scale": self.same_scale, "created": self.created}


def render_duplex(job: DuplexJob) -> PdfResult:
    """The two-page PDF of a two-sided job: front, then back."""
    start()
    sides = fit_sides(job)
    document = sides[0].document.copy([side.document.pages[0] for side in sides])
    return PdfResult(pdf=write(document, job.created), pages=2,
                     scale=min(side.scale for side in sides),
                     overflow=max(side.overflow for side in sides),
                     missing_glyphs=missing_glyphs(), renders=sum(s.renders for s in sides))


def fit_sides(job: DuplexJob) -> list[Fitted]:
    """Both sides laid out, each on one page (the first page of each, if one did not fit)."""
    pages = [parse(job.front, job.resources), parse(job.back, job.resources)]
    sides = [fit(html, job.min_scale, job.base_font_size) for html in pages]
    scale = min(side.scale for side in sides)
    if job.same_scale and any(side.scale != scale for side in sides):
        # Set the side that fitted at a larger size again at the smaller: it fits there too.
        sides = [side if side.scale == scale else
                 Fitted(lay_out(html, scale, job.base_font_size), scale, side.renders + 1, 0.0)
                 for html, side in zip(pages, sides, strict=True)]
    return sides

