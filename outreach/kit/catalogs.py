"""Reading translators' `.po` files for a build, compiled in memory.

The build never looks at `.mo` files, so a stale one can never be published. Fuzzy entries are
never used: a fuzzy translation is a guess waiting for a person to confirm it.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from markupsafe import escape

from ..errors import Problem, SourceError
from ..po.pofile import PoFile
from .languages import Language

Key = tuple[str | None, str]  # (msgctxt, msgid)


@dataclass(frozen=True)
class CompiledCatalog:
    """The usable translations of one catalog: non-fuzzy, non-empty, not obsolete."""

    language: Language
    path: str
    entries: Mapping[Key, str]
    plurals: Mapping[Key, tuple[str, ...]] = field(default_factory=dict)
    plural_forms: str = "nplurals=2; plural=(n != 1);"

    def lookup(self, context: str | None, source: str) -> str | None:
        return self.entries.get((context, source))

    def missing(self, keys: Iterable[Key]) -> list[Key]:
        return [key for key in keys if key not in self.entries and key not in self.plurals]

    def gettext(self) -> gettext.NullTranslations:
        return _Translations(self)


def compile_catalog(po: PoFile, language: Language) -> CompiledCatalog:
    """The translations of a read catalog that a build may use."""
    entries: dict[Key, str] = {}
    plurals: dict[Key, tuple[str, ...]] = {}
    for message in po.messages:
        if not message.translated:  # empty or fuzzy
            continue
        if message.pluralizable:
            plurals[message.key] = message.strings
            continue
        msgstr = message.strings[0]
        if message.context is None and (problem := _format_problem(message.singular, msgstr)):
            raise SourceError(Problem(po.path, problem, message.string_line or message.lineno))
        entries[message.key] = msgstr
    plural_forms = po.header_field("Plural-Forms") or "nplurals=2; plural=(n != 1);"
    return CompiledCatalog(language, po.path, entries, plurals, plural_forms)


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


_FORMAT_NAME = re.compile(r"%\((\w+)\)")


def _format_problem(msgid: str, msgstr: str) -> str | None:
    """Template text is a %-format string; a translation must format with the same names."""
    names = dict.fromkeys(_FORMAT_NAME.findall(msgid), 1)
    unknown = [name for name in _FORMAT_NAME.findall(msgstr) if name not in names]
    if unknown:
        return (f"translation of {msgid!r} uses %({unknown[0]})s, which the source text does "
                "not have; remove it")
    try:
        msgstr % names  # noqa: B018 (only checking that it formats)
    except (KeyError, ValueError, TypeError):
        kept = ", ".join(f"%({n})s" for n in names)
        keep = f"keep {kept} and " if kept else ""
        return f"translation of {msgid!r} breaks its format: {keep}write a literal % as %%"
    return None
