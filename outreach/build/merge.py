"""`outreach merge OUT SHARD_DIR...`: the shards of one build, joined into its whole output.

Each shard's folder holds the files its share of the plan made and, for the coalition's kit and
every partner kit, a partial `manifest.json`: everything the whole manifest says, but only its
own files, and a `shard` entry naming the shard and the plan it was cut from. Merging checks
that the folders are every shard of one plan, each exactly once, and that every file is there
with the checksum its manifest gives; then it writes the output as one build does (staged,
swapped in together, deleting only files a build wrote), with each manifest listing every file.
With the same `SOURCE_DATE_EPOCH`, the result is byte for byte what one unsharded build writes.

Files are linked into the output rather than copied where the file system allows, so merging
hundreds of partner kits takes seconds.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutreachError, Problem
from ..files import read_bytes, sha256_file
from .kits import manifest_bytes
from .output import (
    MANIFEST,
    MARKER,
    STATE_DIR,
    Entry,
    OutputFolder,
    Transaction,
    commit_all,
    write_state,
)
from .partners import PARTNERS_DIR, Layout, remove_if_empty, retire, retired


@dataclass(frozen=True)
class MergeResult:
    out: Path
    files: int  # files the merged output holds, every kit's
    partners: int  # partner kits
    seconds: float


@dataclass(frozen=True)
class _Part:
    """One kit's folder in one shard."""

    folder: Path
    header: dict[str, Any]  # the manifest without its files and its shard entry
    shard: Mapping[str, Any]
    entries: tuple[Entry, ...]
    state: Mapping[str, Any]


def merge(out: Path, shards: Sequence[Path]) -> MergeResult:
    """Join `shards` (folders of `outreach build --shard K/N`) into `out`."""
    started = time.perf_counter()
    out = Path(os.path.abspath(out))
    roots = [_read(Path(os.path.abspath(folder)), str(folder)) for folder in shards]
    _check_complete(roots, shards)
    kits = [""] + [_partner_folder(entry, shards[0]) for entry in
                   roots[0].header.get("partners") or []]
    files = 0
    with ExitStack() as stack:
        root = stack.enter_context(OutputFolder.open(out, None))
        transactions: list[Transaction] = []
        try:
            for relative in kits:
                parts = roots if not relative else \
                    [_read(part.folder / relative, f"{shard}/{relative}")
                     for part, shard in zip(roots, shards, strict=True)]
                folder = root if not relative else stack.enter_context(
                    OutputFolder.open(out / relative, None, lock=False))
                tx = folder.transaction()
                transactions.append(tx)
                files += _merge_kit(parts, folder, tx, shards, relative)
            current = {relative.removeprefix(f"{PARTNERS_DIR}/") for relative in kits if relative}
            dropped = retired(current, root.previous.manifest.get("partners") or [],
                              Layout(out, None))
            for path in dropped:
                folder = stack.enter_context(OutputFolder.open(path, None, lock=False))
                tx = folder.transaction()
                transactions.append(tx)
                retire(folder, tx)
            commit_all(transactions)
        except BaseException:
            for tx in transactions:
                tx.abort()
            raise
    for path in dropped:
        remove_if_empty(path)
    return MergeResult(out, files, len(kits) - 1, time.perf_counter() - started)


def _merge_kit(parts: Sequence[_Part], folder: OutputFolder, tx: Transaction,
               shards: Sequence[Path], relative: str) -> int:
    header = parts[0].header
    for part, shard in zip(parts[1:], shards[1:], strict=True):
        if part.header != header:
            raise OutreachError(Problem(str(shard / relative / MANIFEST), "does not describe "
                                        f"the same kit as {shards[0] / relative / MANIFEST}; "
                                        "were the shards built from the same commit?"))
    entries: dict[str, Entry] = {}
    problems = []
    for part in parts:
        for entry in part.entries:
            if entry.path in entries:
                problems.append(Problem(str(part.folder / entry.path), "is in two shards; "
                                        "pass each shard's folder once"))
                continue
            source = part.folder / entry.path
            if not source.is_file() or source.is_symlink() or sha256_file(source) != entry.sha256:
                problems.append(Problem(str(source), "is missing or not the file its shard "
                                        "made (its checksum differs from manifest.json); "
                                        "build that shard again"))
                continue
            entries[entry.path] = entry
            tx.link(entry.path, source)
    if problems:
        raise OutreachError(problems)
    for path in folder.previous.entries:
        if path not in entries:
            tx.delete(path)
    tx.write(MANIFEST, manifest_bytes(header, entries.values()), if_changed=True)
    write_state(tx, {key: value for key, value in parts[0].state.items()
                     if key != "written_by"})
    return len(entries)


def _read(folder: Path, shown: str) -> _Part:
    where = f"{shown}/{MANIFEST}"
    try:
        manifest = json.loads(read_bytes(folder / MANIFEST, where))
        state_path = folder / STATE_DIR / MARKER
        state = json.loads(read_bytes(state_path, f"{shown}/{STATE_DIR}/{MARKER}")) \
            if state_path.is_file() else {}
    except ValueError:
        raise OutreachError(Problem(where, "is not valid JSON; build the shard again")) \
            from None
    except OutreachError:
        raise OutreachError(Problem(shown, "is not the folder of a shard: it has no "
                                    f"{MANIFEST}; pass the folders 'outreach build --shard "
                                    "K/N --out DIR' wrote")) from None
    shard = manifest.get("shard") if isinstance(manifest, dict) else None
    if not isinstance(shard, dict) or not isinstance(manifest.get("artifacts"), list):
        raise OutreachError(Problem(where, "is not a shard's manifest (it has no 'shard' "
                                    "entry); pass the folders 'outreach build --shard K/N' "
                                    "wrote"))
    try:
        entries = tuple(Entry.from_dict(e) for e in manifest["artifacts"])
    except (KeyError, TypeError, ValueError):
        raise OutreachError(Problem(where, "lists a file without its path, format or checksum; "
                                    "build the shard again")) from None
    header = {key: value for key, value in manifest.items()
              if key not in ("artifacts", "shard")}
    return _Part(folder, header, shard, entries, state if isinstance(state, dict) else {})


def _check_complete(roots: Sequence[_Part], shards: Sequence[Path]) -> None:
    """The folders are the shards of one plan, each once, none missing."""
    first = roots[0].shard
    count, plan = first.get("count"), first.get("plan")
    problems = []
    seen: dict[Any, Path] = {}
    for part, folder in zip(roots, shards, strict=True):
        if part.shard.get("plan") != plan or part.shard.get("count") != count:
            problems.append(Problem(str(folder), f"is shard {_name(part.shard)} of another "
                                    f"build than {shards[0]} (shard {_name(first)}); build "
                                    "every shard from the same commit and options"))
            continue
        index = part.shard.get("index")
        if index in seen:
            problems.append(Problem(str(folder), f"is shard {_name(part.shard)} again (as "
                                    f"{seen[index]}); pass each shard once"))
        seen[index] = folder
    if not problems and isinstance(count, int):
        missing = [f"{k}/{count}" for k in range(1, count + 1) if k not in seen]
        if missing:
            problems.append(Problem("outreach merge", f"shard{'s' * (len(missing) > 1)} "
                                    f"{', '.join(missing)} {'are' if len(missing) > 1 else 'is'}"
                                    " missing; pass the folder of every shard"))
    if problems:
        raise OutreachError(problems)


def _partner_folder(entry: Any, shard: Path) -> str:
    partner_id = entry.get("id") if isinstance(entry, dict) else None
    if not isinstance(partner_id, str) or "/" in partner_id or partner_id.startswith("."):
        raise OutreachError(Problem(str(shard / MANIFEST), "lists a partner kit without a "
                                    "usable id; build the shard again"))
    return f"{PARTNERS_DIR}/{partner_id}"


def _name(shard: Mapping[str, Any]) -> str:
    return f"{shard.get('index')}/{shard.get('count')}"

