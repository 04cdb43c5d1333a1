"""What the line-break hints for Thai, Lao, Khmer and Burmese cost a PDF.

    .venv/bin/python benchmarks/wordbreak_bench.py

Prints, for a flyer-sized page in each of those scripts and in English (which has nothing to
hint), the time to add the hints against the time WeasyPrint takes to lay the page out and write
the PDF, and the hinting speed on 1 MB of Khmer text.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from scripts_kit import SAMPLES  # noqa: E402

from outreach.render.wordbreak import hint_line_breaks, hinted  # noqa: E402

ENGLISH = ("Care close to home for every family", "Your information stays private.",
           "Call us at (555) 010-0199.", "Everyone in your family can get care close to home.")


def page(lang: str, strings: tuple[str, ...]) -> str:
    title, key, call, body = strings
    paragraphs = "".join(f"<p>{body} {key}</p>" for _ in range(8))
    return (f'<html lang="{lang}"><body><h1>{title}</h1><p>{key}</p>{paragraphs}'
            f"<p>{call}</p></body></html>")


def best(run, times: int = 5) -> float:
    found = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        found.append(time.perf_counter() - started)
    return min(found)


def main() -> None:
    from weasyprint import HTML

    print(f"{'lang':6} {'hints ms':>9} {'PDF ms':>8} {'share':>6}")
    for lang, strings in [("en", ENGLISH)] + [(t, SAMPLES[t]) for t in ("th", "lo", "km", "my")]:
        text = page(lang, strings)
        hint = best(lambda text=text: hint_line_breaks(HTML(string=text).etree_element))
        parse = best(lambda text=text: HTML(string=text).etree_element)
        render = best(lambda text=text: HTML(string=text).write_pdf(), times=3)
        cost = max(hint - parse, 0.0)
        print(f"{lang:6} {cost * 1000:9.2f} {render * 1000:8.1f} {cost / render:6.1%}")
    khmer = " ".join(SAMPLES["km"]) * (1_000_000 // len(" ".join(SAMPLES["km"]).encode()))
    seconds = statistics.median(best(lambda: hinted(khmer, "km"), times=1) for _ in range(3))
    print(f"1 MB of Khmer text hinted in {seconds:.2f} s "
          f"({len(khmer.encode()) / seconds / 1e6:.1f} MB/s)")


if __name__ == "__main__":
    main()
