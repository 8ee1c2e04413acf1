"""A ruleset's example cases: records, an as-of instant and the verdicts the contract implies.

``cases/<OBLIGATION>.yaml`` holds the cases of one obligation::

    obligation: HBB-REQ-DELIVER
    cases:
      - name: received_before_national_day
        as_of: 2026-10-31
        records:
          - {id: R1, kind: request, received_at: "2026-09-30 10:00", completed_at: "2026-10-10 16:00"}
        expect:
          - {status: pass, event_ids: [R1], due: "2026-10-10 24:00"}

Every verdict of the obligation (passes included) must be listed, in the report's order;
each expected entry compares only the fields it names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, BaseModel, ConfigDict, Field, ValidationError

from .check import Options, evaluate
from .decisions import Locator
from .errors import ComplianceError, InputError, Problem
from .events import EventBase, parse_record
from .rulesets import Ruleset
from .workdays import WorkCalendar
from .yamlload import load_yaml_lines

COMPARED = ("status", "event_ids", "period", "due", "actual", "severity", "label", "key", "basis", "facts")


def _iso(v: Any) -> Any:
    """YAML reads 2026-10-08 as a date: the options take ISO text."""
    return v.isoformat() if isinstance(v, (date, datetime)) else v


IsoText = Annotated[str, BeforeValidator(_iso)]


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    as_of: IsoText
    window_from: IsoText | None = Field(None, alias="from")
    window_to: IsoText | None = Field(None, alias="to")
    note: str | None = None
    records: list[dict[str, Any]] = Field(default_factory=list)
    expect: list[dict[str, Any]]
    expect_error: str | None = None


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    obligation: str
    cases: list[Case]


@dataclass
class CaseResult:
    obligation: str
    name: str
    ok: bool
    detail: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.obligation}::{self.name}"


def load_cases(rs: Ruleset) -> list[CaseFile]:
    """The case files of a ruleset. Raises InputError with the problems of all of them, each at
    the line of its value."""
    problems: list[Problem] = []
    files: list[CaseFile] = []
    ids = {o.id for o in rs.obligations}
    for path in sorted((rs.folder / "cases").glob("*.yaml")):
        cf, file_problems = _load_case_file(path, ids)
        problems += file_problems
        if cf is not None:
            files.append(cf)
    if problems:
        raise InputError(problems)
    return files


def _load_case_file(path: Path, ids: set[str]) -> tuple[CaseFile | None, list[Problem]]:
    """One case file, of an obligation among ``ids``; None if its shape is bad."""
    raw, lines, problems = load_yaml_lines(path)
    if problems:
        return None, problems
    loc = Locator(str(path), lines)
    try:
        cf = CaseFile.model_validate(raw)
    except ValidationError as exc:
        return None, loc.pydantic(exc)
    if cf.obligation not in ids:
        problems.append(loc.problem(("obligation",), cf.obligation, "an obligation id of the ruleset"))
    if path.stem != cf.obligation:
        problems.append(loc.problem(("obligation",), cf.obligation, f"the file named after its obligation ({cf.obligation}.yaml)"))
    seen: set[str] = set()
    for k, case in enumerate(cf.cases):
        if case.name in seen:
            problems.append(loc.problem(("cases", k, "name"), case.name, "a case name used once in the file"))
        seen.add(case.name)
    return cf, problems


def run_case(rs: Ruleset, obligation: str, case: Case, calendar: WorkCalendar) -> CaseResult:
    res = CaseResult(obligation, case.name, True)
    try:
        events: list[EventBase] = [
            parse_record(r, rs.tz, source=f"cases/{obligation}.yaml", location=f"{case.name}[{i}]")
            for i, r in enumerate(case.records)
        ]
        evaluation = evaluate(rs, events, Options(as_of=case.as_of, window_from=case.window_from,
                                                  window_to=case.window_to, obligations=[obligation]), calendar)
    except ComplianceError as exc:
        if case.expect_error and case.expect_error in str(exc):
            return res
        return CaseResult(obligation, case.name, False, [f"error: {exc}"])
    if case.expect_error:
        return CaseResult(obligation, case.name, False, [f"expected an error containing {case.expect_error!r}"])
    got = [f.model_dump() for f in evaluation.findings(include_pass=True)]
    if len(got) != len(case.expect):
        res.ok = False
        res.detail.append(f"expected {len(case.expect)} verdicts, got {len(got)}")
    for i, (exp, g) in enumerate(zip(case.expect, got)):
        for key, want in exp.items():
            if key not in COMPARED:
                res.ok = False
                res.detail.append(f"expect[{i}]: unknown key {key!r} (compare one of {', '.join(COMPARED)})")
                continue
            if key == "facts":
                res.detail += _compare_facts(i, want, g["facts"], rs)
                continue
            have = g.get(key)
            if key == "event_ids":
                want = list(want)
            if have != want:
                res.detail.append(f"verdict {i}: {key}: expected {want!r}, got {have!r}")
    res.ok = not res.detail
    if not res.ok:
        res.detail += [f"  got: {g['status']} {g['event_ids']} period={g['period']} due={g['due']} — {g['message']}" for g in got]
    return res


def _compare_facts(i: int, want: Any, have: dict[str, Any], rs: Ruleset) -> list[str]:
    """Each named fact must equal the measured one. Expected values are written as YAML gives
    them (dates, numbers, text) and normalised as the report writes facts (ISO text, money as
    decimal strings); a number compares equal to a number of the same value."""
    from .findings import fact_value

    if not isinstance(want, dict):
        return [f"verdict {i}: facts: expected a mapping of fact name to value, got {want!r}"]
    out = []
    for name, value in want.items():
        if name not in have:
            out.append(f"verdict {i}: facts.{name}: no such fact (facts: {', '.join(sorted(have))})")
            continue
        expected, got = fact_value(value, rs.tz), have[name]
        numeric = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (expected, got))
        if (abs(expected - got) > 1e-9) if numeric else expected != got:
            out.append(f"verdict {i}: facts.{name}: expected {expected!r}, got {got!r}")
    return out


def run_all(rs: Ruleset, files: list[CaseFile], calendar: WorkCalendar | None = None) -> list[CaseResult]:
    cal = calendar or WorkCalendar.load()
    return [run_case(rs, cf.obligation, case, cal) for cf in files for case in cf.cases]


def coverage_gaps(rs: Ruleset, files: list[CaseFile]) -> list[str]:
    """Obligations lacking a passing or a failing case (the meta-test's rule); for an
    obligation that classifies (fault levels, bands), an ``info`` case is its failing side."""
    statuses: dict[str, set[str]] = {o.id: set() for o in rs.obligations}
    for cf in files:
        for case in cf.cases:
            for e in case.expect:
                statuses[cf.obligation].add(e.get("status", ""))
            if not case.expect and not case.expect_error:  # nothing to report is compliance
                statuses[cf.obligation].add("pass")
    gaps = []
    for oid, st in statuses.items():
        missing = [s for s in ("pass", "fail") if s not in st and not (s == "fail" and "info" in st)]
        if missing:
            gaps.append(f"{oid}: no case expecting {' or '.join(missing)}")
    return gaps
