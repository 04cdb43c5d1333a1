"""How far each language has come: counted against what the kit needs now.

Counts are made against the current template, not the catalog's own entries, so a catalog that
has not been updated since the messages changed shows the gap a build would hit. A fuzzy entry
is a guess waiting for a person: it never counts as translated (the build does not use it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..kit.catalogs import read_catalogs
from ..kit.config import Config
from ..kit.languages import Language
from ..po import Catalog, Key
from .template import build_template

PREVIEW = 60  # characters of a string shown in a list


@dataclass(frozen=True)
class Pending:
    """A string a language still needs: fuzzy or untranslated in its catalog, or missing."""

    path: str
    line: int | None  # the msgstr line; None for a string not in the catalog yet
    state: str  # "fuzzy", "untranslated" or "missing"
    msgctxt: str | None
    msgid: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        about = f" ({self.msgctxt})" if self.msgctxt else ""
        return f"{where}: {self.state}: {_quoted(self.msgid)}{about}"

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "state": self.state, "msgctxt": self.msgctxt,
                "msgid": self.msgid}


@dataclass(frozen=True)
class LanguageStats:
    lang: str
    path: str
    total: int  # strings the kit needs
    translated: int  # with a translation the build uses (filled in, not fuzzy)
    fuzzy: int  # with a translation marked fuzzy: to review, not yet used
    untranslated: int  # with no translation, or not in the catalog yet
    obsolete: int  # translations in the catalog for strings the kit no longer has
    exists: bool = True  # False when the language has no catalog yet
    # What is left to do: fuzzy and untranslated entries in file order, then missing strings.
    pending: tuple[Pending, ...] = field(default=(), compare=False)

    @property
    def ratio(self) -> float:
        return self.translated / self.total if self.total else 1.0

    @property
    def percent(self) -> float:
        """Rounded down to one decimal, so 100.0 always means every string."""
        return math.floor(self.ratio * 1000) / 10

    @property
    def missing(self) -> tuple[Pending, ...]:
        """Strings not in the catalog at all: `outreach i18n update` adds them."""
        return tuple(p for p in self.pending if p.state == "missing")

    def to_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "total": self.total, "translated": self.translated,
                "fuzzy": self.fuzzy, "untranslated": self.untranslated,
                "obsolete": self.obsolete, "percent": self.percent}


def catalog_stats(config: Config,
                  languages: Sequence[Language] | None = None) -> list[LanguageStats]:
    """Coverage of every translated language (or of `languages`), in the kit's order."""
    template = build_template(config)
    wanted = [entry.key for entry in template.entries]
    result = []
    for file in read_catalogs(config, languages):
        if file.catalog is None:
            pending = tuple(Pending(file.shown, None, "missing", *key) for key in wanted)
            result.append(LanguageStats(file.language.tag, file.shown, len(wanted), 0, 0,
                                        len(wanted), 0, exists=False, pending=pending))
            continue
        result.append(count_translations(file.language, file.catalog, wanted))
    return result


def count_translations(lang: Language, po: Catalog, wanted: Sequence[Key]) -> LanguageStats:
    """The figures of one read catalog against the (msgctxt, msgid) keys a kit needs."""
    needed = set(wanted)
    translated = fuzzy = 0
    listed: list[Pending] = []
    for entry in po.entries:
        if entry.key not in needed or entry.translated:
            continue
        state = "fuzzy" if entry.fuzzy and entry.has_translation else "untranslated"
        listed.append(Pending(po.path, entry.msgstr_line, state, *entry.key))
    missing = []
    for key in wanted:
        entry = po.get(key[1], key[0])
        if entry is None:
            missing.append(Pending(po.path, None, "missing", *key))
        elif entry.translated:
            translated += 1
        elif entry.fuzzy and entry.has_translation:
            fuzzy += 1
    obsolete = sum(1 for m in po.obsolete if m.has_translation) + sum(
        1 for m in po.entries if m.key not in needed and m.has_translation)
    return LanguageStats(lang.tag, po.path, len(wanted), translated, fuzzy,
                         len(wanted) - translated - fuzzy, obsolete,
                         pending=(*listed, *missing))


def _quoted(text: str) -> str:
    """A string as a short one-line preview in double quotes."""
    flat = " ".join(text.split())
    if len(flat) > PREVIEW:
        flat = flat[:PREVIEW - 1].rstrip() + "…"
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'
