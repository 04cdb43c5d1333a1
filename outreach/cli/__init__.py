"""The `outreach` command: a thin layer that parses options, calls the library, prints results.

Library errors become one line per problem on stderr and exit status 2; nothing here builds,
renders or reads files itself. Heavy modules are imported inside commands so that `--help` and
`outreach lint` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..errors import OutreachError
from .console import fail, warn
from .i18n import register as register_i18n
from .lint import register as register_lint

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    help="Publish a message kit: Markdown messages, translated through gettext catalogs, "
    "into HTML pages and printable PDF flyers.",
)

KitOption = Annotated[Path, typer.Option("--kit", "-C", help="The kit folder (holds "
                                         "outreach.toml).", show_default=False)]


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"outreach {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=version_callback,
                                          is_eager=True, help="Show the version and exit.")]
    = False,
) -> None:
    """Publish a message kit in every language your families read."""


@app.command()
def build(
    kit: KitOption = Path("."),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder "
                                             "[default: KIT/build].", show_default=False)] = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="Only this language "
                                                   "(repeatable).")] = None,
    audience: Annotated[list[str] | None, typer.Option("--audience", "-a", help="Only this "
                                                       "audience (repeatable).")] = None,
    fmt: Annotated[list[str] | None, typer.Option("--format", "-f", help="Only html, pdf "
                                                  "(audience sheets) or flyer (repeatable).")]
    = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="PDF worker "
                                             "processes [default: all cores].",
                                             show_default=False)] = None,
    allow_partial: Annotated[bool, typer.Option("--allow-partial", help="Build languages "
                                                "with missing translations, showing the source "
                                                "text.")] = False,
    ignore_lint: Annotated[bool, typer.Option("--ignore-lint", help="Publish even if "
                                              "'outreach lint' finds errors (recorded in "
                                              "manifest.json).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Build the kit into HTML pages, audience sheets and per-message flyers.

    Example: outreach build --lang es --audience community --format flyer
    """
    from ..build import BuildOptions
    from ..build import build as run_build
    from ..kit.config import load_config
    from .progress import reporter

    try:
        config = load_config(kit)
        if not quiet:
            warn(config.warnings)
        options = BuildOptions(out=out, languages=tuple(lang or ()),
                               audiences=tuple(audience or ()), formats=tuple(fmt or ()),
                               jobs=jobs, allow_partial=allow_partial, ignore_lint=ignore_lint)
        with reporter(enabled=not quiet) as progress:
            result = run_build(config, options, progress=progress)
    except OutreachError as exc:
        fail(exc)
    if not quiet:
        from .progress import summary

        warn(result.warnings)
        typer.echo(summary(result, Path.cwd()))


@app.command()
def new(
    directory: Annotated[Path, typer.Argument(help="Folder for the new kit (created; must be "
                                              "empty if it exists).", show_default=False)],
    title: Annotated[str, typer.Option(help="The kit's title.")] = "Our message kit",
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="A language to publish "
                                                   "besides English (repeatable): it gets a "
                                                   "catalog to translate.",
                                                   show_default=False)] = None,
) -> None:
    """Start a new kit: settings, one example message per audience, a catalog per language.

    Example: outreach new my-kit --lang es --lang vi && cd my-kit && outreach build --lang en
    """
    from ..scaffold import new_kit

    try:
        created = new_kit(directory, title=title, translations=tuple(lang or ()))
    except OutreachError as exc:
        fail(exc)
    typer.echo(f"Created a kit in {directory}/ ({len(created)} files).")
    catalogs = [path.relative_to(directory).as_posix() for path in created
                if path.suffix == ".po"]
    if not catalogs:
        typer.echo(f"Next: cd {directory} && outreach build")
        return
    typer.echo(f"Next: cd {directory} && outreach build --lang en")
    typer.echo("Then translate " + ", ".join(catalogs) + " ('outreach i18n status --list' "
               "shows what is left), and build every language with 'outreach build'.")


@app.command()
def doctor(
    kit: KitOption = Path("."),
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="Check for this "
                                                   "language instead of the kit's "
                                                   "(repeatable).")] = None,
) -> None:
    """Check this machine for what the kit's languages need, and say what to install.

    Example: outreach doctor --lang zh-Hans --lang ar
    """
    from ..doctor import diagnose
    from ..kit.config import CONFIG_NAME, load_config
    from ..kit.languages import language

    try:
        if lang:
            languages = [language(tag) for tag in lang]
        elif (kit / CONFIG_NAME).is_file():
            languages = list(load_config(kit).languages)
        else:
            languages = [language("en")]
    except ValueError as exc:
        fail(OutreachError(str(exc)))
    except OutreachError as exc:
        fail(exc)
    checks = diagnose(languages)
    for check in checks:
        for line in check.lines():
            typer.echo(line)
    missing = [c for c in checks if not c.ok]
    if missing:
        typer.echo(f"{len(missing)} of {len(checks)} checks failed; install what is listed above.")
        raise typer.Exit(1)
    typer.echo(f"All {len(checks)} checks passed.")


# Commands that live with their own part of the package (both modules import only Typer).
register_lint(app)
register_i18n(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
