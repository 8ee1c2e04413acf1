"""Counting conventions (民法典 arts. 201-204): the worked examples of calendar.md, the exact
boundary of every deadline, readings of 提前N个工作日, rolling, provisional results and the
calendar-free lower bounds. Every expected value is worked out from the 2026 notice by hand."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from compliance.errors import CalendarDataMissing
from compliance.periods import (
    ClockAfter,
    ClockBefore,
    DayOfMonth,
    Deadline,
    NaturalDaysAfter,
    WorkingDaysAfter,
    WorkingDaysBefore,
    lower_bound,
)
from compliance.workdays import WorkCalendar, WorkdayRule

TZ = ZoneInfo("Asia/Shanghai")
FIXTURES = Path(__file__).parent / "data" / "calendar"


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.load(use_env=False)


@pytest.fixture(scope="module")
def cal2027() -> WorkCalendar:
    return WorkCalendar.load([FIXTURES], use_env=False)


def at(y, m, d, hh=0, mm=0, ss=0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=TZ)


# --------------------------------------------------------------------------------------------
# The worked examples table of calendar.md, one case per row
# --------------------------------------------------------------------------------------------

DAY_EXAMPLES = [
    # clause, convention, trigger, expected last day
    ("3工作日-收到周三0930", WorkingDaysAfter(3), date(2026, 9, 30), date(2026, 10, 10)),
    ("3工作日-收到周六1003假日", WorkingDaysAfter(3), date(2026, 10, 3), date(2026, 10, 10)),
    ("3工作日-收到周五0918", WorkingDaysAfter(3), date(2026, 9, 18), date(2026, 9, 22)),
    ("15工作日整改-0915", WorkingDaysAfter(15), date(2026, 9, 15), date(2026, 10, 12)),
    ("120工作日付款-0630", WorkingDaysAfter(120), date(2026, 6, 30), date(2026, 12, 21)),
    ("30日内-0901", NaturalDaysAfter(30), date(2026, 9, 1), date(2026, 10, 8)),
]


@pytest.mark.parametrize(("conv", "trigger", "last"), [r[1:] for r in DAY_EXAMPLES],
                         ids=[r[0] for r in DAY_EXAMPLES])
def test_worked_example_day_periods(cal, conv, trigger, last):
    dl = conv.deadline(trigger, cal, TZ)
    assert dl.last_day == last
    assert dl.due == at(last.year, last.month, last.day) + timedelta(days=1)  # 24:00
    assert dl.due_text() == f"{last.isoformat()} 24:00"


def test_worked_example_72_hours_before(cal):
    dl = ClockBefore(72 * 60).deadline(at(2026, 10, 8, 9, 0), cal, TZ)
    assert dl.due == at(2026, 10, 5, 9, 0)
    assert dl.due_text() == "2026-10-05 09:00"
    assert dl.last_day is None


@pytest.mark.parametrize(
    ("event", "latest_a", "latest_b"),
    [
        (date(2026, 10, 8), date(2026, 9, 22), date(2026, 9, 23)),
        (date(2026, 10, 12), date(2026, 9, 28), date(2026, 9, 29)),  # 10-10 补班 is one of five
    ],
    ids=["5工作日-开工1008", "5工作日-开工1012"],
)
def test_worked_example_5_working_days_before(cal, event, latest_a, latest_b):
    a, b = WorkingDaysBefore(5).deadlines(event, cal, TZ)
    assert (a.last_day, b.last_day) == (latest_a, latest_b)
    assert a.due_text() == f"{latest_a.isoformat()} 24:00"
    assert b.due_text() == f"{latest_b.isoformat()} 24:00"


def test_worked_example_1012_counts_the_makeup_saturday(cal):
    a, b = WorkingDaysBefore(5).deadlines(date(2026, 10, 12), cal, TZ)
    assert b.makeup_counted == (date(2026, 10, 10),)
    assert date(2026, 10, 11) in b.skipped and date(2026, 10, 1) in b.skipped


# --------------------------------------------------------------------------------------------
# Explanations
# --------------------------------------------------------------------------------------------


def test_explanation_of_the_national_day_example(cal):
    dl = WorkingDaysAfter(3).deadline(date(2026, 9, 30), cal, TZ)
    assert dl.skipped == tuple(date(2026, 10, d) for d in range(1, 8))
    assert dl.makeup_counted == (date(2026, 10, 10),)
    text = "\n".join(dl.steps)
    assert "起算日 2026-09-30 不计入" in text
    assert "跳过 2026-10-01…10-07 国庆节" in text
    assert "计入补班 2026-10-10（周六）" in text
    assert "期满日 2026-10-10 24:00" in text
    assert dl.rule.startswith("3个工作日内")
    assert dl.provisional is False


def test_explanation_counts_the_0920_makeup(cal):
    dl = WorkingDaysAfter(3).deadline(date(2026, 9, 18), cal, TZ)
    assert dl.makeup_counted == (date(2026, 9, 20),)
    assert dl.skipped == (date(2026, 9, 19),)


def test_natural_days_explains_the_roll(cal):
    dl = NaturalDaysAfter(30).deadline(date(2026, 9, 1), cal, TZ)
    assert dl.skipped == tuple(date(2026, 10, d) for d in range(1, 8))
    assert any("第二百零三条" in s for s in dl.steps)
    assert any("2026-10-01" in s and "名义期满日" in s for s in dl.steps)


# --------------------------------------------------------------------------------------------
# Deadline.is_met on the exact boundary
# --------------------------------------------------------------------------------------------


def test_day_period_ends_at_24_00(cal):
    dl = WorkingDaysAfter(3).deadline(date(2026, 9, 30), cal, TZ)
    assert dl.is_met(at(2026, 10, 10, 23, 59, 59)) is True
    assert dl.is_met(at(2026, 10, 11, 0, 0, 0)) is False  # 24:00 itself is the end
    assert dl.is_met(at(2026, 10, 11, 0, 0, 1)) is False
    assert dl.is_met(at(2026, 9, 30, 8, 0)) is True
    # The same instants in UTC.
    assert dl.is_met(datetime(2026, 10, 10, 15, 59, 59, tzinfo=timezone.utc)) is True
    assert dl.is_met(datetime(2026, 10, 10, 16, 0, 1, tzinfo=timezone.utc)) is False


def test_clock_after_10_minutes_exactly_is_met(cal):
    dl = ClockAfter(10).deadline(at(2026, 10, 3, 9, 0), cal, TZ)  # a holiday: no effect
    assert dl.due == at(2026, 10, 3, 9, 10)
    assert dl.is_met(at(2026, 10, 3, 9, 10, 0)) is True
    assert dl.is_met(at(2026, 10, 3, 9, 10, 1)) is False
    assert dl.due_text() == "2026-10-03 09:10"


def test_clock_after_runs_through_holidays(cal):
    dl = ClockAfter(6 * 60).deadline(at(2026, 9, 30, 22, 0), cal, TZ)
    assert dl.due == at(2026, 10, 1, 4, 0)


def test_clock_before_exactly_is_met(cal):
    dl = ClockBefore(72 * 60).deadline(at(2026, 10, 8, 9, 0), cal, TZ)
    assert dl.is_met(at(2026, 10, 5, 9, 0)) is True
    assert dl.is_met(at(2026, 10, 5, 9, 0, 1)) is False


def test_close_of_business_end(cal):
    dl = WorkingDaysAfter(3, close_of_business=time(17, 0)).deadline(date(2026, 9, 30), cal, TZ)
    assert dl.last_day == date(2026, 10, 10)
    assert dl.due == at(2026, 10, 10, 17, 0)
    assert dl.is_met(at(2026, 10, 10, 17, 0)) is True
    assert dl.is_met(at(2026, 10, 10, 17, 0, 1)) is False
    assert dl.due_text() == "2026-10-10 17:00"


def test_is_met_refuses_naive_datetimes(cal):
    dl = WorkingDaysAfter(3).deadline(date(2026, 9, 30), cal, TZ)
    with pytest.raises(ValueError):
        dl.is_met(datetime(2026, 10, 10, 12, 0))
    with pytest.raises(ValueError):
        Deadline(datetime(2026, 10, 10), date(2026, 10, 10), "", ())


# --------------------------------------------------------------------------------------------
# Triggers and time zones
# --------------------------------------------------------------------------------------------


def test_aware_trigger_uses_its_local_day(cal):
    # 2026-09-17 17:00 UTC is 2026-09-18 01:00 in Shanghai: the trigger day is 09-18.
    dl = WorkingDaysAfter(3).deadline(datetime(2026, 9, 17, 17, 0, tzinfo=timezone.utc), cal, TZ)
    assert dl.last_day == date(2026, 9, 22)
    # A naive date-time is wall time in tz: 09-17 -> 09-18, 09-20 (补班), 09-21.
    assert WorkingDaysAfter(3).deadline(datetime(2026, 9, 17, 17, 0), cal, TZ).last_day == date(2026, 9, 21)


def test_clock_conventions_need_a_time(cal):
    with pytest.raises(TypeError):
        ClockAfter(10).deadline(date(2026, 10, 5), cal, TZ)
    with pytest.raises(TypeError):
        ClockBefore(60).deadline(date(2026, 10, 5), cal, TZ)


@pytest.mark.parametrize(
    "make",
    [lambda: WorkingDaysAfter(0), lambda: NaturalDaysAfter(-1), lambda: ClockAfter(-5),
     lambda: WorkingDaysBefore(5, "c"), lambda: DayOfMonth(32), lambda: DayOfMonth(0)],
)
def test_bad_parameters(make):
    with pytest.raises(ValueError):
        make()


# --------------------------------------------------------------------------------------------
# Natural days and the 补班 / MON_FRI subtleties
# --------------------------------------------------------------------------------------------


def test_natural_days_ending_on_a_makeup_day_does_not_roll(cal):
    dl = NaturalDaysAfter(30).deadline(date(2026, 9, 10), cal, TZ)  # nominal Sat 10-10, 补班
    assert dl.last_day == date(2026, 10, 10)
    assert dl.makeup_counted == (date(2026, 10, 10),)
    assert dl.skipped == ()


def test_natural_days_under_mon_fri_rolls_off_the_makeup_saturday(cal):
    mf = cal.with_rule(WorkdayRule.MON_FRI)
    dl = NaturalDaysAfter(30).deadline(date(2026, 9, 10), mf, TZ)
    assert dl.last_day == date(2026, 10, 12)


def test_natural_days_without_roll(cal):
    assert NaturalDaysAfter(30, roll=False).deadline(date(2026, 9, 1), cal, TZ).last_day == date(2026, 10, 1)


def test_working_days_under_mon_fri(cal):
    mf = cal.with_rule(WorkdayRule.MON_FRI)
    dl = WorkingDaysAfter(3).deadline(date(2026, 9, 30), mf, TZ)
    assert dl.last_day == date(2026, 10, 12)  # 10-08, 10-09, 10-12; the 补班 Saturday not counted
    assert dl.makeup_counted == ()
    assert date(2026, 10, 10) in dl.skipped


# --------------------------------------------------------------------------------------------
# 提前N个工作日: two readings
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reading", "sent", "verdict"),
    [
        (None, at(2026, 9, 22, 18, 0), "met"),  # meets (a), hence (b)
        (None, at(2026, 9, 23, 10, 0), "ambiguous"),  # meets (b) only
        (None, at(2026, 9, 24, 0, 0, 1), "late"),
        ("a", at(2026, 9, 23, 10, 0), "late"),
        ("b", at(2026, 9, 23, 23, 59, 59), "met"),
        ("b", at(2026, 9, 24, 0, 0, 0), "late"),
    ],
)
def test_working_days_before_readings(cal, reading, sent, verdict):
    assert WorkingDaysBefore(5, reading).assess(sent, date(2026, 10, 8), cal, TZ) == verdict


def test_working_days_before_deadline_needs_a_reading(cal):
    with pytest.raises(ValueError):
        WorkingDaysBefore(5).deadline(date(2026, 10, 8), cal, TZ)
    assert WorkingDaysBefore(5, "a").deadline(date(2026, 10, 8), cal, TZ).last_day == date(2026, 9, 22)
    assert WorkingDaysBefore(5, "b").deadline(date(2026, 10, 8), cal, TZ).last_day == date(2026, 9, 23)


# --------------------------------------------------------------------------------------------
# Day of month
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("conv", "year", "month", "last"),
    [
        (DayOfMonth(5), 2026, 10, date(2026, 10, 8)),  # 10-05 国庆节 -> Thu 10-08
        (DayOfMonth(5, inclusive=False), 2026, 10, date(2026, 10, 8)),  # 10-04 -> 10-08
        (DayOfMonth(5), 2026, 11, date(2026, 11, 5)),  # a Thursday
        (DayOfMonth(5), 2026, 4, date(2026, 4, 7)),  # 04-05 清明节 (04-04..06) -> Tue 04-07
        (DayOfMonth(10), 2026, 10, date(2026, 10, 10)),  # Sat 补班: a working day, no roll
        (DayOfMonth(10, inclusive=False), 2026, 1, date(2026, 1, 9)),
        (DayOfMonth(31), 2026, 2, date(2026, 2, 28)),  # month end, Sat 补班
        # "每月1号之前" = by the previous month's last day: Sat 2026-02-28, a 补班 day -> no roll.
        (DayOfMonth(1, inclusive=False), 2026, 3, date(2026, 2, 28)),
        (DayOfMonth(5, roll=False), 2026, 10, date(2026, 10, 5)),
    ],
    ids=["5号-国庆", "5号前不含", "5号-平日", "5号-清明", "10号-补班", "10号前-1月", "31号-2月",
         "1号前", "不顺延"],
)
def test_day_of_month(cal, conv, year, month, last):
    assert conv.deadline_for(year, month, cal, TZ).last_day == last


def test_day_of_month_under_mon_fri_rolls_off_makeup(cal):
    mf = cal.with_rule(WorkdayRule.MON_FRI)
    assert DayOfMonth(31).deadline_for(2026, 2, mf, TZ).last_day == date(2026, 3, 2)


# --------------------------------------------------------------------------------------------
# Provisional results and missing years
# --------------------------------------------------------------------------------------------


def test_provisional_when_last_day_in_last_week_of_newest_year(cal, cal2027):
    assert WorkingDaysAfter(3).deadline(date(2026, 12, 21), cal, TZ).provisional is False  # 12-24
    dl = WorkingDaysAfter(3).deadline(date(2026, 12, 22), cal, TZ)  # 12-25
    assert dl.last_day == date(2026, 12, 25)
    assert dl.provisional is True
    assert any("暂定" in s for s in dl.steps)
    assert WorkingDaysAfter(3).deadline(date(2026, 12, 22), cal2027, TZ).provisional is False


def test_missing_next_year_raises_not_guesses(cal, cal2027):
    with pytest.raises(CalendarDataMissing) as exc:
        WorkingDaysAfter(3).deadline(date(2026, 12, 30), cal, TZ)
    assert exc.value.year == 2027
    with pytest.raises(CalendarDataMissing):
        DayOfMonth(5).deadline_for(2027, 1, cal, TZ)
    assert WorkingDaysAfter(3).deadline(date(2026, 12, 30), cal2027, TZ).last_day == date(2027, 1, 5)


# --------------------------------------------------------------------------------------------
# Calendar-free lower bounds
# --------------------------------------------------------------------------------------------


def test_lower_bound_needs_no_calendar():
    assert lower_bound(WorkingDaysAfter(3), date(2026, 12, 30)) == date(2027, 1, 2)
    assert lower_bound(NaturalDaysAfter(30), date(2026, 9, 1)) == date(2026, 10, 1)
    assert lower_bound(DayOfMonth(5), date(2027, 1, 20)) == date(2027, 1, 5)
    assert lower_bound(DayOfMonth(5, inclusive=False), date(2027, 1, 20)) == date(2027, 1, 4)
    assert lower_bound(ClockAfter(6 * 60), at(2027, 12, 31, 20, 0)) == date(2028, 1, 1)
    assert lower_bound(ClockBefore(72 * 60), at(2027, 1, 2, 9, 0)) == date(2026, 12, 30)
    assert lower_bound(WorkingDaysBefore(5), date(2027, 1, 10)) is None
    assert WorkingDaysBefore(5).latest_last_day(date(2027, 1, 10)) == date(2027, 1, 5)
    assert WorkingDaysBefore(5, "a").latest_last_day(date(2027, 1, 10)) == date(2027, 1, 4)


def test_lower_bound_never_exceeds_the_real_last_day(cal):
    convs = [WorkingDaysAfter(1), WorkingDaysAfter(5), WorkingDaysAfter(20), NaturalDaysAfter(7),
             NaturalDaysAfter(30)]
    d = date(2023, 1, 1)
    while d <= date(2026, 10, 31):
        for c in convs:
            assert lower_bound(c, d) <= c.deadline(d, cal, TZ).last_day, (c, d)
        for n in (1, 5):
            b = WorkingDaysBefore(n)
            if d >= date(2023, 2, 1):
                a_, b_ = b.deadlines(d, cal, TZ)
                assert b_.last_day <= b.latest_last_day(d)
                assert a_.last_day <= WorkingDaysBefore(n, "a").latest_last_day(d)
        d += timedelta(days=1)


@pytest.mark.parametrize("start, minutes", [
    (datetime(2026, 3, 29, 1, 30), 60),     # into the skipped hour (02:00-03:00 does not exist)
    (datetime(2026, 10, 25, 1, 30), 60),    # into the repeated hour, first time
    (datetime(2026, 10, 25, 1, 30), 120),   # into the repeated hour, second time
    (datetime(2026, 3, 28, 12, 0), 1440),   # a day across the change: 23 hours of wall time
])
def test_clock_time_is_elapsed_time_across_a_dst_change(start, minutes):
    """ClockAfter counts elapsed minutes (民法典 art. 201, continuous clock) in any zone: the
    deadline is the instant `minutes` later, as UTC arithmetic gives it, shown in the zone."""
    from datetime import timezone

    tz = ZoneInfo("Europe/Berlin")
    t = start.replace(tzinfo=tz)
    due = ClockAfter(minutes).deadline(t, None, tz).due
    expected = (t.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(tz)
    assert due == expected and due.isoformat() == expected.isoformat()
