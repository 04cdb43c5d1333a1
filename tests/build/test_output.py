"""The output folder: a build writes only where it may, deletes only what a build wrote, and a
failed, interrupted or concurrent build leaves the folder as it was."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers import REPO, build_kit, copy_sample_kit, make_kit, message, po_file

from outreach.build import BuildOptions, build
from outreach.errors import OutreachError
from outreach.kit.config import load_config


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".outreach" not in p.relative_to(out).parts}


def outreach(*args: str, cwd: Path | None = None, **popen: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CI": "1"}
    return subprocess.Popen([sys.executable, "-m", "outreach", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **popen)  # type: ignore[call-overload]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    process = outreach(*args)
    stdout, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


def kit_with_spanish(tmp_path: Path) -> Path:
    catalog = po_file([("kit:title", "Test kit", "Kit de prueba"),
                       ("audience:community", "Community members", "Comunidad"),
                       ("audience:decision-makers", "Decision makers", "Responsables")])
    return make_kit(tmp_path / "kit", {"community/a": message(title="A"),
                                       "community/b": message(title="B")},
                    languages=("en", "es"), catalogs={"es": catalog})


# --- where a build may write -------------------------------------------------------------------


def test_a_folder_that_is_not_a_build_is_never_touched(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    app = tmp_path / "webapp"
    (app / "src").mkdir(parents=True)
    (app / "manifest.json").write_text('{"name": "My app", "icons": []}', encoding="utf-8")
    (app / "index.html").write_text("<!doctype html><title>app</title>", encoding="utf-8")
    (app / "src/main.js").write_text("console.log(1)", encoding="utf-8")
    before = files(app)
    result = run("build", "--kit", str(kit), "--out", str(app))
    assert result.returncode == 2
    assert result.stderr == (f"error: {app}: exists and is not an outreach build (it has no "
                             ".outreach/build.json and manifest.json of one); choose another "
                             "--out or empty the folder\n")
    assert files(app) == before and not (app / ".outreach").exists()


@pytest.mark.parametrize("where", ["file-parent", "templates-assets", "messages"])
def test_an_output_folder_in_an_impossible_place_is_one_line(tmp_path: Path,
                                                             where: str) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   templates={"assets/kit.css": "h1 { color: teal }"})
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    out = {"file-parent": tmp_path / "a-file" / "build",
           "templates-assets": kit / "templates/assets/out",
           "messages": kit / "messages/out"}[where]
    result = run("build", "--kit", str(kit), "--out", str(out))
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {out}: ")
    assert not out.exists()


def test_an_asset_linking_out_of_the_kit_is_refused(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    (kit / "templates/assets").mkdir(parents=True)
    (kit / "templates/assets/passwd.txt").symlink_to("/etc/passwd")
    result = run("build", "--kit", str(kit))
    assert result.returncode == 2
    assert result.stderr.startswith("error: templates/assets/passwd.txt: is a link to "
                                    "/etc/passwd, outside kit/")
    assert not (kit / "build").exists()


# --- what a build changes -----------------------------------------------------------------------


def test_a_narrowed_build_changes_only_what_it_was_asked_for(tmp_path: Path,
                                                             epoch: str) -> None:
    kit = kit_with_spanish(tmp_path)
    out = build_kit(kit, jobs=1).out
    before = files(out)
    path = kit / "messages/community/a.md"
    path.write_text(path.read_text().replace("A paragraph", "One paragraph"), encoding="utf-8")
    result = build_kit(kit, jobs=1, languages=("en",), formats=("flyer",))
    after = files(out)
    assert set(after) == set(before)  # nothing deleted: Spanish, pages, sheets all stay
    changed = {p for p in after if after[p] != before[p]}
    assert changed == {"en/community/a.pdf", "en/community/a.png", "manifest.json"}
    manifest = json.loads(after["manifest.json"])
    assert {a["path"] for a in manifest["artifacts"]} == set(after) - {"manifest.json"}
    assert {lang["lang"] for lang in manifest["languages"]} == {"en", "es"}
    assert result.languages == ("en",)


def test_only_files_a_build_wrote_are_deleted(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message(title="A"),
                                      "community/b": message(title="B")})
    out = build_kit(kit, jobs=1).out
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "en/community/mine.pdf").write_bytes(b"%PDF my own")
    (kit / "messages/community/b.md").unlink()
    build_kit(kit, jobs=1)
    assert not (out / "en/community/b.pdf").exists() and not (out / "en/community/b.png").exists()
    assert (out / "notes.txt").read_text() == "my notes"
    assert (out / "en/community/mine.pdf").read_bytes() == b"%PDF my own"
    build_kit(kit, jobs=1, clean=True)  # asked to: only what this build publishes stays
    assert not (out / "notes.txt").exists() and not (out / "en/community/mine.pdf").exists()
    assert (out / "en/community/a.pdf").exists()


def test_a_failed_build_leaves_the_output_and_no_staging(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    out = build_kit(kit, jobs=1).out
    before = files(out)
    (kit / "messages/community/a.md").write_text(message(body="x " * 4000), encoding="utf-8")
    with pytest.raises(OutreachError, match="does not fit on one page"):
        build_kit(kit, jobs=1)
    assert files(out) == before
    assert sorted(p.name for p in (out / ".outreach").iterdir()) == ["build.json", "lock"]


def test_a_failed_first_build_leaves_no_folder(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message(body="x " * 4000)})
    with pytest.raises(OutreachError):
        build_kit(kit, jobs=1)
    assert not (kit / "build").exists()


# --- builds that meet each other or die ---------------------------------------------------------


def test_a_second_build_into_a_locked_folder_says_so(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    out = build_kit(kit, jobs=1, formats=("html",)).out
    with (out / ".outreach/lock").open("ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = run("build", "--kit", str(kit), "--format", "html")
    assert result.returncode == 2
    assert result.stderr == (f"error: {out}: another build is writing this folder; wait for it "
                             "to finish, or choose another --out\n")


def test_concurrent_builds_never_fail_with_a_traceback(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()})
    processes = [outreach("build", "--kit", str(kit), "--format", "html", "-q")
                 for _ in range(6)]
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in processes]
    assert {code for code, _err in results} <= {0, 2}
    assert any(code == 0 for code, _err in results)
    for code, err in results:
        assert "Traceback" not in err
        if code == 2:
            assert "another build is writing this folder" in err
    manifest = json.loads((kit / "build/manifest.json").read_text())
    assert {a["path"] for a in manifest["artifacts"]} == set(files(kit / "build")) - {
        "manifest.json"}


def _workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in children.read_text().split()] if children.exists() else []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_build_stops_its_workers_and_leaves_nothing_behind(
        tmp_path: Path, how: signal.Signals) -> None:
    kit = copy_sample_kit(tmp_path / "kit")
    out = tmp_path / "out"
    build_kit(kit, out=out, languages=("en",), formats=("html",))
    before = files(out)
    process = outreach("build", "--kit", str(kit), "--out", str(out), "--jobs", "2",
                       "--no-cache", "--format", "flyer")
    deadline = time.monotonic() + 120
    while len(_workers_of(process.pid)) < 2 or not list((out / ".outreach").glob("staging-*")):
        assert time.monotonic() < deadline and process.poll() is None, process.communicate()
        time.sleep(0.05)
    workers = _workers_of(process.pid)
    time.sleep(0.5)  # let it render a little
    process.send_signal(how)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers):
        assert time.monotonic() < deadline, "workers outlived the build"
        time.sleep(0.05)
    assert files(out) == before
    if how != signal.SIGKILL:  # a build that could clean up did
        assert not list((out / ".outreach").glob("staging-*"))
        assert process.stderr is not None and "Traceback" not in process.stderr.read()
    # The next build removes what a killed one left, and works.
    result = run("build", "--kit", str(kit), "--out", str(out), "--lang", "en", "--format",
                 "html", "-q")
    assert result.returncode == 0, result.stderr
    assert not list((out / ".outreach").glob("staging-*"))


def test_a_swap_killed_halfway_is_finished_by_the_next_build(tmp_path: Path,
                                                             epoch: str) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message(title="A"),
                                      "community/b": message(title="B")})
    out = build_kit(kit, jobs=1).out
    for name in ("a", "b"):
        path = kit / f"messages/community/{name}.md"
        path.write_text(path.read_text().replace("A paragraph", "One paragraph"),
                        encoding="utf-8")
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from outreach.build import BuildOptions, build, output
        from outreach.kit.config import load_config
        real, count = os.replace, [0]
        def replace(a, b):
            real(a, b)
            if str(b).startswith({str(out)!r}):  # the swap's renames, not the cache's
                count[0] += 1
            if count[0] == 3:
                os.kill(os.getpid(), signal.SIGKILL)
        output.os.replace = replace
        build(load_config(Path({str(kit)!r})), BuildOptions(jobs=1))
        """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert (out / ".outreach/journal.json").exists()
    expected = files(build_kit(kit, out=tmp_path / "fresh", jobs=1).out)
    build(load_config(kit), BuildOptions(jobs=1))  # finishes the swap, then builds
    assert files(out) == expected
    assert not (out / ".outreach/journal.json").exists()


# --- reading --------------------------------------------------------------------------------------


def test_every_input_file_is_opened_once_per_build(tmp_path: Path) -> None:
    kit = copy_sample_kit(tmp_path / "kit")
    # messages.pot is what `outreach i18n extract` writes for translators: no build input.
    inputs = {str(p.resolve()) for p in kit.rglob("*") if p.is_file() and p.suffix != ".pot"}
    script = textwrap.dedent(f"""
        import collections, json, sys
        from pathlib import Path
        opened = collections.Counter()
        def hook(event, args):
            if event == "open" and isinstance(args[0], str):
                opened[str(Path(args[0]).resolve())] += 1
        sys.addaudithook(hook)
        from outreach.build import BuildOptions, build
        from outreach.kit.config import load_config
        build(load_config(Path({str(kit)!r})), BuildOptions(formats=("html",), jobs=1))
        print(json.dumps(opened))
        """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    opened = json.loads(result.stdout.splitlines()[-1])
    counted = {path: opened.get(path, 0) for path in inputs}
    assert {path: n for path, n in counted.items() if n != 1} == {}
