"""Text messages as carriers count them: encoding, parts ("segments") and characters.

A text message is sent in GSM-7 when every character is in the GSM 03.38 alphabet (3GPP TS
23.038): 160 characters in one part, 153 a part when it is split (the rest of each part holds
the header that joins them). Characters of the alphabet's extension table (`{ } [ ] ~ \\ | ^ €`
and form feed) take two, an escape and the character, and a part never ends between the two.
One character outside the alphabet (Spanish á í ó ú, any Chinese, Arabic or Cyrillic letter,
an emoji) sends the whole message in UCS-2 instead: 70 UTF-16 code units in one part, 67 a
part when split; an emoji outside the Basic Multilingual Plane is two units (a surrogate pair),
and a part never ends between them either.

`transliterate` folds characters that force UCS-2 into GSM-7 where that changes nothing a
reader needs (`sms.toml`): typographic punctuation in every language, and accents in the
languages listed there.
"""

from __future__ import annotations

import csv
import io
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (types only: `i18n check` counts segments without the renderer)
    from ..kit.messages import Message
    from .localize import Localizer

GSM_SINGLE, GSM_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67
GSM7, UCS2 = "GSM-7", "UCS-2"
# The GSM 03.38 default alphabet (without the escape, 0x1B) and its extension table.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")
GSM_ALL = GSM_BASIC | GSM_EXTENSION
# Characters a message holds: (in one part, in each part of a longer one), by encoding.
LIMITS = {GSM7: (GSM_SINGLE, GSM_PART), UCS2: (UCS2_SINGLE, UCS2_PART)}
CSV_COLUMNS = ("message", "audience", "lang", "text", "encoding", "segments", "characters")
# What a spreadsheet takes for the start of a formula in a CSV cell.
FORMULA_STARTS = frozenset("=+-@\t\r")
FOLDING_FILE = Path(__file__).resolve().parent / "sms.toml"


@dataclass(frozen=True)
class Count:
    encoding: str  # GSM-7 or UCS-2
    segments: int  # parts the message is sent in
    characters: int  # as the encoding counts them: septets, or UTF-16 code units
    forcing: tuple[str, ...] = ()  # the characters that make it UCS-2, first few, in order

    def over(self, parts: int) -> bool:
        return self.segments > parts


def units(char: str, encoding: str) -> int:
    """How much of a part one character takes."""
    if encoding == GSM7:
        return 2 if char in GSM_EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1


def encoding_of(text: str) -> str:
    return GSM7 if all(c in GSM_ALL for c in text) else UCS2


def count(text: str) -> Count:
    """The encoding, parts and characters a carrier sends `text` with."""
    encoding = encoding_of(text)
    sizes = [units(c, encoding) for c in text]
    forcing: tuple[str, ...] = ()
    if encoding == UCS2:
        forcing = tuple(dict.fromkeys(c for c in text if c not in GSM_ALL))[:5]
    return Count(encoding, _parts(sizes, encoding), sum(sizes), forcing)


def capacity(parts: int, encoding: str) -> int:
    """The most characters (as the encoding counts them) that fit in `parts` parts."""
    single, part = LIMITS[encoding]
    return single if parts == 1 else part * parts


def to_cut(text: str, parts: int) -> int:
    """How many characters to cut from the end of `text` so it is sent in `parts` parts
    (in the encoding it has now)."""
    encoding = encoding_of(text)
    single, part = LIMITS[encoding]
    total = used = 0
    split = 1  # parts the prefix takes when the message is split
    for kept, char in enumerate(text):
        size = units(char, encoding)
        total += size
        if used + size > part:
            split, used = split + 1, 0
        used += size
        if total > single and split > parts:
            return len(text) - kept
    return 0


def _parts(sizes: list[int], encoding: str) -> int:
    single, part = LIMITS[encoding]
    if sum(sizes) <= single:
        return 1
    parts, used = 1, 0
    for size in sizes:
        if used + size > part:  # an escape pair or a surrogate pair is never split
            parts, used = parts + 1, 0
        used += size
    return parts


@dataclass(frozen=True)
class Folding:
    punctuation: dict[str, str]
    languages: tuple[str, ...]  # tag prefixes whose accents may fold

    def folds_letters(self, tag: str) -> bool:
        tag = tag.lower()
        return any(tag == p or tag.startswith(p + "-") for p in self.languages)


@cache
def folding() -> Folding:
    data = tomllib.loads(FOLDING_FILE.read_text(encoding="utf-8"))
    return Folding(dict(data["punctuation"]), tuple(data["letters"]["languages"]))


def transliterate(text: str, lang: str) -> str:
    """`text` with what forces UCS-2 folded into GSM-7 where `lang` allows (see sms.toml).
    Characters that cannot fold (other scripts, emoji) stay as they are."""
    rules = folding()
    letters = rules.folds_letters(lang)
    out = []
    for char in text:
        if char in GSM_ALL:
            out.append(char)
        elif char in rules.punctuation:
            out.append(rules.punctuation[char])
        elif letters and unicodedata.category(char).startswith("L"):
            bare = "".join(c for c in unicodedata.normalize("NFD", char)
                           if not unicodedata.combining(c))
            out.append(bare if bare and all(c in GSM_BASIC for c in bare) else char)
        else:
            out.append(char)
    return "".join(out)


@dataclass(frozen=True)
class SmsRow:
    """One line of sms.csv: a message's text in one language, as it will be sent."""

    message: str
    audience: str
    lang: str
    text: str

    @property
    def count(self) -> Count:
        return count(self.text)

    def values(self) -> list[str]:
        found = self.count
        return [self.message, self.audience, self.lang, self.text, found.encoding,
                str(found.segments), str(found.characters)]

    def to_list(self) -> list[str]:
        return [self.message, self.audience, self.lang, self.text]

    @classmethod
    def from_list(cls, data: list[str]) -> SmsRow:
        message, audience, lang, text = (str(v) for v in data)
        return cls(message, audience, lang, text)


def sms_text(localizer: Localizer, message: Message, fold: bool) -> str:
    """A message's text message in the language of `localizer`, as it will be sent:
    placeholders filled, and folded into GSM-7 where `fold` ([sms] transliterate) says."""
    text = localizer.plain(f"{message.key}:sms", message.field("sms"))
    return transliterate(text, localizer.language.tag) if fold else text


def sms_rows(localizer: Localizer, messages: Iterable[Message], fold: bool) -> list[SmsRow]:
    """The lines of sms.csv for every message that has a text message."""
    return [SmsRow(m.id, m.audience, localizer.language.tag, sms_text(localizer, m, fold))
            for m in messages if m.field("sms")]


def sms_csv(rows: Iterable[SmsRow]) -> bytes:
    """The rows as CSV, UTF-8 with a byte-order mark so that spreadsheet programs read the
    text as UTF-8 (Excel takes a file without one for the computer's own code page)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_inert(value) for value in row.values()])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _inert(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula ("=HYPERLINK(...",
    "+", "-", "@", a tab or a carriage return; translations are untrusted) gets a leading
    apostrophe, which spreadsheets hide, as OWASP advises for CSV files."""
    return "'" + cell if cell[:1] in FORMULA_STARTS else cell
