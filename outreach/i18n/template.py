"""`translations/messages.pot`: the kit's translatable text, written only when it changed.

The template is regenerated on every `extract` and `update`. Its POT-Creation-Date is the one
thing that would differ between two runs on the same kit, so the date is kept whenever nothing
else changed; a new date (SOURCE_DATE_EPOCH when set) is written only with new content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ..errors import OutreachError, display_path
from ..files import read_bytes, write_file
from ..kit.config import Config
from ..kit.messages import Message
from ..po import Catalog, Entry, format_po, header_field, parse_po, set_header_field
from .extract import extract_kit, header_comment, source_date

DATE_FORMAT = "%Y-%m-%d %H:%M%z"
CREATION_DATE = "POT-Creation-Date"


def template_header(config: Config, created: datetime, *, plurals: bool = False) -> Entry:
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
    return Entry("", ("".join(f"{name}: {value}\n" for name, value in fields),),
                 comments=tuple(header_comment(config)))


def build_template(config: Config, messages: Iterable[Message] | None = None) -> Catalog:
    """The template as it would be written now (dated now, or SOURCE_DATE_EPOCH)."""
    entries = extract_kit(config, messages)
    plurals = any(entry.plural for entry in entries)
    return Catalog(header=template_header(config, source_date(), plurals=plurals),
                   entries=entries, path=display_path(config.template_path, config.root))


def current_template(config: Config, messages: Iterable[Message] | None = None
                     ) -> tuple[Catalog, str, bytes | None]:
    """(template, its text, the bytes on disk now): the text keeps the old date if it can."""
    template = build_template(config, messages)
    path = config.template_path
    try:
        old = read_bytes(path, template.path) if path.exists() else None
    except OutreachError:
        old = None
    if old is not None and template.header is not None:
        try:
            previous = parse_po(old.decode("utf-8"), template.path)
        except (OutreachError, UnicodeDecodeError):
            previous = None
        old_date = previous.header_field(CREATION_DATE) if previous else None
        if old_date:
            dated = template.header.msgstr[0]
            kept = replace(template, header=replace(
                template.header, msgstr=(set_header_field(dated, CREATION_DATE, old_date),)))
            text = format_po(kept)
            if text.encode("utf-8") == old:
                return kept, text, old  # unchanged: the file keeps its date
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
    return TemplateResult(path, changed, len(template.entries))


def extract_template(config: Config) -> Path:
    """Write `translations/messages.pot` (if its text changed) and return its path."""
    return write_template(config).path


def creation_date(template: Catalog) -> str | None:
    return header_field(template.header.msgstr[0], CREATION_DATE) if template.header else None
