"""Texts shared by the score's table, HTML and XLSX: one wording of each status and number."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..scoring import CERTAINTY_TEXT, ScoreReport
from ..timetext import instant_text

ITEM_STATUS = {"scored": "已计分", "range": "区间", "ambiguous": "存疑（需人工认定）",
               "unknown": "未知（缺少数据）", "manual": "考核人员打分"}
WHY = {"judged": "酌情打分", "band": "档内定分", "confirm": "待确认", "ambiguous": "存疑", "unknown": "缺少数据",
       "pending": "未到期"}


def item_status(i) -> str:
    """An item's status with why its points are a range: 区间（酌情打分、未到期）."""
    text = ITEM_STATUS[i.status]
    if i.status == "range" and i.why:
        text += "（" + "、".join(WHY[w] for w in i.why) + "）"
    return text
CERTAINTY_SHORT = {"certain": "确定", "confirm": "待确认", "ambiguous": "存疑", "unknown": "未知", "pending": "未到期",
                   "judged": "酌情", "band": "档次", "none": "—"}
GRADE_STATUS = {"assigned": "", "ambiguous": "存疑", "unnamed": "合同未命名", "none": "合同未规定", "range": "区间"}
FINDING_STATUS = {"fail": "违约", "ambiguous": "存疑", "unknown": "未知", "pending": "未到期", "waived": "豁免",
                  "info": "信息", "pass": "通过"}

__all__ = ["CERTAINTY_SHORT", "CERTAINTY_TEXT", "ITEM_STATUS", "amount", "money", "points", "when"]


def points(v: Any) -> str:
    """A number or {min, max} as 8 or 3–6; "all" as 该项全部."""
    if v is None:
        return "—"
    if v == "all":
        return "该项全部"
    if isinstance(v, dict):
        return f"{_n(v['min'])}–{_n(v['max'])}"
    return _n(v)


def deduction_points(v: Any, certainty: str = "certain") -> str:
    if v in (None, 0):
        return "0"
    if v == "all":
        return "该项不得分" if certainty == "certain" else "可能不得分"
    if isinstance(v, dict):  # a deduction not yet certain: "扣0–1分" (was "−0–1")
        return f"扣{points(v)}分"
    return "−" + points(v)


def _n(x: Any) -> str:
    if isinstance(x, float):
        return format(x, "g")
    return str(x)


def money(v: dict[str, str] | None) -> str:
    if not v:
        return ""
    return f"{v['min']}元" if v["min"] == v["max"] else f"{v['min']}–{v['max']}元"


def amount(v: dict[str, str] | None) -> str:
    return money(v) or "—"


def when(iso: str) -> str:
    dt = datetime.fromisoformat(iso)
    return instant_text(dt, dt.tzinfo)


def period_text(r: ScoreReport) -> str:
    """考核期 2026-H2（2026-07-01 至 2026-12-31）; two dates are not said twice."""
    p = r.period
    span = f"{p['start']} 至 {p['end']}"
    return span if p["label"] in (f"{p['start']}/{p['end']}", f"{p['start']}..{p['end']}") else f"{p['label']}（{span}）"


def header_lines(r: ScoreReport) -> list[str]:
    return [
        f"{r.contract_title}（{r.contract} 规则集 {r.ruleset_version}）考核自查：{r.table}"
        + (f"（{r.cadence}考核）" if r.cadence else ""),
        f"考核期 {period_text(r)}；检查时点 {when(r.as_of)}；依据：{r.source}",
    ]
