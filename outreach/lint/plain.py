"""The plain-language check as findings: one for each message, and each translation of it, that
reads above the grade its audience should read at (`[lint.readability]`).

A message is a Markdown file in `messages/<audience>/` (or a file given with `--audience`), and
in a catalog the entries whose context starts with `<audience>/<id>:`. The finding points at
the message's longest sentence and names the next longest too, since shortening those is what
lowers the grade most. Like every warning it never stops a build unless the kit asks for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import TYPE_CHECKING

from .masking import Masked, mask
from .model import Finding
from .readability import Piece, Reading, Sentence, describe_target, language_name, measure
from .settings import AUDIENCES, PLAIN_LANGUAGE, LintSettings

if TYPE_CHECKING:
    from ..po import Catalog

FIELDS = ("title", "key_message", "call_to_action")  # what readers see besides the body
_MESSAGE_PATH = re.compile(r"(?:^|/)messages/([^/]+)/(?:[^/]+/)*([^/]+?)\.(?:md|markdown)$")
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"(?m)^(title|key_message|call_to_action|id)[ \t]*:[ \t]*(.*)"
                    r"((?:\n[ \t]+\S.*)*)")
_DIRECTIVE = re.compile(r"outreach-lint\s*:\s*ignore\s+(\S+)")
_PREVIEW_WORDS = 8


@dataclass(frozen=True)
class Message:
    audience: str
    id: str


def message_of(rel: str, audience: str | None = None) -> Message | None:
    """The message a kit-relative path holds: messages/community/clinic.md -> community/clinic.

    `audience` (from --audience) makes any file a message for that audience.
    """
    found = _MESSAGE_PATH.search(rel)
    if audience:
        stem = found.group(2) if found else rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return Message(audience, stem)
    if found and found.group(1) in AUDIENCES:
        return Message(found.group(1), found.group(2))
    return None


def source_finding(path: str, rel: str, text: str, masked: Masked, lang: str,
                   settings: LintSettings, message: Message) -> Finding | None:
    """The finding for a message source, or None when it reads at or below its target."""
    target = settings.target_for(message.audience)
    if target is None or _allowed(settings, rel) or _suppressed(
            d.body for d in masked.directives):
        return None
    pieces, message = _source_pieces(text, masked.text, message)
    reading = measure(pieces, lang)
    if reading is None or reading.grade <= target:
        return None
    what = f"{_audience_name(message.audience)} message '{message.id}'"
    return _finding(path, text, reading, what, lang, target, message, settings)


def catalog_findings(path: str, rel: str, text: str, lang: str, settings: LintSettings,
                     catalog: Catalog) -> list[Finding]:
    """One finding per message whose translation in this catalog reads above its target."""
    if not any(settings.target_for(a) is not None for a in AUDIENCES) or _allowed(settings, rel):
        return []
    grouped: dict[Message, list[Piece]] = {}
    suppressed: set[Message] = set()
    for entry in catalog.entries:
        context = entry.msgctxt or ""
        key, _, field = context.rpartition(":")
        audience, _, message_id = key.partition("/")
        if field not in (*FIELDS, "body") or settings.target_for(audience) is None:
            continue
        message = Message(audience, message_id)
        if _suppressed(entry.comments):
            suppressed.add(message)
        translation = entry.msgstr[0] if entry.msgstr else ""
        if translation.strip():
            grouped.setdefault(message, []).append(
                Piece(mask(translation, "markdown").text, line=entry.msgstr_line))
    findings = []
    for message, pieces in grouped.items():
        target = settings.target_for(message.audience)
        reading = measure(pieces, lang)
        if message in suppressed or target is None or reading is None or reading.grade <= target:
            continue
        what = (f"{language_name(lang)} translation of {_audience_name(message.audience)} "
                f"message '{message.id}'")
        findings.append(_finding(path, text, reading, what, lang, target, message, settings))
    return findings


def _source_pieces(text: str, masked: str, message: Message) -> tuple[list[Piece], Message]:
    """The fields readers see from the front matter, then the body; other front matter (notes
    for translators, the value tag, ids) is not read."""
    front = _FRONT.match(text)
    if not front:
        return [Piece(masked)], message
    pieces = []
    for found in _FIELD.finditer(front.group(1)):
        name, value, more = found.group(1), found.group(2), found.group(3)
        if name == "id":
            message = Message(message.audience, value.strip().strip("\"'") or message.id)
            continue
        start = front.start(1) + found.start(2)
        pieces.append(Piece(masked[start:start + len(value) + len(more)], offset=start))
    pieces.append(Piece(masked[front.end():], offset=front.end()))
    return pieces, message


def _finding(path: str, text: str, reading: Reading, what: str, lang: str, target: float,
             message: Message, settings: LintSettings) -> Finding:
    longest = list(reading.longest)
    first = longest[0]
    line, column, end_line, end_column = _place(text, first)
    places = "; ".join(f"line {_place(text, s)[0]} ({s.length} "
                       f"{'characters' if _is_chinese(lang) else 'words'}: “{_preview(s)}”)"
                       for s in longest)
    body = (f"{what[:1].upper()}{what[1:]} reads at about grade {reading.grade:.1f} "
            f"({reading.figures}), above the target of {describe_target(lang, target)} for "
            f"{_audience_name(message.audience)} messages. Longest sentences: {places}.")
    advice = ("split the longest sentences" if reading.long_sentences
              else "use shorter, everyday words")
    severity = dict(settings.severity).get(PLAIN_LANGUAGE, "warning")
    return Finding(path, body, line, column, severity=severity, code=PLAIN_LANGUAGE,
                   end_line=end_line, end_column=end_column, match=first.text,
                   suggestions=(advice,))


def _place(text: str, sentence: Sentence) -> tuple[int, int, int, int]:
    """Line and column of a sentence in the file (a catalog entry: its msgstr line)."""
    piece = sentence.piece
    if piece.line is not None:
        return piece.line, 1, piece.line, 1
    start, end = piece.offset + sentence.start, piece.offset + sentence.end
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    end_line = text.count("\n", 0, end) + 1
    end_column = end - (text.rfind("\n", 0, end) + 1) + 1
    return line, column, end_line, end_column


def _preview(sentence: Sentence) -> str:
    words = sentence.text.split()
    if len(words) <= _PREVIEW_WORDS:
        return sentence.text
    return " ".join(words[:_PREVIEW_WORDS]) + "…"


def _is_chinese(lang: str) -> bool:
    return lang.lower().startswith("zh")


def _audience_name(audience: str) -> str:
    return {"decision-makers": "decision-maker"}.get(audience, audience)


def _allowed(settings: LintSettings, rel: str) -> bool:
    return any(a.rule == PLAIN_LANGUAGE and (not a.paths or any(fnmatch(rel, g) for g in a.paths))
               for a in settings.allow)


def _suppressed(comments: Iterable[str]) -> bool:
    """A comment `outreach-lint: ignore plain-language reason` anywhere in the message."""
    for comment in comments:
        found = _DIRECTIVE.search(comment if "outreach-lint" in comment else
                                  "outreach-lint: " + comment)
        if found and PLAIN_LANGUAGE in found.group(1).split(","):
            return True
    return False
