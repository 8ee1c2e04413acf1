"""`compliance score`: the contract's assessment item by item, from one evaluation's findings.

The findings decide (``compliance.check``); this module only reads them against the ruleset's
``scoring:`` table (``scoring_data``): per item the points or their range, the maximum and every
deduction with its evidence; the total as a range; the grade by the contract's own bands
(``ambiguous`` where they leave a score unassigned); the fee effect in ``Decimal`` (rounded half
up to the fen, the rounding stated); for per-project fees the efficiency, the payment coefficient
and each project's fee; and what to fix first.

How a finding counts:

- ``fail`` or ``info`` with basis contract or user: the deduction is certain.
- ``fail`` with basis default, ``ambiguous``, ``unknown``: "needs confirmation" — the range
  widens (the lower end takes the deduction, the upper end does not), never a silent deduction.
- ``pending``: not yet due — the range widens likewise, and the finding is an item to fix first.
- ``pass`` (and ``waived``): no deduction.

A number the contract does not give is never presented as the contract's: judged items are a
range until ``--manual`` gives the assessors' points; a kind with no records in the input (and
not declared exported) leaves its deductions unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .conditions import matches, parse_tests
from .decisions import Locator
from .errors import ComplianceError, InputError, UsageError
from .findings import Finding, Report
from .scoring_data import Bands, Deduction, Item, PointRange, Scoring
from .timetext import instant_text, parse_period
from .yamlload import load_yaml_lines

SCHEMA_VERSION = 1
FEN = Decimal("0.01")
ROUNDING = "金额以Decimal精确计算，最后按四舍五入（ROUND_HALF_UP）保留到分"
ZERO = Decimal(0)


class NoScoringTable(ComplianceError):
    """The contract has no scoring table: no score is computed (exit status 2)."""


# ----------------------------------------------------------------------------------------------
# The result document


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Doc):
    key: str
    obligation: str
    clause: str
    status: str
    basis: str
    event_ids: list[str] = Field(default_factory=list)
    period: str | None = None
    due: str | None = None
    message: str
    evidence: list[str] = Field(default_factory=list, description="file:line of the records")


class Deducted(_Doc):
    """One deduction of an item (or a money deduction outside the items)."""

    reason: str
    certainty: Literal["certain", "confirm", "ambiguous", "unknown", "pending", "judged", "band", "none"]
    points: Any = None  # a number, {"min", "max"}, or "all"
    money: Any = None  # decimal strings: {"min", "max"}
    finding: Evidence | None = None
    note: str | None = None
    band: bool = Field(False, description="points are the band's (a score, not a deduction)")


class ItemScore(_Doc):
    item: str
    category: str
    max: Any
    points: Any = Field(description="a number, or {min, max} where a person judges or a finding needs confirmation")
    status: Literal["scored", "range", "ambiguous", "unknown", "manual"]
    why: list[str] = Field(default_factory=list, description=(
        "why the points are a range: judged (a person), band (within the contract's band), confirm, ambiguous, "
        "unknown, pending (findings that widen it)"))
    clause: str
    rule: str
    judged: bool = False
    manual: Any = None
    deductions: list[Deducted] = Field(default_factory=list)
    considered: list[Evidence] = Field(default_factory=list, description="findings the assessors weigh (judged items)")
    notes: list[str] = Field(default_factory=list)
    alerts: list[str] = Field(default_factory=list)
    money: Any = None


class Grade(_Doc):
    score: Any
    status: Literal["assigned", "ambiguous", "unnamed", "none"]
    grade: str | None = None
    text: str


class FeeAt(_Doc):
    score: Any
    rate: str | None = None
    deduction: str | None = None
    text: str


class FeeEffect(_Doc):
    fee: str | None = None
    clause: str
    at_min: FeeAt
    at_max: FeeAt
    money: dict[str, str] = Field(default_factory=dict, description="one-off deductions of the items: min, max")
    total: dict[str, str] | None = None
    rounding: str = ROUNDING
    text: list[str] = Field(default_factory=list)


class ProjectMonth(_Doc):
    key: str
    month: str | None
    efficiency: str | None
    composite: dict[str, str] | None
    coefficient: dict[str, str]
    fee: dict[str, str] | None = None
    evidence: list[str] = Field(default_factory=list)


class Project(_Doc):
    project: str
    months: list[ProjectMonth]
    monthly_price: str | None = None
    coefficient: dict[str, str]
    fee: dict[str, str] | None = None


class Advice(_Doc):
    project: str
    month: str | None
    efficiency: str | None
    text: str
    key: str


class EfficiencyResult(_Doc):
    clause: str
    formula: str
    projects: list[Project]
    advice: list[Advice]
    security_deductions: dict[str, str] | None = Field(description=(
        "the money deductions outside the items (1.3): min, max; None where a kind they rest on has no records"))
    item_money: dict[str, str]
    total_fee: dict[str, str] | None = None
    rounding: str = ROUNDING
    notes: list[str] = Field(default_factory=list)


class FixItem(_Doc):
    item: str
    key: str
    obligation: str
    message: str
    deadline: str | None
    points: Any
    money: str | None = None
    after_period: bool = False
    judged: bool = False
    also: list[str] = Field(default_factory=list, description=(
        "other findings about the same records that count once with this one (逾期一次): done in time "
        "together, they save these points"))


class ScoreReport(_Doc):
    schema_version: int = SCHEMA_VERSION
    contract: str
    contract_title: str
    contract_number: str | None = None
    ruleset_version: str
    as_of: str
    period: dict[str, str]
    table: str
    cadence: str | None = None
    source: str
    items: list[ItemScore]
    categories: list[dict[str, Any]]
    total: dict[str, Any]
    grade: dict[str, Any]
    fee: FeeEffect | None = None
    money: list[Deducted] = Field(default_factory=list)
    efficiency: EfficiencyResult | None = None
    fix_first: list[FixItem] = Field(default_factory=list)
    to_confirm: list[Evidence] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)


# ----------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class AssessmentPeriod:
    label: str
    start: date
    end: date

    def holds(self, d: date) -> bool:
        return self.start <= d <= self.end

    def overlaps(self, a: date, b: date) -> bool:
        return a <= self.end and b >= self.start


def parse_assessment_period(text: str) -> AssessmentPeriod:
    """``2026-H2``, ``2026``, ``2026-Q3``, ``2026-09``, or two dates ``2023-06-28/2024-06-27``
    (also ``..``)."""
    t = text.strip()
    for sep in ("..", "/"):
        if sep in t:
            a, _, b = t.partition(sep)
            try:
                start, end = date.fromisoformat(a.strip()), date.fromisoformat(b.strip())
            except ValueError:
                break
            if end < start:
                raise UsageError(f"--period {text}: the end ({end}) is before the start ({start})")
            return AssessmentPeriod(f"{start.isoformat()}/{end.isoformat()}", start, end)
    try:
        p = parse_period(t, "YHQM")
    except ValueError:
        raise UsageError(f"--period {text}: expected a period such as 2026-H2, 2026, 2026-Q3, 2026-09, "
                         "or two dates 2023-06-28/2024-06-27") from None
    return AssessmentPeriod(p.label, p.start, p.end)


@dataclass
class Manual:
    """The assessors' points (``--manual FILE``): item -> range, with their notes."""

    points: dict[str, PointRange] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    by: str | None = None


def load_manual(path: str | Path, scoring: Scoring) -> Manual:
    """A YAML file ``items: {运行报告: 10, 平台功能: {points: 5, note: …}, 驻场服务: [10, 11]}``
    (optional ``assessors:``). Every problem at once, at its line."""
    source = str(path)
    raw, lines, problems = load_yaml_lines(Path(path), source)
    if problems:
        raise InputError(problems)
    loc = Locator(source, lines)
    if not isinstance(raw, dict) or not isinstance(raw.get("items"), dict):
        raise InputError([loc.problem(("items",) if isinstance(raw, dict) else (), "" if raw is None else str(raw)[:40],
                                      "a mapping items: {item name: points}")])
    unknown_keys = [k for k in raw if k not in ("items", "assessors", "date", "note")]
    problems = [loc.problem((k,), k, "one of: items, assessors, date, note") for k in unknown_keys]
    by_name = {it.item: it for it in scoring.items}
    out = Manual(source=source)
    if raw.get("assessors") is not None:
        a = raw["assessors"]
        out.by = "、".join(map(str, a)) if isinstance(a, list) else str(a)
    for name, v in raw["items"].items():
        at = ("items", name)
        item = by_name.get(name)
        if item is None:
            problems.append(loc.problem(at, name, "an item of the contract's table: " + "、".join(by_name)))
            continue
        note = None
        if isinstance(v, dict):
            note = v.get("note")
            extra = [k for k in v if k not in ("points", "note")]
            for k in extra:
                problems.append(loc.problem(at + (k,), k, "points or note"))
            v = v.get("points")
        rng = _manual_range(v)
        if rng is None:
            problems.append(loc.problem(at, "" if v is None else str(v), f"points: a number or [min, max] within 0 .. {_num(item.max)}"))
            continue
        if rng.max > item.max or rng.min < 0:
            problems.append(loc.problem(at, str(v), f"points within 0 .. {_num(item.max)} (the item's 分值)"))
            continue
        out.points[name] = rng
        if note:
            out.notes[name] = str(note)
    if problems:
        raise InputError(problems)
    return out


def _manual_range(v: Any) -> PointRange | None:
    try:
        if isinstance(v, bool) or v is None:
            return None
        if isinstance(v, (list, tuple)) and len(v) == 2 and not any(isinstance(x, bool) for x in v):
            lo, hi = Decimal(str(v[0])), Decimal(str(v[1]))
        elif isinstance(v, (int, float, str)):
            lo = hi = Decimal(str(v))
        else:
            return None
        if not (lo.is_finite() and hi.is_finite()) or hi < lo:
            return None
        return PointRange(min=lo, max=hi)
    except (ArithmeticError, ValueError):
        return None


def load_prices(path: str | Path) -> dict[str, Decimal]:
    """Per project the monthly price × quantity (``--prices FILE``, YAML)::

        projects:
          - project: 智慧城管
            lines:
              - {service: 云主机 四核+8GB, unit_price: "242.25", quantity: 12}

    Returns project -> the month's fee (Σ unit_price × quantity, 元/月 as 第五条 prices are)."""
    source = str(path)
    raw, lines, problems = load_yaml_lines(Path(path), source)
    if problems:
        raise InputError(problems)
    loc = Locator(source, lines)
    projects = raw.get("projects") if isinstance(raw, dict) else None
    if not isinstance(projects, list):
        raise InputError([loc.problem(("projects",) if isinstance(raw, dict) else (), "", "a list projects: [{project, lines}]")])
    out: dict[str, Decimal] = {}
    for i, p in enumerate(projects):
        at = ("projects", i)
        if not isinstance(p, dict) or not isinstance(p.get("project"), str) or not p["project"].strip():
            problems.append(loc.problem(at + ("project",), "" if not isinstance(p, dict) else str(p.get("project")),
                                        "the project's name (as the utilisation records name it)"))
            continue
        name = p["project"].strip()
        if name in out:
            problems.append(loc.problem(at + ("project",), name, "a project named once"))
        total = ZERO
        ls = p.get("lines")
        if not isinstance(ls, list) or not ls:
            problems.append(loc.problem(at + ("lines",), "", "a list of lines {service, unit_price, quantity}"))
            continue
        for j, line in enumerate(ls):
            la = at + ("lines", j)
            if not isinstance(line, dict):
                problems.append(loc.problem(la, str(line), "{service, unit_price, quantity}"))
                continue
            price, qty = _decimal(line.get("unit_price")), _decimal(line.get("quantity"))
            if price is None or price < 0:
                problems.append(loc.problem(la + ("unit_price",), str(line.get("unit_price")), "a price in yuan per month, e.g. \"242.25\""))
            if qty is None or qty < 0:
                problems.append(loc.problem(la + ("quantity",), str(line.get("quantity")), "a quantity (a number ≥ 0)"))
            if price is not None and qty is not None:
                total += price * qty
        out[name] = total
    if problems:
        raise InputError(problems)
    return out


def _decimal(v: Any) -> Decimal | None:
    if isinstance(v, bool) or v is None:
        return None
    try:
        d = Decimal(str(v).strip())
    except ArithmeticError:
        return None
    return d if d.is_finite() else None


# ----------------------------------------------------------------------------------------------
# Reading findings


def _num(d: Decimal | None) -> Any:
    """A point value as JSON: an int when whole, else a float of its decimal text."""
    if d is None:
        return None
    d = d.normalize() if d == d.to_integral_value() else d
    return int(d) if d == d.to_integral_value() else float(d)


def _range(lo: Decimal, hi: Decimal) -> Any:
    return _num(lo) if lo == hi else {"min": _num(lo), "max": _num(hi)}


def _money(lo: Decimal, hi: Decimal) -> dict[str, str]:
    return {"min": _yuan(lo), "max": _yuan(hi)}


def _yuan(d: Decimal) -> str:
    return format(d.quantize(FEN, rounding=ROUND_HALF_UP), "f")


def _day(v: Any) -> date | None:
    if not isinstance(v, str) or len(v) < 10:
        return None
    try:
        return date.fromisoformat(v[:10])
    except ValueError:
        return None


def _bounds(text: str) -> tuple[date, date] | None:
    """A finding's period as days: ``2026-07-01/2027-06-30``, ``2023-06/2023-07``, ``2026-10``,
    ``2026-10-10``, ``2024-W06``."""
    parts = text.split("/")
    out: list[tuple[date, date]] = []
    for part in parts:
        part = part.strip()
        try:
            d = date.fromisoformat(part)
            out.append((d, d))
            continue
        except ValueError:
            pass
        try:
            p = parse_period(part, "YHQMW")
        except ValueError:
            return None
        out.append((p.start, p.end))
    return (out[0][0], out[-1][1]) if out else None


def finding_in_period(f: Finding, period: AssessmentPeriod, record_periods: dict[str, str] | None = None) -> bool:
    """A finding belongs to the period when the period it covers overlaps it (a month's report,
    a contract year's drills; for a finding about one report, the month the report covers, as
    its record says), else when its record's own time lies in it (a fault's detection, a
    request's receipt, planned work's start, a day's attendance)."""
    own = f.period
    if own is None and record_periods and len(f.event_ids) == 1:
        own = record_periods.get(f.event_ids[0])
    if own:
        b = _bounds(own)
        if b is not None:
            return period.overlaps(*b)
    for name in ("at", "trigger", "event", "day"):
        d = _day(f.facts.get(name))
        if d is not None:
            return period.holds(d)
    return False


def kind_text(kind: str) -> str:
    """A record kind for a Chinese reader, with the name the options take: 投诉（complaint）
    (its Chinese name as messages give it, ``kinds.base.kind_text``)."""
    from .kinds.base import kind_text as name

    text = name(kind)
    return f"{text}（{kind}）" if text != kind else kind


def certainty(f: Finding) -> str:
    if f.status in ("pass", "waived"):
        return "none"
    if f.status in ("fail", "info"):
        return "confirm" if f.basis == "default" else "certain"
    return f.status  # ambiguous, unknown, pending


# the measured figures a band reads, as the tables name them (the note under each band)
FACT_LABELS = {"availability_pct": ("系统可用性", "%"), "score": ("调查得分", "分"), "efficiency_pct": ("资源使用效率得分", "")}


def _fact_label(fact: str) -> str:
    return FACT_LABELS.get(fact, (fact, ""))[0]


def _fact_text(fact: str, v: Any) -> str:
    """A band's figure as the note says it: 系统可用性99.983067%."""
    label, unit = FACT_LABELS.get(fact, (fact + " = ", ""))
    return f"{label}{v}{unit}"


CERTAINTY_TEXT = {"certain": "确定", "confirm": "待确认（依据规则集的默认参数，合同未给出该数字）",
                  "ambiguous": "存疑（合同可作两种理解）", "unknown": "未知（缺少数据）", "pending": "未到期",
                  "judged": "由考核人员酌情", "band": "按档次得分", "none": "不扣分"}


DEDUCTION_NOTE = {"confirm": "依据规则集的默认参数，合同未给出该数字", "ambiguous": "合同可作两种理解",
                  "unknown": "缺少数据", "judged": "由考核人员酌情"}


def evidence_of(f: Finding) -> Evidence:
    return Evidence(key=f.key, obligation=f.obligation, clause=f.clause, status=f.status, basis=f.basis,
                    event_ids=list(f.event_ids), period=f.period, due=f.due, message=f.message,
                    evidence=list(f.facts.get("evidence") or []))


@dataclass
class Inputs:
    """What the score reads besides the report: the records, where the findings came from
    records (deployments for a bonus, the project of each utilisation record)."""

    records: dict[str, list[Any]] | None = None  # kind -> records; None: scored from a saved findings file
    exported: frozenset[str] = frozenset()  # kinds declared exported in full (--exported, the mapping)
    projects: dict[str, str] = field(default_factory=dict)  # utilisation record id -> project
    periods: dict[str, str] = field(default_factory=dict)  # report record id -> the period it covers


# ----------------------------------------------------------------------------------------------
# Scoring


@dataclass
class _Span:
    lo: Decimal = ZERO
    hi: Decimal = ZERO


class Scorer:
    def __init__(self, rs: Any, report: Report, period: AssessmentPeriod, inputs: Inputs,
                 manual: Manual | None = None, fee: Decimal | None = None, prices: dict[str, Decimal] | None = None,
                 source: str = ""):
        sc = require_table(rs)
        if report.contract != rs.id:
            raise UsageError(f"the findings are of contract {report.contract!r}, not of the ruleset {rs.id!r}")
        t_start, t_end = date.fromisoformat(report.term.start), date.fromisoformat(report.term.end)
        if not period.overlaps(t_start, t_end):
            raise UsageError(f"--period {period.label}: the assessment period lies wholly outside the contract's term "
                             f"({t_start} .. {t_end})")
        if datetime.fromisoformat(report.as_of).date() <= period.start:
            raise UsageError(f"--period {period.label}: the check's as-of ({report.as_of}) is not after the period's "
                             "start: nothing of it is known yet")
        self.rs, self.sc, self.report, self.period = rs, sc, report, period
        self.inputs, self.manual, self.fee, self.prices, self.source = inputs, manual or Manual(), fee, prices, source
        self.by_ob: dict[str, list[Finding]] = {}
        for f in report.findings:
            if finding_in_period(f, period, inputs.periods):
                self.by_ob.setdefault(f.obligation, []).append(f)
        absent = next((n for n in report.notices if n.code == "kinds_absent"), None)
        self.absent_kinds = set(absent.items) if absent else set()
        self.notices: list[str] = []
        self.fix: list[FixItem] = []
        self.money_unknown: list[str] = []  # kinds without records whose money deductions are therefore unknown
        self._fix_records: dict[str, tuple[str, ...]] = {}  # an open finding's records (逾期一次 counts them once)
        self.confirm: dict[str, Evidence] = {}
        # kind -> the items that cannot be scored for want of its export (said in one notice: the
        # points a vendor can settle by supplying it)
        self.absent_items: dict[str, list[str]] = {}
        self.overridden: list[str] = []  # items whose --manual points lie outside the records' range

    # -------------------------------------------------------------- helpers

    def _absent_for(self, kind: str, item: Item) -> None:
        items = self.absent_items.setdefault(kind, [])
        if item.item not in items:
            items.append(item.item)

    def _kind_absent(self, oid: str) -> str | None:
        kind = getattr(self.rs.params.get(oid), "record", None)
        return kind if kind in self.absent_kinds else None

    def _findings(self, oid: str) -> list[Finding]:
        return self.by_ob.get(oid, [])

    def _note_open(self, item: Item, f: Finding, points: Decimal | None, money: Decimal | None, judged: bool) -> None:
        c = certainty(f)
        if c == "pending":
            if f.event_ids:
                self._fix_records[f.key] = tuple(f.event_ids)
            after = self._after_period(f.facts.get("deadline") or f.facts.get("not_before"))
            self.fix.append(FixItem(item=item.item, key=f.key, obligation=f.obligation, message=f.message,
                                    deadline=f.due, points=_num(points) if points is not None else None,
                                    money=_yuan(money) if money else None, after_period=after, judged=judged))
        elif c in ("confirm", "ambiguous", "unknown"):
            self.confirm.setdefault(f.key, evidence_of(f))

    def _after_period(self, deadline: Any) -> bool:
        """A deadline (an ISO instant, 24:00 being the next day's 00:00, or a last day) after the period."""
        if not isinstance(deadline, str):
            return False
        if "T" in deadline:
            try:
                dt = datetime.fromisoformat(deadline)
            except ValueError:
                return False
            end = datetime.combine(self.period.end + timedelta(days=1), time(0), dt.tzinfo)
            return dt > end
        d = _day(deadline)
        return d is not None and d > self.period.end

    # -------------------------------------------------------------- items

    def item(self, item: Item) -> tuple[ItemScore, Decimal, Decimal, _Span]:
        fix_start = len(self.fix)  # what to fix first of this item: valued once its certain deductions are known
        notes: list[str] = []
        deds: list[Deducted] = []
        lo_sum, hi_sum = ZERO, ZERO  # points deducted: certain (lo) and possible (hi)
        money = _Span()
        zero_certain = False
        zero_possible = False
        seen_keys: set[str] = set()
        raw_certain = ZERO  # for an alert: the deductions added up in full, before any floor
        raw_possible = ZERO

        # deductions per finding
        groups: dict[tuple, list[tuple[Deduction, Finding, _Span, _Span, str]]] = {}
        absent_noted: set[str] = set()
        for d in item.deduct:
            tests, _ = parse_tests(d.when) if d.when else ([], [])
            kind_absent = self._kind_absent(d.obligation)
            fs = [f for f in self._findings(d.obligation)
                  if (d.label is None or f.label == d.label) and (not tests or matches(tests, f.facts))]
            if kind_absent and not fs:
                # nothing recorded of a kind the input holds no export of: it may have happened, as
                # often as to cost the whole item (said once per obligation)
                if d.obligation in absent_noted:
                    continue
                absent_noted.add(d.obligation)
                self._absent_for(kind_absent, item)
                if d.points == "all":
                    zero_possible = True
                else:
                    hi_sum += item.max
                if d.money is not None:
                    notes.append(f"输入中没有{kind_text(kind_absent)}记录，“{d.reason}”的扣款无法确认")
                deds.append(Deducted(reason=d.reason, certainty="unknown",
                                     points="all" if d.points == "all" else {"min": 0, "max": _num(item.max)},
                                     note=f"输入中没有{kind_text(kind_absent)}记录（且未声明 --exported {kind_absent}），无法确认未发生"))
                continue
            for f in fs:
                c = certainty(f)
                if c == "none":
                    continue
                if d.judged:
                    c = "judged" if c == "certain" else c
                pts = self._points(d, f, item)
                m = d.money or PointRange(min=ZERO, max=ZERO)
                if d.money is not None and d.money_at_end and not self._ends_in_period(f):
                    notes.append(f"“{d.reason}”：扣款在{f.period}结束时所在的考核中计，不在本考核期")
                    m = PointRange(min=ZERO, max=ZERO)
                if d.as_given or c == "certain":
                    ps, ms = _Span(pts, pts), _Span(m.min, m.max)
                elif c == "pending":
                    ps, ms = _Span(ZERO, pts), _Span(ZERO, ZERO)
                else:
                    ps, ms = _Span(ZERO, pts), _Span(ZERO, m.max)
                if pts is None:  # the fact the points are counted by is missing
                    ps = _Span(ZERO, item.max)
                gkey = ("rec", tuple(f.event_ids) or (f.key,)) if item.once_per_record else ("key", f.key, id(d))
                groups.setdefault(gkey, []).append((d, f, ps, ms, c))
                # what is at stake for what to fix first: the money too where it falls due at the year's end
                self._note_open(item, f, ps.hi if d.points != "all" else item.max, d.money.max if d.money else None,
                                item.judged or d.judged)
        for gkey, members in groups.items():
            # once per record: the member that costs most counts, the others are shown as covered
            members.sort(key=lambda x: (-(x[2].lo), -(x[2].hi)))
            for n, (d, f, ps, ms, c) in enumerate(members):
                seen_keys.add(f.key)
                if n:
                    deds.append(Deducted(reason=d.reason, certainty=c, points=0, finding=evidence_of(f),
                                         note="同一记录已在本项扣分，不重复扣分"))
                    continue
                if d.points == "all":
                    if ps.lo:
                        zero_certain = True
                    else:
                        zero_possible = True
                    pts_out: Any = "all"
                else:
                    lo_sum += ps.lo
                    hi_sum += ps.hi
                    raw_certain += ps.lo
                    raw_possible += ps.hi
                    pts_out = _range(ps.lo, ps.hi) if ps.hi else 0
                money.lo += ms.lo
                money.hi += ms.hi
                note = DEDUCTION_NOTE.get(c)  # what the certainty tag ([待确认] …) does not say itself
                if c == "pending" and d.money is not None:
                    note = f"未到期：到期仍未满足则扣款{_fmt_money(d.money.min, d.money.max)}元"
                deds.append(Deducted(reason=d.reason, certainty=c, points=pts_out,
                                     money=_money(ms.lo, ms.hi) if d.money is not None and ms.hi else None,
                                     finding=evidence_of(f), note=note))

        # requires (after the deductions, which may name the same findings with money)
        for oid in item.requires:
            fs = self._findings(oid)
            title = self.rs.obligation(oid).title
            if not fs:
                zero_possible = True
                if self._kind_absent(oid):
                    self._absent_for(self._kind_absent(oid), item)
                why = (f"输入中没有{kind_text(self._kind_absent(oid))}记录" if self._kind_absent(oid)
                       else "考核期内没有该义务的检查结论")
                deds.append(Deducted(reason=f"须满足：{title}", certainty="unknown", points={"min": 0, "max": _num(item.max)},
                                     note=f"{why}，无法确认（{oid}）"))
                continue
            for f in fs:
                c = certainty(f)
                if c == "none" or f.key in seen_keys:
                    continue
                seen_keys.add(f.key)
                if c == "certain":
                    zero_certain = True
                else:
                    zero_possible = True
                self._note_open(item, f, item.max, None, item.judged)
                deds.append(Deducted(reason=(f"尚未满足“{title}”（未到期）：到期仍未满足则该项不得分" if c == "pending"
                                             else f"未满足“{title}”，该项不得分"), certainty=c, points="all",
                                     finding=evidence_of(f)))

        # the item's range
        if item.cap is not None:
            if lo_sum > item.cap or hi_sum > item.cap:
                notes.append(f"扣分合计以{_num(item.cap)}分为限"
                             + (f"（按记录合计{_num(lo_sum)}分）" if lo_sum > item.cap else ""))
            lo_sum, hi_sum = min(lo_sum, item.cap), min(hi_sum, item.cap)
        if lo_sum > item.max:  # each deduction is listed at its own points; the item goes no lower than 0
            notes.append(f"扣分合计{_num(lo_sum)}分，超过该项分值{_num(item.max)}分：该项得0分，不计负分")
        top, bottom = item.max - lo_sum, item.max - hi_sum
        status = "scored"
        if item.bands is not None:
            b_lo, b_hi, b_status, b_notes, b_deds = self._bands(item, item.bands)
            notes += b_notes
            deds += b_deds
            top, bottom = min(top, b_hi), min(bottom, b_lo)
            status = b_status
        if item.bonus is not None:
            bottom, top, bonus_notes, bonus_status = self._bonus(item)
            notes += bonus_notes
            status = bonus_status
        if item.judged:
            bottom = ZERO
        if zero_possible:
            bottom = ZERO
        if zero_certain:
            top = bottom = ZERO
        top, bottom = max(top, ZERO), max(bottom, ZERO)
        bottom = min(bottom, top)
        considered = []
        for oid in item.considers:
            for f in self._findings(oid):
                if certainty(f) != "none" and f.key not in seen_keys:
                    considered.append(evidence_of(f))
                    self._note_open(item, f, None, None, True)
        self._value_fixes(item, fix_start, lo_sum, zero_certain)
        alerts = []
        if item.alert is not None:
            if raw_certain > item.alert.over:
                alerts.append(f"{item.alert.text}（本项扣分合计{_num(raw_certain)}分）")
            elif raw_possible > item.alert.over:
                alerts.append(f"可能{item.alert.text}（待确认的扣分计入后合计{_num(raw_possible)}分）")
        manual = self.manual.points.get(item.item)
        manual_out = None
        if manual is not None:
            manual_out = _range(manual.min, manual.max)
            if manual.min < bottom or manual.max > top:
                notes.append(f"考核人员打分{_fmt_range(manual.min, manual.max)}与按记录计算的范围{_fmt_range(bottom, top)}不一致，"
                             "以考核人员打分为准")
                self.overridden.append(f"{item.item}（按记录{_fmt_range(bottom, top)}分，打分{_fmt_range(manual.min, manual.max)}分）")
            if self.manual.notes.get(item.item):
                notes.append("考核人员说明：" + self.manual.notes[item.item])
            bottom, top = manual.min, manual.max
            status = "manual"
        elif status == "scored" and bottom != top:
            status = "range"
        why: list[str] = []
        if bottom != top and manual is None:
            if item.judged:
                why.append("judged")
            # a band's range is "band" when the figure is in a band; a band the figure cannot be
            # placed in (unknown, ambiguous) says so instead
            if item.bands is not None and any(d.band and d.certainty == "band" and isinstance(d.points, dict) for d in deds):
                why.append("band")
            for c in ("confirm", "ambiguous", "unknown", "pending", "judged"):
                if c not in why and any(d.certainty == c for d in deds):
                    why.append(c)
        return ItemScore(item=item.item, category=item.category, max=_num(item.max), points=_range(bottom, top),
                         status=status, why=why, clause=item.clause, rule=item.quote, judged=item.judged, manual=manual_out,
                         deductions=deds, considered=considered, notes=notes, alerts=alerts,
                         money=_money(money.lo, money.hi) if money.hi else None), bottom, top, money

    def _value_fixes(self, item: Item, start: int, certain: Decimal, zero_certain: bool) -> None:
        """What the open findings of ``item`` (``self.fix[start:]``) can still save: no more than
        the points the certain deductions leave (the item goes no lower than 0, the deductions no
        higher than the cap; an item already at 0 by 不得分 saves nothing); the findings about the
        same records of a 逾期一次 item count once, so they are one entry. An entry that saves
        neither points nor money is dropped: the list is what can still save something."""
        room = ZERO if zero_certain else max(ZERO, min(item.max, item.cap if item.cap is not None else item.max) - certain)
        mine = self.fix[start:]
        del self.fix[start:]
        kept: list[FixItem] = []
        by_records: dict[tuple[str, ...], FixItem] = {}
        for x in mine:
            if x.points is not None:
                x.points = _num(min(Decimal(str(x.points)), room))
            if not x.money and (zero_certain or (x.points is not None and not Decimal(str(x.points)))):
                continue
            recs = self._fix_records.get(x.key) if item.once_per_record else None
            first = by_records.get(recs) if recs else None
            if first is not None:
                first.also.append(x.key)
                first.message = first.message.rstrip("。") + "；" + x.message
                continue
            if recs:
                by_records[recs] = x
            kept.append(x)
        self.fix.extend(kept)

    def _ends_in_period(self, f: Finding) -> bool:
        """The finding's own period (a contract year) ends within the assessment period."""
        b = _bounds(f.period) if f.period else None
        return b is None or self.period.holds(b[1])

    def _points(self, d: Deduction, f: Finding, item: Item) -> Decimal | None:
        if d.points == "all":
            return item.max
        if d.per is None:
            return d.points
        v = f.facts.get(d.per)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return None
        return d.points * Decimal(str(v))

    def _bands(self, item: Item, bands: Bands):
        fs = [f for f in self._findings(bands.obligation) if f.status != "waived"]
        notes: list[str] = []
        deds: list[Deducted] = []
        if not fs:
            if self._kind_absent(bands.obligation):
                self._absent_for(self._kind_absent(bands.obligation), item)
            why = (f"输入中没有{kind_text(self._kind_absent(bands.obligation))}记录" if self._kind_absent(bands.obligation)
                   else "考核期内没有该项的测量结果")
            return ZERO, item.max, "unknown", [f"{why}，该项得分无法确定"], deds
        lo, hi = None, None
        status = "scored"
        for f in fs:
            v = f.facts.get(bands.fact)
            measured = f.status != "unknown"  # the check could not tell (an export missing): its figure is no measure
            if not measured:
                if self._kind_absent(bands.obligation):
                    self._absent_for(self._kind_absent(bands.obligation), item)
                r_lo, r_hi, text, st = ZERO, item.max, f"{_fact_label(bands.fact)}无法确定：{f.message.rstrip('。')}", "unknown"
            elif isinstance(v, bool) or not isinstance(v, (int, float)):
                r_lo, r_hi, text, st = ZERO, item.max, f"{_fact_label(bands.fact)}未知", "unknown"
            else:
                hit = [b for b in bands.bands if num_holds(b.when, Decimal(str(v)))]
                if len(hit) == 1:
                    r_lo, r_hi, text, st = hit[0].points.min, hit[0].points.max, hit[0].label, "scored"
                elif not hit:
                    g = bands.gap or PointRange(min=ZERO, max=item.max)
                    r_lo, r_hi, st = g.min, g.max, "ambiguous"
                    text = f"{_num(Decimal(str(v)))}不在评分标准的任何一档内（需人工认定）"
                else:
                    r_lo, r_hi, st = min(b.points.min for b in hit), max(b.points.max for b in hit), "ambiguous"
                    text = f"{_num(Decimal(str(v)))}同时属于" + "、".join(f"“{b.label}”" for b in hit) + "（需人工认定）"
            if st != "scored":
                status = st if status != "unknown" else status
                self.confirm.setdefault(f.key, evidence_of(f))
            if f.status == "pending":
                notes.append(f"{f.period or ''}尚未结束：按截至检查时点的数据计，其后的情况可能改变档次")
            lo = r_lo if lo is None else min(lo, r_lo)
            hi = r_hi if hi is None else max(hi, r_hi)
            deds.append(Deducted(reason=text, certainty="band" if st == "scored" else st, points=_range(r_lo, r_hi),
                                 finding=evidence_of(f), note=_fact_text(bands.fact, v) if measured else None, band=True))
        if len(fs) > 1:
            notes.append(f"考核期内有{len(fs)}次结果，合同未规定如何合并：得分范围覆盖各次所在的档次")
        return lo, hi, status, notes, deds

    def _bonus(self, item: Item):
        b = item.bonus
        recs = None if self.inputs.records is None else self.inputs.records.get(b.record, [])
        if recs is None:
            return ZERO, item.max, [f"已保存的检查结果不含{kind_text(b.record)}记录：该项得分无法确定（请直接提供记录）"], "unknown"
        n = 0
        for r in recs:
            v = getattr(r, b.date_field, None)
            d = v.date() if isinstance(v, datetime) else v if isinstance(v, date) else None
            if d is not None and self.period.holds(d) and (v <= self.report_as_of if isinstance(v, datetime) else d <= self.report_as_of.date()):
                n += 1
        if n == 0 and not recs and b.record not in self.inputs.exported:
            self._absent_for(b.record, item)
            return ZERO, item.max, [f"输入中没有{kind_text(b.record)}记录（且未声明 --exported {b.record}）：{b.reason}，得分无法确定"], "unknown"
        pts = min(item.max, b.points * n)
        return pts, pts, [f"考核期内完成{n}个（{b.reason}）"], "scored"

    @property
    def report_as_of(self) -> datetime:
        return datetime.fromisoformat(self.report.as_of)

    # -------------------------------------------------------------- the whole table

    def run(self) -> ScoreReport:
        rs, sc = self.rs, self.sc
        items, total_lo, total_hi = [], ZERO, ZERO
        item_money = _Span()
        cats: dict[str, list[Decimal]] = {}
        for it in sc.items:
            res, lo, hi, m = self.item(it)
            items.append(res)
            total_lo += lo
            total_hi += hi
            item_money.lo += m.lo
            item_money.hi += m.hi
            c = cats.setdefault(it.category, [ZERO, ZERO, ZERO])
            c[0] += it.max
            c[1] += lo
            c[2] += hi
        categories = [{"category": k, "max": _num(v[0]), "points": _range(v[1], v[2])} for k, v in cats.items()]
        for k in sc.categories:
            if k not in cats:
                self.notices.append(f"类别{k}没有评分项")
        money_deds, sec = self._money()
        grade = self._grade(total_lo, total_hi)
        fee = self._fee(total_lo, total_hi, item_money) if sc.fee is not None else None
        eff = self._efficiency(total_lo, total_hi, sec, item_money) if sc.efficiency is not None else None
        if self.fee is not None and sc.fee is None:
            self.notices.append("本合同按项目计费（附件1.4、1.5），--fee 不适用：请用 --prices 给出各项目的单价与数量")
        if self.manual.source:
            self.notices.append(f"考核人员打分取自 {self.manual.source}" + (f"（{self.manual.by}）" if self.manual.by else "")
                                + f"，共{len(self.manual.points)}项")
        t_start, t_end = date.fromisoformat(self.report.term.start), date.fromisoformat(self.report.term.end)
        if self.period.start < t_start or self.period.end > t_end:
            self.notices.append(f"考核期（{self.period.start} 至 {self.period.end}）超出合同期限（{t_start} 至 {t_end}）："
                                "期限之外的日子没有合同义务，按合同期限内的部分计分")
        if self.overridden:
            self.notices.append("考核人员打分超出按记录计算的范围的评分项：" + "；".join(self.overridden)
                                + "。合计得分以考核人员打分为准，请核实")
        if self.absent_items:
            self.notices.append("以下评分项因输入中没有相应类型的记录而无法确定，以其可能的得分范围计入总分："
                                + "；".join(f"{kind_text(k)}：{'、'.join(v)}" for k, v in sorted(self.absent_items.items()))
                                + "。请提供这些导出，或以 --exported 声明导出中确无此类记录")
        if self.period.end > self.report_as_of.date():
            self.notices.append(f"检查时点（{instant_text(self.report_as_of, self.rs.tz)}）在考核期结束（{self.period.end}）之前："
                                "未到期的事项按可能扣分计入范围")
        merged: dict[str, FixItem] = {}
        for x in self.fix:
            y = merged.get(x.key)
            if y is None:
                merged[x.key] = x
                continue
            pts = [Decimal(str(v)) for v in (x.points, y.points) if v is not None]
            mon = [Decimal(v) for v in (x.money, y.money) if v]
            merged[x.key] = y.model_copy(update={"points": _num(max(pts)) if pts else None,
                                                 "money": _yuan(max(mon)) if mon else None,
                                                 "judged": x.judged and y.judged})
        # what falls due within the period first (it counts in this assessment as done or not), then
        # what falls due after it; each by worth
        fix = sorted(merged.values(), key=lambda x: (x.after_period, x.judged,
                                                     -(Decimal(str(x.points)) if x.points is not None else ZERO),
                                                     -(Decimal(x.money) if x.money else ZERO), x.deadline or "", x.key))
        c = rs.contract
        return ScoreReport(
            contract=rs.id, contract_title=c.title, contract_number=c.number, ruleset_version=rs.version,
            as_of=self.report.as_of, period={"label": self.period.label, "start": self.period.start.isoformat(),
                                              "end": self.period.end.isoformat()},
            table=sc.table or "", cadence=sc.cadence, source=self.source, items=items, categories=categories,
            total={"min": _num(total_lo), "max": _num(total_hi), "of": _num(sc.total)}, grade=grade, fee=fee,
            money=money_deds, efficiency=eff, fix_first=fix,
            to_confirm=sorted(self.confirm.values(), key=lambda e: e.key), notices=self.notices)

    def _money(self) -> tuple[list[Deducted], _Span]:
        out: list[Deducted] = []
        span = _Span()
        for oid in dict.fromkeys(d.obligation for d in self.sc.money):
            kind = self._kind_absent(oid)
            if kind and not self._findings(oid):
                # no records of the kind, none declared exported: the deductions (1.3: per fault) are
                # not known to be nil — said, never a silent 0.00
                self.money_unknown.append(kind)
                out.append(Deducted(reason=self.rs.obligation(oid).title, certainty="unknown",
                                    note=f"输入中没有{kind_text(kind)}记录（且未声明 --exported {kind}），无法确认考核期内未发生：扣费无法确定"))
        for d in self.sc.money:
            tests, _ = parse_tests(d.when) if d.when else ([], [])
            for f in self._findings(d.obligation):
                if (d.label is not None and f.label != d.label) or (tests and not matches(tests, f.facts)):
                    continue
                c = certainty(f)
                if c == "none" or d.money is None:
                    continue
                if d.as_given or c == "certain":
                    ms = _Span(d.money.min, d.money.max)
                elif c == "pending":
                    ms = _Span(ZERO, ZERO)
                else:
                    ms = _Span(ZERO, d.money.max)
                span.lo += ms.lo
                span.hi += ms.hi
                if c not in ("certain",) and not d.as_given:
                    self.confirm.setdefault(f.key, evidence_of(f))
                out.append(Deducted(reason=d.reason, certainty=c if not d.as_given or ms.lo == ms.hi else "ambiguous",
                                    money=_money(ms.lo, ms.hi), finding=evidence_of(f)))
        return out, span

    def _grade(self, lo: Decimal, hi: Decimal) -> dict[str, Any]:
        sc = self.sc
        if not sc.grades:
            return {"status": "none", "text": sc.grades_absent or "合同未规定考核等级"}
        at_min, at_max = self._grade_at(lo), self._grade_at(hi)
        if at_min.status == "assigned" and at_max.status == "assigned" and at_min.grade == at_max.grade:
            # the bands are intervals: both ends in one band, the whole range is in it
            status, text = "assigned", at_min.text if lo == hi else at_min.text.replace(f"{_num(lo)}分", f"{_fmt_range(lo, hi)}分", 1)
        elif lo == hi:
            status, text = at_min.status, at_min.text
        else:
            status, text = "range", f"得分为区间，两端的等级不同——{at_min.text}；{at_max.text}"
        return {"status": status, "text": text, "at_min": at_min.model_dump(), "at_max": at_max.model_dump()}

    def _grade_at(self, s: Decimal) -> Grade:
        hits = [g for g in self.sc.grades if num_holds(g.when, s)]
        if len(hits) == 1:
            g = hits[0]
            if g.name is None:
                return Grade(score=_num(s), status="unnamed", text=f"{_num(s)}分：{g.label}")
            return Grade(score=_num(s), status="assigned", grade=g.name, text=f"{_num(s)}分：{g.name}（{g.label}）")
        if not hits:
            return Grade(score=_num(s), status="ambiguous",
                         text=f"{_num(s)}分：存疑——合同的等级划分（" + "；".join(g.label for g in self.sc.grades)
                              + f"）未覆盖恰为{_num(s)}分的情形，需人工认定")
        return Grade(score=_num(s), status="ambiguous", text=f"{_num(s)}分：存疑——同时属于" + "、".join(
            g.name or g.label for g in hits))

    def _fee_at(self, s: Decimal) -> tuple[Decimal, str]:
        fee = self.sc.fee
        for b in fee.bands:
            if num_holds(b.when, s):
                if b.rate is not None:
                    return b.rate, b.label
                return (b.below - s) * b.per_point, b.label
        return ZERO, fee.none_label

    def _fee(self, lo: Decimal, hi: Decimal, money: _Span) -> FeeEffect:
        fee = self.sc.fee
        ats = []
        for s in (lo, hi):
            rate, label = self._fee_at(s)
            amount = None if self.fee is None else (self.fee * rate).quantize(FEN, rounding=ROUND_HALF_UP)
            pct = format((rate * 100).normalize(), "f")
            text = (f"得分{_num(s)}：按“{label}”，扣减当次服务费的{pct}%"
                    + (f"，即{_yuan(amount)}元" if amount is not None else "（给出 --fee 可算出金额）") if rate
                    else f"得分{_num(s)}：{label}")
            ats.append(FeeAt(score=_num(s), rate=format(rate, "f"), deduction=_yuan(amount) if amount is not None else None,
                             text=text))
        text = []
        total = None
        for b in fee.bands:
            if b.per_point is not None and lo < b.below:
                pct = format((b.per_point * 100).normalize(), "f")
                words = {"lt": "低于", "le": "不高于", "gt": "高于", "ge": "不低于", "eq": "恰为", "ne": "不为"}
                where = "且".join(f"{words[op]}{_num(Decimal(str(v)))}分" for op, v in b.when.items())
                text.append(f"得分{where}时，每少1分多扣当次服务费的{pct}%"
                            + (f"（{_yuan(self.fee * b.per_point)}元）" if self.fee is not None else "")
                            + "；在此区间内，“先做什么”中每挽回1分，即少扣此数")
        if money.hi:
            text.append(f"另有一次性扣款{_fmt_money(money.lo, money.hi)}元（见各项扣分）")
        if self.fee is not None:
            worst = Decimal(ats[0].deduction) + money.hi
            best = Decimal(ats[1].deduction) + money.lo
            total = _money(best, worst)
            text.append(f"当次服务费{_yuan(self.fee)}元，扣减合计{_fmt_money(best, worst)}元，"
                        f"应付{_fmt_money(self.fee - worst, self.fee - best)}元")
        return FeeEffect(fee=_yuan(self.fee) if self.fee is not None else None, clause=fee.clause, at_min=ats[0],
                         at_max=ats[1], money=_money(money.lo, money.hi) if money.hi else {}, total=total, text=text)

    def _coef(self, composite: Decimal) -> Decimal:
        for b in self.sc.efficiency.bands:
            if num_holds(b.when, composite):
                return b.value
        raise ComplianceError(f"no coefficient band holds the score {composite}")  # the bands cover every score

    def _efficiency(self, lo: Decimal, hi: Decimal, sec: _Span, item_money: _Span) -> EfficiencyResult:
        e = self.sc.efficiency
        values = [b.value for b in e.bands]
        cmin, cmax = min(values), max(values)
        notes: list[str] = []
        by_project: dict[str, list[ProjectMonth]] = {}
        advice: list[Advice] = []
        for f in self._findings(e.obligation):
            rid = f.event_ids[0] if f.event_ids else f.key
            project = self.inputs.projects.get(rid)
            if project is None:
                project = f"（项目未知：{rid}）"
            month = (f.facts.get("at") or "")[:7] or None
            v = f.facts.get(e.fact)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                eff = Decimal(str(v))
                comp_lo, comp_hi = lo * e.service_weight + eff * e.efficiency_weight, hi * e.service_weight + eff * e.efficiency_weight
                c_lo, c_hi = self._coef(comp_lo), self._coef(comp_hi)
                pm = ProjectMonth(key=f.key, month=month, efficiency=format(eff, "f"),
                                  composite={"min": format(comp_lo, "f"), "max": format(comp_hi, "f")},
                                  coefficient={"min": format(c_lo, "f"), "max": format(c_hi, "f")},
                                  evidence=list(f.facts.get("evidence") or []))
                if eff < e.advice_low or eff > e.advice_high:
                    advice.append(Advice(project=project, month=month, efficiency=format(eff, "f"), key=f.key,
                                         text=f"资源使用效率{format(eff, 'f')}%"
                                              + (f"低于{_num(e.advice_low)}%：须出具缩减资源的调整建议" if eff < e.advice_low
                                                 else f"高于{_num(e.advice_high)}%：须出具扩容的调整建议")))
            else:
                pm = ProjectMonth(key=f.key, month=month, efficiency=None, composite=None,
                                  coefficient={"min": format(cmin, "f"), "max": format(cmax, "f")},
                                  evidence=list(f.facts.get("evidence") or []))
                self.confirm.setdefault(f.key, evidence_of(f))
            by_project.setdefault(project, []).append(pm)
        if self.inputs.records is None:
            notes.append("已保存的检查结果不含各利用率记录的项目名称：按记录编号列出（请直接提供记录以按项目汇总）")
        projects = []
        total = _Span()
        priced = self.prices is not None
        known = self.inputs.records is not None  # a saved findings file does not name the projects
        if priced and not known:
            priced = False
            notes.append("已保存的检查结果不含各利用率记录的项目名称，无法与价格文件中的项目对应：各项目费用与"
                         "政务云总服务费用未计算（请直接提供记录）")
        unpriced: list[str] = []
        for name in sorted(by_project):
            months = sorted(by_project[name], key=lambda m: (m.month or "", m.key))
            price = self.prices.get(name) if priced else None
            p_lo, p_hi = ZERO, ZERO
            for m in months:
                if price is not None:
                    f_lo = (price * Decimal(m.coefficient["min"])).quantize(FEN, rounding=ROUND_HALF_UP)
                    f_hi = (price * Decimal(m.coefficient["max"])).quantize(FEN, rounding=ROUND_HALF_UP)
                    m.fee = _money(f_lo, f_hi)
                    p_lo += f_lo
                    p_hi += f_hi
            c_lo = min(Decimal(m.coefficient["min"]) for m in months)
            c_hi = max(Decimal(m.coefficient["max"]) for m in months)
            projects.append(Project(project=name, months=months, monthly_price=_yuan(price) if price is not None else None,
                                    coefficient={"min": format(c_lo, "f"), "max": format(c_hi, "f")},
                                    fee=_money(p_lo, p_hi) if price is not None else None))
            if price is not None:
                total.lo += p_lo
                total.hi += p_hi
            elif priced:
                unpriced.append(name)
                notes.append(f"价格文件中没有项目“{name}”：其费用未计算")
        if priced:
            for name in sorted(set(self.prices) - set(by_project)):
                unpriced.append(name)
                notes.append(f"价格文件中的项目“{name}”在考核期内没有资源使用率记录：其支付系数无法确定，费用未计算")
        if priced and by_project:
            # the fee is counted by month, for the months with a utilization record: a month of the
            # period without one (a first or last month partly in it, a month not exported) is said
            months_in = []
            y, mo = self.period.start.year, self.period.start.month
            while (y, mo) <= (self.period.end.year, self.period.end.month):
                months_in.append(f"{y:04d}-{mo:02d}")
                y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
            seen = {m.month for ms in by_project.values() for m in ms if m.month}
            counted = [m for m in months_in if m in seen]
            missing = [m for m in months_in if m not in seen]
            if missing and counted:
                notes.append(f"项目费用按考核期内有资源使用率记录的月份计：{counted[0]}至{counted[-1]}（{len(counted)}个月）；"
                             + "、".join(missing) + "在考核期内但没有资源使用率记录，其费用未计入")
        total_fee = None
        if priced and self.money_unknown:
            notes.append("政务云总服务费用未计算：输入中没有" + "、".join(map(kind_text, self.money_unknown))
                         + "记录，安全故障扣费（附件1.3）无法确定（如确无此类记录，请用 --exported 声明）")
        if priced and unpriced:
            # 1.5: 政务云总服务费用=所有项目服务费用总和 — a sum missing a project is not that total
            notes.append("政务云总服务费用（附件1.5：所有项目服务费用总和）未计算：" + "、".join(f"“{n}”" for n in unpriced)
                         + "的费用无法计算")
        if priced and not unpriced and not self.money_unknown:
            total_fee = _money(total.lo - sec.hi - item_money.hi, total.hi - sec.lo - item_money.lo)
        elif self.prices is None:
            notes.append("未给出 --prices（各项目的合同单价与资源数量）：只列出支付系数，不计算费用")
        notes.append("故障扣费（附件1.3）“扣款标准应在考核标准确定后双方核算”：金额为附件所列标准，待双方核算；"
                     "故障记录不载明所属项目，扣费按全部项目合计列出")
        return EfficiencyResult(
            clause=e.clause,
            formula=(f"支付系数按 综合服务指标得分×{e.service_weight}+资源使用效率得分×{e.efficiency_weight} 所在档次确定；"
                     f"资源使用效率得分由{e.obligation}按（CPU×{self._w('cpu')}+内存×{self._w('memory')}+硬盘×{self._w('disk')}）×100计算，"
                     "CPU、内存使用率=（当月峰值+当月谷值）/2；项目费用=合同单价×资源数量×支付系数（按月计）"),
            projects=projects, advice=advice,
            security_deductions=None if self.money_unknown else _money(sec.lo, sec.hi),
            item_money=_money(item_money.lo, item_money.hi), total_fee=total_fee, notes=notes)

    def _w(self, name: str) -> str:
        w = getattr(self.rs.params.get(self.sc.efficiency.obligation), "efficiency_weights", None)
        return format(getattr(w, name), "f") if w is not None else "?"


_CMP = {"lt": lambda a, b: a < b, "le": lambda a, b: a <= b, "gt": lambda a, b: a > b,
        "ge": lambda a, b: a >= b, "eq": lambda a, b: a == b, "ne": lambda a, b: a != b}


def num_holds(when: dict[str, Any], value: Decimal) -> bool:
    """A band's condition (``{gt: 99.98}``, ``{ge: 60, le: 80}``) on a figure, compared exactly
    as decimals (99.98 in the YAML is the decimal 99.98, never its binary float)."""
    for op, operand in when.items():
        if op not in _CMP or isinstance(operand, bool) or not isinstance(operand, (int, float, str, Decimal)):
            raise ComplianceError(f"a band condition takes gt, ge, lt, le, eq or ne with a number: {op}: {operand!r}")
        if not _CMP[op](value, Decimal(str(operand))):
            return False
    return True


def _fmt_range(lo: Decimal, hi: Decimal) -> str:
    return f"{_num(lo)}" if lo == hi else f"{_num(lo)}–{_num(hi)}"


def _fmt_money(lo: Decimal, hi: Decimal) -> str:
    return _yuan(lo) if lo == hi else f"{_yuan(lo)}–{_yuan(hi)}"


def score(rs: Any, report: Report, period: AssessmentPeriod, inputs: Inputs | None = None,
          manual: Manual | None = None, fee: Decimal | None = None, prices: dict[str, Decimal] | None = None,
          source: str = "") -> ScoreReport:
    """The assessment of ``report`` (a check's report with every verdict, passes included) for
    ``period`` by ``rs``'s scoring table."""
    if not report.include_pass:
        raise UsageError("the findings were saved without passes: the score needs every verdict "
                         "(compliance check … --format json --include-pass)")
    return Scorer(rs, report, period, inputs or Inputs(), manual, fee, prices, source).run()


def require_table(rs: Any) -> Scoring:
    """The ruleset's scoring table, or NoScoringTable naming why there is none."""
    sc = rs.doc.scoring
    if sc is None or sc.absent is not None:
        why = sc.absent if sc is not None and sc.absent else "规则集中没有考核评分表（scoring:）"
        raise NoScoringTable(f"{rs.id}（{rs.contract.title}）没有考核评分表，不计算考核得分：{why}")
    return sc


def scoring_obligations(sc: Scoring) -> tuple[frozenset[str], frozenset[str]]:
    """The obligations the table reads, and those whose passes count too (requires, bands, the
    efficiency figures): a score from records builds only these findings (a pass of a deduction
    rule deducts nothing)."""
    passes = {oid for it in sc.items for oid in it.requires}
    passes |= {it.bands.obligation for it in sc.items if it.bands is not None}
    if sc.efficiency is not None:
        passes.add(sc.efficiency.obligation)
    read = set(passes) | {d.obligation for it in sc.items for d in it.deduct} | {oid for it in sc.items for oid in it.considers}
    read |= {d.obligation for d in sc.money}
    return frozenset(read), frozenset(passes)


def records_inputs(events: list[Any], exported: frozenset[str] = frozenset()) -> Inputs:
    by_kind: dict[str, list[Any]] = {}
    for ev in events:
        by_kind.setdefault(ev.kind, []).append(ev)
    projects = {ev.id: ev.project for ev in by_kind.get("utilization", [])}
    periods = {ev.id: ev.period for ev in by_kind.get("report", []) if isinstance(getattr(ev, "period", None), str)}
    return Inputs(records=by_kind, projects=projects, periods=periods, exported=exported)
