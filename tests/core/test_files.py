"""Atomic writes: whole files or nothing, and no overwrite unless asked."""

from __future__ import annotations

import os

import pytest

from taskbook import files


def test_new_file_is_written_with_the_usual_mode(tmp_path):
    """A new file holds the data, with the umask's mode rather than mkstemp's 0600."""
    target = tmp_path / "a.txt"
    files.write_atomic(target, b"data")
    umask = os.umask(0)
    os.umask(umask)
    assert target.read_bytes() == b"data"
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_existing_file_is_kept_without_overwrite(tmp_path):
    """Without overwrite an existing file is refused and left as it was."""
    target = tmp_path / "a.txt"
    target.write_bytes(b"mine")
    with pytest.raises(FileExistsError):
        files.write_atomic(target, b"new")
    assert target.read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_overwrite_replaces(tmp_path):
    """With overwrite the file is replaced whole."""
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    files.write_atomic(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"


def test_file_appearing_meanwhile_is_not_clobbered(tmp_path, monkeypatch):
    """A file created by someone else during the write survives; the write is refused."""
    target = tmp_path / "a.txt"
    real_fsync = os.fsync

    def racing_fsync(fd: int) -> None:
        real_fsync(fd)
        target.write_bytes(b"theirs")

    monkeypatch.setattr(files.os, "fsync", racing_fsync)
    with pytest.raises(FileExistsError):
        files.write_atomic(target, b"ours")
    assert target.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
