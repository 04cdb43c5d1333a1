"""The artifact plan: from a kit snapshot, every file the build makes and what decides its bytes.

Planning renders the HTML (cheap, in this process) but no PDF. Each artifact carries its *work*
(bytes to write as they are, or a job for a renderer) and a *content key*: a hash of everything
that determines its bytes (the HTML and the stylesheets and images it uses, the fonts on the
machine, the renderer's and this tool's versions, the options). Two artifacts with the same key
have the same bytes, which is what lets the build copy a cached render instead of making it
again, and skip writing a file the output already holds.

The plan is a pure function of the snapshot and the options: it reads nothing and writes
nothing, so it can be tested without rendering, as Pelican tests its page list.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from ..i18n.status import LanguageStats, count_translations
from ..kit.catalogs import CompiledCatalog, Key, compile_catalog
from ..kit.config import DEFAULT_FORMATS, OUTPUT_FORMATS, Audience
from ..kit.fonts import fonts_css
from ..kit.languages import Language
from ..kit.messages import Message
from ..kit.snapshot import Kit
from ..render import html
from ..render.duplex import DuplexJob
from ..render.impose import PER_SHEET, Grid, SheetJob, slots
from ..render.localize import LocalizedMessage, Localizer, Remember
from ..render.pdf import PdfJob
from ..render.qr import qr_svg
from ..render.share import SIZES, ShareJob, alt_text, caption
from ..render.sms import SmsRow, sms_csv, sms_rows, sms_text
from ..render.templates import environment, use_translations
from .cache import Memo

# What --format chooses; the home page and assets always come.
FORMATS = OUTPUT_FORMATS
CARD_FONT_SIZE = 7.5  # points: card.css's root font size
# Thumbnail sizes in pixels, from the paper's proportions (the preview is 360 pixels wide).
PREVIEW_SIZE = {"letter": (360, 466), "a4": (360, 509)}
PREVIEW_WIDTH = 360
_ASSET_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#?]+)""")
_CARD_LANG = re.compile(r'\slang="([^"]+)"')
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')#?]+)|@import\s+["']([^"']+)""")


@dataclass(frozen=True)
class Static:
    """Bytes to write as they are: a web page, a stylesheet, the manifest."""

    data: bytes

    def identity(self) -> dict[str, Any]:
        return {"sha256": hashlib.sha256(self.data).hexdigest()}


Work = Static | PdfJob | ShareJob | DuplexJob | SheetJob


@dataclass(frozen=True)
class Output:
    """One file an artifact produces; a flyer produces its PDF and a PNG preview."""

    path: str  # relative to the output folder, with forward slashes
    # As manifest.json lists it: html, pdf, flyer, preview, social, alt-text, caption, sms,
    # card, card-sheet, bilingual, asset.
    format: str
    role: str = "main"  # which of the work's results it is: main, preview, a share image's size


@dataclass(frozen=True)
class Artifact:
    # page, sheet, flyer, share (images), share-text, sms, card, card-sheet, bilingual, index,
    # asset
    kind: str
    outputs: tuple[Output, ...]
    work: Work
    key: str
    lang: str | None = None
    audience: str | None = None
    message: str | None = None
    source: str | None = None  # the file a person edits to change it (a message's .md)
    # Strings it uses that the catalog has no reviewed translation for (shown in the source
    # language if published); empty for a complete artifact.
    needs: frozenset[Key] = frozenset()

    @property
    def path(self) -> str:
        return self.outputs[0].path

    @property
    def format(self) -> str:
        return self.outputs[0].format


@dataclass(frozen=True)
class RenderEnvironment:
    """What besides an artifact's own inputs decides rendered bytes."""

    tool: str  # this tool's version: a new release may render differently
    renderer: str  # the renderer's and rasterizer's versions
    fonts: str  # identity of the fonts installed on the machine

    def key(self, kind: str, work: Work) -> str:
        """The content key of `work` made as a `kind` artifact in this environment."""
        identity: dict[str, Any] = {"kind": kind, "work": work.identity()}
        if not isinstance(work, Static):  # bytes written as they are depend on nothing else
            identity |= {"tool": self.tool, "renderer": self.renderer, "fonts": self.fonts}
        text = json.dumps(identity, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PlanOptions:
    formats: tuple[str, ...] = DEFAULT_FORMATS  # the formats to make
    # The formats the output will hold when the build is done (made now or kept from an earlier
    # build), so that pages link to the PDFs that will be there.
    linked: frozenset[str] = frozenset(DEFAULT_FORMATS)
    created: str | None = None  # the PDFs' creation date (SOURCE_DATE_EPOCH), None: when made
    allow_partial: bool = False
    generator: str = "outreach"
    bilingual: tuple[str, ...] = ()  # the languages that get bilingual flyers


@dataclass(frozen=True)
class LanguagePlan:
    language: Language
    artifacts: tuple[Artifact, ...]
    missing: frozenset[Key] = field(default_factory=frozenset)  # every string it lacks
    # What its entry on the home page lists: audience pages and flyers, with their paths.
    pages: tuple[Mapping[str, Any], ...] = ()
    flyers: tuple[Mapping[str, Any], ...] = ()
    localizer: Localizer | None = field(default=None, compare=False, repr=False)
    sms: tuple[SmsRow, ...] = ()  # the language's lines of the kit's sms.csv
    sms_href: str | None = None


class Planner:
    """Plans a kit's artifacts; holds what all languages share (the compiled templates)."""

    def __init__(self, kit: Kit, options: PlanOptions, env: RenderEnvironment, *,
                 templates: jinja2.Environment | None = None,
                 needed: Sequence[Key] | None = None, memo: Memo | None = None) -> None:
        self.kit = kit
        self._remember = _remembering(memo)
        self.config = kit.config
        self.options = options
        self.env = env
        self.jinja = templates or environment(kit.templates)
        self.fonts_css = fonts_css(self.config.languages)
        self.brand_css = self.config.brand.css(self.config.languages)
        self._keys = list(needed) if needed is not None else None
        self._coverages: dict[str, LanguageStats] = {}
        # The source language's side of cards and bilingual flyers, the same for every
        # language on the back: made once.
        self._source = Localizer(self.config, self.config.source_language, None,
                                 self._remember)
        self._fronts: dict[tuple[str, ...], str] = {}

    # -- the kit-wide artifacts --------------------------------------------------------------

    def assets(self) -> list[Artifact]:
        """The theme's and the kit's assets, the generated font and brand rules, and the
        kit's images (logos and the messages' pictures)."""
        return [self._static("asset", name, "asset", data)
                for name, data in sorted(self._available().items())]

    def _available(self) -> dict[str, bytes]:
        """Every file under assets/ in the output, by its path there."""
        files = {f"assets/{name}": asset.data for name, asset in self.kit.assets.items()}
        files["assets/fonts.css"] = self.fonts_css.encode("utf-8")
        files["assets/brand.css"] = self.brand_css.encode("utf-8")
        files |= {image.output: image.data for image in self.kit.images.values()}
        return files

    def index(self, cards: Sequence[str], partners: Sequence[Mapping[str, str]] = (),
              present: Callable[[str], bool] = lambda _path: True) -> Artifact:
        """The home page, from each published language's card, listing the partner kits
        (name, href) the output holds; it links only to files the output holds (`present`)."""
        source = self.config.source_language
        localizer = self._source
        use_translations(self.jinja, None)
        base = self._base(localizer)
        entries = [self._entry(card) for card in cards]
        lead = self.kit.messages[0] if self.kit.messages else None
        og = self._open_graph(localizer, lead, "", localizer.plain("kit:title", self.config.title),
                              self.config.site_url, present)
        page = html.index_page(self.jinja, base, entries, self.config.site_url, partners,
                               sms_href=html.PageLinks.sms() if present(html.PageLinks.sms())
                               else None, og=og)
        return self._static("index", "index.html", "html", page.encode("utf-8"),
                            lang=source.tag)

    def sms_sheet(self, rows: Sequence[SmsRow]) -> Artifact:
        """`sms.csv`: every published language's text messages, to paste into a texting tool."""
        return self._static("sms", html.PageLinks.sms(), "sms", sms_csv(rows))

    def _entry(self, card: str) -> dict[str, Any]:
        """A card on the home page, with the language it is in (the card's first `lang`), for
        the list of languages at the top of the page."""
        found = _CARD_LANG.search(card)
        try:
            lang = self.config.language(found.group(1)) if found else None
        except ValueError:
            lang = None
        return {"card": Markup(card), "tag": lang.tag if lang else None,
                "direction": lang.direction if lang else None,
                "name": lang.native_name if lang else None}

    # -- one language ------------------------------------------------------------------------

    def language(self, lang: Language) -> LanguagePlan:
        catalog = self._compiled(lang)
        localizer = Localizer(self.config, lang, catalog, self._remember)
        use_translations(self.jinja, localizer.translations())
        with localizer.recording() as missing:
            base = self._base(localizer)
            shared = frozenset(missing)  # the kit title: on every page of the language
        formats, linked = self.options.formats, self.options.linked
        artifacts: list[Artifact] = []
        flyers: list[Artifact] = []
        pages = []
        flyer_links = []
        for audience in self.kit.audiences:
            chosen = [m for m in self.kit.chosen_messages if m.audience == audience.id]
            localized, needs = [], {}
            for message in chosen:
                with localizer.recording() as missed:
                    localized.append(localizer.message(message))
                needs[message.id] = frozenset(missed)
            with localizer.recording() as missed:
                label = html.audience_context(audience, localizer)["label"]
            audience_needs = shared | frozenset(missed) | frozenset().union(*needs.values())
            page_href = html.PageLinks.page(lang, audience.id)
            sheet_href = html.PageLinks.sheet(lang, audience.id)
            cards_href = html.PageLinks.card_sheet(lang, audience.id)
            if "html" in formats:
                artifacts.append(self._page(lang, audience, localizer, localized, base,
                                            audience_needs))
            if "pdf" in formats:
                artifacts.append(self._sheet(lang, audience, localizer, localized, base,
                                             audience_needs))
            cards = []
            for message, shown in zip(chosen, localized, strict=True):
                message_needs = shared | needs[message.id]
                if "flyer" in formats:
                    flyers.append(self._flyer(lang, localizer, shown, base, message_needs,
                                              message.path))
                if "flyer" in linked:
                    flyer_links.append(self._flyer_link(lang, shown))
                if "social" in formats:
                    flyers.extend(self._share(lang, localizer, shown, base, message_needs))
                if "card" in formats:
                    cards.append(self._card(lang, localizer, shown, base, message_needs))
                    artifacts.append(cards[-1])
                if "bilingual" in formats and lang.tag in self.options.bilingual:
                    flyers.append(self._bilingual(lang, localizer, shown, base,
                                                  message_needs))
            if cards:
                artifacts.append(self._card_sheet(lang, audience, localizer, base, cards))
            pages.append({"label": label,
                          "html_href": page_href if "html" in linked else None,
                          "pdf_href": sheet_href if "pdf" in linked else None,
                          "cards_href": cards_href if "card" in linked and chosen else None,
                          "share_href": f"{page_href}#share-{chosen[0].id}"
                          if "social" in linked and "html" in linked and chosen else None})
        sms_rows: tuple[SmsRow, ...] = ()
        if "sms" in formats:
            sms_rows, sms_artifact = self._sms(lang, localizer)
            if sms_artifact is not None:
                artifacts.append(sms_artifact)
        # Longest renders first: the slowest start early and the workers finish together.
        flyers.sort(key=_render_size, reverse=True)
        missing = shared.union(*(a.needs for a in (*artifacts, *flyers)))
        sms_href = html.PageLinks.sms(lang) if "sms" in linked and self._has_sms() else None
        return LanguagePlan(lang, (*artifacts, *flyers), missing, tuple(pages),
                            tuple(flyer_links), localizer, sms_rows, sms_href)

    def card(self, planned: LanguagePlan, present: Callable[[str], bool],
             behind_since: str | None = None) -> str:
        """The language's entry on the home page, in its own language, linking only to files
        the output holds (`present`)."""
        localizer = planned.localizer
        assert localizer is not None
        use_translations(self.jinja, localizer.translations())
        base = self._base(localizer)
        pages = [{key: (value if not key.endswith("_href") or (value and present(
                  value.partition("#")[0])) else None) for key, value in page.items()}
                 for page in planned.pages]
        flyers = [flyer for flyer in planned.flyers if present(flyer["pdf_href"])]
        source = self.config.source_language
        sms = planned.sms_href if planned.sms_href and present(planned.sms_href) else None
        entry = {"lang": planned.language, "pages": pages, "flyers": flyers, "sms_href": sms,
                 "partial": bool(planned.missing) and self.options.allow_partial,
                 "behind_since": behind_since,
                 "waiting": len(planned.missing) if behind_since else 0,
                 "coverage": _percent(self._percent_of(planned.language)),
                 "name_in_source": planned.language.name_in(source)}
        return html.render(self.jinja, "partials/language_card.html",
                           {**base, "entry": entry, "source": source})

    def _base(self, localizer: Localizer) -> dict[str, Any]:
        """What every template of a language sees: the kit, the organization, the brand."""
        return html.kit_context(self.config, localizer, self.options.generator, self.kit.images)

    def _compiled(self, lang: Language) -> CompiledCatalog | None:
        found = self.kit.catalogs.get(lang.tag)
        return compile_catalog(found.po, lang) if found is not None else None

    def _page(self, lang: Language, audience: Audience, localizer: Localizer,
              messages: Sequence[LocalizedMessage], base: Mapping[str, Any],
              needs: frozenset[Key]) -> Artifact:
        linked = self.options.linked
        site_url = self.config.site_url
        with localizer.recording() as missed:
            forms = {m.id: self._forms(lang, localizer, m) for m in messages}
            links = html.PageLinks
            downloads = {
                "cards": links.from_page(lang, links.card_sheet(lang, audience.id))
                if "card" in linked and messages else None,
                "sms": links.from_page(lang, links.sms(lang))
                if "sms" in linked and self._has_sms() else None}
            title = (f"{html.audience_context(audience, localizer)['plain_label']} · "
                     f"{localizer.plain('kit:title', self.config.title)}")
            here = html.PageLinks.page(lang, audience.id)
            og = self._open_graph(localizer, messages[0].message if messages else None,
                                  "../", title, site_url + here if site_url else None)
            page = html.audience_page(
                self.jinja, base, audience, localizer, messages, self.config.languages,
                sheet="pdf" in linked, flyers="flyer" in linked,
                site_url=site_url, audiences=self.config.audiences,
                preview_size=PREVIEW_SIZE[self.config.paper], forms=forms,
                downloads=downloads, og=og)
        return self._static("page", html.PageLinks.page(lang, audience.id), "html",
                            page.encode("utf-8"), lang=lang.tag, audience=audience.id,
                            needs=needs | missed)

    def _sheet(self, lang: Language, audience: Audience, localizer: Localizer,
               messages: Sequence[LocalizedMessage], base: Mapping[str, Any],
               needs: frozenset[Key]) -> Artifact:
        with localizer.recording() as missed:
            text = html.sheet(self.jinja, base, audience, localizer, messages, None)
        job = PdfJob(html=text, resources=self._resources(text), created=self.options.created)
        output = Output(html.PageLinks.sheet(lang, audience.id), "pdf")
        return Artifact("sheet", (output,), job, self.env.key("sheet", job), lang=lang.tag,
                        audience=audience.id, needs=needs | missed)

    def _flyer(self, lang: Language, localizer: Localizer, message: LocalizedMessage,
               base: Mapping[str, Any], needs: frozenset[Key], source: str) -> Artifact:
        qr_url = html.qr_target(self.config, lang, message)
        with localizer.recording() as missed:
            text = html.flyer(self.jinja, base, message, None, qr_url)
        resources = self._resources(text)
        if qr_url:
            resources[html.QR_IMAGE] = qr_svg(qr_url)
        job = PdfJob(html=text, resources=resources, fit_one_page=True,
                     min_scale=self.config.flyer_min_scale, preview_width=PREVIEW_WIDTH,
                     created=self.options.created)
        outputs = (Output(html.PageLinks.flyer(lang, message.audience, message.id), "flyer"),
                   Output(html.PageLinks.preview(lang, message.audience, message.id), "preview",
                          "preview"))
        return Artifact("flyer", outputs, job, self.env.key("flyer", job), lang=lang.tag,
                        audience=message.audience, message=message.id, source=source,
                        needs=needs | missed)

    def _flyer_link(self, lang: Language, message: LocalizedMessage) -> dict[str, Any]:
        width, height = PREVIEW_SIZE[self.config.paper]
        return {"pdf_href": html.PageLinks.flyer(lang, message.audience, message.id),
                "title": message.title,
                "preview_href": html.PageLinks.preview(lang, message.audience, message.id),
                "preview_width": width, "preview_height": height}

    # -- the other forms of a message ---------------------------------------------------------

    def _share(self, lang: Language, localizer: Localizer, message: LocalizedMessage,
               base: Mapping[str, Any], needs: frozenset[Key]) -> list[Artifact]:
        """The message's share images, their description and the post's caption."""
        source = message.message.path
        with localizer.recording() as missed:
            pages = tuple((name, html.share_page(self.jinja, base, message, (name, w, h)))
                          for name, (w, h) in SIZES.items())
            alt = alt_text(localizer, message.message)
            post = caption(localizer, message.message)
        resources: dict[str, bytes] = {}
        for _name, text in pages:
            resources |= self._resources(text)
        job = ShareJob(pages=pages, resources=resources)
        outputs = tuple(Output(html.PageLinks.share(lang, message.audience, message.id, name),
                               "social", name) for name in SIZES)
        made = dict(lang=lang.tag, audience=message.audience, message=message.id, source=source,
                    needs=needs | frozenset(missed))
        texts = [self._static("share-text", html.PageLinks.share_text(
                     lang, message.audience, message.id, which), fmt,
                     (text + "\n").encode("utf-8"), **made)
                 for which, fmt, text in (("alt", "alt-text", alt), ("caption", "caption", post))]
        return [Artifact("share", outputs, job, self.env.key("share", job), **made), *texts]

    def _card(self, lang: Language, localizer: Localizer, message: LocalizedMessage,
              base: Mapping[str, Any], needs: frozenset[Key]) -> Artifact:
        """A wallet card: the message in the source language on the front; on the back, the
        message in `lang`, or for the source language how to reach the organization."""
        output = Output(html.PageLinks.card(lang, message.audience, message.id), "card")
        with localizer.recording() as missed:
            job = self._card_job(lang, localizer, message, base)
        return Artifact("card", (output,), job, self.env.key("card", job), lang=lang.tag,
                        audience=message.audience, message=message.id,
                        source=message.message.path, needs=needs | frozenset(missed))

    def _card_job(self, lang: Language, localizer: Localizer, message: LocalizedMessage,
                  base: Mapping[str, Any]) -> DuplexJob:
        qr_url = html.qr_target(self.config, lang, message)
        front = self._in_source("card", message.message, localizer, lambda shown, front_base:
                                html.card_side(self.jinja, front_base, shown, "message"))
        if lang == self.config.source_language:
            back = html.card_side(self.jinja, base, message, "contact", qr_url)
        else:
            back = html.card_side(self.jinja, base, message, "message")
        resources = self._resources(front) | self._resources(back)
        if qr_url and lang == self.config.source_language:
            resources[html.QR_IMAGE] = qr_svg(qr_url)
        return DuplexJob(front=front, back=back, resources=resources,
                         min_scale=self.config.card_min_scale, base_font_size=CARD_FONT_SIZE,
                         created=self.options.created)

    def _card_sheet(self, lang: Language, audience: Audience, localizer: Localizer,
                    base: Mapping[str, Any], cards: Sequence[Artifact]) -> Artifact:
        """An audience's cards ten to a sheet, for a print shop, backs behind their fronts."""
        sheet = Grid(self.config.paper).template()
        pages = 2 * len(slots(len(cards))) // PER_SHEET
        with localizer.recording() as missed:
            text = html.card_sheet(self.jinja, base, audience, localizer, sheet, pages)
        jobs = tuple(card.work for card in cards if isinstance(card.work, DuplexJob))
        job = SheetJob(cards=jobs, sheet=text, paper=self.config.paper,
                       resources=self._resources(text), created=self.options.created)
        needs = frozenset(missed).union(*(card.needs for card in cards))
        return Artifact("card-sheet", (Output(html.PageLinks.card_sheet(lang, audience.id),
                                              "card-sheet"),),
                        job, self.env.key("card-sheet", job), lang=lang.tag,
                        audience=audience.id, needs=needs)

    def _bilingual(self, lang: Language, localizer: Localizer, message: LocalizedMessage,
                   base: Mapping[str, Any], needs: frozenset[Key]) -> Artifact:
        """The flyer in the source language with its translation on the back: one layout,
        one QR code (to the message in `lang`), one type size on both sides."""
        qr_url = html.qr_target(self.config, lang, message)
        front = self._in_source(f"flyer {qr_url}", message.message, localizer,
                                lambda shown, front_base: html.flyer(
                                    self.jinja, front_base, shown, None, qr_url))
        with localizer.recording() as missed:
            back = html.flyer(self.jinja, base, message, None, qr_url)
        resources = self._resources(front) | self._resources(back)
        if qr_url:
            resources[html.QR_IMAGE] = qr_svg(qr_url)
        job = DuplexJob(front=front, back=back, resources=resources,
                        min_scale=self.config.flyer_min_scale, same_scale=True,
                        created=self.options.created)
        output = Output(html.PageLinks.bilingual(lang, message.audience, message.id),
                        "bilingual")
        return Artifact("bilingual", (output,), job, self.env.key("bilingual", job),
                        lang=lang.tag, audience=message.audience, message=message.id,
                        source=message.message.path, needs=needs | frozenset(missed))

    def _in_source(self, kind: str, message: Message, localizer: Localizer,
                   make: Callable[[LocalizedMessage, Mapping[str, Any]], str]) -> str:
        """The source-language side of a two-sided form, made once per message; the
        templates speak `localizer`'s language again afterwards."""
        key = (kind, message.key)
        if key not in self._fronts:
            use_translations(self.jinja, None)
            try:
                self._fronts[key] = make(self._source.message(message),
                                         self._base(self._source))
            finally:
                use_translations(self.jinja, localizer.translations())
        return self._fronts[key]

    def _sms(self, lang: Language, localizer: Localizer
             ) -> tuple[tuple[SmsRow, ...], Artifact | None]:
        """The language's text messages (every message of the kit that has one), as they
        will be sent, and the CSV file that lists them."""
        with localizer.recording() as missed:
            rows = sms_rows(localizer, self.kit.messages, self.config.sms.transliterate)
        if not rows:
            return (), None
        return tuple(rows), self._static("sms", html.PageLinks.sms(lang), "sms",
                                         sms_csv(rows), lang=lang.tag,
                                         needs=frozenset(missed))

    def _has_sms(self) -> bool:
        return any(m.field("sms") for m in self.kit.messages)

    def _forms(self, lang: Language, localizer: Localizer,
               message: LocalizedMessage) -> dict[str, Any]:
        """A message's other forms, as its web page links them (relative to the page)."""
        linked = self.options.linked
        links, here = html.PageLinks, html.PageLinks.from_page
        where = (lang, message.audience, message.id)
        forms: dict[str, Any] = dict.fromkeys(("images", "alt", "caption", "alt_href",
                                              "caption_href", "sms", "card_href",
                                              "bilingual_href", "bilingual_source"))
        if "social" in linked:
            forms["images"] = [{"size": name, "href": here(lang, links.share(*where, name)),
                                "width": width, "height": height}
                               for name, (width, height) in SIZES.items()]
            forms["alt"] = alt_text(localizer, message.message)
            forms["caption"] = caption(localizer, message.message)
            forms["alt_href"], forms["caption_href"] = (
                here(lang, links.share_text(*where, which)) for which in ("alt", "caption"))
        if "sms" in linked and message.message.field("sms"):
            forms["sms"] = sms_text(localizer, message.message, self.config.sms.transliterate)
        if "card" in linked:
            forms["card_href"] = here(lang, links.card(*where))
        if "bilingual" in linked and lang.tag in self.options.bilingual:
            forms["bilingual_href"] = here(lang, links.bilingual(*where))
            forms["bilingual_source"] = _name_in_sentence(self.config.source_language, lang)
        return forms if any(forms.values()) else {}

    def _open_graph(self, localizer: Localizer, lead: Message | None, root: str, title: str,
                    url: str | None, present: Callable[[str], bool] = lambda _path: True
                    ) -> dict[str, Any]:
        """A page's link preview: its lead message's key message and link image, in the
        language of `localizer`; `root` leads from the page to the output folder."""
        lang = localizer.language
        description, image, image_alt = "", None, ""
        if lead is not None:
            field = "key_message" if lead.field("key_message") else "title"
            description = localizer.plain(f"{lead.key}:{field}", lead.field(field))
            path = html.PageLinks.share(lang, lead.audience, lead.id, "link")
            if "social" in self.options.linked and present(path):
                site_url = self.config.site_url
                image = site_url + path if site_url else root + path
                image_alt = alt_text(localizer, lead).replace("\n", " · ")
        return html.open_graph(title, description, image, image_alt, lang,
                               self.config.languages, url)

    def coverage(self, lang: Language) -> LanguageStats | None:
        """How much of the language is translated, as `outreach i18n status` counts it."""
        found = self.kit.catalogs.get(lang.tag)
        if found is None:
            return None
        if lang.tag not in self._coverages:
            self._coverages[lang.tag] = count_translations(lang, found.po, self.kit_keys())
        return self._coverages[lang.tag]

    def _percent_of(self, lang: Language) -> float:
        stats = self.coverage(lang)
        return stats.percent if stats is not None else 100.0

    def kit_keys(self) -> list[Key]:
        """Every (msgctxt, msgid) the kit needs translated, as `outreach i18n extract` sees it."""
        if self._keys is None:
            self._keys = needed_keys(self.kit)
        return self._keys

    def _resources(self, text: str) -> dict[str, bytes]:
        """The assets a print page links to, and what their stylesheets import in turn."""
        available = self._available()
        found: dict[str, bytes] = {}
        pending = [m.group(1) for m in _ASSET_LINK.finditer(text)]
        while pending:
            name = pending.pop().lstrip("./")
            if name in found or name not in available:
                continue
            found[name] = available[name]
            if name.endswith(".css"):
                folder = name.rpartition("/")[0]
                css = found[name].decode("utf-8", "replace")
                pending += [f"{folder}/{a or b}" for a, b in _CSS_URL.findall(css)]
        return found

    def _static(self, kind: str, path: str, fmt: str, data: bytes, *, lang: str | None = None,
                audience: str | None = None, needs: frozenset[Key] = frozenset(),
                message: str | None = None, source: str | None = None) -> Artifact:
        work = Static(data)
        return Artifact(kind, (Output(path, fmt),), work, self.env.key(kind, work), lang=lang,
                        audience=audience, message=message, source=source, needs=needs)


def plan(kit: Kit, options: PlanOptions, env: RenderEnvironment) -> Iterator[Artifact]:
    """Every artifact of a whole build of `kit` (for tests and tools; the build streams)."""
    planner = Planner(kit, options, env)
    yield from planner.assets()
    cards = []
    for lang in kit.languages:
        planned = planner.language(lang)
        cards.append(planner.card(planned, lambda _path: True))
        yield from planned.artifacts
    yield planner.index(cards)


def _name_in_sentence(named: Language, lang: Language) -> str:
    """`named`'s name as `lang` writes it inside a sentence: CLDR's form, which is lower case
    where the language writes it so ("inglés"); else its name on its own."""
    if named.locale is not None and lang.locale is not None:
        found = lang.locale.languages.get(named.locale.language)
        if found:
            return str(found)
    return named.name_in(lang)


def _render_size(artifact: Artifact) -> int:
    """How much HTML an artifact's render lays out: a measure of how long it takes."""
    work = artifact.work
    if isinstance(work, PdfJob):
        return len(work.html)
    if isinstance(work, ShareJob):
        return sum(len(text) for _name, text in work.pages)
    if isinstance(work, DuplexJob):
        return len(work.front) + len(work.back)
    return 0


def needed_keys(kit: Kit) -> list[Key]:
    """Every (msgctxt, msgid) the kit needs translated, as `outreach i18n extract` sees it."""
    from ..i18n.extract import extract_kit

    return [entry.key for entry in extract_kit(kit.config, kit.messages)]


def _percent(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _remembering(memo: Memo | None) -> Remember | None:
    """The memo as the localizer uses it: for text, refusing a record that is not text."""
    if memo is None:
        return None

    def text(stored: Any) -> str:
        if not isinstance(stored, str):
            raise TypeError("not text")
        return stored

    return lambda kind, inputs, compute: memo(kind, inputs, compute, load=text)
