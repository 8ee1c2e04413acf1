"""The shipped samples: `compliance check` finds exactly the planted items
(samples/<id>.expected.json, written from the contract and the calendar), with their deadlines
and severities, and every finding of every sample has a unique key and facts."""

from __future__ import annotations

import pytest

from compliance.check import Options, run_check
from compliance.rulesets import load_ruleset

from conftest import RULESETS, SAMPLES, sample_spec

EXPECTED = sorted(SAMPLES.glob("*.expected.json"))


def _check(path, **kw):
    spec = sample_spec(path)
    ev = run_check(spec["ruleset"], [spec["records"]],
                   Options(as_of=spec["as_of"], calendar_dirs=spec["calendar_dirs"], mapping=spec["map"], **kw))
    return spec, ev


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_samples_find_exactly_the_planted_items(path):
    """samples/<id>.expected.json: {ruleset, records, as_of, calendar_dirs, findings: [...]}; each
    expected item names its obligation, status, records and/or period, its deadline (`due`: the
    last day, a clock instant, "not before D" while the year's notice is missing, or an invoice
    window) and, where the contract sets one, its severity."""
    spec, ev = _check(path)
    rs = load_ruleset(spec["ruleset"])
    got = [f.model_dump() for f in ev.findings()]
    unmatched = list(got)
    missing = []
    for e in spec["findings"]:
        hit = next((g for g in unmatched if _same(e, g)), None)
        if hit is None:
            missing.append(e)
            continue
        unmatched.remove(hit)
        assert _due_matches(e, hit), (e, hit["due"], hit["facts"])
        severity = e.get("severity") or rs.obligation(e["obligation"]).severity
        assert hit["severity"] == severity, (e, hit["severity"])
    assert missing == [] and unmatched == [], (missing, [(g["obligation"], g["status"], g["event_ids"], g["period"]) for g in unmatched])


def _same(e: dict, g: dict) -> bool:
    """An expected item names its records, its period, or both; each named one must agree."""
    if (e["obligation"], e["status"]) != (g["obligation"], g["status"]):
        return False
    if e.get("event_ids") and sorted(e["event_ids"]) != sorted(g["event_ids"]):
        return False
    if g["period"] is not None and e.get("period") != g["period"]:
        return False
    return bool(e.get("event_ids")) or g["period"] is not None


def _due_matches(e: dict, g: dict) -> bool:
    due, facts = e.get("due"), g["facts"]
    if due is None:  # the expected item states no deadline (a classification, a bounded pending one)
        return True
    if due.startswith("not before "):
        return facts.get("not_before") == due.removeprefix("not before ")
    if due.startswith("window "):  # "window A..B / lead by A"
        a, b = due.removeprefix("window ").split(" / ")[0].split("..")
        return (facts.get("window_start"), facts.get("node")) == (a, b)
    if len(due) == 16:  # a clock deadline, "2026-08-05 10:30"
        return g["due"] == due
    if "due_reading_b" in e:
        return (facts.get("last_day_a"), facts.get("last_day_b")) == (due, e["due_reading_b"])
    # a day-based deadline's last day; a presence day; the day a certificate must be valid
    return due in (facts.get("last_day"), facts.get("last_day_a"), facts.get("day"), facts.get("at"))


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_every_finding_has_a_unique_key_and_facts(path):
    spec, ev = _check(path)
    findings = ev.findings(include_pass=True)
    keys = [f.key for f in findings]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1][:5]
    rid = load_ruleset(spec["ruleset"]).id
    for f in findings:
        assert f.key == f"{rid}/{f.obligation}/{f.period if f.period is not None else '+'.join(f.event_ids)}"
        assert f.facts and "evidence" in f.facts
        assert len(f.facts["evidence"]) >= len(f.event_ids)
        for loc in f.facts["evidence"]:
            assert loc.startswith(str(spec["records"])) and ":" in loc


def test_every_ruleset_ships_samples():
    rulesets = {p.parent.name for p in RULESETS.glob("*/ruleset.yaml")}
    assert rulesets == {p.name.split(".")[0] for p in EXPECTED}


def test_national_day_deadlines_in_the_samples():
    ev = run_check(RULESETS / "hebi-backup", [SAMPLES / "hebi-backup"], Options(as_of="2026-12-31"))
    by_ids = {(f.obligation, tuple(f.event_ids)): f for f in ev.findings(include_pass=True)}
    # received Wed 09-30: 10-08, 10-09 and the 补班 Saturday 10-10 -> last day 10-10
    late = by_ids[("HBB-REQ-DELIVER", ("REQ-2026-010",))]
    assert late.due == "2026-10-10 24:00" and late.facts["deadline"] == "2026-10-11T00:00:00+08:00"
    assert by_ids[("HBB-REQ-DELIVER", ("REQ-2026-009",))].status == "pass"
    # the September report: 10-05 is a holiday -> Thu 10-08
    sept = [f for f in ev.findings(include_pass=True) if f.obligation == "HBB-REPORT-MONTHLY" and f.period == "2026-09"]
    assert [(f.status, f.due, f.key) for f in sept] == [("pass", "2026-10-08 24:00", "hebi-backup/HBB-REPORT-MONTHLY/2026-09")]
    # the 补班 Saturday is a working day the resident engineer must be on site
    absent = [f for f in ev.findings() if f.obligation == "HBB-RESIDENT" and f.status == "fail"]
    assert [f.key for f in absent] == ["hebi-backup/HBB-RESIDENT/2026-10-10", "hebi-backup/HBB-RESIDENT/2026-11-17"]
    assert absent[0].facts["makeup_day"] is True and absent[0].facts["persons"] == []


def test_an_unrelated_record_changes_no_other_key(tmp_path):
    """Keys name the finding's own records or period: adding a record of another obligation, or
    attendance that shrinks an uncovered span, leaves every other finding's key as it was."""
    import shutil

    folder = tmp_path / "records"
    shutil.copytree(SAMPLES / "hebi-backup", folder)
    before = run_check(RULESETS / "hebi-backup", [folder], Options(as_of="2026-12-31")).findings(include_pass=True)
    (folder / "extra.jsonl").write_text(
        '{"id": "X-REQ-1", "kind": "request", "received_at": "2026-11-02 09:00", "completed_at": "2026-11-03 09:00", '
        '"replied_at": "2026-11-03 09:00"}\n'
        '{"id": "X-ATT-1", "kind": "attendance", "date": "2026-12-31", "person": "李四"}\n', encoding="utf-8")
    after = run_check(RULESETS / "hebi-backup", [folder], Options(as_of="2026-12-31")).findings(include_pass=True)
    new = {f.key for f in after} - {f.key for f in before}
    assert new == {"hebi-backup/HBB-REQ-DELIVER/X-REQ-1", "hebi-backup/HBB-REQ-REPLY/X-REQ-1"}
    assert {f.key for f in before} <= {f.key for f in after}
