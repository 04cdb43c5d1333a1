"""The one way outreach reads a person's files and the one way it writes any file.

Reading: only regular files (a FIFO or `/dev/zero` behind a name would hang or never end), never
through a link that leaves the folder the file belongs to, UTF-8 with an optional BOM, and a
decoding error that names the line.

Writing: a temporary file in the same folder, flushed to disk, then renamed over the target, so
the target always holds either its old bytes or its new ones, whatever happens (a full disk, a
kill, a power cut). A file that is a symbolic link is updated through the link.
`write_files` changes several files together: it writes every temporary file and a journal
listing them before the first rename, so a run killed halfway is completed by the next run
(`recover`) instead of leaving some files new and some old.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO

from .errors import OutreachError, Problem

TEMP_PREFIX = ".outreach-"
TEMP_SUFFIX = ".tmp"
JOURNAL = ".outreach-journal.json"


class FileError(OutreachError):
    """A file cannot be read or written; the message says which and what to do."""


# ----------------------------------------------------------------------------------- reading

def read_bytes(path: Path, shown: str | None = None, *, inside: Path | None = None) -> bytes:
    """The bytes of a regular file; with `inside`, refuse a link that resolves outside it."""
    shown = shown or str(path)
    if inside is not None:
        check_inside(path, inside, shown)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer before we can see what it is.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileError(Problem(shown, "not found")) from None
    except OSError as exc:
        raise FileError(Problem(shown, f"cannot be read: {reason(exc)}")) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileError(Problem(shown, "is not a regular file (a folder, device or pipe); "
                                    "replace it with a text file"))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return stream.read()
    except OSError as exc:
        raise FileError(Problem(shown, f"cannot be read: {reason(exc)}")) from None
    finally:
        os.close(fd)


def read_text(path: Path, shown: str | None = None, *, inside: Path | None = None) -> str:
    """A UTF-8 text file without its BOM; a bad byte is reported with its line."""
    return decode(read_bytes(path, shown, inside=inside), shown or str(path))


def decode(data: bytes, shown: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileError(Problem(shown, "not valid UTF-8; save the file as UTF-8 (in most "
                                "editors: Save As, encoding UTF-8)", line)) from None
    return text[1:] if text.startswith("\ufeff") else text


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks (a PDF need not fit in memory twice)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_inside(path: Path, root: Path, shown: str) -> None:
    """Refuse `path` if it (or a link on the way to it) leads outside `root`."""
    try:
        real_root = root.resolve()
        target = path.resolve()
    except (RuntimeError, OSError):  # a loop of links (RuntimeError before Python 3.13)
        raise FileError(Problem(shown, "is a link that leads back to itself; replace it with "
                                "the file")) from None
    if target != real_root and real_root not in target.parents:
        raise FileError(Problem(shown, f"is a link to {target}, outside {root.name or root}/; "
                                "outreach never reads or publishes files from outside the kit: "
                                "copy the file into the kit instead"))


# ----------------------------------------------------------------------------------- writing

def write_file(path: Path, data: bytes | str, *, shown: str | None = None) -> None:
    """Replace one file atomically (through a link if it is one)."""
    write_files({path: data}, shown=shown)


def write_files(contents: Mapping[Path, bytes | str], *, shown: str | None = None) -> None:
    """Replace several files so that all change or none does, even across a crash.

    Every new content is written and synced first; only then are the files renamed into place.
    A failure before that point changes nothing; a kill during the renames is finished by the
    next `recover` (which every write runs first), from the journal written beside the files.
    """
    if not contents:
        return
    targets = {_real_target(path): _bytes(data) for path, data in contents.items()}
    folder = _common_folder(targets)
    recover(folder)
    for parent in {target.parent for target in targets}:
        remove_stale_temps(parent)
    staged: list[tuple[Path, Path]] = []
    journal = folder / JOURNAL
    current = folder
    try:
        for current, data in targets.items():
            staged.append((stage(current, data), current))
        current = journal
        if len(staged) > 1:
            _write_journal(journal, staged)
        for temp, current in staged:
            os.replace(temp, current)
        for parent in {target.parent for target in targets}:
            _sync_folder(parent)
        journal.unlink(missing_ok=True)
    except OSError as exc:
        if journal.exists():
            # Renames had begun: finish them, so every file is new rather than some of each.
            recover(folder)
        for temp, _target in staged:
            Path(temp).unlink(missing_ok=True)
        raise FileError(Problem(shown or str(current), f"cannot be written: {reason(exc)}; "
                                "nothing was changed")) from None


def stage(target: Path, data: bytes) -> Path:
    """Write `data` to a synced temporary file beside `target` (same mode); return its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX,
                                    dir=target.parent)
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(temp, mode)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def recover(folder: Path) -> None:
    """Finish a `write_files` that was interrupted in `folder`.

    The journal is written only once every new file is complete on disk, so finishing the
    renames it lists is always right; without a journal, nothing had been replaced yet.
    """
    journal = folder / JOURNAL
    if not journal.is_file():
        return
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entries = []
    for temp, target in entries:
        if Path(temp).exists():
            os.replace(temp, target)
            remove_stale_temps(Path(target).parent)
    journal.unlink(missing_ok=True)


def remove_stale_temps(folder: Path, recursive: bool = False) -> None:
    """Delete temporary files this module left behind in processes that no longer run."""
    remove_left_behind(folder, f"{'**/' if recursive else ''}{TEMP_PREFIX}*{TEMP_SUFFIX}",
                       lambda name: name[len(TEMP_PREFIX):].split("-", 1)[0])


def remove_left_behind(folder: Path, pattern: str, pid_of: Callable[[str], str]) -> None:
    """Delete the files and folders matching `pattern` in `folder` that were being written by
    a process that no longer runs (`kill -9` leaves no chance to clean up); `pid_of` reads
    the process id from a name."""
    if not folder.is_dir():
        return
    for path in folder.glob(pattern):
        pid = pid_of(path.name)
        if pid.isdigit() and not pid_alive(int(pid)):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


class Lock:
    """An advisory lock on a file (made if need be), held by one process at a time until it is
    released or the process ends: one build per output folder, one preview per kit."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle: IO[bytes] | None = handle

    @classmethod
    def take(cls, path: Path) -> Lock | None:
        """The lock, or None at once when another process holds it; OSError if the file
        cannot be opened."""
        handle = path.open("ab")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return None
        return cls(handle)

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_journal(journal: Path, staged: Iterable[tuple[Path, Path]]) -> None:
    data = json.dumps([[str(temp), str(target)] for temp, target in staged]).encode("utf-8")
    temp = stage(journal, data)
    os.replace(temp, journal)
    _sync_folder(journal.parent)


def _real_target(path: Path) -> Path:
    """Where the bytes go: through a symbolic link to the file it names."""
    path = Path(os.path.abspath(path))
    if path.is_symlink():
        return path.resolve()
    return path


def _common_folder(targets: Mapping[Path, bytes]) -> Path:
    return Path(os.path.commonpath([str(t.parent) for t in targets]))


def _sync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable (a rename is in the folder's data, not the file's)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def reason(exc: OSError) -> str:
    """What went wrong, in the words a user acts on ("the disk is full")."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
