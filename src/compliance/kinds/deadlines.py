"""Kinds whose facts compare an actual time with a computed deadline.

- ``deadline_after``: something must be done within a period after a trigger
  (requests in 3 working days, a fault answered in 10 minutes, a rectification in 5 working days).
- ``advance_notice``: notice must be given a lead time before planned work
  (72 hours, or N working days with the two readings of 提前N个工作日).
- ``monthly_due``: one record per month, due by a day of a later month (月报每月5号之前).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from pydantic import Field, model_validator

from ..conditions import matches, undetermined
from ..events import KINDS as RECORD_KINDS
from ..periods import (
    ClockAfter,
    ClockBefore,
    DayOfMonth,
    Deadline,
    MonthsAfter,
    add_months,
    NaturalDaysAfter,
    NaturalDaysBefore,
    WorkingDaysAfter,
    WorkingDaysBefore,
)
from ..timetext import instant_text, iter_periods
from .base import (
    Context,
    Fact,
    Kind,
    LazyFact,
    PerRecord,
    MetBy,
    Params,
    PendingBound,
    compile_where,
    deadline_facts,
    deadline_or_bound,
    field_text,
    fields_text,
    fmt_duration,
    fmt_instant,
    kind_text,
    scalar,
)


class PeriodSpec(Params):
    """Exactly one of the units. ``roll`` applies to natural days (art. 203)."""

    working_days: int | None = Field(None, gt=0)
    natural_days: int | None = Field(None, gt=0)
    months: int | None = Field(None, gt=0)
    hours: int | None = Field(None, gt=0)
    minutes: int | None = Field(None, gt=0)
    roll: bool = True

    @model_validator(mode="after")
    def _one(self) -> "PeriodSpec":
        n = sum(x is not None for x in (self.working_days, self.natural_days, self.months, self.hours, self.minutes))
        if n != 1:
            raise ValueError("give exactly one of working_days, natural_days, months, hours, minutes")
        return self

    @property
    def is_clock(self) -> bool:
        return self.hours is not None or self.minutes is not None

    def convention(self):
        if self.working_days is not None:
            return WorkingDaysAfter(self.working_days)
        if self.natural_days is not None:
            return NaturalDaysAfter(self.natural_days, roll=self.roll)
        if self.months is not None:
            return MonthsAfter(self.months, roll=self.roll)
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


def _no_notice(p) -> str:
    """What the records show of a notice that is not recorded: 未见书面通知; of a consent (a lead
    of 0 hours), 未见记录; of another act, in its field's words (an application: 未见书面申请)."""
    if p.lead.hours == 0:
        return "未见记录"
    if p.notice == "notified_at":
        return "未见书面通知"
    return f"未见{field_text(p.record, p.notice).removesuffix('时间')}"


def as_of_text(ctx: Context) -> str:
    """as-of as a person reads it: a date given on the command line ends at 24:00 of that day."""
    return instant_text(ctx.as_of, ctx.tz)


def _late_text(deadline, actual: datetime | date, tz) -> str:
    if isinstance(actual, datetime):
        over = (actual - deadline.due).total_seconds() / 60
        if over == 0:  # at the cutoff itself: a day period ends *before* its 24:00 (Deadline.is_met)
            at = "期满日24:00" if deadline.ends_at_midnight else deadline.due_text()
            return f"恰于截止时刻（{at}）完成，未在期限内"
        return "超出期限不足1分钟" if over < 1 else f"超出期限{fmt_duration(over)}"
    if deadline.last_day is not None:
        return f"晚于期满日{(actual - deadline.last_day).days}天"
    return "晚于期限"


def _judge(ctx: Context, deadline, actual, fact_values: dict, extra: dict | None) -> str | None:
    """Fill done/met/overdue/missing_data (and late_minutes) for a computed deadline and an
    actual time already seen by as-of. With ``extra`` (explaining), also the late/reason texts
    and the actual time as text, which is returned."""
    if isinstance(deadline, PendingBound):
        # the deadline is unknown but certainly after as_of, and whatever is recorded happened by as_of
        fact_values.update(done=actual is not None, met=True if actual is not None else None,
                           overdue=False, missing_data=False)
        return fmt_instant(actual, ctx.tz) if extra is not None else None
    due = deadline.due
    overdue = fact_values["overdue"] = ctx.as_of >= due
    if actual is None:
        fact_values["done"] = False
        fact_values["met"] = None
        fact_values["missing_data"] = False
        if extra is None:
            return None
        extra["late"] = "已逾期" if overdue else ""  # the actual text says "截至…未完成"
        return f"截至{as_of_text(ctx)}未完成"
    fact_values["done"] = True
    if actual.__class__ is datetime and actual.tzinfo is not None:  # most records: a recorded instant
        met = fact_values["met"] = deadline.is_met(actual)
        fact_values["missing_data"] = False
        if not met:
            fact_values["late_minutes"] = round((actual - due).total_seconds() / 60, 2)
            if extra is not None:
                extra["late"] = _late_text(deadline, actual, ctx.tz)
        return fmt_instant(actual, ctx.tz) if extra is not None else None
    verdict = MetBy.check(deadline, actual, ctx.tz)  # a day without its time (or refused: naive)
    if verdict == MetBy.UNKNOWN:
        fact_values.update(met=None, missing_data=True)
        if extra is not None:
            extra["reason"] = f"完成时间只记录了日期（{actual.isoformat()}），而期限落在当日{deadline.due_text()}"
    else:
        fact_values.update(met=verdict == MetBy.MET, missing_data=False)
        if verdict == MetBy.LATE and extra is not None:
            extra["late"] = _late_text(deadline, actual, ctx.tz)
    return fmt_instant(actual, ctx.tz) if extra is not None else None


def _due_fields(deadline) -> tuple[str, list[str], str]:
    if isinstance(deadline, PendingBound):
        return deadline.text(), [deadline.text()], _order(deadline)
    return deadline.due_text(), list(deadline.steps), _order(deadline)


def _order(deadline) -> str:
    """A fact's place in the report: its deadline's instant (a pending one's earliest day), ISO."""
    return deadline.not_before.isoformat() if isinstance(deadline, PendingBound) else deadline.due.isoformat()


# --------------------------------------------------------------------------- deadline_after

class InterestSpec(Params):
    """Late-payment interest (违约金) at a daily rate of the amount, e.g. 日万分之五 = 0.0005."""

    rate_per_day: Decimal = Field(gt=0, lt=1)
    amount_field: str = "amount"


class InvoiceDelaySpec(Params):
    """"若乙方开票延迟，则甲方付款时间相应顺延" (焦作 三.3) / "因乙方未出具发票的，甲方有权对付款时间相应
    顺延" (漯河 2.2.1): the invoice is due ``working_days_before`` working days before ``anchor`` (a
    time field of the record, e.g. the payment node; none: the payment's own last day). An
    invoice after that day moves 甲方's last day by the working days it came late; none yet once
    that day has passed leaves the payment not yet due."""

    invoice: str = "invoice_at"
    working_days_before: int = Field(gt=0)
    anchor: str | None = None


class DeadlineAfterParams(RecordParams):
    trigger: str
    done: str
    period: PeriodSpec
    interest: InterestSpec | None = None
    invoice_delay: InvoiceDelaySpec | None = Field(None, description=(
        "a late invoice postpones the deadline by the working days it came late (相应顺延); facts "
        "gain `postponed`, `invoice_late_days` and `met_original` (met by the plain deadline)"))
    unless: dict[str, Any] | None = Field(None, description=(
        "a condition on record fields: matching records are left to another obligation (unlike "
        "`where`, a record whose field is empty does not match it, so it is judged here)"))
    untriggered: Literal["skip", "pending"] = Field("skip", description=(
        "a record whose trigger is empty (a payment not yet invoiced): skipped (not triggered), or "
        "pending — the clock has not started"))
    implied_by: list[str] = Field(default_factory=list, description=(
        "later stages (time fields): one recorded while `done` is not shows that `done` happened, "
        "by then at the latest — in time if that later stage is, else unknown"))
    implied_after: str | None = Field(None, description=(
        "a field of minutes after the trigger at which `done` happened when it is not recorded "
        "(a fault's downtime_minutes for its resolution)"))
    implied_by_after: dict[str, str] = Field(default_factory=dict, description=(
        "for a later stage of `implied_by` that is not recorded: a field of minutes after the "
        "trigger at which it happened ({resolved_at: downtime_minutes}: a fault whose resolution is "
        "known from its downtime was attended by then)"))
    limit_field: str | None = Field(None, description=(
        "a whole-number field of the record that, when set, replaces the number of `period` (in "
        "its unit) for that record: a notice that sets its own limit (限期整改, "
        "rectification.limit_working_days)"))
    due_field: str | None = Field(None, description=(
        "a date or date-time field of the record that, when set, is that record's deadline itself "
        "(a date: 24:00 of that day; a time: that instant, itself in time), winning over "
        "`limit_field` and `period`: a notice that sets a date (限期整改 by a date, "
        "rectification.due_at)"))

    @model_validator(mode="after")
    def _fields(self) -> "DeadlineAfterParams":
        if set(self.implied_by_after) - set(self.implied_by):
            raise ValueError(f"implied_by_after names stages not in implied_by: {sorted(set(self.implied_by_after) - set(self.implied_by))}")
        self.fields_exist(*self.implied_by_after.values())
        self.fields_exist(self.trigger, self.done, *self.implied_by, *([self.implied_after] if self.implied_after else []),
                          *([self.limit_field] if self.limit_field else []), *([self.due_field] if self.due_field else []))
        if self.interest is not None:
            self.fields_exist(self.interest.amount_field)
            if self.period.is_clock:
                raise ValueError("interest needs a day-based period (working_days or natural_days)")
        if self.invoice_delay is not None:
            self.fields_exist(self.invoice_delay.invoice, *([self.invoice_delay.anchor] if self.invoice_delay.anchor else []))
        compile_where(self.unless)
        return self


class DeadlineAfter(PerRecord):
    name = "deadline_after"
    Params = DeadlineAfterParams
    FIELDS = frozenset({"done", "met", "overdue", "missing_data", "late_minutes", "implied"})
    INTEREST_FIELDS = frozenset({"overdue_days", "interest_yuan", "interest_ratio"})

    DELAY_FIELDS = frozenset({"postponed", "invoice_late_days", "met_original"})

    @classmethod
    def fact_fields(cls, params: DeadlineAfterParams) -> frozenset[str]:
        return (cls.FIELDS | (cls.INTEREST_FIELDS if params.interest else frozenset())
                | (cls.DELAY_FIELDS if params.invoice_delay else frozenset()))

    @classmethod
    def message_fields(cls, params) -> frozenset[str]:
        return (super().message_fields(params) | ({"amount", "interest", "rate"} if params.interest else set())
                | ({"postponed_due"} if params.invoice_delay else set()))

    def prepare(self) -> None:
        self.conv = self.p.period.convention()
        self.clock = self.p.period.is_clock
        self.unless = compile_where(self.p.unless) if self.p.unless else ()

    def judged_by(self) -> str:
        return self.p.trigger

    def _own_limit(self, r):
        """The record's own limit (``limit_field``), as a convention in the period's unit, or None."""
        n = getattr(r, self.p.limit_field) if self.p.limit_field else None
        if n is None:
            return None
        unit = next(u for u in ("working_days", "natural_days", "months", "hours", "minutes")
                    if getattr(self.p.period, u) is not None)
        return n, PeriodSpec(**{unit: n, "roll": self.p.period.roll}).convention()

    def _own_deadline(self, r, v) -> Deadline:
        """The record's own date (``due_field``) as a deadline: a date ends at 24:00 of that
        day, a date-time is itself the deadline (done at that instant is in time)."""
        p, tz = self.p, self.ctx.tz
        due_field = field_text(p.record, p.due_field)
        beaten = []
        if p.limit_field and getattr(r, p.limit_field) is not None:
            beaten.append(f"{field_text(p.record, p.limit_field)} = {getattr(r, p.limit_field)}")
        beaten.append(f"规则默认的{self.conv.describe()}")
        why = f"记录自定期限日：{due_field} = {fmt_instant(v, tz)}（优先于{'及'.join(beaten)}）"
        if isinstance(v, datetime):
            return Deadline(v.astimezone(tz), None, f"{due_field}所载时间前", (why,), inclusive=True)
        return Deadline(self.ctx.day_end(v), v, f"{due_field}所载日期当日24:00前",
                        (why, f"期限为{v.isoformat()}当日24:00（日期未载时刻，按当日结束计）"))

    def one(self, r, explain: bool):
        ob, p, ctx, conv = self.ob, self.p, self.ctx, self.conv
        if self.unless and matches(self.unless, {t.field: scalar(getattr(r, t.field, None)) for t in self.unless}):
            return None
        # (a recorded instant, as most are, is seen by as-of as Context.seen says, without the call)
        trig, done, as_of = getattr(r, p.trigger), getattr(r, p.done), ctx.as_of
        trig = (None if trig > as_of else trig) if trig.__class__ is datetime else ctx.seen(trig)
        if trig is None:  # not triggered by as_of (or the trigger is not recorded)
            return self._untriggered(r, explain) if p.untriggered == "pending" else None
        deadline, own_due, own, conv = self._deadline(r, trig, explain)
        values: dict = {"late_minutes": None}
        done = (None if done > as_of else done) if done.__class__ is datetime else ctx.seen(done)
        if deadline is None:  # a clock period from a trigger recorded as a date alone
            values.update(done=False, met=None, overdue=False, missing_data=True)
            if not explain:
                return LazyFact(values, r, self)
            extra = {"reason": f"{field_text(p.record, p.trigger)}只记录了日期（{trig.isoformat()}），无法按{conv.describe()}计算",
                     "late": ""}
            return Fact(ob.id, values, (r.id,), None, None, fmt_instant(done, ctx.tz), [], self.subject(r), extra,
                        fmt_instant(trig, ctx.tz) or "", records=(r,), measured={"trigger": trig, "done": done})
        if not ctx.could_be_in_window(deadline):
            return None
        extra = {"reason": "", "late": ""} if explain else None
        measured = {"trigger": trig, "done": done, **deadline_facts(deadline)} if explain else None
        plain, delay_steps, open_ = deadline, (), False
        if p.invoice_delay is not None:
            if explain:
                extra["postponed_due"] = ""
            deadline, delay_steps, open_ = _postpone(ctx, p.invoice_delay, r, deadline, values, extra)
            values["met_original"] = None
            if done is not None and not isinstance(plain, PendingBound):
                v = MetBy.check(plain, done, ctx.tz)
                values["met_original"] = None if v == MetBy.UNKNOWN else v == MetBy.MET
        implied = self._implied(r, trig, deadline, values, extra, measured) if done is None else None
        if implied is None:
            actual_text = _judge(ctx, deadline, done, values, extra)
        elif implied[0] is not None:  # a time derived from a duration: judged as if recorded
            done = implied[0]
            _judge(ctx, deadline, done, values, extra)
            actual_text = implied[1]
        else:  # a later stage was recorded: _implied has judged
            actual_text = implied[1]
        # (nothing to add without an open invoice or interest: most records)
        steps = (_unbilled_and_interest(ctx, p, r, deadline, done, open_, values, extra, measured)
                 if open_ or p.interest is not None else ())
        if not explain:
            return LazyFact(values, r, self)
        _postponed(deadline, plain, values, extra, measured)
        steps = [*delay_steps, *steps]
        due_text, deadline_steps, order = _due_fields(plain)
        extra["rule"] = getattr(plain, "rule", "")
        if own is not None:
            limit = field_text(p.record, p.limit_field)
            deadline_steps = [f"记录自定期限：{limit} = {own[0]}（优先于规则默认的{self.conv.describe()}）", *deadline_steps]
            measured["own_limit"] = own[0]
        if own_due is not None:
            measured["own_due"] = own_due
        return Fact(ob.id, values, (r.id,), None, due_text, actual_text, deadline_steps + steps, self.subject(r), extra,
                    order, records=(r,), measured=measured)

    def _deadline(self, r, trig, explain: bool):
        """The record's deadline from its trigger (None: a clock period from a date alone), with
        its own date (``due_field``), its own limit (``limit_field``) and the convention counted."""
        p, ctx, conv = self.p, self.ctx, self.conv
        own_due = getattr(r, p.due_field) if p.due_field else None
        own = self._own_limit(r) if own_due is None and p.limit_field else None
        if own is not None:
            conv = own[1]
        if own_due is not None:  # the record's own date is the deadline: no counting
            deadline = self._own_deadline(r, own_due)
        elif self.clock and not isinstance(trig, datetime):
            deadline = None
        elif self.clock:  # continuous clock: no calendar, and every trigger is its own
            deadline = conv.deadline(trig, ctx.calendar, ctx.tz, explain=explain)
        else:  # day-based deadlines depend only on the trigger's day: computed once per day
            deadline = ctx.memo((conv, ctx.local_day(trig)), lambda: deadline_or_bound(
                ctx, lambda: conv.deadline(trig, ctx.calendar, ctx.tz), conv.earliest_last_day(trig, ctx.tz)))
        return deadline, own_due, own, conv

    def order(self, r) -> str:
        """``one(r, True).order`` without the text: the plain deadline's instant (a clock period
        from a date alone: the trigger; not yet triggered: none)."""
        trig = self.ctx.seen(getattr(r, self.p.trigger))
        if trig is None:
            return ""
        deadline = self._deadline(r, trig, False)[0]
        if deadline is None:
            return fmt_instant(trig, self.ctx.tz) or ""
        return _order(deadline)

    def _untriggered(self, r, explain: bool):
        """The trigger is empty (not yet invoiced): the clock has not started — pending."""
        ob, p, ctx = self.ob, self.p, self.ctx
        values: dict = {"late_minutes": None, "done": ctx.seen(getattr(r, p.done)) is not None, "met": None,
                        "overdue": False, "missing_data": False}
        if p.interest is not None:
            values.update(overdue_days=None, interest_yuan=None, interest_ratio=None)
        if p.invoice_delay is not None:
            values.update(postponed=False, invoice_late_days=None, met_original=None)
        if not explain:
            return LazyFact(values, r, self)
        trigger = field_text(p.record, p.trigger)
        why = f"{trigger}未记录，期限尚未起算"
        extra = {"reason": why, "late": "", "rule": self.conv.describe(), "postponed_due": ""}
        if p.interest is not None:
            extra.update(amount=f"{Decimal(str(getattr(r, p.interest.amount_field))):,.2f}", rate="", interest="")
        return Fact(ob.id, values, (r.id,), None, f"{trigger}后{self.conv.describe()}（{why}）", None, [why],
                    self.subject(r), extra, "", records=(r,), measured={"trigger": None})

    def _stage(self, r, name: str, trig) -> datetime | None:
        """A later stage's time, seen by as-of: recorded, or derived from a duration after the
        trigger (``implied_by_after``); None when neither."""
        t = getattr(r, name)
        if t is None and name in self.p.implied_by_after and isinstance(trig, datetime):
            minutes = getattr(r, self.p.implied_by_after[name])
            t = trig + timedelta(minutes=minutes) if minutes is not None else None
        t = self.ctx.seen(t)
        return t if isinstance(t, datetime) else None

    def _implied(self, r, trig, deadline, values: dict, extra: dict | None, measured: dict | None):
        """``done`` is not recorded. A later stage that is (on site, resolved) shows it happened
        by then: in time if that stage is in time (pass by implication), else when is unknown.
        A duration field (downtime) gives its time outright. Returns (time or None, actual text),
        or None when nothing implies it (then it is simply not done)."""
        p, ctx = self.p, self.ctx
        if p.implied_after is not None:
            minutes = getattr(r, p.implied_after)
            if minutes is not None and isinstance(trig, datetime):
                at = trig + timedelta(minutes=minutes)
                if at <= ctx.as_of:
                    values["implied"] = True
                    text = (f"{fmt_instant(at, ctx.tz)}（未记录{field_text(p.record, p.done)}，"
                            f"按{field_text(p.record, p.implied_after)}为{minutes:g}推算）")
                    if measured is not None:
                        measured.update(done=at, implied_from=p.implied_after)
                    return at, text if extra is not None else None
        later = sorted((t, name) for name in p.implied_by if (t := self._stage(r, name, trig)) is not None)
        if not later or isinstance(deadline, PendingBound):
            return None
        at, name = later[0]
        values["implied"] = True
        done, stage = field_text(p.record, p.done), field_text(p.record, name)
        when = fmt_instant(at, ctx.tz)
        # the stage as recorded, or as derived from a duration (按停机时长（分钟）推算)
        derived = f"按{field_text(p.record, p.implied_by_after[name])}推算" if getattr(r, name) is None else ""
        if deadline.is_met(at):
            values.update(done=True, met=True, overdue=ctx.as_of >= deadline.due, missing_data=False)
            if extra is not None:
                measured.update(implied_from=name, implied_by_time=at)
                return None, (f"未记录{done}；{derived}{stage}为{when}，已在期限内，"
                              f"{done}必不晚于此时（由后续环节推定按期）")
            return None, None
        values.update(done=True, met=None, overdue=ctx.as_of >= deadline.due, missing_data=True)
        if extra is not None:
            measured.update(implied_from=name, implied_by_time=at)
            known = f"{derived}出{stage}" if derived else f"{stage}已记录"
            extra["reason"] = (f"未记录{done}；{known}（{when}，晚于期限），"
                               f"说明该环节已发生，但无法判断是否在期限内")
            return None, f"未记录（{derived}{stage} {when}）"
        return None, None


def _interest(ctx: Context, spec: InterestSpec, r, deadline, done, values: dict, extra: dict | None,
              measured: dict | None) -> list[str]:
    """Days overdue (from the day after the last day to the day paid, or to as-of while unpaid)
    and the interest they imply: amount × rate × days, rounded half up to the fen. Texts and
    typed figures only when explaining (``extra`` and ``measured`` given)."""
    amount = Decimal(str(getattr(r, spec.amount_field)))
    rate_pct = f"{(spec.rate_per_day * 100).normalize():f}%"
    if extra is not None:
        extra.update(amount=f"{amount:,.2f}", rate=rate_pct, interest="")
        measured.update(amount=amount, rate_per_day=spec.rate_per_day)
    if isinstance(deadline, PendingBound) or deadline.last_day is None:
        values.update(overdue_days=None, interest_yuan=None, interest_ratio=None)
        return []
    until = ctx.local_day(done) if done is not None else (ctx.as_of - timedelta(microseconds=1)).astimezone(ctx.tz).date()
    days = max((until - deadline.last_day).days, 0)
    interest = (amount * spec.rate_per_day * days).quantize(Decimal("0.01"), ROUND_HALF_UP)
    values.update(overdue_days=days, interest_yuan=float(interest),
                  interest_ratio=round(float(spec.rate_per_day * days), 6))
    if extra is None:
        return []
    measured.update(overdue_days=days, interest_yuan=interest, interest_rounding="ROUND_HALF_UP to 0.01 yuan")
    extra["interest"] = f"{interest:,.2f}"
    if not days:
        return []
    end = "付款日" if done is not None else "检查时点"
    return [f"逾期{days}日（期满日次日起至{end}{until.isoformat()}），违约金 = {amount:,.2f}元 × "
            f"{rate_pct}/日 × {days}日 = {interest:,.2f}元（四舍五入至分）"]


def _unbilled_and_interest(ctx: Context, p, r, deadline, done, open_: bool, values: dict, extra: dict | None,
                           measured: dict | None) -> list[str]:
    """A payment whose invoice has not come yet (``open_``) is not yet due, and owes no interest;
    otherwise the interest of the days overdue (with its explanation steps)."""
    if open_ and done is None:
        values["overdue"] = False
        if extra is not None:
            extra.update(late="", reason="乙方尚未开票，甲方付款时间相应顺延")
    if p.interest is None:
        return []
    steps = _interest(ctx, p.interest, r, deadline, done, values, extra, measured)
    if open_:
        values.update(overdue_days=None, interest_yuan=None, interest_ratio=None)
        return []
    return steps


def _postponed(deadline, plain, values: dict, extra: dict, measured: dict) -> None:
    """The facts and the reason of a deadline a late invoice postponed."""
    if deadline is not plain:
        measured.update(deadline_facts(deadline, "_postponed"))
        extra["reason"] = (f"乙方开票迟延{values['invoice_late_days']}个工作日，按合同甲方付款时间相应顺延："
                           f"原期限{plain.due_text()}，顺延后{deadline.due_text()}。")


def _postpone(ctx: Context, spec: InvoiceDelaySpec, r, deadline, values: dict, extra: dict | None):
    """The deadline a late invoice leaves (``相应顺延``), or the plain one. Sets ``postponed``
    (True: the invoice came after its own last day, or has not come and that day has passed)
    and ``invoice_late_days``; returns (deadline, steps, open) — ``open``: no invoice yet, so the
    postponed deadline is not known (the payment is not yet due)."""
    values.update(postponed=False, invoice_late_days=None)
    if isinstance(deadline, PendingBound) or deadline.last_day is None:
        return deadline, [], False
    base = getattr(r, spec.anchor) if spec.anchor else deadline.last_day
    if base is None:
        return deadline, [], False
    base_day = ctx.local_day(base)
    inv_last = ctx.memo(("wd-before", base_day, spec.working_days_before),
                        lambda: ctx.calendar.add_workdays(base_day, -spec.working_days_before))
    invoice = ctx.seen(getattr(r, spec.invoice))
    where = f"付款节点 {base_day.isoformat()}" if spec.anchor else f"付款期满日 {base_day.isoformat()}"
    head = f"发票应不晚于{where}前第{spec.working_days_before}个工作日 {inv_last.isoformat()} 开具"
    if invoice is None:
        if ctx.as_of < ctx.day_end(inv_last):
            return deadline, [], False
        values["postponed"] = True
        return deadline, [head, "截至检查时点乙方尚未开票：甲方付款时间相应顺延，付款期限待开票后确定"], True
    day = ctx.local_day(invoice)
    if day <= inv_last:
        return deadline, [], False
    late = ctx.calendar.count_workdays(inv_last, day)
    values.update(postponed=True, invoice_late_days=late)
    last = ctx.calendar.add_workdays(deadline.last_day, late) if late else deadline.last_day
    steps = [head, f"实际{day.isoformat()}开具，迟延{late}个工作日：甲方付款时间相应顺延{late}个工作日",
             f"顺延后的期满日 {last.isoformat()} 24:00"]
    from ..periods import Deadline
    moved = Deadline(ctx.day_end(last), last, f"{deadline.rule}，因开票迟延顺延{late}个工作日",
                     tuple(deadline.steps) + tuple(steps))
    if extra is not None:
        extra["postponed_due"] = moved.due_text()
    return moved, steps, False


# --------------------------------------------------------------------------- scheduled_due

class ScheduleItem(Params):
    period: str = Field(description="the period a payment covers, as the record's period field reads it (2023-H1, 2025-10/2026-06)")
    due: date = Field(description="the last day the contract gives for it (before any roll)")
    name: str = ""

    @model_validator(mode="after")
    def _canonical(self) -> "ScheduleItem":
        from ..events import normalize_payment_period
        if normalize_payment_period(self.period) != self.period:
            raise ValueError(f"write the period as {normalize_payment_period(self.period)!r}")
        return self


class ScheduledDueParams(RecordParams):
    period_field: str = "period"
    done: str
    schedule: list[ScheduleItem] = Field(min_length=1)
    roll: bool = True
    unmatched: Literal["unknown", "skip"] = Field("unknown", description=(
        "a record whose period is empty or no item of the schedule (nor of `elsewhere`): unknown, "
        "naming the field, or skipped (another obligation reports it)"))
    elsewhere: list[str] = Field(default_factory=list, description="periods another obligation judges: skipped here")
    interest: InterestSpec | None = None
    invoice_delay: InvoiceDelaySpec | None = None

    @model_validator(mode="after")
    def _fields(self) -> "ScheduledDueParams":
        self.fields_exist(self.period_field, self.done)
        if self.interest is not None:
            self.fields_exist(self.interest.amount_field)
        if self.invoice_delay is not None:
            self.fields_exist(self.invoice_delay.invoice, *([self.invoice_delay.anchor] if self.invoice_delay.anchor else []))
        return self


class ScheduledDue(PerRecord):
    """A record (a payment) due by a fixed day the contract names for its period (第一笔 于2023年6月:
    2023-H1 by 06-30). The period is read as the record kind reads it (2023H1, 2023年上半年 are
    2023-H1); a record whose period is empty or not in the schedule is unknown, never skipped."""

    name = "scheduled_due"
    Params = ScheduledDueParams
    FIELDS = frozenset({"done", "met", "met_original", "overdue", "missing_data", "late_minutes",
                        "postponed", "invoice_late_days", "scheduled"})
    INTEREST_FIELDS = DeadlineAfter.INTEREST_FIELDS

    @classmethod
    def fact_fields(cls, params) -> frozenset[str]:
        return cls.FIELDS | (cls.INTEREST_FIELDS if params.interest else frozenset())

    @classmethod
    def message_fields(cls, params) -> frozenset[str]:
        return (super().message_fields(params) | {"amount", "interest", "rate", "postponed_due", "item", "period_text"})

    def prepare(self) -> None:
        self.items = {i.period: i for i in self.p.schedule}

    def _deadline(self, item: ScheduleItem):
        ctx, p = self.ctx, self.p
        dom = DayOfMonth(item.due.day, inclusive=True, roll=p.roll)
        return ctx.memo(("sched", item.due, p.roll), lambda: deadline_or_bound(
            ctx, lambda: dom.deadline_for(item.due.year, item.due.month, ctx.calendar, ctx.tz), item.due))

    def one(self, r, explain: bool):
        ob, p, ctx = self.ob, self.p, self.ctx
        raw = getattr(r, p.period_field)
        if raw in p.elsewhere:
            return None
        item = self.items.get(raw)
        done = ctx.seen(getattr(r, p.done))
        values: dict = {"late_minutes": None, "scheduled": item is not None, "postponed": False,
                        "invoice_late_days": None, "met_original": None}
        if item is None:
            if p.unmatched == "skip":
                return None
            values.update(done=done is not None, met=None, overdue=False, missing_data=True)
            if p.interest is not None:
                values.update(overdue_days=None, interest_yuan=None, interest_ratio=None)
            if not explain:
                return LazyFact(values, r, self)
            known = "、".join(i.period for i in p.schedule)
            period_field = field_text(p.record, p.period_field)
            reason = (f"未记录{period_field}，无法确定对应哪一笔付款及其期限" if raw is None else
                      f"{period_field}为“{raw}”，不是本规则的付款期间（{known}）之一，无法确定期限")
            extra = {"reason": reason, "late": "", "item": "", "period_text": raw or "", "postponed_due": ""}
            if p.interest is not None:
                extra.update(amount=f"{Decimal(str(getattr(r, p.interest.amount_field))):,.2f}", interest="", rate="")
            return Fact(ob.id, values, (r.id,), None, None, fmt_instant(done, ctx.tz), [reason], self.subject(r),
                        extra, fmt_instant(done, ctx.tz) or "", records=(r,), measured={"done": done})
        deadline = self._deadline(item)
        if not ctx.could_be_in_window(deadline):
            return None
        extra = {"reason": "", "late": "", "item": item.name, "period_text": raw, "postponed_due": ""} if explain else None
        measured = {"done": done, **deadline_facts(deadline)} if explain else None
        plain = deadline
        open_ = False
        steps: list[str] = []
        if p.invoice_delay is not None:
            deadline, steps, open_ = _postpone(ctx, p.invoice_delay, r, deadline, values, extra)
        if not isinstance(plain, PendingBound) and done is not None:
            v = MetBy.check(plain, done, ctx.tz)
            values["met_original"] = None if v == MetBy.UNKNOWN else v == MetBy.MET
        actual_text = _judge(ctx, deadline, done, values, extra)
        isteps = _unbilled_and_interest(ctx, p, r, deadline, done, open_, values, extra, measured)
        if not explain:
            return LazyFact(values, r, self)
        _postponed(deadline, plain, values, extra, measured)
        due_text, deadline_steps, order = _due_fields(plain)
        lead = [f"{field_text(p.record, p.period_field)} {raw}" + (f"（{item.name}）" if item.name else "") + f"：合同约定的最后一日为 {item.due.isoformat()}"]
        extra["rule"] = getattr(plain, "rule", "")
        return Fact(ob.id, values, (r.id,), None, due_text, actual_text, lead + deadline_steps + steps + isteps,
                    self.subject(r), extra, order, records=(r,), measured=measured)


def _date_only_due(day: date, hours: int, early, late, ctx: Context) -> str:
    if not hours:
        return f"{day.isoformat()}开始之前（开始时刻未记录）"
    return f"{early.due_text()}至{fmt_instant(late.due, ctx.tz)}之间（开始时刻未记录）"


# --------------------------------------------------------------------------- advance_notice

class LeadSpec(Params):
    working_days: int | None = Field(None, gt=0)
    hours: int | None = Field(None, ge=0, description="0: before the event starts")
    days: int | None = Field(None, gt=0, description="natural days, e.g. 提前一周 = 7")
    reading: Literal["a", "b"] | None = None

    @model_validator(mode="after")
    def _one(self) -> "LeadSpec":
        if sum(x is not None for x in (self.working_days, self.hours, self.days)) != 1:
            raise ValueError("give exactly one of working_days, hours, days")
        if self.reading and self.working_days is None and self.days is None:
            raise ValueError("reading applies to working_days and days only")
        return self


class AdvanceNoticeParams(RecordParams):
    event: str
    notice: str
    lead: LeadSpec

    @model_validator(mode="after")
    def _fields(self) -> "AdvanceNoticeParams":
        self.fields_exist(self.event, self.notice)
        return self


class AdvanceNotice(PerRecord):
    name = "advance_notice"
    Params = AdvanceNoticeParams
    FIELDS = frozenset({"notice_given", "ok_a", "ok_b", "deadline_passed", "missing_data"})
    MESSAGE_FIELDS = Kind.MESSAGE_FIELDS | {"event"}

    def judged_by(self) -> str:
        return self.p.event

    def one(self, r, explain: bool):
        ob, p, ctx = self.ob, self.p, self.ctx
        event = getattr(r, p.event)
        if event is None:
            return self._no_event(r)
        ev_day = ctx.local_day(event)
        notice = ctx.seen(getattr(r, p.notice))
        extra = {"event": fmt_instant(event, ctx.tz), "reason": "", "late": ""} if explain else {}
        date_only = None  # (earliest, latest) deadline when only the event's day is known
        values: dict = {"notice_given": notice is not None, "missing_data": False}
        if p.lead.days is not None:
            rule = f"提前{p.lead.days}日通知"
            deadlines = NaturalDaysBefore(p.lead.days).deadlines(event, ctx.calendar, ctx.tz)
            if p.lead.reading:
                deadlines = (deadlines[p.lead.reading == "b"],) * 2
        elif p.lead.hours is not None:
            rule = f"提前{p.lead.hours}小时通知" if p.lead.hours else "于开始前取得"
            conv = ClockBefore(p.lead.hours * 60)
            if not isinstance(event, datetime):
                # only the event's day is known: judge against both ends of that day
                early = conv.deadline(ctx.day_start(ev_day), ctx.calendar, ctx.tz, explain=explain)
                late = conv.deadline(ctx.day_end(ev_day) - timedelta(microseconds=1), ctx.calendar, ctx.tz, explain=explain)
                verdict = None if notice is None else (
                    MetBy.MET if MetBy.check(early, notice, ctx.tz) == MetBy.MET
                    else MetBy.LATE if MetBy.check(late, notice, ctx.tz) == MetBy.LATE else MetBy.UNKNOWN)
                if verdict == MetBy.UNKNOWN:
                    values.update(ok_a=None, ok_b=None, deadline_passed=ctx.as_of >= late.due, missing_data=True)
                    if not explain:
                        return LazyFact(values, r, self)
                    extra["reason"] = (f"{field_text(p.record, p.event)}只记录了日期（{ev_day.isoformat()}），"
                                       f"无法判断{fmt_instant(notice, ctx.tz)}"
                                       + (f"是否早于开始时刻{p.lead.hours}小时" if p.lead.hours else "是否早于开始时刻"))
                    return Fact(ob.id, values, (r.id,), None, _date_only_due(ev_day, p.lead.hours, early, late, ctx),
                                fmt_instant(notice, ctx.tz), [], self.subject(r), extra, early.due.isoformat(),
                                records=(r,), measured={"event": event, "notice": notice,
                                                        "deadline_earliest": early.due, "deadline_latest": late.due})
                dl = early if verdict == MetBy.MET else late
                deadlines = (dl, dl)
                date_only = (early, late)
            else:
                dl = conv.deadline(event, ctx.calendar, ctx.tz, explain=explain)
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
            return None
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
            extra["reason"] = f"{field_text(p.record, p.notice)}只记录了日期（{notice.isoformat()}），不足以判断"
        if not explain:
            return LazyFact(values, r, self)
        if date_only:
            early, late = date_only
            due_text = _date_only_due(ev_day, p.lead.hours, early, late, ctx)
            steps = [f"{field_text(p.record, p.event)}只记录了日期 {ev_day.isoformat()}：按当日最早与最晚的开始时刻分别判断"]
        elif da is db:
            due_text = da.due_text()
            steps = list(da.steps)
        else:
            due_text = f"（甲）{da.due_text()}／（乙）{db.due_text()}"
            n, unit = (p.lead.days, "日") if p.lead.days is not None else (p.lead.working_days, "个工作日")
            steps = [f"“提前{n}{unit}”有两种读法：（甲）通知日与事件日之间须间隔{n}个完整{unit.lstrip('个')}；"
                     f"（乙）通知当日可计为第{n}{unit}。合同未明确采用哪一种。"]
            # each reading's steps under its name (a step that names it already is not named twice)
            steps += [s if s.startswith("读法（甲）") else f"（甲）{s}" for s in da.steps]
            steps += [s if s.startswith("读法（乙）") else f"（乙）{s}" for s in db.steps]
            if values["ok_b"] and not values["ok_a"]:
                extra["reason"] = (f"按读法（乙）（通知当日计入，最迟{db.due_text()}）为及时，按读法（甲）"
                                   f"（须间隔{n}个完整{unit.lstrip('个')}，最迟{da.due_text()}）为迟延，合同未明确，需人工认定。")
        extra["rule"] = rule
        actual_text = fmt_instant(notice, ctx.tz) if notice is not None else _no_notice(p)
        order = (date_only[0] if date_only else db).due.isoformat()
        measured = {"event": event, "notice": notice}
        if date_only:
            measured.update(deadline_earliest=date_only[0].due, deadline_latest=date_only[1].due)
        elif da is db:
            measured.update(deadline_facts(da))
        else:
            measured.update(**deadline_facts(da, "_a"), **deadline_facts(db, "_b"))
        return Fact(ob.id, values, (r.id,), None, due_text, actual_text, steps, self.subject(r), extra, order,
                    records=(r,), measured=measured)

    def _no_event(self, r) -> Fact | None:
        """The event is not recorded (a replacement requested, not yet made): nothing can be
        notified late before it happens, so the record is pending (forced: whatever its notice),
        its reason naming the field. It belongs to a window that reaches past as-of."""
        ob, p, ctx = self.ob, self.p, self.ctx
        if ctx.window_to <= ctx.as_of:
            return None
        notice = ctx.seen(getattr(r, p.notice))
        lead = p.lead
        rule = (f"提前{lead.days}日通知" if lead.days is not None else
                f"提前{lead.working_days}个工作日通知" if lead.working_days is not None else
                f"提前{lead.hours}小时通知" if lead.hours else "于开始前取得")
        due = (f"事件日前{lead.days}日" if lead.days is not None else
               f"事件日前第{lead.working_days}个工作日" if lead.working_days is not None else
               f"事件开始前{lead.hours}小时" if lead.hours else "事件开始前")
        values = {"notice_given": notice is not None, "ok_a": None, "ok_b": None, "deadline_passed": False,
                  "missing_data": False}
        event, notice_field = field_text(p.record, p.event), field_text(p.record, p.notice)
        reason = f"未记录{event}（尚未发生），期限自其起算，待其确定后判断。"
        extra = {"event": f"（未记录{event}）", "reason": reason, "late": "", "rule": rule}
        actual = fmt_instant(notice, ctx.tz) if notice is not None else _no_notice(p)
        fact = Fact(ob.id, values, (r.id,), None, due, actual,
                    [f"{event}为空：事件尚未发生，截至检查时点不存在迟延的可能", f"{notice_field}：{actual}"],
                    self.subject(r), extra, ctx.as_of.isoformat(), records=(r,),
                    measured={"event": None, "notice": notice})
        fact.forced = "pending"
        # the ruleset's pending message is for an event that is known and a notice still to come:
        # here the notice may well have been given, and only the event's day is missing
        question = f"是否在{event.removesuffix('时间')}前取得" if lead.hours == 0 else f"是否满足“{rule}”"
        fact.template = (f"{{subject}}：未记录{event}，事项尚未发生，{question}待其确定后再判断；"
                         f"{notice_field}：{{actual}}。")
        return fact

# --------------------------------------------------------------------------- monthly_due

class PeriodicDueParams(RecordParams):
    every: Literal["month", "quarter", "week", "year"] = "month"
    period_field: str = "period"
    done: str
    day: int | None = Field(None, ge=1, le=31, description=(
        "month/quarter/year: the due day of the month (a day past the month's end is its last day: "
        "31 = the end of the month)"))
    inclusive: bool = True
    roll: bool = True
    month_offset: int = Field(1, ge=0, le=3, description=(
        "months after the period's last month (0: in that month, e.g. 每年12月份 for a year)"))
    days_after: int = Field(1, ge=1, le=28, description="week: natural days after the Sunday")
    stub: Literal["join", "own"] = Field("join", description=(
        "a first period of which fewer than half the days lie in the term (a stub: 2023-06 "
        "from 06-28, 3 of 30 days): `join` — not due on its own but joined to the next period "
        "(label `2023-06/2023-07`, due when the next period is; a record of either period "
        "counts for it, the first handed in deciding); `own` — due on its own"))

    @model_validator(mode="after")
    def _fields(self) -> "PeriodicDueParams":
        self.fields_exist(self.period_field, self.done)
        if self.every != "week" and self.day is None:
            raise ValueError(f"every: {self.every} needs day (the due day of the month)")
        return self


class PeriodicDue(Kind):
    """One record per month, quarter or ISO week, due by a day after the period ends."""

    name = "periodic_due"
    Params = PeriodicDueParams
    FIELDS = frozenset({"done", "met", "overdue", "missing_data", "late_minutes", "count"})

    def measure(self, ob, p: PeriodicDueParams, ctx: Context, tested: frozenset[str] = frozenset()) -> list[Fact]:
        by_period: dict[str, list] = {}
        for r in ctx.records(p.record, compile_where(p.where)):
            by_period.setdefault(str(getattr(r, p.period_field)).upper(), []).append(r)
        # periods that have begun before as_of
        last = min((ctx.as_of - timedelta(microseconds=1)).astimezone(ctx.tz).date(), ctx.contract_end)
        facts = []
        for period in self._periods(p, ctx, last):
            label, period_end = period.label, period.end
            if p.every == "week":
                conv = NaturalDaysAfter(p.days_after, roll=p.roll)
                compute = lambda: conv.deadline(period_end, ctx.calendar, ctx.tz)  # noqa: E731
                lb = conv.earliest_last_day(period_end)
            else:
                dom = DayOfMonth(p.day, inclusive=p.inclusive, roll=p.roll)
                due_month = add_months(period_end.replace(day=1), p.month_offset)
                dy, dm = due_month.year, due_month.month
                compute = lambda: dom.deadline_for(dy, dm, ctx.calendar, ctx.tz)  # noqa: E731
                lb = dom.nominal_day(dy, dm)
            deadline = deadline_or_bound(ctx, compute, lb)
            if not ctx.could_be_in_window(deadline):
                continue
            due_text, steps, order = _due_fields(deadline)
            recs = sorted((r for part in getattr(period, "parts", (label,)) for r in by_period.get(part, [])),
                          key=lambda r: (ctx.instant(getattr(r, p.done)) is None,
                                                                 ctx.instant(getattr(r, p.done)) or ctx.as_of, r.id))
            recs_seen = [r for r in recs if ctx.seen(getattr(r, p.done)) is not None]
            first = recs_seen[0] if recs_seen else None
            values: dict = {"late_minutes": None, "count": len(recs_seen)}
            extra = {"reason": "", "late": ""}
            actual_text = _judge(ctx, deadline, ctx.seen(getattr(first, p.done)) if first else None, values, extra)
            if first is None:
                actual_text = "未见提交记录"
            extra["rule"] = getattr(deadline, "rule", "")
            ids = tuple(r.id for r in recs_seen[:1])
            facts.append(ctx.mark_absent(Fact(ob.id, values, ids, label, due_text, actual_text, steps,
                              f"{label}{ob.subject}", extra, order, records=tuple(recs_seen[:1]),
                              measured={"submitted": ctx.seen(getattr(first, p.done)) if first else None,
                                        **deadline_facts(deadline)}), p.record))
        return facts


    @staticmethod
    def _periods(p: PeriodicDueParams, ctx: Context, last: date):
        """The periods that have begun by ``last``. With ``stub: join`` a first period mostly
        outside the term is joined to the next (when the term reaches it): one period named
        by both labels, ending with the next. The labels follow from the term alone."""
        periods = list(iter_periods(p.every, ctx.contract_start, last))
        if p.stub != "join" or not periods:
            return periods
        first = periods[0]
        nxt = next(iter_periods(p.every, first.end + timedelta(days=1), first.end + timedelta(days=1)))
        if nxt.start > ctx.contract_end or not ctx.first_is_stub(first.start, first.end):
            return periods
        joined = _JoinedPeriod(f"{first.label}/{nxt.label}", nxt.end, (first.label, nxt.label))
        return [joined, *periods[2:]]


@dataclass(frozen=True)
class _JoinedPeriod:
    """A stub period joined to the next: its label names both, it ends with the next, and
    records of either (``parts``) count for it."""

    label: str
    end: date
    parts: tuple[str, ...]


class MonthlyDue(PeriodicDue):
    """The name the first rulesets use: periodic_due, every month."""

    name = "monthly_due"


# --------------------------------------------------------------------------- invoice_window

class InvoiceWindowParams(RecordParams):
    record: str = "payment"
    invoice: str = "invoice_at"
    node: str = "node_at"
    working_days: int = Field(gt=0)
    reading: Literal["window", "lead"] | None = None

    @model_validator(mode="after")
    def _fields(self) -> "InvoiceWindowParams":
        self.fields_exist(self.invoice, self.node)
        return self


class InvoiceWindow(Kind):
    """"在付款节点前N个工作日内开具发票": (window) the invoice falls within the N working days
    before the node, the node day included; (lead) it comes at least N working days before."""

    name = "invoice_window"
    Params = InvoiceWindowParams
    FIELDS = frozenset({"invoiced", "window_ok", "lead_ok", "node_passed", "missing_data"})
    MESSAGE_FIELDS = Kind.MESSAGE_FIELDS | {"node"}

    def measure(self, ob, p: InvoiceWindowParams, ctx: Context, tested: frozenset[str] = frozenset()) -> list[Fact]:
        facts = []
        for r in ctx.records(p.record, compile_where(p.where)):
            node = getattr(r, p.node)
            if node is None or not ctx.in_term(r, p.node):
                continue
            node_day = ctx.local_day(node)
            start = ctx.memo(("wd-before", node_day, p.working_days),
                             lambda: ctx.calendar.add_workdays(node_day, -p.working_days))
            node_end = ctx.day_end(node_day)
            if not ctx.in_window(node_end):
                continue
            invoice = ctx.seen(getattr(r, p.invoice))
            values: dict = {"invoiced": invoice is not None, "node_passed": ctx.as_of >= node_end,
                            "missing_data": False, "window_ok": None, "lead_ok": None}
            if invoice is not None:
                day = ctx.local_day(invoice)
                window, lead = start <= day <= node_day, day <= start
                if p.reading:
                    window = lead = window if p.reading == "window" else lead
                values.update(window_ok=window, lead_ok=lead)
            elif values["node_passed"]:
                values.update(window_ok=False, lead_ok=False)
            due = f"（窗口）{start.isoformat()}至{node_day.isoformat()}／（提前）不晚于{start.isoformat()}"
            if p.reading == "window":
                due = f"{start.isoformat()}至{node_day.isoformat()}"
            elif p.reading == "lead":
                due = f"不晚于{start.isoformat()} 24:00"
            steps = [f"付款节点 {node_day.isoformat()}，其前第{p.working_days}个工作日为 {start.isoformat()}",
                     f"读法（窗口）：发票开具日在 {start.isoformat()} 至 {node_day.isoformat()} 之间；"
                     f"读法（提前）：发票开具日不晚于 {start.isoformat()}"]
            if not p.reading:
                steps.append("合同未明确采用哪一种读法，两种读法结论不同时列为存疑。")
            extra = {"node": node_day.isoformat(), "reason": "", "late": "",
                     "rule": f"付款节点前{p.working_days}个工作日内开具发票"}
            if values["window_ok"] != values["lead_ok"]:
                extra["reason"] = ("发票开具日符合“节点前" + str(p.working_days) + "个工作日以内”的读法，" if values["window_ok"]
                                   else "发票开具日符合“至少提前" + str(p.working_days) + "个工作日”的读法，") + "不符合另一读法，需人工认定。"
            facts.append(Fact(ob.id, values, (r.id,), None, due, fmt_instant(invoice, ctx.tz) or "未开具", steps,
                              f"{ob.subject or '付款'} {r.id}", extra, node_end.isoformat(), records=(r,),
                              measured={"node": node_day, "window_start": start, "invoice": invoice}))
        return facts


# --------------------------------------------------------------------------- valid_at

class ValidAtParams(RecordParams):
    date_field: str
    audit_types: list[Literal["mlps", "crypto", "cac", "risk"]] = Field(min_length=1)
    audit_where: dict[str, Any] | None = None
    default_validity_days: int = Field(365, gt=0)
    default_validity_months: int | None = Field(None, gt=0, description=(
        "instead of days: an audit without valid_until is valid to the corresponding day this many "
        "months after completion (民法典 arts. 201-202: 12 = one year, 2023-07-01 -> 2024-07-01)"))
    audit_known_values: dict[str, list[str]] | None = Field(None, description=(
        "fields of `audit_where` whose value, when missing or none of these (an empty result, an "
        "unreadable level), leaves an audit undetermined: it might be the valid one. Facts gain "
        "`undetermined_count` (the missing types such an audit might cover) and "
        "`certain_missing_count` (the others)"))

    @model_validator(mode="after")
    def _fields(self) -> "ValidAtParams":
        self.fields_exist(self.date_field)
        compile_where(self.audit_where)
        for name in self.audit_known_values or {}:
            if name not in RECORD_KINDS["audit"].model_fields:
                raise ValueError(f"audit records have no field {name!r}")
        return self


AUDIT_NAMES = {"mlps": "等保测评（备案）", "crypto": "密评报告", "cac": "云计算服务安全评估", "risk": "风险评估报告"}


class ValidAt(Kind):
    """At each record's date (e.g. every payment) the listed audits must be valid: completed
    on or before that day, and valid until it (``valid_until``, or completion + default days)."""

    name = "valid_at"
    Params = ValidAtParams
    FIELDS = frozenset({"missing", "missing_count"})

    @classmethod
    def fact_fields(cls, params: ValidAtParams) -> frozenset[str]:
        return cls.FIELDS | ({"undetermined_count", "certain_missing_count"} if params.audit_known_values else set())

    @staticmethod
    def _until(a, p: ValidAtParams) -> date:
        if a.valid_until:
            return a.valid_until
        if p.default_validity_months:
            return add_months(a.completed_on, p.default_validity_months)
        return a.completed_on + timedelta(days=p.default_validity_days)

    def measure(self, ob, p: ValidAtParams, ctx: Context, tested: frozenset[str] = frozenset()) -> list[Fact]:
        audits = [a for a in ctx.records("audit", compile_where(p.audit_where)) if ctx.seen(a.completed_on) is not None]
        unsure: list[tuple] = []  # audits lacking a fact audit_where tests, with the fields they lack
        if p.audit_known_values:
            where = compile_where(p.audit_where)
            names = {t.field for t in where}
            for a in ctx.records("audit"):
                if ctx.seen(a.completed_on) is not None and (lacks := undetermined(
                        where, {f: scalar(getattr(a, f, None)) for f in names}, p.audit_known_values)):
                    unsure.append((a, lacks))
        facts = []
        for r in ctx.records(p.record, compile_where(p.where)):
            when = ctx.seen(getattr(r, p.date_field))
            if when is None or not ctx.in_window(ctx.instant(when), day_end=False) or not ctx.in_term(r, p.date_field):
                continue
            day = ctx.local_day(when)
            missing, steps, used, maybe, doubtful = [], [], [], [], []
            for t in p.audit_types:
                valid = [a for a in audits if a.audit_type == t and a.completed_on <= day <= self._until(a, p)]
                if valid:
                    best = max(valid, key=lambda a: (a.completed_on, a.id))
                    used.append(best)
                    until = self._until(best, p)
                    note = "" if best.valid_until else (
                        f"（未记录有效期，按{p.default_validity_months}个月计至对应日）" if p.default_validity_months
                        else f"（未记录有效期，按{p.default_validity_days}日计）")
                    steps.append(f"{AUDIT_NAMES[t]}：{best.id}，{best.completed_on.isoformat()}完成，有效至{until.isoformat()}{note}")
                else:
                    missing.append(AUDIT_NAMES[t])
                    steps.append(f"{AUDIT_NAMES[t]}：{day.isoformat()}无有效的记录")
                    could = [(a, lacks) for a, lacks in unsure if a.audit_type == t and a.completed_on <= day
                             <= self._until(a, p)]
                    if could:
                        maybe.append(AUDIT_NAMES[t])
                        doubtful.extend(a for a, _ in could)
                        steps.append(f"{AUDIT_NAMES[t]}：" + "；".join(
                            f"{a.id}（{a.completed_on.isoformat()}完成）未记录或无法识别{fields_text('audit', lacks)}"
                            for a, lacks in could)
                            + "，无法判断是否有效")
            values = {"missing": "、".join(missing), "missing_count": len(missing)}
            if p.audit_known_values:
                values.update(undetermined_count=len(maybe), certain_missing_count=len(missing) - len(maybe))
            facts.append(ctx.mark_absent(Fact(
                ob.id, values, (r.id,), None, day.isoformat(), fmt_instant(when, ctx.tz), steps,
                f"{ob.subject or kind_text(p.record)} {r.id}", {"reason": (
                    f"{'、'.join(maybe)}的测评记录缺少结果或等级，无法判断是否有效" if maybe else ""),
                    "late": "", "at": day.isoformat()},
                ctx.day_start(day).isoformat(), records=(r, *used, *doubtful),
                measured={"at": day, "missing": missing, "valid_audits": [a.id for a in used]}), "audit"))
        return facts

    @classmethod
    def message_fields(cls, params) -> frozenset[str]:
        return super().message_fields(params) | {"at"}
