"""Shared fixtures: copies of the sample kit, one shared build of it, a browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import (  # noqa: F401  (re-exported for test modules)
    EPOCH,
    REPO,
    build_kit,
    copy_sample_kit,
    make_kit,
    message,
    po_file,
)
from playwright.sync_api import Browser, sync_playwright

from outreach.build import BuildResult

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def sample_kit(tmp_path: Path) -> Path:
    """A private copy of this repository's sample kit."""
    return copy_sample_kit(tmp_path / "kit")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The whole sample kit, built once for every test that only reads the output."""
    kit = copy_sample_kit(tmp_path_factory.mktemp("sample") / "kit")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return build_kit(kit, jobs=2)


@pytest.fixture
def epoch(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return EPOCH


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium, as readers' browsers render the pages (one per test module)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
