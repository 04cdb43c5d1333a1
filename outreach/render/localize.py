"""Putting a message into one language: catalog lookups, fallbacks, filled placeholders.

Translated text is data. It is escaped (fields) or rendered as restricted Markdown (bodies), and
placeholders are filled only after translation, from the kit settings, escaped too.
"""

from __future__ import annotations

import gettext
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import markdown
from markupsafe import Markup

from ..kit.catalogs import CompiledCatalog, Key
from ..kit.config import Config
from ..kit.languages import Language
from ..kit.messages import Message
from ..kit.units import fill_plain, normalize, units
from .markdown import render_body, render_text

# Remembers a result by what it was computed from: remember(kind, inputs, compute) returns
# compute(), or what it returned before for the same kind and inputs.
Remember = Callable[[str, Sequence[str], Callable[[], str]], str]


@dataclass(frozen=True)
class LocalizedMessage:
    message: Message
    title: Markup
    key_message: Markup
    call_to_action: Markup
    value: Markup
    body: Markup
    plain_title: str  # for PDF metadata and <title>
    image_alt: str = ""  # the picture's description, translated: plain text for `alt`

    @property
    def id(self) -> str:
        return self.message.id

    @property
    def image(self) -> str:
        """The message's picture, as a path from the kit folder ("" for none)."""
        return self.message.image

    @property
    def audience(self) -> str:
        return self.message.audience


class Localizer:
    """Looks text up in one language's catalog, falling back to the source language.

    Every lookup that finds no usable translation is recorded in `missing`, as (msgctxt,
    msgid), template text included: a build knows exactly which strings each page needed.
    """

    def __init__(self, config: Config, language: Language,
                 catalog: CompiledCatalog | None, remember: Remember | None = None) -> None:
        self.config = config
        self.language = language
        self.catalog = catalog
        self.values = config.organization.placeholder_values()
        self.missing: set[Key] = set()
        self.remember = remember

    @contextmanager
    def recording(self) -> Iterator[set[Key]]:
        """The strings missed while the block runs (and only those)."""
        outer, self.missing = self.missing, set()
        try:
            yield self.missing
        finally:
            outer |= self.missing
            self.missing = outer

    def lookup(self, context: str | None, source: str) -> tuple[str, str | None]:
        """(text to show, source language tag when the translation is missing)."""
        if self.catalog is None:
            return source, None
        found = self.catalog.lookup(context, source)
        if found is None:
            self.missing.add((context, source))
            return source, self.config.source_language.tag
        return found, None

    def translations(self) -> gettext.NullTranslations:
        """gettext for templates, recording what it cannot find like every other lookup."""
        if self.catalog is None:
            return gettext.NullTranslations()
        return _Recording(self, self.catalog.gettext())

    def text(self, context: str, source: str) -> Markup:
        shown, fallback = self.lookup(context, source)
        html = render_text(shown, self.values)
        if fallback:
            # Unquoted, like all translated markup (see render.markdown.quote_free_html).
            return Markup("<span lang={}>{}</span>").format(fallback, html)
        return html

    def plain(self, context: str, source: str) -> str:
        return fill_plain(self.lookup(context, source)[0], self.values)

    def message(self, message: Message) -> LocalizedMessage:
        fields = {name: self.text(f"{message.key}:{name}", text) for name, text in message.fields}
        body = self.body(message)
        empty = Markup("")
        return LocalizedMessage(
            message=message,
            title=fields["title"],
            key_message=fields.get("key_message", empty),
            call_to_action=fields.get("call_to_action", empty),
            value=fields.get("value", empty),
            body=body,
            plain_title=self.plain(f"{message.key}:title", message.title),
            image_alt=self.plain(f"{message.key}:image_alt", message.field("image_alt"))
            if message.image else "",
        )


    def body(self, message: Message) -> Markup:
        """The message's body in this language, as safe HTML.

        Rendering Markdown is the costliest step of planning a page, and its result depends
        only on the body, each unit's translation and the placeholder values: with `remember`,
        a body whose inputs have not changed since an earlier build is not rendered again.
        """
        context = f"{message.key}:body"

        def render() -> str:
            return str(render_body(message.body,
                                   lambda text: self.lookup(context, normalize(text)),
                                   self.values))

        if self.remember is None:
            return Markup(render())
        # Looked up first, so that what the body misses is recorded on a hit as well.
        found = message.units or tuple(units(message.body))  # (a message made by hand)
        shown = [self.lookup(context, unit.text) for unit in found]
        inputs = [markdown.__version__, message.body, json.dumps(shown, ensure_ascii=False),
                  json.dumps(sorted(self.values.items()), ensure_ascii=False)]
        return Markup(self.remember("body", inputs, render))


class _Recording(gettext.NullTranslations):
    """Template gettext over a catalog that tells its Localizer about every string it lacks."""

    def __init__(self, localizer: Localizer, inner: gettext.NullTranslations) -> None:
        super().__init__()
        self._localizer = localizer
        self._inner = inner

    def _note(self, context: str | None, message: str, plural: bool = False) -> None:
        catalog = self._localizer.catalog
        assert catalog is not None
        known = catalog.plurals if plural else catalog.entries
        if (context, message) not in known:
            self._localizer.missing.add((context, message))

    def gettext(self, message: str) -> str:
        self._note(None, message)
        return self._inner.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        self._note(context, message)
        return self._inner.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self._note(None, singular, plural=True)
        return self._inner.ngettext(singular, plural, n)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        self._note(context, singular, plural=True)
        return self._inner.npgettext(context, singular, plural, n)
