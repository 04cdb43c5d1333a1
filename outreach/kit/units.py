"""Message bodies as translatable units: the part of Markdown every layer agrees on.

A message body is split the way Sphinx and mdpo split documents: each heading, paragraph and
list item is one unit, with its inline markup kept. Extraction makes one catalog entry per unit;
rendering (`outreach.render.markdown`) parses the *source* body for its block structure and
swaps each unit for its translation.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import markdown

PLACEHOLDER = re.compile(r"\{(organization|phone|email|website)\}")
BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li")


@dataclass(frozen=True)
class Unit:
    kind: str  # "heading", "paragraph" or "item"
    text: str


def normalize(text: str) -> str:
    """Units are compared on their words: line wrapping in the source is not a change."""
    return " ".join(text.split())


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def fill_plain(text: str, values: Mapping[str, str]) -> str:
    """Placeholders filled, no markup: for PDF metadata, text messages and other plain text."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def units(body: str) -> list[Unit]:
    """The translatable units of a Markdown body, in document order."""
    md = parser()
    lines = body.split("\n")
    for pre in md.preprocessors:
        lines = pre.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    return [Unit(_kind(el.tag), text) for el, text in blocks(root)]


def parser() -> markdown.Markdown:
    """The Markdown the kit is written in: no raw HTML, from sources or from translations."""
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def blocks(root: ET.Element) -> Iterator[tuple[ET.Element, str]]:
    """Elements holding a unit of inline text, with that text normalized."""
    for el in root.iter():
        if el.tag in BLOCK_TAGS and el.text and el.text.strip():
            yield el, normalize(el.text)


def _kind(tag: str) -> str:
    return {"p": "paragraph", "li": "item"}.get(tag, "heading")
