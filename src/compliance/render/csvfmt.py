"""`--format csv`: one finding a row, UTF-8 with BOM so that Excel on Chinese Windows opens it."""

from __future__ import annotations

import csv
import io

from ..findings import Report

COLUMNS = ("obligation", "status", "severity", "topic", "clause", "event_ids", "period", "due", "actual",
           "label", "message", "explanation")


def render_csv(report: Report) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for f in report.findings:
        row = f.model_dump()
        row["event_ids"] = ";".join(f.event_ids)
        row["explanation"] = "；".join(f.explanation)
        w.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return buf.getvalue()
