"""Beyond paper: share images, link previews, text messages, wallet cards and bilingual flyers,
built from the sample kit's real translations and read back as a person or a print shop would:
image sizes, the fonts the text is drawn in, which way the layout runs, page sizes, where the
crop marks and each card's back land on the sheet."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from helpers import EPOCH, REPO, build_kit, copy_sample_kit
from PIL import Image
from playwright.sync_api import Browser
from test_accessibility import WCAG
from test_scripts import drawn, glyphs, installed_face

from outreach.build import BuildResult
from outreach.build.plan import PlanOptions, RenderEnvironment, plan
from outreach.kit.config import ConfigError, load_config
from outreach.kit.fonts import rule_for
from outreach.kit.snapshot import Selection, read_kit
from outreach.render.share import ShareJob, render_share
from outreach.render.sms import count

LANGUAGES = ("en", "es", "ar", "zh-Hans", "ru")
FORMATS = ("html", "social", "sms", "card", "bilingual")
SITE = "https://kit.example.org/families/"
SIZES = {"square": (1080, 1080), "portrait": (1080, 1350), "story": (1080, 1920),
         "link": (1200, 630)}
INCH = 72.0  # points
SCALE = 3  # pixels a point, to find hairlines in a rendered page


def small_sample(dest: Path) -> Path:
    """The sample kit with two messages (one per audience) in five languages, a site address
    and Spanish bilingual flyers."""
    kit = copy_sample_kit(dest)
    for folder in sorted((kit / "messages").iterdir()):
        for extra in sorted(folder.glob("*.md"))[1:]:
            extra.unlink()
    config = kit / "outreach.toml"
    text = config.read_text(encoding="utf-8")
    tags = ", ".join(f'"{tag}"' for tag in LANGUAGES)
    text = re.sub(r"(?m)^languages = .*$", f"languages = [{tags}]", text, count=1)
    text = text.replace('paper = "letter"', f'paper = "letter"\nsite_url = "{SITE}"\n'
                        'bilingual = ["es"]')
    config.write_text(text, encoding="utf-8")
    return kit


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_sample(tmp_path_factory.mktemp("channels") / "kit")


@pytest.fixture(scope="module")
def built(kit: Path) -> BuildResult:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return build_kit(kit, formats=FORMATS, jobs=2)


def front_matter(path: Path) -> dict[str, str]:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def first_message(kit: Path, audience: str = "community") -> str:
    return sorted(p.stem for p in (kit / "messages" / audience).glob("*.md"))[0]


# -- share images ----------------------------------------------------------------------------

def test_every_share_image_has_its_exact_size(built: BuildResult, kit: Path) -> None:
    found = 0
    for lang in LANGUAGES:
        for audience in ("community", "decision-makers"):
            folder = built.out / lang / audience / first_message(kit, audience)
            for name, size in SIZES.items():
                with Image.open(folder / f"{name}.png") as image:
                    assert image.format == "PNG"
                    assert image.size == size, f"{lang} {name}"
                found += 1
    assert found == len(LANGUAGES) * 2 * len(SIZES)


def share_pdf(kit: Path, lang: str, tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    """The PDF a language's share images were rasterized from, and the characters no font
    drew (render_share's own account)."""
    snapshot = read_kit(kit, Selection(languages=(lang,), audiences=("community",)))
    env = RenderEnvironment(tool="1", renderer="weasyprint", fonts="installed")
    options = PlanOptions(formats=("social",), linked=frozenset({"social"}))
    (job,) = [a.work for a in plan(snapshot, options, env) if isinstance(a.work, ShareJob)]
    result = render_share(job)
    path = tmp_path / f"{lang}.pdf"
    path.write_bytes(result.pdf)
    assert len(pdfium.PdfDocument(path)) == len(SIZES)
    return path, result.missing_glyphs


@pytest.mark.parametrize("tag", ["ar", "zh-Hans", "ru", "en"])
def test_text_in_share_images_is_in_the_language_s_own_face(kit: Path, tmp_path: Path,
                                                            tag: str) -> None:
    path, missing = share_pdf(kit, tag, tmp_path)
    assert missing == ()  # no empty box (tofu) anywhere
    lang = load_config(kit).language(tag)
    face = installed_face(rule_for(lang).check)
    found, _width = glyphs(path)
    letters = [g for g in found if drawn(g)] if tag != "en" else \
        [g for g in found if g.char.isalpha()]
    assert len(letters) > 20
    wrong = {(g.char, g.font) for g in letters if g.font.split("-Bold")[0] != face}
    assert not wrong, f"{tag}: drawn in another face than {face}: {sorted(wrong)[:5]}"
    assert "\ufffd" not in "".join(g.char for g in found)


def logo_plate(path: Path) -> tuple[int, int, int]:
    """Where the white logo plate sits in the brand band: its first and last columns (those
    white over most of the band's height; the white letters of the name are thin), and the
    image width."""
    with Image.open(path) as opened:
        image = opened.convert("RGB")
    width, height = image.size
    top = image.crop((0, 0, width, height // 4))
    colours = Counter(p for p in top.get_flattened_data() if p != (255, 255, 255))
    primary = colours.most_common(1)[0][0]  # the band's colour
    band = [y for y in range(height // 4)
            if sum(image.getpixel((x, y)) == primary for x in range(0, width, 10)) > width / 40]
    row = band[len(band) // 2]
    inside = [x for x in range(width) if image.getpixel((x, row)) == primary]
    plate = [x for x in range(inside[0], inside[-1] + 1)
             if sum(image.getpixel((x, y)) == (255, 255, 255) for y in band) > len(band) / 2]
    return plate[0], plate[-1], width


def test_right_to_left_share_images_are_mirrored(built: BuildResult, kit: Path) -> None:
    message = first_message(kit)
    for name in ("square", "link"):
        start, end, width = logo_plate(built.out / "en" / "community" / message / f"{name}.png")
        assert end - start > 40 and end < width / 3, "the English logo sits at the left"
        start_ar, end_ar, _ = logo_plate(built.out / "ar" / "community" / message /
                                         f"{name}.png")
        assert start_ar > 2 * width / 3, "the Arabic logo sits at the right"
        # The same design, mirrored: the plate's distance from its edge is the same.
        assert abs((width - 1 - end_ar) - start) <= 2


def test_each_image_comes_with_its_description_and_caption(built: BuildResult,
                                                           kit: Path) -> None:
    message = first_message(kit)
    folder = built.out / "ru" / "community" / message
    alt = (folder / "alt.txt").read_text(encoding="utf-8")
    caption = (folder / "caption.txt").read_text(encoding="utf-8")
    assert "Riverside Family Health Network" in alt and "(555) 010-0199" in alt
    assert re.search("[а-яА-Я]{4}", alt) and re.search("[а-яА-Я]{4}", caption)
    # The caption is the message's translated `social` text, its placeholders filled.
    assert "{" not in caption and len(caption) <= 280
    english = (built.out / "en" / "community" / message / "caption.txt").read_text("utf-8")
    social = front_matter(kit / "messages" / "community" / f"{message}.md")["social"]
    assert english.strip() == social.replace("{phone}", "(555) 010-0199").replace(
        "{organization}", "Riverside Family Health Network")


# -- link previews ---------------------------------------------------------------------------

def meta(page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, content in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"',
                                    page):
        found.setdefault(name, []).append(content)
    return found


@pytest.mark.parametrize("page", ["ar/community.html", "zh-Hans/decision-makers.html",
                                  "index.html"])
def test_web_pages_carry_link_previews_with_absolute_images(built: BuildResult, kit: Path,
                                                            page: str) -> None:
    tags = meta((built.out / page).read_text(encoding="utf-8"))
    lang = page.split("/")[0] if "/" in page else "en"
    audience = page.split("/")[1].removesuffix(".html") if "/" in page else "community"
    for name in ("og:title", "og:description", "og:image", "og:locale", "og:image:alt",
                 "twitter:card", "twitter:title", "twitter:image"):
        assert tags.get(name), f"{page}: no {name}"
    image = tags["og:image"][0]
    assert image == f"{SITE}{lang}/{audience}/{first_message(kit, audience)}/link.png"
    assert (built.out / image.removeprefix(SITE)).is_file()
    assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["og:locale"][0].startswith(lang.split("-")[0] + "_")
    assert len(tags["og:locale:alternate"]) == len(LANGUAGES) - 1
    if page != "index.html":
        assert tags["og:url"] == [SITE + page]


def test_the_preview_is_in_the_page_s_language(built: BuildResult) -> None:
    tags = meta((built.out / "ru/community.html").read_text(encoding="utf-8"))
    assert re.search("[а-яА-Я]{4}", tags["og:description"][0])
    assert tags["og:locale"] == ["ru_RU"]


def test_without_a_site_address_the_preview_image_is_relative(tmp_path: Path) -> None:
    kit = copy_sample_kit(tmp_path / "kit")
    result = build_kit(kit, formats=("html",), languages=("en",), jobs=1)
    tags = meta((result.out / "en/community.html").read_text(encoding="utf-8"))
    assert "og:image" not in tags  # no share images in this output: none to point at
    assert tags["twitter:card"] == ["summary"] and tags["og:description"]


# -- text messages ---------------------------------------------------------------------------

def rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_sms_csv_lists_every_language_counted(built: BuildResult, kit: Path) -> None:
    every = rows(built.out / "sms.csv")
    assert list(every[0]) == ["message", "audience", "lang", "text", "encoding", "segments",
                              "characters"]
    assert sorted({r["lang"] for r in every}) == sorted(LANGUAGES)
    assert len(every) == 2 * len(LANGUAGES)
    for row in every:
        counted = count(row["text"])
        assert (row["encoding"], int(row["segments"]), int(row["characters"])) == \
            (counted.encoding, counted.segments, counted.characters)
        assert "{" not in row["text"]
    by_lang = {r["lang"]: r for r in every if r["audience"] == "community"}
    assert by_lang["en"]["encoding"] == "GSM-7" and by_lang["ru"]["encoding"] == "UCS-2"
    assert rows(built.out / "ar" / "sms.csv") == [r for r in every if r["lang"] == "ar"]


# -- wallet cards ----------------------------------------------------------------------------

def page_text(document: pdfium.PdfDocument, index: int,
              box: tuple[float, float, float, float] | None = None) -> str:
    """The text of a page, or of a box on it (left, top, right, bottom from the top left)."""
    page = document[index]
    text = page.get_textpage()
    if box is None:
        return text.get_text_range()
    left, top, right, bottom = box
    height = page.get_height()
    return text.get_text_bounded(left, height - bottom, right, height - top)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_card_measures_3_5_by_2_inches_source_on_the_front(built: BuildResult,
                                                             kit: Path) -> None:
    message = first_message(kit)
    title = re.search(r"(?m)^title: (.*)$", (kit / "messages" / "community" /
                                             f"{message}.md").read_text("utf-8"))
    assert title is not None
    for lang in LANGUAGES:
        card = pdfium.PdfDocument(built.out / lang / "community" / message / "card.pdf")
        assert len(card) == 2
        for page in card:
            assert (round(page.get_width(), 2), round(page.get_height(), 2)) == \
                (3.5 * INCH, 2 * INCH)
        assert squash(title.group(1)) in squash(page_text(card, 0))
        back = page_text(card, 1)
        if lang == "en":  # the back of an English card says how to reach the organization
            assert "(555) 010-0199" in back and "help@example.org" in back
        else:
            assert squash(title.group(1)) not in squash(back)
    assert re.search("[а-яА-Я]{4}", page_text(pdfium.PdfDocument(
        built.out / "ru" / "community" / message / "card.pdf"), 1))


def grid(paper: tuple[float, float]) -> tuple[float, float]:
    """The top left corner of ten 3.5 x 2 in cards, two across and five down, centred."""
    width, height = paper
    return (width - 2 * 3.5 * INCH) / 2, (height - 5 * 2 * INCH) / 2


def dark_columns(image: Image.Image, top: int, bottom: int) -> set[int]:
    gray = image.convert("L")
    return {x for x in range(gray.width)
            if any(gray.getpixel((x, y)) < 200 for y in range(top, bottom))}


def test_the_card_sheet_has_crop_marks_on_every_cut(built: BuildResult) -> None:
    sheet = pdfium.PdfDocument(built.out / "ru" / "community-cards.pdf")
    assert len(sheet) == 2  # a front and a back
    width, height = sheet[0].get_size()
    assert (round(width), round(height)) == (612, 792)  # letter
    left, top = grid((width, height))
    for side in (0, 1):  # both sides, so the marks show whichever way up the sheet is cut
        image = sheet[side].render(scale=SCALE).to_pil()
        # In the top margin, above the cards: ink only on the three vertical cut lines.
        marks = dark_columns(image, 2, int(top * SCALE) - 3)
        cuts = [SCALE * x for x in (left, left + 3.5 * INCH, left + 7 * INCH)]
        assert marks, "no crop marks in the top margin"
        assert all(any(abs(x - cut) <= SCALE for cut in cuts) for x in marks)
        assert all(any(abs(x - cut) <= SCALE for x in marks) for cut in cuts)
        # In the left margin: a mark at each of the six horizontal cuts.
        rotated = image.transpose(Image.Transpose.ROTATE_90)  # rows become columns
        across = dark_columns(rotated, rotated.height - int(left * SCALE) + 3,
                              rotated.height - 2)
        lines = [rotated.width - SCALE * (top + row * 2 * INCH) for row in range(6)]
        assert all(any(abs(x - y) <= SCALE for x in across) for y in lines), (lines, across)


def test_the_back_of_the_sheet_mirrors_the_front_s_columns(built: BuildResult,
                                                           kit: Path) -> None:
    sheet = pdfium.PdfDocument(built.out / "ru" / "community-cards.pdf")
    left, top = grid(sheet[0].get_size())
    card = pdfium.PdfDocument(built.out / "ru" / "community" / first_message(kit) / "card.pdf")
    front, back = squash(page_text(card, 0))[:20], squash(page_text(card, 1))[:20]
    w, h = 3.5 * INCH, 2 * INCH
    for row in range(5):
        for column in range(2):
            x, y = left + column * w, top + row * h
            mirrored = left + (1 - column) * w
            on_front = squash(page_text(sheet, 0, (x + 2, y + 2, x + w - 2, y + h - 2)))
            behind = squash(page_text(sheet, 1, (mirrored + 2, y + 2, mirrored + w - 2,
                                                 y + h - 2)))
            assert on_front, f"slot {row},{column} is empty"
            # Two messages alternate on the sheet; where this card's front is, its back is
            # behind it, in the other column.
            assert (front in on_front) == (back in behind), f"slot {row},{column}"


# -- bilingual flyers ------------------------------------------------------------------------

def test_a_bilingual_flyer_has_english_on_the_front_and_one_qr_code(built: BuildResult,
                                                                    kit: Path) -> None:
    message = first_message(kit)
    path = built.out / "es" / "community" / message / "bilingual.pdf"
    flyer = pdfium.PdfDocument(path)
    assert len(flyer) == 2
    assert round(flyer[0].get_width()) == 612 and round(flyer[0].get_height()) == 792
    english = (kit / "messages" / "community" / f"{message}.md").read_text(encoding="utf-8")
    title = re.search(r"(?m)^title: (.*)$", english)
    assert title is not None and squash(title.group(1)) in squash(page_text(flyer, 0))
    assert squash(title.group(1)) not in squash(page_text(flyer, 1))
    assert re.search("[áéíóúñ¿¡]", page_text(flyer, 1))

    # The same layout on both sides: the action band's QR code (to the Spanish page) drawn
    # the same, pixel for pixel, in the same column; only the height of the text above it
    # (longer in Spanish) may move it up or down a little. The code is the page's only pure
    # black (the theme's text is a dark blue-grey).
    def qr_code(index: int) -> tuple[tuple[int, int, int, int], list[list[bool]]]:
        """Where the code is (pixels at 4x) and its modules, read at each module's centre."""
        image = flyer[index].render(scale=4).to_pil().convert("L")
        box = image.point(lambda v: 255 if v < 10 else 0).getbbox()
        assert box is not None, f"no QR code on page {index + 1}"
        left, top, right, bottom = box
        finder = 0  # the top-left finder pattern's top row is 7 dark modules
        while image.getpixel((left + finder, top + 1)) < 128:
            finder += 1
        size = 21 + 4 * round((7 * (right - left) / finder - 21) / 4)  # QR sizes are 21 + 4k
        step = (right - left) / size
        return box, [[image.getpixel((int(left + (x + 0.5) * step), int(top + (y + 0.5) * step)))
                      < 128 for x in range(size)] for y in range(size)]

    (front, front_code), (back, back_code) = qr_code(0), qr_code(1)
    assert front_code == back_code
    assert len(front_code) >= 21 and any(not dark for row in front_code for dark in row)
    assert (front[0], front[2]) == (back[0], back[2])
    assert abs(front[1] - back[1]) < 0.05 * flyer[0].get_height() * 4
    assert front[1] > 0.6 * flyer[0].get_height() * 4  # in the action band, low on the page
    assert not (built.out / "ru" / "community" / message / "bilingual.pdf").exists()


# -- the kit's pages and manifest ------------------------------------------------------------

def test_manifest_lists_every_form_with_its_format(built: BuildResult, kit: Path) -> None:
    manifest = json.loads((built.out / "manifest.json").read_text(encoding="utf-8"))
    formats = {entry["path"]: entry["format"] for entry in manifest["artifacts"]}
    message = first_message(kit)
    folder = f"ar/community/{message}/"
    assert {formats[folder + f"{name}.png"] for name in SIZES} == {"social"}
    assert formats[folder + "alt.txt"] == "alt-text"
    assert formats[folder + "caption.txt"] == "caption"
    assert formats[folder + "card.pdf"] == "card"
    assert formats["ar/community-cards.pdf"] == "card-sheet"
    assert formats["sms.csv"] == formats["ar/sms.csv"] == "sms"
    assert formats[f"es/community/{message}/bilingual.pdf"] == "bilingual"


def links(page: str) -> set[str]:
    return set(re.findall(r'href="([^"#]+)', page))


def test_home_and_language_pages_link_every_form(built: BuildResult, kit: Path) -> None:
    home = links((built.out / "index.html").read_text(encoding="utf-8"))
    assert {"sms.csv", "ar/sms.csv", "ar/community-cards.pdf", "ar/community.html"} <= home
    message = first_message(kit)
    page = links((built.out / "es/community.html").read_text(encoding="utf-8"))
    assert {f"community/{message}/{name}.png" for name in SIZES} <= page
    assert {f"community/{message}/{name}" for name in ("alt.txt", "caption.txt", "card.pdf",
                                                       "bilingual.pdf")} <= page
    assert {"community-cards.pdf", "sms.csv"} <= page
    for href in home | page:
        if "://" not in href and not href.startswith(("mailto:", "tel:")):
            base = built.out if href in home else built.out / "es"
            assert (base / href).exists(), href


def test_a_second_build_takes_every_form_from_the_output(built: BuildResult,
                                                         kit: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        again = build_kit(kit, formats=FORMATS, jobs=2)
    assert again.counts.get("rendered", 0) == 0


def test_the_sample_kit_s_messages_have_social_and_sms_text() -> None:
    for path in sorted((REPO / "messages").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        assert re.search(r"(?m)^social: ", text) and re.search(r"(?m)^sms: ", text), path.name



# -- settings --------------------------------------------------------------------------------

SETTINGS = """\
[kit]
title = "K"
languages = ["en", "es", "ru"]
{kit}
[organization]
name = "O"
{tables}"""


def settings(tmp_path: Path, kit: str = "", tables: str = "") -> Path:
    (tmp_path / "outreach.toml").write_text(SETTINGS.format(kit=kit, tables=tables),
                                            encoding="utf-8")
    return tmp_path


def test_the_new_forms_are_made_when_the_kit_asks(tmp_path: Path) -> None:
    assert load_config(settings(tmp_path)).formats == ("html", "pdf", "flyer")
    config = load_config(settings(tmp_path, 'bilingual = ["ES"]'))
    assert config.bilingual == ("es",) and "bilingual" in config.formats
    config = load_config(settings(tmp_path, 'formats = ["sms", "html", "social"]'))
    assert config.formats == ("html", "social", "sms")
    # A kit narrowed to fewer languages keeps its bilingual list: a warning, not an error.
    config = load_config(settings(tmp_path, 'bilingual = ["es", "zh-Hant"]'))
    assert config.bilingual == ("es",)
    assert [str(w) for w in config.warnings] == [
        "outreach.toml:4: kit.bilingual[1]: 'zh-Hant' is not in kit.languages, so it gets no "
        "bilingual flyer"]


def test_bad_settings_for_the_new_forms_name_their_keys(tmp_path: Path) -> None:
    settings(tmp_path, 'formats = ["html", "tiktok"]\nbilingual = ["en"]',
             "[sms]\nmax_segments = 0\ntransliterate = \"yes\"\n"
             "[social]\ncaption_limit = true\n[card]\nmin_scale = 2\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert sorted(str(p) for p in info.value.problems) == sorted([
        "outreach.toml:4: kit.formats[1]: unknown format 'tiktok'; use html, pdf, flyer, "
        "social, sms, card, bilingual",
        "outreach.toml:5: kit.bilingual[0]: 'en' is the source language, on the front of every "
        "bilingual flyer already; list the languages for the back",
        "outreach.toml:9: sms.max_segments: must be a whole number from 1 to 10, not 0",
        "outreach.toml:10: sms.transliterate: must be true or false, not a string",
        "outreach.toml:12: social.caption_limit: must be a whole number from 1 to 5000, not True",
        "outreach.toml:14: card.min_scale: must be a number from 0.5 to 1, not 2"])


def test_a_caption_over_the_kit_s_limit_names_its_line(tmp_path: Path) -> None:
    from helpers import make_kit, message

    from outreach.errors import OutreachError
    from outreach.kit.messages import load_messages

    kit = make_kit(tmp_path / "kit", {"community/a": message(social="x" * 41)})
    with (kit / "outreach.toml").open("a", encoding="utf-8") as f:
        f.write("\n[social]\ncaption_limit = 40\n")
    with pytest.raises(OutreachError) as info:
        load_messages(load_config(kit))
    assert [str(p) for p in info.value.problems] == [
        "messages/community/a.md:2: 'social' is 41 characters; the limit is 40, shorten it"]


def test_pages_with_every_form_have_no_wcag_violations(built: BuildResult,
                                                      browser: Browser) -> None:
    pages = sorted(built.out.rglob("*.html"))
    assert len(pages) == 1 + 2 * len(LANGUAGES)
    found = {}
    context = browser.new_context()
    page = context.new_page()
    for path in pages:
        page.goto(path.as_uri())
        assert path.name == "index.html" or page.locator("section.share").count() == 1
        violations = Axe().run(page, options=WCAG).response["violations"]
        if violations:
            found[path.relative_to(built.out).as_posix()] = [
                (v["id"], v["nodes"][0]["html"][:120]) for v in violations]
    context.close()
    assert found == {}


def test_a_narrowed_build_keeps_the_other_languages_text_messages(tmp_path: Path) -> None:
    kit = small_sample(tmp_path / "kit")
    build_kit(kit, formats=("sms",), jobs=1)
    edited = sorted((kit / "messages" / "community").glob("*.md"))[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(re.sub(r'(?m)^sms: .*$', 'sms: "Call {phone} today."', text),
                      encoding="utf-8")
    # The English text changed and only English is built now: the kit's sms.csv still lists
    # every language, as the earlier build published them.
    result = build_kit(kit, formats=("sms",), languages=("en",), jobs=1)
    every = rows(result.out / "sms.csv")
    assert sorted({r["lang"] for r in every}) == sorted(LANGUAGES)
    english = [r["text"] for r in every if r["lang"] == "en" and r["audience"] == "community"]
    assert english == ["Call (555) 010-0199 today."]


def test_a_text_message_that_looks_like_a_formula_stays_text_in_a_spreadsheet() -> None:
    from outreach.render.sms import SmsRow, sms_csv

    hostile = '=HYPERLINK("https://evil.example/","Call us")'
    data = sms_csv([SmsRow("a", "community", "es", hostile),
                    SmsRow("b", "community", "es", "Llame al (555) 010-0199.")])
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert parsed[1][3] == "'" + hostile
    assert parsed[2][3] == "Llame al (555) 010-0199."
    assert parsed[1][5] == "1"  # counted as sent: the apostrophe is only for spreadsheets
