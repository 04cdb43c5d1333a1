"""Putting a message into one language: catalog lookups, fallbacks, filled placeholders.

Translated text is data. It is escaped (fields) or rendered as restricted Markdown (bodies), and
placeholders are filled only after translation, from the kit settings, escaped too.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..kit.catalogs import CompiledCatalog
from ..kit.config import Config
from ..kit.languages import Language
from ..kit.markdown import normalize
from ..kit.messages import Message
from .markdown import fill_plain, render_body, render_text


@dataclass(frozen=True)
class LocalizedMessage:
    message: Message
    title: Markup
    key_message: Markup
    call_to_action: Markup
    value: Markup
    body: Markup
    plain_title: str  # for PDF metadata and <title>

    @property
    def id(self) -> str:
        return self.message.id

    @property
    def audience(self) -> str:
        return self.message.audience


class Localizer:
    """Looks text up in one language's catalog, falling back to the source language."""

    def __init__(self, config: Config, language: Language,
                 catalog: CompiledCatalog | None) -> None:
        self.config = config
        self.language = language
        self.catalog = catalog
        self.values = config.organization.placeholder_values()

    def lookup(self, context: str, source: str) -> tuple[str, str | None]:
        """(text to show, source language tag when the translation is missing)."""
        if self.catalog is None:
            return source, None
        found = self.catalog.lookup(context, source)
        if found is None:
            return source, self.config.source_language.tag
        return found, None

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
        context = f"{message.key}:body"
        body = render_body(message.body, lambda text: self.lookup(context, normalize(text)),
                           self.values)
        empty = Markup("")
        return LocalizedMessage(
            message=message,
            title=fields["title"],
            key_message=fields.get("key_message", empty),
            call_to_action=fields.get("call_to_action", empty),
            value=fields.get("value", empty),
            body=body,
            plain_title=self.plain(f"{message.key}:title", message.title),
        )
