"""Each quality check catches the mistake it is for, and stays quiet on a good translation."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from outreach.i18n.check import as_problem, check_catalogs
from outreach.kit.languages import language

from .conftest import catalog, config_of, findings, plant, translated_kit

LINKS = "See the [list of clinics near you](https://example.org/clinics), or write to " \
    "help@example.org."
MISSING_LINK = ("the link to https://example.org/clinics is missing or its address changed: "
                "keep [link text](address) with the address exactly as in the source")


def test_a_faithful_translation_has_no_findings(kit: Path) -> None:
    translated_kit(kit)
    assert findings(kit) == []


@pytest.mark.parametrize(("source", "mistake", "expected"), [
    ("Call {organization} at {phone}.", "Llame a {organization}.", [
        ("placeholders", "error", "{phone} is missing: copy it from the source exactly as "
         "written")]),
    ("Call {organization} at {phone}.", "Llame a {organización} al {phone}.", [
        ("placeholders", "error", "{organization} is missing: copy it from the source exactly "
         "as written"),
        ("placeholders", "error", "{organización} is not in the source text: placeholders "
         "must match the source exactly")]),
    ("Call {organization} at {phone}.", "Llame a {phone} o a {organization} al {phone}.", [
        ("placeholders", "error", "{phone} is not in the source text: placeholders must match "
         "the source exactly")]),
    (LINKS, "Vea la [lista de clínicas](https://example.org/clinicas), o escriba a "
     "help@example.org.", [
         ("links", "error", MISSING_LINK),
         ("links", "error", "the link to https://example.org/clinicas is not in the source "
          "text")]),
    (LINKS, "Vea la lista https://example.org/clinics, o escriba a help@example.org.", [
        ("links", "error", "https://example.org/clinics is no longer a link: write it as "
         "[link text](https://example.org/clinics) as in the source")]),
    (LINKS, "Vea la lista de clínicas, o escriba a help@example.org.", [
        ("links", "error", MISSING_LINK)]),
    (LINKS, "Vea la [lista](https://example.org/clinics), o escriba a help@example.com.", [
        ("links", "error", "help@example.org is missing: contact details and addresses must "
         "be copied exactly"),
        ("links", "error", "help@example.com is not in the source text: contact details and "
         "addresses must match the source")]),
    ("**Checkups and shots** for babies, children and teens.",
     "**Chequeos y vacunas para bebés, niños y adolescentes.", [
         ("markup", "warning", "bold markup (**…**) is used 1 time(s) in the source and 0 "
          "time(s) in the translation: keep it around the matching words"),
         ("markup", "warning", "an unpaired '*' would show as text: the markup is unbalanced")]),
    ("Help with *long-term* problems like diabetes.",
     "Ayuda con problemas de largo plazo como la diabetes.", [
         ("markup", "warning", "emphasis markup (*…*) is used 1 time(s) in the source and 0 "
          "time(s) in the translation: keep it around the matching words")]),
    ("Open 7 days a week, from 8 to 5.", "Abierto 7 días a la semana, de 8 a 6.", [
        ("numbers", "warning", "the number 5 is missing or changed: check phone numbers and "
         "dates digit by digit"),
        ("numbers", "warning", "the number 6 is not in the source text")]),
    ("Health", "Salud ", [
        ("whitespace", "warning", "the translation ends with a space and the source does "
         "not")]),
    ("Health", "\nSalud", [
        ("whitespace", "error", "the translation starts with a line break and the source does "
         "not: GNU msgfmt rejects this")]),
    ("Health care for every family",
     "La atención médica es para todas y cada una de las familias de la comunidad", [
         ("length", "error", "the translation is 75 characters long; the limit is 60 "
          "characters: shorten it so it fits")]),
])
def test_each_check_catches_its_mistake(kit: Path, source: str, mistake: str,
                                        expected: list[tuple[str, str, str]]) -> None:
    plant(kit, source, mistake)
    assert findings(kit) == expected


def test_word_order_may_change(kit: Path) -> None:
    plant(kit, "Call {organization} at {phone}.", "Al {phone}, {organization} le ayuda.")
    assert findings(kit) == []


def test_length_counts_letters_not_combining_marks(kit: Path) -> None:
    # Vietnamese stored decomposed: 60 letters as a reader counts them, more code points.
    words = "Chăm sóc sức khỏe cho cả gia đình bạn ở đây "
    title = unicodedata.normalize("NFD", words + "x" * (60 - len(words)))
    assert len(title) > 60
    plant(kit, "Health care for every family", title)
    assert findings(kit) == []
    plant(kit, "Health care for every family", title + "x")
    assert findings(kit) == [("length", "error", "the translation is 61 characters long; the "
                              "limit is 60 characters: shorten it so it fits")]


def test_discouraged_terms_are_found_in_the_catalog_language(kit: Path) -> None:
    path, line = plant(kit, "Care is for everyone.",
                       "La atención es para todos, también para los inmigrantes ilegales.")
    (finding,) = check_catalogs(config_of(kit), [language("es")])
    assert (finding.code, finding.severity, finding.line, finding.path) == (
        "terms", "error", line, "translations/es/LC_MESSAGES/messages.po")
    assert finding.message.startswith("“inmigrantes ilegales”: ")
    assert "inmigrantes indocumentados" in finding.message
    assert path.is_file()


def test_a_fuzzy_header_is_a_warning(kit: Path) -> None:
    path = translated_kit(kit)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgid ""\nmsgstr ""\n', '#, fuzzy\nmsgid ""\nmsgstr ""\n', 1),
                    encoding="utf-8")
    assert findings(kit) == [
        ("header", "warning", "the header entry is marked '#, fuzzy': pybabel compile skips "
         "such a catalog and other tools may ignore its settings; delete the '#, fuzzy' line "
         "above msgid \"\"")]


def test_fuzzy_entries_are_not_checked(kit: Path) -> None:
    path, _line = plant(kit, "Call {organization} at {phone}.", "Llame a {organization}.")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgctxt "community/clinic:call_to_action"',
                                 '#, fuzzy\nmsgctxt "community/clinic:call_to_action"'),
                    encoding="utf-8")
    assert findings(kit) == []


def test_findings_point_at_the_translation(kit: Path) -> None:
    _path, line = plant(kit, "Call {organization} at {phone}.", "Llame a {organization}.")
    (finding,) = check_catalogs(config_of(kit))
    assert finding.to_dict() == {
        "path": "translations/es/LC_MESSAGES/messages.po", "line": line, "column": None,
        "end_line": None, "end_column": None, "lang": "es",
        "context": "community/clinic:call_to_action", "match": "Call {organization} at {phone}.",
        "code": "placeholders", "severity": "error", "suggestions": [],
        "message": "{phone} is missing: copy it from the source exactly as written"}
    assert str(as_problem(finding)) == (
        f"translations/es/LC_MESSAGES/messages.po:{line}: placeholders: {{phone}} is missing: "
        "copy it from the source exactly as written")


def test_a_language_without_a_catalog_is_an_error(kit: Path) -> None:
    translated_kit(kit)
    catalog(kit, "ru").unlink()
    assert [(f.lang, f.code, f.severity, f.message)
            for f in check_catalogs(config_of(kit))] == [
        ("ru", "catalog", "error", "catalog not found; create it with 'outreach i18n init ru'")]


def test_a_build_can_leave_out_checks_it_runs_itself(kit: Path) -> None:
    plant(kit, "Care is for everyone.", "Cuidamos a los inmigrantes ilegales, llame al 555.")
    everything = findings(kit)
    assert [check for check, _severity, _message in everything] == ["numbers", "terms"]
    chosen = check_catalogs(config_of(kit), [language("es")], checks=("numbers", "links"))
    assert [(f.code, f.message) for f in chosen] == [
        ("numbers", "the number 555 is not in the source text")]


def test_a_translation_with_many_problems_shows_ten_of_each_kind(kit: Path) -> None:
    extra = " ".join(f"{{p{i}}}" for i in range(12))
    plant(kit, "Care is for everyone.", f"La atención es para todos. {extra}")
    found = [message for check, _severity, message in findings(kit) if check == "placeholders"]
    names = sorted(f"{{p{i}}}" for i in range(12))
    assert found == [f"{name} is not in the source text: placeholders must match the source "
                     "exactly" for name in names[:10]] + [
        "... and 2 more placeholders problems in this translation"]


def test_far_more_markup_than_the_source_is_one_warning(kit: Path) -> None:
    plant(kit, "Help with *long-term* problems like diabetes.",
          "Ayuda con problemas *de largo plazo* como la diabetes." + "[*_" * 40)
    assert findings(kit) == [
        ("markup", "warning", "the translation has 122 markup characters (* _ ` [ ] \\) and the "
         "source 2: keep the source's markup and no more")]
