"""Read the translated strings of a gettext catalog with the position of every character.

Babel and polib give an entry's first line, but a finding must point at the exact place in a
`msgstr` that may be split over several quoted lines and contain escapes. So this reader keeps,
for each decoded character, the offsets of the raw characters it came from. That is also what
lets `--fix` edit the file in place without rewriting (and reflowing) the rest of the catalog.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..errors import Problem
from .model import LintError

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]*(?=\")")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_LANGUAGE = re.compile(r"^Language:[ \t]*([A-Za-z]{2,3}(?:[-_@][A-Za-z0-9]{1,8})*)[ \t]*$", re.M)
_DIRECTIVE = re.compile(r"^outreach-lint\s*:(.*)$")
_STRING_BODY = re.compile(r'(?:[^"\\]|\\.)*')  # no bare quote, no dangling backslash


@dataclass(frozen=True)
class Piece:
    """One quoted string of a msgstr: where its decoded text starts, and where it is in the file.

    Strings without escapes map character for character (`starts` is None); only strings with
    escapes keep an offset per character.
    """

    offset: int  # index of its first character in the decoded msgstr
    raw: int  # file offset of its first character
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None


@dataclass(frozen=True)
class PoText:
    """A decoded string and the pieces that map it back to file offsets."""

    text: str
    pieces: tuple[Piece, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """File offsets of the decoded range [start, end)."""
        return self._offsets(start)[0], self._offsets(end - 1)[1]

    def _offsets(self, index: int) -> tuple[int, int]:
        piece = self.pieces[bisect_right([p.offset for p in self.pieces], index) - 1]
        i = index - piece.offset
        if piece.starts is None or piece.ends is None:
            return piece.raw + i, piece.raw + i + 1
        return piece.starts[i], piece.ends[i]


@dataclass(frozen=True)
class PoEntry:
    line: int
    msgid: str
    msgstrs: tuple[PoText, ...]
    directives: tuple[tuple[int, str], ...]  # (line, text after "outreach-lint:") from comments
    fuzzy: bool


@dataclass(frozen=True)
class Catalog:
    entries: tuple[PoEntry, ...]
    language: str | None  # from the header's Language: field


def escape(text: str) -> str:
    """Text as it must be written between quotes in a .po file."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t"))


def read_catalog(text: str, path: str) -> Catalog:
    """Parse a .po file; obsolete (#~) entries are skipped. Raises LintError on bad syntax."""
    entries: list[PoEntry] = []
    language = None
    builder = _EntryBuilder()
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        line_offset = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped:
            builder.finish(entries)
            continue
        if stripped.startswith("#"):
            if builder.has_strings:
                builder.finish(entries)
            builder.comment(stripped, number)
            continue
        keyword = _KEYWORD.match(line)
        if keyword:
            name = keyword.group(1)
            if name in ("msgctxt", "msgid") and builder.has_msgstr:
                builder.finish(entries)
            builder.start(name, number)
            builder.append(_decode(line, keyword.end(), line_offset, path, number))
            continue
        if stripped.startswith('"') and builder.current is not None:
            builder.append(_decode(line, line.index('"'), line_offset, path, number))
            continue
        raise LintError(Problem(path, "not valid .po syntax: expected msgid, msgstr, a quoted "
                                "string or a comment", number))
    builder.finish(entries)
    kept = []
    for entry in entries:
        if entry.msgid == "" and language is None:
            header = "".join(s.text for s in entry.msgstrs)
            found = _LANGUAGE.search(header)
            language = found.group(1).split("@")[0].replace("_", "-") if found else None
            continue
        kept.append(entry)
    return Catalog(tuple(kept), language)


class _EntryBuilder:
    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.line = 0
        self.fields: dict[str, list[tuple[str, Piece]]] = {}
        self.order: list[str] = []
        self.current: str | None = None
        self.directives: list[tuple[int, str]] = []
        self.fuzzy = False
        self.obsolete = False

    @property
    def has_strings(self) -> bool:
        return bool(self.fields)

    @property
    def has_msgstr(self) -> bool:
        return any(name.startswith("msgstr") for name in self.fields)

    def comment(self, line: str, number: int) -> None:
        if not self.line:
            self.line = number
        if line.startswith("#~"):
            self.obsolete = True
        elif line.startswith("#,"):
            self.fuzzy = self.fuzzy or "fuzzy" in (f.strip() for f in line[2:].split(","))
        elif line.startswith(("# ", "#.")) or line == "#":
            body = line[2:].strip()
            found = _DIRECTIVE.match(body)
            if found:
                self.directives.append((number, found.group(1).strip()))

    def start(self, name: str, number: int) -> None:
        if not self.line:
            self.line = number
        self.current = name
        self.fields[name] = []
        self.order.append(name)

    def append(self, piece: tuple[str, Piece]) -> None:
        assert self.current is not None
        self.fields[self.current].append(piece)

    def finish(self, entries: list[PoEntry]) -> None:
        if self.fields and not self.obsolete and "msgid" in self.fields:
            msgstrs = tuple(_join(self.fields[name]) for name in self.order
                            if name.startswith("msgstr"))
            entries.append(PoEntry(self.line, _join(self.fields["msgid"]).text, msgstrs,
                                   tuple(self.directives), self.fuzzy))
        self._reset()


def _join(pieces: list[tuple[str, Piece]]) -> PoText:
    decoded, parts, offset = [], [], 0
    for text, piece in pieces:
        decoded.append(text)
        parts.append(Piece(offset, piece.raw, piece.starts, piece.ends))
        offset += len(text)
    return PoText("".join(decoded), tuple(parts))


def _decode(line: str, quote: int, line_offset: int, path: str, number: int
            ) -> tuple[str, Piece]:
    """Decode the quoted string starting at `line[quote]`, keeping its file offsets."""
    close = line.rfind('"')
    body = line[quote + 1:close] if close > quote else ""
    if close <= quote or line[close + 1:].strip() or not _STRING_BODY.fullmatch(body):
        raise LintError(Problem(path, "not valid .po syntax: a quoted string is not closed",
                                number))
    start = line_offset + quote + 1
    if "\\" not in body:  # the common case: every character is itself
        return body, Piece(0, start)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(body):
        width = 2 if body[i] == "\\" else 1
        chars.append(_ESCAPES.get(body[i + 1], body[i + 1]) if width == 2 else body[i])
        starts.append(start + i)
        ends.append(start + i + width)
        i += width
    return "".join(chars), Piece(0, start, tuple(starts), tuple(ends))
