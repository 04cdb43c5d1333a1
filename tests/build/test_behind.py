"""Editing the source never takes a language down: a catalog that is behind keeps what it last
published from reviewed translations, and the build says what waits for translation, where."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, build_kit, copy_sample_kit

MESSAGE = "messages/community/every-child-can-go-to-school.md"
FLYER = "community/every-child-can-go-to-school"
CATALOG = "translations/es/LC_MESSAGES/messages.po"


def outreach(kit: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "outreach", *args], cwd=kit, text=True,
                          capture_output=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO), "CI": "1"})


def files(out: Path, prefix: str) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.relative_to(out).as_posix().startswith(prefix)}


@pytest.fixture
def kit(tmp_path: Path, epoch: str) -> Path:
    kit = copy_sample_kit(tmp_path / "kit")
    text = (kit / "outreach.toml").read_text(encoding="utf-8")
    text = text.replace('languages = ["en", "es", "zh-Hans", "zh-Hant", "vi", "tl", "ko", "ar", '
                        '"fa", "ru"]', 'languages = ["en", "es"]')
    (kit / "outreach.toml").write_text(text, encoding="utf-8")
    return kit


def edit_paragraph(kit: Path) -> str:
    path = kit / MESSAGE
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    old = next(line for line in body.splitlines() if len(line) > 40)
    path.write_text(text.replace(old, old + " Ask us about it."), encoding="utf-8")
    return old


def test_an_english_edit_keeps_spanish_and_says_what_to_translate(kit: Path) -> None:
    build_kit(kit, audiences=("community",))
    out = kit / "build"
    spanish = files(out, "es/")
    edit_paragraph(kit)

    result = outreach(kit, "build", "--audience", "community")
    assert result.returncode == 0, result.stderr
    assert files(out, "es/") == spanish  # reviewed translations, kept as they were
    english = (out / f"en/{FLYER}.pdf").read_bytes()
    assert english != b"" and "Ask us about it." in (out / "en/community.html").read_text()
    assert ("Behind: es needs 1 string translated (since 2023-11-14); kept 3 files from "
            "reviewed translations.") in result.stdout
    assert (f"  1 string not in {CATALOG} yet: run 'outreach i18n update', then translate "
            "it") in result.stdout

    # The catalog is brought up to date: the entry is fuzzy now, and named by its line.
    assert outreach(kit, "i18n", "update").returncode == 0
    result = outreach(kit, "build", "--audience", "community")
    po = (kit / CATALOG).read_text(encoding="utf-8").splitlines()
    fuzzy_line = next(i for i, line in enumerate(po, start=1) if line == "#, fuzzy")
    msgstr_line = next(i for i, line in enumerate(po[fuzzy_line:], start=fuzzy_line + 1)
                       if line.startswith("msgstr"))
    assert f"  {CATALOG}:{msgstr_line}: fuzzy: " in result.stdout
    assert files(out, "es/") == spanish

    manifest = json.loads((out / "manifest.json").read_text())
    (es,) = [lang for lang in manifest["languages"] if lang["lang"] == "es"]
    assert es["behind_since"] == "2023-11-14T22:13:20Z" and es["behind_strings"] == 1
    assert "Traducción pendiente desde el 2023-11-14" in (out / "index.html").read_text()

    strict = outreach(kit, "build", "--audience", "community", "--strict")
    assert strict.returncode == 1
    assert strict.stderr.endswith("error: 1 language(s) behind the messages (es) and --strict "
                                  "was given\n")


def test_a_new_message_is_left_out_of_a_language_until_it_is_translated(kit: Path) -> None:
    build_kit(kit, audiences=("community",), formats=("html", "flyer"))
    out = kit / "build"
    new = (kit / MESSAGE).read_text(encoding="utf-8").replace(
        "title: ", "id: new-message\ntitle: New ", 1)
    (kit / "messages/community/new-message.md").write_text(new, encoding="utf-8")
    result = build_kit(kit, audiences=("community",), formats=("html", "flyer"))
    (late,) = result.behind
    assert late.lang == "es" and late.left_out == 1 and late.kept == 1  # the flyer; the page
    assert (out / "en/community/new-message.pdf").exists()
    assert not (out / "es/community/new-message.pdf").exists()
    assert "new-message" not in (out / "es/community.html").read_text()
    # --allow-partial publishes it anyway, the missing text in English and marked as such.
    partial = build_kit(kit, audiences=("community",), formats=("html", "flyer"),
                        allow_partial=True)
    assert partial.partial == ("es",) and not partial.behind
    assert (out / "es/community/new-message.pdf").exists()
    assert '<h2 id="new-message-title"><span lang=en>New ' in \
        (out / "es/community.html").read_text()


def test_languages_waiting_for_the_same_new_strings_are_told_what_to_run_once(
        kit: Path) -> None:
    config = kit / "outreach.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'languages = ["en", "es"]', 'languages = ["en", "es", "vi"]'), encoding="utf-8")
    edit_paragraph(kit)
    result = outreach(kit, "build", "--audience", "community", "--format", "html")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(" (since")[0] for line in lines if line.startswith("Behind:")] == [
        "Behind: es needs 1 string translated", "Behind: vi needs 1 string translated"]
    advice = [line for line in lines if "outreach i18n update" in line]
    assert advice == ["  1 string is not in the catalogs of es, vi yet: run 'outreach i18n "
                      "update', then translate it"]

    # Once the catalogs have the string (fuzzy), each names its own line to review.
    assert outreach(kit, "i18n", "update").returncode == 0
    lines = outreach(kit, "build", "--audience", "community", "--format", "html").stdout
    assert "outreach i18n update" not in lines
    assert [line.split(":")[0] for line in lines.splitlines() if ": fuzzy: " in line] == [
        "  translations/es/LC_MESSAGES/messages.po", "  translations/vi/LC_MESSAGES/messages.po"]
