"""A content-addressed store of rendered artifacts: a render whose key is known is never redone.

Entries live under `<cache>/v1/<key[:2]>/<key>/`: one file per result (the PDF, its preview) and
`meta.json` with their SHA-256 and what the renderer reported (pages, type scale, overflow,
characters no font could draw). An entry appears whole or not at all (it is written into a
temporary folder and renamed into place), and is checked against its hashes when read: a
damaged entry is a miss, never a wrong file in the kit.

The cache is only ever an accelerator. Deleting it, or building with a fresh one, changes no
byte of the output.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..files import remove_left_behind, sha256_file

LAYOUT = "v1"
CACHE_DIR = ".outreach-cache"
T = TypeVar("T")
README = ("This folder is outreach's render cache: PDFs and images made by earlier builds, "
          "by content.\nIt is safe to delete at any time; builds only get slower until it "
          "fills again.\n")


@dataclass(frozen=True)
class Rendered:
    """What rendering one artifact produced: files by role, and what the renderer reported."""

    files: Mapping[str, bytes]
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CachedEntry:
    """A cache hit: the files by role (paths inside the cache) and the renderer's report."""

    files: Mapping[str, Path]
    meta: Mapping[str, Any]
    sha256: Mapping[str, str]


class RenderCache:
    def __init__(self, root: Path | None) -> None:
        self.root = root  # None: caching is off
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> CachedEntry | None:
        if self.root is None:
            return None
        folder = self._folder(key)
        try:
            record = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            files = {role: folder / role for role in record["sha256"]}
            for role, path in files.items():
                if sha256_file(path) != record["sha256"][role]:
                    raise ValueError(f"{path} is damaged")
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            shutil.rmtree(folder, ignore_errors=True)
            return None
        self.hits += 1
        return CachedEntry(files, record.get("meta", {}), record["sha256"])

    def put(self, key: str, rendered: Rendered) -> None:
        if self.root is None:
            return
        folder = self._folder(key)
        if folder.exists():
            return
        temp = None
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            self._describe()
            temp = Path(tempfile.mkdtemp(prefix=f".tmp-{os.getpid()}-", dir=folder.parent))
            sha = {}
            for role, data in rendered.files.items():
                (temp / role).write_bytes(data)
                sha[role] = hashlib.sha256(data).hexdigest()
            record = {"sha256": sha, "meta": dict(rendered.meta)}
            (temp / "meta.json").write_text(json.dumps(record, sort_keys=True),
                                            encoding="utf-8")
            try:
                temp.rename(folder)
            except OSError:  # another build stored the same key first: same bytes
                shutil.rmtree(temp, ignore_errors=True)
        except OSError:
            # A cache that cannot be written (read-only, full disk) only makes builds slower;
            # a half-written entry is not left to take the space the output needs.
            if temp is not None:
                shutil.rmtree(temp, ignore_errors=True)

    def get_record(self, kind: str, key: str) -> Any:
        """A small JSON result stored under `kind` (check results), or None."""
        if self.root is None:
            return None
        try:
            return json.loads((self.root / LAYOUT / kind / f"{key}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def put_record(self, kind: str, key: str, value: Any) -> None:
        if self.root is None:
            return
        folder = self.root / LAYOUT / kind
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._describe()
            handle, name = tempfile.mkstemp(prefix=f".tmp-{os.getpid()}-", dir=folder)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(value, stream)
            os.replace(name, folder / f"{key}.json")
        except OSError:
            return

    def memo(self, tool: str) -> Memo:
        """Small results remembered by the inputs they were computed from (and `tool`)."""
        return Memo(self, tool)

    def clean_stale(self) -> None:
        """Remove half-written entries of builds that were killed."""
        if self.root is None or not (self.root / LAYOUT).is_dir():
            return
        remove_left_behind(self.root / LAYOUT, "*/.tmp-*", lambda name: name.split("-")[1])

    def _folder(self, key: str) -> Path:
        assert self.root is not None
        return self.root / LAYOUT / key[:2] / key

    def _describe(self) -> None:
        assert self.root is not None
        readme = self.root / "README.txt"
        if not readme.exists():
            readme.write_text(README, encoding="utf-8")


def untrusted(folder: Path, shown: str) -> str | None:
    """Why the cache in `folder` must not be used, if it must not: git tracks a file in it, or
    the folder is in a git repository that git cannot be asked about. A cache that came with a
    commit is a way for a contribution to publish any PDF under a key it computed."""
    if not folder.is_dir() or not any((above / ".git").exists() for above in folder.parents):
        return None  # not in a repository: nothing in it came with a commit
    # No command that the repository's own configuration names is run (core.fsmonitor), and a
    # repository someone else owns is still asked (safe.directory: the answer is all we use).
    command = ["git", "-c", "core.fsmonitor=false", "-c", "safe.directory=*",
               "-C", str(folder.parent), "ls-files", "-z", "--", folder.name]
    try:
        found = subprocess.run(command, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        found = None
    why = "(a cache that came with a contribution could publish any file)"
    if found is None or found.returncode != 0:
        return (f"is in a git repository that git cannot be asked about here, so this build "
                f"does not use it {why}; delete the folder (it is only a cache) and keep it "
                "out of git")
    if found.stdout:
        return (f"is in git, so this build does not use it {why}; delete it from git and from "
                f"the disk ('git rm -r -q {shown}'; it is only a cache) and add it to .gitignore")
    return None


class Memo:
    """Results remembered in the cache by the inputs they were computed from: checks, the
    strings a kit needs, rendered message bodies. With caching off, everything is computed."""

    def __init__(self, cache: RenderCache, tool: str) -> None:
        self.cache = cache
        self.tool = tool

    def __call__(self, kind: str, inputs: Sequence[str], compute: Callable[[], T],
                 dump: Callable[[T], Any] = lambda value: value,
                 load: Callable[[Any], T] = lambda stored: stored) -> T:
        """`compute()`, or what it returned before for the same `kind` and `inputs`.

        `dump` makes the result JSON; `load` makes it back, raising TypeError, ValueError or
        KeyError on a record it does not recognize (which is then computed again).
        """
        if self.cache.root is None:
            return compute()
        identity = json.dumps([self.tool, *inputs], ensure_ascii=False)
        key = hashlib.sha256(identity.encode("utf-8")).hexdigest()
        stored = self.cache.get_record(kind, key)
        if stored is not None:
            try:
                return load(stored)
            except (TypeError, ValueError, KeyError):
                pass  # written by something else: compute it again
        result = compute()
        self.cache.put_record(kind, key, dump(result))
        return result
