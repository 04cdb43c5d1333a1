"""The Jinja environment pages are rendered with, over the templates the kit snapshot holds.

Templates come from the snapshot (`outreach.kit.snapshot`), never from the disk, so a build
renders exactly what it read. One environment serves a whole build: each template is compiled
once, and `use_translations` switches the language its text is translated into.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from typing import Protocol

import jinja2

from ..errors import Problem, SourceError


class TemplateSource(Protocol):
    shown: str
    text: str


class _SnapshotLoader(jinja2.BaseLoader):
    def __init__(self, templates: Mapping[str, TemplateSource]) -> None:
        self.templates = templates

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, None]:
        found = self.templates.get(template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        # The "filename" is what errors show: the file a person must edit.
        return found.text, found.shown, None

    def list_templates(self) -> list[str]:
        return sorted(self.templates)


def environment(templates: Mapping[str, TemplateSource],
                translations: gettext.NullTranslations | None = None) -> jinja2.Environment:
    """A Jinja environment over `templates`, its text translated through `translations`."""
    env = jinja2.Environment(
        loader=_SnapshotLoader(templates),
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
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(source.shown, f"template syntax error: {exc.message}",
                                    exc.lineno))
    if problems:
        raise SourceError(problems)
    return env
