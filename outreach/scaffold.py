"""`outreach new`: a small working kit to start from.

The new kit publishes its source language right away, and has an empty catalog for each
language to translate, so `outreach build` works before any translation exists.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from .errors import OutreachError, Problem
from .files import write_files
from .i18n.template import write_template
from .i18n.update import init_catalog
from .kit.config import load_config
from .kit.languages import UnknownLanguage, english_language_name, language, likely_script

SKELETON = Path(__file__).resolve().parent / "skeleton"


def new_kit(directory: Path, *, title: str = "Our message kit",
            translations: list[str] | tuple[str, ...] = ("es",)) -> list[Path]:
    """Create a kit in `directory`; return the files written."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise OutreachError(Problem(str(directory), "already exists and is not empty; choose "
                                    "a new folder"))
    tags: list[str] = []
    tables: list[str] = []
    for tag in translations:
        try:
            tag = language(tag).tag
        except UnknownLanguage as exc:
            table = _starting_table(tag.replace("_", "-"))
            if table is None:
                raise OutreachError(Problem("--lang", f"{exc}; start the kit without it, add "
                                            f"the table, then run 'outreach i18n init {tag}'"))\
                    from None
            tables.append(table)
        except ValueError as exc:
            raise OutreachError(Problem("--lang", str(exc))) from None
        tags.append(tag.replace("_", "-"))
    tags = [tag for tag in dict.fromkeys(tags) if tag != "en"]

    contents: dict[Path, str] = {}
    for source in sorted(SKELETON.rglob("*")):
        if not source.is_file():
            continue
        text = source.read_text(encoding="utf-8")
        if source.name == "outreach.toml":
            text = Template(text).substitute(
                title=title.replace("\\", "\\\\").replace('"', '\\"'),
                example_languages=", ".join(f'"{tag}"' for tag in tags) or '"es"')
            text += "".join(tables)
        contents[directory / source.relative_to(SKELETON)] = text
    write_files(contents)
    written = list(contents)

    config = load_config(directory)
    written.append(write_template(config).path)
    written.extend(init_catalog(config, tag) for tag in tags)
    return written


def _starting_table(tag: str) -> str | None:
    """Settings for a language CLDR has no data for, from what it does know (its English name
    and script), or None when that is not enough to start from."""
    english, script = english_language_name(tag), likely_script(tag)
    if not english or not script:
        return None
    return (f"\n[languages.{tag}]\n"
            f"# CLDR has no data for {english}: write its name as its readers do.\n"
            f'name = "{english}"\nenglish_name = "{english}"\nscript = "{script}"\n')
