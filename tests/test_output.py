"""`-o` targets: stdout, devices and FIFOs in place, regular files replaced atomically, clear errors."""

from __future__ import annotations

import os
import stat
import sys
import threading

import pytest

from compliance.errors import ComplianceError
from compliance.fsutil import OutputError, open_output, output_folder, write_atomic


def _char_device(path, minor):
    """A character device node in tmp_path (1,3 is null, 1,7 is full), never the real /dev one."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError as e:
        pytest.skip(f"cannot create a device node here (needs root): {e}")
    return path


@pytest.fixture
def umask():
    """os.umask for the test; the previous umask is restored afterwards."""
    saved = os.umask(0o022)
    yield os.umask
    os.umask(saved)


def test_output_error_is_a_compliance_error():
    assert issubclass(OutputError, ComplianceError)


@pytest.mark.parametrize("binary", [False, True])
def test_character_device_is_written_in_place(tmp_path, binary):
    null = _char_device(tmp_path / "null", 3)
    with open_output(null, binary=binary) as fh:
        fh.write(b"discarded" if binary else "discarded")
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert os.lstat(null).st_rdev == os.makedev(1, 3)
    assert os.listdir(tmp_path) == ["null"]


def test_write_error_on_a_device_is_an_output_error(tmp_path):
    full = _char_device(tmp_path / "full", 7)
    with pytest.raises(OutputError, match="No space left on device") as e:
        write_atomic(full, "findings")
    assert str(full) in str(e.value)
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_fifo_is_written_in_place(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    with open_output(fifo) as fh:
        fh.write("一行\n")
    reader.join(timeout=10)
    assert received == ["一行\n".encode("utf-8")]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["pipe"]


def test_dash_is_standard_output(capsys):
    with open_output("-") as fh:
        fh.write("text ")
    with open_output("-", binary=True) as fh:
        fh.write("bytes\n".encode("utf-8"))
    assert not sys.stdout.closed
    assert capsys.readouterr().out == "text bytes\n"


def test_folder_target_is_an_error_naming_it(tmp_path):
    with pytest.raises(OutputError, match="is a folder") as e:
        with open_output(tmp_path) as fh:
            fh.write("x")
    assert str(tmp_path) in str(e.value)
    assert os.listdir(tmp_path) == []


def test_missing_parent_is_an_error_and_creates_nothing(tmp_path):
    target = tmp_path / "missing" / "out.json"
    with pytest.raises(OutputError, match="does not exist") as e:
        write_atomic(target, "x")
    assert str(tmp_path / "missing") in str(e.value)
    assert os.listdir(tmp_path) == []


def test_file_in_place_of_the_parent_is_an_error(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("keep", encoding="utf-8")
    target = afile / "out.json"
    with pytest.raises(OutputError) as e:
        write_atomic(target, "x")
    assert str(target) in str(e.value) and "\n" not in str(e.value)
    assert afile.read_text(encoding="utf-8") == "keep"
    assert os.listdir(tmp_path) == ["afile"]


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_new_file_mode_follows_the_umask(tmp_path, umask, mask):
    umask(mask)
    target = tmp_path / "out.json"
    write_atomic(target, "{}")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o666 & ~mask
    assert target.read_text(encoding="utf-8") == "{}"
    assert os.listdir(tmp_path) == ["out.json"]


def test_replaced_file_keeps_its_mode(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o604)
    write_atomic(target, "new")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o604
    assert target.read_text(encoding="utf-8") == "new"


def test_text_is_utf8_and_newlines_are_kept(tmp_path):
    target = tmp_path / "out.csv"
    with open_output(target) as fh:
        fh.write("甲,乙\r\n丙\n")
    assert target.read_bytes() == "甲,乙\r\n丙\n".encode("utf-8")


def test_failure_inside_the_body_keeps_the_old_file_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(RuntimeError, match="render failed"):
        with open_output(target) as fh:
            fh.write("half")
            raise RuntimeError("render failed")
    assert target.read_text(encoding="utf-8") == "previous"
    assert os.listdir(tmp_path) == ["out.json"]


def test_symlink_is_written_through_and_survives(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert real.read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["link.json", "real.json"]


def test_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    write_atomic(link, "new")
    assert link.is_symlink()
    assert (tmp_path / "real.json").read_text(encoding="utf-8") == "new"


def test_output_folder_existing_or_created_inside_an_existing_folder(tmp_path):
    assert output_folder(tmp_path) == tmp_path
    assert output_folder(tmp_path / "new").is_dir()


def test_output_folder_with_missing_parent_is_an_error_naming_it(tmp_path):
    with pytest.raises(OutputError, match="does not exist") as e:
        output_folder(tmp_path / "a" / "b")
    assert str(tmp_path / "a") in str(e.value)
    assert os.listdir(tmp_path) == []


def test_output_folder_that_is_a_file_is_an_error(tmp_path):
    afile = tmp_path / "report.json"
    afile.write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder") as e:
        output_folder(afile)
    assert str(afile) in str(e.value)
    assert afile.read_text(encoding="utf-8") == "keep"
