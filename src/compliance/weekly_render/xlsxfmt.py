"""``report.xlsx``: the run for the staff's spreadsheets. A 汇总 sheet (the run, then one row per
contract with its counts and term) and one sheet per contract (one finding a row), Chinese
headers, dates as real date cells with number formats, frozen headers, column widths. The
workbook's properties and the zip entries' times are the run's as-of, so the same report gives
the same bytes."""

from __future__ import annotations

import re
from datetime import datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..runreport import RunReport
from ..xlsxfile import workbook_bytes
from . import Context, WeeklyRenderer, register
from .common import (
    CHANGE_LABEL,
    READING_LABEL,
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
    ruling = (f"{READING_LABEL.get(f.ruling.reading, f.ruling.reading)}（{f.ruling.by} {f.ruling.on}）"
              if f.ruling else None)
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


def _cell(ws, value: Any, *, font: Font | None = None, number_format: str | None = None,
          alignment: Alignment | None = None) -> WriteOnlyCell | Any:
    """A value as written, or a styled cell when it has a style."""
    if font is None and number_format is None and alignment is None:
        return value
    c = WriteOnlyCell(ws, value=value)
    if font is not None:
        c.font = font
    if number_format is not None:
        c.number_format = number_format
    if alignment is not None:
        c.alignment = alignment
    return c


def _header(ws, row: int, header: tuple[str, ...], widths: dict[str, int]) -> list[Any]:
    """The header row's cells (bold), with the column widths and the panes frozen below it."""
    for i, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(name, 10)
    ws.freeze_panes = f"A{row + 1}"
    return [_cell(ws, name, font=BOLD) for name in header]


BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
WRAPPED = ("说明", "计算过程", "豁免原因")


def build(report: RunReport) -> Workbook:
    """The workbook, written row by row (openpyxl's write-only mode: a run of a hundred thousand
    findings is not held as a grid of cell objects)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SUMMARY)
    taken = {SUMMARY}
    names = [sheet_name(run.contract, taken) for run in report.contracts]

    top = 6
    header = _header(ws, top, SUMMARY_HEADER, SUMMARY_WIDTHS)
    ws.append([_cell(ws, "每周合规检查汇总", font=Font(bold=True, size=14))])
    ws.append(["检查时点", _cell(ws, as_of_datetime(report), number_format=DATETIME), f"（{when(report.as_of)}{' 24:00' if len(report.as_of.strip()) == 10 else ''}）"])
    ws.append(["本次运行", report.run_id])
    ws.append(["上次运行", report.previous_run_id or "（无）"])
    ws.append([])
    ws.append(header)
    formats = {"合同起始": DATE, "合同终止": DATE, "检查时点": DATETIME}
    for run, name in zip(report.contracts, names):
        n = counts(run)
        t = run.term
        values = [run.contract_title, run.contract, run.ruleset_version, _local(run.as_of), *(n[s] for s in SECTIONS),
                  as_date(t.start), as_date(t.end), label(TERM_BASIS, t.basis), t.reason, name]
        ws.append([_cell(ws, v, number_format=formats.get(head)) if v is not None else None
                   for head, v in zip(SUMMARY_HEADER, values)])

    for run, name in zip(report.contracts, names):
        ws = wb.create_sheet(name)
        rows = list(findings(run))
        if rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{1 + len(rows)}"
        ws.append(_header(ws, 1, HEADER, WIDTHS))
        for change, f in rows:
            ws.append([None if v is None else _cell(ws, v, number_format=FORMATS.get(head),
                                                    alignment=WRAP if head in WRAPPED else None)
                       for head, v in zip(HEADER, _row_for(change, f))])
    return wb


def render(report: RunReport) -> bytes:
    return workbook_bytes(build(report), f"每周合规检查 {report.run_id}", as_of_datetime(report))


def write(report: RunReport, stream: IO[bytes], ctx: Context) -> None:
    stream.write(render(report))


register(WeeklyRenderer("xlsx", "report.xlsx", True, write, "a workbook: 汇总 plus one sheet per contract"))
