"""The working-day calendar of mainland China, built only from the State Council notices.

Every deadline in a contract that counts 工作日 rests on this module. The facts come from one
YAML file per year (``workdays_data/{year}.yaml``), each transcribed from the 国务院办公厅
notice 关于{year}年部分节假日安排的通知, plus optional override files a user supplies for years
published after this program was shipped (``--calendar-dir DIR`` or ``COMPLIANCE_CALENDAR_DIR``).

What a working day is (from those notices, or as a contract defines 工作日):

* ``WorkdayRule.OFFICIAL`` (default): a day the notice marks 上班 (a 补班 day, even on a
  weekend), or a Monday-Friday outside the notice's 放假 ranges.
* ``WorkdayRule.MON_FRI``: Monday-Friday outside the 放假 ranges. A 补班 Saturday is *not* a
  working day (some contracts define 工作日 this way).

Design points:

* **No guessing.** Any query that touches a day of a year without a loaded notice raises
  :class:`~compliance.errors.CalendarDataMissing` naming that year. There is no weekday
  fallback, also not when ``add_workdays`` walks past the newest loaded year or through a
  gap year.
* **O(1) queries.** At load we build, over the whole covered range (1 Jan of the first loaded
  year to 31 Dec of the last), a day-indexed bitmap of working days, a cumulative count
  ``cum[i]`` = working days among the first ``i`` days, and the inverse ``nth[k]`` = index of
  the (k+1)-th working day. ``add_workdays`` is then two list look-ups, ``count_workdays`` a
  subtraction.
* **A notice may change the previous year's last days** (the 2019 notice made 2018-12-29 a
  working day and 2018-12-30/31 holidays). Notices are applied in year order, so a later
  notice overrides an earlier one for the days it names. Entries for a previous December whose
  year is not loaded are kept in the schedule but have no effect (those days raise anyway).
* **Provisional days.** The last 7 days of the newest loaded year may still be changed by the
  next notice; :meth:`WorkCalendar.is_provisional` says so and deadlines carry the flag.
* **Validation on load, every problem at once** (file, line, field, value, expected): 补班 days
  are Saturdays or Sundays; no day is both 放假 and 补班; ranges lie inside the year or the
  previous December; the file's ``year`` equals its name; no duplicate or unknown keys.
"""

from __future__ import annotations

import os
import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any


from .yamlload import dotted, load_yaml_lines
from .errors import CalendarDataMissing, InputError, Problem

__all__ = [
    "ENV_VAR",
    "SHIPPED_DIR",
    "PROVISIONAL_DAYS",
    "WEEKDAY_ZH",
    "WorkdayRule",
    "Holiday",
    "YearSchedule",
    "DayInfo",
    "WorkCalendar",
    "read_schedule",
]

#: Environment variable holding extra calendar folders, separated by ``os.pathsep``.
ENV_VAR = "COMPLIANCE_CALENDAR_DIR"
#: Folder of the year files shipped with the program.
SHIPPED_DIR = Path(__file__).with_name("workdays_data")
#: How many days at the end of the newest loaded year count as provisional.
PROVISIONAL_DAYS = 7
#: Chinese weekday names, indexed by ``date.weekday()``.
WEEKDAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

_ONE_DAY = timedelta(days=1)
_MAX_ORDINAL = date.max.toordinal()
_YEAR_FILE = re.compile(r"(\d{4})\.yaml")

# Per-day kind codes in the shared ``kind`` bytearray.
_ORDINARY = 0  # the notice says nothing about the day: weekday rule applies
_HOLIDAY = 1  # inside a 放假 range
_MAKEUP = 2  # a 补班 (上班) day


class WorkdayRule(StrEnum):
    """Which days count as 工作日 (a ruleset parameter)."""

    OFFICIAL = "official"  # 补班 days are working days (default)
    MON_FRI = "mon_fri_except_holidays"  # Mon-Fri minus 放假 days; a 补班 Saturday is NOT one


# --------------------------------------------------------------------------------------------
# The data of one notice
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Holiday:
    """One 放假 range of a notice, both ends inclusive (``国庆节 2026-10-01..2026-10-07``)."""

    name: str
    start: date
    end: date

    def days(self) -> Iterator[date]:
        d = self.start
        while d <= self.end:
            yield d
            d += _ONE_DAY

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.start <= d <= self.end


@dataclass(frozen=True)
class YearSchedule:
    """One 国务院办公厅 notice, as transcribed in ``{year}.yaml``."""

    year: int
    title: str  # 国务院办公厅关于2026年部分节假日安排的通知
    number: str  # 国办发明电〔2025〕7号
    issued_on: date
    source: str  # where it was published (URL as text)
    holidays: tuple[Holiday, ...]
    makeup_workdays: tuple[date, ...]
    path: str  # the file it came from

    def citation(self) -> str:
        """``国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025-11-04）``"""
        return f"{self.title}（{self.number}，{self.issued_on.isoformat()}）"


@dataclass(frozen=True)
class DayInfo:
    """Everything the calendar knows about one day (for ``calendar explain``)."""

    day: date
    weekday: str  # 周一..周日
    is_workday: bool  # under the calendar's rule
    is_makeup: bool  # a 补班 day (whatever the rule)
    holiday_name: str | None  # set for an official 放假 day
    notice: YearSchedule  # the notice that governs this day
    rule: WorkdayRule
    provisional: bool

    @property
    def kind(self) -> str:
        """One of 工作日 / 休息日 / 补班 / 节假日 (Chinese, for output)."""
        if self.holiday_name is not None:
            return "节假日"
        if self.is_makeup:
            return "补班"
        return "工作日" if self.is_workday else "休息日"

    def text(self) -> str:
        """One Chinese sentence: ``2026-10-10（周六）：工作日（补班，……上班）``."""
        head = f"{self.day.isoformat()}（{self.weekday}）："
        if self.holiday_name is not None:
            return head + f"休息日（节假日：{self.holiday_name}，通知规定放假）"
        if self.is_makeup:
            if self.is_workday:
                return head + "工作日（补班：通知规定该日上班）"
            return head + "休息日（补班日，但按“周一至周五（法定节假日除外）”口径不计为工作日）"
        if self.is_workday:
            return head + "工作日（周一至周五，通知未作调整）"
        return head + "休息日（周末，通知未作调整）"


# --------------------------------------------------------------------------------------------
# Reading and validating one year file
# --------------------------------------------------------------------------------------------

_FIELDS = ("year", "title", "number", "issued_on", "source", "holidays", "makeup_workdays")
_HOLIDAY_FIELDS = ("name", "start", "end")
_SCHEMA_HINT = (
    "keys year, title, number, issued_on, source, holidays (list of {name, start, end}),"
    " makeup_workdays (list of dates)"
)


def _as_date(v: Any) -> date | None:
    """A YAML date (unquoted ``2026-10-01``) or ``YYYY-MM-DD`` text; datetimes are not dates."""
    from .timetext import parse_extended_date  # not at the top: timetext imports periods, which imports us

    if isinstance(v, datetime):
        return None
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        try:
            return parse_extended_date(v.strip())
        except ValueError:
            return None
    return None


def read_schedule(path: Path, display: str | None = None) -> tuple[YearSchedule | None, list[Problem]]:
    """Parse and validate one ``{year}.yaml``; return (schedule or None, every problem found).

    Never raises for bad content: the caller collects problems of all files and raises one
    :class:`InputError`.
    """
    source = display or str(path)
    m = _YEAR_FILE.fullmatch(path.name)
    name_year = int(m.group(1)) if m else None

    data, lines, problems = load_yaml_lines(path, source)
    if not isinstance(data, dict):
        return None, problems or [Problem(source, "", "", type(data).__name__, f"a YAML mapping with {_SCHEMA_HINT}")]

    def bad(p: tuple[Any, ...], value: Any, expected: str) -> None:
        line = lines.get(p) or lines.get(p[:-1]) or lines.get(p[:1])
        problems.append(Problem(source, str(line) if line else "", dotted(p), str(value), expected))

    for key in data:
        if key not in _FIELDS:
            bad((str(key),), key, f"a known key ({', '.join(_FIELDS)})")
    for key in _FIELDS:
        if key not in data:
            problems.append(Problem(source, "", key, "", "a required key (missing)"))

    # -- scalar fields -------------------------------------------------------------------
    year = data.get("year")
    if "year" in data:
        if not isinstance(year, int) or isinstance(year, bool):
            bad(("year",), year, "a year as an integer, e.g. 2027")
            year = None
        elif name_year is not None and year != name_year:
            bad(("year",), year, f"the year in the file name ({path.name})")
    if year is None or isinstance(year, bool):
        year = name_year
    for key in ("title", "number", "source"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            bad((key,), data[key], "a non-empty text")
    issued = _as_date(data.get("issued_on"))
    if "issued_on" in data and issued is None:
        bad(("issued_on",), data.get("issued_on"), "a date YYYY-MM-DD")

    # Days a notice may name: its own year, or the previous December.
    lo = date(year - 1, 12, 1) if year else None
    hi = date(year, 12, 31) if year else None
    where = f"a day in {year} or in December {year - 1}" if year else "a day of the notice's year"

    def in_scope(d: date) -> bool:
        return lo is None or lo <= d <= hi  # type: ignore[operator]

    # -- holidays ------------------------------------------------------------------------
    holidays: list[Holiday] = []
    raw_h = data.get("holidays")
    if "holidays" in data and not isinstance(raw_h, list):
        bad(("holidays",), raw_h, "a list of {name, start, end}")
        raw_h = []
    for i, item in enumerate(raw_h or []):
        p = ("holidays", i)
        if not isinstance(item, dict):
            bad(p, item, "a mapping {name, start, end}")
            continue
        for k in item:
            if k not in _HOLIDAY_FIELDS:
                bad(p + (str(k),), k, "a known key (name, start, end)")
        ok = True
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            bad(p + ("name",), name, "a non-empty holiday name, e.g. 国庆节")
            ok = False
        ends: dict[str, date] = {}
        for k in ("start", "end"):
            d = _as_date(item.get(k))
            if d is None:
                bad(p + (k,), item.get(k), "a date YYYY-MM-DD")
                ok = False
            elif not in_scope(d):
                bad(p + (k,), d, where)
                ok = False
            else:
                ends[k] = d
        if len(ends) == 2 and ends["start"] > ends["end"]:
            bad(p + ("end",), ends["end"], f"a date on or after start ({ends['start']})")
            ok = False
        if ok:
            holidays.append(Holiday(name.strip(), ends["start"], ends["end"]))  # type: ignore[union-attr]
    # Overlapping ranges are a transcription slip (a day cannot be in two holidays).
    owner: dict[date, tuple[int, Holiday]] = {}
    for i, h in enumerate(holidays):
        for d in h.days():
            if d in owner:
                j, other = owner[d]
                bad(("holidays", i, "start"), d, f"a day not already in another range ({other.name} {other.start}..{other.end})")
                break
            owner[d] = (i, h)

    # -- 补班 days -------------------------------------------------------------------------
    makeups: list[date] = []
    raw_m = data.get("makeup_workdays")
    if raw_m is None and "makeup_workdays" in data:
        raw_m = []  # `makeup_workdays:` with nothing after it: a notice without 补班
    if not isinstance(raw_m, list):
        if "makeup_workdays" in data:
            bad(("makeup_workdays",), raw_m, "a list of dates")
        raw_m = []
    seen_m: set[date] = set()
    for i, item in enumerate(raw_m):
        p = ("makeup_workdays", i)
        d = _as_date(item)
        if d is None:
            bad(p, item, "a date YYYY-MM-DD")
            continue
        ok = True
        if not in_scope(d):
            bad(p, d, where)
            ok = False
        if d.weekday() < 5:
            bad(p, d, f"a Saturday or Sunday (a 补班 day is a weekend day; this is a {WEEKDAY_ZH[d.weekday()]})")
            ok = False
        if d in owner:
            h = owner[d][1]
            bad(p, d, f"a day not also 放假 (it is inside holidays: {h.name} {h.start}..{h.end})")
            ok = False
        if d in seen_m:
            bad(p, d, "a day listed once")
            ok = False
        seen_m.add(d)
        if ok:
            makeups.append(d)

    if problems:
        return None, problems
    return (
        YearSchedule(
            year=year,  # type: ignore[arg-type]
            title=data["title"].strip(),
            number=data["number"].strip(),
            issued_on=issued,  # type: ignore[arg-type]
            source=data["source"].strip(),
            holidays=tuple(sorted(holidays, key=lambda h: h.start)),
            makeup_workdays=tuple(sorted(makeups)),
            path=source,
        ),
        [],
    )


# Parsed files are cached by (path, mtime, size): the CLI and the tests load the shipped
# years many times; a changed file is re-read.
_CACHE: dict[tuple[str, int, int], YearSchedule] = {}


def _read_cached(path: Path) -> tuple[YearSchedule | None, list[Problem]]:
    try:
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
    except OSError:
        return read_schedule(path)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit, []
    sched, problems = read_schedule(path)
    if sched is not None:
        _CACHE[key] = sched
    return sched, problems


def _year_files(folder: Path) -> list[tuple[int, Path]]:
    """``{year}.yaml`` files in a folder (other files, e.g. a README, are ignored)."""
    out = []
    for p in sorted(folder.iterdir()):
        m = _YEAR_FILE.fullmatch(p.name)
        if m and p.is_file():
            out.append((int(m.group(1)), p))
    return out


# --------------------------------------------------------------------------------------------
# The day-indexed tables
# --------------------------------------------------------------------------------------------


class _Base:
    """Rule-independent tables over the covered range, shared by every rule's view."""

    def __init__(self, schedules: Sequence[YearSchedule]):
        self.schedules: dict[int, YearSchedule] = {s.year: s for s in schedules}
        self.years: tuple[int, ...] = tuple(sorted(self.schedules))
        if not self.years:
            self.first_year = self.last_year = None
            self.base, self.ndays = 0, 0
        else:
            self.first_year, self.last_year = self.years[0], self.years[-1]
            self.base = date(self.first_year, 1, 1).toordinal()
            self.ndays = date(self.last_year, 12, 31).toordinal() - self.base + 1
        # Years inside the covered range with no notice: their days raise.
        self.gaps: tuple[int, ...] = (
            tuple(y for y in range(self.first_year, self.last_year + 1) if y not in self.schedules)
            if self.years
            else ()
        )
        n = self.ndays
        self.known = bytearray(n)  # 1 where the day's year has a notice
        self.kind = bytearray(n)  # _ORDINARY / _HOLIDAY / _MAKEUP
        self.governing = array("H", [0]) * n  # year of the notice that governs the day
        self.names: dict[int, str] = {}  # day index -> holiday name (放假 days only)
        for y in self.years:
            a = date(y, 1, 1).toordinal() - self.base
            b = date(y, 12, 31).toordinal() - self.base
            for i in range(a, b + 1):
                self.known[i] = 1
                self.governing[i] = y
        # Apply notices in year order: a later notice overrides the days it names, which is how
        # a notice changes the previous December.
        for s in sorted(schedules, key=lambda s: s.year):
            for h in s.holidays:
                for d in h.days():
                    i = d.toordinal() - self.base
                    if 0 <= i < n and self.known[i]:
                        self.kind[i] = _HOLIDAY
                        self.names[i] = h.name
                        self.governing[i] = s.year
            for d in s.makeup_workdays:
                i = d.toordinal() - self.base
                if 0 <= i < n and self.known[i]:
                    self.kind[i] = _MAKEUP
                    self.names.pop(i, None)
                    self.governing[i] = s.year
        # All 补班 days in force, sorted (for makeup_days_between).
        self.makeups: list[date] = [
            date.fromordinal(self.base + i) for i in range(n) if self.kind[i] == _MAKEUP
        ]
        self._tables: dict[WorkdayRule, _Tables] = {}

    def tables(self, rule: WorkdayRule) -> _Tables:
        t = self._tables.get(rule)
        if t is None:
            t = self._tables[rule] = _Tables(self, rule)
        return t

    def year_of(self, i: int) -> int:
        return date.fromordinal(self.base + i).year


class _Tables:
    """Per-rule bitmap, cumulative count and inverse index."""

    def __init__(self, b: _Base, rule: WorkdayRule):
        n = b.ndays
        work = bytearray(n)
        count_makeup = rule is WorkdayRule.OFFICIAL
        for i in range(n):
            if not b.known[i]:
                continue  # gap-year days: never working, and queries on them raise anyway
            k = b.kind[i]
            if k == _HOLIDAY:
                continue
            # date.fromordinal(1) is a Monday, so weekday = (ordinal - 1) % 7.
            if (b.base + i - 1) % 7 < 5 or (k == _MAKEUP and count_makeup):
                work[i] = 1
        cum = [0] * (n + 1)  # cum[i] = working days among indices [0, i)
        nth: list[int] = []  # nth[k] = index of the (k+1)-th working day
        c = 0
        for i in range(n):
            if work[i]:
                nth.append(i)
                c += 1
            cum[i + 1] = c
        self.work = work
        self.cum = cum
        self.nth = nth
        self.total = c


# --------------------------------------------------------------------------------------------
# The calendar
# --------------------------------------------------------------------------------------------


class WorkCalendar:
    """Working days under one :class:`WorkdayRule`; every query is O(1) (lists are O(output)).

    Build with :meth:`load` (shipped years + override folders) or :meth:`from_schedules`.
    """

    __slots__ = ("_b", "_t", "rule")

    def __init__(self, base: _Base, rule: WorkdayRule = WorkdayRule.OFFICIAL):
        self._b = base
        self.rule = WorkdayRule(rule)
        self._t = base.tables(self.rule)

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        extra_dirs: Sequence[Path] = (),
        *,
        use_env: bool = True,
        replace_shipped: bool = False,
        rule: WorkdayRule = WorkdayRule.OFFICIAL,
    ) -> WorkCalendar:
        """Shipped years plus ``{year}.yaml`` files from ``extra_dirs`` and, when ``use_env``,
        the ``os.pathsep``-separated folders in ``COMPLIANCE_CALENDAR_DIR``.

        An extra file for a shipped year is an error unless ``replace_shipped``; two extra
        files for the same year are an error. Every problem of every file is reported in one
        :class:`InputError`.
        """
        problems: list[Problem] = []
        shipped = dict(_year_files(SHIPPED_DIR)) if SHIPPED_DIR.is_dir() else {}
        folders = [Path(p) for p in extra_dirs]
        if use_env:
            folders += [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
        extra: dict[int, Path] = {}
        seen_folders: set[Path] = set()
        for folder in folders:
            try:
                key = folder.resolve()
            except OSError:
                key = folder
            if key in seen_folders:
                continue  # the same folder given twice (option and env var)
            seen_folders.add(key)
            if not folder.is_dir():
                problems.append(
                    Problem(str(folder), "", "calendar-dir", str(folder),
                            "an existing folder of {year}.yaml holiday files")
                )
                continue
            for year, path in _year_files(folder):
                if year in extra:
                    problems.append(
                        Problem(str(path), "", "year", str(year),
                                f"one override file per year (also in {extra[year]})")
                    )
                elif year in shipped and not replace_shipped:
                    problems.append(
                        Problem(str(path), "", "year", str(year),
                                f"a year not shipped with the program ({year} is shipped: "
                                f"{shipped[year]}); to replace it, ask explicitly "
                                "(replace_shipped=True / --replace-shipped)")
                    )
                else:
                    extra[year] = path
        files = {**shipped, **extra}
        schedules = []
        for year in sorted(files):
            sched, probs = _read_cached(files[year])
            problems.extend(probs)
            if sched is not None:
                schedules.append(sched)
        if problems:
            raise InputError(problems)
        return cls.from_schedules(schedules, rule=rule)

    @classmethod
    def from_schedules(
        cls, schedules: Sequence[YearSchedule], *, rule: WorkdayRule = WorkdayRule.OFFICIAL
    ) -> WorkCalendar:
        """A calendar from already validated schedules (one per year)."""
        years = [s.year for s in schedules]
        if len(years) != len(set(years)):
            raise ValueError(f"one schedule per year, got {sorted(years)}")
        return cls(_Base(schedules), rule)

    def with_rule(self, rule: WorkdayRule) -> WorkCalendar:
        """The same data under another working-day rule (shares the tables; cheap)."""
        return WorkCalendar(self._b, WorkdayRule(rule))

    def __repr__(self) -> str:
        return f"WorkCalendar(years={self.years}, rule={self.rule.value!r})"

    # -- what is loaded ------------------------------------------------------------------------

    @property
    def years(self) -> tuple[int, ...]:
        """Years with a loaded notice, sorted."""
        return self._b.years

    def schedule(self, year: int) -> YearSchedule:
        s = self._b.schedules.get(year)
        if s is None:
            raise CalendarDataMissing(year)
        return s

    # -- internal index helpers ------------------------------------------------------------------

    def _index(self, d: date, purpose: str = "") -> int:
        """Index of a day with data, or CalendarDataMissing naming its year."""
        b = self._b
        i = d.toordinal() - b.base
        if 0 <= i < b.ndays and b.known[i]:
            return i
        raise CalendarDataMissing(d.year, purpose)

    def _require(self, lo: int, hi: int, purpose: str, *, backward: bool = False) -> None:
        """Every day with index in [lo, hi] must have data. Otherwise raise CalendarDataMissing
        for the missing year met first when walking in the query's direction (forward from lo,
        or backward from hi)."""
        b = self._b

        def year(i: int) -> int:
            # Clamp so that a walk off date.min/date.max still names a year, not an OverflowError.
            return date.fromordinal(min(max(b.base + i, 1), _MAX_ORDINAL)).year

        if not b.years:
            raise CalendarDataMissing(year(hi if backward else lo), purpose)

        missing: list[int] = []
        if lo < 0:  # days before the first loaded year
            missing.append(year(min(hi, -1)) if backward else year(lo))
        for g in b.gaps:  # whole years without a notice inside the covered range
            ga = date(g, 1, 1).toordinal() - b.base
            gb = date(g, 12, 31).toordinal() - b.base
            if ga <= hi and gb >= lo:
                missing.append(g)
        if hi >= b.ndays:  # days after the newest loaded year
            missing.append(year(hi) if backward else year(max(lo, b.ndays)))
        if missing:
            raise CalendarDataMissing(max(missing) if backward else min(missing), purpose)

    # -- single-day queries ------------------------------------------------------------------------

    def is_workday(self, d: date) -> bool:
        """True for a working day under the rule; CalendarDataMissing if d's year has no data."""
        b = self._b
        i = d.toordinal() - b.base
        if 0 <= i < b.ndays and b.known[i]:
            return self._t.work[i] == 1
        raise CalendarDataMissing(d.year, f"is {d.isoformat()} a working day")

    def is_makeup(self, d: date) -> bool:
        """True for a 补班 day (whatever the rule says about counting it)."""
        return self._b.kind[self._index(d, f"is {d.isoformat()} a 补班 day")] == _MAKEUP

    def holiday_name(self, d: date) -> str | None:
        """The holiday's name ("国庆节") for an official 放假 day, else None."""
        i = self._index(d, f"the holiday name of {d.isoformat()}")
        return self._b.names.get(i) if self._b.kind[i] == _HOLIDAY else None

    def notice_for(self, d: date) -> YearSchedule:
        """The notice that governs d (usually d's year; the next year's notice where it changed
        a December day)."""
        i = self._index(d)
        return self._b.schedules[self._b.governing[i]]

    def is_provisional(self, d: date) -> bool:
        """d lies in the last 7 days of the newest loaded year (a next-year notice may still
        change it). Needs no data for d; False when nothing is loaded."""
        last = self._b.last_year
        if last is None:
            return False
        end = date(last, 12, 31)
        return end - timedelta(days=PROVISIONAL_DAYS - 1) <= d <= end

    def day_info(self, d: date) -> DayInfo:
        """Everything about one day, with the notice that says so."""
        i = self._index(d, f"explaining {d.isoformat()}")
        b = self._b
        return DayInfo(
            day=d,
            weekday=WEEKDAY_ZH[d.weekday()],
            is_workday=self._t.work[i] == 1,
            is_makeup=b.kind[i] == _MAKEUP,
            holiday_name=b.names.get(i) if b.kind[i] == _HOLIDAY else None,
            notice=b.schedules[b.governing[i]],
            rule=self.rule,
            provisional=self.is_provisional(d),
        )

    # -- counting ---------------------------------------------------------------------------------

    def add_workdays(self, d: date, n: int) -> date:
        """n >= 1: the n-th working day strictly after d (d itself never counts);
        n <= -1: the |n|-th working day strictly before d; n == 0: ValueError.

        Every day walked over, (d, result] or [result, d), must have data; else
        CalendarDataMissing for the first missing year in the direction of the walk.
        """
        b = self._b
        t = self._t
        i = d.toordinal() - b.base
        if n > 0:
            lo = i + 1
            if 0 <= lo < b.ndays:
                k = t.cum[lo] + n  # rank of the answer among all working days (1-based)
                if k <= t.total:
                    j = t.nth[k - 1]
                    if b.gaps:
                        self._require(lo, j, _purpose_add(d, n))
                    return date.fromordinal(b.base + j)
            # Start outside the data, or the walk leaves it: name the missing year.
            self._require(lo, max(lo, b.ndays), _purpose_add(d, n))
            raise AssertionError("unreachable")  # pragma: no cover
        if n < 0:
            hi = i - 1
            if 0 <= hi < b.ndays:
                k = t.cum[hi + 1] + n + 1  # rank of the answer (1-based)
                if k >= 1:
                    j = t.nth[k - 1]
                    if b.gaps:
                        self._require(j, hi, _purpose_add(d, n), backward=True)
                    return date.fromordinal(b.base + j)
            self._require(min(hi, -1), hi, _purpose_add(d, n), backward=True)
            raise AssertionError("unreachable")  # pragma: no cover
        raise ValueError("n must not be 0: use next_workday() for 'this day or the next working day'")

    def count_workdays(self, a: date, b: date) -> int:
        """Working days in (a, b]; a <= b required."""
        if a > b:
            raise ValueError(f"count_workdays needs a <= b, got {a} > {b}")
        if a == b:
            return 0
        base = self._b.base
        lo = a.toordinal() - base + 1
        hi = b.toordinal() - base
        self._require(lo, hi, f"counting working days in ({a}, {b}]")
        cum = self._t.cum
        return cum[hi + 1] - cum[lo]

    def next_workday(self, d: date, *, include_self: bool = True) -> date:
        """d itself if it is a working day and include_self, else the next working day."""
        if include_self and self.is_workday(d):
            return d
        return self.add_workdays(d, 1)

    def rest_days_between(self, a: date, b: date) -> list[date]:
        """Non-working days strictly between a and b, ascending."""
        if b.toordinal() - a.toordinal() <= 1:
            return []
        base = self._b.base
        lo = a.toordinal() - base + 1
        hi = b.toordinal() - base - 1
        self._require(lo, hi, f"listing rest days between {a} and {b}")
        work = self._t.work
        return [date.fromordinal(base + i) for i in range(lo, hi + 1) if not work[i]]

    def makeup_days_between(self, a: date, b: date) -> list[date]:
        """补班 days in (a, b] that are working days under the rule (none under MON_FRI)."""
        if b <= a:
            return []
        base = self._b.base
        self._require(a.toordinal() - base + 1, b.toordinal() - base, f"listing 补班 days in ({a}, {b}]")
        if self.rule is not WorkdayRule.OFFICIAL:
            return []
        m = self._b.makeups
        return m[bisect_right(m, a) : bisect_right(m, b)]

    def makeup_days(self) -> list[date]:
        """Every 补班 day in force over the loaded years (whatever the rule)."""
        return list(self._b.makeups)

    def covered(self) -> tuple[date, date] | None:
        """(first, last) day of the covered range, or None when nothing is loaded."""
        b = self._b
        if not b.years:
            return None
        return date(b.first_year, 1, 1), date(b.last_year, 12, 31)  # type: ignore[arg-type]


def _purpose_add(d: date, n: int) -> str:
    days = "working day" if abs(n) == 1 else "working days"
    if n > 0:
        return f"counting {n} {days} after {d.isoformat()}"
    return f"counting {-n} {days} before {d.isoformat()}"

