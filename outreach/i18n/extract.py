"""What translators translate: every unit of every message, the kit's own labels, template text.

Each unit carries a translator comment naming its message, audience and field, and a msgctxt
so identical text in two messages stays separately translatable. References name the file
without a line number, so moving lines around never churns a catalog.
"""

from __future__ import annotations

import textwrap
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from babel.messages.catalog import PYTHON_FORMAT
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from jinja2 import TemplateSyntaxError
from jinja2.ext import babel_extract

from ..errors import ConfigError, Problem, SourceError
from ..kit.config import AUDIENCES, CONFIG_NAME, Config, SmsSettings, parse_config
from ..kit.dates import now_or_epoch
from ..kit.messages import (
    FIELD_DESCRIPTIONS,
    TEXT_FIELDS,
    Message,
    field_limits,
    load_messages,
    read_message,
)
from ..kit.theme import THEME_DIR, template_files
from ..kit.units import placeholders
from ..po import Entry, Key

BRACE_FLAG = "python-brace-format"
PYTHON_FLAG = "python-format"
COMMENT_TAGS = ("Translators:",)
COMMENT_WIDTH = 76


@dataclass(frozen=True)
class TranslationUnit:
    context: str
    source: str
    location: str
    comments: tuple[str, ...]
    limit: int | None = None

    @property
    def flags(self) -> tuple[str, ...]:
        return (BRACE_FLAG,) if placeholders(self.source) else ()


def message_units(message: Message, config: Config | None = None) -> list[TranslationUnit]:
    """The message's translation units; `config` gives the kit's limits (default: the tool's)."""
    audience = message.audience
    notes = (f"Notes: {message.notes}",) if message.notes else ()
    limits = field_limits(config) if config is not None else TEXT_FIELDS
    result = []
    for name, text in message.fields:
        limit: int | None = limits[name]
        if name == "sms":
            # Not "at most N characters": a text message is held to its parts (the sms check).
            about = f"{FIELD_DESCRIPTIONS[name]}, {sms_hint(config)}"
            limit = None
        else:
            about = f"{FIELD_DESCRIPTIONS[name]}, at most {limit} characters"
        result.append(TranslationUnit(
            context=f"{message.key}:{name}", source=text, location=message.path, limit=limit,
            comments=(f"Message '{message.id}' ({audience}), {name}: {about}.",
                      *_placeholder_hint(text), *notes)))
    for unit in message.units:
        result.append(TranslationUnit(
            context=f"{message.key}:body", source=unit.text, location=message.path,
            comments=(f"Message '{message.id}' ({audience}), body {unit.kind}. Markdown: keep "
                      "**bold**, *emphasis* and [link text](address) markup.",
                      *_placeholder_hint(unit.text), *notes)))
    return result


def config_units(config: Config) -> list[TranslationUnit]:
    where = "outreach.toml"
    result = [TranslationUnit("kit:title", config.title, where,
                              ("Title of the whole message kit (outreach.toml kit.title).",))]
    for audience in config.audiences:
        result.append(TranslationUnit(
            f"audience:{audience.id}", audience.label, where,
            (f"Name of the '{audience.id}' audience (outreach.toml audiences.{audience.id}).",)))
    return result


def template_messages(config: Config) -> Iterator[tuple[str, Any, str, list[str]]]:
    """(template name, msgid or (singular, plural), path, comments) for template text."""
    for name, path in template_files(config):
        location = _template_location(config, path)
        with path.open("rb") as fileobj:
            # Not silent: a template that does not parse would otherwise give no strings, and
            # the next `update` would retire every translation of its text.
            found = extract(babel_extract, fileobj, keywords=DEFAULT_KEYWORDS,
                            comment_tags=COMMENT_TAGS,
                            options={"trimmed": "true", "silent": "false"})
            try:
                for lineno, message, comments, _context in found:
                    yield name, message, f"{location}:{lineno}", comments
            except TemplateSyntaxError as exc:
                raise SourceError(Problem(location, "template syntax error: "
                                          f"{' '.join(str(exc.message).split())}",
                                          exc.lineno)) from None


def all_units(config: Config, messages: Iterable[Message]) -> list[TranslationUnit]:
    units_: list[TranslationUnit] = config_units(config)
    for message in messages:
        units_.extend(message_units(message, config))
    return units_


def extract_kit(config: Config, messages: Iterable[Message] | None = None
                ) -> tuple[Entry, ...]:
    """The entries of the kit's template (what `messages.pot` holds), untranslated.

    Entries come as pybabel would extract them with the mapping in TRANSLATING.md: the same
    comments (wrapped as pybabel wraps them), references and format flags, one entry per
    (msgctxt, msgid) with the references of every place it comes from.
    """
    if messages is None:
        messages = load_messages(config)
    entries: dict[Key, Entry] = {}
    for unit in all_units(config, messages):
        _add(entries, Entry(unit.source, msgctxt=unit.context, flags=frozenset(unit.flags),
                            references=(unit.location,),
                            auto_comments=tuple(dict.fromkeys(unit.comments))))
    for _name, message, location, comments in template_messages(config):
        path = location.rpartition(":")[0]
        plural = not isinstance(message, str)
        msgid = message[0] if plural else message
        existing = entries.get((None, msgid))
        if existing is not None:
            entries[existing.key] = replace(existing,
                                            references=(*existing.references, path))
            continue
        entries[(None, msgid)] = Entry(
            msgid, msgstr=("", "") if plural else ("",),
            msgid_plural=message[1] if plural else None,
            references=(path,), auto_comments=tuple(dict.fromkeys(comments)))
    return tuple(_finished(entry) for entry in entries.values())


def _add(entries: dict[Key, Entry], entry: Entry) -> None:
    """Add an entry, merging it into an earlier one for the same string as pybabel does."""
    existing = entries.get(entry.key)
    if existing is None:
        entries[entry.key] = entry
        return
    entries[entry.key] = replace(
        existing, references=tuple(dict.fromkeys(existing.references + entry.references)),
        auto_comments=tuple(dict.fromkeys(existing.auto_comments + entry.auto_comments)),
        flags=existing.flags | entry.flags)


def _finished(entry: Entry) -> Entry:
    """Comments wrapped, and `python-format` where the source looks like a %-format string,
    as pybabel marks it."""
    ids = (entry.msgid,) if entry.msgid_plural is None else (entry.msgid, entry.msgid_plural)
    python = any(PYTHON_FORMAT.search(text) for text in ids)
    flags = entry.flags | {PYTHON_FLAG} if python else entry.flags - {PYTHON_FLAG}
    return replace(entry, flags=flags, auto_comments=wrapped(entry.auto_comments))


def wrapped(comments: Iterable[str]) -> tuple[str, ...]:
    """Comments for translators as `#.` lines of at most 76 columns, as pybabel writes them.

    GNU tools keep each comment line as it is, so the lines are made short here, once.
    """
    return tuple(line for comment in comments
                 for line in textwrap.wrap(comment, COMMENT_WIDTH, break_long_words=False,
                                           break_on_hyphens=False) or [""])


def babel_extract_messages(fileobj: BinaryIO, keywords: Any, comment_tags: Any,
                           options: dict[str, Any]) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel extractor for message files: `[outreach_messages: messages/**.md]` in a mapping.

    Yields each unit as a `pgettext` call so that Babel keeps its msgctxt, with the same
    comments `outreach i18n extract` writes. The file must sit in an audience folder
    (`messages/community/`), which is part of every msgctxt.
    """
    path = Path(getattr(fileobj, "name", "message.md"))
    audience = path.parent.name
    shown = options.get("path") or "/".join(path.parts[-3:])
    if audience not in AUDIENCES:
        raise SourceError(Problem(shown, "unknown audience folder; put messages in "
                                  + " or ".join(f"messages/{a}/" for a in AUDIENCES)))
    message = read_message(path, audience, shown)
    for unit in message_units(message):
        yield message.body_line, "pgettext", (unit.context, unit.source), list(unit.comments)


def babel_extract_config(fileobj: BinaryIO, keywords: Any, comment_tags: Any,
                         options: dict[str, Any]) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel extractor for `outreach.toml` (the kit title and audience names)."""
    try:
        data = tomllib.load(fileobj)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Problem(CONFIG_NAME, f"invalid TOML: {exc}")) from None
    config = parse_config(data, Path(getattr(fileobj, "name", CONFIG_NAME)).parent)
    for unit in config_units(config):
        yield 1, "pgettext", (unit.context, unit.source), list(unit.comments)


def header_comment(config: Config) -> list[str]:
    """The comment above a template's header entry, one line per item."""
    return [f"Translations of {config.title}.",
            "Made by 'outreach i18n extract' from the kit's messages and templates:",
            "edit those, not this file."]


def source_date() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when it is set, so that extraction is reproducible."""
    return now_or_epoch().replace(second=0, microsecond=0)


def sms_hint(config: Config | None) -> str:
    """What a translator of a text message is asked to keep to."""
    from ..render.sms import GSM_PART, UCS2_PART, capacity

    parts = (config.sms if config is not None else SmsSettings()).max_segments
    return (f"keep it to {parts} text-message part{'s' * (parts != 1)}: "
            f"{capacity(parts, 'GSM-7')} characters when all are in the GSM-7 alphabet "
            f"(English letters, é, ñ, ü; not á, í, ó, ú), else {capacity(parts, 'UCS-2')} "
            f"(UCS-2, {GSM_PART} and {UCS2_PART} a part when split)")


def _placeholder_hint(text: str) -> tuple[str, ...]:
    names = placeholders(text)
    if not names:
        return ()
    listed = ", ".join("{" + n + "}" for n in dict.fromkeys(names))
    return (f"Keep {listed} exactly as written: filled in from the kit settings.",)


def _template_location(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return "outreach-theme/" + path.relative_to(THEME_DIR / "templates").as_posix()

