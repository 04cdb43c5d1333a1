"""Images a kit publishes: its logos (`[brand]`) and the messages' pictures (`image:`).

An image is a file inside the kit, named by its path from the kit folder, read once with the
rest of the kit and published as it is under `assets/kit/`. Each place takes the kinds that
suit it (a message's picture PNG, JPEG or SVG; the brand's logos SVG or PNG; a partner's logo
any of PNG, JPEG, GIF, WebP and SVG), recognized by their content rather than their names and,
for rasters, decoded: a renamed document or a damaged file never reaches a page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

from ..errors import OutreachError, Problem, SourceError
from ..files import read_bytes

if TYPE_CHECKING:
    from .brand import Brand
    from .messages import Message

KINDS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP", "svg": "SVG"}
PICTURES = ("png", "jpeg", "svg")  # what a message's picture may be
LOGOS = ("svg", "png")  # the brand's logos: sharp at any size
_SVG_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg\b",
                        re.S)


class Reference(NamedTuple):
    path: str
    where: Problem  # the file, line and key that name the image: what a person edits
    kinds: tuple[str, ...]  # the kinds accepted there


@dataclass(frozen=True)
class Image:
    path: str  # from the kit folder, with forward slashes: "images/clinic.jpg"
    data: bytes
    kind: str  # png, jpeg or svg
    width: int | None = None  # pixels (or the SVG's user units), when the file says
    height: int | None = None

    @property
    def output(self) -> str:
        """Where the image is published, relative to the output folder."""
        return f"assets/kit/{self.path}"


def path_problem(value: str) -> str | None:
    """Why `value` cannot name an image inside the kit, if it cannot."""
    if not value:
        return "is empty"
    if "\\" in value or value.startswith("/") or re.match(r"[A-Za-z]:", value) \
            or "://" in value:
        return (f"{value!r} must be a path inside the kit, from the kit folder, with forward "
                "slashes, such as 'images/logo.svg'")
    parts = PurePosixPath(value).parts
    if ".." in parts or not parts:
        return (f"{value!r} leads outside the kit; copy the image into the kit and name it "
                "from the kit folder, such as 'images/logo.svg'")
    return None


def kind_of(data: bytes) -> str | None:
    """png, jpeg or svg, from the file's content; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _SVG_START.match(head):
        return "svg"
    return None


def read_image(root: Path, path: str, where: Problem, kinds: tuple[str, ...] = tuple(KINDS)
               ) -> Image:
    """The image at `path` in the kit `root`; `where` says what names it (file, line, key),
    and its message starts every problem reported."""
    try:
        data = read_bytes(root / path, path, inside=root)
    except OutreachError as exc:
        reason = exc.problems[0].message if exc.problems else "cannot be read"
        raise SourceError(Problem(where.path, f"{where.message}: {path}: {reason}",
                                  where.line)) from None
    kind = kind_of(data)
    size = _size(data, kind) if kind in kinds else None
    if kind is None or size is None:  # a raster that does not decode is not an image either
        raise SourceError(_not_an_image(where, path, kinds))
    return Image(path, data, kind, *size)


def _not_an_image(where: Problem, path: str, kinds: tuple[str, ...]) -> Problem:
    """"brand.logo: images/logo.png is not an SVG or PNG image; save it as SVG or PNG"."""
    names = [KINDS[k] for k in kinds]
    wanted = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
    article = "an" if wanted.startswith("SVG") else "a"
    return Problem(where.path, f"{where.message}: {path} is not {article} {wanted} image; "
                   f"save it as {wanted}", where.line)


def _size(data: bytes, kind: str) -> tuple[int | None, int | None] | None:
    """Width and height (None where an SVG does not say); None for a raster that does not
    decode, so a damaged or renamed file is refused rather than printed broken on every flyer."""
    if kind == "svg":
        return _svg_size(data)
    import io

    from PIL import Image as PILImage
    from PIL import ImageFile, UnidentifiedImageError

    # WeasyPrint tells Pillow, for the whole process, to accept files cut short; this check
    # must not (renders run in other processes, or after it in this one).
    accepting, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            size = picture.size
            if kind in ("png", "webp"):
                picture.verify()  # every chunk read and its checksum checked
            else:
                if kind == "jpeg":
                    picture.draft("RGB", (size[0] // 8, size[1] // 8))  # every byte, 1/8 scale
                picture.load()  # (verify() checks nothing in a JPEG or a GIF)
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, EOFError,
            PILImage.DecompressionBombError):
        return None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = accepting
    return size


def _svg_size(data: bytes) -> tuple[int | None, int | None]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None, None
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return round(float(box[2])), round(float(box[3]))
        except (ValueError, OverflowError):  # not a number, or "1e999"
            pass
    try:
        return (round(float(re.sub(r"px$", "", root.get("width", "")))),
                round(float(re.sub(r"px$", "", root.get("height", "")))))
    except (ValueError, OverflowError):
        return None, None


def references(brand: Brand, messages: Iterable[Message],
               line_of: Callable[[str], int | None] = lambda _key: None) -> list[Reference]:
    """Every image the kit's settings and messages name: logos must be SVG or PNG.
    `line_of` finds the line of a key of outreach.toml."""
    found = [Reference(path, Problem("outreach.toml", f"brand.{key}", line_of(f"brand.{key}")),
                       LOGOS)
             for key, path in (("logo", brand.logo), ("partner_logo", brand.partner_logo))
             if path]
    found += [Reference(m.image, Problem(m.path, "image", m.image_line or None), PICTURES)
              for m in messages if m.image]
    return found


def read_images(root: Path, wanted: Iterable[Reference]) -> dict[str, Image]:
    """The images `wanted` names, each read once, by path; every problem at once."""
    found: dict[str, Image] = {}
    problems: list[Problem] = []
    for path, where, kinds in wanted:
        try:
            image = found.get(path) or read_image(root, path, where, kinds)
            if image.kind not in kinds:  # read before for a place that takes more kinds
                raise SourceError(_not_an_image(where, path, kinds))
            found[path] = image
        except OutreachError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SourceError(problems)
    return found
