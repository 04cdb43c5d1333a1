"""The Jinja environment pages are rendered with, over the templates `kit.theme` finds.

Templates are read through `outreach.files` like every other kit file (regular files only,
never through a link out of the kit), and any error inside one, at compile time or while
rendering, becomes one problem naming the template file and line.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import jinja2
from jinja2.loaders import split_template_path

from ..errors import OutreachError, Problem, SourceError, display_path
from ..files import read_text
from ..kit.config import Config
from ..kit.theme import THEME_DIR, template_dirs, template_files


class KitLoader(jinja2.BaseLoader):
    """The kit's `templates/` first, then the theme's, each file read by `outreach.files`."""

    def __init__(self, config: Config) -> None:
        self.root = config.root
        self.folders = template_dirs(config)

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses "..": names stay inside each folder
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            inside = self.root if folder != THEME_DIR / "templates" else THEME_DIR
            text = read_text(path, self.shown(str(path)), inside=inside)
            return text, str(path), _unchanged(path)
        raise jinja2.TemplateNotFound(template)

    def shown(self, filename: str) -> str:
        """A template file as people name it: `templates/flyer.html`, or the theme's own."""
        path = Path(filename)
        theme = THEME_DIR / "templates"
        if path.is_relative_to(theme):
            return "outreach-theme/" + path.relative_to(theme).as_posix()
        if path.is_relative_to(self.root):  # as found, not resolved: a link is named itself
            return path.relative_to(self.root).as_posix()
        return display_path(path, self.root)


def environment(config: Config,
                translations: gettext.NullTranslations | None = None) -> jinja2.Environment:
    """A Jinja environment whose template text is translated through `translations`."""
    env = jinja2.Environment(
        loader=KitLoader(config),
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
        except OutreachError as exc:
            problems.extend(exc.problems)
        except RecursionError:
            problems.append(Problem(loader_of(env).shown(str(path)), "template syntax error: "
                                    "expressions or blocks are nested too deeply"))
        except Exception as exc:  # noqa: BLE001 (any failure is the template's problem)
            problems.append(template_problem(env, name, exc, str(path)))
    if problems:
        raise SourceError(problems)


def template_problem(env: jinja2.Environment, name: str, exc: Exception,
                     filename: str | None = None) -> Problem:
    """One line for an error in a template: which file, which line, what went wrong."""
    loader = loader_of(env)
    line: int | None = None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        filename, line = exc.filename or filename, exc.lineno
        what = f"template syntax error: {exc.message}"
    else:
        found = _innermost_template_frame(exc.__traceback__, loader)
        if found is not None:
            filename, line = found
        what = f"cannot render: {_reason(exc)}"
    shown = loader.shown(filename) if filename else f"templates/{name}"
    return Problem(shown, " ".join(what.split()), line)


def loader_of(env: jinja2.Environment) -> KitLoader:
    assert isinstance(env.loader, KitLoader)
    return env.loader


def _innermost_template_frame(tb: TracebackType | None,
                              loader: KitLoader) -> tuple[str, int] | None:
    """Jinja rewrites tracebacks so that template code shows with its own file and line."""
    found = None
    folders = [str(folder) + os.sep for folder in loader.folders]
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(tuple(folders)):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _reason(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "templates include, extend or call each other without end"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template {exc.name!r} not found"
    if isinstance(exc, jinja2.TemplateError):
        return str(exc.message or exc)
    return f"{type(exc).__name__}: {exc}"


def _unchanged(path: Path) -> Callable[[], bool]:
    """Jinja's check that a cached template still matches its file."""
    mtime = _mtime(path)
    return lambda: _mtime(path) == mtime


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None
