"""Reading translators' `.po` files for a build, compiled in memory.

The build never looks at `.mo` files, so a stale one can never be published. Fuzzy entries are
never used: a fuzzy translation is a guess waiting for a person to confirm it.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polib
from markupsafe import escape

from ..errors import Problem, SourceError
from ..languages import Language

Key = tuple[str | None, str]  # (msgctxt, msgid)

# A line of a PO file that holds a string must close its quotes; polib does not check this.
_STRING_LINE = re.compile(r'^(?:#~\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?'
                          r'"(?:[^"\\]|\\.)*"\s*$')
_NEEDS_QUOTES = re.compile(r'^(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr)\b|^"')


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


def read_catalog(path: Path, language: Language, shown: str) -> CompiledCatalog:
    """Read and compile a `.po` file; any syntax problem is reported with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(Problem(shown, f"catalog not found; create it with 'outreach i18n init "
                                  f"{language.tag}'")) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise SourceError(Problem(shown, "not valid UTF-8; save the catalog as UTF-8", line)
                          ) from None
    except OSError as exc:
        raise SourceError(Problem(shown, f"cannot be read: {exc.strerror}")) from None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if _NEEDS_QUOTES.match(stripped) and not _STRING_LINE.match(stripped):
            raise SourceError(Problem(shown, "malformed string: each string must be in double "
                                      "quotes on one line, with inner quotes written \\\"",
                                      number))
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        match = re.search(r"\(line (\d+)\)", str(exc))
        raise SourceError(Problem(shown, "syntax error; check the quotes and keywords around "
                                  "this line", int(match.group(1)) if match else None)) from None
    entries: dict[Key, str] = {}
    plurals: dict[Key, tuple[str, ...]] = {}
    for entry in po:
        if entry.obsolete or entry.fuzzy or not entry.msgid:
            continue
        key = (entry.msgctxt, entry.msgid)
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if forms and all(forms):
                plurals[key] = forms
        elif entry.msgstr:
            if entry.msgctxt is None and (problem := _format_problem(entry.msgid, entry.msgstr)):
                raise SourceError(Problem(shown, problem, entry.linenum))
            entries[key] = entry.msgstr
    plural_forms = po.metadata.get("Plural-Forms") or "nplurals=2; plural=(n != 1);"
    return CompiledCatalog(language, shown, entries, plurals, plural_forms)


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
    try:
        msgstr % names  # noqa: B018 (only checking that it formats)
    except (KeyError, ValueError, TypeError):
        kept = ", ".join(f"%({n})s" for n in names)
        keep = f"keep {kept} and " if kept else ""
        return f"translation of {msgid!r} breaks its format: {keep}write a literal % as %%"
    return None
