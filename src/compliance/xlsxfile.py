"""A workbook as .xlsx bytes that depend on its content alone (the weekly report, the score),
written with XlsxWriter (imported only when a workbook is written)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from .fsutil import normalize_zip

CREATOR = "compliance"
MAX_ROWS = 1_048_576  # a sheet's rows (Excel's limit; XlsxWriter drops a cell beyond it)


def new_workbook(*, constant_memory: bool = True):
    """An empty XlsxWriter workbook writing into memory (``workbook_bytes`` gives its bytes).

    ``constant_memory``: each row is written out (to a temporary file) when the next row is
    begun, so a sheet of a hundred thousand rows is not held as cells; rows must then be written
    in order, and strings are stored in the cells (no shared-string table). A string is always
    text: never read as a formula, a URL or a number."""
    import xlsxwriter  # loaded only when a workbook is written

    return xlsxwriter.Workbook(io.BytesIO(), {
        "constant_memory": constant_memory,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "use_zip64": True,
    })


def cell_writer(ws) -> Callable[[int, int, Any, Any], Any]:
    """``put(row, col, value, fmt)`` for one sheet (rows and columns from 0): a value by its type
    (text, a number, a date or date-time, a truth value); None and "" are an empty cell, written
    only when it has a format (as openpyxl writes them)."""
    by_type: dict[type, Callable] = {str: ws.write_string, int: ws.write_number, float: ws.write_number,
                                     bool: ws.write_boolean, datetime: ws.write_datetime, date: ws.write_datetime}
    write, blank = ws.write, ws.write_blank

    def put(row: int, col: int, value: Any, fmt: Any = None) -> Any:
        if value is None or value == "":
            return blank(row, col, None, fmt) if fmt is not None else None
        method = by_type.get(type(value))
        if method is None:
            if isinstance(value, str):  # a str subclass (an enum's value)
                return ws.write_string(row, col, str(value), fmt)
            return write(row, col, value, fmt)
        return method(row, col, value, fmt)

    return put


def set_widths(ws, widths: list[int | float]) -> None:
    """Column widths in characters, stored as given (as openpyxl stores them: ``width="40"``);
    XlsxWriter's ``set_column`` adds Excel's 5-pixel padding (40 → 40.71), its pixels do not."""
    for col, width in enumerate(widths):
        ws.set_column_pixels(col, col, round(width * 7))


def workbook_bytes(wb, title: str, when: datetime) -> bytes:
    """``wb`` (from ``new_workbook``) closed with fixed properties (creator, title, created and
    modified = ``when``, a naive local date-time: the as-of) and every zip entry stamped
    ``when``: the same workbook gives the same bytes."""
    when = max(when, datetime(1980, 1, 1))  # the zip format's earliest time
    wb.set_properties({"author": CREATOR, "title": title, "created": when})
    wb.close()
    return normalize_zip(wb.filename.getvalue(), when.timetuple()[:6])
