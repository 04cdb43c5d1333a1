"""Percent directives (`%(name)s`, `%d`, `%%`) in python-format catalog strings.

Jinja template strings carry their variables this way. They are found the way GNU gettext's
parser finds them, so that the writer never wraps a line inside one (msgcat does not) and the
checks compare what msgfmt compares. Scanning stops at the first malformed directive, as
GNU's does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PERCENT = re.compile(r"%(\([^)]*\))?[-+ #0]*(\*|[0-9]+)?(?:\.(\*|[0-9]*))?[hlL]?")
_CONVERSIONS = "%csridiuoxXeEfgG"


@dataclass(frozen=True)
class Directive:
    start: int
    end: int  # exclusive
    name: str  # the argument it names ("percent"); "" for an unnamed one; "%" for "%%"

    def text(self, source: str) -> str:
        return source[self.start:self.end]


@dataclass(frozen=True)
class Scan:
    directives: tuple[Directive, ...]
    error: str | None = None  # why scanning stopped early


def percent_directives(text: str) -> Scan:
    """`%(name)s`, `%s`, `%d` and `%%`; named and unnamed ones may not be mixed."""
    found: list[Directive] = []
    named = unnamed = 0
    i = 0
    while True:
        i = text.find("%", i)
        if i < 0:
            return Scan(tuple(found))
        match = _PERCENT.match(text, i)
        assert match is not None
        end = match.end()
        if end >= len(text) or text[end] not in _CONVERSIONS:
            return Scan(tuple(found), f"'{text[i:end + 1]}' is not a valid %-directive")
        name = match.group(1)[1:-1] if match.group(1) else ""
        stars = int(match.group(2) == "*") + int(match.group(3) == "*")
        if text[end] == "%" and not match.group(1):
            found.append(Directive(i, end + 1, "%"))
            i = end + 1
            continue
        if match.group(1) is not None:
            named += 1
        else:
            unnamed += 1
        if named and (unnamed or stars):
            return Scan(tuple(found), "named and unnamed %-directives are mixed")
        found.append(Directive(i, end + 1, name))
        i = end + 1


def argument_directives(text: str) -> Scan:
    """The directives that take an argument (all but `%%`), positions as in `text`.

    A literal `%%` is blanked out before scanning (left to right, as Python reads it), so a
    string of a million `%%` is read at the speed of `str.replace`.
    """
    return percent_directives(text.replace("%%", "\0\0"))
