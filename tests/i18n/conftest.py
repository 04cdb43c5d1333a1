"""Fixtures for the translator workflow: small kits in temporary folders, a fixed date."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import REPO, make_kit, message

from outreach.kit.config import Config, load_config
from outreach.po import Entry, format_po, read_po

EPOCH = "1700000000"
EPOCH_DATE = "2023-11-14 22:13+0000"

BODY = """\
When someone in your family is sick, you can get care close to home. Call {phone} today.

- **Checkups and shots** for babies, children and teens.
- Help with *long-term* problems like diabetes.

See the [list of clinics near you](https://example.org/clinics), or write to help@example.org.

Open 7 days a week, from 8 to 5.
"""


@pytest.fixture(autouse=True)
def source_date(monkeypatch: pytest.MonkeyPatch) -> str:
    """Extraction dates come from SOURCE_DATE_EPOCH, so every file is reproducible."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return EPOCH


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    """One message, Spanish and Russian catalogs to be."""
    return make_kit(tmp_path / "kit", {
        "community/clinic": message(title="Health care for every family", body=BODY),
    }, languages=("en", "es", "ru"))


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """The repository's messages and settings, without its catalogs."""
    dest = tmp_path / "sample"
    dest.mkdir()
    shutil.copy2(REPO / "outreach.toml", dest / "outreach.toml")
    shutil.copytree(REPO / "messages", dest / "messages")
    return dest


def config_of(root: Path) -> Config:
    return load_config(root)


def catalog(root: Path, lang: str = "es") -> Path:
    return root / "translations" / lang.replace("-", "_") / "LC_MESSAGES" / "messages.po"


def gnu(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run a GNU gettext tool (msgcat, msgfmt, ...)."""
    return subprocess.run(list(args), input=stdin, capture_output=True, text=True,
                          check=False)


def run_outreach(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m outreach ...` in a child process, as a person or CI runs it."""
    return subprocess.run([sys.executable, "-m", "outreach", *args], capture_output=True,
                          text=True, cwd=cwd, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def translate(path: Path, text_for: Callable[[Entry], str | None]) -> None:
    """Fill in translations the way a translator's tool would, entry by entry."""
    po = read_po(path, path.name)
    entries = []
    for entry in po.entries:
        text = text_for(entry)
        entries.append(entry if text is None else
                       replace(entry, msgstr=tuple(text for _ in entry.msgstr)))
    path.write_text(format_po(replace(po, entries=tuple(entries))), encoding="utf-8")


def spanish(entry: Entry) -> str:
    """A stand-in translation that keeps every placeholder, link and number."""
    return "ES " + entry.msgid


MESSAGE = "messages/community/clinic.md"


def edit(kit: Path, old: str, new: str) -> None:
    """Change the kit's one message, as its writer would."""
    path = kit / MESSAGE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def translated_kit(kit: Path) -> Path:
    """The kit with a complete Spanish catalog (Russian left untranslated)."""
    from outreach.i18n.update import update_catalogs

    update_catalogs(config_of(kit))
    translate(catalog(kit), spanish)
    return catalog(kit)


def plant(kit: Path, source: str, mistake: str) -> tuple[Path, int]:
    """Replace one entry's translation; returns the catalog and the line of its msgstr."""
    path = translated_kit(kit)
    translate(path, lambda m: mistake if m.msgid == source else None)
    (entry,) = [m for m in read_po(path, "es").entries if m.msgid == source]
    assert entry.msgstr_line is not None
    return path, entry.msgstr_line


def findings(kit: Path) -> list[tuple[str, str, str]]:
    """(check, severity, message) of what `outreach i18n check --lang es` finds."""
    from outreach.i18n.check import check_catalogs
    from outreach.kit.languages import language

    return [(f.code, f.severity, f.message)
            for f in check_catalogs(config_of(kit), [language("es")])]
