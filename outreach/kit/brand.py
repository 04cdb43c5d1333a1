"""A kit's brand: logos, two colours and a face per script, from `[brand]` in `outreach.toml`.

Colours are checked the way WCAG 2 measures them: the flyer sets white text on the primary
colour (the brand band) and the primary colour as text on white (headlines, links), and sets
white or dark text on the accent colour (the action band), whichever reads better. A colour
whose text would fall below AA contrast (4.5:1) is refused, with the ratio it reaches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .fonts import rule_for
from .languages import Language

WHITE = "#ffffff"
INK = "#1d2733"  # the theme's text colour
MUTED = "#4a5563"  # the theme's secondary text: 7.5:1 on white
AA_CONTRAST = 4.5  # WCAG 2 AA, normal-size text
# A neutral brand that already looks good: a deep teal band and a warm yellow action band.
DEFAULT_PRIMARY = "#0b5e7a"
DEFAULT_ACCENT = "#f6c445"
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


@dataclass(frozen=True)
class Brand:
    logo: str | None = None  # a PNG or SVG inside the kit, as a path from the kit folder
    partner_logo: str | None = None  # a partner's logo, for co-branded kits
    partner_name: str = ""  # the partner logo's alternative text
    primary: str = DEFAULT_PRIMARY
    accent: str = DEFAULT_ACCENT
    # Faces chosen per script (ISO 15924 code: family), tried before the theme's own faces.
    fonts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def on_accent(self) -> str:
        """The text colour for the accent colour: white or ink, whichever contrasts more."""
        return best_text(self.accent)

    def css(self, languages: Iterable[Language] = ()) -> str:
        """The brand as CSS: colours as custom properties for the theme's stylesheets, and
        the brand's faces for the languages written in their scripts (after fonts.css, so they
        win; the theme's faces stay behind them for characters the brand's face lacks)."""
        lines = ["/* Written by outreach from [brand] in outreach.toml: every colour the "
                 "theme's stylesheets use. */",
                 ":root {"
                 f" --ink: {INK}; --muted: {MUTED};"
                 f" --primary: {self.primary}; --on-primary: {WHITE};"
                 f" --primary-soft: {mix(self.primary, WHITE, 0.92)};"
                 f" --primary-rule: {mix(self.primary, WHITE, 0.7)};"
                 f" --accent: {self.accent}; --on-accent: {self.on_accent};"
                 " }"]
        for lang in sorted(set(languages), key=lambda lang: (len(lang.tag), lang.tag)):
            family = self.font_for(lang.script)
            if family:
                theme = ", ".join(f'"{name}"' for name in rule_for(lang).families)
                lines.append(f':lang({lang.tag}) {{ font-family: "{family}", {theme}, '
                             "sans-serif; }")
        return "\n".join(lines) + "\n"

    def font_for(self, script: str) -> str | None:
        """The brand's face for a script; Korean and Japanese text (Kore, Jpan) and both
        kinds of Chinese (Hans, Hant) also take a face named for the scripts they mix."""
        for name in (script, *_SCRIPT_PARTS.get(script, ())):
            if name in self.fonts:
                return self.fonts[name]
        return None


_SCRIPT_PARTS = {"Kore": ("Hang",), "Jpan": ("Hira", "Kana", "Hani"), "Hans": ("Hani",),
                 "Hant": ("Hani",)}


def is_colour(value: str) -> bool:
    return bool(_HEX.fullmatch(value))


def normalized(value: str) -> str:
    """`#abc` and `#AABBCC` as `#aabbcc`."""
    value = value.lower()
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    value = normalized(colour)
    channels = [int(value[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 to 21."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def best_text(background: str) -> str:
    """White or the theme's ink: whichever is easier to read on `background`."""
    return WHITE if contrast(background, WHITE) >= contrast(background, INK) else INK


def mix(colour: str, other: str, amount: float) -> str:
    """`colour` moved `amount` (0..1) of the way towards `other`: tints for rules and panels."""
    a, b = normalized(colour), normalized(other)
    channels = [round(int(a[i:i + 2], 16) * (1 - amount) + int(b[i:i + 2], 16) * amount)
                for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in channels)


def primary_problem(colour: str) -> str | None:
    """Why white text on `colour` (and `colour` as text on white) is too faint, if it is."""
    ratio = contrast(colour, WHITE)
    if ratio >= AA_CONTRAST:
        return None
    return (f"white text on {colour} has a contrast ratio of {_ratio(ratio)}; WCAG AA needs "
            f"{AA_CONTRAST:g}:1: choose a darker colour")


def accent_problem(colour: str) -> str | None:
    """Why neither white nor dark text reads well enough on `colour`, if neither does."""
    text = best_text(colour)
    ratio = contrast(colour, text)
    if ratio >= AA_CONTRAST:
        return None
    return (f"neither white nor dark text reads well on {colour}: the better one reaches "
            f"{_ratio(ratio)}, WCAG AA needs {AA_CONTRAST:g}:1: choose a lighter or darker "
            "colour")


def _ratio(value: float) -> str:
    # Rounded down, so a colour just short of the limit never reads as "4.5:1".
    return f"{int(value * 100) / 100:.2f}:1"
