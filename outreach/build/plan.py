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
from ..kit.config import Audience
from ..kit.fonts import fonts_css
from ..kit.languages import Language
from ..kit.snapshot import Kit
from ..render import html
from ..render.localize import LocalizedMessage, Localizer
from ..render.pdf import PdfJob
from ..render.qr import qr_svg
from ..render.templates import environment, use_translations

FORMATS = ("html", "pdf", "flyer")  # what --format chooses; the home page and assets always come
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


Work = Static | PdfJob


@dataclass(frozen=True)
class Output:
    """One file an artifact produces; a flyer produces its PDF and a PNG preview."""

    path: str  # relative to the output folder, with forward slashes
    format: str  # as manifest.json lists it: html, pdf, flyer, preview, asset
    role: str = "main"  # which of the work's results it is: main, preview


@dataclass(frozen=True)
class Artifact:
    kind: str  # page, sheet, flyer, index, asset
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
    formats: tuple[str, ...] = FORMATS  # the formats to make
    # The formats the output will hold when the build is done (made now or kept from an earlier
    # build), so that pages link to the PDFs that will be there.
    linked: frozenset[str] = frozenset(FORMATS)
    created: str | None = None  # the PDFs' creation date (SOURCE_DATE_EPOCH), None: when made
    allow_partial: bool = False
    generator: str = "outreach"


@dataclass(frozen=True)
class LanguagePlan:
    language: Language
    artifacts: tuple[Artifact, ...]
    missing: frozenset[Key] = field(default_factory=frozenset)  # every string it lacks
    # What its entry on the home page lists: audience pages and flyers, with their paths.
    pages: tuple[Mapping[str, Any], ...] = ()
    flyers: tuple[Mapping[str, Any], ...] = ()
    localizer: Localizer | None = field(default=None, compare=False, repr=False)


class Planner:
    """Plans a kit's artifacts; holds what all languages share (the compiled templates)."""

    def __init__(self, kit: Kit, options: PlanOptions, env: RenderEnvironment, *,
                 templates: jinja2.Environment | None = None,
                 needed: Sequence[Key] | None = None) -> None:
        self.kit = kit
        self.config = kit.config
        self.options = options
        self.env = env
        self.jinja = templates or environment(kit.templates)
        self.fonts_css = fonts_css(self.config.languages)
        self.brand_css = self.config.brand.css(self.config.languages)
        self._keys = list(needed) if needed is not None else None
        self._coverages: dict[str, LanguageStats] = {}

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

    def index(self, cards: Sequence[str], partners: Sequence[Mapping[str, str]] = ()
              ) -> Artifact:
        """The home page, from each published language's card, listing the partner kits
        (name, href) the output holds."""
        source = self.config.source_language
        localizer = Localizer(self.config, source, None)
        use_translations(self.jinja, None)
        base = self._base(localizer)
        entries = [self._entry(card) for card in cards]
        page = html.index_page(self.jinja, base, entries, self.config.site_url, partners)
        return self._static("index", "index.html", "html", page.encode("utf-8"),
                            lang=source.tag)

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
        localizer = Localizer(self.config, lang, catalog)
        use_translations(self.jinja, localizer.translations())
        with localizer.recording() as missing:
            base = self._base(localizer)
            shared = frozenset(missing)  # the kit title: on every page of the language
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
            if "html" in self.options.formats:
                artifacts.append(self._page(lang, audience, localizer, localized, base,
                                            audience_needs))
            if "pdf" in self.options.formats:
                artifacts.append(self._sheet(lang, audience, localizer, localized, base,
                                             audience_needs))
            for message, shown in zip(chosen, localized, strict=True):
                if "flyer" in self.options.formats:
                    flyers.append(self._flyer(lang, localizer, shown, base,
                                              shared | needs[message.id], message.path))
                if "flyer" in self.options.linked:
                    flyer_links.append(self._flyer_link(lang, shown))
            pages.append({"label": label,
                          "html_href": page_href if "html" in self.options.linked else None,
                          "pdf_href": sheet_href if "pdf" in self.options.linked else None})
        # Longest flyers first: the slowest renders start early and the workers finish together.
        flyers.sort(key=lambda a: -len(a.work.html) if isinstance(a.work, PdfJob) else 0)
        missing = shared.union(*(a.needs for a in (*artifacts, *flyers)))
        return LanguagePlan(lang, (*artifacts, *flyers), missing, tuple(pages),
                            tuple(flyer_links), localizer)

    def card(self, planned: LanguagePlan, present: Callable[[str], bool],
             behind_since: str | None = None) -> str:
        """The language's entry on the home page, in its own language, linking only to files
        the output holds (`present`)."""
        localizer = planned.localizer
        assert localizer is not None
        use_translations(self.jinja, localizer.translations())
        base = self._base(localizer)
        pages = [{key: (value if not key.endswith("_href") or (value and present(value))
                        else None) for key, value in page.items()} for page in planned.pages]
        flyers = [flyer for flyer in planned.flyers if present(flyer["pdf_href"])]
        source = self.config.source_language
        entry = {"lang": planned.language, "pages": pages, "flyers": flyers,
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
        with localizer.recording() as missed:
            page = html.audience_page(
                self.jinja, base, audience, localizer, messages, self.config.languages,
                sheet="pdf" in self.options.linked, flyers="flyer" in self.options.linked,
                site_url=self.config.site_url, audiences=self.config.audiences,
                preview_size=PREVIEW_SIZE[self.config.paper])
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
                audience: str | None = None, needs: frozenset[Key] = frozenset()) -> Artifact:
        work = Static(data)
        return Artifact(kind, (Output(path, fmt),), work, self.env.key(kind, work), lang=lang,
                        audience=audience, needs=needs)


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


def needed_keys(kit: Kit) -> list[Key]:
    """Every (msgctxt, msgid) the kit needs translated, as `outreach i18n extract` sees it."""
    from ..i18n.extract import extract_kit

    return [entry.key for entry in extract_kit(kit.config, kit.messages)]


def _percent(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"
