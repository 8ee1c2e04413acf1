"""File-writing helpers shared by the sample generators (scripts/make_samples*.py).

Only the technique of writing deterministic record files lives here: value parsing and
formatting, CSV / XLSX / JSONL writers and the zip normaliser. Each generator keeps its own
hand-written holiday calendar, records and planted items (deliberately independent per contract).

The generators are run as scripts, so they import this as a sibling module:

    sys.path.insert(0, str(Path(__file__).parent))
    from samplekit import ...

Everything here is deterministic: no clock reads; the caller passes the fixed timestamp that
goes into workbook properties and zip entries, so two runs give byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

# --- parsing ---------------------------------------------------------------------------


def days(a: dt.date, b: dt.date):
    """Every date from a to b, both included."""
    d = a
    while d <= b:
        yield d
        d += dt.timedelta(days=1)


def T(s: str) -> dt.datetime:
    """'2026-09-30 09:15' -> naive local datetime."""
    return dt.datetime.strptime(s, "%Y-%m-%d %H:%M")


def D(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def opt_T(s: str | None) -> dt.datetime | None:
    return T(s) if s else None


def iso(s: str) -> str:
    """'2026-09-30 09:15' -> '2026-09-30T09:15:00' (the form used in the JSONL records)."""
    return T(s).isoformat()


# --- CSV --------------------------------------------------------------------------------


def excel_time(s: dt.datetime | None) -> str:
    """A time as Excel on Chinese Windows writes it into a CSV it saves: 2026/9/30 10:00."""
    return "" if s is None else f"{s.year}/{s.month}/{s.day} {s.hour}:{s.minute:02d}"


def csv_text(s) -> str:
    if s is None:
        return ""
    if isinstance(s, bool):
        return "true" if s else "false"
    if isinstance(s, dt.datetime):
        return s.strftime("%Y-%m-%d %H:%M")
    if isinstance(s, dt.date):
        return s.isoformat()
    return str(s)


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str, crlf: bool = True) -> None:
    """encoding e.g. "gb18030", "utf-8", "utf-8-sig" (with BOM); crlf=False ends lines with LF."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    w.writerow(header)
    for r in rows:
        w.writerow([csv_text(v) for v in r])
    path.write_bytes(buf.getvalue().encode(encoding))


# --- XLSX -------------------------------------------------------------------------------


from compliance.fsutil import normalize_zip  # noqa: E402  (one deterministic-zip writer)


def write_xlsx(path: Path, sheets: list[tuple], *, creator: str, time: dt.datetime, banner: str | None = None) -> None:
    """sheets: (title, header, rows, column widths by header name[, number formats by header name]);
    first sheet = data. A column with a number format given gets it on every data cell; otherwise
    datetime cells get "yyyy-mm-dd hh:mm" and date cells "yyyy-mm-dd".

    creator: the workbook's creator and lastModifiedBy; time: its created / modified properties
    and the timestamp of every zip entry. banner: a title row above the first sheet's header,
    merged across its columns, as report-style exports have."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows, widths, *rest in sheets:
        formats: dict[str, str] = rest[0] if rest else {}
        ws = wb.create_sheet(title)
        top = 1
        if banner and len(wb.worksheets) == 1:
            ws.append([banner])
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
            ws.cell(row=1, column=1).font = Font(bold=True, size=14)
            top = 2
        ws.append(header)
        for c in ws[top]:
            c.font = Font(bold=True)
        for r in rows:
            ws.append(r)
        for row in ws.iter_rows(min_row=top + 1):
            for c in row:
                if formats and header[c.column - 1] in formats:
                    c.number_format = formats[header[c.column - 1]]
                elif isinstance(c.value, dt.datetime):
                    c.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(c.value, dt.date):
                    c.number_format = "yyyy-mm-dd"
        for i, name in enumerate(header):
            letter = ws.cell(row=top, column=i + 1).column_letter
            ws.column_dimensions[letter].width = widths.get(name, 12)
        ws.freeze_panes = f"A{top + 1}"
    props = wb.properties
    props.creator = creator
    props.lastModifiedBy = creator
    props.title = path.stem
    props.created = time
    props.modified = time
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # not save_workbook(): that stamps modified = now
    path.write_bytes(normalize_zip(buf.getvalue(), time.timetuple()[:6]))


# --- JSON -------------------------------------------------------------------------------


def write_jsonl(path: Path, objects: list[dict]) -> None:
    """UTF-8, one JSON object per line, non-ASCII kept as is."""
    lines = [json.dumps(o, ensure_ascii=False) for o in objects]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def write_json(path: Path, doc) -> None:
    """UTF-8, indented by 2, non-ASCII kept as is, with a final newline (the expected findings)."""
    path.write_bytes((json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
