"""Where a kit's look comes from: its own `templates/` first, then the built-in theme.

A kit overrides any theme file by putting one with the same name in its `templates/` folder
(`templates/assets/kit.css` for colours, `templates/flyer.html` for a whole new flyer).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .config import Config

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
TEMPLATE_SUFFIXES = (".html",)


def template_dirs(config: Config) -> list[Path]:
    return [config.templates_dir, THEME_DIR / "templates"]


def asset_dirs(config: Config) -> list[Path]:
    """Folders whose files are copied to `assets/`, later ones winning."""
    return [THEME_DIR / "assets", config.templates_dir / "assets"]


def template_files(config: Config) -> Iterator[tuple[str, Path]]:
    """Every template that a build may use, by name, the kit's version where it has one."""
    seen: set[str] = set()
    for folder in template_dirs(config):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.suffix in TEMPLATE_SUFFIXES and not name.startswith("assets/") \
                    and name not in seen:
                seen.add(name)
                yield name, path
