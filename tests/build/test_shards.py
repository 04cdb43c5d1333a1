"""Shards: a deterministic share of the plan per CI job, merged into exactly one build's output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import EPOCH, PARTNERS_CSV, build_kit, partner_kit

from outreach.build.environment import render_environment
from outreach.build.partners import partner_kit as partner_snapshot
from outreach.build.plan import PlanOptions, plan
from outreach.build.shard import Assignment, Shard, expected_cost, parse_shard
from outreach.errors import OutreachError
from outreach.kit.config import load_config
from outreach.kit.partners import read_partners
from outreach.kit.snapshot import read_kit


def published(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".outreach" not in p.relative_to(folder).parts}


def outreach(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "outreach", *args], capture_output=True,
                          text=True, check=False, env={"PATH": "/usr/bin:/bin", "CI": "1",
                                                      "SOURCE_DATE_EPOCH": EPOCH})


def test_shard_options_are_checked() -> None:
    assert parse_shard("3/8") == Shard(3, 8)
    assert parse_shard("1000/1000") == Shard(1000, 1000)
    # N is bounded: a shard's bookkeeping grows with N (1/99999999999999999999 overflowed).
    for text in ("0/8", "9/8", "3", "a/b", "3/0", "1/1001", "1/99999999999999999999"):
        with pytest.raises(OutreachError) as error:
            parse_shard(text)
        assert str(error.value) == (f"--shard: {text!r} is not a shard; write K/N with K from 1 "
                                    "to N and N at most 1000, such as 3/8 for the third of "
                                    "eight")


def test_every_artifact_goes_to_exactly_one_shard_balanced_by_cost(tmp_path: Path) -> None:
    kit = partner_kit(tmp_path / "kit", languages=("en", "es", "zh-Hans", "ko", "ar"),
                      per_audience=4)
    config = load_config(kit)
    snapshot = read_kit(config)
    env = render_environment()
    artifacts = [(None, a) for a in plan(snapshot, PlanOptions(), env)]
    for partner in read_partners(config):
        artifacts += [(partner.id, a) for a in plan(partner_snapshot(snapshot, partner),
                                                    PlanOptions(), env)]
    scripts = {lang.tag: lang.script for lang in config.languages}
    for count in (2, 3, 8):
        owners: dict[tuple[str | None, str], list[int]] = {}
        assignments = [Assignment(Shard(k, count), lambda tag: scripts.get(tag or "", "Latn"))
                       for k in range(1, count + 1)]
        for partner, artifact in artifacts:
            for k, assignment in enumerate(assignments, start=1):
                if assignment.mine(artifact, partner):
                    owners.setdefault((partner, artifact.path), []).append(k)
        assert all(len(ks) == 1 for ks in owners.values())
        assert len(owners) == len(artifacts)
        assert len({a.plan for a in assignments}) == 1  # every shard saw the same plan
        loads = assignments[0].loads
        biggest = max(expected_cost(a, scripts.get(a.lang or "", "Latn")) for _p, a in artifacts)
        assert max(loads) - min(loads) <= biggest
    # Chinese costs more than Latin: the shards are balanced by cost, not by count.
    chinese = next(a for _p, a in artifacts if a.lang == "zh-Hans" and a.kind == "flyer")
    latin = next(a for _p, a in artifacts if a.lang == "en" and a.kind == "flyer")
    assert expected_cost(chinese, "Hans") >= 2 * expected_cost(latin, "Latn")


@pytest.fixture(scope="module")
def shard_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Eastside publishes the Chinese kit only: the costliest renders, spread like the rest.
    return partner_kit(tmp_path_factory.mktemp("shards") / "kit", languages=("en", "zh-Hans"),
                       partners=PARTNERS_CSV.replace(",es\n", ",zh-Hans\n"))


def test_merged_shards_are_byte_identical_to_one_build(shard_kit: Path, tmp_path: Path,
                                                       epoch: str) -> None:
    whole = build_kit(shard_kit, out=tmp_path / "whole", jobs=2,
                      cache=tmp_path / "cache-whole")
    for k in (1, 2, 3):
        # Each shard renders with a cache of its own, as a CI job would.
        result = build_kit(shard_kit, out=tmp_path / f"shard-{k}", shard=f"{k}/3", jobs=1,
                           cache=tmp_path / f"cache-{k}")
        assert result.shard == f"{k}/3" and result.counts["rendered"] > 0
    shards = [published(tmp_path / f"shard-{k}") for k in (1, 2, 3)]
    renders = [{p for p in files if p.endswith(".pdf")} for files in shards]
    assert not (renders[0] & renders[1]) and not (renders[1] & renders[2])
    merged = outreach("merge", str(tmp_path / "merged"),
                      *(str(tmp_path / f"shard-{k}") for k in (1, 2, 3)))
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout.startswith("Merged 3 shards: ")
    assert published(tmp_path / "merged") == published(whole.out)
    for partner in ("eastside", "westside"):
        assert published(tmp_path / "merged/partners" / partner) == \
            published(whole.out / "partners" / partner)
    # The merged folder is an output like any other: a build there has nothing to do.
    again = build_kit(shard_kit, out=tmp_path / "merged", jobs=1, cache=tmp_path / "cache-1")
    assert again.counts["rendered"] == 0 and again.made == ()


def test_merge_refuses_shards_that_do_not_make_one_build(shard_kit: Path, tmp_path: Path,
                                                         epoch: str) -> None:
    for k in (1, 2):
        build_kit(shard_kit, out=tmp_path / f"s{k}", shard=f"{k}/2", formats=("html",), jobs=1)
    build_kit(shard_kit, out=tmp_path / "other", shard="2/2", formats=("html", "flyer"),
              jobs=1)
    build_kit(shard_kit, out=tmp_path / "whole", formats=("html",), jobs=1)

    def merge(*shards: str) -> list[str]:
        result = outreach("merge", str(tmp_path / "out"), *(str(tmp_path / s) for s in shards))
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert not (tmp_path / "out").exists()
        return result.stderr.splitlines()

    assert merge("s1") == ["error: outreach merge: shard 2/2 is missing; pass the folder of "
                           "every shard"]
    assert merge("s1", "s2", "s2") == [f"error: {tmp_path / 's2'}: is shard 2/2 again (as "
                                       f"{tmp_path / 's2'}); pass each shard once"]
    assert merge("s1", "other") == [
        f"error: {tmp_path / 'other'}: is shard 2/2 of another build than {tmp_path / 's1'} "
        "(shard 1/2); build every shard from the same commit and options"]
    assert merge("s1", "whole") == [
        f"error: {tmp_path / 'whole'}/manifest.json: is not a shard's manifest (it has no "
        "'shard' entry); pass the folders 'outreach build --shard K/N' wrote"]
    assert merge("s1", "missing") == [
        f"error: {tmp_path / 'missing'}: is not the folder of a shard: it has no manifest.json; "
        "pass the folders 'outreach build --shard K/N --out DIR' wrote"]
    listed = json.loads((tmp_path / "s2/manifest.json").read_text(encoding="utf-8"))
    damaged = tmp_path / "s2" / listed["artifacts"][0]["path"]
    damaged.write_bytes(damaged.read_bytes() + b" ")
    assert merge("s1", "s2") == [
        f"error: {damaged}: is missing or not the file its shard made (its checksum differs "
        "from manifest.json); build that shard again"]


def test_merging_again_replaces_what_the_last_merge_wrote(shard_kit: Path, tmp_path: Path,
                                                          epoch: str) -> None:
    for k in (1, 2):
        build_kit(shard_kit, out=tmp_path / f"s{k}", shard=f"{k}/2", formats=("html",), jobs=1)
    assert outreach("merge", str(tmp_path / "out"), str(tmp_path / "s1"),
                    str(tmp_path / "s2")).returncode == 0
    csv = shard_kit / "partners.csv"
    original = csv.read_text(encoding="utf-8")
    try:
        csv.write_text("\n".join(original.splitlines()[:2]) + "\n", encoding="utf-8")
        for k in (1, 2):
            shutil.rmtree(tmp_path / f"s{k}")
            build_kit(shard_kit, out=tmp_path / f"s{k}", shard=f"{k}/2", formats=("html",),
                      jobs=1)
    finally:
        csv.write_text(original, encoding="utf-8")
    result = outreach("merge", str(tmp_path / "out"), str(tmp_path / "s1"), str(tmp_path / "s2"))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out/partners/westside").exists()
    assert (tmp_path / "out/partners/eastside/index.html").is_file()
