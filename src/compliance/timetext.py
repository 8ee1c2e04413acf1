"""Date and time text: the one place that reads dates, date-times and periods.

- ``parse_date``: a calendar day a user types (``YYYY-MM-DD`` or ``YYYYMMDD``).
- ``parse_instant``: the value of ``--as-of``, ``--from`` or ``--to``.
- ``parse_when_cell``, ``parse_date_cell``: time and date cells of event records (a hot path:
  ISO 8601 first, its shape checked by hand, ``fromisoformat`` checking the digits and the
  ranges; then the forms people and Excel write, year first: ``2026/9/30 10:00``, ``2026-9-30``,
  ``2026年9月30日 10:00``, ``2026.09.30``; a year-last ``9/30/2026`` is refused as ambiguous).
  ``date_cell_held_time`` tells when ``parse_date_cell`` took the date of a date-time.
- ``Period``, ``parse_period``, ``iter_periods``: years, halves, quarters, months, ISO weeks.

Week dates (``2026-W53-4``) and ordinal dates (``2026-365``) are refused everywhere, although
``fromisoformat`` would take some of them. Every parser raises ``ValueError`` except
``parse_instant``, which raises ``UsageError`` naming its option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from .errors import UsageError
from .periods import add_months

__all__ = [
    "parse_date",
    "parse_extended_date",
    "parse_instant",
    "parse_when_cell",
    "parse_date_cell",
    "date_cell_held_time",
    "AmbiguousDateError",
    "Period",
    "parse_period",
    "iter_periods",
]

_MIDNIGHT = time(0)

# --------------------------------------------------------------------------------------------
# Days and instants


def parse_extended_date(text: str) -> date:
    """``YYYY-MM-DD`` only."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"not a date (expected YYYY-MM-DD): {text!r}")


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` or ``YYYYMMDD``."""
    # the shape checks keep out week and ordinal dates, some of which fromisoformat would take
    if (len(text) == 10 and text[4] == "-" and text[7] == "-") or (len(text) == 8 and text.isdigit()):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"not a date (expected YYYY-MM-DD or YYYYMMDD): {text!r}")


class AmbiguousDateError(ValueError):
    """A date written with the year last (``9/30/2026``, ``30.9.2026``): month or day first?"""


# Dates as people and Excel write them, year first: 2026/9/30, 2026-9-30, 2026.09.30 and
# 2026年9月30日, each with an optional time H:MM[:SS] (after a space; 10时00分[05秒] too).
# Groups: 1 year; 3, 4 month and day (2 the separator, used twice); 5, 6 month and day of
# 年月日; 7 hour; 8, 9 minutes and seconds after colons; 10, 11 after 时 and 分.
_WRITTEN = re.compile(
    r"([0-9]{4})(?:([-/.])([0-9]{1,2})\2([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})日)"
    r"(?:(?: +|(?<=日))([0-9]{1,2})(?:[:：]([0-9]{2})(?:[:：]([0-9]{2}))?|时([0-9]{2})分(?:([0-9]{2})秒)?))?"
)
_YEAR_LAST = re.compile(r"[0-9]{1,2}([-/.])[0-9]{1,2}\1[0-9]{4}(?:[ T].*)?", re.DOTALL)


def _iso_shaped(v: str) -> bool:
    """The shape ``parse_when_cell`` reads with ``fromisoformat`` (its fast path)."""
    n = len(v)
    return n >= 10 and v[4] == "-" and v[7] == "-" and (
        n == 10 or (n >= 16 and v[10] in "Tt " and v[13] == ":" and " " not in v[11:])
    )


def _written(v: str) -> tuple[date, time | None]:
    """A date written year first, and its time (None when it has none). Raises ValueError."""
    m = _WRITTEN.fullmatch(v)
    if m is None:
        if _YEAR_LAST.fullmatch(v):
            raise AmbiguousDateError(
                f"ambiguous date (month or day first?); write the year first: {v!r}"
            )
        raise ValueError(f"not a date or date-time: {v!r}")
    y, _, m1, d1, m2, d2, hh, mm1, ss1, mm2, ss2 = m.groups()
    day = date(int(y), int(m1 or m2), int(d1 or d2))
    if hh is None:
        return day, None
    mm, ss = (mm1, ss1) if mm1 is not None else (mm2, ss2)
    return day, time(int(hh), int(mm), int(ss) if ss else 0)


_fromisoformat, _combine = datetime.fromisoformat, datetime.combine  # (a million cells: no attribute lookups)


def parse_when_cell(v: Any, tz: ZoneInfo) -> date | datetime:
    """A record's time cell. Text: ``YYYY-MM-DD`` (a ``date``) or ``YYYY-MM-DD[T ]hh:mm`` with
    optional seconds, fraction and offset (an aware ``datetime``; a naive one is read in
    ``tz``); or a date written year first (``2026/9/30``, ``2026-9-30``, ``2026.9.30``,
    ``2026年9月30日``) with an optional time ``H:MM[:SS]`` (or ``10时00分``), read in ``tz``. A
    year-last date (``9/30/2026``) raises ``AmbiguousDateError``. Objects: a ``datetime``
    (Excel, YAML; naive = in ``tz``) or a ``date``."""
    if v.__class__ is str or isinstance(v, str):
        # the ISO shape is checked by hand (faster than a regex); fromisoformat checks the
        # digits, the ranges and the rest (seconds, fraction, offset)
        n = len(v)
        if n >= 10 and v[4] == "-" and v[7] == "-":
            if n == 10:
                return date.fromisoformat(v)
            if n >= 16 and v[13] == ":" and v[10] in "Tt " and v.find(" ", 11) < 0:  # (find: no slice made)
                if v[-1] == "z":
                    v = v[:-1] + "Z"
                d = _fromisoformat(v)
                if d.tzinfo is not None:
                    return d
                return _combine(d, d.time(), tz)  # (4× faster than d.replace(tzinfo=tz) here)
        day, at = _written(v)
        return day if at is None else datetime.combine(day, at, tz)
    if isinstance(v, datetime):
        return v if v.tzinfo is not None else datetime.combine(v, v.time(), tz)  # (faster than replace)
    if isinstance(v, date):
        return v
    raise ValueError(f"not a date or date-time: {v!r}")


def _date_of(v: Any) -> tuple[date, bool]:
    """``parse_date_cell``'s date, and whether a time was dropped to get it."""
    if isinstance(v, str):
        if _iso_shaped(v):
            if len(v) == 10:
                return date.fromisoformat(v), False
            d = datetime.fromisoformat(v[:-1] + "Z" if v[-1] == "z" else v)
            if d.tzinfo is None:  # with an offset, whose day would it be? refused
                return d.date(), True
        else:
            day, at = _written(v)
            return day, at is not None
    elif isinstance(v, datetime):
        if v.tzinfo is None:
            return v.date(), v.time() != _MIDNIGHT
    elif isinstance(v, date):
        return v, False
    raise ValueError(f"not a date: {v!r}")


def parse_date_cell(v: Any) -> date:
    """A record's date cell: a date as ``parse_when_cell`` reads it (``2026-09-30``,
    ``2026/9/30``, ``2026年9月30日`` …), or a ``date``. A date-time without an offset (text, or a
    naive ``datetime``: how Excel delivers a date cell, at 00:00 or not) gives its date, and
    ``date_cell_held_time`` says so; a date-time with an offset is refused. Raises
    ``ValueError`` (``AmbiguousDateError`` for a year-last date)."""
    if type(v) is str and len(v) == 10 and v[4] == "-" and v[7] == "-":  # most cells
        return date.fromisoformat(v)
    return _date_of(v)[0]


def date_cell_held_time(v: Any) -> bool:
    """True when ``parse_date_cell(v)`` takes the date of a date-time and drops its time: text
    with a time (``2026/9/30 10:00``, ``2026-09-30T00:00``), or a naive ``datetime`` whose time
    is not 00:00 (an Excel date cell is a datetime at 00:00: False). False for a plain date and
    for a value ``parse_date_cell`` refuses. Cheap for a text of 10 characters or fewer (no
    text that short holds a time)."""
    if type(v) is str and len(v) <= 10:
        return False
    if not isinstance(v, (str, datetime)):
        return False
    try:
        return _date_of(v)[1]
    except ValueError:
        return False


def parse_instant(text: str, tz: ZoneInfo, *, option: str, end_of_day: bool) -> datetime:
    """An option's instant. A date (``YYYY-MM-DD`` or ``YYYYMMDD``) is 24:00 of that day (the
    next day's 00:00) when ``end_of_day``, else its 00:00, in ``tz``; a date-time (as in a
    record cell; naive = in ``tz``) is taken as given."""
    try:
        if len(text) == 8:
            when: date | datetime = parse_date(text)
        elif _iso_shaped(text):  # options take ISO 8601 only
            when = parse_when_cell(text, tz)
        else:
            raise ValueError(text)
    except ValueError:
        raise UsageError(
            f"{option}: not a date or date-time (expected YYYY-MM-DD, YYYYMMDD or"
            f" YYYY-MM-DDTHH:MM[:SS][±HH:MM]): {text!r}"
        ) from None
    if isinstance(when, datetime):
        return when
    return datetime.combine(when + timedelta(days=1) if end_of_day else when, _MIDNIGHT, tz)


# --------------------------------------------------------------------------------------------
# Periods

_MONTHS = {"Y": 12, "H": 6, "Q": 3, "M": 1}  # months in a period of each kind but W
_FORMS = {"Y": "YYYY", "H": "YYYY-Hn", "Q": "YYYY-Qn", "M": "YYYY-MM", "W": "YYYY-Www"}
_EVERY = {"year": "Y", "half": "H", "quarter": "Q", "month": "M", "week": "W"}
# groups 2..5 are the month, week, quarter and half numbers; the kind is the group matched last
_PERIOD_TEXT = re.compile(r"(\d{4})(?:-(?:(\d{2})|[Ww](\d{2})|[Qq](\d)|[Hh](\d)))?")
_KIND_OF_GROUP = "YMWQH"


def _weeks_in(year: int) -> int:
    """52 or 53: the ISO week of 28 December is the year's last."""
    return date(year, 12, 28).isocalendar()[1]


@dataclass(frozen=True)
class Period:
    """A calendar year (Y), half year (H), quarter (Q), month (M) or ISO week (W).

    ``num`` is the half, quarter, month or week number (1 for a year); for W, ``year`` is the
    ISO week-numbering year. An out-of-range period cannot be made (``ValueError``).
    """

    kind: str
    year: int
    num: int = 1

    def __post_init__(self) -> None:
        if self.kind == "W":
            top = _weeks_in(self.year) if 1 <= self.year <= 9999 else 0
        elif self.kind in _MONTHS:
            top = 12 // _MONTHS[self.kind]
        else:
            raise ValueError(f"not a period kind (expected one of YHQMW): {self.kind!r}")
        if not (1 <= self.year <= 9999 and 1 <= self.num <= top):
            raise ValueError(f"no such period: {self.kind} {self.year} {self.num}")

    @property
    def label(self) -> str:
        """The canonical text: 2026, 2026-H2, 2026-Q3, 2026-09, 2026-W31."""
        if self.kind == "Y":
            return f"{self.year:04d}"
        if self.kind == "M":
            return f"{self.year:04d}-{self.num:02d}"
        if self.kind == "W":
            return f"{self.year:04d}-W{self.num:02d}"
        return f"{self.year:04d}-{self.kind}{self.num}"

    @property
    def start(self) -> date:
        """The first day (a Monday for a week)."""
        if self.kind == "W":
            return date.fromisocalendar(self.year, self.num, 1)
        return date(self.year, (self.num - 1) * _MONTHS[self.kind] + 1, 1)

    @property
    def end(self) -> date:
        """The last day, inclusive (a Sunday for a week)."""
        if self.kind == "W":
            return self.start + timedelta(days=6)
        return add_months(self.start, _MONTHS[self.kind]) - timedelta(days=1)


def _holding(kind: str, day: date) -> Period:
    """The period of ``kind`` that holds ``day``."""
    if kind == "W":
        year, week, _ = day.isocalendar()
        return Period("W", year, week)
    return Period(kind, day.year, (day.month - 1) // _MONTHS[kind] + 1)


def parse_period(value: Any, allowed: str) -> Period:
    """A period cell; ``allowed`` holds the kinds accepted (letters of ``YHQMW``).

    Text: ``2026``, ``2026-H2``, ``2026-Q3``, ``2026-09``, ``2026-W31`` (the letters in either
    case, spaces around ignored). When months are allowed, a date on the 1st (a datetime at
    00:00) is its month: Excel turns a typed ``2026-07`` into the date 2026-07-01.
    """
    if isinstance(value, str):
        return _parse_period_text(value, allowed)
    if isinstance(value, date) and "M" in allowed and value.day == 1:
        if not isinstance(value, datetime) or value.time() == _MIDNIGHT:
            return Period("M", value.year, value.month)
    raise _not_a_period(value, allowed)


@lru_cache(maxsize=4096)  # period cells repeat (every report of July says 2026-07)
def _parse_period_text(text: str, allowed: str) -> Period:
    m = _PERIOD_TEXT.fullmatch(text.strip())
    if m is not None:
        group = m.lastindex or 1
        kind = _KIND_OF_GROUP[group - 1]
        if kind in allowed:
            try:
                return Period(kind, int(m[1]), int(m[group]) if group > 1 else 1)
            except ValueError:
                pass
    raise _not_a_period(text, allowed)


def _not_a_period(value: Any, allowed: str) -> ValueError:
    expected = ", ".join(_FORMS[k] for k in "YHQMW" if k in allowed)
    return ValueError(f"not a period (expected {expected}): {value!r}")


def iter_periods(every: str, first: date, last: date) -> Iterator[Period]:
    """The periods of ``every`` (year, half, quarter, month or week) from the one holding
    ``first`` to the one holding ``last``, in order."""
    if every not in _EVERY:
        raise ValueError(f"not a period length (expected one of {', '.join(_EVERY)}): {every!r}")
    period = _holding(_EVERY[every], first)
    while period.start <= last:
        yield period
        period = _holding(period.kind, period.end + timedelta(days=1))


def instant_text(dt: datetime, tz) -> str:
    """An instant as a person reads it in the contract's time zone: ``2026-10-12 09:00`` (with
    seconds when it has any); midnight as the end of the day before, ``2026-12-31 24:00`` — what
    an as-of given as a date means."""
    local = dt.astimezone(tz)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        return f"{(local.date() - timedelta(days=1)).isoformat()} 24:00"
    if local.second or local.microsecond:
        return local.isoformat(" ", "seconds")[:19]
    return local.isoformat(" ", "minutes")[:16]

