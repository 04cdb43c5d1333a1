"""`read_kit`: everything a build, a check or a lint needs, read once into immutable values.

Every input file is opened exactly once, here, through `outreach.files` (regular files only,
never through a link that leaves the kit). What comes after (checks, the artifact plan,
rendering) works from this snapshot and never touches the kit folder again, so what it decides
and what it renders always agree, and a file edited mid-build cannot produce a mixed kit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import OutreachError, Problem, SourceError, display_path
from ..files import read_bytes, read_text, recover
from ..po import Catalog as PoCatalog
from .catalogs import read_catalogs
from .config import CONFIG_NAME, Audience, Config, config_from_text
from .images import Image, read_images, references
from .languages import Language
from .messages import Message, load_messages
from .theme import THEME_DIR, asset_dirs, template_files
from .tomlkeys import toml_line


@dataclass(frozen=True)
class SourceText:
    """One input file as it was read: where it is, how to show it, and its text."""

    path: Path
    shown: str
    text: str


@dataclass(frozen=True)
class Asset:
    """A file copied as it is into the output's `assets/` folder."""

    name: str  # relative to assets/, with forward slashes
    data: bytes
    origin: str  # where it came from, for messages

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Catalog:
    """A translated language's catalog as read from the kit."""

    language: Language
    source: SourceText
    po: PoCatalog


@dataclass(frozen=True)
class Selection:
    """What a command was asked to work on; empty means everything the kit has."""

    languages: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kit:
    config: Config
    languages: tuple[Language, ...]  # the selected languages, in the kit's order
    audiences: tuple[Audience, ...]  # the selected audiences
    messages: tuple[Message, ...]  # every message of the kit (all audiences)
    templates: Mapping[str, SourceText]  # by template name; the kit's own version wins
    assets: Mapping[str, Asset]  # by name under assets/; the kit's own version wins
    catalogs: Mapping[str, Catalog]  # by language tag: the selected translated languages
    selection: Selection = field(default_factory=Selection)
    # Logos and the messages' pictures, by their path from the kit folder.
    images: Mapping[str, Image] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def root(self) -> Path:
        return self.config.root

    @property
    def source_language(self) -> Language:
        return self.config.source_language

    @property
    def chosen_messages(self) -> tuple[Message, ...]:
        """The messages of the selected audiences."""
        wanted = {a.id for a in self.audiences}
        return tuple(m for m in self.messages if m.audience in wanted)

    @property
    def is_narrowed(self) -> bool:
        return len(self.languages) < len(self.config.languages) or \
            len(self.audiences) < len(self.config.audiences)

    def template_source(self, name: str) -> str | None:
        found = self.templates.get(name)
        return found.text if found else None


def read_kit(root: Path | str | Config, selection: Selection | None = None) -> Kit:
    """Read the kit in `root` (or the kit of an already read `Config`) for `selection`.

    Raises `OutreachError` with every problem found (unknown selections, unreadable or invalid
    files), before anything is rendered.
    """
    selection = selection or Selection()
    config = root if isinstance(root, Config) else load_config_text(Path(root))
    languages, audiences, problems = select(config, selection)
    if problems:
        raise OutreachError(problems)

    messages = load_messages(config)
    templates = _templates(config)
    assets = _assets(config)
    catalogs = _catalogs(config, languages)
    images = read_images(config.root, references(config.brand, messages,
                                                 lambda key: toml_line(config.text, key)))
    return Kit(config=config, languages=languages, audiences=audiences, messages=messages,
               templates=MappingProxyType(templates), assets=MappingProxyType(assets),
               catalogs=MappingProxyType(catalogs), selection=selection,
               images=MappingProxyType(images))


def select(config: Config, selection: Selection
           ) -> tuple[tuple[Language, ...], tuple[Audience, ...], list[Problem]]:
    """The languages and audiences `selection` names, and a problem for each unknown name."""
    problems: list[Problem] = []
    languages = _select(config.languages, selection.languages, lambda lang: lang.tag,
                        "--lang", problems, normalize=lambda tag: tag.replace("_", "-"))
    audiences = _select(config.audiences, selection.audiences, lambda a: a.id, "--audience",
                        problems)
    return languages, audiences, problems


def load_config_text(root: Path) -> Config:
    path = root / CONFIG_NAME
    try:
        text = read_text(path, str(path), inside=root)
    except OutreachError as exc:
        if not path.exists() and not path.is_symlink():
            raise OutreachError(Problem(
                str(path), "not found; run this in a kit folder, pass --kit, or start one "
                "with 'outreach new DIR'")) from None
        raise exc from None
    return config_from_text(text, root)


def _templates(config: Config) -> dict[str, SourceText]:
    found: dict[str, SourceText] = {}
    problems: list[Problem] = []
    for name, path in template_files(config):
        shown = _shown(path, config)
        inside = config.root if not path.is_relative_to(THEME_DIR) else THEME_DIR
        try:
            found[name] = SourceText(path, shown, read_text(path, shown, inside=inside))
        except OutreachError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SourceError(problems)
    return found


def _assets(config: Config) -> dict[str, Asset]:
    found: dict[str, Asset] = {}
    problems: list[Problem] = []
    for folder in asset_dirs(config):
        if not folder.is_dir():
            continue
        inside = THEME_DIR if folder.is_relative_to(THEME_DIR) else config.root
        for path in sorted(folder.rglob("*")):
            if path.name.startswith(".") or (path.is_dir() and not path.is_symlink()):
                continue
            name = path.relative_to(folder).as_posix()
            shown = _shown(path, config)
            try:
                found[name] = Asset(name, read_bytes(path, shown, inside=inside), shown)
            except OutreachError as exc:
                problems.extend(exc.problems)
    if problems:
        raise SourceError(problems)
    return found


def _catalogs(config: Config, languages: Sequence[Language]) -> dict[str, Catalog]:
    recover(config.translations_dir)  # finish a catalog update that was interrupted
    found: dict[str, Catalog] = {}
    problems: list[Problem] = []
    for file in read_catalogs(config, languages):
        if file.catalog is None or file.text is None:
            problems.append(Problem(file.shown, "catalog not found; create it with 'outreach "
                                    f"i18n init {file.language.tag}'"))
            continue
        found[file.language.tag] = Catalog(file.language,
                                           SourceText(file.path, file.shown, file.text),
                                           file.catalog)
    if problems:
        raise SourceError(problems)
    return found


def _shown(path: Path, config: Config) -> str:
    if path.is_relative_to(THEME_DIR):
        return "outreach-theme/" + path.relative_to(THEME_DIR).as_posix()
    if path.is_relative_to(config.root):  # as found, not where a link leads
        return path.relative_to(config.root).as_posix()
    return display_path(path, config.root)


def _select(available: Sequence[Any], wanted: Sequence[str], key: Callable[[Any], str],
            option: str, problems: list[Problem],
            normalize: Callable[[str], str] = str) -> tuple[Any, ...]:
    if not wanted:
        return tuple(available)
    names = [key(item) for item in available]
    for name in wanted:
        if normalize(name) not in names:
            problems.append(Problem(option, f"{name!r} is not in this kit; choose from "
                                    f"{', '.join(names)}"))
    chosen = {normalize(name) for name in wanted}
    return tuple(item for item in available if key(item) in chosen)
