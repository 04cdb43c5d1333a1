"""Reading `.po` and `.pot` files, with the line and file offset of everything a person may fix.

This is the only catalog reader: the build, the checks, coverage, updates and the linter all
read through it, so a broken file gets the same one-line error wherever it is read. Every
syntax error raises `SourceError` naming the file and the line, and says what to write instead.
GNU gettext's syntax is accepted as msgcat accepts it: strings split over quoted lines, C
escapes (octal and hex included), `#|` previous strings and obsolete `#~` entries.

Reading is linear in the size of the file: a translator's tool may write a megabyte-long
string, and a hostile one may try.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from ..errors import Problem, SourceError
from ..files import read_text
from .model import ESCAPE, Catalog, Entry, Offsets, Origin

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"]|$)")
_BODY = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*')  # a string's inside: no bare quote
_VALID = re.compile(r'(?:[^\\]++|\\[0-7abfnrtv\\"]|\\x[0-9a-fA-F])*+')  # up to a bad escape
_UNESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
              "\\": "\\", '"': '"'}

Piece = tuple[int, int, int]  # see Offsets


def read_po(path: Path, shown: str | None = None, *, inside: Path | None = None) -> Catalog:
    """Read a catalog from disk (a regular UTF-8 file); every problem names the file and line."""
    shown = shown or str(path)
    return parse_po(read_text(path, shown, inside=inside), shown)


def parse_po(text: str, path: str = "<catalog>") -> Catalog:
    """A catalog from its text; offsets in `Origin` count from the start of `text`.

    A byte-order mark at the start is skipped (offsets then count from the character after it).
    """
    return _Reader(path).read(text[1:] if text.startswith("\ufeff") else text)


class _Fail:
    def __init__(self, path: str) -> None:
        self.path = path

    def __call__(self, message: str, line: int) -> NoReturn:
        raise SourceError(Problem(self.path, message, line))


@dataclass
class _Pending:
    """What has been read of one entry so far."""

    first_line: int = 0
    comments: list[str] = field(default_factory=list)
    comment_lines: list[int] = field(default_factory=list)
    auto_comments: list[str] = field(default_factory=list)
    auto_comment_lines: list[int] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, list[str]] = field(default_factory=dict)
    strings: dict[str, list[str]] = field(default_factory=dict)
    pieces: dict[str, list[Piece]] = field(default_factory=dict)
    lengths: dict[str, int] = field(default_factory=dict)  # decoded length so far
    lines: dict[str, int] = field(default_factory=dict)
    obsolete: bool | None = None
    current: str | None = None  # the keyword that continuation strings extend
    previous_current: str | None = None

    @property
    def started(self) -> bool:
        return bool(self.strings)

    def mark(self, line: int) -> None:
        if not self.first_line:
            self.first_line = line


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.fail = _Fail(path)
        self.header: Entry | None = None
        self.entries: list[Entry] = []
        self.obsolete: list[Entry] = []
        self.seen: dict[tuple[bool, str | None, str], int] = {}
        self.entry = _Pending()

    def read(self, text: str) -> Catalog:
        self.text = text
        offset = 0
        for number, raw in enumerate(text.split("\n"), start=1):
            start = offset
            offset += len(raw) + 1
            # Trailing spaces belong to a comment's text, so only the start of a line is
            # trimmed (and the "\r" of a CRLF line end).
            body = raw[:-1] if raw.endswith("\r") else raw
            line = body.lstrip()
            if not line.strip():
                continue
            column = start + len(body) - len(line)
            self._line(line, number, column)
        self._finish()
        # Comments after the last entry belong to nothing; GNU tools drop them too.
        return Catalog(self.header, tuple(self.entries), tuple(self.obsolete), self.path)

    def _line(self, line: str, number: int, column: int) -> None:
        entry = self.entry
        obsolete = False
        if line.startswith("#~"):
            obsolete = True
            rest = line[2:].lstrip()
            column += len(line) - len(rest)
            line = rest
            if not line:
                return
            if line.startswith("|"):
                line = "#" + line
        if line.startswith("#|"):
            if entry.started:
                self._finish()
            self._previous(line[2:].strip(), number)
            return
        if line.startswith("#"):
            if entry.started:
                self._finish()
            self._comment(line, number)
            return
        starts = _KEYWORD.match(line)
        if starts and starts.group(1) in ("msgctxt", "msgid") \
                and any(name.startswith("msgstr") for name in entry.strings):
            self._finish()
        self._keyword(line.rstrip(), obsolete, number, column)

    def _comment(self, line: str, number: int) -> None:
        entry = self.entry
        entry.mark(number)
        kind, rest = line[1:2], line[2:]
        if kind == ".":
            entry.auto_comments.append(rest[1:] if rest.startswith(" ") else rest)
            entry.auto_comment_lines.append(number)
        elif kind == ":":
            entry.references.extend(rest.split())
        elif kind == ",":
            entry.flags.extend(flag.strip() for flag in rest.split(",") if flag.strip())
        else:
            body = line[1:]
            entry.comments.append(body[1:] if body.startswith(" ") else body)
            entry.comment_lines.append(number)

    def _previous(self, line: str, number: int) -> None:
        entry = self.entry
        entry.mark(number)
        match = _KEYWORD.match(line)
        if match:
            name = match.group(1)
            if name not in ("msgctxt", "msgid", "msgid_plural") or match.group(2) is not None:
                self.fail(f"'#| {name}' is not a previous-string line", number)
            entry.previous[name] = [text for text, _piece in
                                    self._strings(line, match.end(), number, 0, 0)]
            entry.previous_current = name
        elif line.startswith('"') and entry.previous_current:
            entry.previous[entry.previous_current] += [
                text for text, _piece in self._strings(line, 0, number, 0, 0)]
        else:
            self.fail("'#|' lines hold the previous msgid; expected #| msgid \"...\"", number)

    def _keyword(self, line: str, obsolete: bool, number: int, column: int) -> None:
        entry = self.entry
        if line.startswith('"'):
            if entry.current is None:
                self.fail("a string continues nothing: put msgid, msgstr or msgctxt before it",
                          number)
            self._same_kind(obsolete, number)
            self._add_strings(entry.current, line, 0, number, column)
            return
        match = _KEYWORD.match(line)
        if not match:
            word = line.split()[0] if line.split() else line
            self.fail(f"unknown keyword {word!r}; lines start with msgctxt, msgid, msgid_plural, "
                      "msgstr, a quoted string or #", number)
        keyword, index = match.group(1), match.group(2)
        if keyword == "msgctxt" and "msgid" in entry.strings:
            self.fail("msgctxt must come before msgid", number)
        if keyword == "msgid" and "msgid" in entry.strings:
            self.fail("second msgid without a msgstr between them; add msgstr \"\"", number)
        if keyword == "msgid_plural" and "msgid" not in entry.strings:
            self.fail("msgid_plural must follow a msgid", number)
        if keyword == "msgstr":
            if "msgid" not in entry.strings:
                self.fail("msgstr without a msgid before it", number)
            plural = "msgid_plural" in entry.strings
            if plural and index is None:
                self.fail("this entry has msgid_plural, so its translations are written "
                          "msgstr[0], msgstr[1], ...", number)
            if not plural and index is not None:
                self.fail(f"msgstr[{index}] needs a msgid_plural in the entry", number)
        self._same_kind(obsolete, number)
        name = keyword if index is None else f"msgstr[{int(index)}]"
        if name in entry.strings:
            self.fail(f"{name} appears twice in one entry", number)
        entry.mark(number)
        entry.obsolete = obsolete
        entry.strings[name] = []
        entry.pieces[name] = []
        entry.lengths[name] = 0
        entry.lines[name] = number
        entry.current = name
        self._add_strings(name, line, match.end(), number, column)

    def _add_strings(self, name: str, line: str, start: int, number: int, column: int) -> None:
        entry = self.entry
        for text, piece in self._strings(line, start, number, column, entry.lengths[name]):
            entry.strings[name].append(text)
            entry.pieces[name].append(piece)
            entry.lengths[name] += len(text)

    def _same_kind(self, obsolete: bool, number: int) -> None:
        if self.entry.started and self.entry.obsolete != obsolete:
            self.fail("an entry mixes obsolete (#~) and active lines; remove the '#~' marks or "
                      "add them to every line of the entry", number)

    def _strings(self, line: str, i: int, number: int, column: int, decoded: int
                 ) -> list[tuple[str, Piece]]:
        """The quoted strings of `line` from index `i`, unescaped, each with where it is.

        `column` is the file offset of `line[0]`; `decoded` is how many characters of the
        string being read came before these.
        """
        found: list[tuple[str, Piece]] = []
        end = len(line)
        while i < end and line[i] in " \t":
            i += 1
        if i >= end:
            self.fail('expected a string in double quotes, such as ""', number)
        while i < end:
            if line[i] in " \t":
                i += 1
                continue
            if line[i] != '"':
                if not found:
                    self.fail('expected a string in double quotes, such as ""', number)
                self.fail("unexpected text after the string; each line holds one string in "
                          'double quotes, with inner quotes written \\"', number)
            body = _BODY.match(line, i + 1)
            assert body is not None
            close = body.end()
            if close >= end or line[close] != '"':
                self.fail('this string is not closed: end it with a " on the same line', number)
            text = self._decode(line[i + 1:close], number)
            found.append((text, (decoded, column + i + 1, column + close)))
            decoded += len(text)
            i = close + 1
        return found

    def _decode(self, body: str, number: int) -> str:
        if "\\" not in body:  # the common case: every character is itself
            return body
        valid = _VALID.match(body)
        assert valid is not None  # it matches at least the empty string
        if valid.end() < len(body):
            code = body[valid.end() + 1:valid.end() + 2]
            self.fail(f"invalid escape sequence '\\{code}'; write a backslash as \\\\ and a "
                      "quote as \\\"", number)
        return ESCAPE.sub(_unescape, body)

    def _finish(self) -> None:
        entry = self.entry
        if not entry.started:
            return
        built, obsolete = self._build(entry)
        key = (obsolete, built.msgctxt, built.msgid)
        line = built.line or 0
        if key in self.seen:
            self.fail(f"duplicate entry: line {self.seen[key]} has the same msgid"
                      + (" and msgctxt" if built.msgctxt is not None else "")
                      + "; delete one of them", line)
        self.seen[key] = line
        if built.msgid == "" and built.msgctxt is None and not obsolete:
            self.header = built
        elif obsolete:
            self.obsolete.append(built)
        else:
            self.entries.append(built)
        self.entry = _Pending()

    def _build(self, entry: _Pending) -> tuple[Entry, bool]:
        strings = {name: "".join(parts) for name, parts in entry.strings.items()}
        if "msgid" not in strings:
            self.fail("msgctxt without a msgid after it", entry.lines.get("msgctxt", 0))
        msgid_line = entry.lines["msgid"]
        forms = sorted((int(name[7:-1]), name) for name in strings if name.startswith("msgstr["))
        if "msgstr" not in strings and not forms:
            self.fail("msgid without a msgstr; add msgstr \"\" after it", msgid_line)
        if forms:
            names = {index: name for index, name in forms}
            order = [names.get(i) for i in range(forms[-1][0] + 1)]
        else:
            order = ["msgstr"]
        msgstr = tuple(strings[name] if name else "" for name in order)
        offsets = tuple(Offsets(self.text, tuple(entry.pieces[name]) if name else ())
                        for name in order)
        previous = {name: "".join(parts) for name, parts in entry.previous.items()}
        origin = Origin(
            line=entry.first_line, msgid_line=msgid_line,
            msgstr_line=min(line for name, line in entry.lines.items()
                            if name.startswith("msgstr")),
            comment_lines=tuple(entry.comment_lines),
            auto_comment_lines=tuple(entry.auto_comment_lines), msgstr_offsets=offsets)
        return Entry(
            msgid=strings["msgid"], msgstr=msgstr, msgctxt=strings.get("msgctxt"),
            msgid_plural=strings.get("msgid_plural"), flags=frozenset(entry.flags),
            references=tuple(entry.references), comments=tuple(entry.comments),
            auto_comments=tuple(entry.auto_comments),
            previous_msgctxt=previous.get("msgctxt"), previous_msgid=previous.get("msgid"),
            previous_msgid_plural=previous.get("msgid_plural"), origin=origin,
        ), bool(entry.obsolete)


def _unescape(match: re.Match[str]) -> str:
    octal, hexa, code = match.groups()
    if octal is not None:
        return chr(int(octal, 8))
    if hexa is not None:
        return chr(int(hexa, 16))
    return _UNESCAPES[code]
