"""Time and memory of a whole `compliance check` over N generated records (no asserts).

    .venv/bin/python bench/bench_check.py --n 200000

Records are spread over the Hebi backup term: requests,
faults, maintenance and outages, written as one JSONL file, then checked as of 2027-06-30
(with the 2027 test-fixture calendar standing in for the unpublished notice).
Prints load / evaluate seconds, records per second and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from compliance.check import Options, evaluate
from compliance.inputs import load_events
from compliance.rulesets import load_ruleset
from compliance.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parent.parent


def generate(path: Path, n: int, late_share: float = 0.35) -> None:
    """``late_share``: roughly the share of records that break their deadline."""
    rnd = random.Random(7)
    slow = lambda lo, hi, ok_hi: rnd.randrange(lo, hi) if rnd.random() < late_share else rnd.randrange(lo, ok_hi)  # noqa: E731
    start = datetime(2026, 7, 1)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            t = start + timedelta(minutes=rnd.randrange(0, 360 * 24 * 60))
            k = i % 4
            if k == 0:
                done = (t + timedelta(days=slow(0, 6, 2))).isoformat(" ", "minutes")
                rec = {"id": f"R{i}", "kind": "request", "received_at": t.isoformat(" ", "minutes"),
                       "completed_at": done, "replied_at": done}
            elif k == 1:
                rec = {"id": f"F{i}", "kind": "fault", "detected_at": t.isoformat(" ", "minutes"),
                       "responded_at": (t + timedelta(minutes=slow(1, 15, 10))).isoformat(" ", "minutes"),
                       "onsite_at": (t + timedelta(minutes=slow(10, 80, 60))).isoformat(" ", "minutes"),
                       "resolved_at": (t + timedelta(minutes=slow(20, 400, 120))).isoformat(" ", "minutes")}
            elif k == 2:
                rec = {"id": f"M{i}", "kind": "maintenance", "planned_start": t.isoformat(" ", "minutes"),
                       "notified_at": (t - timedelta(days=rnd.randrange(3, 12) if rnd.random() < late_share else rnd.randrange(12, 16))).isoformat(" ", "minutes")}
            else:
                rec = {"id": f"O{i}", "kind": "outage", "start": t.isoformat(" ", "minutes"),
                       "end": (t + timedelta(minutes=rnd.randrange(1, 30))).isoformat(" ", "minutes")}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--late", type=float, default=0.02, help="share of records breaking a deadline (default 2 %%)")
    args = ap.parse_args()
    rs = load_ruleset(ROOT / "rulesets" / "hebi-backup")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "records.jsonl"
        generate(path, args.n, args.late)
        t0 = time.perf_counter()
        loaded = load_events([path], rs.tz, contract=rs.id)
        t1 = time.perf_counter()
        # 2027 is not published yet: the test fixture stands in for it (benchmark only)
        cal = WorkCalendar.load([ROOT / "tests" / "data" / "calendar"], use_env=False)
        evaluation = evaluate(rs, loaded.events, Options(as_of="2027-06-30"), cal)
        report = evaluation.report()
        t2 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = sum(report.summary["by_status"].values())
    print(f"records: {args.n:,} ({args.late:.0%} late)  verdicts: {total:,}  findings shown: {len(report.findings):,}")
    print(f"load+validate: {t1 - t0:.2f} s ({args.n / (t1 - t0):,.0f} records/s)")
    print(f"measure+decide+findings: {t2 - t1:.2f} s ({args.n / (t2 - t1):,.0f} records/s)")
    print(f"peak RSS: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
