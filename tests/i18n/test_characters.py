"""Translations that mislead or break their template are refused at the catalog line.

The same words come from `outreach i18n check` and from the build, which refuses them even
with the translation checks turned off.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from helpers import build_kit, make_kit, message, po_file

from outreach.errors import OutreachError
from outreach.kit.catalogs import compile_catalog
from outreach.kit.languages import language
from outreach.po import parse_po

from .conftest import findings, plant

ES = "translations/es/LC_MESSAGES/messages.po"
BIDI = [chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


def bidi_message(char: str) -> str:
    return (f"the translation contains U+{ord(char):04X} {unicodedata.name(char)}, which can "
            "make text display in another order than it is written: delete it (outreach keeps "
            "contact details in their own direction by itself)")


def control_message(char: str) -> str:
    return f"the translation contains U+{ord(char):04X}, an invisible control character: delete it"


@pytest.mark.parametrize("char", BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_bidirectional_controls_are_refused(kit: Path, char: str) -> None:
    # U+202E would show "Call 555-0100" as "0010-555 llaC".
    plant(kit, "Health care for every family", f"Atención {char}para toda la familia")
    assert findings(kit) == [("characters", "error", bidi_message(char))]


@pytest.mark.parametrize("char", ["\x00", "\x02", "\x1b", "\x7f", "\x85", "\x9b", "\r"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_control_characters_are_refused(kit: Path, char: str) -> None:
    plant(kit, "Health care for every family", f"Atención{char} para toda la familia")
    assert findings(kit) == [("characters", "error", control_message(char))]


def test_each_character_is_named_once_in_order(kit: Path) -> None:
    plant(kit, "Health care for every family", "\u202eAtención\x00 \u202e para\x00 todos\u2066")
    assert findings(kit) == [("characters", "error", bidi_message("\u202e")),
                             ("characters", "error", control_message("\x00")),
                             ("characters", "error", bidi_message("\u2066"))]


def test_tabs_and_line_breaks_only_where_the_source_has_them(kit: Path) -> None:
    plant(kit, "Health care for every family", "Atención\tpara toda\nla familia")
    assert findings(kit) == [
        ("characters", "error", "the translation contains a tab (U+0009) and the source does "
         "not: delete it"),
        ("characters", "error", "the translation contains a line break (U+000A) and the "
         "source does not: delete it")]


def test_a_template_string_with_a_tab_may_keep_it() -> None:
    po = parse_po('msgid ""\nmsgstr "Language: es\\n"\n\n'
                  'msgid "Name\\tPhone\\nOne\\n"\nmsgstr "Nombre\\tTeléfono\\nUno\\n"\n', ES)
    assert compile_catalog(po, language("es")).lookup(None, "Name\tPhone\nOne\n") == \
        "Nombre\tTeléfono\nUno\n"


def catalog_kit(tmp_path: Path, entries: list[tuple[str | None, str, str]]) -> Path:
    return make_kit(tmp_path / "kit", {"community/hello": message(title="Hello")},
                    languages=("en", "es"), catalogs={"es": po_file(entries)})


def build_errors(kit: Path) -> list[str]:
    with pytest.raises(OutreachError) as caught:
        build_kit(kit, allow_partial=True, languages=("es",), formats=("html",),
                  check_translations=False)
    assert not (kit / "build").exists()
    return [str(p) for p in caught.value.problems]


def test_the_build_refuses_them_even_without_checks(tmp_path: Path) -> None:
    kit = catalog_kit(tmp_path, [("community/hello:title", "Hello", "Hola \u202e0010-555"),
                                 ("community/hello:value", "Health", "Salud\x02")])
    assert build_errors(kit) == [f"{ES}:11: {bidi_message(chr(0x202E))}",
                                 f"{ES}:15: {control_message(chr(2))}"]


# --- %-directives in template text -----------------------------------------------------------


def template_catalog(msgstr: str, flags: str = "") -> str:
    text = po_file([])
    return text + f'\n{flags}msgid "Call %(phone)s"\nmsgstr "{msgstr}"\n'


@pytest.mark.parametrize("flags", ["", "#, python-format\n"], ids=["no flag", "python-format"])
@pytest.mark.parametrize(("msgstr", "problem"), [
    ("Llame al %(phone)30000000s", "uses %(phone)30000000s, which the source text does not "
     "have; write %(phone)s as the source does"),
    ("Llame al %(phone).99999s", "uses %(phone).99999s, which the source text does not have; "
     "write %(phone)s as the source does"),
    ("Llame al %(phone)d", "uses %(phone)d, which the source text does not have; write "
     "%(phone)s as the source does"),
    ("Llame al %(telefono)s", "uses %(telefono)s, which the source text does not have; remove "
     "it"),
    ("Llame al %s", "breaks its format: keep %(phone)s and write a literal % as %%"),
    ("Llame al 100% %(phone)s", "breaks its format: keep %(phone)s and write a literal % as %%"),
])
def test_a_template_translation_may_use_only_its_sources_directives(
        tmp_path: Path, flags: str, msgstr: str, problem: str) -> None:
    text = template_catalog(msgstr, flags)
    po = parse_po(text, ES)
    line = text.splitlines().index(f'msgstr "{msgstr}"') + 1
    expected = f"{ES}:{line}: translation of 'Call %(phone)s' {problem}"
    with pytest.raises(OutreachError) as caught:
        compile_catalog(po, language("es"))
    assert [str(p) for p in caught.value.problems] == [expected]

    from outreach.i18n.check import check_catalog

    found = [(f.code, f.severity, f.message) for f in check_catalog(po, language("es"))
             if f.message.startswith("translation of")]
    assert found == [("placeholders", "error", f"translation of 'Call %(phone)s' {problem}")]


def test_a_literal_percent_and_the_sources_directives_are_fine() -> None:
    po = parse_po(template_catalog("Llame al %(phone)s, 100%% gratis"), ES)
    catalog = compile_catalog(po, language("es"))
    assert catalog.lookup(None, "Call %(phone)s") == "Llame al %(phone)s, 100%% gratis"
