"""The Jinja environment pages are rendered with, over the templates `kit.theme` finds."""

from __future__ import annotations

import gettext

import jinja2

from ..errors import Problem, SourceError, display_path
from ..kit.config import Config
from ..kit.theme import template_dirs, template_files


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
