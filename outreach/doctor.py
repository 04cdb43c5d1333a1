"""`outreach doctor`: does this machine have what the kit's languages need?

Each check says what it found and, when something is missing, exactly what to install on each
platform we know. Every language is checked, and every problem reported, in one run: a language
the kit cannot name is one failed check among the others, not the end of the run.

Fonts are checked per script, with the table the build uses (`theme/fonts.toml`): a language's
script comes from CLDR or the kit's `[languages.TAG]` table, and fontconfig is asked whether the
chosen face, or any installed font, draws every character the kit actually prints in that
language (its translations, the source messages, the organization's details).
"""

from __future__ import annotations

import ctypes.util
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import OutreachError
from .kit.config import Config, load_config, read_languages
from .kit.fonts import FontRule, has_face, rule_for
from .kit.languages import Language, script_name

MIN_PANGO = (1, 44)
PLATFORMS = {"debian": "Debian/Ubuntu", "fedora": "Fedora", "macos": "macOS"}
# Where Debian keeps the Noto faces of scripts the theme has no rule for.
ANY_SCRIPT = (("debian", "fonts-noto-core fonts-noto-extra"),)
MAX_LOOKUPS = 40  # characters no chosen face draws, looked up one by one in every font


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    found: str
    fixes: tuple[tuple[str, str], ...] = ()  # (platform, command)

    def lines(self) -> list[str]:
        head = f"{'ok' if self.ok else 'MISSING':8} {self.name}: {self.found}"
        return [head, *(f"{'':8}   {platform}: {command}" for platform, command in self.fixes)]


def diagnose(kit: Path | str = ".", tags: Sequence[str] = ()) -> list[Check]:
    """Every check for the kit's languages (or `tags`, with the kit's settings for them)."""
    kit = Path(kit)
    checks = [_python(), _pango(), _harfbuzz_subset(), _gettext()]
    languages, problems = read_languages(kit, tuple(tags))
    checks.extend(Check(problem.path, False, problem.message) for problem in problems)
    texts = kit_text(kit, languages)
    groups: dict[tuple[FontRule, str], list[Language]] = {}
    for lang in languages:
        label = rule_for(lang).label if has_face(lang) else script_name(lang.script)
        groups.setdefault((rule_for(lang), label), []).append(lang)
    for (rule, label), members in groups.items():
        checks.append(font_check(rule, label, members, texts))
    return checks


def kit_text(kit: Path, languages: Iterable[Language]) -> dict[str, str]:
    """What the kit prints in each language: its translations (the source messages, with the
    title and the organization's details, for the source language); "" where nothing is
    written yet."""
    try:
        config = load_config(kit)
    except OutreachError:
        return {}  # the settings' problems are reported; the faces can still be checked
    texts = {lang.tag: _written(config, lang) for lang in languages}
    if texts.get(config.source_language.tag):
        filled = config.organization.placeholder_values().values()
        texts[config.source_language.tag] += " ".join((config.title, *filled))
    return texts


def _written(config: Config, lang: Language) -> str:
    from .i18n.template import build_template
    from .po import read_po

    try:
        if lang.tag == config.source_language.tag:
            template = build_template(config)
            return " ".join(" ".join(entry.sources) for entry in template.entries)
        path = config.catalog_path(lang)
        if not path.is_file():
            return ""
        catalog = read_po(path, str(path))
    except OutreachError:
        return ""  # `outreach i18n check` and the build say what is wrong with the files
    return " ".join(" ".join(entry.msgstr) for entry in catalog.entries if entry.translated)


def font_check(rule: FontRule, label: str, languages: Sequence[Language],
               texts: dict[str, str]) -> Check:
    tags = [lang.tag for lang in languages]
    name = f"font for {label} ({', '.join(tags)})"
    if not shutil.which("fc-list"):
        return Check(name, False, "cannot look: fontconfig's fc-list is not installed",
                     _named((("debian", "sudo apt-get install fontconfig"),
                             ("fedora", "sudo dnf install fontconfig"))))
    chosen = all(has_face(lang) for lang in languages)
    fixes = _installs(rule.packages if chosen else ANY_SCRIPT)
    if chosen and not _charset(rule.check):
        return Check(name, False, f"{rule.check} is not installed (text would print as empty "
                     "boxes)", fixes)
    needed: dict[str, str] = {}  # each character, and the first language that prints it
    for lang in languages:
        for char in texts.get(lang.tag, ""):
            if _ink(char):
                needed.setdefault(char, lang.tag)
    covered = set().union(*(_charset(family) for family in rule.families))
    others = [char for char in needed if ord(char) not in covered][:MAX_LOOKUPS]
    fallbacks = {char: _fonts_with(char) for char in others}
    missing = [char for char, fonts in fallbacks.items() if not fonts]
    if missing:
        char = missing[0]
        more = f" and {len(missing) - 1} more characters" if len(missing) > 1 else ""
        return Check(name, False, f"no installed font draws {char!r} (U+{ord(char):04X}){more}, "
                     f"which the {needed[char]} text uses", fixes)
    faces = sorted({fonts[0] for fonts in fallbacks.values()})
    if not needed:
        return Check(name, True, f"{rule.check} (no text written yet to check)" if chosen else
                     f"theme/fonts.toml chooses no face for {label} (no text written yet to "
                     "check)")
    if not chosen:
        return Check(name, True, f"theme/fonts.toml chooses no face for {label}; fontconfig "
                     f"finds {', '.join(faces) or rule.check} for its {len(needed)} characters")
    found = f"{rule.check} draws all {len(needed)} characters of the kit's text"
    if faces:
        found = (f"{rule.check} draws {len(needed) - len(others)} of the kit's {len(needed)} "
                 f"characters; {', '.join(faces)} the rest")
    return Check(name, True, found)


def _ink(char: str) -> bool:
    # Spaces, controls and joiners leave no ink: no font has to draw them.
    return unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def _charset(family: str) -> set[int]:
    """The code points the installed faces of `family` draw (empty: not installed)."""
    listed = subprocess.run(["fc-list", "--format", "%{charset}\n", f":family={family}"],
                            capture_output=True, text=True, check=False).stdout
    points: set[int] = set()
    for item in listed.split():
        first, _, last = item.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def _fonts_with(char: str) -> list[str]:
    listed = subprocess.run(["fc-list", "--format", "%{family[0]}\n", f":charset={ord(char):x}"],
                            capture_output=True, text=True, check=False).stdout
    return sorted(set(listed.split("\n")) - {""})


def _installs(packages: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return _named((platform, command if platform == "macos" else
                   f"sudo {'apt-get' if platform == 'debian' else 'dnf'} install {command}")
                  for platform, command in packages)


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


def _named(fixes: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((PLATFORMS.get(platform, platform), command) for platform, command in fixes)

