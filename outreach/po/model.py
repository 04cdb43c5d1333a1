"""A catalog as GNU gettext sees it: a header, entries in file order, obsolete (`#~`) entries.

Entries are small frozen records. Everything GNU tools keep is kept (repeated comments, `#|`
previous strings, references without line numbers, the header's field order), so a catalog
read and written again changes no byte. An entry read from a file also carries its `Origin`:
the lines a person must look at when something is wrong, and the file offset of every
character of every msgstr, so that a finding can point inside a string split over several
quoted lines and a fix can change exactly those bytes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

Key = tuple[str | None, str]  # (msgctxt, msgid): how a build looks a string up


# One escape sequence in a quoted string: octal, hexadecimal, or a backslash and a character.
# The reader decodes with it and Offsets maps decoded characters back with it: one grammar.
ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.S)


@dataclass(frozen=True)
class Offsets:
    """Where each character of a decoded string was in the text it was read from.

    `pieces` are the insides of the string's quoted parts: (first decoded index, start, end in
    `source`). Most readers never ask, so the map from characters to offsets is made on the
    first `span`, and holds one run per stretch of plain text and one per escape sequence.
    """

    source: str = field(repr=False, compare=False)
    pieces: tuple[tuple[int, int, int], ...] = ()

    def span(self, start: int, end: int) -> tuple[int, int]:
        """File offsets of the decoded characters [start, end)."""
        return self._char(start)[0], self._char(end - 1)[1]

    def _char(self, index: int) -> tuple[int, int]:
        starts, runs = self._runs
        first, offset, width = runs[bisect_right(starts, index) - 1]
        if width:
            return offset, offset + width
        return offset + index - first, offset + index - first + 1

    @cached_property
    def _runs(self) -> tuple[list[int], list[tuple[int, int, int]]]:
        # (first decoded index, first offset, width): width 0 maps character for character;
        # an escape sequence is one character `width` offsets wide.
        runs: list[tuple[int, int, int]] = []
        for decoded, start, end in self.pieces:
            position = start
            for match in ESCAPE.finditer(self.source, start, end):
                if match.start() > position:
                    runs.append((decoded, position, 0))
                    decoded += match.start() - position
                runs.append((decoded, match.start(), match.end() - match.start()))
                decoded += 1
                position = match.end()
            if position < end:
                runs.append((decoded, position, 0))
        return [run[0] for run in runs], runs


@dataclass(frozen=True)
class Origin:
    """Where an entry was in the file it was read from (lines count from 1)."""

    line: int  # the entry's first line: its first comment, or its first keyword
    msgid_line: int
    msgstr_line: int  # the msgstr, or msgstr[0]: where a translator looks
    comment_lines: tuple[int, ...] = ()  # one per translator comment
    auto_comment_lines: tuple[int, ...] = ()  # one per extracted (#.) comment
    msgstr_offsets: tuple[Offsets, ...] = ()  # one per msgstr form


@dataclass(frozen=True)
class Entry:
    """One msgid and its translation(s), with what GNU gettext keeps around them."""

    msgid: str
    msgstr: tuple[str, ...] = ("",)  # one string, or one per plural form
    msgctxt: str | None = None
    msgid_plural: str | None = None
    flags: frozenset[str] = frozenset()
    references: tuple[str, ...] = ()  # as written: "messages/a.md" or "templates/b.html:12"
    comments: tuple[str, ...] = ()  # the translator's own (#)
    auto_comments: tuple[str, ...] = ()  # made by extraction (#.)
    previous_msgctxt: str | None = None  # the #| lines of a fuzzy entry
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> Key:
        return self.msgctxt, self.msgid

    @property
    def plural(self) -> bool:
        return self.msgid_plural is not None

    @property
    def sources(self) -> tuple[str, ...]:
        """The source text each msgstr form translates: msgid, then msgid_plural."""
        if self.msgid_plural is None:
            return (self.msgid,)
        return (self.msgid,) + (self.msgid_plural,) * (len(self.msgstr) - 1)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def has_translation(self) -> bool:
        return bool(self.msgstr[0])

    @property
    def translated(self) -> bool:
        """Has a translation a build would use: every form filled in, not fuzzy."""
        return all(self.msgstr) and not self.fuzzy

    @property
    def line(self) -> int | None:
        return self.origin.msgid_line if self.origin else None

    @property
    def msgstr_line(self) -> int | None:
        return self.origin.msgstr_line if self.origin else None


@dataclass(frozen=True)
class Catalog:
    """A `.po` or `.pot` file: the header entry kept verbatim, then the entries in order."""

    header: Entry | None = None
    entries: tuple[Entry, ...] = ()
    obsolete: tuple[Entry, ...] = ()
    path: str = "<catalog>"  # as a person would type it, for error messages

    def get(self, msgid: str, msgctxt: str | None = None) -> Entry | None:
        """The active entry for a string, if the catalog has one."""
        return self._index.get((msgctxt, msgid))

    def header_field(self, name: str) -> str | None:
        return header_field(self.header.msgstr[0] if self.header else "", name)

    @cached_property
    def _index(self) -> dict[Key, Entry]:
        return {entry.key: entry for entry in self.entries}


def header_fields(text: str) -> list[tuple[str, str]]:
    """`Name: value` lines of a header msgstr, in order."""
    result = []
    for line in text.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            result.append((name.strip(), value.strip()))
    return result


def header_field(text: str, name: str) -> str | None:
    for key, value in header_fields(text):
        if key.lower() == name.lower():
            return value
    return None


def set_header_field(text: str, name: str, value: str) -> str:
    """The header with one field changed in place (or added at the end), all else untouched."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        key, colon, _old = line.partition(":")
        if colon and key.strip().lower() == name.lower():
            lines[i] = f"{key}: {value}"
            return "\n".join(lines)
    if text and not text.endswith("\n"):
        text += "\n"
    return f"{text}{name}: {value}\n"
