"""`outreach i18n`: extract, init, update, status and check, as thin commands over the library.

Each command calls one library function and prints its result. Library errors become one line
per problem on stderr (`error: path:line: message`) and exit status 2; `status --min` and
`check` exit 1 when the catalogs fall short. Only typer is imported at module level, so that
`outreach --help` stays fast.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import OutreachError, Problem
from .console import KitOption, fail, warn

if TYPE_CHECKING:
    from ..i18n.status import LanguageStats
    from ..kit.config import Config
    from ..kit.languages import Language


class Format(StrEnum):
    text = "text"
    json = "json"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


LangOption = Annotated[list[str] | None, typer.Option(
    "--lang", "-l", metavar="LANG", help="Only this language (repeatable) [default: every "
    "translated language].", show_default=False)]

i18n_app = typer.Typer(
    help="Translation catalogs: extract the text to translate, start and update catalogs "
    "without losing work, report coverage, check translations.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    """Add the `i18n` commands to an outreach Typer app."""
    app.add_typer(i18n_app, name="i18n")


@i18n_app.command()
def extract(kit: KitOption = Path(".")) -> None:
    """Write translations/messages.pot from the messages, outreach.toml and templates.

    The file is rewritten only when the text to translate changed.

    \b
    Example:
      outreach i18n extract
    """
    from ..i18n.template import write_template

    config = _config(kit)
    try:
        result = write_template(config)
    except OutreachError as exc:
        fail(exc)
    shown = _shown(result.path, config)
    if result.changed:
        typer.echo(f"Wrote {shown}: {result.strings} strings.")
    else:
        typer.echo(f"{shown} is up to date: {result.strings} strings.")


@i18n_app.command()
def init(
    lang: Annotated[str, typer.Argument(metavar="LANG", help="The language to start, as a "
                                        "tag such as vi or zh-Hant.", show_default=False)],
    kit: KitOption = Path("."),
) -> None:
    """Start the catalog of a new language, every string untranslated.

    The catalog gets the language's Language and Plural-Forms headers. An existing catalog is
    never replaced: use 'outreach i18n update' for that.

    \b
    Example:
      outreach i18n init vi
    """
    from ..i18n.update import init_catalog

    config = _config(kit)
    try:
        path = init_catalog(config, lang)
    except OutreachError as exc:
        fail(exc)
    typer.echo(f"Created {_shown(path, config)}.")
    tag = lang.replace("_", "-")
    if tag not in [language.tag for language in config.languages]:
        typer.echo(f"Note: {tag} is not in kit.languages in outreach.toml yet; add it there "
                   "to publish it.")
    typer.echo(f"Next: translate it, then run 'outreach i18n check --lang {tag}'.")


@i18n_app.command()
def update(
    kit: KitOption = Path("."),
    prune: Annotated[bool, typer.Option("--prune", help="Delete obsolete entries (#~) instead "
                                        "of keeping their translations for later.")] = False,
) -> None:
    """Extract the template and merge it into every language's catalog.

    Every translation is kept: an edited string keeps its old translation, marked fuzzy for
    review with the old source shown (#|); a string that comes back gets its old translation
    back; removed strings stay as obsolete entries (#~) unless --prune is given. A kit that did
    not change leaves every file untouched. Catalogs of languages in outreach.toml that do not
    exist yet are created.

    \b
    Example:
      outreach i18n update
    """
    from ..i18n.update import update_catalogs

    config = _config(kit)
    try:
        results = update_catalogs(config, prune=prune)
    except OutreachError as exc:
        fail(exc)
    if not results:
        typer.echo("The kit has no languages to translate into; add some to kit.languages in "
                   "outreach.toml.")
    for result in results:
        if result.created:
            typer.echo(f"{result.lang}: created {result.path} ({result.added} strings to "
                       "translate)")
            continue
        parts = [f"{count} {label}" for count, label in (
            (result.added, "new"), (result.fuzzy, "fuzzy (to review)"),
            (result.restored, "restored"), (result.obsoleted, "obsolete"),
            (result.pruned, "pruned")) if count]
        state = "updated" if result.changed else "unchanged"
        typer.echo(f"{result.lang}: {result.path} {state}" + (f": {', '.join(parts)}"
                                                                if parts else ""))


@i18n_app.command()
def status(
    kit: KitOption = Path("."),
    lang: LangOption = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", metavar="FORMAT",
                                        help="Output: text or json.")]
    = Format.text,
    minimum: Annotated[float | None, typer.Option(
        "--min", min=0, max=100, metavar="PERCENT", help="Exit with status 1 if a language "
        "has fewer than this percent of its strings translated.", show_default=False)] = None,
    listing: Annotated[bool, typer.Option(
        "--list", help="Also name every string left to do: fuzzy and untranslated ones at "
        "their catalog line, then those not in the catalog yet.")] = False,
) -> None:
    """Show how much of each language is translated; fuzzy strings never count.

    \b
    Examples:
      outreach i18n status
      outreach i18n status --lang es --list
      outreach i18n status --format json --min 90
    """
    from ..i18n.status import catalog_stats

    config = _config(kit)
    try:
        stats = catalog_stats(config, _languages(config, lang))
    except OutreachError as exc:
        fail(exc)
    if fmt is Format.json:
        rows = [s.to_dict() | ({"pending": [p.to_dict() for p in s.pending]} if listing else {})
                for s in stats]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        typer.echo(f"{'lang':<8} {'total':>6} {'translated':>10} {'fuzzy':>6} "
                   f"{'untranslated':>12} {'obsolete':>8} {'percent':>8}")
        for s in stats:
            note = "" if s.exists else "  (no catalog yet)"
            typer.echo(f"{s.lang:<8} {s.total:>6} {s.translated:>10} {s.fuzzy:>6} "
                       f"{s.untranslated:>12} {s.obsolete:>8} {s.percent:>7.1f}%{note}")
        if listing:
            for s in stats:
                _list_pending(s)
    if minimum is not None:
        below = [s for s in stats if s.ratio * 100 < minimum]
        if below:
            listed = ", ".join(f"{s.lang} ({s.percent:.1f}%)" for s in below)
            typer.echo(f"Below {minimum:g}%: {listed}", err=True)
            raise typer.Exit(1)


def _list_pending(stats: LanguageStats) -> None:
    """What is left in one language: lines in the catalog, then strings it lacks."""
    if not stats.pending:
        return
    typer.echo("")
    missing = stats.missing
    for item in stats.pending:
        if item.state != "missing":
            typer.echo(str(item))
    if missing:
        count = len(missing)
        strings = "string is" if count == 1 else "strings are"
        where = "in" if stats.exists else "in a catalog at"
        typer.echo(f"{count} {strings} not {where} {stats.path} yet: run 'outreach i18n update' "
                   f"to add {'it' if count == 1 else 'them'}, then translate:")
        for item in missing:
            typer.echo(str(item))


@i18n_app.command()
def check(
    kit: KitOption = Path("."),
    lang: LangOption = None,
    fmt: Annotated[ReportFormat, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output: text, json, sarif (code scanning) "
        "or github (workflow annotations).")] = ReportFormat.text,
) -> None:
    """Check translations: placeholders, links, markup, numbers, spaces, lengths and terms.

    Exit status 1 when a check finds an error (a missing placeholder, a changed link, a
    headline over its length limit, ...); warnings alone exit 0. The report formats are the
    same as 'outreach lint's.

    \b
    Examples:
      outreach i18n check
      outreach i18n check --lang es --format json
      outreach i18n check --format sarif > translations.sarif
    """
    from .. import __version__
    from ..i18n.check import ERROR, check_catalogs, describe_check
    from ..report import render

    config = _config(kit)
    try:
        chosen = _languages(config, lang)
        findings = check_catalogs(config, chosen)
    except OutreachError as exc:
        fail(exc)
    errors = sum(1 for f in findings if f.severity == ERROR)
    typer.echo(render(findings, fmt.value, tool="outreach-i18n-check", version=__version__,
                      describe=describe_check), nl=False)
    if fmt is ReportFormat.text:
        warnings = len(findings) - errors
        if findings:
            typer.echo(f"{errors} error(s), {warnings} warning(s).")
        else:
            checked = chosen if chosen is not None else config.translated_languages
            typer.echo(f"No problems found ({', '.join(x.tag for x in checked) or 'no catalogs'}).")
    if errors:
        raise typer.Exit(1)


def _languages(config: Config, tags: list[str] | None) -> list[Language] | None:
    """The translated languages `--lang` names (None: all of them); unknown tags are errors."""
    if not tags:
        return None
    known = {language.tag: language for language in config.translated_languages}
    unknown = [t for t in tags if t.replace("_", "-") not in known]
    if unknown:
        raise OutreachError([Problem("--lang", f"{t!r} is not a translated language of "
                                     f"this kit; choose from {', '.join(known)}")
                             for t in unknown])
    return list(dict.fromkeys(known[t.replace("_", "-")] for t in tags))


def _config(kit: Path) -> Config:
    from ..kit.config import load_config

    try:
        config = load_config(kit)
    except OutreachError as exc:
        fail(exc)
    warn(config.warnings)
    return config


def _shown(path: Path, config: Config) -> str:
    from ..errors import display_path

    return display_path(path, config.root)
