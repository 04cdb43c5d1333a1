"""Helpers for tests: copies of the sample kit and small hand-made kits."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable
from pathlib import Path

from outreach.build import BuildOptions, BuildResult, build
from outreach.kit.config import load_config

REPO = Path(__file__).resolve().parent.parent
KIT_PARTS = ("outreach.toml", "messages", "templates", "translations", "images")
SAMPLE_LANGUAGES = ("en", "es", "zh-Hans", "zh-Hant", "vi", "tl", "ko", "ar", "fa", "ru")
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"  # Unicode directional isolates
EPOCH = "1700000000"


def copy_sample_kit(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in KIT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, dest / part)
        elif source.exists():
            shutil.copy2(source, dest / part)
    return dest


CONFIG = """\
[kit]
title = "Test kit"
languages = {languages}

[organization]
name = "Test Org"
phone = "555-0100"
email = "help@example.org"
website = "https://example.org"
"""

MESSAGE = """\
---
title: {title}
key_message: Care is for everyone.
call_to_action: Call {{organization}} at {{phone}}.
value: Health
---
{body}
"""


def message(title: str = "Hello", body: str = "A paragraph with a [link](https://example.org).",
            **front: str) -> str:
    text = MESSAGE.format(title=title, body=body)
    extra = "".join(f"{key}: {value}\n" for key, value in front.items())
    return text.replace("---\n", "---\n" + extra, 1) if extra else text


def po_file(entries: Iterable[tuple[str | None, str, str]], lang: str = "es",
            fuzzy: Iterable[str] = ()) -> str:
    """A catalog: (msgctxt, msgid, msgstr) entries; msgids in `fuzzy` are marked fuzzy."""
    fuzzy = set(fuzzy)

    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    out = [textwrap.dedent(f"""\
        msgid ""
        msgstr ""
        "Language: {lang}\\n"
        "MIME-Version: 1.0\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\\n"
        """)]
    for context, msgid, msgstr in entries:
        out.append("")
        if msgid in fuzzy:
            out.append("#, fuzzy")
        if context is not None:
            out.append(f"msgctxt {quote(context)}")
        out.append(f"msgid {quote(msgid)}")
        out.append(f"msgstr {quote(msgstr)}")
    return "\n".join(out) + "\n"


def make_kit(root: Path, messages: dict[str, str], *, languages: Iterable[str] = ("en",),
             catalogs: dict[str, str] | None = None, templates: dict[str, str] | None = None,
             config: str | None = None) -> Path:
    """A small kit: messages as {"community/slug": text}, catalogs as {"es": po text}."""
    root.mkdir(parents=True, exist_ok=True)
    tags = ", ".join(f'"{t}"' for t in languages)
    (root / "outreach.toml").write_text(config or CONFIG.format(languages=f"[{tags}]"),
                                        encoding="utf-8")
    for name, text in messages.items():
        path = root / "messages" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for lang, text in (catalogs or {}).items():
        path = root / "translations" / lang.replace("-", "_") / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, text in (templates or {}).items():
        path = root / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build_kit(root: Path, **options: object) -> BuildResult:
    return build(load_config(root), BuildOptions(**options))  # type: ignore[arg-type]


PARTNERS_CSV = """\
id,name,phone,email,website,logo,languages
eastside,Eastside Community Clinic,(555) 010-0142,hi@eastside.example,https://eastside.example,logos/eastside.png,es
westside,Westside Legal Aid,(555) 010-0177,help@westside.example,,,
"""


def logo_png(color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small PNG logo of one colour."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 48), color).save(buffer, format="PNG")
    return buffer.getvalue()


def partner_kit(dest: Path, languages: tuple[str, ...] = ("en", "es"),
                partners: str = PARTNERS_CSV, per_audience: int = 1) -> Path:
    """The sample kit cut down to `per_audience` messages per audience and `languages` (its
    catalogs stay complete), with two partners: Eastside (a logo, Spanish only) and Westside."""
    kit = copy_sample_kit(dest)
    for folder in sorted((kit / "messages").iterdir()):
        for extra in sorted(folder.glob("*.md"))[per_audience:]:
            extra.unlink()
    config = kit / "outreach.toml"
    tags = ", ".join(f'"{tag}"' for tag in languages)
    text = config.read_text(encoding="utf-8")
    start = text.index("languages = [")
    end = text.index("]", start) + 1
    config.write_text(text[:start] + f"languages = [{tags}]" + text[end:], encoding="utf-8")
    (kit / "logos").mkdir()
    (kit / "logos/eastside.png").write_bytes(logo_png())
    (kit / "partners.csv").write_text(partners, encoding="utf-8")
    return kit
