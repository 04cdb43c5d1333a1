"""Bad input: one line per problem naming file and line, exit status 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import build_kit, make_kit, message

from outreach.errors import OutreachError


def run_build(kit: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "outreach", "build", "--kit", str(kit),
                           "--format", "html", *args], capture_output=True, text=True, check=False)


def errors(kit: Path, **options: object) -> list[str]:
    with pytest.raises(OutreachError) as info:
        build_kit(kit, formats=("html",), **options)
    return [str(p) for p in info.value.problems]


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
         "key_message, call_to_action, value, image_alt, id, order, notes, image"]),
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
        "error: --format: unknown format 'docx'; choose from html, pdf, flyer",
    ]
    assert "Traceback" not in result.stderr
