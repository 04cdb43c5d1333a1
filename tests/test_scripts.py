"""Complex scripts in print: each language's own face, no missing glyph, mirrored right-to-left
pages and lines that break between words in scripts written without spaces.

One kit in 22 languages (tests/scripts_kit.py) is built once with `--allow-partial`; the flyers
are read back with PDFium, which tells for each character which embedded font draws it.
"""

from __future__ import annotations

import ctypes
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from helpers import build_kit
from icu4py.breakers import LineBreaker
from playwright.sync_api import Browser
from scripts_kit import LANGUAGES, RIGHT_TO_LEFT, SAMPLES, make_scripts_kit

from outreach.build import BuildResult
from outreach.kit.config import load_config
from outreach.kit.fonts import rule_for
from outreach.render.wordbreak import ZWSP, hint_line_breaks

FLYER = "community/care.pdf"


@pytest.fixture(scope="module")
def scripts_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_scripts_kit(tmp_path_factory.mktemp("scripts") / "kit")


@pytest.fixture(scope="module")
def scripts_build(scripts_kit: Path) -> BuildResult:
    return build_kit(scripts_kit, allow_partial=True, formats=("html", "flyer"), jobs=2)


@dataclass(frozen=True)
class Glyph:
    char: str
    font: str  # the embedded font's name, without the subset prefix: "Noto-Sans-Khmer-Bold"
    size: float
    box: tuple[float, float, float, float]  # left, bottom, right, top, in points


def glyphs(path: Path) -> tuple[list[Glyph], float]:
    """Every character PDFium finds on the first page, and the page's width."""
    document = pdfium.PdfDocument(path)
    page = document[0]
    text = page.get_textpage()
    found = []
    for i in range(text.count_chars()):
        length = pdfium_c.FPDFText_GetFontInfo(text.raw, i, None, 0, None)
        name = ctypes.create_string_buffer(length)
        pdfium_c.FPDFText_GetFontInfo(text.raw, i, name, length, None)
        found.append(Glyph(chr(pdfium_c.FPDFText_GetUnicode(text.raw, i)),
                           name.value.decode().split("+", 1)[-1],
                           pdfium_c.FPDFText_GetFontSize(text.raw, i), text.get_charbox(i)))
    return found, page.get_width()


def installed_face(family: str) -> str:
    """The family as fontconfig has it installed, named as WeasyPrint names embedded fonts."""
    listed = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True,
                            text=True, check=True).stdout
    assert listed.strip(), f"{family} is not installed; run scripts/setup.sh"
    return family.replace(" ", "-")


def drawn(glyph: Glyph) -> bool:
    """A character that leaves ink and is not ASCII (the English fallbacks, digits, spaces)."""
    return ord(glyph.char) > 0x7F and unicodedata.category(glyph.char)[0] not in "CZ"


def test_the_kit_has_twenty_languages_across_the_scripts(scripts_kit: Path) -> None:
    config = load_config(scripts_kit)
    scripts = {lang.script for lang in config.languages}
    assert len(config.languages) >= 20
    assert {"Deva", "Guru", "Beng", "Ethi", "Mymr", "Khmr", "Laoo", "Thai", "Armn", "Geor",
            "Hebr", "Arab", "Latn"} <= scripts


@pytest.mark.parametrize("tag", SAMPLES)
def test_each_script_is_drawn_in_the_face_fonts_toml_chooses(scripts_build: BuildResult,
                                                             scripts_kit: Path,
                                                             tag: str) -> None:
    lang = load_config(scripts_kit).language(tag)
    face = installed_face(rule_for(lang).check)
    found, _width = glyphs(scripts_build.out / tag / FLYER)
    letters = [g for g in found if drawn(g)]
    if lang.script != "Latn":
        assert len(letters) > 20, f"{tag}: the sample text is missing from the flyer"
    # Every letter of the language's script in its own face: never the Latin, Japanese or any
    # other fallback a font lookup might have picked.
    wrong = {(g.char, g.font) for g in letters if g.font.split("-Bold")[0] != face}
    assert not wrong, f"{tag}: drawn in another face than {face}: {sorted(wrong)[:5]}"
    assert "\ufffd" not in "".join(g.char for g in found)


def ink_edges(path: Path) -> tuple[int, int]:
    """The leftmost and rightmost columns with ink on the page, rendered at 100 dpi."""
    image = pdfium.PdfDocument(path)[0].render(scale=100 / 72).to_pil().convert("L")
    dark = image.point(lambda value: 255 if value < 160 else 0)
    left, _top, right, _bottom = dark.getbbox()
    return left, right


def test_no_flyer_lacks_a_glyph_or_runs_off_the_page(scripts_build: BuildResult) -> None:
    # The build itself fails on a character no installed font can draw; it finished.
    assert set(scripts_build.languages) == set(LANGUAGES)
    # The English flyer's headline rule runs from margin to margin; no script's text runs past
    # (a few pixels are a glyph's swash reaching over its edge, as Nastaliq's do).
    left, right = ink_edges(scripts_build.out / "en" / FLYER)
    for tag in SAMPLES:
        their_left, their_right = ink_edges(scripts_build.out / tag / FLYER)
        assert their_right <= right + 5 and their_left >= left - 5, \
            f"{tag}: ink from column {their_left} to {their_right}, past {left} to {right}"


def headline(path: Path) -> tuple[float, float, float]:
    """The left and right edges of the flyer's headline (its largest type), and the page width."""
    found, width = glyphs(path)
    biggest = max(g.size for g in found)
    boxes = [g.box for g in found if g.size == biggest]
    return min(b[0] for b in boxes), max(b[2] for b in boxes), width


@pytest.mark.parametrize("tag", RIGHT_TO_LEFT)
def test_right_to_left_flyers_are_mirrored(scripts_build: BuildResult, tag: str) -> None:
    page = (scripts_build.out / tag / "community.html").read_text(encoding="utf-8")
    assert f'<html lang="{tag}" dir="rtl">' in page
    margin, _right, width = headline(scripts_build.out / "en" / FLYER)
    left, right, _width = headline(scripts_build.out / tag / FLYER)
    # The English headline starts at the left margin; this one ends at the right margin, and
    # (however much of the line it fills) does not start at the left one.
    assert abs(right - (width - margin)) < 2, (left, right, margin)
    assert left > margin + 5


def test_left_to_right_scripts_stay_left_to_right(scripts_build: BuildResult) -> None:
    margin, _right, _width = headline(scripts_build.out / "en" / FLYER)
    for tag in set(SAMPLES) - set(RIGHT_TO_LEFT):
        page = (scripts_build.out / tag / "community.html").read_text(encoding="utf-8")
        assert f'<html lang="{tag}" dir="ltr">' in page
        left, _right, _width = headline(scripts_build.out / tag / FLYER)
        assert abs(left - margin) < 2, tag


# --- line breaking in scripts written without spaces ---------------------------------------

SPACELESS = ("th", "lo", "km", "my", "kar")


def icu_breaks(text: str, lang: str) -> set[int]:
    """Where ICU's line breaker (dictionaries for these scripts) allows a line to start."""
    found, position = set(), 0
    for segment in LineBreaker(text, lang):
        position += len(segment)
        found.add(position)
    return found


def lines_of(paragraph: str, lang: str, width: str) -> list[str]:
    """The lines WeasyPrint (Pango) sets a paragraph in, hinted as the PDF renderer hints it."""
    from weasyprint import HTML

    html = HTML(string=f'<html lang="{lang}"><body style="width: {width}; font-size: 12pt">'
                f"<p>{paragraph}</p></body></html>")
    hint_line_breaks(html.etree_element)
    lines: list[str] = []
    _collect_lines(html.render().pages[0]._page_box, lines)
    return [line.replace(ZWSP, "") for line in lines]


def _collect_lines(box: object, lines: list[str]) -> None:
    if type(box).__name__ == "LineBox":
        lines.append("".join(child.text for child in box.descendants()  # type: ignore[attr-defined]
                             if type(child).__name__ == "TextBox"))
        return
    for child in getattr(box, "children", []):
        _collect_lines(child, lines)


@pytest.mark.parametrize("tag", SPACELESS)
def test_pdf_lines_break_only_where_icu_allows(tag: str) -> None:
    paragraph = "".join(SAMPLES[tag][3] for _ in range(3)).replace(" ", "")
    lines = lines_of(paragraph, tag, "9em")
    assert "".join(lines) == paragraph
    assert len(lines) > 3, f"{tag}: Pango set the paragraph in {len(lines)} line(s)"
    allowed = icu_breaks(paragraph, tag)
    start = 0
    for line in lines[:-1]:
        start += len(line)
        assert start in allowed, f"{tag}: a line breaks inside {paragraph[start - 3:start + 3]!r}"


def test_hints_leave_other_scripts_and_markup_alone() -> None:
    root = Element("html", lang="en")
    body = SubElement(root, "body")
    style = SubElement(body, "style")
    style.text = "p::before { content: 'ทุกคน' }"
    para = SubElement(body, "p")
    para.text = "Call us: "
    strong = SubElement(para, "strong", lang="th")
    strong.text = "ทุกคน"
    strong.tail = " any day."
    hint_line_breaks(root)
    assert style.text == "p::before { content: 'ทุกคน' }"
    assert para.text == "Call us: "
    assert strong.text == f"ทุก{ZWSP}คน"
    assert strong.tail == " any day."


LINE_STARTS = """(selector) => {
  // Where each line of an element's text starts, as offsets into its text.
  const element = document.querySelector(selector);
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let text = "", starts = [], lastTop = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (rects.length) {
        const top = Math.round(rects[0].top);
        if (lastTop !== null && top > lastTop + 2) starts.push(text.length);
        lastTop = top;
      }
      text += node.data[i];
    }
  }
  return [text, starts];
}"""


@pytest.mark.parametrize("tag", SPACELESS)
def test_web_pages_break_lines_only_between_words(scripts_build: BuildResult, browser: Browser,
                                                  tag: str) -> None:
    # Browsers break these scripts with ICU's dictionaries; nothing in the theme may stop them.
    page = browser.new_page(viewport={"width": 260, "height": 900})
    try:
        page.goto((scripts_build.out / tag / "community.html").as_uri())
        breaks = 0
        for selector in ("main h2", "main .key-message"):
            text, starts = page.evaluate(LINE_STARTS, selector)
            allowed = icu_breaks(text, tag)
            for start in starts:
                assert start in allowed or text[start - 1] == " ", \
                    f"{tag}: a line breaks inside {text[start - 3:start + 3]!r}"
            breaks += len(starts)
        assert breaks, f"{tag}: nothing wrapped at this width; the test shows nothing"
    finally:
        page.close()
