"""Languages: names, script, direction, plural rules and catalog folder for a BCP 47 tag.

Kits name languages with BCP 47 tags (`es`, `zh-Hans`, `hmn`). What CLDR (through Babel) knows
about a language is used as it is, so a new language needs no code. Where CLDR has no data for a
language, or names it in a way its readers would not (Hmong Njua in a script most US Hmong
readers do not use), the kit says what it needs in a `[languages.TAG]` table of `outreach.toml`;
those settings win over CLDR. gettext catalogs live in folders named with underscores
(`translations/zh_Hans/`).
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

# What gettext assumes when nothing says otherwise (GNU msginit's default too).
DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

# language[-script][-region][-variant...]; private use and grandfathered tags are not languages
# a kit publishes in.
_TAG = re.compile(r"(?P<language>[A-Za-z]{2,3})(?:-(?P<script>[A-Za-z]{4}))?"
                  r"(?:-(?P<region>[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*")
_PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+);?\s*")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_CATALOG_NAME = re.compile(r"[A-Za-z]{2,3}(?:[_@.][A-Za-z0-9]+)*")


MAX_PLURALS = 20  # no language has more than six plural forms


def nplurals(plural_forms: str) -> int | None:
    """How many plural forms a Plural-Forms header ("nplurals=3; plural=...") declares; None
    if it declares none, or a number no language could have."""
    match = _NPLURALS.search(plural_forms)
    if match is None or not _plausible(match.group(1)):
        return None
    return int(match.group(1))


def _plausible(count: str) -> bool:
    """Whether a number of plural forms, as written, is one a language could have."""
    return len(count) <= 3 and 1 <= int(count) <= MAX_PLURALS


@dataclass(frozen=True)
class LanguageSettings:
    """A kit's `[languages.TAG]` table: what to use instead of, or where there is no, CLDR data."""

    name: str | None = None  # the language's name as its readers write it: "Hmoob"
    english_name: str | None = None
    script: str | None = None  # ISO 15924: "Latn", "Mymr"
    dir: str | None = None  # "ltr" or "rtl"
    plural_forms: str | None = None  # gettext's "nplurals=1; plural=0;"
    catalog: str | None = None  # the catalog folder and Language header: "hmn"


@dataclass(frozen=True)
class Language:
    tag: str  # BCP 47, used in URLs and `lang` attributes: "zh-Hans"
    locale: Locale | None  # CLDR's data, when CLDR knows the language
    settings: LanguageSettings = field(default_factory=LanguageSettings)

    @property
    def catalog_name(self) -> str:
        """Folder name under translations/ and the catalogs' Language header: "zh_Hans"."""
        return self.settings.catalog or self.tag.replace("-", "_")

    @property
    def script(self) -> str:
        """The ISO 15924 code of the script the language is written in: "Ethi" for Amharic."""
        return self.settings.script or likely_script(self.tag) or "Latn"

    @property
    def direction(self) -> str:
        if self.settings.dir:
            return self.settings.dir
        if self.locale is not None and not self.settings.script:
            return "rtl" if self.locale.character_order == "right-to-left" else "ltr"
        return script_direction(self.script)

    @property
    def native_name(self) -> str:
        return self.name_in(self)

    @property
    def english_name(self) -> str:
        return self.settings.english_name or self.name_in(language("en"))

    def name_in(self, other: Language) -> str:
        """This language's name in `other`: "Español" in Spanish, "Spanish" in English."""
        name = None
        if other.tag == self.tag:
            name = self.settings.name
        elif other.locale is not None and other.locale.language == "en":
            name = self.settings.english_name
        name = name or self._cldr_name_in(other) or self.settings.english_name \
            or english_language_name(self.tag) or self.settings.name or self.tag
        return name[:1].upper() + name[1:]

    def _cldr_name_in(self, other: Language) -> str | None:
        if other.locale is None:
            return None
        code = self.tag.split("-")[0]
        if self.locale is not None and not self.settings.name and code == self.locale.language:
            return self.locale.get_display_name(other.locale)
        # CLDR folds some languages into others ("tl" into Filipino), and has names for many
        # languages it has no locale data for: keep the name asked for.
        return other.locale.languages.get(self.tag.replace("-", "_")) \
            or other.locale.languages.get(code)

    @property
    def plural_forms(self) -> str:
        """The gettext Plural-Forms header: the kit's setting, else CLDR's rule via Babel."""
        if self.settings.plural_forms:
            return self.settings.plural_forms
        if self.locale is not None:
            # Imported here: babel.messages loads dates and time zones, which lint never needs.
            from babel.messages.plurals import get_plural

            return get_plural(self.locale).plural_forms
        return DEFAULT_PLURAL_FORMS

    @property
    def plural_count(self) -> int:
        match = _PLURAL_FORMS.fullmatch(self.plural_forms)
        return int(match.group(1)) if match else 2


class UnknownLanguage(ValueError):
    """A tag CLDR has no data for, and no `[languages.TAG]` table describes."""


@cache
def language(tag: str, settings: LanguageSettings | None = None) -> Language:
    """A language by tag, with a kit's settings for it; raises ValueError saying what to fix.

    A tag CLDR has no data for needs settings with at least its name; the error says exactly
    which table to add, with what CLDR does know (its English name, its script) filled in.
    """
    normalized = tag.replace("_", "-")
    if not is_tag(normalized):
        raise ValueError(f"unknown language {tag!r} (use a tag such as 'es' or 'zh-Hans')")
    settings = settings or LanguageSettings()
    try:
        locale: Locale | None = Locale.parse(normalized, sep="-")
    except (UnknownLocaleError, ValueError):
        locale = None
    if locale is None:
        missing = []
        if not settings.name:
            missing.append('name = "..." (the language\'s name as its readers write it)')
        if not settings.english_name and not english_language_name(normalized):
            missing.append('english_name = "..."')
        if not settings.script and not likely_script(normalized):
            missing.append('script = "..." (its ISO 15924 code, such as "Latn" or "Mymr")')
        if missing:
            raise UnknownLanguage(
                f"unknown language {normalized!r}: CLDR has no data for it; add to outreach.toml "
                f"a [languages.{normalized}] table with "
                + ", ".join(missing + _known_settings(normalized, settings)))
    return Language(tag=normalized, locale=locale, settings=settings)


def _known_settings(tag: str, settings: LanguageSettings) -> list[str]:
    """What CLDR knows about a language it has no locale data for, as settings to write."""
    known = []
    if not settings.english_name and (english := english_language_name(tag)):
        known.append(f'english_name = "{english}"')
    if not settings.script and (script := likely_script(tag)):
        known.append(f'script = "{script}"')
    return known


def is_tag(tag: str) -> bool:
    return _TAG.fullmatch(tag.replace("_", "-")) is not None


def likely_script(tag: str) -> str | None:
    """The script a tag is written in: its own script subtag, else CLDR's likely subtags."""
    match = _TAG.fullmatch(tag.replace("_", "-"))
    if match is None:
        return None
    if match.group("script"):
        return match.group("script").title()
    likely = get_global("likely_subtags")
    code, region = match.group("language").lower(), match.group("region")
    for key in ([f"{code}_{region.upper()}"] if region else []) + [code]:
        if key in likely:
            parts = likely[key].split("_")
            return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None
    return None


@cache
def script_direction(script: str) -> str:
    """Which way a script runs, from the CLDR locale most likely to use it."""
    found = get_global("likely_subtags").get(f"und_{script}")
    if found:
        try:
            order = Locale.parse(found).character_order
        except (UnknownLocaleError, ValueError):
            order = "left-to-right"
        return "rtl" if order == "right-to-left" else "ltr"
    return "ltr"


def english_language_name(tag: str) -> str | None:
    """CLDR's English name for a tag's language, which CLDR has for many more languages than it
    has locale data for ("Hmong")."""
    names = Locale("en").languages
    code = tag.replace("-", "_")
    return names.get(code) or names.get(code.split("_")[0])


def script_name(script: str) -> str:
    """CLDR's English name for an ISO 15924 script code: "Ethiopic" for "Ethi"."""
    return Locale("en").scripts.get(script, script)


def is_script(script: str) -> bool:
    return script in Locale("en").scripts


def plural_forms_problem(text: str) -> str | None:
    """Why a Plural-Forms value is not one gettext can use, or None."""
    match = _PLURAL_FORMS.fullmatch(text)
    if match is None:
        return f"must read 'nplurals=N; plural=EXPRESSION;', not {text!r}"
    if not _plausible(match.group(1)):
        return f"nplurals must be from 1 to {MAX_PLURALS}, not {match.group(1)[:20]}"
    expression = match.group(2).strip()
    try:
        rule = gettext.c2py(expression)
        forms = {rule(n) for n in range(1000)}
    except (ValueError, SyntaxError, RecursionError, ArithmeticError):  # (n/0) among them
        shown = expression if len(expression) <= 60 else expression[:59] + "…"
        return f"{shown!r} is not a plural expression gettext can evaluate"
    if not forms <= set(range(int(match.group(1)))):
        return f"its expression gives form {max(forms)}, but nplurals is {match.group(1)}"
    return None


def catalog_name_problem(name: str) -> str | None:
    """Why a catalog name cannot be a folder under translations/, or None."""
    if _CATALOG_NAME.fullmatch(name):
        return None
    return f"must be a gettext language name such as 'hmn' or 'zh_Hant', not {name!r}"
