"""compliance.timetext: dates, instants, record cells and periods. Expected values are written by
hand from the calendar (2026-01-01 is a Thursday; 2026 has 53 ISO weeks, 2025 has 52)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from compliance.cli.calendar_cmd import calendar
from compliance.errors import UsageError
from compliance.timetext import (
    Period,
    iter_periods,
    parse_date,
    parse_date_cell,
    parse_extended_date,
    parse_instant,
    parse_period,
    AmbiguousDateError,
    date_cell_held_time,
    parse_when_cell,
)
from compliance.workdays import ENV_VAR

SH = ZoneInfo("Asia/Shanghai")
UTC = timezone.utc
REFUSED_DATES = [
    "2026-W53-4", "2026W534", "2026-365", "2026365", "2026-13-01", "2025-02-29", "20261301", "20250229",
    "2026-1-01", "26-12-31", "2026/12/31", "31/12/2026", " 2026-12-31", "2026-12-31T00:00", "",
    "２０２６-12-31", "٢٠٢٦١٢٣١",
]  # fmt: skip


# ------------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize("text, expected", [
    ("2026-12-31", date(2026, 12, 31)), ("20261231", date(2026, 12, 31)),
    ("2024-02-29", date(2024, 2, 29)), ("20240229", date(2024, 2, 29)), ("0001-01-01", date(1, 1, 1)),
])  # fmt: skip
def test_parse_date_accepts_extended_and_basic(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", REFUSED_DATES)
def test_parse_date_refuses_everything_else(text):
    with pytest.raises(ValueError) as exc:
        parse_date(text)
    assert str(exc.value) == f"not a date (expected YYYY-MM-DD or YYYYMMDD): {text!r}"


def test_parse_extended_date_takes_only_the_extended_form():
    assert parse_extended_date("2026-10-01") == date(2026, 10, 1)
    for text in ("20261001", "2026-W40-4", "2026-274"):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            parse_extended_date(text)


# ---------------------------------------------------------------------------- parse_instant


def test_as_of_basic_date_means_the_end_of_that_day():
    expected = datetime(2027, 1, 1, 0, 0, tzinfo=SH)
    basic = parse_instant("20261231", SH, option="--as-of", end_of_day=True)
    extended = parse_instant("2026-12-31", SH, option="--as-of", end_of_day=True)
    assert basic == extended == expected
    assert basic.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("text", ["2026-02-28", "20260228"])
def test_a_date_is_its_start_or_its_end(text):
    assert parse_instant(text, SH, option="--from", end_of_day=False) == datetime(2026, 2, 28, tzinfo=SH)
    assert parse_instant(text, SH, option="--to", end_of_day=True) == datetime(2026, 3, 1, tzinfo=SH)


@pytest.mark.parametrize("text, expected", [
    ("2026-12-31T09:15", datetime(2026, 12, 31, 9, 15, tzinfo=SH)),
    ("2026-12-31 09:15:30", datetime(2026, 12, 31, 9, 15, 30, tzinfo=SH)),
    ("2026-12-31T09:15+00:00", datetime(2026, 12, 31, 9, 15, tzinfo=UTC)),
    ("2026-12-31T09:15:00Z", datetime(2026, 12, 31, 9, 15, tzinfo=UTC)),
    ("2026-12-31T23:59:59.5-05:00", datetime(2026, 12, 31, 23, 59, 59, 500000, tzinfo=timezone(timedelta(hours=-5)))),
])  # fmt: skip
@pytest.mark.parametrize("end_of_day", [True, False])
def test_a_date_time_is_taken_as_given(text, expected, end_of_day):
    got = parse_instant(text, SH, option="--as-of", end_of_day=end_of_day)
    assert got == expected and got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", REFUSED_DATES[:4] + ["31/12/2026", "2026-12-31T09", "2026-12-31T0915", "20261231T0915",
                                                      "2026-12-31 9:15", "today"])  # fmt: skip
def test_parse_instant_refuses_with_a_usage_error(text):
    with pytest.raises(UsageError) as exc:
        parse_instant(text, SH, option="--as-of", end_of_day=True)
    assert str(exc.value) == ("--as-of: not a date or date-time (expected YYYY-MM-DD, YYYYMMDD or"
                              f" YYYY-MM-DDTHH:MM[:SS][±HH:MM]): {text!r}")


def test_parse_instant_names_its_option():
    with pytest.raises(UsageError, match=r"^--from: .*'31/12/2026'$"):
        parse_instant("31/12/2026", SH, option="--from", end_of_day=False)


# ------------------------------------------------------------------------------ record cells


@pytest.mark.parametrize("value, expected", [
    ("2026-09-30", date(2026, 9, 30)),
    ("2026-09-30T09:15", datetime(2026, 9, 30, 9, 15, tzinfo=UTC)),  # naive text: in the tz given
    ("2026-09-30t09:15", datetime(2026, 9, 30, 9, 15, tzinfo=UTC)),
    ("2026-09-30 09:15:07.25", datetime(2026, 9, 30, 9, 15, 7, 250000, tzinfo=UTC)),
    ("2026-09-30T09:15+08:00", datetime(2026, 9, 30, 9, 15, tzinfo=SH)),
    ("2026-09-30T09:15+0800", datetime(2026, 9, 30, 9, 15, tzinfo=SH)),
    ("2026-09-30T01:15z", datetime(2026, 9, 30, 1, 15, tzinfo=UTC)),
    (datetime(2026, 9, 30, 9, 15), datetime(2026, 9, 30, 9, 15, tzinfo=UTC)),  # an Excel cell
    (datetime(2026, 9, 30, 9, 15, tzinfo=SH), datetime(2026, 9, 30, 9, 15, tzinfo=SH)),
    (date(2026, 9, 30), date(2026, 9, 30)),
])  # fmt: skip
def test_when_cell_accepts(value, expected):
    got = parse_when_cell(value, UTC)
    assert got == expected and type(got) is type(expected)
    if isinstance(got, datetime):
        assert got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("value", [
    "9点15", "2026/09/31", "2026-13-01", "2026-02-30", "2026-09-30T25:00", "2026-09-30T09", "20260930",
    "2026-W40-1", "2026-273", "30.09.2026 09:15", "2026-09-30 9:1", "2026-09-30T09:15 +08:00", " 2026-09-30",
    "today", "", 20260930, 45930.0, None, True, ["2026-09-30"],
])  # fmt: skip
def test_when_cell_refuses(value):
    with pytest.raises(ValueError):
        parse_when_cell(value, UTC)


@pytest.mark.parametrize("value, expected", [
    ("2026-09-30", date(2026, 9, 30)), (date(2026, 9, 30), date(2026, 9, 30)),
    (datetime(2026, 9, 30), date(2026, 9, 30)),  # Excel's date cell: a naive datetime at 00:00
])  # fmt: skip
def test_date_cell_accepts(value, expected):
    got = parse_date_cell(value)
    assert got == expected and type(got) is date


@pytest.mark.parametrize("value", [
    "20260930", "2026-W40-3", "2026-273", "2026-09-30 10:00+08:00", "2026-09-31", "２０２６-09-30",
    datetime(2026, 9, 30, 10, tzinfo=SH), datetime(2026, 9, 30, tzinfo=SH), 45930, None,
])  # fmt: skip
def test_date_cell_refuses(value):
    with pytest.raises(ValueError):
        parse_date_cell(value)


# ------------------------------------------------------------ record cells as people write them
# (what Excel on Chinese Windows writes when it saves a CSV: 2026/9/30 10:00; 年月日; dots)


@pytest.mark.parametrize("text, expected", [
    ("2026/9/30 10:00", datetime(2026, 9, 30, 10, 0, tzinfo=SH)),
    ("2026/9/30 10:00:05", datetime(2026, 9, 30, 10, 0, 5, tzinfo=SH)),
    ("2026/9/30 9:05", datetime(2026, 9, 30, 9, 5, tzinfo=SH)),  # a one-digit hour
    ("2026/10/1 0:00", datetime(2026, 10, 1, 0, 0, tzinfo=SH)),
    ("2026/09/30 23:59:59", datetime(2026, 9, 30, 23, 59, 59, tzinfo=SH)),
    ("2026/9/30", date(2026, 9, 30)),
    ("2026/9/1", date(2026, 9, 1)),
    ("2026-9-30 10:00", datetime(2026, 9, 30, 10, 0, tzinfo=SH)),
    ("2026-09-30 9:15", datetime(2026, 9, 30, 9, 15, tzinfo=SH)),
    ("2026-9-30", date(2026, 9, 30)),
    ("2026年9月30日 10:00", datetime(2026, 9, 30, 10, 0, tzinfo=SH)),
    ("2026年9月30日10:00", datetime(2026, 9, 30, 10, 0, tzinfo=SH)),
    ("2026年09月30日 10:00:05", datetime(2026, 9, 30, 10, 0, 5, tzinfo=SH)),
    ("2026年9月30日", date(2026, 9, 30)),
    ("2026年9月30日10时00分", datetime(2026, 9, 30, 10, 0, tzinfo=SH)),
    ("2026年9月30日 8时05分30秒", datetime(2026, 9, 30, 8, 5, 30, tzinfo=SH)),
    ("2026.09.30 10:00", datetime(2026, 9, 30, 10, 0, tzinfo=SH)),
    ("2026.9.30", date(2026, 9, 30)),
    ("2024/2/29 12:00", datetime(2024, 2, 29, 12, 0, tzinfo=SH)),
])  # fmt: skip
def test_when_cell_accepts_dates_written_year_first(text, expected):
    got = parse_when_cell(text, SH)
    assert got == expected and type(got) is type(expected)
    if isinstance(got, datetime):
        assert got.tzinfo is SH  # no offset written: the contract's time zone


@pytest.mark.parametrize("text", [
    "9/30/2026", "30/9/2026", "9/30/2026 10:00", "30/9/2026 10:00:05", "30.9.2026", "30.09.2026 09:15",
    "30-9-2026", "09-30-2026", "1/2/2026",
])  # fmt: skip
def test_a_year_last_date_is_refused_as_ambiguous(text):
    with pytest.raises(AmbiguousDateError) as exc:
        parse_when_cell(text, SH)
    assert str(exc.value) == f"ambiguous date (month or day first?); write the year first: {text!r}"
    with pytest.raises(AmbiguousDateError):
        parse_date_cell(text)


@pytest.mark.parametrize("text", [
    "2026/9/31", "2025/2/29", "2026/13/1", "2026/0/1", "2026/9/0", "2026/9/30 24:00", "2026/9/30 10:60",
    "2026/9/30 10:00:60", "2026/9/30 10", "2026/9/30 10:0", "2026/9/30 100:00", "2026/9/30T10:00",
    "2026/9-30", "2026-9/30", "2026.9/30", "2026/009/30", "2026/9/300", "26/9/30", "2026年9月30", "2026年9月30日 10时",
    "2026年9月30日 10时00", "２０２６/9/30", "2026/９/30", "2026/9/30 10:00+08:00", "2026/9/30 10:00 ",
    "2026/9/30 10:00.5", "9/30/26",
])  # fmt: skip
def test_when_cell_refuses_broken_written_dates(text):
    with pytest.raises(ValueError) as exc:
        parse_when_cell(text, SH)
    assert not isinstance(exc.value, AmbiguousDateError)


@pytest.mark.parametrize("value, expected, held_time", [
    ("2026-09-30", date(2026, 9, 30), False),
    ("2026/9/30", date(2026, 9, 30), False),
    ("2026-9-30", date(2026, 9, 30), False),
    ("2026年9月30日", date(2026, 9, 30), False),
    ("2026.9.30", date(2026, 9, 30), False),
    ("2026/9/30 10:00", date(2026, 9, 30), True),  # a date-time in a date field: its date
    ("2026/9/30 0:00", date(2026, 9, 30), True),  # a time was written, even if 00:00
    ("2026-09-30 10:00", date(2026, 9, 30), True),
    ("2026-09-30T23:59:59", date(2026, 9, 30), True),
    ("2026-09-30 9:15", date(2026, 9, 30), True),
    ("2026年9月30日 10:00", date(2026, 9, 30), True),
    ("2026年9月30日10时00分", date(2026, 9, 30), True),
    (date(2026, 9, 30), date(2026, 9, 30), False),
    (datetime(2026, 9, 30), date(2026, 9, 30), False),  # Excel's date cell: 00:00, no time
    (datetime(2026, 9, 30, 10, 15), date(2026, 9, 30), True),  # Excel's date-time cell
])  # fmt: skip
def test_date_cell_takes_the_date_and_tells_when_it_dropped_a_time(value, expected, held_time):
    got = parse_date_cell(value)
    assert got == expected and type(got) is date
    assert date_cell_held_time(value) is held_time


@pytest.mark.parametrize("value", [
    "2026-09-30T10:00+08:00", "2026-09-30T01:00Z", "2026-09-30T01:00z",  # whose day? refused
    datetime(2026, 9, 30, 10, tzinfo=SH),
])  # fmt: skip
def test_date_cell_refuses_a_date_time_with_an_offset(value):
    with pytest.raises(ValueError):
        parse_date_cell(value)
    assert date_cell_held_time(value) is False


@pytest.mark.parametrize("value", ["9/30/2026 10:00", "2026/9/31 10:00", "today at noon", "", 45930, None, True])
def test_date_cell_held_time_is_false_for_what_parse_date_cell_refuses(value):
    assert date_cell_held_time(value) is False


@pytest.mark.parametrize("text", ["2026/12/31", "2026-12-31 9:15", "2026年12月31日", "31/12/2026"])
def test_options_still_take_iso_8601_only(text):
    with pytest.raises(UsageError, match="expected YYYY-MM-DD, YYYYMMDD or"):
        parse_instant(text, SH, option="--as-of", end_of_day=True)


# ---------------------------------------------------------------------------------- periods


@pytest.mark.parametrize("period, label, start, end", [
    (Period("Y", 2026), "2026", date(2026, 1, 1), date(2026, 12, 31)),
    (Period("H", 2026, 1), "2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
    (Period("H", 2026, 2), "2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
    (Period("Q", 2026, 1), "2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
    (Period("Q", 2026, 3), "2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
    (Period("M", 2026, 9), "2026-09", date(2026, 9, 1), date(2026, 9, 30)),
    (Period("M", 2026, 2), "2026-02", date(2026, 2, 1), date(2026, 2, 28)),
    (Period("M", 2024, 2), "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    (Period("M", 2026, 12), "2026-12", date(2026, 12, 1), date(2026, 12, 31)),
    (Period("W", 2026, 1), "2026-W01", date(2025, 12, 29), date(2026, 1, 4)),
    (Period("W", 2026, 31), "2026-W31", date(2026, 7, 27), date(2026, 8, 2)),
    (Period("W", 2026, 53), "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
    (Period("W", 2027, 1), "2027-W01", date(2027, 1, 4), date(2027, 1, 10)),
])  # fmt: skip
def test_period_label_and_bounds(period, label, start, end):
    assert (period.label, period.start, period.end) == (label, start, end)
    assert parse_period(label, "YHQMW") == period


@pytest.mark.parametrize("kind, year, num", [
    ("W", 2025, 53), ("W", 2026, 54), ("W", 2026, 0), ("M", 2026, 13), ("M", 2026, 0), ("Q", 2026, 5),
    ("H", 2026, 3), ("Y", 2026, 2), ("M", 0, 7), ("X", 2026, 1), ("m", 2026, 7),
])  # fmt: skip
def test_no_such_period(kind, year, num):
    with pytest.raises(ValueError):
        Period(kind, year, num)


@pytest.mark.parametrize("value, allowed, label", [
    ("2026", "Y", "2026"), ("2026-H2", "H", "2026-H2"), ("2026-h1", "YHQMW", "2026-H1"),
    ("2026-Q3", "Q", "2026-Q3"), ("2026-q4", "MWQ", "2026-Q4"), ("2026-09", "M", "2026-09"),
    ("2026-W31", "W", "2026-W31"), ("2026-w01", "MWQ", "2026-W01"), ("2026-W53", "W", "2026-W53"),
    (" 2026-07 ", "M", "2026-07"),
    (date(2026, 7, 1), "M", "2026-07"), (datetime(2026, 7, 1), "MWQ", "2026-07"),  # Excel date cells
])  # fmt: skip
def test_parse_period_accepts(value, allowed, label):
    assert parse_period(value, allowed).label == label


@pytest.mark.parametrize("value, allowed", [
    ("2026-H2", "MWQ"), ("2026", "MWQ"), ("2026-07", "YHQW"), ("2026-W31", "M"), ("2026-Q3", "YHMW"),
    ("2026-7", "YHQMW"), ("2026-13", "M"), ("2026-00", "M"), ("2026-Q5", "Q"), ("2026-Q0", "Q"),
    ("2026-H3", "H"), ("2025-W53", "W"), ("2026-W00", "W"), ("2026-07-01", "M"), ("七月", "M"), ("", "Y"),
    ("0000-07", "M"), (202607, "M"), (None, "M"), (date(2026, 7, 1), "Q"), (date(2026, 7, 2), "M"),
    (datetime(2026, 7, 1, 9), "M"),
])  # fmt: skip
def test_parse_period_refuses(value, allowed):
    with pytest.raises(ValueError, match=r"^not a period \(expected "):
        parse_period(value, allowed)


def test_parse_period_names_the_allowed_forms():
    with pytest.raises(ValueError) as exc:
        parse_period("2026-H2", "MWQ")
    assert str(exc.value) == "not a period (expected YYYY-Qn, YYYY-MM, YYYY-Www): '2026-H2'"


def _labels(every, first, last):
    return [p.label for p in iter_periods(every, first, last)]


def test_iter_months_across_a_year_boundary():
    assert _labels("month", date(2026, 11, 15), date(2027, 2, 1)) == ["2026-11", "2026-12", "2027-01", "2027-02"]


def test_iter_quarters_halves_and_years():
    assert _labels("quarter", date(2026, 8, 31), date(2027, 1, 1)) == ["2026-Q3", "2026-Q4", "2027-Q1"]
    assert _labels("half", date(2026, 6, 30), date(2027, 7, 1)) == ["2026-H1", "2026-H2", "2027-H1", "2027-H2"]
    assert _labels("year", date(2026, 12, 31), date(2028, 1, 1)) == ["2026", "2027", "2028"]


def test_iter_weeks_across_a_year_boundary():
    periods = list(iter_periods("week", date(2026, 12, 24), date(2027, 1, 5)))
    assert [(p.label, p.start, p.end) for p in periods] == [
        ("2026-W52", date(2026, 12, 21), date(2026, 12, 27)),
        ("2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
        ("2027-W01", date(2027, 1, 4), date(2027, 1, 10)),
    ]


def test_iter_periods_edges():
    assert _labels("month", date(2026, 7, 31), date(2026, 7, 1)) == ["2026-07"]  # one period holds both
    assert _labels("month", date(2026, 8, 1), date(2026, 7, 31)) == []
    with pytest.raises(ValueError, match="fortnight"):
        list(iter_periods("fortnight", date(2026, 7, 1), date(2026, 8, 1)))


# ----------------------------------------------------------------------------- the calendar CLI


def test_calendar_takes_the_basic_date_form_and_refuses_week_dates(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    basic = CliRunner().invoke(calendar, ["add", "20260930", "3"])
    extended = CliRunner().invoke(calendar, ["add", "2026-09-30", "3"])
    assert basic.exit_code == extended.exit_code == 0, basic.output
    assert basic.stdout == extended.stdout and "2026-10-10" in basic.stdout
    week = CliRunner().invoke(calendar, ["add", "2026-W40-3", "3"])
    assert week.exit_code == 2 and "YYYYMMDD" in week.stderr
