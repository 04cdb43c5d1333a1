"""`translations/messages.pot`: what is translatable, and a file that only changes with its text."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers import REPO

from outreach.i18n.extract import babel_extract_messages
from outreach.i18n.template import extract_template
from outreach.kit.theme import THEME_DIR
from outreach.po import read_po

from .conftest import EPOCH_DATE, config_of, gnu


def test_template_holds_every_unit_with_its_context_and_limit(kit: Path) -> None:
    path = extract_template(config_of(kit))
    assert path == kit / "translations" / "messages.pot"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# Translations of Test kit.\n"
        "# Made by 'outreach i18n extract' from the kit's messages and templates:\n"
        "# edit those, not this file.\n"
        'msgid ""\n'
        'msgstr ""\n'
        '"Project-Id-Version: Test kit\\n"\n'
        '"Report-Msgid-Bugs-To: help@example.org\\n"\n'
        f'"POT-Creation-Date: {EPOCH_DATE}\\n"\n')
    assert ("#. Message 'clinic' (community), title: flyer headline, at most 60 characters.\n"
            "#: messages/community/clinic.md\n"
            'msgctxt "community/clinic:title"\n'
            'msgid "Health care for every family"\n'
            'msgstr ""\n') in text
    assert ("#. Message 'clinic' (community), body paragraph. Markdown: keep **bold**,\n"
            "#. *emphasis* and [link text](address) markup.\n"
            "#. Keep {phone} exactly as written: filled in from the kit settings.\n"
            "#: messages/community/clinic.md\n"
            "#, python-brace-format\n"
            'msgctxt "community/clinic:body"\n'
            'msgid ""\n'
            '"When someone in your family is sick, you can get care close to home. Call "\n'
            '"{phone} today."\n'
            'msgstr ""\n') in text
    # Template text of the theme, without a context, and no line numbers anywhere.
    assert '#: outreach-theme/base.html\nmsgid "Skip to content"\n' in text
    assert not re.search(r"^#:.*:\d+", text, re.M)


def test_template_is_already_in_gnu_layout(kit: Path) -> None:
    path = extract_template(config_of(kit))
    assert gnu("msgcat", str(path)).stdout == path.read_text(encoding="utf-8")


def test_an_unchanged_kit_leaves_the_template_untouched(
        kit: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = extract_template(config_of(kit))
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    extract_template(config_of(kit))
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stamp


def test_new_text_gets_a_new_date(kit: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = extract_template(config_of(kit))
    source = kit / "messages" / "community" / "clinic.md"
    source.write_text(source.read_text().replace("every family", "all families"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    extract_template(config_of(kit))
    text = path.read_text(encoding="utf-8")
    assert '"POT-Creation-Date: 2027-01-15 08:00+0000\\n"' in text
    assert 'msgid "Health care for all families"' in text
    assert "every family" not in text


def test_pybabel_with_the_documented_mapping_gives_the_same_template(
        sample_copy: Path, tmp_path: Path) -> None:
    guide = (REPO / "TRANSLATING.md").read_text(encoding="utf-8")
    mapping = re.search(r"```ini\n(\[extractors\].*?)```", guide, re.S)
    assert mapping is not None, "TRANSLATING.md documents the pybabel mapping"
    (sample_copy / "babel.cfg").write_text(mapping.group(1), encoding="utf-8")
    out = tmp_path / "pybabel.pot"
    result = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "--add-location=file", "--add-comments=Translators:", "-o", str(out), ".",
         str(THEME_DIR / "templates")],
        cwd=sample_copy, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    ours = read_po(extract_template(config_of(sample_copy)), "ours")
    theirs = read_po(out, "pybabel")

    def entries(po, with_locations: bool) -> set[tuple]:
        return {(m.msgctxt, m.msgid, " ".join(m.auto_comments), m.flags,
                 m.references if with_locations and m.msgctxt else ())
                for m in po.entries}

    assert entries(theirs, True) == entries(ours, True)
    assert len(ours.entries) > 90


def test_the_babel_entry_point_names_the_extractor() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    target = project["entry-points"]["babel.extractors"]["outreach_messages"]
    module, _, name = target.partition(":")
    assert getattr(importlib.import_module(module), name) is babel_extract_messages
