"""One link policy: a translation links to exactly what its source links to, nothing else.

Translations come from outside contributors, and a link is the easiest way to send a family to
a page that looks like the clinic's and is not. So a translated unit may keep, drop or move
its source's links, but never add or change one. The policy is applied twice, with the same
comparison (`normalize`):

- `outreach i18n check` finds every link in a translation, in every form Markdown has
  (`[text](url)` with or without a title in any quotes, `<url>` targets, autolinks, reference
  links) and every address written as text, and reports each one the source does not have at
  its catalog line (`targets`). So the build stops before it publishes one.
- The renderer turns any link whose target is not one of its source unit's targets into plain
  text (`render.markdown`), so that even with the checks off nothing else reaches a page or a
  PDF's link annotations.

Targets are compared after normalizing what does not change where a link leads: the case of
the scheme and the host, a default port, an empty path, percent-escapes of plain characters,
and the spellings browsers read alike (`HTTPS:evil.example`, `https:\\\\evil.example`, tabs and
line breaks inside a URL). Anything else is a different target: `//evil.example` is not
`https://evil.example`, and `/clinics/` is not `/clinics`.

Scanning is linear in the length of the text (each pattern stops at the delimiter that would
start the next match), so a hostile megabyte of brackets is checked as fast as a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

# Schemes that browsers parse specially: "\" is "/", and "https:host" means "https://host".
_SPECIAL = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21, "file": None}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\t\n\r]")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!])")

# Markdown link forms. Each character class excludes the delimiter that ends it, and possessive
# quantifiers never give back what they took, so a failed attempt costs only the characters up
# to the place the next one could start.
_TITLE = r"""(?:"[^"]*+"|'[^']*+'|\([^()]*+\))"""
_INLINE = re.compile(
    r"\]\(\s*+(?:<([^<>\n]*+)>|((?:[^\s()<>]++|\([^\s()]*+\))*+))"
    r"(?:\s++" + _TITLE + r")?+\s*+\)")
_REFERENCE = re.compile(r"\[([^\[\]]*+)\]\s?\[([^\[\]]*+)\]")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*+)>")
_AUTOMAIL = re.compile(r"<([^<>\s@:]++@[^<>\s@]++)>")
# Addresses written as text. Each starts only where a word starts, so a megabyte-long word is
# read once, not once per letter.
_URL = re.compile(r"(?<![\w/.@-])(?:(?:https?|ftp)://|www\.|//(?=[\w-]+\.[\w.-]*[A-Za-z]))"
                  r"[^\s<>()\[\]\"'{}]++|(?<![\w/.@-])mailto:[^\s<>()\[\]\"']++", re.I)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
_TRAILING = ".,;:!?。、，．！？"


@dataclass(frozen=True)
class Links:
    """What a piece of text links to, and the addresses it shows as text (both normalized)."""

    targets: Counter[str]  # links: whatever a reader can click
    addresses: Counter[str]  # web and email addresses written as text
    written: dict[str, str]  # each normalized target or address -> as the text first wrote it
    rest: str  # the text with every target and address blanked out


def normalize(url: str) -> str:
    """A URL as compared by the link policy: spellings of the same address made equal."""
    url = _INVISIBLE.sub("", url).strip(" \x00\x0b\x0c")
    scheme_match = _SCHEME.match(url)
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    if scheme in _SPECIAL or url.startswith(("//", "\\\\", "/\\", "\\/")):
        rest = url[len(scheme) + 1:] if scheme else url
        rest = rest.replace("\\", "/")
        if scheme and scheme != "file":
            rest = "//" + rest.lstrip("/")  # browsers read "https:host" as "https://host"
        url = f"{scheme}:{rest}" if scheme else rest
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return url if not scheme else scheme + url[len(scheme):]
    path = _PERCENT.sub(_unescape_unreserved, parts.path)
    if not parts.netloc:
        if scheme == "mailto":
            local, at, domain = path.rpartition("@")
            path = f"{local}{at}{domain.lower()}" if at else path
        return urlunsplit((scheme, "", path, parts.query, parts.fragment))
    netloc = host or ""
    if ":" in netloc:
        netloc = f"[{netloc}]"  # an IPv6 address
    if parts.username is not None or parts.password is not None:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{netloc}"
    if port is not None and port != _SPECIAL.get(scheme):
        netloc += f":{port}"
    if not path and scheme in _SPECIAL:
        path = "/"
    return urlunsplit((scheme, netloc, path, parts.query, parts.fragment))


def _unescape_unreserved(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if _UNRESERVED.fullmatch(char) else "%" + match.group(1).upper()


def links(text: str) -> Links:
    """Every link target in a Markdown unit, and the addresses it writes as text.

    A unit does not hold the reference definitions of its message (`[label]: url` lines), so
    a reference link (`[text][label]`, `[label][]`) is known by its label: a translation must
    use the labels its source uses. A bare `[label]` reads as text here; the renderer, which
    knows the definitions, still refuses it unless it leads where the source's links do.
    """
    targets: Counter[str] = Counter()
    addresses: Counter[str] = Counter()
    written: dict[str, str] = {}

    def add(found: Counter[str], raw: Counter[str], normal: Callable[[str], str]) -> None:
        # Each distinct target is normalized once, however often a hostile text repeats it.
        for target, count in raw.items():
            normalized = normal(target)
            found[normalized] += count
            written.setdefault(normalized, target)

    spans: list[tuple[int, int]] = []  # what is blanked out before addresses are looked for
    if "](" in text:
        raw: Counter[str] = Counter()
        for match in _INLINE.finditer(text):
            raw[match.group(1) if match.group(1) is not None else match.group(2)] += 1
            spans.append((match.start() + 1, match.end()))
        add(targets, raw, lambda target: normalize(_MARKDOWN_ESCAPE.sub(r"\1", target)))
    if "[" in text:
        # "[label][]" names its own text as the label.
        raw = Counter()
        for (words, label), count in Counter(_REFERENCE.findall(text)).items():
            raw[f"[{' '.join((label or words).split()).lower()}]"] += count
        add(targets, raw, str)
    rest = _blank(text, spans)
    if "<" in rest:
        spans = []
        for pattern, prefix in ((_AUTOLINK, ""), (_AUTOMAIL, "mailto:")):
            raw = Counter()
            for match in pattern.finditer(rest):
                raw[match.group(1)] += 1
                spans.append(match.span())
            add(targets, raw, lambda target, prefix=prefix: normalize(prefix + target))
        rest = _blank(rest, spans)
    lowered = rest.lower()
    if "//" in rest or "www." in lowered or "mailto:" in lowered:
        raw, spans = Counter(), []
        for match in _URL.finditer(rest):
            raw[match.group(0).rstrip(_TRAILING)] += 1
            spans.append(match.span())
        # "www.example.org" is a host, whatever its case: compared as "//www.example.org".
        add(addresses, raw, lambda address: normalize(
            "//" + address if address.lower().startswith("www.") else address))
        rest = _blank(rest, spans)
    if "@" in rest:
        raw, spans = Counter(), []
        for match in _EMAIL.finditer(rest):
            raw[match.group(0).rstrip(_TRAILING)] += 1
            spans.append(match.span())
        add(addresses, raw, str)
        rest = _blank(rest, spans)
    return Links(+targets, addresses, written, rest)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the (sorted or not, possibly overlapping) spans replaced by spaces."""
    if not spans:
        return text
    pieces = []
    position = 0
    for start, end in sorted(spans):
        if end <= position:
            continue
        start = max(start, position)
        pieces += [text[position:start], " " * (end - start)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def allowed(href: str, targets: frozenset[str]) -> bool:
    """Whether a link (as the renderer found it) may stay a link: its source links there."""
    return normalize(href) in targets
