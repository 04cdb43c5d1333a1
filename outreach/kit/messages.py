"""Message sources: `messages/<audience>/<slug>.md`, YAML front matter and a Markdown body.

Everything is read and checked before anything is rendered, and every problem found is reported
together, each naming the file and line a person must edit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import OutreachError, Problem, SourceError, display_path
from ..files import read_text
from .config import AUDIENCES, SOCIAL_LIMIT, Config
from .images import path_problem
from .units import Unit, units

# The translatable front-matter fields, in reading order, with the longest text each may hold in
# any language (a flyer headline must fit). Translators see the limit in their catalog.
TEXT_FIELDS: dict[str, int] = {
    "title": 60,
    "key_message": 140,
    "call_to_action": 120,
    "value": 24,
    "image_alt": 150,
    "social": SOCIAL_LIMIT,  # [social] caption_limit sets it for a kit
    # A text message is limited by the parts it takes ([sms] max_segments, checked where it
    # is counted: outreach.render.sms); this only keeps a runaway text out of the catalogs.
    "sms": 1600,
}
FIELD_DESCRIPTIONS = {
    "title": "flyer headline",
    "key_message": "one-line key message",
    "call_to_action": "call to action",
    "value": "value tag",
    "image_alt": "description of the image for people who cannot see it",
    "social": "caption for a social media post with the message's share image",
    "sms": "text message (SMS) to send to families",
}
OTHER_FIELDS = ("id", "order", "notes", "image")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
ID_LIMIT = 64  # an id names files and folders of the build
# Control characters other than tab and line ends: invisible on the page, trouble in a PDF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Message:
    id: str
    audience: str
    path: str  # relative to the kit root, for people and for catalog references
    fields: tuple[tuple[str, str], ...]  # (name, text) for each TEXT_FIELDS entry present
    body: str
    body_line: int  # line of the file where the body starts
    order: int = 0
    notes: str = ""
    text: str = ""  # the whole file as read, for the linter
    image: str = ""  # a picture inside the kit, as a path from the kit folder
    image_line: int = 0  # the front-matter line that names it
    units: tuple[Unit, ...] = ()  # the body's translatable units, in document order

    @property
    def title(self) -> str:
        return self.field("title")

    def field(self, name: str) -> str:
        return dict(self.fields).get(name, "")

    @property
    def key(self) -> str:
        """`audience/id`: unique in a kit; the prefix of every msgctxt of this message."""
        return f"{self.audience}/{self.id}"


def load_messages(config: Config) -> tuple[Message, ...]:
    """Read every message of the kit, sorted by audience then order; raise on any problem."""
    problems: list[Problem] = []
    messages: list[Message] = []
    root = config.messages_dir
    if not root.is_dir():
        raise SourceError(Problem(display_path(root, config.root),
                                  "folder not found; messages live in messages/<audience>/*.md"))
    for path in sorted(root.rglob("*.md")):
        # As found, not resolved: a link is named by its own place in the kit.
        shown = path.relative_to(config.root).as_posix()
        relative = path.relative_to(root)
        if len(relative.parts) != 2 or relative.parts[0] not in AUDIENCES:
            problems.append(Problem(shown, "unknown audience folder; put messages in "
                                    + " or ".join(f"messages/{a}/" for a in AUDIENCES)))
            continue
        try:
            messages.append(read_message(path, relative.parts[0], shown, inside=config.root,
                                         limits=field_limits(config)))
        except OutreachError as exc:
            problems.extend(exc.problems)
    problems.extend(_duplicate_ids(messages))
    if problems:
        raise SourceError(problems)
    order = {a: i for i, a in enumerate(AUDIENCES)}
    return tuple(sorted(messages, key=lambda m: (order[m.audience], m.order, m.id)))


def field_limits(config: Config) -> dict[str, int]:
    """The longest text each field may hold in the kit `config` describes."""
    return {**TEXT_FIELDS, "social": config.social_limit}


def read_message(path: Path, audience: str, shown: str, *, inside: Path | None = None,
                 limits: Mapping[str, int] = TEXT_FIELDS) -> Message:
    """One message file; with `inside` (the kit folder), a link leading out of it is refused.
    `limits` are the longest text each field may hold (the kit's, see `field_limits`)."""
    text = read_text(path, shown, inside=inside)
    # Old Mac editors end lines with a lone CR; YAML and Markdown would disagree on those.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    front, body_line = _front_matter(lines, shown)
    body = "\n".join(lines[body_line - 1:]).strip("\n") + "\n"
    body_units, problems = _read_body(body, shown, body_line)

    for key, (line, _value) in front.items():
        if key not in TEXT_FIELDS and key not in OTHER_FIELDS:
            problems.append(Problem(shown, f"unknown front-matter key {key!r}; known keys are "
                                    f"{', '.join([*TEXT_FIELDS, *OTHER_FIELDS])}", line))
    problems.extend(front.problems)

    fields: list[tuple[str, str]] = []
    for name in TEXT_FIELDS:
        limit = limits.get(name, TEXT_FIELDS[name])
        if name not in front:
            if name == "title":
                problems.append(Problem(shown, "missing 'title' in the front matter; add "
                                        "'title: ...' between the --- lines", 1))
            continue
        line, node = front[name]
        value = _text(node)
        if value is None:
            problems.append(Problem(shown, f"'{name}' must be text, not {_kind(node)}", line))
            continue
        value = " ".join(value.split())
        if not value:
            if name == "title":
                problems.append(Problem(shown, "'title' is empty; write the flyer headline "
                                        "after 'title:'", line))
            continue
        if len(value) > limit:
            problems.append(Problem(shown, f"'{name}' is {len(value)} characters; the limit is "
                                    f"{limit}, shorten it", line))
        problems.extend(_control_characters(shown, name, value, line))
        fields.append((name, value))

    message_id, where, line = path.stem, "the file name", 1
    if "id" in front:
        line, node = front["id"]
        message_id, where = _text(node), "id"
    if message_id is None:
        problems.append(Problem(shown, f"'id' must be text, not {_kind(node)}", line))
        message_id = ""
    elif not ID_PATTERN.fullmatch(message_id) or len(message_id) > ID_LIMIT:
        problems.append(Problem(shown, f"id {_preview(message_id)!r} (from {where}) must be "
                                f"lowercase letters, digits and hyphens, at most {ID_LIMIT}",
                                line))
    order = 0
    if "order" in front:
        line, node = front["order"]
        written = _text(node)
        if written is None or not re.fullmatch(r"[-+]?[0-9]{1,9}", written.strip()):
            problems.append(Problem(shown, "'order' must be a whole number, such as 1 or 20",
                                    line))
        else:
            order = int(written)
    notes = ""
    if "notes" in front:
        line, node = front["notes"]
        written = _text(node)
        if written is None:
            problems.append(Problem(shown, f"'notes' must be text, not {_kind(node)}", line))
        else:
            notes = " ".join(written.split())
            problems.extend(_control_characters(shown, "notes", notes, line))
    image, image_line = "", 0
    if "image" in front:
        image_line, node = front["image"]
        written = _text(node)
        problem = "must be a path" if written is None else path_problem(written.strip())
        if problem:
            problems.append(Problem(shown, f"'image' {problem}", image_line))
        else:
            image = (written or "").strip()
    if "image" in front and "image_alt" not in front:
        problems.append(Problem(shown, "'image' needs 'image_alt': describe the picture for "
                                "people who cannot see it, in one sentence", image_line))
    elif "image_alt" in front and "image" not in front:
        problems.append(Problem(shown, "'image_alt' describes a picture, but there is no "
                                "'image'; add 'image: images/....jpg' or remove it",
                                front["image_alt"][0]))
    if problems:
        raise SourceError(sorted(problems, key=lambda p: p.line or 0))
    return Message(id=message_id, audience=audience, path=shown, fields=tuple(fields),
                   body=body, body_line=body_line, order=order, notes=notes,
                   text=text, image=image, image_line=image_line,
                   units=body_units)


def _read_body(body: str, shown: str, body_line: int) -> tuple[tuple[Unit, ...], list[Problem]]:
    """The body's translatable units, and what is wrong with it."""
    problems = []
    found: tuple[Unit, ...] = ()
    control = _CONTROL.search(body)
    if control:
        problems.append(Problem(shown, f"the body contains the control character "
                                f"U+{ord(control.group()):04X}; remove it",
                                body_line + body.count("\n", 0, control.start())))
    try:
        found = tuple(units(body))
    except RecursionError:  # Python-Markdown parses nested blocks by recursion
        problems.append(Problem(shown, "the body nests lists or quotes too deeply to read; "
                                "flatten it", body_line))
    return found, problems


class _Front(dict[str, tuple[int, yaml.Node]]):
    """Front-matter keys -> (file line, YAML node), with the problems found reading them."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[Problem] = []


def _front_matter(lines: list[str], shown: str) -> tuple[_Front, int]:
    """The front matter's keys, and the line number where the body starts.

    The YAML is read as a node tree rather than as Python values: every key keeps its line,
    a value is used as written (`value: Yes` is the word, not true; `order: 010` is not 8),
    and nothing is built from a hostile document (no shared aliases, no unhashable keys).
    """
    if not lines or lines[0].strip() != "---":
        raise SourceError(Problem(shown, "missing front matter; start the file with a '---' line, "
                                  "then 'title: ...', then another '---' line", 1))
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "..."))
    except StopIteration:
        raise SourceError(Problem(shown, "front matter is not closed; add a '---' line after it",
                                  1)) from None
    text = "\n".join(lines[1:end])

    def line_at(index: int) -> int:
        return 2 + text.count("\n", 0, index)

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader) if text.strip() else None
    except yaml.YAMLError as exc:
        raise SourceError(_yaml_problem(exc, shown, line_at)) from None
    except RecursionError:
        deepest = max(range(1, end), key=lambda i: sum(lines[i].count(c) for c in "[{-"))
        raise SourceError(Problem(shown, "invalid YAML front matter: nested too deeply; "
                                  "front-matter values are plain text", deepest + 1)) from None
    front = _Front()
    if root is None:
        return front, end + 2
    if not isinstance(root, yaml.MappingNode):
        raise SourceError(Problem(shown, "front matter must be 'key: value' lines",
                                  line_at(root.start_mark.index)))
    for key_node, value_node in root.value:
        line = line_at(key_node.start_mark.index)
        if not isinstance(key_node, yaml.ScalarNode):
            front.problems.append(Problem(shown, f"a front-matter key must be a word such as "
                                          f"'title', not {_kind(key_node)}", line))
            continue
        key = key_node.value
        if key in front:
            front.problems.append(Problem(shown, f"{key!r} is set twice (first on line "
                                          f"{front[key][0]}); keep one", line))
            continue
        front[key] = (line, value_node)
    return front, end + 2


def _yaml_problem(exc: yaml.YAMLError, shown: str, line_at: Callable[[int], int]) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML never allows (a control character, a NUL): name it, as a code point.
        return Problem(shown, f"invalid YAML front matter: the character U+{exc.character:04X} "
                       "is not allowed; remove it", line_at(exc.position))
    # The context mark is where the broken construct starts (an unclosed bracket or quote);
    # the problem mark is where the parser noticed, often a line later.
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    line = line_at(mark.index) if mark is not None else 1
    reason = getattr(exc, "problem", None) or "invalid YAML"
    return Problem(shown, f"invalid YAML front matter: {reason}", line)


def _text(node: yaml.Node) -> str | None:
    """A scalar's text exactly as written (quotes and escapes resolved); None for a list or
    table. An empty value or `~` is empty text."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag == "tag:yaml.org,2002:null" and node.style is None:
        return ""
    return _join_surrogate_pairs(node.value)


def _join_surrogate_pairs(text: str) -> str:
    """YAML's "\\ud83d\\ude00" (as JSON writes an emoji) is one character; a lone half stays
    and is reported."""
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return text


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a table of keys"
    return "a value"


def _control_characters(shown: str, name: str, value: str, line: int) -> list[Problem]:
    """Control characters print as nothing or break the PDF, and a lone surrogate (from a
    YAML escape such as "\\ud800") is no character at all: a source must not hold them."""
    surrogates = sorted({c for c in value if unicodedata.category(c) == "Cs"})
    if surrogates:
        return [Problem(shown, f"'{name}' contains \\u{ord(surrogates[0]):04x}, half of a UTF-16 "
                        "pair, which is not a character; write the character itself", line)]
    found = sorted({c for c in value if unicodedata.category(c) == "Cc"})
    if not found:
        return []
    listed = ", ".join(f"U+{ord(c):04X}" for c in found[:5])
    return [Problem(shown, f"'{name}' contains the control character{'s' * (len(found) > 1)} "
                    f"{listed}; remove {'them' if len(found) > 1 else 'it'}", line)]


def _preview(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _duplicate_ids(messages: list[Message]) -> list[Problem]:
    seen: dict[str, Message] = {}
    problems = []
    for message in messages:
        other = seen.setdefault(message.key, message)
        if other is not message:
            problems.append(Problem(message.path, f"duplicate id {message.id!r}: {other.path} "
                                    "has it too; give one of them another 'id'", 1))
    return problems
