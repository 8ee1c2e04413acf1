"""Deterministic generator of realistic records for a ruleset, for the benchmarks.

    .venv/bin/python bench/gen_records.py hebi-backup --n 100000 --format jsonl
    .venv/bin/python bench/gen_records.py luohe --n 10000 --format csv,xlsx --violations 0.15

writes ``bench/data/<ruleset>-<n>.<format>/`` (``records.jsonl``; or one ``<kind>.csv`` in
GB18030 per kind; or one ``<kind>.xlsx`` workbook per kind, written in openpyxl's write-only
mode). Same arguments -> byte-identical files (seeded ``random.Random`` per kind, no clock
reads, fixed workbook properties and zip entry times).

What is generated is read from the ruleset: the record kinds its obligations use (``params.record``,
plus the audits a ``valid_at`` obligation looks for), the values their ``where`` filters select
(report types, drill types, audit types, roles, payment periods …) and every deadline the
obligations set (``deadline_after``, ``advance_notice``, ``invoice_window``, ``periodic_due``),
so that a record is on time by a margin, or — for a ``--violations`` share of the
deadline-bearing records — breaks one of its deadlines (late, missing, short notice; a few
notices land on the working-day boundary where the two readings of 提前N个工作日 disagree).

A contract year's shape: attendance of 1–3 people every working day (the official calendar,
``WorkCalendar.load()``), about 1,200 fault tickets, 600 formal requests and 150 maintenance
windows a year (platform-wide ticket exports), and the low-volume kinds at the rates the
contract asks for: a report per period, audits and drills per year, security tasks per
month/quarter, payments per half year, a few outages, complaints, staff changes …  The target
``--n`` is reached by multiplying the high-volume kinds (attendance, fault, request,
maintenance — those the ruleset uses) in those proportions; the low-volume kinds keep their
real counts.

Dates stay inside the contract term and inside the years that have holiday data: with the
shipped calendar (2023–2026) the records end at min(term end, 2026-12-31); with
``--calendar-dir tests/data/calendar`` (a test 2027) they may run to the term end. The check
is meant to be run ``--as-of`` that last day (``horizon()`` gives it; bench/run_bench.py uses it).
Times are naive local times (the ruleset's time zone), whole minutes.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any, Callable, Iterable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from compliance.errors import CalendarDataMissing  # noqa: E402
from compliance.events import KINDS  # noqa: E402
from compliance.rulesets import load_ruleset  # noqa: E402
from compliance.workdays import WorkCalendar  # noqa: E402

DATA_DIR = ROOT / "bench" / "data"
DEFAULT_SEED = 20260701
FORMATS = ("jsonl", "csv", "xlsx")
HIGH_VOLUME = ("attendance", "fault", "request", "maintenance")
# records per contract year of the high-volume kinds (attendance: 1-3 a working day, ~2 on average)
BASE_PER_YEAR = {"fault": 1200, "request": 600, "maintenance": 150}
XLSX_TIME = datetime(2026, 1, 1, 0, 0, 0)  # workbook properties and zip entry times (never the clock)
ONE_MIN = timedelta(minutes=1)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "霞", "平", "刚",
         "桂英", "鹏", "华", "建国", "志强", "丽", "强", "斌", "浩", "婷", "宇", "晨"]
SYSTEMS = ["人社业务系统", "公积金业务系统", "不动产登记系统", "政务服务网", "医保结算系统", "教育招生系统",
           "财政预算一体化系统", "市场监管系统", "城市大脑平台", "视频共享平台", "电子证照库", "12345热线系统"]
SUBJECTS = ["运行报告缺少资源使用趋势", "备份策略未按甲方要求调整", "安全基线配置不符合要求", "监控告警未接入",
            "漏洞修复未闭环", "巡检记录不完整", "资源回收不及时", "日志审计范围不全"]


def person(i: int) -> str:
    """A stable Chinese name for roster position i (unique for i < 1,500; numbered after)."""
    name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
    k = i // (len(SURNAMES) * len(GIVEN))
    return name if k == 0 else f"{name}{k + 1}"


# ------------------------------------------------------------------------------------ dates


def days(a: date, b: date) -> Iterator[date]:
    d = a
    while d <= b:
        yield d
        d += timedelta(days=1)


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    last = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).day
    return date(y, m, min(d.day, last))


def midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def at(d: date, minutes: int) -> datetime:
    return midnight(d) + timedelta(minutes=minutes)


def office(rng: Random, d: date) -> datetime:
    """A time on day d in office hours (08:30-17:50)."""
    return at(d, rng.randrange(510, 1070, 5))


def horizon(rs, cal: WorkCalendar) -> tuple[date, date]:
    """(first, last) day the records cover: the contract term cut at the last day of the newest
    loaded holiday year. The check is run --as-of the last day."""
    start, end = rs.contract.start, rs.contract.end
    last_loaded = date(cal.years[-1], 12, 31)
    return start, min(end, last_loaded)


def periods(per: str, start: date, end: date, contract_start: date) -> list[tuple[str, date, date]]:
    """(label, first, last) of each period of kind ``per`` that starts on or before ``end``."""
    out = []
    if per == "contract_year":
        a = contract_start
        while a <= end:
            b = add_months(a, 12) - timedelta(days=1)
            out.append((f"{a.isoformat()}/{b.isoformat()}", a, b))
            a = b + timedelta(days=1)
    elif per in ("calendar_year", "half_year", "quarter", "month"):
        months = {"calendar_year": 12, "half_year": 6, "quarter": 3, "month": 1}[per]
        a = date(start.year, 1, 1)
        while a <= end:
            b = add_months(a, months) - timedelta(days=1)
            if b >= start:
                if per == "calendar_year":
                    label = str(a.year)
                elif per == "half_year":
                    label = f"{a.year}-H{(a.month - 1) // 6 + 1}"
                elif per == "quarter":
                    label = f"{a.year}-Q{(a.month - 1) // 3 + 1}"
                else:
                    label = f"{a.year}-{a.month:02d}"
                out.append((label, a, b))
            a = b + timedelta(days=1)
    elif per == "week":
        a = start - timedelta(days=start.weekday())
        while a <= end:
            b = a + timedelta(days=6)
            y, w, _ = a.isocalendar()
            out.append((f"{y}-W{w:02d}", a, b))
            a = b + timedelta(days=1)
    else:
        raise ValueError(f"unknown period {per!r}")
    return out


# ------------------------------------------------------------------------------------ where


def _test(value: Any, cond: Any) -> bool:
    if not isinstance(cond, dict):
        return value == cond
    for op, operand in cond.items():
        ok = {
            "eq": lambda: value == operand,
            "ne": lambda: value != operand,
            "lt": lambda: value is not None and value < operand,
            "le": lambda: value is not None and value <= operand,
            "gt": lambda: value is not None and value > operand,
            "ge": lambda: value is not None and value >= operand,
            "in": lambda: value in operand,
            "not_in": lambda: value not in operand,
            "is_null": lambda: (value is None) == bool(operand),
        }[op]()
        if not ok:
            return False
    return True


def matches(rec: dict, where: dict | None) -> bool:
    return not where or all(_test(rec.get(k), c) for k, c in where.items())


def where_values(obligations, kind: str, fld: str) -> list:
    """Literal values of ``fld`` that the obligations on ``kind`` select (eq or in), in order."""
    out: list = []
    for ob in obligations:
        if ob.params.get("record") != kind:
            continue
        cond = (ob.params.get("where") or {}).get(fld)
        vals = cond.get("in", []) if isinstance(cond, dict) else [] if cond is None else [cond]
        for v in vals if isinstance(vals, list) else [vals]:
            if v not in out:
                out.append(v)
    return out


# ------------------------------------------------------------------------------ constraints


@dataclass
class Constraint:
    """One deadline an obligation sets on a record kind: ``dst`` relative to ``src``.

    mode "after": dst within ``spec`` after src (deadline_after); "before": dst at least
    ``spec`` before src (advance_notice); "window": dst (invoice) on or before the
    ``spec['working_days']``-th working day before src (node) (invoice_window)."""

    ob: str
    mode: str
    src: str
    dst: str
    spec: dict
    where: dict | None


def constraints_of(rs) -> dict[str, list[Constraint]]:
    out: dict[str, list[Constraint]] = {}
    for ob in rs.obligations:
        p = ob.params
        kind = p.get("record")
        if ob.kind == "deadline_after":
            c = Constraint(ob.id, "after", p["trigger"], p["done"], dict(p["period"]), p.get("where"))
        elif ob.kind == "advance_notice":
            c = Constraint(ob.id, "before", p["event"], p["notice"], dict(p["lead"]), p.get("where"))
        elif ob.kind == "invoice_window":
            c = Constraint(ob.id, "window", p.get("node", "node_at"), p.get("invoice", "invoice_at"),
                           {"working_days": p["working_days"], "reading": p.get("reading")}, p.get("where"))
        else:
            continue
        out.setdefault(kind, []).append(c)
    return out


def order_groups(cs: list[Constraint]) -> list[tuple[str, list[Constraint]]]:
    """The constraints grouped by the field they set, in an order where every field is set
    before a constraint reads it."""
    groups: dict[str, list[Constraint]] = {}
    for c in cs:
        groups.setdefault(c.dst, []).append(c)
    done: list[str] = []
    pending = list(groups)
    while pending:
        for dst in pending:
            if all(c.src not in groups or c.src in done or c.src == dst for c in groups[dst]):
                break
        else:  # a cycle: take them as written
            dst = pending[0]
        done.append(dst)
        pending.remove(dst)
    return [(d, groups[d]) for d in done]


class Timing:
    """Deadlines on the working-day calendar, as naive local datetimes."""

    def __init__(self, cal: WorkCalendar):
        self.cal = cal

    def workday(self, d: date) -> bool:
        try:
            return self.cal.is_workday(d)
        except CalendarDataMissing:
            return d.weekday() < 5

    def roll(self, d: date) -> date:
        for _ in range(40):
            if self.workday(d):
                return d
            d += timedelta(days=1)
        return d

    def add_wd(self, d: date, n: int) -> date | None:
        try:
            return self.cal.add_workdays(d, n)
        except CalendarDataMissing:
            return None

    def after(self, src: datetime, spec: dict) -> datetime | None:
        """The deadline (an instant: 24:00 of the last day for day-based periods)."""
        if "minutes" in spec or "hours" in spec:
            return src + timedelta(minutes=spec.get("minutes", 0) + 60 * spec.get("hours", 0))
        if "working_days" in spec:
            d = self.add_wd(src.date(), spec["working_days"])
        elif "natural_days" in spec:
            d = src.date() + timedelta(days=spec["natural_days"])
            d = self.roll(d) if spec.get("roll", True) else d
        elif "months" in spec:
            d = add_months(src.date(), spec["months"])
            d = self.roll(d) if spec.get("roll", True) else d
        else:
            raise ValueError(f"unsupported period {spec}")
        return None if d is None else midnight(d + timedelta(days=1))

    def on_time_after(self, rng: Random, src: datetime, deadline: datetime, spec: dict) -> datetime:
        if "minutes" in spec or "hours" in spec:
            span = (deadline - src).total_seconds() / 60
            t = src + timedelta(minutes=max(1, int(span * rng.uniform(0.15, 0.85))))
        else:
            last = deadline.date() - timedelta(days=1)
            n = (last - src.date()).days
            d = src.date() + timedelta(days=rng.randint(0, max(0, n)))
            if "working_days" in spec:
                while not self.workday(d) and d < last:
                    d += timedelta(days=1)
            t = office(rng, d)
            if t <= src:
                t = src + timedelta(minutes=rng.randrange(30, 180, 5))
        return min(t, deadline - ONE_MIN)

    def late_after(self, rng: Random, src: datetime, deadline: datetime, spec: dict) -> datetime:
        if "minutes" in spec or "hours" in spec:
            span = (deadline - src).total_seconds() / 60
            return src + timedelta(minutes=int(span * rng.uniform(1.1, 3.0)) + 1)
        last = deadline.date() - timedelta(days=1)
        if "working_days" in spec:
            d = self.add_wd(last, rng.randint(1, 3)) or last + timedelta(days=rng.randint(1, 5))
        else:
            d = last + timedelta(days=rng.randint(1, 10))
        return office(rng, d)

    def on_time_before(self, rng: Random, ev: datetime, spec: dict) -> datetime | None:
        if "working_days" in spec:
            d = self.add_wd(ev.date(), -(spec["working_days"] + 1 + rng.randint(0, 4)))
            return None if d is None else office(rng, d)
        if "days" in spec:
            return office(rng, ev.date() - timedelta(days=spec["days"] + 1 + rng.randint(0, 6)))
        h = spec["hours"]
        return ev - timedelta(minutes=60 * h + rng.randrange(60, 5 * 1440, 10))

    def late_before(self, rng: Random, ev: datetime, spec: dict) -> datetime:
        if "working_days" in spec:
            n = spec["working_days"]
            if spec.get("reading") is None and rng.random() < 0.15:
                d = self.add_wd(ev.date(), -n)  # reading (b) only: ambiguous
            else:
                d = self.add_wd(ev.date(), -rng.randint(1, max(1, n - 1))) if n > 1 else ev.date()
            t = office(rng, d or ev.date())
        elif "days" in spec:
            t = office(rng, ev.date() - timedelta(days=rng.randint(0, max(0, spec["days"] - 2))))
        elif spec["hours"] == 0:
            return ev + timedelta(minutes=rng.randrange(30, 2880, 10))  # approved after the start
        else:
            t = ev - timedelta(minutes=int(60 * spec["hours"] * rng.uniform(0.1, 0.9)))
        return t if t < ev else ev - timedelta(minutes=rng.randrange(10, 120, 5))


class Resolver:
    """Sets each record's deadline-bound fields: on time, or late for a share of them."""

    def __init__(self, cs: dict[str, list[Constraint]], timing: Timing, share: float, as_of: datetime):
        self.groups = {k: order_groups(v) for k, v in cs.items()}
        self.t = timing
        self.share = share
        self.as_of = as_of
        self.bearing: dict[str, int] = {}
        self.broken: dict[str, int] = {}

    def apply(self, kind: str, rec: dict, rng: Random) -> None:
        groups = [(dst, [c for c in g if matches(rec, c.where)]) for dst, g in self.groups.get(kind, ())]
        groups = [(dst, g) for dst, g in groups if g]
        if not groups:
            return
        self.bearing[kind] = self.bearing.get(kind, 0) + 1
        broken = rng.randrange(len(groups)) if rng.random() < self.share else -1
        if broken >= 0:
            self.broken[kind] = self.broken.get(kind, 0) + 1
        for i, (dst, g) in enumerate(groups):
            late = i == broken
            if g[0].mode == "after":
                rec[dst] = self._after(rec, g, late, rng)
            elif g[0].mode == "before":
                rec[dst] = self._before(rec, g, late, rng)
            else:
                rec[dst] = self._window(rec, g[0], late, rng)
            required = KINDS[kind].model_fields[dst].is_required()
            if rec[dst] is None and required:  # a required time cannot be missing: late instead
                rec[dst] = self._late_required(rec, g, rng)
            elif rec[dst] is not None and rec[dst] >= self.as_of and not required:
                rec[dst] = None  # not yet happened at the as-of instant: an open item

    def _late_required(self, rec, g, rng):
        c = g[0]
        src = rec[c.src]
        if c.mode == "after":
            deadline = self.t.after(src, c.spec) or src + timedelta(days=30)
            return self.t.late_after(rng, src, deadline, c.spec)
        return self.t.late_before(rng, src, c.spec)

    def _after(self, rec, g, late, rng):
        srcs = [rec.get(c.src) for c in g]
        if any(s is None for s in srcs):
            return rec.get(g[0].dst)
        due = [(self.t.after(s, c.spec), s, c) for s, c in zip(srcs, g)]
        if any(d is None for d, _, _ in due):  # the deadline needs a year without holiday data
            return None
        deadline, src, c = min(due, key=lambda x: x[0])
        if late:
            return None if rng.random() < 0.2 else self.t.late_after(rng, src, deadline, c.spec)
        t = self.t.on_time_after(rng, src, deadline, c.spec)
        lo = max(srcs)
        return t if t > lo else min(lo + timedelta(minutes=30), deadline - ONE_MIN)

    def _before(self, rec, g, late, rng):
        ev = rec.get(g[0].src)
        if ev is None:
            return rec.get(g[0].dst)
        if late:
            if rng.random() < 0.2:
                return None
            cands = [self.t.late_before(rng, ev, c.spec) for c in g]
            return max(cands)
        cands = [self.t.on_time_before(rng, ev, c.spec) for c in g]
        cands = [x for x in cands if x is not None]
        return min(cands) if cands else rec.get(g[0].dst)

    def _window(self, rec, c, late, rng):
        node = rec.get(c.src)
        if node is None:
            return rec.get(c.dst)
        if late:
            return None if rng.random() < 0.2 else office(rng, node.date() + timedelta(days=rng.randint(1, 10)))
        d = self.t.add_wd(node.date(), -c.spec["working_days"])
        return office(rng, d) if d else rec.get(c.dst)


# ------------------------------------------------------------------------------------ the plan


def allocate(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """``total`` split by ``weights`` (largest remainder; deterministic); each slot with a
    positive weight gets at least ``minimum`` while the total allows."""
    n = len(weights)
    out = [0] * n
    live = [i for i in range(n) if weights[i] > 0]
    if not live or total <= 0:
        return out
    base = min(minimum, total // len(live))
    for i in live:
        out[i] = base
    rest = total - base * len(live)
    s = sum(weights[i] for i in live)
    shares = [(rest * weights[i] / s, i) for i in live]
    for x, i in shares:
        out[i] += int(x)
    left = rest - sum(int(x) for x, _ in shares)
    for _, i in sorted(shares, key=lambda xi: (-(xi[0] - int(xi[0])), xi[1]))[:left]:
        out[i] += 1
    return out


@dataclass
class Plan:
    rs: Any
    cal: WorkCalendar
    start: date
    end: date
    n: int
    violations: float
    seed: int
    kinds: list[str] = field(default_factory=list)  # in output order
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def as_of(self) -> datetime:
        return midnight(self.end + timedelta(days=1))

    def rng(self, kind: str, part: str = "") -> Random:
        return Random(f"{self.seed}:{self.rs.id}:{kind}:{part}")


def used_kinds(rs) -> list[str]:
    out: list[str] = []
    for ob in rs.obligations:
        k = ob.params.get("record")
        if k and k not in out:
            out.append(k)
        if ob.kind == "valid_at" and "audit" not in out:
            out.append("audit")
    return out


# ----------------------------------------------------------------------- record generators
# Each yields dicts (field -> Python value) in time order. The resolver then sets the
# deadline-bound fields; the writers turn values into text or cells.


def gen_attendance(plan: Plan, count: int, rng: Random) -> Iterator[dict]:
    wds = [d for d in days(plan.start, plan.end) if plan.cal.is_workday(d)]
    missing = {d for d in wds if rng.random() < 0.01}  # a working day nobody signed in
    weights = [0 if d in missing else rng.choice((1, 2, 2, 3)) for d in wds]
    per_day = allocate(count, weights, minimum=1)
    for d, k in zip(wds, per_day):
        for j in range(k):
            x = rng.random()
            status = "absent" if x < 0.01 else "late" if x < 0.025 else "present"
            if status == "absent" and k == 1:
                status = "present"
            yield {"date": d, "person": person(j), "status": status, "_t": midnight(d)}


def _per_day(plan: Plan, count: int, rng: Random, weight: Callable[[date], float]) -> list[tuple[date, int]]:
    ds = list(days(plan.start, plan.end))
    return list(zip(ds, allocate(count, [weight(d) * rng.uniform(0.5, 1.5) for d in ds])))


def gen_fault(plan: Plan, count: int, rng: Random) -> Iterator[dict]:
    wd = plan.cal.is_workday
    for d, k in _per_day(plan, count, rng, lambda d: 1.0 if wd(d) else 0.6):
        for m in sorted(rng.randrange(0, 1440) for _ in range(k)):
            t = at(d, m)
            x = rng.random()
            systems = 5 if x < 0.004 else 3 if x < 0.01 else 2 if x < 0.03 else 1
            y = rng.random()
            cause = "vendor" if y < 0.7 else "third_party" if y < 0.9 else "client" if y < 0.98 else "force_majeure"
            z = rng.random()
            loss = "unrecoverable" if z < 0.001 else "recovered" if z < 0.012 else "none"
            yield {
                "detected_at": t,
                "responded_at": t + timedelta(minutes=rng.randint(2, 8)),
                "onsite_at": t + timedelta(minutes=rng.randint(15, 50)),
                "resolved_at": t + timedelta(minutes=rng.randint(30, 300)),
                "systems_affected": systems,
                "downtime_minutes": 0 if rng.random() < 0.85 else rng.randint(1, 15),
                "data_loss": loss,
                "data_leak": rng.random() < 0.0005,
                "cause": cause,
                "reported": rng.random() >= 0.003,
                "notified_at": t + timedelta(minutes=rng.randint(5, 25)),
                "_t": t,
            }


def gen_request(plan: Plan, count: int, rng: Random) -> Iterator[dict]:
    t_ = Timing(plan.cal)
    for d, k in _per_day(plan, count, rng, lambda d: 1.0 if t_.workday(d) else 0.05):
        for m in sorted(rng.randrange(510, 1070) for _ in range(k)):
            t = at(d, m)
            done = office(rng, t_.add_wd(d, 1) or d + timedelta(days=1))
            yield {"received_at": t, "completed_at": done, "replied_at": done + timedelta(minutes=rng.randrange(10, 240, 5)),
                   "_t": t}


def gen_maintenance(plan: Plan, count: int, rng: Random) -> Iterator[dict]:
    t_ = Timing(plan.cal)
    first = plan.start + timedelta(days=3)  # windows planned from the term's first days on
    for d, k in _per_day(plan, count, rng, lambda d: 0.0 if d < first else 0.3 if t_.workday(d) else 1.0):
        for m in sorted(rng.choice((60, 120, 1260, 1320, 1350)) for _ in range(k)):
            t = at(d, m)
            notified = office(rng, t_.add_wd(d, -10) or d - timedelta(days=14))
            yield {
                "planned_start": t,
                "planned_end": t + timedelta(hours=rng.randint(2, 6)),
                "notified_at": notified,
                "approved_at": notified + timedelta(days=rng.randint(1, 3)),
                "category": "upgrade" if rng.random() < 0.25 else "maintenance",
                "affects_service": rng.random() < 0.7,
                "service_stopped": rng.random() < 0.02,
                "_t": t,
            }


def _rand_day(rng: Random, a: date, b: date) -> date:
    return a + timedelta(days=rng.randint(0, max(0, (b - a).days)))


def _events_per_year(plan: Plan, rng: Random, per_year: float, workday: bool = True) -> list[datetime]:
    """About ``per_year`` office-hour instants a year, spread over the horizon."""
    span = (plan.end - plan.start).days + 1
    k = max(1, round(per_year * span / 365))
    t_ = Timing(plan.cal)
    out = []
    for _ in range(k):
        d = _rand_day(rng, plan.start + timedelta(days=5), plan.end - timedelta(days=5))
        if workday:
            d = t_.roll(d)
        out.append(office(rng, d))
    return sorted(out)


def gen_report(plan: Plan, rng: Random) -> Iterator[dict]:
    t_ = Timing(plan.cal)
    errors_checked = any(ob.kind == "record" and ob.params.get("record") == "report" for ob in plan.rs.obligations)
    out = []
    for ob in plan.rs.obligations:
        p = ob.params
        if ob.kind not in ("periodic_due", "monthly_due") or p.get("record") != "report":
            continue
        rtype = (p.get("where") or {}).get("report_type", "monthly_ops")
        every = p.get("every", "month")
        for label, a, b in periods(every, plan.start, plan.end, plan.rs.contract.start):
            if b < plan.rs.contract.start:
                continue
            if every == "week":
                due = b + timedelta(days=p.get("days_after", 1))
            else:
                due = date(b.year, b.month, 1)
                due = add_months(due, p.get("month_offset", 1))
                due = due.replace(day=p.get("day", 5))
                if not p.get("inclusive", True):
                    due -= timedelta(days=1)
            if p.get("roll", True):
                due = t_.roll(due)
            if b >= plan.end:
                continue  # the period in progress: nothing submitted yet
            if rng.random() < plan.violations:
                plan_late = True
                sub = None if rng.random() < 0.2 else office(rng, due + timedelta(days=rng.randint(1, 8)))
            else:
                plan_late = False
                lo = b + timedelta(days=1)
                sub = office(rng, _rand_day(rng, lo, max(lo, due - timedelta(days=1))))
            if sub is not None and sub >= plan.as_of:
                sub = None
            rec = {"report_type": rtype, "period": label, "submitted_at": sub,
                   "errors": (rng.randint(1, 3) if rng.random() < 0.05 else 0) if errors_checked else None,
                   "_t": midnight(b + timedelta(days=1)), "_late": plan_late}
            out.append(rec)
    out.sort(key=lambda r: (r["_t"], r["report_type"]))
    yield from out


def _count_obligations(plan: Plan, kind: str):
    for ob in plan.rs.obligations:
        if ob.kind == "count" and ob.params.get("record") == kind:
            yield ob, ob.params


def gen_audit(plan: Plan, rng: Random) -> Iterator[dict]:
    wanted: dict[str, str] = {}  # audit type -> period kind
    for _, p in _count_obligations(plan, "audit"):
        wanted.setdefault((p.get("where") or {}).get("audit_type", "mlps"), p.get("per", "contract_year"))
    for ob in plan.rs.obligations:
        if ob.kind == "valid_at":
            for t in ob.params.get("audit_types", []):
                wanted.setdefault(t, "contract_year")
    out = []
    for atype, per in wanted.items():
        for label, a, b in periods(per, plan.start, plan.end, plan.rs.contract.start):
            d = _rand_day(rng, max(a, plan.start) + timedelta(days=20), max(a, plan.start) + timedelta(days=90))
            if d > plan.end:
                continue
            out.append({"audit_type": atype, "completed_on": d, "result": "pass", "level": "3",
                        "valid_until": add_months(d, 12) - timedelta(days=1), "_t": midnight(d)})
    out.sort(key=lambda r: (r["_t"], r["audit_type"]))
    yield from out


def gen_drill(plan: Plan, rng: Random) -> Iterator[dict]:
    wanted: dict[str, tuple[str, int]] = {}
    for _, p in _count_obligations(plan, "drill"):
        wanted.setdefault((p.get("where") or {}).get("drill_type", "data_recovery"),
                          (p.get("per", "contract_year"), int(p.get("min", 1))))
    if not wanted:
        wanted = {"data_recovery": ("contract_year", 1)}
    out = []
    for dtype, (per, k) in wanted.items():
        for label, a, b in periods(per, plan.start, plan.end, plan.rs.contract.start):
            for _ in range(k):
                d = _rand_day(rng, max(a, plan.start) + timedelta(days=10), b - timedelta(days=10))
                if d > plan.end:
                    continue
                ev = ["plan", "record", "photos"] if rng.random() < 0.9 else ["plan", "record"]
                out.append({"drill_type": dtype, "held_on": Timing(plan.cal).roll(d), "evidence": ev,
                            "_t": midnight(d)})
    out.sort(key=lambda r: (r["_t"], r["drill_type"]))
    yield from out


def gen_training(plan: Plan, rng: Random) -> Iterator[dict]:
    for t in _events_per_year(plan, rng, 3):
        yield {"held_on": t.date(), "person_times": rng.randint(2, 6), "_t": t}


def gen_security_task(plan: Plan, rng: Random) -> Iterator[dict]:
    out = []
    for _, p in _count_obligations(plan, "security_task"):
        ttype = (p.get("where") or {}).get("task_type", "inspection")
        for label, a, b in periods(p.get("per", "contract_year"), plan.start, plan.end, plan.rs.contract.start):
            d = Timing(plan.cal).roll(_rand_day(rng, max(a, plan.start), b - timedelta(days=3)))
            if d <= plan.end:
                out.append({"done_on": d, "task_type": ttype, "_t": midnight(d)})
    out.sort(key=lambda r: (r["_t"], r["task_type"]))
    yield from out


def gen_payment(plan: Plan, rng: Random) -> Iterator[dict]:
    out = []
    for label, a, b in periods("half_year", plan.start, plan.end, plan.rs.contract.start):
        node = date(b.year, b.month, 1)
        if node < plan.start + timedelta(days=30) or node > plan.end:
            continue
        out.append((label, node))
    std = {label for label, _ in out}
    for v in where_values(plan.rs.obligations, "payment", "period"):  # e.g. an arrears period
        if isinstance(v, str) and v not in std and "/" in v:
            out.append((v, plan.start + timedelta(days=14)))
    for label, node in sorted(out, key=lambda x: (x[1], x[0])):
        n = at(node, 600)
        yield {"node_at": n, "invoice_at": n - timedelta(days=5), "funds_received_at": n + timedelta(days=3),
               "paid_at": n + timedelta(days=10), "amount": round(rng.uniform(200_000, 3_000_000), 2),
               "period": label, "_t": n}


def gen_outage(plan: Plan, rng: Random) -> Iterator[dict]:
    for t in _events_per_year(plan, rng, 6, workday=False):
        t = t - timedelta(minutes=rng.randrange(0, 600))
        yield {"start": t, "end": t + timedelta(minutes=rng.randint(2, 12)), "system": rng.choice(SYSTEMS), "_t": t}


def gen_simple(kind: str, per_year: float) -> Callable[[Plan, Random], Iterator[dict]]:
    def gen(plan: Plan, rng: Random) -> Iterator[dict]:
        t_ = Timing(plan.cal)
        roles = where_values(plan.rs.obligations, "staff_change", "role") or ["resident"]
        for t in _events_per_year(plan, rng, per_year):
            if kind in ("complaint", "missed_call"):
                yield {"at": t - timedelta(minutes=rng.randrange(0, 300)), "_t": t}
            elif kind == "rectification":
                yield {"notice_at": t, "rectified_at": office(rng, t_.add_wd(t.date(), 2) or t.date()),
                       "subject": rng.choice(SUBJECTS), "_t": t}
            elif kind == "contact_change":
                yield {"changed_at": t, "notified_at": t + timedelta(days=1), "_t": t}
            elif kind == "force_majeure":
                yield {"occurred_at": t, "notified_at": t + timedelta(days=1), "proof_at": t + timedelta(days=5), "_t": t}
            elif kind == "staff_change":
                role = rng.choice(roles)
                yield {"effective_at": t, "role": role, "notified_at": t - timedelta(days=12),
                       "approved_at": t - timedelta(days=3), "requested_at": t - timedelta(days=4),
                       "person_out": person(rng.randrange(0, 40)), "person_in": person(rng.randrange(40, 80)), "_t": t}
            elif kind == "data_deletion":
                yield {"requested_at": t, "deleted_at": t + timedelta(days=2), "report_at": t + timedelta(days=6),
                       "overwritten": True, "stamped": True, "_t": t}
            elif kind == "deployment":
                yield {"completed_at": t, "_t": t}
            else:
                raise ValueError(kind)
    return gen


def _months(plan: Plan) -> list[tuple[str, date, date]]:
    return [(lb, a, b) for lb, a, b in periods("month", plan.start, plan.end, plan.start) if b <= plan.end]


def gen_monthly(kind: str) -> Callable[[Plan, Random], Iterator[dict]]:
    def gen(plan: Plan, rng: Random) -> Iterator[dict]:
        for label, a, b in _months(plan):
            t = midnight(b)
            if kind == "log_check":
                yield {"checked_on": b, "oldest_log_date": add_months(b, -rng.randint(6, 9)),
                       "device": rng.choice(["防火墙", "WAF", "IDS", "堡垒机", "日志审计系统"]), "_t": t}
            elif kind == "spot_check":
                yield {"month": label, "matches_report": rng.random() >= 0.05, "_t": t}
            elif kind == "team_roster":
                yield {"month": label, "members": rng.randint(6, 9), "residents": rng.randint(1, 2), "_t": t}
            elif kind == "utilization":
                for proj in SYSTEMS:  # efficiency = 100 x: mostly inside the 40-60 % band
                    x = rng.uniform(0.42, 0.58) if rng.random() < 0.9 else rng.uniform(0.2, 0.8)
                    yield {"project": proj, "month": label, "cpu_peak": round(min(1, x + 0.15), 3),
                           "cpu_valley": round(max(0, x - 0.15), 3), "mem_peak": round(min(1, x + 0.1), 3),
                           "mem_valley": round(max(0, x - 0.1), 3), "disk_used": round(x, 3), "_t": t}
            else:
                raise ValueError(kind)
    return gen


def gen_survey(plan: Plan, rng: Random) -> Iterator[dict]:
    for label, a, b in periods("half_year", plan.start, plan.end, plan.start):
        if b <= plan.end:
            yield {"period": label, "score": rng.randint(82, 98), "_t": midnight(b)}


LOW_VOLUME: dict[str, Callable[[Plan, Random], Iterator[dict]]] = {
    "report": gen_report,
    "audit": gen_audit,
    "drill": gen_drill,
    "training": gen_training,
    "security_task": gen_security_task,
    "payment": gen_payment,
    "outage": gen_outage,
    "complaint": gen_simple("complaint", 3),
    "missed_call": gen_simple("missed_call", 4),
    "rectification": gen_simple("rectification", 6),
    "contact_change": gen_simple("contact_change", 2),
    "force_majeure": gen_simple("force_majeure", 1),
    "staff_change": gen_simple("staff_change", 6),
    "data_deletion": gen_simple("data_deletion", 4),
    "deployment": gen_simple("deployment", 4),
    "log_check": gen_monthly("log_check"),
    "spot_check": gen_monthly("spot_check"),
    "team_roster": gen_monthly("team_roster"),
    "utilization": gen_monthly("utilization"),
    "survey": gen_survey,
}
HIGH_GEN = {"attendance": gen_attendance, "fault": gen_fault, "request": gen_request, "maintenance": gen_maintenance}
PREFIX = {"attendance": "ATT", "fault": "FLT", "request": "REQ", "maintenance": "MNT", "report": "RPT", "audit": "AUD",
          "drill": "DRL", "training": "TRN", "security_task": "SEC", "payment": "PAY", "outage": "OUT",
          "complaint": "CMP", "missed_call": "MSC", "rectification": "RCT", "contact_change": "CC",
          "force_majeure": "FM", "staff_change": "STF", "data_deletion": "DEL", "deployment": "DEP",
          "log_check": "LOG", "spot_check": "SPT", "team_roster": "TEAM", "utilization": "UTL", "survey": "SRV"}


def make_plan(ruleset: str | Path, n: int, violations: float = 0.12, seed: int = DEFAULT_SEED,
              calendar_dirs: Iterable[Path] = ()) -> Plan:
    rs = load_ruleset(resolve_ruleset(ruleset))
    cal = WorkCalendar.load(list(calendar_dirs), use_env=False, rule=rs.contract.workday_rule)
    start, end = horizon(rs, cal)
    plan = Plan(rs, cal, start, end, n, violations, seed)
    kinds = used_kinds(rs)
    plan.kinds = [k for k in HIGH_VOLUME if k in kinds] + [k for k in kinds if k not in HIGH_GEN]
    fixed = {k: sum(1 for _ in LOW_VOLUME[k](plan, plan.rng(k))) for k in plan.kinds if k not in HIGH_GEN}
    years = ((end - start).days + 1) / 365
    wds = sum(1 for d in days(start, end) if cal.is_workday(d))
    base = {"attendance": 2.0 * wds, **{k: v * years for k, v in BASE_PER_YEAR.items()}}
    high = [k for k in plan.kinds if k in HIGH_GEN]
    room = max(0, n - sum(fixed.values()))
    counts = dict(zip(high, allocate(room, [base[k] for k in high]))) if high else {}
    plan.counts = {k: counts.get(k, fixed.get(k, 0)) for k in plan.kinds}
    return plan


def records(plan: Plan, resolver: Resolver) -> Iterator[tuple[str, dict]]:
    """(kind, record) for every record of the plan, kind by kind, each in time order."""
    for kind in plan.kinds:
        rng = plan.rng(kind)
        gen = HIGH_GEN[kind](plan, plan.counts[kind], rng) if kind in HIGH_GEN else LOW_VOLUME[kind](plan, rng)
        rrng = plan.rng(kind, "deadlines")
        prefix = PREFIX[kind]
        for i, rec in enumerate(gen, 1):
            late = rec.pop("_late", None)  # a periodic report: its deadline was set by its generator
            if late is not None:
                resolver.bearing[kind] = resolver.bearing.get(kind, 0) + 1
                resolver.broken[kind] = resolver.broken.get(kind, 0) + bool(late)
            resolver.apply(kind, rec, rrng)
            rec.pop("_t", None)
            out = {"id": f"{prefix}-{i:07d}", "kind": kind, "contract": plan.rs.id}
            out.update(rec)
            yield kind, out


# ------------------------------------------------------------------------------------ writers


def fields_of(kind: str) -> list[str]:
    """The CSV/XLSX header: id, kind, contract and the kind's own fields, in model order."""
    names = [f for f in KINDS[kind].model_fields if f not in ("source", "location")]
    return ["id", "kind", "contract"] + [f for f in names if f not in ("id", "kind", "contract")]


def json_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(v, date):
        return v.isoformat()
    return v


def csv_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list):
        return ";".join(v)
    if isinstance(v, float):
        return f"{v:.2f}" if abs(v) >= 100 else repr(v)
    return str(v)


def xlsx_value(v: Any) -> Any:
    if isinstance(v, list):
        return ";".join(v)
    return v


class _FixedZip(zipfile.ZipFile):
    """A zip whose every entry carries one fixed timestamp and no file attributes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        zi = self._info(arcname or os.path.basename(filename))
        with open(filename, "rb") as src, self.open(zi, "w", force_zip64=True) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)

    @staticmethod
    def _info(name: str) -> zipfile.ZipInfo:
        zi = zipfile.ZipInfo(name, date_time=XLSX_TIME.timetuple()[:6])
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.create_system = 0
        zi.external_attr = 0
        return zi


class Writers:
    def __init__(self, folder: Path, fmt: str, kinds: list[str], rs_id: str):
        self.folder, self.fmt = folder, fmt
        self.files: dict[str, Any] = {}
        self.rs_id = rs_id
        if fmt == "jsonl":
            self.jsonl = (folder / "records.jsonl").open("w", encoding="utf-8", newline="\n")

    def write(self, kind: str, rec: dict) -> None:
        if self.fmt == "jsonl":
            obj = {k: json_value(v) for k, v in rec.items() if v is not None}
            self.jsonl.write(json.dumps(obj, ensure_ascii=False) + "\n")
            return
        w = self.files.get(kind)
        header = fields_of(kind)
        if w is None:
            w = self.files[kind] = self._open(kind, header)
        if self.fmt == "csv":
            w[1].writerow([csv_value(rec.get(f)) for f in header])
        else:
            w[1].append([xlsx_value(rec.get(f)) for f in header])

    def _open(self, kind: str, header: list[str]):
        if self.fmt == "csv":
            fh = (self.folder / f"{kind}.csv").open("w", encoding="gb18030", newline="")
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(header)
            return fh, w
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(kind)
        ws.append(header)
        return wb, ws

    def close(self) -> None:
        if self.fmt == "jsonl":
            self.jsonl.close()
            return
        for kind, (obj, _) in self.files.items():
            if self.fmt == "csv":
                obj.close()
                continue
            from openpyxl.writer.excel import ExcelWriter

            props = obj.properties
            props.creator = props.lastModifiedBy = "bench/gen_records.py"
            props.title = kind
            props.created = props.modified = XLSX_TIME
            with _FixedZip(self.folder / f"{kind}.xlsx", "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                ExcelWriter(obj, archive).save()  # not wb.save(): that stamps modified = now


# ------------------------------------------------------------------------------------ main


def resolve_ruleset(name: str | Path) -> Path:
    p = Path(name)
    if p.is_dir() or p.is_file():
        return p
    return ROOT / "rulesets" / str(name)


def data_dir(ruleset: str | Path, n: int, fmt: str, out: Path = DATA_DIR) -> Path:
    return out / f"{Path(str(ruleset)).name}-{n}.{fmt}"


def generate(ruleset: str | Path, n: int, fmt: str, *, violations: float = 0.12, seed: int = DEFAULT_SEED,
             calendar_dirs: Iterable[Path] = (), out: Path = DATA_DIR, quiet: bool = False) -> Path:
    """Write the records; returns the folder. Written to a temporary folder first, so a
    folder that exists is complete."""
    t0 = time.perf_counter()
    plan = make_plan(ruleset, n, violations, seed, calendar_dirs)
    folder = data_dir(ruleset, n, fmt, out)
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    resolver = Resolver(constraints_of(plan.rs), Timing(plan.cal), violations, plan.as_of)
    writers = Writers(tmp, fmt, plan.kinds, plan.rs.id)
    total = 0
    by_kind: dict[str, int] = {}
    for kind, rec in records(plan, resolver):
        writers.write(kind, rec)
        by_kind[kind] = by_kind.get(kind, 0) + 1
        total += 1
    writers.close()
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    if not quiet:
        size = sum(f.stat().st_size for f in folder.iterdir())
        bearing = sum(resolver.bearing.values())
        broken = sum(resolver.broken.values())
        print(f"{folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}: {total:,} records "
              f"({plan.start} .. {plan.end}, as of {plan.end}), {size / 1e6:,.1f} MB, "
              f"{time.perf_counter() - t0:.1f} s")
        print("  " + ", ".join(f"{k} {v:,}" for k, v in by_kind.items()))
        print(f"  deadline-bearing records: {bearing:,} ({bearing / max(1, total):.0%}); "
              f"set to break a deadline: {broken:,} ({broken / max(1, bearing):.1%} of them, "
              f"{broken / max(1, total):.1%} of all records)")
    return folder


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ruleset", nargs="+", help="ruleset name(s) under rulesets/ or folder(s)")
    ap.add_argument("--n", default="10000", help="target record count(s), comma-separated (default 10000)")
    ap.add_argument("--format", default="jsonl", help="jsonl, csv, xlsx, comma-separated (default jsonl)")
    ap.add_argument("--violations", type=float, default=0.12,
                    help="share of the deadline-bearing records that break a deadline (default 0.12)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--calendar-dir", type=Path, action="append", default=[],
                    help="extra holiday years ({year}.yaml), e.g. tests/data/calendar for a test 2027")
    ap.add_argument("--out", type=Path, default=DATA_DIR, help="parent folder (default bench/data)")
    args = ap.parse_args(argv)
    fmts = [f.strip() for f in args.format.split(",") if f.strip()]
    for f in fmts:
        if f not in FORMATS:
            ap.error(f"--format: {f!r} is not one of {', '.join(FORMATS)}")
    for rs in args.ruleset:
        for n in (int(x.replace("_", "")) for x in args.n.split(",")):
            for f in fmts:
                generate(rs, n, f, violations=args.violations, seed=args.seed,
                         calendar_dirs=args.calendar_dir, out=args.out)


if __name__ == "__main__":
    main()
