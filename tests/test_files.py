"""The one reader and the one writer: no user's file is ever left half-written."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from outreach.files import FileError, read_bytes, read_text, recover, write_file, write_files


def temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(".outreach-*"))


def run_limited(code: str, max_file_size: int) -> subprocess.CompletedProcess[str]:
    """Run Python with a file size limit: writes past it fail as they would on a full disk."""
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_size, max_file_size))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, preexec_fn=limit, check=False)


def test_a_failed_write_keeps_the_old_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "message.md"
    original = ("word " * 20_000).encode()  # 100 KB
    target.write_bytes(original)
    result = run_limited(f"""
        from pathlib import Path
        from outreach.files import FileError, write_file
        try:
            write_file(Path({str(target)!r}), b"new " * 40_000)
        except FileError as exc:
            print(exc)
        """, max_file_size=50_000)
    assert result.stdout.startswith(f"{target}: cannot be written: the disk is full"), \
        result.stderr
    assert "nothing was changed" in result.stdout
    assert target.read_bytes() == original
    assert temps(tmp_path) == []


def test_a_write_replaces_content_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_file(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_linked_file_is_updated_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "messages.po"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "kit" / "messages.po"
    link.parent.mkdir()
    link.symlink_to(real)
    write_file(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


def test_several_files_change_together_even_when_killed_halfway(tmp_path: Path) -> None:
    folders = [tmp_path / "translations" / lang for lang in "abcdefghi"]
    for folder in folders:
        folder.mkdir(parents=True)
        (folder / "messages.po").write_text("old", encoding="utf-8")
    # A real SIGKILL after the third rename, as an interrupted `outreach i18n update` would get.
    result = run_limited(f"""
        import os, signal
        from pathlib import Path
        from outreach import files
        real_replace, count = os.replace, [0]
        def replace(a, b):
            real_replace(a, b)
            if str(b).endswith("messages.po"):
                count[0] += 1
                if count[0] == 3:
                    os.kill(os.getpid(), signal.SIGKILL)
        files.os.replace = replace
        folders = {[str(f) for f in folders]!r}
        files.write_files({{Path(f) / "messages.po": "new" for f in folders}})
        """, max_file_size=10**9)
    assert result.returncode == -signal.SIGKILL
    contents = [(f / "messages.po").read_text(encoding="utf-8") for f in folders]
    assert contents.count("new") == 3
    recover(tmp_path / "translations")
    assert [(f / "messages.po").read_text(encoding="utf-8") for f in folders] == ["new"] * 9
    assert temps(tmp_path) == []


def test_nothing_changes_when_one_of_several_files_cannot_be_written(tmp_path: Path) -> None:
    good = tmp_path / "a" / "x.po"
    good.parent.mkdir()
    good.write_text("old", encoding="utf-8")
    (tmp_path / "b").write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(FileError) as caught:
        write_files({good: "new", tmp_path / "b" / "x.po": "new"})
    assert str(caught.value).startswith(f"{tmp_path / 'b' / 'x.po'}: cannot be written")
    assert good.read_text(encoding="utf-8") == "old"
    assert temps(tmp_path) == []


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "message.md"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(FileError) as caught:
        read_bytes(fifo, "messages/community/message.md")
    assert time.monotonic() - started < 1
    assert str(caught.value) == ("messages/community/message.md: is not a regular file (a "
                                 "folder, device or pipe); replace it with a text file")


def test_a_link_out_of_the_kit_is_refused(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    (kit / "templates").mkdir(parents=True)
    (kit / "templates" / "passwd.txt").symlink_to("/etc/passwd")
    (kit / "templates" / "zero.md").symlink_to("/dev/zero")
    for name in ("passwd.txt", "zero.md"):
        with pytest.raises(FileError) as caught:
            read_bytes(kit / "templates" / name, f"templates/{name}", inside=kit)
        assert "outside kit/" in str(caught.value)


def test_text_drops_a_bom_and_names_the_line_of_a_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: A\n")
    assert read_text(path) == "---\ntitle: A\n"
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    with pytest.raises(FileError) as caught:
        read_text(path, "messages/community/a.md")
    assert str(caught.value).startswith("messages/community/a.md:2: not valid UTF-8")
