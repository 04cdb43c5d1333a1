"""A new user's first hour: `build` says what to open, and `lint --diff` says what it cannot
fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import REPO, make_kit, message
from typer.testing import CliRunner

from outreach.cli import app

runner = CliRunner()


def test_build_says_which_file_to_open(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    result = subprocess.run([sys.executable, "-m", "outreach", "build", "--format", "html"],
                            cwd=kit, capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONPATH": str(REPO), "CI": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("Open build/index.html in a browser to see the kit.\n")
    assert (kit / "build" / "index.html").is_file()


def lint_kit(tmp_path: Path, text: str) -> Path:
    kit = make_kit(tmp_path / "kit", {})
    (kit / "messages").mkdir(exist_ok=True)
    (kit / "messages" / "a.md").write_text(text, encoding="utf-8")
    return kit


def test_lint_diff_also_reports_what_it_cannot_fix(tmp_path: Path) -> None:
    kit = lint_kit(tmp_path, "We stand with Dreamers.\n\nIllegal immigrants can get care.\n")
    result = runner.invoke(app, ["lint", "--kit", str(kit), "--diff"])
    assert result.exit_code == 1
    assert result.stdout == (  # the patch alone, for `git apply`
        "--- a/messages/a.md\n+++ b/messages/a.md\n@@ -1,3 +1,3 @@\n We stand with Dreamers.\n"
        " \n-Illegal immigrants can get care.\n+Undocumented immigrants can get care.\n")
    assert result.stderr == (
        "messages/a.md:1:15: warning en-dreamers: \"Dreamers\" is a label many young immigrants "
        "do not use for themselves. -> DACA recipients / young immigrants who came to the U.S. "
        "as children\n"
        "The diff fixes 1 term; --fix cannot fix 1 finding (listed above): edit by hand.\n")


def test_lint_diff_says_when_nothing_is_left(tmp_path: Path) -> None:
    kit = lint_kit(tmp_path, "Illegal immigrants can get care.\n")
    result = runner.invoke(app, ["lint", "--kit", str(kit), "--diff"])
    assert result.stdout.startswith("--- a/messages/a.md\n")
    assert result.stderr == "The diff fixes 1 term; nothing is left to edit by hand.\n"


def test_lint_fix_diff_keeps_the_patch_alone_on_stdout(tmp_path: Path) -> None:
    kit = lint_kit(tmp_path, "We stand with Dreamers.\n\nIllegal immigrants can get care.\n")
    result = runner.invoke(app, ["lint", "--kit", str(kit), "--fix", "--diff"])
    assert result.exit_code == 0
    assert result.stdout.startswith("--- a/messages/a.md\n") and "en-dreamers" not in \
        result.stdout
    assert "Fixed 1 term in 1 file.\nmessages/a.md:1:15: warning en-dreamers:" in result.stderr
