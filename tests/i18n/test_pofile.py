"""Catalog files read and written exactly as GNU gettext (msgcat) writes them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from outreach.errors import SourceError
from outreach.po import Catalog as PoCatalog
from outreach.po import Entry, format_po, header_fields, parse_po

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


def sample_catalog() -> PoCatalog:
    entries = []
    for i, text in enumerate(TEXTS):
        # Each text stands for its own translation: consistent, so msgfmt -c accepts it.
        entries.append(Entry(
            f"{text} #{i}", (f"{text} #{i}",), msgctxt=f"community/message-{i}:body",
            auto_comments=(f"Message 'message-{i}' (community), body paragraph.",),
            comments=("A translator's note with trailing spaces  ", ""),
            references=("messages/community/a-rather-long-message-file-name.md",
                        "outreach-theme/partials/contact.html", "outreach.toml"),
            flags=frozenset({"python-brace-format"} if "{" in text else set())))
    entries.append(Entry(
        "Health care for your entire family", ("Медицинская помощь для всей вашей семьи",),
        flags=frozenset({"fuzzy"}), previous_msgid="Health care for your whole family",
        previous_msgctxt="community/clinic:title", msgctxt="community/clinic:title"))
    entries.append(Entry("%(count)s message", ("%(count)s сообщение", "%(count)s сообщения",
                                               "%(count)s сообщений"),
                         msgid_plural="%(count)s messages", flags=frozenset({"python-format"})))
    entries.append(Entry("A string kept on one line, however long it is, because the "
                         "translator asked for that", ("Una línea",),
                         flags=frozenset({"no-wrap"})))
    obsolete = Entry("Removed sentence that will come back one day, with its "
                     "translation kept meanwhile", ("Удалённое предложение",),
                     msgctxt="community/old:body", comments=("keep",),
                     flags=frozenset({"fuzzy"}), previous_msgid="Removed sentence")
    header = Entry("", (HEADER,), comments=("Russian translations of the kit.", ""))
    return PoCatalog(header=header, entries=tuple(entries), obsolete=(obsolete,))


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
    assert [m.msgid for m in po.entries][:2] == [f"{TEXTS[0]} #0", f"{TEXTS[1]} #1"]
    fuzzy = po.get("Health care for your entire family", "community/clinic:title")
    assert fuzzy.previous_msgid == "Health care for your whole family"
    assert fuzzy.previous_msgctxt == "community/clinic:title"
    (gone,) = po.obsolete
    assert (gone.msgctxt, gone.msgstr, gone.comments) == (
        "community/old:body", ("Удалённое предложение",), ("keep",))
    assert po.header.comments == ("Russian translations of the kit.", "")
    plural = po.get("%(count)s message")
    assert plural.msgstr == ("%(count)s сообщение", "%(count)s сообщения", "%(count)s сообщений")
    assert po == sample_catalog()  # everything written is read back


def test_header_fields_keep_their_order() -> None:
    # Poedit's order, with its own field last; Babel would reorder these and drop X-Generator.
    header = parse_po(format_po(sample_catalog())).header
    assert header is not None
    assert [name for name, _value in header_fields(header.msgstr[0])] == [
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
    assert [m.msgstr for m in po.entries] == [("",)]
    assert [m.msgstr for m in po.obsolete] == [("b",)]


def test_entries_know_their_lines_and_every_msgstr_characters_offsets() -> None:
    text = ('msgid ""\r\nmsgstr "Language: es\\n"\r\n\r\n'
            "# translator's note\r\n#. extracted note\r\n#: a.md\r\n"
            'msgctxt "c"\r\nmsgid "x"\r\nmsgstr ""\r\n"d\\u00e9j\\303\\251 \\"q\\"" "\\x41"\r\n'
            '  "\\n\\tend"\r\n')
    text = text.replace("\\u00e9", "é")
    (entry,) = parse_po(text, "es.po").entries
    assert entry.msgstr == ('déjÃ© "q"A\n\tend',)
    assert entry.origin is not None
    assert (entry.origin.line, entry.origin.msgid_line, entry.origin.msgstr_line) == (4, 8, 9)
    assert (entry.origin.comment_lines, entry.origin.auto_comment_lines) == ((4,), (5,))
    (offsets,) = entry.origin.msgstr_offsets
    msgstr = entry.msgstr[0]
    for start, end, raw in [(0, 3, "déj"), (3, 4, "\\303"), (6, 8, '\\"q'), (8, 9, '\\"'),
                            (8, 10, '\\"" "\\x41'), (9, 12, '\\x41"\r\n  "\\n\\t')]:
        span = offsets.span(start, end)
        assert text[span[0]:span[1]] == raw, (msgstr[start:end], raw)


def test_a_byte_order_mark_is_skipped() -> None:
    po = parse_po('\ufeffmsgid ""\nmsgstr "Language: es\\n"\n')
    assert po.header_field("Language") == "es"


@pytest.mark.parametrize(("text", "line", "message"), [
    ('msgid "a"\nmsgstr\n', 2, 'expected a string in double quotes, such as ""'),
    ('msgid "a"\nmsgstr b\n', 2, 'expected a string in double quotes, such as ""'),
    ('msgid "a"\nmsgstr "\\x"\n', 2, "invalid escape sequence '\\x'; write a backslash as \\\\ "
     'and a quote as \\"'),
    ('msgid "a"\nmsgstr "b\\\\\\"\n', 2,
     'this string is not closed: end it with a " on the same line'),
    ('"a"\nmsgid "a"\nmsgstr ""\n', 1, "a string continues nothing: put msgid, msgstr or msgctxt "
     "before it"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr "c"\n', 3, "this entry has msgid_plural, so its "
     "translations are written msgstr[0], msgstr[1], ..."),
    ('msgid "a"\nmsgstr "b"\n#~ msgstr "c"\n', 3, "an entry mixes obsolete (#~) and active "
     "lines; remove the '#~' marks or add them to every line of the entry"),
])
def test_more_syntax_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_po(text, "es.po")
    assert [str(p) for p in caught.value.problems] == [f"es.po:{line}: {message}"]
