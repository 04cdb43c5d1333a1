"""`outreach lint`: a thin command over the lint library.

Only typer is imported at module level, so that `outreach --help` stays fast; the library is
imported when the command runs, and it never imports rendering code.

Exit status: 0 when no errors were found (warnings too with --strict), 1 when some were,
2 for bad usage, invalid settings or a file that cannot be read.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ..errors import OutreachError
from .console import fail

if TYPE_CHECKING:
    from ..kit.config import Config
    from ..lint.fix import FileFix
    from ..lint.scan import Checked
    from ..lint.settings import LintSettings

_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*\Z")
KIT_FILE = "outreach.toml"  # outreach.config.CONFIG_NAME


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


def register(app: typer.Typer) -> None:
    """Add the `lint` command to an outreach Typer app."""
    app.command("lint")(lint)


def lint(
    files: Annotated[list[Path] | None, typer.Argument(
        metavar="FILE", help="Markdown, HTML, text or .po files (or folders of them). Without "
        "files, lint the whole kit.", show_default=False)] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", metavar="LANG", help="Language of files that do not declare one (a tag "
        "such as es or zh-Hant) [default: the kit's source language, or en].",
        show_default=False)] = None,
    fmt: Annotated[Format, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output: text, json, sarif (code scanning) or "
        "github (workflow annotations).")] = Format.text,
    fix: Annotated[bool, typer.Option(
        "--fix", help="Replace terms that have one clear replacement, in place.")] = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Show what --fix changes, as a unified diff; without --fix nothing is "
        "written.")] = False,
    list_rules: Annotated[bool, typer.Option(
        "--list-rules", help="Describe every rule (for --lang only, if given) and exit.")]
    = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail (exit 1) on warnings too, not only on errors.")] = False,
    kit: Annotated[Path, typer.Option(
        "--kit", "-C", metavar="DIR", help="The kit folder (holds outreach.toml); its [lint] "
        "settings apply to given files too [default: this folder].", show_default=False)]
    = Path("."),
) -> None:
    """Flag discouraged terms about immigrants in messages, templates and translations.

    Lints message sources and templates in the kit's source language and every catalog's
    translations in that catalog's language. Exit status: 0 no errors, 1 errors found (or
    warnings, with --strict), 2 bad usage or an unreadable file.

    \b
    Examples:
      outreach lint
      outreach lint messages/welcome.md translations/es/LC_MESSAGES/messages.po
      outreach lint --lang es flyer.txt
      outreach lint --fix --diff
      outreach lint --format sarif > lint.sarif
      outreach lint --list-rules --lang es
    """
    if lang is not None and not _LANG_TAG.match(lang):
        _usage(f"--lang: {lang!r} is not a language tag such as 'es' or 'zh-Hant'")
    if diff and fmt is not Format.text:
        _usage("--diff prints a diff, which cannot be mixed with --format "
               f"{fmt.value}; use --fix alone to fix and report as {fmt.value}")
    try:
        if list_rules:
            _list_rules(kit, lang, fmt.value)
            return
        _lint(files or [], kit, lang, fmt.value, fix, diff, strict)
    except OutreachError as error:
        fail(error)


def _lint(files: list[Path], kit: Path, lang: str | None, fmt: str, fix: bool, diff: bool,
          strict: bool) -> None:
    from ..lint.report import render, summary
    from ..lint.scan import check_files, check_kit

    config = _kit_config(kit, required=not files)
    settings = _settings(config)

    def check() -> list[Checked]:
        if files:
            source_lang = config.source_language.tag if config else None
            return check_files(files, lang=lang or source_lang, settings=settings,
                               root=kit if config else None)
        assert config is not None
        return check_kit(config)

    checked = check()
    if fix or diff:
        from ..lint.fix import fixes_for

        changes = fixes_for(checked)
        if diff:
            typer.echo("".join(change.diff() for change in changes), nl=False)
        if fix:
            for change in changes:
                change.write()
            count = sum(len(change.fixed) for change in changes)
            typer.echo(f"Fixed {count} term{'s' * (count != 1)} in {len(changes)} "
                       f"file{'s' * (len(changes) != 1)}.", err=True)
            checked = check()
        else:
            _report_unfixable(checked, changes)
            _exit(checked, strict)

    findings = [f for c in checked for f in c.findings]
    if fmt == "sarif":  # only SARIF describes the rules, which means reading every rule file
        from .. import __version__
        from ..lint.settings import available_rules

        rules = {r.id: r for r in available_rules(settings)}
        typer.echo(render(findings, fmt, rules=rules, version=__version__), nl=False)
    else:
        # With --diff, standard output is the patch alone; what is left goes beside it.
        typer.echo(render(findings, fmt), nl=False, err=diff)
    if fmt == "text":
        fixable = sum(1 for c in checked for group in c.edits if group)
        typer.echo(summary(findings, len(checked), fixable), err=True)
    _exit(checked, strict)


def _report_unfixable(checked: list[Checked], changes: list[FileFix]) -> None:
    """--diff: the findings the diff leaves for a person, on stderr beside the patch."""
    from ..lint.report import render

    fixed = {finding for change in changes for finding in change.fixed}
    left = [f for c in checked for f in c.findings if f not in fixed]
    terms = f"{len(fixed)} term{'s' * (len(fixed) != 1)}"
    typer.echo(render(left, "text"), nl=False, err=True)
    if left:
        typer.echo(f"The diff fixes {terms}; --fix cannot fix {len(left)} "
                   f"finding{'s' * (len(left) != 1)} (listed above): edit by hand.", err=True)
    else:
        typer.echo(f"The diff fixes {terms}; nothing is left to edit by hand.", err=True)


def _list_rules(kit: Path, lang: str | None, fmt: str) -> None:
    from ..lint.report import describe_rules
    from ..lint.settings import available_rules

    if fmt not in ("text", "json"):
        _usage("--list-rules prints text or json; use --format text or --format json")
    settings = _settings(_kit_config(kit, required=False))
    rules = available_rules(settings, lang)
    if not rules:
        typer.echo(f"No rules for language {lang!r}.", err=True)
        return
    typer.echo(describe_rules(rules, fmt, severity=dict(settings.severity)), nl=False)


def _kit_config(kit: Path, *, required: bool) -> Config | None:
    """The kit's configuration; with files given, only if the kit folder has one."""
    # Look before importing: outreach.config loads Babel, which linting files does not need.
    if not required and not (kit / KIT_FILE).is_file():
        return None
    from ..kit.config import load_config

    return load_config(kit)


def _settings(config: Config | None) -> LintSettings:
    from ..lint.scan import kit_settings
    from ..lint.settings import DEFAULT

    return kit_settings(config) if config else DEFAULT


def _exit(checked: list[Checked], strict: bool) -> NoReturn:
    failing = ("error", "warning") if strict else ("error",)
    failed = any(f.severity in failing for c in checked for f in c.findings)
    raise typer.Exit(1 if failed else 0)


def _usage(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)
