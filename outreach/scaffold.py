"""`outreach new`: a small working kit to start from.

The new kit publishes its source language and every language asked for, each with a catalog
ready to translate. The template and the catalogs are written by `outreach i18n update`
itself, so running it right after changes no byte.

A kit is made whole or not at all: everything is written into a hidden folder beside the
target and renamed into place at the end, so a bad title or a full disk leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path
from string import Template

from .errors import OutreachError, Problem
from .files import read_text, remove_left_behind, write_files
from .kit.config import load_config
from .kit.languages import UnknownLanguage, english_language_name, language, likely_script

SKELETON = Path(__file__).resolve().parent / "skeleton"


def new_kit(directory: Path, *, title: str = "Our message kit",
            translations: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """Create a kit in `directory` (which must not exist or be empty); return its files."""
    from .i18n.update import update_catalogs

    _check_target(directory)
    _check_title(title)
    langs, tables = _languages(translations)
    _remove_stale_staging(directory)
    staging = directory.parent / f".{directory.name}.new-{os.getpid()}"
    try:
        write_files({staging / path: text
                     for path, text in _skeleton(title, langs, tables).items()})
        config = load_config(staging)
        update_catalogs(config)
        written = sorted(path.relative_to(staging) for path in staging.rglob("*")
                         if path.is_file())
        _move_into_place(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [directory / path for path in written]


def _remove_stale_staging(directory: Path) -> None:
    """Half-made kits of runs that were killed (`kill -9` leaves no chance to clean up)."""
    remove_left_behind(directory.parent, f".{directory.name}.new-*",
                       lambda name: name.rpartition("-")[2])


def _check_target(directory: Path) -> None:
    if directory.is_symlink() or (directory.exists() and (
            not directory.is_dir() or any(directory.iterdir()))):
        raise OutreachError(Problem(str(directory), "already exists and is not empty; choose "
                                    "a new folder"))
    if not directory.parent.is_dir():
        raise OutreachError(Problem(str(directory.parent), "is not a folder; create it first or "
                                    "choose another place for the kit"))


def _check_title(title: str) -> None:
    if not title.strip():
        raise OutreachError(Problem("--title", "must not be empty"))
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in title):
        raise OutreachError(Problem("--title", "must be one line of visible text, without "
                                    "line breaks or control characters"))


def _languages(tags: list[str] | tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The tags to publish besides English, and `[languages.TAG]` tables for those CLDR has no
    data for (started from what it does know, for the user to finish)."""
    langs: list[str] = []
    tables: list[str] = []
    problems = []
    for tag in tags:
        try:
            found = language(tag).tag
        except UnknownLanguage as exc:
            found = tag.replace("_", "-")
            table = _starting_table(found)
            if table is None:
                problems.append(Problem("--lang", f"{exc}; start the kit without it, add the "
                                        f"table, then run 'outreach i18n init {tag}'"))
                continue
            tables.append(table)
        except ValueError as exc:
            problems.append(Problem("--lang", str(exc)))
            continue
        if found != "en" and found not in langs:
            langs.append(found)
    if problems:
        raise OutreachError(problems)
    return langs, tables


def _starting_table(tag: str) -> str | None:
    """Settings for a language CLDR has no data for, from what it does know (its English name
    and script), or None when that is not enough to start from."""
    english, script = english_language_name(tag), likely_script(tag)
    if not english or not script:
        return None
    return (f"\n[languages.{tag}]\n"
            f"# CLDR has no data for {english}: write its name as its readers do.\n"
            f'name = "{english}"\nenglish_name = "{english}"\nscript = "{script}"\n')


def _skeleton(title: str, langs: list[str], tables: list[str]) -> dict[Path, str]:
    """The skeleton's files, relative to the kit, with outreach.toml filled in."""
    files = {}
    for source in sorted(SKELETON.rglob("*")):
        if not source.is_file():
            continue
        text = read_text(source)
        if source.name == "outreach.toml":
            published = ", ".join(f'"{tag}"' for tag in ["en", *langs])
            text = Template(text).substitute(title=_toml_string(title), languages=published)
            text += "".join(tables)
        target = source.relative_to(SKELETON)
        # Stored without its dot, so that it is a file of the package, not one git obeys here.
        files[target.with_name(".gitignore") if target.name == "gitignore" else target] = text
    return files


def _toml_string(text: str) -> str:
    """Text as the inside of a TOML basic string (one line, no control characters)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _move_into_place(staging: Path, directory: Path) -> None:
    """Rename the finished kit to its name; an empty folder of that name is replaced."""
    try:
        staging.replace(directory)  # refused if files appeared in it meanwhile
    except OSError:
        raise OutreachError(Problem(str(directory), "already exists and is not empty; choose "
                                    "a new folder")) from None
