"""Partner organizations: `partners.csv` (or `[[partners]]` in `outreach.toml`), read and checked.

A coalition writes its messages once; each member organization publishes them as its own,
co-branded kit: the same flyers with its name, phone, email, website and logo, in the languages
its families read. A partner is a row:

    id,name,phone,email,website,logo,languages
    eastside,Eastside Clinic,(555) 010-0142,hi@eastside.example,,logos/eastside.png,en es vi

Every row is checked before anything is built and every problem is reported at once, each as
`partners.csv:14: phone: ...` (or `outreach.toml:40: partners[3].phone: ...`), so a list exported
from a spreadsheet is fixed in one pass. Logos are read here, once, from inside the kit.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import OutreachError, Problem, SourceError
from ..files import read_text
from .config import CONFIG_NAME, Config, Organization, contact_problems
from .images import KINDS, Image, path_problem, read_image
from .tomlkeys import toml_line

PARTNERS_FILE = "partners.csv"
COLUMNS = ("id", "name", "phone", "email", "website", "logo", "languages")
REQUIRED = ("id", "name")
# What each detail fills: `{phone}` in a message needs every partner to have a phone.
PLACEHOLDER_COLUMNS = {"organization": "name", "phone": "phone", "email": "email",
                       "website": "website"}
NAME_LIMIT = 100  # characters: the name heads every flyer
ID_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Partner:
    id: str  # names its folder: partners/<id>/
    name: str
    phone: str = ""
    email: str = ""
    website: str = ""
    logo: Image | None = None  # in the partner slot beside the coalition's brand
    languages: tuple[str, ...] = ()  # tags, in the kit's order; empty: all of the kit's
    where: str = PARTNERS_FILE  # where the row is, for messages: "partners.csv:14"

    @property
    def organization(self) -> Organization:
        """The partner in place of the coalition: what placeholders and contact lines show."""
        return Organization(self.name, self.phone, self.email, self.website)


def read_partners(config: Config, needed: Collection[str] = ()) -> tuple[Partner, ...]:
    """The kit's partners, from `partners.csv` or `[[partners]]`; none if it has neither.

    `needed` names the placeholders the kit's messages use (`phone`, `email`...): a partner
    without that detail would print a sentence with a hole in it, so it is an error.
    Raises `OutreachError` listing every problem of every row.
    """
    path = config.root / PARTNERS_FILE
    has_file = path.exists() or path.is_symlink()
    if has_file and config.partners:
        raise OutreachError(Problem(PARTNERS_FILE, f"the kit lists partners here and in "
                                    f"{CONFIG_NAME} ([[partners]]); keep one of the two lists"))
    if has_file:
        text = read_text(path, PARTNERS_FILE, inside=config.root)
        rows, problems = _csv_rows(text)
    else:
        rows, problems = _toml_rows(config.partners, config.text), []
    reader = _RowReader(config, needed)
    partners = [partner for row in rows if (partner := reader.partner(row)) is not None]
    problems += reader.problems
    if problems:
        raise SourceError(sorted(problems, key=lambda p: (p.path, p.line or 0)))
    return tuple(partners)


def placeholders_used(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Which placeholders (`phone`...) the (where, text) pairs use, and the first place each is."""
    from .units import placeholders

    found: dict[str, str] = {}
    for where, text in texts:
        for name in placeholders(text):
            found.setdefault(name, where)
    return found


@dataclass(frozen=True)
class _Row:
    values: Mapping[str, Any]
    shown: str  # the file: partners.csv or outreach.toml
    line: int | None
    prefix: str  # before a column name in messages: "" or "partners[3]."
    text: str = ""  # outreach.toml's text, for the line of each key of a [[partners]] table

    def problem(self, column: str, message: str) -> Problem:
        where = self.place(column)
        return Problem(where.path, f"{where.message}: {message}", where.line)

    def place(self, column: str) -> Problem:
        """Where a column of this row is written: file, line and the column's name."""
        line = toml_line(self.text, self.prefix + column) if self.text else self.line
        return Problem(self.shown, f"{self.prefix}{column}", line)

    @property
    def where(self) -> str:
        return f"{self.shown}:{self.line}" if self.line else f"{self.shown}: {self.prefix[:-1]}"


def _csv_rows(text: str) -> tuple[list[_Row], list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [Problem(PARTNERS_FILE, f"not a CSV file: {exc}", 1)]
    if header is None or not any(cell.strip() for cell in header):
        return [], [Problem(PARTNERS_FILE, "empty; its first line names the columns: "
                            + ",".join(COLUMNS), 1)]
    columns = [cell.strip().lower() for cell in header]
    for i, column in enumerate(columns):
        if column not in COLUMNS:
            problems.append(Problem(PARTNERS_FILE, f"unknown column {column[:60]!r}; the "
                                    f"columns are {', '.join(COLUMNS)}", 1))
        elif column in columns[:i]:
            problems.append(Problem(PARTNERS_FILE, f"the column {column!r} is named twice; "
                                    "keep one (the other's values would be lost)", 1))
    for column in REQUIRED:
        if column not in columns:
            problems.append(Problem(PARTNERS_FILE, f"no {column!r} column; the first line "
                                    "names the columns: " + ",".join(COLUMNS), 1))
    if problems:
        return [], problems
    rows: list[_Row] = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            if reader.line_num > line and any("\n" in cell or "\r" in cell for cell in cells):
                # A quote left open takes every line after it into one value: say that, once,
                # rather than what each of those lines then lacks.
                problems.append(Problem(PARTNERS_FILE, "a value in quotes runs from this line "
                                        f"to line {reader.line_num}: close its quote on this "
                                        'line (write "" for a quote inside a value)', line))
            elif any(cell.strip() for cell in cells):
                if len(cells) > len(columns):
                    problems.append(Problem(PARTNERS_FILE, f"{len(cells)} cells, but the first "
                                            f"line names {len(columns)} columns; quote a value "
                                            'that holds a comma ("Smith, Jones and Co")', line))
                else:
                    rows.append(_Row(dict(zip(columns, cells, strict=False)), PARTNERS_FILE,
                                     line, ""))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(PARTNERS_FILE, f"not valid CSV: {exc}", line))
    return rows, problems


def _toml_rows(tables: Sequence[Mapping[str, Any]], text: str) -> list[_Row]:
    return [_Row(table, CONFIG_NAME, toml_line(text, f"partners[{i}]"), f"partners[{i}].", text)
            for i, table in enumerate(tables)]


class _RowReader:
    """Checks rows one by one, remembering ids across them."""

    def __init__(self, config: Config, needed: Collection[str]) -> None:
        self.config = config
        self.needed = needed
        self.problems: list[Problem] = []
        self.ids: dict[str, str] = {}  # id -> where it was first used

    def partner(self, row: _Row) -> Partner | None:
        before = len(self.problems)
        for key in row.values:
            if key not in COLUMNS and row.shown == CONFIG_NAME:
                self.problems.append(row.problem(key, "unknown key; the keys are "
                                                 + ", ".join(COLUMNS)))
        text = {column: self._text(row, column) for column in COLUMNS if column != "languages"}
        partner_id = self._id(row, text["id"])
        name = text["name"]
        if not name:
            self.problems.append(row.problem("name", "missing; it heads every flyer"))
        elif len(name) > NAME_LIMIT:
            self.problems.append(row.problem("name", f"{len(name)} characters, more than the "
                                             f"{NAME_LIMIT} a flyer's header holds; shorten it"))
        for placeholder in sorted(self.needed):
            column = PLACEHOLDER_COLUMNS.get(placeholder)
            if column and column != "name" and not text[column]:
                self.problems.append(row.problem(column, f"missing, but the messages print it "
                                                 f"({{{placeholder}}}); fill it in"))
        for column, problem in contact_problems(text["phone"], text["email"], text["website"]):
            self.problems.append(row.problem(column, problem))
        logo = self._logo(row, text["logo"]) if text["logo"] else None
        languages = self._languages(row)
        if len(self.problems) > before or partner_id is None:
            return None
        return Partner(partner_id, name, text["phone"], text["email"], text["website"], logo,
                       languages, row.where)

    def _text(self, row: _Row, column: str) -> str:
        value = row.values.get(column)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problems.append(row.problem(column, "must be text"))
            return ""
        value = value.strip()
        if CONTROL.search(value):
            self.problems.append(row.problem(column, "holds a line break or control "
                                             "character; write it on one line"))
            return ""
        return value

    def _id(self, row: _Row, value: str) -> str | None:
        if not value:
            self.problems.append(row.problem("id", "missing; it names the partner's folder, "
                                             "such as 'eastside-clinic'"))
            return None
        if not ID_PATTERN.fullmatch(value):
            suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:64] or "partner"
            self.problems.append(row.problem("id", f"{value!r} must be lowercase letters, "
                                             "digits and hyphens (it names the folder "
                                             f"partners/<id>/), such as {suggestion!r}"))
            return None
        first = self.ids.get(value)
        if first is not None:
            self.problems.append(row.problem("id", f"{value!r} is already used ({first}); "
                                             "every partner needs its own id"))
            return None
        self.ids[value] = row.where
        return value

    def _logo(self, row: _Row, value: str) -> Image | None:
        problem = path_problem(value)
        if problem:
            self.problems.append(row.problem("logo", problem))
            return None
        try:
            return read_image(self.config.root, value, row.place("logo"), tuple(KINDS))
        except OutreachError as exc:
            self.problems.extend(exc.problems)
            return None

    def _languages(self, row: _Row) -> tuple[str, ...]:
        value = row.values.get("languages")
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            wanted = [tag for tag in re.split(r"[\s,;]+", value) if tag]
        elif isinstance(value, list) and all(isinstance(tag, str) for tag in value):
            wanted = list(value)
        else:
            self.problems.append(row.problem("languages", "must be language tags, such as "
                                             "\"en es vi\""))
            return ()
        known = {lang.tag.lower(): lang.tag for lang in self.config.languages}
        chosen = set()
        for tag in wanted:
            found = known.get(tag.replace("_", "-").lower())
            if found is None:
                self.problems.append(row.problem(
                    "languages", f"{tag!r} is not one of the kit's languages "
                    f"({', '.join(lang.tag for lang in self.config.languages)}); add it to "
                    "kit.languages or remove it here"))
            else:
                chosen.add(found)
        return tuple(lang.tag for lang in self.config.languages if lang.tag in chosen)
