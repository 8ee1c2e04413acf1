"""Impossible sequences are input errors, and audit levels are read as people write them (issue 10)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from compliance.errors import InputError
from compliance.events import SEQUENCES, audit_level, parse_record
from compliance.inputs import load_events

SH = ZoneInfo("Asia/Shanghai")


def problems(record: dict) -> list[str]:
    try:
        parse_record(record, source="e.csv", location="2")
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return []


# (kind, required fields, later field, earlier field)
BASE = {
    "fault": {"detected_at": "2026-09-30 10:00"},
    "outage": {"start": "2026-09-30 10:00", "end": "2026-09-30 11:00"},
    "request": {"received_at": "2026-09-30 10:00"},
    "maintenance": {"planned_start": "2026-09-30 10:00"},
    "rectification": {"notice_at": "2026-09-30 10:00"},
    "data_deletion": {"requested_at": "2026-09-30 10:00"},
    "force_majeure": {"occurred_at": "2026-09-30 10:00"},
    "log_check": {"checked_on": "2026-09-30", "oldest_log_date": "2026-03-30"},
}
PAIRS = [(kind, later, earlier) for kind, pairs in SEQUENCES.items() for later, earlier in pairs]


def test_every_rule_is_tested_and_names_existing_fields():
    assert {k for k, _, _ in PAIRS} == set(BASE)
    for kind, later, earlier in PAIRS:
        fields = parse_record({"id": "X", "kind": kind, **BASE[kind]}).model_fields
        assert later in fields and earlier in fields


def _record(kind: str, later: str, earlier: str, later_value: str, earlier_value: str) -> dict:
    rec = {"id": "X", "kind": kind, **BASE[kind], earlier: earlier_value}
    if kind == "data_deletion" and earlier == "deleted_at":
        rec["requested_at"] = "2026-09-29 08:00"
    rec[later] = later_value
    return rec


@pytest.mark.parametrize(("kind", "later", "earlier"), PAIRS)
def test_later_before_earlier_is_an_input_error_naming_both(kind, later, earlier):
    rec = _record(kind, later, earlier, "2026-09-30 09:00", "2026-09-30 10:00")
    if kind == "log_check":  # both dates
        rec = _record(kind, later, earlier, "2026-09-29", "2026-09-30")
        expected = f"e.csv:2: {kind}.{later}: not before {kind}.{earlier} (2026-09-30): '2026-09-29'"
    else:
        expected = f"e.csv:2: {kind}.{later}: not before {kind}.{earlier} (2026-09-30 10:00): '2026-09-30 09:00'"
    assert problems(rec) == [expected]


@pytest.mark.parametrize(("kind", "later", "earlier"), PAIRS)
def test_same_instant_and_later_are_in_order(kind, later, earlier):
    for value in ("2026-09-30 10:00", "2026-09-30 10:01", "2026-10-01"):
        if kind == "log_check":
            value = value[:10]
        rec = _record(kind, later, earlier, value, "2026-09-30" if kind == "log_check" else "2026-09-30 10:00")
        assert problems(rec) == [], (rec, problems(rec))


@pytest.mark.parametrize(("kind", "later", "earlier"), [p for p in PAIRS if p[0] != "log_check"])
def test_date_alone_compares_days(kind, later, earlier):
    # a later stage dated the earlier one's day is in order, whatever the hour of the earlier
    assert problems(_record(kind, later, earlier, "2026-09-30", "2026-09-30 23:00")) == []
    assert problems(_record(kind, later, earlier, "2026-09-30 00:01", "2026-09-30")) == []
    # the day before is not
    assert problems(_record(kind, later, earlier, "2026-09-29", "2026-09-30 10:00")) == [
        f"e.csv:2: {kind}.{later}: not before {kind}.{earlier} (2026-09-30 10:00): '2026-09-29'"]
    assert problems(_record(kind, later, earlier, "2026-09-29 23:59", "2026-09-30")) == [
        f"e.csv:2: {kind}.{later}: not before {kind}.{earlier} (2026-09-30): '2026-09-29 23:59'"]


def test_instants_with_offsets_compare_as_instants_and_days_in_the_run_zone():
    # 02:30Z is 10:30 in Shanghai: after a 10:00 detection
    assert problems({"id": "F", "kind": "fault", "detected_at": "2026-09-30 10:00",
                     "resolved_at": "2026-09-30T02:30:00Z"}) == []
    assert problems({"id": "F", "kind": "fault", "detected_at": "2026-09-30 10:00",
                     "resolved_at": "2026-09-30T01:30:00Z"}) != []
    # 2026-09-29T20:00Z is 2026-09-30 04:00 in Shanghai: the same day as a dated detection
    assert problems({"id": "F", "kind": "fault", "detected_at": "2026-09-30",
                     "resolved_at": "2026-09-29T20:00:00Z"}) == []


def test_datetime_objects_of_a_subclass_compare_as_instants_too():
    """A caller of the Python API may hand in datetime objects of a library's subclass (pendulum,
    freezegun): an answer an hour before the detection, on the same day, is still out of order."""

    class Stamp(datetime):
        pass

    assert problems({"id": "F", "kind": "fault", "detected_at": Stamp(2026, 9, 30, 10, 0, tzinfo=SH),
                     "responded_at": Stamp(2026, 9, 30, 9, 0, tzinfo=SH)}) != []
    assert problems({"id": "F", "kind": "fault", "detected_at": Stamp(2026, 9, 30, 10, 0, tzinfo=SH),
                     "responded_at": Stamp(2026, 9, 30, 10, 5, tzinfo=SH)}) == []


def test_the_brief_example():
    assert problems({"id": "F", "kind": "fault", "detected_at": "2026-09-30 10:00",
                     "resolved_at": "2026-09-30 09:00"}) == [
        "e.csv:2: fault.resolved_at: not before fault.detected_at (2026-09-30 10:00): '2026-09-30 09:00'"]


def test_a_record_breaking_two_orders_reports_both():
    assert problems({"id": "F", "kind": "fault", "detected_at": "2026-09-30 10:00",
                     "responded_at": "2026-09-30 09:50", "resolved_at": "2026-09-30 09:00"}) == [
        "e.csv:2: fault.resolved_at: not before fault.detected_at (2026-09-30 10:00): '2026-09-30 09:00'",
        "e.csv:2: fault.responded_at: not before fault.detected_at (2026-09-30 10:00): '2026-09-30 09:50'",
    ]


def test_orders_not_certain_are_not_errors():
    # a staff change approved or effective before its notice, a contact change notified in
    # advance, a payment before its invoice, maintenance notified after it started: breaches
    # or unusual, not impossible
    assert problems({"id": "S", "kind": "staff_change", "effective_at": "2026-09-30",
                     "notified_at": "2026-10-02", "approved_at": "2026-09-01", "requested_at": "2026-09-20"}) == []
    assert problems({"id": "C", "kind": "contact_change", "changed_at": "2026-09-30",
                     "notified_at": "2026-09-20"}) == []
    assert problems({"id": "P", "kind": "payment", "invoice_at": "2026-09-30", "amount": "1",
                     "paid_at": "2026-09-20"}) == []
    assert problems({"id": "M", "kind": "maintenance", "planned_start": "2026-09-30 10:00",
                     "notified_at": "2026-10-01"}) == []
    # a fault on site before a recorded response: the response time may be logged late
    assert problems({"id": "F", "kind": "fault", "detected_at": "2026-09-30 10:00",
                     "responded_at": "2026-09-30 10:30", "onsite_at": "2026-09-30 10:20"}) == []


def test_every_bad_record_of_every_file_is_reported_at_once(tmp_path: Path):
    a = tmp_path / "faults.csv"
    a.write_text(
        "id,kind,detected_at,resolved_at\r\n"
        "F1,fault,2026-09-30 10:00,2026-09-30 09:00\r\n"
        "F2,fault,2026-09-30 10:00,2026-09-30 11:00\r\n"
        "F3,fault,2026-09-30 10:00,2026-09-29\r\n"
        "F4,fault,9/30/2026,\r\n", encoding="utf-8")
    b = tmp_path / "outages.jsonl"
    b.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "O1", "kind": "outage", "start": "2026-10-01 08:00", "end": "2026-10-01 07:00"},
        {"id": "O2", "kind": "outage", "start": "2026-10-01 08:00", "end": "2026-10-01 09:00"},
        {"id": "R1", "kind": "request", "received_at": "2026-10-08", "completed_at": "2026-10-07", "replied_at": "2026-10-06"},
    ]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_events([a, b], SH)
    got = [str(p) for p in exc.value.problems]
    assert got == [
        f"{a}:2: fault.resolved_at: not before fault.detected_at (2026-09-30 10:00): '2026-09-30 09:00'",
        f"{a}:4: fault.resolved_at: not before fault.detected_at (2026-09-30 10:00): '2026-09-29'",
        f"{a}:5: fault.detected_at: " + exc.value.problems[2].expected + ": '9/30/2026'",
        f"{b}:1: outage.end: not before outage.start (2026-10-01 08:00): '2026-10-01 07:00'",
        f"{b}:3: request.completed_at: not before request.received_at (2026-10-08): '2026-10-07'",
        f"{b}:3: request.replied_at: not before request.received_at (2026-10-08): '2026-10-06'",
    ]


# --------------------------------------------------------------------------- audit levels

@pytest.mark.parametrize("text", [
    3, 3.0, "3", " 3 ", "３", "三级", "第三级", "3级", "第3级", "level 3", "Level 3", "LEVEL3", "Level III",
    "level iii", "等保三级", "等保3级", "三级等保", "等级保护第三级", "等保2.0三级", "L3",
])
def test_level_three_in_its_spellings(text):
    rec = parse_record({"id": "A", "kind": "audit", "audit_type": "mlps", "completed_on": "2026-09-30", "level": text})
    assert rec.level == "3"


@pytest.mark.parametrize(("text", "level"), [
    ("1", "1"), ("一级", "1"), ("第二级", "2"), ("Level II", "2"), ("等保四级", "4"), ("level 4", "4"),
    ("Level IV", "4"), ("5级", "5"), ("第五级", "5"), ("Level V", "5"),
])
def test_levels_one_to_five(text, level):
    assert audit_level(text) == level


@pytest.mark.parametrize("text", ["6", "第六级", "高", "三级甲等", "level 33", "等保", "A"])
def test_an_unreadable_level_stays_as_written(text):
    rec = parse_record({"id": "A", "kind": "audit", "audit_type": "mlps", "completed_on": "2026-09-30", "level": text})
    assert rec.level == text


def test_levels_from_a_file(tmp_path: Path):
    path = tmp_path / "audits.csv"
    path.write_text("编号,测评类型,完成日期,测评结果,等级\r\n"
                    "A1,等保测评,2026-09-30,通过,第三级\r\nA2,密评,2026-09-30,通过,三级\r\nA3,等保测评,2026-09-30,,高\r\n",
                    encoding="utf-8")
    got = {e.id: e.level for e in load_events([path], SH).events}
    assert got == {"A1": "3", "A2": "3", "A3": "高"}
