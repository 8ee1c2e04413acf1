"""`--format csv`: one finding a row, UTF-8 with BOM so that Excel on Chinese Windows opens it."""

from __future__ import annotations

import csv
import json
from typing import IO

from ..findings import Report
from . import Renderer, register

COLUMNS = ("obligation", "status", "severity", "topic", "clause", "event_ids", "period", "due", "actual",
           "label", "message", "explanation", "key", "basis", "facts")


def write(report: Report, stream: IO[str]) -> None:
    stream.write("\ufeff")
    w = csv.writer(stream, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for f in report.findings:
        row = f.model_dump()
        row["event_ids"] = ";".join(f.event_ids)
        row["explanation"] = "；".join(f.explanation)
        row["facts"] = json.dumps(f.facts, ensure_ascii=False, sort_keys=True)
        w.writerow(["" if row[c] is None else row[c] for c in COLUMNS])


register(Renderer("csv", ".csv", False, write, "one finding a row (UTF-8 with BOM, for Excel)"))
