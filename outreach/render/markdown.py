"""Safe rendering of (possibly untrusted) translations: message bodies and text fields.

Rendering parses the *source* body once for its block structure (`outreach.kit.units`),
swaps each block's text for its translation, and only then runs inline Markdown. A translator
can therefore change words and inline markup but never the page structure, never inject raw
HTML (it is switched off), never add an image that makes the renderer fetch something, and
never add or change a link: a link stays a link only if its source block links to the same
place (`outreach.kit.links`), and only to a safe scheme.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from html import escape

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString
from markupsafe import Markup

from ..kit import links
from ..kit.units import PLACEHOLDER, blocks, parser
from .finish import phone_uri

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")

# Looks a unit's source text up; returns (text to show, language tag if it is a fallback).
Translate = Callable[[str], tuple[str, str | None]]


def render_body(body: str, translate: Translate, values: Mapping[str, str]) -> Markup:
    """Render a Markdown body to safe HTML, each block's text passed through `translate`."""
    md = parser()
    translated = _TranslateBlocks(md, translate)
    md.treeprocessors.register(translated, "outreach-translate", 30)
    md.treeprocessors.register(_Sanitize(md, values, translated.sources), "outreach-sanitize", 15)
    md.serializer = quote_free_html
    return Markup(md.convert(body))


def render_text(text: str, values: Mapping[str, str]) -> Markup:
    """Plain text (a title, a call to action) as escaped HTML with placeholders filled.

    Like everything made from a translation, the result holds no quote character (see
    `quote_free_html`), so a template may put it in an attribute too.
    """
    out, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        out.append(escape_text(text[last:match.start()]))
        out.append(_placeholder_html(match.group(1), values))
        last = match.end()
    out.append(escape_text(text[last:]))
    return Markup("".join(out))


def escape_text(text: str) -> str:
    """Text for HTML: `& < > " '` as references, so it cannot end an element or attribute."""
    return escape(text, quote=True)


# Translated HTML is written without a single quote character: text escapes `"` and `'`, and
# attribute values are left unquoted with every character that would end one written as a
# character reference. Templates are the kit's own and may put `{{ m.title }}` or even
# `{{ m.body }}` inside an attribute; a quote in the markup would end that attribute and turn
# what follows (a link address, a title) into new attributes such as `onerror=...`.
_ENDS_UNQUOTED_VALUE = re.compile(r"[\s\"'=<>`]")
# Python-Markdown keeps entity references in its tree (`&amp;` in code, `&#233;` in a link),
# so, like its own serializer, escape only an ampersand that does not start one.
_BARE_AMPERSAND = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.I)
_VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                            "meta", "source", "track", "wbr"})


def quote_free_html(root: ET.Element) -> str:
    """Serialize Python-Markdown's tree as HTML in which no quote character appears."""
    out: list[str] = []
    # A stack rather than recursion: inline markup in a translation can nest deeply.
    stack: list[ET.Element | str] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        tag = item.tag if isinstance(item.tag, str) else None  # comments: never produced here
        if tag:
            attributes = "".join(_attribute(name, value) for name, value in sorted(item.items()))
            out.append(f"<{tag}{attributes}>")
        if item.text:
            out.append(_markdown_text(item.text))
        if item.tail and item is not root:
            stack.append(_markdown_text(item.tail))
        if tag and tag not in _VOID_ELEMENTS:
            stack.append(f"</{tag}>")
        stack.extend(reversed(list(item)))
    return "".join(out)


def _markdown_text(text: str) -> str:
    text = _BARE_AMPERSAND.sub("&amp;", text)
    return (text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
            .replace("'", "&#39;"))


def _attribute(name: str, value: str | None) -> str:
    if not value:
        return f" {name}"
    value = _BARE_AMPERSAND.sub("&amp;", value)
    return f" {name}=" + _ENDS_UNQUOTED_VALUE.sub(lambda m: f"&#{ord(m.group())};", value)


# Contact details always read left to right; a name takes the direction of its first letter.
# Browsers isolate <bdi> by themselves; the PDF renderer needs the Unicode isolate characters,
# or "(555) 010-0199" prints as "010-0199 (555)" inside Arabic text.
_ISOLATE_OPEN = {"phone": "\u2066", "email": "\u2066", "website": "\u2066",
                 "organization": "\u2068"}
_FIRST_STRONG_ISOLATE = "\u2068"
_ISOLATE_CLOSE = "\u2069"


def isolated(value: str, kind: str = "organization") -> str:
    """`value` wrapped in Unicode directional isolates (LRI or FSI ... PDI)."""
    if not value:
        return value
    return _ISOLATE_OPEN.get(kind, _FIRST_STRONG_ISOLATE) + value + _ISOLATE_CLOSE


def _value(name: str, values: Mapping[str, str]) -> str:
    return isolated(values.get(name, "{" + name + "}"), name)


def _placeholder_html(name: str, values: Mapping[str, str]) -> str:
    # <bdi> keeps a phone number or address in its own direction inside right-to-left text.
    return f"<bdi class=ph-{name}>{escape_text(_value(name, values))}</bdi>"


class _TranslateBlocks(Treeprocessor):
    """Runs before inline Markdown: swaps each block's source text for its translation."""

    def __init__(self, md: markdown.Markdown, translate: Translate) -> None:
        super().__init__(md)
        self.translate = translate
        self.sources: dict[ET.Element, str] = {}  # each block and its source text

    def run(self, root: ET.Element) -> None:
        for el, text in list(blocks(root)):
            self.sources[el] = text
            shown, fallback_lang = self.translate(text)
            # Python-Markdown marks its placeholders with STX and ETX and removes both from a
            # source before parsing; a translation arrives after that step, so remove them here.
            el.text = _bounded(shown.replace(STX, "").replace(ETX, ""))
            if fallback_lang:
                el.set("lang", fallback_lang)


# Python-Markdown's inline parsing takes time that grows faster than the text: it matches link
# brackets by scanning ahead from every "[" (20,000 of them took longer than anyone would
# wait), and backslash escapes and emphasis runs are quadratic. No paragraph or list item a
# person writes comes near these limits; a unit past them is shown as the plain text it is.
MAX_UNIT_LENGTH = 5_000
MAX_BRACKETS = 200


def _bounded(text: str) -> str:
    if len(text) <= MAX_UNIT_LENGTH and text.count("[") <= MAX_BRACKETS:
        return text
    return AtomicString(text)  # inline Markdown leaves an AtomicString alone


class _Sanitize(Treeprocessor):
    """Runs after inline Markdown: makes unsafe links inert, drops images, fills placeholders."""

    def __init__(self, md: markdown.Markdown, values: Mapping[str, str],
                 sources: Mapping[ET.Element, str]) -> None:
        super().__init__(md)
        self.values = values
        self.sources = sources

    def run(self, root: ET.Element) -> None:
        self._walk(root, frozenset())
        for el in list(root.iter()):
            self._fill(el)

    def _walk(self, parent: ET.Element, targets: frozenset[str]) -> None:
        """Links and images under `parent`; `targets` are where its block's source links."""
        if parent in self.sources:
            targets = self._targets(self.sources[parent]) if parent.find(".//a") is not None \
                else frozenset()
        for child in list(parent):
            if child.tag == "a":
                self._link(child, targets)
            elif child.tag == "img":
                _replace_with_text(parent, child, child.get("alt", ""))
                continue
            self._walk(child, targets)

    def _targets(self, source: str) -> frozenset[str]:
        """Where a block's source text links, read by the same Markdown as the translation."""
        holder = ET.Element("div")
        ET.SubElement(holder, "p").text = source
        self.md.treeprocessors["inline"].run(holder)
        return frozenset(links.normalize(a.get("href") or "") for a in holder.iter("a"))

    def _link(self, a: ET.Element, targets: frozenset[str]) -> None:
        href = (a.get("href") or "").strip()
        filled = PLACEHOLDER.sub(lambda m: self.values.get(m.group(1), ""), href)
        if href.startswith("tel:"):
            filled = phone_uri(filled[4:])
        # A link its source does not have, or to anything but a safe scheme (javascript:,
        # file:, data:, a relative path), becomes text.
        if links.allowed(href, targets) and (filled.lower().startswith(SAFE_SCHEMES)
                                             or filled.startswith("#")):
            a.set("href", filled)
            return
        a.tag = "span"
        for attr in list(a.attrib):
            del a.attrib[attr]

    def _fill(self, el: ET.Element) -> None:
        """Replace placeholders in text and tails with <bdi> elements holding the value."""
        if el.tag in ("bdi", "code", "pre"):
            return
        if el.text and PLACEHOLDER.search(el.text):
            pieces = _split(el.text, self.values)
            el.text = pieces[0]
            for i, node in enumerate(pieces[1:]):
                el.insert(i, node)
        for index, child in reversed(list(enumerate(el))):
            if child.tail and PLACEHOLDER.search(child.tail):
                pieces = _split(child.tail, self.values)
                child.tail = pieces[0]
                for offset, node in enumerate(pieces[1:], start=1):
                    el.insert(index + offset, node)


def _split(text: str, values: Mapping[str, str]) -> list:
    """'Call {phone} now' -> ['Call ', <bdi>555</bdi> with tail ' now']."""
    parts = PLACEHOLDER.split(text)  # text, name, text, name, text...
    nodes: list = [parts[0]]
    for name, tail in zip(parts[1::2], parts[2::2], strict=True):
        bdi = ET.Element("bdi", {"class": f"ph-{name}"})
        bdi.text = _value(name, values)
        bdi.tail = tail
        nodes.append(bdi)
    return nodes


def _replace_with_text(parent: ET.Element, child: ET.Element, text: str) -> None:
    index = list(parent).index(child)
    addition = text + (child.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + addition
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + addition
    parent.remove(child)
