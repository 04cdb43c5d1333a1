"""Last touches on rendered HTML: what paper needs, and what the web needs.

Both work on a finished page as the templates wrote it, whose text is escaped and whose tags
are the theme's and the safe Markdown renderer's, so splitting it at tags is exact.

On paper (`for_print`), before the PDF is laid out:
- a link's address is printed after its text, "list of clinics (example.org/clinics)", since
  paper cannot be clicked;
- Korean breaks only between words (CSS `word-break: keep-all`, which the PDF renderer lacks):
  a word joiner (U+2060, invisible, not in the PDF's text) sits between the letters of a word
  and whatever is attached to it;
- closing punctuation never starts a line, even after a link or emphasis ends;
- the last line of a paragraph, list item or headline is never a lone word or character.

The word joiners that do this are invisible and are not part of the PDF's text.

On the web (`for_web`), browsers do all of that from the stylesheet, so the page stays free of
invisible characters: the directional isolates that the PDF renderer needs inside filled-in
values are removed (`<bdi dir="ltr">` isolates them in a browser), so a copied phone number
holds nothing but the number.

Both turn every phone number and email address that is not already in a link into a `tel:` or
`mailto:` link.
"""

from __future__ import annotations

import html as html_lib
import re
from functools import lru_cache
from urllib.parse import urlsplit

WORD_JOINER = "\u2060"
ISOLATES = "\u2066\u2067\u2068\u2069"
LRI, PDI = "\u2066", "\u2069"

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?([a-zA-Z0-9]+)")
# Attribute values as the theme writes them (quoted) and as the safe Markdown renderer writes
# them (unquoted: a translation can hold no quote that would end one).
_HREF = re.compile(r'\shref=(?:"([^"]*)"|([^\s"\'>]+))')
_CLASS = re.compile(r'\sclass=(?:"([^"]*)"|([^\s"\'>]+))')
# Elements whose end is a paragraph's end: the last line is decided there.
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "ul", "ol", "section",
           "header", "footer", "main", "article", "figure", "figcaption", "body", "nav",
           "blockquote", "br", "td", "th", "tr", "table", "dd", "dt"}
_LAST_LINE = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"style", "script", "title", "head"}
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Korean words are kept whole with what is attached to them: "심리(hearing)", "센터는".
_IN_KOREAN_WORD = re.compile(f"(?<=[{_HANGUL}])(?=\\S)|(?<=\\S)(?=[{_HANGUL}])")
_IS_HANGUL = re.compile(f"[{_HANGUL}]")
# Punctuation that closes: never at a line's start (CJK and Western).
_CLOSING = "、。，．：；！？）」』】〕〉》〙〗〛’”,.:;!?)]}%\u3001\u3002\uff09\uff0c"
_ENDS_IN_HAN = re.compile(f"([{_HAN}])([{_HAN}])([{re.escape(_CLOSING)}]*)\\s*$")
_PHONE_CLASS = "ph-phone"
_EMAIL_CLASS = "ph-email"
_LTR_VALUES = {"ph-phone", "ph-email", "ph-website"}


def short_url(url: str) -> str:
    """An address as people write it: no scheme, no `www.`, no trailing slash."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return url
    text = parts.netloc.removeprefix("www.") + parts.path.rstrip("/")
    if parts.query:
        text += "?" + parts.query
    return text


def dialled(phone: str) -> str:
    """What a phone dials for a number as people write it: "(555) 010-0199" -> "5550100199"."""
    return re.sub(r"[^0-9+]", "", phone)


def phone_uri(phone: str) -> str:
    return "tel:" + dialled(phone)


def for_print(page: str) -> str:
    """The print HTML of a flyer or sheet, set for paper (see the module's docstring)."""
    head, body = _split_body(page)
    tokens = _link_contacts(_TAG.split(body))
    tokens = _print_link_addresses(tokens)
    tokens = _join_words(tokens)
    return head + "".join(tokens)


def for_web(page: str) -> str:
    """A web page without invisible direction marks in its values, contacts linked."""
    head, body = _split_body(page)
    tokens = _link_contacts(_TAG.split(body))
    in_bdi = 0
    for i, token in enumerate(tokens):
        if i % 2:
            name, closing = _name(token)
            if name == "bdi":
                in_bdi += -1 if closing else 1
                if not closing and _classes(token) & _LTR_VALUES and " dir=" not in token:
                    tokens[i] = token[:-1] + ' dir="ltr">'
        elif in_bdi and token:
            tokens[i] = token.translate({ord(c): None for c in ISOLATES})
    return head + "".join(tokens)


# --------------------------------------------------------------------------------- helpers

def _split_body(page: str) -> tuple[str, str]:
    start = page.find("<body")
    return (page[:start], page[start:]) if start >= 0 else ("", page)


@lru_cache(maxsize=4096)  # a page repeats a few tags thousands of times, in every pass
def _name(tag: str) -> tuple[str, bool]:
    match = _TAG_NAME.match(tag)
    return (match.group(1).lower() if match else ""), tag.startswith("</")


def _classes(tag: str) -> set[str]:
    match = _CLASS.search(tag)
    return set((match.group(1) or match.group(2) or "").split()) if match else set()


def _text(token: str) -> str:
    return html_lib.unescape(token).translate({ord(c): None for c in ISOLATES})


def _link_contacts(tokens: list[str]) -> list[str]:
    """Wrap each phone number and email address that is not inside a link in one."""
    out: list[str] = []
    in_link = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i % 2:
            name, closing = _name(token)
            if name == "a":
                in_link += -1 if closing else (0 if token.endswith("/>") else 1)
            elif name == "bdi" and not closing and not in_link:
                kind = _classes(token) & {_PHONE_CLASS, _EMAIL_CLASS}
                if kind and i + 2 < len(tokens) and _name(tokens[i + 2]) == ("bdi", True):
                    value = _text(tokens[i + 1]).strip()
                    href = (phone_uri(value) if _PHONE_CLASS in kind
                            else "mailto:" + value)
                    if value and href not in ("tel:", "mailto:"):
                        out += [f'<a href="{html_lib.escape(href)}">', "", token,
                                tokens[i + 1], tokens[i + 2], "", "</a>"]
                        i += 3
                        continue
        out.append(token)
        i += 1
    return out


def _print_link_addresses(tokens: list[str]) -> list[str]:
    """After each web link whose text is not its address, the address in brackets."""
    out: list[str] = []
    link: str | None = None
    shown: list[str] = []
    for i, token in enumerate(tokens):
        out.append(token)
        if i % 2 == 0:
            if link is not None:
                shown.append(_text(token))
            continue
        name, closing = _name(token)
        if name != "a":
            continue
        if not closing:
            match = _HREF.search(token)
            href = html_lib.unescape(match.group(1) or match.group(2) or "") if match else ""
            link = href if urlsplit(href).scheme in ("http", "https") else None
            shown = []
            continue
        if link is not None:
            address = short_url(link)
            if " ".join("".join(shown).split()) not in (address, link):
                # Isolated, so the address reads left to right inside right-to-left text.
                out += ["", f'<span class="link-address"> ({LRI}'
                        f"{html_lib.escape(address, quote=False)}{PDI})</span>"]
        link = None
    return out


def _join_words(tokens: list[str]) -> list[str]:
    """Korean words kept whole, closing punctuation kept on its line, no one-word last lines."""
    skip = 0
    previous = ""  # the last character of text in the current paragraph
    opened = 0  # index of the token after the current paragraph's opening tag
    for i, token in enumerate(tokens):
        if i % 2:
            name, closing = _name(token)
            if name in _SKIP:
                skip += -1 if closing else 1
            if name in _BLOCKS:
                if closing and name in _LAST_LINE and not skip:
                    _keep_last_line(tokens, opened, i)
                previous = ""
                opened = i + 1
            continue
        if skip or not token:
            continue
        text = _IN_KOREAN_WORD.sub(WORD_JOINER, token)
        first = text[0]
        if previous and (first in _CLOSING or (not first.isspace() and (
                _IS_HANGUL.match(previous) or _IS_HANGUL.match(first)))):
            text = WORD_JOINER + text
        tokens[i] = text
        stripped = token.rstrip()
        previous = stripped[-1] if stripped == token and stripped else ""
    return tokens


def _keep_last_line(tokens: list[str], start: int, end: int) -> None:
    """Join the last two words (or, in Chinese and Japanese, characters) of a paragraph."""
    seen_text = False  # visible text follows the token being looked at
    for i in range(end - 1, start - 1, -1):
        token = tokens[i]
        if i % 2:
            if _name(token)[0] in _BLOCKS:
                return  # a nested list or a line break: the paragraph's end is not here
            continue
        if not token.strip():
            if seen_text and token.endswith(" "):
                tokens[i] = token + WORD_JOINER
                return
            continue
        if not seen_text and (han := _ENDS_IN_HAN.search(token)):
            joined = f"{han.group(1)}{WORD_JOINER}{han.group(2)}"
            if han.group(3):
                joined += WORD_JOINER + han.group(3)
            tokens[i] = token[:han.start()] + joined + token[han.start() + len(
                han.group(1) + han.group(2) + han.group(3)):]
            return
        searched = token if seen_text else token.rstrip()
        cut = searched.rfind(" ")
        seen_text = True
        if cut >= 0 and (cut > 0 or i > start):
            # A word joiner after the space forbids the break there (Unicode line breaking
            # rule LB11) and, unlike a no-break space, leaves the PDF's text as it was.
            tokens[i] = token[:cut + 1] + WORD_JOINER + token[cut + 1:]
            return
