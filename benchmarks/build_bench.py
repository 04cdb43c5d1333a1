"""Build speed: the full sample-kit build, PDFs per second, and the cost of each PDF against
plain WeasyPrint rendering the same HTML in a loop.

    .venv/bin/python benchmarks/build_bench.py [--copies N]

The sample kit is enlarged with N copies of every message (default 3) so there is enough work
to measure; copies lack translations, so the build runs with --allow-partial (the cost of a
page does not depend on whether its words were translated).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from outreach.build import BuildOptions, build  # noqa: E402
from outreach.config import load_config  # noqa: E402
from outreach.render import pdf  # noqa: E402


def enlarged_kit(folder: Path, copies: int) -> Path:
    kit = folder / "kit"
    kit.mkdir()
    for part in ("outreach.toml", "messages", "templates", "translations"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, kit / part)
    for path in sorted((kit / "messages").rglob("*.md")):
        for n in range(1, copies + 1):
            shutil.copy2(path, path.with_name(f"{path.stem}-copy{n}.md"))
    return kit


def timed_build(kit: Path, out: Path, jobs: int) -> tuple[float, int]:
    config = load_config(kit)
    started = time.perf_counter()
    result = build(config, BuildOptions(out=out, jobs=jobs, allow_partial=True))
    seconds = time.perf_counter() - started
    return seconds, result.count("pdf") + result.count("flyer")


def captured_jobs(kit: Path, out: Path) -> list[pdf.PdfJob]:
    """The exact HTML of every PDF, captured from a one-process build."""
    jobs: list[pdf.PdfJob] = []
    original = pdf.render_pdf

    def record(job: pdf.PdfJob) -> tuple[str, str]:
        jobs.append(job)
        return original(job)

    pdf.render_pdf = record
    try:
        build(load_config(kit), BuildOptions(out=out, jobs=1, allow_partial=True,
                                             formats=("pdf", "flyer")))
    finally:
        pdf.render_pdf = original
    return jobs


def plain_weasyprint(jobs: list[pdf.PdfJob], assets: Path) -> float:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    base_url = str(assets.parent) + "/"
    started = time.perf_counter()
    for job in jobs:
        HTML(string=job.html, base_url=base_url).write_pdf(font_config=font_config,
                                                           pdf_variant=pdf.PDF_VARIANT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        kit = enlarged_kit(folder, args.copies)
        jobs = captured_jobs(kit, folder / "capture")
        # Warm-up: fonts and imports are loaded once per process in real use as well.
        timed_build(kit, folder / "warm", jobs=1)
        one, pdfs = timed_build(kit, folder / "one", jobs=1)
        two, _ = timed_build(kit, folder / "two", jobs=2)
        full, _ = timed_build(kit, folder / "full", jobs=pdf.default_jobs())
        plain = plain_weasyprint(jobs, folder / "capture" / "assets")

    print(f"kit: {pdfs} PDFs ({len(jobs)} captured), {pdf.default_jobs()} cores")
    print(f"full build (--jobs {pdf.default_jobs()}): {full:.2f} s, {pdfs / full:.1f} PDFs/s")
    print(f"1 job: {one:.2f} s   2 jobs: {two:.2f} s   speed-up: {one / two:.2f}x (target >= 1.7x)")
    ours, theirs = one / pdfs, plain / len(jobs)
    print(f"per PDF: outreach (whole 1-job build) {ours * 1000:.0f} ms, plain WeasyPrint loop "
          f"{theirs * 1000:.0f} ms, ratio {ours / theirs:.2f}x (target <= 1.25x)")


if __name__ == "__main__":
    main()
