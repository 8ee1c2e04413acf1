"""What every obligation kind shares: the run context, the fact it produces, time helpers.

A kind *measures*: it joins records, applies the calendar and emits flat facts (scalars only)
that a decision table then classifies. Kinds never decide a status themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from ..conditions import Scalar, Test, holds, matches, parse_condition
from ..errors import CalendarDataMissing
from ..events import OWN_TIME, EventBase, to_instant
from ..periods import add_months
from ..timetext import parse_period
from ..workdays import WorkCalendar

Instant = datetime | date


def field_text(kind: str, field: str) -> str:
    """A record field as Chinese text names it: its column label (到场时间 for fault.onsite_at,
    the header the export shows), or its name when it has none. Field names stay in what code
    reads (facts, JSON); every message and explanation names a field by this."""
    from ..labels import field_label

    try:
        return field_label(kind, field)
    except LookupError:  # (KeyError included: a field the kind does not define)
        return field


def fields_text(kind: str, fields) -> str:
    """Several fields as Chinese text: their labels joined by 、."""
    return "、".join(field_text(kind, f) for f in fields)


def kind_text(kind: str) -> str:
    """A record kind as Chinese text names it (报告 for report), or its name when it has none."""
    from ..events import KIND_LABELS

    return KIND_LABELS.get(kind, kind)


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass
class Context:
    """Everything a kind may read. ``as_of`` and the window come from the CLI, never from now()."""

    contract_start: date
    contract_end: date
    tz: ZoneInfo
    calendar: WorkCalendar
    as_of: datetime  # aware
    window_from: datetime  # aware, inclusive
    window_to: datetime  # aware, inclusive end of the last day; far in the future without --to
    events: dict[str, list[EventBase]]  # by kind, records after as_of not removed (kinds decide)
    # kinds the input holds in full (None: all — a ruleset case's records are all there is); a
    # kind outside it has no export at all, so its absence proves nothing
    complete: frozenset[str] | None = None
    outside_term: dict[str, set[str]] = field(default_factory=dict)  # kind -> ids of records not judged
    signed_on: date | None = None  # records from the signing day on are the contract's, if it precedes the start
    _memo: dict = field(default_factory=dict, repr=False)

    def in_term(self, r: EventBase, field_name: str | None = None) -> bool:
        """Does the record's own time (``field_name``: the time an obligation judges it by, e.g. a
        replacement request's requested_at; default: the kind's own time, a fault's detection)
        lie in the contract's term (from the signing day, where that comes first)? A record outside it is
        not judged as this contract's breach: it is counted (``outside_term``) for the notices.
        A record without an own time is in. A deadline that arose in the term but ends after it
        is still judged: only the record's own time counts."""
        name = field_name or OWN_TIME.get(r.kind)
        v = getattr(r, name, None) if name else None
        if v is None:
            return True
        cls = v.__class__
        if cls is str:  # a period (a roster's month): in when any of its days is (2026-06 of a term from 06-04)
            period = parse_period(v, "YHQMW")
            if period.start <= self.contract_end and period.end >= self.term_first:
                return True
            self.outside_term.setdefault(r.kind, set()).add(r.id)
            return False
        if cls is datetime:
            day = v.date() if v.tzinfo is self.tz else v.astimezone(self.tz).date()
        else:
            day = self.local_day(v)
        if self.term_first <= day <= self.contract_end:
            return True
        self.outside_term.setdefault(r.kind, set()).add(r.id)
        return False

    def absent(self, kind: str) -> bool:
        """No export of ``kind`` was given: a finding resting on its records' absence is unknown."""
        return self.complete is not None and kind not in self.complete

    def mark_absent(self, fact: "Fact", kind: str) -> "Fact":
        """A fact whose verdict would rest on there being no ``kind`` records: unknown when the
        input holds no export of that kind, with the reason in its message."""
        if self.absent(kind):
            fact.absent_kind = kind
            fact.extra["reason"] = (f"输入中没有{kind_text(kind)}类记录（未提供该类导出），无法据其缺失作出判断；"
                                    f"如导出中确无此类记录，请以 --exported {kind} 声明")
        return fact

    def memo(self, key: Any, compute):
        """Deadlines repeat (many records share a trigger day): compute each once per run."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def __post_init__(self) -> None:
        # the first day whose records are the contract's: the start, or the signing day before it
        self.term_first = min(self.contract_start, self.signed_on or self.contract_start)

    def local_day(self, v: Instant) -> date:
        if v.__class__ is datetime:
            # a time already in the run's zone (as records are read) needs no conversion
            return v.date() if v.tzinfo is self.tz else v.astimezone(self.tz).date()
        return v.astimezone(self.tz).date() if isinstance(v, datetime) else v

    def records(self, kind: str, where: tuple[Test, ...] = ()) -> list[EventBase]:
        out = self.events.get(kind, [])
        if where:
            fields = {t.field for t in where}
            out = [r for r in out if matches(where, {f: scalar(getattr(r, f, None)) for f in fields})]
        return out

    def judged_records(self, kind: str, where: tuple[Test, ...], field_name: str | None) -> list[EventBase]:
        """The records of ``kind`` that ``where`` keeps and whose time ``field_name`` (None: the
        kind's own) lies in the term — worked out once per run for each such triple: the three
        deadlines of a fault and its classifications all judge the same records."""
        key = ("judged", kind, repr(where), field_name or OWN_TIME.get(kind))
        try:
            return self._memo[key]
        except KeyError:
            in_term = self.in_term
            out = self._memo[key] = [r for r in self.records(kind, where) if in_term(r, field_name)]
            return out

    def instant(self, v: Instant | None, *, end_of_day: bool = False) -> datetime | None:
        return None if v is None else to_instant(v, self.tz, end_of_day=end_of_day)

    def seen(self, v: Instant | None) -> Instant | None:
        """A recorded time after as_of has not happened yet at as_of: treat it as absent."""
        if v is None:
            return None
        if not isinstance(v, datetime):  # a day is known once it has begun before as_of
            return v if self.day_start(v) < self.as_of else None
        return v if v <= self.as_of else None

    def day_end(self, d: date) -> datetime:
        return datetime.combine(d + timedelta(days=1), time(0), self.tz)

    def day_start(self, d: date) -> datetime:
        return datetime.combine(d, time(0), self.tz)

    def require_settled(self, d: date, purpose: str) -> None:
        """The last days of the newest loaded year are provisional: the next year's notice may
        still move them (the 2019 notice did so for 2018-12-29..31). Once as_of lies in that
        next year its notice exists, so a result resting on such a day needs it loaded."""
        if self.calendar.is_provisional(d) and self.as_of > datetime(d.year + 1, 1, 1, tzinfo=self.tz):
            raise CalendarDataMissing(d.year + 1, f"{purpose} on {d.isoformat()}, which the {d.year + 1} notice may change")

    def in_window(self, due: datetime, *, day_end: bool = True) -> bool:
        """Is a deadline in the window [from 00:00, to 24:00]? A deadline at 24:00 of a day
        (``day_end``) belongs to that day, an instant deadline to the day it falls on."""
        if day_end:
            return self.window_from < due <= self.window_to
        return self.window_from <= due < self.window_to

    def could_be_in_window(self, deadline: "Any") -> bool:
        """A computed deadline inside the window; a bounded one whose earliest end is not past it."""
        if isinstance(deadline, PendingBound):
            return self.day_start(deadline.not_before) < self.window_to
        return self.in_window(deadline.due, day_end=not deadline.inclusive)

    def periods(self, per: str, stub: str = "own") -> list[tuple[date, date]]:
        """The periods of a count, [start, end] inclusive, clipped to the contract term.
        Calendar periods (year, half year, quarter, month) follow the calendar; contract years
        run from the contract start. ``stub="join"``: a first calendar period of which fewer
        than half the days lie in the term (see :meth:`first_is_stub`) is joined to the next
        one — one period from the contract start to the next period's end; ``"own"``: it
        stands alone. The periods depend on the term only, never on the records."""
        if per == "contract_year":
            return self.contract_years()
        months = {"calendar_year": 12, "half_year": 6, "quarter": 3, "month": 1}[per]
        s = self.contract_start
        start = date(s.year, (s.month - 1) // months * months + 1, 1)  # the period holding the start
        out = []
        while start <= self.contract_end:
            nxt = add_months(start, months)
            out.append((max(start, self.contract_start), min(nxt - timedelta(days=1), self.contract_end)))
            start = nxt
        first = date(s.year, (s.month - 1) // months * months + 1, 1)
        if stub == "join" and len(out) > 1 and self.first_is_stub(first, add_months(first, months) - timedelta(days=1)):
            out[:2] = [(out[0][0], out[1][1])]
        return out

    def first_is_stub(self, start: date, end: date) -> bool:
        """Does the calendar period [start, end] that holds the contract start lie mostly
        outside the term: fewer than half of its days from the start on (2026-06-04..30 of a
        quarter: 27 of 91 days; 2023-06-28..30 of a month: 3 of 30)? Half or more is a period
        of its own (a week with 4 of its 7 days in the term)."""
        inside = (min(end, self.contract_end) - max(start, self.contract_start)).days + 1
        return 2 * inside < (end - start).days + 1

    def contract_years(self) -> list[tuple[date, date]]:
        """Contract years [start, end] inclusive, from the contract start."""
        out = []
        s = self.contract_start
        while s <= self.contract_end:
            e = min(add_months(s, 12) - timedelta(days=1), self.contract_end)  # art. 202
            out.append((s, e))
            s = e + timedelta(days=1)
        return out


@dataclass(slots=True)
class Fact:
    """One obligation instance, measured. ``values`` is all a rule may look at; ``measured``
    holds the typed figures behind them (instants, dates, ``Decimal`` money, counts) that the
    finding reports as its ``facts``; ``records`` are the evidence (their file:line)."""

    obligation: str
    values: dict[str, Scalar]
    event_ids: tuple[str, ...] = ()
    period: str | None = None
    due: str | None = None
    actual: str | None = None
    explanation: list[str] = field(default_factory=list)
    subject: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # further message fields
    order: str = ""  # sort key: the due instant or the period start, ISO
    record: EventBase | None = None  # for record facts: its fields are message fields
    records: tuple[EventBase, ...] = ()  # the evidence: every record the fact rests on
    measured: dict[str, Any] = field(default_factory=dict)
    absent_kind: str | None = None  # rests on the absence of a kind the input has no export of
    forced: str | None = None  # a status the decision table cannot give (a where field missing: unknown)
    template: str | None = None  # the kind's own message for a forced status (the ruleset's is for the usual case)

    @property
    def key_subject(self) -> str:
        """What the finding key names (interfaces.md, "Finding keys"): a fact about a period is
        keyed by the period, whose records may change as exports arrive; a fact about records
        by their ids joined with '+'."""
        return self.period if self.period is not None else "+".join(self.event_ids)


class LazyFact:
    """A per-record fact measured without its text: the decision values and the record. Its full
    :class:`Fact` (due, actual, explanation, typed facts) is built on demand, by the kind that
    measured it measuring the same record again with ``explain`` — one implementation, two
    depths — so a run over a million records writes text only for the findings it shows.

    A million facts are held at once: each holds its obligation, values, record and the kind
    that measured it; nothing more, and no reference cycle, so that an evaluation is freed as
    soon as it is dropped (the CLI runs with the cyclic GC off).
    """

    __slots__ = ("obligation", "values", "record", "kind")
    period = None
    absent_kind = forced = None  # as a Fact's defaults: read of every fact after the engine decides

    def __init__(self, values: dict[str, Scalar], record: EventBase, kind: "PerRecord"):
        self.obligation = kind.ob.id  # a slot, not a property: the summary reads it of every fact
        # most records of an obligation give the same decision values (on time, done …): they
        # share one dict, so a million facts hold a few thousand dicts (and the engine decides
        # each distinct dict once)
        try:
            values = kind.interned.setdefault(tuple(values.items()), values)
        except TypeError:  # an unhashable value: kept as it is
            pass
        self.values = values
        self.record = record
        self.kind = kind

    @property
    def event_ids(self) -> tuple[str, ...]:
        return (self.record.id,)

    @property
    def key_subject(self) -> str:
        return self.record.id  # as its Fact's: one record, no period

    @property
    def order(self) -> str:
        """Its Fact's ``order`` (where the report puts it), as the kind works it out."""
        return self.kind.order(self.record)

    def explain(self) -> Fact:
        fact = self.kind.one(self.record, True)
        assert fact is not None and fact.values == self.values, "a record measured twice must give the same facts"
        return fact


def record_values(r: EventBase) -> dict[str, Scalar]:
    """A record as flat scalars (times as ISO text, lists joined) for filters and record facts."""
    return {k: scalar(v) for k, v in r.to_dict().items()}


def scalar(v: Any) -> Scalar:
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return ";".join(str(x) for x in v)
    return str(v)


def fmt_instant(v: Instant | None, tz: ZoneInfo) -> str | None:
    """How findings print a time: local time to the minute (to the second when it has seconds),
    a date alone as a date."""
    if v is None:
        return None
    if isinstance(v, datetime):
        local = v.astimezone(tz)
        if local.second or local.microsecond:
            return local.isoformat(" ", "seconds")[:19]
        return local.isoformat(" ", "minutes")[:16]  # "2026-10-12 09:00", faster than strftime
    return v.isoformat()


def fmt_duration(minutes: float) -> str:
    m = int(round(minutes))
    days, rem = divmod(m, 1440)
    h, mm = divmod(rem, 60)
    parts = []
    if days:
        parts.append(f"{days}天")
    if h:
        parts.append(f"{h}小时")
    if mm or not parts:
        parts.append(f"{mm}分钟")
    return "".join(parts)


def compile_where(raw: dict[str, Any] | None) -> tuple[Test, ...]:
    tests, errors = parse_condition(raw, "where")
    if errors:
        raise ValueError("; ".join(errors))
    return tuple(tests)


class MetBy:
    """Whether an actual time meets a deadline, allowing for a date recorded without a time."""

    MET, LATE, UNKNOWN = "met", "late", "unknown"

    @staticmethod
    def check(deadline: Any, actual: Instant, tz: ZoneInfo) -> str:
        if isinstance(actual, datetime):
            return MetBy.MET if deadline.is_met(actual) else MetBy.LATE
        first = to_instant(actual, tz)
        last = to_instant(actual, tz, end_of_day=True) - timedelta(microseconds=1)
        if deadline.is_met(last):
            return MetBy.MET
        if not deadline.is_met(first):
            return MetBy.LATE
        return MetBy.UNKNOWN


@dataclass
class PendingBound:
    """A deadline that needs a year without holiday data but certainly lies after as_of."""

    not_before: date
    year: int

    def text(self) -> str:
        return f"不早于{self.not_before.isoformat()}（{self.year}年节假日安排尚未加载，确切期限待补充）"


def deadline_facts(deadline: Any, suffix: str = "") -> dict[str, Any]:
    """A computed deadline as typed facts: its instant and last day, or, while the year it
    needs has no holiday data, the day it certainly does not end before."""
    if isinstance(deadline, PendingBound):
        return {f"not_before{suffix}": deadline.not_before, f"calendar_year_missing{suffix}": deadline.year}
    out: dict[str, Any] = {f"deadline{suffix}": deadline.due}
    if deadline.last_day is not None:
        out[f"last_day{suffix}"] = deadline.last_day
    return out


def deadline_or_bound(ctx: Context, compute, lower_bound: date):
    """Compute a deadline; if a year's data is missing but the deadline must lie after as_of,
    return a PendingBound instead of failing. Otherwise the missing year is an error."""
    try:
        deadline = compute()
    except CalendarDataMissing as exc:
        # counting forward failed for want of year Y, so the last day lies in Y or later
        if exc.year > lower_bound.year:
            lower_bound = date(exc.year, 1, 1)
        # the deadline ends no earlier than 24:00 of that day: pending if as_of is before it
        if ctx.day_end(lower_bound) > ctx.as_of:
            return PendingBound(lower_bound, exc.year)
        raise
    if deadline.last_day is not None:
        ctx.require_settled(deadline.last_day, "a deadline")
    return deadline


class Kind:
    """Base class of the obligation kinds (see kinds/__init__.py for the registry)."""

    name: ClassVar[str]
    Params: ClassVar[type[Params]]
    FIELDS: ClassVar[frozenset[str]] = frozenset()
    MESSAGE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"subject", "title", "due", "actual", "period", "late", "label", "rule", "clause", "reason"}
    )

    @classmethod
    def fact_fields(cls, params: Any) -> frozenset[str]:
        return cls.FIELDS

    @classmethod
    def message_fields(cls, params: Any) -> frozenset[str]:
        return cls.MESSAGE_FIELDS | cls.fact_fields(params)

    @classmethod
    def default_table(cls) -> list:
        from . import defaults

        return defaults.table(cls.name)

    @classmethod
    def default_messages(cls) -> dict[str, str]:
        from . import defaults

        return defaults.messages(cls.name)

    def measure(self, ob: Any, params: Any, ctx: Context, tested: frozenset[str] = frozenset()) -> list[Fact]:
        """The facts of one obligation. ``tested``: the fields its decision table reads."""
        raise NotImplementedError


def _lacking(where: tuple[Test, ...], r: EventBase) -> tuple[str, ...]:
    """The fields ``where`` tests (is_null aside) that the record leaves empty, provided every
    test on a filled field holds (the record might match); () when it certainly does not."""
    lacks: list[str] = []
    for t in where:
        v = scalar(getattr(r, t.field, None))
        if v is None and t.op != "is_null":
            if t.field not in lacks:
                lacks.append(t.field)
        elif not holds(t, v):
            return ()
    return tuple(lacks)


class PerRecord(Kind):
    """A kind with one fact per matching record: ``one(record, explain)`` measures a record —
    the decision values only (a :class:`LazyFact`), or with ``explain`` the whole :class:`Fact`
    with its text — and returns None for a record the obligation does not judge."""

    ob: Any
    p: Any
    ctx: Context
    tested: frozenset[str]

    def measure(self, ob: Any, params: Any, ctx: Context, tested: frozenset[str] = frozenset()) -> list:
        self.ob, self.p, self.ctx, self.tested = ob, params, ctx, tested
        self.interned: dict[tuple, dict[str, Scalar]] = {}  # the decision values of this run's facts
        self.prepare()
        one, in_term, when = self.one, ctx.in_term, self.judged_by()
        where = compile_where(params.where)
        out = [f for r in ctx.judged_records(params.record, where, when) if (f := one(r, False)) is not None]
        # a record lacking a field `where` tests (is_null aside) may be one this obligation
        # judges: unknown, naming the field, never dropped silently
        open_ = tuple(dict.fromkeys(t.field for t in where if t.op != "is_null"))
        if open_:
            for r in ctx.events.get(params.record, []):
                if all(getattr(r, f, None) is not None for f in open_):
                    continue
                lacks = _lacking(where, r)
                if lacks and in_term(r, when) and (f := one(r, True)) is not None:
                    f.forced = "unknown"
                    said = fields_text(params.record, lacks)
                    f.extra["reason"] = f"未记录{said}，无法判断是否适用本条"
                    f.explanation.insert(0, f"本条只适用于{said}符合条件的记录，该记录未记录{said}")
                    out.append(f)
        return out

    def judged_by(self) -> str | None:
        """The field whose time places a record in or outside the term (None: the kind's own)."""
        return None

    def prepare(self) -> None:
        """Work done once per obligation before its records are measured."""

    def one(self, r: EventBase, explain: bool) -> "Fact | LazyFact | None":
        raise NotImplementedError

    def order(self, r: EventBase) -> str:
        """The ``order`` of a measured record's Fact (where the report puts it). A kind that can
        tell it without building the text says so (the deadline's instant); this is the text's."""
        return self.one(r, True).order

    def subject(self, r: EventBase) -> str:
        """What one record is called in messages: 需求函 HB-R2."""
        return f"{self.ob.subject or kind_text(self.p.record)} {r.id}".strip()

