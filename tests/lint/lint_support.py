"""Helpers shared by the linter tests: small kits and catalogs in temporary folders."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

CONFIG = """\
[kit]
title = "Every family belongs here"
source_language = "en"
languages = ["en", "es", "zh-Hans"]

[organization]
name = "Riverside Clinic"
"""

PO_HEADER = """\
msgid ""
msgstr ""
"Language: {lang}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"""

KitMaker = Callable[..., Path]


def write_files(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def po(lang: str, body: str = "") -> str:
    """A catalog: a header declaring `lang`, then `body` (dedented) as entries."""
    return PO_HEADER.format(lang=lang) + "\n" + textwrap.dedent(body)


def make_kit_in(root: Path, files: dict[str, str] | None = None, *, lint: str = "") -> Path:
    """A kit folder with outreach.toml (plus a `[lint]` part, if given) and `files`."""
    root.mkdir(parents=True, exist_ok=True)
    config = CONFIG + ("\n" + textwrap.dedent(lint) if lint else "")
    (root / "outreach.toml").write_text(config, encoding="utf-8")
    write_files(root, files or {})
    return root
