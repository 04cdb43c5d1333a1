"""One link policy: a translation links exactly where its source links, in every Markdown form.

`outreach i18n check` refuses any other link at the catalog line (and so stops the build), and
the renderer turns it into plain text, so that even with the checks off no page and no PDF
link annotation leads anywhere the source does not.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import build_kit, make_kit, message, po_file
from pypdf import PdfReader

from outreach.kit.links import links, normalize
from outreach.render.markdown import render_body

from .conftest import config_of, findings, plant

LINKS = "See the [list of clinics near you](https://example.org/clinics), or write to " \
    "help@example.org."
CLINICS = "https://example.org/clinics"


@pytest.mark.parametrize(("written", "same_as"), [
    ("HTTPS://EXAMPLE.ORG/clinics", "https://example.org/clinics"),
    ("https://example.org:443/clinics", "https://example.org/clinics"),
    ("http://example.org:80", "http://example.org/"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org/%63linics", "https://example.org/clinics"),
    ("https:example.org/clinics", "https://example.org/clinics"),
    ("https:\\\\example.org\\clinics", "https://example.org/clinics"),
    ("https://exa\tmple.org/cli\nnics", "https://example.org/clinics"),
    ("MAILTO:help@EXAMPLE.org", "mailto:help@example.org"),
])
def test_spellings_of_one_address_are_one_target(written: str, same_as: str) -> None:
    assert normalize(written) == normalize(same_as)


@pytest.mark.parametrize(("written", "other"), [
    ("https://example.org/clinics/", "https://example.org/clinics"),  # may be another page
    ("https://example.org/Clinics", "https://example.org/clinics"),  # paths keep their case
    ("//example.org/clinics", "https://example.org/clinics"),  # not a way around the policy
    ("https://example.org:8443/clinics", "https://example.org/clinics"),
    ("https://example.org@evil.example/clinics", "https://example.org/clinics"),
    ("http://example.org/clinics", "https://example.org/clinics"),
])
def test_different_targets_stay_different(written: str, other: str) -> None:
    assert normalize(written) != normalize(other)


def not_in_source(target: str) -> tuple[str, str, str]:
    return ("links", "error", f"the link to {target} is not in the source text")


MISSING = ("links", "error", f"the link to {CLINICS} is missing or its address changed: keep "
           "[link text](address) with the address exactly as in the source")


@pytest.mark.parametrize(("translation", "expected"), [
    # Each form Markdown has for a link, each leading somewhere the source does not.
    ("Vea la [lista](HTTPS://evil.example), o escriba a help@example.org.",
     [MISSING, not_in_source("HTTPS://evil.example")]),
    ("Vea la [lista](https://example.org/clinics) y <HTTP://evil.example/login>, o escriba a "
     "help@example.org.", [not_in_source("HTTP://evil.example/login")]),
    ("Vea la [lista](https://evil.example/clinics 'Clínicas'), o escriba a help@example.org.",
     [MISSING, not_in_source("https://evil.example/clinics")]),
    ('Vea la [lista](https://evil.example/clinics "Clínicas"), o escriba a help@example.org.',
     [MISSING, not_in_source("https://evil.example/clinics")]),
    ("Vea la [lista](https://evil.example/clinics (Clínicas)), o escriba a help@example.org.",
     [MISSING, not_in_source("https://evil.example/clinics")]),
    ("Vea la [lista](<https://evil.example/clinics>), o escriba a help@example.org.",
     [MISSING, not_in_source("https://evil.example/clinics")]),
    ("Vea la [lista](//evil.example/clinics), o escriba a help@example.org.",
     [MISSING, not_in_source("//evil.example/clinics")]),
    ("Vea la [lista](https:evil.example), o escriba a help@example.org.",
     [MISSING, not_in_source("https:evil.example")]),
    ("Vea la [lista][clinicas], o escriba a help@example.org.",
     [MISSING, not_in_source("[clinicas]"),
      # Without a [clinicas]: definition in the message, it shows as typed.
      ("markup", "warning", "an unpaired '[' would show as text: the markup is unbalanced"),
      ("markup", "warning", "an unpaired ']' would show as text: the markup is unbalanced")]),
    ("Vea la [lista](https://example.org/clinics), o escriba a help@example.org o "
     "<ayuda@evil.example>.", [not_in_source("ayuda@evil.example")]),
    ("Vea la [lista](https://example.org/clinics), o escriba a help@example.org o [llame]"
     "(tel:5550100).", [not_in_source("tel:5550100")]),
    # Addresses written as text, whatever their case.
    ("Vea la [lista](https://example.org/clinics) en HTTPS://evil.example/clinics, o escriba "
     "a help@example.org.", [("links", "error", "HTTPS://evil.example/clinics is not in the "
                              "source text: contact details and addresses must match the "
                              "source")]),
    ("Vea la [lista](https://example.org/clinics) en www.evil.example, o escriba a "
     "help@example.org.", [("links", "error", "www.evil.example is not in the source text: "
                            "contact details and addresses must match the source")]),
])
def test_a_link_the_source_does_not_have_is_an_error(kit: Path, translation: str,
                                                     expected: list[tuple[str, str, str]]
                                                     ) -> None:
    plant(kit, LINKS, translation)
    assert findings(kit) == expected


@pytest.mark.parametrize("translation", [
    "Vea la [lista de clínicas](HTTPS://Example.ORG:443/clinics), o escriba a help@example.org.",
    "Vea la [lista](<https://example.org/clinics> 'Clínicas'), o escriba a help@example.org.",
    "Escriba a help@example.org, o vea la [lista](https://example.org/clinics \"Clínicas\").",
])
def test_the_same_target_written_another_way_is_fine(kit: Path, translation: str) -> None:
    plant(kit, LINKS, translation)
    assert findings(kit) == []


def test_findings_point_at_the_catalog_line(kit: Path) -> None:
    from outreach.i18n.check import check_catalogs
    from outreach.report import text_line

    _path, line = plant(kit, LINKS, "Vea la [lista](https://example.org/clinics) y "
                        "<https://evil.example>, o escriba a help@example.org.")
    (finding,) = check_catalogs(config_of(kit))
    assert text_line(finding) == (f"translations/es/LC_MESSAGES/messages.po:{line}: error links: "
                                  "the link to https://evil.example is not in the source text "
                                  "(community/clinic:body)")


# --- the renderer -----------------------------------------------------------------------------


def render(source: str, translation: str) -> str:
    return str(render_body(source, lambda _text: (translation, None), {}))


def hrefs(html: str) -> list[str]:
    """Every link target in `html`, as a browser reads it (quoted or not)."""
    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a":
                found.extend(value or "" for name, value in attrs if name == "href")

    Links(convert_charrefs=True).feed(html)
    return found


SOURCE = "Read the [clinic list](https://example.org/clinics) or [ask us][help].\n\n" \
    "[help]: https://example.org/help\n"


@pytest.mark.parametrize(("translation", "kept"), [
    ("Lea la [lista](https://example.org/clinics) o [pregunte][help].",
     ["https://example.org/clinics", "https://example.org/help"]),
    ("Lea la [lista](HTTPS://EXAMPLE.org/clinics).", ["HTTPS://EXAMPLE.org/clinics"]),
    ("Lea la [lista](https://evil.example/clinics).", []),
    ("Lea la [lista](HTTPS://evil.example).", []),
    ("Lea la <HTTP://evil.example/login>.", []),
    ("Lea la [lista](https://evil.example 'título').", []),
    ("Lea la [lista](https://evil.example (título)).", []),
    ("Lea la [lista](<https://evil.example/a b>).", []),
    ("Lea la [lista](//evil.example/clinics).", []),
    ("Lea la [lista](javascript:alert(1)).", []),
    ("Lea la [lista][help] y [help].", ["https://example.org/help", "https://example.org/help"]),
    ("Lea la [lista](https://example.org/clinics/).", []),
])
def test_the_renderer_keeps_only_the_sources_links(translation: str, kept: list[str]) -> None:
    html = render(SOURCE, translation)
    assert hrefs(html) == kept
    assert "evil" not in "".join(hrefs(html))


def test_source_text_keeps_its_links() -> None:
    assert hrefs(str(render_body(SOURCE, lambda text: (text, None), {}))) == [
        "https://example.org/clinics", "https://example.org/help"]


@pytest.mark.parametrize("text", [
    "[a](https://x.org/a 'title') [b](<https://x.org/b c>) [c](https://x.org/c(d))",
    "[a]( https://x.org/e ) <HTTPS://x.org/f> [g](https://x.org/\\_g) [h](//x.org/h)",
    '[i](https://x.org/i "t") [j](HTTPS://X.ORG) [k](https://x.org/k\n"t")',
    "[[l](https://x.org/l)](https://x.org/m) [n](tel:555) [o]({website})",
])
def test_the_check_sees_every_link_the_renderer_makes(text: str) -> None:
    # Rendered as a source, so the renderer keeps every link it parses.
    rendered = {normalize(href) for href in hrefs(render(text, text))}
    assert rendered
    # "(d)" in a title position is part of the address for the renderer; the check reads the
    # address before it, which leads to the same place.
    assert rendered - {"https://x.org/c(d)"} <= set(links(text).targets) | {
        normalize("https://x.org/c(d)")}


def test_a_build_without_checks_publishes_no_added_link(tmp_path: Path) -> None:
    body = "Read the [clinic list](https://example.org/clinics)."
    translated = ("Lea la [lista](https://example.org/clinics), <HTTPS://evil.example/login>, "
                  "[esto](HTTPS://EVIL.example/a 'x') y [aquello](//evil.example/b).")
    kit = make_kit(tmp_path / "kit", {"community/hello": message(body=body)},
                   languages=("en", "es"),
                   catalogs={"es": po_file([("community/hello:body", body, translated)])})
    result = build_kit(kit, allow_partial=True, languages=("es",), jobs=1,
                       check_translations=False)
    page = (result.out / "es" / "community.html").read_text(encoding="utf-8")
    assert [href for href in hrefs(page) if "example.org/clinics" in href or "evil" in href] \
        == ["https://example.org/clinics"]
    assert "HTTPS://evil.example/login" in page  # shown as text
    for pdf in ("es/community.pdf", "es/community/hello.pdf"):
        uris = [str(annotation.get_object()["/A"]["/URI"])
                for page in PdfReader(result.out / pdf).pages
                for annotation in page.get("/Annots") or []
                if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]]
        assert "https://example.org/clinics" in uris, pdf
        assert not [uri for uri in uris if "evil" in uri.lower()], pdf


def test_the_check_stops_the_build_at_the_catalog_line(tmp_path: Path) -> None:
    from outreach.errors import OutreachError

    body = "Read the [clinic list](https://example.org/clinics)."
    translated = "Lea la [lista](HTTPS://evil.example/clinics)."
    kit = make_kit(tmp_path / "kit", {"community/hello": message(body=body)},
                   languages=("en", "es"),
                   catalogs={"es": po_file([("community/hello:body", body, translated)])})
    with pytest.raises(OutreachError) as caught:
        build_kit(kit, allow_partial=True, languages=("es",), jobs=1)
    assert [str(p) for p in caught.value.problems] == [
        "translations/es/LC_MESSAGES/messages.po:11: links: the link to "
        "https://example.org/clinics is missing or its address changed: keep [link "
        "text](address) with the address exactly as in the source",
        "translations/es/LC_MESSAGES/messages.po:11: links: the link to "
        "HTTPS://evil.example/clinics is not in the source text"]
    assert not (kit / "build").exists()
