"""HTML for the web pages, and the print HTML that becomes PDFs.

All links between pages are relative, so a built kit works from any host, any sub-folder, and
straight from the disk (`file://`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from ..errors import OutreachError, RenderError
from ..kit.config import Audience, Config
from ..kit.languages import Language
from .localize import LocalizedMessage, Localizer
from .markdown import isolated
from .templates import template_problem


@dataclass(frozen=True)
class PageLinks:
    """Where things are, relative to the kit's output folder."""

    @staticmethod
    def page(lang: Language, audience: str) -> str:
        return f"{lang.tag}/{audience}.html"

    @staticmethod
    def sheet(lang: Language, audience: str) -> str:
        return f"{lang.tag}/{audience}.pdf"

    @staticmethod
    def flyer(lang: Language, audience: str, message_id: str) -> str:
        return f"{lang.tag}/{audience}/{message_id}.pdf"

    @staticmethod
    def preview(lang: Language, audience: str, message_id: str) -> str:
        return f"{lang.tag}/{audience}/{message_id}.png"


def organization(config: Config) -> dict[str, str]:
    """Contact details for templates; the `shown_` ones are isolated for right-to-left text."""
    org = config.organization
    website_label = re.sub(r"^https?://|/$", "", org.website)
    return {
        "name": org.name,
        "phone": org.phone,
        "phone_uri": re.sub(r"[^0-9+]", "", org.phone),
        "email": org.email,
        "website": org.website,
        "website_label": website_label,
        "shown_phone": isolated(org.phone, "phone"),
        "shown_email": isolated(org.email, "email"),
        "shown_website": isolated(website_label, "website"),
    }


def kit_context(config: Config, localizer: Localizer, generator: str) -> dict[str, Any]:
    return {
        "kit": {"title": localizer.text("kit:title", config.title),
                "plain_title": localizer.plain("kit:title", config.title)},
        "org": organization(config),
        "lang": localizer.language,
        "generator": generator,
        "paper": config.paper,
    }


def audience_context(audience: Audience, localizer: Localizer) -> dict[str, Any]:
    context = f"audience:{audience.id}"
    return {"id": audience.id, "label": localizer.text(context, audience.label),
            "plain_label": localizer.plain(context, audience.label)}


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render one template; any error in it is one problem at its template file and line."""
    try:
        return env.get_template(name).render(context)
    except OutreachError:
        raise
    except Exception as exc:  # noqa: BLE001 (a template can raise anything Python can)
        raise RenderError(template_problem(env, name, exc)) from None


def audience_page(env: jinja2.Environment, base: Mapping[str, Any], audience: Audience,
                  localizer: Localizer, messages: Sequence[LocalizedMessage],
                  languages: Sequence[Language], *, sheet: bool, flyers: bool,
                  site_url: str | None) -> str:
    lang = localizer.language
    here = PageLinks.page(lang, audience.id)
    switcher = [{"tag": other.tag, "direction": other.direction, "native_name": other.native_name,
                 "href": f"../{PageLinks.page(other, audience.id)}", "current": other == lang}
                for other in languages]
    alternates = [{"tag": item["tag"],
                   "href": (site_url + PageLinks.page(other, audience.id)) if site_url
                   else item["href"]}
                  for item, other in zip(switcher, languages, strict=True)]
    context = {
        **base,
        "root": "../",
        "audience": audience_context(audience, localizer),
        "messages": messages,
        "switcher": switcher if len(languages) > 1 else [],
        "alternates": alternates if len(languages) > 1 else [],
        "canonical": site_url + here if site_url else None,
        "sheet_href": f"{audience.id}.pdf" if sheet else None,
        "flyer_hrefs": {m.id: f"{audience.id}/{m.id}.pdf" if flyers else None for m in messages},
    }
    return render(env, "page.html", context)


def index_page(env: jinja2.Environment, base: Mapping[str, Any],
               entries: Sequence[Mapping[str, Any]], site_url: str | None,
               partners: Sequence[Mapping[str, str]] = ()) -> str:
    """The kit's home page; `partners` (name, href) are the partner kits it links to."""
    context = {**base, "root": "", "entries": entries, "switcher": [], "alternates": [],
               "canonical": site_url, "partners": partners}
    return render(env, "index.html", context)


def flyer(env: jinja2.Environment, base: Mapping[str, Any], message: LocalizedMessage,
          created: str | None) -> str:
    return render(env, "flyer.html", {**base, "m": message, "created": created})


def sheet(env: jinja2.Environment, base: Mapping[str, Any], audience: Audience,
          localizer: Localizer, messages: Sequence[LocalizedMessage], created: str | None) -> str:
    return render(env, "sheet.html", {**base, "audience": audience_context(audience, localizer),
                                      "messages": messages, "created": created})

