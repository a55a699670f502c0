"""Atomic writes: a reader sees the old file or the new one, never half of one, and a failed
write leaves neither a partial file nor a temporary one behind."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from briefgen.build.atomic import write_atomic
from briefgen.errors import BriefgenError


def test_a_new_file_is_written_with_its_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "page.html"
    write_atomic(path, b"<p>new</p>")
    assert path.read_bytes() == b"<p>new</p>"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in path.parent.iterdir()] == ["page.html"]


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"old " * 1000)
    inode = path.stat().st_ino
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert path.stat().st_ino != inode  # a new file renamed over the old one, not the old one rewritten


def test_a_link_at_the_path_is_replaced_and_its_target_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(b"not briefgen's")
    link = tmp_path / "out" / "page.html"
    link.parent.mkdir()
    link.symlink_to(target)
    write_atomic(link, b"page")
    assert not link.is_symlink() and link.read_bytes() == b"page"
    assert target.read_bytes() == b"not briefgen's"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(BriefgenError) as raised:
        write_atomic(path, b"new")
    assert raised.value.message == f"cannot write {path}: No space left on device"
    assert raised.value.hint == "check free space and permissions of the output folder"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"] and path.read_bytes() == b"old"


def test_an_interrupted_write_leaves_no_temporary(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "page.html"

    def interrupt(source: str, destination: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, b"new")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_bytes(b"a file")
    with pytest.raises(BriefgenError) as raised:
        write_atomic(tmp_path / "taken" / "page.html", b"x")
    assert raised.value.message.startswith(f"cannot write to {tmp_path / 'taken'}: ")
    assert raised.value.hint == "choose an output folder you can write to (--out)"
