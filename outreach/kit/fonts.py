"""Fonts per script, from the theme's `fonts.toml`: the CSS that selects them for a kit's
languages, and what a machine must have installed for them."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .languages import Language, script_name

FONTS_FILE = Path(__file__).resolve().parent.parent / "theme" / "fonts.toml"
PLATFORMS = ("debian", "fedora", "macos")


@dataclass(frozen=True)
class FontRule:
    label: str  # what people call the script(s) the rule is for: "Ethiopic"
    scripts: tuple[str, ...]  # ISO 15924 codes
    languages: tuple[str, ...]  # tag prefixes that choose this rule whatever their script
    families: tuple[str, ...]
    check: str  # the family that must be installed
    packages: tuple[tuple[str, str], ...]  # (platform, what to install)
    default: bool = False  # the rule for scripts no other rule names
    line_height: float | None = None  # for scripts whose lines need more room than the theme's

    def language_match(self, tag: str) -> int:
        """Length of the longest prefix of `tag` this rule names (0: none)."""
        tag = tag.lower()
        return max((len(prefix) for prefix in self.languages
                    if tag == prefix.lower() or tag.startswith(prefix.lower() + "-")), default=0)


@cache
def font_rules() -> tuple[FontRule, ...]:
    data = tomllib.loads(FONTS_FILE.read_text(encoding="utf-8"))
    rules = []
    for entry in data["font"]:
        scripts = tuple(entry.get("scripts", ()))
        families = tuple(entry["families"])
        rules.append(FontRule(
            label=entry.get("label") or script_name(scripts[0]), scripts=scripts,
            languages=tuple(entry.get("languages", ())), families=families,
            check=entry.get("check", families[0]),
            packages=tuple((platform, entry[platform]) for platform in PLATFORMS
                           if platform in entry),
            default=entry.get("default", False), line_height=entry.get("line_height")))
    return tuple(rules)


def rule_for(lang: Language) -> FontRule:
    """The rule that sets `lang`: one naming the language, else its script, else the default."""
    rules = font_rules()
    best = max(rules, key=lambda rule: rule.language_match(lang.tag))
    if best.language_match(lang.tag):
        return best
    for rule in rules:
        if lang.script in rule.scripts:
            return rule
    return default_rule()


def default_rule() -> FontRule:
    return next(rule for rule in font_rules() if rule.default)


def has_face(lang: Language) -> bool:
    """Whether fonts.toml chooses a face for the language's script (else the default is used)."""
    rule = rule_for(lang)
    return not rule.default or lang.script in rule.scripts


def fonts_css(languages: Iterable[Language]) -> str:
    """`:lang()` rules choosing each language's faces, shorter tags before longer ones so that
    `zh-Hant` wins over `zh` for the elements both match."""
    lines = ["/* Written by outreach from its fonts.toml: a face for each language's script. */",
             f"html {{ font-family: {_families(default_rule())}; }}"]
    for lang in sorted(set(languages), key=lambda lang: (len(lang.tag), lang.tag)):
        rule = rule_for(lang)
        lines.append(f":lang({lang.tag}) {{ font-family: {_families(rule)}; }}")
        if rule.line_height:
            # `html:lang() *` outranks the theme's element and class rules.
            lines.append(f"html:lang({lang.tag}), html:lang({lang.tag}) * "
                         f"{{ line-height: {rule.line_height}; }}")
    return "\n".join(lines) + "\n"


def _families(rule: FontRule) -> str:
    return ", ".join(f'"{family}"' for family in rule.families) + ", sans-serif"
