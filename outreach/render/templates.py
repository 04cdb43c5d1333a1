"""Finding and loading templates: the kit's own `templates/` first, then the built-in theme.

A kit overrides any theme file by putting one with the same name in its `templates/` folder
(`templates/assets/kit.css` for colours, `templates/flyer.html` for a whole new flyer).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from pathlib import Path

import jinja2

from ..config import Config
from ..errors import Problem, SourceError, display_path

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


def environment(config: Config,
                translations: gettext.NullTranslations | None = None) -> jinja2.Environment:
    """A Jinja environment whose template text is translated through `translations`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(config)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    # Newstyle gettext escapes translated text, so a translation cannot inject markup.
    env.install_gettext_translations(  # type: ignore[attr-defined]
        translations or gettext.NullTranslations(), newstyle=True)
    return env


def check_templates(config: Config) -> None:
    """Compile every template once, so syntax errors surface before anything is rendered."""
    env = environment(config)
    problems = []
    for name, path in template_files(config):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(display_path(path, config.root),
                                    f"template syntax error: {exc.message}", exc.lineno))
    if problems:
        raise SourceError(problems)
