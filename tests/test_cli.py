"""The command line: options map onto the library, errors are one line each, help has examples."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import typer
from helpers import make_kit, message
from typer.testing import CliRunner

from outreach import __version__
from outreach.build import BuildOptions
from outreach.cli import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"outreach {__version__}\n"


def test_build_options_map_onto_build_options(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, languages=("en", "es"))
    with mock.patch("outreach.build.build") as build:
        result = runner.invoke(app, ["build", "--kit", str(kit), "--out", str(tmp_path / "o"),
                                     "--lang", "es", "-l", "en", "--audience", "community",
                                     "--format", "pdf", "-f", "flyer", "--jobs", "3",
                                     "--allow-partial", "--quiet"])
    assert result.exit_code == 0, result.output
    config, options = build.call_args.args
    assert config.root == kit
    assert options == BuildOptions(out=tmp_path / "o", languages=("es", "en"),
                                   audiences=("community",), formats=("pdf", "flyer"), jobs=3,
                                   allow_partial=True)


def test_build_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    monkeypatch.chdir(kit)
    with mock.patch("outreach.build.build") as build:
        result = runner.invoke(app, ["build", "-q"])
    assert result.exit_code == 0, result.output
    config, options = build.call_args.args
    assert config.root == Path(".")
    assert options == BuildOptions()


def test_build_prints_a_summary(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message(),
                                      "decision-makers/b": message(title="Bye")})
    result = subprocess.run([sys.executable, "-m", "outreach", "build", "--kit", str(kit),
                             "--format", "html", "--format", "flyer", "--jobs", "1"],
                            capture_output=True, text=True, check=False, env={"CI": "true",
                            "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Built 3 web pages, 2 flyers for 1 language (en) and 2 "
                                    f"audiences into {kit / 'build'}/ in ")
    assert "Skipped" not in result.stdout
    # Not a terminal: progress comes as plain lines, one per tenth of the way.
    assert "built 4/4 files, 2 rendered (en/decision-makers/b.pdf)" in result.stderr


def test_build_warns_about_unknown_config_keys(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   config='[kit]\ntitle = "K"\ncolour = "red"\n[organization]\nname = "O"\n')
    with mock.patch("outreach.build.build"):
        result = runner.invoke(app, ["build", "--kit", str(kit)])
    assert "warning: outreach.toml:3: kit.colour: unknown key, ignored" in result.output


def test_new_kit_builds_right_away(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "my-kit"
    result = runner.invoke(app, ["new", str(target), "--title", 'Our "big" kit', "--lang", "es",
                                 "--lang", "vi"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (f"Next: cd {target} && outreach serve (a live "
                                             "preview), or outreach build")
    assert (target / "translations/vi/LC_MESSAGES/messages.po").is_file()
    assert (target / "translations/messages.pot").is_file()
    monkeypatch.chdir(target)
    # The kit builds right away: English is published, Spanish and Vietnamese wait for their
    # translations (they are behind, and said so), and nothing fails.
    result = runner.invoke(app, ["build", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "Behind: es needs" in result.output and "Behind: vi needs" in result.output
    assert not (target / "build/es/community.html").exists()
    page = (target / "build/en/community.html").read_text(encoding="utf-8")
    assert "Our &#34;big&#34; kit" in page
    assert "You are welcome here" in page


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    result = runner.invoke(app, ["new", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == f"error: {tmp_path}: already exists and is not empty; choose a new " \
                            "folder\n"


def test_error_without_a_kit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 2
    assert result.output == ("error: outreach.toml: not found; run this in a kit folder, pass "
                             "--kit, or start one with 'outreach new DIR'\n")


def commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every command and sub-command of a (Typer-built) click group, by full name."""
    found = []
    for name, command in group.commands.items():
        found.append((prefix + name, command))
        if hasattr(command, "commands"):
            found.extend(commands(command, prefix + name + " "))
    return found


def test_every_command_is_documented_with_an_example() -> None:
    listed = commands(typer.main.get_command(app))
    assert {"build", "new"} <= {name for name, _ in listed}
    for name, command in listed:
        if hasattr(command, "commands"):
            continue
        assert command.help and re.search(r"Examples?:\s+outreach ", command.help), name
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for name, _ in listed:
        assert f"outreach {name}" in readme, f"'outreach {name}' is not in the README"
