"""Watching the kit's inputs: outreach.toml, partners.csv, messages/, templates/,
translations/, and pictures and logos in any other folder of the kit.

Two watchers, because the kit folder itself must not be watched through and through: it may
hold `build/`, the render cache (which serve itself writes) or a virtual environment. One
watches the kit folder alone, for its files and for folders that appear or go; the other
watches every input folder that exists, all the way down, and starts again when the first sees
that set change. Hidden folders, outputs of `outreach build` and virtual environments are not
input folders.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from ..build.output import STATE_DIR
from ..kit.config import CONFIG_NAME, Config
from ..kit.partners import PARTNERS_FILE

KIT_FILES = (CONFIG_NAME, PARTNERS_FILE)
# Pictures (message images, the brand's logo, partners' logos) may be anywhere in the kit.
PICTURES = (".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp")
# What a build reads in each folder; anything else there (an editor's or a tool's temporary
# file) changes nothing. templates/ holds any kind of file: templates, stylesheets, images.
READ_IN = {"messages": (".md", *PICTURES), "translations": (".po", ".pot"), "templates": ("",)}
_NOT_INPUTS = {"node_modules", "__pycache__"}
STEP_MS = 50  # a change is reported once the files have been quiet this long
_EDITORS = DefaultFilter()  # swap files, backups, version control folders


@dataclass(frozen=True)
class Scope:
    """What a build must bring up to date: some languages, or the whole kit."""

    whole: bool = False
    languages: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return self.whole or bool(self.languages)

    def __or__(self, other: Scope) -> Scope:
        if self.whole or other.whole:
            return EVERYTHING
        return Scope(languages=self.languages | other.languages)

    @property
    def selected(self) -> tuple[str, ...]:
        """As `BuildOptions.languages`: empty for the whole kit."""
        return () if self.whole else tuple(sorted(self.languages))


EVERYTHING = Scope(whole=True)
NOTHING = Scope()


def scope_of(changed: Iterable[Path], config: Config | None) -> Scope:
    """What `changed` files can affect: a catalog only its language; anything else (a message,
    a template, outreach.toml) every language."""
    if config is None:
        return EVERYTHING
    catalogs = {config.catalog_path(lang): lang.tag for lang in config.translated_languages}
    tags: set[str] = set()
    for path in changed:
        if path == config.template_path:
            continue  # the catalog template is for translators' tools; no build reads it
        tag = catalogs.get(path)
        if tag is None:
            return EVERYTHING
        tags.add(tag)
    return Scope(languages=frozenset(tags))


def is_input(root: Path, change: Change, path: str) -> bool:
    """Whether a build reads `path` in an input folder (a new folder's files are reported one
    by one, so folders themselves never need to be)."""
    try:
        relative = Path(path).relative_to(root)
    except ValueError:
        return True  # reached through a link: cannot tell, so look again
    suffixes = READ_IN.get(relative.parts[0], PICTURES) if len(relative.parts) > 1 else ()
    return _EDITORS(change, path) and any(relative.name.lower().endswith(end)
                                          for end in suffixes)


def input_folders(root: Path) -> list[Path]:
    """The kit's folders a build may read from: all but hidden ones, the outputs of `outreach
    build` (they hold its marker) and virtual environments."""
    try:
        return [path for path in sorted(root.iterdir()) if _is_input_folder(path)]
    except OSError:
        return []


def _is_input_folder(path: Path) -> bool:
    return (path.is_dir() and not path.name.startswith(".") and path.name not in _NOT_INPUTS
            and not (path / STATE_DIR).is_dir() and not (path / "pyvenv.cfg").exists())


class Changes:
    """The files changed since the builder last looked."""

    def __init__(self, on_change: Callable[[], None] = lambda: None) -> None:
        self._arrived = threading.Condition()
        self._paths: set[Path] = set()
        self._on_change = on_change

    def add(self, paths: Iterable[Path]) -> None:
        with self._arrived:
            self._paths.update(paths)
            self._arrived.notify_all()
        self._on_change()

    def take(self, timeout: float) -> set[Path]:
        """Every change so far, waiting up to `timeout` seconds for one if there is none."""
        with self._arrived:
            self._arrived.wait_for(lambda: bool(self._paths), timeout)
            paths, self._paths = self._paths, set()
        return paths


class Watcher:
    """Reports changes to the kit's inputs to `changes`, from two background threads."""

    def __init__(self, root: Path, changes: Changes) -> None:
        self.root = root
        self.changes = changes
        self._stopped = threading.Event()
        self._again = threading.Event()  # the input folders changed, or serve is stopping
        self._folders: list[Path] = []  # the input folders being watched
        self._threads = [threading.Thread(target=self._watch_kit_folder, daemon=True,
                                          name="outreach-watch-kit"),
                         threading.Thread(target=self._watch_inputs, daemon=True,
                                          name="outreach-watch-inputs")]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._again.set()

    def _watch_kit_folder(self) -> None:
        def wanted(_change: object, path: str) -> bool:
            # The kit's own files, and folders that appear or go (a file there is no input).
            found = Path(path)
            return found.parent == self.root and _EDITORS(_change, path) and (
                found.name in KIT_FILES or _is_input_folder(found) or found in self._folders)

        for found in watch(self.root, watch_filter=wanted, recursive=False, step=STEP_MS,
                           stop_event=self._stopped, raise_interrupt=False):
            paths = {Path(path) for _change, path in found}
            if any(path.name not in KIT_FILES for path in paths):
                self._again.set()
            self.changes.add(paths)

    def _watch_inputs(self) -> None:
        while not self._stopped.is_set():
            self._again.clear()
            folders = self._folders = input_folders(self.root)
            if not folders:
                self._again.wait()
                continue
            try:
                for found in watch(*folders, watch_filter=lambda change, path:
                                   is_input(self.root, change, path), step=STEP_MS,
                                   stop_event=self._again, raise_interrupt=False):
                    self.changes.add(Path(path) for _change, path in found)
            except OSError:
                # A folder went away while the watch started; the kit watcher says so next.
                self._again.wait(0.2)
