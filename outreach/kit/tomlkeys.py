"""Where a key of `outreach.toml` is written: the line a problem with a setting points at.

tomllib gives values without positions, so problems found in them would name only their key.
This scanner reads the text tomllib has already accepted and finds the line of every key,
table and array-of-tables entry. It follows TOML's strings (basic, literal, multi-line, with
their escapes), comments and values written over several lines, so text inside them is never
taken for a key, and it reads each character a bounded number of times: a hostile file costs
time in proportion to its size.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

# A bare, quoted or dotted key, then "=" (a key line), or in brackets (a table header).
_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_KEY_LINE = re.compile(rf"\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*=")
_HEADER_LINE = re.compile(rf"\s*(\[\[?)\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*\]\]?")
_KEY_PART = re.compile(_KEY)
_INDEX = re.compile(r"\[\d+\]$")
# The parts of a value: strings (a single-line one taken whole, to the end of the line if it
# does not close; a multi-line one's opening quotes), comments, brackets, braces and commas,
# which carry a value over several lines and part an array's items, and bare words.
_VALUE_TOKEN = re.compile(
    r"""\"\"\"|'''|"(?:[^"\\]|\\.)*"?|'[^']*'?|#|[\[\]{},]|[^\s"'#\[\]{},]+""")
# The rest of a multi-line string, up to and including its closing quotes.
_STRING_END = {'"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""'),
               "'''": re.compile(r"(?:[^']|'(?!''))*'''")}


def toml_line(text: str, key: str) -> int | None:
    """The line of the TOML `text` where `key` ("organization.phone", "kit.languages[2]",
    "partners[1].logo") is written, or, when it is not, where the nearest table or array
    holding it is; None when none of it is in the file."""
    if not text:
        return None
    lines = _key_lines(text)
    while key:
        if key in lines:
            return lines[key]
        trimmed = _INDEX.sub("", key)
        key = trimmed if trimmed != key else key.rpartition(".")[0]
    return None


@lru_cache(maxsize=8)
def _key_lines(text: str) -> dict[str, int]:
    """Every key, table and array-of-tables entry, by dotted path ("partners[1].logo"), and the
    line it is first written on."""
    found: dict[str, int] = {}
    table = ""
    counts: dict[str, int] = {}
    state = _Value(found)
    for number, line in enumerate(text.split("\n"), start=1):
        if state.open:  # inside a multi-line string or bracket: no key starts on this line
            state.scan(line, 0, number)
            continue
        header = _HEADER_LINE.match(line)
        if header and not _KEY_LINE.match(line):
            path = ".".join(_parts(header.group(2)))
            if header.group(1) == "[[":
                index = counts.get(path, 0)
                counts[path] = index + 1
                path = f"{path}[{index}]"
            table = path
            found.setdefault(table, number)
            continue
        key = _KEY_LINE.match(line)
        if key:
            path = table
            for part in _parts(key.group(1)):  # a.b = 1 makes the table a too
                path = f"{path}.{part}" if path else part
                found.setdefault(path, number)
            state.start(path)
            state.scan(line, key.end(), number)
    return found


class _Value:
    """Where a value stands at the end of a line: inside a multi-line string, or inside so
    many brackets and braces. The items of an array value are found too ("kit.languages[2]"),
    each at the line it starts on."""

    def __init__(self, found: dict[str, int]) -> None:
        self.found = found
        self.string = ""  # the quotes of the multi-line string the line ends in, if any
        self.depth = 0
        self.path = ""  # the key whose value this is
        self.array = False  # the value is an array (not an inline table)
        self.items = 0  # the array's items begun so far
        self.between = True  # after "[" or a comma: the next part begins an item

    def start(self, path: str) -> None:
        self.path, self.array, self.items, self.between = path, False, 0, True

    @property
    def open(self) -> bool:
        return bool(self.string) or self.depth > 0

    def scan(self, line: str, start: int, number: int) -> None:
        i = start
        if self.string:
            end = _STRING_END[self.string].match(line, i)
            if end is None:
                return  # the string goes on
            self.string, i = "", end.end()
        while (token := _VALUE_TOKEN.search(line, i)) is not None:
            kind = token.group()
            if kind == "#":
                return  # a comment, to the end of the line
            i = token.end()
            if self.depth == 1 and self.array:
                if kind == ",":
                    self.between = True
                elif kind != "]" and self.between:  # an item of the array begins here
                    self.found.setdefault(f"{self.path}[{self.items}]", number)
                    self.items += 1
                    self.between = False
            if kind in ('"""', "'''"):
                end = _STRING_END[kind].match(line, i)
                if end is None:
                    self.string = kind
                    return
                i = end.end()
            elif kind in "[{":
                if self.depth == 0:
                    self.array = kind == "["
                self.depth += 1
            elif kind in "]}":
                self.depth = max(0, self.depth - 1)


def _parts(key: str) -> list[str]:
    """The names of a dotted key, as tomllib reads them."""
    return [_key_name(part) for part in _KEY_PART.findall(key)]


def _key_name(part: str) -> str:
    """A key as tomllib reads it: quotes off, a basic string's escapes decoded."""
    if part.startswith('"') and "\\" in part:
        try:
            return str(tomllib.loads(f"k = {part}")["k"])
        except tomllib.TOMLDecodeError:
            pass
    return part[1:-1] if part[:1] in "\"'" else part
