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
from dataclasses import dataclass

KINDS = ("markdown", "html", "text", "toml")

_DIRECTIVE = re.compile(r"<!--\s*outreach-lint\s*:(.*?)-->", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_NOT_NEWLINE = re.compile(r"[^\n]")

_FRONT_MATTER = re.compile(r"\A(---[ \t]*\n)(.*?\n)((?:---|\.\.\.)[ \t]*)(?=\n|\Z)", re.S)
_FRONT_KEY = re.compile(r"(?m)^([ \t]*(?:-[ \t]+)?)([\w.-]+[ \t]*:)([^\n]*)")
# Front matter values that name things rather than say things (slugs often spell out terms).
_IDENTIFIER_KEYS = frozenset(
    "id slug lang language url path file image template layout date audience audiences".split())
_FENCE = re.compile(
    r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*(?:\n.*?)??(?:\n[ \t]{0,3}\1[`~]*[ \t]*(?=\n|\Z)|\Z)",
    re.M | re.S)
_INDENTED_AFTER_BLANK = re.compile(r"(?:\A|\n)[ \t]*\n(?: {4}|\t)")
_LIST_ITEM = re.compile(r"[ \t]{0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|\Z)")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_LINK_DEST = re.compile(
    r"\]\((?:<[^>\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)")
_REFERENCE_DEF = re.compile(r"(?m)^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*$")
_REFERENCE_USE = re.compile(r"\]\[[^\]\n]*\]")
_BRACKETS = re.compile(r"!\[|[\[\]]")
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.|\bmailto:)[^\s<>\"'`)\]]*", re.I)
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_EMAIL_LOCAL = re.compile(r"[\w.+-]+\Z")
_TAG = re.compile(r"<!?/?[A-Za-z][^<>]*>")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_MARKDOWN_PUNCTUATION = re.compile(
    r"\*+(?=\S)|(?<=\S)\*+|~~|(?<![^\W_])_+(?=[^\W_])|(?<=[^\W_])_+(?![^\W_])"
    r"|\\(?=[!-/:-@\[-`{-~])")
_BLOCKQUOTE = re.compile(r"(?m)^[ \t]{0,3}>[> \t]*")

_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_JINJA_PATHS = re.compile(r"\{%-?\s*(?:extends|include|import|from)\b")
_STRING_LITERAL = re.compile(r"\"((?:[^\"\\\n]|\\.)*)\"|'((?:[^'\\\n]|\\.)*)'")
# Attribute values a reader sees or hears (alt text, tooltips, screen-reader labels).
_VISIBLE_ATTRIBUTE = re.compile(
    r"(?<![\w-])(?:alt|title|aria-label|placeholder|content|label|summary)\s*=\s*"
    r"(?:\"([^\"]*)\"|'([^']*)')", re.I)

_TOML_TABLE = re.compile(r"[ \t]*\[\[?[ \t]*([^\]]*?)[ \t]*\]\]?")
_TOML_STRING = re.compile(r"[ \t]*[\w\"'.-]+[ \t]*=[ \t]*(\"((?:[^\"\\]|\\.)*)\"|'([^']*)')")

_MARKDOWN_LANG = re.compile(
    r"(?m)^(?:lang|language)[ \t]*:[ \t]*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)[\"']?[ \t]*$")
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
    text = _mask_front_matter(text)
    if "```" in text or "~~~" in text:
        text = _FENCE.sub(_blank_match, text)
    if _INDENTED_AFTER_BLANK.search(text):
        text = _mask_indented_code(text)
    if "`" in text:
        text = _CODE_SPAN.sub(_blank_match, text)
    text, directives = _mask_comments(text)
    if "]" in text:
        text = _LINK_DEST.sub(_blank_match, text)
        text = _REFERENCE_DEF.sub(_blank_match, text)
        text = _REFERENCE_USE.sub(_blank_match, text)
        text = _BRACKETS.sub(_blank_match, text)
    text = _mask_addresses(text)
    if "<" in text:
        text = _TAG.sub(_blank_match, text)
    if "&" in text:
        text = _ENTITY.sub(_blank_match, text)
    text = _MARKDOWN_PUNCTUATION.sub(_blank_match, text)
    if ">" in text:
        text = _BLOCKQUOTE.sub(_blank_match, text)
    return Masked(text, directives)


def _mask_html(text: str) -> Masked:
    if "{#" in text:
        text = _JINJA_COMMENT.sub(_blank_match, text)
    text, directives = _mask_comments(text)
    text = _SCRIPT_STYLE.sub(_blank_match, text)
    if "{{" in text or "{%" in text:
        text = _JINJA.sub(_mask_jinja, text)
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


def _mask_comments(text: str, *, only_directives: bool = False
                   ) -> tuple[str, tuple[Directive, ...]]:
    if "<!--" not in text:
        return text, ()
    directives = []
    for found in _DIRECTIVE.finditer(text):
        start, end = found.span()
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        standalone = not text[line_start:start].strip() and not text[end:line_end].strip()
        directives.append(Directive(start, end, found.group(1).strip(), standalone))
    pattern = _DIRECTIVE if only_directives else _COMMENT
    return pattern.sub(_blank_match, text), tuple(directives)


def _mask_addresses(text: str) -> str:
    text = _URL.sub(_blank_match, text)
    if "@" not in text:
        return text
    # Find the domain first (it starts with a literal "@", which is fast to search for), then
    # walk back over the local part; a pattern starting with [\w.]+ would try every position.
    spans = []
    for domain in _EMAIL_DOMAIN.finditer(text):
        local = _EMAIL_LOCAL.search(text, max(0, domain.start() - 64), domain.start())
        if local:
            spans.append((local.start(), domain.end()))
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], " " * (end - start)]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _mask_jinja(block: re.Match[str]) -> str:
    source = block.group(0)
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
