"""Build speed and memory on the ten-language sample kit.

    .venv/bin/python benchmarks/build_bench.py

Prints the full build time and PDFs per second, 1 job against 2 (best of 3 builds each), the
cost of each PDF against plain WeasyPrint rendering the same HTML in a loop (one shared
FontConfiguration), the same per script, and the peak memory of the whole build (the main
process and its workers together).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from outreach.build import BuildOptions, build  # noqa: E402
from outreach.kit.config import load_config  # noqa: E402
from outreach.render import pdf  # noqa: E402

SCRIPTS = {"en": "Latin", "es": "Latin", "vi": "Latin", "tl": "Latin", "ru": "Cyrillic",
           "zh-Hans": "Han", "zh-Hant": "Han", "ko": "Hangul", "ar": "Arabic", "fa": "Arabic"}


def copy_kit(folder: Path) -> Path:
    kit = folder / "kit"
    kit.mkdir()
    for part in ("outreach.toml", "messages", "templates", "translations"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, kit / part)
    return kit


def timed_build(kit: Path, out: Path, jobs: int, runs: int = 3) -> tuple[float, int]:
    """Best of `runs` builds: the least disturbed by whatever else the machine is doing."""
    config = load_config(kit)
    best, pdfs = float("inf"), 0
    for _ in range(runs):
        started = time.perf_counter()
        result = build(config, BuildOptions(out=out, jobs=jobs))
        best = min(best, time.perf_counter() - started)
        pdfs = result.count("pdf") + result.count("flyer")
    return best, pdfs


def captured_jobs(kit: Path, out: Path) -> tuple[list[pdf.PdfJob], dict[str, float]]:
    """The HTML of every PDF, and outreach's own time per PDF, from a one-process build."""
    jobs: list[pdf.PdfJob] = []
    seconds: dict[str, float] = {}
    original = pdf.render_pdf

    def record(job: pdf.PdfJob) -> pdf.PdfResult:
        jobs.append(job)
        started = time.perf_counter()
        result = original(job)
        seconds[str(job.target)] = time.perf_counter() - started
        return result

    pdf.render_pdf = record  # type: ignore[assignment]
    try:
        build(load_config(kit), BuildOptions(out=out, jobs=1, formats=("pdf", "flyer")))
    finally:
        pdf.render_pdf = original  # type: ignore[assignment]
    return jobs, seconds


def plain_weasyprint(jobs: list[pdf.PdfJob], assets: Path) -> dict[str, float]:
    """Seconds per job for WeasyPrint alone: same HTML, same stylesheets, no outreach."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    base_url = str(assets.parent) + "/"
    seconds = {}
    for job in jobs:
        started = time.perf_counter()
        HTML(string=job.html, base_url=base_url).write_pdf(font_config=font_config,
                                                           pdf_variant=pdf.PDF_VARIANT)
        seconds[str(job.target)] = time.perf_counter() - started
    return seconds


def script_of(job: pdf.PdfJob) -> str:
    lang = job.target.relative_to(job.base_url).parts[0]  # <staging>/<lang>/...
    return SCRIPTS.get(lang, lang)


def peak_memory_mb(kit: Path, out: Path) -> float:
    """Largest memory of `outreach build` and its workers together, sampled every 20 ms.

    Each process counts its proportional set size (PSS): pages the workers share with each
    other (forked code, memory-mapped font files) are split between them, not counted twice.
    """
    process = subprocess.Popen([sys.executable, "-m", "outreach", "build", "--quiet", "--kit",
                                str(kit), "--out", str(out)], cwd=REPO)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_pss(process.pid))
        time.sleep(0.02)
    if process.returncode:
        raise SystemExit(f"build failed with status {process.returncode}")
    return peak / 1024


def _tree_pss(pid: int) -> int:
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(next(line.split()[1] for line in rollup.splitlines()
                              if line.startswith("Pss:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration):
            continue
    return total


def main() -> None:
    cores = pdf.default_jobs()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        kit = copy_kit(folder)
        jobs, ours = captured_jobs(kit, folder / "capture")
        one, pdfs = timed_build(kit, folder / "one", jobs=1)
        two, _ = timed_build(kit, folder / "two", jobs=2)
        full, _ = timed_build(kit, folder / "full", jobs=cores, runs=1) if cores != 2 \
            else (two, pdfs)
        plain = plain_weasyprint(jobs, folder / "capture" / "assets")
        memory = peak_memory_mb(kit, folder / "memory")

    print(f"sample kit: {pdfs} PDFs in 10 languages, {cores} cores, "
          f"{os.environ.get('SOURCE_DATE_EPOCH') and 'SOURCE_DATE_EPOCH set' or 'no epoch'}")
    print(f"full build (--jobs {cores}): {full:.2f} s, {pdfs / full:.1f} PDFs/s")
    print(f"1 job: {one:.2f} s   2 jobs: {two:.2f} s   speed-up: {one / two:.2f}x "
          "(target >= 1.7x)")
    per_ours, per_plain = sum(ours.values()) / len(ours), sum(plain.values()) / len(plain)
    print(f"per PDF: outreach {per_ours * 1000:.0f} ms, plain WeasyPrint {per_plain * 1000:.0f} "
          f"ms, ratio {per_ours / per_plain:.2f}x (target <= 1.25x); whole 1-job build "
          f"{one / pdfs * 1000:.0f} ms per PDF")
    groups: dict[str, list[str]] = defaultdict(list)
    for job in jobs:
        groups[script_of(job)].append(str(job.target))
    latin = statistics.mean(plain[t] for t in groups["Latin"])
    for script, targets in sorted(groups.items()):
        mine = statistics.mean(ours[t] for t in targets)
        theirs = statistics.mean(plain[t] for t in targets)
        print(f"  {script:9} {len(targets):3} PDFs: outreach {mine * 1000:4.0f} ms, plain "
              f"{theirs * 1000:4.0f} ms, ratio {mine / theirs:.2f}x, {theirs / latin:.1f}x Latin")
    print(f"peak memory, whole build with workers: {memory:.0f} MB (target < 400 MB)")


if __name__ == "__main__":
    main()
