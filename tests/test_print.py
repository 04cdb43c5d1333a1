"""Flyers and sheets as a reader holds them: a QR code that scans, a page with no blank band,
whole phone numbers, Korean broken between words, link addresses on paper, a sheet that reads
like a brief."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
import pypdfium2
import pytest
import zxingcpp
from helpers import REPO, SAMPLE_LANGUAGES, build_kit, copy_sample_kit
from pypdf import PdfReader

from outreach.build import BuildResult
from outreach.render.finish import WORD_JOINER, for_print, for_web

PHONE = "(555) 010-0199"
ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))
MAX_BLANK = 0.12  # of the page height, at the bottom of a flyer


def flyers(result: BuildResult) -> list[Path]:
    return [result.out / a.path for a in result.artifacts if a.format == "flyer"]


def raster(path: Path, dpi: int = 100, page: int = 0):  # noqa: ANN201 (a PIL image)
    pdf = pypdfium2.PdfDocument(path)
    try:
        return pdf[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()


def blank_at_bottom(image) -> float:  # noqa: ANN001
    """The share of the page height, from the bottom edge, with nothing printed on it."""
    width, height = image.size
    pixels = image.load()
    for row in range(height - 1, -1, -1):
        if any(pixels[x, row] < 240 for x in range(0, width, 2)):
            return (height - 1 - row) / height
    return 1.0


def lines(path: Path) -> list[str]:
    """The PDF's text as poppler lays it out, a line of print per line."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [line.translate(ISOLATES) for line in text.splitlines()]


def test_every_flyer_qr_code_scans_to_the_organization_website(sample_build: BuildResult
                                                              ) -> None:
    found = {}
    for path in flyers(sample_build):
        codes = zxingcpp.read_barcodes(raster(path, 150))
        found[path.relative_to(sample_build.out).as_posix()] = [
            (c.format.name, c.text) for c in codes]
    assert len(found) == 80
    wrong = {path: codes for path, codes in found.items()
             if codes != [("QRCode", "https://example.org")]}
    assert wrong == {}


def test_with_a_site_url_the_qr_code_leads_to_the_message_web_page(tmp_path: Path) -> None:
    kit = copy_sample_kit(tmp_path / "kit")
    toml = kit / "outreach.toml"
    toml.write_text(toml.read_text().replace(
        '# site_url = "https://example.org/kit/"', 'site_url = "https://example.org/kit/"'))
    result = build_kit(kit, languages=("es", "ar"), audiences=("community",),
                       formats=("flyer",))
    for lang in ("es", "ar"):
        path = result.out / f"{lang}/community/every-child-can-go-to-school.pdf"
        (code,) = zxingcpp.read_barcodes(raster(path, 150))
        assert code.text == (f"https://example.org/kit/{lang}/community.html"
                             "#every-child-can-go-to-school")
        # The address printed under the code is the page's, without the scheme.
        assert f"example.org/kit/{lang}/community.html" in "\n".join(lines(path))


def test_the_website_is_written_one_way_on_a_flyer(tmp_path: Path) -> None:
    kit = copy_sample_kit(tmp_path / "kit")
    toml = kit / "outreach.toml"
    toml.write_text(toml.read_text().replace('website = "https://example.org"',
                                             'website = "https://www.example.org/clinics/"'))
    result = build_kit(kit, languages=("en",), audiences=("community",), formats=("flyer",))
    text = "\n".join(lines(result.out / "en/community/every-child-can-go-to-school.pdf"))
    # The contact line and the caption under the QR code: the same short address.
    assert text.count("example.org/clinics") >= 2
    assert "www.example.org" not in text and "clinics/" not in text


def test_flyers_fill_their_page(sample_build: BuildResult) -> None:
    blank = {path.relative_to(sample_build.out).as_posix(): blank_at_bottom(raster(path, 40))
             for path in flyers(sample_build)}
    assert len(blank) == 80
    assert {path: f"{share:.0%}" for path, share in blank.items() if share >= MAX_BLANK} == {}


def test_a4_flyers_fit_and_fill_their_page(tmp_path: Path) -> None:
    kit = copy_sample_kit(tmp_path / "kit")
    toml = kit / "outreach.toml"
    toml.write_text(toml.read_text().replace('paper = "letter"', 'paper = "a4"'))
    result = build_kit(kit, languages=("ru", "zh-Hant"), formats=("flyer",))
    for path in flyers(result):
        reader = PdfReader(path)
        assert len(reader.pages) == 1, path
        width, height = (float(v) for v in reader.pages[0].mediabox[2:])
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
        assert blank_at_bottom(raster(path, 40)) < MAX_BLANK, path
        assert zxingcpp.read_barcodes(raster(path, 150))[0].text == "https://example.org"


def test_every_phone_number_prints_whole(sample_build: BuildResult) -> None:
    for path in [*flyers(sample_build), *sample_build.out.glob("*/*.pdf")]:
        printed = lines(path)
        broken = [line for line in printed if line.rstrip().endswith(("(555)", "010-"))]
        assert broken == [], path
        assert any(PHONE in line for line in printed), path


def test_the_flyer_phone_number_is_set_large(sample_build: BuildResult) -> None:
    path = sample_build.out / "en/community/health-care-for-your-whole-family.pdf"
    pdf = pypdfium2.PdfDocument(path)
    text = pdf[0].get_textpage()
    search = text.search(PHONE, match_case=True)
    heights = []
    while (hit := search.get_next()) is not None:
        start, count = hit
        digit = next(i for i in range(start, start + count) if text.get_text_range(i, 1) == "5")
        left, bottom, right, top = text.get_charbox(digit)
        heights.append(top - bottom)
    pdf.close()
    # A digit of Noto Sans is 0.714 em tall: the largest number is set in 20 pt or more.
    assert max(heights) >= 0.7 * 20, heights
    assert min(heights) < 0.7 * 12  # the footer's, for comparison


def test_korean_flyer_lines_break_only_between_words(sample_build: BuildResult) -> None:
    catalog = polib.pofile(str(REPO / "translations/ko/LC_MESSAGES/messages.po"))
    words = set()
    for entry in catalog.translated_entries():
        text = entry.msgstr.replace("{organization}", "Riverside Family Health Network")
        text = text.replace("{phone}", PHONE).replace("{email}", "help@example.org")
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)|\*\*|\*", lambda m: m.group(1) or "", text)
        words |= {word.strip("():") for word in text.split()}
    hangul = re.compile("[\uac00-\ud7a3]")
    checked = 0
    for path in sample_build.out.glob("ko/*/*.pdf"):
        for line in lines(path):
            line = re.sub(r" \([a-z0-9-]+\.[a-z0-9./-]+\)", "", line)  # a link's address
            for word in line.split():
                if hangul.search(word):
                    checked += 1
                    assert word.strip("():") in words, f"{path.name}: {word!r} in {line!r}"
    assert checked > 500


def test_printed_links_show_their_address_and_web_links_do_not(sample_build: BuildResult
                                                                ) -> None:
    path = sample_build.out / "en/community/health-care-for-your-whole-family.pdf"
    text = " ".join(" ".join(lines(path)).split())
    assert "list of clinics near you (example.org/clinics)" in text
    sheet = " ".join(" ".join(lines(sample_build.out / "en/decision-makers.pdf")).split())
    assert "public health brief (example.org/briefs/public-health)" in sheet
    page = (sample_build.out / "en/community.html").read_text(encoding="utf-8")
    assert '<a href=https://example.org/clinics>list of clinics near you</a>, or' in page
    assert "example.org/clinics)" not in page


def test_the_value_tag_is_not_printed(sample_build: BuildResult) -> None:
    school = sample_build.out / "en/community/every-child-can-go-to-school.pdf"
    assert "Opportunity" not in " ".join(lines(school))
    assert "Opportunity" not in (sample_build.out / "en/community.html").read_text()


def test_the_sheet_reads_like_a_brief(sample_build: BuildResult) -> None:
    path = sample_build.out / "en/community.pdf"
    reader = PdfReader(path)
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    messages = sorted((REPO / "messages/community").glob("*.md"))
    # The cover: kit title, audience, one line per message with its key message, the contact.
    cover = pages[0]
    assert "Community members" in cover and "Every family belongs here" in cover
    for source in messages:
        front = dict(re.findall(r"^(title|key_message): (.*)$", source.read_text(), re.M))
        assert front["title"] in cover and front["key_message"] in cover
    assert "help@example.org" in cover
    # Then the messages flow on, not one to a page, with the contact details on every page.
    assert len(pages) <= len(messages)
    for number, text in enumerate(pages[1:], start=2):
        assert PHONE in text and "help@example.org" in text, f"page {number}"
        assert f"{number} / {len(pages)}" in text


# --- the last touches themselves -------------------------------------------------------------

PAGE = ('<html><head><title>t</title></head><body>'
        '<p>See the <a href="https://example.org/clinics/">list of clinics</a> or '
        '<a href="https://example.org">example.org</a>. Call '
        '<bdi class="ph-phone">\u2066(555) 010-0199\u2069</bdi>.</p>'
        '<h1>센터는 여기 있습니다</h1><p>我们为所有人服务。</p>'
        '<p><a href="tel:5550100199">Call <bdi class="ph-phone">\u2066(555) 010-0199\u2069'
        '</bdi></a></p></body></html>')


def test_print_text_gets_addresses_whole_words_and_no_lone_last_word() -> None:
    printed = for_print(PAGE)
    assert ('<a href="https://example.org/clinics/">list of clinics</a><span class='
            '"link-address"> (\u2066example.org/clinics\u2069)</span>') in printed
    assert printed.count("link-address") == 1  # a link that shows its address says it once
    assert "센\u2060터\u2060는 여\u2060기 \u2060있\u2060습\u2060니\u2060다" in printed
    assert "服\u2060务\u2060。" in printed
    assert 'Call <a href="tel:5550100199"><bdi class="ph-phone">' in printed
    # A phone number already in a link is not linked twice.
    assert printed.count('href="tel:5550100199"') == 2
    assert for_print(printed).replace(WORD_JOINER, "") != ""  # idempotent enough to rerun


def test_web_text_has_no_invisible_marks_and_links_contacts() -> None:
    page = for_web(PAGE)
    assert not set("\u2066\u2067\u2068\u2069\u2060") & set(page)
    assert ('Call <a href="tel:5550100199"><bdi class="ph-phone" dir="ltr">(555) 010-0199'
            '</bdi></a>.') in page
    assert "link-address" not in page


@pytest.mark.parametrize("lang", [lang for lang in SAMPLE_LANGUAGES if lang != "en"])
def test_web_pages_carry_no_direction_marks(sample_build: BuildResult, lang: str) -> None:
    for path in (sample_build.out / lang).glob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert not set("\u2066\u2067\u2068\u2069\u2060") & set(page), path
        # (Markup from a message body carries its attributes unquoted: see render/markdown.py.)
        phones = re.findall(r'(<a href="tel:[0-9+]+">)?<bdi class="?ph-phone\b', page)
        assert phones and all(phones), path


CLOSING = "，。、；：！？）」』】〉》"


def test_chinese_lines_never_start_with_closing_punctuation(sample_build: BuildResult) -> None:
    checked = 0
    for path in [*sample_build.out.glob("zh-*/*/*.pdf"), *sample_build.out.glob("zh-*/*.pdf")]:
        for line in lines(path):
            text = line.strip()
            if text:
                checked += 1
                assert text[0] not in CLOSING, f"{path.name}: {line!r}"
                # No line holds a single character (with its punctuation) on its own.
                assert len(text.rstrip(CLOSING)) > 1 or not re.match(r"[\u4e00-\u9fff]", text), \
                    f"{path.name}: {line!r}"
    assert checked > 500


def test_every_image_in_every_flyer_has_alternative_text(sample_build: BuildResult) -> None:
    from test_brand import figures

    for path in flyers(sample_build):
        found = figures(path)
        assert len(found) == 2 and all(found), path  # the logo and the QR code
        assert "Riverside Family Health Network" in found, path


def test_a_long_flyer_keeps_the_largest_type_that_fits(tmp_path: Path) -> None:
    from dataclasses import replace

    from helpers import make_kit, message
    from test_languages import LONG, flyer_config

    from outreach.build.environment import render_environment
    from outreach.build.plan import PlanOptions, plan
    from outreach.kit.snapshot import read_kit
    from outreach.render.pdf import SCALE_STEP, render_pdf

    kit = make_kit(tmp_path / "kit", {"community/a": message(body=LONG)},
                   config=flyer_config(0.7))
    (job,) = [a.work for a in plan(read_kit(kit), PlanOptions(), render_environment())
              if a.kind == "flyer"]
    fitted = render_pdf(job)
    assert fitted.pages == 1 and fitted.scale < 1
    assert fitted.renders <= 3
    # One step larger does not fit.
    larger = render_pdf(replace(job, min_scale=round(fitted.scale + SCALE_STEP, 2)))
    assert larger.pages == 2 and larger.scale == round(fitted.scale + SCALE_STEP, 2)
