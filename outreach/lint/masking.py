"""Hide what readers never see, keeping every other character where it was.

Code, link targets, URLs, HTML comments and tags, template logic and Markdown punctuation are
replaced by spaces of the same length (line breaks are kept). The masked text therefore has
the same offsets as the original: a match in it is a position in the file, with no mapping.
Emphasis markers become spaces, which is what lets "**illegal** immigrants" match a phrase
whose words may be separated by any run of spaces.

This is deliberately not a full Markdown parser: it needs to be fast on large files and only
has to decide what is prose, not how it renders.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Comments, template blocks and <script>/<style> are found by `_closed_spans` (an opener, then
# the first closer after it) rather than with lazy `.*?` patterns, which rescan to the end of
# the text from every unclosed opener: a file of many "<!--" would take minutes to lint.
_COMMENT_OPEN = re.compile(r"<!--")
_DIRECTIVE_BODY = re.compile(r"\s*outreach-lint\s*:(.*)", re.S)
_NOT_NEWLINE = re.compile(r"[^\n]")

_FRONT_MATTER = re.compile(r"\A(---[ \t]*\n)(.*?\n)((?:---|\.\.\.)[ \t]*)(?=\n|\Z)", re.S)
_FRONT_KEY = re.compile(r"(?m)^([ \t]*(?:-[ \t]+)?)([\w.-]+[ \t]*:)([^\n]*)")
# Front matter values that name things rather than say things (slugs often spell out terms).
_IDENTIFIER_KEYS = frozenset(
    "id slug lang language url path file image template layout date audience audiences".split())
# Line-based constructs are found from a rare literal ("```", "]:", ">") and then checked
# against their line, instead of with ^-anchored patterns that test every position of the text.
_FENCE_OPEN = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_INDENTED_AFTER_BLANK = re.compile(r"\n[ \t]*\n(?: {4}|\t)")
_LIST_ITEM = re.compile(r"[ \t]{0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|\Z)")
_BACKTICKS = re.compile(r"`+")
# Linear on any text: an angle-bracket destination stops at the next "<", and a title is
# bounded, so a line of many unclosed "](<" or '](x "' never makes each start scan to its end.
_LINK_DEST = re.compile(
    r"\]\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
    r"(?:\s+(?:\"[^\"\n]{0,1000}\"|'[^'\n]{0,1000}'|\([^()\n]{0,1000}\)))?\s*\)")
_REFERENCE_DEF = re.compile(r"[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*")
_REFERENCE_USE = re.compile(r"\]\[[^\]\n]*\]")
_BLOCKQUOTE = re.compile(r"[ \t]{0,3}>[> \t]*")
_URL_REST = re.compile(r"[^\s<>\"'`)\]]*")
_SCHEME = re.compile(r"(?:https?|ftp|mailto)\Z", re.I)
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_EMAIL_LOCAL = re.compile(r"[\w.+-]+\Z")
_TAG = re.compile(r"<!?/?[A-Za-z][^<>]*>")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# Emphasis, strikethrough and escapes. A pattern that starts with a character class lets the
# regex engine skip straight to candidates; _mask_punctuation decides which are markup.
_PUNCTUATION = re.compile(r"[*_~\\][*_~\\]*")

_JINJA_COMMENT_OPEN = re.compile(r"\{#")
_SCRIPT_STYLE_OPEN = re.compile(r"<(script|style)\b", re.I)
_JINJA_OPEN = re.compile(r"\{[{%]")
_CLOSERS = {"<!--": re.compile(r"-->"), "{#": re.compile(r"#\}"), "{{": re.compile(r"\}\}"),
            "{%": re.compile(r"%\}"), "script": re.compile(r"</script\s*>", re.I),
            "style": re.compile(r"</style\s*>", re.I)}
_JINJA_PATHS = re.compile(r"\{%-?\s*(?:extends|include|import|from)\b")
_STRING_LITERAL = re.compile(r"\"((?:[^\"\\\n]|\\.)*)\"|'((?:[^'\\\n]|\\.)*)'")
# Attribute values a reader sees or hears (alt text, tooltips, screen-reader labels).
_VISIBLE_ATTRIBUTE = re.compile(
    r"(?<![\w-])(?:alt|title|aria-label|placeholder|content|label|summary)\s*=\s*"
    r"(?:\"([^\"]*)\"|'([^']*)')", re.I)

_TOML_TABLE = re.compile(r"[ \t]*\[\[?[ \t]*([^\]]*?)[ \t]*\]\]?")
_TOML_STRING = re.compile(r"[ \t]*[\w\"'.-]+[ \t]*=[ \t]*(\"((?:[^\"\\]|\\.)*)\"|'([^']*)')")

_MARKDOWN_LANG = re.compile(
    r"(?m)^(?:lang|language)[ \t]*:[ \t]*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)"
    r"[\"']?[ \t]*$")
_HTML_LANG = re.compile(
    r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)[\"'\s>]", re.I)


@dataclass(frozen=True)
class Directive:
    """An `<!-- outreach-lint: ... -->` comment, found where comments are allowed."""

    start: int
    end: int
    body: str  # everything after "outreach-lint:", stripped
    standalone: bool  # alone on its line(s), so it speaks about the next line


@dataclass(frozen=True)
class Masked:
    text: str  # same length as the input
    directives: tuple[Directive, ...] = ()


def mask(text: str, kind: str) -> Masked:
    if kind == "markdown":
        return _mask_markdown(text)
    if kind == "html":
        return _mask_html(text)
    if kind == "toml":
        return Masked(_mask_toml(text))
    return _mask_text(text)


def declared_language(text: str, kind: str) -> str | None:
    """The language a file states for itself: Markdown front matter or `<html lang>`."""
    if kind == "markdown":
        front = _FRONT_MATTER.match(text)
        found = _MARKDOWN_LANG.search(front.group(2)) if front else None
    elif kind == "html":
        found = _HTML_LANG.search(text)
    else:
        found = None
    return found.group(1).replace("_", "-") if found else None


def blank(text: str) -> str:
    """Spaces in place of every character except line breaks."""
    if "\n" not in text:
        return " " * len(text)
    return _NOT_NEWLINE.sub(" ", text)


def _blank_match(match: re.Match[str]) -> str:
    return blank(match.group(0))


def _mask_markdown(text: str) -> Masked:
    if "```" in text or "~~~" in text:
        text = _mask_fences(text)
    if _INDENTED_AFTER_BLANK.search(text) or text.startswith(("    ", "\t")):
        text = _mask_indented_code(text)
    # After the code blocks: masked front matter keys leave blank-looking, indented lines
    # that would otherwise read as an indented code block.
    text = _mask_front_matter(text)
    if "`" in text:
        text = _mask_code_spans(text)
    text, directives = _mask_comments(text)
    if "]" in text:
        text = _LINK_DEST.sub(_blank_match, text)
        text = _mask_lines(text, "]:", _REFERENCE_DEF, whole=True)
        text = _REFERENCE_USE.sub(_blank_match, text)
        text = text.replace("[", " ").replace("]", " ")
    text = _mask_addresses(text)
    if "<" in text:
        text = _TAG.sub(_blank_match, text)
    if "&" in text:
        text = _ENTITY.sub(_blank_match, text)
    text = _PUNCTUATION.sub(_mask_punctuation, text)
    if ">" in text:
        text = _mask_lines(text, ">", _BLOCKQUOTE)
    return Masked(text, directives)


def _mask_punctuation(found: re.Match[str]) -> str:
    mark = found.group(0)
    text, start, end = found.string, found.start(), found.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if mark.strip("*") == "":
        markup = not (before.isspace() and after.isspace())  # "* item" is a list marker
    elif mark.strip("_") == "":
        markup = before.isalnum() != after.isalnum()  # snake_case stays, _emphasis_ goes
    else:
        markup = True  # ~~strikethrough~~, \* escapes
    return " " * len(mark) if markup else mark


def _mask_code_spans(text: str) -> str:
    """Blank `code` spans: a run of backticks up to the next run of the same length."""
    spans = []
    pos = 0
    while True:
        opening = _BACKTICKS.search(text, pos)
        if opening is None:
            break
        width = len(opening.group(0))
        line_end = text.find("\n", opening.end())
        line_end = len(text) if line_end == -1 else line_end
        closing = _BACKTICKS.search(text, opening.end(), line_end)
        while closing is not None and len(closing.group(0)) != width:
            closing = _BACKTICKS.search(text, closing.end(), line_end)
        if closing is None:
            pos = opening.end()
            continue
        spans.append((opening.start(), closing.end()))
        pos = closing.end()
    return _blank_spans(text, spans)


def _mask_fences(text: str) -> str:
    """Blank fenced code blocks (``` or ~~~), up to the closing fence or the end."""
    spans = []
    pos = 0
    upcoming = {"```": text.find("```"), "~~~": text.find("~~~")}
    while True:
        for marker, at in upcoming.items():
            if at != -1 and at < pos:  # refresh only the marker we have passed
                upcoming[marker] = text.find(marker, pos)
        candidates = [at for at in upcoming.values() if at != -1]
        if not candidates:
            break
        at = min(candidates)
        line_start = text.rfind("\n", 0, at) + 1
        opening = _FENCE_OPEN.match(text, line_start)
        if opening is None or opening.start(1) != at:
            pos = at + 3
            continue
        fence = opening.group(1)
        close = _FENCE_CLOSE_CACHE.setdefault(fence, re.compile(
            r"\n[ \t]{0,3}" + re.escape(fence) + re.escape(fence[0]) + r"*[ \t]*(?=\n|\Z)"))
        found = close.search(text, opening.end())
        end = found.end() if found else len(text)
        spans.append((line_start, end))
        pos = end
    return _blank_spans(text, spans)


_FENCE_CLOSE_CACHE: dict[str, re.Pattern[str]] = {}


def _mask_lines(text: str, needle: str, pattern: re.Pattern[str], *, whole: bool = False) -> str:
    """Blank what `pattern` matches at the start of each line that contains `needle`."""
    spans = []
    pos = text.find(needle)
    while pos != -1:
        line_start = text.rfind("\n", 0, pos) + 1
        found = pattern.match(text, line_start)
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end == -1 else line_end
        if found and found.end() > pos and (not whole or found.end() == line_end):
            spans.append((line_start, found.end()))
        pos = text.find(needle, line_end)
    return _blank_spans(text, spans)


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    return _replace_spans(text, spans, blank)


def _mask_html(text: str) -> Masked:
    if "{#" in text:
        text = _blank_spans(text, _closed_spans(text, _JINJA_COMMENT_OPEN))
    text, directives = _mask_comments(text)
    text = _blank_spans(text, _closed_spans(text, _SCRIPT_STYLE_OPEN))
    if "{{" in text or "{%" in text:
        text = _replace_spans(text, _closed_spans(text, _JINJA_OPEN), _mask_jinja)
    text = _TAG.sub(_mask_tag, text)
    text = _ENTITY.sub(_blank_match, text)
    text = _mask_addresses(text)
    return Masked(text, directives)


def _mask_text(text: str) -> Masked:
    text, directives = _mask_comments(text, only_directives=True)
    return Masked(_mask_addresses(text), directives)


def _mask_front_matter(text: str) -> str:
    front = _FRONT_MATTER.match(text)
    if not front:
        return text

    def mask_entry(entry: re.Match[str]) -> str:
        indent, key, value = entry.groups()
        name = key.rstrip(" \t:").lower()
        value = blank(value) if name in _IDENTIFIER_KEYS else value
        return indent + blank(key) + value

    body = _FRONT_KEY.sub(mask_entry, front.group(2))
    return blank(front.group(1)) + body + blank(front.group(3)) + text[front.end():]


def _mask_indented_code(text: str) -> str:
    lines = text.split("\n")
    in_code = False
    in_list = False
    previous_blank = True
    for i, line in enumerate(lines):
        is_blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if in_code and (is_blank or indented):
            lines[i] = blank(line)
            continue
        in_code = False
        if indented and previous_blank and not in_list and not is_blank:
            in_code = True
            lines[i] = blank(line)
            previous_blank = False
            continue
        if not is_blank and not indented:
            # An indented block after a list item is the item's next paragraph, not code.
            in_list = bool(_LIST_ITEM.match(line)) or (in_list and not previous_blank)
        previous_blank = is_blank
    return "\n".join(lines)


def _closed_spans(text: str, opener: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans from each `opener` match to the first closer of its kind after it, left to right.

    An opener without a closer is not a span. Linear in the text: once a closer is not found
    after some position, no later opener of that kind can be closed either.
    """
    spans: list[tuple[int, int]] = []
    unclosed: set[str] = set()
    at = 0
    while found := opener.search(text, at):
        kind = (found.group(1) if found.re.groups else found.group(0)).lower()
        if kind in unclosed:
            at = found.end()
            continue
        closer = _CLOSERS[kind].search(text, found.end())
        if closer is None:
            unclosed.add(kind)
            at = found.end()
            continue
        spans.append((found.start(), closer.end()))
        at = closer.end()
    return spans


def _replace_spans(text: str, spans: list[tuple[int, int]],
                   replace: Callable[[str], str]) -> str:
    """`text` with each span (in order; an overlap is cut to what is left) replaced."""
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        start = max(start, last)
        parts += [text[last:start], replace(text[start:end])]
        last = max(last, end)
    parts.append(text[last:])
    return "".join(parts)


def _mask_comments(text: str, *, only_directives: bool = False
                   ) -> tuple[str, tuple[Directive, ...]]:
    if "<!--" not in text:
        return text, ()
    directives, blanked = [], []
    for start, end in _closed_spans(text, _COMMENT_OPEN):
        body = _DIRECTIVE_BODY.match(text, start + 4, end - 3)
        if body:
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line_end = len(text) if line_end == -1 else line_end
            standalone = not text[line_start:start].strip() and not text[end:line_end].strip()
            directives.append(Directive(start, end, body.group(1).strip(), standalone))
        if body or not only_directives:
            blanked.append((start, end))
    return _blank_spans(text, blanked), tuple(directives)


def _mask_addresses(text: str) -> str:
    """Blank URLs and email addresses (slugs often spell out the very terms rules look for).

    Found from their rare parts ("://", "www.", "mailto:", "@") with str.find, then extended.
    """
    spans = []
    for marker in ("://", "www.", "mailto:"):
        at = text.find(marker)
        while at != -1:
            start = at
            if marker == "://":
                scheme = _SCHEME.search(text, max(0, at - 6), at)
                start = scheme.start() if scheme else at
            end = _URL_REST.match(text, at + len(marker)).end()
            if marker == "://" and scheme is None:
                start = at  # "a://b" without a known scheme: only blank from the colon
            if start == 0 or not text[start - 1].isalnum():
                spans.append((start, end))
            at = text.find(marker, max(end, at + 1))
    if "@" in text:
        # The domain starts with a literal "@" (fast to find); then walk back over the name.
        for domain in _EMAIL_DOMAIN.finditer(text):
            local = _EMAIL_LOCAL.search(text, max(0, domain.start() - 64), domain.start())
            if local:
                spans.append((local.start(), domain.end()))
    spans.sort()
    return _blank_spans(text, spans)


def _mask_jinja(source: str) -> str:
    if _JINJA_PATHS.match(source):
        return blank(source)
    # Keep the text of string literals: in templates that is where translatable text lives,
    # as in {{ _("...") }}. Everything else is logic.
    return _keep_groups(source, _STRING_LITERAL)


def _mask_tag(tag: re.Match[str]) -> str:
    return _keep_groups(tag.group(0), _VISIBLE_ATTRIBUTE)


def _keep_groups(source: str, pattern: re.Pattern[str]) -> str:
    parts, last = [], 0
    for found in pattern.finditer(source):
        group = 1 if found.group(1) is not None else 2
        start, end = found.span(group)
        parts += [blank(source[last:start]), source[start:end]]
        last = end
    parts.append(blank(source[last:]))
    return "".join(parts)


def _mask_toml(text: str) -> str:
    """Keep only plain string values outside the `[lint]` tables (titles, names, labels)."""
    lines = text.split("\n")
    in_lint = False
    for i, line in enumerate(lines):
        table = _TOML_TABLE.match(line)
        if table:
            name = table.group(1).strip().strip("\"'")
            in_lint = name == "lint" or name.startswith("lint.")
            lines[i] = blank(line)
            continue
        value = None if in_lint else _TOML_STRING.match(line)
        if value is None:
            lines[i] = blank(line)
            continue
        group = 2 if value.group(2) is not None else 3
        start, end = value.span(group)
        lines[i] = blank(line[:start]) + line[start:end] + blank(line[end:])
    return "\n".join(lines)
