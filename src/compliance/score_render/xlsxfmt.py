"""``--format xlsx``: the score as a workbook — 汇总 (contract, period, as-of, total, grade, fee),
得分 (one item a row, its points also as two numbers, the range's ends, for summing), 扣分明细 (one
deduction a row, with its evidence), 先做什么, 待确认, and where the contract pays by coefficient
支付系数 and 调整建议: what the table, HTML and JSON say. Fixed properties and zip times (the as-of),
so the same score gives the same bytes."""

from __future__ import annotations

from datetime import datetime
from typing import IO, Any

from ..scoring import ScoreReport
from ..xlsxfile import cell_writer, new_workbook, set_widths, workbook_bytes
from . import ScoreRenderer, register
from .common import (
    CERTAINTY_SHORT,
    amount,
    deduction_points,
    item_status,
    money,
    period_text,
    points,
    when,
)


def _sheet(wb, styles, title: str, header: tuple[str, ...], widths: tuple[int, ...], rows: list[list[Any]]):
    """A sheet: the header row bold, every other cell (an empty one too) wrapped and top-aligned,
    the column widths, the panes frozen below the header."""
    bold, wrap = styles
    ws = wb.add_worksheet(title)
    set_widths(ws, list(widths))
    put = cell_writer(ws)
    for c, h in enumerate(header):
        put(0, c, h, bold)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            put(r, c, v, wrap)
    ws.freeze_panes(1, 0)
    return ws


def build(r: ScoreReport):
    """The workbook (XlsxWriter, imported only when a workbook is written; a score's sheets are
    small, so it is held in memory, with a shared-string table)."""
    wb = new_workbook(constant_memory=False)
    styles = (wb.add_format({"bold": True}), wb.add_format({"text_wrap": True, "valign": "top"}))
    t = r.total
    summary = [["合同", r.contract_title], ["规则集", f"{r.contract} {r.ruleset_version}"], ["考核表", r.table],
               ["考核期", period_text(r)], ["检查时点", when(r.as_of)], ["依据", r.source],
               ["合计得分", points({"min": t["min"], "max": t["max"]}) if t["min"] != t["max"] else points(t["min"])],
               ["满分", t["of"]], ["考核等级", r.grade["text"]]]
    if r.fee is not None:
        summary.append(["服务费影响", "\n".join([r.fee.at_min.text, r.fee.at_max.text, *r.fee.text])])
        summary.append(["金额计算", r.fee.rounding])
    if r.efficiency is not None:
        e = r.efficiency
        summary.append(["支付系数", e.formula])
        summary.append(["安全故障扣费", amount(e.security_deductions) if e.security_deductions else "无法确定（见扣分明细）"])
        if e.total_fee:
            summary.append(["政务云总服务费用", amount(e.total_fee)])
    summary += [["说明", n] for n in r.notices]
    _sheet(wb, styles, "汇总", ("项目", "内容"), (16, 100), summary)
    _sheet(wb, styles, "得分", ("考核项目", "分项指标", "分值", "得分", "最低分", "最高分", "状态", "条款", "评分标准", "说明"),
           (12, 16, 8, 10, 8, 8, 18, 22, 60, 60),
           [[i.category, i.item, i.max, points(i.points), *_ends(i.points), item_status(i), i.clause, i.rule,
             "\n".join([*i.notes, *i.alerts]) or None] for i in r.items])
    rows = []
    for i in r.items:
        for d in i.deductions:
            f = d.finding
            rows.append([i.item, CERTAINTY_SHORT[d.certainty], d.reason,
                         ("得" + points(d.points) + "分") if d.band else deduction_points(d.points, d.certainty), money(d.money) or None,
                         f.key if f else None, f.clause if f else None, f.message if f else d.note,
                         "、".join(f.evidence) if f else None])
    for d in r.money:
        f = d.finding
        rows.append(["（扣款）", CERTAINTY_SHORT[d.certainty], d.reason, None, money(d.money) or None,
                     f.key if f else None, f.clause if f else None, f.message if f else d.note,
                     "、".join(f.evidence) if f else None])
    _sheet(wb, styles, "扣分明细", ("分项指标", "确定性", "扣分规则", "扣分", "扣款", "key", "条款", "说明", "记录"),
           (16, 8, 40, 10, 14, 44, 20, 60, 40), rows)
    _sheet(wb, styles, "先做什么", ("序号", "分项指标", "价值（分）", "扣款（元）", "期限", "说明", "key"), (6, 16, 10, 12, 24, 60, 44),
           [[k, x.item, points(x.points) if x.points is not None else ("酌情" if x.judged else None), x.money, x.deadline,
             x.message, "、".join([x.key, *x.also])] for k, x in enumerate(r.fix_first, 1)])
    _sheet(wb, styles, "待确认", ("key", "义务", "状态", "条款", "说明", "记录"), (44, 22, 10, 20, 60, 40),
           [[f.key, f.obligation, f.status, f.clause, f.message, "、".join(f.evidence) or None] for f in r.to_confirm])
    if r.efficiency is not None:
        rows = [[p.project, m.month, m.efficiency, f"{m.coefficient['min']}–{m.coefficient['max']}"
                 if m.coefficient["min"] != m.coefficient["max"] else m.coefficient["min"], amount(m.fee) if m.fee else None, m.key]
                for p in r.efficiency.projects for m in p.months]
        _sheet(wb, styles, "支付系数", ("项目", "月份", "资源使用效率", "支付系数", "费用", "key"), (20, 10, 14, 12, 20, 44), rows)
        _sheet(wb, styles, "调整建议", ("项目", "月份", "资源使用效率", "建议", "key"), (20, 10, 14, 60, 44),
               [[a.project, a.month, a.efficiency, a.text, a.key] for a in r.efficiency.advice])
    return wb


def _ends(p: Any) -> tuple[Any, Any]:
    """An item's points as two numbers, the lowest and the highest (equal when certain)."""
    return (p["min"], p["max"]) if isinstance(p, dict) else (p, p)


def render(r: ScoreReport) -> bytes:
    return workbook_bytes(build(r), f"考核自查 {r.contract} {r.period['label']}",
                          datetime.fromisoformat(r.as_of).replace(tzinfo=None))


def write(report: ScoreReport, stream: IO[bytes]) -> None:
    stream.write(render(report))


register(ScoreRenderer("xlsx", ".xlsx", True, write, "the score as a workbook (Chinese)"))
