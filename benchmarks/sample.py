"""The repository's sample kit, copied for a benchmark to build and edit."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KIT_PARTS = ("outreach.toml", "messages", "templates", "translations", "images")


def copy_sample_kit(folder: Path, languages: tuple[str, ...] = ()) -> Path:
    """A copy of the sample kit in `folder`/kit, publishing only `languages` when given."""
    kit = folder / "kit"
    kit.mkdir(parents=True)
    for part in KIT_PARTS:
        source = REPO / part
        if source.exists():
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, kit / part)
    if languages:
        text = (kit / "outreach.toml").read_text(encoding="utf-8")
        start = text.index("languages = [")
        end = text.index("]", start) + 1
        tags = ", ".join(f'"{tag}"' for tag in languages)
        (kit / "outreach.toml").write_text(text[:start] + f"languages = [{tags}]" + text[end:],
                                           encoding="utf-8")
    return kit
