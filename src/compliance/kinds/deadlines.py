"""Kinds whose facts compare an actual time with a computed deadline.

- ``deadline_after``: something must be done within a period after a trigger
  (requests in 3 working days, a fault answered in 10 minutes, a rectification in 5 working days).
- ``advance_notice``: notice must be given a lead time before planned work
  (72 hours, or N working days with the two readings of 提前N个工作日).
- ``monthly_due``: one record per month, due by a day of a later month (月报每月5号之前).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import Field, model_validator

from ..events import KINDS as RECORD_KINDS
from ..periods import (
    ClockAfter,
    ClockBefore,
    DayOfMonth,
    NaturalDaysAfter,
    WorkingDaysAfter,
    WorkingDaysBefore,
)
from .base import (
    Context,
    Fact,
    Kind,
    MetBy,
    Params,
    PendingBound,
    compile_where,
    deadline_or_bound,
    fmt_duration,
    fmt_instant,
)


class PeriodSpec(Params):
    """Exactly one of the units. ``roll`` applies to natural days (art. 203)."""

    working_days: int | None = Field(None, gt=0)
    natural_days: int | None = Field(None, gt=0)
    hours: int | None = Field(None, gt=0)
    minutes: int | None = Field(None, gt=0)
    roll: bool = True

    @model_validator(mode="after")
    def _one(self) -> "PeriodSpec":
        n = sum(x is not None for x in (self.working_days, self.natural_days, self.hours, self.minutes))
        if n != 1:
            raise ValueError("give exactly one of working_days, natural_days, hours, minutes")
        return self

    @property
    def is_clock(self) -> bool:
        return self.hours is not None or self.minutes is not None

    def convention(self):
        if self.working_days is not None:
            return WorkingDaysAfter(self.working_days)
        if self.natural_days is not None:
            return NaturalDaysAfter(self.natural_days, roll=self.roll)
        return ClockAfter((self.hours or 0) * 60 + (self.minutes or 0))


class RecordParams(Params):
    record: str
    where: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _check_record(self) -> "RecordParams":
        if self.record not in RECORD_KINDS:
            raise ValueError(f"record must be one of: {', '.join(sorted(RECORD_KINDS))}")
        compile_where(self.where)
        return self

    def fields_exist(self, *names: str) -> None:
        model = RECORD_KINDS[self.record]
        for n in names:
            if n not in model.model_fields:
                raise ValueError(f"{self.record} records have no field {n!r}")


def _late_text(deadline, actual: datetime | date, tz) -> str:
    if isinstance(actual, datetime):
        over = (actual - deadline.due).total_seconds() / 60
        return f"超出期限{fmt_duration(max(over, 0))}"
    if deadline.last_day is not None:
        return f"晚于期满日{(actual - deadline.last_day).days}天"
    return "晚于期限"


def _judge(ctx: Context, deadline, actual_raw, fact_values: dict, extra: dict) -> str | None:
    """Fill done/met/overdue/missing_data for a computed deadline; return the actual text."""
    actual = ctx.seen(actual_raw)
    if isinstance(deadline, PendingBound):
        # the deadline is unknown but certainly after as_of, and whatever is recorded happened by as_of
        fact_values.update(done=actual is not None, met=True if actual is not None else None,
                           overdue=False, missing_data=False)
        return fmt_instant(actual, ctx.tz)
    fact_values["overdue"] = ctx.as_of >= deadline.due
    if actual is None:
        fact_values.update(done=False, met=None, missing_data=False)
        extra["late"] = "截至检查时点仍未完成" if fact_values["overdue"] else ""
        return f"截至{fmt_instant(ctx.as_of, ctx.tz)}未完成"
    verdict = MetBy.check(deadline, actual, ctx.tz)
    fact_values["done"] = True
    if verdict == MetBy.UNKNOWN:
        fact_values.update(met=None, missing_data=True)
        extra["reason"] = f"完成时间只记录了日期（{actual.isoformat()}），而期限落在当日{deadline.due_text()}"
    else:
        fact_values.update(met=verdict == MetBy.MET, missing_data=False)
        if verdict == MetBy.LATE:
            extra["late"] = _late_text(deadline, actual, ctx.tz)
            if isinstance(actual, datetime):
                fact_values["late_minutes"] = round((actual - deadline.due).total_seconds() / 60, 2)
    return fmt_instant(actual, ctx.tz)


def _due_fields(deadline) -> tuple[str, list[str], str]:
    if isinstance(deadline, PendingBound):
        return deadline.text(), [deadline.text()], deadline.not_before.isoformat()
    steps = list(deadline.steps)
    if deadline.provisional:
        steps.append("注意：期满日位于已加载节假日数据的年末，下一年度通知可能调整，结果为暂定。")
    return deadline.due_text(), steps, deadline.due.isoformat()


# --------------------------------------------------------------------------- deadline_after

class DeadlineAfterParams(RecordParams):
    trigger: str
    done: str
    period: PeriodSpec

    @model_validator(mode="after")
    def _fields(self) -> "DeadlineAfterParams":
        self.fields_exist(self.trigger, self.done)
        return self


class DeadlineAfter(Kind):
    name = "deadline_after"
    Params = DeadlineAfterParams
    FIELDS = frozenset({"done", "met", "overdue", "missing_data", "late_minutes"})

    def measure(self, ob, p: DeadlineAfterParams, ctx: Context, tested: frozenset[str] = frozenset()) -> list[Fact]:
        conv = p.period.convention()
        facts = []
        for r in ctx.records(p.record, compile_where(p.where)):
            trig = ctx.seen(getattr(r, p.trigger))
            if trig is None:  # not triggered by as_of (or the trigger is not recorded)
                continue
            values: dict = {"late_minutes": None}
            extra: dict = {"reason": "", "late": ""}
            subject = f"{ob.subject or p.record} {r.id}".strip()
            if p.period.is_clock and not isinstance(trig, datetime):
                values.update(done=False, met=None, overdue=False, missing_data=True)
                extra["reason"] = f"{p.trigger}只记录了日期（{trig.isoformat()}），无法按{conv.describe()}计算"
                facts.append(Fact(ob.id, values, (r.id,), None, None, fmt_instant(ctx.seen(getattr(r, p.done)), ctx.tz),
                                  [], subject, extra, fmt_instant(trig, ctx.tz) or ""))
                continue
            deadline = ctx.memo(
                (conv, trig if p.period.is_clock else ctx.local_day(trig)),
                lambda: deadline_or_bound(ctx, lambda: conv.deadline(trig, ctx.calendar, ctx.tz),
                                          conv.earliest_last_day(trig, ctx.tz)))
            due_text, steps, order = _due_fields(deadline)
            if not ctx.could_be_in_window(deadline):
                continue
            actual_text = _judge(ctx, deadline, getattr(r, p.done), values, extra)
            extra["rule"] = getattr(deadline, "rule", "")
            facts.append(Fact(ob.id, values, (r.id,), None, due_text, actual_text, steps, subject, extra, order))
        return facts


# --------------------------------------------------------------------------- advance_notice

class LeadSpec(Params):
    working_days: int | None = Field(None, gt=0)
    hours: int | None = Field(None, gt=0)
    reading: Literal["a", "b"] | None = None

    @model_validator(mode="after")
    def _one(self) -> "LeadSpec":
        if (self.working_days is None) == (self.hours is None):
            raise ValueError("give exactly one of working_days, hours")
        if self.reading and self.working_days is None:
            raise ValueError("reading applies to working_days only")
        return self


class AdvanceNoticeParams(RecordParams):
    event: str
    notice: str
    lead: LeadSpec

    @model_validator(mode="after")
    def _fields(self) -> "AdvanceNoticeParams":
        self.fields_exist(self.event, self.notice)
        return self


class AdvanceNotice(Kind):
    name = "advance_notice"
    Params = AdvanceNoticeParams
    FIELDS = frozenset({"notice_given", "ok_a", "ok_b", "deadline_passed", "missing_data"})
    MESSAGE_FIELDS = Kind.MESSAGE_FIELDS | {"event"}

    def measure(self, ob, p: AdvanceNoticeParams, ctx: Context, tested: frozenset[str] = frozenset()) -> list[Fact]:
        facts = []
        for r in ctx.records(p.record, compile_where(p.where)):
            event = getattr(r, p.event)
            if event is None:
                continue
            ev_day = event if not isinstance(event, datetime) else event.astimezone(ctx.tz).date()
            notice = ctx.seen(getattr(r, p.notice))
            subject = f"{ob.subject or p.record} {r.id}".strip()
            extra = {"event": fmt_instant(event, ctx.tz), "reason": "", "late": ""}
            values: dict = {"notice_given": notice is not None, "missing_data": False}
            if p.lead.hours is not None:
                rule = f"提前{p.lead.hours}小时通知"
                if not isinstance(event, datetime):
                    values.update(ok_a=None, ok_b=None, deadline_passed=False, missing_data=True)
                    extra["reason"] = f"{p.event}只记录了日期，无法按小时计算"
                    facts.append(Fact(ob.id, values, (r.id,), None, None, fmt_instant(notice, ctx.tz), [], subject, extra,
                                      fmt_instant(event, ctx.tz)))
                    continue
                dl = ClockBefore(p.lead.hours * 60).deadline(event, ctx.calendar, ctx.tz)
                deadlines = (dl, dl)
            else:
                rule = f"提前{p.lead.working_days}个工作日通知"
                conv = WorkingDaysBefore(p.lead.working_days, p.lead.reading)
                deadlines = ctx.memo((conv, ev_day), lambda: conv.deadlines(ev_day, ctx.calendar, ctx.tz))
                if p.lead.reading == "a":
                    deadlines = (deadlines[0], deadlines[0])
                elif p.lead.reading == "b":
                    deadlines = (deadlines[1], deadlines[1])
            da, db = deadlines
            if not ctx.could_be_in_window(db):
                continue
            values["deadline_passed"] = ctx.as_of >= db.due
            results = []
            for dl in (da, db):
                if notice is None:
                    results.append(None if not values["deadline_passed"] else False)
                    continue
                v = MetBy.check(dl, notice, ctx.tz)
                results.append(None if v == MetBy.UNKNOWN else v == MetBy.MET)
            values["ok_a"], values["ok_b"] = results
            if notice is not None and None in results:
                values["missing_data"] = True
                extra["reason"] = f"通知时间只记录了日期（{notice.isoformat()}），不足以判断"
            if da is db:
                due_text = da.due_text()
                steps = list(da.steps)
            else:
                due_text = f"（甲）{da.due_text()}／（乙）{db.due_text()}"
                steps = ["“提前N个工作日”有两种读法：（甲）通知日与开工日之间须间隔N个完整工作日；（乙）通知当日可计为第N个工作日。合同未明确采用哪一种。"]
                steps += [f"（甲）{s}" for s in da.steps] + [f"（乙）{s}" for s in db.steps]
                if values["ok_b"] and not values["ok_a"]:
                    extra["reason"] = (f"按读法（乙）（通知当日计入，最迟{db.due_text()}）为及时，按读法（甲）"
                                       f"（须间隔{p.lead.working_days}个完整工作日，最迟{da.due_text()}）为迟延，合同未明确，需人工认定。")
            extra["rule"] = rule
            actual_text = fmt_instant(notice, ctx.tz) if notice is not None else "未见书面通知"
            facts.append(Fact(ob.id, values, (r.id,), None, due_text, actual_text, steps, subject, extra, db.due.isoformat()))
        return facts


# --------------------------------------------------------------------------- monthly_due

class MonthlyDueParams(RecordParams):
    period_field: str = "period"
    done: str
    day: int = Field(ge=1, le=28)
    inclusive: bool = True
    roll: bool = True
    month_offset: int = Field(1, ge=0, le=3)

    @model_validator(mode="after")
    def _fields(self) -> "MonthlyDueParams":
        self.fields_exist(self.period_field, self.done)
        return self


def _months(first: date, last: date) -> list[tuple[int, int]]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _shift(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


class MonthlyDue(Kind):
    name = "monthly_due"
    Params = MonthlyDueParams
    FIELDS = frozenset({"done", "met", "overdue", "missing_data", "late_minutes", "count"})

    def measure(self, ob, p: MonthlyDueParams, ctx: Context, tested: frozenset[str] = frozenset()) -> list[Fact]:
        by_period: dict[str, list] = {}
        for r in ctx.records(p.record, compile_where(p.where)):
            by_period.setdefault(str(getattr(r, p.period_field)), []).append(r)
        conv = DayOfMonth(p.day, inclusive=p.inclusive, roll=p.roll)
        # months that have begun before as_of
        last = min((ctx.as_of - timedelta(microseconds=1)).astimezone(ctx.tz).date(), ctx.contract_end)
        facts = []
        for y, m in _months(ctx.contract_start, last):
            label = f"{y:04d}-{m:02d}"
            dy, dm = _shift(y, m, p.month_offset)
            lb = conv.nominal_day(dy, dm)
            deadline = deadline_or_bound(ctx, lambda: conv.deadline_for(dy, dm, ctx.calendar, ctx.tz), lb)
            if not ctx.could_be_in_window(deadline):
                continue
            due_text, steps, order = _due_fields(deadline)
            recs = sorted(by_period.get(label, []), key=lambda r: (ctx.instant(getattr(r, p.done)) is None,
                                                                 ctx.instant(getattr(r, p.done)) or ctx.as_of, r.id))
            recs_seen = [r for r in recs if ctx.seen(getattr(r, p.done)) is not None]
            first = recs_seen[0] if recs_seen else None
            values: dict = {"late_minutes": None, "count": len(recs_seen)}
            extra = {"reason": "", "late": ""}
            actual_text = _judge(ctx, deadline, getattr(first, p.done) if first else None, values, extra)
            if first is None:
                actual_text = "未见提交记录"
            extra["rule"] = getattr(deadline, "rule", "")
            ids = tuple(r.id for r in recs_seen[:1])
            facts.append(Fact(ob.id, values, ids, label, due_text, actual_text, steps,
                              f"{label}{ob.subject}", extra, order))
        return facts
