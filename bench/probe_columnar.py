"""What the columnar design would cost: an estimate for issue 8, not the checker.

    .venv/bin/python bench/probe_columnar.py                  # hebi-backup, 1M records (generated if missing)
    .venv/bin/python bench/probe_columnar.py --n 100000
    .venv/bin/python bench/probe_columnar.py /tmp/faults       # a folder of <kind>.csv files (GB18030)

The issue's time target (1M records through `check` in <= 10 s here) asks for records held as
columns and obligations measured over them. Before that rewrite, this script measures the cost
of its main steps with pyarrow on the benchmark's hebi-backup CSV folder (GB18030, one file a
kind), so that the budget is known:

- read:     pyarrow's CSV reader, times parsed to timestamps (the floor of run_bench.py);
- validate: every required field checked for gaps, every row's kind checked;
- measure:  the eight obligations that judge 99 % of the records, as column arithmetic — the
            three clock deadlines of a fault (10 min / 1 h / 6 h from detected_at; a later stage
            implies the response, downtime_minutes the resolution), the fault's level from
            recovery_minutes, reported and data_leak, and the two 3-working-day deadlines of a
            request (the deadline of each trigger day from the project's own WorkCalendar, once a
            day, then looked up for every record);
- decide:   each fact's status (pass / fail / unknown / info / ambiguous) as a column;
- findings: for every fact that is not a pass, a finding of the report's shape (key, status,
            message, due, actual, facts) built as a dict and written as indented JSON (orjson).

It does not judge what `check` judges besides these (attendance, maintenance notices, reports,
counts), nor explain a finding's steps: its figures are a lower bound of a columnar `check`, to
compare with `check`'s own phases (`--timings`). No asserts: figures only.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).parent))

AS_OF = datetime(2027, 1, 1)  # --as-of 2026-12-31 (24:00), as run_bench.py checks this data


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", help="a folder of <kind>.csv files (default: the benchmark's hebi-backup data)")
    ap.add_argument("--n", type=int, default=1_000_000, help="records of the generated data (default 1,000,000)")
    ap.add_argument("-o", "--output", default="/tmp/probe_columnar.json", help="where the findings are written")
    args = ap.parse_args(argv)
    try:
        import orjson
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv  # noqa: F401  (csv_tables reads with it)
    except ImportError as exc:
        print(f"error: {exc.name} is missing: the probe needs the bench extra (bash scripts/setup.sh bench)",
              file=sys.stderr)
        sys.exit(2)
    if args.folder is None:
        import gen_records as gen

        rs_dir = ROOT / "rulesets" / "hebi-backup"
        folder = gen.data_dir(rs_dir, args.n, "csv")
        if not folder.is_dir():
            print(f"(generating {folder.relative_to(ROOT)} …)", flush=True)
            gen.generate(rs_dir, args.n, "csv", quiet=True)
        args.folder = str(folder)


    from run_bench import csv_tables, required_fields

    from compliance.periods import WorkingDaysAfter
    from compliance.workdays import WorkCalendar
    from zoneinfo import ZoneInfo

    folder = Path(args.folder)
    t: dict[str, float] = {}
    t0 = time.perf_counter()

    # ---- read
    req = required_fields()
    tables = dict(csv_tables(folder))
    records = sum(tb.num_rows for tb in tables.values())
    t["read"] = time.perf_counter() - t0

    # ---- validate
    t1 = time.perf_counter()
    problems = 0
    for kind, tb in tables.items():
        for f in req.get(kind, []):
            problems += tb[f].null_count if f in tb.column_names else tb.num_rows
        problems += tb.num_rows - (pc.sum(pc.equal(tb["kind"], kind)).as_py() or 0)
    t["validate"] = time.perf_counter() - t1

    # ---- measure and decide
    t2 = time.perf_counter()
    as_of = pa.scalar(AS_OF, pa.timestamp("s"))
    facts: list[tuple[str, pa.Table, pa.Array, pa.Array]] = []  # obligation, records, status, due

    def clock(tb, done_col, minutes, implied_by=(), implied_after=None):
        trig = tb["detected_at"]
        due = pc.add(trig, pa.scalar(timedelta(minutes=minutes), pa.duration("s")))
        done = pc.if_else(pc.less_equal(tb[done_col], as_of), tb[done_col], pa.scalar(None, pa.timestamp("s")))
        if implied_after:
            at = pc.add(trig, pc.cast(pc.cast(pc.round(pc.multiply(tb[implied_after], 60)), pa.int64()), pa.duration("s")))
            done = pc.coalesce(done, pc.if_else(pc.less_equal(at, as_of), at, pa.scalar(None, pa.timestamp("s"))))
        met = pc.less_equal(done, due)
        status = pc.if_else(met, "pass", "fail")
        later = None
        for name in implied_by:  # a later stage in time implies the response in time
            stage = pc.if_else(pc.less_equal(tb[name], as_of), tb[name], pa.scalar(None, pa.timestamp("s")))
            later = stage if later is None else pc.min_element_wise(later, stage)
        if later is not None:
            status = pc.coalesce(status, pc.if_else(pc.less_equal(later, due), "pass", "unknown"))
        # not done by as-of: a fail once the deadline has passed, else still open (pending)
        status = pc.coalesce(status, pc.if_else(pc.greater_equal(as_of, due), "fail", "pending"))
        return status, due

    fault = tables.get("fault")
    if fault is not None:
        fault = fault.filter(pc.less_equal(fault["detected_at"], as_of))
        for ob, col, minutes, extra in (("HBB-FAULT-RESPOND", "responded_at", 10, {"implied_by": ("onsite_at", "resolved_at")}),
                                        ("HBB-FAULT-ONSITE", "onsite_at", 60, {}),
                                        ("HBB-FAULT-RESOLVE", "resolved_at", 360, {"implied_after": "downtime_minutes"})):
            status, due = clock(fault, col, minutes, **extra)
            facts.append((ob, fault, status, due))
        rec = pc.coalesce(pc.cast(fault["downtime_minutes"], pa.float64()),
                          pc.divide(pc.cast(pc.subtract(fault["resolved_at"], fault["detected_at"]), pa.int64()), 60.0))
        affected = fault["systems_affected"]
        level = pc.case_when(
            pc.make_struct(pc.fill_null(fault["data_leak"], False),
                           pc.equal(pc.fill_null(fault["data_loss"], ""), "unrecoverable"),
                           pc.greater_equal(pc.fill_null(affected, 0), 5), pc.greater(pc.fill_null(rec, 0), 720),
                           pc.greater_equal(pc.fill_null(affected, 0), 2), pc.greater(pc.fill_null(rec, 0), 120),
                           pc.equal(pc.fill_null(rec, 0), 120), pc.is_null(rec)),
            "info", "info", "info", "info", "info", "info", "ambiguous", "unknown", "pass")
        facts.append(("HBB-FAULT-LEVEL", fault, level, fault["detected_at"]))
        facts.append(("HBB-FAULT-REPORTED", fault,
                      pc.if_else(pc.fill_null(fault["reported"], True), "pass", "fail"), fault["detected_at"]))
        facts.append(("HBB-DATA-LEAK", fault,
                      pc.if_else(pc.fill_null(fault["data_leak"], False), "fail", "pass"), fault["detected_at"]))

    request = tables.get("request")
    if request is not None:
        tz = ZoneInfo("Asia/Shanghai")
        # (with the tests' 2027 year: a late-December request's deadline needs it; check, without
        # it, reports such a deadline as pending — as the probe does, since as-of comes first)
        cal = WorkCalendar.load([ROOT / "tests" / "data" / "calendar"], use_env=False)
        request = request.filter(pc.less_equal(request["received_at"], as_of))
        day = pc.cast(request["received_at"], pa.date32())
        days = pc.unique(day).to_pylist()
        conv = WorkingDaysAfter(3)
        # the deadline of each trigger day, once a day (24:00 of the last day, as a naive local time)
        due_of = pa.array([conv.deadline(d, cal, tz).due.replace(tzinfo=None) for d in days], pa.timestamp("s"))
        due = pc.take(due_of, pc.index_in(day, value_set=pa.array(days, pa.date32())))
        for ob, col in (("HBB-REQ-DELIVER", "completed_at"), ("HBB-REQ-REPLY", "replied_at")):
            done = pc.if_else(pc.less_equal(request[col], as_of), request[col], pa.scalar(None, pa.timestamp("s")))
            status = pc.coalesce(pc.if_else(pc.less(done, due), "pass", "fail"),
                                 pc.if_else(pc.greater_equal(as_of, due), "fail", "pending"))
            facts.append((ob, request, status, due))
    t["measure+decide"] = time.perf_counter() - t2

    # ---- findings: every fact that is not a pass, built and written
    t3 = time.perf_counter()
    shown = 0
    counts: dict[str, int] = {}
    per_ob: dict[str, int] = {}  # findings (not a pass) per obligation, to compare with check's
    with open(args.output, "wb") as out:
        out.write(b'{\n  "findings": [\n')
        first = True
        for ob, tb, status, due in facts:
            keep = pc.not_equal(status, "pass")
            for s, n in zip(*pc.value_counts(status).flatten()):
                counts[s.as_py()] = counts.get(s.as_py(), 0) + n.as_py()
            rows = tb.filter(keep)
            per_ob[ob] = rows.num_rows
            st = status.filter(keep).to_pylist()
            dues = due.filter(keep).to_pylist()
            for i, r in enumerate(rows.to_pylist()):
                d = dues[i]
                f = {"key": f"hebi-backup/{ob}/{r['id']}", "obligation": ob, "status": st[i],
                     "event_ids": [r["id"]], "due": d.isoformat(" ", "minutes") if d else None,
                     "message": f"故障 {r['id']}：{ob}（{st[i]}），期限{d}",
                     "facts": {k: (v.isoformat() if isinstance(v, (date, datetime)) else v)
                               for k, v in sorted(r.items())}}
                body = orjson.dumps(f, option=orjson.OPT_INDENT_2)
                out.write((b"" if first else b",\n") + b"    " + body.replace(b"\n", b"\n    "))
                first = False
                shown += 1
        out.write(b"\n  ]\n}\n")
    t["findings"] = time.perf_counter() - t3
    total = time.perf_counter() - t0

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"columnar probe: {records:,} records in {folder}; {len(facts)} obligations, "
          f"{sum(len(s) for _, _, s, _ in facts):,} facts, {shown:,} findings written ({problems} problems)")
    print("  by status: " + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())))
    print("  by obligation: " + ", ".join(f"{ob} {n:,}" for ob, n in per_ob.items()))
    for k, v in t.items():
        print(f"  {k:15s} {v:7.2f} s")
    print(f"  {'total':15s} {total:7.2f} s   peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
