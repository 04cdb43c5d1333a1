"""The render cache: a render is never redone for the same inputs, and always redone for new ones.

Every test builds for real (WeasyPrint, worker processes) and counts what the build rendered.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import build_kit, make_kit, message, po_file

from outreach.build import BuildResult
from outreach.build import environment as render_env


def published(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".outreach" not in p.relative_to(out).parts}


def small_kit(tmp_path: Path) -> Path:
    return make_kit(tmp_path / "kit", {"community/a": message(title="A"),
                                       "community/b": message(title="B")})


def counts(result: BuildResult) -> tuple[int, int]:
    """(rendered, copied from the cache)"""
    return result.counts["rendered"], result.counts["cached"]


def test_a_rebuild_with_nothing_changed_renders_and_writes_nothing(tmp_path: Path,
                                                                     epoch: str) -> None:
    kit = small_kit(tmp_path)
    first = build_kit(kit, formats=("pdf", "flyer"), jobs=1)
    assert counts(first)[0] == 4  # two flyers and the two audience sheets
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in first.out.rglob("*.pdf")}
    second = build_kit(kit, formats=("pdf", "flyer"), jobs=1)
    assert counts(second) == (0, 0)
    assert second.made == ()  # not even the manifest: it says what it said
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in first.out.rglob("*.pdf")} == before


def test_the_cache_fills_a_new_output_folder_with_identical_files(tmp_path: Path,
                                                                   epoch: str) -> None:
    kit = small_kit(tmp_path)
    first = build_kit(kit, out=tmp_path / "one", jobs=1)
    second = build_kit(kit, out=tmp_path / "two", jobs=1)
    assert counts(second) == (0, 4)
    assert published(second.out) == published(first.out)
    uncached = build_kit(kit, out=tmp_path / "three", jobs=1, use_cache=False)
    assert counts(uncached)[0] == 4
    assert published(uncached.out) == published(first.out)


def test_editing_one_message_renders_only_its_files(tmp_path: Path) -> None:
    kit = small_kit(tmp_path)
    build_kit(kit, jobs=1)
    path = kit / "messages/community/a.md"
    path.write_text(path.read_text().replace("A paragraph", "One paragraph"), encoding="utf-8")
    result = build_kit(kit, jobs=1)
    assert counts(result) == (2, 0)  # a's flyer and the sheet; b's flyer is as it was
    assert set(result.made) == {"en/community/a.pdf", "en/community/a.png", "en/community.pdf",
                                "en/community.html", "manifest.json"}


def test_a_new_or_changed_font_renders_again(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<dir>{fonts}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>
""", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    kit = small_kit(tmp_path)
    build_kit(kit, jobs=1)
    assert counts(build_kit(kit, jobs=1))[0] == 0

    font = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"))
    shutil.copy(font, fonts / "Extra.ttf")
    assert counts(build_kit(kit, jobs=1))[0] == 4
    assert counts(build_kit(kit, jobs=1))[0] == 0
    (fonts / "Extra.ttf").write_bytes(font.read_bytes() + b"\0")  # a new version of the file
    assert counts(build_kit(kit, jobs=1))[0] == 4


def test_a_new_version_of_the_tool_renders_again(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    kit = small_kit(tmp_path)
    build_kit(kit, jobs=1)
    monkeypatch.setattr(render_env, "__version__", "99.0")
    assert counts(build_kit(kit, jobs=1))[0] == 4


def test_a_fresh_checkout_of_the_same_code_keeps_the_cache_an_edit_does_not(
        tmp_path: Path) -> None:
    """CI checks the code out anew on every run: dates change, content does not."""
    package = tmp_path / "outreach"
    shutil.copytree(render_env.PACKAGE, package,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    before = render_env.tool_identity(package)
    for path in package.rglob("*.py"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert render_env.tool_identity(package) == before
    css = package / "theme/assets/print.css"
    css.write_text(css.read_text() + "\n/* one more line */\n")
    assert render_env.tool_identity(package) != before


def test_a_damaged_cache_entry_is_rendered_again_not_published(tmp_path: Path,
                                                              epoch: str) -> None:
    kit = small_kit(tmp_path)
    good = published(build_kit(kit, out=tmp_path / "one", jobs=1).out)
    for entry in (kit / ".outreach-cache").rglob("main"):
        entry.write_bytes(b"%PDF-1.7 damaged")
    result = build_kit(kit, out=tmp_path / "two", jobs=1)
    assert counts(result)[0] == 4
    assert published(result.out) == good


def test_a_remembered_body_follows_its_translation_and_the_kit_settings(tmp_path: Path) -> None:
    """Rendered bodies are remembered between builds; each input they depend on renews them."""
    source = "Call {phone} today."

    def catalog(text: str | None) -> None:
        entries = [("community/a:body", source, text)] if text is not None else []
        path = kit / "translations/es/LC_MESSAGES/messages.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(po_file(entries), encoding="utf-8")

    def page() -> str:
        result = build_kit(kit, formats=("html",), allow_partial=True)
        assert "es" in result.partial  # the templates' strings are not translated here
        return (result.out / "es/community.html").read_text(encoding="utf-8")

    kit = make_kit(tmp_path / "kit", {"community/a": message(body=source)},
                   languages=("en", "es"))
    catalog("Llame hoy al {phone}.")
    assert "Llame hoy al" in page()
    assert "Llame hoy al" in page()  # remembered, and the same
    catalog("Llámenos hoy: {phone}.")
    assert "Llámenos hoy" in page() and "Llame hoy al" not in page()
    config = kit / "outreach.toml"
    config.write_text(config.read_text().replace("555-0100", "555-0199"), encoding="utf-8")
    assert "555-0199" in page().split("Llámenos hoy", 1)[1].split("</p>", 1)[0]
    catalog(None)  # the translation is gone: the source text, marked as English
    shown = page()
    assert "Llámenos" not in shown and "Call " in shown
    assert 'lang=en>Call' in shown.replace('"', "")


def test_a_cache_committed_to_git_is_never_used(tmp_path: Path, epoch: str) -> None:
    """A contribution that adds cache entries could publish any PDF under a key it computed:
    a cache git tracks is set aside, with a warning that says how to untrack it."""
    kit = small_kit(tmp_path)
    good = published(build_kit(kit, out=tmp_path / "one", jobs=1).out)
    for entry in (kit / ".outreach-cache").rglob("main"):
        entry.write_bytes(b"%PDF-1.7 from a contribution")
        meta = entry.parent / "meta.json"
        meta.write_text(meta.read_text().replace(
            json.loads(meta.read_text())["sha256"]["main"],
            hashlib.sha256(entry.read_bytes()).hexdigest()))
    git = ["git", "-C", str(kit), "-c", "user.name=A", "-c", "user.email=a@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "kit"], check=True)

    result = build_kit(kit, out=tmp_path / "two", jobs=1)
    assert counts(result) == (4, 0)
    assert published(result.out) == good
    assert [str(w) for w in result.warnings] == [
        ".outreach-cache: is in git, so this build does not use it (a cache that came with a "
        "contribution could publish any file); delete it from git and from the disk ('git rm "
        "-r -q .outreach-cache'; it is only a cache) and add it to .gitignore"]

    subprocess.run([*git, "rm", "-r", "-q", ".outreach-cache"], check=True)
    result = build_kit(kit, out=tmp_path / "three", jobs=1)
    assert result.warnings == () and counts(result) == (4, 0)
    assert published(result.out) == good


def test_asking_git_about_the_cache_runs_nothing_the_repository_names(tmp_path: Path) -> None:
    """The question goes to git with the repository's command hooks switched off; and a
    repository git cannot read keeps the cache out (it might be in it)."""
    kit = small_kit(tmp_path)
    build_kit(kit, jobs=1)
    git = ["git", "-C", str(kit)]
    subprocess.run([*git, "init", "-q"], check=True)
    ran = tmp_path / "fsmonitor-ran"
    subprocess.run([*git, "config", "core.fsmonitor", f"touch {ran}; false"], check=True)
    result = build_kit(kit, out=tmp_path / "two", jobs=1)
    assert not ran.exists()
    assert result.warnings == () and counts(result) == (0, 4)  # untracked: used

    shutil.rmtree(kit / ".git")
    (kit / ".git").write_text("not a repository\n")
    result = build_kit(kit, out=tmp_path / "three", jobs=1)
    assert counts(result) == (4, 0)
    assert [str(w) for w in result.warnings] == [
        ".outreach-cache: is in a git repository that git cannot be asked about here, so this "
        "build does not use it (a cache that came with a contribution could publish any file); "
        "delete the folder (it is only a cache) and keep it out of git"]
