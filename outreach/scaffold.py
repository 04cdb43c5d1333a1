"""`outreach new`: a small working kit to start from.

The new kit publishes its source language right away, and has an empty catalog for each
language to translate, so `outreach build` works before any translation exists. The template
and the catalogs come from the same writer as `outreach i18n update`'s, so running it right
after changes no byte.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from .errors import OutreachError, Problem
from .kit.config import load_config
from .kit.languages import language

SKELETON = Path(__file__).resolve().parent / "skeleton"


def new_kit(directory: Path, *, title: str = "Our message kit",
            translations: list[str] | tuple[str, ...] = ("es",)) -> list[Path]:
    """Create a kit in `directory`; return the files written."""
    from .i18n.template import write_template
    from .i18n.update import init_catalog

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
    written.append(write_template(config).path)
    for lang in langs:
        written.append(init_catalog(config, lang.tag))
    return written
