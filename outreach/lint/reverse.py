"""Reverse a regular expression, so "the words before X" becomes one anchored match.

Checking what precedes a match ("an illegal", "parents who are illegal", `not_preceded_by`)
with a forward regex means trying every start position before it. Reversed, the same check is
a single `match` on the reversed text at the mirrored offset, which is what makes context
conditions cheap enough for megabyte files.

Works on the standard library's parse tree (internal, but stable for years). Anything it
cannot reverse (backreferences, a lookahead that would become a variable-width lookbehind)
raises NotReversible, and the caller falls back to a slower forward search.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any


class NotReversible(ValueError):
    pass


_CATEGORIES = {
    c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D", c.CATEGORY_SPACE: r"\s",
    c.CATEGORY_NOT_SPACE: r"\S", c.CATEGORY_WORD: r"\w", c.CATEGORY_NOT_WORD: r"\W",
}
_MIRRORED_AT = {
    c.AT_BEGINNING_STRING: r"\Z", c.AT_END_STRING: r"\A", c.AT_BEGINNING: r"(?:(?<=\n)|\Z)",
    c.AT_END: r"(?:(?=\n)|\A)", c.AT_BOUNDARY: r"\b", c.AT_NON_BOUNDARY: r"\B",
}


def reverse(source: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern that matches reversed text exactly where `source` matches the text."""
    try:
        tree = parser.parse(source, flags)
        reversed_source = _sequence(list(tree), True)
        return re.compile(reversed_source, flags)
    except (re.error, KeyError, TypeError) as exc:
        raise NotReversible(str(exc)) from None


def _sequence(items: list[tuple[Any, Any]], mirror: bool) -> str:
    ordered = reversed(items) if mirror else items
    return "".join(_item(op, arg, mirror) for op, arg in ordered)


def _item(op: Any, arg: Any, mirror: bool) -> str:
    if op is c.LITERAL:
        return re.escape(chr(arg))
    if op is c.NOT_LITERAL:
        return "[^" + _class_char(arg) + "]"
    if op is c.ANY:
        return "."
    if op is c.IN:
        return _char_class(arg)
    if op is c.AT:
        return _MIRRORED_AT[arg] if mirror else _forward_at(arg)
    if op is c.BRANCH:
        return "(?:" + "|".join(_sequence(list(alt), mirror) for alt in arg[1]) + ")"
    if op is c.SUBPATTERN:
        return "(?:" + _sequence(list(arg[3]), mirror) + ")"
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        low, high, body = arg
        suffix = {c.MIN_REPEAT: "?"}.get(op, "+" if op is not c.MAX_REPEAT else "")
        return "(?:" + _sequence(list(body), mirror) + ")" + _quantifier(low, high) + suffix
    if op in (c.ASSERT, c.ASSERT_NOT):
        direction, body = arg
        if mirror:
            direction = -direction
        positive = op is c.ASSERT
        opener = {(1, True): "(?=", (1, False): "(?!", (-1, True): "(?<=",
                  (-1, False): "(?<!"}[(direction, positive)]
        return opener + _sequence(list(body), mirror) + ")"
    if op is getattr(c, "ATOMIC_GROUP", None):
        return "(?>" + _sequence(list(arg), mirror) + ")"
    raise NotReversible(f"cannot reverse {op}")


def _forward_at(arg: Any) -> str:
    return {c.AT_BEGINNING_STRING: r"\A", c.AT_END_STRING: r"\Z", c.AT_BEGINNING: "^",
            c.AT_END: "$", c.AT_BOUNDARY: r"\b", c.AT_NON_BOUNDARY: r"\B"}[arg]


def _quantifier(low: int, high: int) -> str:
    if high is c.MAXREPEAT or high == c.MAXREPEAT:
        return {0: "*", 1: "+"}.get(low, f"{{{low},}}")
    if (low, high) == (0, 1):
        return "?"
    return f"{{{low}}}" if low == high else f"{{{low},{high}}}"


def _char_class(items: list[tuple[Any, Any]]) -> str:
    parts = []
    for op, arg in items:
        if op is c.NEGATE:
            parts.insert(0, "^")
        elif op is c.LITERAL:
            parts.append(_class_char(arg))
        elif op is c.RANGE:
            parts.append(_class_char(arg[0]) + "-" + _class_char(arg[1]))
        elif op is c.CATEGORY:
            parts.append(_CATEGORIES[arg])
        else:
            raise NotReversible(f"cannot reverse class item {op}")
    return "[" + "".join(parts) + "]"


def _class_char(code: int) -> str:
    char = chr(code)
    return "\\" + char if char in "\\]^-[" else char
