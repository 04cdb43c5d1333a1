"""`outreach lint`: a thin command over the lint library.

Only typer is imported at module level, so that `outreach --help` stays fast; the library is
imported when the command runs, and it never imports rendering code. What the command does is
in lint_run.py, which `outreach lint` also reaches without Typer for an ordinary run.

Exit status: 0 when no errors were found (warnings too with --strict), 1 when some were,
2 for bad usage, invalid settings or a file that cannot be read.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .lint_run import KIT_FILE, LintOptions, run

__all__ = ["KIT_FILE", "register"]


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class Audience(StrEnum):
    community = "community"
    decision_makers = "decision-makers"


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
    audience: Annotated[Audience | None, typer.Option(
        "--audience", "-a", metavar="AUDIENCE", help="Read the given files as messages for "
        "this audience, so their plain language is checked too (files in "
        "messages/AUDIENCE/ always are).",
        show_default=False)] = None,
) -> None:
    """Flag discouraged terms about immigrants in messages, templates and translations.

    Lints message sources and templates in the kit's source language and every catalog's
    translations in that catalog's language, and warns when a message reads above its
    audience's grade. Exit status: 0 no errors, 1 errors found (or warnings, with --strict),
    2 bad usage or an unreadable file.

    \b
    Examples:
      outreach lint
      outreach lint messages/welcome.md translations/es/LC_MESSAGES/messages.po
      outreach lint --lang es flyer.txt
      outreach lint --fix --diff
      outreach lint --format sarif > lint.sarif
      outreach lint --list-rules --lang es
      outreach lint --audience community flyer.md
    """
    raise typer.Exit(run(LintOptions(
        files=tuple(files or ()), lang=lang, fmt=fmt.value, fix=fix, diff=diff,
        list_rules=list_rules, strict=strict, kit=kit,
        audience=audience.value if audience else None)))
