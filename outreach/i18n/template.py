"""`translations/messages.pot`: the kit's translatable text, written only when it changed.

The template is regenerated on every `extract` and `update`. Its POT-Creation-Date is the one
thing that would differ between two runs on the same kit, so the date is kept whenever nothing
else changed; a new date (SOURCE_DATE_EPOCH when set) is written only with new content.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog

from ..errors import SourceError, display_path
from ..files import write_file
from ..kit.config import Config
from ..po.pofile import (
    PoFile,
    PoMessage,
    add,
    format_po,
    header_field,
    new_catalog,
    parse_po,
    set_header_field,
)
from .extract import extract_kit, header_comment

DATE_FORMAT = "%Y-%m-%d %H:%M%z"
CREATION_DATE = "POT-Creation-Date"
COMMENT_WIDTH = 76


def template_header(config: Config, created: datetime, *, plurals: bool = False) -> PoMessage:
    fields = [
        ("Project-Id-Version", config.title),
        ("Report-Msgid-Bugs-To", config.organization.email),
        (CREATION_DATE, created.strftime(DATE_FORMAT)),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    if plurals:
        fields.append(("Plural-Forms", "nplurals=INTEGER; plural=EXPRESSION;"))
    return PoMessage("", "".join(f"{name}: {value}\n" for name, value in fields),
                     user_comments=header_comment(config))


def from_babel(catalog: Catalog) -> list[PoMessage]:
    """The messages of an extracted Babel catalog, ready to write (translations empty)."""
    result = []
    for message in catalog:
        if not message.id:
            continue
        plural = isinstance(message.id, (list, tuple))
        comments = [line for comment in message.auto_comments for line in wrap_comment(comment)]
        result.append(PoMessage(
            tuple(message.id) if plural else message.id,  # type: ignore[arg-type]
            ("", "") if plural else "", locations=message.locations, flags=message.flags,
            auto_comments=comments, context=message.context))
    return result


def wrap_comment(text: str) -> list[str]:
    """A comment for translators as `#.` lines of at most 76 columns, as pybabel writes them.

    GNU tools keep each comment line as it is, so the lines are made short here, once.
    """
    return textwrap.wrap(text, COMMENT_WIDTH, break_long_words=False,
                         break_on_hyphens=False) or [""]


def build_template(config: Config) -> PoFile:
    """The template as it would be written now (dated now, or SOURCE_DATE_EPOCH)."""
    extracted = extract_kit(config)
    messages = from_babel(extracted)
    plurals = any(isinstance(m.id, tuple) for m in messages)
    catalog = new_catalog()
    for message in messages:
        add(catalog, message)
    return PoFile(header=template_header(config, extracted.creation_date, plurals=plurals),
                  catalog=catalog, path=display_path(config.template_path, config.root))


def current_template(config: Config) -> tuple[PoFile, str, bytes | None]:
    """(template, its text, the bytes on disk now): the text keeps the old date if it can."""
    template = build_template(config)
    path = config.template_path
    try:
        old = path.read_bytes()
    except OSError:
        old = None
    if old is not None and template.header is not None:
        try:
            previous = parse_po(old.decode("utf-8"), template.path)
        except (SourceError, UnicodeDecodeError):
            previous = None
        old_date = previous.header_field(CREATION_DATE) if previous else None
        if old_date:
            dated = template.header.string
            template.header.string = set_header_field(dated, CREATION_DATE, old_date)
            if format_po(template).encode("utf-8") != old:
                template.header.string = dated
    return template, format_po(template), old


@dataclass(frozen=True)
class TemplateResult:
    path: Path
    changed: bool  # False: the file already held exactly this text and was left alone
    strings: int


def write_template(config: Config) -> TemplateResult:
    """Write `translations/messages.pot`; an unchanged template is not touched at all."""
    template, text, old = current_template(config)
    path = config.template_path
    changed = old != text.encode("utf-8")
    if changed:
        write_file(path, text, shown=display_path(path, config.root))
    return TemplateResult(path, changed, len(template.messages))


def extract_template(config: Config) -> Path:
    """Write `translations/messages.pot` (if its text changed) and return its path."""
    return write_template(config).path


def creation_date(template: PoFile) -> str | None:
    return header_field(template.header.string, CREATION_DATE) if template.header else None
