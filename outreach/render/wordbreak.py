"""Line-break hints for scripts written without spaces between words: Thai, Lao, Khmer, Myanmar.

Browsers break such text between words with ICU's dictionaries. Pango, which sets the PDFs,
does so only for Thai, and only when it was built with libthai; it finds no break at all inside
Lao, Khmer or Burmese text, so a paragraph in those scripts runs off the page. Before a PDF is
laid out, a zero-width space is put wherever ICU's line breaker allows a break inside such text
(the same rules a browser uses, from the ICU the `icu4py` wheel carries, so every machine breaks
alike). Pango then breaks there and nowhere else: never inside a syllable. The hints exist only
in the layout: they are invisible and do not show in the PDF's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

ZWSP = "\u200b"

# The scripts whose line breaking depends on a dictionary (Unicode line break class SA): Thai,
# Lao, Myanmar and its extensions (Burmese, Karen, Shan...), Khmer, Tai Le, New Tai Lue, Tai Tham
# and Tai Viet.
_NO_SPACES = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u1950-\u1aaf\ua9e0-\ua9ff\uaa60-\uaadf]+")
_SKIPPED = {"style", "script", "head", "title"}


def hint_line_breaks(root: Element) -> None:
    """Add the break hints to every text of an HTML tree, in place."""
    for element, lang in _elements(root, ""):
        if element.text:
            element.text = hinted(element.text, lang)
        for child in element:
            if child.tail:
                child.tail = hinted(child.tail, lang)


def hinted(text: str, lang: str = "") -> str:
    """`text` with a zero-width space at each break ICU allows inside its spaceless runs."""
    if not _NO_SPACES.search(text):
        return text
    from icu4py.breakers import LineBreaker

    def split(run: re.Match[str]) -> str:
        return ZWSP.join(LineBreaker(run.group(), lang or "und"))

    return _NO_SPACES.sub(split, text)


def _elements(element: Element, lang: str) -> Iterator[tuple[Element, str]]:
    tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
    if tag in _SKIPPED:
        return
    lang = element.get("lang", lang)
    yield element, lang
    for child in element:
        yield from _elements(child, lang)
