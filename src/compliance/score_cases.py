"""A ruleset's scoring cases: records, an as-of, a period and the points the contract's table
gives (``score_cases.yaml`` beside ``ruleset.yaml``)::

    cases:
      - name: two_late_requests_cost_two_points
        item: 服务响应
        note: 附件2 服务响应：逾期一次扣1分
        as_of: 2026-12-31
        period: 2026-H2
        records:
          - {id: R1, kind: request, received_at: "2026-09-18 14:20", completed_at: "2026-09-20 10:00", replied_at: "2026-09-23 09:45"}
        expect: {points: 7}

``expect`` compares what it names: ``points`` (a number or {min, max}), ``status``, ``money``
({min, max} decimal strings), ``alerts`` (how many), and of the whole score ``total``,
``grade`` (the status, or {at_min, at_max} grade names), ``fee`` ({at_min, at_max}
deductions), ``fix_first_has`` (finding keys among what to fix first). ``absent: [kind]`` makes those kinds absent from the input (not exported).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .cases import IsoText
from .check import Options, evaluate
from .decisions import Locator
from .errors import ComplianceError, InputError
from .events import parse_record
from .findings import Notice
from .rulesets import Ruleset
from .scoring import Manual, PointRange, parse_assessment_period, records_inputs, score
from .workdays import WorkCalendar
from .yamlload import load_yaml_lines


class ScoreCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    item: str | None = None
    note: str | None = None
    as_of: IsoText
    period: IsoText
    records: list[dict[str, Any]] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)
    manual: dict[str, Any] = Field(default_factory=dict)
    fee: str | None = None
    expect: dict[str, Any]


class ScoreCaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cases: list[ScoreCase]


@dataclass
class ScoreCaseResult:
    name: str
    ok: bool
    detail: list[str] = field(default_factory=list)


def load_score_cases(rs: Ruleset) -> list[ScoreCase]:
    path = rs.folder / "score_cases.yaml"
    if not path.is_file():
        return []
    raw, lines, problems = load_yaml_lines(path)
    if problems:
        raise InputError(problems)
    loc = Locator(str(path), lines)
    try:
        cf = ScoreCaseFile.model_validate(raw)
    except ValidationError as exc:
        raise InputError(loc.pydantic(exc)) from None
    items = {it.item for it in rs.doc.scoring.items} if rs.doc.scoring else set()
    bad = [loc.problem(("cases", i, "item"), c.item, "an item of the ruleset's scoring table")
           for i, c in enumerate(cf.cases) if c.item is not None and c.item not in items]
    if bad:
        raise InputError(bad)
    return cf.cases


def _num(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _num(x) for k, x in v.items()}
    if isinstance(v, float) and v == int(v):
        return int(v)
    return v


def run_score_case(rs: Ruleset, case: ScoreCase, calendar: WorkCalendar) -> ScoreCaseResult:
    res = ScoreCaseResult(case.name, True)
    try:
        events = [parse_record(r, rs.tz, source="score_cases.yaml", location=f"{case.name}[{i}]")
                  for i, r in enumerate(case.records)]
        ev = evaluate(rs, events, Options(as_of=case.as_of), calendar)
        report = ev.report(include_pass=True)
        if case.absent:
            report.notices.append(Notice(code="kinds_absent", message="", items=list(case.absent)))
        manual = Manual(points={k: PointRange(min=Decimal(str(v[0] if isinstance(v, list) else v)),
                                              max=Decimal(str(v[1] if isinstance(v, list) else v)))
                                for k, v in case.manual.items()})
        result = score(rs, report, parse_assessment_period(case.period), records_inputs(events), manual,
                       Decimal(case.fee) if case.fee else None)
    except ComplianceError as exc:
        return ScoreCaseResult(case.name, False, [f"error: {exc}"])
    item = next((i for i in result.items if i.item == case.item), None) if case.item else None
    for key, want in case.expect.items():
        if key in ("points", "status", "money", "alerts"):
            if item is None:
                res.detail.append(f"{key}: the case names no item")
                continue
            have = {"points": item.points, "status": item.status, "money": item.money,
                    "alerts": len(item.alerts)}[key]
        elif key == "total":
            have = {"min": result.total["min"], "max": result.total["max"]}
            if isinstance(want, (int, float)):
                want = {"min": want, "max": want}
        elif key == "grade":
            g = result.grade
            have = g["status"] if isinstance(want, str) else {
                "at_min": g.get("at_min", {}).get("grade"), "at_max": g.get("at_max", {}).get("grade")}
        elif key == "fee":
            have = {"at_min": result.fee.at_min.deduction, "at_max": result.fee.at_max.deduction} if result.fee else None
        elif key == "fix_first_has":
            have = [k for k in want if k in {k for x in result.fix_first for k in (x.key, *x.also)}]
        else:
            res.detail.append(f"unknown expect key {key!r}")
            continue
        if _num(have) != _num(want):
            res.detail.append(f"{key}: expected {want!r}, got {have!r}")
    res.ok = not res.detail
    if not res.ok and item is not None:
        res.detail += [f"  deduction: {d.certainty} {d.points} {d.reason} {d.finding.key if d.finding else ''}"
                       for d in item.deductions]
    return res


def run_all_score_cases(rs: Ruleset, calendar: WorkCalendar | None = None) -> list[ScoreCaseResult]:
    cal = calendar or WorkCalendar.load()
    return [run_score_case(rs, c, cal) for c in load_score_cases(rs)]
