"""The output folder: which folders a build may write, and how it changes them safely.

A build writes only into a folder that is empty or that an earlier `outreach build` made (its
`.outreach/build.json` marker and a manifest whose files are really there prove it), holds a
lock on it while it works, and changes it in one transaction: every new or changed file is
written into a staging folder first; only when the whole build has succeeded is each one
renamed into place, and only files that an earlier build wrote are ever deleted. A journal
written before the first rename lets the next build finish a swap that was interrupted, and
staging folders of builds that were killed are removed.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import signal
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OutreachError, Problem
from ..files import (
    FileError,
    Lock,
    read_bytes,
    reason,
    remove_left_behind,
    sha256_file,
    write_file,
)
from ..kit.config import Config

MANIFEST = "manifest.json"
STATE_DIR = ".outreach"  # inside the output: the marker, the lock, staging, the journal
MARKER = "build.json"
LOCK = "lock"
JOURNAL = "journal.json"
STAGING_PREFIX = "staging-"


@dataclass(frozen=True)
class Entry:
    """One file as a manifest lists it."""

    path: str
    format: str
    sha256: str
    lang: str | None = None
    audience: str | None = None
    message: str | None = None
    key: str | None = None  # the content key it was made from
    reviewed: bool = True  # made from reviewed translations only (no fallback text)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "lang": self.lang, "audience": self.audience,
                "format": self.format, "message": self.message, "sha256": self.sha256,
                "key": self.key, "reviewed": self.reviewed}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entry:
        return cls(path=str(data["path"]), format=str(data["format"]),
                   sha256=str(data["sha256"]), lang=data.get("lang"),
                   audience=data.get("audience"), message=data.get("message"),
                   key=data.get("key"), reviewed=bool(data.get("reviewed", True)))


@dataclass(frozen=True)
class Previous:
    """What an earlier build left: its manifest and its private state."""

    entries: Mapping[str, Entry] = field(default_factory=dict)
    manifest: Mapping[str, Any] = field(default_factory=dict)
    state: Mapping[str, Any] = field(default_factory=dict)

    def language(self, tag: str) -> Mapping[str, Any]:
        for entry in self.manifest.get("languages", []):
            if isinstance(entry, dict) and entry.get("lang") == tag:
                return entry
        return {}


class OutputFolder:
    """An output folder opened for one build: checked, locked, recovered, its past read."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.state_dir = out / STATE_DIR
        self.previous = Previous()
        self._lock: Lock | None = None
        self.created = False

    @classmethod
    @contextmanager
    def open(cls, out: Path, config: Config | None, *, lock: bool = True
             ) -> Iterator[OutputFolder]:
        """Open `out` for one build. `config` is the kit being built, whose own folders are
        never an output; `lock=False` for a folder inside one already locked (a partner's kit
        in the coalition's output), which that lock covers."""
        folder = cls(Path(os.path.abspath(out)))
        if config is not None:
            folder._check_place(config)
        else:
            folder._check_writable()
        folder._check_owner()
        try:
            folder._lock_and_recover(lock)
            yield folder
        except BaseException:
            folder._forget_if_new()
            raise
        finally:
            folder._unlock()

    # -- before anything is written ----------------------------------------------------------

    def _check_place(self, config: Config) -> None:
        problem = misplaced(self.out, config)
        if problem:
            raise _refuse(self.out, problem)
        self._check_writable()

    def _check_writable(self) -> None:
        out = self.out
        parent = out.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            raise _refuse(out, f"cannot be created: {parent} is a file, not a folder")
        if not os.access(parent if not out.exists() else out, os.W_OK | os.X_OK):
            raise _refuse(out, "cannot be written: permission denied; choose another --out")

    def _check_owner(self) -> None:
        """Refuse a folder that holds someone else's files: it may be their work."""
        out = self.out
        if out.is_symlink() or (out.exists() and not out.is_dir()):
            raise _refuse(out, "exists and is not a folder; choose another --out")
        if not out.exists() or all(p.name == STATE_DIR for p in out.iterdir()):
            return  # empty, or holding only what a failed first build left: the lock
        previous = _read_previous(out)
        if previous is None:
            raise _refuse(out, "exists and is not an outreach build (it has no "
                          f"{STATE_DIR}/{MARKER} and manifest.json of one); choose another "
                          "--out or empty the folder")
        self.previous = previous

    def _lock_and_recover(self, lock: bool = True) -> None:
        try:
            self.out.mkdir(parents=True)
            self.created = True
        except FileExistsError:
            pass
        except OSError as exc:
            raise _refuse(self.out, f"cannot be created: {exc.strerror or exc}") from None
        self.state_dir.mkdir(exist_ok=True)
        if lock:
            self._take_lock()
        finish_interrupted_swap(self.out)
        remove_left_behind(self.state_dir, f"{STAGING_PREFIX}*",
                           lambda name: name[len(STAGING_PREFIX):])
        if self.created or not self.previous.entries:
            self.previous = _read_previous(self.out) or self.previous

    def _take_lock(self) -> None:
        try:
            self._lock = _flock(self.out)
        except OutreachError:
            self.created = False  # the folder is the other build's now: leave it alone
            raise

    def _unlock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _forget_if_new(self) -> None:
        """A failed first build into a new folder leaves no folder behind."""
        if self.created:
            self._unlock()
            shutil.rmtree(self.out, ignore_errors=True)

    # -- writing -----------------------------------------------------------------------------

    def transaction(self) -> Transaction:
        return Transaction(self.out)

    def unchanged(self, path: str, key: str) -> Entry | None:
        """The earlier build's entry for `path` if it was made from `key` and is still intact."""
        entry = self.previous.entries.get(path)
        if entry is None or entry.key != key:
            return None
        target = self.out / path
        try:
            if target.is_symlink() or sha256_file(target) != entry.sha256:
                return None
        except OSError:
            return None
        return entry


class Transaction:
    """New files staged beside the output, then swapped in together."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.staging = out / STATE_DIR / f"{STAGING_PREFIX}{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        self.writes: list[str] = []
        self.deletes: list[str] = []

    def write(self, path: str, data: bytes, *, if_changed: bool = False) -> str:
        """Stage `data` for `path` (unless `if_changed` and the output holds it already);
        return its SHA-256."""
        if if_changed:
            try:
                if (self.out / path).read_bytes() == data:
                    return hashlib.sha256(data).hexdigest()
            except OSError:
                pass
        with self._staging(path) as target:
            target.write_bytes(data)
        self.writes.append(path)
        return hashlib.sha256(data).hexdigest()

    def copy(self, path: str, source: Path) -> None:
        with self._staging(path) as target:
            shutil.copyfile(source, target)
        self.writes.append(path)

    def link(self, path: str, source: Path) -> None:
        """Stage `source` for `path` without copying its bytes where the file system allows:
        files in an output are only ever replaced by a rename, never changed in place, so a
        second name for the same file is as safe as a copy."""
        with self._staging(path) as target:
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        self.writes.append(path)

    def delete(self, path: str) -> None:
        self.deletes.append(path)

    def commit(self) -> None:
        if not self.writes and not self.deletes:
            self.abort()  # nothing changed: no journal, no sync
            return
        _sync(self.staging)
        journal = {"staging": self.staging.name, "writes": self.writes,
                   "deletes": self.deletes}
        write_file(self.out / STATE_DIR / JOURNAL, json.dumps(journal))
        try:
            finish_interrupted_swap(self.out)
        except OSError as exc:
            raise FileError(Problem(str(self.out), f"cannot be updated: {reason(exc)}; the "
                                    "next build finishes the update")) from None

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    @contextmanager
    def _staging(self, path: str) -> Iterator[Path]:
        """Where to stage `path`; a failed write (a full disk) becomes one line for the user.
        The build then aborts the transaction, so the output is left as it was."""
        try:
            target = self.staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            yield target
        except OSError as exc:
            raise FileError(Problem(str(self.out / path), f"cannot be written: {reason(exc)}; "
                                    "the output was left as it was")) from None


@contextmanager
def held_signals() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends (they are delivered then, not lost)."""
    held = {signal.SIGINT, signal.SIGTERM}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def commit_all(transactions: Sequence[Transaction]) -> None:
    """Swap in every folder's staged files, the first (the coalition's, whose home page links
    the others) last. A swap, once begun, is finished before Ctrl-C is heard."""
    with held_signals():
        for tx in (*transactions[1:], *transactions[:1]):
            tx.commit()


def misplaced(out: Path, config: Config, option: str = "--out",
              default: str = "build/") -> str | None:
    """Why `out` cannot hold a build's output, if it cannot: it is the kit (or holds it), or
    it is inside a folder the build reads."""
    real, root = out.resolve(), Path(os.path.abspath(config.root)).resolve()
    if real == root or real in root.parents:
        return f"the output folder cannot be the kit itself or one of its parents; choose " \
               f"another {option}"
    for inputs in (config.messages_dir, config.templates_dir, config.translations_dir):
        inputs = inputs.resolve()
        if real == inputs or inputs in real.parents:
            return (f"is inside the kit's {inputs.name}/ folder, which the build reads; choose "
                    f"an {option} outside it (the default is {default})")
    return None


@contextmanager
def lock_folder(folder: Path) -> Iterator[None]:
    """Hold the lock of a folder of output folders (the partner kits under --partner-out), so
    two builds never write the same partner kit at once."""
    try:
        (folder / STATE_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _refuse(folder, f"cannot be created: {exc.strerror or exc}") from None
    with _flock(folder):
        yield


def _flock(folder: Path) -> Lock:
    try:
        lock = Lock.take(folder / STATE_DIR / LOCK)
    except OSError as exc:
        raise _refuse(folder, f"cannot be written: {reason(exc)}") from None
    if lock is None:
        raise _refuse(folder, "another build is writing this folder; wait for it to finish, "
                      "or choose another --out")
    return lock


def finish_interrupted_swap(out: Path) -> None:
    """Apply a journalled swap (all of it): every staged file renamed in, old ones deleted."""
    journal_path = out / STATE_DIR / JOURNAL
    if not journal_path.is_file():
        return
    try:
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        staging = out / STATE_DIR / journal["staging"]
        writes, deletes = list(journal["writes"]), list(journal["deletes"])
    except (OSError, ValueError, KeyError, TypeError):
        journal_path.unlink(missing_ok=True)
        return
    for path in writes:
        staged, target = staging / path, out / path
        if staged.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            os.replace(staged, target)
    for path in deletes:
        target = out / path
        if target.is_file() or target.is_symlink():
            target.unlink()
        _remove_empty_parents(target.parent, out)
    _sync(out)
    journal_path.unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def write_state(tx: Transaction, state: Mapping[str, Any]) -> None:
    data = json.dumps({"written_by": "outreach build", **state}, indent=1, sort_keys=True,
                      ensure_ascii=False)
    tx.write(f"{STATE_DIR}/{MARKER}", data.encode("utf-8") + b"\n", if_changed=True)


def _read_previous(out: Path) -> Previous | None:
    """The earlier build in `out`, or None if nothing shows that outreach made the folder."""
    try:
        manifest = json.loads(read_bytes(out / MANIFEST, MANIFEST))
        state = json.loads(read_bytes(out / STATE_DIR / MARKER, MARKER)) \
            if (out / STATE_DIR / MARKER).is_file() else None
    except (OutreachError, ValueError):
        return None
    if not isinstance(manifest, dict) or not str(manifest.get("generated_by", "")
                                                   ).startswith("outreach "):
        return None
    try:
        entries = {e["path"]: Entry.from_dict(e) for e in manifest["artifacts"]}
    except (KeyError, TypeError, ValueError):
        return None
    if state is None:
        # No marker: an older outreach wrote it, or someone's file merely shares the name.
        # Only a manifest whose every file is present, with its checksum, proves the former.
        for entry in entries.values():
            try:
                if sha256_file(out / entry.path) != entry.sha256:
                    return None
            except OSError:
                return None
        state = {}
    elif not isinstance(state, dict) or state.get("written_by") != "outreach build":
        return None
    return Previous(entries, manifest, state)


def _remove_empty_parents(folder: Path, out: Path) -> None:
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()  # only when empty: a folder holding anyone's file stays
        except OSError:
            return
        folder = folder.parent


def _sync(folder: Path) -> None:
    """Flush the file system that holds `folder` (one call instead of a sync per file)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if getattr(libc, "syncfs", None) is None or libc.syncfs(fd) != 0:
            os.sync()
    except OSError:
        os.sync()
    finally:
        os.close(fd)


def _refuse(out: Path, message: str) -> OutreachError:
    return OutreachError(Problem(str(out), message))
