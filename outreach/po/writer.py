"""Writing catalogs byte for byte as GNU msgcat writes them.

Translators' tools (Poedit, Weblate, Crowdin, msgmerge) all write GNU's layout. Writing anything
else makes every save a diff and every diff a merge conflict, so this writer reproduces
msgcat's output exactly: the same comment order, the same 79-column wrapping (see
`linebreak`), header fields left in the order the file had them, references without line
numbers kept as they are. It is the only catalog writer: templates, new catalogs, updates and
`outreach new` all come out of `format_po`, and go to disk through `outreach.files`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

from .directives import Scan, percent_directives
from .linebreak import wrap_points
from .model import Catalog, Entry

PAGE_WIDTH = 79  # GNU's default: no line of a catalog is longer, unless a word is

# GNU writes format flags in this order (gettext's format_language table), after "fuzzy".
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
_RANGE_PREFIX = "range:"


def format_po(catalog: Catalog) -> str:
    """The catalog as GNU msgcat would write it."""
    blocks: list[list[str]] = []
    if catalog.header is not None:
        blocks.append(_entry_lines(catalog.header, obsolete=False))
    for entry in catalog.entries:
        blocks.append(_entry_lines(entry, obsolete=False))
    for entry in catalog.obsolete:
        # GNU drops obsolete entries that hold no translation: there is nothing to keep.
        if entry.has_translation:
            blocks.append(_entry_lines(entry, obsolete=True))
    return "\n".join("".join(line + "\n" for line in block) for block in blocks)


def escape(text: str) -> str:
    """Text as it is written between the quotes of a catalog string."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append("\\" + _ESCAPES[char])
        elif char in '\\"':
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _entry_lines(entry: Entry, *, obsolete: bool) -> list[str]:
    lines: list[str] = []
    for comment in entry.comments:
        for part in comment.split("\n"):
            lines.append("#" + (" " + part if part else ""))
    for comment in entry.auto_comments:
        lines.append("#." + (" " + comment if comment else ""))
    lines.extend(_reference_lines(entry.references))
    flags = _flag_line(entry)
    if flags:
        lines.append(flags)
    wrap = "no-wrap" not in entry.flags
    directives = _directive_finder(entry.flags)

    def add(prefix: str, name: str, value: str | None) -> None:
        if value is not None:
            lines.extend(_wrap(prefix, name, value, wrap, directives))

    previous = "#~| " if obsolete else "#| "
    add(previous, "msgctxt", entry.previous_msgctxt)
    add(previous, "msgid", entry.previous_msgid)
    if entry.previous_msgid is not None:
        add(previous, "msgid_plural", entry.previous_msgid_plural)
    prefix = "#~ " if obsolete else ""
    add(prefix, "msgctxt", entry.msgctxt)
    add(prefix, "msgid", entry.msgid)
    if entry.plural:
        add(prefix, "msgid_plural", entry.msgid_plural)
        for index, form in enumerate(entry.msgstr):
            add(prefix, f"msgstr[{index}]", form)
    else:
        add(prefix, "msgstr", entry.msgstr[0])
    return lines


def _reference_lines(references: Iterable[str]) -> list[str]:
    tokens = []
    for reference in references:
        while reference.startswith("./"):
            reference = reference[2:]
        tokens.append(reference)
    if not tokens:
        return []
    lines, current, column = [], "#:", 2
    for text in dict.fromkeys(tokens):
        size = len(text.encode("utf-8")) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            lines.append(current)
            current, column = "#:", 2
        current += " " + text
        column += size
    lines.append(current)
    return lines


def _flag_line(entry: Entry) -> str:
    """`#, ...` in GNU's order: fuzzy, format flags, range, no-wrap, then any others."""
    fuzzy = entry.fuzzy and entry.has_translation
    flags = ["fuzzy"] if fuzzy else []
    formats: dict[int, str] = {}
    others = []
    ranges = []
    for flag in entry.flags:
        if flag in ("fuzzy", "wrap", "no-wrap"):
            continue
        known = _format_flag(flag)
        if known is not None:
            if known[1]:
                formats[known[0]] = known[1]
        elif _is_range(flag):
            ranges.append(flag)
        else:
            others.append(flag)
    flags += [formats[i] for i in sorted(formats)] + sorted(ranges)
    if "no-wrap" in entry.flags:
        flags.append("no-wrap")
    flags += sorted(others)
    return "#, " + ", ".join(flags) if flags else ""


def _is_range(flag: str) -> bool:
    if not flag.startswith(_RANGE_PREFIX):
        return False
    low, dots, high = flag[len(_RANGE_PREFIX):].strip().partition("..")
    return bool(dots) and low.isdigit() and high.isdigit()


def _format_flag(flag: str) -> tuple[int, str] | None:
    """(GNU's index, the flag as GNU writes it) for a format flag; None for other flags."""
    for prefix, shown in (("no-", "no-"), ("possible-", ""), ("impossible-", None), ("", "")):
        if flag.startswith(prefix) and flag.endswith("-format"):
            name = flag[len(prefix):-len("-format")]
            if name in FORMAT_LANGUAGES:
                index = FORMAT_LANGUAGES.index(name)
                return index, "" if shown is None else f"{shown}{name}-format"
    return None


def _directive_finder(flags: frozenset[str]) -> Callable[[str], Scan] | None:
    """The scanner for the first format that applies (GNU looks at no other).

    GNU gettext 0.21 keeps %-directives of python-format strings whole; its brace-format
    parser marks nothing, so a `{name.attr}` field may be broken like any other text.
    """
    for name in FORMAT_LANGUAGES:
        if f"{name}-format" in flags or f"possible-{name}-format" in flags:
            return percent_directives if name == "python" else None
    return None


def _wrap(prefix: str, name: str, value: str, wrap: bool,
          directives: Callable[[str], Scan] | None) -> list[str]:
    """GNU's wrap(): one keyword and its string, split at newlines and at the page width."""
    inside = [False] * len(value)
    if directives is not None:
        for directive in directives(value).directives:
            for i in range(directive.start + 1, directive.end):
                inside[i] = True
    lines: list[str] = []
    first = True
    portions = _portions(value)
    offset = 0
    after_break = len(prefix) + 1  # later lines start after the prefix and the opening quote
    width = (PAGE_WIDTH if wrap else sys.maxsize // 2) - 1 - after_break
    for number, portion in enumerate(portions):
        chars: list[str] = []
        forbidden: list[bool] = []
        for i, char in enumerate(portion):
            within = inside[offset + i]
            if char in _ESCAPES or char in '\\"':
                chars += ["\\", _ESCAPES.get(char, char)]
                forbidden += [within, True]
            else:
                chars.append(char)
                forbidden.append(within)
        if portion.endswith("\n"):
            forbidden[-2] = True  # never break right before the final "\n"
        text = "".join(chars)
        more = number < len(portions) - 1
        while True:
            start = len(prefix) + (len(name) + 1 if first else 0) + 1 - after_break
            points = wrap_points(text, width, start, forbidden)
            if first and text and (more or start > width or points):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        head = f"{prefix}{name} " if first else prefix
        first = False
        bounds = [0, *points, len(text)]
        for index, (begin, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
            lines.append((head if index == 0 else prefix) + '"' + text[begin:end] + '"')
        offset += len(portion)
    return lines


def _portions(value: str) -> list[str]:
    if not value:
        return [""]
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        portions.append(parts[-1])
    return portions
