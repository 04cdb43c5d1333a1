"""Golden HTML for the sample kit: any change to the rendered pages shows up as a diff.

After an intended change, refresh the golden files and review the diff:

    OUTREACH_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

Language names come from CLDR (through Babel) and change between its releases; they are kept
out of the golden files as `[[name:TAG]]` (the name in the language itself) and
`[[english:TAG]]` (in the source language), so the files test this project's pages only.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from helpers import SAMPLE_LANGUAGES, build_kit, copy_sample_kit

from outreach.kit.languages import language

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_sample_kit_html_matches_golden_files(tmp_path: Path) -> None:
    out = build_kit(copy_sample_kit(tmp_path / "kit"), formats=("html",)).out
    built = {p.relative_to(out).as_posix(): without_cldr_names(p.read_text(encoding="utf-8"))
             for p in sorted(out.rglob("*.html"))}
    if os.environ.get("OUTREACH_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in built.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(GOLDEN.rglob("*.html"))}
    assert sorted(built) == sorted(expected)
    for name, text in built.items():
        diff = "".join(difflib.unified_diff(expected[name].splitlines(True),
                                            text.splitlines(True), f"golden/{name}", name))
        assert not diff, f"{name} differs from its golden file:\n{diff}"


def without_cldr_names(text: str) -> str:
    """The page with every CLDR language name replaced by a token naming what it is."""
    source = language("en")
    names = {}
    for tag in SAMPLE_LANGUAGES:
        names[language(tag).native_name] = f"[[name:{tag}]]"
        names.setdefault(language(tag).name_in(source), f"[[english:{tag}]]")
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, names[name])
    return text
