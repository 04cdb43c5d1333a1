"""`--fix` writes: only the bytes it fixes change, and a failed write loses nothing."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from lint_support import po

from outreach.lint import LintError, fix_files
from outreach.lint.scan import check_files


def fix_cli(*args: str, max_file_size: int | None = None, cwd: Path | None = None
            ) -> subprocess.CompletedProcess[str]:
    """`outreach lint --fix`, optionally with a file size limit (writes past it fail as they
    would on a full disk)."""
    def limit() -> None:
        if max_file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_size, max_file_size))
    return subprocess.run([sys.executable, "-m", "outreach", "lint", "--fix", *args],
                          capture_output=True, text=True, preexec_fn=limit, cwd=cwd,
                          check=False, timeout=60)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_mixed_line_ends_are_kept_line_by_line(tmp_path: Path, bom: bytes) -> None:
    path = tmp_path / "a.md"
    original = (b"# Illegal immigrants\r\n\nWe help illegal\r\nworkers.\nAnd illegal\n"
                b"workers\r\ntoo.\r\nNo line end at the end: illegal workers")
    path.write_bytes(bom + original)
    result = fix_cli(str(path))
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == bom + original.replace(b"llegal", b"undocumented") \
        .replace(b"Iundocumented", b"Undocumented").replace(b"iundocumented", b"undocumented")


def test_a_term_across_a_crlf_line_break_keeps_the_break(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"We hire illegal\r\nworkers.\nThe end\r\n")
    fix_files([path])
    assert path.read_bytes() == b"We hire undocumented\r\nworkers.\nThe end\r\n"


def test_a_catalog_with_windows_line_ends_stays_that_way(tmp_path: Path) -> None:
    path = tmp_path / "es.po"
    text = po("es", 'msgid "a"\nmsgstr "los trabajadores ilegales"\n')
    path.write_bytes(text.replace("\n", "\r\n").encode())
    fix_files([path])
    assert path.read_bytes() == text.replace("ilegales", "indocumentados") \
        .replace("\n", "\r\n").encode()


def test_a_full_disk_leaves_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    original = ("Illegal workers. " + "Every family belongs here. " * 4000).encode()  # ~100 KB
    path.write_bytes(original)
    result = fix_cli(str(path), max_file_size=50_000)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {path}: cannot be written: the disk is full; nothing was changed"]
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.md"]


def test_a_file_changed_since_it_was_checked_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("illegal workers\n", encoding="utf-8")
    [checked] = check_files([path])
    from outreach.lint.fix import fixes_for

    [change] = fixes_for([checked])
    path.write_text("illegal workers, and a sentence someone just typed\n", encoding="utf-8")
    with pytest.raises(LintError) as info:
        change.write()
    assert [str(p) for p in info.value.problems] == [
        f"{path}: changed since it was checked; run 'outreach lint --fix' again"]
    assert path.read_text(encoding="utf-8") == \
        "illegal workers, and a sentence someone just typed\n"


def test_a_linked_file_is_fixed_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "a.md"
    real.parent.mkdir()
    real.write_text("illegal workers\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "a.md"
    link.symlink_to(real)
    fix_files([link])
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "undocumented workers\n"
    assert real.stat().st_mode & 0o777 == 0o640


def test_a_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "a.md"
    os.mkfifo(pipe)
    result = fix_cli(str(pipe))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {pipe}: is not a regular file (a folder, device or pipe); replace it with a "
        "text file"]
