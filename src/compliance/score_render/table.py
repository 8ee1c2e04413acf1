"""``--format table``: the score for the terminal (Chinese), item by item with every deduction's
evidence, the total, the grade, the fee effect and what to fix first."""

from __future__ import annotations

from typing import IO

from ..render.table import columns
from ..scoring import ScoreReport
from . import ScoreRenderer, register
from .common import (
    CERTAINTY_SHORT,
    amount,
    deduction_points,
    header_lines,
    item_status,
    money,
    points,
)


def render(r: ScoreReport) -> str:
    lines = header_lines(r)
    lines += [f"说明：{n}" for n in r.notices]
    lines.append("")
    head = ("考核项目", "分项指标", "分值", "得分", "状态")
    rows = [(i.category, i.item, points(i.max), points(i.points), item_status(i)) for i in r.items]
    top, body = columns(head, rows)
    lines += top
    for i, row in zip(r.items, body):
        lines.append(row)
        lines.append(f"    评分标准（{i.clause}）：{i.rule}")
        if i.manual is not None:
            lines.append(f"    考核人员打分：{points(i.manual)}")
        for d in i.deductions:
            what = ("得" + points(d.points) + "分") if d.band else deduction_points(d.points, d.certainty)
            if d.money:
                what += f"，扣款{money(d.money)}"
            lines.append(f"    · [{CERTAINTY_SHORT[d.certainty]}] {d.reason}：{what}"
                         + (f"（{d.note}）" if d.note else ""))
            if d.finding is not None:
                f = d.finding
                where = "、".join(f.evidence[:3]) + ("等" if len(f.evidence) > 3 else "")
                lines.append(f"        {f.message}")
                lines.append(f"        依据：{f.key}（{f.clause}）" + (f"；记录 {where}" if where else ""))
        for f in i.considered:
            lines.append(f"    · [酌情参考] {f.message}（{f.key}）")
        for n in i.notes:
            lines.append(f"    说明：{n}")
        for a in i.alerts:
            lines.append(f"    ！{a}")
    lines.append("")
    lines.append("类别小计：" + "；".join(f"{c['category']} {points(c['points'])}/{points(c['max'])}" for c in r.categories))
    t = r.total
    lines.append(f"合计得分：{points({'min': t['min'], 'max': t['max']} if t['min'] != t['max'] else t['min'])}分（满分{t['of']}分）")
    g = r.grade
    lines.append(f"考核等级：{g['text']}")  # the text says itself whether it is a range, ambiguous or unnamed
    if r.fee is not None:
        lines.append(f"服务费影响（{r.fee.clause}）：")
        for a in (r.fee.at_min, r.fee.at_max) if r.fee.at_min.score != r.fee.at_max.score else (r.fee.at_min,):
            lines.append(f"  {a.text}")
        for x in r.fee.text:
            lines.append(f"  {x}")
        lines.append(f"  计算：{r.fee.rounding}")
    if r.money:
        lines.append("扣款（评分项之外）：")
        for d in r.money:
            f = d.finding
            lines.append(f"  · [{CERTAINTY_SHORT[d.certainty]}] {d.reason}：{money(d.money) or d.note or '—'}")
            if f is not None:
                lines.append(f"      {f.message}（{f.key}）")
    if r.efficiency is not None:
        e = r.efficiency
        lines.append(f"资源使用效率与支付系数（{e.clause}）：{e.formula}")
        for p in e.projects:
            lines.append(f"  {p.project}：支付系数 {_c(p.coefficient)}"
                         + (f"；月费{p.monthly_price}元；费用 {amount(p.fee)}" if p.monthly_price else "")
                         + "；各月效率 " + "、".join(f"{m.month} {m.efficiency if m.efficiency is not None else '未知'}"
                                                for m in p.months))
        lines.append(f"  安全故障扣费合计 {amount(e.security_deductions) if e.security_deductions else '无法确定（见上文扣款）'}；评分项扣款合计 {amount(e.item_money)}"
                     + (f"；政务云总服务费用 {amount(e.total_fee)}" if e.total_fee else ""))
        if e.advice:
            lines.append("  调整建议（使用效率低于40%或高于60%）：")
            for a in e.advice:
                lines.append(f"    · {a.month} {a.project}：{a.text}（{a.key}）")
        for n in e.notes:
            lines.append(f"  说明：{n}")
        lines.append(f"  计算：{e.rounding}")
    lines.append("")
    lines.append("先做什么（考核前仍可挽回分数或扣款的未到期事项，按价值排序）：")
    if not r.fix_first:
        lines.append("  （无未到期事项）")
    for k, x in enumerate(r.fix_first, 1):
        worth = ("酌情（由考核人员打分）" if x.judged and x.points is None
                 else f"最多{points(x.points)}分" + ("（酌情）" if x.judged else "")) if x.points is not None or x.judged else "—"
        if x.money:
            worth += f"，扣款{x.money}元"
        lines.append(f"  {k}. 【{x.item}】{worth}；期限 {x.deadline or '—'}" + ("（在考核期之后）" if x.after_period else ""))
        lines.append(f"     {x.message}（{'、'.join([x.key, *x.also])}）")
        if x.also:
            lines.append(f"     同一记录的各项均按期完成，才可挽回这{points(x.points)}分（逾期一次只扣一次）")
    if r.to_confirm:
        lines.append("")
        lines.append("待确认（依据默认参数、存疑或缺少数据的结论：已计入得分范围，未直接扣分）：")
        for f in r.to_confirm:
            lines.append(f"  · {f.message}（{f.key}）")
    return "\n".join(lines) + "\n"


def _c(c: dict[str, str]) -> str:
    return c["min"] if c["min"] == c["max"] else f"{c['min']}–{c['max']}"


def write(report: ScoreReport, stream: IO[str]) -> None:
    stream.write(render(report))


register(ScoreRenderer("table", ".txt", False, write, "the score for the terminal (Chinese)"))
