"""How every command reports problems: one line each on stderr, and status 2 for bad input."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ..errors import OutreachError, Problem

# The option every command that works on a kit takes.
KitOption = Annotated[Path, typer.Option("--kit", "-C", metavar="DIR", help="The kit folder "
                                         "(holds outreach.toml) [default: this folder].",
                                         show_default=False)]


def fail(error: OutreachError) -> NoReturn:
    for problem in error.problems:
        typer.echo(f"error: {one_line(str(problem))}", err=True)
    raise typer.Exit(2)


def warn(problems: Iterable[Problem]) -> None:
    for problem in problems:
        typer.echo(f"warning: {one_line(str(problem))}", err=True)


# Line breaks, terminal control sequences and bidi overrides: a problem may quote a file's
# content (a key, an id, a translation), and must still print as one honest line.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e"
                          "\u2066-\u2069]")


def one_line(text: str) -> str:
    """`text` with every character that would break or disguise a line written as an escape."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
