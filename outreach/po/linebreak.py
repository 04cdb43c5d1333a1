"""Where GNU gettext may break a long string: Unicode line breaking as msgcat and msgmerge do it.

Catalogs are rewritten by many tools (Poedit, Weblate, msgmerge, this one). If each wraps long
strings differently, every save reflows whole paragraphs and a translator's one-word fix shows
up as a ten-line diff. So the writer wraps exactly as GNU gettext does: break opportunities from
the Unicode line-breaking algorithm (UAX #14, in the pair-table form that GNU's libunistring
uses), widths in terminal columns (a Han character is two columns wide), and a line broken at the
last opportunity before it would pass the page width.

The character classes come from `linebreak.txt` beside this module; the pair table below says,
for a character of class `before` followed by one of class `after`, whether a line may break
between them directly (D), only where spaces separate them (I), or never (P).
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("linebreak.txt")

# Columns of the pair table, in order. "OPW" is an opening bracket of East Asian width (UAX #14
# rule 30 allows a break between a letter and a full-width bracket, not a narrow one).
_AFTER = ("OP CL CP QU GL NS EX SY IS PR PO NU AL HL ID IN HY BA BB B2 WJ H2 H3 JL JV JT RI EB EM "
          "OPW")
_COLUMNS = {name: index for index, name in enumerate(_AFTER.split())}
_PAIRS = {
    "OP": "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "CL": "DPPIIPPPPIIDDDDIIIDDPDDDDDDDDD",
    "CP": "DPPIIIPPPIIIIIDIIIDDPDDDDDDDDD",
    "QU": "PPPIIIPPPIIIIIIIIIIIPIIIIIIIIP",
    "GL": "IPPIIIPPPIIIIIIIIIIIPIIIIIIIII",
    "NS": "DPPIIIPPPDDDDDDIIIDDPDDDDDDDDD",
    "EX": "DPPIIIPPPDDDDDDIIIDDPDDDDDDDDD",
    "SY": "DPPIIIPPPDDIDIDIIIDDPDDDDDDDDD",
    "IS": "DPPIIIPPPDDIDDDIIIDDPDDDDDDDDD",
    "PR": "IPPIIIPPPDDIIIIIIIDDPIIIIIDIII",
    "PO": "IPPIIIPPPDDIIIDIIIDDPDDDDDDDDI",
    "NU": "IPPIIIPPPIIIIIDIIIDDPDDDDDDDDD",
    "AL": "IPPIIIPPPIIIIIDIIIDDPDDDDDDDDD",
    "HL": "IPPIIIPPPIIIIIDIIIDDPDDDDDDDDD",
    "ID": "DPPIIIPPPDIDDDDIIIDDPDDDDDDDDD",
    "IN": "DPPIIIPPPDDDDDDIIIDDPDDDDDDDDD",
    "HY": "DPPIDIPPPDDIDDDIIIDDPDDDDDDDDD",
    "BA": "DPPIDIPPPDDDDDDIIIDDPDDDDDDDDD",
    "BB": "IPPIIIPPPIIIIIIIIIIIPIIIIIIIII",
    "B2": "DPPIIIPPPDDDDDDIIIDPPDDDDDDDDD",
    "WJ": "IPPIIIPPPIIIIIIIIIIIPIIIIIIIII",
    "H2": "DPPIIIPPPDIDDDDIIIDDPDDDIIDDDD",
    "H3": "DPPIIIPPPDIDDDDIIIDDPDDDDIDDDD",
    "JL": "DPPIIIPPPDIDDDDIIIDDPIIIIDDDDD",
    "JV": "DPPIIIPPPDIDDDDIIIDDPDDDIIDDDD",
    "JT": "DPPIIIPPPDIDDDDIIIDDPDDDDIDDDD",
    "RI": "DPPIIIPPPDDDDDDIIIDDPDDDDDIDDD",
    "EB": "DPPIIIPPPDIDDDDIIIDDPDDDDDDDID",
    "EM": "DPPIIIPPPDIDDDDIIIDDPDDDDDDDDD",
}
_PAIRS["OPW"] = _PAIRS["OP"]

# Mn characters that libunistring nevertheless counts one column wide.
_WIDE_MARKS = frozenset({0x0CBF, 0x0CC6, 0x11A07, 0x11A08, 0x11C3F})


@cache
def _table() -> tuple[list[int], list[int], list[str]]:
    starts: list[int] = []
    ends: list[int] = []
    classes: list[str] = []
    for line in DATA.read_text(encoding="ascii").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        starts.append(int(fields[0], 16))
        ends.append(int(fields[-2] if len(fields) == 3 else fields[0], 16))
        classes.append(fields[-1])
    return starts, ends, classes


@cache
def line_break_class(char: str) -> str:
    starts, ends, classes = _table()
    code = ord(char)
    index = bisect.bisect_right(starts, code) - 1
    found = classes[index] if index >= 0 and code <= ends[index] else "AL"
    if found == "OP" and unicodedata.east_asian_width(char) in "FWH":
        return "OPW"
    return found


@cache
def char_width(char: str) -> int:
    """Columns a character takes in a terminal, as libunistring counts them."""
    code = ord(char)
    category = unicodedata.category(char)
    if category == "Cc":
        return 0
    if code in _WIDE_MARKS:
        return 1
    if category in ("Mn", "Me", "Cf") or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:
        return 0
    if unicodedata.east_asian_width(char) in "WF" or 0x20000 <= code <= 0x3FFFD:
        return 2
    return 1


def break_opportunities(text: str) -> list[bool]:
    """For each character, whether a line may break just before it."""
    raw = [line_break_class(char) for char in text]
    result = [False] * len(text)
    last = "BK"  # class of the last character that was not a space or a combining mark
    after_space = False
    for i, current in enumerate(raw):
        if current == "BK":
            last, after_space = "BK", False
            continue
        if current == "SP":
            after_space = True
            continue
        if current == "ZW":
            last, after_space = "ZW", False
            continue
        if current in ("CM", "ZWJ"):
            if last == "ZW" or (after_space and last != "BK"):
                result[i] = True
                last, after_space = "AL", False
                continue
            if last != "BK":
                continue  # a combining mark belongs to the character before it
            current = "AL"
        result[i] = _may_break(raw, i, last, current, after_space)
        last, after_space = current, False
    return result


def _may_break(raw: Sequence[str], i: int, last: str, current: str, after_space: bool) -> bool:
    if last == "BK" or (i and raw[i - 1] == "ZWJ"):
        return False
    if last == "ZW":
        return True
    if i >= 2 and raw[i - 1] in ("HY", "BA") and raw[i - 2] == "HL":
        return False  # a Hebrew word keeps the hyphen that follows it
    if current == "RI" and last == "RI":
        run = 0
        while run < i and raw[i - run - 1] == "RI":
            run += 1
        return run % 2 == 0  # flags are pairs of regional indicators
    rule = _PAIRS[last][_COLUMNS[current]]
    return rule == "D" or (rule == "I" and after_space)


def wrap_points(text: str, width: int, start_column: int,
                forbidden: Sequence[bool] | None = None) -> list[int]:
    """Indexes of `text` where lines must break so that none is wider than `width` columns.

    `start_column` is where the first line starts; later lines start at column 0.
    `forbidden[i]` removes the opportunity before character i (inside an escape sequence).
    """
    possible = break_opportunities(text)
    mandatory = [line_break_class(char) == "BK" and not (forbidden is not None and forbidden[i])
                 for i, char in enumerate(text)]
    points: list[int] = []
    last_break: int | None = None
    column = start_column
    piece = 0  # width of the text since the last opportunity
    for i, char in enumerate(text):
        here = possible[i] and not (forbidden is not None and forbidden[i])
        if (here or mandatory[i]) and last_break is not None and column + piece > width:
            points.append(last_break)
            column = 0
        if mandatory[i]:
            last_break, column, piece = None, 0, 0
            continue
        if here:
            last_break = i
            column += piece
            piece = 0
        piece += char_width(char)
    if last_break is not None and column + piece > width:
        points.append(last_break)
    return points
