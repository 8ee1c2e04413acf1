"""Event records: what a user exporting from a ticket system relies on when the checker reads them."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from compliance.errors import InputError, Problem
from compliance.events import (
    KINDS,
    SCHEMAS,
    AttendanceEvent,
    AuditEvent,
    DrillEvent,
    EXPECT_DATE,
    EXPECT_TIME,
    EXPECT_TIME_YEAR_LAST,
    EventBase,
    FaultEvent,
    MaintenanceEvent,
    PaymentEvent,
    parse_record,
    to_instant,
)
from compliance.inputs import EXPECT_ENCODING, LoadResult, load_events

SH = ZoneInfo("Asia/Shanghai")
HEADER = "id,kind,contract,detected_at,responded_at,systems_affected,cause,reported,date,person,备注"
ROWS = [
    "F-1,fault,GZY-01,2026-09-30 09:15,2026-09-30T09:40:00+08:00,2,vendor,否,,,数据库主备切换",
    "A-1,attendance,GZY-01,,,,,,2026-09-30,张三,",
]


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\r\n".join([header, *rows]) + "\r\n"


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def problems_of(paths, tz=SH, **kw) -> list[Problem]:
    with pytest.raises(InputError) as exc:
        load_events(paths, tz, **kw)
    return exc.value.problems


def one(path: Path, **kw) -> EventBase:
    result = load_events([path], SH, **kw)
    assert len(result.events) == 1
    return result.events[0]


def fault_csv(tmp_path: Path, cells: dict[str, str], name: str = "f.csv") -> Path:
    row = {"id": "F-1", "kind": "fault", "detected_at": "2026-09-30 09:15", **cells}
    return write(tmp_path / name, csv_text(",".join(row.values()), header=",".join(row)))


# ---------------------------------------------------------------------------------------------
# Every format gives the same records


def _xlsx(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    # what Excel holds: real date/datetime cells, numbers and booleans rather than text
    ws.append(
        [
            "F-1", "fault", "GZY-01", datetime(2026, 9, 30, 9, 15), "2026-09-30T09:40:00+08:00",
            2, "vendor", False, None, None, "数据库主备切换",
        ]
    )  # fmt: skip
    ws.append(["A-1", "attendance", "GZY-01", None, None, None, None, None, date(2026, 9, 30), "张三"])
    ws["D2"].number_format = "yyyy-mm-dd hh:mm"
    ws["I3"].number_format = "yyyy-mm-dd"
    wb.save(path)
    return path


def _json_records() -> list[dict]:
    return [
        {"id": "F-1", "kind": "fault", "contract": "GZY-01", "detected_at": "2026-09-30 09:15",
         "responded_at": "2026-09-30T09:40:00+08:00", "systems_affected": 2, "cause": "vendor",
         "reported": False, "备注": "数据库主备切换"},
        {"id": "A-1", "kind": "attendance", "contract": "GZY-01", "date": "2026-09-30",
         "person": "张三", "备注": ""},
    ]  # fmt: skip


FORMATS = {
    "csv-utf8": lambda d: write(d / "e.csv", csv_text(*ROWS)),
    "csv-utf8-bom": lambda d: write(d / "e.csv", csv_text(*ROWS), "utf-8-sig"),
    "csv-gb18030": lambda d: write(d / "e.csv", csv_text(*ROWS).encode("gb18030")),
    "jsonl": lambda d: write(
        d / "e.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in _json_records()) + "\n"
    ),
    "json": lambda d: write(d / "e.json", json.dumps(_json_records(), ensure_ascii=False, indent=1)),
    "xlsx": lambda d: _xlsx(d / "e.xlsx"),
}
LOCATIONS = {
    "csv-utf8": ["2", "3"],
    "csv-utf8-bom": ["2", "3"],
    "csv-gb18030": ["2", "3"],
    "jsonl": ["1", "2"],
    "json": ["item 1", "item 2"],
    "xlsx": ["row 2", "row 3"],
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_loads_the_same_records(tmp_path, fmt):
    path = FORMATS[fmt](tmp_path)
    result = load_events([path], SH)
    assert isinstance(result, LoadResult)
    assert result.files == [str(path)]
    fault, att = result.events
    assert isinstance(fault, FaultEvent) and isinstance(att, AttendanceEvent)
    assert fault.detected_at == datetime(2026, 9, 30, 9, 15, tzinfo=SH)
    assert fault.responded_at == datetime(2026, 9, 30, 9, 40, tzinfo=timezone(timedelta(hours=8)))
    assert fault.systems_affected == 2 and fault.cause == "vendor" and fault.reported is False
    assert fault.extra == {"备注": "数据库主备切换"}
    assert att.date == date(2026, 9, 30) and type(att.date) is date
    assert att.person == "张三" and att.status == "present"
    assert [e.location for e in result.events] == LOCATIONS[fmt]
    assert {e.source for e in result.events} == {str(path)}


def test_formats_agree_field_for_field(tmp_path):
    dumps = {}
    for fmt, make in FORMATS.items():
        folder = tmp_path / fmt
        folder.mkdir()
        events = load_events([make(folder)], SH).events
        dumps[fmt] = [e.to_dict() for e in events]
    first = dumps["csv-utf8"]
    for fmt, d in dumps.items():
        assert d == first, fmt


# ---------------------------------------------------------------------------------------------
# Bad input: every problem, with file, line, field, value and what was expected


def test_gb18030_csv_with_bad_time_and_unknown_kind_reports_both(tmp_path):
    text = csv_text(
        "F-1,fault,GZY-01,2026-09-30 09:15,9点15,1,vendor,是,,,备注",
        "X-1,故障单,GZY-01,2026-09-30 09:15,,,,,,,",
        "A-1,attendance,GZY-01,,,,,,2026-09-30,李四,",
    )
    path = write(tmp_path / "samples" / "x.csv", text.encode("gb18030"))
    problems = problems_of([path])
    src = str(path)
    kinds = ", ".join(sorted(KINDS))
    assert problems == [
        Problem(src, "2", "fault.responded_at", "9点15", EXPECT_TIME),
        Problem(src, "3", "kind", "故障单", f"one of: {kinds}"),
    ]
    assert str(problems[0]) == (
        f"{src}:2: fault.responded_at: a date or date-time, year first (2026-09-30,"
        " 2026-09-30T10:00[:05][+08:00], 2026/9/30 10:00, 2026年9月30日 10:00): '9点15'"
    )
    assert "attendance, audit, complaint" in problems[1].expected


def test_all_files_reported_together(tmp_path):
    a = fault_csv(tmp_path, {"responded_at": "9点15"}, "a.csv")
    b = write(tmp_path / "b.jsonl", '{"id": "B-1", "kind": "fault"}\n')
    problems = problems_of([tmp_path])
    assert [(p.source, p.location, p.field) for p in problems] == [
        (str(a), "2", "fault.responded_at"),
        (str(b), "1", "fault.detected_at"),
    ]


@pytest.mark.parametrize(
    "data, what",
    [
        ("id,kind\r\nF-1,fault\r\n".encode("utf-32"), "UTF-32 byte-order mark"),
        (b"id,kind\r\nF-1,fa\x00ult\r\n", "NUL byte"),
        (b"id,kind\r\nF-1,\xff\xfe\xff\r\n", "bytes ff"),
    ],
)
def test_other_encodings_are_refused_naming_the_file(tmp_path, data, what):
    path = write(tmp_path / "export.csv", data)
    [p] = problems_of([path])
    assert p.source == str(path)
    assert p.expected == EXPECT_ENCODING
    assert what in p.value
    assert str(p).startswith(f"{path}: UTF-8, GB18030 or UTF-16 (with a byte-order mark) text; another encoding: --encoding NAME")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_with_a_bom_is_read(tmp_path, codec):
    bom = b"\xfe\xff" if codec == "utf-16-be" else b""  # "utf-16" writes its own
    data = bom + "id,kind,contract,date,person,status\r\nA-1,attendance,GZY-01,2026/9/30,张伟,present\r\n".encode(codec)
    [ev] = load_events([write(tmp_path / "export.csv", data)], SH).events
    assert (ev.person, ev.date) == ("张伟", date(2026, 9, 30))


def test_utf16_without_bom_is_refused(tmp_path):
    path = write(tmp_path / "export.csv", "id,kind\r\nF-1,fault\r\n".encode("utf-16-le"))
    [p] = problems_of([path])
    assert p.source == str(path) and p.expected == EXPECT_ENCODING


def test_required_field_missing(tmp_path):
    path = write(
        tmp_path / "e.csv",
        csv_text("F-1,fault,,,,,,,,,", ",attendance,,,,,,,2026-09-30,,"),
    )
    problems = problems_of([path])
    assert [(p.location, p.field, p.value, p.expected) for p in problems] == [
        ("2", "fault.detected_at", "", "required field missing"),
        ("3", "attendance.person", "", "required field missing"),
        ("3", "id", "", "required field missing"),
    ]


def test_missing_kind(tmp_path):
    path = write(tmp_path / "e.jsonl", '{"id": "X", "detected_at": "2026-09-30"}\n')
    [p] = problems_of([path])
    assert (p.location, p.field, p.expected) == ("1", "kind", "required field missing")


def test_spaces_only_cell_is_missing(tmp_path):
    path = fault_csv(tmp_path, {"detected_at": "   ", "reported": " "})
    [p] = problems_of([path])
    assert (p.field, p.expected) == ("fault.detected_at", "required field missing")


def test_bad_enum_lists_the_allowed_values(tmp_path):
    path = fault_csv(tmp_path, {"cause": "Vendor", "data_loss": "some"})
    problems = problems_of([path])
    assert [(p.field, p.value, p.expected) for p in problems] == [
        ("fault.cause", "Vendor", "one of: vendor (厂商原因), third_party (第三方原因), client (甲方原因), "
                                  "force_majeure (不可抗力)"),
        ("fault.data_loss", "some", "one of: none (无丢失), recovered (已恢复), unrecoverable (不可恢复)"),
    ]


def test_duplicate_id_names_the_first_occurrence(tmp_path):
    a = write(tmp_path / "a.csv", csv_text(*ROWS))
    b = write(tmp_path / "b.jsonl", '\n{"id": "F-1", "kind": "complaint", "at": "2026-10-01"}\n')
    [p] = problems_of([tmp_path])
    assert (p.source, p.location, p.field, p.value) == (str(b), "2", "id", "F-1")
    assert f"{a}:2" in p.expected


def test_duplicate_id_within_one_file_even_when_first_is_invalid(tmp_path):
    path = write(tmp_path / "e.csv", csv_text("F-1,fault,,9点15,,,,,,,", "F-1,fault,,2026-09-30,,,,,,,"))
    problems = problems_of([path])
    assert [(p.location, p.field) for p in problems] == [("2", "fault.detected_at"), ("3", "id")]
    assert f"{path}:2" in problems[1].expected


def test_number_id_from_excel_is_text_and_counts_for_duplicates(tmp_path):
    path = write(
        tmp_path / "e.json",
        json.dumps([{"id": 1001, "kind": "complaint", "at": "2026-10-01"},
                    {"id": "1001", "kind": "complaint", "at": "2026-10-02"}]),  # fmt: skip
    )
    [p] = problems_of([path])
    assert (p.location, p.field, p.value) == ("item 2", "id", "1001")


def test_bad_json_lines_are_reported_and_blank_lines_ignored(tmp_path):
    path = write(
        tmp_path / "e.jsonl",
        '{"id": "C-1", "kind": "complaint", "at": "2026-10-01"}\n\n   \n{"id": \n[1, 2]\n',
    )
    problems = problems_of([path])
    assert [(p.location, p.expected.split(" (")[0]) for p in problems] == [
        ("4", "a JSON object"),
        ("5", "a JSON object"),
    ]


def test_json_must_be_an_array_of_objects(tmp_path):
    path = write(tmp_path / "e.json", json.dumps([{"id": "C-1", "kind": "complaint", "at": "2026-10-01"}, 3]))
    [p] = problems_of([path])
    assert (p.location, p.expected) == ("item 2", "a JSON object")
    path.write_text('{"id": "C-1"}')
    [p] = problems_of([path])
    assert p.expected == "a JSON array of objects"


def test_missing_path_and_unsupported_file(tmp_path):
    other = write(tmp_path / "notes.txt", "hello")
    problems = problems_of([tmp_path / "nope.csv", other])
    assert {(p.source, p.expected) for p in problems} == {
        (str(tmp_path / "nope.csv"), "an existing file or folder"),
        (str(other), "a .csv, .json, .jsonl or .xlsx file"),
    }


def test_broken_xlsx_is_reported(tmp_path):
    path = write(tmp_path / "e.xlsx", b"not a zip file")
    [p] = problems_of([path])
    assert p.source == str(path) and p.expected == "a readable .xlsx workbook"


# ---------------------------------------------------------------------------------------------
# Times


def test_naive_time_gets_the_run_time_zone_offset_is_kept_date_stays_date(tmp_path):
    path = fault_csv(
        tmp_path,
        {
            "detected_at": "2026-09-30T09:15",
            "responded_at": "2026-09-30T02:00:00Z",
            "onsite_at": "2026-09-30T11:00:00+09:00",
            "resolved_at": "2026-10-01",
        },
    )
    ev = one(path)
    assert ev.detected_at == datetime(2026, 9, 30, 9, 15, tzinfo=SH)
    assert ev.detected_at.tzinfo is SH
    assert ev.responded_at.utcoffset() == timedelta(0)
    assert ev.onsite_at.utcoffset() == timedelta(hours=9)
    assert ev.onsite_at.hour == 11
    assert type(ev.resolved_at) is date and ev.resolved_at == date(2026, 10, 1)


def test_naive_time_uses_the_zone_passed_to_the_loader(tmp_path):
    utc = ZoneInfo("UTC")
    ev = load_events([fault_csv(tmp_path, {})], utc).events[0]
    assert ev.detected_at == datetime(2026, 9, 30, 9, 15, tzinfo=utc)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-09-30 09:15", datetime(2026, 9, 30, 9, 15, tzinfo=SH)),
        ("2026-09-30T09:15:07", datetime(2026, 9, 30, 9, 15, 7, tzinfo=SH)),
        ("2026-09-30T09:15:07.250", datetime(2026, 9, 30, 9, 15, 7, 250000, tzinfo=SH)),
        ("2026-09-30T01:15Z", datetime(2026, 9, 30, 9, 15, tzinfo=SH)),
        ("2026-09-30T09:15+0800", datetime(2026, 9, 30, 9, 15, tzinfo=SH)),
        ("2026-09-30", date(2026, 9, 30)),
        # as people and Excel (a CSV saved on Chinese Windows) write them, year first
        ("2026/9/30 9:15", datetime(2026, 9, 30, 9, 15, tzinfo=SH)),
        ("2026/09/30 09:15:07", datetime(2026, 9, 30, 9, 15, 7, tzinfo=SH)),
        ("2026/9/30", date(2026, 9, 30)),
        ("2026-9-30 9:15", datetime(2026, 9, 30, 9, 15, tzinfo=SH)),
        ("2026-09-30 9:15", datetime(2026, 9, 30, 9, 15, tzinfo=SH)),
        ("2026年9月30日 9:15", datetime(2026, 9, 30, 9, 15, tzinfo=SH)),
        ("2026年9月30日", date(2026, 9, 30)),
        ("2026.09.30 09:15", datetime(2026, 9, 30, 9, 15, tzinfo=SH)),
    ],
)
def test_accepted_time_shapes(tmp_path, text, expected):
    ev = one(fault_csv(tmp_path, {"detected_at": text}))
    assert ev.detected_at == expected
    assert type(ev.detected_at) is type(expected)


@pytest.mark.parametrize(
    "text",
    ["9点15", "2026/13/01", "2026/09/31", "2026-13-01", "2026-02-30", "2026-09-30T25:00",
     "2026-09-30T09", "20260930", "2026-W40-1", "30.09.2026 09:15", "9/30/2026 9:15", "30/9/2026", "today"],
)  # fmt: skip
def test_rejected_time_shapes(tmp_path, text):
    """A year-last date is refused as ambiguous; every other bad time says what is accepted."""
    [p] = problems_of([fault_csv(tmp_path, {"detected_at": text})])
    year_last = text in ("30.09.2026 09:15", "9/30/2026 9:15", "30/9/2026")
    assert (p.field, p.value, p.expected) == (
        "fault.detected_at", text, EXPECT_TIME_YEAR_LAST if year_last else EXPECT_TIME)
    assert ("ambiguous" in p.expected) is year_last


def test_date_only_fields_take_the_date_of_a_date_time_without_an_offset(tmp_path):
    path = write(
        tmp_path / "e.csv",
        "id,kind,audit_type,completed_on,valid_until\r\n"
        "AU-1,audit,mlps,2026-09-30,2027-09-29\r\n"
        "AU-2,audit,mlps,2026-09-30 10:00,2027/9/29\r\n"
        "AU-3,audit,mlps,2026/9/30 10:00,2027年9月29日\r\n"
        "AU-4,audit,mlps,2026-09-30T10:00+08:00,\r\n"
        "AU-5,audit,mlps,9/30/2026,\r\n",
    )
    p4, p5 = problems_of([path])
    assert (p4.location, p4.field, p4.value, p4.expected) == ("5", "audit.completed_on", "2026-09-30T10:00+08:00", EXPECT_DATE)
    assert (p5.location, p5.field, p5.value) == ("6", "audit.completed_on", "9/30/2026")
    assert p5.expected == ("a date, year first (2026-09-30, 2026/9/30, 2026年9月30日); "
                           "a date written year last is ambiguous (month or day first?)")
    assert EXPECT_DATE == "a date, year first (2026-09-30, 2026/9/30, 2026年9月30日)"
    a, b, c = load_events([write(tmp_path / "ok.csv", "\r\n".join(path.read_text().splitlines()[:4]) + "\r\n")], SH).events
    assert a.completed_on == b.completed_on == c.completed_on == date(2026, 9, 30)
    assert type(b.completed_on) is date
    assert a.valid_until == b.valid_until == c.valid_until == date(2027, 9, 29)


def test_excel_cells_for_times_and_dates(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "kind", "planned_start", "notified_at", "approved_at", "held_on", "person_times"])
    ws.append(["M-1", "maintenance", datetime(2026, 10, 8, 22, 0), date(2026, 10, 1), datetime(2026, 10, 2)])
    ws["E2"].number_format = "yyyy-mm-dd hh:mm"  # a date-time cell at 00:00 stays a date-time
    # row 3 left empty; then a training record: a date-time cell at 00:00 in a date-only
    # field is that date, and an Excel number 12.0 is the whole number 12
    ws["A4"], ws["B4"], ws["F4"], ws["G4"] = "T-1", "training", datetime(2026, 10, 9), 12.0
    ws["F4"].number_format = "yyyy-mm-dd hh:mm"
    path = tmp_path / "e.xlsx"
    wb.save(path)
    m, t = load_events([path], SH).events
    assert m.planned_start == datetime(2026, 10, 8, 22, 0, tzinfo=SH)
    assert type(m.notified_at) is date and m.notified_at == date(2026, 10, 1)
    assert m.approved_at == datetime(2026, 10, 2, 0, 0, tzinfo=SH)
    assert t.held_on == date(2026, 10, 9) and type(t.held_on) is date
    assert t.person_times == 12
    assert (m.location, t.location) == ("row 2", "row 4")


def test_xlsx_problems_name_the_row(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "kind", "at"])
    ws.append(["C-1", "complaint", "2026-10-01"])
    ws.append(["C-2", "complaint", "9点15"])
    wb.save(tmp_path / "e.xlsx")
    [p] = problems_of([tmp_path / "e.xlsx"])
    assert str(p) == f"{tmp_path / 'e.xlsx'}:row 3: complaint.at: {EXPECT_TIME}: '9点15'"


def test_to_instant():
    assert to_instant(date(2026, 9, 30), SH) == datetime(2026, 9, 30, 0, 0, tzinfo=SH)
    assert to_instant(date(2026, 9, 30), SH, end_of_day=True) == datetime(2026, 10, 1, tzinfo=SH)
    aware = datetime(2026, 9, 30, 9, 0, tzinfo=timezone.utc)
    assert to_instant(aware, SH) is aware
    assert to_instant(aware, SH, end_of_day=True) is aware
    assert to_instant(datetime(2026, 9, 30, 9, 0), SH) == datetime(2026, 9, 30, 9, 0, tzinfo=SH)


def test_end_of_day_across_a_dst_change():
    ny = ZoneInfo("America/New_York")
    end = to_instant(date(2026, 3, 8), ny, end_of_day=True)  # a 23-hour day
    assert end == datetime(2026, 3, 9, tzinfo=ny)
    start = to_instant(date(2026, 3, 8), ny)
    # (same-zone subtraction is wall-clock in Python: compare in UTC)
    assert end.astimezone(timezone.utc) - start.astimezone(timezone.utc) == timedelta(hours=23)


# ---------------------------------------------------------------------------------------------
# Cell values


@pytest.mark.parametrize(
    "cell, value",
    [("true", True), ("FALSE", False), ("1", True), ("0", False), ("Yes", True), ("no", False),
     ("Y", True), ("n", False), ("是", True), ("否", False), ("有", True), ("无", False)],
)  # fmt: skip
def test_bool_cells(tmp_path, cell, value):
    assert one(fault_csv(tmp_path, {"data_leak": cell})).data_leak is value


@pytest.mark.parametrize("cell", ["2", "maybe", "对"])
def test_bad_bool_cell(tmp_path, cell):
    [p] = problems_of([fault_csv(tmp_path, {"reported": cell})])
    assert (p.field, p.value) == ("fault.reported", cell)
    assert "true/false" in p.expected and "是/否" in p.expected


def test_bool_and_int_from_json_and_excel_numbers(tmp_path):
    path = write(
        tmp_path / "e.jsonl",
        '{"id": "F-1", "kind": "fault", "detected_at": "2026-09-30", "reported": 0,'
        ' "data_leak": true, "systems_affected": 3.0}\n',
    )
    ev = one(path)
    assert (ev.reported, ev.data_leak, ev.systems_affected) == (False, True, 3)


@pytest.mark.parametrize("cell, value", [("3", 3), ("3.0", 3), ("0", 0), (" 12 ", 12)])
def test_int_cells(tmp_path, cell, value):
    assert one(fault_csv(tmp_path, {"systems_affected": cell})).systems_affected == value


@pytest.mark.parametrize("cell", ["3.5", "three", "-1", "true"])
def test_bad_int_cell(tmp_path, cell):
    [p] = problems_of([fault_csv(tmp_path, {"systems_affected": cell})])
    assert (p.field, p.value) == ("fault.systems_affected", cell.strip())
    assert "whole number" in p.expected


@pytest.mark.parametrize("field, value", [
    ("systems_affected", -1), ("systems_affected", True), ("downtime_minutes", -5),
    ("downtime_minutes", True), ("reported", 2), ("id", True), ("contract", False),
])
def test_json_values_of_the_wrong_kind_are_refused(tmp_path, field, value):
    """A JSON export's own types go through the same checks as text: a count or a duration is a
    number not below 0 (and true is not one), a yes/no is true/false or 0/1, an id is text."""
    record = {"id": "F-1", "kind": "fault", "detected_at": "2026-09-30T09:15:00", field: value}
    [p] = problems_of([write(tmp_path / "e.jsonl", json.dumps(record) + "\n")])
    assert (p.field, p.location) == (field if field in ("id", "contract") else f"fault.{field}", "1")


@pytest.mark.parametrize("minutes", [10**400, 10**20, 52_560_001, "1e400", -1])
def test_a_duration_beyond_100_years_is_refused_not_a_crash(tmp_path, minutes):
    """downtime_minutes 10^20 once crashed the check (OverflowError: a date cannot hold it); 10^400
    crashed reading (no float holds it). Both are input errors naming the field."""
    record = {"id": "F-1", "kind": "fault", "detected_at": "2026-09-30T09:15:00", "downtime_minutes": minutes}
    [p] = problems_of([write(tmp_path / "e.jsonl", json.dumps(record) + "\n")])
    assert (p.field, p.location) == ("fault.downtime_minutes", "1")
    assert p.expected == "a number of minutes, 0 or more (at most 52,560,000: 100 years)"


@pytest.mark.parametrize("record, field", [
    ({"kind": "fault", "detected_at": "2026-09-30T09:15", "systems_affected": 1_000_001}, "fault.systems_affected"),
    ({"kind": "fault", "detected_at": "2026-09-30T09:15", "systems_affected": "1" * 5000}, "fault.systems_affected"),
    ({"kind": "rectification", "notice_at": "2026-09-30T09:15", "limit_working_days": 10**30},
     "rectification.limit_working_days"),
    ({"kind": "payment", "invoice_at": "2026-09-30", "amount": 1e300}, "payment.amount"),
    ({"kind": "payment", "invoice_at": "2026-09-30", "amount": "1000000000000000"}, "payment.amount"),
])
def test_numbers_no_record_holds_are_refused_not_a_crash(tmp_path, record, field):
    """A limit of 10^30 working days (no date holds its end) and an amount of 1e300 yuan
    (interest beyond Decimal's 28 digits) crashed the check; a count of 5,000 digits crashed
    reading. Counts are at most 1,000,000, amounts below 10^15 yuan."""
    [p] = problems_of([write(tmp_path / "e.jsonl", json.dumps({"id": "X-1", **record}) + "\n")])
    assert p.field == field


def test_the_largest_count_and_amount_are_taken(tmp_path):
    path = write(tmp_path / "e.jsonl", json.dumps(
        {"id": "P-1", "kind": "payment", "invoice_at": "2026-09-30", "amount": "999999999999999.99"}) + "\n"
        + json.dumps({"id": "F-1", "kind": "fault", "detected_at": "2026-09-30T09:15", "systems_affected": 1_000_000}) + "\n")
    p, f = load_events([path], SH).events
    assert (p.amount, f.systems_affected) == (Decimal("999999999999999.99"), 1_000_000)


def test_a_duration_of_100_years_is_still_a_duration(tmp_path):
    record = {"id": "F-1", "kind": "fault", "detected_at": "2026-09-30T09:15:00", "downtime_minutes": 52_560_000}
    assert one(write(tmp_path / "e.jsonl", json.dumps(record) + "\n")).downtime_minutes == 52_560_000.0


def test_json_python_cannot_take_is_an_input_error_naming_the_line(tmp_path):
    """A number of 4,401 digits (Python reads 4,300) and a \\u escape of a lone surrogate (no
    character: no report can hold it) crashed the check; each is now its line's problem. A
    surrogate pair (an emoji written as two escapes) is a character."""
    lines = ['{"id": "F-1", "kind": "fault", "detected_at": "2026-09-30T09:15", "systems_affected": 1' + "0" * 4400 + "}",
             '{"id": "F-\\ud800", "kind": "fault", "detected_at": "2026-09-30T09:15"}',
             '{"id": "F-\\ud83d\\ude00", "kind": "fault", "detected_at": "2026-09-30T09:15"}']
    path = write(tmp_path / "e.jsonl", "\n".join(lines) + "\n")
    bad = problems_of([path])
    assert [p.location for p in bad] == ["1", "2"]
    assert "4300" in bad[0].expected and "a JSON object" in bad[0].expected
    assert "unpaired surrogate" in bad[1].expected
    ok = write(tmp_path / "ok.jsonl", lines[2] + "\n")
    assert one(ok).id == "F-\U0001F600"
    arr = write(tmp_path / "a.json", "[" + lines[1] + "]")
    [p] = problems_of([arr])
    assert "unpaired surrogate" in p.value and p.expected == "a JSON array of objects"


def test_json_values_of_the_right_kind_are_taken_as_they_are(tmp_path):
    path = write(tmp_path / "e.jsonl", json.dumps(
        {"id": 1001, "kind": "fault", "contract": "GZY-01", "detected_at": "2026-09-30T09:15:00",
         "systems_affected": 0, "downtime_minutes": 90, "reported": False}) + "\n")
    ev = one(path)
    assert (ev.id, ev.contract, ev.systems_affected, ev.reported) == ("1001", "GZY-01", 0, False)
    assert ev.downtime_minutes == 90.0 and type(ev.downtime_minutes) is float
    assert ev.detected_at == datetime(2026, 9, 30, 9, 15, tzinfo=SH) and ev.detected_at.tzinfo is SH


def test_int_rejects_fractional_json_number(tmp_path):
    path = write(tmp_path / "e.json", json.dumps([{"id": "T", "kind": "training", "held_on": "2026-10-09", "person_times": 3.5}]))
    [p] = problems_of([path])
    assert (p.field, p.value) == ("training.person_times", "3.5")


def test_defaults_when_cells_are_empty(tmp_path):
    path = write(
        tmp_path / "e.csv",
        "id,kind,planned_start,affects_service,detected_at,systems_affected,reported\r\n"
        "M-1,maintenance,2026-10-08T22:00,,,,\r\n"
        "F-1,fault,,,2026-10-08,,\r\n",
    )
    m, f = load_events([path], SH).events
    assert m.affects_service is True and m.service_stopped is None and m.notified_at is None
    assert f.systems_affected == 1 and f.reported is True and f.downtime_minutes is None


@pytest.mark.parametrize(
    "cell, value",
    [("plan;record;photos", ["plan", "record", "photos"]), ("plan；photos", ["plan", "photos"]),
     (" record ; ", ["record"]), ("plan,record", ["plan", "record"])],
)  # fmt: skip
def test_evidence_from_separated_text(tmp_path, cell, value):
    path = write(
        tmp_path / "e.csv",
        f'id,kind,drill_type,held_on,evidence\r\nD-1,drill,fire,2026-10-09,"{cell}"\r\n',
    )
    assert one(path).evidence == value


def test_evidence_from_json_list_and_missing(tmp_path):
    path = write(
        tmp_path / "e.jsonl",
        '{"id": "D-1", "kind": "drill", "drill_type": "power", "held_on": "2026-10-09", "evidence": ["plan", "photos"]}\n'
        '{"id": "D-2", "kind": "drill", "drill_type": "power", "held_on": "2026-10-09"}\n'
        '{"id": "D-3", "kind": "drill", "drill_type": "power", "held_on": "2026-10-09", "evidence": []}\n',
    )
    d1, d2, d3 = load_events([path], SH).events
    assert d1.evidence == ["plan", "photos"]
    assert d2.evidence is None  # not recorded
    assert d3.evidence == []  # recorded: none


def test_unknown_evidence_item_is_an_error(tmp_path):
    path = write(tmp_path / "e.csv", "id,kind,drill_type,held_on,evidence\r\nD-1,drill,fire,2026-10-09,plan;video\r\n")
    [p] = problems_of([path])
    assert (p.field, p.value) == ("drill.evidence", "plan;video")
    assert "plan, record, photos" in p.expected


def test_unknown_extra_fields_are_kept(tmp_path):
    path = write(tmp_path / "e.csv", "id,kind,at, 工单来源 ,ticket_no\r\nC-1,complaint,2026-10-01,12345热线,T-77\r\n")
    ev = one(path)
    assert ev.extra == {"工单来源": "12345热线", "ticket_no": "T-77"}
    assert ev.ticket_no == "T-77"


def test_user_columns_named_source_or_location_are_kept_aside(tmp_path):
    path = write(tmp_path / "e.csv", "id,kind,at,location,source\r\nC-1,complaint,2026-10-01,机房A,热线\r\n")
    ev = one(path)
    assert (ev.source, ev.location) == (str(path), "2")
    assert ev.extra == {"location_": "机房A", "source_": "热线"}


def test_header_whitespace_and_empty_columns(tmp_path):
    path = write(tmp_path / "e.csv", " id , kind ,at,\r\nC-1,complaint,2026-10-01,\r\nC-2,complaint,2026-10-02\r\n\r\n,,,\r\n")
    events = load_events([path], SH).events
    assert [e.id for e in events] == ["C-1", "C-2"]


def test_value_under_a_column_without_name_is_an_error(tmp_path):
    path = write(tmp_path / "e.csv", "id,kind,at,\r\nC-1,complaint,2026-10-01,stray\r\nC-2,complaint,2026-10-02,,x\r\n")
    problems = problems_of([path])
    assert [(p.location, p.field, p.value) for p in problems] == [("2", "column 4", "stray"), ("3", "column 5", "x")]


def test_duplicate_column_names_are_an_error(tmp_path):
    path = write(tmp_path / "e.csv", "id,kind,at,at\r\nC-1,complaint,2026-10-01,2026-10-02\r\n")
    [p] = problems_of([path])
    assert (p.location, p.field) == ("1", "at")


def test_multiline_cell_keeps_line_numbers(tmp_path):
    path = write(
        tmp_path / "e.csv",
        'id,kind,at,note\r\nC-1,complaint,2026-10-01,"two\r\nlines"\r\nC-2,complaint,9点\r\n',
    )
    [p] = problems_of([path])
    assert (p.location, p.field) == ("4", "complaint.at")


def test_amount_is_decimal(tmp_path):
    path = write(
        tmp_path / "e.jsonl",
        '{"id": "P-1", "kind": "payment", "invoice_at": "2026-10-01", "amount": "1,234,567.10"}\n'
        '{"id": "P-2", "kind": "payment", "invoice_at": "2026-10-01", "amount": 0.1}\n',
    )
    p1, p2 = load_events([path], SH).events
    assert isinstance(p1, PaymentEvent)
    assert p1.amount == Decimal("1234567.10") and isinstance(p1.amount, Decimal)
    assert p2.amount == Decimal("0.1")


@pytest.mark.parametrize("cell", ["壹万元", "NaN", "Infinity"])
def test_bad_amount(tmp_path, cell):
    path = write(tmp_path / "e.csv", f"id,kind,invoice_at,amount\r\nP-1,payment,2026-10-01,{cell}\r\n")
    [p] = problems_of([path])
    assert (p.field, p.value) == ("payment.amount", cell)


def test_fractions_and_score(tmp_path):
    path = write(
        tmp_path / "e.csv",
        "id,kind,project,month,cpu_peak,mem_peak,disk_used,period,score\r\n"
        "U-1,utilization,政务云一期,2026-07,0.85,85%,1,,\r\n"
        "S-1,survey,,,,,,2026-H2,92.5\r\n",
    )
    u, s = load_events([path], SH).events
    assert (u.month, u.cpu_peak, u.mem_peak, u.disk_used, u.cpu_valley) == ("2026-07", 0.85, 0.85, 1.0, None)
    assert (s.period, s.score) == ("2026-H2", 92.5)
    path.write_text(
        "id,kind,project,month,cpu_peak,period,score\r\n"
        "U-1,utilization,p,2026-13,1.5,,\r\n"
        "S-1,survey,,,,2026-H3,101\r\n"
    )
    problems = problems_of([path])
    assert [(p.field, p.value) for p in problems] == [
        ("utilization.cpu_peak", "1.5"),
        ("utilization.month", "2026-13"),
        ("survey.period", "2026-H3"),
        ("survey.score", "101"),
    ]


@pytest.mark.parametrize("period, ok", [
    ("2026-07", True), ("2026-W31", True), ("2026-Q3", True), ("2026-w01", True),
    ("2026-W53", True), ("2025-W53", False), ("2026-W00", False), ("2026-13", False),
    ("2026-Q5", False), ("2026-H2", False), ("2026", True), ("2026-7", False), ("七月", False),
])  # fmt: skip
def test_report_period(tmp_path, period, ok):
    path = write(tmp_path / "e.csv", f"id,kind,report_type,period\r\nR-1,report,monthly_ops,{period}\r\n")
    if ok:
        assert one(path).period == period.upper()
    else:
        [p] = problems_of([path])
        assert (p.field, p.value) == ("report.period", period)
        assert p.expected == "a period YYYY-MM, YYYY-Www, YYYY-Qn or YYYY"


def test_month_from_an_excel_date_cell(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "kind", "month", "matches_report"])
    ws.append(["SC-1", "spot_check", date(2026, 7, 1), True])
    wb.save(tmp_path / "e.xlsx")
    ev = one(tmp_path / "e.xlsx")
    assert (ev.month, ev.matches_report) == ("2026-07", True)


def test_audit_level_number_is_text(tmp_path):
    path = write(
        tmp_path / "e.json",
        json.dumps([{"id": "AU-1", "kind": "audit", "audit_type": "mlps", "completed_on": "2026-09-30", "level": 3}]),
    )
    ev = one(path)
    assert isinstance(ev, AuditEvent) and ev.level == "3"


def test_effective_downtime():
    f = parse_record({"id": "F", "kind": "fault", "detected_at": "2026-09-30T09:00", "resolved_at": "2026-09-30T10:30"})
    assert f.downtime_minutes is None and f.effective_downtime_minutes() == 90.0
    f = parse_record({"id": "F", "kind": "fault", "detected_at": "2026-09-30T09:00", "downtime_minutes": "12.5"})
    assert f.effective_downtime_minutes() == 12.5
    f = parse_record({"id": "F", "kind": "fault", "detected_at": "2026-09-30T09:00"})
    assert f.effective_downtime_minutes() is None


# ---------------------------------------------------------------------------------------------
# Runs: contracts, folders


def test_contract_filter(tmp_path):
    path = write(
        tmp_path / "e.csv",
        "id,kind,contract,at\r\nC-1,complaint,GZY-01,2026-10-01\r\nC-1,complaint,GZY-02,2026-10-01\r\n"
        "C-3,complaint,,2026-10-02\r\nC-4,complaint,GZY-02,9点\r\n",
    )
    result = load_events([path], SH, contract="GZY-01")
    assert [(e.id, e.contract) for e in result.events] == [("C-1", "GZY-01"), ("C-3", None)]
    assert result.skipped_other_contract == 2
    with pytest.raises(InputError):  # without a contract every record counts
        load_events([path], SH)


def test_folders_are_read_recursively_in_path_order(tmp_path):
    write(tmp_path / "b" / "z.jsonl", '{"id": "C-3", "kind": "complaint", "at": "2026-10-03"}\n')
    write(tmp_path / "a.csv", "id,kind,at\r\nC-1,complaint,2026-10-01\r\n")
    write(tmp_path / "b" / "a.json", '[{"id": "C-2", "kind": "complaint", "at": "2026-10-02"}]')
    write(tmp_path / "b" / "readme.txt", "ignored")
    write(tmp_path / "b" / "~$locked.xlsx", b"Excel lock file")
    result = load_events([tmp_path / "b", tmp_path / "a.csv", tmp_path], SH)
    assert [e.id for e in result.events] == ["C-1", "C-2", "C-3"]
    assert result.files == [str(tmp_path / "a.csv"), str(tmp_path / "b" / "a.json"), str(tmp_path / "b" / "z.jsonl")]


# ---------------------------------------------------------------------------------------------
# The record classes and their schemas


def test_kinds_and_their_schemas():
    assert sorted(KINDS) == sorted(
        ["maintenance", "fault", "attendance", "staff_change", "request", "audit", "drill", "report",
         "training", "complaint", "missed_call", "outage", "payment", "rectification",
         "contact_change", "force_majeure", "spot_check", "deployment", "survey", "utilization",
         # added for the other contracts (docs/kinds.md): additions, never renames
         "log_check", "security_task", "data_deletion", "team_roster"]
    )  # fmt: skip
    assert list(SCHEMAS) == list(KINDS)
    for kind, model in KINDS.items():
        assert issubclass(model, EventBase) and model.kind == kind
        assert model.model_fields is SCHEMAS[kind].model_fields
        assert model.model_fields["kind"].default == kind
    ev = parse_record({"id": "M-1", "kind": "maintenance", "planned_start": "2026-10-08T22:00"}, SH)
    assert isinstance(ev, MaintenanceEvent) and ev.planned_start.tzinfo is SH


def test_records_are_immutable(tmp_path):
    path = write(tmp_path / "e.csv", "id,kind,at,备注\r\nC-1,complaint,2026-10-01,热线\r\n")
    [a] = load_events([path], SH).events
    for name in ("id", "at", "kind", "source", "备注", "new_field"):
        with pytest.raises(AttributeError, match="immutable"):
            setattr(a, name, "X")
    with pytest.raises(AttributeError, match="immutable"):
        del a.at
    with pytest.raises(TypeError):
        a.extra["备注"] = "changed"
    assert (a.id, a.备注, a.extra) == ("C-1", "热线", {"备注": "热线"})
    assert not hasattr(a, "__dict__")


def test_extra_columns_are_kept_with_the_record_and_its_fields(tmp_path):
    path = write(
        tmp_path / "e.jsonl",
        '{"id": "C-1", "kind": "complaint", "at": "2026-10-01", "ticket_no": 77, "备注": "热线"}\n'
        '{"id": "C-2", "kind": "complaint", "at": "2026-10-02"}\n',
    )
    a, b = load_events([path], SH).events
    assert a.extra == {"ticket_no": 77, "备注": "热线"} and a.ticket_no == 77
    assert a.to_dict() == {"id": "C-1", "kind": "complaint", "contract": None,
                           "at": date(2026, 10, 1), "ticket_no": 77, "备注": "热线"}  # fmt: skip
    assert b.extra == {} and getattr(b, "ticket_no", None) is None
    with pytest.raises(AttributeError):
        b.ticket_no


def test_parse_record_and_file_loading_give_identical_records(tmp_path):
    for fmt, make in FORMATS.items():
        folder = tmp_path / fmt
        folder.mkdir()
        path = make(folder)
        for loaded, rec in zip(load_events([path], SH).events, _json_records()):
            parsed = parse_record(rec, SH, source=str(path), location=loaded.location)
            assert type(parsed) is type(loaded), fmt
            assert parsed.to_dict() == loaded.to_dict(), fmt
            assert (parsed.source, parsed.location, parsed.where()) == (
                loaded.source, loaded.location, loaded.where()
            ), fmt


def test_loaded_records_share_repeated_values(tmp_path):
    path = write(
        tmp_path / "e.csv",
        "id,kind,contract,date,person,status\r\n"
        + "".join(f"A-{i},attendance,GZY-01,2026-09-30,张三,late\r\n" for i in range(3)),
    )
    a, b, c = load_events([path], SH).events
    assert a.date is b.date is c.date and a.person is b.person and a.status is c.status
    assert a.contract is b.contract and a.source is c.source
    assert [r.location for r in (a, b, c)] == ["2", "3", "4"]


def test_parse_record_raises_input_error():
    with pytest.raises(InputError) as exc:
        parse_record({"id": "", "kind": "drill", "drill_type": "flood", "held_on": "10/09/2026"}, source="case 3")
    assert [(p.source, p.field) for p in exc.value.problems] == [
        ("case 3", "drill.drill_type"),
        ("case 3", "drill.held_on"),
        ("case 3", "id"),
    ]
    ev = parse_record({"id": "A", "kind": "attendance", "date": date(2026, 9, 30), "person": "王五", "status": "late"})
    assert isinstance(ev, AttendanceEvent) and ev.status == "late"


def test_drill_record_from_a_dict():
    d = parse_record({"id": "D", "kind": "drill", "held_on": "2026-10-09", "drill_type": "fire", "evidence": "plan；record"})
    assert isinstance(d, DrillEvent)
    assert d.kind == "drill" and d.evidence == ["plan", "record"] and d.held_on == date(2026, 10, 9)


def test_jsonl_must_be_utf8(tmp_path):
    line = '{"id": "C-1", "kind": "complaint", "at": "2026-10-01", "备注": "热线"}\n'
    path = write(tmp_path / "e.jsonl", (line + line.replace("C-1", "C-2")).encode("gb18030"))
    [p] = problems_of([path])
    assert (p.source, p.expected) == (str(path), "UTF-8 text")


def test_a_file_named_twice_is_read_once(tmp_path):
    path = write(tmp_path / "e.csv", "id,kind,at\r\nC-1,complaint,2026-10-01\r\n")
    result = load_events([path, tmp_path, str(path)], SH)
    assert [e.id for e in result.events] == ["C-1"] and result.files == [str(path)]
