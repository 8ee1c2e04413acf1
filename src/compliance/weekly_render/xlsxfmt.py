"""``report.xlsx``: the run for the staff's spreadsheets. A 汇总 sheet (the run, then one row per
contract with its counts and term) and one sheet per contract (one finding a row), Chinese
headers, dates as real date cells with number formats, frozen headers, column widths. The
workbook's properties and the zip entries' times are the run's as-of, so the same report gives
the same bytes."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

from ..fsutil import normalize_zip
from ..runreport import RunReport
from . import Context, WeeklyRenderer, register
from .common import (
    CHANGE_LABEL,
    SECTIONS,
    SEVERITY_LABEL,
    STATUS_LABEL,
    TERM_BASIS,
    TOPIC_LABEL,
    as_date,
    as_of_datetime,
    counts,
    findings,
    label,
    when,
)

SUMMARY = "汇总"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
CREATOR = "compliance"

SUMMARY_HEADER = ("合同", "规则集", "规则集版本", "检查时点", *(CHANGE_LABEL[s] for s in SECTIONS), "合同起始", "合同终止",
                  "期限依据", "期限说明", "工作表")
SUMMARY_WIDTHS = {"合同": 40, "规则集": 14, "规则集版本": 12, "检查时点": 17, "合同起始": 12, "合同终止": 12, "期限依据": 10,
                  "期限说明": 40, "工作表": 16}

HEADER = ("变化", "状态", "义务", "标题", "条款", "严重程度", "主题", "记录", "期间", "期限", "期限时间", "实际",
          "说明", "计算过程", "首次发现", "持续周数", "豁免已过期", "豁免原因", "批准人", "豁免至", "裁定", "依据", "key")
WIDTHS = {"变化": 11, "状态": 7, "义务": 22, "标题": 30, "条款": 14, "严重程度": 9, "主题": 10, "记录": 20,
          "期间": 10, "期限": 24, "期限时间": 17, "实际": 18, "说明": 60, "计算过程": 60, "首次发现": 12, "持续周数": 9,
          "豁免已过期": 10, "豁免原因": 30, "批准人": 10, "豁免至": 12, "裁定": 24, "依据": 9, "key": 40}
FORMATS = {"首次发现": DATE, "豁免至": DATE, "期限时间": DATETIME}

_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unused sheet name: no []:*?/\\, not empty, at most 31 characters, not starting or
    ending with an apostrophe; a clash gets "~2", "~3" …"""
    base = _BAD_SHEET.sub("_", text).strip("'") or "合同"
    base = base[:31]
    name, n = base, 1
    while name.casefold() in {t.casefold() for t in taken}:
        n += 1
        suffix = f"~{n}"
        name = base[:31 - len(suffix)] + suffix
    taken.add(name)
    return name


def _row_for(change: str, f) -> list[Any]:
    w = f.waiver
    ruling = f"{f.ruling.reading}（{f.ruling.by} {f.ruling.on}）" if f.ruling else None
    return [CHANGE_LABEL[change], label(STATUS_LABEL, f.status), f.obligation, f.title, f.clause,
            label(SEVERITY_LABEL, f.severity), label(TOPIC_LABEL, f.topic), "、".join(f.event_ids) or None,
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


def _header(ws, row: int, header: tuple[str, ...], widths: dict[str, int]) -> None:
    for i, name in enumerate(header, start=1):
        c = ws.cell(row=row, column=i, value=name)
        c.font = Font(bold=True)
        ws.column_dimensions[c.column_letter].width = widths.get(name, 10)
    ws.freeze_panes = ws.cell(row=row + 1, column=1).coordinate


def build(report: RunReport) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY
    taken = {SUMMARY}
    names = [sheet_name(run.contract, taken) for run in report.contracts]

    ws.cell(row=1, column=1, value="每周合规检查汇总").font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value="检查时点")
    c = ws.cell(row=2, column=2, value=as_of_datetime(report))
    c.number_format = DATETIME
    ws.cell(row=2, column=3, value=f"（{when(report.as_of)}）")
    ws.cell(row=3, column=1, value="本次运行")
    ws.cell(row=3, column=2, value=report.run_id)
    ws.cell(row=4, column=1, value="上次运行")
    ws.cell(row=4, column=2, value=report.previous_run_id or "（无）")
    top = 6
    _header(ws, top, SUMMARY_HEADER, SUMMARY_WIDTHS)
    for r, (run, name) in enumerate(zip(report.contracts, names), start=top + 1):
        n = counts(run)
        t = run.term
        values = [run.contract_title, run.contract, run.ruleset_version, _local(run.as_of), *(n[s] for s in SECTIONS),
                  as_date(t.start), as_date(t.end), label(TERM_BASIS, t.basis), t.reason, name]
        for col, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=v)
            if SUMMARY_HEADER[col - 1] in ("合同起始", "合同终止"):
                cell.number_format = DATE
            elif SUMMARY_HEADER[col - 1] == "检查时点":
                cell.number_format = DATETIME

    for run, name in zip(report.contracts, names):
        ws = wb.create_sheet(name)
        _header(ws, 1, HEADER, WIDTHS)
        for r, (change, f) in enumerate(findings(run), start=2):
            for col, v in enumerate(_row_for(change, f), start=1):
                cell = ws.cell(row=r, column=col, value=v)
                head = HEADER[col - 1]
                if head in FORMATS:
                    cell.number_format = FORMATS[head]
                if head in ("说明", "计算过程", "豁免原因"):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        if ws.max_row > 1:
            ws.auto_filter.ref = f"A1:{ws.cell(row=ws.max_row, column=len(HEADER)).coordinate}"
    return wb


def render(report: RunReport) -> bytes:
    wb = build(report)
    time = as_of_datetime(report)
    time = max(time, datetime(1980, 1, 1))
    props = wb.properties
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.title = f"每周合规检查 {report.run_id}"
    props.created = time
    props.modified = time
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # not wb.save(): that stamps modified = now
    return normalize_zip(buf.getvalue(), time.timetuple()[:6])


def write(report: RunReport, stream: IO[bytes], ctx: Context) -> None:
    stream.write(render(report))


register(WeeklyRenderer("xlsx", "report.xlsx", True, write, "a workbook: 汇总 plus one sheet per contract"))
