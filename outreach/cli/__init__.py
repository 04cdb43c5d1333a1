"""The `outreach` command: a thin layer that parses options, calls the library, prints results.

Library errors become one line per problem on stderr and exit status 2; nothing here builds,
renders or reads files itself. Heavy modules are imported inside commands so that `--help` and
`outreach lint` start fast.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..errors import OutreachError
from .console import KitOption, fail, warn
from .help import use_everywhere
from .i18n import register as register_i18n
from .lint import register as register_lint

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None)

JobsOption = Annotated[int | None, typer.Option("--jobs", "-j", min=1, metavar="N",
                                                help="Render in N worker processes [default: "
                                                "all cores].", show_default=False)]
PartialOption = Annotated[bool, typer.Option("--allow-partial", help="Publish languages with "
                                             "missing translations, showing the source text.")]
CacheOption = Annotated[Path | None, typer.Option("--cache", metavar="DIR", help="Render cache "
                                                 "folder [default: KIT/.outreach-cache].",
                                                 show_default=False)]
IgnoreLintOption = Annotated[bool, typer.Option("--ignore-lint", help="Publish even if "
                                                "'outreach lint' finds errors (recorded in "
                                                "manifest.json).")]


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
    """Publish a message kit in every language your families read: Markdown messages,
    translated through gettext catalogs, into web pages and printable PDF flyers.

    \b
    Start here:
      outreach new my-kit --lang es    start a kit: settings, example messages, catalogs
      cd my-kit && outreach build      build it into build/, then open build/index.html
      outreach serve                   preview it at http://127.0.0.1:8000/ as you edit

    Each command explains itself: outreach COMMAND --help.
    """


@app.command()
def new(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Folder for the new kit "
                                              "(created; must be empty if it exists).",
                                              show_default=False)],
    title: Annotated[str, typer.Option(metavar="TITLE", help="The kit's title.")]
    = "Our message kit",
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", metavar="LANG",
                                                   help="A language to publish besides "
                                                   "English (repeatable): it gets a catalog to "
                                                   "translate.",
                                                   show_default=False)] = None,
) -> None:
    """Start a new kit: settings, one example message per audience, a catalog per language.

    Example: outreach new my-kit --lang es --lang vi && cd my-kit && outreach serve
    """
    from ..scaffold import new_kit

    try:
        created = new_kit(directory, title=title, translations=tuple(lang or ()))
    except OutreachError as exc:
        fail(exc)
    typer.echo(f"Created a kit in {directory}/ ({len(created)} files).")
    catalogs = [path.relative_to(directory).as_posix() for path in created
                if path.suffix == ".po"]
    typer.echo(f"Next: cd {directory} && outreach serve (a live preview), or outreach build")
    if catalogs:
        typer.echo("Then translate " + ", ".join(catalogs) + " ('outreach i18n status --list' "
                   "shows what is left); each language is published once its catalog is "
                   "translated.")


@app.command()
def build(
    kit: KitOption = Path("."),
    out: Annotated[Path | None, typer.Option("--out", "-o", metavar="DIR", help="Output "
                                             "folder [default: KIT/build].",
                                             show_default=False)] = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", metavar="LANG",
                                                   help="Only this language (repeatable).")]
    = None,
    audience: Annotated[list[str] | None, typer.Option("--audience", "-a", metavar="AUDIENCE",
                                                       help="Only this audience "
                                                       "(repeatable).")] = None,
    fmt: Annotated[list[str] | None, typer.Option("--format", "-f", metavar="FORMAT",
                                                  help="Only html, pdf (audience sheets), "
                                                  "flyer, social (share images and captions), "
                                                  "sms (text messages), card (wallet cards) "
                                                  "or bilingual (flyers with the source "
                                                  "language on the front) (repeatable).")]
    = None,
    jobs: JobsOption = None,
    allow_partial: PartialOption = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit with status 1 when a "
                                         "language is behind the messages (for CI).")] = False,
    ignore_lint: IgnoreLintOption = False,
    cache: CacheOption = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Render everything again "
                                           "(the output is the same).")] = False,
    clean: Annotated[bool, typer.Option("--clean", help="Also delete files in the output "
                                        "folder that the build does not publish.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    # Partner kits, shards and clusters: see `_scale_options` below.
    partner: Annotated[list[str] | None, typer.Option(
        "--partner", "-p", metavar="ID", help="Only this partner's kit (repeatable); the rest "
        "of the output stays as it is.")] = None,
    partner_out: Annotated[Path | None, typer.Option(
        "--partner-out", metavar="DIR", help="Put each partner's kit in its own folder "
        "DIR/ID/ [default: OUT/partners/ID/].", show_default=False)] = None,
    shard: Annotated[str | None, typer.Option(
        "--shard", metavar="SHARD", help="K/N: make only the K-th of N shares of the build "
        "(a CI matrix job); 'outreach merge' joins the shards.")] = None,
    executor: Annotated[str, typer.Option(
        "--executor", metavar="EXECUTOR", help="local: render in worker processes here; dask: "
        "render on a Dask cluster (with --scheduler; pip install 'outreach[dask]').")]
    = "local",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS", help="The Dask cluster's scheduler, such as "
        "tcp://10.0.0.5:8786.")] = None,
) -> None:
    """Build the kit into HTML pages, audience sheets, per-message flyers, share images, text
    messages and wallet cards, and a co-branded kit for each partner organization in
    partners.csv.

    Only what changed is rendered again; a narrowed build (--lang, --audience, --format,
    --partner) updates that part and keeps the rest of the output.

    Examples: outreach build --lang es --audience community --format flyer
              outreach build --shard 3/8 --out shards/3
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
                               jobs=jobs, allow_partial=allow_partial, ignore_lint=ignore_lint,
                               cache=cache, use_cache=not no_cache, clean=clean,
                               **_scale_options(partner, partner_out, shard, executor,
                                                scheduler))
        with reporter(enabled=not quiet) as progress:
            result = run_build(config, options, progress=progress)
    except OutreachError as exc:
        fail(exc)
    if not quiet:
        from .progress import summary

        warn(result.warnings)
        typer.echo(summary(result, Path.cwd()))
    if strict and result.behind:
        typer.echo(f"error: {len(result.behind)} language(s) behind the messages "
                   f"({', '.join(b.lang for b in result.behind)}) and --strict was given",
                   err=True)
        raise typer.Exit(1)


def _scale_options(partner: list[str] | None, partner_out: Path | None, shard: str | None,
                   executor: str, scheduler: str | None) -> dict[str, object]:
    """The build options for partner kits, shards and clusters, as `BuildOptions` takes them."""
    from ..errors import Problem

    problems = []
    if executor not in ("local", "dask"):
        problems.append(Problem("--executor", f"{executor!r} is not an executor; choose local "
                                "or dask"))
    elif executor == "dask" and not scheduler:
        problems.append(Problem("--executor", "dask needs --scheduler, the address of the "
                                "cluster's scheduler (such as tcp://10.0.0.5:8786)"))
    elif executor == "local" and scheduler:
        problems.append(Problem("--scheduler", "is for --executor dask"))
    if problems:
        raise OutreachError(problems)
    options: dict[str, object] = {}
    if partner:
        options["partners"] = tuple(partner)
    if partner_out is not None:
        options["partner_out"] = partner_out
    if shard is not None:
        options["shard"] = shard
    if scheduler:
        options["scheduler"] = scheduler
    return options


@app.command()
def serve(
    kit: KitOption = Path("."),
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, metavar="N",
                                      help="Listen on port N (0: any free port).")] = 8000,
    host: Annotated[str, typer.Option("--host", metavar="ADDRESS", help="Listen on this "
                                      "address; 0.0.0.0 lets other machines open the "
                                      "preview.")] = "127.0.0.1",
    jobs: JobsOption = None,
    allow_partial: PartialOption = False,
    ignore_lint: IgnoreLintOption = False,
    cache: CacheOption = None,
) -> None:
    """Preview the kit in your browser while you edit it; open pages reload by themselves.

    Builds into a folder of its own (never build/) and rebuilds when messages, templates,
    catalogs or outreach.toml change: the web pages first, within about a second, the PDFs
    right after. An edit that breaks the kit shows its error in the page and here, and the
    last good pages stay up. Ctrl-C stops it.

    Example: outreach serve --port 8001
    """
    from ..serve import ServeOptions
    from ..serve import serve as run_serve
    from .serving import Printer

    options = ServeOptions(host=host, port=port, jobs=jobs, allow_partial=allow_partial,
                           ignore_lint=ignore_lint, cache=cache)
    try:
        run_serve(kit, options, report=Printer())
    except OutreachError as exc:
        fail(exc)
    except KeyboardInterrupt:
        typer.echo("Stopped.")


# Commands that live with their own part of the package (both modules import only Typer).
# The help lists commands in the order they are added: the three people use first lead.
register_lint(app)
register_i18n(app)


@app.command()
def doctor(
    kit: KitOption = Path("."),
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", metavar="LANG",
                                                   help="Check for this language instead of "
                                                   "the kit's (repeatable).")] = None,
) -> None:
    """Check this machine for what the kit's languages need, and say what to install.

    Every language is checked, for a font that draws the characters the kit prints in it; all
    problems are listed at once.

    Example: outreach doctor --lang am --lang my
    """
    from ..doctor import diagnose

    checks = diagnose(kit, lang or ())
    for check in checks:
        for line in check.lines():
            typer.echo(line)
    missing = [c for c in checks if not c.ok]
    if missing:
        typer.echo(f"{len(missing)} of {len(checks)} checks failed; install what is listed above.")
        raise typer.Exit(1)
    typer.echo(f"All {len(checks)} checks passed.")


@app.command()
def merge(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="The output folder to make.",
                                        show_default=False)],
    shards: Annotated[list[Path], typer.Argument(metavar="SHARD_DIR", help="The folder of "
                                                 "every shard ('outreach build --shard K/N').",
                                                 show_default=False)],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Join the folders of every shard of a build into the whole output, exactly as one
    unsharded build would have written it.

    Example: outreach merge build shards/1 shards/2 shards/3
    """
    from ..build.merge import merge as run_merge

    try:
        result = run_merge(out, shards)
    except OutreachError as exc:
        fail(exc)
    if not quiet:
        typer.echo(f"Merged {len(shards)} shards: {result.files} files in "
                   f"{1 + result.partners} kit{'s' if result.partners else ''} "
                   f"({result.partners} partner kits) into {out}/ in {result.seconds:.1f} s.")


use_everywhere(app)  # every command's help names its values by what they are


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so workers stop and staged files are removed."""


def _terminate(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once is enough: we are stopping already
    raise Terminated()


def main() -> None:
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        # An ordinary `outreach lint` run skips Typer's option parsing, which costs more than
        # linting a large file; help and mistakes still go through Typer (see cli/lint_run.py).
        if sys.argv[1:2] == ["lint"]:
            from .lint_run import parse, run

            options = parse(sys.argv[2:])
            if options is not None:
                sys.exit(run(options))
        try:
            app()
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            sys.exit(130)
        except Terminated:
            typer.echo("terminated", err=True)
            sys.exit(143)
    finally:
        # As it was: a caller that runs the command in its own process keeps its handlers,
        # and the processes it starts later are not born ignoring signals.
        signal.signal(signal.SIGTERM, previous)
