"""A workbook as .xlsx bytes that depend on its content alone (the weekly report, the score)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from .fsutil import normalize_zip

CREATOR = "compliance"


def workbook_bytes(wb, title: str, when: datetime) -> bytes:
    """``wb`` saved with fixed properties (creator, title, created and modified = ``when``, a naive
    local date-time: the as-of) and every zip entry stamped ``when``: the same workbook gives the
    same bytes. Not ``wb.save()``, which stamps modified = now."""
    from openpyxl.writer.excel import ExcelWriter  # loaded only when a workbook is written

    when = max(when, datetime(1980, 1, 1))  # the zip format's earliest time
    props = wb.properties
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.title = title
    props.created = when
    props.modified = when
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    return normalize_zip(buf.getvalue(), when.timetuple()[:6])
