"""The lint check `outreach build` runs before it publishes anything."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import Problem
from .model import Finding
from .scan import check_snapshot

if TYPE_CHECKING:
    from ..kit.snapshot import Kit


def build_gate(kit: Kit, *, strict: bool = False) -> list[Finding]:
    """Findings that must stop a build of `kit` (as read): errors, and warnings when `strict`.

    An empty list means the kit may be published. Raises LintError (an OutreachError) when the
    `[lint]` settings are invalid, exactly as `outreach lint` does.
    """
    return blocking([f for checked in check_snapshot(kit) for f in checked.findings],
                    strict=strict)


def blocking(findings: Iterable[Finding], *, strict: bool = False) -> list[Finding]:
    """The findings that stop a build: errors, and warnings too when `strict`."""
    severities = ("error", "warning") if strict else ("error",)
    return [f for f in findings if f.severity in severities]


def problems(findings: Iterable[Finding]) -> tuple[Problem, ...]:
    """Findings as Problems, for a build to raise as one OutreachError (one line each)."""
    return tuple(Problem(f.path, f"{f.code}: {f.message} (\"{f.match}\"; run 'outreach lint' "
                         "for suggestions)", f.line) for f in findings)
