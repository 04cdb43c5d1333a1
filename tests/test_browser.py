"""The built kit in a real browser (headless Chromium), opened straight from the disk.

A family member or a partner organization opens `index.html`, picks a language, reads the
messages, switches language and downloads PDFs. These tests do exactly that, and check that a
hostile translation runs no script in the browser.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers import build_kit, make_kit, message, po_file
from playwright.sync_api import Browser, Page

from outreach.build import BuildResult
from outreach.kit.languages import language


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def manifest(result: BuildResult) -> dict:
    return json.loads((result.out / "manifest.json").read_text(encoding="utf-8"))


def html_pages(result: BuildResult) -> list[dict]:
    return [a for a in manifest(result)["artifacts"] if a["format"] == "html"]


def url_of(result: BuildResult, path: str) -> str:
    return (result.out / path).as_uri()


def path_of(url: str) -> Path:
    """The file a `file:` URL names, as the browser resolved it."""
    parts = urlsplit(url)
    assert parts.scheme == "file", f"{url} is not a file in the build"
    return Path(unquote(parts.path))


def root_language(page: Page) -> tuple[str, str]:
    lang, direction = page.evaluate(
        "[document.documentElement.lang, document.documentElement.dir]")
    return lang, direction


# --- the sample kit ---------------------------------------------------------------------------


def test_index_lists_every_language_and_links_through(page: Page,
                                                      sample_build: BuildResult) -> None:
    languages = manifest(sample_build)["languages"]
    names = {lang["lang"]: lang["name"] for lang in languages}
    assert names == {tag: language(tag).native_name for tag in names}
    page.goto(url_of(sample_build, "index.html"))

    assert page.locator("li.kit-language").count() == len(languages)
    for lang in languages:
        entry = page.locator(f'li.kit-language[lang="{lang["lang"]}"]')
        assert entry.count() == 1, f"the index does not list {lang['lang']}"
        heading = entry.locator("h2").inner_text().strip()
        assert heading.startswith(lang["name"]), heading
        assert entry.get_attribute("dir") == lang["dir"]

    spanish = page.locator('li.kit-language[lang="es"] a[href$="/community.html"]')
    label = spanish.inner_text().strip()
    spanish.click()
    page.wait_for_url("**/es/community.html")
    assert path_of(page.url) == sample_build.out / "es" / "community.html"
    assert root_language(page) == ("es", "ltr")
    assert page.locator("main h1").inner_text().strip() == label
    current = page.locator('nav.languages a[aria-current="page"]')
    assert current.inner_text().strip() == language("es").native_name
    assert current.get_attribute("hreflang") == "es"

    page.locator('nav.languages a[hreflang="en"]').click()
    page.wait_for_url("**/en/community.html")
    assert path_of(page.url) == sample_build.out / "en" / "community.html"
    assert root_language(page) == ("en", "ltr")
    assert page.locator('nav.languages a[aria-current="page"]').inner_text().strip() == \
        language("en").native_name


@dataclass
class Visit:
    """One built page as the browser saw it: URLs are as the browser resolved them."""

    lang: str
    dir: str
    stylesheets: list[tuple[str, bool]]  # (href, applied)
    links: list[str]
    images: list[str]
    alternates: list[tuple[str, str]]  # (hreflang, href)
    lang_attributes: list[str]


@dataclass
class Walk:
    pages: dict[str, Visit]  # by path in the build
    requested: list[str]
    failed: list[tuple[str, str | None]]  # (URL, reason)


READ_PAGE = """() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    stylesheets: Array.from(document.querySelectorAll('link[rel=stylesheet]'),
                            link => [link.href, link.sheet !== null]),
    links: Array.from(document.querySelectorAll('a[href]'), a => a.href),
    images: Array.from(document.images, img => img.src),
    alternates: Array.from(document.querySelectorAll('link[rel=alternate][hreflang]'),
                           link => [link.hreflang, link.href]),
    lang_attributes: Array.from(document.querySelectorAll('[lang]'), el => el.lang),
})"""


@pytest.fixture(scope="module")
def walk(browser: Browser, sample_build: BuildResult) -> Iterator[Walk]:
    """Every web page of the sample kit, opened once from the disk."""
    context = browser.new_context()
    page = context.new_page()
    result = Walk({}, [], [])
    page.on("request", lambda request: result.requested.append(request.url))
    page.on("requestfailed",
            lambda request: result.failed.append((request.url, request.failure)))
    try:
        for item in html_pages(sample_build):
            page.goto(url_of(sample_build, item["path"]))
            result.pages[item["path"]] = Visit(**page.evaluate(READ_PAGE))
        yield result
    finally:
        context.close()


def test_every_page_declares_its_language_and_direction(sample_build: BuildResult,
                                                        walk: Walk) -> None:
    kit = manifest(sample_build)
    direction = {lang["lang"]: lang["dir"] for lang in kit["languages"]}
    assert set(walk.pages) == {"index.html"} | {
        f"{tag}/{audience}.html" for tag in direction for audience in kit["audiences"]}
    for item in html_pages(sample_build):
        seen = walk.pages[item["path"]]
        assert (seen.lang, seen.dir) == (item["lang"], direction[item["lang"]]), item["path"]
        unknown = set(seen.lang_attributes) - set(direction)
        assert not unknown, f"{item['path']} marks text as {unknown}"


def test_every_page_works_offline_with_no_broken_links(walk: Walk) -> None:
    # Leaving a page cancels the images it was still lazily loading: only real failures count.
    assert [(url, why) for url, why in walk.failed if why != "net::ERR_ABORTED"] == []
    assert [url for url in walk.requested if not url.startswith("file:")] == []
    for path, seen in walk.pages.items():
        # Every stylesheet (the theme's and the kit's) was found and applied.
        assert len(seen.stylesheets) >= 2, path
        assert [href for href, applied in seen.stylesheets if not applied] == [], path
        for href in seen.links:
            if href.startswith("file:"):
                target = path_of(href.split("#")[0])
                assert target.is_file(), f"{path} links to a missing file: {href}"
        for src in seen.images:
            assert path_of(src).is_file(), f"{path} shows a missing image: {src}"


def test_pdf_links_point_at_built_pdfs(sample_build: BuildResult, walk: Walk) -> None:
    artifacts = manifest(sample_build)["artifacts"]
    out = sample_build.out.resolve()
    for item in html_pages(sample_build):
        linked = set()
        for href in walk.pages[item["path"]].links:
            if not href.endswith(".pdf"):
                continue
            target = path_of(href).resolve()
            assert target.is_relative_to(out), f"{item['path']} links outside the build: {href}"
            assert target.is_file(), f"{item['path']} links to a missing PDF: {href}"
            assert target.read_bytes()[:5] == b"%PDF-", href
            linked.add(target.relative_to(out).as_posix())
        if item["audience"] is None:  # the index: every language's sheets
            expected = {a["path"] for a in artifacts if a["format"] == "pdf"}
        else:  # an audience page: its sheet and every one of its flyers
            expected = {a["path"] for a in artifacts if a["format"] in ("pdf", "flyer")
                        and a["lang"] == item["lang"] and a["audience"] == item["audience"]}
        assert len(expected) > 1
        assert linked == expected, item["path"]


def test_hreflang_alternates_point_at_the_same_page_in_each_language(
        sample_build: BuildResult, walk: Walk) -> None:
    tags = {lang["lang"] for lang in manifest(sample_build)["languages"]}
    for item in html_pages(sample_build):
        if item["audience"] is None:
            continue
        alternates = walk.pages[item["path"]].alternates
        assert {tag for tag, _href in alternates} == tags, item["path"]
        for tag, href in alternates:
            target = path_of(href)
            assert target.is_file(), f"{item['path']}: alternate {href} does not exist"
            assert target == sample_build.out / tag / f"{item['audience']}.html"
            assert walk.pages[f"{tag}/{item['audience']}.html"].lang == tag, href


# --- a hostile translation ------------------------------------------------------------------

PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
BODY = "First, a plain paragraph.\n\nThen [a guide](https://example.org/guide) to read."
LOCATIONS = {
    "body": ("community/hello:body", "First, a plain paragraph."),
    "title": ("community/hello:title", "Hello"),
    "template": (None, "Phone"),
}


@pytest.mark.parametrize("location", LOCATIONS)
def test_untrusted_translation_runs_no_script(page: Page, tmp_path: Path,
                                              location: str) -> None:
    # The payload is live: written into a page as markup, it runs in this browser.
    page.set_content(PAYLOAD)
    page.wait_for_function("window.__pwned === 2")

    context, msgid = LOCATIONS[location]
    catalog = po_file([
        (context, msgid, PAYLOAD),
        ("community/hello:body", "Then [a guide](https://example.org/guide) to read.",
         "Luego [pulsa aquí](javascript:window.__pwned=3) para leer."),
    ])
    kit = make_kit(tmp_path / "kit", {"community/hello": message(body=BODY)},
                   languages=("en", "es"), catalogs={"es": catalog})
    # With the translation checks on, the build would refuse this catalog before rendering;
    # here the browser itself must find the page inert.
    result = build_kit(kit, allow_partial=True, languages=("es",), formats=("html",), jobs=1,
                       check_translations=False)

    page.goto(url_of(result, "es/community.html"))
    assert page.evaluate("String(window.__pwned)") == "undefined", \
        f"a {location} translation ran script"
    link_text = page.get_by_text("pulsa aquí", exact=True)
    assert link_text.evaluate("el => el.closest('a')") is None
    link_text.click()
    page.get_by_text(PAYLOAD).first.click()
    assert page.evaluate("String(window.__pwned)") == "undefined", \
        f"clicking a {location} translation ran script"
    assert page.locator('script, img[src="x"], [onerror]').count() == 0
    assert "".join(PAYLOAD.split()) in "".join(page.locator("body").inner_text().split())


# --- on a phone ---------------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_home_page_on_a_phone_starts_with_a_language_list(phone: Page,
                                                          sample_build: BuildResult) -> None:
    phone.goto(url_of(sample_build, "index.html"))
    jump = phone.locator("nav.jump a")
    assert jump.count() == len(manifest(sample_build)["languages"])
    # The list is on the first screen, and each entry leads to its language's card.
    assert jump.last.bounding_box()["y"] < PHONE["height"]
    for i in range(jump.count()):
        target = jump.nth(i).get_attribute("href")
        card = phone.locator(f"li.kit-language{target}")
        assert card.get_attribute("lang") == jump.nth(i).get_attribute("lang")
    phone.locator('nav.jump a[hreflang="ko"]').click()
    assert phone.locator("#lang-ko").bounding_box()["y"] < 50
    # Flyers are shown on each language's pages, not all of them here.
    assert phone.locator("img").count() <= 1  # the logo
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 3500, f"the home page is {height} px tall on a phone"


def test_audience_pages_link_each_other_and_show_their_flyers(phone: Page,
                                                             sample_build: BuildResult) -> None:
    phone.goto(url_of(sample_build, "es/community.html"))
    tabs = phone.locator("nav.audiences a")
    assert [tabs.nth(i).get_attribute("aria-current") for i in range(2)] == ["page", None]
    assert phone.locator("article.message .flyer-link img").count() == \
        phone.locator("article.message").count() == 4
    tabs.nth(1).click()
    phone.wait_for_url("**/es/decision-makers.html")
    assert phone.locator("nav.audiences a[aria-current=page]").get_attribute("href") == \
        "decision-makers.html"


@pytest.mark.parametrize("lang", ["en", "ru", "ko", "ar"])
def test_phone_numbers_never_wrap_and_are_tel_links(phone: Page, sample_build: BuildResult,
                                                    lang: str) -> None:
    phone.goto(url_of(sample_build, f"{lang}/community.html"))
    numbers = phone.locator("bdi.ph-phone, .contact bdi")
    assert numbers.count() > 4
    for i in range(numbers.count()):
        number = numbers.nth(i)
        lines = number.evaluate("el => el.getClientRects().length")
        assert lines == 1, f"{number.inner_text()!r} wraps"
        link = number.evaluate("el => el.closest('a') && el.closest('a').href")
        assert link and link.startswith(("tel:", "mailto:", "https:")), number.inner_text()
    copied = phone.locator("bdi.ph-phone").first.evaluate("el => el.textContent")
    assert copied == "(555) 010-0199"


def test_korean_pages_break_between_words(phone: Page, sample_build: BuildResult) -> None:
    phone.goto(url_of(sample_build, "ko/community.html"))
    assert phone.locator("main p").first.evaluate(
        "el => getComputedStyle(el).wordBreak") == "keep-all"
