"""Catalogs: every msgstr in the catalog's language, reported at its line in the .po file."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_support import po

from outreach.lint import LintError, lint_files
from outreach.po import parse_po

CATALOG = po("es", '''\
    #: messages/a.md:3
    msgid "Undocumented immigrants are welcome."
    msgstr "Los inmigrantes ilegales son bienvenidos."

    msgid "Long text"
    msgstr ""
    "Ayudamos a las familias. Los inmigrantes "
    "ilegales y sus \\"hijos\\" reciben atención.\\n"
    "Los ilegales pagan impuestos."

    #, fuzzy
    msgid "Fuzzy"
    msgstr "Trabajadores ilegales"

    msgid "One"
    msgid_plural "Many"
    msgstr[0] "un ilegal."
    msgstr[1] "los ilegales."

    msgid "illegal immigrants in the source are not this catalog's business"
    msgstr ""

    #~ msgid "Old"
    #~ msgstr "inmigrantes ilegales"
    ''')


def catalog_path(tmp_path: Path, text: str, folder: str = "es") -> Path:
    path = tmp_path / "translations" / folder / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def found(paths: list[Path], **options: object) -> list[tuple]:
    return [(f.line, f.column, f.end_line, f.end_column, f.code, f.match)
            for f in lint_files(paths, **options)]  # type: ignore[arg-type]


def test_msgstr_findings_point_at_the_po_line(tmp_path: Path) -> None:
    assert found([catalog_path(tmp_path, CATALOG)]) == [
        (8, 13, 8, 33, "es-ilegal-personas", "inmigrantes ilegales"),
        # split over two quoted lines: starts on one, ends on the next
        (12, 31, 13, 10, "es-ilegal-personas", "inmigrantes ilegales"),
        # after an escaped \n and a line break in the file
        (14, 2, 14, 14, "es-ilegales-sustantivo", "Los ilegales"),
        # fuzzy entries are linted: they may be published after review
        (18, 9, 18, 30, "es-ilegal-personas", "Trabajadores ilegales"),
        # every plural form; msgids and obsolete (#~) entries are not linted
        (22, 12, 22, 21, "es-ilegales-sustantivo", "un ilegal"),
        (23, 12, 23, 24, "es-ilegales-sustantivo", "los ilegales"),
    ]


def test_language_comes_from_the_header_then_the_folder_then_lang(tmp_path: Path) -> None:
    body = 'msgid "a"\nmsgstr "非法移民"\n'
    headerless = catalog_path(tmp_path, body, folder="zh_Hant")
    assert found([headerless]) == [(2, 9, 2, 13, "zh-hant-feifa-yimin", "非法移民")]
    header_wins = catalog_path(tmp_path / "b", po("zh_CN", body), folder="xx")
    assert found([header_wins]) == [(7, 9, 7, 13, "zh-hans-feifa-yimin", "非法移民")]
    loose = tmp_path / "loose.po"
    loose.write_text('msgid "a"\nmsgstr "inmigrantes ilegales"\n', encoding="utf-8")
    assert found([loose]) == []  # English by default: no Spanish rules apply
    assert found([loose], lang="es")[0][4] == "es-ilegal-personas"


def test_translator_comment_suppresses_with_a_reason(tmp_path: Path) -> None:
    text = po("es", '''\
        # outreach-lint: ignore es-ilegales-sustantivo quoting a 2006 headline
        msgid "Quote"
        msgstr "Titular: los ilegales llegan"

        #. outreach-lint: ignore es-ilegal-personas
        msgid "No reason"
        msgstr "inmigrantes ilegales"
        ''')
    findings = lint_files([catalog_path(tmp_path, text)])
    assert [(f.line, f.code, f.severity) for f in findings] == [
        (10, "suppression", "error"),
        (12, "es-ilegal-personas", "error"),
    ]
    assert findings[0].message == ("say why es-ilegal-personas is acceptable here: "
                                   "# outreach-lint: ignore es-ilegal-personas reason")


def test_reader_keeps_file_offsets_for_each_character() -> None:
    text = 'msgid "x"\nmsgstr ""\n"a\\"b"\n"c"\n'
    [entry] = parse_po(text, "x.po").entries
    [msgstr] = entry.msgstr
    [offsets] = entry.origin.msgstr_offsets
    assert msgstr == 'a"bc'
    assert text[slice(*offsets.span(0, 4))] == 'a\\"b"\n"c'


@pytest.mark.parametrize(("text", "line", "message"), [
    ('msgid "a"\nmsgstr "b\n', 2, 'this string is not closed: end it with a " on the same line'),
    ('msgid "a"\nmsgstr b\n', 2, 'expected a string in double quotes, such as ""'),
])
def test_broken_catalog_is_one_clear_problem(tmp_path: Path, text: str, line: int,
                                             message: str) -> None:
    path = tmp_path / "es.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LintError) as caught:
        lint_files([path])
    # The same words as every other command that reads the catalog.
    assert [str(p) for p in caught.value.problems] == [f"{path}:{line}: {message}"]
