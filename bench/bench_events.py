"""Benchmark: load N generated event records from CSV and JSONL.

    python bench/bench_events.py [--n 200000] [--format csv|jsonl|both]

Each format is loaded in a fresh child process so its peak RSS is its own. Prints seconds,
records per second and peak RSS (resource.getrusage, ru_maxrss). No asserts.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

COLUMNS = [
    "id", "kind", "contract", "planned_start", "notified_at", "category", "affects_service",
    "detected_at", "responded_at", "resolved_at", "systems_affected", "cause",
    "date", "person", "status", "note",
]  # fmt: skip


def records(n: int):
    t0 = datetime(2026, 1, 1, 8, 0)
    for i in range(n):
        t = t0 + timedelta(minutes=7 * i)
        k = i % 3
        if k == 0:
            yield {"id": f"F{i}", "kind": "fault", "contract": "GZY-2026-01",
                   "detected_at": t.strftime("%Y-%m-%d %H:%M"),
                   "responded_at": (t + timedelta(minutes=12)).strftime("%Y-%m-%dT%H:%M:%S+08:00"),
                   "resolved_at": (t + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
                   "systems_affected": "2", "cause": "vendor", "note": "数据库主备切换"}  # fmt: skip
        elif k == 1:
            yield {"id": f"M{i}", "kind": "maintenance", "contract": "GZY-2026-01",
                   "planned_start": t.strftime("%Y-%m-%dT%H:%M"),
                   "notified_at": (t - timedelta(days=3)).strftime("%Y-%m-%d"),
                   "category": "upgrade", "affects_service": "是"}  # fmt: skip
        else:
            yield {"id": f"A{i}", "kind": "attendance", "contract": "GZY-2026-01",
                   "date": t.strftime("%Y-%m-%d"), "person": "张三", "status": "present"}  # fmt: skip


def write(n: int, folder: Path) -> tuple[Path, Path]:
    csv_path, jsonl_path = folder / "events.csv", folder / "events.jsonl"
    with csv_path.open("w", encoding="utf-8", newline="") as fc, jsonl_path.open(
        "w", encoding="utf-8"
    ) as fj:
        w = csv.DictWriter(fc, COLUMNS)
        w.writeheader()
        for r in records(n):
            w.writerow(r)
            fj.write(json.dumps(r, ensure_ascii=False) + "\n")
    return csv_path, jsonl_path


def measure(path: Path) -> None:
    from compliance.inputs import load_events

    start = time.perf_counter()
    result = load_events([path], ZoneInfo("Asia/Shanghai"))
    seconds = time.perf_counter() - start
    n = len(result.events)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(
        f"{path.suffix[1:]:>5}: {n} records in {seconds:.2f} s = {n / seconds:,.0f} records/s;"
        f" peak RSS {rss_mb:.0f} MB"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--format", choices=["csv", "jsonl", "both"], default="both")
    ap.add_argument("--load", type=Path, help=argparse.SUPPRESS)  # child process: load one file
    args = ap.parse_args()
    if args.load:
        measure(args.load)
        return
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        csv_path, jsonl_path = write(args.n, Path(tmp))
        print(f"generated {args.n} records in {time.perf_counter() - t:.2f} s "
              f"(csv {csv_path.stat().st_size / 1e6:.1f} MB, "
              f"jsonl {jsonl_path.stat().st_size / 1e6:.1f} MB)")  # fmt: skip
        chosen = {"csv": [csv_path], "jsonl": [jsonl_path], "both": [csv_path, jsonl_path]}
        for path in chosen[args.format]:
            subprocess.run([sys.executable, __file__, "--load", str(path)], check=True)


if __name__ == "__main__":
    main()
