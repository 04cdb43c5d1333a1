"""Build speed, incremental rebuilds and memory on the ten-language sample kit.

    .venv/bin/python benchmarks/build_bench.py [--quick]

Every figure comes from one run on this machine, so ratios compare like with like:

- full build: `outreach build` in a fresh output folder with an empty cache (best of 3);
- no-op rebuild: the same command again, nothing changed (target: at most 5% of the full build);
- one message edited in English, every catalog brought up to date (target: at most 15%);
- 1 job against 2 jobs (cold cache each time);
- per PDF: outreach's render of each planned job (type fitting and the PNG preview included)
  against plain WeasyPrint rendering the same HTML with the same stylesheets (target: at most
  1.15x), overall and per script;
- peak memory of the whole build (main process and workers, PSS), and of a generated kit with
  ten times the messages (target: at most 1.5x the sample's).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from memory import tree_pss  # noqa: E402  (benchmarks/memory.py)
from sample import copy_sample_kit  # noqa: E402  (benchmarks/sample.py)

from outreach.build.environment import render_environment  # noqa: E402
from outreach.build.execute import default_jobs  # noqa: E402
from outreach.build.plan import PlanOptions, plan  # noqa: E402
from outreach.kit.snapshot import read_kit  # noqa: E402
from outreach.po import format_po, parse_po  # noqa: E402
from outreach.render import pdf  # noqa: E402

SCRIPTS = {"en": "Latin", "es": "Latin", "vi": "Latin", "tl": "Latin", "ru": "Cyrillic",
           "zh-Hans": "Han", "zh-Hant": "Han", "ko": "Hangul", "ar": "Arabic", "fa": "Arabic"}
MESSAGE = "messages/community/health-care-for-your-whole-family.md"


def outreach(kit: Path, *args: str) -> float:
    """Wall time of one `outreach` command, process start included."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "outreach", *args, "--kit", str(kit), "-q"],
                   check=True, cwd=kit)
    return time.perf_counter() - started


def full_build(kit: Path, jobs: int, runs: int) -> float:
    """Best of `runs` cold builds: fresh output folder, empty cache."""
    best = float("inf")
    for _ in range(runs):
        shutil.rmtree(kit / "build", ignore_errors=True)
        shutil.rmtree(kit / ".outreach-cache", ignore_errors=True)
        best = min(best, outreach(kit, "build", "--jobs", str(jobs)))
    return best


def edit_one_message(kit: Path) -> None:
    """Change a body paragraph in English and give every catalog its translation."""
    path = kit / MESSAGE
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    old = next(line for line in body.splitlines() if len(line) > 40)
    path.write_text(text.replace(old, old + " We are here for you."), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "outreach", "i18n", "update", "--kit", str(kit)],
                   check=True, capture_output=True)
    for catalog in (kit / "translations").glob("*/LC_MESSAGES/messages.po"):
        po = catalog.read_text(encoding="utf-8")
        # The fuzzy guess is the old translation: confirm it, as a translator would.
        po = re.sub(r"#, fuzzy\n((?:#\| .*\n)+)", "", po)
        po = po.replace("#, fuzzy, ", "#, ")
        catalog.write_text(po, encoding="utf-8")


def per_pdf(kit: Path) -> tuple[dict[str, float], dict[str, float], dict[str, str]]:
    """Seconds per job: outreach's render and plain WeasyPrint, alternating job by job."""
    from weasyprint import HTML

    snapshot = read_kit(kit)
    jobs = [(a.path, a.lang or "", a.work) for a in plan(snapshot, PlanOptions(),
                                                         render_environment())
            if isinstance(a.work, pdf.PdfJob)]
    pdf.prepare()
    ours: dict[str, float] = {}
    plain: dict[str, float] = {}
    for _path, _lang, job in jobs[:3]:  # warm both paths up
        pdf.render_pdf(job)
    for path, _lang, job in jobs:
        started = time.perf_counter()
        pdf.render_pdf(job)
        ours[path] = time.perf_counter() - started
        started = time.perf_counter()
        HTML(string=job.html, base_url=pdf.BASE_URL,
             url_fetcher=pdf._fetcher(job.resources)).write_pdf(
            font_config=pdf._Process.font_config, pdf_variant=pdf.PDF_VARIANT)
        plain[path] = time.perf_counter() - started
    return ours, plain, {path: lang for path, lang, _job in jobs}


def peak_memory_mb(kit: Path) -> float:
    """Largest PSS of `outreach build` and its workers together, sampled every 20 ms."""
    shutil.rmtree(kit / "build", ignore_errors=True)
    shutil.rmtree(kit / ".outreach-cache", ignore_errors=True)
    process = subprocess.Popen([sys.executable, "-m", "outreach", "build", "--quiet", "--kit",
                                str(kit)], cwd=kit)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_pss(process.pid))
        time.sleep(0.02)
    if process.returncode:
        raise SystemExit(f"build failed with status {process.returncode}")
    return peak / 1024


def ten_times(kit: Path) -> Path:
    """The sample kit with every message copied ten times, translations included; each copy's
    title is numbered, so that no two flyers are the same render."""
    for path in sorted(kit.glob("messages/*/*.md")):
        text = path.read_text(encoding="utf-8")
        for n in range(1, 10):
            copy = re.sub(r"^title: (.*)$", rf"title: \1 {n}", text, count=1, flags=re.M)
            (path.parent / f"{path.stem}-{n}.md").write_text(copy, encoding="utf-8")
    for catalog in kit.glob("translations/*/LC_MESSAGES/messages.po"):
        po = parse_po(catalog.read_text(encoding="utf-8"), str(catalog))
        copies = []
        for entry in po.entries:
            match = re.fullmatch(r"([\w-]+)/([\w-]+):(\w+)", entry.msgctxt or "")
            if not match:
                continue
            for n in range(1, 10):
                title = match.group(3) == "title"
                copies.append(replace(
                    entry, msgctxt=f"{match.group(1)}/{match.group(2)}-{n}:{match.group(3)}",
                    msgid=f"{entry.msgid} {n}" if title else entry.msgid,
                    msgstr=tuple(f"{s} {n}" for s in entry.msgstr) if title else entry.msgstr))
        catalog.write_text(format_po(replace(po, entries=po.entries + tuple(copies))),
                           encoding="utf-8")
    return kit


def main() -> None:
    quick = "--quick" in sys.argv
    runs = 1 if quick else 3
    cores = default_jobs()
    with tempfile.TemporaryDirectory() as tmp:
        kit = copy_sample_kit(Path(tmp) / "sample")
        one = full_build(kit, 1, 1)
        two = full_build(kit, 2, runs)
        full = two if cores == 2 else full_build(kit, cores, runs)
        noop = min(outreach(kit, "build") for _ in range(runs))
        edit_one_message(kit)
        edited = outreach(kit, "build")
        pdfs = sum(1 for p in (kit / "build").rglob("*.pdf"))
        ours, plain, langs = per_pdf(kit)
        memory = peak_memory_mb(kit)
        big = ten_times(copy_sample_kit(Path(tmp) / "big"))
        big_memory = peak_memory_mb(big)

    print(f"sample kit: {pdfs} PDFs in 10 languages, {cores} cores")
    print(f"full build, cold cache (--jobs {cores}): {full:.2f} s, {pdfs / full:.1f} PDFs/s")
    print(f"no-op rebuild: {noop:.2f} s = {noop / full:.1%} of the full build (target <= 5%)")
    print(f"one message edited, catalogs up to date: {edited:.2f} s = {edited / full:.1%} "
          "(target <= 15%)")
    print(f"1 job: {one:.2f} s   2 jobs: {two:.2f} s   speed-up: {one / two:.2f}x")
    mine, theirs = statistics.mean(ours.values()), statistics.mean(plain.values())
    print(f"per PDF: outreach {mine * 1000:.0f} ms, plain WeasyPrint {theirs * 1000:.0f} ms, "
          f"ratio {mine / theirs:.2f}x (target <= 1.15x)")
    groups: dict[str, list[str]] = defaultdict(list)
    for path, lang in langs.items():
        groups[SCRIPTS.get(lang, lang)].append(path)
    latin = statistics.mean(plain[p] for p in groups["Latin"])
    for script, paths in sorted(groups.items()):
        a = statistics.mean(ours[p] for p in paths)
        b = statistics.mean(plain[p] for p in paths)
        print(f"  {script:9} {len(paths):3} PDFs: outreach {a * 1000:4.0f} ms, plain "
              f"{b * 1000:4.0f} ms, ratio {a / b:.2f}x, {b / latin:.1f}x Latin")
    print(f"peak memory, whole build with workers: {memory:.0f} MB; ten times the messages: "
          f"{big_memory:.0f} MB = {big_memory / memory:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    main()
