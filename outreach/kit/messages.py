"""Message sources: `messages/<audience>/<slug>.md`, YAML front matter and a Markdown body.

Everything is read and checked before anything is rendered, and every problem found is reported
together, each naming the file and line a person must edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import OutreachError, Problem, SourceError, display_path
from ..files import read_text
from .config import AUDIENCES, Config
from .images import path_problem

# The translatable front-matter fields, in reading order, with the longest text each may hold in
# any language (a flyer headline must fit). Translators see the limit in their catalog.
TEXT_FIELDS: dict[str, int] = {
    "title": 60,
    "key_message": 140,
    "call_to_action": 120,
    "value": 24,
    "image_alt": 150,
}
FIELD_DESCRIPTIONS = {
    "title": "flyer headline",
    "key_message": "one-line key message",
    "call_to_action": "call to action",
    "value": "value tag",
    "image_alt": "description of the image for people who cannot see it",
}
OTHER_FIELDS = ("id", "order", "notes", "image")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")


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
        shown = display_path(path, config.root)
        relative = path.relative_to(root)
        if len(relative.parts) != 2 or relative.parts[0] not in AUDIENCES:
            problems.append(Problem(shown, "unknown audience folder; put messages in "
                                    + " or ".join(f"messages/{a}/" for a in AUDIENCES)))
            continue
        try:
            messages.append(read_message(path, relative.parts[0], shown, root=config.root))
        except OutreachError as exc:
            problems.extend(exc.problems)
    problems.extend(_duplicate_ids(messages))
    if problems:
        raise SourceError(problems)
    order = {a: i for i, a in enumerate(AUDIENCES)}
    return tuple(sorted(messages, key=lambda m: (order[m.audience], m.order, m.id)))


def read_message(path: Path, audience: str, shown: str, *, root: Path | None = None
                 ) -> Message:
    """Read one message file (a regular file inside `root`, when given) and parse it."""
    return parse_message(read_text(path, shown, inside=root), path.stem, audience, shown)


def parse_message(text: str, stem: str, audience: str, shown: str) -> Message:
    """A message from the text of its file; `stem` is the file name without `.md`."""
    front, front_text, body_line = _split_front_matter(text, shown)
    body = "\n".join(text.splitlines()[body_line - 1:]).strip("\n") + "\n"
    problems: list[Problem] = []

    def line_of(key: str) -> int:
        match = re.search(rf"^{re.escape(key)}\s*:", front_text, re.M)
        return 2 + front_text.count("\n", 0, match.start()) if match else 1

    for key in front:
        if key not in TEXT_FIELDS and key not in OTHER_FIELDS:
            problems.append(Problem(shown, f"unknown front-matter key {key!r}; known keys are "
                                    f"{', '.join([*TEXT_FIELDS, *OTHER_FIELDS])}", line_of(key)))
    fields: list[tuple[str, str]] = []
    for name, limit in TEXT_FIELDS.items():
        value = front.get(name)
        if value is None:
            if name == "title":
                problems.append(Problem(shown, "missing 'title' in the front matter; add "
                                        "'title: ...' between the --- lines", 1))
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            problems.append(Problem(shown, f"'{name}' must be text", line_of(name)))
            continue
        value = " ".join(str(value).split())
        if not value:
            problems.append(Problem(shown, f"'{name}' is empty", line_of(name)))
        elif len(value) > limit:
            problems.append(Problem(shown, f"'{name}' is {len(value)} characters; the limit is "
                                    f"{limit}, shorten it", line_of(name)))
        fields.append((name, value))

    message_id = front.get("id", stem)
    if not isinstance(message_id, str) or not ID_PATTERN.fullmatch(message_id):
        problems.append(Problem(shown, f"id {message_id!r} must be lowercase letters, digits and "
                                "hyphens", line_of("id") if "id" in front else 1))
    order = front.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool):
        problems.append(Problem(shown, "'order' must be a whole number", line_of("order")))
        order = 0
    notes = front.get("notes", "")
    if not isinstance(notes, str):
        problems.append(Problem(shown, "'notes' must be text", line_of("notes")))
        notes = ""
    image = front.get("image", "")
    if not isinstance(image, str) or (image and (problem := path_problem(image.strip()))):
        reason = "must be a path" if not isinstance(image, str) else problem
        problems.append(Problem(shown, f"'image' {reason}", line_of("image")))
        image = ""
    image = image.strip()
    if image and "image_alt" not in front:
        problems.append(Problem(shown, "'image' needs 'image_alt': describe the picture for "
                                "people who cannot see it, in one sentence",
                                line_of("image")))
    elif "image_alt" in front and "image" not in front:
        problems.append(Problem(shown, "'image_alt' describes a picture, but there is no "
                                "'image'; add 'image: images/....jpg' or remove it",
                                line_of("image_alt")))
    if problems:
        raise SourceError(problems)
    return Message(id=str(message_id), audience=audience, path=shown, fields=tuple(fields),
                   body=body, body_line=body_line, order=order, notes=" ".join(notes.split()),
                   text=text, image=image, image_line=line_of("image") if image else 0)


def _split_front_matter(text: str, shown: str) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, its raw text, line number where the body starts)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise SourceError(Problem(shown, "missing front matter; start the file with a '---' line, "
                                  "then 'title: ...', then another '---' line", 1))
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "..."))
    except StopIteration:
        raise SourceError(Problem(shown, "front matter is not closed; add a '---' line after it",
                                  1)) from None
    front_text = "\n".join(lines[1:end])
    try:
        data = yaml.safe_load(front_text) if front_text.strip() else {}
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct starts (an unclosed bracket or quote);
        # the problem mark is where the parser noticed, often a line later.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        reason = getattr(exc, "problem", None) or "invalid YAML"
        raise SourceError(Problem(shown, f"invalid YAML front matter: {reason}", line)) from None
    if not isinstance(data, dict):
        raise SourceError(Problem(shown, "front matter must be 'key: value' lines", 2))
    return data, front_text, end + 2


def _duplicate_ids(messages: list[Message]) -> list[Problem]:
    seen: dict[str, Message] = {}
    problems = []
    for message in messages:
        other = seen.setdefault(message.key, message)
        if other is not message:
            problems.append(Problem(message.path, f"duplicate id {message.id!r}: {other.path} "
                                    "has it too; give one of them another 'id'", 1))
    return problems
