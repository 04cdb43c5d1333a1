"""Partner kits at scale: a generated coalition kit with N partners (default 50).

    .venv/bin/python benchmarks/partners_bench.py [--partners N] [--quick]

The kit is this repository's sample kit (its messages, ten languages) with N partners, each with
its own name, phone, email, website and logo and every language, so each partner kit is as large
as the coalition's. Every figure comes from one run on this machine:

- full build, cold cache, `--jobs 2`: CPU time per PDF of the whole build (checks, planning,
  fitting, previews, writing; the build and its workers) against plain WeasyPrint rendering the
  same print HTML with the same stylesheets (target: at most 1.15x). CPU time, because the
  cores are often shared with other work, which stretches wall times unevenly;
- no-op rebuild (target: under 5% of the full build);
- one partner's phone number changed: what is rendered again (target: that partner's PDFs only);
- peak memory (PSS of the build and its workers) with N partners against N/10 (target: it does
  not grow with the number of partners);
- two shards at once, `--jobs 1` each, cold caches of their own (two CI jobs sharing two cores)
  against the one 2-job build (target: at most 1.1x), and `outreach merge` of the two (target:
  under 5 s);
- render cost by kind and script, relative to a Latin flyer: what `outreach.build.shard`'s
  weights balance shards with.

--quick uses 5 partners and three languages, to try the script out.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from memory import tree_pss  # noqa: E402  (benchmarks/memory.py)
from sample import copy_sample_kit  # noqa: E402  (benchmarks/sample.py)

from outreach.build.environment import render_environment  # noqa: E402
from outreach.build.partners import partner_kit  # noqa: E402
from outreach.build.plan import PlanOptions, plan  # noqa: E402
from outreach.kit.config import load_config  # noqa: E402
from outreach.kit.partners import read_partners  # noqa: E402
from outreach.kit.snapshot import read_kit  # noqa: E402
from outreach.render import pdf  # noqa: E402

EPOCH = "1700000000"
QUICK_LANGUAGES = ("en", "es", "zh-Hans")


def make_kit(folder: Path, partners: int, languages: tuple[str, ...] = ()) -> Path:
    kit = copy_sample_kit(folder, languages)
    (kit / "logos").mkdir()
    rows = ["id,name,phone,email,website,logo,languages"]
    for n in range(partners):
        (kit / "logos" / f"partner-{n:03d}.png").write_bytes(_logo(n))
        rows.append(f"partner-{n:03d},Neighborhood Partner {n},(555) 010-{1000 + n},"
                    f"info{n}@partner.example,https://partner{n}.example,"
                    f"logos/partner-{n:03d}.png,")
    (kit / "partners.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return kit


def _logo(n: int) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (240, 96), (40 + n * 37 % 200, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def outreach(kit: Path, *args: str) -> float:
    """Wall time of one `outreach` command, process start included."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "outreach", *args, "-q"], check=True, cwd=kit)
    return time.perf_counter() - started


def cpu_seconds() -> float:
    """CPU time of every process this one has started and waited for, and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured_build(kit: Path, *args: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the build and its workers, peak PSS in MB of them
    together, sampled every 50 ms)."""
    started, cpu = time.perf_counter(), cpu_seconds()
    process = subprocess.Popen([sys.executable, "-m", "outreach", "build", "-q", *args],
                               cwd=kit)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_pss(process.pid))
        time.sleep(0.05)
    if process.returncode:
        raise SystemExit(f"build failed with status {process.returncode}")
    return time.perf_counter() - started, cpu_seconds() - cpu, peak / 1024


def jobs_of(kit: Path, partners: int) -> list[tuple[str, str, str, pdf.PdfJob]]:
    """(kind, lang, script, job) of every PDF of the coalition's kit and `partners` partners'."""
    config = load_config(kit)
    snapshot = read_kit(config)
    options = PlanOptions(created="2023-11-14T22:13:20Z")
    env = render_environment()
    kits = [snapshot] + [partner_kit(snapshot, p) for p in read_partners(config)[:partners]]
    found = []
    for each in kits:
        for artifact in plan(each, options, env):
            if isinstance(artifact.work, pdf.PdfJob):
                lang = artifact.lang or ""
                found.append((artifact.kind, lang, config.language(lang).script, artifact.work))
    return found


def _plain(job: pdf.PdfJob) -> None:
    from weasyprint import HTML

    HTML(string=job.html, base_url=pdf.BASE_URL, url_fetcher=pdf._fetcher(job.resources)
         ).write_pdf(font_config=pdf._Process.font_config, pdf_variant=pdf.PDF_VARIANT)


def cpu_per_render(jobs: list[tuple[str, str, str, pdf.PdfJob]]
                   ) -> tuple[float, float, dict[tuple[str, str], float]]:
    """CPU seconds per PDF of plain WeasyPrint (the same HTML and stylesheets, written as a
    PDF), and of outreach's render (type fitting and the PNG preview included) by (kind,
    script); both in this process, one job after the other."""
    pdf.prepare()
    for _kind, _lang, _script, job in jobs[:3]:  # fonts loaded, code warm, for both
        pdf.render_pdf(job)
        _plain(job)
    plain: list[float] = []
    ours: dict[tuple[str, str], list[float]] = defaultdict(list)
    for kind, _lang, script, job in jobs:
        started = time.process_time()
        _plain(job)
        plain.append(time.process_time() - started)
        started = time.process_time()
        pdf.render_pdf(job)
        ours[(kind, script)].append(time.process_time() - started)
    every = [seconds for values in ours.values() for seconds in values]
    return statistics.mean(plain), statistics.mean(every), \
        {key: statistics.mean(values) for key, values in ours.items()}


def change_phone(kit: Path, partner: str) -> None:
    path = kit / "partners.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line.replace(",(555) 010-", ",(555) 020-") if line.startswith(partner + ",")
             else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    quick = "--quick" in sys.argv
    partners = 5 if quick else 50
    if "--partners" in sys.argv:
        partners = int(sys.argv[sys.argv.index("--partners") + 1])
    languages = QUICK_LANGUAGES if quick else ()
    few = max(1, partners // 10)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        kit = make_kit(root / "big", partners, languages)
        small = make_kit(root / "small", few, languages)

        full, full_cpu, memory = measured_build(kit, "--jobs", "2")
        pdfs = sum(1 for _p in (kit / "build").rglob("*.pdf"))
        noop = outreach(kit, "build", "--jobs", "2")
        change_phone(kit, "partner-001")
        started = time.perf_counter()
        changed = subprocess.run([sys.executable, "-m", "outreach", "build", "--jobs", "2"],
                                 cwd=kit, check=True, capture_output=True, text=True,
                                 env={**os.environ, "CI": "1"})
        changed_seconds = time.perf_counter() - started
        summary = changed.stdout.splitlines()[0]
        per_kit = pdfs // (partners + 1)
        _small_time, _small_cpu, small_memory = measured_build(small, "--jobs", "2")

        # Two shards at once, each a CI job with one core and a cache of its own.
        started, cpu = time.perf_counter(), cpu_seconds()
        shards = [subprocess.Popen([sys.executable, "-m", "outreach", "build", "-q", "--jobs",
                                    "1", "--shard", f"{k}/2", "--out", str(root / f"shard-{k}"),
                                    "--cache", str(root / f"cache-{k}")], cwd=kit)
                  for k in (1, 2)]
        if any(shard.wait() for shard in shards):
            raise SystemExit("a shard failed")
        sharded, sharded_cpu = time.perf_counter() - started, cpu_seconds() - cpu
        merge = outreach(kit, "merge", str(root / "merged"), str(root / "shard-1"),
                         str(root / "shard-2"))
        identical = subprocess.run(["diff", "-r", "-q", "-x", ".outreach", str(kit / "build"),
                                    str(root / "merged")], capture_output=True).returncode == 0
        merged_files = sum(1 for p in (root / "merged").rglob("*") if p.is_file())
        plain, ours, cost = cpu_per_render(jobs_of(kit, 1))
    load = max(load, os.getloadavg()[0])

    print(f"kit: the sample messages in {len(languages) or 10} languages, {partners} partners: "
          f"{partners + 1} kits, {pdfs} PDFs ({per_kit} per kit); 2 cores, load average up to "
          f"{load:.1f} (other work shares the cores: CPU time is the steadier figure)")
    print(f"full build, cold cache, --jobs 2: {full:.0f} s wall, {full_cpu:.0f} s CPU = "
          f"{full_cpu / pdfs * 1000:.0f} ms CPU per PDF (everything: checks, planning, "
          f"previews, writing); plain WeasyPrint {plain * 1000:.0f} ms per PDF; ratio "
          f"{full_cpu / pdfs / plain:.2f}x (target <= 1.15x)")
    print(f"no-op rebuild: {noop:.1f} s = {noop / full:.1%} of the full build (target < 5%)")
    print(f"one partner's phone changed: {changed_seconds:.1f} s; {summary.split('(')[-1]}"
          f" -- that partner's kit has {per_kit} PDFs (target: those only)")
    print(f"peak memory: {partners} partners {memory:.0f} MB, {few} partner"
          f"{'s' * (few != 1)} {small_memory:.0f} MB = {memory / small_memory:.2f}x "
          "(target: no growth)")
    print(f"2 shards at once (--jobs 1 each): {sharded:.0f} s wall = {sharded / full:.2f}x the "
          f"2-job build (target <= 1.1x), {sharded_cpu:.0f} s CPU = "
          f"{sharded_cpu / full_cpu:.2f}x its CPU")
    print(f"merge: {merge:.1f} s for {merged_files} files (target < 5 s); the merged output is "
          f"{'identical to' if identical else 'DIFFERENT from'} the build's")
    print(f"  outreach's render alone (the same PDFs, in one process): {ours * 1000:.0f} ms CPU "
          f"per PDF = {ours / plain:.2f}x plain WeasyPrint")
    latin = cost.get(("flyer", "Latn"), 1.0)
    print(f"render cost relative to a Latin flyer ({latin * 1000:.0f} ms CPU, outreach's render):")
    for (kind, script), seconds in sorted(cost.items()):
        print(f"  {kind:6} {script}: {seconds / latin:.2f}")


if __name__ == "__main__":
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    os.environ.pop("CI", None)
    main()
