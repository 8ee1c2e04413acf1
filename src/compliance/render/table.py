"""`--format table`: a terminal report, one block per finding, CJK-aware column widths."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import IO

from ..findings import Report
from ..timetext import instant_text
from . import Renderer, register

STATUS_LABEL = {"fail": "违约", "ambiguous": "存疑", "unknown": "未知", "pending": "未到期", "waived": "豁免",
                "info": "信息", "pass": "通过"}
TERM_BASIS = {"contract": "合同约定", "assumed": "推定", "user": "用户指定"}


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def pad(s: str, n: int) -> str:
    return s + " " * max(n - width(s), 0)


def columns(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> tuple[list[str], list[str]]:
    """A table in aligned columns (CJK characters two wide): its header and rule lines, and one
    line per row."""
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(head)]

    def line(cells) -> str:
        return "  ".join(pad(c, widths[i]) for i, c in enumerate(cells)).rstrip()

    return [line(head), "  ".join("-" * w for w in widths)], [line(r) for r in rows]


def render(report: Report) -> str:
    s = report.summary
    findings = list(report.findings)  # read twice below (a FindingStream builds on each reading)
    t = report.term
    term = f"合同期限 {t.start} 至 {t.end}（{TERM_BASIS[t.basis]}{'：' + t.reason if t.reason else ''}）"
    lines = [
        f"{report.contract_title}（{report.contract} 规则集 {report.ruleset_version}）",
        f"甲方 {report.parties.buyer}；乙方 {report.parties.vendor}；{term}",
        f"检查时点 as-of {_when(report.as_of)}；检查范围 {_when(report.period.from_, start=True)} — "
        f"{_when(report.period.to) if report.period.to else '（不限）'}；引擎 {report.engine}",
    ]
    lines += [f"说明：{n.message}" for n in report.notices]
    lines.append("")
    rows = [(f"{f.status} {STATUS_LABEL.get(f.status, '')}", f.obligation, f.clause, f.severity,
             _records(f.event_ids) or (f.period or ""), f.due or "") for f in findings]
    head = ("status", "obligation", "clause", "severity", "records/period", "due")
    top, body = columns(head, rows)
    lines += top
    for f, r in zip(findings, body):
        lines.append(r)
        lines.append(f"    {f.message}")
        for step in f.explanation:
            lines.append(f"      · {step}")
    counts = "，".join(f"{STATUS_LABEL[k]} {v}" for k, v in s["by_status"].items() if v)
    ob = s["obligations"]
    lines += ["", f"合计：{counts or '无'}。规则集义务 {ob['in_ruleset']} 项，检查 {ob['checked']} 项，"
              f"有实例 {ob['with_instances']} 项，全部通过 {ob['passed']} 项；未自动检查的条款 {ob['not_checked_clauses']} 项。"]
    return "\n".join(lines) + "\n"


def write(report: Report, stream: IO[str]) -> None:
    stream.write(render(report))


def _when(iso: str, *, start: bool = False) -> str:
    """An instant of the report as a person reads it: as-of 2027-01-01T00:00+08:00 is
    "2026-12-31 24:00"; a window's start at midnight is that day."""
    dt = datetime.fromisoformat(iso)
    if start and (dt.hour, dt.minute, dt.second, dt.microsecond) == (0, 0, 0, 0):
        return dt.date().isoformat()
    return instant_text(dt, dt.tzinfo)


def _records(ids: list[str]) -> str:
    return ",".join(ids) if len(ids) <= 2 else f"{ids[0]},{ids[1]} 等{len(ids)}条"


register(Renderer("table", ".txt", False, write, "a report for the terminal (Chinese)"))
