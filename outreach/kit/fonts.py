"""Fonts per language, from the theme's `fonts.toml`: the CSS that selects them, and what a
machine must have installed for them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONTS_FILE = Path(__file__).resolve().parent.parent / "theme" / "fonts.toml"


@dataclass(frozen=True)
class FontRule:
    script: str
    languages: tuple[str, ...]
    families: tuple[str, ...]
    check: str  # the family that must be installed
    packages: tuple[tuple[str, str], ...]  # (platform, what to install)

    def matches(self, tag: str) -> int:
        """Length of the longest prefix of `tag` this rule names (0: none, 1: the default)."""
        best = 0
        for prefix in self.languages:
            if prefix == "*":
                best = max(best, 1)
            elif tag.lower() == prefix.lower() or tag.lower().startswith(prefix.lower() + "-"):
                best = max(best, 1 + len(prefix))
        return best


@cache
def font_rules() -> tuple[FontRule, ...]:
    data = tomllib.loads(FONTS_FILE.read_text(encoding="utf-8"))
    return tuple(
        FontRule(script=entry["script"], languages=tuple(entry["languages"]),
                 families=tuple(entry["families"]), check=entry["check"],
                 packages=tuple((platform, entry[platform]) for platform in
                                ("debian", "fedora", "macos") if platform in entry))
        for entry in data["font"])


def rule_for(tag: str) -> FontRule:
    return max(font_rules(), key=lambda rule: rule.matches(tag))


def fonts_css() -> str:
    """`:lang()` rules choosing each language's faces, general rules before specific ones."""
    lines = ["/* Written by outreach from its fonts.toml: one face per script. */"]
    selectors = []
    for rule in font_rules():
        families = ", ".join(f'"{family}"' for family in rule.families) + ", sans-serif"
        if "*" in rule.languages:
            lines.append(f"html {{ font-family: {families}; }}")
        for prefix in rule.languages:
            if prefix != "*":
                selectors.append((len(prefix), prefix, families))
    for _length, prefix, families in sorted(selectors):
        lines.append(f":lang({prefix}) {{ font-family: {families}; }}")
    return "\n".join(lines) + "\n"
