"""Atomic writes that never replace a file unasked."""

import os

import pytest

from logicsim.errors import LogicsimError
from logicsim.files import atomic_target, write_atomic


def test_write_text_and_bytes(tmp_path):
    p = write_atomic(tmp_path / "a.txt", "héllo\n")
    assert p.read_text(encoding="utf-8") == "héllo\n"
    write_atomic(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"


def test_existing_file_is_kept_unless_overwrite(tmp_path):
    p = tmp_path / "mine.txt"
    p.write_text("precious")
    with pytest.raises(LogicsimError, match="already exists"):
        write_atomic(p, "new")
    assert p.read_text() == "precious"
    write_atomic(p, "new", overwrite=True)
    assert p.read_text() == "new"


def test_missing_folder_and_folder_target_are_clear_errors(tmp_path):
    with pytest.raises(LogicsimError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "a.txt", "x")
    with pytest.raises(LogicsimError, match="is a folder"):
        write_atomic(tmp_path, "x")


def test_a_failing_writer_leaves_no_file_and_no_temporary(tmp_path):
    p = tmp_path / "out.png"
    with pytest.raises(RuntimeError):
        with atomic_target(p) as tmp:
            assert tmp.endswith(".png") and os.path.dirname(tmp) == str(tmp_path)
            with open(tmp, "w") as fh:
                fh.write("half")
            raise RuntimeError("exporter crashed")
    assert os.listdir(tmp_path) == []


def test_new_files_get_normal_permissions_and_overwrites_keep_theirs(tmp_path):
    old = os.umask(0o022)
    try:
        p = write_atomic(tmp_path / "new.txt", "x")
        assert (p.stat().st_mode & 0o777) == 0o644
        p.chmod(0o600)
        write_atomic(p, "y", overwrite=True)
        assert (p.stat().st_mode & 0o777) == 0o600
    finally:
        os.umask(old)
