"""Time reading and checking catalogs: the sample kit's, and hostile megabyte-long strings.

    python benchmarks/i18n_bench.py             # best of 3 runs for each figure
    python benchmarks/i18n_bench.py --runs 5

Prints, in seconds of CPU time (best of the runs, so other work on the machine counts less):

- reading the sample kit's nine catalogs with the shared reader, and checking them (every
  check but "terms", which is the linter's and has its own benchmark);
- for each hostile translation of about 1 MB (20,000 "[" among them, which took 55 s when the
  markup check rendered with Python-Markdown), reading the catalog that holds it and checking it.
  The budget is 1 s for each.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from outreach.i18n.check import CHECKS, check_catalog  # noqa: E402
from outreach.kit.catalogs import read_catalogs  # noqa: E402
from outreach.kit.config import load_config  # noqa: E402
from outreach.kit.languages import language  # noqa: E402
from outreach.po import escape, parse_po  # noqa: E402

SIZE = 1_000_000
BUDGET = 1.0
HOSTILE = {
    "20,000 [": "[" * 20_000,
    "1 MB of [": "[" * SIZE,
    "nested [( )]": "[(" * (SIZE // 4) + ")]" * (SIZE // 4),
    "almost links [a](": "[a](" * (SIZE // 4),
    "unclosed titles": '](x "' * (SIZE // 5),
    "asterisks": "*" * SIZE,
    "emphasis *a*": "*a* " * (SIZE // 4),
    "underscores": "_" * SIZE,
    "backslashes": "\\" * SIZE,
    "backticks `a": "`a" * (SIZE // 2),
    "percent signs": "%" * SIZE,
    "one long word": "a" * SIZE,
    "addresses": "http://" * (SIZE // 7),
    "every mark": "*_`[]()<>\\!%{}@:/#" * (SIZE // 18),
}
CHECKED = [check for check in CHECKS if check != "terms"]


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    config = load_config(REPO)
    files = read_catalogs(config)
    read = best(args.runs, lambda: read_catalogs(config))
    checked = best(args.runs, lambda: [check_catalog(f.catalog, f.language, config,
                                                     checks=CHECKED) for f in files])
    print(f"sample kit, {len(files)} catalogs: read {read:.3f} s, checked {checked:.3f} s")

    spanish = language("es")
    worst = 0.0
    for name, text in HOSTILE.items():
        po = (f'msgid ""\nmsgstr "Language: es\\n"\n\nmsgctxt "community/a:body"\n'
              f'msgid "Plain words for [every family](https://example.org/es)."\n'
              f'msgstr "{escape(text)}"\n')
        reading = best(args.runs, lambda po=po: parse_po(po, "es.po"))
        catalog = parse_po(po, "es.po")
        checking = best(args.runs, lambda catalog=catalog: check_catalog(
            catalog, spanish, checks=CHECKED))
        worst = max(worst, reading + checking)
        print(f"{name:>20}: read {reading:.3f} s, checked {checking:.3f} s")
    verdict = "within" if worst < BUDGET else "OVER"
    print(f"slowest hostile catalog: {worst:.3f} s ({verdict} the {BUDGET:g} s budget)")


if __name__ == "__main__":
    main()
