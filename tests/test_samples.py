"""The shipped samples: `compliance check` finds exactly the planted violations
(samples/hebi-backup.expected.json, written from the contract and the calendar)."""

from __future__ import annotations

import json

from compliance.check import Options, run_check

import pytest

from conftest import ROOT, RULESETS, SAMPLES


EXPECTED = sorted(SAMPLES.glob("*.expected.json"))


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_samples_find_exactly_the_planted_items(path):
    """samples/<id>.expected.json: {ruleset, records, as_of, calendar_dirs, findings: [...]}"""
    spec = json.loads(path.read_text(encoding="utf-8"))
    report = run_check(ROOT / spec["ruleset"], [ROOT / spec["records"]],
                       Options(as_of=spec["as_of"], calendar_dirs=[ROOT / d for d in spec.get("calendar_dirs", [])]))
    got = [f.model_dump() for f in report.findings]
    expected = spec["findings"]
    unmatched = list(got)
    missing = []
    for e in expected:
        hit = next((g for g in unmatched if _same(e, g)), None)
        if hit is None:
            missing.append(e)
        else:
            unmatched.remove(hit)
    assert missing == [] and unmatched == [], (missing, [(g["obligation"], g["status"], g["event_ids"], g["period"]) for g in unmatched])


def test_every_ruleset_ships_samples():
    rulesets = {p.parent.name for p in RULESETS.glob("*/ruleset.yaml")}
    assert rulesets == {p.name.split(".")[0] for p in EXPECTED}


def _same(e: dict, g: dict) -> bool:
    """An expected item names its records, its period, or both; each named one must agree."""
    if (e["obligation"], e["status"]) != (g["obligation"], g["status"]):
        return False
    if e.get("event_ids") and sorted(e["event_ids"]) != sorted(g["event_ids"]):
        return False
    if g["period"] is not None and e.get("period") != g["period"]:
        return False
    return bool(e.get("event_ids")) or g["period"] is not None


def test_national_day_deadlines_in_the_samples():
    report = run_check(RULESETS / "hebi-backup", [SAMPLES / "hebi-backup"],
                       Options(as_of="2026-12-31", include_pass=True))
    by_ids = {(f.obligation, tuple(f.event_ids)): f for f in report.findings}
    # received Wed 09-30: 10-08, 10-09 and the 补班 Saturday 10-10 -> last day 10-10
    assert by_ids[("HBB-REQ-DELIVER", ("REQ-2026-010",))].due == "2026-10-10 24:00"
    assert by_ids[("HBB-REQ-DELIVER", ("REQ-2026-009",))].status == "pass"
    # the September report: 10-05 is a holiday -> Thu 10-08
    sept = [f for f in report.findings if f.obligation == "HBB-REPORT-MONTHLY" and f.period == "2026-09"]
    assert [(f.status, f.due) for f in sept] == [("pass", "2026-10-08 24:00")]
    # the 补班 Saturday is a working day the resident engineer must be on site
    absent = [f.period for f in report.findings if f.obligation == "HBB-RESIDENT" and f.status == "fail"]
    assert absent == ["2026-10-10", "2026-11-17"]
