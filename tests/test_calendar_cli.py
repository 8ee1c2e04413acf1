"""`compliance calendar …` through click's CliRunner, on the group itself (the main CLI only
attaches it). Errors must go to stderr with exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli.calendar_cmd import calendar
from compliance.workdays import ENV_VAR

FIXTURES = Path(__file__).parent / "data" / "calendar"


@pytest.fixture(autouse=True)
def _no_env_dirs(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)


def run(*args: str):
    return CliRunner().invoke(calendar, list(args))


def test_is_workday_makeup_saturday():
    r = run("is-workday", "2026-10-10")
    assert r.exit_code == 0, r.output
    assert "2026-10-10" in r.stdout
    assert "工作日" in r.stdout and "补班" in r.stdout
    assert r.stderr == ""


def test_is_workday_holiday_and_plain_weekend():
    r = run("is-workday", "2026-10-01")
    assert r.exit_code == 0 and "休息日" in r.stdout and "国庆节" in r.stdout
    r = run("is-workday", "2026-10-11")
    assert r.exit_code == 0 and "休息日" in r.stdout and "周末" in r.stdout


def test_mon_fri_rule_option():
    r = run("--workday-rule", "mon_fri_except_holidays", "is-workday", "2026-10-10")
    assert r.exit_code == 0
    assert "休息日" in r.stdout


def test_add_three_working_days_over_national_day():
    r = run("add", "2026-09-30", "3")
    assert r.exit_code == 0, r.output
    first = r.stdout.splitlines()[0]
    assert "2026-10-10" in first
    assert "跳过 2026-10-01…10-07 国庆节" in r.stdout
    assert "计入补班 2026-10-10（周六）" in r.stdout
    assert "2026-10-10 24:00" in r.stdout


def test_add_natural_days():
    r = run("add", "2026-09-01", "30", "--natural")
    assert r.exit_code == 0, r.output
    assert "2026-10-08" in r.stdout.splitlines()[0]


def test_add_before_shows_both_readings():
    r = run("add", "2026-10-08", "5", "--before")
    assert r.exit_code == 0, r.output
    first = r.stdout.splitlines()[0]
    assert "(a) 2026-09-22" in first and "(b) 2026-09-23" in first


def test_between_counts_a_exclusive_b_inclusive():
    r = run("between", "2026-09-30", "2026-10-10")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "3"
    # (2026-12-30, 2026-12-31]: one day, needs no 2027 data.
    r = run("between", "2026-12-30", "2026-12-31")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "1"


def test_explain_names_the_notice():
    r = run("explain", "2026-10-01")
    assert r.exit_code == 0, r.output
    assert "国庆节" in r.stdout
    assert "国务院办公厅关于2026年部分节假日安排的通知" in r.stdout
    assert "国办发明电〔2025〕7号" in r.stdout
    assert "gov.cn" in r.stdout


def test_explain_help_describes_the_year_file_schema():
    r = run("explain", "--help")
    assert r.exit_code == 0
    for key in ("year:", "title:", "number:", "issued_on:", "source:", "holidays:", "makeup_workdays:"):
        assert key in r.stdout


@pytest.mark.parametrize(
    "args",
    [("is-workday", "2027-01-04"), ("add", "2026-12-30", "3"), ("explain", "2027-06-01"),
     ("between", "2026-12-01", "2027-01-10")],
)
def test_missing_year_exits_2_naming_2027(args):
    r = run(*args)
    assert r.exit_code == 2
    assert "2027" in r.stderr
    assert "--calendar-dir" in r.stderr
    assert r.stdout == ""


def test_calendar_dir_option_supplies_2027():
    r = run("--calendar-dir", str(FIXTURES), "add", "2026-12-30", "3")
    assert r.exit_code == 0, r.output
    assert "2027-01-05" in r.stdout.splitlines()[0]


def test_env_var_supplies_2027(monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(FIXTURES))
    r = run("is-workday", "2027-01-04")
    assert r.exit_code == 0, r.output
    assert "工作日" in r.stdout


def test_bad_override_file_exits_2_with_every_problem(tmp_path):
    (tmp_path / "2027.yaml").write_text(
        "year: 2027\ntitle: t\nnumber: n\nissued_on: 2026-11-01\nsource: s\n"
        "holidays:\n  - {name: 元旦, start: 2027-01-01, end: 2027-01-03}\n"
        "makeup_workdays:\n  - 2027-01-06\n  - 2027-01-02\n",
        encoding="utf-8",
    )
    r = run("--calendar-dir", str(tmp_path), "is-workday", "2027-01-04")
    assert r.exit_code == 2
    assert "2027-01-06" in r.stderr and "2027-01-02" in r.stderr


def test_shipped_year_override_needs_flag(tmp_path):
    (tmp_path / "2026.yaml").write_text(
        "year: 2026\ntitle: t\nnumber: n\nissued_on: 2025-11-04\nsource: s\n"
        "holidays: []\nmakeup_workdays: []\n",
        encoding="utf-8",
    )
    r = run("--calendar-dir", str(tmp_path), "is-workday", "2026-10-01")
    assert r.exit_code == 2 and "replace" in r.stderr
    r = run("--calendar-dir", str(tmp_path), "--replace-shipped", "is-workday", "2026-10-01")
    assert r.exit_code == 0 and "工作日" in r.stdout  # the replacement has no 国庆 holiday


@pytest.mark.parametrize("args", [("is-workday", "2026-13-01"), ("add", "2026-W40-3", "3"),
                                  ("add", "2026-09-30", "0"), ("between", "2026-10-10", "2026-09-30")])
def test_bad_input_exits_2(args):
    r = run(*args)
    assert r.exit_code == 2
    assert r.stderr.strip() != ""
