"""Every language looks right: its own fonts, no tofu, right-to-left order, flyers that fit."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from helpers import REPO, SAMPLE_LANGUAGES, build_kit, make_kit, message
from PIL import Image
from pypdf import PdfReader

from outreach.build import BuildResult
from outreach.errors import OutreachError
from outreach.kit.fonts import rule_for
from outreach.kit.languages import language

FLYER = "community/health-care-for-your-whole-family"


def face(tag: str) -> str:
    """The face the theme's fonts.toml chooses for a language, as PDFs name embedded fonts."""
    return rule_for(language(tag)).check.replace(" ", "-")


CJK_FACES = {tag: face(tag) for tag in ("zh-Hans", "zh-Hant", "ko")}


def embedded_fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def text_of(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


@pytest.mark.parametrize("lang", SAMPLE_LANGUAGES)
def test_each_language_embeds_the_face_for_its_script(sample_build: BuildResult,
                                                      lang: str) -> None:
    for artifact in sample_build.artifacts:
        if artifact.lang != lang or artifact.format not in ("pdf", "flyer"):
            continue
        fonts = embedded_fonts(sample_build.out / artifact.path)
        # Text extraction would "see" the words even if they printed as boxes; the fonts tell.
        expected = face(lang)
        assert any(f == expected or f.startswith(expected + "-") for f in fonts), (artifact, fonts)
        assert not any("CJK-JP" in f for f in fonts), "Japanese face used as a fallback"
        others = {face for tag, face in CJK_FACES.items() if tag != lang}
        assert not any(f.startswith(tuple(others)) for f in fonts), (artifact.path, fonts)


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_right_to_left_pages_and_phone_numbers(sample_build: BuildResult, lang: str) -> None:
    page = (sample_build.out / lang / "community.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}" dir="rtl">' in page
    catalog = polib.pofile(str(REPO / f"translations/{lang}/LC_MESSAGES/messages.po"))
    cta = catalog.find("Call {organization} at {phone} and we will help you find a clinic near "
                       "you.", msgctxt=f"{FLYER}:call_to_action")
    word_before_phone = cta.msgstr.split("{phone}")[0].split()[-1]
    text = text_of(sample_build.out / f"{lang}/{FLYER}.pdf")
    # The number keeps its own order after the Arabic-script word that introduces it.
    assert re.search(re.escape(word_before_phone) + r"\s*\u2066?\(555\) 010-0199", text), text
    assert "010-0199 (555)" not in text


def test_left_to_right_pages_say_so(sample_build: BuildResult) -> None:
    for lang in set(SAMPLE_LANGUAGES) - {"ar", "fa"}:
        page = (sample_build.out / lang / "decision-makers.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}" dir="ltr">' in page


def test_a_character_no_font_can_draw_fails_the_build(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message(title="Care \ue000 for all")})
    with pytest.raises(OutreachError) as info:
        build_kit(kit, formats=("flyer",))
    assert [str(p) for p in info.value.problems] == [
        "messages/community/a.md: en flyer: no installed font can draw '\ue000' (U+E000); run "
        "'outreach doctor' to see which fonts to install"]
    assert not (kit / "build").exists()


PARAGRAPH = ("Every family deserves care close to home, and every neighbor can help make that "
             "true by sharing what they know with the people around them.")
LONG = "\n\n".join([PARAGRAPH] * 16)  # about a sixth of a page too long at full size
TOO_LONG = "\n\n".join([PARAGRAPH] * 22)  # still a fifth of a page over at 80%


def flyer_config(min_scale: float) -> str:
    return (f'[kit]\ntitle = "K"\n[organization]\nname = "Org"\n'
            f"[flyer]\nmin_scale = {min_scale}\n")


def test_a_long_flyer_steps_its_type_down_to_fit_one_page(tmp_path: Path) -> None:
    files = {"community/a": message(body=LONG)}
    # At full size this body runs onto a second page...
    strict = make_kit(tmp_path / "strict", files, config=flyer_config(1.0))
    with pytest.raises(OutreachError, match="does not fit on one page"):
        build_kit(strict, formats=("flyer",))
    # ...so with room to shrink, the flyer is set smaller and fits.
    kit = make_kit(tmp_path / "kit", files, config=flyer_config(0.8))
    out = build_kit(kit, formats=("flyer",)).out
    assert len(PdfReader(out / "en/community/a.pdf").pages) == 1


def test_a_flyer_that_cannot_fit_names_message_language_and_overflow(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message(body=TOO_LONG)},
                   config=flyer_config(0.8))
    with pytest.raises(OutreachError) as info:
        build_kit(kit, formats=("flyer",))
    (problem,) = info.value.problems
    assert re.fullmatch(r"messages/community/a\.md: en flyer does not fit on one page, even with "
                        r"the type at 80%: about \d+% of a page too long; shorten the message",
                        str(problem)), str(problem)


def test_every_flyer_has_a_preview_on_its_language_page(sample_build: BuildResult) -> None:
    flyers = [a for a in sample_build.artifacts if a.format == "flyer"]
    for artifact in flyers:
        preview = artifact.path.replace(".pdf", ".png")
        image = Image.open(sample_build.out / preview)
        assert image.size == (360, 466)  # US letter proportions
        assert image.convert("L").getextrema()[0] < 100, "preview is blank"
        page = (sample_build.out / f"{artifact.lang}/{artifact.audience}.html").read_text()
        shown = preview.split("/", 1)[1]  # relative to the audience page
        assert f'<img src="{shown}" alt="" width="360" height="466"' in page


def test_pdfs_are_tagged_for_screen_readers(sample_build: BuildResult) -> None:
    for lang in ("en", "ar", "zh-Hans"):
        reader = PdfReader(sample_build.out / f"{lang}/{FLYER}.pdf")
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"])
        assert "/StructTreeRoot" in root
        assert root["/Lang"] == lang
        links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])]
        assert "https://example.org/clinics" in links
        assert "tel:5550100199" in links
