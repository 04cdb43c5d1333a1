"""The catalogs committed with the sample kit: GNU msgfmt -c accepts every one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import REPO

from outreach.po import read_po

from .conftest import gnu

CATALOGS = sorted((REPO / "translations").glob("*/LC_MESSAGES/*.po"))


def test_the_repository_has_catalogs() -> None:
    assert REPO / "translations" / "es" / "LC_MESSAGES" / "messages.po" in CATALOGS


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_catalog_passes_msgfmt_check(path: Path) -> None:
    result = gnu("msgfmt", "-c", "-o", os.devnull, str(path))
    assert result.returncode == 0, result.stderr
    read_po(path, str(path.relative_to(REPO)))  # and reads without a problem
