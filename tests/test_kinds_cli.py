"""`compliance kinds` and `compliance template`, and the Chinese labels behind them: the command
and docs/kinds.md say the same (compared as parsed data), labels are usable as headers, and a
template's header row is the kind's labels."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from click.testing import CliRunner

from compliance import labels
from compliance.cli import main
from compliance.cli.kinds_cmd import INFO_SHEET
from compliance.events import KIND_LABELS, SCHEMAS, VALUE_LABELS, EventSchema

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "kinds.md"
SH = ZoneInfo("Asia/Shanghai")
ALL_NAMES = {n for s in SCHEMAS.values() for n in s.model_fields}
EVERY_HEADER = {h for k in SCHEMAS for h in labels.field_labels(k)}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# --------------------------------------------------------------------------------------------
# Parsing what the command prints and what the doc says into the same shape:
# {kind: {"name": 故障, "fields": {field: (label, aliases, type, presence, values, meaning)}}}
# with presence "required" / "optional" / "default X" and values {value: (labels …)}.


def parse_cli_values(text: str) -> dict[str, tuple[str, ...]]:
    out = {}
    for item in text.split(", "):
        value, _, names = item.partition(" ")
        out[value] = tuple(names.split("/")) if names else ()
    return out


def parse_cli_kind(text: str) -> dict:
    blocks = text.strip().split("\n\n")
    m = re.fullmatch(r"(\w+) (\S+): (\d+) columns \(.*\), in template order", blocks[0])
    assert m, blocks[0]
    fields = {}
    for block in blocks[1:]:
        first, *rest = block.splitlines()
        name, label = first.split("  ")
        details = {}
        for line in rest:
            key, value = re.fullmatch(r" {4}([a-z ]+):\s+(.*)", line).groups()
            details[key] = value
        required = {"yes": "required", "no": "optional"}.get(details["required"])
        if required is None:
            required = "default " + details["required"].removeprefix("no, default ")
        fields[name] = (
            label,
            tuple(details["also headed"].split(", ")) if "also headed" in details else (),
            details["type"],
            required,
            parse_cli_values(details["values"]) if "values" in details else {},
            details["meaning"],
        )
    assert len(fields) == int(m.group(3))
    return {"kind": m.group(1), "name": m.group(2), "fields": fields}


def parse_cli_list(text: str) -> dict[str, tuple[str, int]]:
    table = text.split("\n\n")[0].splitlines()
    assert table[0].split() == ["kind", "name", "columns"]
    out = {}
    for line in table[1:]:
        kind, name, columns = line.split()
        out[kind] = (name, int(columns))
    return out


def _cells(row: str) -> list[str]:
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def _doc_values(cell: str) -> dict[str, tuple[str, ...]]:
    return {
        v: tuple(names.split("/")) if names else ()
        for v, names in re.findall(r"`([^`]+)`(?: ([^,`]+))?", cell)
    }


def _doc_presence(cell: str) -> str:
    return cell.replace("**", "").replace("`", "")


def _doc_table(section: str) -> dict[str, tuple]:
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    out = {}
    for row in rows:
        name, label, aliases, type_, presence, values, meaning = _cells(row)
        out[name.strip("`")] = (
            label, tuple(aliases.split(", ")) if aliases else (), type_, _doc_presence(presence),
            _doc_values(values), meaning,
        )  # fmt: skip
    return out


def parse_doc() -> dict[str, dict]:
    from compliance.reference import generated_part

    part = generated_part(DOC.read_text(encoding="utf-8"))
    sections = re.split(r"\n(?=## )", part)
    common = next(s for s in sections if s.startswith("## Common fields"))
    common_fields = _doc_table(common)
    out = {}
    for section in sections:
        m = re.match(r"## `(\w+)` (\S+)\n", section)
        if not m:
            continue
        kind, name = m.groups()
        fields = dict(common_fields)
        label, aliases, *rest = fields["id"]
        also = re.search(r"^Also accepted as the `id` header: (.+)\.$", section, re.MULTILINE)
        if also:
            fields["id"] = (label, aliases + tuple(also.group(1).split(", ")), *rest)
        k = fields["kind"]
        fields["kind"] = (*k[:4], {kind: k[4][kind]}, k[5])  # in a kind's columns: only it
        fields.update(_doc_table(section))
        out[kind] = {"kind": kind, "name": name, "fields": fields}
    return out


DOC_KINDS = parse_doc()


# --------------------------------------------------------------------------------------------
# compliance kinds == docs/kinds.md


def test_kinds_lists_every_kind_as_the_doc():
    result = run("kinds")
    assert result.exit_code == 0, result.output
    listed = parse_cli_list(result.output)
    assert list(listed) == list(SCHEMAS) == list(DOC_KINDS)
    for kind, (name, columns) in listed.items():
        assert name == DOC_KINDS[kind]["name"] == labels.kind_label(kind)
        assert columns == len(DOC_KINDS[kind]["fields"])


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_kind_columns_agree_with_the_doc(kind):
    result = run("kinds", kind)
    assert result.exit_code == 0, result.output
    printed = parse_cli_kind(result.output)
    documented = DOC_KINDS[kind]
    assert printed["kind"] == kind and printed["name"] == documented["name"]
    assert list(printed["fields"]) == list(documented["fields"])  # the same fields, in order
    for name, facts in printed["fields"].items():
        assert facts == documented["fields"][name], f"{kind}.{name}"
    # and both say what the labels API says
    assert list(printed["fields"]) == list(labels.column_fields(kind))
    for name, (label, aliases, _, _, values, _) in printed["fields"].items():
        assert label == labels.field_label(kind, name)
        assert aliases == labels.field_aliases(kind, name)
        assert set(values) == set(labels.allowed_values(kind, name))
        for value, names in values.items():
            assert {*names, value} == {t for t, v in labels.value_labels(kind, name).items() if v == value}


def test_a_kind_is_named_by_its_chinese_name_too():
    assert run("kinds", "故障").output == run("kinds", "fault").output
    result = run("kinds", "nope")
    assert result.exit_code == 2 and "unknown record kind 'nope'" in result.output


# --------------------------------------------------------------------------------------------
# The labels


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_every_column_has_a_label_and_headers_are_unique(kind):
    headers = []
    for name in labels.column_fields(kind):
        label = labels.field_label(kind, name)
        assert label.strip() == label and label, f"{kind}.{name}"
        own = [label, *labels.field_aliases(kind, name)]
        assert not set(own) & ALL_NAMES, f"{kind}.{name}: a label or alias is a field name"
        headers += own
    assert not [h for h, n in Counter(headers).items() if n > 1], kind
    assert set(labels.field_labels(kind)) == set(headers) | set(labels.column_fields(kind))
    assert all(labels.field_labels(kind)[n] == n for n in labels.column_fields(kind))


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_every_allowed_value_has_a_label(kind):
    for name in labels.column_fields(kind):
        values = labels.allowed_values(kind, name)
        texts = labels.value_labels(kind, name)
        for value in values:
            assert labels.value_label(kind, name, value), f"{kind}.{name}: {value}"
            assert texts[value] == value
        assert set(texts.values()) == set(values)
        assert set(VALUE_LABELS.get(kind, {}).get(name, {})) <= set(values)
    assert set(VALUE_LABELS.get(kind, {})) <= set(labels.column_fields(kind))
    assert labels.value_labels(kind, "备注") == {}  # an extra column: nothing to translate


def test_kind_names():
    assert set(KIND_LABELS) == set(SCHEMAS)
    assert len(set(KIND_LABELS.values())) == len(KIND_LABELS)
    for kind, name in KIND_LABELS.items():
        assert labels.kind_label(kind) == name
        assert labels.kind_by_label(name) == labels.kind_by_label(kind) == kind
        assert labels.kind_by_label(f" {kind.upper()} ") == kind
        assert labels.value_labels(kind, "kind") == {name: kind, kind: kind}
    assert labels.kind_by_label("nope") is None and labels.kind_by_label(None) is None
    with pytest.raises(KeyError):
        labels.field_labels("nope")


def test_the_common_headers_and_ticket_ids():
    assert labels.field_labels(None) == {
        "编号": "id", "id": "id", "记录类型": "kind", "kind": "kind",
        "合同": "contract", "合同名称": "contract", "合同编号": "contract", "contract": "contract",
    }  # fmt: skip
    assert "序号" not in EVERY_HEADER  # a row counter, not an id
    for kind in ("fault", "maintenance", "request"):
        assert labels.field_labels(kind)["工单号"] == "id"
    assert "工单号" not in labels.field_labels("attendance")
    assert labels.field_labels("fault")["发现时间"] == "detected_at"
    assert labels.field_labels("fault")["停机时长(分钟)"] == "downtime_minutes"
    assert labels.value_labels("attendance", "status")["迟到"] == "late"
    assert labels.value_labels("fault", "cause")["厂商原因"] == "vendor"


def test_the_labels_are_stored_on_the_schemas():
    for name in labels.COMMON_COLUMNS:
        assert EventSchema.model_fields[name].json_schema_extra["label"]
    for kind, schema in SCHEMAS.items():
        for name, f in schema.model_fields.items():
            if name not in EventSchema.model_fields:
                assert f.json_schema_extra["label"] == labels.field_label(kind, name)


# --------------------------------------------------------------------------------------------
# compliance template


def template_headers(kind: str) -> list[str]:
    return [labels.field_label(kind, n) for n in labels.column_fields(kind) if n != "kind"]


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_xlsx_template_header_is_the_labels_in_field_order(kind, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("template", kind)  # default: KIND.xlsx here
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(tmp_path / f"{kind}.xlsx")
    assert wb.sheetnames == [labels.kind_label(kind), INFO_SHEET]
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows == [tuple(template_headers(kind))]
    assert rows[0][0] == "编号"
    info = list(wb[INFO_SHEET].iter_rows(values_only=True))
    assert info[0][:5] == ("列名", "字段", "类型", "是否必填", "可填值")
    fields = [n for n in labels.column_fields(kind) if n != "kind"]
    assert [r[0] for r in info[1:]] == template_headers(kind)
    assert [r[1] for r in info[1:]] == [f"{kind}.{n}" for n in fields]
    for r, n in zip(info[1:], fields):
        assert r[3] == ("必填" if SCHEMAS[kind].model_fields[n].is_required() else r[3])
        assert r[3].startswith(("必填", "选填"))
        allowed = labels.allowed_values(kind, n)
        assert all(v in (r[4] or "") for v in allowed)
    # no row of 说明 looks like a header row (two or more column names): a reader looking for
    # the header does not take the sheet for records
    for r in info:
        assert sum(c in EVERY_HEADER for c in r if isinstance(c, str)) <= 1, r


def test_csv_template_is_utf8_with_bom(tmp_path):
    out = tmp_path / "考勤.csv"
    result = run("template", "考勤", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == [template_headers("attendance")]
    assert template_headers("attendance") == ["编号", "合同", "日期", "人员", "状态"]


def test_csv_template_on_standard_output():
    result = run("template", "fault", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout_bytes.decode("utf-8-sig") == ",".join(template_headers("fault")) + "\r\n"


@pytest.mark.parametrize(
    "target, message",
    [
        (".", "is a folder"),
        ("missing/fault.xlsx", "does not exist"),
        ("missing/fault.csv", "does not exist"),
        ("fault.txt", "give a .xlsx or .csv file name"),
    ],
)
def test_template_bad_target_is_exit_2(target, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("template", "fault", "-o", target)
    assert result.exit_code == 2 and message in result.output
    assert list(tmp_path.iterdir()) == []


def test_template_keeps_an_existing_file_unless_forced(tmp_path):
    out = tmp_path / "fault.xlsx"
    out.write_bytes(b"filled in")
    result = run("template", "fault", "-o", str(out))
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_bytes() == b"filled in"
    assert run("template", "fault", "-o", str(out), "--force").exit_code == 0
    assert openpyxl.load_workbook(out).worksheets[0]["A1"].value == "编号"


def test_template_unknown_kind_is_exit_2(tmp_path):
    result = run("template", "nope", "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2 and not (tmp_path / "x.xlsx").exists()


FILLED = {"编号": "F-1", "发现时间": "2026-09-30 09:15", "故障原因": "厂商原因", "是否上报": "是"}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_filled_template_loads(suffix, tmp_path):
    from compliance.inputs import load_events

    path = tmp_path / f"fault{suffix}"
    assert run("template", "fault", "-o", str(path)).exit_code == 0
    if suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        ws.append([FILLED.get(c.value) for c in ws[1]])
        wb.save(path)
    else:
        head = path.read_text(encoding="utf-8-sig").strip().split(",")
        row = ",".join(FILLED.get(h, "") for h in head)
        path.write_bytes(path.read_bytes() + row.encode() + b"\r\n")
    (ev,) = load_events([path], SH).events
    assert (ev.kind, ev.id, ev.cause, ev.reported) == ("fault", "F-1", "vendor", True)
    assert ev.detected_at.isoformat() == "2026-09-30T09:15:00+08:00"
