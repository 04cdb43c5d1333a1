"""`--fix`: unambiguous replacements, in the writer's letter case, leaving markup alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_support import po

from outreach.lint import fix_files, fix_text, lint_files, lint_text
from outreach.lint.replace import match_case


@pytest.mark.parametrize(("text", "fixed"), [
    ("Illegal immigrants", "Undocumented immigrants"),
    ("illegal immigrants", "undocumented immigrants"),
    ("ILLEGAL IMMIGRANTS", "UNDOCUMENTED IMMIGRANTS"),
    ("Illegal Immigrants Welcome", "Undocumented Immigrants Welcome"),
    ("an illegal immigrant's rights", "an undocumented immigrant's rights"),
    ("illegal-immigrant families", "undocumented-immigrant families"),
    ("**Illegal** immigrants", "**Undocumented** immigrants"),
    ("illegal\nworkers", "undocumented\nworkers"),
    ("Illegal aliens", "Undocumented immigrants"),
    ("an illegal alien", "an undocumented immigrant"),
    ("The illegals.", "The undocumented immigrants."),
    ("DACA kids", "DACA recipients"),
    ("Chain Migration", "Family-based Immigration"),
    ("chain\nmigration", "family-based immigration"),
])
def test_english_fixes(text: str, fixed: str) -> None:
    assert fix_text(text, "en")[0] == fixed


@pytest.mark.parametrize(("text", "fixed"), [
    ("los inmigrantes ilegales", "los inmigrantes indocumentados"),
    ("Las personas ilegales", "Las personas indocumentadas"),
    ("una inmigrante ilegal", "una inmigrante indocumentada"),
    ("un trabajador ilegal", "un trabajador indocumentado"),
    ("FAMILIAS ILEGALES", "FAMILIAS INDOCUMENTADAS"),
    ("Niños DACA", "Beneficiarios de DACA"),
    ("las niñas DACA", "las beneficiarias de DACA"),
])
def test_spanish_fixes_agree_in_gender_and_number(text: str, fixed: str) -> None:
    assert fix_text(text, "es")[0] == fixed


@pytest.mark.parametrize(("text", "lang", "fixed"), [
    ("他们是非法移民。", "zh-Hans", "他们是无证移民。"),
    ("非法移民", "zh-Hant", "無證移民"),
    ("불법체류자들이", "ko", "미등록 이주민들이"),
    ("المهاجرين غير الشرعيين", "ar", "المهاجرين غير النظاميين"),
])
def test_fixes_in_other_scripts(text: str, lang: str, fixed: str) -> None:
    assert fix_text(text, lang)[0] == fixed


@pytest.mark.parametrize("text", [
    "Aliens may apply.",  # two alternatives: a person must choose
    "anchor babies",  # a slur: the sentence needs rewriting
    "los ilegales",  # the article would change too
    "**chain** migration",  # markup inside a whole-phrase replacement
    'We never say "illegal aliens".',  # a mention, not a use
])
def test_ambiguous_or_unsafe_cases_are_left_alone(text: str) -> None:
    assert fix_text(text, "en" if "ilegales" not in text else "es") == (text, [])


def test_fix_reports_what_it_fixed_and_round_trips() -> None:
    text = "Illegal immigrants and aliens.\n\nDACA kids too.\n"
    fixed, done = fix_text(text, "en")
    assert fixed == "Undocumented immigrants and aliens.\n\nDACA recipients too.\n"
    assert [(f.line, f.code) for f in done] == [(1, "en-illegal-people"), (3, "en-daca-kids")]
    # What is left needs a person; fixing again changes nothing.
    assert [f.code for f in lint_text(fixed, "en")] == ["en-alien"]
    assert fix_text(fixed, "en") == (fixed, [])


def test_suggestion_shows_the_fix_first() -> None:
    [finding] = lint_text("Illegal immigrants", "en")
    assert finding.suggestions == ("Undocumented immigrants", "immigrants without legal status")


def test_fix_files_edits_only_the_terms(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    original = "# Title\r\n\r\nWe help *illegal* workers.\r\nKeep   spacing  here.\r\n"
    path.write_bytes(original.encode("utf-8"))
    [change] = fix_files([path])
    assert path.read_bytes() == original.replace("illegal", "undocumented").encode("utf-8")
    assert change.diff() == (
        f"--- a/{path}\n+++ b/{path}\n@@ -1,4 +1,4 @@\n # Title\n \n"
        "-We help *illegal* workers.\n+We help *undocumented* workers.\n Keep   spacing  here.\n")
    assert fix_files([path]) == []


def test_fix_keeps_a_byte_order_mark_and_columns_ignore_it(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("\ufeffillegal workers\n".encode())
    assert [(f.line, f.column) for f in lint_files([path])] == [(1, 1)]
    fix_files([path])
    assert path.read_bytes() == "\ufeffundocumented workers\n".encode()


def test_fix_files_can_just_report(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("illegal workers\n", encoding="utf-8")
    [change] = fix_files([path], write=False)
    assert change.after == "undocumented workers\n"
    assert path.read_text(encoding="utf-8") == "illegal workers\n"


def test_fix_in_a_catalog_keeps_quoting_and_wrapping(tmp_path: Path) -> None:
    path = tmp_path / "es.po"
    path.write_text(po("es", '''\
        msgid "a"
        msgstr ""
        "Las familias "
        "ilegales y los trabajadores ilegales de la \\"fábrica\\"."
        '''), encoding="utf-8")
    fix_files([path])
    assert path.read_text(encoding="utf-8").endswith(
        'msgstr ""\n"Las familias "\n'
        '"indocumentadas y los trabajadores indocumentados de la \\"fábrica\\"."\n')
    assert lint_files([path]) == []


@pytest.mark.parametrize(("sample", "replacement", "result"), [
    ("illegal", "undocumented", "undocumented"),
    ("Illegal", "undocumented", "Undocumented"),
    ("ILLEGAL", "undocumented", "UNDOCUMENTED"),
    ("Chain Migration", "family-based immigration", "Family-based Immigration"),
    ("DACA kids", "DACA recipients", "DACA recipients"),
    ("Niños DACA", "beneficiarios de DACA", "Beneficiarios de DACA"),
    ("非法移民", "无证移民", "无证移民"),
    ("I", "undocumented", "Undocumented"),
])
def test_match_case(sample: str, replacement: str, result: str) -> None:
    assert match_case(sample, replacement) == result
