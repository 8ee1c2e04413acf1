"""`compliance check` as a user runs it: exit codes, formats, the report that reads back,
byte-identical output, safe `-o`, errors."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from compliance.cli import main
from compliance.findings import Report
from compliance.render import REGISTRY
from compliance.render.jsonfmt import dumps
from conftest import ROOT, RULESETS, SAMPLES, sample_cli_args, sample_spec

RULESET = str(RULESETS / "hebi-backup")
SAMPLE = str(SAMPLES / "hebi-backup")
EXPECTED = sorted(SAMPLES.glob("*.expected.json"))


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_samples_exit_1_and_print_the_findings():
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31")
    assert r.exit_code == 1
    assert "HBB-REQ-DELIVER" in r.stdout and "2026-10-10 24:00" in r.stdout
    # the table states the term and the as-of instant
    assert "合同期限 2026-07-01 至 2027-06-30（合同约定）" in r.stdout
    assert "as-of 2026-12-31 24:00" in r.stdout  # a date means 24:00 of that day


def test_json_has_the_public_fields_and_is_byte_identical(tmp_path):
    outs = []
    for i in range(2):
        out = tmp_path / f"f{i}.json"
        r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--format", "json", "-o", str(out))
        assert r.exit_code == 1
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    doc = json.loads(outs[0])
    assert set(doc) >= {"schema_version", "contract", "ruleset_version", "as_of", "period", "term", "parties",
                        "holiday_notices", "notices", "findings", "summary"}
    assert doc["as_of"] == "2027-01-01T00:00:00+08:00"  # a date means 24:00 of that day
    assert doc["term"] == {"start": "2026-07-01", "end": "2027-06-30", "basis": "contract", "reason": None}
    assert doc["parties"] == {"buyer": "鹤壁市行政审批和政务信息管理局", "vendor": "中移系统集成有限公司"}
    assert [n["number"] for n in doc["holiday_notices"]][-1].startswith("国办发明电")
    assert doc["notices"][0]["code"] == "records_read" and doc["notices"][0]["count"] == 236
    f = doc["findings"][0]
    assert set(f) >= {"key", "obligation", "status", "topic", "clause", "severity", "event_ids", "period", "due",
                      "actual", "message", "facts", "basis"}
    assert doc["summary"]["by_status"]["fail"] == 16  # HBB-FAULT-LEVEL is info (issue 10)
    assert doc["summary"]["by_status"]["info"] == 1
    assert doc["summary"]["by_status"]["ambiguous"] == 1
    assert sorted(os.listdir(tmp_path)) == ["f0.json", "f1.json"]  # no temporary files left


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_the_report_reads_back_byte_identical(path, tmp_path):
    """check -> JSON -> read back into the model -> JSON: the same bytes, passes included."""
    spec = sample_spec(path)
    out = tmp_path / "r.json"
    r = run("check", *sample_cli_args(spec), "--include-pass", "-o", str(out))
    assert r.exit_code in (0, 1), r.output
    text = out.read_text(encoding="utf-8")
    back = Report.model_validate_json(text)
    assert dumps(back) == text
    assert back.include_pass and any(f.status == "pass" for f in back.findings)


def test_output_is_identical_across_processes_and_hash_seeds():
    digests = set()
    for seed in ("1", "2"):
        p = subprocess.run([sys.executable, "-m", "compliance", "check", RULESET, SAMPLE, "--as-of", "2026-12-31",
                            "--format", "csv"], capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT)
        assert p.returncode == 1, p.stderr.decode()
        assert p.stdout.startswith("\ufeffobligation,".encode())  # really ran: a CSV of findings
        digests.add(hashlib.sha256(p.stdout).hexdigest())
    assert len(digests) == 1


def test_csv_opens_in_excel():
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--format", "csv")
    assert r.stdout.startswith("\ufeffobligation,status,severity,topic,clause,event_ids")


def test_several_formats_from_one_evaluation_into_a_folder(tmp_path):
    out = tmp_path / "out"
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--format", "json,csv,table", "-o", str(out))
    assert r.exit_code == 1, r.output
    assert sorted(os.listdir(out)) == ["hebi-backup.findings.csv", "hebi-backup.findings.json", "hebi-backup.findings.txt"]
    for fmt, suffix in (("json", ".json"), ("csv", ".csv"), ("table", ".txt")):
        single = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--format", fmt).stdout
        assert (out / f"hebi-backup.findings{suffix}").read_text(encoding="utf-8") == single, fmt


def test_the_format_follows_the_output_suffix(tmp_path):
    run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "-o", str(tmp_path / "a.json"))
    run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "-o", str(tmp_path / "a.csv"))
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["contract"] == "hebi-backup"
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("\ufeffobligation,")
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "-o", str(tmp_path / "a.pdf"))
    assert r.exit_code == 2 and "--format" in r.stderr and not (tmp_path / "a.pdf").exists()


def test_output_to_a_device_node_leaves_the_device(tmp_path):
    dev = tmp_path / "null"
    try:
        os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a null device of our own, not /dev/null
    except PermissionError:
        pytest.skip("mknod needs root")
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--format", "json", "-o", str(dev))
    assert r.exit_code == 1
    assert stat.S_ISCHR(dev.stat().st_mode) and os.listdir(tmp_path) == ["null"]


def test_output_to_a_folder_with_one_format_is_exit_2_with_one_line(tmp_path):
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--format", "json", "-o", str(tmp_path))
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "is a folder" in r.stderr and "Traceback" not in r.stderr


def test_output_with_a_missing_parent_is_exit_2_and_creates_nothing(tmp_path):
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "-o", str(tmp_path / "no" / "such" / "f.json"))
    assert r.exit_code == 2 and "does not exist" in r.stderr
    assert os.listdir(tmp_path) == []


def test_output_dash_is_standard_output():
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--format", "json", "-o", "-")
    assert json.loads(r.stdout)["contract"] == "hebi-backup"


def test_output_files_get_the_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "-o", str(tmp_path / "f.json"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f.json").stat().st_mode) == 0o644


def test_as_of_in_basic_form_means_the_end_of_that_day_too():
    a = json.loads(run("check", RULESET, SAMPLE, "--as-of", "20261231", "--format", "json").stdout)
    b = json.loads(run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--format", "json").stdout)
    assert a["as_of"] == b["as_of"] == "2027-01-01T00:00:00+08:00"
    assert a == b
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-W53-4")
    assert r.exit_code == 2 and "--as-of" in r.stderr


def test_timings_are_printed_when_asked():
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--format", "json", "-o", "-", "--timings")
    line = next(ln for ln in r.stderr.splitlines() if ln.startswith("timings: "))
    assert set(json.loads(line.removeprefix("timings: "))) == {"read", "measure", "decide", "build", "write"}


def test_every_registered_format_has_a_suffix_and_a_writer():
    assert {"json", "csv", "table"} <= set(REGISTRY)
    assert len({r.suffix for r in REGISTRY.values()}) == len(REGISTRY)


def test_window_limits_what_is_reported():
    r = run("check", RULESET, SAMPLE, "--as-of", "2026-12-31", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "json")
    doc = json.loads(r.stdout)
    assert {f["obligation"] for f in doc["findings"]} == {"HBB-REQ-DELIVER", "HBB-RESIDENT", "HBB-FAULT-RESOLVE"}


def test_an_instant_deadline_belongs_to_the_day_it_falls_on_and_as_of_is_inclusive(tmp_path):
    """--from 2026-10-01 --to 2026-10-31 is [10-01 00:00, 11-01 00:00): a 10-minute response due
    at 10-01 00:00 is in it, one due at 11-01 00:00 is not. A record at the as-of instant itself
    has happened: judged (a fault's level), and so is one done at that instant."""
    rec = tmp_path / "faults.jsonl"
    rec.write_text(
        '{"id": "F-IN", "kind": "fault", "detected_at": "2026-09-30T23:50", "responded_at": "2026-10-01T00:30"}\n'
        '{"id": "F-OUT", "kind": "fault", "detected_at": "2026-10-31T23:50", "responded_at": "2026-11-01T00:30"}\n'
        '{"id": "F-NOW", "kind": "fault", "detected_at": "2026-12-01T10:00", "downtime_minutes": 200}\n'
        '{"id": "F-DONE", "kind": "fault", "detected_at": "2026-12-01T09:50", "responded_at": "2026-12-01T10:00"}\n',
        encoding="utf-8")
    r = run("check", RULESET, str(rec), "--as-of", "2026-12-31", "--from", "2026-10-01", "--to", "2026-10-31",
            "--obligation", "HBB-FAULT-RESPOND", "--format", "json")
    assert [(f["event_ids"], f["status"], f["due"]) for f in json.loads(r.stdout)["findings"]] == [
        (["F-IN"], "fail", "2026-10-01 00:00")]
    r = run("check", RULESET, str(rec), "--as-of", "2026-12-01T10:00:00+08:00", "--obligation", "HBB-FAULT-LEVEL",
            "--obligation", "HBB-FAULT-RESPOND", "--include-pass", "--format", "json")
    got = {(f["event_ids"][0], f["obligation"]): f for f in json.loads(r.stdout)["findings"]}
    level = got["F-NOW", "HBB-FAULT-LEVEL"]  # detected at the as-of instant: judged
    assert level["status"] == "info" and level["label"] == "严重故障（恢复时间2-12小时）"
    # answered at the as-of instant, exactly 10 minutes after detection: in time (含该时刻)
    assert got["F-DONE", "HBB-FAULT-RESPOND"]["status"] == "pass"


def test_gb18030_csv_with_two_bad_records_exits_2_naming_both(tmp_path):
    csv_text = ("id,kind,detected_at,responded_at,备注\r\n"
                "F1,fault,2026-09-30 09:00,9点15,响应时间填写错误\r\n"
                "F2,故障单,2026-09-30 10:00,2026-09-30 10:05,类型写成中文\r\n")
    bad = tmp_path / "faults.csv"
    bad.write_bytes(csv_text.encode("gb18030"))
    out = tmp_path / "report.json"
    out.write_text("previous report", encoding="utf-8")
    r = run("check", RULESET, str(bad), "--as-of", "2026-12-31", "--format", "json", "-o", str(out))
    assert r.exit_code == 2
    assert f"{bad}:2: fault.responded_at" in r.stderr and "'9点15'" in r.stderr
    assert f"{bad}:3: kind" in r.stderr and "'故障单'" in r.stderr
    assert out.read_text(encoding="utf-8") == "previous report"  # nothing written


def test_request_near_year_end_without_next_year_data(tmp_path):
    rec = tmp_path / "req.jsonl"
    rec.write_text('{"id": "R1", "kind": "request", "received_at": "2026-12-28 10:00", "completed_at": "2027-01-06 10:00"}\n',
                   encoding="utf-8")
    env = {"COMPLIANCE_CALENDAR_DIR": ""}
    r = run("check", RULESET, str(rec), "--as-of", "2027-01-15", "--obligation", "HBB-REQ-DELIVER", env=env)
    assert r.exit_code == 2
    assert "2027" in r.stderr and "--calendar-dir" in r.stderr
    # with the year supplied, a normal finding: 3 working days after Mon 12-28 end Thu 12-31
    r = run("check", RULESET, str(rec), "--as-of", "2027-01-15", "--obligation", "HBB-REQ-DELIVER",
            "--calendar-dir", str(ROOT / "tests" / "data" / "calendar"), "--format", "json", env=env)
    assert r.exit_code == 1, r.output
    [f] = json.loads(r.stdout)["findings"]
    assert (f["status"], f["due"], f["key"]) == ("fail", "2026-12-31 24:00", "hebi-backup/HBB-REQ-DELIVER/R1")


def test_bad_as_of_is_a_usage_error():
    r = run("check", RULESET, SAMPLE, "--as-of", "31/12/2026")
    assert r.exit_code == 2 and "--as-of" in r.stderr


def test_missing_ruleset_is_exit_2(tmp_path):
    r = run("check", str(tmp_path / "nope"), SAMPLE, "--as-of", "2026-12-31")
    assert r.exit_code == 2


def test_rules_commands():
    r = run("rules", "list", RULESET)
    assert r.exit_code == 0 and "HBB-NOTICE-7WD" in r.stdout and "Not checked" in r.stdout
    r = run("rules", "show", RULESET, "HBB-FAULT-LEVEL")
    assert r.exit_code == 0 and "特大故障" in r.stdout
    r = run("rules", "validate", RULESET)
    assert r.exit_code == 0
    r = run("rules", "test", RULESET)
    assert r.exit_code == 0 and " 0 failed" in r.stdout


def test_rules_show_of_an_unknown_obligation_names_it_and_exits_2():
    r = run("rules", "show", RULESET, "NOPE")
    assert r.exit_code == 2 and "no such obligation in hebi-backup: NOPE" in r.stderr
    assert "HBB-NOTICE-7WD" in r.stderr and "Traceback" not in r.output  # the ids it could be
    r = run("rules", "show", RULESET, "hbb-notice-7wd")
    assert r.exit_code == 2 and "did you mean HBB-NOTICE-7WD?" in r.stderr


def test_problems_are_listed_in_line_order():
    from compliance.errors import InputError, Problem

    err = InputError([Problem("a.csv", "10", "fault.x", "v", "e"), Problem("a.csv", "9", "fault.x", "v", "e")])
    assert [p.location for p in err.problems] == ["9", "10"]


def test_a_defect_is_exit_3_with_its_traceback_never_1_violations(tmp_path, monkeypatch):
    """Exit status 1 means violations found (a Monday script mails the report): a crash of the
    program itself must not read as that. A defect exits 3, says it is one, shows its traceback
    and leaves no half-written output; bad input stays 2."""
    import compliance.check as check_module

    def defect(*args, **kwargs):
        raise RuntimeError("a defect")

    monkeypatch.setattr(check_module, "evaluate", defect)
    out = tmp_path / "r.json"
    f = tmp_path / "f.jsonl"
    f.write_text('{"id": "F1", "kind": "fault", "detected_at": "2026-09-30T09:15"}\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(RULESETS / "hebi-backup"), str(f), "--as-of", "2026-12-31",
                                  "-o", str(out)], catch_exceptions=False)
    assert r.exit_code == 3
    assert "RuntimeError: a defect" in r.stderr and "internal error: `compliance check`" in r.stderr
    assert list(tmp_path.iterdir()) == [f]
    monkeypatch.undo()
    bad = CliRunner().invoke(main, ["check", str(RULESETS / "hebi-backup"), str(f), "--as-of", "2026-13-01"],
                             catch_exceptions=False)
    assert bad.exit_code == 2
