"""`outreach doctor`: does this machine have what the kit's languages need?

Each check says what it found and, when something is missing, exactly what to install on each
platform we know. Fonts come from the same table the build uses (`theme/fonts.toml`).
"""

from __future__ import annotations

import ctypes.util
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .kit.fonts import rule_for
from .kit.languages import Language

MIN_PANGO = (1, 44)
PLATFORMS = {"debian": "Debian/Ubuntu", "fedora": "Fedora", "macos": "macOS"}


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    found: str
    fixes: tuple[tuple[str, str], ...] = ()  # (platform, command)

    def lines(self) -> list[str]:
        head = f"{'ok' if self.ok else 'MISSING':8} {self.name}: {self.found}"
        return [head, *(f"{'':8}   {platform}: {command}" for platform, command in self.fixes)]


def diagnose(languages: Sequence[Language]) -> list[Check]:
    checks = [_python(), _pango(), _harfbuzz_subset(), _gettext()]
    seen: set[str] = set()
    for lang in languages:
        rule = rule_for(lang.tag)
        key = f"{rule.check}"
        if key in seen:
            continue
        seen.add(key)
        tags = [other.tag for other in languages if rule_for(other.tag) == rule]
        checks.append(_font(rule.check, rule.script, tags, rule.packages))
    return checks


def _python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    return Check("Python", sys.version_info >= (3, 11), version)


def _pango() -> Check:
    fixes = (("debian", "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"),
             ("fedora", "sudo dnf install pango"), ("macos", "brew install pango"))
    try:
        from weasyprint.text.ffi import pango
    except (ImportError, OSError) as exc:
        return Check("Pango (text layout for PDFs)", False, f"cannot be loaded ({exc})",
                     _named(fixes))
    number = pango.pango_version()  # major * 10000 + minor * 100 + micro
    parts = (number // 10000, number // 100 % 100, number % 100)
    version = ".".join(map(str, parts))
    ok = parts[:2] >= MIN_PANGO
    return Check("Pango (text layout for PDFs)", ok,
                 version if ok else f"{version}, older than {'.'.join(map(str, MIN_PANGO))}",
                 () if ok else _named(fixes))


def _harfbuzz_subset() -> Check:
    found = ctypes.util.find_library("harfbuzz-subset")
    fixes = (("debian", "sudo apt-get install libharfbuzz-subset0"),
             ("fedora", "sudo dnf install harfbuzz"), ("macos", "brew install harfbuzz"))
    return Check("HarfBuzz subsetter (fast, reproducible PDF fonts)", bool(found),
                 found or "not found: PDFs are several times slower and not reproducible",
                 () if found else _named(fixes))


def _gettext() -> Check:
    found = shutil.which("msgfmt")
    fixes = (("debian", "sudo apt-get install gettext"), ("fedora", "sudo dnf install gettext"),
             ("macos", "brew install gettext"))
    return Check("GNU gettext (msgfmt checks catalogs)", bool(found), found or "not found",
                 () if found else _named(fixes))


def _font(family: str, script: str, tags: list[str],
          packages: tuple[tuple[str, str], ...]) -> Check:
    name = f"font for {script} ({', '.join(tags)})"
    if not shutil.which("fc-list"):
        return Check(name, False, "cannot look: fontconfig's fc-list is not installed",
                     _named((("debian", "sudo apt-get install fontconfig"),
                             ("fedora", "sudo dnf install fontconfig"))))
    listed = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True,
                            text=True, check=False).stdout.strip()
    if listed:
        return Check(name, True, family)
    fixes = tuple((platform, command if platform == "macos" else
                   f"sudo {'apt-get' if platform == 'debian' else 'dnf'} install {command}")
                  for platform, command in packages)
    return Check(name, False, f"{family} is not installed (text would print as empty boxes)",
                 _named(fixes))


def _named(fixes: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((PLATFORMS.get(platform, platform), command) for platform, command in fixes)
