"""Shards: one build's plan divided between N machines (a CI matrix), by expected cost.

`outreach build --shard K/N` plans the whole kit, partner kits included, exactly as an unsharded
build does, and renders only the artifacts the assignment gives shard K. The assignment walks
the plan in order and gives each artifact to the shard with the least expected work so far
(ties to the lowest number): every shard computes the same assignment from the same plan, so
together the shards make every artifact exactly once, and no shard waits on another. Each
shard's folder holds its files and a partial `manifest.json` (with a `shard` entry naming it and
the plan); `outreach merge` assembles them.

Expected cost is in units of one Latin flyer (its render, type fitting and PNG preview), by kind
and by script, as `benchmarks/partners_bench.py` measured it on the sample kit (one process,
Noto faces; a Latin flyer took 60 ms of CPU): an audience sheet about 2 flyers; Chinese and
Korean about 2 times Latin, Cyrillic 1.3 to 1.5 (its translations run longer), Arabic 1.1 to
1.5. Files written as they are (pages, stylesheets) cost almost nothing, and are spread like
the rest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..errors import OutreachError, Problem
from .plan import Artifact, Static

KIND_COST: Mapping[str, float] = {"flyer": 1.0, "sheet": 2.0}
SCRIPT_COST: Mapping[str, float] = {"Latn": 1.0, "Cyrl": 1.4, "Grek": 1.1, "Arab": 1.3,
                                    "Hebr": 1.1, "Kore": 2.0, "Hang": 2.0, "Jpan": 2.0,
                                    "Hans": 2.0, "Hant": 2.0, "Hani": 2.0}
OTHER_SCRIPT_COST = 1.5  # complex scripts the sample kit does not measure
STATIC_COST = 0.005


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as people count: --shard 3/8 is the third of eight
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


MAX_SHARDS = 1000  # a CI matrix of more jobs than this is not a matrix anyone runs


def parse_shard(text: str) -> Shard:
    match = re.fullmatch(r"\s*(\d{1,6})\s*/\s*(\d{1,6})\s*", text)
    if match:
        index, count = int(match.group(1)), int(match.group(2))
        if 1 <= index <= count <= MAX_SHARDS:
            return Shard(index, count)
    raise OutreachError(Problem("--shard", f"{text[:40]!r} is not a shard; write K/N with K "
                                f"from 1 to N and N at most {MAX_SHARDS}, such as 3/8 for the "
                                "third of eight"))


def expected_cost(artifact: Artifact, script: str) -> float:
    if isinstance(artifact.work, Static):
        return STATIC_COST
    return KIND_COST.get(artifact.kind, 1.0) * SCRIPT_COST.get(script, OTHER_SCRIPT_COST)


class Assignment:
    """Decides, artifact by artifact in plan order, which shard makes it."""

    def __init__(self, shard: Shard, script_of: Callable[[str | None], str]) -> None:
        self.shard = shard
        self.script_of = script_of
        self.loads = [0.0] * shard.count
        self._plan = hashlib.sha256()

    def mine(self, artifact: Artifact, partner: str | None) -> bool:
        cost = expected_cost(artifact, self.script_of(artifact.lang))
        chosen = min(range(self.shard.count), key=lambda k: (self.loads[k], k))
        self.loads[chosen] += cost
        self._plan.update(f"{partner or ''}\0{artifact.path}\0{artifact.key}\n".encode())
        return chosen == self.shard.index - 1

    @property
    def plan(self) -> str:
        """Identifies the whole plan: shards of different kits or options never merge."""
        return self._plan.hexdigest()

    def describe(self) -> dict[str, object]:
        """The `shard` entry of a shard's partial manifests."""
        return {"index": self.shard.index, "count": self.shard.count, "plan": self.plan}
