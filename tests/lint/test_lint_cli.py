"""`outreach lint`: options, output, exit codes (0 clean, 1 errors, 2 usage or unreadable)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import yaml
from lint_support import KitMaker
from typer.testing import CliRunner

from outreach.cli.lint import register
from outreach.lint.ruleset import RULES_DIR

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()

CLEAN = {"messages/a.md": "Undocumented workers can get care.\n"}
WARNING = {"messages/a.md": "We stand with Dreamers.\n"}
ERROR = {"messages/a.md": "We stand with Dreamers.\n\nIllegal immigrants can get care.\n"}


def lint(*args: str | Path) -> object:
    app = typer.Typer()
    app.callback()(lambda: None)  # keep "lint" a subcommand, as in the real app
    register(app)
    return runner.invoke(app, ["lint", *map(str, args)])


def test_help_explains_and_has_examples() -> None:
    result = lint("--help")
    assert result.exit_code == 0
    for text in ("Examples:", "outreach lint --fix --diff", "--list-rules", "--strict",
                 "Exit status: 0 no errors"):
        assert text in result.output


def test_kit_with_errors_exits_1_and_lists_them(make_kit: KitMaker) -> None:
    kit = make_kit(ERROR)
    result = lint("--kit", kit)
    assert result.exit_code == 1
    assert result.stdout == (
        "messages/a.md:1:15: warning en-dreamers: \"Dreamers\" is a label many young immigrants "
        "do not use for themselves. -> DACA recipients / young immigrants who came to the U.S. "
        "as children\n"
        "messages/a.md:3:1: error en-illegal-people: \"Illegal\" describes actions, not people. "
        "-> Undocumented immigrants / immigrants without legal status\n")
    assert result.stderr == "1 error, 1 warning in 2 files (1 fixable with --fix).\n"


def test_warnings_pass_unless_strict(make_kit: KitMaker) -> None:
    kit = make_kit(WARNING)
    assert lint("--kit", kit).exit_code == 0
    assert lint("--kit", kit, "--strict").exit_code == 1
    assert lint("--kit", make_kit(CLEAN), "--strict").exit_code == 0


def test_files_with_lang(tmp_path: Path) -> None:
    path = tmp_path / "flyer.txt"
    path.write_text("Los inmigrantes ilegales\n", encoding="utf-8")
    assert lint(path).exit_code == 0  # English by default: nothing to flag
    result = lint(path, "--lang", "es", "--format", "json")
    assert result.exit_code == 1
    assert [(d["path"], d["code"]) for d in json.loads(result.stdout)] == [
        (str(path), "es-ilegal-personas")]


def test_files_get_the_kit_settings(make_kit: KitMaker) -> None:
    kit = make_kit({"messages/a.md": "Aliens\n"}, lint='''\
        [[lint.allow]]
        rule = "en-alien"
        paths = ["messages/*.md"]
        reason = "test"
        ''')
    assert lint("--kit", kit, kit / "messages" / "a.md").exit_code == 0
    other = kit / "other.md"
    other.write_text("Aliens\n", encoding="utf-8")
    assert lint("--kit", kit, other).exit_code == 1


def test_folders_are_searched_for_lintable_files(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("illegals\n", encoding="utf-8")
    (tmp_path / "docs" / "b.png").write_bytes(b"\x89PNG illegals")
    result = lint(tmp_path / "docs", "--format", "json")
    assert [d["path"] for d in json.loads(result.stdout)] == [str(tmp_path / "docs" / "a.md")]


@pytest.mark.parametrize(("content", "message"), [
    (None, ": not found"),
    (b"caf\xe9", ":1: not valid UTF-8; save the file as UTF-8 (in most editors: Save As, "
     "encoding UTF-8)"),
])
def test_unreadable_file_is_one_line_and_exit_2(tmp_path: Path, content: bytes | None,
                                                message: str) -> None:
    path = tmp_path / "a.md"
    if content is not None:
        path.write_bytes(content)
    result = lint(path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {path}{message}\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--lang", "not a tag", "x.md"],
     "error: --lang: 'not a tag' is not a language tag such as 'es' or 'zh-Hant'\n"),
    (["--list-rules", "--format", "sarif"],
     "error: --list-rules prints text or json; use --format text or --format json\n"),
    (["--diff", "--format", "json"],
     "error: --diff prints a diff, which cannot be mixed with --format json; use --fix alone "
     "to fix and report as json\n"),
])
def test_bad_usage_exits_2(args: list[str], message: str) -> None:
    result = lint(*args)
    assert (result.exit_code, result.stderr) == (2, message)


def test_bad_format_is_a_usage_error() -> None:
    assert lint("--format", "xml", "x.md").exit_code == 2


def test_no_kit_and_no_files_exits_2(tmp_path: Path) -> None:
    result = lint("--kit", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {tmp_path / 'outreach.toml'}: not found; run this in a kit folder, pass --kit, "
        "or start one with 'outreach new DIR'\n")


def test_invalid_settings_exit_2_with_one_line_each(make_kit: KitMaker) -> None:
    kit = make_kit(CLEAN, lint='''\
        [lint]
        quotes = "never"

        [[lint.allow]]
        rule = "en-alien"
        ''')
    result = lint("--kit", kit)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: outreach.toml:10: lint.quotes: must be one of mention, flag, not 'never'",
        "error: outreach.toml:12: lint.allow[0].reason: missing; say why this use is "
        "acceptable, so the next editor knows",
    ]


def test_diff_shows_changes_without_writing(make_kit: KitMaker) -> None:
    kit = make_kit(ERROR)
    result = lint("--kit", kit, "--diff")
    assert result.exit_code == 1
    assert result.stdout == (
        "--- a/messages/a.md\n+++ b/messages/a.md\n@@ -1,3 +1,3 @@\n We stand with Dreamers.\n"
        " \n-Illegal immigrants can get care.\n+Undocumented immigrants can get care.\n")
    assert (kit / "messages" / "a.md").read_text(encoding="utf-8") == ERROR["messages/a.md"]


def test_fix_writes_and_reports_what_is_left(make_kit: KitMaker) -> None:
    kit = make_kit(ERROR)
    result = lint("--kit", kit, "--fix")
    assert result.exit_code == 0  # the error was fixed; a warning is left
    assert (kit / "messages" / "a.md").read_text(encoding="utf-8") == (
        "We stand with Dreamers.\n\nUndocumented immigrants can get care.\n")
    assert result.stdout.count("\n") == 1 and "en-dreamers" in result.stdout
    assert result.stderr == "Fixed 1 term in 1 file.\n1 warning in 2 files.\n"


def test_list_rules(make_kit: KitMaker) -> None:
    result = lint("--list-rules", "--lang", "es-MX", "--kit", make_kit())
    assert result.exit_code == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()
           if line and not line.startswith(" ")]
    assert ids[0] == "es-ilegal-personas" and all(i.startswith("es-") for i in ids)
    every = json.loads(lint("--list-rules", "--format", "json").stdout)
    assert {r["lang"] for r in every} == {p.stem for p in RULES_DIR.glob("*.toml")}
    assert {"fa", "ru", "zh-Hant"} <= {r["lang"] for r in every}
    assert lint("--list-rules", "--lang", "hy").stderr == "No rules for language 'hy'.\n"


def test_every_output_format(make_kit: KitMaker) -> None:
    kit = make_kit(ERROR)
    sarif = json.loads(lint("--kit", kit, "--format", "sarif").stdout)
    assert sarif["version"] == "2.1.0"
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == [
        "en-dreamers", "en-illegal-people"]
    github = lint("--kit", kit, "--format", "github").stdout.splitlines()
    assert [line.split(" ")[0] for line in github] == ["::warning", "::error"]


def run_outreach(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


def test_end_to_end_python_m_outreach_lint(make_kit: KitMaker) -> None:
    kit = make_kit(ERROR)
    result = run_outreach("-m", "outreach", "lint", "--format", "json", cwd=kit)
    assert result.returncode == 1, result.stderr
    assert [d["code"] for d in json.loads(result.stdout)] == ["en-dreamers", "en-illegal-people"]


def test_lint_does_not_import_rendering_code(make_kit: KitMaker) -> None:
    kit = make_kit(ERROR)
    result = run_outreach("-X", "importtime", "-m", "outreach", "lint", cwd=kit)
    assert result.returncode == 1
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert "outreach.lint.scan" in imported
    heavy = {"weasyprint", "markdown", "jinja2", "pypdf", "fontTools", "PIL"}
    assert not heavy & {name.split(".")[0] for name in imported}


def test_pre_commit_hook_runs_this_command_on_lintable_files() -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "outreach-lint", "outreach lint", "python")
    files = re.compile(hook["files"])
    for path in ("messages/a.md", "templates/page.html", "flyer.txt",
                 "translations/es/LC_MESSAGES/messages.po"):
        assert files.search(path), path
    assert not files.search("assets/logo.png")


def test_cli_looks_for_the_same_settings_file_as_the_config_loader() -> None:
    from outreach.cli.lint import KIT_FILE
    from outreach.kit.config import CONFIG_NAME

    assert KIT_FILE == CONFIG_NAME


@pytest.mark.parametrize("args", [
    [], ["--strict"], ["--format", "json"], ["-f", "github"], ["--format=sarif"],
    ["messages/a.md"], ["--lang", "es", "messages/a.md"], ["-l", "es", "--", "messages/a.md"],
    ["--list-rules", "--lang", "ru"], ["--list-rules", "-f", "json", "-l", "fa"],
    ["--fix", "--diff"], ["--diff", "--format", "json"], ["--lang", "not a tag"],
    ["missing.md"], ["--audience", "community", "messages/a.md"],
])
def test_the_quick_path_and_typer_agree(args: list[str], make_kit: KitMaker,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    # `outreach lint` reads ordinary options without Typer (for speed); both must behave alike.
    from outreach.cli import main
    from outreach.cli.lint_run import parse

    assert parse(args) is not None
    results = []
    for quick in (True, False):
        kit = make_kit(ERROR)
        monkeypatch.chdir(kit)
        if quick:
            monkeypatch.setattr(sys, "argv", ["outreach", "lint", *args])
            with pytest.raises(SystemExit) as exited:
                main()
            captured = capsys.readouterr()
            results.append((exited.value.code, captured.out, captured.err,
                            (kit / "messages/a.md").read_text(encoding="utf-8")))
        else:
            result = lint(*args)
            results.append((result.exit_code, result.stdout, result.stderr,
                            (kit / "messages/a.md").read_text(encoding="utf-8")))
    assert results[0] == results[1]


@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["--format", "xml"], ["--nope"], ["-lfa"], ["--lang"],
    ["--audience", "volunteers", "a.md"],
])
def test_help_and_mistakes_are_left_to_typer(args: list[str]) -> None:
    from outreach.cli.lint_run import parse

    assert parse(args) is None


def test_audience_makes_given_files_messages(tmp_path: Path) -> None:
    hard = ("Comprehensive community health organizations administer preventive immunization "
            "programs irrespective of documentation, furthermore facilitating interpretation "
            "services, transportation assistance and individualized eligibility determinations "
            "for subsidized insurance alternatives whenever municipal administrative "
            "regulations authorize such arrangements. Consequently, undocumented residents "
            "experiencing respiratory complications should contact federally qualified "
            "community health centers immediately.\n")
    path = tmp_path / "flyer.md"
    path.write_text(hard, encoding="utf-8")
    assert lint(path).stdout == ""
    result = lint("--audience", "community", path)
    assert result.exit_code == 0  # a warning
    assert " warning plain-language: Community message 'flyer' reads at about grade " in (
        result.stdout)
    assert lint("--audience", "community", "--strict", path).exit_code == 1


def test_links_out_of_the_kit_or_in_a_loop_are_refused_and_never_fixed(
        make_kit: KitMaker, tmp_path: Path) -> None:
    """As the build refuses them: lint --fix must not rewrite a file outside the kit."""
    kit = make_kit(CLEAN)
    outside = tmp_path / "outside.md"
    outside.write_text("Illegal immigrants can get care.\n", encoding="utf-8")
    (kit / "messages/out.md").symlink_to(outside)
    (kit / "messages/loop-a.md").symlink_to("loop-b.md")
    (kit / "messages/loop-b.md").symlink_to("loop-a.md")
    result = lint("--kit", kit, "--fix")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: messages/loop-a.md: is a link that leads back to itself; replace it with the "
        "file",
        "error: messages/loop-b.md: is a link that leads back to itself; replace it with the "
        "file",
        f"error: messages/out.md: is a link to {outside}, outside {kit.name}/; outreach never "
        "reads or publishes files from outside the kit: copy the file into the kit instead"]
    assert outside.read_text(encoding="utf-8") == "Illegal immigrants can get care.\n"
