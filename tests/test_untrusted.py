"""Untrusted translations: whatever a translator writes shows as text and runs nothing.

A `msgstr` may hold markup, a template expression or a dangerous link. In the web pages it must
appear escaped, creating no element and no attribute; in the PDFs it must appear as visible text,
with no embedded file, no image and no link that runs script or opens a local file. WeasyPrint
itself may read nothing but the kit's own assets (and fonts): no network, no other file.
"""

from __future__ import annotations

import base64
import http.server
import re
import struct
import threading
import urllib.request
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from helpers import build_kit, make_kit, message, po_file
from playwright.sync_api import Browser
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, StreamObject

from outreach.build import BuildResult
from outreach.errors import OutreachError
from outreach.render.pdf import BASE_URL, _fetcher

BODY = "Plain words for every family."
TITLE = "Hello"
BODY_KEY = ("community/hello:body", BODY)
TITLE_KEY = ("community/hello:title", TITLE)
TEMPLATE_KEY = (None, "Phone")  # template text: no msgctxt
LOCATIONS = {"body": BODY_KEY, "title": TITLE_KEY, "template": TEMPLATE_KEY}

# name -> (msgstr a translator might write, how its start must look in the HTML source)
CASES = {
    "script": ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    "image": ('<img src="file:///etc/passwd">', "&lt;img src="),
    "attachment": ('<link rel="attachment" href="file:///etc/passwd">', "&lt;link rel="),
    "kit-attachment": ('<a rel="attachment" href="assets/print.css">css</a>', "&lt;a rel="),
    "jinja": ("{{ 7*7 }} {{ org }}", "{{ 7*7 }} {{ org }}"),
    "format-string": ("%(phone)s %s 100%", "%(phone)s %s 100%"),
    "javascript": ('<a href="javascript:alert(1)">click</a>', "&lt;a href="),
}

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "form"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")


# --- reading what was built ------------------------------------------------------------------


class _Html(HTMLParser):
    """Every start tag with its attributes, and the text a reader sees (with its link, if any)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[tuple[str, str | None]] = []  # (text, href of the enclosing <a>)
        self._hidden = 0
        self._links: list[str | None] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        if tag in ("script", "style"):
            self._hidden += 1
        elif tag == "a":
            self._links.append(dict(attrs).get("href"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1
        elif tag == "a" and self._links:
            self._links.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append((data, self._links[-1] if self._links else None))

    @property
    def visible(self) -> str:
        return "".join(text for text, _href in self.text)


def squash(text: str) -> str:
    """Text without whitespace: line breaks in a PDF fall where the layout puts them."""
    return "".join(text.split())


def unsafe_markup(page: _Html, path: Path, out: Path) -> list[str]:
    """Elements and attributes in a page that could run script, fetch or attach something.

    The only images allowed are the build's own files (such as flyer previews).
    """
    found = []
    for tag, attrs in page.tags:
        rel = attrs.get("rel", "").lower().split()
        if tag == "img":
            src = attrs.get("src", "")
            target = (path.parent / src).resolve()
            if not src or ":" in src or not target.is_relative_to(out) or not target.is_file():
                found.append(f'<img src="{src}">')
        elif tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        if "attachment" in rel:
            found.append(f'<{tag} rel="attachment">')
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "data", "formaction") and \
                    re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(UNSAFE_SCHEMES):
                found.append(f'<{tag} {name}="{value}">')
    return list(dict.fromkeys(found))


def pdf_objects(reader: PdfReader) -> Iterator[Any]:
    """Every object stored in the file, whether or not a page refers to it."""
    numbers = {(num, gen) for gen, table in reader.xref.items() for num in table}
    numbers |= {(num, 0) for num in reader.xref_objStm}
    for num, gen in sorted(numbers):
        yield reader.get_object(IndirectObject(num, gen, reader))


class PdfReport:
    """What a PDF shows and what it carries besides text."""

    def __init__(self, path: Path) -> None:
        reader = PdfReader(path)
        self.text = "\n".join(page.extract_text() for page in reader.pages)
        self.images: list[tuple[int, int]] = []
        self.files: list[str] = []  # embedded files and file specifications
        self.uris: list[str] = []
        self.actions: list[str] = []  # action types other than a plain URI or page link
        catalog = reader.trailer["/Root"]
        if "/AF" in catalog:
            self.files.append("catalog /AF")
        for key in ("/OpenAction", "/AA"):
            if key in catalog:
                self.actions.append(f"catalog {key}")
        names = catalog.get("/Names")
        if names is not None:
            for key in ("/EmbeddedFiles", "/JavaScript"):
                if key in names.get_object():
                    self.files.append(f"catalog /Names {key}")
        for obj in pdf_objects(reader):
            if not isinstance(obj, DictionaryObject):
                continue
            kind, subtype = obj.get("/Type"), obj.get("/Subtype")
            if isinstance(obj, StreamObject) and subtype == "/Image":
                self.images.append((int(obj["/Width"]), int(obj["/Height"])))
            if kind in ("/EmbeddedFile", "/Filespec") or subtype == "/FileAttachment":
                self.files.append(f"{kind} {subtype} {obj.get('/F', '')}")
            # A structure element's /A holds layout attributes (a figure's box), not an action.
            action = obj.get("/A") if kind != "/StructElem" else None
            if action is not None:
                action = action.get_object()
                if action.get("/S") == "/URI":
                    self.uris.append(str(action["/URI"]))
                elif action.get("/S") != "/GoTo":
                    self.actions.append(str(action.get("/S")))
            if obj.get("/S") in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm"):
                self.actions.append(str(obj["/S"]))


def png(width: int, height: int) -> bytes:
    """A small valid PNG, so an image that is read shows up in the PDF with its size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    rows = b"".join(b"\x00" + b"\xc0\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def spanish_kit(root: Path, entries: list[tuple[str | None, str, str]],
                body: str = BODY) -> BuildResult:
    """A one-message kit built in Spanish only, from a catalog holding just `entries`."""
    kit = make_kit(root, {"community/hello": message(title=TITLE, body=body)},
                   languages=("en", "es"), catalogs={"es": po_file(entries)})
    # The translation checks would refuse most of these catalogs outright (see the last test);
    # with them off, what is left to prove is that rendering alone keeps them inert.
    return build_kit(kit, allow_partial=True, languages=("es",), jobs=1,
                     check_translations=False)


# --- translations that try to become markup ----------------------------------------------------


# Template text is a %-format string (Jinja formats every translation), so a template
# translation that breaks the format is refused with its catalog line instead; see below.
INERT = [(case, location) for case in CASES for location in LOCATIONS
         if (case, location) != ("format-string", "template")]


@pytest.mark.parametrize(("case", "location"), INERT)
def test_untrusted_msgstr_renders_as_inert_text(tmp_path: Path, case: str,
                                                location: str) -> None:
    payload, escaped = CASES[case]
    context, msgid = LOCATIONS[location]
    result = spanish_kit(tmp_path / "kit", [(context, msgid, payload)])

    # Every way the translation could have gone wrong, collected so a failure names them all.
    problems: list[str] = []
    for path in sorted(result.out.rglob("*.html")):
        name = path.relative_to(result.out).as_posix()
        source = path.read_text(encoding="utf-8")
        page = _Html(source)
        problems += [f"{name}: markup {found}" for found in unsafe_markup(page, path, result.out)]
        if case == "jinja" and "49" in page.visible:
            problems.append(f"{name}: the template expression was evaluated")
        if name == "es/community.html":
            if squash(payload) not in squash(page.visible):
                problems.append(f"{name}: the translation is not shown as text")
            if escaped not in source:
                problems.append(f"{name}: the translation is not escaped ({escaped!r})")

    pdfs = {p.relative_to(result.out).as_posix(): p for p in sorted(result.out.rglob("*.pdf"))}
    assert {"es/community.pdf", "es/community/hello.pdf"} <= set(pdfs)
    for name, path in pdfs.items():
        report = PdfReport(path)
        problems += [f"{name}: carries {found}" for found in report.files]
        problems += [f"{name}: image {size}" for size in report.images]
        problems += [f"{name}: action {found}" for found in report.actions]
        problems += [f"{name}: link to {uri}" for uri in report.uris
                     if uri.lower().startswith(UNSAFE_SCHEMES)]
        if case == "jinja" and "49" in report.text:
            problems.append(f"{name}: the template expression was evaluated")
        if name in ("es/community.pdf", "es/community/hello.pdf") and \
                squash(payload) not in squash(report.text):
            problems.append(f"{name}: the translation is not visible as text")
    assert not problems, (f"a {location} translation {payload!r} was not kept inert:\n"
                          + "\n".join(problems))


@pytest.mark.parametrize(("msgstr", "problem"), [
    ("%(phone)s %s 100%", "uses %(phone)s, which the source text does not have; remove it"),
    ("%(name)s", "uses %(name)s, which the source text does not have; remove it"),
    ("100% gratis", "breaks its format: write a literal % as %%"),
])
def test_template_translation_that_breaks_its_format_is_refused(tmp_path: Path, msgstr: str,
                                                                problem: str) -> None:
    context, msgid = LOCATIONS["template"]
    with pytest.raises(OutreachError) as info:
        spanish_kit(tmp_path / "kit", [(context, msgid, msgstr)])
    assert [str(p) for p in info.value.problems] == [
        f"translations/es/LC_MESSAGES/messages.po:10: translation of {msgid!r} {problem}"]


def test_translated_links_keep_only_safe_addresses(tmp_path: Path) -> None:
    unsafe = {
        "uno": "javascript:alert(1)",
        "dos": "JavaScript:alert(2)",
        "tres": "file:///etc/passwd",
        "cuatro": "data:text/html;base64,PHNjcmlwdD4=",
        "cinco": "vbscript:msgbox(1)",
        "seis": "../../../etc/passwd",
    }
    links = " ".join(f"[{label}]({href})" for label, href in unsafe.items())
    translated = f"Lee {links} y [siete](https://example.org/es) hoy."
    # A translation keeps only the links its source has (see tests/i18n/test_links.py).
    body = "Plain words for [every family](https://example.org/es)."
    result = spanish_kit(tmp_path / "kit", [("community/hello:body", body, translated)], body)

    page_path = result.out / "es" / "community.html"
    page = _Html(page_path.read_text(encoding="utf-8"))
    shown = dict((text.strip(), href) for text, href in page.text if text.strip())
    for label in unsafe:
        assert label in shown, f"the link text {label!r} disappeared"
        assert shown[label] is None, f"{label!r} is still a link to {shown[label]!r}"
    assert shown["siete"] == "https://example.org/es"
    assert not any(href in page.visible for href in unsafe.values()), \
        "an unsafe address is shown instead of just its link text"
    assert unsafe_markup(page, page_path, result.out) == []

    for name in ("es/community/hello.pdf", "es/community.pdf"):
        report = PdfReport(result.out / name)
        text = squash(report.text)
        assert all(label in text for label in unsafe), name
        assert "https://example.org/es" in report.uris, f"{name} lost the safe link"
        assert [u for u in report.uris if not u.startswith(("https:", "tel:", "mailto:"))] == [], \
            f"{name} links to {report.uris}"
        assert report.actions == [] and report.files == [], name


# --- the URL fetcher ----------------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.requests.append(self.path)
        body = png(5, 5) if self.path.endswith(".png") else b"h1::after { content: 'REMOTE' }"
        self.send_response(200)
        self.send_header("Content-Type", "image/png" if self.path.endswith(".png")
                         else "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on an ephemeral port: (base URL, paths it was asked for)."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    # The server answers: so a build that reached it would leave a trace.
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(f"{base}/ping") as r:
        assert r.status == 200
    assert requests == ["/ping"]
    requests.clear()
    try:
        yield base, requests
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_fetcher_serves_only_the_jobs_own_resources(server: tuple[str, list[str]]) -> None:
    base, requests = server
    fetcher = _fetcher({"assets/kit.css": b"h1 { color: teal }"})

    response = fetcher.fetch(BASE_URL + "assets/kit.css")
    try:
        assert response.read() == b"h1 { color: teal }"
    finally:
        response.close()

    refused = [
        "file:///etc/passwd",
        BASE_URL + "assets/missing.css",
        BASE_URL + "assets/../../../../etc/passwd",
        BASE_URL + "assets/%2e%2e/%2e%2e/etc/passwd",
        BASE_URL.replace("file:///", "file://otherhost/") + "assets/kit.css",
        "http://example.org/x.png",
        "https://example.org/x.png",
        f"{base}/x.png",
        "ftp://example.org/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:text/css,h1%7Bcolor:red%7D",
    ]
    for url in refused:
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert requests == []


KIT_CSS = """\
@import url({outside_css});
@import url({base}/import.css);
@import url(../../../../../../../../../../../etc/hostname);
@font-face {{ font-family: Remote; src: url({base}/font.woff2); }}
.org {{ font-family: Remote, sans-serif; }}
.flyer {{ background: url({base}/background.png); }}
h1 {{ background-image: url(../../secret.png); }}
.key-message {{ background-image: url({outside_png}); }}
.cta {{ background-image: url("data:image/png;base64,{data_png}"); }}
.value {{ background-image: url(logo.png); }}
"""

FLYER = """\
{% extends "print_base.html" %}
{% block title %}{{ m.plain_title }}{% endblock %}
{% block body_class %}flyer{% endblock %}
{% block content %}
<link rel="stylesheet" href="BASE/remote.css">
<style>@import url("OUTSIDE_CSS");</style>
<link rel="attachment" href="OUTSIDE_TXT">
<a rel="attachment" href="BASE/attachment.txt">remote attachment</a>
<a rel="attachment" href="../secret.png">kit attachment</a>
<p class="value">{{ m.value }}</p>
<p class="org">{{ org.name }}</p>
<h1>{{ m.title }}</h1>
<p class="key-message">{{ m.key_message }}</p>
<img src="BASE/image.png" alt="">
<img src="OUTSIDE_PNG" alt="">
<img src="../secret.png" alt="">
<img src="assets/logo.png" alt="Kit logo">
<object data="BASE/object.png" type="image/png"></object>
<embed src="OUTSIDE_PNG" type="image/png">
<iframe src="BASE/frame.html"></iframe>
<svg width="20" height="20"><image href="OUTSIDE_PNG" width="20" height="20"/></svg>
<div class="body">{{ m.body }}</div>
<p class="cta">{{ m.call_to_action }}</p>
{% endblock %}
"""


def test_pdf_rendering_reads_only_the_kits_own_assets(
        tmp_path: Path, server: tuple[str, list[str]]) -> None:
    base, requests = server
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "bait.png").write_bytes(png(7, 5))
    (outside / "bait.css").write_text("h1::after { content: 'BAIT-IMPORTED' }", encoding="utf-8")
    (outside / "bait.txt").write_text("private notes", encoding="utf-8")
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "secret.png").write_bytes(png(9, 4))  # in the kit folder, not among its assets
    (kit / "templates" / "assets").mkdir(parents=True)
    (kit / "templates" / "assets" / "logo.png").write_bytes(png(3, 2))

    css = KIT_CSS.format(base=base, outside_css=(outside / "bait.css").as_uri(),
                         outside_png=(outside / "bait.png").as_uri(),
                         data_png=base64.b64encode(png(6, 6)).decode())
    flyer = (FLYER.replace("BASE", base)
             .replace("OUTSIDE_CSS", (outside / "bait.css").as_uri())
             .replace("OUTSIDE_PNG", (outside / "bait.png").as_uri())
             .replace("OUTSIDE_TXT", (outside / "bait.txt").as_uri()))
    make_kit(kit, {"community/hello": message()}, languages=("en",),
             templates={"assets/kit.css": css, "flyer.html": flyer})

    result = build_kit(kit, jobs=2)

    assert requests == [], "PDF rendering made network requests"
    flyer_report = PdfReport(result.out / "en" / "community" / "hello.pdf")
    assert (3, 2) in flyer_report.images, "the kit's own logo is missing from the flyer"
    for path in sorted(result.out.rglob("*.pdf")):
        report = PdfReport(path)
        name = path.relative_to(result.out).as_posix()
        assert set(report.images) <= {(3, 2)}, f"{name} holds an image from outside the kit"
        assert report.files == [], f"{name} carries a file"
        assert "BAIT-IMPORTED" not in report.text and "REMOTE" not in report.text, name


def test_the_build_refuses_hostile_translations_before_rendering(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/hello": message(title=TITLE, body=BODY)},
                   languages=("en", "es"),
                   catalogs={"es": po_file([(*LOCATIONS["body"], "[x](javascript:alert(1))")])})
    with pytest.raises(OutreachError) as info:
        build_kit(kit, allow_partial=True, languages=("es",))
    assert [str(p) for p in info.value.problems] == [
        "translations/es/LC_MESSAGES/messages.po:11: links: the link to javascript:alert(1) is "
        "not in the source text"]
    assert not (kit / "build").exists()


# --- translated text inside attributes of a kit's own templates --------------------------------

# A kit's page template that puts every translated value where a template author might: in
# double- and single-quoted attributes as well as in text.
ATTRIBUTE_PAGE = """\
{% extends "base.html" %}
{% block content %}
<img src="control.png" onerror="document.body.dataset.control = 'ran'" alt="">
<h1 title="{{ audience.label }}" data-kit='{{ kit.title }}'>{{ audience.label }}</h1>
{% for m in messages %}
<img src="missing-1.png" alt="{{ m.title }}" title='{{ m.title }}'>
<img src="missing-2.png" alt="{{ m.key_message }}" title='{{ m.key_message }}'>
<img src="missing-3.png" alt="{{ m.call_to_action }}" title='{{ m.call_to_action }}'>
<img src="missing-4.png" alt="{{ m.value }}" title='{{ m.value }}'>
<img src="missing-5.png" alt="{{ m.body }}" title='{{ m.body }}'>
<meta name="description" content="{{ m.body }}">
<div class="body">{{ m.body }}</div>
{% endfor %}
{% endblock %}
"""


def hit(name: str, base: str) -> str:
    """Script that marks the page and asks the local server for `/name` if it ever runs."""
    return f"document.body.dataset.hit='{name}';fetch('{base}/{name}')"


def attribute_payloads(base: str) -> dict[str, str]:
    return {
        "title": f'" onerror="{hit("title", base)}" x="',
        "key_message": f"' onerror='{hit('key', base)}' x='",
        "call_to_action": f'"><img src=x onerror="{hit("cta", base)}">',
        "value": f"' autofocus onfocus='{hit('value', base)}' tabindex='1",
        "body": (f'See [one](<https://example.org/a onerror={hit("b1", base)}//>), '
                 f'[two](https:/onerror={hit("b2", base)}// "\' onerror=\'{hit("b3", base)}") '
                 f'and " onerror="{hit("b4", base)}" \' onerror=\'{hit("b5", base)}\''),
        "kit": f'" onmouseover="{hit("kit", base)}',
        "audience": f"' onmouseover='{hit('audience', base)}",
    }


def test_translations_inside_attributes_stay_inert_in_chromium(
        tmp_path: Path, server: tuple[str, list[str]], browser: Browser) -> None:
    base, requests = server
    payloads = attribute_payloads(base)
    key = "community/hello"
    entries = [(f"{key}:{field}", source, payloads[field]) for field, source in [
        ("title", TITLE), ("key_message", "Care is for everyone."),
        ("call_to_action", "Call {organization} at {phone}."), ("value", "Health")]]
    entries += [(f"{key}:body", BODY, payloads["body"]), ("kit:title", "Test kit", payloads["kit"]),
                ("audience:community", "Community members", payloads["audience"])]
    kit = make_kit(tmp_path / "kit", {"community/hello": message(title=TITLE, body=BODY)},
                   languages=("en", "es"), catalogs={"es": po_file(entries)},
                   templates={"page.html": ATTRIBUTE_PAGE})
    result = build_kit(kit, allow_partial=True, languages=("es",), formats=("html",),
                       check_translations=False)

    context = browser.new_context()
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto((result.out / "es" / "community.html").as_uri())
        # The template's own handler runs: handlers do run on this page.
        page.wait_for_function("document.body.dataset.control === 'ran'")
        # Give any injected mouse, focus or click handler its event.
        page.evaluate("""() => document.querySelectorAll('body *').forEach(el => {
            for (const kind of ['mouseover', 'focus', 'click'])
                el.dispatchEvent(new Event(kind));
        })""")
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)
        ran = page.evaluate("document.body.dataset.hit || null")
        handlers = page.evaluate("""() => Array.from(document.querySelectorAll('*'))
            .flatMap(el => Array.from(el.attributes, a => a.name)
            .filter(name => name.startsWith('on') || name === 'autofocus'))""")
        alts = page.evaluate("""() => Array.from(document.querySelectorAll('img[alt]'),
            img => [img.getAttribute('src'), img.alt, img.title])""")
        links = page.evaluate("""() => Array.from(document.querySelectorAll('div.body a'),
            a => [a.getAttribute('href'), a.title])""")
    finally:
        context.close()

    assert ran is None, f"a translation ran script ({ran})"
    assert requests == [], f"a translation made the page fetch {requests}"
    assert [url for url in requested if not url.startswith("file:")] == []
    assert handlers == ["onerror"], "a translation added an attribute"
    shown = {src: (alt, title) for src, alt, title in alts}
    # Each value arrives whole, as the text of the attribute it was put in.
    assert shown["missing-1.png"] == (payloads["title"], payloads["title"])
    assert shown["missing-2.png"] == (payloads["key_message"], payloads["key_message"])
    assert shown["missing-3.png"][0] == payloads["call_to_action"]
    assert shown["missing-4.png"] == (payloads["value"], payloads["value"])
    assert payloads["body"].split("and ")[-1] in shown["missing-5.png"][0]
    # Whatever a link's address and title became, they stayed attribute values.
    # The source has no link, so none of the translation's (hostile) links is published.
    assert links == [], links


@pytest.mark.parametrize("text", [
    'He said "yes" & \'no\' <b>',
    "{phone} \" ' = ` < > &amp; &#34; &quot;",
])
def test_translated_markup_holds_no_quote_character(text: str) -> None:
    """A quote in translated markup could end the attribute a template puts it in."""
    from outreach.render.markdown import render_body, render_text

    values = {"phone": '555 "0100"', "organization": "O'Brien & Sons"}
    body = f'{text}\n\n- [a](https://example.org/?q="x" \'t\') {text}\n\n> *{text}*\n'
    html_text = render_text(text, values)
    html_body = render_body(body, lambda unit: (unit, "en"), values)
    for markup in (html_text, html_body):
        assert '"' not in markup and "'" not in markup, markup
    assert _Html(str(html_text)).visible.replace("\u2066", "").replace("\u2069", "") == \
        text.replace("{phone}", '555 "0100"')
    assert ("a", {"href": 'https://example.org/?q="x"', "title": "t"}) in _Html(html_body).tags


@pytest.mark.parametrize("unit", ["[", "\\[", "*_"])
def test_a_pathological_translation_renders_quickly_as_text(tmp_path: Path, unit: str) -> None:
    """Python-Markdown's inline parsing is superlinear: 20,000 "[" took minutes to render."""
    import time

    translated = unit * (40_000 // len(unit)) + " [texto](https://example.org/es)"
    kit = make_kit(tmp_path / "kit", {"community/hello": message(title=TITLE, body=BODY)},
                   languages=("en", "es"), catalogs={"es": po_file([(*BODY_KEY, translated)])})
    started = time.perf_counter()
    result = build_kit(kit, allow_partial=True, languages=("es",), formats=("html",),
                       check_translations=False)
    assert time.perf_counter() - started < 30  # generous: the point is not minutes or hours
    page = _Html((result.out / "es" / "community.html").read_text(encoding="utf-8"))
    assert unit * 100 + " [texto](https://example.org/es)" in page.visible
    assert "https://example.org/es" not in [href for _text, href in page.text]
