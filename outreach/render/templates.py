"""The Jinja environment pages are rendered with, over the templates the kit snapshot holds.

Templates come from the snapshot (`outreach.kit.snapshot`, read through `outreach.files`),
never from the disk, so a build renders exactly what it read. One environment serves a whole
build: each template is compiled once, and `use_translations` switches the language its text is
translated into. Any error inside a template, at compile time or while rendering, becomes one
problem naming the template file and line.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from types import TracebackType
from typing import Protocol

import jinja2

from ..errors import OutreachError, Problem, SourceError


class TemplateSource(Protocol):
    shown: str
    text: str


class SnapshotLoader(jinja2.BaseLoader):
    """Serves the snapshot's templates; the file name Jinja reports is the one people edit."""

    def __init__(self, templates: Mapping[str, TemplateSource]) -> None:
        self.templates = templates
        self.files = {source.shown for source in templates.values()}

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, None]:
        found = self.templates.get(template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        return found.text, found.shown, None

    def list_templates(self) -> list[str]:
        return sorted(self.templates)


def environment(templates: Mapping[str, TemplateSource],
                translations: gettext.NullTranslations | None = None) -> jinja2.Environment:
    """A Jinja environment over `templates`, its text translated through `translations`."""
    env = jinja2.Environment(
        loader=SnapshotLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.policies["ext.i18n.trimmed"] = True
    use_translations(env, translations)
    return env


def use_translations(env: jinja2.Environment,
                     translations: gettext.NullTranslations | None) -> None:
    """Translate the environment's template text through `translations` from now on."""
    # Newstyle gettext escapes translated text, so a translation cannot inject markup.
    env.install_gettext_translations(  # type: ignore[attr-defined]
        translations or gettext.NullTranslations(), newstyle=True)


def check_templates(templates: Mapping[str, TemplateSource]) -> jinja2.Environment:
    """Compile every template once, so syntax errors surface before anything is rendered;
    return the environment holding them, compiled, to render with."""
    env = environment(templates)
    problems = []
    for name, source in templates.items():
        try:
            env.get_template(name)
        except OutreachError as exc:
            problems.extend(exc.problems)
        except RecursionError:
            problems.append(Problem(source.shown, "template syntax error: expressions or "
                                    "blocks are nested too deeply"))
        except Exception as exc:  # noqa: BLE001 (any failure is the template's problem)
            problems.append(template_problem(env, name, exc, source.shown))
    if problems:
        raise SourceError(problems)
    return env


def template_problem(env: jinja2.Environment, name: str, exc: Exception,
                     filename: str | None = None) -> Problem:
    """One line for an error in a template: which file, which line, what went wrong."""
    line: int | None = None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        filename, line = exc.filename or filename, exc.lineno
        what = f"template syntax error: {exc.message}"
    else:
        found = _template_frame(exc, _loader(env))
        if found is not None:
            filename, line = found
        what = f"cannot render: {_reason(exc)}"
    return Problem(filename or f"templates/{name}", " ".join(what.split()), line)


def _loader(env: jinja2.Environment) -> SnapshotLoader:
    assert isinstance(env.loader, SnapshotLoader)
    return env.loader


def _template_frame(exc: Exception, loader: SnapshotLoader) -> tuple[str, int] | None:
    """The template line that failed: Jinja rewrites tracebacks so that template code shows
    with its own file and line. For endless recursion, the line that recurses: the innermost
    include, import or call (any frame of the loop would be as deep)."""
    frames = []
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in loader.files:
            frames.append((filename, tb.tb_lineno))
        tb = tb.tb_next
    if isinstance(exc, RecursionError):
        texts = {source.shown: source.text.split("\n") for source in loader.templates.values()}
        for filename, line in reversed(frames):
            text = texts[filename][line - 1] if 0 < line <= len(texts[filename]) else ""
            if any(f"{{% {tag}" in text for tag in ("include", "import", "from", "call")):
                return filename, line
    return frames[-1] if frames else None


def _reason(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "templates include, extend or call each other without end"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template {exc.name!r} not found"
    if isinstance(exc, jinja2.TemplateError):
        return str(exc.message or exc)
    return f"{type(exc).__name__}: {exc}"
