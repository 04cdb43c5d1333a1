"""The lint check `outreach build` runs before it publishes anything."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..errors import Problem
from .model import Finding
from .scan import lint_kit

if TYPE_CHECKING:
    from ..kit.config import Config
    from ..kit.languages import Language


def build_gate(config: Config, *, strict: bool = False,
               languages: Sequence[Language] | None = None) -> list[Finding]:
    """Findings that must stop a build: errors, and warnings too when `strict`.

    An empty list means the kit may be published. Raises LintError (an OutreachError) when the
    `[lint]` settings are invalid or a file cannot be read, exactly as `outreach lint` does.
    `languages` narrows the catalogs to those of the languages being built.
    """
    blocking = ("error", "warning") if strict else ("error",)
    return [f for f in lint_kit(config, languages) if f.severity in blocking]


def problems(findings: Iterable[Finding]) -> tuple[Problem, ...]:
    """Findings as Problems, for a build to raise as one OutreachError (one line each)."""
    return tuple(Problem(f.path, f"{f.rule}: {f.message} (\"{f.match}\"; run 'outreach lint' "
                         "for suggestions)", f.line) for f in findings)
