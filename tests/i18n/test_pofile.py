"""Catalog files read and written exactly as GNU gettext (msgcat) writes them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from outreach.errors import SourceError
from outreach.po.pofile import (
    PoFile,
    PoMessage,
    add,
    format_po,
    header_fields,
    new_catalog,
    parse_po,
)

from .conftest import gnu

HEADER = (
    "Project-Id-Version: Every family belongs here\n"
    "Report-Msgid-Bugs-To: help@example.org\n"
    "POT-Creation-Date: 2023-11-14 22:13+0000\n"
    "PO-Revision-Date: 2024-02-01 10:00+0100\n"
    "Last-Translator: Ana <ana@example.org>\n"
    "Language-Team: Russian\n"
    "Language: ru\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);\n"
    "X-Generator: Poedit 3.4.2\n"
)

# Text in the scripts the kits publish in, with the things that make wrapping hard: long
# words, URLs, escapes, full-width punctuation, combining marks, emoji sequences.
TEXTS = [
    "Community health centers near you care for everyone who lives here, whatever their "
    "immigration status.",
    "Los centros de salud comunitarios cerca de usted atienden a todas las personas que viven "
    "aquí, sin importar su estatus migratorio. ¿Tiene preguntas? ¡Llame al {phone}!",
    "社区卫生中心为住在这里的每一个人提供医疗服务，无论其移民身份如何。"
    "请致电{phone}，我们会帮您找到附近的诊所。",
    "사는 곳 근처의 지역 보건소는 이민 신분과 관계없이 이곳에 사는 모든 사람을 "
    "돌봅니다. {organization}에 전화하세요.",
    "مراكز الصحة المجتمعية القريبة منك تعتني بكل من يعيش هنا، بغض النظر عن وضعه كمهاجر. "
    "اتصل بـ {organization} على {phone}.",
    "Общественные медицинские центры рядом с вами помогают всем, кто здесь живёт, независимо "
    "от иммиграционного статуса.",
    "Ձեր մոտակայքում գտնվող համայնքային առողջապահական կենտրոնները խնամում են բոլորին։",
    "ਤੁਹਾਡੇ ਨੇੜੇ ਦੇ ਕਮਿਊਨਿਟੀ ਸਿਹਤ ਕੇਂਦਰ ਇੱਥੇ ਰਹਿਣ ਵਾਲੇ ਹਰ ਵਿਅਕਤੀ ਦੀ ਦੇਖਭਾਲ ਕਰਦੇ ਹਨ, "
    "ਭਾਵੇਂ ਉਨ੍ਹਾਂ ਦੀ ਇਮੀਗ੍ਰੇਸ਼ਨ ਸਥਿਤੀ ਕੋਈ ਵੀ ਹੋਵੇ।",
    "Các trung tâm y tế cộng đồng gần bạn chăm sóc cho tất cả mọi người sống ở đây, bất kể "
    "tình trạng di trú của họ.",
    "See the [list of clinics near you](https://example.org/clinics/near-you/with-a-very-long"
    "-path), or write to help@example.org. 👨‍👩‍👧 🇺🇸",
    "Quotes \"inside\", a back\\slash, a\ttab and\nthree\nlines\n",
    "\nStarts with a line break and has supercalifragilisticexpialidocious-antidisestablishment"
    "arianism-pneumonoultramicroscopicsilicovolcanoconiosis in it",
    "",
]


def sample_catalog() -> PoFile:
    catalog = new_catalog()
    for i, text in enumerate(TEXTS):
        # Each text stands for its own translation: consistent, so msgfmt -c accepts it.
        add(catalog, PoMessage(
            f"{text} #{i}", f"{text} #{i}", context=f"community/message-{i}:body",
            auto_comments=[f"Message 'message-{i}' (community), body paragraph."],
            user_comments=["A translator's note with trailing spaces  ", ""],
            locations=[("messages/community/a-rather-long-message-file-name.md", None),
                       ("outreach-theme/partials/contact.html", None),
                       ("outreach.toml", None)],
            flags={"python-brace-format"} if "{" in text else set()))
    add(catalog, PoMessage(
        "Health care for your entire family", "Медицинская помощь для всей вашей семьи",
        flags={"fuzzy"}, previous_id="Health care for your whole family",
        previous_context="community/clinic:title", context="community/clinic:title"))
    add(catalog, PoMessage(("%(count)s message", "%(count)s messages"),
                           ("%(count)s сообщение", "%(count)s сообщения", "%(count)s сообщений"),
                           flags={"python-format"}))
    add(catalog, PoMessage("A string kept on one line, however long it is, because the "
                           "translator asked for that", "Una línea", flags={"no-wrap"}))
    add(catalog, PoMessage("Removed sentence that will come back one day, with its "
                           "translation kept meanwhile", "Удалённое предложение",
                           context="community/old:body", user_comments=["keep"],
                           flags={"fuzzy"}, previous_id="Removed sentence"), obsolete=True)
    header = PoMessage("", HEADER, user_comments=["Russian translations of the kit.", ""])
    return PoFile(header=header, catalog=catalog)


def test_writer_output_is_what_msgcat_writes(tmp_path: Path) -> None:
    path = tmp_path / "ru.po"
    path.write_text(format_po(sample_catalog()), encoding="utf-8")
    result = gnu("msgcat", str(path))
    assert result.returncode == 0, result.stderr
    assert path.read_text(encoding="utf-8") == result.stdout


def test_reading_and_writing_normalizes_like_msgcat(tmp_path: Path) -> None:
    # A catalog as pybabel writes it: wrapped at 76 columns, spaces at the start of lines.
    catalog = Catalog(locale="es", fuzzy=False)
    for i, text in enumerate(TEXTS[:-1]):
        catalog.add(f"{text} #{i}", string=f"ES {text}", context=f"c{i}",
                    auto_comments=["A comment for translators that is long enough to be "
                                   "wrapped by pybabel"], locations=[("messages/a.md", 3)])
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76)
    path = tmp_path / "es.po"
    path.write_bytes(buffer.getvalue())
    expected = gnu("msgcat", str(path))
    assert expected.returncode == 0, expected.stderr
    assert format_po(parse_po(path.read_text(encoding="utf-8"))) == expected.stdout
    assert format_po(parse_po(path.read_text(encoding="utf-8"))) != path.read_text("utf-8")


def test_what_the_writer_writes_passes_msgfmt_check(tmp_path: Path) -> None:
    path = tmp_path / "ru.po"
    path.write_text(format_po(sample_catalog()), encoding="utf-8")
    result = gnu("msgfmt", "-c", "-o", str(tmp_path / "ru.mo"), str(path))
    assert result.returncode == 0, result.stderr


def test_reading_keeps_what_gnu_keeps() -> None:
    po = parse_po(format_po(sample_catalog()))
    assert [m.singular for m in po.messages][:2] == [f"{TEXTS[0]} #0", f"{TEXTS[1]} #1"]
    fuzzy = po.catalog.get("Health care for your entire family", "community/clinic:title")
    assert fuzzy.previous_id == ["Health care for your whole family"]
    assert fuzzy.previous_context == "community/clinic:title"
    (gone,) = po.obsolete
    assert (gone.context, gone.string, gone.user_comments) == (
        "community/old:body", "Удалённое предложение", ["keep"])
    assert po.header.user_comments == ["Russian translations of the kit.", ""]
    plural = po.catalog.get("%(count)s message")
    assert plural.strings == ("%(count)s сообщение", "%(count)s сообщения", "%(count)s сообщений")


def test_header_fields_keep_their_order() -> None:
    # Poedit's order, with its own field last; Babel would reorder these and drop X-Generator.
    header = parse_po(format_po(sample_catalog())).header
    assert header is not None
    assert [name for name, _value in header_fields(header.string)] == [
        "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
        "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
        "Content-Transfer-Encoding", "Plural-Forms", "X-Generator"]


def test_references_have_no_line_numbers_and_wrap_like_gnu() -> None:
    text = format_po(sample_catalog())
    assert ("#: messages/community/a-rather-long-message-file-name.md\n"
            "#: outreach-theme/partials/contact.html outreach.toml\n") in text


@pytest.mark.parametrize(("text", "line", "message"), [
    ('msgid "a"\nmsgstr "b\n', 2, 'this string is not closed: end it with a " on the same line'),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4,
     "duplicate entry: line 1 has the same msgid; delete one of them"),
    ('msgid "a"\nmsgtsr "b"\n', 2, "unknown keyword 'msgtsr'; lines start with msgctxt, msgid, "
     "msgid_plural, msgstr, a quoted string or #"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 3,
     'second msgid without a msgstr between them; add msgstr ""'),
    ('msgid "a"\nmsgstr "b \\q"\n', 2,
     "invalid escape sequence '\\q'; write a backslash as \\\\ and a quote as \\\""),
    ('msgid "a"\nmsgstr "b" x\n', 2, "unexpected text after the string; each line holds one "
     'string in double quotes, with inner quotes written \\"'),
])
def test_syntax_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_po(text, "es.po")
    assert [str(p) for p in caught.value.problems] == [f"es.po:{line}: {message}"]


def test_an_obsolete_duplicate_of_an_active_entry_can_be_read() -> None:
    # pybabel leaves such files behind; reading them is how `update` repairs them.
    po = parse_po('msgid "a"\nmsgstr ""\n\n#~ msgid "a"\n#~ msgstr "b"\n')
    assert [m.string for m in po.messages] == [""]
    assert [m.string for m in po.obsolete] == ["b"]
