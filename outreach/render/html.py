"""HTML for the web pages, and the print HTML that becomes PDFs.

All links between pages are relative, so a built kit works from any host, any sub-folder, and
straight from the disk (`file://`). Web pages and print pages get their last touches from
`finish`: paper shows link addresses and keeps words whole, the web stays free of invisible
characters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from ..errors import OutreachError, RenderError
from ..kit.config import Audience, Config
from ..kit.images import Image
from ..kit.languages import Language
from .finish import for_print, for_web, short_url
from .localize import LocalizedMessage, Localizer
from .markdown import isolated
from .templates import template_problem

QR_IMAGE = "qr.svg"  # the flyer's QR code, among its PDF job's resources


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

    @staticmethod
    def message(lang: Language, audience: str, message_id: str) -> str:
        """A message on its audience's web page."""
        return f"{lang.tag}/{audience}.html#{message_id}"


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


def brand(config: Config, images: Mapping[str, Image]) -> dict[str, Any]:
    """The logos for templates, as paths from the output folder with their sizes."""
    def logo(path: str | None) -> dict[str, Any] | None:
        image = images.get(path) if path else None
        if image is None:
            return None
        return {"path": image.output, "width": image.width, "height": image.height}

    return {"logo": logo(config.brand.logo), "partner_logo": logo(config.brand.partner_logo),
            "partner_name": config.brand.partner_name}


def kit_context(config: Config, localizer: Localizer, generator: str,
                images: Mapping[str, Image] | None = None) -> dict[str, Any]:
    return {
        "kit": {"title": localizer.text("kit:title", config.title),
                "plain_title": localizer.plain("kit:title", config.title)},
        "org": organization(config),
        "brand": brand(config, images or {}),
        "images": {path: {"path": image.output, "width": image.width, "height": image.height}
                   for path, image in (images or {}).items()},
        "lang": localizer.language,
        "generator": generator,
        "paper": config.paper,
    }


def qr_target(config: Config, lang: Language, message: LocalizedMessage) -> str | None:
    """Where a flyer's QR code leads: the message's web page when the kit says where it is
    published (`site_url`), else the organization's website; None without either."""
    if config.site_url:
        return config.site_url + PageLinks.message(lang, message.audience, message.id)
    return config.organization.website or None


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
                  site_url: str | None, audiences: Sequence[Audience] = (),
                  preview_size: tuple[int, int] | None = None) -> str:
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
        "flyers": {m.id: _flyer_link(audience, m, preview_size) for m in messages}
        if flyers else {},
        "audiences": [{**audience_context(other, localizer), "href": f"{other.id}.html",
                       "current": other.id == audience.id} for other in audiences]
        if len(audiences) > 1 else [],
    }
    return for_web(render(env, "page.html", context))


def _flyer_link(audience: Audience, message: LocalizedMessage,
                preview_size: tuple[int, int] | None) -> dict[str, Any]:
    width, height = preview_size or (None, None)
    return {"pdf_href": f"{audience.id}/{message.id}.pdf",
            "preview_href": f"{audience.id}/{message.id}.png" if preview_size else None,
            "preview_width": width, "preview_height": height}


def index_page(env: jinja2.Environment, base: Mapping[str, Any],
               entries: Sequence[Mapping[str, Any]], site_url: str | None,
               partners: Sequence[Mapping[str, str]] = ()) -> str:
    """The kit's home page; `partners` (name, href) are the partner kits it links to."""
    context = {**base, "root": "", "entries": entries, "switcher": [], "alternates": [],
               "canonical": site_url, "partners": partners}
    return for_web(render(env, "index.html", context))


def flyer(env: jinja2.Environment, base: Mapping[str, Any], message: LocalizedMessage,
          created: str | None, qr_url: str | None = None) -> str:
    qr = {"src": QR_IMAGE, "url": qr_url, "label": short_url(qr_url),
          "shown_label": isolated(short_url(qr_url), "website")} if qr_url else None
    return for_print(render(env, "flyer.html", {**base, "root": "", "m": message, "qr": qr,
                                                "created": created}))


def sheet(env: jinja2.Environment, base: Mapping[str, Any], audience: Audience,
          localizer: Localizer, messages: Sequence[LocalizedMessage], created: str | None) -> str:
    return for_print(render(env, "sheet.html", {
        **base, "root": "", "audience": audience_context(audience, localizer),
        "messages": messages, "created": created}))

