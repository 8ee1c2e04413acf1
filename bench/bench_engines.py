"""Both engine backends on the same facts: seconds, facts per second, peak RSS (no asserts).

    .venv/bin/python bench/bench_engines.py --n 100000

Records are generated as in bench_check.py and measured into facts once; each backend then
decides them in its own process (so each peak RSS is its own).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))


def facts_for(n: int):
    from bench_check import generate

    from compliance.inputs import load_events
    from compliance.kinds import KINDS, Context
    from compliance.rulesets import load_ruleset
    from compliance.workdays import WorkCalendar

    rs = load_ruleset(ROOT / "rulesets" / "hebi-backup")
    cal = WorkCalendar.load([ROOT / "tests" / "data" / "calendar"], use_env=False)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "records.jsonl"
        generate(path, n)
        events = load_events([path], rs.tz).events
    from compliance.check import parse_instant

    as_of = parse_instant("2027-06-30", rs.tz, option="--as-of", end_of_day=True)
    from datetime import datetime, time as dtime, timedelta

    by_kind: dict = {}
    for ev in events:
        by_kind.setdefault(ev.kind, []).append(ev)
    ctx = Context(rs.contract.start, rs.contract.end, rs.tz, cal, as_of,
                  datetime.combine(rs.contract.start, dtime(0), rs.tz),
                  datetime.combine(rs.contract.end + timedelta(days=1), dtime(0), rs.tz), by_kind)
    facts = []
    for ob in rs.obligations:
        tested = frozenset(t.field for row in rs.tables[ob.id] for t in row.tests)
        facts.extend(KINDS[ob.kind]().measure(ob, rs.params[ob.id], ctx, tested))
    return rs, facts


def run_one(engine: str, n: int) -> dict:
    from compliance.engine import get_backend

    rs, facts = facts_for(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    backend = get_backend(engine)
    t0 = time.perf_counter()
    outcomes = backend.evaluate(rs.tables, facts)
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    statuses: dict = {}
    for o in outcomes:
        statuses[o.status] = statuses.get(o.status, 0) + 1
    return {"engine": engine, "facts": len(facts), "seconds": round(secs, 3),
            "facts_per_s": round(len(facts) / secs), "peak_rss_mb": round(peak / 1024),
            "rss_growth_mb": round((peak - before) / 1024), "statuses": statuses,
            "collisions": getattr(backend, "collisions", 0)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000, help="records to generate")
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.engine:
        print(json.dumps(run_one(args.engine, args.n)))
        return
    results = []
    for engine in ("python", "durable"):
        p = subprocess.run([sys.executable, __file__, "--n", str(args.n), "--engine", engine],
                           capture_output=True, text=True)
        if p.returncode:
            print(f"{engine}: failed: {p.stderr.strip().splitlines()[-1] if p.stderr else p.returncode}")
            continue
        r = json.loads(p.stdout)
        results.append(r)
        print(f"{engine:8} {r['facts']:>9,} facts  {r['seconds']:7.2f} s  {r['facts_per_s']:>9,} facts/s  "
              f"peak RSS {r['peak_rss_mb']:,} MB (+{r['rss_growth_mb']:,} MB while deciding)  "
              f"id collisions retried: {r['collisions']}")
    if len(results) == 2:
        print("same verdict counts:", results[0]["statuses"] == results[1]["statuses"])


if __name__ == "__main__":
    main()
