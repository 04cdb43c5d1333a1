"""`outreach new`: a kit that publishes what it was asked for, written whole or not at all."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers import REPO
from typer.testing import CliRunner

from outreach.cli import app
from outreach.errors import OutreachError
from outreach.i18n.status import catalog_stats
from outreach.i18n.update import update_catalogs
from outreach.kit.config import load_config
from outreach.scaffold import new_kit

runner = CliRunner()


def snapshot(kit: Path) -> dict[str, bytes]:
    return {p.relative_to(kit).as_posix(): p.read_bytes()
            for p in sorted(kit.rglob("*")) if p.is_file()}


def gnu_msgcat(path: Path) -> str:
    return subprocess.run(["msgcat", str(path)], capture_output=True, text=True,
                          check=True).stdout


def test_the_languages_asked_for_are_published(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    new_kit(kit, translations=["es", "ht"])
    data = tomllib.loads((kit / "outreach.toml").read_text(encoding="utf-8"))
    assert data["kit"]["languages"] == ["en", "es", "ht"]
    stats = catalog_stats(load_config(kit))
    assert [(s.lang, s.exists, s.translated) for s in stats] == [("es", True, 0),
                                                                  ("ht", True, 0)]
    assert stats[0].total == stats[0].untranslated > 0


def test_update_right_after_new_changes_no_byte(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    kit = tmp_path / "kit"
    created = new_kit(kit, title='Our "big" \\ kit', translations=["es", "zh-Hant", "ar"])
    before = snapshot(kit)
    assert sorted(before) == sorted(p.relative_to(kit).as_posix() for p in created)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # a later day
    results = update_catalogs(load_config(kit))
    assert [r.changed for r in results] == [False, False, False]
    assert snapshot(kit) == before
    for name in ("translations/messages.pot", "translations/zh_Hant/LC_MESSAGES/messages.po"):
        assert gnu_msgcat(kit / name) == before[name].decode("utf-8")  # GNU's own layout
    assert load_config(kit).title == 'Our "big" \\ kit'


def test_without_languages_the_kit_is_english_only(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    created = new_kit(kit)
    assert load_config(kit).translated_languages == ()
    assert not [p for p in created if p.suffix == ".po"]
    assert (kit / "translations" / "messages.pot").is_file()


def test_a_new_kit_keeps_what_the_build_makes_out_of_git(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    new_kit(kit)
    subprocess.run(["git", "init", "-q", str(kit)], check=True)
    (kit / "build").mkdir()
    (kit / "build" / "index.html").write_text("made", encoding="utf-8")
    (kit / ".outreach-cache").mkdir()
    (kit / ".outreach-cache" / "README.txt").write_text("made", encoding="utf-8")
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=kit,
                            capture_output=True, text=True, check=True).stdout.split("\n")
    untracked = sorted(line[3:] for line in status if line)
    assert ".gitignore" in untracked and "outreach.toml" in untracked
    assert not [path for path in untracked if path.startswith(("build/", ".outreach-cache/"))]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    kit.mkdir()
    new_kit(kit, translations=["es"])
    assert (kit / "translations" / "es" / "LC_MESSAGES" / "messages.po").is_file()


@pytest.mark.parametrize(("title", "problem"), [
    ("Our kit\nsecond line", "--title: must be one line of visible text, without line breaks "
     "or control characters"),
    ("Our kit\x00", "--title: must be one line of visible text, without line breaks or "
     "control characters"),
    ("Our \u202ekit", "--title: must be one line of visible text, without line breaks or "
     "control characters"),
    ("   ", "--title: must not be empty"),
])
def test_a_bad_title_leaves_nothing(tmp_path: Path, title: str, problem: str) -> None:
    kit = tmp_path / "kit"
    with pytest.raises(OutreachError) as caught:
        new_kit(kit, title=title, translations=["es"])
    assert [str(p) for p in caught.value.problems] == [problem]
    assert list(tmp_path.iterdir()) == []


def test_unknown_languages_are_all_named_and_nothing_is_made(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "kit"), "--lang", "es", "--lang", "xx",
                                 "--lang", "qqq-Zzzz"])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert [line.split(":")[:3] for line in lines] == [
        ["error", " --lang", " unknown language 'xx'"],
        ["error", " --lang", " unknown language 'qqq-Zzzz'"]]
    # Each says what to add to outreach.toml to use the language anyway.
    assert "add to outreach.toml a [languages.xx] table with name = " in lines[0]
    assert "then run 'outreach i18n init qqq-Zzzz'" in lines[1]
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_leaves_no_half_made_kit(tmp_path: Path) -> None:
    def small_disk() -> None:  # writes past 4 KB fail as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = subprocess.run([sys.executable, "-m", "outreach", "new", "kit", "--lang", "es"],
                            cwd=tmp_path, capture_output=True, text=True, preexec_fn=small_disk,
                            check=False, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 2, result.stderr
    assert result.stderr.endswith("cannot be written: the disk is full; nothing was changed\n")
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_files_is_left_alone(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutreachError, match="already exists and is not empty"):
        new_kit(kit, translations=["es"])
    assert snapshot(kit) == {"notes.txt": b"mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit"]


def test_the_cli_says_what_to_do_next(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    result = runner.invoke(app, ["new", str(kit), "--lang", "es"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Created a kit in {kit}/ (6 files).",
        f"Next: cd {kit} && outreach serve (a live preview), or outreach build",
        "Then translate translations/es/LC_MESSAGES/messages.po ('outreach i18n status --list' "
        "shows what is left); each language is published once its catalog is translated.",
    ]
    alone = runner.invoke(app, ["new", str(tmp_path / "english")])
    assert alone.output.splitlines()[-1] == (f"Next: cd {tmp_path / 'english'} && outreach serve "
                                             "(a live preview), or outreach build")


def test_a_kit_half_made_by_a_killed_run_is_cleared(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    leftover = tmp_path / f".kit.new-{dead}"
    (leftover / "messages").mkdir(parents=True)
    new_kit(tmp_path / "kit")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit"]
