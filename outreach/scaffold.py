"""`outreach new`: a small working kit to start from.

The new kit publishes its source language right away, and has an empty catalog for each
language to translate, so `outreach build` works before any translation exists.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from .errors import OutreachError, Problem
from .i18n.extract import extract_kit
from .kit.config import load_config
from .kit.languages import language

SKELETON = Path(__file__).resolve().parent / "skeleton"


def new_kit(directory: Path, *, title: str = "Our message kit",
            translations: list[str] | tuple[str, ...] = ("es",)) -> list[Path]:
    """Create a kit in `directory`; return the files written."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise OutreachError(Problem(str(directory), "already exists and is not empty; choose "
                                    "a new folder"))
    langs = []
    for tag in translations:
        try:
            langs.append(language(tag))
        except ValueError as exc:
            raise OutreachError(Problem("--lang", str(exc))) from None
    langs = [lang for lang in langs if lang.tag != "en"]

    written: list[Path] = []
    for source in sorted(SKELETON.rglob("*")):
        if not source.is_file():
            continue
        target = directory / source.relative_to(SKELETON)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        if source.name == "outreach.toml":
            text = Template(text).substitute(
                title=title.replace("\\", "\\\\").replace('"', '\\"'),
                example_languages=", ".join(f'"{lang.tag}"' for lang in langs) or '"es"')
        target.write_text(text, encoding="utf-8")
        written.append(target)

    config = load_config(directory)
    template = extract_kit(config)
    config.template_path.parent.mkdir(parents=True, exist_ok=True)
    with config.template_path.open("wb") as fileobj:
        write_po(fileobj, template, width=79)
    written.append(config.template_path)
    for lang in langs:
        catalog = Catalog(locale=lang.locale, project=config.title, charset="utf-8")
        for message in template:
            if message.id:
                catalog.add(message.id, locations=message.locations,
                            auto_comments=message.auto_comments, flags=message.flags,
                            context=message.context)
        path = config.catalog_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fileobj:
            write_po(fileobj, catalog, width=79)
        written.append(path)
    return written
