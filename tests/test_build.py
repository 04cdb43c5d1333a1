"""The kit build: what it writes, the manifest, PDFs, determinism, atomicity, partial languages."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import polib
import pytest
from helpers import (
    FSI,
    LRI,
    PDI,
    REPO,
    SAMPLE_LANGUAGES,
    build_kit,
    copy_sample_kit,
    make_kit,
    message,
    po_file,
)
from pypdf import PdfReader

from outreach.build import BuildResult
from outreach.errors import OutreachError
from outreach.kit.languages import language

AUDIENCES = ("community", "decision-makers")


def tree(folder: Path) -> dict[str, bytes]:
    """The published files of an output folder (not the build's own `.outreach/` state)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().startswith(".outreach/")}


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def sample_messages() -> dict[str, list[str]]:
    return {a: sorted(p.stem for p in (REPO / "messages" / a).glob("*.md")) for a in AUDIENCES}


def test_sample_kit_layout(sample_build: BuildResult) -> None:
    out = sample_build.out
    expected = {"index.html", "manifest.json", "assets/site.css", "assets/print.css",
                "assets/kit.css", "assets/fonts.css", "assets/brand.css", "assets/share.css",
                "assets/card.css",
                "assets/kit/images/logo.svg"}
    for lang in SAMPLE_LANGUAGES:
        for audience, ids in sample_messages().items():
            expected |= {f"{lang}/{audience}.html", f"{lang}/{audience}.pdf"}
            expected |= {f"{lang}/{audience}/{i}.pdf" for i in ids}
            expected |= {f"{lang}/{audience}/{i}.png" for i in ids}  # flyer previews
    assert set(tree(out)) == expected


def test_manifest_lists_every_artifact_with_its_checksum(sample_build: BuildResult) -> None:
    out = sample_build.out
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kit"] == "Every family belongs here"
    assert manifest["generated_by"].startswith("outreach ")
    # Every published file, assets included: a tool that syncs the kit can trust the list.
    files = {p for p in tree(out) if p != "manifest.json"}
    assert {a["path"] for a in manifest["artifacts"]} == files
    for artifact in manifest["artifacts"]:
        data = (out / artifact["path"]).read_bytes()
        assert artifact["sha256"] == hashlib.sha256(data).hexdigest()
        path = artifact["path"]
        if path.startswith("assets/"):
            assert (artifact["format"], artifact["lang"]) == ("asset", None)
            continue
        if path == "index.html":
            assert (artifact["lang"], artifact["audience"], artifact["format"]) == \
                ("en", None, "html")
            continue
        lang, audience = path.split("/")[0], path.split("/")[1].split(".")[0]
        assert (artifact["lang"], artifact["audience"]) == (lang, audience)
        if path.endswith(".html"):
            assert (artifact["format"], artifact["message"]) == ("html", None)
        elif path.count("/") == 1:
            assert (artifact["format"], artifact["message"]) == ("pdf", None)
        elif path.endswith(".png"):
            assert artifact["format"] == "preview"
            assert artifact["message"] == Path(path).stem
        else:
            assert artifact["format"] == "flyer"
            assert artifact["message"] == Path(path).stem


def test_every_flyer_is_one_page_with_contact_details(sample_build: BuildResult) -> None:
    flyers = [a for a in sample_build.artifacts if a.format == "flyer"]
    assert len(flyers) == len(SAMPLE_LANGUAGES) * sum(len(i) for i in sample_messages().values())
    for artifact in flyers:
        reader = PdfReader(sample_build.out / artifact.path)
        assert len(reader.pages) == 1, artifact.path
        text = pdf_text(sample_build.out / artifact.path)
        assert "Riverside Family Health Network" in text
        assert "555" in text and "010-0199" in text and "help@example.org" in text


def test_pdfs_carry_title_and_language(sample_build: BuildResult) -> None:
    es = PdfReader(sample_build.out / "es/community/health-care-for-your-whole-family.pdf")
    en = PdfReader(sample_build.out / "en/community/health-care-for-your-whole-family.pdf")
    assert en.metadata.title == "Health care is for your whole family"
    assert es.metadata.title and es.metadata.title != en.metadata.title
    assert es.trailer["/Root"]["/Lang"] == "es"
    assert en.trailer["/Root"]["/Lang"] == "en"
    assert es.metadata.author == "Riverside Family Health Network"


def test_spanish_pdf_text_comes_from_the_catalog(sample_build: BuildResult) -> None:
    catalog = polib.pofile(str(REPO / "translations/es/LC_MESSAGES/messages.po"))
    entry = catalog.find("Health care is for your whole family", by="msgid",
                         msgctxt="community/health-care-for-your-whole-family:title")
    text = pdf_text(sample_build.out / "es/community/health-care-for-your-whole-family.pdf")
    assert " ".join(entry.msgstr.split()) in text
    assert "Health care is for your whole family" not in text


def test_audience_sheet_holds_every_message(sample_build: BuildResult) -> None:
    text = pdf_text(sample_build.out / "en/decision-makers.pdf")
    for path in (REPO / "messages/decision-makers").glob("*.md"):
        title = next(line for line in path.read_text().splitlines() if line.startswith("title:"))
        assert title.split(":", 1)[1].strip() in text


def test_builds_are_reproducible(tmp_path: Path, epoch: str) -> None:
    kit = copy_sample_kit(tmp_path / "kit")
    first = tree(build_kit(kit, out=tmp_path / "one", languages=("es",),
                           audiences=("community",), jobs=2).out)
    second = tree(build_kit(kit, out=tmp_path / "two", languages=("es",),
                            audiences=("community",), jobs=1).out)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    out = build_kit(kit, formats=("html", "flyer")).out
    before = tree(out)
    # The flyer template now fails while rendering, after the web pages were staged.
    (kit / "templates").mkdir()
    (kit / "templates/flyer.html").write_text("{{ no_such_variable.title }}", encoding="utf-8")
    (kit / "messages/community/b.md").write_text(message(title="New"), encoding="utf-8")
    with pytest.raises(OutreachError) as info:
        build_kit(kit, formats=("html", "flyer"))
    assert "no_such_variable" in str(info.value)
    assert tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == [
        ".outreach-cache", "build", "messages", "outreach.toml", "templates"]
    assert sorted(p.name for p in (out / ".outreach").iterdir()) == ["build.json", "lock"]


def test_refuses_to_replace_a_folder_that_is_not_a_build(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    precious = tmp_path / "docs"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    with pytest.raises(OutreachError, match="is not an outreach build"):
        build_kit(kit, out=precious)
    assert (precious / "notes.txt").read_text() == "keep me"
    with pytest.raises(OutreachError, match="cannot be the kit itself"):
        build_kit(kit, out=kit)


def test_narrowing_by_language_audience_and_format(tmp_path: Path) -> None:
    kit = copy_sample_kit(tmp_path / "kit")
    result = build_kit(kit, languages=("es",), audiences=("community",), formats=("flyer",))
    files = set(tree(result.out))
    made = {f for f in files if f not in ("manifest.json", "index.html")
            and not f.startswith("assets/")}
    assert made and all(f.startswith("es/community/") and f.endswith((".pdf", ".png"))
                        for f in made)
    assert result.count("flyer") == len(sample_messages()["community"])
    # The home page describes what the output holds: Spanish flyers, and no web pages yet.
    index = (result.out / "index.html").read_text(encoding="utf-8")
    assert 'lang="es"' in index and 'href="es/community.html"' not in index
    assert (result.out / "es/community/every-child-can-go-to-school.pdf").is_file()
    assert any("web pages" in reason for reason in result.skipped)


def unit_catalog(translated: bool = True, fuzzy: bool = False) -> str:
    entries = [
        ("kit:title", "Test kit", "Kit de prueba"),
        ("audience:community", "Community members", "Comunidad"),
        ("audience:decision-makers", "Decision makers", "Responsables"),
        ("community/a:title", "Hello", "Hola"),
        ("community/a:key_message", "Care is for everyone.", "La atención es para todos."),
        ("community/a:call_to_action", "Call {organization} at {phone}.",
         "Llame a {organization} al {phone}."),
        ("community/a:value", "Health", "Salud"),
    ]
    if translated:
        entries.append(("community/a:body", "A paragraph with a [link](https://example.org).",
                        "Un párrafo con un [enlace](https://example.org)."))
    return po_file(entries, fuzzy=["Hello"] if fuzzy else [])


def test_a_language_behind_the_messages_is_reported_not_published(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, languages=("en", "es"),
                   catalogs={"es": unit_catalog(translated=False)})
    result = build_kit(kit, formats=("html",))
    (late,) = result.behind
    assert (late.lang, late.catalog) == ("es", "translations/es/LC_MESSAGES/messages.po")
    assert "A paragraph with a [link](https://example.org)." in late.missing
    assert "Skip to content" in late.missing  # template text is needed too
    assert late.kept == 0 and late.left_out == 2  # nothing reviewed to keep: both pages
    assert not (result.out / "es/community.html").exists()
    assert (result.out / "en/community.html").exists()
    manifest = json.loads((result.out / "manifest.json").read_text())
    (es,) = [entry for entry in manifest["languages"] if entry["lang"] == "es"]
    assert es["behind_since"] and es["behind_strings"] == late.strings


def test_partial_build_marks_fallback_text_with_its_language(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, languages=("en", "es"),
                   catalogs={"es": unit_catalog(translated=False)})
    result = build_kit(kit, formats=("html",), allow_partial=True)
    assert result.partial == ("es",)
    page = (result.out / "es/community.html").read_text(encoding="utf-8")
    assert '<html lang="es" dir="ltr">' in page
    assert '<p lang=en>A paragraph with a <a href=https://example.org>link</a>.</p>' in page
    assert "<h2 id=\"a-title\">Hola</h2>" in page
    manifest = json.loads((result.out / "manifest.json").read_text())
    (es,) = [entry for entry in manifest["languages"] if entry["lang"] == "es"]
    assert (es["name"], es["dir"], es["partial"]) == (language("es").native_name, "ltr", True)
    # 7 kit strings are translated; the body and the theme's strings are not.
    assert 0 < es["percent"] < 50 and es["untranslated"] == es["total"] - es["translated"]
    index = (result.out / "index.html").read_text(encoding="utf-8")
    assert f'<p class="coverage">{es["percent"]:g}% translated</p>' in index


def test_fuzzy_entries_are_never_used(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, languages=("en", "es"),
                   catalogs={"es": unit_catalog(fuzzy=True)})
    (late,) = build_kit(kit, formats=("html",)).behind
    assert [msgid for _line, msgid in late.fuzzy] == ["Hello"]
    result = build_kit(kit, formats=("html",), allow_partial=True)
    page = (result.out / "es/community.html").read_text(encoding="utf-8")
    assert '<span lang=en>Hello</span>' in page and "Hola" not in page


def test_placeholders_are_filled_after_translation_and_escaped(tmp_path: Path) -> None:
    config = """\
[kit]
title = "Test kit"
languages = ["en", "es"]
[organization]
name = "Salud & <Familia>"
phone = "555-0100"
"""
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, config=config,
                   catalogs={"es": unit_catalog()})
    out = build_kit(kit, formats=("html", "flyer"), allow_partial=True).out
    page = (out / "es/community.html").read_text()
    # Values are escaped and isolated by <bdi>, so they read right inside right-to-left text
    # too, and a phone number is a link; on the web, with no invisible marks to copy.
    assert ('Llame a <bdi class=ph-organization>Salud &amp; &lt;Familia&gt;</bdi> al '
            '<a href="tel:5550100"><bdi class=ph-phone dir="ltr">555-0100</bdi></a>.') in page
    assert not {LRI, FSI, PDI} & set(page)
    assert "Llame a Salud & <Familia> al 555-0100." in pdf_text(out / "es/community/a.pdf")


def test_stale_mo_files_are_ignored(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, languages=("en", "es"),
                   catalogs={"es": unit_catalog()})
    stale = kit / "translations/es/LC_MESSAGES/messages.mo"
    stale.write_bytes(b"\xde\x12\x04\x95 this is not what the build reads")
    page = (build_kit(kit, formats=("html",), allow_partial=True).out
            / "es/community.html").read_text()
    assert "Un párrafo con un" in page


def test_jobs_default_to_every_core() -> None:
    from outreach.build.execute import default_jobs
    assert default_jobs() == len(os.sched_getaffinity(0))


def test_build_refuses_to_publish_discouraged_terms_unless_overridden(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message(body="We serve illegal aliens.")})
    with pytest.raises(OutreachError) as info:
        build_kit(kit, formats=("html",))
    lines = [str(p) for p in info.value.problems]
    assert lines[0].startswith("messages/community/a.md:7: ")
    assert "illegal aliens" in lines[0]
    assert lines[-1] == ("outreach lint: 1 discouraged term; fix them (outreach lint --fix "
                         "rewrites the clear cases), or build with --ignore-lint to publish "
                         "anyway")
    assert not (kit / "build").exists()

    result = build_kit(kit, formats=("html",), ignore_lint=True)
    manifest = json.loads((result.out / "manifest.json").read_text())
    assert manifest["lint"] == {"ignored": True, "errors": 1}
    assert result.lint_ignored == 1


def test_manifest_says_when_lint_was_clean(sample_build: BuildResult) -> None:
    manifest = json.loads((sample_build.out / "manifest.json").read_text())
    assert manifest["lint"] == {"ignored": False, "errors": 0}


def test_a_disk_that_fills_during_the_build_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    import resource
    import signal
    import subprocess
    import sys

    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    out = build_kit(kit, formats=("html",)).out
    before = tree(out)
    (kit / "messages/community/b.md").write_text(message(title="New"), encoding="utf-8")

    def small_disk() -> None:  # writes past 8 KB fail as on a full disk (a flyer is larger)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    result = subprocess.run([sys.executable, "-m", "outreach", "build", "--format", "html",
                             "--format", "flyer"], cwd=kit, capture_output=True, text=True,
                            preexec_fn=small_disk, check=False,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith(f"error: {out.resolve()}"), error
    assert error.endswith("cannot be written: the disk is full; the output was left as it was")
    assert tree(out) == before
    assert sorted(p.name for p in (out / ".outreach").iterdir()) == ["build.json", "lock"]
