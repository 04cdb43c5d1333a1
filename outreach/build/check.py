"""What must hold before anything is published: templates compile, no discouraged terms,
translations that keep their placeholders and links. Errors stop the build; warnings are
returned to be shown."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from ..errors import OutreachError, Problem
from ..kit.snapshot import Catalog, Kit
from ..render.templates import check_templates
from .cache import RenderCache


@dataclass(frozen=True)
class Checked:
    lint_ignored: int = 0  # lint errors published anyway with --ignore-lint
    warnings: tuple[Problem, ...] = ()
    templates: jinja2.Environment | None = None  # every template, compiled once


def check_kit(kit: Kit, *, ignore_lint: bool = False, check_translations: bool = True,
              memo: RenderCache | None = None, tool: str = "") -> Checked:
    """Run every check; `memo` keeps results by the content they were computed from."""
    templates = check_templates(kit.templates)
    lint_ignored = _lint(kit, ignore=ignore_lint)
    warnings: list[Problem] = []
    if check_translations:
        errors = []
        for catalog in kit.catalogs.values():
            found = _remembered(memo, tool, kit, catalog, lambda c=catalog: _translations(kit, c))
            errors += [p for p, severity in found if severity == "error"]
            warnings += [p for p, severity in found if severity != "error"]
        if errors:
            raise OutreachError(errors)
    return Checked(lint_ignored, tuple(warnings), templates)


def _lint(kit: Kit, *, ignore: bool) -> int:
    """Refuse to publish discouraged terms; return how many errors an override let through."""
    from ..lint.gate import build_gate, problems

    findings = build_gate(kit)
    if findings and not ignore:
        raise OutreachError([*problems(findings), Problem(
            "outreach lint", f"{len(findings)} discouraged term{'s' * (len(findings) != 1)}; "
            "fix them (outreach lint --fix rewrites the clear cases), or build with "
            "--ignore-lint to publish anyway")])
    return len(findings)


def _translations(kit: Kit, catalog: Catalog) -> list[tuple[Problem, str]]:
    """The translation checks of `outreach i18n check` on one catalog, with severities."""
    from ..i18n.check import CHECKS, check_catalog

    # Discouraged terms are the linter's job; it runs over the catalogs before this.
    checks = set(CHECKS) - {"terms"}
    return [(f.problem(), f.severity)
            for f in check_catalog(catalog.po, catalog.language, kit.config, checks=checks)]


def _remembered(memo: RenderCache | None, tool: str, kit: Kit, catalog: Catalog,
                compute: Callable[[], list[tuple[Problem, str]]]) -> list[tuple[Problem, str]]:
    """A catalog's check results, from `memo` when the catalog, settings and tool are the same."""
    if memo is None:
        return compute()
    identity = json.dumps([tool, catalog.language.tag, catalog.source.shown, catalog.source.text,
                           repr(sorted(kit.config.lint.items()))])
    key = hashlib.sha256(identity.encode("utf-8")).hexdigest()
    stored = memo.get_record("checks", key)
    if isinstance(stored, list):
        try:
            return [(Problem(p, m, line), severity) for p, m, line, severity in stored]
        except (TypeError, ValueError):
            pass
    found = compute()
    memo.put_record("checks", key, [[p.path, p.message, p.line, severity]
                                    for p, severity in found])
    return found
