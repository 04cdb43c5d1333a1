"""Memory of a process and everything it started, as the benchmarks measure it."""

from __future__ import annotations

from pathlib import Path


def tree_pss(pid: int) -> int:
    """Proportional set size (kB) of `pid` and its descendants: pages shared between them
    (forked code, memory-mapped font files) are split between them, not counted twice."""
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
