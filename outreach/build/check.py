"""What must hold before anything is published: templates compile, no discouraged terms,
translations that keep their placeholders and links. Errors stop the build; warnings are
returned to be shown.

Checks are pure functions of the text they read, so their results are remembered in the
cache by that text (and the tool's identity): a rebuild after editing one catalog checks that
catalog alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2

from ..errors import OutreachError, Problem
from ..kit.snapshot import Catalog, Kit
from ..render.templates import check_templates
from .cache import Memo, RenderCache


@dataclass(frozen=True)
class Checked:
    lint_ignored: int = 0  # lint errors published anyway with --ignore-lint
    warnings: tuple[Problem, ...] = ()
    templates: jinja2.Environment | None = None  # every template, compiled once


def check_kit(kit: Kit, *, ignore_lint: bool = False, check_translations: bool = True,
              memo: Memo | None = None) -> Checked:
    """Run every check; `memo` keeps results by the content they were computed from."""
    remember = memo or RenderCache(None).memo("")
    templates = check_templates(kit.templates)
    lint_ignored = _lint(kit, remember, ignore=ignore_lint)
    warnings: list[Problem] = []
    if check_translations:
        errors = []
        for catalog in kit.catalogs.values():
            found = remember("checks", [catalog.language.tag, catalog.source.shown,
                                        catalog.source.text, repr(sorted(kit.config.lint.items()))],
                             lambda c=catalog: _translations(kit, c), _dump_problems,
                             _load_problems)
            errors += [p for p, severity in found if severity == "error"]
            warnings += [p for p, severity in found if severity != "error"]
        if errors:
            raise OutreachError(errors)
    return Checked(lint_ignored, tuple(warnings), templates)


def _lint(kit: Kit, remember: Memo, *, ignore: bool) -> int:
    """Refuse to publish discouraged terms; return how many errors an override let through."""

    def lint() -> list[tuple[Problem, str]]:
        from ..lint.gate import build_gate, problems  # the rules load only when the text changed

        return [(p, "error") for p in problems(build_gate(kit))]

    inputs = [kit.config.text, *(f"{m.path}\0{m.text}" for m in kit.messages),
              *(f"{s.shown}\0{s.text}" for s in kit.templates.values()),
              *(f"{c.source.shown}\0{c.source.text}" for c in kit.catalogs.values())]
    found = [problem for problem, _severity in remember(
        "lint", inputs, lint,
        _dump_problems, _load_problems)]
    if found and not ignore:
        raise OutreachError([*found, Problem(
            "outreach lint", f"{len(found)} discouraged term{'s' * (len(found) != 1)}; "
            "fix them (outreach lint --fix rewrites the clear cases), or build with "
            "--ignore-lint to publish anyway")])
    return len(found)


def _translations(kit: Kit, catalog: Catalog) -> list[tuple[Problem, str]]:
    """The translation checks of `outreach i18n check` on one catalog, with severities."""
    from ..i18n.check import CHECKS, as_problem, check_catalog

    # Discouraged terms are the linter's job; it runs over the catalogs before this.
    checks = set(CHECKS) - {"terms"}
    return [(as_problem(f), f.severity)
            for f in check_catalog(catalog.po, catalog.language, kit.config, checks=checks)]


def _dump_problems(found: list[tuple[Problem, str]]) -> list[list[Any]]:
    return [[p.path, p.message, p.line, severity] for p, severity in found]


def _load_problems(stored: Any) -> list[tuple[Problem, str]]:
    return [(Problem(path, message, line), severity) for path, message, line, severity in stored]
