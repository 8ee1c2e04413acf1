"""Kinds measured per period or per record rather than against a single deadline.

- ``record``: each matching record is a fact (its own fields plus derived measures);
  the ruleset's decision table classifies it (fault level, a concealed fault, a complaint).
- ``presence``: at least N people on site on every working day, from attendance records.
- ``count``: at least N records (or a sum of a field) per period (drills a year, training).
- ``availability``: merged outage time against the period's total service time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from pydantic import Field, model_validator

from ..conditions import matches, undetermined
from ..events import KINDS as RECORD_KINDS
from ..periods import add_months
from ..timetext import parse_period
from .base import (Context, Fact, Kind, LazyFact, Params, PerRecord, compile_where, field_text, fields_text, fmt_duration,
                   fmt_instant, scalar)
from .deadlines import RecordParams

# --------------------------------------------------------------------------- record

def is_period(v) -> bool:
    """A period value of a record (``2026``, ``2026-H2``, ``2026-Q3``, ``2026-09``, ``2026-W31``)."""
    return isinstance(v, str)


def period_bounds(v: str) -> tuple[date, date]:
    """First and last day of a period value (the record validators have checked it)."""
    period = parse_period(v, "YHQMW")
    return period.start, period.end


def period_start(v):
    """A period field stands for its first day; times and dates pass through."""
    return parse_period(v, "YHQMW").start if is_period(v) else v


def _full_months(start: date, end: date) -> int:
    n = (end.year - start.year) * 12 + end.month - start.month
    while n > 0 and add_months(start, n) > end:
        n -= 1
    return max(n, 0)


def _is_workday(d: date, ctx: Context) -> bool:
    ctx.require_settled(d, "whether a day is a working day")
    return ctx.calendar.is_workday(d)


def _on_site(ctx: Context) -> dict[date, set[str]]:
    """Per day, the persons with a present or late attendance record (computed once per run)."""
    def build():
        out: dict[date, set[str]] = {}
        for a in ctx.records("attendance"):
            if a.status in ("present", "late"):
                out.setdefault(a.date, set()).add(a.person)
        return out
    return ctx.memo(("attendance-on-site",), build)


def _pct(*xs) -> float | None:
    return None if any(x is None for x in xs) else round(sum(xs) / len(xs) * 100, 2)


def _efficiency(r, w) -> float | None:
    """The weights ``w`` are the obligation's ``efficiency_weights`` (ruleset data: 安阳 附件 1.2)."""
    xs = (r.cpu_peak, r.cpu_valley, r.mem_peak, r.mem_valley, r.disk_used)
    if any(x is None for x in xs):
        return None
    # exact decimal arithmetic on the recorded fractions, one rounding at the end (half up, to
    # 0.01): the contract states none, and rounding CPU and memory first could tip a band
    cpu_peak, cpu_valley, mem_peak, mem_valley, disk = (Decimal(str(x)) for x in xs)
    cpu, mem = (cpu_peak + cpu_valley) / 2, (mem_peak + mem_valley) / 2
    value = (cpu * w.cpu + mem * w.memory + disk * w.disk) * 100
    return float(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


DERIVED = {
    # recovery time of a fault: the recorded down time, else resolved − detected (interfaces.md)
    "recovery_minutes": lambda r, ctx: r.effective_downtime_minutes(ctx.tz),
    # drill evidence the contract asks for (附件2: 预案、记录、照片) that the record does not list
    "missing_evidence": lambda r, ctx: "、".join(
        label for key, label in (("plan", "预案"), ("record", "记录"), ("photos", "照片")) if key not in (r.evidence or [])),
    # log retention (log_check): whole months of logs kept, the oldest day's logs included: counted
    # like a period whose first day is oldest_log_date (arts. 201-202: from the day before it) to the check
    "retained_full_months": lambda r, ctx: _full_months(r.oldest_log_date - timedelta(days=1), r.checked_on),
    # attendance: the day is a working day of the official schedule (a 补班 day is one)
    "is_workday": lambda r, ctx: _is_workday(r.date, ctx),
    # attendance: another person has a present or late record the same day ("1名" was on site)
    "others_present": lambda r, ctx: bool(_on_site(ctx).get(r.date, set()) - {r.person}),
    # resource use (utilization): CPU and memory = (monthly peak + valley) / 2, in per cent
    "cpu_pct": lambda r, ctx: _pct(r.cpu_peak, r.cpu_valley),
    "mem_pct": lambda r, ctx: _pct(r.mem_peak, r.mem_valley),
    "disk_pct": lambda r, ctx: _pct(r.disk_used),
    "efficiency_pct": lambda r, ctx, p: _efficiency(r, p.efficiency_weights),
}
PARAM_DERIVED = {"efficiency_pct"}  # derived values that also read the obligation's parameters
_RECOVERY_FIELDS = "与".join(field_text("fault", f) for f in ("resolved_at", "downtime_minutes"))
"""What recovery_minutes is worked out from (EventFault.effective_downtime_minutes), as its reason names them."""
DERIVED_FOR = {"recovery_minutes": "fault", "missing_evidence": "drill", "retained_full_months": "log_check",
               "is_workday": "attendance", "others_present": "attendance",
               "cpu_pct": "utilization", "mem_pct": "utilization", "disk_pct": "utilization",
               "efficiency_pct": "utilization"}


# occurrence numbers: the record's place (1, 2, 3 …) among the matching records of its month or
# contract year, by its date (then id), for clauses like "超过两次…每次扣款1000元"
NUMBERING = ("nth_in_month", "nth_in_contract_year")


class EfficiencyWeights(Params):
    """The weights of CPU, memory and disk use in a resource-efficiency score (contract data)."""

    cpu: Decimal = Field(ge=0, le=1)
    memory: Decimal = Field(ge=0, le=1)
    disk: Decimal = Field(ge=0, le=1)


class RecordKindParams(RecordParams):
    derive: list[Literal["recovery_minutes", "missing_evidence", "retained_full_months", "cpu_pct", "mem_pct",
                         "disk_pct", "efficiency_pct", "is_workday", "others_present",
                         "nth_in_month", "nth_in_contract_year"]] = Field(default_factory=list)
    date_field: str = Field(description="the record's own time: records after as_of are ignored")
    efficiency_weights: EfficiencyWeights | None = Field(None, description=(
        "efficiency_pct = (CPU × cpu + memory × memory + disk × disk) × 100 (安阳 附件 1.2); required by that derive"))
    number_where: dict[str, Any] | None = Field(None, description=(
        "numbering (nth_in_month, nth_in_contract_year) counts only the records this condition keeps "
        "(on record fields and the other derived values); the others get no number (null)"))

    @model_validator(mode="after")
    def _fields(self) -> "RecordKindParams":
        self.fields_exist(self.date_field)
        if "efficiency_pct" in self.derive and self.efficiency_weights is None:
            raise ValueError("derive efficiency_pct needs efficiency_weights: {cpu, memory, disk}")
        for name in self.derive:
            if name not in NUMBERING and DERIVED_FOR[name] != self.record:
                raise ValueError(f"derive {name} applies to {DERIVED_FOR[name]} records, not {self.record}")
        if self.number_where is not None:
            if not set(self.derive) & set(NUMBERING):
                raise ValueError("number_where needs nth_in_month or nth_in_contract_year in derive")
            model = RECORD_KINDS[self.record]
            for t in compile_where(self.number_where):
                if t.field not in model.model_fields and (t.field in NUMBERING or t.field not in self.derive):
                    raise ValueError(f"number_where: {t.field!r} is neither a {self.record} field nor a derived value")
        return self


_SCALARS = frozenset({type(None), bool, int, float, str})  # what scalar() gives back as it is


class RecordKind(PerRecord):
    name = "record"
    Params = RecordKindParams

    @classmethod
    def fact_fields(cls, params: RecordKindParams) -> frozenset[str]:
        model = RECORD_KINDS[params.record]
        return frozenset(model.model_fields) - {"source", "location"} | set(params.derive)

    def judged_by(self) -> str:
        return self.p.date_field

    def prepare(self) -> None:
        p = self.p
        recs = self.ctx.records(p.record, compile_where(p.where)) if set(p.derive) & set(NUMBERING) else []
        if p.number_where is not None:
            keep = compile_where(p.number_where)
            recs = [r for r in recs if matches(keep, self._numbering_values(r, keep))]
        self.numbers = self._numbers(recs, p, self.ctx) if set(p.derive) & set(NUMBERING) else {}
        # the record's own fields the table tests (a derived value is not one: asking the record
        # for it would go through EventBase.__getattr__ and its AttributeError, a fact at a time)
        self.plain = tuple(f for f in self.tested if f not in p.derive)

    def _numbering_values(self, r, tests) -> dict:
        out = {}
        for t in tests:
            out[t.field] = ((DERIVED[t.field](r, self.ctx, self.p) if t.field in PARAM_DERIVED else DERIVED[t.field](r, self.ctx))
                            if t.field in DERIVED else scalar(getattr(r, t.field, None)))
        return out

    def _at(self, raw, period: bool):
        """A record's own time (``period``: a period's first day) as seen by as-of (None: after
        it), and that time as an instant."""
        ctx = self.ctx
        when = ctx.seen(period_start(raw) if period else raw)
        if when is None:
            return None, None
        return when, (when if when.__class__ is datetime and when.tzinfo is ctx.tz else ctx.instant(when))

    def order(self, r) -> str:
        """``one(r, True).order`` without the text: the record's own instant."""
        raw = getattr(r, self.p.date_field)
        return self._at(raw, is_period(raw))[1].isoformat()

    def one(self, r, explain: bool):
        ob, p, ctx = self.ob, self.p, self.ctx
        raw = getattr(r, p.date_field)
        period = is_period(raw)
        when, at = self._at(raw, period)
        if when is None:
            return None
        if period:
            # a record about a period (a month, a quarter …) belongs to the window by the period's end
            if not ctx.in_window(ctx.day_end(period_bounds(raw)[1])):
                return None
        elif not ctx.in_window(at, day_end=False):
            return None
        values = {f: v if (v := getattr(r, f, None)).__class__ in _SCALARS else scalar(v) for f in self.plain}
        for name in p.derive:
            v = (self.numbers[name].get(r.id) if name in NUMBERING
                 else DERIVED[name](r, ctx, p) if name in PARAM_DERIVED else DERIVED[name](r, ctx))
            values[name] = round(v, 2) if isinstance(v, float) else v  # counts stay whole numbers
        if not explain:
            return LazyFact(values, r, self)
        extra = {"reason": "", "late": "", "at": fmt_instant(when, ctx.tz)}
        if "recovery_minutes" in p.derive:
            rm = values["recovery_minutes"]
            extra["recovery"] = fmt_duration(rm) if rm is not None else "未记录"
            if rm is None:
                extra["reason"] = f"未记录恢复时间（{_RECOVERY_FIELDS}均为空）"
        return Fact(ob.id, values, (r.id,), None, None, fmt_instant(when, ctx.tz), [], self.subject(r), extra,
                    at.isoformat(), r, records=(r,),
                    # a record of a period (a month's spot check) has no day: `at` is the period's
                    # first day, and `at_period` says it stands for the period
                    measured={"at": when, **({"at_period": raw} if period else {})})

    @classmethod
    def message_fields(cls, params) -> frozenset[str]:
        return super().message_fields(params) | {"at", "recovery"}

    @staticmethod
    def _numbers(records, p: RecordKindParams, ctx: Context) -> dict[str, dict[str, int]]:
        """Number the records known by as-of (whatever the window) within each month and
        contract year, in date order."""
        years = ctx.contract_years()
        dated = sorted(((ctx.local_day(d), r.id) for r in records
                        if (d := ctx.seen(period_start(getattr(r, p.date_field)))) is not None))
        out: dict[str, dict[str, int]] = {name: {} for name in NUMBERING}
        seen: dict[tuple, int] = {}
        for day, rid in dated:
            year = next((i for i, (a, b) in enumerate(years) if a <= day <= b), None)
            for name, key in (("nth_in_month", (day.year, day.month)), ("nth_in_contract_year", year)):
                seen[(name, key)] = seen.get((name, key), 0) + 1
                out[name][rid] = seen[(name, key)]
        return out


# --------------------------------------------------------------------------- presence

class PresenceParams(RecordParams):
    record: str = "attendance"
    statuses: list[str] = Field(default_factory=lambda: ["present", "late"])
    min_persons: int = Field(1, ge=1)


class Presence(Kind):
    name = "presence"
    Params = PresenceParams
    FIELDS = frozenset({"covered", "present", "required", "shortfall"})
    MESSAGE_FIELDS = Kind.MESSAGE_FIELDS | {"day_note", "coverage"}

    def measure(self, ob, p: PresenceParams, ctx: Context, tested: frozenset[str] = frozenset()) -> list[Fact]:
        on_site: dict[date, list] = {}  # day -> its attendance records with a present status
        seen_days: list[date] = []
        for r in ctx.records(p.record, compile_where(p.where)):
            seen_days.append(r.date)
            if r.status in p.statuses:
                on_site.setdefault(r.date, []).append(r)
        tz = ctx.tz
        first = max(ctx.contract_start, ctx.window_from.astimezone(tz).date())
        # only whole days that have ended by as_of (a day ends at 24:00 = the next day's 00:00)
        last = min(ctx.contract_end, ctx.as_of.astimezone(tz).date() - timedelta(days=1),
                   (ctx.window_to - timedelta(microseconds=1)).astimezone(tz).date())
        cov_from = min(seen_days) if seen_days else None
        cov_to = max(seen_days) if seen_days else None
        facts: list[Fact] = []
        # working days the export does not cover, by month: one unknown finding per month, keyed
        # by the month, so the key does not move as more attendance arrives
        uncovered: dict[str, list[date]] = {}
        covered: set[str] = set()  # the months some of whose working days the export covers
        d = first
        while d <= last:
            if ctx.calendar.is_workday(d):
                ctx.require_settled(d, "whether a day is a working day")
                if cov_from is None or not cov_from <= d <= cov_to:
                    uncovered.setdefault(f"{d:%Y-%m}", []).append(d)
                else:
                    covered.add(f"{d:%Y-%m}")
                    facts.append(self._day(ob, p, ctx, d, on_site.get(d, [])))
            d += timedelta(days=1)
        for month, days in uncovered.items():
            span = days[0].isoformat() if len(days) == 1 else f"{days[0].isoformat()}至{days[-1].isoformat()}"
            fact = Fact(ob.id, {"covered": False, "present": None, "required": p.min_persons, "shortfall": None},
                        (), month, None, None,
                        [f"考勤数据覆盖范围：{cov_from}至{cov_to}" if cov_from else "未提供任何考勤记录",
                         "未覆盖的工作日：" + "、".join(x.isoformat() for x in days)],
                        "", {"reason": f"考勤数据未覆盖该月{len(days)}个工作日（{span}）", "late": "", "day_note": "",
                             # a month with attendance for some of its working days is not one without any
                             "coverage": "部分工作日无考勤数据" if month in covered else "无考勤数据"},
                        ctx.day_start(days[0]).isoformat(),
                        measured={"days": days, "required": p.min_persons})
            facts.append(fact)
        return facts

    @staticmethod
    def _day(ob, p: PresenceParams, ctx: Context, d: date, recs: list) -> Fact:
        persons = sorted({r.person for r in recs})
        n = len(persons)
        makeup = ctx.calendar.is_makeup(d)
        why = (f"{d.isoformat()}为补班日，依据{ctx.calendar.notice_for(d).citation()}该日上班" if makeup
               else f"{d.isoformat()}为工作日")
        return Fact(ob.id, {"covered": True, "present": n, "required": p.min_persons, "shortfall": max(p.min_persons - n, 0)},
                    (), d.isoformat(), d.isoformat(), f"{n}人在岗",
                    [why, f"到岗人员：{'、'.join(persons)}" if n else "无到岗记录"],
                    "", {"reason": "", "late": "", "day_note": "（补班日）" if makeup else ""},
                    ctx.day_start(d).isoformat(), records=tuple(sorted(recs, key=lambda r: r.id)),
                    measured={"day": d, "makeup_day": makeup, "persons": persons})


# --------------------------------------------------------------------------- count

class CountParams(RecordParams):
    date_field: str
    sum_field: str | None = None
    min: int = Field(ge=1)
    per: Literal["contract_year", "calendar_year", "half_year", "quarter", "month"] = "contract_year"
    stub: Literal["join", "own"] = Field("join", description=(
        "a first calendar period of which fewer than half the days lie in the term (a stub: "
        "2026-06-04..30 of a quarter, 2023-06-28..30 of a month): `join` — not required on its "
        "own but joined to the next period, its records counting there, one requirement for "
        "both, the label running from the contract start to the next period's end "
        "(2026-06-04/2026-09-30); `own` — a period of its own with the full requirement"))
    unit: str = "次"
    known_values: dict[str, list[str]] | None = Field(None, description=(
        "fields of `where` whose value, when missing or none of these (an audit's empty result, an "
        "unreadable level), leaves a record undetermined: it might count. Facts gain "
        "`undetermined`, the period's undetermined records"))

    @model_validator(mode="after")
    def _fields(self) -> "CountParams":
        self.fields_exist(self.date_field, *( [self.sum_field] if self.sum_field else []), *(self.known_values or {}))
        return self


PERIOD_NAMES = {"contract_year": "合同年度", "calendar_year": "自然年度", "half_year": "半年度",
                "quarter": "季度", "month": "月度"}


class Count(Kind):
    name = "count"
    Params = CountParams
    FIELDS = frozenset({"count", "required", "shortfall", "period_closed"})
    MESSAGE_FIELDS = Kind.MESSAGE_FIELDS | {"unit", "count", "required", "shortfall", "undetermined"}

    @classmethod
    def fact_fields(cls, params: CountParams) -> frozenset[str]:
        return cls.FIELDS | ({"undetermined"} if params.known_values else set())

    def measure(self, ob, p: CountParams, ctx: Context, tested: frozenset[str] = frozenset()) -> list[Fact]:
        # a period-valued date field (a roster's month) stands for its first day
        at = lambda r: period_start(getattr(r, p.date_field))  # noqa: E731
        recs = [r for r in ctx.records(p.record, compile_where(p.where)) if ctx.seen(at(r)) is not None]
        unsure: list[tuple] = []  # (record, the fields it lacks) that might count
        if p.known_values:
            where = compile_where(p.where)
            names = {t.field for t in where}
            for r in ctx.records(p.record):
                if ctx.seen(at(r)) is None:
                    continue
                lacks = undetermined(where, {f: scalar(getattr(r, f, None)) for f in names}, p.known_values)
                if lacks:
                    unsure.append((r, lacks))
        facts = []
        for a, b in ctx.periods(p.per, p.stub):
            start, end = ctx.day_start(a), ctx.day_end(b)
            # a period has begun by as_of; it is reported when its end (its deadline) is in the window
            if start >= ctx.as_of or not ctx.in_window(end):  # begun strictly before as_of
                continue
            inside = [r for r in recs if (start <= ctx.instant(at(r)) < end) or (
                is_period(v := getattr(r, p.date_field)) and period_bounds(v)[0] <= b and period_bounds(v)[1] >= a)]
            total = sum(int(getattr(r, p.sum_field) or 0) for r in inside) if p.sum_field else len(inside)
            closed = ctx.as_of >= end
            label = f"{a.isoformat()}/{b.isoformat()}"
            values = {"count": total, "required": p.min, "shortfall": max(p.min - total, 0), "period_closed": closed}
            maybe = sorted(((r, lacks) for r, lacks in unsure if start <= ctx.instant(at(r)) < end),
                           key=lambda x: x[0].id)
            if p.known_values:
                values["undetermined"] = len(maybe)
            ids = tuple(sorted(r.id for r in inside))
            joined = p.per != "contract_year" and a == ctx.contract_start and b > ctx.periods(p.per, "own")[0][1]
            steps = [f"考核期{a.isoformat()}至{b.isoformat()}（{PERIOD_NAMES[p.per]}"
                     + ("；首期在合同期内不足该期一半天数，不单独考核，并入下一期" if joined else "") + "）"] + [
                f"{r.id}：{getattr(r, p.date_field) if is_period(getattr(r, p.date_field)) else fmt_instant(getattr(r, p.date_field), ctx.tz)}"
                + (f"，{getattr(r, p.sum_field)}{p.unit}" if p.sum_field else "")
                for r in sorted(inside, key=lambda r: (str(getattr(r, p.date_field)), r.id))]
            extra = {"unit": p.unit, "count": str(total), "required": str(p.min),
                     "shortfall": str(values["shortfall"]), "reason": "", "late": "", "undetermined": str(len(maybe))}
            if maybe:
                said = "；".join(f"{r.id}未记录或无法识别{fields_text(p.record, lacks)}" for r, lacks in maybe)
                steps.append(f"无法判断是否计入：{said}")
                extra["reason"] = f"{said}，无法判断是否计入"
            facts.append(ctx.mark_absent(Fact(
                ob.id, values, ids, label, f"{b.isoformat()} 24:00", f"{total}{p.unit}", steps, "", extra,
                end.isoformat(), records=tuple(sorted([*inside, *(r for r, _ in maybe)], key=lambda r: r.id)),
                measured={"period_start": a, "period_end": b, "deadline": end, "last_day": b}), p.record))
        return facts


# --------------------------------------------------------------------------- availability

class AvailabilityParams(RecordParams):
    record: str = "outage"
    per: Literal["contract_year"] = "contract_year"


class Availability(Kind):
    name = "availability"
    Params = AvailabilityParams
    FIELDS = frozenset({"downtime_minutes", "period_minutes", "availability_pct", "period_closed", "outages"})
    MESSAGE_FIELDS = Kind.MESSAGE_FIELDS | {"downtime", "availability_pct"}

    def measure(self, ob, p: AvailabilityParams, ctx: Context, tested: frozenset[str] = frozenset()) -> list[Fact]:
        spans = []
        for r in ctx.records(p.record, compile_where(p.where)):
            s = ctx.instant(r.start)
            e = ctx.instant(r.end, end_of_day=not isinstance(r.end, datetime))
            spans.append((s, min(e, ctx.as_of), r))
        facts = []
        for a, b in ctx.contract_years():
            start, end = ctx.day_start(a), ctx.day_end(b)
            # a period has begun by as_of; it is reported when its end (its deadline) is in the window
            if start >= ctx.as_of or not ctx.in_window(end):  # begun strictly before as_of
                continue
            clipped = sorted(((max(s, start), min(e, end), r) for s, e, r in spans if s < end and e > start and s < e),
                             key=lambda x: (x[0], x[1], x[2].id))
            merged: list[list] = []
            for s, e, i in clipped:
                if merged and s <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], e)
                    merged[-1][2].append(i)
                else:
                    merged.append([s, e, [i]])
            down = sum((e - s).total_seconds() for s, e, _ in merged) / 60
            total = (end - start).total_seconds() / 60
            pct = round(100 * (1 - down / total), 6)
            label = f"{a.isoformat()}/{b.isoformat()}"
            used = sorted((r for _, _, rs_ in merged for r in rs_), key=lambda r: r.id)
            ids = tuple(r.id for r in used)
            values = {"downtime_minutes": round(down, 2), "period_minutes": round(total, 2), "availability_pct": pct,
                      "period_closed": ctx.as_of >= end, "outages": len(clipped)}
            steps = [f"年度系统总服务时间：{a.isoformat()}至{b.isoformat()}，共{total:.0f}分钟",
                     f"合并重叠后累计中断{down:.2f}分钟（{len(clipped)}条中断记录）",
                     f"可用性 = 1 − {down:.2f} / {total:.0f} = {pct}%（以全年为分母，截至检查时点的上限值）"]
            extra = {"downtime": fmt_duration(down), "availability_pct": f"{pct}", "reason": "", "late": ""}
            facts.append(ctx.mark_absent(Fact(
                ob.id, values, ids, label, f"{b.isoformat()} 24:00", f"{pct}%", steps, "", extra,
                end.isoformat(), records=tuple(used),
                measured={"period_start": a, "period_end": b, "deadline": end, "last_day": b}), p.record))
        return facts
