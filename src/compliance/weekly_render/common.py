"""What the weekly report's renderers share: Chinese labels, the findings of a run in report
order, instants as people read them, the evidence locations and the rulesets' quotes.

Renderers never decide: everything here reads the :class:`~compliance.runreport.RunReport`
(and, for the quotes, the ruleset folders) and nothing else — no clock, no environment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from ..errors import ComplianceError
from ..findings import BUYER_TOPICS
from ..runreport import CHANGES, ContractRun, RunFinding, RunReport
from ..timetext import instant_text

# the lists of a contract's run, in the order the report shows them
SECTIONS: tuple[str, ...] = CHANGES
FAILING: frozenset[str] = frozenset({"new", "still_open", "regressed"})

CHANGE_LABEL = {"new": "新增", "still_open": "持续未整改", "resolved": "已整改", "regressed": "再次出现",
                "waived": "已豁免", "pending": "未到期", "ambiguous": "存疑待裁定", "unknown": "数据不足无法判断",
                "no_longer_found": "未再发现（待核实）"}
STATUS_LABEL = {"fail": "违约", "ambiguous": "存疑", "unknown": "未知", "pending": "未到期", "waived": "豁免",
                "info": "信息", "pass": "通过"}
SEVERITY_LABEL = {"critical": "严重", "major": "重要", "minor": "一般", "info": "提示"}
TERM_BASIS = {"contract": "合同约定", "assumed": "推定", "user": "用户指定"}
BASIS_LABEL = {"contract": "合同约定", "default": "规则默认", "user": "用户设定"}
TOPIC_LABEL = {
    "notice": "维护通知", "approval": "审批", "fault_response": "故障响应", "fault_onsite": "故障到场",
    "fault_resolution": "故障解决", "fault_level": "故障分级", "staffing": "驻场人员", "staff_change": "人员变更",
    "request": "需求响应", "audit": "测评审计", "drill": "应急演练", "report": "报告", "training": "培训",
    "availability": "可用性", "payment": "付款", "invoice": "发票", "contact_change": "联系人变更",
    "rectification": "整改", "force_majeure": "不可抗力", "log_retention": "日志留存",
    "data_security": "数据安全", "complaint": "投诉", "spot_check": "抽查",
}


def status_text(change: str, f: RunFinding) -> str:
    """A finding's status as a list shows it: one no longer found keeps the status last recorded,
    said as such (上次违约, not 违约: it is not found a violation now)."""
    if change == "no_longer_found":
        return f"上次{label(STATUS_LABEL, f.status)}，本次未再发现"
    return label(STATUS_LABEL, f.status)


def party(f: RunFinding) -> str:
    """Whose duty a finding is about: 甲方 for the buyer's own (its payments), else 乙方."""
    return "甲方" if f.topic in BUYER_TOPICS else "乙方"


def label(table: dict[str, str], value: str | None) -> str:
    """A value's Chinese label, or the value itself when it has none."""
    if value is None:
        return ""
    return table.get(value, value)


def when(iso: str | None) -> str:
    """An ISO instant as the reports print it: as-of 2027-01-01T00:00+08:00 is "2026-12-31 24:00";
    a plain date stays a date."""
    if not iso:
        return ""
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if len(iso) == 10:  # a date
        return iso
    if dt.tzinfo is None:
        return dt.isoformat(" ", "minutes")
    return instant_text(dt, dt.tzinfo)


def as_date(iso: str | None) -> date | None:
    """An ISO date (or the date part of an ISO instant) as a date; None if absent or unreadable."""
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


# a ruling's reading as the findings' messages name it (（甲）/（乙） for 提前N个工作日, an invoice window's by name)
READING_LABEL = {"a": "读法（甲）", "b": "读法（乙）", "window": "读法（窗口）", "lead": "读法（提前）"}


def as_of_datetime(report: RunReport) -> datetime:
    """The run's as-of as a naive local date-time (for spreadsheet cells and file times); a plain
    date is 24:00 of that day, the next day's 00:00 (it was that day's 00:00, a day early, beside
    each contract's as-of instant)."""
    dt = datetime.fromisoformat(report.as_of)
    if len(report.as_of.strip()) == 10:
        dt += timedelta(days=1)
    return dt.replace(tzinfo=None)


def sections(run: ContractRun) -> Iterator[tuple[str, list[RunFinding]]]:
    for name in SECTIONS:
        yield name, getattr(run, name)


def findings(run: ContractRun) -> Iterator[tuple[str, RunFinding]]:
    """Every finding of a contract's run with its list, in report order."""
    for name, items in sections(run):
        for f in items:
            yield name, f


def counts(run: ContractRun) -> dict[str, int]:
    return {name: len(items) for name, items in sections(run)}


# --------------------------------------------------------------------------------------------
# Evidence: ``file:7`` (a line), ``file.xlsx:row 6`` (a sheet row), ``file.json:item 3``, ``file``

_LOCATION = re.compile(r"^(?P<file>.+?):(?P<at>\d+|row \d+|item \d+)$")


@dataclass(frozen=True)
class Evidence:
    file: str
    line: int | None  # a line number of a text file, when the location is one
    where: str  # the location as written (e.g. "row 6"), "" when none

    @property
    def text(self) -> str:
        return f"{self.file}:{self.where}" if self.where else self.file


def evidence(f: RunFinding) -> list[Evidence]:
    out: list[Evidence] = []
    for item in f.facts.get("evidence") or []:
        if not isinstance(item, str) or not item:
            continue
        m = _LOCATION.match(item)
        if m is None:
            out.append(Evidence(item, None, ""))
            continue
        at = m.group("at")
        out.append(Evidence(m.group("file"), int(at) if at.isdigit() else None, at))
    return out


# --------------------------------------------------------------------------------------------
# The rulesets' words: title, clause and verbatim quote of each obligation


@dataclass(frozen=True)
class ObligationText:
    title: str
    clause: str
    quote: str | None


@dataclass
class Quotes:
    """The obligations' quotes, read from ``<rulesets>/<contract>/ruleset.yaml`` when that folder
    exists (once per contract); without it (or when it does not load) the quote is omitted."""

    folder: Path | None
    _cache: dict[str, dict[str, ObligationText]] = field(default_factory=dict)

    def of(self, contract: str) -> dict[str, ObligationText]:
        if contract not in self._cache:
            self._cache[contract] = self._load(contract)
        return self._cache[contract]

    def quote(self, contract: str, obligation: str) -> str | None:
        ob = self.of(contract).get(obligation)
        return ob.quote if ob else None

    def _load(self, contract: str) -> dict[str, ObligationText]:
        if self.folder is None or not (self.folder / contract / "ruleset.yaml").is_file():
            return {}
        from ..rulesets import load_ruleset

        try:
            rs = load_ruleset(self.folder / contract)
        except ComplianceError:
            return {}
        return {o.id: ObligationText(o.title, o.clause, o.quote) for o in rs.obligations}


def obligations(run: ContractRun, quotes: Quotes) -> dict[str, ObligationText]:
    """The obligations a contract's run shows, sorted by id: title and clause from the findings,
    the quote from the ruleset when there is one."""
    known = quotes.of(run.contract)
    out: dict[str, ObligationText] = {}
    for _, f in findings(run):
        if f.obligation not in out:
            q = known.get(f.obligation)
            out[f.obligation] = ObligationText(f.title, f.clause, q.quote if q else None)
    return dict(sorted(out.items()))
