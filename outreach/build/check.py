"""What must hold before anything is published: templates compile, no discouraged terms,
translations that keep their placeholders and links. Errors stop the build; warnings are
returned to be shown."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import OutreachError, Problem
from ..kit.snapshot import Kit
from ..render.templates import check_templates


@dataclass(frozen=True)
class Checked:
    lint_ignored: int = 0  # lint errors published anyway with --ignore-lint
    warnings: tuple[Problem, ...] = ()


def check_kit(kit: Kit, *, ignore_lint: bool = False,
              check_translations: bool = True) -> Checked:
    check_templates(kit.templates)
    lint_ignored = _lint(kit, ignore=ignore_lint)
    warnings = _translations(kit) if check_translations else []
    return Checked(lint_ignored, tuple(warnings))


def _lint(kit: Kit, *, ignore: bool) -> int:
    """Refuse to publish discouraged terms; return how many errors an override let through."""
    from ..lint.gate import build_gate, problems

    # Catalogs of languages this build does not publish are not its concern.
    others = {kit.config.catalog_path(lang).resolve() for lang in kit.config.languages
              if lang not in kit.languages}
    findings = [f for f in build_gate(kit.config)
                if (kit.root / f.path).resolve() not in others]
    if findings and not ignore:
        raise OutreachError([*problems(findings), Problem(
            "outreach lint", f"{len(findings)} discouraged term{'s' * (len(findings) != 1)}; "
            "fix them (outreach lint --fix rewrites the clear cases), or build with "
            "--ignore-lint to publish anyway")])
    return len(findings)


def _translations(kit: Kit) -> list[Problem]:
    """The translation checks of `outreach i18n check`: errors stop the build."""
    from ..i18n.check import CHECKS, check_catalog

    # Discouraged terms are the linter's job; it runs over the catalogs before this.
    checks = set(CHECKS) - {"terms"}
    findings = [finding for catalog in kit.catalogs.values()
                for finding in check_catalog(catalog.po, catalog.language, kit.config,
                                             checks=checks)]
    errors = [f.problem() for f in findings if f.severity == "error"]
    if errors:
        raise OutreachError(errors)
    return [f.problem() for f in findings if f.severity != "error"]
