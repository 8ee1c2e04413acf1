"""Numbers the contract does not give (issue 10, "Defaults are visible and settable"): every
parameter a ruleset chose where the contract names none (第一时间, 立即, 及时, 定期, 合理期限, a
report with no due day, a drill with no frequency) is a `defaults:` entry; findings resting on
one have basis `default`, say so in the message and are never critical; `--param ID.path=value`
sets the number and turns the basis to `user`."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from compliance.check import Options, evaluate, run_check
from compliance.cli import main
from compliance.decisions import Outcome
from compliance.errors import InputError, UsageError
from compliance.events import parse_record
from compliance.rulesets import load_ruleset, normalise_text, with_params

from conftest import RULESETS, SAMPLES, sample_spec

EXPECTED = sorted(SAMPLES.glob("*.expected.json"))

# Read from the contract texts: the obligations whose clause names no number (or no due day, or
# no frequency) and the parameter the ruleset chose for it.
MARKED = {
    "anyang": {
        "AY-REPORT-USAGE": {"day"},  # 2.2 每月提供资源使用情况报告: no due day
        "AY-WEEKLY-SECURITY": {"days_after"},  # 7.3 每周…报送: no due day
        "AY-INCIDENT-NOTIFY": {"period.minutes"},  # 7.4 第一时间
        "AY-DRILL-FIRE": {"per", "min"},  # 附表1 names the drills, no frequency
        "AY-DRILL-POWER": {"per", "min"},
        "AY-DRILL-VM-FAILOVER": {"per", "min"},
        "AY-DRILL-NETSEC": {"per", "min"},
        "AY-TRAINING": {"per", "min"},  # 开展培训, no frequency
        "AY-FORCE-MAJEURE-NOTICE": {"period.hours"},  # 立即
        "AY-FORCE-MAJEURE-PROOF": {"period.working_days"},  # 合理期限
    },
    "hebi-backup": {},
    "hebi-jd": {
        "JD-USAGE-REPORT": {"day"},  # 每月出具: no due day
        "JD-OPS-REPORT": {"every", "day"},  # 定期
    },
    "jiaozuo": {
        "JZ-ONBOARD-REPORT": {"day"},  # 按季度汇报: no due day
        "JZ-SCAN-WEAKPWD": {"per", "min"},  # 定期
        "JZ-SCAN-VULN": {"per", "min"},
        "JZ-DRILL-ATTACK": {"per", "min"},
        "JZ-DELETE-REPORT": {"period.working_days"},  # no time for the report
    },
    "luohe": {
        "LH-SEC-INSPECTION": {"per", "min"},  # 3.2.8 定期
        "LH-SEC-LOG-AUDIT": {"per", "min"},
        "LH-SEC-RISK": {"per", "min"},
        "LH-SEC-HARDENING": {"per", "min"},
        "LH-SEC-BACKUP": {"per", "min"},
        "LH-SEC-REPORT": {"per", "min"},
        "LH-INCIDENT-NOTIFY": {"period.hours"},  # 3.2.9 及时
    },
}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("rid", sorted(MARKED))
def test_the_defaults_marked_are_the_numbers_the_contract_does_not_give(rid):
    rs = load_ruleset(RULESETS / rid)
    got = {ob.id: {d.param for d in ob.defaults} for ob in rs.obligations if ob.defaults}
    assert got == MARKED[rid]
    text = normalise_text(rs.contract_text)
    for ob in rs.obligations:
        for d in ob.defaults:
            assert normalise_text(d.contract) in text, (ob.id, d.contract)
            assert "默认" in d.note, (ob.id, d.note)


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_no_finding_resting_on_a_default_has_basis_contract(path):
    spec = sample_spec(path)
    ev = run_check(spec["ruleset"], [spec["records"]],
                   Options(as_of=spec["as_of"], calendar_dirs=spec["calendar_dirs"], mapping=spec["map"]))
    rs = ev.rs
    findings = ev.findings(include_pass=True)
    assert findings
    for f in findings:
        ob = rs.obligation(f.obligation)
        if ob.defaults:
            assert f.basis == "default", (f.key, f.basis)
            assert f.message.endswith("（" + "；".join(d.note for d in ob.defaults) + "）"), f.message
            assert f.severity != "critical", f.key
        else:
            assert f.basis == "contract", (f.key, f.basis)
            assert not any(d.note in f.message for o in rs.obligations for d in o.defaults), f.message
    marked = {oid for oid in MARKED[rs.id]}
    assert marked <= {o.id for o in rs.obligations}
    # every sample shows at least one default-based finding where its ruleset has defaults
    assert bool(marked) == any(f.basis == "default" for f in findings)


# ---------------------------------------------------------------------------------------------
# Anyang 7.4: "第一时间告知甲方". A fault detected at 10:00 and notified at 10:20 is 20 minutes:
# in time under the ruleset's 30 minutes (due 10:30); 5 minutes late with 15 minutes (due 10:15).

NOTIFY = "AY-INCIDENT-NOTIFY"
NOTE = "（合同仅约定“第一时间”，本规则默认按30分钟计）"


@pytest.fixture()
def fault_20_minutes(tmp_path):
    f = tmp_path / "faults.jsonl"
    f.write_text(json.dumps({"id": "F20", "kind": "fault", "contract": "anyang", "detected_at": "2023-09-01 10:00",
                             "notified_at": "2023-09-01 10:20", "resolved_at": "2023-09-01 11:00"},
                            ensure_ascii=False) + "\n", encoding="utf-8")
    return f


def _notify(records, *extra: str):
    r = run("check", str(RULESETS / "anyang"), str(records), "--as-of", "2023-09-30", "--obligation", NOTIFY,
            "--include-pass", "--format", "json", *extra)
    doc = json.loads(r.stdout)
    [f] = [f for f in doc["findings"] if f["obligation"] == NOTIFY]
    return r.exit_code, f


def test_twenty_minutes_pass_under_the_thirty_minute_default(fault_20_minutes):
    code, f = _notify(fault_20_minutes)
    assert (code, f["status"], f["basis"], f["due"]) == (0, "pass", "default", "2023-09-01 10:30")
    assert f["message"].endswith(NOTE)
    assert any("period.minutes = 30" in step and "第一时间" in step for step in f["explanation"])


def test_fifteen_minutes_set_by_the_user_fail_with_basis_user(fault_20_minutes):
    code, f = _notify(fault_20_minutes, "--param", f"{NOTIFY}.period.minutes=15")
    assert (code, f["status"], f["basis"], f["due"]) == (1, "fail", "user", "2023-09-01 10:15")
    assert "超出期限5分钟" in f["message"] and "默认" not in f["message"]
    assert f["facts"]["late_minutes"] == 5
    assert any("period.minutes = 15" in step for step in f["explanation"])


def test_options_params_do_the_same_and_leave_the_ruleset_unchanged():
    rs = load_ruleset(RULESETS / "anyang")
    records = [parse_record({"id": "F20", "kind": "fault", "detected_at": "2023-09-01 10:00",
                             "notified_at": "2023-09-01 10:20"}, rs.tz)]
    ev = evaluate(rs, records, Options(as_of="2023-09-30", obligations=[NOTIFY],
                                       params={NOTIFY: {"period.minutes": 15}}))
    [f] = ev.findings()
    assert (f.status, f.basis, f.due) == ("fail", "user", "2023-09-01 10:15")
    assert rs.params[NOTIFY].period.minutes == 30  # a copy was changed, not the loaded ruleset


def test_setting_some_of_several_defaults_keeps_basis_default_and_names_the_rest():
    rs = load_ruleset(RULESETS / "anyang")
    ev = evaluate(rs, [], Options(as_of="2024-06-27", obligations=["AY-DRILL-FIRE"], complete_kinds=frozenset({"drill"}),
                                  params={"AY-DRILL-FIRE": {"min": 2}}))
    [f] = ev.findings()
    assert f.basis == "default"
    assert f.message.endswith("（合同未约定频次，本规则默认按合同年度考核）")
    assert "少于要求的2次" in f.message
    ev = evaluate(rs, [], Options(as_of="2024-06-27", obligations=["AY-DRILL-FIRE"], complete_kinds=frozenset({"drill"}),
                                  params={"AY-DRILL-FIRE": {"min": 2, "per": "contract_year"}}))
    [f] = ev.findings()
    assert f.basis == "user" and "默认" not in f.message


# ---------------------------------------------------------------------------------------------
# A default-based outcome marked critical comes out major.

def test_a_default_based_critical_outcome_comes_out_major():
    rs = load_ruleset(RULESETS / "anyang")
    records = [parse_record({"id": "F9", "kind": "fault", "detected_at": "2023-09-01 10:00",
                             "notified_at": "2023-09-01 12:00"}, rs.tz)]
    ev = evaluate(rs, records, Options(as_of="2023-09-30", obligations=[NOTIFY]))
    ev.outcomes = [Outcome(status="fail", severity="critical", label="test") for _ in ev.outcomes]
    [f] = ev.findings()
    assert (f.basis, f.severity) == ("default", "major")
    assert any("critical" in step and "默认参数" in step and "major" in step for step in f.explanation)
    assert "critical" not in ev.summary()["by_severity"]
    # the same outcome with the number set by the user stays critical
    ev2 = evaluate(rs, records, Options(as_of="2023-09-30", obligations=[NOTIFY], params={NOTIFY: {"period.minutes": 30}}))
    ev2.outcomes = [Outcome(status="fail", severity="critical") for _ in ev2.outcomes]
    [f2] = ev2.findings()
    assert (f2.basis, f2.severity) == ("user", "critical")
    # an obligation whose numbers are the contract's keeps its critical findings
    contract_rs = load_ruleset(RULESETS / "hebi-backup")
    assert not contract_rs.obligation("HBB-DATA-LEAK").defaults


# ---------------------------------------------------------------------------------------------
# Bad --param: exit 2, one clear line naming the option and what was expected.

@pytest.mark.parametrize("arg, says", [
    ("AY-NO-SUCH.period.minutes=15", "has no obligation AY-NO-SUCH"),
    (f"{NOTIFY}.period.seconds=15", "has no parameter 'period.seconds'"),
    (f"{NOTIFY}.period.minutes=soon", "valid integer"),
    (f"{NOTIFY}.period.minutes=0", "greater than 0"),
    (f"{NOTIFY}=15", "expected ID.PATH=VALUE"),
])
def test_a_bad_param_is_exit_2_with_one_clear_line(fault_20_minutes, arg, says):
    r = run("check", str(RULESETS / "anyang"), str(fault_20_minutes), "--as-of", "2023-09-30", "--param", arg)
    assert r.exit_code == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: --param ") and says in lines[0], lines[0]


def test_with_params_names_the_option_it_was_given():
    rs = load_ruleset(RULESETS / "anyang")
    with pytest.raises(UsageError, match=r"^params: AY-INCIDENT-NOTIFY\.period\.minutes=x"):
        with_params(rs, {NOTIFY: {"period.minutes": "x"}}, option="params:")


# ---------------------------------------------------------------------------------------------
# The ruleset validation rejects a defaults path that is not a parameter, at its line.

def test_a_defaults_path_that_is_not_a_parameter_is_rejected_at_its_line(tmp_path):
    folder = tmp_path / "anyang"
    shutil.copytree(RULESETS / "anyang", folder)
    path = folder / "ruleset.yaml"
    text = path.read_text(encoding="utf-8")
    good = '      - {param: period.minutes, contract: "第一时间",'
    assert text.count(good) == 1
    text = text.replace(good, '      - {param: period.seconds, contract: "第一时间",')
    path.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "param: period.seconds" in ln)
    with pytest.raises(InputError) as exc:
        load_ruleset(folder)
    [p] = exc.value.problems
    assert p.location == str(line)
    assert p.field.endswith(".defaults[0].param") and p.value == "period.seconds"
    assert "period.minutes" in p.expected  # the parameters it could have named


def test_a_defaults_entry_must_quote_the_contract(tmp_path):
    folder = tmp_path / "anyang"
    shutil.copytree(RULESETS / "anyang", folder)
    path = folder / "ruleset.yaml"
    text = path.read_text(encoding="utf-8").replace('contract: "第一时间"', 'contract: "三十分钟内"', 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_ruleset(folder)
    assert [p.field.rsplit(".", 1)[-1] for p in exc.value.problems] == ["contract"]


# ---------------------------------------------------------------------------------------------
# rules list / show

def test_rules_list_marks_and_show_names_each_default():
    r = run("rules", "list", str(RULESETS / "anyang"))
    line = next(ln for ln in r.stdout.splitlines() if NOTIFY in ln)
    assert line.rstrip().endswith("[default: period.minutes]")
    r = run("rules", "show", str(RULESETS / "anyang"), NOTIFY)
    assert "default: period.minutes = 30" in r.stdout and "“第一时间”" in r.stdout
    assert "合同仅约定“第一时间”，本规则默认按30分钟计" in r.stdout
