"""`compliance check` as a user runs it: exit codes, formats, byte-identical output, errors."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

from click.testing import CliRunner

from compliance.cli import main
from conftest import ROOT, RULESETS, SAMPLES

RULESET = str(RULESETS / "hebi-backup")
SAMPLE = str(SAMPLES / "hebi-backup")


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_samples_exit_1_and_print_the_findings():
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31")
    assert r.exit_code == 1
    assert "HBB-REQ-DELIVER" in r.output and "2026-10-10 24:00" in r.output


def test_json_has_the_public_fields_and_is_byte_identical(tmp_path):
    outs = []
    for i in range(2):
        out = tmp_path / f"f{i}.json"
        r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--format", "json", "-o", str(out))
        assert r.exit_code == 1
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    doc = json.loads(outs[0])
    assert set(doc) >= {"contract", "ruleset_version", "as_of", "period", "findings", "summary"}
    assert doc["as_of"] == "2027-01-01T00:00:00+08:00"  # a date means 24:00 of that day
    f = doc["findings"][0]
    assert set(f) >= {"obligation", "status", "topic", "clause", "severity", "event_ids", "period", "due", "actual", "message"}
    assert doc["summary"]["by_status"]["fail"] == 17
    assert doc["summary"]["by_status"]["ambiguous"] == 1
    assert sorted(os.listdir(tmp_path)) == ["f0.json", "f1.json"]  # no temporary files left


def test_output_is_identical_across_processes_and_hash_seeds(tmp_path):
    digests = set()
    for seed in ("1", "2"):
        p = subprocess.run([sys.executable, "-m", "compliance.cli", "check", RULESET, SAMPLE, "--as-of", "2026-12-31",
                            "--format", "csv"], capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT)
        assert p.returncode == 1, p.stderr.decode()
        digests.add(hashlib.sha256(p.stdout).hexdigest())
    assert len(digests) == 1


def test_csv_opens_in_excel():
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--format", "csv")
    assert r.output.startswith("\ufeffobligation,status,severity,topic,clause,event_ids")


def test_window_limits_what_is_reported():
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "json")
    doc = json.loads(r.output)
    assert {f["obligation"] for f in doc["findings"]} == {"HBB-REQ-DELIVER", "HBB-RESIDENT", "HBB-FAULT-RESOLVE"}


def test_gb18030_csv_with_two_bad_records_exits_2_naming_both(tmp_path):
    csv_text = ("id,kind,detected_at,responded_at,备注\r\n"
                "F1,fault,2026-09-30 09:00,9点15,响应时间填写错误\r\n"
                "F2,故障,2026-09-30 10:00,2026-09-30 10:05,类型写成中文\r\n")
    bad = tmp_path / "faults.csv"
    bad.write_bytes(csv_text.encode("gb18030"))
    out = tmp_path / "report.json"
    out.write_text("previous report", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", RULESET, str(bad), "--as-of", "2026-12-31", "--format", "json", "-o", str(out)])
    assert r.exit_code == 2
    err = r.stderr if hasattr(r, "stderr") else r.output
    assert f"{bad}:2: fault.responded_at" in err and "'9点15'" in err
    assert f"{bad}:3: kind" in err and "'故障'" in err
    assert out.read_text(encoding="utf-8") == "previous report"  # nothing written


def test_request_near_year_end_without_next_year_data(tmp_path):
    rec = tmp_path / "req.jsonl"
    rec.write_text('{"id": "R1", "kind": "request", "received_at": "2026-12-28 10:00", "completed_at": "2027-01-06 10:00"}\n',
                   encoding="utf-8")
    env = {"COMPLIANCE_CALENDAR_DIR": ""}
    r = CliRunner().invoke(main, ["check", RULESET, str(rec), "--as-of", "2027-01-15", "--obligation", "HBB-REQ-DELIVER"], env=env)
    assert r.exit_code == 2
    assert "2027" in r.output and "--calendar-dir" in r.output
    # with the year supplied, a normal finding: 3 working days after Mon 12-28 end Thu 12-31
    r = CliRunner().invoke(main, ["check", RULESET, str(rec), "--as-of", "2027-01-15", "--obligation", "HBB-REQ-DELIVER",
                                  "--calendar-dir", str(ROOT / "tests" / "data" / "calendar"), "--format", "json"], env=env)
    assert r.exit_code == 1, r.output
    [f] = json.loads(r.output)["findings"]
    assert (f["status"], f["due"]) == ("fail", "2026-12-31 24:00")


def test_bad_as_of_is_a_usage_error():
    r = run("check", RULESET, SAMPLE, "--as-of", "31/12/2026")
    assert r.exit_code == 2 and "--as-of" in r.output


def test_missing_ruleset_is_exit_2(tmp_path):
    r = run("check", str(tmp_path / "nope"), SAMPLE, "--as-of", "2026-12-31")
    assert r.exit_code == 2


def test_rules_commands():
    r = run("rules", "list", RULESET)
    assert r.exit_code == 0 and "HBB-NOTICE-7WD" in r.output and "Not checked" in r.output
    r = run("rules", "show", RULESET, "HBB-FAULT-LEVEL")
    assert r.exit_code == 0 and "特大故障" in r.output
    r = run("rules", "validate", RULESET)
    assert r.exit_code == 0
    r = run("rules", "test", RULESET)
    assert r.exit_code == 0 and " 0 failed" in r.output


def test_problems_are_listed_in_line_order(tmp_path):
    from compliance.errors import InputError, Problem

    err = InputError([Problem("a.csv", "10", "fault.x", "v", "e"), Problem("a.csv", "9", "fault.x", "v", "e")])
    assert [p.location for p in err.problems] == ["9", "10"]
