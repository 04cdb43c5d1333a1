"""The kit's catalogs: which file belongs to each language, read once, compiled for a build.

Every command that works on catalogs (build, lint, check, status, update) finds them with
`catalog_files` and reads them with `read_catalogs`, so a `--lang` selection means the same
files everywhere, and a catalog read once can be passed to every check.

The build never looks at `.mo` files, so a stale one can never be published. Fuzzy entries are
never used: a fuzzy translation is a guess waiting for a person to confirm it.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape

from ..errors import OutreachError, Problem, SourceError, display_path
from ..files import decode, read_bytes
from ..po import Catalog, Entry, Key, parse_po
from .languages import DEFAULT_PLURAL_FORMS, Language
from .translations import template_problems, text_problems

if TYPE_CHECKING:
    from .config import Config


@dataclass(frozen=True)
class CatalogFile:
    """The catalog of one translated language: where it is and, once read, what it holds."""

    language: Language
    path: Path
    shown: str  # as a person would type it: relative to the kit
    data: bytes | None = None  # the file as it is on disk; None if it does not exist (yet)
    text: str | None = None  # `data` decoded
    catalog: Catalog | None = None


def catalog_files(config: Config, languages: Sequence[Language] | None = None
                  ) -> list[CatalogFile]:
    """Where the catalog of each translated language is (nothing is read).

    `languages` narrows the kit's languages (in the order given); the source language has no
    catalog and is left out.
    """
    chosen = config.translated_languages if languages is None else \
        [lang for lang in languages if lang != config.source_language]
    return [CatalogFile(lang, path, display_path(path, config.root))
            for lang in chosen for path in [config.catalog_path(lang)]]


def read_catalogs(config: Config, languages: Sequence[Language] | None = None
                  ) -> list[CatalogFile]:
    """The catalogs of `catalog_files`, read; one that does not exist yet has no `catalog`.

    Every catalog that cannot be read is reported together, each problem with its line.
    """
    found: list[CatalogFile] = []
    problems: list[Problem] = []
    for file in catalog_files(config, languages):
        if not file.path.exists() and not file.path.is_symlink():
            found.append(file)
            continue
        try:
            # Inside the kit only: a catalog linked to a file elsewhere is refused.
            data = read_bytes(file.path, file.shown, inside=config.root)
            text = decode(data, file.shown)
            found.append(replace(file, data=data, text=text, catalog=parse_po(text, file.shown)))
        except OutreachError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SourceError(problems)
    return found


@dataclass(frozen=True)
class CompiledCatalog:
    """The usable translations of one catalog: non-fuzzy, non-empty, not obsolete."""

    language: Language
    path: str
    entries: Mapping[Key, str]
    plurals: Mapping[Key, tuple[str, ...]] = field(default_factory=dict)
    plural_forms: str = DEFAULT_PLURAL_FORMS

    def lookup(self, context: str | None, source: str) -> str | None:
        return self.entries.get((context, source))

    def missing(self, keys: Iterable[Key]) -> list[Key]:
        return [key for key in keys if key not in self.entries and key not in self.plurals]

    def gettext(self) -> gettext.NullTranslations:
        return _Translations(self)


def compile_catalog(po: Catalog, language: Language) -> CompiledCatalog:
    """The translations of a read catalog that a build may use.

    Whatever the checks say (or whether they run at all), a translation that would mislead a
    reader or break its template is refused here, at its catalog line: a build never uses it.
    """
    entries: dict[Key, str] = {}
    plurals: dict[Key, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for entry in po.entries:
        if not entry.translated:  # empty or fuzzy
            continue
        found = refusals(entry)
        if found:
            problems.extend(Problem(po.path, message, entry.msgstr_line) for message in found)
            continue
        if entry.plural:
            plurals[entry.key] = entry.msgstr
        else:
            entries[entry.key] = entry.msgstr[0]
    if problems:
        raise SourceError(problems)
    plural_forms = po.header_field("Plural-Forms") or DEFAULT_PLURAL_FORMS
    return CompiledCatalog(language, po.path, entries, plurals, plural_forms)


def refusals(entry: Entry) -> list[str]:
    """Why a build may not use an entry's translation (nothing if it may).

    Template text (no msgctxt) is %-formatted by Jinja, so its translations may use only the
    directives the source has, whatever the entry's flags say.
    """
    found: list[str] = []
    for source, translation in zip(entry.sources, entry.msgstr, strict=True):
        if not translation:
            continue
        found += text_problems(source, translation)
        if entry.msgctxt is None:
            found += template_problems(entry.msgid, dict.fromkeys(entry.sources), translation)
    return list(dict.fromkeys(found))


class _Translations(gettext.NullTranslations):
    """gettext callables over a compiled catalog, for Jinja's i18n extension.

    Jinja marks whatever gettext returns as safe HTML, so translations are escaped here: a
    translator's `<script>` reaches the page as text, like every other translated string.
    """

    def __init__(self, catalog: CompiledCatalog) -> None:
        super().__init__()
        self._compiled = catalog
        expression = catalog.plural_forms.split("plural=", 1)[-1].rstrip(" ;")
        try:
            self._plural = gettext.c2py(expression)
        except (ValueError, SyntaxError):
            self._plural = gettext.c2py("n != 1")

    def gettext(self, message: str) -> str:
        return escape(self._compiled.lookup(None, message) or message)

    def pgettext(self, context: str, message: str) -> str:
        return escape(self._compiled.lookup(context, message) or message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.npgettext(None, singular, plural, n)  # type: ignore[arg-type]

    def npgettext(self, context: str | None, singular: str, plural: str, n: int) -> str:
        forms = self._compiled.plurals.get((context, singular))
        if forms:
            index = self._plural(n)
            if index < len(forms):
                return escape(forms[index])
        return escape(singular if n == 1 else plural)
