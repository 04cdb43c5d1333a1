"""HTML for the web pages, and the print HTML that becomes PDFs.

All links between pages are relative, so a built kit works from any host, any sub-folder, and
straight from the disk (`file://`). Web pages and print pages get their last touches from
`finish`: paper shows link addresses and keeps words whole, the web stays free of invisible
characters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from ..errors import OutreachError, RenderError
from ..kit.config import Audience, Config
from ..kit.images import Image
from ..kit.languages import Language
from .finish import dialled, for_print, for_web, short_url
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

    @staticmethod
    def forms(lang: Language, audience: str, message_id: str) -> str:
        """The folder of a message's other forms: share images, texts, card, bilingual flyer."""
        return f"{lang.tag}/{audience}/{message_id}/"

    @staticmethod
    def share(lang: Language, audience: str, message_id: str, size: str) -> str:
        return f"{PageLinks.forms(lang, audience, message_id)}{size}.png"

    @staticmethod
    def share_text(lang: Language, audience: str, message_id: str, which: str) -> str:
        """The image description (`alt`) or the post caption (`caption`) of the images."""
        return f"{PageLinks.forms(lang, audience, message_id)}{which}.txt"

    @staticmethod
    def card(lang: Language, audience: str, message_id: str) -> str:
        return f"{PageLinks.forms(lang, audience, message_id)}card.pdf"

    @staticmethod
    def bilingual(lang: Language, audience: str, message_id: str) -> str:
        return f"{PageLinks.forms(lang, audience, message_id)}bilingual.pdf"

    @staticmethod
    def card_sheet(lang: Language, audience: str) -> str:
        """An audience's wallet cards, ten to a sheet."""
        return f"{lang.tag}/{audience}-cards.pdf"

    @staticmethod
    def sms(lang: Language | None = None) -> str:
        """A language's text messages, or (None) every language's."""
        return f"{lang.tag}/sms.csv" if lang is not None else "sms.csv"

    @staticmethod
    def from_page(lang: Language, path: str) -> str:
        """A file of the language's folder as its pages (`lang/audience.html`) link it."""
        return path.removeprefix(f"{lang.tag}/")


def organization(config: Config) -> dict[str, str]:
    """Contact details for templates; the `shown_` ones are isolated for right-to-left text."""
    org = config.organization
    website_label = short_url(org.website)
    return {
        "name": org.name,
        "phone": org.phone,
        "phone_uri": dialled(org.phone),  # templates write href="tel:{{ org.phone_uri }}"
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
                  preview_size: tuple[int, int] | None = None,
                  forms: Mapping[str, Mapping[str, Any]] | None = None,
                  downloads: Mapping[str, str | None] | None = None,
                  og: Mapping[str, Any] | None = None) -> str:
    """An audience's web page; `forms` are each message's other forms by message id (share
    images, texts, card, bilingual flyer), `downloads` the page's own (card sheet, text
    messages) and `og` its link preview (see `open_graph`)."""
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
        "flyers": {m.id: _flyer_link(audience, m, preview_size) for m in messages}
        if flyers else {},
        "audiences": [{**audience_context(other, localizer), "href": f"{other.id}.html",
                       "current": other.id == audience.id} for other in audiences]
        if len(audiences) > 1 else [],
        "forms": forms or {},
        "downloads": downloads or {},
        "og": og,
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
               partners: Sequence[Mapping[str, str]] = (), *,
               sms_href: str | None = None, og: Mapping[str, Any] | None = None) -> str:
    """The kit's home page; `partners` (name, href) are the partner kits it links to,
    `sms_href` every language's text messages."""
    context = {**base, "root": "", "entries": entries, "switcher": [], "alternates": [],
               "canonical": site_url, "partners": partners, "sms_href": sms_href, "og": og}
    return for_web(render(env, "index.html", context))


def og_locale(lang: Language) -> str:
    """A language as Open Graph names locales, language_TERRITORY: "es_ES", "zh_TW"; the
    territory is the tag's own, else the one CLDR finds most likely for it."""
    from babel.core import get_global

    parts = lang.tag.split("-")
    code = parts[0].lower()
    regions = [p.upper() for p in parts[1:] if len(p) == 2 or p.isdigit()]
    if regions:
        return f"{code}_{regions[0]}"
    likely = get_global("likely_subtags")
    for key in ("_".join(parts), f"{code}_{lang.script}", f"und_{lang.script}", code):
        found = likely.get(key)
        if found and found.split("_")[0] == code:
            return f"{code}_{found.split('_')[-1]}"
    return code


def open_graph(title: str, description: str, image: str | None, image_alt: str,
               lang: Language, others: Sequence[Language], url: str | None) -> dict[str, Any]:
    """What a link preview shows (Open Graph and Twitter card tags in the page's head)."""
    return {"title": title, "description": description, "image": image,
            "image_alt": image_alt, "locale": og_locale(lang),
            "alternates": [og_locale(other) for other in others if other != lang],
            "url": url}


def share_page(env: jinja2.Environment, base: Mapping[str, Any], message: LocalizedMessage,
               size: tuple[str, int, int]) -> str:
    """One share image's page: `size` is its name and pixel width and height."""
    name, width, height = size
    return for_print(render(env, "share.html", {
        **base, "root": "", "m": message,
        "size": {"name": name, "width": width, "height": height}}))


def card_side(env: jinja2.Environment, base: Mapping[str, Any], message: LocalizedMessage,
              side: str, qr_url: str | None = None) -> str:
    """One side of a wallet card: the message (`side` "message"), or how to reach the
    organization ("contact")."""
    qr = {"src": QR_IMAGE, "url": qr_url, "label": short_url(qr_url)} if qr_url else None
    return for_print(render(env, "card.html", {**base, "root": "", "m": message,
                                               "side": side, "qr": qr}))


def card_sheet(env: jinja2.Environment, base: Mapping[str, Any], audience: Audience,
               localizer: Localizer, sheet: Mapping[str, Any], pages: int) -> str:
    """The pages cards are imposed on: crop marks where `sheet` says, `pages` of them."""
    return render(env, "card_sheet.html", {
        **base, "root": "", "audience": audience_context(audience, localizer),
        "sheet": sheet, "sides": [{"number": n} for n in range(1, pages + 1)]})


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

