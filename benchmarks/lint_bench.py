"""Time `outreach lint` on a generated 1 MB Markdown file, including process start.

    python benchmarks/lint_bench.py               # 1 MB, 7 runs, median wall time
    python benchmarks/lint_bench.py --size 5 --runs 3 --entry inline
    python benchmarks/lint_bench.py --no-readability

The file mixes what real message sources contain: headings, paragraphs with emphasis and
links, lists, code blocks, HTML comments, harmful terms (about one per 2 KB) and innocent
near-misses ("illegal evictions", "Dream Act", "alien species"), so both the trigger search
and the rule matching are exercised. The file is linted as a community message
(`--audience community`), so the plain-language check reads all of it too, unless
`--no-readability` is given. `--entry module` runs `python -m outreach lint`;
`--entry inline` registers the lint command on a bare Typer app, for checkouts where the
`outreach` command itself is not wired up yet.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUDGET = 0.35  # seconds for `outreach lint` on 1 MB, including interpreter start
INLINE = ("import sys, typer; from outreach.cli.lint import register; app = typer.Typer(); "
          "app.callback()(lambda: None); register(app); app(prog_name='outreach')")

PROSE = [
    "Every family deserves care, and our clinic serves everyone who walks through the door.",
    "Health is a human right, and a community is stronger when everyone is covered.",
    "Your information stays confidential; we never ask about immigration status.",
    "Call us to make an appointment in the language you prefer.",
    "Interpreters are free, and you never need to bring a child to interpret for you.",
    "It is illegal to deny emergency care because of where someone was born.",
    "Report illegal evictions to the tenant hotline; landlords cannot threaten families.",
    "The Dream Act never passed, but DACA recipients can still renew.",
    "Invasive alien species crowd out native plants along the river.",
    "Supply chain delays mean the food bank opens at noon on Fridays.",
    "Her jacket was wet, so we lent her a dry one from the closet.",
    "Illegal dumping near the school makes children sick.",
]
HARMFUL = [
    "Some people still say illegal immigrants when they mean our neighbors.",
    "The flyer called them **illegal** aliens, which we corrected.",
    "Politicians talk about chain migration as if families were a threat.",
    "Stop calling U.S.-born kids anchor babies.",
    "We stand with Dreamers and with their parents.",
]


def generate(size: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts = ["---\ntitle: Benchmark\nlang: en\n---\n\n"]
    total = 0
    section = 0
    while total < size:
        section += 1
        block = [f"## Section {section}\n\n"]
        for _ in range(rng.randint(2, 5)):
            sentences = [rng.choice(PROSE) for _ in range(rng.randint(3, 6))]
            if rng.random() < 0.9:
                sentences.insert(rng.randrange(len(sentences)), rng.choice(HARMFUL))
            paragraph = " ".join(sentences)
            paragraph = paragraph.replace("confidential", "*confidential*", 1)
            paragraph = paragraph.replace("tenant hotline",
                                          "[tenant hotline](https://example.org/illegal-evictions)")
            block.append(paragraph + "\n\n")
        block.append("- Bring proof of address\n- Bring a list of medicines\n\n")
        if section % 7 == 0:
            block.append("```\nillegal aliens in a code sample are not flagged\n```\n\n")
        if section % 11 == 0:
            block.append("<!-- editor note: illegal immigrants wording fixed -->\n\n")
        text = "".join(block)
        parts.append(text)
        total += len(text.encode("utf-8"))
    return "".join(parts)


def command(entry: str, path: Path, readability: bool) -> list[str]:
    options = ["--audience", "community"] if readability else []
    if entry == "module":
        return [sys.executable, "-m", "outreach", "lint", *options, str(path)]
    return [sys.executable, "-c", INLINE, "lint", *options, str(path)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=1.0, help="file size in MB")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--entry", choices=("auto", "module", "inline"), default="auto")
    parser.add_argument("--no-readability", action="store_true",
                        help="lint terms only, without the plain-language check")
    args = parser.parse_args()
    entry = args.entry
    if entry == "auto":
        entry = "module" if (REPO / "outreach" / "__main__.py").exists() else "inline"

    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    # An installed package has its bytecode compiled; a checkout run with
    # PYTHONDONTWRITEBYTECODE would recompile edited modules on every run and time that too.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.md"
        path.write_text(generate(int(args.size * 1_000_000)), encoding="utf-8")
        cmd = command(entry, path, not args.no_readability)
        subprocess.run(cmd, env=env, cwd=tmp, capture_output=True)  # write bytecode, warm caches
        times = []
        cpu = []
        findings = 0
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            result = subprocess.run(cmd, env=env, cwd=tmp, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if result.returncode not in (0, 1):
                sys.exit(f"lint failed ({result.returncode}): {result.stderr.strip()}")
            findings = len(result.stdout.splitlines())
            plain = result.stdout.count(" plain-language: ")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    checks = "terms only" if args.no_readability else (
        f"terms and plain language, {plain} plain-language finding")
    print(f"file:     {args.size:.1f} MB generated Markdown ({findings} findings; {checks})")
    print(f"command:  {'python -m outreach lint' if entry == 'module' else 'inline Typer app'}")
    print(f"wall:     median {statistics.median(times):.3f} s, min {min(times):.3f} s, "
          f"max {max(times):.3f} s over {args.runs} runs")
    print(f"cpu:      median {statistics.median(cpu):.3f} s user+system (less sensitive than "
          f"wall time to other load on the machine; load average {os.getloadavg()[0]:.1f})")
    print(f"memory:   peak {peak:.0f} MB (largest child process)")
    if args.size == 1.0:
        verdict = "within" if statistics.median(times) < BUDGET else "OVER"
        print(f"budget:   {verdict} the {BUDGET} s budget for 1 MB, process start included")


if __name__ == "__main__":
    main()
