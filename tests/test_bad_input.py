"""Bad input: one line per problem naming file and line, exit status 2, no traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import CONFIG, build_kit, make_kit, message, po_file

from outreach.errors import OutreachError


def run_build(kit: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "outreach", "build", "--kit", str(kit),
                           "--format", "html", *args], capture_output=True, text=True, check=False)


def errors(kit: Path, **options: object) -> list[str]:
    with pytest.raises(OutreachError) as info:
        build_kit(kit, formats=("html",), **options)
    return [str(p) for p in info.value.problems]


def run(kit: Path, *args: str, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "outreach", *args, "--kit", str(kit)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60,
                          env=env)


def one_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single error line a failed command printed (asserting there is exactly one)."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


CASES = {
    "invalid YAML": (
        {"community/a": "---\ntitle: [oops\nvalue: x\n---\nBody\n"},
        ["messages/community/a.md:2: invalid YAML front matter: expected ',' or ']', but got "
         "':'"]),
    "unknown audience": (
        {"volunteers/a": message()},
        ["messages/volunteers/a.md: unknown audience folder; put messages in messages/community/"
         " or messages/decision-makers/"]),
    "duplicate id": (
        {"community/a": message(), "community/b": message(id="a")},
        ["messages/community/b.md:1: duplicate id 'a': messages/community/a.md has it too; give "
         "one of them another 'id'"]),
    "missing title": (
        {"community/a": "---\nvalue: Health\n---\nBody\n"},
        ["messages/community/a.md:1: missing 'title' in the front matter; add 'title: ...' "
         "between the --- lines"]),
    "no front matter": (
        {"community/a": "Just a body\n"},
        ["messages/community/a.md:1: missing front matter; start the file with a '---' line, "
         "then 'title: ...', then another '---' line"]),
    "title too long": (
        {"community/a": message(title="x" * 61)},
        ["messages/community/a.md:2: 'title' is 61 characters; the limit is 60, shorten it"]),
    "unknown key": (
        {"community/a": message(colour="blue")},
        ["messages/community/a.md:2: unknown front-matter key 'colour'; known keys are title, "
         "key_message, call_to_action, value, image_alt, social, sms, id, order, notes, image"]),
    "image without its description": (
        {"community/a": message(image="images/a.png")},
        ["messages/community/a.md:2: 'image' needs 'image_alt': describe the picture for "
         "people who cannot see it, in one sentence"]),
    "image outside the kit": (
        {"community/a": message(image="../secret.png", image_alt="A clinic.")},
        ["messages/community/a.md:2: 'image' '../secret.png' leads outside the kit; copy the "
         "image into the kit and name it from the kit folder, such as 'images/logo.svg'"]),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_message_is_reported_with_file_and_line(tmp_path: Path, case: str) -> None:
    files, expected = CASES[case]
    kit = make_kit(tmp_path / "kit", files)
    assert errors(kit) == expected


def test_all_message_problems_are_reported_together(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": "---\nvalue: x\n---\n",
                                      "community/b": "no front matter\n"})
    assert len(errors(kit)) == 2


def test_template_syntax_error(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   templates={"flyer.html": "{% extends 'print_base.html' %}\n{% block content %}"
                              "\n{{ m.title }\n{% endblock %}\n"})
    assert errors(kit) == ["templates/flyer.html:3: template syntax error: unexpected '}'"]


@pytest.mark.parametrize(("text", "expected"), [
    ('msgid ""\nmsgstr ""\n\nmsgid "Hello\nmsgstr "Hola"\n',
     "translations/es/LC_MESSAGES/messages.po:4: this string is not closed: end it with a \" on "
     "the same line"),
    ('msgid ""\nmsgstr ""\n\nmsgid "Hello"\ngarbage here\nmsgstr "Hola"\n',
     "translations/es/LC_MESSAGES/messages.po:5: unknown keyword 'garbage'; lines start with "
     "msgctxt, msgid, msgid_plural, msgstr, a quoted string or #"),
])
def test_unreadable_catalog(tmp_path: Path, text: str, expected: str) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, languages=("en", "es"),
                   catalogs={"es": text})
    assert errors(kit) == [expected]


def test_catalog_that_is_not_utf8(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, languages=("en", "es"))
    path = kit / "translations/es/LC_MESSAGES/messages.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'msgid ""\nmsgstr ""\n\nmsgid "Hello"\nmsgstr "Hol\xe1"\n')
    assert errors(kit) == ["translations/es/LC_MESSAGES/messages.po:5: not valid UTF-8; save "
                           "the file as UTF-8 (in most editors: Save As, encoding UTF-8)"]


def test_missing_catalog(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, languages=("en", "es"))
    assert errors(kit) == ["translations/es/LC_MESSAGES/messages.po: catalog not found; create "
                           "it with 'outreach i18n init es'"]


def test_cli_prints_one_line_per_problem_and_exits_2(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": "---\ntitle: [oops\n---\n",
                                      "volunteers/b": message()})
    result = run_build(kit)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: messages/community/a.md:2: invalid YAML front matter: expected ',' or ']', but "
        "got '<stream end>'",
        "error: messages/volunteers/b.md: unknown audience folder; put messages in "
        "messages/community/ or messages/decision-makers/",
    ]
    assert not (kit / "build").exists()


def test_unknown_option_values(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    result = run_build(kit, "--lang", "fr", "--audience", "press", "--format", "docx")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: --lang: 'fr' is not in this kit; choose from en",
        "error: --audience: 'press' is not in this kit; choose from community, decision-makers",
        "error: --format: unknown format 'docx'; choose from html, pdf, flyer, social, sms, card, "
        "bilingual",
    ]
    assert "Traceback" not in result.stderr


CONFIG_TOML = CONFIG.format(languages='["en"]')


# --- front matter a broken editor or a careless copy could produce -----------------------------


KEYS_AFTER_VALUE = "image_alt, social, sms, id, order, notes, image"
FRONT_MATTER = {
    "number as key": ("1: x\n", ["2: unknown front-matter key '1'; known keys are title, "
                                 f"key_message, call_to_action, value, {KEYS_AFTER_VALUE}"]),
    "null as key": ("~: x\n", ["2: unknown front-matter key '~'; known keys are title, "
                               f"key_message, call_to_action, value, {KEYS_AFTER_VALUE}"]),
    "list as key": ("[a]: x\n", ["2: a front-matter key must be a word such as 'title', not "
                                 "a list"]),
    "table as key": ("{a: 1}: x\n", ["2: a front-matter key must be a word such as 'title', "
                                     "not a table of keys"]),
    "complex key": ("? [a, b]\n: x\n", ["2: a front-matter key must be a word such as 'title', "
                                        "not a list"]),
    "key twice": ("value: Care\nvalue: Health\n",
                  ["3: 'value' is set twice (first on line 2); keep one"]),
    "list as value": ("value: [a, b]\n", ["2: 'value' must be text, not a list"]),
    "table as notes": ("notes: {a: 1}\n", ["2: 'notes' must be text, not a table of keys"]),
    "word as order": ("order: first\n", ["2: 'order' must be a whole number, such as 1 or 20"]),
    "huge order": ("order: " + "9" * 5000 + "\n",
                   ["2: 'order' must be a whole number, such as 1 or 20"]),
    "list as id": ("id: [a]\n", ["2: 'id' must be text, not a list"]),
    "id with a path": ("id: ../../etc\n", ["2: id '../../etc' (from id) must be lowercase "
                                            "letters, digits and hyphens, at most 64"]),
    "long id": ("id: " + "a" * 65 + "\n", [f"2: id '{'a' * 39}…' (from id) must be lowercase "
                                           "letters, digits and hyphens, at most 64"]),
    "recursive alias": ("value: &a [*a]\n", ["2: 'value' must be text, not a list"]),
    "control character": ("value: He\x02alth\n", ["2: invalid YAML front matter: the character "
                                                  "U+0002 is not allowed; remove it"]),
    "escaped control character": ('value: "He\\x1balth"\n', [
        "2: 'value' contains the control character U+001B; remove it"]),
    "deep nesting": ("value: " + "[" * 3000 + "\n", ["2: invalid YAML front matter: nested too "
                                                     "deeply; front-matter values are plain "
                                                     "text"]),
    "unknown tag": ("value: !!python/object:os.system Health\n", []),
    "lone surrogate": ('value: "He\\ud800alth"\n', [
        "2: 'value' contains \\ud800, half of a UTF-16 pair, which is not a character; write "
        "the character itself"]),
    "lone surrogate in notes": ('notes: "\\udfff"\n', [
        "2: 'notes' contains \\udfff, half of a UTF-16 pair, which is not a character; write "
        "the character itself"]),
}


@pytest.mark.parametrize("case", FRONT_MATTER)
def test_odd_front_matter_is_one_line_each(tmp_path: Path, case: str) -> None:
    added, expected = FRONT_MATTER[case]
    text = message().replace("value: Health\n", "").replace("---\n", "---\n" + added, 1)
    kit = make_kit(tmp_path / "kit", {"community/a": text})
    if not expected:
        build_kit(kit, formats=("html",))
        return
    assert errors(kit) == [f"messages/community/a.md:{line}" for line in expected]


def test_a_body_nested_too_deeply_is_one_line(tmp_path: Path) -> None:
    body = "\n".join("    " * depth + "- item" for depth in range(400))
    kit = make_kit(tmp_path / "kit", {"community/a": message(body=body)})
    for command in (["build", "--format", "html"], ["i18n", "extract"]):
        assert one_error(run(kit, *command)) == (
            "error: messages/community/a.md:7: the body nests lists or quotes too deeply to "
            "read; flatten it"), command


def test_a_control_character_in_the_body_names_its_line(tmp_path: Path) -> None:
    body = "First paragraph.\n\nSecond\x00 paragraph, after a NUL."
    kit = make_kit(tmp_path / "kit", {"community/a": message(body=body)})
    assert errors(kit) == ["messages/community/a.md:9: the body contains the control character "
                           "U+0000; remove it"]


def test_yaml_values_are_used_as_written(tmp_path: Path) -> None:
    """`value: Yes` is the word (YAML 1.1 would make it true), `title: 1.50` keeps its 0, and
    an emoji written as JSON writes it (a pair of UTF-16 escapes) is one character."""
    kit = make_kit(tmp_path / "kit", {
        "community/a": message(title="1.50").replace("value: Health", "value: Yes"),
        "community/b": message(title='"Care \\ud83d\\udc9a"', id="b")})
    page = (build_kit(kit, formats=("html",)).out / "en" / "community.html").read_text("utf-8")
    assert ">1.50</h2>" in page
    assert ">Care \U0001f49a</h2>" in page
    # The value tag is for writers and translators (it is not printed): it is extracted as is.
    run(kit, "i18n", "extract")
    assert 'msgid "Yes"' in (kit / "translations/messages.pot").read_text(encoding="utf-8")


def test_front_matter_problems_with_their_lines_in_i18n_commands(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message(**{"1": "x"}),
                                      "community/b": "---\ntitle: B\n[a]: x\n---\nBody\n"})
    for command in (["i18n", "extract"], ["i18n", "update"]):
        result = run(kit, *command)
        assert result.returncode == 2, command
        assert result.stderr.splitlines() == [
            "error: messages/community/a.md:2: unknown front-matter key '1'; known keys are "
            f"title, key_message, call_to_action, value, {KEYS_AFTER_VALUE}",
            "error: messages/community/b.md:3: a front-matter key must be a word such as "
            "'title', not a list"], command


# --- files that are not what they seem ---------------------------------------------------------


def test_a_message_that_is_a_pipe_is_an_error_not_a_hang(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    os.mkfifo(kit / "messages" / "community" / "b.md")
    for command in (["build", "--format", "html"], ["i18n", "extract"], ["lint"]):
        line = one_error(run(kit, *command))
        assert line.startswith("error: messages/community/b.md: "), line
        assert "not a regular file" in line


def test_a_message_linked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    (kit / "messages" / "community" / "b.md").symlink_to("/dev/zero")
    assert one_error(run(kit, "build", "--format", "html")) == (
        "error: messages/community/b.md: is a link to /dev/zero, outside kit/; outreach never "
        "reads or publishes files from outside the kit: copy the file into the kit instead")


def test_a_message_linked_from_outside_the_kit_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text(message(title="Secret"), encoding="utf-8")
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    (kit / "messages" / "community" / "b.md").symlink_to(outside)
    assert errors(kit) == [
        f"messages/community/b.md: is a link to {outside}, outside kit/; outreach never reads "
        "or publishes files from outside the kit: copy the file into the kit instead"]


def test_a_catalog_linked_from_outside_the_kit_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.po"
    outside.write_text(po_file([]), encoding="utf-8")
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, languages=("en", "es"))
    catalog = kit / "translations" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.symlink_to(outside)
    assert errors(kit) == [
        f"translations/es/LC_MESSAGES/messages.po: is a link to {outside}, outside kit/; "
        "outreach never reads or publishes files from outside the kit: copy the file into the "
        "kit instead"]


def test_a_message_linked_inside_the_kit_is_read(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message(title="Shared words")})
    (kit / "messages" / "decision-makers").mkdir()
    (kit / "messages" / "decision-makers" / "a.md").symlink_to(
        kit / "messages" / "community" / "a.md")
    page = build_kit(kit, formats=("html",)).out / "en" / "decision-makers.html"
    assert "Shared words" in page.read_text(encoding="utf-8")


def test_links_that_loop_and_folders_named_like_messages(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    folder = kit / "messages" / "community"
    (folder / "loop.md").symlink_to(folder / "loop2.md")
    (folder / "loop2.md").symlink_to(folder / "loop.md")
    (folder / "folder.md").mkdir()
    assert errors(kit) == [
        "messages/community/folder.md: is not a regular file (a folder, device or pipe); "
        "replace it with a text file",
        "messages/community/loop.md: is a link that leads back to itself; replace it with the "
        "file",
        "messages/community/loop2.md: is a link that leads back to itself; replace it with the "
        "file"]


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends(tmp_path: Path, ending: str) -> None:
    text = message(title="Line ends", body="First paragraph.\n\nSecond paragraph.")
    kit = make_kit(tmp_path / "kit", {"community/a": "x"})
    (kit / "messages" / "community" / "a.md").write_bytes(text.replace("\n", ending).encode())
    page = (build_kit(kit, formats=("html",)).out / "en" / "community.html").read_text("utf-8")
    assert "<p>First paragraph.</p>\n<p>Second paragraph.</p>" in page
    bad = text.replace("value: Health", "value: [oops").replace("\n", ending)
    (kit / "messages" / "community" / "a.md").write_bytes(bad.encode())
    assert errors(kit) == ["messages/community/a.md:5: invalid YAML front matter: expected ',' "
                           "or ']', but got '<stream end>'"]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": "x"})
    path = kit / "messages" / "community" / "a.md"
    path.write_bytes(b"\xef\xbb\xbf" + message(title="With a BOM").encode())
    toml = kit / "outreach.toml"
    toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes())
    page = (build_kit(kit, formats=("html",)).out / "en" / "community.html").read_text("utf-8")
    assert ">With a BOM</h2>" in page
    assert "\ufeff" not in page


def test_a_message_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": "x"})
    (kit / "messages" / "community" / "a.md").write_bytes(
        message(body="Primer p\xe1rrafo.").encode("latin-1"))
    assert errors(kit) == ["messages/community/a.md:7: not valid UTF-8; save the file as UTF-8 "
                           "(in most editors: Save As, encoding UTF-8)"]


def test_outreach_toml_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    toml = kit / "outreach.toml"
    toml.write_bytes(toml.read_bytes().replace(b"Test Org", "Organizaci\xf3n".encode("latin-1")))
    for command in (["build"], ["i18n", "status"], ["lint"]):
        assert one_error(run(kit, *command)) == (
            "error: outreach.toml:6: not valid UTF-8; save the file as UTF-8 (in most editors: "
            "Save As, encoding UTF-8)"), command


@pytest.mark.parametrize("kind", ["pipe", "dev-zero", "outside", "folder", "loop"])
def test_outreach_toml_that_is_not_a_file(tmp_path: Path, kind: str) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    toml = kit / "outreach.toml"
    toml.unlink()
    if kind == "pipe":
        os.mkfifo(toml)
    elif kind == "dev-zero":
        toml.symlink_to("/dev/zero")
    elif kind == "outside":
        (tmp_path / "other.toml").write_text("[kit]\ntitle = 'x'\n", encoding="utf-8")
        toml.symlink_to(tmp_path / "other.toml")
    elif kind == "folder":
        toml.mkdir()
    else:
        toml.symlink_to(toml)
    line = one_error(run(kit, "build"))
    assert line.startswith("error: outreach.toml: "), line


def test_outreach_toml_broken_at_its_end_names_the_last_line(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   config=CONFIG_TOML + '[audiences.community]\nlabel = """Families\n\n')
    assert one_error(run(kit, "build")) == (
        "error: outreach.toml:11: invalid TOML: unterminated string at the end of the file")


def test_outreach_toml_nested_too_deeply(tmp_path: Path) -> None:
    config = CONFIG_TOML + "\n[flyer]\nmin_scale = " + "[" * 5000 + "]" * 5000 + "\n"
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, config=config)
    assert one_error(run(kit, "build")) == (
        "error: outreach.toml:12: invalid TOML: arrays or tables are nested too deeply")


# --- templates that fail while rendering -------------------------------------------------------


TEMPLATE_ERRORS = {
    "division by zero": ("<p>{{ 1/0 }}</p>", "3: cannot render: ZeroDivisionError: division by "
                         "zero"),
    "format": ('<p>{{ "%d" % "x" }}</p>', "3: cannot render: TypeError: %d format: a real "
               "number is required, not str"),
    "includes itself": ("{% include 'flyer.html' %}", "3: cannot render: templates include, "
                        "extend or call each other without end"),
    "undefined name": ("\n\n{{ no_such_name }}", "5: cannot render: 'no_such_name' is "
                       "undefined"),
    "missing include": ("{% include 'nothere.html' %}", "3: cannot render: template "
                        "'nothere.html' not found"),
    "deep expression": ("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
                        " template syntax error: expressions or blocks are nested too "
                        "deeply"),
}


@pytest.mark.parametrize("case", TEMPLATE_ERRORS)
def test_errors_inside_templates_are_one_line(tmp_path: Path, case: str) -> None:
    content, expected = TEMPLATE_ERRORS[case]
    flyer = ("{% extends 'print_base.html' %}\n{% block content %}\n" + content
             + "\n{% endblock %}\n")
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    before = build_kit(kit, formats=("html",)).out
    snapshot = {p: p.read_bytes() for p in before.rglob("*") if p.is_file()}
    (kit / "templates").mkdir()
    (kit / "templates" / "flyer.html").write_text(flyer, encoding="utf-8")
    line = one_error(run(kit, "build", "--format", "flyer", "--jobs", "1"))
    assert line == f"error: templates/flyer.html:{expected}"
    assert {p: p.read_bytes() for p in before.rglob("*") if p.is_file()} == snapshot


def test_an_error_in_an_included_template_names_that_template(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, templates={
        "partials/contact.html": "<footer>\n{{ org.name.missing_attribute }}\n</footer>\n"})
    assert errors(kit) == ["templates/partials/contact.html:2: cannot render: 'str object' has "
                           "no attribute 'missing_attribute'"]


@pytest.mark.parametrize("kind", ["pipe", "outside", "latin-1"])
def test_a_template_that_cannot_be_read(tmp_path: Path, kind: str) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    path = kit / "templates" / "page.html"
    path.parent.mkdir()
    if kind == "pipe":
        os.mkfifo(path)
        expected = ("templates/page.html: is not a regular file (a folder, device or pipe); "
                    "replace it with a text file")
    elif kind == "outside":
        (tmp_path / "secret.html").write_text("secret", encoding="utf-8")
        path.symlink_to(tmp_path / "secret.html")
        expected = (f"templates/page.html: is a link to {tmp_path / 'secret.html'}, outside "
                    "kit/; outreach never reads or publishes files from outside the kit: copy "
                    "the file into the kit instead")
    else:
        path.write_bytes("{% extends 'base.html' %}\n{# Página #}\n".encode("latin-1"))
        expected = ("templates/page.html:2: not valid UTF-8; save the file as UTF-8 (in most "
                    "editors: Save As, encoding UTF-8)")
    assert errors(kit) == [expected]


# --- SOURCE_DATE_EPOCH ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("99999999999999", "'99999999999999' is out of range; it must be from 0 (1970) to "
     "253402300799 (the end of 9999)"),
    ("-1", "'-1' is out of range; it must be from 0 (1970) to 253402300799 (the end of 9999)"),
    ("yesterday", "'yesterday' is not a whole number of seconds since 1970-01-01; set it to "
     "one, such as the output of 'git log -1 --format=%ct', or unset it"),
    ("1.5", "'1.5' is not a whole number of seconds since 1970-01-01; set it to one, such as "
     "the output of 'git log -1 --format=%ct', or unset it"),
    ("١٧٠٠٠٠٠٠٠٠", "'١٧٠٠٠٠٠٠٠٠' is not a whole number of seconds since 1970-01-01; set it "
     "to one, such as the output of 'git log -1 --format=%ct', or unset it"),
    ("9" * 5000, f"'{'9' * 40}…' is not a whole number of seconds since 1970-01-01; set it to "
     "one, such as the output of 'git log -1 --format=%ct', or unset it"),
])
def test_source_date_epoch_out_of_range(tmp_path: Path, value: str, expected: str) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    env = {**os.environ, "SOURCE_DATE_EPOCH": value}
    for command in (["build", "--format", "flyer", "--jobs", "1"], ["i18n", "extract"]):
        assert one_error(run(kit, *command, env=env)) == \
            f"error: SOURCE_DATE_EPOCH: {expected}", command
    assert not (kit / "build").exists()
    assert not (kit / "translations" / "messages.pot").exists()


@pytest.mark.parametrize(("value", "year"), [("0", "1970"), ("253402300799", "9999"), ("", None)])
def test_source_date_epoch_at_its_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         value: str, year: str | None) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    result = run(kit, "i18n", "extract", env={**os.environ})
    assert result.returncode == 0, result.stderr
    template = (kit / "translations" / "messages.pot").read_text(encoding="utf-8")
    created = re.search(r'"POT-Creation-Date: (\d{4})-', template)
    assert created is not None
    assert created.group(1) == (year or str(datetime.now(UTC).year))


# --- what the terminal shows -------------------------------------------------------------------


def test_problems_quoting_file_content_print_as_one_line_each(tmp_path: Path) -> None:
    """A key, an id or a value may hold line breaks, terminal escapes or bidi overrides."""
    config = CONFIG_TOML + '\n[flyer]\n"min\\nscale\\u001b[2J\\u202e" = 1\n'
    front = 'title: Hello\n"bad\\nkey\\u001b]0;owned\\u0007": x\n'
    kit = make_kit(tmp_path / "kit", {"community/a": f"---\n{front}---\nBody\n"}, config=config)
    result = run(kit, "build", "--format", "html")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "warning: outreach.toml:12: flyer.min\\nscale\\x1b[2J\\u202e: unknown key, ignored",
        "error: messages/community/a.md:3: unknown front-matter key 'bad\\nkey\\x1b]0;owned"
        f"\\x07'; known keys are title, key_message, call_to_action, value, {KEYS_AFTER_VALUE}"]
