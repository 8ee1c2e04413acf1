"""Writing output safely: `-` is standard output, devices and FIFOs are written in place, regular
files are replaced atomically (a temporary file beside the target, then a rename)."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Iterator

from .errors import ComplianceError

_TEXT = {"encoding": "utf-8", "newline": ""}


class OutputError(ComplianceError):
    """An output file or folder that cannot be written (exit status 2)."""


@contextmanager
def open_output(target: str | Path, *, binary: bool = False) -> Iterator[IO]:
    """A writable stream for `-o TARGET`: text (UTF-8, newlines as written) or binary.

    `-` is standard output (flushed, never closed). An existing device, FIFO or socket is written
    in place. A regular file is written to a temporary file in the same folder and renamed onto
    the target only when the body finishes; if the body raises, the target is untouched. A new file
    gets mode 0o666 & ~umask, a replaced one keeps its mode; a symlink is written through. A folder,
    a missing parent folder and any OSError (also one raised by the body's writes) become an
    OutputError.
    """
    try:
        with _open(target, binary) as stream:
            yield stream
    except OSError as e:
        raise OutputError(f"-o {target}: cannot write: {e.strerror or e}") from e


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write `data` (text as UTF-8) to `path` by the rules of `open_output`."""
    with open_output(path, binary=isinstance(data, bytes)) as fh:
        fh.write(data)


def check_target(target: str | Path, *, folder: bool = False) -> None:
    """Refuse a bad `-o` before any work is done, with the errors `open_output` (or, for
    ``folder``, `output_folder`) would raise; creates nothing."""
    if str(target) == "-" and not folder:
        return
    path = Path(target)
    if folder:
        if path.exists() and not path.is_dir():
            raise OutputError(f"-o {path}: is not a folder; give a folder to write one file per --format into")
        if not path.exists():
            _check_parent(path)
        return
    if path.is_dir():
        raise OutputError(f"-o {target}: is a folder; give a file name "
                          "(or several --format values to write one file each into a folder)")
    if not path.exists() and not path.is_symlink():
        _check_parent(path, target)


def output_folder(path: str | Path) -> Path:
    """The folder for `-o DIR` (one file per format): created if missing, but only inside an existing folder."""
    path = Path(path)
    if path.is_dir():
        return path
    if path.exists():
        raise OutputError(f"-o {path}: is not a folder; give a folder to write one file per --format into")
    _check_parent(path)
    try:
        path.mkdir()
    except OSError as e:
        raise OutputError(f"-o {path}: cannot create the folder: {e.strerror or e}") from e
    return path


def _open(target: str | Path, binary: bool) -> AbstractContextManager[IO]:
    if str(target) == "-":
        return _stdout(binary)
    path = Path(target)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        st = path.stat()
    except FileNotFoundError:
        _check_parent(path, target)
        return _replacing(path, _new_file_mode(), binary)
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"-o {target}: is a folder; give a file name "
                          "(or several --format values to write one file each into a folder)")
    if stat.S_ISREG(st.st_mode):
        return _replacing(path, stat.S_IMODE(st.st_mode), binary)
    return open(path, "wb") if binary else open(path, "w", **_TEXT)


def _check_parent(path: Path, target: str | Path | None = None) -> None:
    parent = path.parent
    if not parent.exists():
        raise OutputError(f"-o {target or path}: folder {parent} does not exist (it is not created)")
    if not parent.is_dir():
        raise OutputError(f"-o {target or path}: {parent} is not a folder")


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def _stdout(binary: bool) -> Iterator[IO]:
    stream = sys.stdout.buffer if binary else sys.stdout
    yield stream
    stream.flush()


@contextmanager
def _replacing(path: Path, mode: int, binary: bool) -> Iterator[IO]:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with open(fd, "wb") if binary else open(fd, "w", **_TEXT) as fh:
            os.fchmod(fd, mode)
            yield fh
            fh.flush()
            os.fsync(fd)
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def normalize_zip(data: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """A zip (an .xlsx, a .docx) rewritten with fixed entry times and attributes, so that the same
    content gives the same bytes."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()

