"""Share images and wallet cards: how fast they are made.

    .venv/bin/python benchmarks/channels_bench.py [--quick]

The kit is this repository's sample kit (eight messages, ten languages). Every figure comes
from one run on this machine:

- one process, one render after the other: share images per second (each message's four
  sizes are one render: one PDF of four pages, rasterized), by script, and wallet cards
  (two-sided PDFs) per second;
- `outreach build --format social --jobs 2` with a cold cache: share images per second of wall
  time, the whole build (checks, planning, workers, writing) included;
- the same build again: nothing is rendered (every image comes from the output), and its time.

--quick uses three languages and one audience, to try the script out.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sample import copy_sample_kit  # noqa: E402  (benchmarks/sample.py)

from outreach.build.environment import render_environment  # noqa: E402
from outreach.build.plan import PlanOptions, plan  # noqa: E402
from outreach.kit.config import load_config  # noqa: E402
from outreach.kit.snapshot import Selection, read_kit  # noqa: E402
from outreach.render.duplex import DuplexJob, render_duplex  # noqa: E402
from outreach.render.share import SIZES, ShareJob, render_share  # noqa: E402

QUICK_LANGUAGES = ("en", "ar", "zh-Hans")


def in_process(kit: Path, audiences: tuple[str, ...]) -> None:
    config = load_config(kit)
    snapshot = read_kit(config, Selection(audiences=audiences))
    options = PlanOptions(formats=("social", "card"), linked=frozenset({"social", "card"}),
                          created="2023-11-14T22:13:20Z")
    shares: list[tuple[str, ShareJob]] = []
    cards: list[DuplexJob] = []
    for artifact in plan(snapshot, options, render_environment()):
        if isinstance(artifact.work, ShareJob):
            shares.append((config.language(artifact.lang or "en").script, artifact.work))
        elif isinstance(artifact.work, DuplexJob):
            cards.append(artifact.work)
    render_share(shares[0][1])  # fonts loaded, code warm
    by_script: dict[str, list[float]] = defaultdict(list)
    started = time.perf_counter()
    for script, job in shares:
        began = time.perf_counter()
        render_share(job)
        by_script[script].append(time.perf_counter() - began)
    seconds = time.perf_counter() - started
    images = len(shares) * len(SIZES)
    print(f"share images, one process: {images} images in {seconds:.1f} s = "
          f"{images / seconds:.1f} images/s")
    for script, times in sorted(by_script.items()):
        print(f"  {script}: {len(SIZES) / statistics.mean(times):.1f} images/s "
              f"({len(times)} messages)")
    started = time.perf_counter()
    for job in cards:
        render_duplex(job)
    seconds = time.perf_counter() - started
    print(f"wallet cards, one process: {len(cards)} cards in {seconds:.1f} s = "
          f"{len(cards) / seconds:.1f} cards/s")


def build(kit: Path, *args: str) -> tuple[float, str]:
    """Wall time of one build, process start included, and its summary line."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "outreach", "build", "--format", "social",
                           "--jobs", "2", *args], check=True, cwd=kit, capture_output=True,
                          text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    summary = next((line for line in done.stdout.splitlines() if line.startswith("Built")), "")
    return time.perf_counter() - started, summary


def main() -> None:
    quick = "--quick" in sys.argv
    languages = QUICK_LANGUAGES if quick else ()
    audiences = ("community",) if quick else ()
    print(f"load average at the start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        kit = copy_sample_kit(Path(tmp), languages)
        in_process(kit, audiences)
        narrowing = [arg for a in audiences for arg in ("--audience", a)]
        cold, _summary = build(kit, *narrowing)
        images = sum(1 for _ in (kit / "build").rglob("*.png"))
        print(f"build --format social --jobs 2, cold cache: {images} images in {cold:.1f} s = "
              f"{images / cold:.1f} images/s")
        again, summary = build(kit, *narrowing)
        rendered = summary[summary.rfind("(") + 1:].split(",")[0]
        print(f"the same build again: {again:.1f} s ({rendered})")


if __name__ == "__main__":
    main()
