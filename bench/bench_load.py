"""Benchmark: load generated records (fault, attendance, request, maintenance) from JSONL and
GB18030 CSV; print records per second and the bytes each loaded record holds.

    .venv/bin/python bench/bench_load.py [--n 200000] [--per-kind 100000] [--repeat 3]

Each measurement runs in a fresh child process. Speed: the best of ``--repeat`` loads, without
tracemalloc. Memory: ``tracemalloc`` bytes still allocated once ``load_events`` has returned
(records, the list, the shared values), divided by the records loaded. ``--per-kind`` also
loads that many fault records and that many attendance records alone (JSONL). No asserts.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path
from random import Random
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
KINDS = ("fault", "attendance", "request", "maintenance")
SHARES = (0.5, 0.25, 0.2, 0.05)  # a platform-wide ticket export (bench/README.md proportions)
PEOPLE = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊"]
START = datetime(2026, 7, 1, 8, 0)
MINUTE = "%Y-%m-%d %H:%M"


def _t(t: datetime) -> str:
    return t.strftime(MINUTE)


def fault(i: int, rng: Random) -> dict:
    t = START + timedelta(minutes=rng.randrange(260_000))
    return {
        "id": f"FLT-{i:07d}", "kind": "fault", "contract": "hebi-backup", "detected_at": _t(t),
        "responded_at": _t(t + timedelta(minutes=rng.randrange(1, 30))),
        "onsite_at": _t(t + timedelta(minutes=rng.randrange(30, 120))),
        "resolved_at": _t(t + timedelta(minutes=rng.randrange(120, 600))),
        "systems_affected": "1", "downtime_minutes": str(rng.choice((0, 0, 15, 30, 45))),
        "data_loss": "none", "data_leak": "否", "cause": rng.choice(("vendor", "third_party")),
        "reported": "是", "notified_at": _t(t + timedelta(minutes=rng.randrange(5, 40))),
    }  # fmt: skip


def attendance(i: int, rng: Random) -> dict:
    day = (START + timedelta(days=i // len(PEOPLE) % 180)).date()
    return {
        "id": f"ATT-{i:07d}", "kind": "attendance", "contract": "hebi-backup",
        "date": day.isoformat(), "person": PEOPLE[i % len(PEOPLE)],
        "status": rng.choice(("present",) * 40 + ("late", "absent")),
    }  # fmt: skip


def request(i: int, rng: Random) -> dict:
    t = START + timedelta(minutes=rng.randrange(260_000))
    return {
        "id": f"REQ-{i:07d}", "kind": "request", "contract": "hebi-backup", "received_at": _t(t),
        "completed_at": _t(t + timedelta(hours=rng.randrange(2, 90))),
        "replied_at": _t(t + timedelta(hours=rng.randrange(1, 20))),
    }  # fmt: skip


def maintenance(i: int, rng: Random) -> dict:
    t = START + timedelta(minutes=rng.randrange(260_000))
    return {
        "id": f"MNT-{i:07d}", "kind": "maintenance", "contract": "hebi-backup",
        "planned_start": _t(t), "planned_end": _t(t + timedelta(hours=4)),
        "notified_at": _t(t - timedelta(days=rng.randrange(7, 14))),
        "approved_at": _t(t - timedelta(days=rng.randrange(1, 6))),
        "category": rng.choice(("maintenance", "upgrade")), "affects_service": "是",
        "service_stopped": "否",
    }  # fmt: skip


MAKERS = {"fault": fault, "attendance": attendance, "request": request, "maintenance": maintenance}


def generate(counts: dict[str, int]) -> dict[str, list[dict]]:
    return {k: [MAKERS[k](i, Random(f"{k}{i}")) for i in range(n)] for k, n in counts.items()}


def write_jsonl(records: dict[str, list[dict]], folder: Path) -> Path:
    path = folder / "records.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for rows in records.values():
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return path


def write_csv(records: dict[str, list[dict]], folder: Path) -> Path:
    """One GB18030 file per kind with CRLF line ends, as Excel on Chinese Windows saves it."""
    out = folder / "csv"
    out.mkdir()
    for kind, rows in records.items():
        with (out / f"{kind}.csv").open("w", encoding="gb18030", newline="") as f:
            w = csv.DictWriter(f, list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    return out


def child(path: Path, mode: str, repeat: int) -> None:
    """Load ``path``: print the best time (mode speed) or the bytes per record (mode memory)."""
    sys.path.insert(0, str(SRC))
    from compliance.inputs import load_events

    tz = ZoneInfo("Asia/Shanghai")
    if mode == "speed":
        best = float("inf")
        for _ in range(repeat):
            gc.collect()
            start = time.perf_counter()
            n = len(load_events([path], tz).events)
            best = min(best, time.perf_counter() - start)
        print(f"{n}\t{best:.3f}")
        return
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = load_events([path], tz)
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    print(f"{len(result.events)}\t{held}")


def run(path: Path, mode: str, repeat: int) -> tuple[int, float]:
    args = [sys.executable, __file__, "--child", mode, "--repeat", str(repeat), str(path)]
    n, value = subprocess.run(args, check=True, capture_output=True, text=True).stdout.split()
    return int(n), float(value)


def report(label: str, path: Path, repeat: int) -> None:
    n, seconds = run(path, "speed", repeat)
    _, held = run(path, "memory", 1)
    print(f"{label:<22} {n:>8,} records  {seconds:6.2f} s  {n / seconds:>9,.0f} records/s"
          f"  {held / n:6.0f} bytes/record")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200_000, help="records of the 4 kinds (default 200000)")
    ap.add_argument("--per-kind", type=int, default=100_000, help="fault / attendance alone (0: skip)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", choices=["speed", "memory"], help=argparse.SUPPRESS)
    ap.add_argument("path", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.path, args.child, args.repeat)
        return
    print(f"python {sys.version.split()[0]}; compliance from {SRC}")
    counts = {k: round(args.n * s) for k, s in zip(KINDS, SHARES)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        mixed = generate(counts)
        report("4 kinds, jsonl", write_jsonl(mixed, folder), args.repeat)
        report("4 kinds, GB18030 csv", write_csv(mixed, folder), args.repeat)
        for kind in ("fault", "attendance") if args.per_kind else ():
            sub = folder / kind
            sub.mkdir()
            path = write_jsonl(generate({kind: args.per_kind}), sub)
            report(f"{kind} alone, jsonl", path, args.repeat)


if __name__ == "__main__":
    main()
