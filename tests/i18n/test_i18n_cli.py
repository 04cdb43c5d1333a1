"""`outreach i18n ...`: each command prints its result, errors are one line each, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from outreach.cli.i18n import register
from outreach.i18n.template import build_template
from outreach.i18n.update import update_catalogs
from outreach.po import read_po

from .conftest import catalog, config_of, edit, run_outreach, translate, translated_kit

COMMANDS = ("extract", "init", "update", "status", "check")
ES = "translations/es/LC_MESSAGES/messages.po"
RU = "translations/ru/LC_MESSAGES/messages.po"


def make_app() -> typer.Typer:
    app = typer.Typer(rich_markup_mode=None)  # as outreach.cli builds it

    @app.callback()
    def main() -> None:
        """outreach"""

    register(app)
    return app


runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(make_app(), ["i18n", *args])


def count(kit: Path) -> int:
    return len(build_template(config_of(kit)).entries)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_an_example_in_its_help(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout
    assert f"outreach i18n {command}" in result.stdout
    assert "-C, --kit" in result.stdout


def test_extract_says_whether_it_wrote(kit: Path) -> None:
    first = invoke("extract", "-C", str(kit))
    again = invoke("extract", "--kit", str(kit))
    assert (first.exit_code, again.exit_code) == (0, 0)
    assert first.stdout == f"Wrote translations/messages.pot: {count(kit)} strings.\n"
    assert again.stdout == f"translations/messages.pot is up to date: {count(kit)} strings.\n"


def test_a_template_that_does_not_parse_stops_extract_and_update(kit: Path) -> None:
    """Skipping it would drop its strings, and update would retire their translations."""
    (kit / "templates").mkdir(exist_ok=True)
    (kit / "templates/page.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{{ _("Hello") ( }}{% endblock %}\n',
        encoding="utf-8")
    catalogs = {p: p.read_bytes() for p in (kit / "translations").rglob("*.po*")}
    for command in ("extract", "update"):
        result = invoke(command, "--kit", str(kit))
        assert result.exit_code == 2
        assert len(result.output.splitlines()) == 1  # Jinja's own words follow the place
        assert result.output.startswith("error: templates/page.html:2: template syntax error: ")
    assert {p: p.read_bytes() for p in (kit / "translations").rglob("*.po*")} == catalogs


def test_init_points_to_the_next_step(kit: Path) -> None:
    result = invoke("init", "es", "-C", str(kit))
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"Created {ES}.\n"
                             "Next: translate it, then run 'outreach i18n check --lang es'.\n")
    other = invoke("init", "vi", "-C", str(kit))
    assert other.stdout.splitlines()[1] == ("Note: vi is not in kit.languages in outreach.toml "
                                            "yet; add it there to publish it.")


def test_update_reports_what_happened_to_each_catalog(kit: Path) -> None:
    created = invoke("update", "-C", str(kit))
    assert created.exit_code == 0, created.output
    assert created.stdout == (f"es: created {ES} ({count(kit)} strings to translate)\n"
                              f"ru: created {RU} ({count(kit)} strings to translate)\n")
    translate(catalog(kit), lambda m: "ES " + m.msgid)
    edit(kit, "Health care for every family", "Health care for all families")
    edit(kit, "Open 7 days a week, from 8 to 5.\n", "")
    result = invoke("update", "-C", str(kit))
    assert result.stdout == (f"es: {ES} updated: 1 fuzzy (to review), 1 obsolete\n"
                             f"ru: {RU} updated: 1 new\n")
    pruned = invoke("update", "--prune", "-C", str(kit))
    assert pruned.stdout == f"es: {ES} updated: 1 pruned\nru: {RU} unchanged\n"


def test_status_as_text_and_json(kit: Path) -> None:
    translated_kit(kit)
    total = count(kit)
    text = invoke("status", "-C", str(kit))
    assert text.exit_code == 0
    assert text.stdout.splitlines() == [
        "lang      total translated  fuzzy untranslated obsolete  percent",
        f"es       {total:>6} {total:>10}      0            0        0   100.0%",
        f"ru       {total:>6}          0      0 {total:>12}        0     0.0%",
    ]
    data = json.loads(invoke("status", "--format", "json", "-C", str(kit)).stdout)
    assert data == [
        {"lang": "es", "total": total, "translated": total, "fuzzy": 0, "untranslated": 0,
         "obsolete": 0, "percent": 100.0},
        {"lang": "ru", "total": total, "translated": 0, "fuzzy": 0, "untranslated": total,
         "obsolete": 0, "percent": 0.0},
    ]


def test_status_min_fails_below_the_threshold(kit: Path) -> None:
    translated_kit(kit)
    below = invoke("status", "--min", "90", "-C", str(kit))
    assert below.exit_code == 1
    assert below.stderr == "Below 90%: ru (0.0%)\n"
    translate(catalog(kit, "ru"), lambda m: "RU " + m.msgid)
    assert invoke("status", "--min", "90", "-C", str(kit)).exit_code == 0


def test_check_prints_findings_and_fails_on_errors(kit: Path) -> None:
    path = translated_kit(kit)
    translate(path, lambda m: "Llame a {organization}." if m.msgid.startswith("Call ")
              else "ES Health " if m.msgid == "Health" else None)
    line = next(m.msgstr_line for m in read_po(path, "es").entries
                if m.msgid.startswith("Call "))
    result = invoke("check", "-C", str(kit))
    assert result.exit_code == 1
    value_line = next(m.msgstr_line for m in read_po(path, "es").entries
                      if m.msgid == "Health")
    assert result.stdout.splitlines() == [
        f"{ES}:{line}: error placeholders: {{phone}} is missing: copy it from the source exactly "
        "as written (community/clinic:call_to_action)",
        f"{ES}:{value_line}: warning whitespace: the translation ends with a space and the "
        "source does not (community/clinic:value)",
        "1 error(s), 1 warning(s).",
    ]
    data = json.loads(invoke("check", "--lang", "es", "--format", "json", "-C", str(kit)).stdout)
    assert [(f["code"], f["severity"], f["line"]) for f in data] == [
        ("placeholders", "error", line), ("whitespace", "warning", value_line)]
    # The same report as `outreach lint`'s: one finding type, one report module.
    assert set(data[0]) == {"path", "line", "column", "end_line", "end_column", "severity",
                            "code", "message", "match", "suggestions", "lang", "context"}
    log = json.loads(invoke("check", "--format", "sarif", "-C", str(kit)).stdout)
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "outreach-i18n-check"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["placeholders", "whitespace"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in run["results"]] == [line, value_line]
    github = invoke("check", "--format", "github", "-C", str(kit)).stdout.splitlines()
    assert github[0].startswith(f"::error file={ES},line={line},title=placeholders (error)::")


def test_check_passes_with_warnings_only(kit: Path) -> None:
    translate(translated_kit(kit), lambda m: "ES Health " if m.msgid == "Health" else None)
    result = invoke("check", "--lang", "es", "-C", str(kit))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "0 error(s), 1 warning(s)."


def test_check_with_nothing_to_report(kit: Path) -> None:
    translated_kit(kit)
    result = invoke("check", "-C", str(kit))
    assert (result.exit_code, result.stdout) == (0, "No problems found (es, ru).\n")


def test_library_errors_are_one_line_each_with_exit_status_2(kit: Path, tmp_path: Path) -> None:
    nowhere = tmp_path / "nowhere"
    result = invoke("status", "-C", str(nowhere))
    assert result.exit_code == 2
    assert result.stderr == (f"error: {nowhere}/outreach.toml: not found; run this in a kit "
                             "folder, pass --kit, or start one with 'outreach new DIR'\n")

    wrong = invoke("check", "--lang", "xx", "-C", str(kit))
    assert (wrong.exit_code, wrong.stderr) == (
        2, "error: --lang: 'xx' is not a translated language of this kit; choose from es, ru\n")

    translated_kit(kit)
    russian = catalog(kit, "ru")
    lines = russian.read_text(encoding="utf-8").splitlines()
    russian.write_text("\n".join(lines[:20] + ['msgstr "unclosed'] + lines[21:]) + "\n",
                       encoding="utf-8")
    broken = invoke("update", "-C", str(kit))
    assert broken.exit_code == 2
    assert broken.stderr == (f"error: {RU}:21: this string is not closed: end it with a \" on "
                             "the same line\n")


def test_end_to_end_through_python_m_outreach(kit: Path) -> None:
    update = run_outreach("i18n", "update", "-C", str(kit))
    assert update.returncode == 0, update.stderr
    assert update.stdout.splitlines()[0] == f"es: created {ES} ({count(kit)} strings to translate)"
    translate(catalog(kit), lambda m: "ES " + m.msgid)
    status = run_outreach("i18n", "status", "--format", "json", "--min", "50", "-C", str(kit))
    assert status.returncode == 1
    assert [row["lang"] for row in json.loads(status.stdout)] == ["es", "ru"]
    check = run_outreach("i18n", "check", "--lang", "es", cwd=kit)
    assert (check.returncode, check.stdout) == (0, "No problems found (es).\n")
    again = run_outreach("i18n", "update", cwd=kit)
    assert again.stdout == f"es: {ES} unchanged\nru: {RU} unchanged\n"


def test_status_lists_what_is_left_with_catalog_lines(kit: Path) -> None:
    path = translated_kit(kit)
    edit(kit, "Health care for every family", "Health care for all families")
    update_catalogs(config_of(kit))  # the edited title is now fuzzy
    translate(path, lambda m: "" if m.msgid == "Health" else None)
    edit(kit, "Care is for everyone.", "Care is for every one of us.")  # not updated yet
    entries = {m.msgid: m.msgstr_line for m in read_po(path, "es").entries}
    result = invoke("status", "--lang", "es", "--list", "-C", str(kit))
    assert result.exit_code == 0, result.output
    total = count(kit)
    assert result.stdout.splitlines() == [
        "lang      total translated  fuzzy untranslated obsolete  percent",
        f"es       {total:>6} {total - 3:>10}      1            2        1 "
        f"{int(1000 * (total - 3) / total) / 10:>7.1f}%",
        "",
        f"{ES}:{entries['Health care for all families']}: fuzzy: \"Health care for all "
        "families\" (community/clinic:title)",
        f"{ES}:{entries['Health']}: untranslated: \"Health\" (community/clinic:value)",
        f"1 string is not in {ES} yet: run 'outreach i18n update' to add it, then translate:",
        f"{ES}: missing: \"Care is for every one of us.\" (community/clinic:key_message)",
    ]


def test_status_list_shortens_long_strings_and_covers_languages_without_a_catalog(
        kit: Path) -> None:
    result = invoke("status", "--lang", "ru", "--list", "-C", str(kit))
    lines = result.stdout.splitlines()
    assert lines[1].endswith("(no catalog yet)")
    assert lines[3] == (f"{count(kit)} strings are not in a catalog at {RU} yet: run 'outreach "
                        "i18n update' to add them, then translate:")
    body = next(line for line in lines if "community/clinic:body" in line)
    assert body == (f'{RU}: missing: "When someone in your family is sick, you can get care '
                    'close…" (community/clinic:body)')


def test_status_list_as_json(kit: Path) -> None:
    path = translated_kit(kit)
    translate(path, lambda m: "" if m.msgid == "Health" else None)
    line = next(m.msgstr_line for m in read_po(path, "es").entries if m.msgid == "Health")
    data = json.loads(invoke("status", "-l", "es", "--list", "-f", "json", "-C", str(kit)).stdout)
    assert [row["lang"] for row in data] == ["es"]
    assert data[0]["pending"] == [{"line": line, "state": "untranslated",
                                   "msgctxt": "community/clinic:value", "msgid": "Health"}]
    assert "pending" not in json.loads(invoke("status", "-f", "json", "-C", str(kit)).stdout)[0]


def test_status_lang_is_checked_like_check_lang(kit: Path) -> None:
    wrong = invoke("status", "--lang", "xx", "-C", str(kit))
    assert (wrong.exit_code, wrong.stderr) == (
        2, "error: --lang: 'xx' is not a translated language of this kit; choose from es, ru\n")
