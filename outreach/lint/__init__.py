"""Flag words that harm immigrant families, in message sources and in every translation.

The library API never prints or exits:

- `lint_text(text, lang)` lints one string (a message, a single msgstr) in its language.
- `lint_files(paths, lang=..., settings=...)` lints Markdown, HTML, text and .po files.
- `lint_kit(config)` lints a whole kit: sources in the source language, catalogs each in theirs.
- `fix_text` / `fix_files` / `fix_kit` apply the unambiguous replacements rules declare.
- `build_gate(kit)` returns the findings that must stop a build of a kit snapshot.

Messages also get a plain-language check (`readability.py` measures, `plain.py` reports): a
warning when one reads above its audience's grade.

Rules are data: one TOML file per language in `rules/`, plus a kit's `[lint]` settings.
Errors a person must fix are raised as `LintError`, an `OutreachError`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .fix import FileFix, fix_files, fix_kit, fix_text
    from .gate import build_gate
    from .model import SEVERITIES, Finding, LintError, Rule
    from .scan import lint_files, lint_kit, lint_text
    from .settings import LintSettings, parse_settings

# Names are imported on first use: `outreach --help` and the other commands load
# outreach.cli.lint, which should not pay for compiling the linter's regular expressions.
_EXPORTS = {
    "FileFix": "fix", "fix_files": "fix", "fix_kit": "fix", "fix_text": "fix",
    "build_gate": "gate",
    "SEVERITIES": "model", "Finding": "model", "LintError": "model", "Rule": "model",
    "LintSettings": "settings", "parse_settings": "settings",
    "lint_files": "scan", "lint_kit": "scan", "lint_text": "scan",
}

__all__ = [
    "SEVERITIES", "FileFix", "Finding", "LintError", "LintSettings", "Rule", "build_gate",
    "fix_files", "fix_kit", "fix_text", "lint_files", "lint_kit", "lint_text", "parse_settings",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
