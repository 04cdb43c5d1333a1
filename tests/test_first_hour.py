"""A new user's first hour: the help says what to do first, every value in it is named by what
it is, `build` says what to open, and `lint --diff` says what it cannot fix."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from helpers import REPO, make_kit, message
from typer.testing import CliRunner

from outreach.cli import app

runner = CliRunner()
WORD = r"[A-Z][A-Z_]*"  # DIR, LANG, N, FILE: what a value is, in capitals


def commands(command: object = None, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command line that has its own help: ("build",), ("i18n", "status"), ..."""
    command = command or typer.main.get_command(app)
    for name, sub in getattr(command, "commands", {}).items():
        yield (*path, name)
        yield from commands(sub, (*path, name))


def help_of(*path: str) -> str:
    result = runner.invoke(app, [*path, "--help"], prog_name="outreach")
    assert result.exit_code == 0, result.output
    return result.output


def test_help_starts_with_new_build_and_serve() -> None:
    text = help_of()
    start = text.index("Start here:")
    lines = [line.strip() for line in text[start:].splitlines()[1:4]]
    assert [line.split("  ")[0] for line in lines] == [
        "outreach new my-kit --lang es", "cd my-kit && outreach build", "outreach serve"]
    assert "open build/index.html" in lines[1] and "http://127.0.0.1:8000/" in lines[2]
    listed = text[text.index("Commands:"):].splitlines()[1:]
    assert [line.split()[0] for line in listed[:3]] == ["new", "build", "serve"]


@pytest.mark.parametrize("path", list(commands()), ids=" ".join)
def test_every_value_in_help_is_named_by_a_word(path: tuple[str, ...]) -> None:
    text = help_of(*path)
    assert not re.search(r"<[a-zA-Z][^>]*>|\{[a-z]+\}", text), text
    usage = text.splitlines()[0]
    pieces = usage.split(f"outreach {' '.join(path)} ", 1)[1].split()
    for piece in pieces:
        assert re.fullmatch(rf"\[OPTIONS\]|COMMAND|\[ARGS\]\.\.\.|\[?{WORD}\]?(\.\.\.)?",
                            piece), usage
    options = text[text.index("Options:"):]
    for option in re.findall(r"^  (?:-\w, )?(--[\w-]+)(?: (\S+))?(?:  |$)", options, re.M):
        name, value = option
        assert not value or re.fullmatch(WORD, value), f"{' '.join(path)} {name} {value}"


@pytest.mark.parametrize("path", [p for p in commands() if p != ("i18n",)], ids=" ".join)
def test_every_command_shows_an_example(path: tuple[str, ...]) -> None:
    text = help_of(*path)
    assert re.search(rf"Examples?:\s+outreach {' '.join(path)}", text), text


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


def test_a_catalog_not_begun_is_one_line_not_a_list(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A new kit's languages have nothing translated: the build says so in a line each, and
    lists the strings, by line, once a translator has begun."""
    assert runner.invoke(app, ["new", str(tmp_path / "kit"), "--lang", "es"]).exit_code == 0
    monkeypatch.chdir(tmp_path / "kit")
    result = runner.invoke(app, ["build", "--format", "html"])
    assert result.exit_code == 0, result.output
    catalog = "translations/es/LC_MESSAGES/messages.po"
    behind = result.output[result.output.index("Behind: es"):].splitlines()[1:]
    assert behind[0] == (f"  {catalog}: nothing is translated yet; 'outreach i18n status "
                         "--lang es --list' lists each string with its line")
    assert ": untranslated: " not in result.output

    po = Path(catalog).read_text(encoding="utf-8")
    first = re.search(r'msgid "(Our message kit)"\nmsgstr ""', po)
    assert first, po[:2000]
    translated = po.replace(first.group(0), first.group(0)[:-2] + '"Nuestro paquete de mensajes"')
    # A machine's first draft, still fuzzy, has begun the catalog too: it is listed to review.
    Path(catalog).write_text(re.sub(r'((?:msgctxt .*\n)?msgid "Our message kit")',
                                    r"#, fuzzy\n\1", translated, count=1), encoding="utf-8")
    result = runner.invoke(app, ["build", "--format", "html"])
    assert ": fuzzy: 'Our message kit'" in result.output
    assert "nothing is translated yet" not in result.output
    Path(catalog).write_text(translated, encoding="utf-8")
    result = runner.invoke(app, ["build", "--format", "html"])
    assert f"  {catalog}:" in result.output and ": untranslated: " in result.output
    assert "nothing is translated yet" not in result.output
