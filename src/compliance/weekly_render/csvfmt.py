"""``findings.csv``: one finding a row across the contracts, with its change since the previous
run and the finding's public fields; UTF-8 with BOM and CRLF so that Excel on Chinese Windows
opens it."""

from __future__ import annotations

import csv
import json
from typing import IO

from ..runreport import RunReport
from . import Context, WeeklyRenderer, register
from .common import findings

COLUMNS = ("contract", "change", "first_seen", "age_weeks", "waiver_expired", "waiver_reason", "waiver_approved_by",
           "waiver_until", "ruling", "key", "obligation", "status", "severity", "topic", "clause", "basis", "event_ids",
           "period", "due", "actual", "label", "title", "message", "explanation", "facts")


def write(report: RunReport, stream: IO[str], ctx: Context) -> None:
    stream.write("\ufeff")
    w = csv.writer(stream, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for run in report.contracts:
        for change, f in findings(run):
            row = {
                "contract": run.contract, "change": change, "first_seen": f.first_seen,
                "age_weeks": f.age_weeks, "waiver_expired": "true" if f.waiver_expired else "",
                "waiver_reason": f.waiver.reason if f.waiver else None,
                "waiver_approved_by": f.waiver.approved_by if f.waiver else None,
                "waiver_until": f.waiver.until if f.waiver else None,
                "ruling": (f"{f.ruling.reading}（{f.ruling.by} {f.ruling.on}）" if f.ruling else None),
                "key": f.key, "obligation": f.obligation, "status": f.status, "severity": f.severity,
                "topic": f.topic, "clause": f.clause, "basis": f.basis, "event_ids": ";".join(f.event_ids),
                "period": f.period, "due": f.due, "actual": f.actual, "label": f.label, "title": f.title,
                "message": f.message, "explanation": "；".join(f.explanation),
                "facts": json.dumps(f.facts, ensure_ascii=False, sort_keys=True),
            }
            w.writerow(["" if row[c] is None else row[c] for c in COLUMNS])


register(WeeklyRenderer("csv", "findings.csv", False, write, "one finding a row across contracts (UTF-8 with BOM, CRLF)"))
