"""No rule skips a record silently: a record of every kind a ruleset reads, with only its
required fields (every optional field blank), is judged by some obligation (its id or its
file:line in a finding), `unknown`, or listed in the report's notices — in every ruleset."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from compliance import events
from compliance.check import Options, run_check
from compliance.events import SCHEMAS, field_parts
from compliance.labels import allowed_values
from compliance.rulesets import load_ruleset

from conftest import RULESETS

RULESET_DIRS = sorted(p.parent for p in RULESETS.glob("*/ruleset.yaml"))


def _value(kind: str, name: str, day: date):
    f = SCHEMAS[kind].model_fields[name]
    allowed = allowed_values(kind, name)
    if allowed:
        return allowed[0]
    funcs = {getattr(p, "func", None) for p in field_parts(f)}
    if events._parse_when in funcs:
        return f"{day.isoformat()} 10:00"
    if events._parse_date in funcs:
        return day.isoformat()
    if funcs & {events._parse_month, events._parse_report_period, events._parse_any_period}:
        return f"{day:%Y-%m}"
    if events._parse_bool in funcs:
        return "true"
    if events._parse_amount in funcs:
        return "1000"
    if events._parse_fraction in funcs:
        return "0.5"
    if events._parse_score in funcs:
        return "90"
    if funcs & {events._parse_count, events._parse_minutes}:
        return "1"
    return "x"


def _record(kind: str, day: date) -> dict:
    rec = {"id": f"{kind}-only-required", "kind": kind}
    for name, f in SCHEMAS[kind].model_fields.items():
        if f.is_required() and name not in ("id", "kind"):
            rec[name] = _value(kind, name, day)
    return rec


@pytest.mark.parametrize("folder", RULESET_DIRS, ids=lambda p: p.name)
def test_every_record_is_judged_unknown_or_listed(folder, tmp_path):
    rs = load_ruleset(folder)
    day = rs.contract.start + timedelta(days=45)
    as_of = day + timedelta(days=30)
    kinds = sorted(rs.record_kinds())
    records = [_record(k, day) for k in kinds]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    ev = run_check(folder, [path], Options(as_of=as_of.isoformat()))
    findings = ev.findings(include_pass=True)
    noticed = {i for n in ev.notices for i in n.items}
    unaccounted = []
    for line, rec in enumerate(records, 1):
        where = f"{path}:{line}"
        judged = any(rec["id"] in f.event_ids or where in f.facts.get("evidence", []) for f in findings)
        if not judged and rec["id"] not in noticed:
            unaccounted.append(rec["kind"])
    assert unaccounted == [], f"{rs.id}: records neither judged nor listed: {unaccounted}"


def test_records_after_the_as_of_are_counted_by_their_own_time(tmp_path):
    # as-of 2026-09-30 ends at 24:00 (2026-10-01 00:00 +08:00). A record whose own time lies
    # after it — a fault detected on 10-01, an attendance dated 10-08, a monthly report for
    # November (its period starts 11-01), a fault at 10-01 00:30 written with an offset — has not
    # happened yet and is counted in the after_as_of notice; those at or before it are not
    rows = [
        {"id": "F1", "kind": "fault", "detected_at": "2026-09-30T23:59:00"},
        {"id": "F2", "kind": "fault", "detected_at": "2026-10-01T09:00:00"},
        {"id": "F3", "kind": "fault", "detected_at": "2026-09-30T16:30:00Z"},  # 10-01 00:30 in +08:00
        {"id": "F4", "kind": "fault", "detected_at": "2026-09-30T15:59:00Z"},  # 09-30 23:59
        {"id": "F5", "kind": "fault", "detected_at": "2026-10-01T00:00:00"},  # the as-of instant itself: not after
        {"id": "A1", "kind": "attendance", "date": "2026-09-30", "person": "王伟", "status": "present"},
        {"id": "A2", "kind": "attendance", "date": "2026-10-08", "person": "王伟", "status": "present"},
        {"id": "R1", "kind": "report", "report_type": "monthly_ops", "period": "2026-09", "submitted_at": "2026-09-30T09:00:00"},
        {"id": "R2", "kind": "report", "report_type": "monthly_ops", "period": "2026-11"},
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    ev = run_check(RULESETS / "hebi-backup", [path], Options(as_of="2026-09-30"))
    after = [n for n in ev.notices if n.code == "after_as_of"]
    assert len(after) == 1 and after[0].count == 4
    assert "attendance 1条、fault 2条、report 1条" in after[0].message
    assert after[0].items == ["A2", "F2", "F3", "R2"]  # named, as the records outside the term are


def test_records_no_obligation_judges_are_listed_with_the_filters_in_chinese(tmp_path):
    # hebi-backup HBB-NOTICE-7WD judges maintenance that affects service (四(三)4); one that does
    # not is read and listed, the filter named by its column label and value, as an export says it
    rows = [{"id": "M1", "kind": "maintenance", "planned_start": "2026-09-10T22:00:00", "affects_service": False}]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    ev = run_check(RULESETS / "hebi-backup", [path], Options(as_of="2026-09-30"))
    (n,) = [n for n in ev.notices if n.code == "not_judged"]
    assert (n.count, n.items) == (1, ["M1"])
    assert n.message.endswith("：HBB-NOTICE-7WD：是否影响服务=是")
