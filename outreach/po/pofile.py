"""`.po` files read and written the way GNU gettext does, into Babel's `Catalog` and `Message`.

Translators' tools (Poedit, Weblate, Crowdin, msgmerge) all write GNU's layout. Writing anything
else makes every save a diff and every diff a merge conflict, so the writer reproduces
msgcat's output byte for byte: the same comment order, the same 79-column wrapping (see
`linebreak`), header fields left in the order the file had them, references without line
numbers kept as they are.

Babel's own reader drops what GNU keeps (`#|` previous strings, repeated comment lines, the
header's field order) and prints warnings instead of raising, so this module has its own
reader. It raises `SourceError` with the line to fix for any syntax error.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..errors import Problem, SourceError
from .directives import Scan, percent_directives
from .linebreak import wrap_points

PAGE_WIDTH = 79  # GNU's default: no line of a catalog is longer, unless a word is

# GNU writes format flags in this order (gettext's format_language table), after "fuzzy".
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
_UNESCAPES = {v: k for k, v in _ESCAPES.items()} | {"\\": "\\", '"': '"'}
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"]|$)")
_RANGE = re.compile(r"range:\s*\d+\.\.\d+")


class PoMessage(Message):
    """A Babel `Message` that also keeps what GNU gettext keeps and Babel drops.

    `previous_context` goes with Babel's `previous_id` (the `#|` lines); `string_line` is the
    line of the msgstr, where a translator must look when a check fails.
    """

    def __init__(self, id: str | tuple[str, str], string: str | tuple[str, ...] = "", *,
                 locations: Iterable[tuple[str, int | None]] = (), flags: Iterable[str] = (),
                 auto_comments: Iterable[str] = (), user_comments: Iterable[str] = (),
                 previous_id: str | tuple[str, ...] = (), previous_context: str | None = None,
                 context: str | None = None, lineno: int | None = None,
                 string_line: int | None = None) -> None:
        super().__init__(id, string, context=context, lineno=lineno)
        # Set after Babel's constructor, which guesses format flags from the msgid and drops
        # repeated comment lines; a catalog keeps exactly what its file says.
        self.locations = list(dict.fromkeys(locations))  # type: ignore[arg-type]
        self.flags = set(flags)
        self.auto_comments = list(auto_comments)
        self.user_comments = list(user_comments)
        if isinstance(previous_id, str):
            self.previous_id = [previous_id] if previous_id else []
        else:
            self.previous_id = list(previous_id)
        self.previous_context = previous_context
        self.string_line = string_line

    @property
    def key(self) -> tuple[str | None, str]:
        """(msgctxt, msgid) as the build looks strings up."""
        return self.context, self.singular

    @property
    def singular(self) -> str:
        return self.id[0] if isinstance(self.id, (list, tuple)) else self.id

    @property
    def strings(self) -> tuple[str, ...]:
        return tuple(self.string) if isinstance(self.string, (list, tuple)) \
            else (self.string or "",)

    @property
    def translated(self) -> bool:
        """Has a translation a build would use: every form filled in, not fuzzy."""
        return all(self.strings) and "fuzzy" not in self.flags

    @property
    def has_translation(self) -> bool:
        return bool(self.strings[0])


@dataclass
class PoFile:
    """One catalog: the header entry kept verbatim, the messages in a Babel `Catalog`.

    Active messages are `catalog`'s messages in file order; obsolete ones (`#~`) are in
    `catalog.obsolete`.
    """

    header: PoMessage | None
    catalog: Catalog = field(default_factory=lambda: Catalog(fuzzy=False))
    path: str = "<catalog>"

    @property
    def messages(self) -> list[PoMessage]:
        return [m for m in self.catalog if m.id]  # type: ignore[misc]

    @property
    def obsolete(self) -> list[PoMessage]:
        return list(self.catalog.obsolete.values())  # type: ignore[arg-type]

    def header_field(self, name: str) -> str | None:
        return header_field(self.header.string if self.header else "", name)


def new_catalog() -> Catalog:
    return Catalog(fuzzy=False)


def add(catalog: Catalog, message: PoMessage, *, obsolete: bool = False) -> None:
    if obsolete:
        catalog.obsolete[catalog._key_for(message.id, message.context)] = message
    else:
        catalog[message.id] = message


# ---------------------------------------------------------------------------- header fields

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


# ---------------------------------------------------------------------------------- reading

def read_po(path: Path, shown: str) -> PoFile:
    """Read a catalog from disk; every problem names the file and line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(Problem(shown, "not found")) from None
    except OSError as exc:
        raise SourceError(Problem(shown, f"cannot be read: {exc.strerror}")) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(Problem(shown, "not valid UTF-8; save the catalog as UTF-8", line)
                          ) from None
    return parse_po(text, shown)


@dataclass
class _Entry:
    """What has been read of one entry so far."""

    comments: list[str] = field(default_factory=list)
    auto_comments: list[str] = field(default_factory=list)
    locations: list[tuple[str, int | None]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, list[str]] = field(default_factory=dict)
    strings: dict[str, list[str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    obsolete: bool | None = None
    current: str | None = None  # the keyword that continuation strings extend
    previous_current: str | None = None

    @property
    def started(self) -> bool:
        return bool(self.strings)


def parse_po(text: str, shown: str = "<catalog>") -> PoFile:
    if text.startswith("\ufeff"):
        text = text[1:]
    header: PoMessage | None = None
    catalog = new_catalog()
    seen: dict[tuple[bool, str | None, str], int] = {}
    entry = _Entry()

    def fail(message: str, line: int) -> SourceError:
        return SourceError(Problem(shown, message, line))

    def finish() -> None:
        nonlocal header, entry
        if not entry.started:
            return
        message, obsolete = _build(entry, fail)
        key = (obsolete, message.context, message.singular)
        if key in seen:
            raise fail(f"duplicate entry: line {seen[key]} has the same msgid"
                       + (" and msgctxt" if message.context is not None else "")
                       + "; delete one of them", message.lineno or 0)
        seen[key] = message.lineno or 0
        if message.id == "" and message.context is None and not obsolete:
            header = message
        else:
            add(catalog, message, obsolete=obsolete)
        entry = _Entry()

    for number, raw in enumerate(text.split("\n"), start=1):
        # Trailing spaces belong to a comment's text, so only the start of a line is trimmed.
        line = raw.rstrip("\r").lstrip()
        if not line.strip():
            continue
        obsolete = False
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].lstrip()
            if not line:
                continue
            if line.startswith("|"):
                line = "#" + line
        if line.startswith("#|"):
            if entry.started:
                finish()
            _read_previous(entry, line[2:].strip(), number, fail)
            continue
        if line.startswith("#"):
            if entry.started:
                finish()
            _read_comment(entry, line)
            continue
        starts = _KEYWORD.match(line)
        if starts and starts.group(1) in ("msgctxt", "msgid") \
                and any(name.startswith("msgstr") for name in entry.strings):
            finish()
        _read_keyword_line(entry, line.rstrip(), obsolete, number, fail)
    finish()
    # Comments after the last entry belong to nothing; GNU tools drop them too.
    return PoFile(header=header, catalog=catalog, path=shown)


def _read_comment(entry: _Entry, line: str) -> None:
    kind = line[1:2]
    rest = line[2:]
    if kind == ".":
        entry.auto_comments.append(rest[1:] if rest.startswith(" ") else rest)
    elif kind == ":":
        for token in rest.split():
            name, colon, digits = token.rpartition(":")
            if colon and digits.isdigit():
                entry.locations.append((name, int(digits)))
            else:
                entry.locations.append((token, None))
    elif kind == ",":
        entry.flags.extend(flag.strip() for flag in rest.split(",") if flag.strip())
    else:
        body = line[1:]
        entry.comments.append(body[1:] if body.startswith(" ") else body)


def _read_previous(entry: _Entry, line: str, number: int, fail) -> None:
    match = _KEYWORD.match(line)
    if match:
        name = match.group(1)
        if name not in ("msgctxt", "msgid", "msgid_plural") or match.group(2) is not None:
            raise fail(f"'#| {name}' is not a previous-string line", number)
        entry.previous[name] = _strings(line[match.end():], number, fail)
        entry.previous_current = name
    elif line.startswith('"') and entry.previous_current:
        entry.previous[entry.previous_current] += _strings(line, number, fail)
    else:
        raise fail("'#|' lines hold the previous msgid; expected #| msgid \"...\"", number)


def _read_keyword_line(entry: _Entry, line: str, obsolete: bool, number: int, fail) -> None:
    if line.startswith('"'):
        if entry.current is None:
            raise fail('a string continues nothing: put msgid, msgstr or msgctxt before it',
                       number)
        _same_kind(entry, obsolete, number, fail)
        entry.strings[entry.current] += _strings(line, number, fail)
        return
    match = _KEYWORD.match(line)
    if not match:
        word = line.split()[0] if line.split() else line
        raise fail(f"unknown keyword {word!r}; lines start with msgctxt, msgid, msgid_plural, "
                   "msgstr, a quoted string or #", number)
    keyword, index = match.group(1), match.group(2)
    if keyword == "msgctxt" and "msgid" in entry.strings:
        raise fail("msgctxt must come before msgid", number)
    if keyword == "msgid" and "msgid" in entry.strings:
        raise fail("second msgid without a msgstr between them; add msgstr \"\"", number)
    if keyword == "msgid_plural" and "msgid" not in entry.strings:
        raise fail("msgid_plural must follow a msgid", number)
    if keyword == "msgstr":
        if "msgid" not in entry.strings:
            raise fail("msgstr without a msgid before it", number)
        plural = "msgid_plural" in entry.strings
        if plural and index is None:
            raise fail("this entry has msgid_plural, so its translations are written "
                       "msgstr[0], msgstr[1], ...", number)
        if not plural and index is not None:
            raise fail(f"msgstr[{index}] needs a msgid_plural in the entry", number)
    _same_kind(entry, obsolete, number, fail)
    name = keyword if index is None else f"msgstr[{int(index)}]"
    if name in entry.strings:
        raise fail(f"{name} appears twice in one entry", number)
    entry.obsolete = obsolete
    entry.strings[name] = _strings(line[match.end():], number, fail)
    entry.lines[name] = number
    entry.current = name


def _same_kind(entry: _Entry, obsolete: bool, number: int, fail) -> None:
    if entry.started and entry.obsolete != obsolete:
        raise fail("an entry mixes obsolete (#~) and active lines; remove the '#~' marks or "
                   "add them to every line of the entry", number)


def _strings(text: str, number: int, fail) -> list[str]:
    """The quoted strings on a line, unescaped."""
    result = []
    i = 0
    text = text.strip()
    if not text:
        raise fail('expected a string in double quotes, such as ""', number)
    while i < len(text):
        if text[i] in " \t":
            i += 1
            continue
        if text[i] != '"':
            raise fail("unexpected text after the string; each line holds one string in "
                       'double quotes, with inner quotes written \\"', number)
        i += 1
        out = []
        while True:
            if i >= len(text):
                raise fail('this string is not closed: end it with a " on the same line',
                           number)
            char = text[i]
            if char == '"':
                i += 1
                break
            if char == "\\":
                i += 1
                code = text[i] if i < len(text) else ""
                if code in _UNESCAPES:
                    out.append(_UNESCAPES[code])
                    i += 1
                elif code in "01234567" and code:
                    digits = re.match(r"[0-7]{1,3}", text[i:])
                    assert digits is not None
                    out.append(chr(int(digits.group(0), 8)))
                    i += len(digits.group(0))
                elif code == "x" and re.match(r"x[0-9a-fA-F]{1,2}", text[i:]):
                    digits = re.match(r"x([0-9a-fA-F]{1,2})", text[i:])
                    assert digits is not None
                    out.append(chr(int(digits.group(1), 16)))
                    i += len(digits.group(0))
                else:
                    raise fail(f"invalid escape sequence '\\{code}'; write a backslash as "
                               "\\\\ and a quote as \\\"", number)
                continue
            out.append(char)
            i += 1
        result.append("".join(out))
    return result


def _build(entry: _Entry, fail) -> tuple[PoMessage, bool]:
    strings = {name: "".join(parts) for name, parts in entry.strings.items()}
    lineno = entry.lines.get("msgid", 0)
    if "msgid" not in strings:
        raise fail("msgctxt without a msgid after it", entry.lines.get("msgctxt", 0))
    forms = sorted((int(name[7:-1]), value) for name, value in strings.items()
                   if name.startswith("msgstr["))
    if "msgstr" not in strings and not forms:
        raise fail("msgid without a msgstr; add msgstr \"\" after it", lineno)
    if forms:
        values = dict(forms)
        string: str | tuple[str, ...] = tuple(values.get(i, "") for i in range(forms[-1][0] + 1))
        msgid: str | tuple[str, str] = (strings["msgid"], strings["msgid_plural"])
        string_line = min(line for name, line in entry.lines.items() if name.startswith("msgstr"))
    else:
        string = strings["msgstr"]
        msgid = strings["msgid"]
        string_line = entry.lines["msgstr"]
    previous = {name: "".join(parts) for name, parts in entry.previous.items()}
    previous_id: str | tuple[str, ...] = ()
    if "msgid" in previous:
        previous_id = (previous["msgid"], previous["msgid_plural"]) \
            if "msgid_plural" in previous else previous["msgid"]
    message = PoMessage(
        msgid, string, locations=entry.locations, flags=entry.flags,
        auto_comments=entry.auto_comments, user_comments=entry.comments,
        previous_id=previous_id, previous_context=previous.get("msgctxt"),
        context=strings.get("msgctxt"), lineno=lineno, string_line=string_line)
    return message, bool(entry.obsolete)


# ---------------------------------------------------------------------------------- writing

def format_po(po: PoFile) -> str:
    """The catalog as GNU msgcat would write it."""
    blocks: list[list[str]] = []
    if po.header is not None:
        blocks.append(_entry_lines(po.header, obsolete=False))
    for message in po.messages:
        blocks.append(_entry_lines(message, obsolete=False))  # type: ignore[arg-type]
    for message in po.obsolete:
        # GNU drops obsolete entries that hold no translation: there is nothing to keep.
        if message.strings[0]:
            blocks.append(_entry_lines(message, obsolete=True))
    return "\n".join("".join(line + "\n" for line in block) for block in blocks)


def _entry_lines(message: PoMessage, *, obsolete: bool) -> list[str]:
    lines: list[str] = []
    for comment in message.user_comments:
        for part in comment.split("\n"):
            lines.append("#" + (" " + part if part else ""))
    for comment in message.auto_comments:
        lines.append("#." + (" " + comment if comment else ""))
    lines.extend(_reference_lines(message.locations))
    flags = _flag_line(message)
    if flags:
        lines.append(flags)
    wrap = "no-wrap" not in message.flags
    directives = _directive_finder(message.flags)
    previous_prefix = "#~| " if obsolete else "#| "
    if message.previous_context is not None:
        lines += _wrap(previous_prefix, "msgctxt", message.previous_context, wrap, directives)
    if message.previous_id:
        lines += _wrap(previous_prefix, "msgid", message.previous_id[0], wrap, directives)
        if len(message.previous_id) > 1:
            lines += _wrap(previous_prefix, "msgid_plural", message.previous_id[1], wrap,
                           directives)
    prefix = "#~ " if obsolete else ""
    if message.context is not None:
        lines += _wrap(prefix, "msgctxt", message.context, wrap, directives)
    if isinstance(message.id, (list, tuple)):
        lines += _wrap(prefix, "msgid", message.id[0], wrap, directives)
        lines += _wrap(prefix, "msgid_plural", message.id[1], wrap, directives)
        for index, form in enumerate(message.strings):
            lines += _wrap(prefix, f"msgstr[{index}]", form, wrap, directives)
    else:
        lines += _wrap(prefix, "msgid", message.id, wrap, directives)
        lines += _wrap(prefix, "msgstr", message.strings[0], wrap, directives)
    return lines


def _reference_lines(locations: Iterable[tuple[str, int | None]]) -> list[str]:
    if not locations:
        return []
    lines, current, column = [], "#:", 2
    for filename, lineno in locations:
        while filename.startswith("./"):
            filename = filename[2:]
        text = filename if lineno is None else f"{filename}:{lineno}"
        size = len(text.encode("utf-8")) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            lines.append(current)
            current, column = "#:", 2
        current += " " + text
        column += size
    lines.append(current)
    return lines


def _flag_line(message: PoMessage) -> str:
    """`#, ...` in GNU's order: fuzzy, format flags, range, no-wrap, then any others."""
    fuzzy = "fuzzy" in message.flags and bool(message.strings[0])
    flags = ["fuzzy"] if fuzzy else []
    formats: dict[int, str] = {}
    others = []
    ranges = []
    for flag in message.flags:
        if flag in ("fuzzy", "wrap", "no-wrap"):
            continue
        known = _format_flag(flag)
        if known is not None:
            if known[1]:
                formats[known[0]] = known[1]
        elif _RANGE.fullmatch(flag):
            ranges.append(flag)
        else:
            others.append(flag)
    flags += [formats[i] for i in sorted(formats)] + ranges
    if "no-wrap" in message.flags:
        flags.append("no-wrap")
    flags += sorted(others)
    return "#, " + ", ".join(flags) if flags else ""


def _format_flag(flag: str) -> tuple[int, str] | None:
    """(GNU's index, the flag as GNU writes it) for a format flag; None for other flags."""
    for prefix, shown in (("no-", "no-"), ("possible-", ""), ("impossible-", None), ("", "")):
        if flag.startswith(prefix) and flag.endswith("-format"):
            name = flag[len(prefix):-len("-format")]
            if name in FORMAT_LANGUAGES:
                index = FORMAT_LANGUAGES.index(name)
                return index, "" if shown is None else f"{shown}{name}-format"
    return None


def _directive_finder(flags: set[str]) -> Callable[[str], Scan] | None:
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
