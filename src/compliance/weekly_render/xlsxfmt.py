"""``report.xlsx``: the run for the staff's spreadsheets. A 汇总 sheet (the run, then one row per
contract with its counts and term) and one sheet per contract (one finding a row), Chinese
headers, dates as real date cells with number formats, frozen headers, column widths. The
workbook's properties and the zip entries' times are the run's as-of, so the same report gives
the same bytes."""

from __future__ import annotations

import re
from datetime import datetime
from typing import IO, Any

from ..fsutil import OutputError
from ..runreport import RunReport
from ..xlsxfile import MAX_ROWS, cell_writer, new_workbook, set_widths, workbook_bytes
from . import Context, WeeklyRenderer, register
from .common import (
    CHANGE_LABEL,
    READING_LABEL,
    SECTIONS,
    SEVERITY_LABEL,
    TERM_BASIS,
    TOPIC_LABEL,
    as_date,
    as_of_datetime,
    counts,
    findings,
    label,
    party,
    status_text,
    when,
)

SUMMARY = "汇总"
NOTICES = "输入说明"  # the contracts' notices (what was read and left out, letters superseded …), as the HTML has them
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"

SUMMARY_HEADER = ("合同", "规则集", "规则集版本", "检查时点", *(CHANGE_LABEL[s] for s in SECTIONS), "合同起始", "合同终止",
                  "期限依据", "期限说明", "工作表")
SUMMARY_WIDTHS = {"合同": 40, "规则集": 14, "规则集版本": 12, "检查时点": 17, "合同起始": 12, "合同终止": 12, "期限依据": 10,
                  "期限说明": 40, "工作表": 16}

HEADER = ("变化", "状态", "义务", "标题", "条款", "严重程度", "主题", "义务方", "记录", "期间", "期限", "期限时间", "实际",
          "说明", "计算过程", "首次发现", "持续周数", "豁免已过期", "豁免原因", "批准人", "豁免至", "裁定", "依据", "key")
WIDTHS = {"变化": 11, "状态": 7, "义务": 22, "标题": 30, "条款": 14, "严重程度": 9, "主题": 10, "义务方": 7, "记录": 20,
          "期间": 10, "期限": 24, "期限时间": 17, "实际": 18, "说明": 60, "计算过程": 60, "首次发现": 12, "持续周数": 9,
          "豁免已过期": 10, "豁免原因": 30, "批准人": 10, "豁免至": 12, "裁定": 24, "依据": 9, "key": 40}
FORMATS = {"首次发现": DATE, "豁免至": DATE, "期限时间": DATETIME}

_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unused sheet name: no []:*?/\\, not empty, at most 31 characters (UTF-16 units, as
    Excel counts them: a character beyond the BMP is two), not starting or ending with an
    apostrophe; a clash gets "~2", "~3" …"""
    base = _clip(_BAD_SHEET.sub("_", text).strip("'") or "合同", 31)
    name, n = base, 1
    while name.casefold() in {t.casefold() for t in taken}:
        n += 1
        suffix = f"~{n}"
        name = _clip(base, 31 - len(suffix)) + suffix
    taken.add(name)
    return name


def _clip(text: str, units: int) -> str:
    """``text`` cut to at most ``units`` UTF-16 units, never inside a character."""
    while len(text.encode("utf-16-le")) // 2 > units:
        text = text[:-1]
    return text


def _row_for(change: str, f) -> list[Any]:
    w = f.waiver
    ruling = (f"{READING_LABEL.get(f.ruling.reading, f.ruling.reading)}（{f.ruling.by} {f.ruling.on}）"
              if f.ruling else None)
    return [CHANGE_LABEL[change], status_text(change, f), f.obligation, f.title, f.clause,
            label(SEVERITY_LABEL, f.severity), label(TOPIC_LABEL, f.topic), party(f), "、".join(f.event_ids) or None,
            f.period, f.due, _local(f.facts.get("deadline")), f.actual, f.message, "\n".join(f.explanation) or None, as_date(f.first_seen),
            f.age_weeks, "是" if f.waiver_expired else None, w.reason if w else None, w.approved_by if w else None,
            as_date(w.until) if w else None, ruling, f.basis, f.key]


def _local(iso: Any) -> datetime | None:
    """An ISO instant (a deadline's, an as-of) as the naive local date-time a spreadsheet cell
    holds (the contract's wall time; a deadline at 24:00 is 00:00 of the next day); None if absent."""
    if not isinstance(iso, str):
        return None
    try:
        return datetime.fromisoformat(iso).replace(tzinfo=None)
    except ValueError:
        return None


def _sheet(wb, name: str, header: tuple[str, ...], widths: dict[str, int], top: int):
    """A sheet with its columns' widths (10 if not given) and the panes frozen below its first
    ``top`` rows (the header row is the last of them)."""
    ws = wb.add_worksheet(name)
    set_widths(ws, [widths.get(h, 10) for h in header])
    ws.freeze_panes(top, 0)
    return ws


WRAPPED = ("说明", "计算过程", "豁免原因")


def build(report: RunReport):
    """The workbook (XlsxWriter's constant-memory mode: each row is written out as the next one
    begins, so a run of a hundred thousand findings is not held as cells)."""
    wb = new_workbook()
    bold = wb.add_format({"bold": True})
    fmt = {DATE: wb.add_format({"num_format": DATE}), DATETIME: wb.add_format({"num_format": DATETIME})}
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    taken = {SUMMARY, NOTICES}
    names = [sheet_name(run.contract, taken) for run in report.contracts]

    top = 6
    ws = _sheet(wb, SUMMARY, SUMMARY_HEADER, SUMMARY_WIDTHS, top)
    put = cell_writer(ws)
    put(0, 0, "每周合规检查汇总", wb.add_format({"bold": True, "font_size": 14}))
    put(1, 0, "检查时点")
    put(1, 1, as_of_datetime(report), fmt[DATETIME])
    put(1, 2, f"（{when(report.as_of)}{' 24:00' if len(report.as_of.strip()) == 10 else ''}）")
    put(2, 0, "本次运行")
    put(2, 1, report.run_id)
    put(3, 0, "上次运行")
    put(3, 1, report.previous_run_id or "（无）")
    for c, head in enumerate(SUMMARY_HEADER):
        put(top - 1, c, head, bold)
    formats = [fmt.get({"合同起始": DATE, "合同终止": DATE, "检查时点": DATETIME}.get(h)) for h in SUMMARY_HEADER]
    for r, (run, name) in enumerate(zip(report.contracts, names), start=top):
        n = counts(run)
        t = run.term
        values = [run.contract_title, run.contract, run.ruleset_version, _local(run.as_of), *(n[s] for s in SECTIONS),
                  as_date(t.start), as_date(t.end), label(TERM_BASIS, t.basis), t.reason, name]
        for c, (v, f) in enumerate(zip(values, formats)):
            if v is not None:
                put(r, c, v, f)

    # a finding's cell: its column's date format, or wrapped text; None is left out (an empty
    # string in a wrapped column is an empty wrapped cell, as openpyxl wrote it)
    styles = [fmt.get(FORMATS.get(h)) or (wrap if h in WRAPPED else None) for h in HEADER]
    for run, name in zip(report.contracts, names):
        total = sum(counts(run).values())
        if 1 + total > MAX_ROWS:
            raise OutputError(f"report.xlsx: contract {run.contract} has {total} findings, more than a sheet's "
                              f"{MAX_ROWS - 1} rows")
        ws = _sheet(wb, name, HEADER, WIDTHS, 1)
        put = cell_writer(ws)
        for c, head in enumerate(HEADER):
            put(0, c, head, bold)
        r = 0
        for r, (change, f) in enumerate(findings(run), start=1):
            for c, v in enumerate(_row_for(change, f)):
                if v is not None:
                    put(r, c, v, styles[c])
        if r:
            ws.autofilter(0, 0, r, len(HEADER) - 1)
    header = ("合同", "类别", "说明", "明细")
    ws = _sheet(wb, NOTICES, header, {"合同": 14, "类别": 18, "说明": 90, "明细": 60}, 1)
    put = cell_writer(ws)
    for c, head in enumerate(header):
        put(0, c, head, bold)
    rows = [(run.contract, n.code, n.message, "\n".join(n.items) or None) for run in report.contracts for n in run.notices]
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is not None:
                put(r, c, v, wrap)
    return wb


def render(report: RunReport) -> bytes:
    return workbook_bytes(build(report), f"每周合规检查 {report.run_id}", as_of_datetime(report))


def write(report: RunReport, stream: IO[bytes], ctx: Context) -> None:
    stream.write(render(report))


register(WeeklyRenderer("xlsx", "report.xlsx", True, write, "a workbook: 汇总, one sheet per contract, 输入说明"))
