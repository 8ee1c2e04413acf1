"""Reading exports: files and folders of ``.jsonl``, ``.json``, ``.csv`` and ``.xlsx`` into rows of
fields, and the loader that validates every row into a record (``compliance.events``).

Real exports come with their own shapes: Chinese column headers (every field's label is a
header, see ``compliance kinds``), no ``kind`` column, title rows above the header, data on a
second sheet, the contract named by its title. A mapping (``compliance.mapping``) says what a
file holds where the loader cannot tell. Nothing is dropped silently: what is read, merged,
skipped or left unused is counted in the ``LoadResult`` (the report's notices); every bad
record of every file is reported at once in one ``InputError``.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import gc
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence
from zoneinfo import ZoneInfo

from pydantic_core import PydanticCustomError

from . import labels
from .errors import InputError, Problem, bad_byte
from .events import (
    COMMON_FIELDS,
    KINDS,
    EventBase,
    _clean_mapping,
    clean_cell,
    _location_text,
    _BUILD_REFUSED,
    _Origin,
    Unsure,
    _parse_date,
    _parse_text,
    _show,
    _validate,
    _Validators,
    field_parts,
)
from .mapping import NO_MAPPING, Mapping, Source
from .timetext import date_cell_held_time

try:
    import orjson as _orjson  # optional (the bench extra): JSON read faster, same results
except ImportError:  # pragma: no cover - depends on the environment
    _orjson = None

__all__ = ["SUPPORTED_SUFFIXES", "LoadResult", "load_events"]

SUPPORTED_SUFFIXES = (".csv", ".json", ".jsonl", ".xlsx")
EXPECT_FILE_TYPE = "a .csv, .json, .jsonl or .xlsx file"
EXPECT_ENCODING = "UTF-8, GB18030 or UTF-16 (with a byte-order mark) text; another encoding: --encoding NAME"
_CHUNK = 1 << 20

Tables = Iterator["Table"]
# the date fields of each kind: a date-time written in one is taken as its date, and said
DATE_FIELDS = {k: tuple(n for n, f in m.model_fields.items() if any(getattr(x, "func", None) is _parse_date
                                                                    for x in field_parts(f)))
               for k, m in KINDS.items()}
_FUSED_REFUSED = (*_BUILD_REFUSED, Unsure)  # what leaves an object to the general path
# the required fields of each kind: a table without a kind column must have them all
REQUIRED = {k: frozenset(n for n, f in m.model_fields.items() if f.is_required() and n not in ("id", "kind"))
            for k, m in KINDS.items()}


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
    if not sample or _common_chinese(sample):
        return None
    best = from_bytes(sample, cp_isolation=["gb18030", "big5"]).best()
    if best is None:  # neither is plausible: what else is?
        best = from_bytes(sample).best()
        if best is None:
            return None
    if best.encoding in _GB or _GB.intersection(best.could_be_from_charset):
        return None
    return best.encoding


def _common_chinese(sample: bytes) -> bool:
    """Is every non-ASCII character of the sample, read as GB18030, a common Chinese character
    (GB2312 level 1: 王伟, 故障, 已完成) or full-width punctuation? Then it is Chinese text, however
    little of it there is: a column of short names (王伟, 李伟 …) is too little for a statistical
    guess, which took one for ISO-8859-5 (Cyrillic misread as GB18030 mixes in rare characters)."""
    text = sample.decode("gb18030", "replace")
    for ch in text:
        if ch < "\x80":
            continue
        try:
            b = ch.encode("gb2312")
        except UnicodeEncodeError:
            return False
        if not (0xB0 <= b[0] <= 0xD7 or 0xA1 <= b[0] <= 0xA3):
            return False
    return True


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

def _read_csv(path: Path, source: str, problems: list[Problem], encoding: str | None = None) -> Tables:
    encoding = _csv_encoding(path, source, problems, encoding)
    if encoding is None:
        return
    f = path.open("r", encoding=encoding, newline="")
    try:
        reader = csv.reader(f)

        def rows() -> Iterator[tuple[int, list[Any]]]:
            prev = 0
            for cells in reader:
                yield prev + 1, cells
                prev = reader.line_num

        yield Table(source, "", rows())
    finally:
        f.close()


class BadJSON(ValueError):
    """Text ``json`` reads but the checker cannot take: a number of more digits than Python
    reads (4,300), a string holding an unpaired surrogate (no character: no report could hold
    it). ``msg`` says which, as ``json.JSONDecodeError`` does."""

    def __init__(self, msg: str):
        super().__init__(msg)
        self.msg = msg


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _strings(v: Any) -> Iterator[str]:
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield from _strings(k)
            yield from _strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from _strings(x)


def _json_loads(text: str) -> Any:
    """``json.loads``; with orjson installed, orjson first (3× faster; what it refuses —
    NaN, huge numbers, lone surrogates, bad JSON — goes to ``json`` for its result or error).
    Raises ``json.JSONDecodeError`` or :class:`BadJSON`."""
    if _orjson is not None:
        try:
            return _orjson.loads(text)
        except _orjson.JSONDecodeError:
            pass
    try:
        out = json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise BadJSON(str(exc).split(";")[0]) from None
    # a surrogate can only come from an escape (the text itself is decoded strictly)
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        for t in _strings(out):
            try:
                t.encode("utf-8")
            except UnicodeEncodeError:
                raise BadJSON("a \\u escape of an unpaired surrogate (\\ud800–\\udfff), which is no character") from None
    return out


def _read_jsonl(path: Path, source: str, problems: list[Problem], encoding: str | None = None) -> Tables:
    def objects() -> Iterator[tuple[int, dict[str, Any]]]:
        lineno = 0
        try:
            with path.open("r", encoding=encoding or "utf-8-sig") as f:
                for lineno, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    try:
                        obj = _json_loads(line)
                    except (json.JSONDecodeError, BadJSON) as exc:
                        problems.append(Problem(source, str(lineno), "", _show(line.strip()), f"a JSON object ({exc.msg})"))
                        continue
                    if not isinstance(obj, dict):
                        problems.append(Problem(source, str(lineno), "", _show(obj), "a JSON object"))
                        continue
                    yield lineno, obj
        except UnicodeDecodeError as exc:
            problems.append(Problem(source, str(lineno + 1), "", bad_byte(exc), "UTF-8 text"))

    yield Table(source, "", None, objects())


def _read_json(path: Path, source: str, problems: list[Problem], encoding: str | None = None) -> Tables:
    try:
        with path.open("r", encoding=encoding or "utf-8-sig") as f:
            items = _json_loads(f.read())
    except UnicodeDecodeError as exc:
        problems.append(Problem(source, "", "", bad_byte(exc), "UTF-8 text"))
        return
    except json.JSONDecodeError as exc:
        problems.append(Problem(source, "", "", f"{exc.msg} at line {exc.lineno} column {exc.colno}",
                                "a JSON array of objects"))
        return
    except BadJSON as exc:
        problems.append(Problem(source, "", "", exc.msg, "a JSON array of objects"))
        return
    if not isinstance(items, list):
        problems.append(Problem(source, "", "", type(items).__name__, "a JSON array of objects"))
        return

    def objects() -> Iterator[tuple[int, dict[str, Any]]]:
        for i, obj in enumerate(items):
            items[i] = None  # free each parsed object once its record exists
            if not isinstance(obj, dict):
                problems.append(Problem(source, f"item {i + 1}", "", _show(obj), "a JSON object"))
                continue
            yield i + 1, obj

    yield Table(source, "", None, objects())


@lru_cache(maxsize=256)
def _is_date_format(fmt: str) -> bool:
    from openpyxl.styles.numbers import is_datetime

    return is_datetime(fmt) == "date"


_MIDNIGHT = time(0)


def _xlsx_value(c: Any) -> Any:
    v = c.value
    # a cell formatted as a date holds a date — unless it holds a time of day too, which is kept
    if isinstance(v, datetime) and v.time() == _MIDNIGHT and _is_date_format(c.number_format or "General"):
        return v.date()
    return v


def _read_xlsx(path: Path, source: str, problems: list[Problem], encoding: str | None = None,
               sheet: str | int | None = None) -> Tables:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        problems.append(Problem(source, "", "", _show(exc), "a readable .xlsx workbook"))
        return
    try:
        sheets = wb.worksheets
        if sheet is not None:
            chosen = ([ws for ws in sheets if ws.title == sheet] if isinstance(sheet, str)
                      else sheets[sheet - 1:sheet] if sheet >= 1 else [])
            if not chosen:
                problems.append(Problem(source, "", "sheet", str(sheet),
                                        f"a sheet of the workbook: {', '.join(ws.title for ws in sheets)}"))
                return
            sheets = chosen
        for ws in sheets:
            ws.reset_dimensions()  # the stored dimensions may be wrong: read the cells that exist
            rows = ((r, [_xlsx_value(c) for c in cells]) for r, cells in enumerate(ws.iter_rows(), 1))
            yield Table(source, ws.title if len(wb.worksheets) > 1 else "", rows)
    finally:
        wb.close()


_READERS = {".csv": _read_csv, ".jsonl": _read_jsonl, ".json": _read_json, ".xlsx": _read_xlsx}
_PREFIXES = {".csv": "", ".jsonl": "", ".json": "item ", ".xlsx": "row "}
# what a folder may also hold, said rather than silently passed over: (English, Chinese)
_SKIP_REASONS = {
    ".xls": ("an Excel 97-2003 workbook: open it in Excel or WPS and save it as .xlsx",
             "Excel 97-2003 工作簿，请在 Excel 或 WPS 中另存为 .xlsx"),
    ".et": ("a WPS workbook: save it as .xlsx", "WPS 工作簿，请另存为 .xlsx"),
    ".ods": ("an OpenDocument sheet: save it as .xlsx", "OpenDocument 表格，请另存为 .xlsx"),
    ".xlsb": ("a binary Excel workbook: save it as .xlsx", "Excel 二进制工作簿，请另存为 .xlsx"),
}
_NOT_RECORDS = ("not a record file (.csv, .json, .jsonl, .xlsx)", "不是记录文件（.csv、.json、.jsonl、.xlsx）")


# --------------------------------------------------------------------------------------------
# Tables -> rows: the header, the columns, the kind


@dataclass
class Table:
    """One sheet or text file: raw rows of cells (``cells``), or parsed JSON objects (``objects``)."""

    source: str
    sheet: str
    cells: Iterator[tuple[int, list[Any]]] | None
    objects: Iterator[tuple[int, dict[str, Any]]] | None = None
    first_line: int = 0  # where its content starts, and what it says (for "no header" errors)
    first_text: str = ""

    @property
    def name(self) -> str:
        return f"{self.source}[{self.sheet}]" if self.sheet else self.source


_HEADER_SCAN = 20  # rows looked at for the header


class Vocabulary:
    """Every column name the loader knows without a mapping: field names, Chinese labels and
    aliases of every kind, and the mapping's own column names."""

    def __init__(self, mapping: Mapping):
        self.by_kind: dict[str, dict[str, str]] = {k: labels.field_labels(k) for k in KINDS}
        self.common = {name for name in COMMON_FIELDS} | {lab for lab, f in labels.field_labels(None).items()}
        self.mapped = {c for s in mapping.sources for c in s.columns}
        self.known = self.mapped | self.common | {n for names in self.by_kind.values() for n in names}
        self.common_labels = labels.field_labels(None)
        self._values: dict[tuple[str, str], dict[str, str]] = {}

    def value_labels(self, kind: str, field: str) -> dict[str, str]:
        key = (kind, field)
        m = self._values.get(key)
        if m is None:
            # only texts that differ from the value itself need translating
            m = self._values[key] = {t: v for t, v in labels.value_labels(kind, field).items() if t != v}
        return m

    def resolve(self, kind: str, header: str, columns: dict[str, str]) -> str | None:
        """The field a column of a ``kind`` row holds, or None (an extra column)."""
        if header in columns:
            return columns[header]
        if header in COMMON_FIELDS:
            return header
        return self.by_kind[kind].get(header) or self.common_labels.get(header)

    def near_field(self, kind: str, header: str) -> str | None:
        """The field a column is almost surely a misspelling of (notify_at, 响应时問), or None."""
        names = sorted(set(KINDS[kind].model_fields) - {"source", "location", "kind"})
        hit = difflib.get_close_matches(header, names, n=1, cutoff=0.75)
        if hit:
            return hit[0]
        lab = difflib.get_close_matches(header, sorted(self.by_kind[kind]), n=1, cutoff=0.75)
        return self.by_kind[kind][lab[0]] if lab else None

    def suggest(self, kind: str | None, header: str) -> str | None:
        """A field a misspelt column probably means (notify_at -> notified_at)."""
        names = set(KINDS[kind].model_fields) if kind else {n for k in KINDS for n in KINDS[k].model_fields}
        names -= {"source", "location"}
        hit = difflib.get_close_matches(header, sorted(names), n=1, cutoff=0.75)
        if hit:
            return hit[0]
        if kind:
            chinese = sorted(h for h, f in self.by_kind[kind].items() if h != f)
            lab = difflib.get_close_matches(header, chinese, n=1, cutoff=0.75)
            if lab:
                return f"{lab[0]} ({self.by_kind[kind][lab[0]]})"
        return None


def _find_header(head: list[tuple[int, list[Any]]], vocab: Vocabulary, header_row: int | None,
                 table: Table, problems: list[Problem]) -> int | None:
    """The index in ``head`` of the header row: the given one, or the first holding known names."""
    if header_row is not None:
        for i, (pos, _) in enumerate(head):
            if pos == header_row:
                return i
        problems.append(Problem(table.source, "", "header_row", str(header_row), "a row of the file's first rows"))
        return None
    for i, (_, cells) in enumerate(head):
        names = [_cell_text(c) for c in cells if not _blank(c)]
        if not names:
            continue
        known = sum(n in vocab.known for n in names)
        if known >= min(2, len(names)):
            return i
    return None


def _row_maker(plan: Sequence[tuple[Any, str, dict | None]]) -> Callable[[Any], dict[str, Any]]:
    """A row of fields from a table row's cells or a JSON object, by a plan of (cell index or
    key, field, value labels or None): text stripped, empty cells left out, values translated.
    Compiled per plan, its keys, names and value labels bound as constants (a million rows of
    a few shapes share a few of these)."""
    lines, names = ["def make(source):", "    row = {}"], {}
    for i, (k, name, vmap) in enumerate(plan):
        names[f"k{i}"], names[f"f{i}"], names[f"m{i}"] = k, name, vmap
        lines += [f"    v = source[k{i}]",
                  "    if v.__class__ is str or isinstance(v, str):",  # (most cells: text; the test first is the cheaper)
                  "        v = v.strip()",
                  "        if v:",
                  f"            row[f{i}] = m{i}.get(v, v)" if vmap is not None else f"            row[f{i}] = v",
                  "    elif v is not None:",
                  f"        row[f{i}] = v"]
    lines.append("    return row")
    exec(compile("\n".join(lines) + "\n", "<planned row>", "exec"), names)
    return names["make"]


def _cell_text(v: Any) -> str:
    return "" if v is None else _show(v).strip()



class Loader:
    """Reads files into rows of fields, validates them into records, and keeps count of what it
    reads, merges, skips and leaves out (the notices)."""

    def __init__(self, tz: ZoneInfo, mapping: Mapping, contract_names: frozenset[str], encoding: str | None):
        self.tz = tz
        self.mapping = mapping
        self.contract_names = contract_names
        self.encoding = encoding
        self.vocab = Vocabulary(mapping)
        self.validators = _Validators(tz, memo=True)
        self.problems: list[Problem] = []
        self.result = LoadResult()
        self._seen: dict[str, EventBase | str] = {}
        self._contract_texts: dict[str, bool] = {}  # a contract column's texts, judged once each

    # -- files ---------------------------------------------------------------------------------

    def load(self, paths: Sequence[Path | str]) -> LoadResult:
        files = self._collect(paths)
        for path in files:
            self._file(path)
        res = self.result
        res.files = [str(p) for p in files]
        for (source, name), n in sorted(res.dates_from_times.items()):
            res.note("dates_from_times", f"{source}：{n}个{name}单元格是日期时间，只取其日期")
        if self.problems:
            raise InputError(self.problems)
        return res

    def _collect(self, paths: Sequence[Path | str]) -> list[Path]:
        found: dict[Path, Path] = {}  # resolved -> as named (a file given twice is read once)
        for p in paths:
            path = Path(p)
            if path.is_dir():
                for child in sorted(path.rglob("*"), key=lambda q: (q.parts, str(q))):
                    if not child.is_file() or child.name.startswith("."):
                        continue
                    suffix = child.suffix.lower()
                    if child.name.startswith("~$"):
                        self.result.skipped_files.append((str(child), ("an Office lock file", "Office 临时锁定文件")))
                    elif suffix in _READERS:
                        found.setdefault(child.resolve(), child)
                    else:
                        self.result.skipped_files.append((str(child), _SKIP_REASONS.get(suffix, _NOT_RECORDS)))
            elif path.is_file():
                if path.suffix.lower() in _READERS:
                    found.setdefault(path.resolve(), path)
                else:
                    reason = _SKIP_REASONS.get(path.suffix.lower(), (EXPECT_FILE_TYPE,))[0]
                    self.problems.append(Problem(str(p), "", "", path.suffix or path.name, reason))
            else:
                self.problems.append(Problem(str(p), "", "", str(p), "an existing file or folder"))
        return sorted(found.values(), key=lambda q: (q.parts, str(q)))

    def _file(self, path: Path) -> None:
        suffix = path.suffix.lower()
        src = self.mapping.source_for(path)
        origin = _Origin(str(path), _PREFIXES[suffix])
        encoding = (src.encoding if src else None) or self.encoding
        kwargs = {"sheet": src.sheet} if suffix == ".xlsx" and src and src.sheet is not None else {}
        read, unreadable = [], []  # tables with a header; tables with content but none
        for table in _READERS[suffix](path, origin.source, self.problems, encoding, **kwargs):
            status = self._objects(table, src, origin) if table.objects is not None else self._cells(table, src, origin)
            (read if status == "read" else unreadable if status == "no header" else []).append(table)
        if read:
            if unreadable:
                self.result.note("sheet_skipped", f"{origin.source}：工作表{'、'.join(t.sheet for t in unreadable)}"
                                                  "没有可识别的表头，未读取")
            return
        if unreadable:
            t = unreadable[0]
            self.problems.append(Problem(
                origin.source, "" if t.sheet else str(t.first_line), "header", t.first_text,
                "a header row of field names or their Chinese labels (see `compliance kinds`), or a mapping (--map)"
                + (f"; no sheet has one ({'、'.join(u.sheet for u in unreadable)})" if t.sheet else "")))
        elif not any(p.source == origin.source for p in self.problems):
            self.result.empty_files.append(origin.source)

    # -- rows ----------------------------------------------------------------------------------

    def _cells(self, table: Table, src: Source | None, origin: _Origin) -> str:
        """Read a table of cells: "read", "blank" (no content) or "no header" (content, but no
        row of known column names: a notes sheet, an export that needs a mapping)."""
        assert table.cells is not None
        head: list[tuple[int, list[Any]]] = []
        for item in table.cells:
            head.append(item)
            if len(head) >= _HEADER_SCAN:
                break
        content = [(p, c) for p, c in head if not all(_blank(x) for x in c)]
        if not content:
            return "blank"
        at = _find_header(head, self.vocab, src.header_row if src else None, table, self.problems)
        if at is None:
            table.first_line, first = content[0]
            table.first_text = _short(",".join(_cell_text(c) for c in first if not _blank(c)), 80)
            return "no header"
        pos, header_cells = head[at]
        skipped = [c for p, c in content if p < pos]
        if skipped:
            text = " / ".join("".join(_cell_text(x) for x in c if not _blank(x)) for c in skipped)
            self.result.note("title_rows", f"{table.name}：表头在第{pos}行，其上{len(skipped)}行（{_short(text)}）"
                                           "不是记录，未读取")
        names = [_cell_text(c) for c in header_cells]
        if _bad_header(names, table.source, _location_text(origin, pos), self.problems):
            return "read"
        width = len(names)
        unnamed = [i for i, n in enumerate(names) if not n]
        columns = src.columns if src else {}
        kind = src.kind if src else None
        kind_col = None if kind else self._kind_column(names, columns)
        if kind is None and kind_col is None:
            kind = self._infer_kind(names, columns, table)
            if kind is None:
                return "read"
        plans: dict[str, Callable[[Any], dict[str, Any]]] = {}  # kind -> its _row_maker
        values = src.values if src else {}
        footers: list[int] = []
        for rownum, cells in _chain(head[at + 1:], table.cells):
            first = cells[0] if cells else None
            # most rows start with a record's id: neither a blank row nor a footer (one test)
            if not (first.__class__ is str and (lead := first.strip()) and not lead.startswith(_FOOTER_WORDS)):
                if all(_blank(c) for c in cells):
                    continue
                if _is_footer(cells):  # 合计：3条 below the data, as report-style exports end
                    footers.append(rownum)
                    continue
            if (unnamed or len(cells) > width) and _stray_cells(
                    cells, unnamed, width, table.source, _location_text(origin, rownum), self.problems):
                continue
            row_kind = kind
            if row_kind is None:
                raw = cells[kind_col] if kind_col < len(cells) else None
                row_kind = labels.kind_by_label(_cell_text(raw)) if not _blank(raw) else None
                if row_kind is None:  # validation names the bad or missing kind
                    self._row({"kind": _cell_text(raw)} if not _blank(raw) else {}, origin, rownum)
                    continue
            make = plans.get(row_kind)
            if make is None:
                make = plans[row_kind] = _row_maker(self._plan(row_kind, names, columns, values, table))
            if len(cells) < width:  # a short row: its missing cells are empty
                cells = [*cells, *([None] * (width - len(cells)))]
            row = make(cells)
            row["kind"] = row_kind
            self._row(row, origin, rownum)
        if footers:
            self.result.note("footer_rows", f"{table.name}：第{'、'.join(map(str, footers))}行为合计行，不是记录，未读取")
        return "read"

    def _objects(self, table: Table, src: Source | None, origin: _Origin) -> str:
        """JSON objects: keys are column names (mapped like headers). The work that depends only
        on an object's keys and kind (which field each key is, which value labels apply, which
        keys are unused) is planned once per shape and reused by every object of that shape."""
        assert table.objects is not None
        columns = src.columns if src else {}
        values = src.values if src else {}
        fixed_kind = src.kind if src and src.kind else None
        unused: dict[str, set[str]] = {}
        # keys -> (key, stripped name) pairs, the keys whose stripped name is "kind", and per kind
        # of that shape its _row_maker and fused builder (or None): one lookup of the keys an object
        shapes: dict[tuple, tuple[tuple[tuple[Any, str], ...], tuple[Any, ...],
                                  dict[Any, tuple[Callable, Callable | None]]]] = {}
        kinds: dict[Any, Any] = {}
        for pos, obj in table.objects:
            keys = tuple(obj)
            shape = shapes.get(keys)
            if shape is None:
                named = tuple((k, str(k).strip()) for k in keys)
                shape = shapes[keys] = (named, tuple(k for k, n in named if n == "kind"), {})
            named, kind_keys, plans = shape
            kind = fixed_kind
            if kind is None:
                for k in kind_keys:  # the last such key wins, as in a dict of the stripped names
                    raw = clean_cell(obj[k])
                    if raw is not None:
                        kind = raw
            if kind.__class__ is str and kind not in KINDS:
                known = kinds.get(kind)
                if known is None:
                    known = kinds[kind] = labels.kind_by_label(kind) or kind
                kind = known
            try:
                made = plans.get(kind)
            except TypeError:  # an unhashable kind value (a list): refused by validation below
                row = _row_maker(self._object_plan(named, kind, columns, values, unused))(obj)
            else:
                if made is None:
                    plan = self._object_plan(named, kind, columns, values, unused)
                    validator = self.validators.get(kind) if kind in KINDS else None
                    made = plans[kind] = (_row_maker(plan), validator.fused(plan, DATE_FIELDS[kind]) if validator else None)
                make, fused = made
                if fused is not None:  # most objects: the record built from the object itself
                    try:
                        ev = fused(obj, origin, pos)
                    except _FUSED_REFUSED:  # left to the general path, which says what is wrong
                        pass
                    else:
                        if self._of_this_contract(ev.contract):
                            self._keep(ev, ev.id, origin, pos)
                        continue
                row = make(obj)
            if not row:
                continue
            if kind is not None:
                row["kind"] = kind
            self._row(row, origin, pos)
        for kind, names_ in unused.items():
            self._unused(table, kind, sorted(names_))
        return "read"

    def _object_plan(self, named: tuple[tuple[Any, str], ...], kind: Any, columns: dict[str, str],
                     values: dict[str, dict[str, Any]], unused: dict[str, set[str]]
                     ) -> tuple[tuple[Any, str, dict | None], ...]:
        """Per key of a JSON object's shape: the field it holds and the value labels that apply
        to it (the mapping's, then the Chinese ones: 迟到 -> late), or None."""
        known = kind.__class__ is str and kind in KINDS
        out = []
        for k, n in named:
            f = n
            if columns or known:
                f = self.vocab.resolve(kind, n, columns) if known else columns.get(n, n)
                if f is None:
                    f = n
                    if known:
                        unused.setdefault(kind, set()).add(n)
            out.append((k, f, self._value_map(kind, f, values) if known else None))
        return tuple(out)

    def _kind_column(self, names: list[str], columns: dict[str, str]) -> int | None:
        for i, n in enumerate(names):
            if columns.get(n) == "kind" or n == "kind" or self.vocab.common_labels.get(n) == "kind":
                return i
        return None

    def _infer_kind(self, names: list[str], columns: dict[str, str], table: Table) -> str | None:
        """A table without a kind column: the kind the file's name says (故障工单.csv: fault) if
        the columns hold its required fields, else the kind whose required fields are all among
        the columns and that uses the most of them."""
        named = labels.kind_in_name(Path(table.source).stem)
        fits: list[tuple[int, str]] = []
        for kind in KINDS:
            fields = {self.vocab.resolve(kind, n, columns) for n in names} - {None}
            if REQUIRED[kind] <= fields:
                fits.append((len(fields - set(COMMON_FIELDS)), kind))
        fits.sort(key=lambda x: (-x[0], x[1]))
        by_name = [k for _, k in fits if k == named]
        if by_name:
            kind = by_name[0]
        elif named is not None:
            fields = {self.vocab.resolve(named, n, columns) for n in names} - {None}
            missing = sorted(REQUIRED[named] - fields)
            self.problems.append(Problem(table.source, "", "header", ",".join(n for n in names if n), (
                f"the file's name says {named} ({labels.kind_label(named)}) records, but no column holds "
                + ", ".join(f"{m} ({labels.field_label(named, m)})" for m in missing)
                + "; name the columns so, or map them (--map)")))
            return None
        elif not fits or (len(fits) > 1 and fits[0][0] == fits[1][0]):
            self.problems.append(Problem(table.source, "", "kind", ",".join(n for n in names if n),
                                         f"a kind column, or columns that fit one kind (they fit: "
                                         f"{', '.join(k for _, k in fits) or 'none'}); or name the kind in a mapping (--map)"))
            return None
        else:
            kind = fits[0][1]
        self.result.note("kind_inferred", f"{table.name}：没有kind列，按{'文件名和' if kind == named else ''}表头判断为"
                                          f"{kind}（{labels.kind_label(kind)}）记录")
        return kind

    def _plan(self, kind: str, names: list[str], columns: dict[str, str], values: dict[str, dict[str, Any]],
              table: Table) -> list[tuple[int, str, dict[str, Any] | None]]:
        """How a table's columns become a row of one kind: per column, its index, the field (or
        extra name) it holds and the value labels that apply to it (see ``_row_maker``)."""
        cols, unused = [], []
        for i, n in enumerate(names):
            if not n:
                continue
            f = self.vocab.resolve(kind, n, columns)
            if f is None:
                cols.append((i, n))
                unused.append(n)
            else:
                cols.append((i, f))
        present = {f for _, f in cols}
        for column, f in columns.items():  # a mapped column the export does not have
            if column not in names and f not in present:
                self.problems.append(Problem(table.source, "", "header", column,
                                             f"a column named {column!r} (the mapping maps it to {f}); the header has: "
                                             + ", ".join(n for n in names if n)))
        for n in unused:  # a misspelt column of a field the table lacks would invent a missing fact
            hit = self.vocab.near_field(kind, n)
            if hit is not None and hit not in present:
                self.problems.append(Problem(table.source, "", "header", n, (
                    f"a known column: did you mean {labels.field_label(kind, hit)} ({kind}.{hit})? rename the "
                    "column, or map it (--map); left as it is, every record would lack that field")))
        self._unused(table, kind, unused)
        return [(i, name, self._value_map(kind, name, values)) for i, name in cols]

    def _unused(self, table: Table, kind: str, names: list[str]) -> None:
        if not names:
            return
        parts = []
        for n in names:
            hint = self.vocab.suggest(kind, n)
            parts.append(f"{n}（是否应为 {hint}？）" if hint else n)
        self.result.unused_columns.append((table.name, kind, names))
        self.result.note("unused_columns", f"{table.name}：{len(names)}列不对应{kind}的任何字段，已保留但未使用：{'、'.join(parts)}")

    def _value_map(self, kind: str, f: str, values: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
        """The texts of a ``kind`` record's field ``f`` to translate, and into what: the mapping's
        values, then the Chinese value labels (迟到 -> late); None when there are none."""
        m, lab = values.get(f), self.vocab.value_labels(kind, f)
        return {**(lab or {}), **(m or {})} if m or lab else None

    def _is_this_contract(self, text: str) -> bool:
        """The ruleset id, the contract's number or title — also the title shortened from its
        end (鹤壁市数据备份云服务 for 鹤壁市数据备份云服务项目合同), when 8 characters or more."""
        known = self._contract_texts.get(text)
        if known is None:
            t = _norm(text)
            known = self._contract_texts[text] = (
                t in self.contract_names or (len(t) >= 8 and any(n.startswith(t) for n in self.contract_names)))
        return known

    def _of_this_contract(self, rc: Any) -> bool:
        """A row's contract cell names this contract, or is empty; else it is counted."""
        if rc is not None and self.contract_names:
            text = rc if rc.__class__ is str else _text_or_none(rc)
            if text is not None and not (self._contract_texts.get(text) or self._is_this_contract(text)):
                self.result.other_contract[text] += 1
                return False
        return True

    def _row(self, row: dict[str, Any], origin: _Origin, at: int) -> None:
        if not self._of_this_contract(row.get("contract")):
            return
        ev, bad = _validate(row, self.validators, origin, at)
        if bad:
            self.problems.extend(bad)
        elif ev is not None:
            for name in DATE_FIELDS[ev.kind]:
                if date_cell_held_time(row.get(name)):
                    self.result.dates_from_times[(origin.source, f"{ev.kind}.{name}")] += 1
        rid = ev.id if ev is not None else row.get("id")
        if rid is not None and not isinstance(rid, str):
            rid = _text_or_none(rid)
        if rid is not None:
            self._keep(ev, rid, origin, at)

    def _keep(self, ev: EventBase | None, rid: str, origin: _Origin, at: int) -> None:
        """A record (None: a refused row) under its id: the first of that id is kept, the same
        record again is merged, another one is a problem."""
        first = self._seen.get(rid)
        if first is None:
            self._seen[rid] = ev if ev is not None else f"{origin.source}:{_location_text(origin, at)}"
            if ev is not None:
                self.result.events.append(ev)
            return
        if ev is not None and not isinstance(first, str) and first.to_dict() == ev.to_dict():
            self.result.merged[first.source] += 1  # the same row in two exports (overlapping months)
            return
        where = first if isinstance(first, str) else first.where()
        self.problems.append(Problem(origin.source, _location_text(origin, at), "id", rid,
                                     f"an id not used before, or the same record again (first: {where})"))


_FOOTER_WORDS = ("合计", "总计", "共计", "小计", "统计")


def _is_footer(cells: list[Any]) -> bool:
    """A summary row: its first filled cell starts with 合计/总计/… and at most one other is filled."""
    first = next((c for c in cells if not _blank(c)), None)  # a record's first cell (its id) ends it here
    if not (isinstance(first, str) and first.strip().startswith(_FOOTER_WORDS)):
        return False
    return sum(not _blank(c) for c in cells) <= 2


def _chain(*iterables):
    for it in iterables:
        yield from it


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _norm(text: str) -> str:
    """A contract's name as cells write it: no spaces, no book-title marks or quotes."""
    return "".join(text.split()).strip("《》“”\"'「」")


def _bad_header(names: list[str], source: str, location: str, problems: list[Problem]) -> bool:
    seen = set()
    bad = False
    for n in names:
        if n and n in seen:
            problems.append(Problem(source, location, n, n, "each column name once in the header"))
            bad = True
        seen.add(n)
    return bad


def _stray_cells(cells: Sequence[Any], unnamed: list[int], width: int, source: str, location: str,
                 problems: list[Problem]) -> bool:
    """Cells under a column without a header name: an error if they hold anything."""
    found = False
    for i in [*(i for i in unnamed if i < len(cells)), *range(width, len(cells))]:
        v = cells[i]
        if not _blank(v):
            problems.append(Problem(source, location, f"column {i + 1}", _show(v), "a column with a header name"))
            found = True
    return found


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


# --------------------------------------------------------------------------------------------
# The loader


@dataclass
class LoadResult:
    events: list[EventBase] = field(default_factory=list)  # file order, files sorted by path
    files: list[str] = field(default_factory=list)  # every file read, as the user named it
    skipped_files: list[tuple[str, tuple[str, str]]] = field(default_factory=list)  # (file, why not read: en, zh)
    empty_files: list[str] = field(default_factory=list)  # read, but holding no record
    other_contract: Counter = field(default_factory=Counter)  # contract cell value -> records
    merged: Counter = field(default_factory=Counter)  # file -> rows that repeat a record of another
    unused_columns: list[tuple[str, str, list[str]]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (code, Chinese text) from the readers
    dates_from_times: Counter = field(default_factory=Counter)  # (file, kind.field) -> date cells that held a time

    @property
    def skipped_other_contract(self) -> int:
        return sum(self.other_contract.values())

    def note(self, code: str, text: str) -> None:
        self.notes.append((code, text))


def load_events(
    paths: Sequence[Path | str] | Path | str, tz: ZoneInfo, *, contract: str | None = None,
    contract_names: Sequence[str] = (), mapping: Mapping | None = None, encoding: str | None = None,
) -> LoadResult:
    """Read and validate every record of every file (folders recursively). A ``contract`` cell
    that is neither ``contract`` nor one of ``contract_names`` (the contract's title or number)
    makes the record another contract's: skipped and counted. Raises one ``InputError`` with
    every problem of every file; returns only when all records are good."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    names = frozenset(_norm(n) for n in (contract, *contract_names) if n) if contract is not None else frozenset()
    # Hundreds of thousands of new records and dicts would set off the cyclic garbage collector
    # again and again over an ever larger heap (≈ 30 % of the load time); they hold no cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return Loader(tz, mapping or NO_MAPPING, names, encoding).load(paths)
    finally:
        if gc_was_enabled:
            gc.enable()


def _text_or_none(v: Any) -> str | None:
    try:
        return _parse_text(v)
    except PydanticCustomError:
        return None
