"""Imposition: wallet cards ten to a letter or A4 sheet, with crop marks, for a print shop.

Cards sit edge to edge in two columns of five, centred on the sheet, so one cut along each
line makes every card; crop marks in the margin show where the lines are. Sheets are printed
on both sides and flipped on the long edge, so the back of the card in the left column must be
printed in the right column of the back page: the back page mirrors the front's columns, and
each card's back lands behind its front.

Each card is rendered exactly as its own two-sided PDF is (`duplex`), then placed on the sheet
as it is, vector and text intact (pdfium form objects); the sheet's own page, with the crop
marks and a line saying what it holds, comes from the theme's template.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .duplex import DuplexJob, fit_sides
from .pdf import PdfResult, digest, digests, lay_out, missing_glyphs, parse, start, write

CARD = (252.0, 144.0)  # 3.5 x 2 in, in points: a credit or business card
COLUMNS, ROWS = 2, 5
PER_SHEET = COLUMNS * ROWS
PAPER = {"letter": (612.0, 792.0), "a4": (595.276, 841.89)}
MARK_GAP, MARK_LENGTH = 6.0, 18.0  # points: crop marks stop short of the cut, and are this long
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


@dataclass(frozen=True)
class Slot:
    x: float  # points from the sheet's left edge
    y: float  # points from the sheet's top edge


@dataclass(frozen=True)
class Mark:
    """One crop mark: a line from (x, y), `width` or `height` long (points from top left)."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Grid:
    paper: str

    @property
    def size(self) -> tuple[float, float]:
        return PAPER[self.paper]

    @property
    def origin(self) -> tuple[float, float]:
        width, height = self.size
        return (width - COLUMNS * CARD[0]) / 2, (height - ROWS * CARD[1]) / 2

    def slot(self, index: int, back: bool = False) -> Slot:
        """Where the card in slot `index` (row by row, from the top left) goes; on the back,
        in the mirrored column, behind its front."""
        row, column = divmod(index, COLUMNS)
        if back:
            column = COLUMNS - 1 - column
        left, top = self.origin
        return Slot(left + column * CARD[0], top + row * CARD[1])

    def marks(self) -> list[Mark]:
        """Crop marks in the margins, on every line a cut follows."""
        width, height = self.size
        left, top = self.origin
        right, bottom = width - left, height - top
        long = min(MARK_LENGTH, left - MARK_GAP - 2, top - MARK_GAP - 2)
        marks = []
        for column in range(COLUMNS + 1):
            x = left + column * CARD[0]
            marks.append(Mark(x, top - MARK_GAP - long, 0, long))
            marks.append(Mark(x, bottom + MARK_GAP, 0, long))
        for row in range(ROWS + 1):
            y = top + row * CARD[1]
            marks.append(Mark(left - MARK_GAP - long, y, long, 0))
            marks.append(Mark(right + MARK_GAP, y, long, 0))
        return marks


    def template(self) -> dict[str, Any]:
        """What the sheet's template draws, in points from the top left: the page height,
        the crop marks, and where the slug line goes (the bottom margin, left of centre)."""
        height = self.size[1]
        left, top = self.origin

        def points(value: float) -> float:
            return round(value, 2)

        return {"height": points(height),
                "marks": [{"x": points(m.x), "y": points(m.y), "width": points(m.width),
                           "height": points(m.height)} for m in self.marks()],
                "slug_x": points(left + 2 * MARK_GAP), "slug_y": points(height - top + MARK_GAP),
                "slug_width": points(CARD[0] - 4 * MARK_GAP)}


def slots(cards: int) -> list[int]:
    """Which card each slot holds: every card, in order, and the sheets filled by starting
    over, so a sheet is never cut with empty places."""
    sheets = max(1, -(-cards // PER_SHEET))
    return [i % cards for i in range(sheets * PER_SHEET)] if cards else []


@dataclass(frozen=True)
class SheetJob:
    cards: tuple[DuplexJob, ...]  # each card once, in reading order
    sheet: str  # HTML of the sheets' own pages (front, back, front, back...): crop marks
    paper: str = "letter"
    resources: Mapping[str, bytes] = field(default_factory=dict)  # the sheet page's
    created: str | None = None

    def identity(self) -> dict[str, Any]:
        return {"cards": [card.identity() for card in self.cards],
                "sheet": digest(self.sheet), "paper": self.paper,
                "resources": digests(self.resources),
                "created": self.created}


def render_sheet(job: SheetJob) -> PdfResult:
    """The sheets: front and back pages in turn, each card placed in its slots."""
    import pypdfium2

    start()
    fitted = [fit_sides(card) for card in job.cards]
    pages = [side.document.pages[0] for sides in fitted for side in sides]
    cards_pdf = fitted[0][0].document.copy(pages).write_pdf()
    # Untagged: the cards placed on it are not part of a structure a screen reader could follow
    # (each card's own PDF is the accessible one).
    sheet = write(lay_out(parse(job.sheet, job.resources), 1.0), job.created, tagged=False)
    grid = Grid(job.paper)
    _width, height = grid.size
    order = slots(len(job.cards))
    target = pypdfium2.PdfDocument(sheet)
    source = pypdfium2.PdfDocument(cards_pdf)
    try:
        # Each card side becomes one form object, drawn in as many slots as hold it.
        forms = [source.page_as_xobject(i, target) for i in range(len(pages))]
        for first in range(0, len(order), PER_SHEET):
            for back in (False, True):
                page = target[first // PER_SHEET * 2 + back]
                for index, card in enumerate(order[first:first + PER_SHEET]):
                    slot = grid.slot(index, back=back)
                    placed = forms[2 * card + back].as_pageobject()
                    # pdfium counts from the bottom left, the grid from the top left.
                    placed.transform(pypdfium2.PdfMatrix().translate(
                        slot.x, height - slot.y - CARD[1]))
                    page.insert_obj(placed)
                page.gen_content()
        buffer = io.BytesIO()
        target.save(buffer)
    finally:
        source.close()
        target.close()
    return PdfResult(pdf=_stable_id(buffer.getvalue()), pages=2 * (len(order) // PER_SHEET),
                     scale=min((s.scale for sides in fitted for s in sides), default=1.0),
                     overflow=max((s.overflow for sides in fitted for s in sides), default=0.0),
                     missing_glyphs=missing_glyphs(),
                     renders=1 + sum(s.renders for sides in fitted for s in sides))


def _stable_id(data: bytes) -> bytes:
    """pdfium gives a saved file a random identifier; one made from the content instead
    keeps two builds of the same sheet byte for byte the same (the length is kept, so the
    file's cross-reference offsets stay right)."""
    found = _ID.search(data)
    if found is None:
        return data
    size = len(found.group(1))
    digest = hashlib.sha256(data[:found.start()] + data[found.end():]).hexdigest().upper()
    stable = (digest * (1 + size // len(digest)))[:size].encode("ascii")
    return data[:found.start(1)] + stable + data[found.end(1):found.start(2)] + stable + \
        data[found.end(2):]
