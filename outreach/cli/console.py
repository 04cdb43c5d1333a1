"""How every command reports problems: one line each on stderr, and status 2 for bad input."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

import typer

from ..errors import OutreachError, Problem


def fail(error: OutreachError) -> NoReturn:
    for problem in error.problems:
        typer.echo(f"error: {problem}", err=True)
    raise typer.Exit(2)


def warn(problems: Iterable[Problem]) -> None:
    for problem in problems:
        typer.echo(f"warning: {problem}", err=True)
