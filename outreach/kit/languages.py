"""Language metadata from Babel's CLDR data: native names, script direction, catalog folders.

Kits name languages with BCP 47 tags (`es`, `zh-Hans`); gettext catalogs live in folders named
with underscores (`translations/zh_Hans/`). Everything else about a language comes from CLDR so
that a new language needs no code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError


@dataclass(frozen=True)
class Language:
    tag: str  # BCP 47, used in URLs and `lang` attributes: "zh-Hans"
    locale: Locale

    @property
    def catalog_name(self) -> str:
        """Folder name under translations/: gettext style, "zh_Hans"."""
        return self.tag.replace("-", "_")

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    @property
    def native_name(self) -> str:
        return self.name_in(self)

    def name_in(self, other: Language) -> str:
        """This language's name in `other`: "Español" in Spanish, "Spanish" in English."""
        code = self.tag.split("-")[0]
        if code != self.locale.language:
            # CLDR folds some languages into others ("tl" into Filipino); keep the name asked for.
            name = other.locale.languages.get(code) or self.tag
        else:
            name = self.locale.get_display_name(other.locale) or self.tag
        return name[:1].upper() + name[1:]


@cache
def language(tag: str) -> Language:
    """Look a language up by tag; raises ValueError with a readable reason."""
    normalized = tag.replace("_", "-")
    try:
        locale = Locale.parse(normalized, sep="-")
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(f"unknown language {tag!r} (use a tag such as 'es' or 'zh-Hans')") from exc
    return Language(tag=normalized, locale=locale)
