"""`compliance kinds [KIND]` and `compliance template KIND [-o FILE.xlsx|FILE.csv]`.

``kinds`` lists the record kinds (name, Chinese name, columns), or one kind's columns with the
facts docs/kinds.md gives (``compliance.reference`` supplies both): Chinese label and other
accepted headers, type, required or default, allowed values with their Chinese labels, meaning.
``template`` writes an empty export template: one header row of the kind's Chinese labels in
field order (编号 first), without ``kind`` (the template is for one kind: the loader tells it
from the headers); an .xlsx's data sheet is named after the kind (故障) and a second sheet 说明
describes each column; a .csv is UTF-8 with BOM, as Excel on Chinese Windows opens it.
Headings are English; labels, names and the template's contents are Chinese.

The 说明 sheet never has two cells in a row that are column headers (its field names are
written ``fault.detected_at``), so a header search does not take it for data.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO, Sequence

import click

from ..events import SCHEMAS
from ..fsutil import OutputError, check_target, open_output
from ..labels import COMMON_COLUMNS, kind_by_label, kind_label
from ..reference import TYPE_WORDS_ZH, FieldFacts, kind_columns
from ..render.table import pad, width
from . import reports_errors

__all__ = ["kinds", "template", "template_columns", "template_xlsx", "template_csv", "INFO_SHEET"]

INFO_SHEET = "说明"
INFO_HEAD = ("列名", "字段", "类型", "是否必填", "可填值", "说明")

# Excel cell formats per value type: times and dates shown as the loader reads them, and text
# kept as typed (an id 001, a month 2026-07 that Excel would turn into a date).
_NUMBER_FORMATS = {
    "date-time or date": "yyyy-mm-dd hh:mm",
    "date (YYYY-MM-DD)": "yyyy-mm-dd",
    "text": "@",
    "month YYYY-MM": "@",
    "report period": "@",
    "period": "@",
}


def template_columns(kind: str) -> list[FieldFacts]:
    """The template's columns: the kind's columns in field order but ``kind`` itself."""
    return [c for c in kind_columns(kind) if c.name != "kind"]


def _kind(text: str) -> str:
    kind = kind_by_label(text)
    if kind is None:
        raise click.UsageError(
            f"unknown record kind {text!r}; one of: {', '.join(SCHEMAS)} (or its Chinese name; "
            "compliance kinds lists them)"
        )
    return kind


# --------------------------------------------------------------------------------------------
# compliance kinds


@click.command()
@click.argument("kind", required=False)
def kinds(kind: str | None) -> None:
    """List the record kinds, or KIND's columns (KIND: a kind or its Chinese name).

    For each column: the field, its Chinese label and other accepted headers, the type,
    whether it is required (or its default), the allowed values with their Chinese labels,
    and its meaning — as docs/kinds.md gives them.
    """
    if kind is None:
        _print_kinds()
    else:
        _print_kind(_kind(kind))


def _print_kinds() -> None:
    rows = [(k, kind_label(k), str(len(kind_columns(k)))) for k in SCHEMAS]
    head = ("kind", "name", "columns")
    widths = [max(width(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        click.echo("  ".join(pad(c, widths[i]) for i, c in enumerate(r)).rstrip())
    click.echo(
        f"\n{len(rows)} kinds. Columns include {', '.join(COMMON_COLUMNS)}. "
        "compliance kinds KIND: its columns; compliance template KIND: an empty export template."
    )


def _print_kind(kind: str) -> None:
    cols = kind_columns(kind)
    own = len(cols) - len(COMMON_COLUMNS)
    click.echo(
        f"{kind} {kind_label(kind)}: {len(cols)} columns "
        f"({', '.join(COMMON_COLUMNS)} and {own} of its own), in template order"
    )
    for c in cols:
        click.echo("")
        click.echo(f"{c.name}  {c.label}")
        for key, value in _details(c):
            click.echo(f"    {key + ':':<13}{value}")


def _details(c: FieldFacts) -> list[tuple[str, str]]:
    required = "yes" if c.required else ("no" if c.default is None else f"no, default {c.default}")
    out = []
    if c.aliases:
        out.append(("also headed", ", ".join(c.aliases)))
    out += [("type", c.type), ("required", required)]
    if c.values:
        out.append(("values", c.values_text()))
    out.append(("meaning", c.description))
    return out


# --------------------------------------------------------------------------------------------
# compliance template


@click.command()
@click.argument("kind")
@click.option(
    "-o", "--output", metavar="FILE",
    help="FILE.xlsx or FILE.csv (UTF-8 with BOM); - writes the CSV to standard output. "
    "Default: KIND.xlsx in the current folder.",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@reports_errors
def template(kind: str, output: str | None, force: bool) -> None:
    """Write an empty export template for KIND (a kind or its Chinese name).

    One header row of the kind's Chinese column labels in field order (编号 first; no kind
    column: the template holds one kind). An .xlsx has a second sheet 说明: each column's
    field, type, whether it is required and its allowed values. The file is written
    atomically; an existing file is kept unless --force.
    """
    kind = _kind(kind)
    target = output if output is not None else f"{kind}.xlsx"
    if target == "-":
        suffix = ".csv"
    else:
        check_target(target)  # a folder, a missing parent folder: exit 2 before any work
        suffix = Path(target).suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            raise click.UsageError(f"-o {target}: give a .xlsx or .csv file name")
        if Path(target).is_file() and not force:
            raise OutputError(f"{target}: exists; give --force to replace it")
    cols = template_columns(kind)
    if suffix == ".xlsx":
        data = template_xlsx(kind, cols)
        with open_output(target, binary=True) as fh:
            fh.write(data)
    else:
        with open_output(target) as fh:
            template_csv(cols, fh)
    where = "standard output" if target == "-" else target
    click.echo(f"{where}: {kind} {kind_label(kind)} template, {len(cols)} columns", err=True)


def template_csv(cols: Sequence[FieldFacts], stream: IO[str]) -> None:
    """The header row, UTF-8 with BOM (the stream encodes UTF-8), CRLF as Excel writes it."""
    stream.write("\ufeff")
    csv.writer(stream, lineterminator="\r\n").writerow([c.label for c in cols])


def template_xlsx(kind: str, cols: Sequence[FieldFacts]) -> bytes:
    """The workbook: the kind's sheet (its Chinese name) with the header row, then 说明."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = kind_label(kind)
    ws.append([c.label for c in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, c in enumerate(cols, 1):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = max(12, width(c.label) + 4)
        fmt = _NUMBER_FORMATS.get(c.type)
        if fmt:
            dim.number_format = fmt

    info = wb.create_sheet(INFO_SHEET)
    info.append(list(INFO_HEAD))
    for c in cols:
        info.append([
            c.label, f"{kind}.{c.name}", TYPE_WORDS_ZH.get(c.type, c.type), _presence_zh(c),
            c.values_text(), c.description,
        ])  # fmt: skip
    for cell in info[1]:
        cell.font = Font(bold=True)
    info.freeze_panes = "A2"
    for i, w in enumerate((18, 24, 24, 14, 48, 60), 1):
        info.column_dimensions[get_column_letter(i)].width = w
    for row in info.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _presence_zh(c: FieldFacts) -> str:
    if c.required:
        return "必填"
    return "选填" if c.default is None else f"选填（默认 {c.default}）"
