"""Counting conventions for contract periods, after 《民法典》 arts. 201-204, as explicit objects.

The law (《中华人民共和国民法典》 arts. 201–204, which this module implements):

    第二百零一条 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。
        按照小时计算期间的，自法律规定或者当事人约定的时间开始计算。
    第二百零二条 按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，
        月末日为期间的最后一日。
    第二百零三条 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。
        期间的最后一日的截止时间为二十四时；有业务时间的，停止业务活动的时间为截止时间。
    第二百零四条 期间的计算方法依照本法的规定，但是法律另有规定或者当事人另有约定的除外。

Each convention is a frozen dataclass; a ruleset picks one per clause (art. 204 lets a contract
deviate, so every choice below is a parameter, not a hidden default):

==========================  ==============================  ====================================
convention                  contract wording                 last day / instant
==========================  ==============================  ====================================
``WorkingDaysAfter(n)``     N个工作日内                       N-th working day after the trigger
                                                             day (trigger day not counted), 24:00
                                                             or close of business
``NaturalDaysAfter(n)``     N日内                             trigger + N days; a rest day rolls
                                                             to the next working day (art. 203)
``ClockAfter(min)``         10分钟内 / 6小时内                 trigger instant + minutes, holidays
                                                             do not stop the clock
``ClockBefore(min)``        提前72小时                        event instant - minutes
``WorkingDaysBefore(n)``    提前N个工作日                      two readings, (a) and (b), one day
                                                             apart; see the class
``DayOfMonth(day)``         每月5号之前                       that day of the month, rolled to the
                                                             next working day if a rest day
==========================  ==============================  ====================================

**How a deadline ends.** :class:`Deadline` keeps one instant ``due`` plus a flag ``inclusive``:

* day periods ending at 24:00: ``due`` is 00:00 of the *next* day in the contract's time zone
  and ``inclusive`` is False, so ``is_met(actual)`` is ``actual < due`` (23:59:59 of the last day
  is in time, 00:00:00 of the next day is not);
* clock periods (``ClockAfter``, ``ClockBefore``) and close-of-business ends: ``due`` is the
  exact instant and ``inclusive`` is True, so ``is_met(actual)`` is ``actual <= due`` (an answer
  exactly 10 minutes after the call meets "10分钟内").

Triggers: a ``date`` means that day; a naive ``datetime`` is wall-clock time in ``tz``; an aware
``datetime`` is converted to ``tz`` first (its local date is the trigger day). Clock conventions
need a date-time: given a bare date they raise ``TypeError`` rather than guess an hour.

Every deadline explains itself in Chinese (``steps``): the start day not counted, the rest days
skipped (named by holiday), the 补班 days counted, the last day and its closing time, and
whether a later notice may still change it (``provisional``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cached_property
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from .workdays import WEEKDAY_ZH, WorkCalendar, WorkdayRule

__all__ = [
    "Deadline",
    "WorkingDaysAfter",
    "NaturalDaysAfter",
    "ClockAfter",
    "ClockBefore",
    "WorkingDaysBefore",
    "DayOfMonth",
    "Convention",
    "lower_bound",
]

_ONE_DAY = timedelta(days=1)
Trigger = datetime | date
Reading = Literal["a", "b"]

# --------------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """A computed deadline that can explain itself.

    ``due`` is a tz-aware instant. For a period ending at 24:00 of ``last_day`` it is 00:00 of
    the following day and ``inclusive`` is False (the period ends *before* that instant). For a
    clock period or a close-of-business end it is the instant itself and ``inclusive`` is True.
    """

    due: datetime
    last_day: date | None  # the period's last day (day-based periods); None for clock periods
    rule: str  # Chinese description of the convention, e.g. "3个工作日内（起算日不计入）"
    steps: tuple[str, ...]  # Chinese explanation, one line per step
    skipped: tuple[date, ...] = ()  # rest days skipped while counting
    makeup_counted: tuple[date, ...] = ()  # 补班 days counted as working days
    provisional: bool = False  # a later holiday notice may still change the result
    inclusive: bool = False  # True: actual == due is in time (clock periods)

    def __post_init__(self) -> None:
        if self.due.tzinfo is None:
            raise ValueError("Deadline.due must be timezone-aware")

    @classmethod
    def clock(cls, due: datetime, rule: str, steps: tuple[str, ...]) -> "Deadline":
        """A clock period's deadline (inclusive, no last day), as ``Deadline(due, None, rule,
        steps, (), (), False, True)`` builds it, for an aware ``due``: without the frozen
        dataclass's field-by-field ``__init__``, which a million fault deadlines feel."""
        d = object.__new__(cls)
        d.__dict__.update(due=due, last_day=None, rule=rule, steps=steps, skipped=(), makeup_counted=(),
                          provisional=False, inclusive=True)
        return d

    def is_met(self, actual: datetime) -> bool:
        """Was something done at ``actual`` (tz-aware) in time?

        Day periods (24:00 end): ``actual < due`` — 23:59:59 of the last day is met, 00:00:00
        of the next day is not. Clock periods and close-of-business ends: ``actual <= due``.
        """
        if actual.__class__ is not datetime or actual.tzinfo is None:
            raise ValueError(f"is_met needs a timezone-aware date-time, got {actual!r}")
        return actual <= self.due if self.inclusive else actual < self.due

    @property
    def ends_at_midnight(self) -> bool:
        """True when the period ends at 24:00 of ``last_day``."""
        return (
            not self.inclusive
            and self.last_day is not None
            and self.due.time() == time(0)
            and self.due.date() == self.last_day + _ONE_DAY
        )

    def due_text(self) -> str:
        """``2026-10-10 24:00`` for day periods, ``2026-10-05 09:00`` for clock periods."""
        if self.ends_at_midnight:
            return f"{self.last_day.isoformat()} 24:00"  # type: ignore[union-attr]
        return _clock(self.due)


class Convention(Protocol):
    """What every convention offers (``WorkingDaysBefore`` adds ``deadlines``/``assess``)."""

    def deadline(self, trigger: Trigger, cal: WorkCalendar, tz: ZoneInfo) -> Deadline: ...

    def earliest_last_day(self, trigger: Trigger, tz: ZoneInfo | None = None) -> date | None: ...

    def describe(self) -> str: ...


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _local_day(trigger: Trigger, tz: ZoneInfo | None) -> date:
    """The trigger's day in tz: a date as is; a naive datetime's own date (wall time in tz);
    an aware datetime converted to tz first."""
    if isinstance(trigger, datetime):
        if trigger.tzinfo is None or tz is None:
            return trigger.date()
        return trigger.astimezone(tz).date()
    if isinstance(trigger, date):
        return trigger
    raise TypeError(f"a trigger is a date or a date-time, got {trigger!r}")


def _instant(trigger: Trigger, tz: ZoneInfo, what: str) -> datetime:
    """An aware instant in tz; a bare date is refused (no hour to start a clock from)."""
    if not isinstance(trigger, datetime):
        raise TypeError(f"{what} counts clock time and needs a date-time, not the date {trigger!r}")
    if trigger.tzinfo is None:
        return trigger.replace(tzinfo=tz)
    return trigger if trigger.tzinfo is tz else trigger.astimezone(tz)


_MINUTES: dict[int, timedelta] = {}  # a period's length, built once (a million fault deadlines share three)


def _shift(instant: datetime, minutes: int, tz: ZoneInfo) -> datetime:
    """instant + minutes of elapsed time (computed in UTC, so a DST change cannot distort it)."""
    step = _MINUTES.get(minutes)
    if step is None:
        step = _MINUTES[minutes] = timedelta(minutes=minutes)
    return (instant.astimezone(timezone.utc) + step).astimezone(tz)


def _end_of_day(d: date, tz: ZoneInfo) -> datetime:
    """24:00 of d, i.e. 00:00 of the next day, in tz."""
    return datetime.combine(d + _ONE_DAY, time(0), tzinfo=tz)


def _clock(dt: datetime) -> str:
    """``2026-10-05 09:00`` (seconds only when there are any): wall time, no offset."""
    if dt.second or dt.microsecond:
        return dt.isoformat(" ", "seconds")[:19]
    return dt.isoformat(" ", "minutes")[:16]


def _day(d: date) -> str:
    """2026-10-10（周六）"""
    return f"{d.isoformat()}（{WEEKDAY_ZH[d.weekday()]}）"


def _span(a: date, b: date) -> str:
    """2026-10-01…10-07 (one day: just the date)."""
    if a == b:
        return a.isoformat()
    if a.year == b.year:
        return f"{a.isoformat()}…{b:%m-%d}"
    return f"{a.isoformat()}…{b.isoformat()}"


def _duration(minutes: int) -> str:
    """72 -> 1小时12分钟; 4320 -> 72小时; 10 -> 10分钟."""
    h, m = divmod(minutes, 60)
    if h and m:
        return f"{h}小时{m}分钟"
    return f"{h}小时" if h else f"{m}分钟"


def _rest_label(d: date, cal: WorkCalendar) -> str:
    name = cal.holiday_name(d)
    if name:
        return name
    if cal.is_makeup(d):  # only a rest day under MON_FRI
        return "补班日（本口径不计为工作日）"
    return "周末"


def _skip_steps(skipped: tuple[date, ...], cal: WorkCalendar, *, verb: str = "跳过") -> list[str]:
    """One line per run of consecutive rest days that holds a holiday (or an uncounted 补班
    day); plain weekends are listed when few, else summarised by count."""
    runs: list[list[date]] = []
    for d in skipped:
        if runs and runs[-1][-1] + _ONE_DAY == d:
            runs[-1].append(d)
        else:
            runs.append([d])
    special, plain = [], []
    for run in runs:
        labels: list[str] = []
        for d in run:
            lab = _rest_label(d, cal)
            if lab not in labels:
                labels.append(lab)
        (plain if labels == ["周末"] else special).append((run, labels))
    out = []
    if len(plain) <= 3:
        items = sorted(special + plain, key=lambda x: x[0][0])
        return [f"{verb} {_span(r[0], r[-1])} {'、'.join(labs)}" for r, labs in items]
    for run, labs in special:
        out.append(f"{verb} {_span(run[0], run[-1])} {'、'.join(labs)}")
    n_plain = sum(len(r) for r, _ in plain)
    out.append(f"另{verb}普通周末 {n_plain} 天")
    return out


def _rule_steps(cal: WorkCalendar) -> list[str]:
    if cal.rule is WorkdayRule.MON_FRI:
        return ["工作日口径：周一至周五（法定节假日除外），补班日不计为工作日"]
    return []


def _provisional_step(d: date, cal: WorkCalendar) -> list[str]:
    if cal.is_provisional(d):
        y = d.year
        return [f"注意：{d.isoformat()} 位于已载入的最后一年（{y}年）最后7天内，"
                f"{y + 1}年放假安排公布后结果可能变化（暂定）"]
    return []


def _positive(name: str, n: int, minimum: int = 1) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {n!r}")


# --------------------------------------------------------------------------------------------
# Conventions counted forward from a trigger
# --------------------------------------------------------------------------------------------



def _rolled_deadline(nominal: date, roll: bool, steps: list[str], what: str, no_roll_text: str,
                     rule: str, cal: WorkCalendar, tz: ZoneInfo) -> Deadline:
    """A nominal last day, rolled to the next working day when it is a rest day (art. 203).
    ``what`` names the nominal day in the explanation (期满日 / 截止日)."""
    skipped: tuple[date, ...] = ()
    makeups: tuple[date, ...] = ()
    last = nominal
    provisional = False
    if roll:
        steps[1:1] = _rule_steps(cal)
        if cal.is_workday(nominal):
            if cal.is_makeup(nominal):
                makeups = (nominal,)
                steps.append(f"{nominal.isoformat()} 为补班日（工作日），不顺延")
        else:
            last = cal.next_workday(nominal)
            skipped = (nominal, *cal.rest_days_between(nominal, last))
            steps.append(f"名义{what}为休息日，顺延至下一个工作日（民法典第二百零三条）")
            steps += _skip_steps(skipped, cal)
            if cal.is_makeup(last):
                makeups = (last,)
                steps.append(f"顺延至补班日 {_day(last)}")
        provisional = cal.is_provisional(last)
    else:
        steps.append(no_roll_text)
    steps.append(f"期满日 {last.isoformat()} 24:00")
    if roll:
        steps += _provisional_step(last, cal)
    return Deadline(_end_of_day(last, tz), last, rule, tuple(steps), skipped, makeups, provisional, False)


@dataclass(frozen=True)
class WorkingDaysAfter:
    """"N个工作日内": the trigger day is not counted (art. 201); the N-th working day after it is
    the last day, ending at 24:00, or at ``close_of_business`` when the ruleset sets one
    (art. 203, 停止业务活动的时间)."""

    n: int
    close_of_business: time | None = None

    def __post_init__(self) -> None:
        _positive("n", self.n)

    def describe(self) -> str:
        end = "24:00" if self.close_of_business is None else f"{self.close_of_business:%H:%M}"
        return f"{self.n}个工作日内（起算日不计入，期满日{end}截止）"

    def deadline(self, trigger: Trigger, cal: WorkCalendar, tz: ZoneInfo) -> Deadline:
        start = _local_day(trigger, tz)
        last = cal.add_workdays(start, self.n)
        skipped = tuple(cal.rest_days_between(start, last))
        makeups = tuple(cal.makeup_days_between(start, last))
        steps = [f"起算日 {start.isoformat()} 不计入（民法典第二百零一条）", *_rule_steps(cal)]
        steps += _skip_steps(skipped, cal)
        steps += [f"计入补班 {_day(m)}" for m in makeups]
        steps.append(f"第{self.n}个工作日为 {_day(last)}")
        if self.close_of_business is None:
            due, inclusive = _end_of_day(last, tz), False
            steps.append(f"期满日 {last.isoformat()} 24:00")
        else:
            due, inclusive = datetime.combine(last, self.close_of_business, tzinfo=tz), True
            steps.append(f"期满日 {last.isoformat()} {self.close_of_business:%H:%M}（停止业务活动时间）")
        steps += _provisional_step(last, cal)
        return Deadline(due, last, self.describe(), tuple(steps), skipped, makeups,
                        cal.is_provisional(last), inclusive)

    def earliest_last_day(self, trigger: Trigger, tz: ZoneInfo | None = None) -> date:
        """No calendar needed: N working days are at least N calendar days."""
        return _local_day(trigger, tz) + timedelta(days=self.n)


@dataclass(frozen=True)
class _RolledAfter:
    """A last day counted from the trigger day, rolled off a rest day (art. 203) when ``roll``."""

    n: int
    roll: bool = True
    UNIT = ""  # "日" / "个月"

    def __post_init__(self) -> None:
        _positive("n", self.n)

    def describe(self) -> str:
        tail = "期满日遇休息日顺延至下一个工作日" if self.roll else "期满日遇休息日不顺延"
        return f"{self.n}{self.UNIT}内（{self._describe_count()}，{tail}）"

    def deadline(self, trigger: Trigger, cal: WorkCalendar, tz: ZoneInfo) -> Deadline:
        start = _local_day(trigger, tz)
        nominal = self._nominal(start)
        return _rolled_deadline(nominal, self.roll, self._steps(start, nominal), "期满日",
                                "合同约定期满日遇休息日不顺延", self.describe(), cal, tz)

    def earliest_last_day(self, trigger: Trigger, tz: ZoneInfo | None = None) -> date:
        """No calendar needed: rolling only moves the last day later."""
        return self._nominal(_local_day(trigger, tz))


@dataclass(frozen=True)
class NaturalDaysAfter(_RolledAfter):
    """"N日内": last day = trigger day + N (art. 201). If that day is a rest day and ``roll``,
    the next working day is the last day (art. 203); a 补班 day is a working day, so no roll
    (under ``WorkdayRule.MON_FRI`` a 补班 Saturday is a rest day and does roll)."""

    UNIT = "日"

    def _describe_count(self) -> str:
        return "起算日不计入"

    def _nominal(self, start: date) -> date:
        return start + timedelta(days=self.n)

    def _steps(self, start: date, nominal: date) -> list[str]:
        return [f"起算日 {start.isoformat()} 不计入（民法典第二百零一条）",
                f"自次日起算{self.n}日，名义期满日 {_day(nominal)}"]


def add_months(d: date, n: int) -> date:
    """The corresponding day n months later; the month's last day where there is none (art. 202)."""
    y, m = divmod(d.month - 1 + n, 12)
    y, m = d.year + y, m + 1
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return date(y, m, min(d.day, (nxt - _ONE_DAY).day))


@dataclass(frozen=True)
class MonthsAfter(_RolledAfter):
    """"N个月内": the corresponding day of the N-th month after the trigger day is the last day
    (art. 202; the month's last day where there is none); a rest day rolls to the next working
    day (art. 203) when ``roll``."""

    UNIT = "个月"

    def _describe_count(self) -> str:
        return "到期月的对应日为期满日"

    def _nominal(self, start: date) -> date:
        return add_months(start, self.n)

    def _steps(self, start: date, nominal: date) -> list[str]:
        return [f"起算日 {start.isoformat()}，按月计算（民法典第二百零一条、第二百零二条）",
                f"{self.n}个月后的对应日为 {_day(nominal)}"]


@dataclass(frozen=True)
class _Clock:
    """A period of ``minutes`` of continuous clock time (ClockAfter, ClockBefore)."""

    minutes: int

    def __post_init__(self) -> None:
        _positive("minutes", self.minutes, 0)

    def describe(self) -> str:
        raise NotImplementedError

    @cached_property
    def _described(self) -> str:
        """``describe()`` once per period: a million fault deadlines name the same rule."""
        return self.describe()


@dataclass(frozen=True)
class ClockAfter(_Clock):
    """"10分钟内 / 1小时 / 6小时内": continuous clock time from the trigger instant (art. 201,
    second sentence); holidays do not stop it. Exactly ``minutes`` later is still in time."""

    def describe(self) -> str:
        return f"{_duration(self.minutes)}内（连续计时，节假日不中断）"

    def deadline(self, trigger: Trigger, cal: WorkCalendar | None, tz: ZoneInfo, *, explain: bool = True) -> Deadline:
        """``explain=False`` leaves out the explanation steps (the instant is the same)."""
        start = _instant(trigger, tz, "ClockAfter")
        due = _shift(start, self.minutes, tz)
        steps = (
            f"自 {_clock(start)} 起连续计时{_duration(self.minutes)}，节假日不中断（民法典第二百零一条）",
            f"截止 {_clock(due)}（含该时刻）",
        ) if explain else ()
        return Deadline.clock(due, self._described, steps)

    def earliest_last_day(self, trigger: Trigger, tz: ZoneInfo | None = None) -> date:
        """Exact, and needs no calendar: the local date of trigger + minutes."""
        zone = tz or (trigger.tzinfo if isinstance(trigger, datetime) else None)
        if zone is None:
            # a naive date-time: plain arithmetic on wall time
            return (_instant_naive(trigger, "ClockAfter") + timedelta(minutes=self.minutes)).date()
        return _shift(_instant(trigger, zone, "ClockAfter"), self.minutes, zone).date()  # type: ignore[arg-type]


def _instant_naive(trigger: Trigger, what: str) -> datetime:
    if not isinstance(trigger, datetime):
        raise TypeError(f"{what} counts clock time and needs a date-time, not the date {trigger!r}")
    return trigger


# --------------------------------------------------------------------------------------------
# Conventions counted backward from an event
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClockBefore(_Clock):
    """"提前72小时": the latest notice instant is the event instant minus ``minutes`` (clock
    time, holidays do not stop it). A notice exactly at that instant is in time."""

    def describe(self) -> str:
        return f"提前{_duration(self.minutes)}（连续计时，节假日不中断）"

    def deadline(self, trigger: Trigger, cal: WorkCalendar | None, tz: ZoneInfo, *, explain: bool = True) -> Deadline:
        """``trigger`` is the event (e.g. the start of the work); ``explain=False`` leaves out
        the explanation steps."""
        event = _instant(trigger, tz, "ClockBefore")
        due = _shift(event, -self.minutes, tz)
        steps = (
            f"事件时间 {_clock(event)}",
            f"向前连续计时{_duration(self.minutes)}，节假日不中断",
            f"最迟通知时间 {_clock(due)}（含该时刻）",
        ) if explain else ()
        return Deadline.clock(due, self._described, steps)

    def earliest_last_day(self, trigger: Trigger, tz: ZoneInfo | None = None) -> date:
        """Exact, and needs no calendar: the local date of event - minutes."""
        zone = tz or (trigger.tzinfo if isinstance(trigger, datetime) else None)
        if zone is None:
            return (_instant_naive(trigger, "ClockBefore") - timedelta(minutes=self.minutes)).date()
        return _shift(_instant(trigger, zone, "ClockBefore"), -self.minutes, zone).date()  # type: ignore[arg-type]


@dataclass(frozen=True)
class NaturalDaysBefore:
    """"提前一周 / 提前N日": the notice day must be at least N days before the event day; the
    latest notice day is event day − N, ending 24:00. Rest days do not move it (a notice may be
    given on any day; nothing rolls backwards)."""

    n: int

    def __post_init__(self) -> None:
        _positive("n", self.n)

    def describe(self) -> str:
        return f"提前{self.n}日（自然日）"

    def deadline(self, trigger: Trigger, cal: WorkCalendar | None, tz: ZoneInfo) -> Deadline:
        """``trigger`` is the event (e.g. the day the change takes effect)."""
        event = _local_day(trigger, tz)
        last = event - timedelta(days=self.n)
        steps = (f"事件日 {_day(event)}", f"向前{self.n}日为 {_day(last)}", f"最迟通知 {last.isoformat()} 24:00")
        return Deadline(_end_of_day(last, tz), last, self.describe(), steps, (), (), False, False)

    def earliest_last_day(self, trigger: Trigger, tz: ZoneInfo | None = None) -> date:
        return _local_day(trigger, tz) - timedelta(days=self.n)

    def deadlines(self, trigger: Trigger, cal: WorkCalendar | None, tz: ZoneInfo) -> tuple[Deadline, Deadline]:
        """"至少提前一周" read both ways, as 提前N个工作日 is (a, then b): (a) N whole days lie
        between the notice day and the event day, the latest notice day is event day − (N+1);
        (b) the notice day may be the N-th day before, event day − N (:meth:`deadline`)."""
        event = _local_day(trigger, tz)
        b = self.deadline(trigger, cal, tz)
        day_a = event - timedelta(days=self.n + 1)
        steps = (f"事件日 {_day(event)}",
                 f"读法（甲）：通知日与事件日之间须有{self.n}个完整日，最迟通知日为事件日前第{self.n + 1}日 {_day(day_a)}",
                 f"最迟通知 {day_a.isoformat()} 24:00")
        a = Deadline(_end_of_day(day_a, tz), day_a, f"提前{self.n}日（读法甲：之间须有{self.n}个完整日）", steps,
                     (), (), False, False)
        b = Deadline(b.due, b.last_day, f"提前{self.n}日（读法乙：通知日本身可为事件日前第{self.n}日）",
                     (f"事件日 {_day(event)}", f"读法（乙）：通知日本身可为事件日前第{self.n}日，最迟通知日 {_day(b.last_day)}",
                      f"最迟通知 {b.last_day.isoformat()} 24:00"), (), (), False, False)
        return a, b


@dataclass(frozen=True)
class WorkingDaysBefore:
    """"提前N个工作日（通知）" has two readings, one day apart (calendar.md):

    (a) N whole working days lie strictly between the notice day and the event day: the latest
        notice day is the day *before* the N-th working day before the event day;
    (b) the notice day itself may be the N-th working day before the event day: the latest
        notice day is that N-th working day.

    Each latest notice day ends at 24:00. ``reading`` is the ruleset's choice; with None,
    :meth:`assess` reports a notice that meets (b) but not (a) as ``"ambiguous"``.
    """

    n: int
    reading: Reading | None = None

    def __post_init__(self) -> None:
        _positive("n", self.n)
        if self.reading not in (None, "a", "b"):
            raise ValueError(f"reading must be 'a', 'b' or None, got {self.reading!r}")

    def describe(self, reading: Reading | None = None) -> str:
        r = reading or self.reading
        if r == "a":
            return f"提前{self.n}个工作日（读法甲：通知日与事件日之间须有{self.n}个完整工作日）"
        if r == "b":
            return f"提前{self.n}个工作日（读法乙：通知日本身可为事件日前第{self.n}个工作日）"
        return f"提前{self.n}个工作日（未指定读法：甲、乙两种读法相差一日）"

    def deadlines(self, event: Trigger, cal: WorkCalendar, tz: ZoneInfo) -> tuple[Deadline, Deadline]:
        """(reading a, reading b), in that order; (a) is one calendar day earlier."""
        ev = _local_day(event, tz)
        nth = cal.add_workdays(ev, -self.n)  # the N-th working day before the event day
        skipped = tuple(cal.rest_days_between(nth, ev))
        makeups = tuple(cal.makeup_days_between(nth - _ONE_DAY, ev - _ONE_DAY))  # in [nth, ev)
        common = [f"事件日 {ev.isoformat()} 不计入", *_rule_steps(cal)]
        common += _skip_steps(skipped, cal, verb="向前跳过")
        common += [f"计入补班 {_day(m)}" for m in makeups]
        common.append(f"事件日前第{self.n}个工作日为 {_day(nth)}")
        # Reading (b) consults days up to ev - 1; a later notice may change them.
        provisional = cal.is_provisional(ev - _ONE_DAY)
        tail = _provisional_step(ev - _ONE_DAY, cal)
        day_a = nth - _ONE_DAY
        a = Deadline(
            _end_of_day(day_a, tz), day_a, self.describe("a"),
            tuple(common + [
                f"读法（甲）：通知日与事件日之间须有{self.n}个完整工作日，最迟通知日为其前一日 {_day(day_a)}",
                f"最迟通知 {day_a.isoformat()} 24:00",
            ] + tail),
            skipped, makeups, provisional, False,
        )
        b = Deadline(
            _end_of_day(nth, tz), nth, self.describe("b"),
            tuple(common + [
                f"读法（乙）：通知日本身可作为第{self.n}个工作日，最迟通知日 {_day(nth)}",
                f"最迟通知 {nth.isoformat()} 24:00",
            ] + tail),
            skipped, makeups, provisional, False,
        )
        return a, b

    def deadline(self, trigger: Trigger, cal: WorkCalendar, tz: ZoneInfo) -> Deadline:
        """The deadline under the ruleset's reading; ValueError when no reading is set (use
        :meth:`deadlines` and :meth:`assess`: the two readings must never be silently merged)."""
        if self.reading is None:
            raise ValueError(
                "提前N个工作日 has two readings; set reading='a' or 'b', or use deadlines()/assess()"
            )
        a, b = self.deadlines(trigger, cal, tz)
        return a if self.reading == "a" else b

    def assess(
        self, actual: datetime, event: Trigger, cal: WorkCalendar, tz: ZoneInfo
    ) -> Literal["met", "late", "ambiguous"]:
        """Classify a notice sent at ``actual``: met under the stricter reading (a) -> "met";
        met only under (b) -> "met"/"late" by the chosen reading, "ambiguous" when none is set;
        met under neither -> "late"."""
        a, b = self.deadlines(event, cal, tz)
        if a.is_met(actual):
            return "met"
        if b.is_met(actual):
            return {"a": "late", "b": "met"}.get(self.reading or "", "ambiguous")  # type: ignore[return-value]
        return "late"

    def earliest_last_day(self, trigger: Trigger, tz: ZoneInfo | None = None) -> None:
        """None: no calendar-free lower bound exists (every rest day before the event moves the
        latest notice day earlier). See :meth:`latest_last_day` for the calendar-free upper bound."""
        return None

    def latest_last_day(self, event: Trigger, tz: ZoneInfo | None = None) -> date:
        """Calendar-free upper bound: the N-th working day before the event day is at most
        event - N days; reading (a) is one day earlier still (for reading None: the later, b)."""
        ev = _local_day(event, tz)
        return ev - timedelta(days=self.n + (1 if self.reading == "a" else 0))


# --------------------------------------------------------------------------------------------
# Due dates fixed by the calendar
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayOfMonth:
    """"每月5号之前提交": the last day is that day of the month (``inclusive``) or the day before
    it (not inclusive: "before the 5th" = by the 4th), moved to the next working day if it is a
    rest day and ``roll`` (art. 203 by analogy, as calendar.md decides). A day past the month's
    end means the month's last day (art. 202 by analogy); "before the 1st" means the previous
    month's last day."""

    day: int
    inclusive: bool = True
    roll: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.day, int) or isinstance(self.day, bool) or not 1 <= self.day <= 31:
            raise ValueError(f"day must be 1..31, got {self.day!r}")

    def describe(self) -> str:
        inc = f"含{self.day}号" if self.inclusive else f"不含{self.day}号"
        tail = "遇休息日顺延至下一个工作日" if self.roll else "遇休息日不顺延"
        return f"每月{self.day}号之前（{inc}），{tail}"

    def nominal_day(self, year: int, month: int) -> date:
        """The last day before any roll."""
        first = date(year, month, 1)
        month_len = ((first.replace(day=28) + timedelta(days=4)).replace(day=1) - first).days
        target = self.day if self.inclusive else self.day - 1
        if target == 0:
            return first - _ONE_DAY
        return date(year, month, min(target, month_len))

    def deadline_for(self, year: int, month: int, cal: WorkCalendar, tz: ZoneInfo) -> Deadline:
        nominal = self.nominal_day(year, month)
        steps = [f"{year}年{month}月的名义截止日 {_day(nominal)}（{'含' if self.inclusive else '不含'}{self.day}号）"]
        return _rolled_deadline(nominal, self.roll, steps, "截止日", "约定遇休息日不顺延",
                                self.describe(), cal, tz)

    def deadline(self, trigger: Trigger, cal: WorkCalendar, tz: ZoneInfo) -> Deadline:
        """The due date in the trigger's month (the caller picks the month the clause means)."""
        d = _local_day(trigger, tz)
        return self.deadline_for(d.year, d.month, cal, tz)

    def earliest_last_day(self, trigger: Trigger, tz: ZoneInfo | None = None) -> date:
        """No calendar needed: the nominal day of the trigger's month (rolling only moves later)."""
        d = _local_day(trigger, tz)
        return self.nominal_day(d.year, d.month)


# --------------------------------------------------------------------------------------------


def lower_bound(convention: Convention, trigger: Trigger, tz: ZoneInfo | None = None) -> date | None:
    """A date the convention's last day certainly is not before, computed WITHOUT calendar data
    (so it works when the next year's notice is missing). None where no such bound exists
    (``WorkingDaysBefore``: see its ``latest_last_day``)."""
    return convention.earliest_last_day(trigger, tz)
