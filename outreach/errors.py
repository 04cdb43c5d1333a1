"""What outreach finds in a kit, and the one exception hierarchy for what a person must fix.

Every check reports a `Finding`: a bad setting in outreach.toml, a broken message file, a
discouraged term (`outreach lint`), a translation that drops a placeholder (`outreach i18n
check`), a flyer that does not fit. The library raises errors carrying findings and never
prints or exits; the CLI prints each as one line (`path:line: message`) and exits with status 2,
or renders them as a report (`outreach.report`: text, JSON, SARIF, GitHub annotations).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEVERITIES: tuple[str, ...] = ("error", "warning", "suggestion")


@dataclass(frozen=True)
class Finding:
    """One thing found in an input, pointing at the place to fix it.

    Lines and columns are 1-based, ends exclusive; `code` says what found it (a lint rule such
    as "en-alien", a translation check such as "links", or nothing for a plain input error).
    """

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: str = "error"
    code: str = ""
    end_line: int | None = None
    end_column: int | None = None
    match: str = ""  # the text the finding is about
    suggestions: tuple[str, ...] = field(default=())  # what to write instead
    lang: str | None = None  # the language the text is in (a catalog's findings)
    context: str | None = None  # the catalog entry's msgctxt

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "column": self.column,
                "end_line": self.end_line, "end_column": self.end_column,
                "severity": self.severity, "code": self.code, "message": self.message,
                "match": self.match, "suggestions": list(self.suggestions),
                "lang": self.lang, "context": self.context}


# A finding that stops a command: what errors carry. The same type, named for the reader.
Problem = Finding


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
            # The folder resolved, not the file: a link is named where it is, not where it points.
            return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)
