"""A whole kit: sources in the source language, every catalog in its own, and the build gate."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_support import KitMaker, po

from outreach.errors import OutreachError
from outreach.kit.config import load_config
from outreach.lint import LintError, fix_kit, lint_kit
from outreach.lint.gate import blocking, problems

FILES = {
    "messages/community/clinic.md": """\
        ---
        title: Care for illegal immigrants
        key_message: Everyone can get care.
        ---
        It is illegal to deny care. We stand with Dreamers.
        """,
    "messages/community/es-only.md": """\
        ---
        lang: es
        title: Para todas las familias
        ---
        Los inmigrantes ilegales pueden venir.
        """,
    "templates/page.html": '<html lang="en"><img src="a.png" alt="Illegal aliens"></html>\n',
    "translations/es/LC_MESSAGES/messages.po": po("es", '''\
        msgid "Everyone can get care."
        msgstr "Los ilegales pueden recibir atención."
        '''),
    "translations/zh_Hans/LC_MESSAGES/messages.po": 'msgid "a"\nmsgstr "非法移民"\n',
    "translations/messages.pot": 'msgid "illegal immigrants"\nmsgstr ""\n',
}


def summary(findings: list) -> list[tuple]:
    return [(f.path, f.line, f.code, f.severity) for f in findings]


def test_kit_lints_sources_templates_settings_and_catalogs(make_kit: KitMaker) -> None:
    kit = make_kit(FILES)
    text = (kit / "outreach.toml").read_text(encoding="utf-8").replace(
        'title = "Every family belongs here"', 'title = "Help for illegal families"')
    (kit / "outreach.toml").write_text(text, encoding="utf-8")
    assert summary(lint_kit(load_config(kit))) == [
        ("outreach.toml", 2, "en-illegal-people", "error"),
        ("messages/community/clinic.md", 2, "en-illegal-people", "error"),
        ("messages/community/clinic.md", 5, "en-dreamers", "warning"),
        ("messages/community/es-only.md", 5, "es-ilegal-personas", "error"),
        ("templates/page.html", 1, "en-illegal-alien", "error"),
        ("translations/es/LC_MESSAGES/messages.po", 7, "es-ilegales-sustantivo", "error"),
        ("translations/zh_Hans/LC_MESSAGES/messages.po", 2, "zh-hans-feifa-yimin", "error"),
    ]


def test_lint_settings_in_outreach_toml_are_not_linted_but_apply(make_kit: KitMaker) -> None:
    kit = make_kit({"messages/a.md": "Write your Alien Registration Number here.\n"}, lint='''\
        [[lint.allow]]
        rule = "en-alien"
        match = "Alien Registration Number"
        reason = "the USCIS form calls it that, not our illegal aliens wording"
        ''')
    assert lint_kit(load_config(kit)) == []


def test_invalid_settings_name_the_line(make_kit: KitMaker) -> None:
    kit = make_kit(lint='''\
        [[lint.allow]]
        rule = "en-alien"
        ''')
    with pytest.raises(LintError) as caught:
        lint_kit(load_config(kit))
    assert [str(p) for p in caught.value.problems] == [
        "outreach.toml:9: lint.allow[0].reason: missing; say why this use is acceptable, so "
        "the next editor knows"]


def test_build_gate_returns_only_what_must_stop_a_build(make_kit: KitMaker) -> None:
    kit = make_kit({"messages/a.md": "We stand with Dreamers.\n\nIllegal workers.\n"})
    config = load_config(kit)
    assert summary(blocking(lint_kit(config))) == [
        ("messages/a.md", 3, "en-illegal-people", "error")]
    assert summary(blocking(lint_kit(config), strict=True)) == [
        ("messages/a.md", 1, "en-dreamers", "warning"),
        ("messages/a.md", 3, "en-illegal-people", "error")]


def test_build_gate_findings_become_one_line_problems(make_kit: KitMaker) -> None:
    kit = make_kit({"messages/a.md": "Help for\nillegal workers.\n"})
    error = OutreachError(problems(blocking(lint_kit(load_config(kit)))))
    assert str(error) == (
        "messages/a.md:2: en-illegal-people: \"Illegal\" describes actions, not people. "
        "(\"illegal workers\"; run 'outreach lint' for suggestions)")


def test_build_gate_passes_a_kit_with_only_warnings(make_kit: KitMaker) -> None:
    kit = make_kit({"messages/a.md": "Undocumented workers. We stand with Dreamers.\n"})
    assert blocking(lint_kit(load_config(kit))) == []


def test_build_gate_raises_on_unreadable_sources(make_kit: KitMaker) -> None:
    kit = make_kit()
    (kit / "messages").mkdir()
    (kit / "messages" / "bad.md").write_bytes(b"caf\xe9\n")
    with pytest.raises(LintError) as caught:
        blocking(lint_kit(load_config(kit)))
    assert [str(p) for p in caught.value.problems] == [
        "messages/bad.md:1: not valid UTF-8; save the file as UTF-8 (in most editors: Save As, "
        "encoding UTF-8)"]


def test_fix_kit_fixes_sources_and_catalogs(make_kit: KitMaker) -> None:
    kit = make_kit(FILES)
    changed = fix_kit(load_config(kit))
    assert sorted(c.display for c in changed) == [
        "messages/community/clinic.md", "messages/community/es-only.md",
        "templates/page.html", "translations/zh_Hans/LC_MESSAGES/messages.po"]
    assert "Los inmigrantes indocumentados" in Path(
        kit, "messages/community/es-only.md").read_text(encoding="utf-8")
    assert summary(lint_kit(load_config(kit))) == [
        ("messages/community/clinic.md", 5, "en-dreamers", "warning"),
        ("translations/es/LC_MESSAGES/messages.po", 7, "es-ilegales-sustantivo", "error"),
    ]
