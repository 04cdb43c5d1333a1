"""The artifact plan: every file a build makes and its content key, without rendering a PDF."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from helpers import REPO, SAMPLE_LANGUAGES, copy_sample_kit, make_kit, message

from outreach.build.plan import FORMATS, Artifact, PlanOptions, RenderEnvironment, Static, plan
from outreach.kit.snapshot import Selection, read_kit
from outreach.render.pdf import PdfJob

ENV = RenderEnvironment(tool="1.0", renderer="weasyprint=1", fonts="fonts-a")


def planned(kit: Path, env: RenderEnvironment = ENV, **selection: tuple[str, ...]
            ) -> dict[str, Artifact]:
    snapshot = read_kit(kit, Selection(**selection))
    return {a.path: a for a in plan(snapshot, PlanOptions(), env)}


def test_the_sample_plan_lists_every_file_of_the_kit(tmp_path: Path) -> None:
    artifacts = planned(copy_sample_kit(tmp_path / "kit"))
    messages = {a: sorted(p.stem for p in (REPO / "messages" / a).glob("*.md"))
                for a in ("community", "decision-makers")}
    expected = {"index.html"}
    for lang in SAMPLE_LANGUAGES:
        for audience, ids in messages.items():
            expected |= {f"{lang}/{audience}.html", f"{lang}/{audience}.pdf"}
            expected |= {f"{lang}/{audience}/{i}.pdf" for i in ids}
    assert {p for p in artifacts if not p.startswith("assets/")} == expected
    assert {"assets/print.css", "assets/site.css", "assets/kit.css",
            "assets/fonts.css", "assets/brand.css", "assets/kit/images/logo.svg"} <= set(artifacts)
    flyer = artifacts["ko/community/every-child-can-go-to-school.pdf"]
    assert (flyer.kind, flyer.lang, flyer.audience, flyer.message) == \
        ("flyer", "ko", "community", "every-child-can-go-to-school")
    assert [o.path for o in flyer.outputs] == ["ko/community/every-child-can-go-to-school.pdf",
                                               "ko/community/every-child-can-go-to-school.png"]
    assert flyer.source == "messages/community/every-child-can-go-to-school.md"
    assert isinstance(flyer.work, PdfJob) and flyer.work.fit_one_page
    # The flyer's job carries the stylesheets and images it links to, and no other file.
    assert set(flyer.work.resources) == {"assets/fonts.css", "assets/print.css",
                                         "assets/brand.css", "assets/kit.css",
                                         "assets/kit/images/logo.svg", "qr.svg"}
    assert all(not a.needs for a in artifacts.values())  # every catalog is complete


def test_planning_renders_no_pdf() -> None:
    code = ("import sys; from pathlib import Path; "
            "from outreach.build.plan import PlanOptions, RenderEnvironment, plan; "
            "from outreach.kit.snapshot import read_kit; "
            f"list(plan(read_kit(Path({str(REPO)!r})), PlanOptions(), "
            "RenderEnvironment('1', '1', '1'))); "
            "print('weasyprint' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_keys_are_stable_and_change_only_with_what_an_artifact_uses(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message(title="A"),
                                      "community/b": message(title="B"),
                                      "decision-makers/c": message(title="C")})
    before = planned(kit)
    assert {p: a.key for p, a in planned(kit).items()} == {p: a.key for p, a in before.items()}

    path = kit / "messages/community/a.md"
    path.write_text(path.read_text().replace("A paragraph", "One paragraph"), encoding="utf-8")
    after = planned(kit)
    changed = {p for p in before if before[p].key != after[p].key}
    # The edited message's flyer, and the page and sheet of its audience that hold it.
    assert changed == {"en/community/a.pdf", "en/community.html", "en/community.pdf"}


def test_the_machine_and_the_tool_are_part_of_every_render_key(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    base = planned(kit)
    for env in (replace(ENV, fonts="fonts-b"), replace(ENV, tool="1.1"),
                replace(ENV, renderer="weasyprint=2")):
        other = planned(kit, env)
        for path, artifact in base.items():
            rendered = not isinstance(artifact.work, Static)
            assert (other[path].key != artifact.key) == rendered, (env, path)


def test_a_stylesheet_changes_only_the_renders_that_link_it(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   templates={"assets/site.css": "body { color: navy }"})
    before = planned(kit)
    (kit / "templates/assets/site.css").write_text("body { color: teal }", encoding="utf-8")
    after = planned(kit)
    assert after["en/community/a.pdf"].key == before["en/community/a.pdf"].key
    assert after["assets/site.css"].key != before["assets/site.css"].key
    (kit / "templates/assets/print.css").write_text("h1 { color: teal }", encoding="utf-8")
    assert planned(kit)["en/community/a.pdf"].key != before["en/community/a.pdf"].key


def test_a_narrowed_plan_holds_only_what_was_asked_for(tmp_path: Path) -> None:
    kit = copy_sample_kit(tmp_path / "kit")
    snapshot = read_kit(kit, Selection(languages=("es",), audiences=("community",)))
    assert [c for c in snapshot.catalogs] == ["es"]  # no other catalog is even read
    paths = {a.path for a in plan(snapshot, PlanOptions(formats=("flyer",)), ENV)}
    made = {p for p in paths if not p.startswith("assets/") and p != "index.html"}
    assert made and all(p.startswith("es/community/") and p.endswith(".pdf") for p in made)
    assert FORMATS == ("html", "pdf", "flyer", "social", "sms", "card", "bilingual")
