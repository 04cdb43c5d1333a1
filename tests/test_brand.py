"""[brand]: logos inside the kit, colours whose text passes WCAG AA, a face per script; and the
messages' pictures, each with its description."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from helpers import build_kit, logo_png, make_kit, message, po_file
from PIL import Image
from pypdf import PdfReader

from outreach.errors import OutreachError
from outreach.kit.config import ConfigError, load_config

CONFIG = """\
[kit]
title = "Test kit"
languages = {languages}

[organization]
name = "Test Org"
phone = "(555) 010-0100"
website = "https://example.org"

[brand]
{brand}
"""


def config(brand: str, languages: str = '["en"]') -> str:
    return CONFIG.format(brand=brand, languages=languages)


def png(width: int = 40, height: int = 20, colour: tuple[int, int, int] = (30, 90, 120)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(width: int = 80, height: int = 50) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
       b'<circle r="5" cx="5" cy="5"/></svg>')


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2's definition, written out again here so the test does not trust the code."""
    def linear(byte: int) -> float:
        c = byte / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def ratio(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def config_problems(root: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(root)
    return [str(p) for p in info.value.problems]


def test_colours_whose_text_fails_wcag_aa_are_refused_with_their_ratio(tmp_path: Path) -> None:
    make_kit(tmp_path, {}, config=config('primary = "#7fb3d5"\naccent = "#808080"'))
    primary, accent = config_problems(tmp_path)
    found = re.fullmatch(r"outreach\.toml:11: brand\.primary: white text on #7fb3d5 has a contrast "
                         r"ratio of (\d\.\d\d):1; WCAG AA needs 4\.5:1: choose a darker colour",
                         primary)
    assert found, primary
    assert float(found.group(1)) == pytest.approx(ratio("#7fb3d5", "#ffffff"), abs=0.01)
    found = re.fullmatch(r"outreach\.toml:12: brand\.accent: neither white nor dark text reads "
                         r"well on #808080: the better one reaches (\d\.\d\d):1, WCAG AA needs "
                         r"4\.5:1: choose a lighter or darker colour", accent)
    assert found, accent
    best = max(ratio("#808080", "#ffffff"), ratio("#808080", "#1d2733"))
    assert best < 4.5
    assert float(found.group(1)) == pytest.approx(best, abs=0.01)


def test_colours_that_pass_reach_every_page(tmp_path: Path) -> None:
    kit = make_kit(tmp_path, {"community/a": message()},
                   config=config('primary = "#1F4E79"\naccent = "#FFD166"'))
    brand = load_config(kit).brand
    assert (brand.primary, brand.accent) == ("#1f4e79", "#ffd166")
    assert ratio(brand.primary, "#ffffff") >= 4.5
    assert ratio(brand.accent, brand.on_accent) >= 4.5
    out = build_kit(kit, formats=("html",)).out
    css = (out / "assets/brand.css").read_text()
    assert "--primary: #1f4e79;" in css and "--accent: #ffd166;" in css
    assert f"--on-accent: {brand.on_accent};" in css
    page = (out / "en/community.html").read_text()
    assert '<link rel="stylesheet" href="../assets/brand.css">' in page


def test_bad_brand_settings_are_each_one_line(tmp_path: Path) -> None:
    make_kit(tmp_path, {}, config=config(
        'logo = "../logo.svg"\npartner_logo = "images/partner.png"\nprimary = "teal"\n'
        '[brand.fonts]\nLatin = "Inter"'))
    assert config_problems(tmp_path) == [
        "outreach.toml:11: brand.logo: '../logo.svg' leads outside the kit; copy the image into "
        "the kit and name it from the kit folder, such as 'images/logo.svg'",
        "outreach.toml:10: brand.partner_name: missing; the partner logo needs it as its "
        'alternative text: add partner_name = "..." (the partner\'s name)',
        "outreach.toml:13: brand.primary: 'teal' is not a colour; write it as \"#rrggbb\", such as "
        '"#0b5e7a"',
        "outreach.toml:15: brand.fonts.Latin: 'Latin' is not an ISO 15924 script code such as "
        "'Latn', 'Hang' or 'Arab'",
    ]


def test_a_logo_that_is_not_an_image_or_not_there_stops_the_build(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   config=config('logo = "images/logo.png"\npartner_logo = "images/p.svg"\n'
                                 'partner_name = "Partner"'))
    (kit / "images").mkdir()
    (kit / "images/logo.png").write_text("not a picture at all")
    with pytest.raises(OutreachError) as info:
        build_kit(kit, formats=("html",))
    assert [str(p) for p in info.value.problems] == [
        "outreach.toml:11: brand.logo: images/logo.png is not an SVG or PNG image; save it as SVG "
        "or PNG",
        "outreach.toml:12: brand.partner_logo: images/p.svg: not found"]


def test_a_logo_outside_the_kit_is_refused_even_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.svg"
    outside.write_bytes(SVG)
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   config=config('logo = "logo.svg"'))
    (kit / "logo.svg").symlink_to(outside)
    with pytest.raises(OutreachError) as info:
        build_kit(kit, formats=("html",))
    (problem,) = info.value.problems
    assert str(problem).startswith("outreach.toml:11: brand.logo: logo.svg: is a link to ")
    assert "outside kit/" in str(problem)


def test_a_face_per_script(tmp_path: Path) -> None:
    kit = make_kit(tmp_path, {"community/a": message()}, config=config(
        '[brand.fonts]\nLatn = "Brand Sans"\nHang = "Brand Gothic"', '["en", "ko", "ar"]'),
        catalogs={"ko": po_file([], "ko"), "ar": po_file([], "ar")})
    css = load_config(kit).brand.css(load_config(kit).languages)
    assert re.search(r':lang\(en\) \{ font-family: "Brand Sans", ', css)
    assert re.search(r':lang\(ko\) \{ font-family: "Brand Gothic", ', css)
    assert ":lang(ar)" not in css  # no face named for Arabic: the theme's stays


def picture_kit(root: Path, **extra: str) -> Path:
    front = {"image": "images/clinic.jpg", "image_alt": "A nurse greets a family at the door."}
    kit = make_kit(root, {"community/a": message(**front)}, languages=("en", "es"),
                   config=config('logo = "images/logo.png"', '["en", "es"]') + extra.get(
                       "more", ""),
                   catalogs={"es": po_file([
                       ("community/a:image_alt", front["image_alt"],
                        "Una enfermera recibe a una familia en la puerta.")])})
    (kit / "images").mkdir()
    (kit / "images/logo.png").write_bytes(png())
    (kit / "images/clinic.jpg").write_bytes(jpeg())
    return kit


def figures(path: Path) -> list[str]:
    """The alternative text of every figure in a tagged PDF's structure tree."""
    reader = PdfReader(path)
    found: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
            return
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_logo_and_picture_carry_their_alternative_text_in_the_tagged_pdf(tmp_path: Path) -> None:
    kit = picture_kit(tmp_path / "kit")
    out = build_kit(kit, formats=("html", "flyer"), allow_partial=True).out
    assert sorted(figures(out / "en/community/a.pdf")) == [
        "A nurse greets a family at the door.", "QR code: example.org", "Test Org"]
    assert "Una enfermera recibe a una familia en la puerta." in figures(
        out / "es/community/a.pdf")
    page = (out / "es/community.html").read_text()
    assert ('<img src="../assets/kit/images/clinic.jpg" alt="Una enfermera recibe a una '
            'familia en la puerta." width="80" height="50">') in page
    assert (out / "assets/kit/images/clinic.jpg").read_bytes() == jpeg()


def test_a_picture_that_is_missing_names_the_message_line(tmp_path: Path) -> None:
    kit = picture_kit(tmp_path / "kit")
    (kit / "images/clinic.jpg").unlink()
    (kit / "images/notes.jpg").write_text("a text file")
    (kit / "messages/community/b.md").write_text(
        message(image="images/notes.jpg", image_alt="Notes."), encoding="utf-8")
    with pytest.raises(OutreachError) as info:
        build_kit(kit, formats=("html",))
    assert [str(p) for p in info.value.problems] == [
        "messages/community/a.md:2: image: images/clinic.jpg: not found",
        "messages/community/b.md:2: image: images/notes.jpg is not a PNG, JPEG or SVG image; "
        "save it as PNG, JPEG or SVG"]


def test_a_picture_that_does_not_decode_is_refused_not_printed_broken(tmp_path: Path) -> None:
    """A file that starts like a PNG or a JPEG but is cut short (an interrupted download) is
    not an image: every flyer would print a broken picture."""
    kit = picture_kit(tmp_path / "kit")
    (kit / "images/clinic.jpg").write_bytes(jpeg()[:40])
    (kit / "images/cut.png").write_bytes(logo_png()[:30])
    (kit / "messages/community/b.md").write_text(
        message(image="images/cut.png", image_alt="Cut."), encoding="utf-8")
    with pytest.raises(OutreachError) as info:
        build_kit(kit, formats=("html",))
    assert [str(p) for p in info.value.problems] == [
        "messages/community/a.md:2: image: images/clinic.jpg is not a PNG, JPEG or SVG image; "
        "save it as PNG, JPEG or SVG",
        "messages/community/b.md:2: image: images/cut.png is not a PNG, JPEG or SVG image; "
        "save it as PNG, JPEG or SVG"]
