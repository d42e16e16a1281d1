"""Atomic writes: the final name holds the whole new content or the old one, with a normal mode."""

import os
import stat
from pathlib import Path

import pytest

from translator import fileio


def test_write_replaces_content_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "sub" / "article.json"
    fileio.atomic_write_text(target, "premier")
    fileio.atomic_write_text(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["article.json"]


def test_written_file_gets_the_mode_open_would_give(tmp_path):
    mask = os.umask(0o022)
    os.umask(mask)
    target = tmp_path / "out.md"
    fileio.atomic_write_text(target, "x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "out.md"
    fileio.atomic_write_text(target, "ancien")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space"):
        fileio.atomic_write_text(target, "nouveau")
    assert target.read_text() == "ancien"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_an_existing_file_keeps_its_mode(tmp_path):
    target = tmp_path / "private.tsv"
    target.write_text("old")
    target.chmod(0o600)
    fileio.atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "private.tsv"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.tsv"
    link.symlink_to(Path("real") / "private.tsv")
    fileio.atomic_write_text(link, "new", through_symlink=True)
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "private.tsv")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["private.tsv"]


def test_a_symlink_in_the_way_of_an_output_is_replaced_and_its_target_left_alone(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours")
    (tmp_path / "run").mkdir()
    planted = tmp_path / "run" / "x.en.md"
    planted.symlink_to(outside)
    fileio.atomic_write_text(planted, "article")
    assert not planted.is_symlink() and planted.read_text() == "article"
    assert outside.read_text() == "not yours"
