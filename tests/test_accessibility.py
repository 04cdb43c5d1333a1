"""Every page of the sample kit passes axe-core's WCAG 2 A and AA rules in real Chromium."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from outreach.build import BuildResult

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def test_every_page_has_no_wcag_violations(sample_build: BuildResult, browser: Browser) -> None:
    axe = Axe()
    pages = sorted(sample_build.out.rglob("*.html"))
    assert len(pages) == 21  # the home page and 2 audiences x 10 languages
    found = {}
    page = browser.new_page()
    for path in pages:
        page.goto(path.as_uri())
        violations = axe.run(page, options=WCAG).response["violations"]
        if violations:
            found[path.relative_to(sample_build.out).as_posix()] = [
                (v["id"], v["nodes"][0]["html"][:120]) for v in violations]
    page.close()
    assert found == {}


def test_axe_notices_a_real_violation(browser: Browser) -> None:
    """The check above can fail: a page without a lang attribute or alt text is reported."""
    page = browser.new_page()
    page.set_content("<html><head><title>x</title></head><body><img src='a.png'></body></html>")
    ids = {v["id"] for v in Axe().run(page, options=WCAG).response["violations"]}
    page.close()
    assert {"html-has-lang", "image-alt"} <= ids
