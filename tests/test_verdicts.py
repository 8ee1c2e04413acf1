"""Verdicts a buyer can sign: the term is data and bounds what is judged; implied and missing
stages; messages that say what the records show."""

from __future__ import annotations

import json

from click.testing import CliRunner

from compliance.check import Options, evaluate
from compliance.cli import main
from compliance.events import parse_record
from compliance.rulesets import load_ruleset
from compliance.workdays import WorkCalendar

from conftest import ROOT, RULESETS

HBB = RULESETS / "hebi-backup"
CAL27 = ROOT / "tests" / "data" / "calendar"  # a stand-in 2027 for tests (no notice is published)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_record_after_the_term_is_not_the_contracts_breach(tmp_path):
    """The backup contract runs 2026-07-01 .. 2027-06-30: a data leak detected 2027-09-10 is not
    its critical fail; it is counted in the notices."""
    f = tmp_path / "f.jsonl"
    f.write_text('{"id": "LEAK-1", "kind": "fault", "detected_at": "2027-09-10 10:00", "data_leak": true}\n'
                 '{"id": "LEAK-0", "kind": "fault", "detected_at": "2026-09-10 10:00", "data_leak": true}\n',
                 encoding="utf-8")
    r = run("check", str(HBB), str(f), "--as-of", "2027-10-01", "--obligation", "HBB-DATA-LEAK",
            "--calendar-dir", str(CAL27), "--format", "json", "--include-pass")
    doc = json.loads(r.stdout)
    assert [x["event_ids"] for x in doc["findings"]] == [["LEAK-0"]]
    [n] = [n for n in doc["notices"] if n["code"] == "outside_term"]
    assert n["items"] == ["LEAK-1"] and "2026-07-01 至 2027-06-30" in n["message"]


def test_a_deadline_that_arose_in_the_term_and_ends_after_it_is_judged():
    """A request received on the last day of the term (Wed 2027-06-30, stand-in calendar): its 3
    working days end after the term, and a late delivery is still this contract's breach."""
    rs = load_ruleset(HBB)
    ev = [parse_record({"id": "R-END", "kind": "request", "received_at": "2027-06-30 15:00",
                        "completed_at": "2027-07-09 10:00"}, rs.tz)]
    cal = WorkCalendar.load([CAL27], use_env=False)
    [f] = evaluate(rs, ev, Options(as_of="2027-07-31", obligations=["HBB-REQ-DELIVER"]), cal).findings()
    assert f.status == "fail"


def test_a_window_wholly_outside_the_term_is_exit_2_and_one_reaching_outside_is_said():
    sample = str(ROOT / "samples" / "hebi-backup")
    r = run("check", str(HBB), sample, "--as-of", "2026-12-31", "--from", "2025-01-01", "--to", "2025-12-31")
    assert r.exit_code == 2 and "wholly outside the contract's term (2026-07-01 .. 2027-06-30)" in r.stderr
    r = run("check", str(HBB), sample, "--as-of", "2026-12-31", "--from", "2026-06-01", "--format", "json")
    codes = {n["code"]: n for n in json.loads(r.stdout)["notices"]}
    assert "2026-07-01 至 2027-06-30" in codes["window_outside_term"]["message"]


def test_an_as_of_before_the_term_begins_is_said():
    sample = str(ROOT / "samples" / "hebi-backup")  # the term begins 2026-07-01
    r = run("check", str(HBB), sample, "--as-of", "2026-01-01", "--format", "json")
    codes = {n["code"]: n for n in json.loads(r.stdout)["notices"]}
    assert "检查时点（2026-01-01 24:00）不晚于合同期限起始（2026-07-01 0:00）" in codes["as_of_before_term"]["message"]
    r = run("check", str(HBB), sample, "--as-of", "2026-06-30", "--format", "json")  # 24:00: the term's first instant
    assert "as_of_before_term" in {n["code"] for n in json.loads(r.stdout)["notices"]}
    r = run("check", str(HBB), sample, "--as-of", "2026-07-01", "--format", "json")
    assert "as_of_before_term" not in {n["code"] for n in json.loads(r.stdout)["notices"]}


def test_every_report_names_the_term_and_its_basis():
    r = run("check", str(RULESETS / "anyang"), str(ROOT / "samples" / "anyang"), "--as-of", "2024-06-27",
            "--format", "json")
    term = json.loads(r.stdout)["term"]
    assert (term["start"], term["end"], term["basis"]) == ("2023-06-28", "2026-06-27", "assumed")
    assert "验收" in term["reason"]
    r = run("check", str(RULESETS / "anyang"), str(ROOT / "samples" / "anyang"), "--as-of", "2024-06-27")
    assert "合同期限 2023-06-28 至 2026-06-27（推定：" in r.stdout
    r = run("rules", "list", str(RULESETS / "anyang"))
    assert "basis assumed" in r.stdout


def test_the_user_gives_the_real_term_and_the_contract_years_follow(tmp_path):
    """Anyang's term counts from acceptance (3.1); with acceptance on 2023-07-15 the first
    contract year is 2023-07-15 .. 2024-07-14 (民法典 art. 202), and the basis is the user's."""
    f = tmp_path / "d.jsonl"
    f.write_text('{"id": "D1", "kind": "drill", "drill_type": "data_recovery", "held_on": "2024-03-01", '
                 '"evidence": "plan;record;photos"}\n', encoding="utf-8")
    r = run("check", str(RULESETS / "anyang"), str(f), "--as-of", "2024-12-31", "--term-start", "2023-07-15",
            "--term-end", "2026-07-14", "--format", "json", "--include-pass")
    doc = json.loads(r.stdout)
    assert doc["term"]["basis"] == "user" and doc["term"]["start"] == "2023-07-15"
    periods = {x["period"] for x in doc["findings"] if x["period"] and "/" in x["period"]}
    assert "2023-07-15/2024-07-14" in periods


def test_a_deadline_missed_by_seconds_says_less_than_a_minute():
    rs = load_ruleset(HBB)
    ev = [parse_record({"id": "F-S", "kind": "fault", "detected_at": "2026-10-12 10:00:00",
                        "responded_at": "2026-10-12 10:10:30"}, rs.tz)]
    [f] = evaluate(rs, ev, Options(as_of="2026-10-31", obligations=["HBB-FAULT-RESPOND"])).findings()
    assert f.status == "fail" and "超出期限不足1分钟" in f.message


def test_a_time_exactly_at_as_of_has_happened_and_a_minute_later_has_not():
    """As of 2026-10-12 10:00 (an instant): a fault detected at 10:00 has happened (its 10
    minutes run, not yet out: pending), one detected at 10:01 has not (not judged, and said);
    a response recorded at 10:00 has happened too (in time), one recorded at 10:01 has not."""
    rs = load_ruleset(HBB)
    ev = [parse_record(r, rs.tz) for r in (
        {"id": "F-AT", "kind": "fault", "detected_at": "2026-10-12 10:00"},
        {"id": "F-AFTER", "kind": "fault", "detected_at": "2026-10-12 10:01"},
        {"id": "F-DONE", "kind": "fault", "detected_at": "2026-10-12 09:55", "responded_at": "2026-10-12 10:00"},
        {"id": "F-LATER", "kind": "fault", "detected_at": "2026-10-12 09:55", "responded_at": "2026-10-12 10:01"},
    )]
    e = evaluate(rs, ev, Options(as_of="2026-10-12T10:00", obligations=["HBB-FAULT-RESPOND"]))
    got = {f.event_ids[0]: f for f in e.findings(include_pass=True)}
    assert set(got) == {"F-AT", "F-DONE", "F-LATER"}
    assert got["F-AT"].status == "pending" and got["F-DONE"].status == "pass"
    assert got["F-LATER"].status == "pending" and "未完成" in got["F-LATER"].actual  # not yet responded


def test_an_as_of_date_prints_as_that_days_24_00():
    r = run("check", str(HBB), str(ROOT / "samples" / "hebi-backup"), "--as-of", "2026-12-31")
    assert "as-of 2026-12-31 24:00" in r.stdout


def test_check_help_says_what_the_window_defaults_are():
    r = run("check", "--help")
    text = " ".join(r.stdout.split())
    assert "default: no end" in text and "default: the term's start" in text


def test_a_replacement_notified_but_not_yet_made_is_pending_and_says_the_notice_was_given(tmp_path):
    """安阳 4.5: 若人员更换，需至少提前一周告知甲方并经甲方同意. A resident's replacement notified
    on 2023-09-01 whose effective_at is not recorded has not happened: pending — and its message
    names the notice given (the ruleset's pending message, "尚未告知", is for a change whose day
    is known and whose notice is still to come)."""
    f = tmp_path / "s.jsonl"
    f.write_text('{"id": "SC-1", "kind": "staff_change", "role": "resident", "person_out": "王伟", '
                 '"person_in": "李明", "notified_at": "2023-09-01 10:00"}\n', encoding="utf-8")
    r = run("check", str(RULESETS / "anyang"), str(f), "--as-of", "2023-09-10", "--obligation",
            "AY-RESIDENT-CHANGE-NOTICE", "--obligation", "AY-RESIDENT-CHANGE-CONSENT", "--format", "json")
    doc = json.loads(r.stdout)
    by = {x["obligation"]: x for x in doc["findings"]}
    notice, consent = by["AY-RESIDENT-CHANGE-NOTICE"], by["AY-RESIDENT-CHANGE-CONSENT"]
    assert notice["status"] == consent["status"] == "pending"
    assert "尚未告知" not in notice["message"] and "2023-09-01 10:00" in notice["message"]
    assert "未记录生效时间" in notice["message"] and "提前7日" in notice["message"]
    assert "未记录生效时间" in consent["message"] and "未见记录" in consent["message"]


def test_resource_efficiency_is_the_contracts_formula_rounded_once(tmp_path):
    """安阳 附件 1.2: 资源使用效率 = (CPU使用率×40% + 内存使用率×30% + 磁盘使用率×30%)×100, CPU and
    memory use = (峰值+谷值)/2. CPU (0.541+0.219)/2 = 0.38, memory (0.591+0.474)/2 = 0.5325, disk
    0.614: 0.152 + 0.15975 + 0.1842 = 0.49595, ×100 = 49.595, which rounds (half up, to 0.01) to
    49.60 — not 49.59, as rounding in binary floating point made it."""
    f = tmp_path / "u.jsonl"
    f.write_text('{"id": "U-1", "kind": "utilization", "project": "市场监管综合执法系统", "month": "2023-07", '
                 '"cpu_peak": 0.541, "cpu_valley": 0.219, "mem_peak": 0.591, "mem_valley": 0.474, '
                 '"disk_used": 0.614}\n', encoding="utf-8")
    r = run("check", str(RULESETS / "anyang"), str(f), "--as-of", "2023-08-31", "--obligation", "AY-UTILIZATION",
            "--format", "json", "--include-pass")
    [finding] = json.loads(r.stdout)["findings"]
    assert finding["facts"]["efficiency_pct"] == 49.6 and "49.6" in finding["message"]
    assert finding["status"] == "pass"  # between 40 and 60: no adjustment advice
