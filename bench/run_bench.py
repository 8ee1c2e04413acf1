"""End-to-end benchmark of `compliance check` on generated records, beside "the floor".

    .venv/bin/python bench/run_bench.py                      # hebi-backup; 10k, 100k, 1M; jsonl and csv
    .venv/bin/python bench/run_bench.py --sizes 10000,100000 --formats jsonl,csv,xlsx --engine durable
    .venv/bin/python bench/run_bench.py --rulesets hebi-backup,anyang --sizes 10000 --markdown

For each ruleset, size and format it generates the records if missing (bench/gen_records.py,
bench/data/<ruleset>-<n>.<format>/), then runs, each in its own child process:

- check:   `compliance check RULESET DATA --as-of <last day of the records> --format json -o /tmp/…`
           (the last day is the term end, or 2026-12-31 when the term runs past the holiday data);
- durable: the same with `--engine durable` (with --engine durable, sizes <= 100k only: it is slow);
- run:     `compliance run CONFIG`, the weekly run over the same data (one contract, a fresh
           history, report.html/.xlsx/findings.csv; its findings: the open and pending ones;
           --no-run leaves it out);
- run+1w:  the same a week later, on the history of a first run as of a week before (every
           Monday after the first; the first run is not timed);
- floor:   merely reading and validating the same records with the fastest reader at hand
           (pyarrow's CSV / JSON readers with every time column parsed to a timestamp and every
           required column checked for gaps; --floor-reader orjson: orjson + datetime.fromisoformat
           per line; .xlsx: openpyxl read-only, there being no columnar xlsx reader here).

Each row: records, seconds end to end (spawn to exit, interpreter start-up and imports
included), records/s, the child's own peak RSS (os.wait4's rusage of that child), the number of
findings, the seconds per record relative to the 10k run of the same ruleset/format/engine,
and end to end ÷ floor. When the check prints a stderr line `timings: {json}` (phases read,
measure, decide, build, write), the phases are printed under its row. A run over --timeout
seconds or --max-rss-gb is stopped and reported as such. No asserts: figures only.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "src"))

PHASES = ("read", "measure", "decide", "build", "write")


# ------------------------------------------------------------------------------ child runs


@dataclass
class Run:
    label: str
    ruleset: str
    fmt: str
    n: int
    records: int
    seconds: float | None = None
    peak_mb: float | None = None
    findings: int | None = None
    fails: int | None = None
    phases: dict = field(default_factory=dict)
    status: str = "ok"  # ok | error: … | stopped: …
    reader: str = ""


def spawn(cmd: list[str], timeout: float, max_rss_kb: int) -> tuple[float, float, int, str, str, str]:
    """Run cmd; (seconds, peak RSS MB, exit code, stdout, stderr, stopped-reason). The child's own
    rusage comes from os.wait4 on its pid; RSS is also polled so that a run past max_rss_kb or
    timeout can be stopped."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, start_new_session=True)
        stopped = ""
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            elapsed = time.perf_counter() - t0
            rss = _rss_kb(p.pid)
            if not stopped and (elapsed > timeout or rss > max_rss_kb):
                stopped = (f"stopped after {elapsed:.0f} s" if elapsed > timeout
                           else f"stopped at {rss / 1024 / 1024:.1f} GB RSS after {elapsed:.0f} s")
                os.killpg(p.pid, signal.SIGKILL)
            time.sleep(0.05 if elapsed < 2 else 0.25)
        secs = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (secs, ru.ru_maxrss / 1024, p.returncode, out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"), stopped)


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def compliance_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("compliance")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "compliance"]


def parse_timings(stderr: str) -> dict:
    for line in stderr.splitlines():
        if line.startswith("timings:"):
            try:
                return json.loads(line[len("timings:"):].strip())
            except ValueError:
                return {}
    return {}


def load_json(path: Path):
    try:
        import orjson

        return orjson.loads(path.read_bytes())
    except ImportError:
        return json.loads(path.read_text(encoding="utf-8"))


def _spawned(run: Run, cmd: list[str], args, output: Path) -> str:
    """Run a compliance command (exit 0 or 1 with ``output`` written is a success): its seconds,
    peak RSS and status into ``run``; returns its stderr."""
    secs, peak, rc, _, err, stopped = spawn(cmd, args.timeout, int(args.max_rss_gb * 1024 * 1024))
    run.seconds, run.peak_mb = secs, peak
    if stopped:
        run.status = stopped
    elif rc not in (0, 1) or not output.exists():
        last = [ln for ln in err.strip().splitlines() if ln.strip()][-1:] or [f"exit {rc}"]
        run.status = f"error (exit {rc}): {last[0][:160]}"
    return err


def run_check(rs_dir: Path, data: Path, as_of: date, cal_dirs: list[Path], engine: str | None,
              args, base: Run) -> Run:
    run = Run(**{**base.__dict__, "label": f"check{'/' + engine if engine else ''}"})
    with tempfile.TemporaryDirectory(prefix="run_bench-") as tmp:
        out = Path(tmp) / "findings.json"
        cmd = compliance_cmd() + ["check", str(rs_dir), str(data), "--as-of", as_of.isoformat(),
                                  "--format", "json", "-o", str(out), "--timings"]
        for d in cal_dirs:
            cmd += ["--calendar-dir", str(d)]
        if engine:
            cmd += ["--engine", engine]
        err = _spawned(run, cmd, args, out)
        run.phases = parse_timings(err)
        if run.status == "ok":
            doc = load_json(out)
            run.findings = len(doc.get("findings", ()))
            run.fails = (doc.get("summary") or {}).get("by_status", {}).get("fail")
    return run


def run_weekly(rs_dir: Path, data: Path, as_of: date, cal_dirs: list[Path], args, base: Run,
               later: bool = False) -> Run:
    """`compliance run CONFIG` over the same data: one contract, the report in html, xlsx and csv
    (no letters: they are measured by bench_letters.py). A fresh history; ``later``: the run a
    week later (as of ``as_of``) on the history of a first run as of a week before — what every
    Monday after the first is (the first run is not timed)."""
    run = Run(**{**base.__dict__, "label": "run+1w" if later else "run"})
    with tempfile.TemporaryDirectory(prefix="run_bench-") as tmp:
        out = Path(tmp) / "out"
        config = Path(tmp) / "weekly.yaml"
        report = out / "run.json"

        def spawned(day: date, timed: Run) -> None:
            lines = [f"as_of: {day.isoformat()}", f"output: {json.dumps(str(out))}", "formats: [html, xlsx, csv]",
                     "contracts:", f"  - ruleset: {json.dumps(str(rs_dir))}", f"    records: [{json.dumps(str(data))}]"]
            if cal_dirs:
                lines.append("    calendar_dirs: [" + ", ".join(json.dumps(str(d.resolve())) for d in cal_dirs) + "]")
            config.write_text("\n".join(lines) + "\n", encoding="utf-8")
            _spawned(timed, compliance_cmd() + ["run", str(config)], args, report)

        if later:
            first = Run(**{**base.__dict__, "label": "run"})
            spawned(as_of - timedelta(days=7), first)
            if first.status != "ok":
                run.status = f"first run: {first.status}"
                return run
        spawned(as_of, run)
        if run.status == "ok":
            doc = load_json(report)
            sections = ("new", "still_open", "regressed", "waived", "pending")
            run.findings = sum(len(c.get(k, ())) for c in doc.get("contracts", ()) for k in sections)
    return run


def run_floor(data: Path, fmt: str, ruleset: str, reader: str, args, base: Run) -> Run:
    run = Run(**{**base.__dict__, "label": "floor"})
    cmd = [sys.executable, str(Path(__file__).resolve()), "--floor-child", str(data), "--floor-fmt", fmt,
           "--floor-reader", reader, "--rulesets", ruleset]
    secs, peak, rc, out, err, stopped = spawn(cmd, args.timeout, int(args.max_rss_gb * 1024 * 1024))
    run.seconds, run.peak_mb = secs, peak
    if stopped:
        run.status = stopped
    elif rc != 0:
        last = [ln for ln in err.strip().splitlines() if ln.strip()][-1:] or [f"exit {rc}"]
        run.status = f"error (exit {rc}): {last[0][:160]}"
    else:
        r = json.loads(out.strip().splitlines()[-1])
        run.reader = r["reader"]
        run.phases = {"read+validate (in process)": r["seconds"]}
        if r["records"] != run.records:
            run.status = f"read {r['records']:,} records"
        run.findings = None
        run.fails = r["problems"]
    return run


# ------------------------------------------------------------------------------ the floor


def field_types() -> dict[str, dict[str, str]]:
    """kind -> field -> one of time, date, bool, int, float, list, str (from the event models'
    validators; anything unrecognised is read as text)."""
    from compliance.events import KINDS

    names = {"_parse_when": "time", "_parse_date": "date", "_parse_bool": "bool", "_parse_count": "int",
             "_parse_minutes": "float", "_parse_fraction": "float", "_parse_score": "float",
             "_parse_amount": "float", "_parse_evidence": "list"}
    out: dict[str, dict[str, str]] = {}
    for kind, model in KINDS.items():
        types = {}
        for name, f in model.model_fields.items():
            if name in ("source", "location"):
                continue
            types[name] = next((names[fn] for fn in _validators(f.annotation, f.metadata) if fn in names), "str")
        out[kind] = types
    return out


def _validators(annotation, metadata=()) -> list[str]:
    """Names of the PlainValidator functions in a field's metadata and (nested) annotation."""
    from typing import Annotated, get_args, get_origin

    out = [getattr(getattr(m, "func", None), "__name__", "") for m in metadata]
    if get_origin(annotation) is Annotated:
        out += [getattr(getattr(m, "func", None), "__name__", "") for m in annotation.__metadata__]
    for a in get_args(annotation):
        if a is not annotation and not isinstance(a, (str, int, float, bool)) and a is not type(None):
            out += _validators(a)
    return out


def required_fields() -> dict[str, list[str]]:
    from compliance.events import KINDS

    return {k: [n for n, f in m.model_fields.items() if f.is_required() and n not in ("kind",)]
            for k, m in KINDS.items()}


def csv_tables(folder: Path) -> Iterator[tuple[str, Any]]:
    """Each ``<kind>.csv`` of the folder (GB18030) read by pyarrow with its fields typed: times
    parsed to timestamps, dates to date32, counts and booleans typed; (kind, table)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    types = field_types()
    arrow = {"time": pa.timestamp("s"), "date": pa.date32(), "bool": pa.bool_(), "int": pa.int64(),
             "float": pa.float64(), "list": pa.string(), "str": pa.string()}
    for path in sorted(folder.glob("*.csv")):
        kind = path.stem
        yield kind, pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(encoding="gb18030", block_size=1 << 24),
            convert_options=pcsv.ConvertOptions(
                column_types={f: arrow[t] for f, t in types.get(kind, {}).items()}, strings_can_be_null=True,
                true_values=["是", "true", "1"], false_values=["否", "false", "0"],
                timestamp_parsers=["%Y-%m-%d %H:%M", pcsv.ISO8601]),
        )


def floor_pyarrow_csv(folder: Path) -> tuple[int, int]:
    import pyarrow.compute as pc

    req = required_fields()
    n = problems = 0
    for kind, table in csv_tables(folder):
        n += table.num_rows
        for f in req.get(kind, []):
            if f in table.column_names:
                problems += table[f].null_count
            else:
                problems += table.num_rows
        problems += table.num_rows - pc.sum(pc.equal(table["kind"], kind)).as_py() if table.num_rows else 0
    return n, problems


def floor_pyarrow_json(folder: Path) -> tuple[int, int]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pjson

    types, req = field_types(), required_fields()
    arrow = {"time": pa.string(), "date": pa.string(), "bool": pa.bool_(), "int": pa.int64(),
             "float": pa.float64(), "list": pa.list_(pa.string()), "str": pa.string()}
    fields: dict[str, str] = {}
    for kt in types.values():
        for f, t in kt.items():
            fields.setdefault(f, t)
    schema = pa.schema([(f, arrow[t]) for f, t in fields.items()])
    n = problems = 0
    for path in sorted(folder.glob("*.jsonl")):
        table = pjson.read_json(path, read_options=pjson.ReadOptions(block_size=1 << 24),
                                parse_options=pjson.ParseOptions(explicit_schema=schema,
                                                                 unexpected_field_behavior="ignore"))
        n += table.num_rows
        # times: "YYYY-MM-DDTHH:MM:SS" (ISO 8601) -> timestamp; dates -> date32
        for f, t in fields.items():
            if t == "time":
                pc.cast(table[f], pa.timestamp("s"))
            elif t == "date":
                pc.cast(table[f], pa.date32())
        kinds = table["kind"]
        for kind, fs in req.items():
            mask = pc.equal(kinds, kind)
            rows = pc.sum(mask).as_py() or 0
            if not rows:
                continue
            for f in fs:
                problems += pc.sum(pc.and_(mask, pc.is_null(table[f]))).as_py() or 0
        problems += pc.sum(pc.invert(pc.is_in(kinds, pa.array(list(req))))).as_py() or 0
    return n, problems


def floor_orjson(folder: Path) -> tuple[int, int]:
    import orjson

    types, req = field_types(), required_fields()
    timef = {k: [f for f, t in v.items() if t in ("time", "date")] for k, v in types.items()}
    fromiso, n, problems = datetime.fromisoformat, 0, 0
    for path in sorted(folder.glob("*.jsonl")):
        with path.open("rb") as fh:
            for line in fh:
                rec = orjson.loads(line)
                n += 1
                kind = rec.get("kind")
                for f in timef.get(kind, ()):
                    v = rec.get(f)
                    if v is not None:
                        rec[f] = fromiso(v)
                for f in req.get(kind, ()):
                    if rec.get(f) is None:
                        problems += 1
    return n, problems


def floor_openpyxl(folder: Path) -> tuple[int, int]:
    from openpyxl import load_workbook

    req = required_fields()
    n = problems = 0
    for path in sorted(folder.glob("*.xlsx")):
        wb = load_workbook(path, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = list(next(rows))
        need = [header.index(f) for f in req.get(path.stem, []) if f in header]
        for row in rows:
            n += 1
            problems += sum(1 for i in need if row[i] is None)
        wb.close()
    return n, problems


def floor_child(folder: Path, fmt: str, reader: str) -> None:
    t0 = time.perf_counter()
    if fmt == "xlsx":
        name, fn = "openpyxl read-only", floor_openpyxl
    elif reader == "orjson" and fmt == "jsonl":
        name, fn = "orjson + fromisoformat", floor_orjson
    elif fmt == "jsonl":
        name, fn = "pyarrow.json", floor_pyarrow_json
    else:
        name, fn = "pyarrow.csv", floor_pyarrow_csv
    n, problems = fn(folder)
    print(json.dumps({"reader": name, "records": n, "problems": problems,
                      "seconds": round(time.perf_counter() - t0, 3)}))


# ------------------------------------------------------------------------------ main


def count_records(folder: Path, fmt: str) -> int:
    if fmt == "jsonl":
        return sum(p.read_bytes().count(b"\n") for p in folder.glob("*.jsonl"))
    if fmt == "csv":
        return sum(p.read_bytes().count(b"\n") - 1 for p in folder.glob("*.csv"))
    import zipfile

    total = 0
    for p in folder.glob("*.xlsx"):  # rows of the first sheet, counted in its XML (no dimension
        with zipfile.ZipFile(p) as z:  # is written in write-only mode)
            sheet = sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))[0]
            with z.open(sheet) as fh:
                rows, tail = 0, b""
                while chunk := fh.read(1 << 20):
                    buf = tail + chunk
                    rows += buf.count(b"<row")
                    tail = buf[-3:]
                    rows -= tail.count(b"<row")
                total += rows - 1
    return total


def fmt_row(r: Run, ratio: str, floor_ratio: str) -> list[str]:
    ok = r.status == "ok" or r.status.startswith("read ")
    rate = f"{r.records / r.seconds:,.0f}" if ok and r.seconds else "-"
    fnd = "-" if r.findings is None else f"{r.findings:,}"
    if r.label == "floor":
        fnd = f"({r.fails:,} gaps)" if r.fails is not None else "-"
    return [r.ruleset, r.fmt, f"{r.n:,}", r.label + (f" [{r.reader}]" if r.reader else ""), f"{r.records:,}",
            f"{r.seconds:.2f}" if r.seconds is not None else "-", rate,
            f"{r.peak_mb:,.0f}" if r.peak_mb is not None else "-", fnd, ratio, floor_ratio,
            "" if r.status == "ok" else r.status]


HEADER = ["ruleset", "format", "n", "run", "records", "seconds", "records/s", "peak RSS MB", "findings",
          "s/record ÷ 10k", "÷ floor", "note"]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rulesets", default="hebi-backup", help="comma-separated (default hebi-backup)")
    ap.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated record counts")
    ap.add_argument("--formats", default="jsonl,csv", help="comma-separated: jsonl, csv, xlsx")
    ap.add_argument("--engine", choices=["durable"], help="also run --engine durable (sizes <= 100k)")
    ap.add_argument("--violations", type=float, default=0.12, help="for generating missing data (default 0.12)")
    ap.add_argument("--calendar-dir", type=Path, action="append", default=[],
                    help="extra holiday years, passed to the generator and the check")
    ap.add_argument("--floor-reader", choices=["pyarrow", "orjson", "both"], default="pyarrow",
                    help="the floor's reader for JSONL (CSV: pyarrow; XLSX: openpyxl); default pyarrow")
    ap.add_argument("--no-floor", action="store_true")
    ap.add_argument("--no-run", action="store_true", help="leave out `compliance run` (the weekly run) on the same data")
    ap.add_argument("--timeout", type=float, default=720, help="stop a run after this many seconds (default 720)")
    ap.add_argument("--max-rss-gb", type=float, default=8.0, help="stop a run past this RSS (default 8)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each measurement this many times and keep the fastest (default 1)")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--floor-child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--floor-fmt", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.floor_child:
        floor_child(args.floor_child, args.floor_fmt, args.floor_reader)
        return

    import gen_records as gen
    from compliance.workdays import WorkCalendar

    sizes = [int(x.replace("_", "")) for x in args.sizes.split(",") if x.strip()]
    fmts = [x.strip() for x in args.formats.split(",") if x.strip()]
    readers = ["pyarrow", "orjson"] if args.floor_reader == "both" else [args.floor_reader]
    rows: list[list[str]] = []
    print(f"# {datetime.now():%Y-%m-%d %H:%M}  {os.cpu_count()} CPUs  Python {sys.version.split()[0]}  "
          f"violations {args.violations:.0%}", flush=True)
    widths = [11, 6, 9, 30, 9, 8, 10, 11, 16, 14, 7, 0]
    if not args.markdown:
        print("  ".join(h.rjust(w) if i not in (0, 1, 3, 11) else h.ljust(w) for i, (h, w) in enumerate(zip(HEADER, widths))))
    for rs_name in [x.strip() for x in args.rulesets.split(",") if x.strip()]:
        rs_dir = gen.resolve_ruleset(rs_name)
        rs = gen.load_ruleset(rs_dir)
        cal = WorkCalendar.load(args.calendar_dir, use_env=False, rule=rs.contract.workday_rule)
        as_of = gen.horizon(rs, cal)[1]
        per_record_10k: dict[tuple[str, str], float] = {}
        for fmt in fmts:
            for n in sizes:
                folder = gen.data_dir(rs_dir, n, fmt)
                if not folder.is_dir():
                    print(f"  (generating {folder.relative_to(ROOT)} …)", flush=True)
                    gen.generate(rs_dir, n, fmt, violations=args.violations, calendar_dirs=args.calendar_dir,
                                 quiet=True)
                base = Run("", rs.id, fmt, n, count_records(folder, fmt))
                runs = [best(args.repeat, lambda: run_check(rs_dir, folder, as_of, args.calendar_dir, None, args, base))]
                if not args.no_run:
                    runs.append(best(args.repeat, lambda: run_weekly(rs_dir, folder, as_of, args.calendar_dir, args, base)))
                    runs.append(best(args.repeat, lambda: run_weekly(rs_dir, folder, as_of, args.calendar_dir, args, base,
                                                                     later=True)))
                if args.engine == "durable":
                    if n <= 100_000:
                        runs.append(best(args.repeat, lambda: run_check(rs_dir, folder, as_of, args.calendar_dir,
                                                                        "durable", args, base)))
                    else:
                        print(f"  (durable skipped at {n:,}: sizes <= 100k only)")
                floors = [] if args.no_floor else [best(args.repeat, lambda: run_floor(folder, fmt, rs.id, r, args, base))
                                                   for r in (readers if fmt == "jsonl" else readers[:1])]
                floor = min((f for f in floors if f.status == "ok"), key=lambda f: f.seconds, default=None)
                for r in runs + floors:
                    ratio = fl = ""
                    if r.status == "ok" and r.seconds:
                        key = (fmt, r.label + r.reader)
                        spr = r.seconds / max(1, r.records)
                        if n == 10_000:
                            per_record_10k[key] = spr
                        if key in per_record_10k:
                            ratio = f"{spr / per_record_10k[key]:.2f}"
                        if floor is not None and r.label != "floor":
                            fl = f"{r.seconds / floor.seconds:.1f}"
                    row = fmt_row(r, ratio, fl)
                    rows.append(row)
                    if not args.markdown:
                        print("  ".join(c.rjust(w) if i not in (0, 1, 3, 11) else c.ljust(w)
                                        for i, (c, w) in enumerate(zip(row, widths))), flush=True)
                        if r.phases:
                            print("      phases: " + ", ".join(
                                f"{k} {v:.2f} s" if isinstance(v, (int, float)) else f"{k} {v}"
                                for k, v in _ordered(r.phases)), flush=True)
    if args.markdown:
        print("| " + " | ".join(HEADER) + " |")
        print("|" + "---|" * len(HEADER))
        for row in rows:
            print("| " + " | ".join(row) + " |")


def best(repeat: int, measure) -> Run:
    """The fastest of ``repeat`` runs (a failed or stopped run is returned at once)."""
    runs = []
    for _ in range(max(1, repeat)):
        r = measure()
        if r.status != "ok":
            return r
        runs.append(r)
    return min(runs, key=lambda r: r.seconds)


def _ordered(phases: dict):
    keys = [k for k in PHASES if k in phases] + [k for k in phases if k not in PHASES]
    return [(k, phases[k]) for k in keys]


if __name__ == "__main__":
    main()
