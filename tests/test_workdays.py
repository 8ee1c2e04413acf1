"""The working-day calendar: shipped data against two independent oracles, counting logic,
override folders, validation and missing-year behaviour.

Expected values come from the State Council notices and calendar.md, never from what the code
printed. The oracles (``chinese_calendar`` 1.11.0, ``holidays`` 0.108) are test-only.
Their traps (calendar.md) are avoided deliberately:

* ``chinese_calendar.find_workday(n, d)`` starts from the first working day on or after d, so
  we never use it; we walk day by day with ``chinese_calendar.is_workday`` instead.
* ``holidays`` invents years it has no notice for and is wrong with ``observed=False``: we only
  ask it about 2023-2026 and keep the default ``observed=True``. Its 补班 days are exposed as
  ``China(...).weekend_workdays`` and honoured by ``China(...).is_working_day(d)`` (a weekend
  day is working iff it is in ``weekend_workdays``; a weekday iff it is not a holiday).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import holidays
import pytest

from compliance.errors import CalendarDataMissing, InputError
from compliance.workdays import ENV_VAR, WorkCalendar, WorkdayRule, read_schedule

FIXTURES = Path(__file__).parent / "data" / "calendar"
SHIPPED_YEARS = (2023, 2024, 2025, 2026)
ONE = timedelta(days=1)


def days_of(year: int):
    d = date(year, 1, 1)
    while d.year == year:
        yield d
        d += ONE


@pytest.fixture(autouse=True)
def _no_env_dirs(monkeypatch):
    """Tests never pick up a developer's COMPLIANCE_CALENDAR_DIR."""
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.load(use_env=False)


@pytest.fixture(scope="module")
def cn_holidays():
    return holidays.China(years=range(2022, 2028))  # default observed=True (see module doc)


# --------------------------------------------------------------------------------------------
# Shipped data vs the oracles, every day of 2023-2026
# --------------------------------------------------------------------------------------------


def test_shipped_years(cal):
    assert cal.years == SHIPPED_YEARS


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_every_day_matches_chinese_calendar(cal, year):
    wrong = [d for d in days_of(year) if cal.is_workday(d) != chinese_calendar.is_workday(d)]
    assert wrong == []


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_every_day_matches_holidays_package(cal, cn_holidays, year):
    wrong = [d for d in days_of(year) if cal.is_workday(d) != cn_holidays.is_working_day(d)]
    assert wrong == []


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_makeup_days_match_holidays_package(cal, cn_holidays, year):
    ours = {d for d in cal.makeup_days() if d.year == year}
    theirs = {d for d in cn_holidays.weekend_workdays if d.year == year}
    assert ours == theirs


# The 补班 days as printed in each notice (上班 sentences), transcribed here independently.
NOTICE_MAKEUPS = {
    2023: ["2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08"],
    2024: ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
           "2024-09-29", "2024-10-12"],
    2025: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    2026: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
}
# 放假 days per notice ("共N天" totals printed in the notices).
NOTICE_HOLIDAY_DAYS = {2023: 3 + 7 + 1 + 5 + 3 + 8, 2024: 1 + 8 + 3 + 5 + 1 + 3 + 7,
                       2025: 1 + 8 + 3 + 5 + 3 + 8, 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7}


@pytest.mark.parametrize("year", SHIPPED_YEARS)
def test_schedule_matches_notice_text(cal, year):
    s = cal.schedule(year)
    assert [d.isoformat() for d in s.makeup_workdays] == NOTICE_MAKEUPS[year]
    assert sum((h.end - h.start).days + 1 for h in s.holidays) == NOTICE_HOLIDAY_DAYS[year]


@pytest.mark.parametrize(
    ("year", "number", "issued_on"),
    [
        (2023, "国办发明电〔2022〕16号", date(2022, 12, 8)),
        (2024, "国办发明电〔2023〕7号", date(2023, 10, 25)),
        (2025, "国办发明电〔2024〕12号", date(2024, 11, 12)),
        (2026, "国办发明电〔2025〕7号", date(2025, 11, 4)),
    ],
)
def test_notice_metadata(cal, year, number, issued_on):
    s = cal.schedule(year)
    assert s.title == f"国务院办公厅关于{year}年部分节假日安排的通知"
    assert s.number == number
    assert s.issued_on == issued_on
    assert "gov.cn" in s.source
    assert s.path.endswith(f"{year}.yaml")


@pytest.mark.parametrize(
    ("day", "workday", "makeup", "name"),
    [
        (date(2026, 10, 10), True, True, None),  # 周六 补班
        (date(2026, 9, 20), True, True, None),  # 周日 补班
        (date(2026, 10, 1), False, False, "国庆节"),
        (date(2026, 10, 4), False, False, "国庆节"),  # a Sunday inside the 放假 range
        (date(2026, 10, 8), True, False, None),
        (date(2026, 10, 11), False, False, None),  # ordinary Sunday
        (date(2025, 10, 6), False, False, "国庆节、中秋节"),
        (date(2024, 2, 9), True, False, None),  # 除夕 2024: leave only "encouraged", not 放假
        (date(2024, 6, 8), False, False, None),  # 端午 2024 "与周末连休": the weekend is no 放假
        (date(2024, 6, 10), False, False, "端午节"),
        (date(2023, 1, 2), False, False, "元旦"),
        (date(2023, 10, 7), True, True, None),
    ],
)
def test_single_days(cal, day, workday, makeup, name):
    assert cal.is_workday(day) is workday
    assert cal.is_makeup(day) is makeup
    assert cal.holiday_name(day) == name


# --------------------------------------------------------------------------------------------
# Counting, against a naive day-by-day walk over chinese_calendar.is_workday
# --------------------------------------------------------------------------------------------


def naive_add(d: date, n: int) -> date:
    step = ONE if n > 0 else -ONE
    left = abs(n)
    while left:
        d += step
        if chinese_calendar.is_workday(d):
            left -= 1
    return d


@pytest.mark.parametrize("n", [1, 2, 3, 5, 10, 15, -1, -3, -5, -15])
def test_add_workdays_matches_naive_walk(cal, n):
    # Start and end far enough from the loaded range that no walk leaves 2023-2026.
    wrong = []
    d = date(2023, 2, 15)
    while d <= date(2026, 11, 30):
        if cal.add_workdays(d, n) != naive_add(d, n):
            wrong.append(d)
        d += ONE
    assert wrong == []


def test_count_workdays_matches_naive_count(cal):
    a = date(2023, 1, 1)
    for b in (date(2023, 1, 1), date(2023, 2, 1), date(2024, 10, 8), date(2026, 12, 31)):
        expected = sum(chinese_calendar.is_workday(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))
        assert cal.count_workdays(a, b) == expected


def test_count_and_add_are_inverse(cal):
    for d in (date(2026, 9, 30), date(2026, 10, 3), date(2025, 1, 27)):
        for n in (1, 3, 7, 30):
            assert cal.count_workdays(d, cal.add_workdays(d, n)) == n


def test_add_workdays_trigger_day_never_counts(cal):
    # Wed 2026-09-30 is a working day, but never counts itself.
    assert cal.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
    # A rest-day start (the chinese_calendar.find_workday trap): the 1st working day *after*.
    assert cal.add_workdays(date(2026, 10, 3), 1) == date(2026, 10, 8)
    assert cal.add_workdays(date(2026, 10, 12), -1) == date(2026, 10, 10)


def test_add_zero_and_reversed_range_are_errors(cal):
    with pytest.raises(ValueError):
        cal.add_workdays(date(2026, 9, 30), 0)
    with pytest.raises(ValueError):
        cal.count_workdays(date(2026, 10, 2), date(2026, 10, 1))
    assert cal.count_workdays(date(2026, 10, 2), date(2026, 10, 2)) == 0


def test_next_workday(cal):
    assert cal.next_workday(date(2026, 10, 8)) == date(2026, 10, 8)
    assert cal.next_workday(date(2026, 10, 8), include_self=False) == date(2026, 10, 9)
    assert cal.next_workday(date(2026, 10, 1)) == date(2026, 10, 8)


def test_rest_and_makeup_days_between(cal):
    assert cal.rest_days_between(date(2026, 9, 30), date(2026, 10, 10)) == [
        date(2026, 10, d) for d in range(1, 8)
    ]
    assert cal.rest_days_between(date(2026, 10, 1), date(2026, 10, 2)) == []
    assert cal.makeup_days_between(date(2026, 9, 30), date(2026, 10, 10)) == [date(2026, 10, 10)]
    assert cal.makeup_days_between(date(2026, 9, 1), date(2026, 10, 9)) == [date(2026, 9, 20)]
    assert cal.makeup_days_between(date(2026, 10, 10), date(2026, 10, 31)) == []  # (a, b]


# --------------------------------------------------------------------------------------------
# MON_FRI rule
# --------------------------------------------------------------------------------------------


def test_mon_fri_rule_makeup_saturday_is_not_a_workday(cal):
    mf = cal.with_rule(WorkdayRule.MON_FRI)
    assert mf.rule is WorkdayRule.MON_FRI
    assert mf.is_workday(date(2026, 10, 10)) is False
    assert mf.is_makeup(date(2026, 10, 10)) is True  # still a 补班 day, just not counted
    assert mf.is_workday(date(2026, 9, 20)) is False
    assert mf.is_workday(date(2026, 10, 1)) is False  # 放假 on a Thursday
    assert mf.is_workday(date(2026, 10, 9)) is True
    # 3 working days after Wed 09-30: 10-08, 10-09, then Mon 10-12 (10-10 not counted).
    assert mf.add_workdays(date(2026, 9, 30), 3) == date(2026, 10, 12)
    assert mf.makeup_days_between(date(2026, 9, 1), date(2026, 10, 31)) == []
    assert cal.is_workday(date(2026, 10, 10)) is True  # the original is unchanged


def test_with_rule_shares_tables(cal):
    mf = cal.with_rule(WorkdayRule.MON_FRI)
    assert mf._b is cal._b
    assert mf.with_rule(WorkdayRule.OFFICIAL)._t is cal._t
    assert WorkCalendar.load(use_env=False, rule=WorkdayRule.MON_FRI).is_workday(date(2026, 10, 10)) is False


# --------------------------------------------------------------------------------------------
# Missing years: never a weekday guess
# --------------------------------------------------------------------------------------------


def test_add_past_last_year_names_2027(cal):
    with pytest.raises(CalendarDataMissing) as exc:
        cal.add_workdays(date(2026, 12, 30), 3)
    assert exc.value.year == 2027
    assert "2027" in str(exc.value)
    assert "--calendar-dir" in str(exc.value)


@pytest.mark.parametrize(
    ("call", "year"),
    [
        (lambda c: c.is_workday(date(2027, 1, 4)), 2027),
        (lambda c: c.is_workday(date(2022, 6, 1)), 2022),
        (lambda c: c.holiday_name(date(2027, 1, 1)), 2027),
        (lambda c: c.is_makeup(date(2030, 1, 1)), 2030),
        (lambda c: c.next_workday(date(2026, 12, 31), include_self=False), 2027),
        (lambda c: c.add_workdays(date(2023, 1, 4), -3), 2022),
        (lambda c: c.add_workdays(date(2027, 3, 1), -1), 2027),
        (lambda c: c.count_workdays(date(2026, 12, 1), date(2028, 1, 1)), 2027),
        (lambda c: c.count_workdays(date(2021, 12, 1), date(2023, 1, 5)), 2021),
        (lambda c: c.rest_days_between(date(2026, 12, 20), date(2027, 1, 10)), 2027),
        (lambda c: c.schedule(2027), 2027),
    ],
)
def test_any_query_touching_a_missing_year_raises(cal, call, year):
    with pytest.raises(CalendarDataMissing) as exc:
        call(cal)
    assert exc.value.year == year


def test_day_before_coverage_may_be_the_start(cal):
    # 2022-12-31 itself is never consulted: the days walked are all in 2023.
    assert cal.add_workdays(date(2022, 12, 31), 1) == date(2023, 1, 3)


def test_last_week_of_newest_year_is_provisional(cal):
    assert cal.is_provisional(date(2026, 12, 25)) is True
    assert cal.is_provisional(date(2026, 12, 31)) is True
    assert cal.is_provisional(date(2026, 12, 24)) is False
    assert cal.is_provisional(date(2025, 12, 31)) is False


# --------------------------------------------------------------------------------------------
# Override folders
# --------------------------------------------------------------------------------------------


def test_override_dir_adds_2027():
    cal = WorkCalendar.load([FIXTURES], use_env=False)
    assert cal.years == (2023, 2024, 2025, 2026, 2027)
    assert "TEST FIXTURE" in cal.schedule(2027).title
    # 12-31 Thu (1); fixture 元旦 2027-01-01..03; Mon 01-04 (2); Tue 01-05 (3).
    assert cal.add_workdays(date(2026, 12, 30), 3) == date(2027, 1, 5)
    assert cal.is_provisional(date(2026, 12, 28)) is False
    assert cal.is_provisional(date(2027, 12, 28)) is True


def test_override_dir_from_env(monkeypatch):
    monkeypatch.setenv(ENV_VAR, f"{FIXTURES}")
    assert 2027 in WorkCalendar.load().years
    assert 2027 not in WorkCalendar.load(use_env=False).years


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


GOOD_2026_REPLACEMENT = """\
year: 2026
title: replacement
number: X-1
issued_on: 2025-11-04
source: test
holidays:
  - {name: 国庆节, start: 2026-10-01, end: 2026-10-09}
makeup_workdays: []
"""


def test_override_of_shipped_year_needs_replace_shipped(tmp_path):
    write(tmp_path, "2026.yaml", GOOD_2026_REPLACEMENT)
    with pytest.raises(InputError) as exc:
        WorkCalendar.load([tmp_path], use_env=False)
    (p,) = exc.value.problems
    assert p.field == "year" and p.value == "2026"
    assert "replace" in p.expected
    cal = WorkCalendar.load([tmp_path], use_env=False, replace_shipped=True)
    assert cal.schedule(2026).title == "replacement"
    assert cal.is_workday(date(2026, 10, 8)) is False
    assert cal.is_workday(date(2026, 10, 10)) is False  # no 补班 in the replacement


BAD_2027 = """\
year: 2027
title: bad fixture
number: X-2
issued_on: 2026-11-01
source: test
holidays:
  - {name: 元旦, start: 2027-01-01, end: 2027-01-03}
makeup_workdays:
  - 2027-01-06
  - 2027-01-02
"""


def test_bad_override_reports_every_problem_at_once(tmp_path):
    write(tmp_path, "2027.yaml", BAD_2027)
    with pytest.raises(InputError) as exc:
        WorkCalendar.load([tmp_path], use_env=False)
    problems = {p.field: p for p in exc.value.problems}
    assert set(problems) == {"makeup_workdays[0]", "makeup_workdays[1]"}
    wed, both = problems["makeup_workdays[0]"], problems["makeup_workdays[1]"]
    assert wed.value == "2027-01-06" and "Saturday or Sunday" in wed.expected
    assert both.value == "2027-01-02" and "放假" in both.expected
    assert wed.location == "9" and both.location == "10"  # file lines
    assert all(p.source.endswith("2027.yaml") for p in exc.value.problems)
    text = str(exc.value)
    assert "2027-01-06" in text and "2027-01-02" in text


@pytest.mark.parametrize(
    ("text", "field", "expected_part"),
    [
        (BAD_2027.replace("year: 2027", "year: 2028").replace("  - 2027-01-06\n  - 2027-01-02\n", ""),
         "year", "file name"),
        (BAD_2027.replace("start: 2027-01-01", "start: 2026-11-30").replace("  - 2027-01-06\n  - 2027-01-02\n", ""),
         "holidays[0].start", "December 2026"),
        (BAD_2027.replace("end: 2027-01-03", "end: 2026-12-31").replace("  - 2027-01-06\n  - 2027-01-02\n", ""),
         "holidays[0].end", "on or after start"),
        (BAD_2027.replace("source: test", "source: test\nsource: again").replace("  - 2027-01-06\n  - 2027-01-02\n", ""),
         "source", "duplicate"),
        (BAD_2027.replace("source: test", "source: test\nmakeup_workday: []").replace("  - 2027-01-06\n  - 2027-01-02\n", ""),
         "makeup_workday", "known key"),
        (BAD_2027.replace("number: X-2\n", "").replace("  - 2027-01-06\n  - 2027-01-02\n", ""),
         "number", "required"),
        (BAD_2027.replace("  - 2027-01-06\n  - 2027-01-02\n", "  - 2027-13-06\n"),
         "makeup_workdays[0]", "YYYY-MM-DD"),
        (BAD_2027.replace("  - 2027-01-06\n  - 2027-01-02\n", "  - 2028-01-08\n"),
         "makeup_workdays[0]", "a day in 2027"),
    ],
    ids=["year-vs-name", "range-too-early", "end-before-start", "duplicate-key", "unknown-key",
         "missing-key", "not-a-date", "makeup-outside-year"],
)
def test_validation(tmp_path, text, field, expected_part):
    path = write(tmp_path, "2027.yaml", text)
    sched, problems = read_schedule(path)
    assert sched is None
    assert any(p.field == field and expected_part in p.expected for p in problems), problems


def test_missing_dir_and_invalid_yaml_are_input_errors(tmp_path):
    write(tmp_path / "d", "2027.yaml", "year: [2027\n")
    with pytest.raises(InputError) as exc:
        WorkCalendar.load([tmp_path / "nope", tmp_path / "d"], use_env=False)
    expected = sorted(p.expected for p in exc.value.problems)
    assert any("existing folder" in e for e in expected)
    assert any("valid YAML" in e for e in expected)


def test_same_year_in_two_override_dirs_is_an_error(tmp_path):
    text = (FIXTURES / "2027.yaml").read_text(encoding="utf-8")
    write(tmp_path / "a", "2027.yaml", text)
    write(tmp_path / "b", "2027.yaml", text)
    with pytest.raises(InputError, match="one override file per year"):
        WorkCalendar.load([tmp_path / "a", tmp_path / "b"], use_env=False)


def test_gap_year_raises_for_its_days_and_for_walks_through_it(tmp_path):
    text = (FIXTURES / "2027.yaml").read_text(encoding="utf-8")
    text = text.replace("2027", "2028").replace("2028-02-20", "2028-02-19")  # 2028-02-19 is a Saturday
    write(tmp_path, "2028.yaml", text.replace("issued_on: 2026-11-01", "issued_on: 2027-11-01"))
    cal = WorkCalendar.load([tmp_path], use_env=False)
    assert cal.years == (2023, 2024, 2025, 2026, 2028)
    with pytest.raises(CalendarDataMissing) as exc:
        cal.is_workday(date(2027, 6, 1))
    assert exc.value.year == 2027
    with pytest.raises(CalendarDataMissing) as exc:
        cal.add_workdays(date(2026, 12, 30), 3)
    assert exc.value.year == 2027
    with pytest.raises(CalendarDataMissing) as exc:
        cal.add_workdays(date(2028, 1, 10), -10)
    assert exc.value.year == 2027
    with pytest.raises(CalendarDataMissing) as exc:
        cal.count_workdays(date(2026, 6, 1), date(2028, 6, 1))
    assert exc.value.year == 2027
    assert cal.is_workday(date(2028, 1, 4)) is True  # Tue, after the fixture's 元旦


def test_next_notice_may_change_previous_december(tmp_path):
    # Like the 2019 notice (2018-12-29 上班, 12-30/31 放假): a 2027 notice reaching into 2026.
    text = """\
year: 2027
title: TEST FIXTURE (not official)
number: X-3
issued_on: 2026-11-01
source: test
holidays:
  - {name: 元旦, start: 2026-12-31, end: 2027-01-02}
makeup_workdays:
  - 2026-12-26
"""
    write(tmp_path, "2027.yaml", text)
    cal = WorkCalendar.load([tmp_path], use_env=False)
    assert cal.is_workday(date(2026, 12, 31)) is False
    assert cal.holiday_name(date(2026, 12, 31)) == "元旦"
    assert cal.is_workday(date(2026, 12, 26)) is True  # Saturday made a 补班 day
    assert cal.notice_for(date(2026, 12, 31)).year == 2027
    assert cal.notice_for(date(2026, 12, 30)).year == 2026
    # Without the 2027 notice, 12-31 is an ordinary Thursday.
    assert WorkCalendar.load(use_env=False).is_workday(date(2026, 12, 31)) is True


def test_previous_december_entries_without_that_year_are_harmless(cal):
    # The 2023 notice's 元旦 starts 2022-12-31, but 2022 is not loaded: 2022 days still raise.
    assert cal.schedule(2023).holidays[0].start == date(2022, 12, 31)
    with pytest.raises(CalendarDataMissing):
        cal.holiday_name(date(2022, 12, 31))


def test_day_info_names_the_notice(cal):
    info = cal.day_info(date(2026, 10, 10))
    assert info.kind == "补班" and info.is_workday
    assert info.notice.number == "国办发明电〔2025〕7号"
    assert "补班" in info.text()
