"""One exception hierarchy for everything a person must fix.

The library raises these and never prints or exits; the CLI turns each problem into one line
(`path:line: message`) and exits with status 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, pointing at the place to fix it."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class OutreachError(Exception):
    """Root of every error the library raises on bad input."""

    def __init__(self, problems: Iterable[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("outreach", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(OutreachError):
    """`outreach.toml` is missing, malformed or inconsistent."""


class SourceError(OutreachError):
    """A message, template or catalog cannot be read."""


class MissingTranslations(OutreachError):
    """A catalog lacks strings the build needs (and partial builds were not allowed)."""


class RenderError(OutreachError):
    """A page or PDF could not be rendered."""


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as a person would type it: relative to the kit where possible."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)
