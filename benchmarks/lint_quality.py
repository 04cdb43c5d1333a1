"""Precision and recall of `outreach lint` on the labeled sentences in tests/lint/, per language.

    python benchmarks/lint_quality.py            # every language
    python benchmarks/lint_quality.py ru fa -v   # some languages, listing every mistake

Each `tests/lint/labeled_<lang>.tsv` has sentences that use a discouraged term (label 1) and
innocent lookalikes (label 0). Precision is the share of flagged sentences that deserved it;
recall the share of harmful sentences that were flagged. The test suite holds every language
to 0.95 on both.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests" / "lint")]

from labeled import MINIMUM, languages, score  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("langs", nargs="*", help="languages to score [default: all]")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mistake")
    args = parser.parse_args()
    results = [score(lang) for lang in (args.langs or languages())]
    print(f"{'lang':<9}{'sentences':>10}{'harmful':>9}{'precision':>11}{'recall':>8}")
    for r in results:
        verdict = "" if min(r.precision, r.recall) >= MINIMUM else f"   below {MINIMUM}"
        print(f"{r.lang:<9}{r.sentences:>10}{r.harmful:>9}{r.precision:>11.3f}{r.recall:>8.3f}"
              f"{verdict}")
        if args.verbose:
            for kind, sentence in r.wrong:
                print(f"    {kind}: {sentence}")
    total = sum(r.sentences for r in results)
    print(f"{len(results)} languages, {total} sentences")


if __name__ == "__main__":
    main()
