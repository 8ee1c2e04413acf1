"""Reading exports: files and folders of ``.jsonl``, ``.json``, ``.csv`` and ``.xlsx`` into rows,
and the loader that validates every row into a record (``compliance.events``) and raises one
``InputError`` listing every bad record of every file."""

from __future__ import annotations

import codecs
import csv
import gc
import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Sequence
from zoneinfo import ZoneInfo

from pydantic_core import PydanticCustomError

from .errors import InputError, Problem
from .events import (
    EventBase,
    _clean_mapping,
    _location_text,
    _Origin,
    _parse_text,
    _show,
    _validate,
    _Validators,
)

try:
    import orjson as _orjson  # optional (the bench extra): JSON read faster, same results
except ImportError:  # pragma: no cover - depends on the environment
    _orjson = None

__all__ = ["SUPPORTED_SUFFIXES", "LoadResult", "load_events"]


# --------------------------------------------------------------------------------------------
# Readers. Each yields (position, row): the line, sheet row or array item number (the location,
# after the reader's prefix in _PREFIXES) and the cells, empty ones dropped; it reports problems
# of the file itself into the list it is given.

SUPPORTED_SUFFIXES = (".csv", ".json", ".jsonl", ".xlsx")
EXPECT_FILE_TYPE = "a .csv, .json, .jsonl or .xlsx file"
EXPECT_ENCODING = "UTF-8, GB18030 or UTF-16 (with a byte-order mark) text; another encoding: --encoding NAME"
_CHUNK = 1 << 20

Rows = Iterator[tuple[int, dict[str, Any]]]


# Encodings of text files. With no --encoding: a byte-order mark decides (UTF-8, UTF-16 LE/BE;
# UTF-32 is refused), else the whole file must decode as UTF-8, else as GB18030 (as Excel on
# Chinese Windows saves a CSV). Every Big5 (Traditional Chinese) file also decodes as GB18030,
# into garbage (張偉 -> 眎岸), so a GB18030 decode is checked by a detector (charset-normalizer)
# on a sample of the file's lines holding non-ASCII bytes; when it finds the text implausible as
# GB18030 and plausible in another encoding, the file is refused naming that one.
_SAMPLE = 256 << 10  # the bytes of the file's start the detector's sample is taken from
_SAMPLE_TEXT = 64 << 10  # the most bytes of non-ASCII lines given to the detector
_ENCODING_NAMES = {  # charset-normalizer's codec names as users know them
    "big5": "Big5 (Traditional Chinese)", "cp950": "Big5 (Traditional Chinese)",
    "big5hkscs": "Big5-HKSCS (Traditional Chinese)", "shift_jis": "Shift JIS (Japanese)",
    "cp932": "Shift JIS (Japanese)", "euc_jp": "EUC-JP (Japanese)", "euc_kr": "EUC-KR (Korean)",
    "cp949": "EUC-KR (Korean)",
}  # fmt: skip
_GB = frozenset({"gb18030", "gbk", "gb2312", "hz"})
EXPECT_CODEC = "an encoding Python knows (such as utf-8, gb18030, big5, utf-16)"


def _likely_not_gb18030(head: bytes) -> str | None:
    """The codec (charset-normalizer's name) a file's start that decodes as GB18030 is more
    likely in, or None when GB18030 is plausible (or nothing else is)."""
    from charset_normalizer import from_bytes  # only here: only GB18030 files need it

    if len(head) == _SAMPLE:  # a line cut at the end would be a broken character
        head = head[: head.rfind(b"\n") + 1] or head
    lines = [line for line in head.split(b"\n") if not line.isascii()]
    sample = b"\n".join(lines)[:_SAMPLE_TEXT]
    if not sample:
        return None
    best = from_bytes(sample, cp_isolation=["gb18030", "big5"]).best()
    if best is None:  # neither is plausible: what else is?
        best = from_bytes(sample).best()
        if best is None:
            return None
    if best.encoding in _GB or _GB.intersection(best.could_be_from_charset):
        return None
    return best.encoding


def _misread(head: bytes, likely: str) -> str:
    """What a problem names: the likely encoding, and the first non-ASCII cell read both ways."""
    name = _ENCODING_NAMES.get(likely, likely)
    for line in head.split(b"\n"):
        for cell in line.split(b","):
            if not cell.isascii():
                cell = cell.strip(b' "\r')[:24]
                theirs = cell.decode(likely, "replace").rstrip("\ufffd")
                ours = cell.decode("gb18030", "replace").rstrip("\ufffd")
                return f"likely {name}: {theirs} (read as GB18030: {ours})"
    return f"likely {name}"


def _nul_at(chunk: bytes, width: int) -> int:
    """Where the first NUL character of a chunk starts (-1: none); ``width`` is the code unit's
    size in bytes (2 for UTF-16) and the chunk starts at a multiple of it."""
    if width == 1:
        return chunk.find(b"\x00")
    nul = b"\x00" * width
    i = chunk.find(nul)
    while i >= 0 and i % width:
        i = chunk.find(nul, i + 1)
    return i


def _csv_encoding(
    path: Path, source: str, problems: list[Problem], encoding: str | None = None
) -> str | None:
    """The Python codec to open a text file with, or None (refused, a problem added): the
    whole file is decoded without holding it; a NUL character is refused.

    ``encoding`` (``--encoding``): the user says so; the file must decode in it (a BOM of
    UTF-8, and of UTF-16 when it is given with its byte order, is skipped). Without it:
    'utf-8-sig' (UTF-8, with or without a BOM), 'utf-16' (a UTF-16 LE or BE BOM) or 'gb18030'
    (when that reads plausibly: a Big5 file is refused, the likely encoding named)."""
    with path.open("rb") as f:
        head = f.read(4)
        if encoding is not None:
            try:
                codec = codecs.lookup(encoding).name
            except LookupError:
                problems.append(Problem(source, "", "", f"--encoding {encoding}", EXPECT_CODEC))
                return None
            if codec == "utf-8":
                codec = "utf-8-sig"
            elif (codec, head[:2]) in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)):
                codec = "utf-16"
            candidates: tuple[str, ...] = (codec,)
        elif head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            problems.append(Problem(source, "", "", "UTF-32 byte-order mark", EXPECT_ENCODING))
            return None
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            candidates = ("utf-16",)
        else:
            candidates = ("utf-8-sig", "gb18030")
        failure = ""
        for codec in candidates:
            f.seek(0)
            decoder = codecs.getincrementaldecoder(codec)()
            width = 4 if codec.startswith("utf-32") else 2 if codec.startswith("utf-16") else 1
            offset = 0
            start = b""
            try:
                while chunk := f.read(_CHUNK):
                    if not offset:
                        start = chunk[:_SAMPLE]
                    nul = _nul_at(chunk, width)
                    if nul >= 0:
                        problems.append(
                            Problem(
                                source, "", "", f"NUL byte at byte {offset + nul}", EXPECT_ENCODING
                            )
                        )
                        return None
                    decoder.decode(chunk)
                    offset += len(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as exc:
                # the decoder's buffer ends where this chunk ends (bytes held over come first)
                at = offset + len(chunk) - len(exc.object) + exc.start
                failure = f"bytes {exc.object[exc.start:exc.start + 4].hex(' ')} at byte {at}"
                continue
            if codec == "gb18030" and encoding is None:
                likely = _likely_not_gb18030(start)
                if likely is not None:
                    problems.append(Problem(source, "", "", _misread(start, likely), EXPECT_ENCODING))
                    return None
            return codec
        if encoding is not None:
            problems.append(Problem(source, "", "", failure, f"{encoding} text (--encoding)"))
        else:
            problems.append(Problem(source, "", "", failure, EXPECT_ENCODING))
        return None

def _read_csv(path: Path, source: str, problems: list[Problem]) -> Rows:
    encoding = _csv_encoding(path, source, problems)
    if encoding is None:
        return
    with path.open("r", encoding=encoding, newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            return
        names = [h.strip() for h in header]
        if _bad_header(names, source, "1", problems):
            return
        width = len(names)
        unnamed = [i for i, n in enumerate(names) if not n]
        prev = reader.line_num
        for cells in reader:
            line = prev + 1
            prev = reader.line_num
            row = {name: v.strip() for name, v in zip(names, cells) if v}
            if "" in row.values():  # cells holding only spaces
                row = {name: v for name, v in row.items() if v}
            if unnamed or len(cells) > width:
                row.pop("", None)
                if _stray_cells(cells, unnamed, width, source, str(line), problems):
                    continue
            if row:
                yield line, row


def _bad_header(names: list[str], source: str, location: str, problems: list[Problem]) -> bool:
    seen = set()
    bad = False
    for n in names:
        if n and n in seen:
            problems.append(Problem(source, location, n, n, "each column name once in the header"))
            bad = True
        seen.add(n)
    return bad


def _stray_cells(
    cells: Sequence[Any],
    unnamed: list[int],
    width: int,
    source: str,
    location: str,
    problems: list[Problem],
) -> bool:
    """Cells under a column without a header name: an error if they hold anything."""
    found = False
    for i in [*(i for i in unnamed if i < len(cells)), *range(width, len(cells))]:
        v = cells[i]
        if not _blank(v):
            problems.append(
                Problem(
                    source, location, f"column {i + 1}", _show(v), "a column with a header name"
                )
            )
            found = True
    return found


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _json_loads(text: str) -> Any:
    """``json.loads``; with orjson installed, orjson first (3× faster; what it refuses —
    NaN, huge numbers, lone surrogates, bad JSON — goes to ``json`` for its result or error)."""
    if _orjson is not None:
        try:
            return _orjson.loads(text)
        except _orjson.JSONDecodeError:
            pass
    return json.loads(text)


def _bad_byte(exc: UnicodeDecodeError) -> str:
    return f"byte {exc.object[exc.start:exc.start + 1].hex()}"


def _read_jsonl(path: Path, source: str, problems: list[Problem]) -> Rows:
    lineno = 0
    try:
        with path.open("r", encoding="utf-8-sig") as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    obj = _json_loads(line)
                except json.JSONDecodeError as exc:
                    problems.append(
                        Problem(
                            source, str(lineno), "", _show(line.strip()), f"a JSON object ({exc.msg})"
                        )
                    )
                    continue
                if not isinstance(obj, dict):
                    problems.append(Problem(source, str(lineno), "", _show(obj), "a JSON object"))
                    continue
                row = _clean_mapping(obj)
                if row:
                    yield lineno, row
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(source, str(lineno + 1), "", _bad_byte(exc), "UTF-8 text")
        )


def _read_json(path: Path, source: str, problems: list[Problem]) -> Rows:
    try:
        with path.open("r", encoding="utf-8-sig") as f:
            items = _json_loads(f.read())
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(source, "", "", _bad_byte(exc), "UTF-8 text")
        )
        return
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                source,
                "",
                "",
                f"{exc.msg} at line {exc.lineno} column {exc.colno}",
                "a JSON array of objects",
            )
        )
        return
    if not isinstance(items, list):
        problems.append(Problem(source, "", "", type(items).__name__, "a JSON array of objects"))
        return
    for i, obj in enumerate(items):
        items[i] = None  # free each parsed object once its record exists
        if not isinstance(obj, dict):
            problems.append(Problem(source, f"item {i + 1}", "", _show(obj), "a JSON object"))
            continue
        row = _clean_mapping(obj)
        if row:
            yield i + 1, row


@lru_cache(maxsize=256)
def _is_date_format(fmt: str) -> bool:
    from openpyxl.styles.numbers import is_datetime

    return is_datetime(fmt) == "date"


def _read_xlsx(path: Path, source: str, problems: list[Problem]) -> Rows:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        problems.append(Problem(source, "", "", _show(exc), "a readable .xlsx workbook"))
        return
    try:
        if not wb.worksheets:
            return
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # the stored dimensions may be wrong: read the cells that exist
        names: list[str] | None = None
        unnamed: list[int] = []
        width = 0
        for r, cells in enumerate(ws.iter_rows(), 1):
            if names is None:
                if all(_blank(c.value) for c in cells):
                    continue  # leading blank rows
                names = ["" if c.value is None else _show(c.value).strip() for c in cells]
                if _bad_header(names, source, f"row {r}", problems):
                    return
                width = len(names)
                unnamed = [i for i, n in enumerate(names) if not n]
                continue
            row: dict[str, Any] = {}
            for name, c in zip(names, cells):
                v = c.value
                if v is None:
                    continue
                if isinstance(v, str):
                    v = v.strip()
                    if not v:
                        continue
                elif isinstance(v, datetime) and _is_date_format(c.number_format or "General"):
                    v = v.date()  # a cell formatted as a date only holds a date
                row[name] = v
            if unnamed or len(cells) > width:
                row.pop("", None)
                values = [c.value for c in cells]
                if _stray_cells(values, unnamed, width, source, f"row {r}", problems):
                    continue
            if row:
                yield r, row
    finally:
        wb.close()


_READERS = {".csv": _read_csv, ".jsonl": _read_jsonl, ".json": _read_json, ".xlsx": _read_xlsx}
_PREFIXES = {".csv": "", ".jsonl": "", ".json": "item ", ".xlsx": "row "}


# --------------------------------------------------------------------------------------------
# The loader


@dataclass
class LoadResult:
    events: list[EventBase] = field(default_factory=list)  # file order, files sorted by path
    files: list[str] = field(default_factory=list)  # every file read, as the user named it
    skipped_other_contract: int = 0  # records of another contract, not errors


def _collect_files(paths: Sequence[Path | str], problems: list[Problem]) -> list[Path]:
    found: dict[Path, Path] = {}  # resolved -> as named (a file given twice is read once)
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in path.rglob("*"):
                if (
                    child.suffix.lower() in _READERS
                    and child.is_file()
                    and not child.name.startswith(("~$", ".")) # Excel lock files, hidden files
                ):
                    found.setdefault(child.resolve(), child)
        elif path.is_file():
            if path.suffix.lower() in _READERS:
                found.setdefault(path.resolve(), path)
            else:
                problems.append(
                    Problem(
                        str(p), "", "", path.suffix or path.name, EXPECT_FILE_TYPE
                    )
                )
        else:
            problems.append(Problem(str(p), "", "", str(p), "an existing file or folder"))
    return sorted(found.values(), key=lambda q: (q.parts, str(q)))


def load_events(
    paths: Sequence[Path | str] | Path | str, tz: ZoneInfo, *, contract: str | None = None
) -> LoadResult:
    """Read and validate every record of every file (folders recursively). Records whose
    ``contract`` is set and differs from ``contract`` are skipped and counted. Raises one
    ``InputError`` with every problem of every file; returns only when all records are good."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    # Hundreds of thousands of new models and dicts would set off the cyclic garbage collector
    # again and again over an ever larger heap (≈ 30 % of the load time); they hold no cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(paths, tz, contract)
    finally:
        if gc_was_enabled:
            gc.enable()


def _load(paths: Sequence[Path | str], tz: ZoneInfo, contract: str | None) -> LoadResult:
    problems: list[Problem] = []
    files = _collect_files(paths, problems)
    validators = _Validators(tz, memo=True)
    events: list[EventBase] = []
    seen: dict[str, EventBase | str] = {}  # id -> first record with it (or where it was)
    skipped = 0
    append = events.append
    for path in files:
        suffix = path.suffix.lower()
        origin = _Origin(str(path), _PREFIXES[suffix])
        for at, row in _READERS[suffix](path, origin.source, problems):
            if (
                contract is not None
                and row.get("contract", contract) != contract  # the same text: not another's
                and _other_contract(row, contract)
            ):
                skipped += 1
                continue
            ev, bad = _validate(row, validators, origin, at)
            if bad:
                problems.extend(bad)
            rid = ev.id if ev is not None else row.get("id")
            if rid is not None and not isinstance(rid, str):
                rid = _text_or_none(rid)
            if rid is None:
                continue
            first = seen.get(rid)
            if first is None:
                seen[rid] = ev if ev is not None else f"{origin.source}:{_location_text(origin, at)}"
                if ev is not None:
                    append(ev)
            else:
                where = first if isinstance(first, str) else first.where()
                problems.append(
                    Problem(
                        origin.source, _location_text(origin, at), "id", rid,
                        f"an id not used before (first: {where})",
                    )
                )  # fmt: skip
    if problems:
        raise InputError(problems)
    return LoadResult(events=events, files=[str(p) for p in files], skipped_other_contract=skipped)


def _other_contract(row: dict[str, Any], contract: str) -> bool:
    rc = row.get("contract")
    if rc is not None and not isinstance(rc, str):
        rc = _text_or_none(rc)
    return rc is not None and rc != contract


def _text_or_none(v: Any) -> str | None:
    try:
        return _parse_text(v)
    except PydanticCustomError:
        return None
