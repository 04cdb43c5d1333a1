"""`outreach.toml`: the kit's settings, validated all at once.

Every problem is collected before anything is raised, so a person fixes the whole file in one
pass. Each reads `outreach.toml: key.path: what is wrong`; unknown keys are warnings.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import ConfigError, Problem
from ..files import FileError, read_text
from .brand import Brand, accent_problem, is_colour, normalized, primary_problem
from .images import path_problem
from .languages import (
    Language,
    LanguageSettings,
    catalog_name_problem,
    is_script,
    is_tag,
    language,
    plural_forms_problem,
)
from .tomlkeys import toml_line

CONFIG_NAME = "outreach.toml"
AUDIENCES: tuple[str, ...] = ("community", "decision-makers")
DEFAULT_AUDIENCE_LABELS = {"community": "Community members", "decision-makers": "Decision makers"}
PAPER_SIZES = ("letter", "a4")
# What a build can make (`--format`), and what a plain `outreach build` makes unless `[kit]
# formats` says otherwise: share images, cards and bilingual flyers multiply the renders, so a
# kit asks for them.
OUTPUT_FORMATS = ("html", "pdf", "flyer", "social", "sms", "card", "bilingual")
DEFAULT_FORMATS = ("html", "pdf", "flyer")
SOCIAL_LIMIT = 280  # characters in a post caption: what the strictest common network allows
SMS_SEGMENTS = 2  # parts a text message may take; each part is billed as one message
PLACEHOLDERS = ("organization", "phone", "email", "website")

# Tables owned by other parts of the tool: validated there, passed through here.
PASS_THROUGH = ("lint",)


@dataclass(frozen=True)
class Organization:
    name: str
    phone: str = ""
    email: str = ""
    website: str = ""

    def placeholder_values(self) -> dict[str, str]:
        return {
            "organization": self.name,
            "phone": self.phone,
            "email": self.email,
            "website": self.website,
        }


@dataclass(frozen=True)
class Audience:
    id: str
    label: str


@dataclass(frozen=True)
class SmsSettings:
    """`[sms]`: how long a text message may be, and whether to fold characters that would
    make it cost more."""

    max_segments: int = SMS_SEGMENTS
    # Fold typographic punctuation, and accents where the language reads well without them,
    # into the GSM-7 alphabet (see outreach.render.sms), so a message keeps 160 characters a part.
    transliterate: bool = False


@dataclass(frozen=True)
class Config:
    root: Path
    title: str
    organization: Organization
    source_language: Language
    languages: tuple[Language, ...]
    audiences: tuple[Audience, ...]
    paper: str = "letter"
    site_url: str | None = None
    flyer_min_scale: float = 0.8  # how far a long flyer's type may shrink to fit one page
    card_min_scale: float = 0.7  # the same for a wallet card's side
    # Languages that get a two-page flyer per message, the source language on the front.
    bilingual: tuple[str, ...] = ()
    formats: tuple[str, ...] = DEFAULT_FORMATS  # what a build makes when --format is not given
    social_limit: int = SOCIAL_LIMIT  # the longest post caption (front matter `social`)
    sms: SmsSettings = field(default_factory=SmsSettings)
    brand: Brand = field(default_factory=Brand)
    lint: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    warnings: tuple[Problem, ...] = ()
    # [languages.TAG] tables: for languages CLDR lacks or names in a way readers would not.
    language_settings: Mapping[str, LanguageSettings] = field(
        default_factory=lambda: MappingProxyType({}))
    text: str = field(default="", repr=False, compare=False)  # outreach.toml as read
    # [[partners]] tables as written; `outreach.kit.partners` validates them.
    partners: tuple[Mapping[str, Any], ...] = ()

    @property
    def path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def messages_dir(self) -> Path:
        return self.root / "messages"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def translations_dir(self) -> Path:
        return self.root / "translations"

    def catalog_path(self, lang: Language) -> Path:
        return self.translations_dir / lang.catalog_name / "LC_MESSAGES" / "messages.po"

    @property
    def template_path(self) -> Path:
        return self.translations_dir / "messages.pot"

    @property
    def translated_languages(self) -> tuple[Language, ...]:
        """Published languages that come from a catalog (all but the source language)."""
        return tuple(lang for lang in self.languages if lang != self.source_language)

    def audience(self, audience_id: str) -> Audience:
        return next(a for a in self.audiences if a.id == audience_id)

    def language(self, tag: str) -> Language:
        """A language by tag, with the kit's [languages.TAG] settings; ValueError if unknown."""
        for lang in self.languages:
            if lang.tag.lower() == tag.replace("_", "-").lower():
                return lang
        return language(tag, self.language_settings.get(_tag_key(tag)))


class _Reader:
    """Walks the parsed TOML, recording problems (at the line of their key, when `text` is
    the file's) and the keys it understood."""

    def __init__(self, data: dict[str, Any], text: str = "") -> None:
        self.data = data
        self.text = text
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(self.problem(key, message))

    def warning(self, key: str, message: str) -> None:
        self.warnings.append(self.problem(key, message))

    def problem(self, key: str, message: str) -> Problem:
        return Problem(CONFIG_NAME, f"{key}: {message}", toml_line(self.text, key))

    def table(self, key: str, *, required: bool = False) -> dict[str, Any]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(key, "missing table; add a [" + key + "] section")
            return {}
        if not isinstance(value, dict):
            self.error(key, f"must be a table ([{key}]), not {_kind(value)}")
            return {}
        return value

    def string(self, table: dict[str, Any], prefix: str, key: str, *, default: str | None = None,
               required: bool = False) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.error(f"{prefix}.{key}", "missing; it is required")
            return default
        if not isinstance(value, str):
            self.error(f"{prefix}.{key}", f"must be a string, not {_kind(value)}")
            return default
        if required and not value.strip():
            self.error(f"{prefix}.{key}", "must not be empty")
        return value.strip()

    def unknown_keys(self, table: dict[str, Any], prefix: str, known: tuple[str, ...]) -> None:
        for key in table:
            if key not in known:
                self.warning(f"{prefix}.{key}" if prefix else key, "unknown key, ignored")


def load_config(root: Path | str = ".") -> Config:
    """Read and validate `outreach.toml` in the kit folder `root`."""
    root = Path(root)
    path = root / CONFIG_NAME
    if not path.exists() and not path.is_symlink():
        raise ConfigError(Problem(
            str(path), "not found; run this in a kit folder, pass --kit, or start one with "
            "'outreach new DIR'"))
    try:
        text = read_text(path, CONFIG_NAME, inside=root)
    except FileError as exc:
        raise ConfigError(exc.problems) from None
    return config_from_text(text, root)


def config_from_text(text: str, root: Path) -> Config:
    """The settings of the kit in `root`, from the text of its `outreach.toml`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_problem(exc, text)) from None
    except RecursionError:
        lines = text.split("\n")
        deepest = max(range(len(lines)), key=lambda i: sum(map(lines[i].count, "[{")))
        raise ConfigError(Problem(CONFIG_NAME, "invalid TOML: arrays or tables are nested too "
                                  "deeply", deepest + 1)) from None
    return replace(parse_config(data, root, text), text=text)


def parse_config(data: dict[str, Any], root: Path, text: str = "") -> Config:
    """The settings in `data` (parsed from `text`, which gives problems their lines)."""
    r = _Reader(data, text)
    r.unknown_keys(data, "", ("kit", "organization", "audiences", "flyer", "card", "social",
                              "sms", "languages", "partners", "brand", *PASS_THROUGH))
    settings = _language_settings(r, r.table("languages"))

    kit = r.table("kit", required=True)
    r.unknown_keys(kit, "kit", ("title", "source_language", "languages", "paper", "site_url",
                                "bilingual", "formats"))
    title = r.string(kit, "kit", "title", required=True) or ""

    source = _language(r, "kit.source_language", r.string(kit, "kit", "source_language",
                                                           default="en"), settings)
    languages = _languages(r, kit.get("languages"), source, settings)

    paper = r.string(kit, "kit", "paper", default="letter") or "letter"
    if paper.lower() not in PAPER_SIZES:
        r.error("kit.paper", f"must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    site_url = r.string(kit, "kit", "site_url")
    if site_url and not re.match(r"https?://[^\s/]+", site_url):
        r.error("kit.site_url", f"must be an http:// or https:// address, not {site_url!r}")
    if site_url and not site_url.endswith("/"):
        site_url += "/"

    org = r.table("organization", required=True)
    r.unknown_keys(org, "organization", ("name", "phone", "email", "website"))
    organization = Organization(
        name=r.string(org, "organization", "name", required=bool(org) or "organization" in data)
        or "",
        phone=r.string(org, "organization", "phone", default="") or "",
        email=r.string(org, "organization", "email", default="") or "",
        website=r.string(org, "organization", "website", default="") or "",
    )
    for key, problem in contact_problems(organization.phone, organization.email,
                                         organization.website):
        r.error(f"organization.{key}", problem)

    audiences = _audiences(r, r.table("audiences"))

    flyer = r.table("flyer")
    r.unknown_keys(flyer, "flyer", ("min_scale",))
    min_scale = _number(r, flyer, "flyer.min_scale", 0.8, 0.5, 1)
    card = r.table("card")
    r.unknown_keys(card, "card", ("min_scale",))
    card_min_scale = _number(r, card, "card.min_scale", 0.7, 0.5, 1)
    bilingual = _bilingual(r, kit.get("bilingual"), source, languages)
    formats = _formats(r, kit.get("formats"), bilingual)
    social = r.table("social")
    r.unknown_keys(social, "social", ("caption_limit",))
    social_limit = _whole(r, social, "social.caption_limit", SOCIAL_LIMIT, 1, 5000)
    sms_table = r.table("sms")
    r.unknown_keys(sms_table, "sms", ("max_segments", "transliterate"))
    transliterate = sms_table.get("transliterate", False)
    if not isinstance(transliterate, bool):
        r.error("sms.transliterate", f"must be true or false, not {_kind(transliterate)}")
        transliterate = False
    sms = SmsSettings(_whole(r, sms_table, "sms.max_segments", SMS_SEGMENTS, 1, 10),
                      transliterate)

    brand = _brand(r, r.table("brand"))

    passed = {}
    for key in PASS_THROUGH:
        passed[key] = MappingProxyType(r.table(key))
    partners = data.get("partners", [])
    if not isinstance(partners, list) or not all(isinstance(p, dict) for p in partners):
        r.error("partners", "must be [[partners]] tables, one per partner organization")
        partners = []

    if r.errors:
        raise ConfigError(r.errors)
    assert source is not None
    return Config(
        root=root,
        title=title,
        organization=organization,
        source_language=source,
        languages=languages,
        audiences=audiences,
        paper=paper.lower(),
        site_url=site_url,
        flyer_min_scale=min_scale,
        card_min_scale=card_min_scale,
        bilingual=bilingual,
        formats=formats,
        social_limit=social_limit,
        sms=sms,
        brand=brand,
        warnings=tuple(r.warnings),
        language_settings=MappingProxyType(settings),
        partners=tuple(MappingProxyType(p) for p in partners),
        **passed,
    )


def read_languages(root: Path | str = ".", tags: list[str] | tuple[str, ...] = ()
                   ) -> tuple[tuple[Language, ...], tuple[Problem, ...]]:
    """The kit's languages (or `tags`, with the kit's settings for them) that can be resolved,
    and a problem for each one that cannot.

    For `outreach doctor`, which reports every problem at once instead of stopping at the first
    unknown language; a kit without `outreach.toml` has only CLDR's languages.
    """
    path = Path(root) / CONFIG_NAME
    data: dict[str, Any] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            data = {}  # load_config reports why; the languages asked for are still checked
    r = _Reader(data)
    settings = _language_settings(r, r.table("languages"))
    if tags:
        found, problems = [], list(r.errors)
        for tag in tags:
            try:
                found.append(language(tag, settings.get(_tag_key(tag))))
            except ValueError as exc:
                problems.append(Problem("--lang", str(exc)))
        return tuple(found), tuple(problems)
    kit = r.table("kit")
    source = _language(r, "kit.source_language", r.string(kit, "kit", "source_language",
                                                           default="en"), settings)
    languages = _languages(r, kit.get("languages"), source, settings)
    return languages, tuple(r.errors)


def _language(r: _Reader, key: str, tag: str | None,
              settings: Mapping[str, LanguageSettings]) -> Language | None:
    if tag is None:
        return None
    try:
        return language(tag, settings.get(_tag_key(tag)))
    except ValueError as exc:
        r.error(key, str(exc))
        return None


LANGUAGE_KEYS = ("name", "english_name", "script", "dir", "plural_forms", "catalog")


def _language_settings(r: _Reader, table: dict[str, Any]) -> dict[str, LanguageSettings]:
    """`[languages.TAG]` tables, each checked so a catalog folder or header can be trusted."""
    found: dict[str, LanguageSettings] = {}
    for tag, entry in table.items():
        prefix = f"languages.{tag}"
        if not is_tag(tag):
            r.error(prefix, f"{tag!r} is not a language tag such as 'hmn' or 'hmn-Latn'")
            continue
        if not isinstance(entry, dict):
            r.error(prefix, f"must be a table ([{prefix}]), not {_kind(entry)}")
            continue
        r.unknown_keys(entry, prefix, LANGUAGE_KEYS)
        values = {key: r.string(entry, prefix, key) or None for key in LANGUAGE_KEYS}
        script, direction = values["script"], values["dir"]
        if script and not is_script(script):
            r.error(f"{prefix}.script", f"{script!r} is not an ISO 15924 script code such as "
                    "'Latn', 'Arab' or 'Mymr'")
        if direction and direction not in ("ltr", "rtl"):
            r.error(f"{prefix}.dir", f"must be 'ltr' or 'rtl', not {direction!r}")
        if values["plural_forms"] and (problem := plural_forms_problem(values["plural_forms"])):
            r.error(f"{prefix}.plural_forms", problem)
        if values["catalog"] and (problem := catalog_name_problem(values["catalog"])):
            r.error(f"{prefix}.catalog", problem)
        found[_tag_key(tag)] = LanguageSettings(**values)
    return found


def _tag_key(tag: str) -> str:
    """Tags compare without regard to case or separator: `zh_hant` is `zh-Hant`."""
    return tag.replace("_", "-").lower()


def _languages(r: _Reader, value: Any, source: Language | None,
               settings: Mapping[str, LanguageSettings]) -> tuple[Language, ...]:
    if value is None:
        return (source,) if source else ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        r.error("kit.languages", "must be a list of language tags, such as [\"en\", \"es\"]")
        return ()
    if not value:
        r.error("kit.languages", "must name at least one language")
    found: list[Language] = []
    for i, tag in enumerate(value):
        lang = _language(r, f"kit.languages[{i}]", tag, settings)
        if lang is None:
            continue
        if lang in found:
            r.error(f"kit.languages[{i}]", f"{tag!r} is listed twice")
            continue
        found.append(lang)
    return tuple(found)


def _number(r: _Reader, table: dict[str, Any], key: str, default: float, low: float,
            high: float) -> float:
    value = table.get(key.rpartition(".")[2], default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        r.error(key, f"must be a number from {low:g} to {high:g}, not {value!r}")
        return default
    return float(value)


def _whole(r: _Reader, table: dict[str, Any], key: str, default: int, low: int,
           high: int) -> int:
    value = table.get(key.rpartition(".")[2], default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        r.error(key, f"must be a whole number from {low} to {high}, not {value!r}")
        return default
    return value


def _formats(r: _Reader, value: Any, bilingual: tuple[str, ...]) -> tuple[str, ...]:
    """`kit.formats`; by default the web pages and PDFs, and bilingual flyers when `kit.bilingual`
    names languages for them."""
    if value is None:
        return DEFAULT_FORMATS + (("bilingual",) if bilingual else ())
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        r.error("kit.formats", "must be a list of formats, such as [\"html\", \"pdf\", "
                "\"flyer\", \"social\"]")
        return DEFAULT_FORMATS
    for i, name in enumerate(value):
        if name not in OUTPUT_FORMATS:
            r.error(f"kit.formats[{i}]", f"unknown format {name!r}; use "
                    f"{', '.join(OUTPUT_FORMATS)}")
    return tuple(f for f in OUTPUT_FORMATS if f in value)


def _bilingual(r: _Reader, value: Any, source: Language | None,
               languages: tuple[Language, ...]) -> tuple[str, ...]:
    """`kit.bilingual`: published languages other than the source, as their kit tags."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        r.error("kit.bilingual", "must be a list of language tags, such as [\"es\", "
                "\"zh-Hant\"]")
        return ()
    found: list[str] = []
    by_key = {_tag_key(lang.tag): lang for lang in languages}
    for i, tag in enumerate(value):
        lang = by_key.get(_tag_key(tag))
        if lang is None:
            # A kit narrowed to fewer languages keeps its list: those left out get no flyer.
            r.warning(f"kit.bilingual[{i}]",
                      f"{tag!r} is not in kit.languages, so it gets no bilingual flyer")
        elif lang == source:
            r.error(f"kit.bilingual[{i}]", f"{tag!r} is the source language, on the front of "
                    "every bilingual flyer already; list the languages for the back")
        elif lang.tag not in found:
            found.append(lang.tag)
    return tuple(found)


def _audiences(r: _Reader, table: dict[str, Any]) -> tuple[Audience, ...]:
    for key in table:
        if key not in AUDIENCES:
            r.error(f"audiences.{key}", f"unknown audience; audiences are {', '.join(AUDIENCES)}")
    result = []
    for audience_id in AUDIENCES:
        entry = table.get(audience_id, {})
        if not isinstance(entry, dict):
            r.error(f"audiences.{audience_id}", f"must be a table, not {_kind(entry)}")
            entry = {}
        r.unknown_keys(entry, f"audiences.{audience_id}", ("label",))
        label = r.string(entry, f"audiences.{audience_id}", "label",
                         default=DEFAULT_AUDIENCE_LABELS[audience_id])
        result.append(Audience(audience_id, label or DEFAULT_AUDIENCE_LABELS[audience_id]))
    return tuple(result)


BRAND_KEYS = ("logo", "partner_logo", "partner_name", "primary", "accent", "fonts")


def _brand(r: _Reader, table: dict[str, Any]) -> Brand:
    """`[brand]`: logos inside the kit, colours whose text passes WCAG AA, faces per script.

    The logo files themselves are read with the rest of the kit (`kit.images`); here only
    what the settings say is checked."""
    r.unknown_keys(table, "brand", BRAND_KEYS)
    defaults = Brand()
    logos: dict[str, str | None] = {}
    for key in ("logo", "partner_logo"):
        value = r.string(table, "brand", key)
        if value is not None and (problem := path_problem(value)):
            r.error(f"brand.{key}", problem)
            value = None
        logos[key] = value or None
    partner_name = r.string(table, "brand", "partner_name", default="") or ""
    if logos["partner_logo"] and not partner_name:
        r.error("brand.partner_name", "missing; the partner logo needs it as its alternative "
                "text: add partner_name = \"...\" (the partner's name)")
    colours = {}
    for key, problem_of in (("primary", primary_problem), ("accent", accent_problem)):
        value = r.string(table, "brand", key, default=getattr(defaults, key)) or ""
        if not is_colour(value):
            r.error(f"brand.{key}", f"{value!r} is not a colour; write it as \"#rrggbb\", "
                    "such as \"#0b5e7a\"")
            value = getattr(defaults, key)
        elif problem := problem_of(normalized(value)):
            r.error(f"brand.{key}", problem)
        colours[key] = normalized(value)
    fonts: dict[str, str] = {}
    faces = table.get("fonts", {})
    if not isinstance(faces, dict):
        r.error("brand.fonts", f"must be a table ([brand.fonts]), not {_kind(faces)}")
        faces = {}
    for script, family in faces.items():
        if not is_script(script):
            r.error(f"brand.fonts.{script}", f"{script!r} is not an ISO 15924 script code such "
                    "as 'Latn', 'Hang' or 'Arab'")
        elif not isinstance(family, str) or not family.strip() or '"' in family:
            r.error(f"brand.fonts.{script}", "must be a font family name, such as "
                    "\"Source Sans 3\"")
        else:
            fonts[script] = family.strip()
    return Brand(logo=logos["logo"], partner_logo=logos["partner_logo"],
                 partner_name=partner_name, fonts=MappingProxyType(fonts), **colours)


PHONE_PATTERN = re.compile(r"\+?[0-9()./\- ]+(?:\s*(?:ext\.?|x)\s*[0-9]+)?", re.IGNORECASE)
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
WEBSITE_PATTERN = re.compile(r"https?://[^\s/]+\.[^\s]+|https?://[^\s/]+/?", re.IGNORECASE)


def contact_problems(phone: str, email: str, website: str) -> list[tuple[str, str]]:
    """What is wrong with an organization's contact details, as (key, problem) pairs. The
    coalition's [organization] and every partner are held to the same rules: each detail is
    printed on every flyer and becomes a tel:, mailto: or web link."""
    checks = (
        ("phone", phone, 40, lambda v: bool(PHONE_PATTERN.fullmatch(v))
         and sum(c.isdigit() for c in v) >= 3,
         "is not a phone number; write it with digits, spaces and ( ) - + . only, such as "
         "(555) 010-0199"),
        ("email", email, 254, lambda v: bool(EMAIL_PATTERN.fullmatch(v)),
         "does not look like an email address"),
        ("website", website, 2000, lambda v: bool(WEBSITE_PATTERN.fullmatch(v)),
         "must be a web address starting with http:// or https://"))
    found = []
    for key, value, longest, valid, problem in checks:
        if len(value) > longest:  # (and the pattern need not look at a whole file)
            found.append((key, f"is {len(value)} characters long; write at most {longest}"))
        elif value and not valid(value):
            found.append((key, f"{value!r} {problem}"))
    return found


def _toml_problem(exc: tomllib.TOMLDecodeError, text: str = "") -> Problem:
    # tomllib puts the position in the message: "Invalid value (at line 3, column 9)", or
    # "(at end of document)", which is the file's last line.
    match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc)) \
        or "invalid TOML"
    line = int(match.group(1)) if match else None
    if line is None and "(at end of document)" in str(exc):
        line = max(1, len(text.rstrip("\n").split("\n")))
        reason += " at the end of the file"
    return Problem(CONFIG_NAME, f"invalid TOML: {reason[:1].lower()}{reason[1:]}", line)


def _kind(value: Any) -> str:
    return {str: "a string", int: "a number", float: "a number", bool: "true/false",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)
