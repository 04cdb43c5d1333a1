"""Fixtures for the linter tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_support import KitMaker, make_kit_in


@pytest.fixture
def make_kit(tmp_path: Path) -> KitMaker:
    """make_kit({"messages/a.md": "..."}, lint="...") -> a kit folder with outreach.toml."""

    made: list[Path] = []

    def make(files: dict[str, str] | None = None, *, lint: str = "") -> Path:
        made.append(tmp_path / f"kit{len(made) or ''}")  # a new folder for each kit
        return make_kit_in(made[-1], files, lint=lint)

    return make
