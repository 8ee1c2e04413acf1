"""`compliance run CONFIG`: the weekly run, its history (SQLite), waivers and rulings, letters."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOT, RULESETS, SAMPLES

from compliance.errors import ComplianceError, InputError
from compliance.history import SCHEMA_VERSION, History, HistoryError
from compliance.weekly import run

HBB = "hebi-backup"
FIXED = f"{HBB}/HBB-REPORT-ERRORS/RPT-OPS-202607"  # planted: the July report has 2 errors
PLANTED = f"{HBB}/HBB-REPORT-ERRORS/RPT-OPS-202608"  # planted by the tests: the August report gets 1
AMBIGUOUS = f"{HBB}/HBB-NOTICE-7WD/MNT-2026-006"  # 提前7个工作日: late by reading a, in time by b


def _records(tmp: Path, name: str = HBB) -> Path:
    dst = tmp / "records" / name
    if not dst.exists():
        shutil.copytree(SAMPLES / name, dst)
    return dst


def _set_errors(records: Path, report_id: str, errors: int) -> None:
    """Change one monthly report's `errors` cell in the copied reports.csv."""
    path = records / "reports.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].lstrip("\ufeff").rstrip("\r\n").split(",")
    col = header.index("errors")
    for i, line in enumerate(lines):
        cells = line.rstrip("\r\n").split(",")
        if cells[0] == report_id:
            cells[col] = str(errors)
            lines[i] = ",".join(cells) + "\n"
            break
    else:
        raise AssertionError(f"{report_id} not in {path}")
    path.write_text("".join(lines), encoding="utf-8")


def _config(tmp: Path, *, as_of: str = "2026-12-24", waivers: str | None = None, extra: str = "",
            contracts: str | None = None, name: str = "weekly.yaml", output: str = "out") -> Path:
    if contracts is None:
        contracts = f"""\
          - ruleset: {RULESETS / HBB}
            records: [records/{HBB}]
        """
    text = textwrap.dedent(f"""\
        as_of: {as_of}
        output: {output}
        formats: []
        """) + (f"waivers: {waivers}\n" if waivers else "") + textwrap.dedent(extra) + "contracts:\n" \
        + textwrap.indent(textwrap.dedent(contracts), "  ")
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


# hebi-backup with letters drafted, by notice.yaml beside the config
WITH_LETTERS = f"""\
  - ruleset: {RULESETS / HBB}
    records: [records/{HBB}]
    letters: true
    notice_settings: notice.yaml
"""


def _keys(contract_run, change: str) -> set[str]:
    return {f.key for f in getattr(contract_run, change)}


def _fails(contract_run) -> set[str]:
    return _keys(contract_run, "new") | _keys(contract_run, "still_open") | _keys(contract_run, "regressed")


def _runs(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT run_id, as_of FROM runs ORDER BY seq").fetchall()
    finally:
        con.close()


# --------------------------------------------------------------------------------------------
# Classification


def test_two_runs_a_week_apart(tmp_path):
    rec = _records(tmp_path)
    first = run(_config(tmp_path, as_of="2026-12-24")).report
    c1 = first.contracts[0]
    assert first.previous_run_id is None and not c1.still_open and not c1.resolved
    assert FIXED in _keys(c1, "new") and PLANTED not in _fails(c1)

    _set_errors(rec, "RPT-OPS-202607", 0)  # fixed
    _set_errors(rec, "RPT-OPS-202608", 1)  # a new violation
    out = run(_config(tmp_path, as_of="2026-12-31"))
    second, c2 = out.report, out.report.contracts[0]
    assert second.previous_run_id == first.run_id and second.run_id != first.run_id

    assert PLANTED in _keys(c2, "new")
    assert _keys(c2, "resolved") == {FIXED}
    # every other violation of the first week is still open, a week old, first seen then
    assert _keys(c2, "still_open") == _fails(c1) - {FIXED}
    for f in c2.still_open:
        assert (f.first_seen, f.age_weeks) == ("2026-12-24", 1), f.key
    new = {f.key: f for f in c2.new}
    assert new[PLANTED].first_seen == "2026-12-31" and new[PLANTED].age_weeks is None
    resolved = c2.resolved[0]
    assert resolved.change == "resolved" and resolved.status == "pass" and resolved.first_seen == "2026-12-24"
    # shown as this run found it (the July report with no errors), not as last week's text
    assert "未再发现" not in "".join(resolved.explanation) and resolved.facts.get("errors") == 0
    # every verdict is recorded, the passes too: a pass once a violation as a finding in full,
    # the others by key, in the run's compressed list of passes
    with History(tmp_path / "out" / "history.sqlite") as hist:
        rows = dict(hist.db.execute("SELECT key, body FROM findings WHERE run_id = ? AND status = 'pass'",
                                    (second.run_id,)).fetchall())
        listed = {r: list(hist.passes_of(r, HBB)) for r in (first.run_id, second.run_id)}
        (count,) = hist.db.execute("SELECT count FROM run_passes WHERE run_id = ?", (second.run_id,)).fetchone()
    assert set(rows) == {FIXED} and json.loads(rows[FIXED])["key"] == FIXED  # once a violation: in full
    assert len(listed[second.run_id]) == count == c2.summary["by_status"]["pass"] - 1
    assert len(set(listed[second.run_id])) == count and FIXED not in listed[second.run_id]
    assert PLANTED in listed[first.run_id] and PLANTED not in listed[second.run_id]  # a pass, then a violation
    assert len(listed[first.run_id]) == c1.summary["by_status"]["pass"]
    assert c2.summary["by_change"]["resolved"] == 1 and c2.summary["open"] == len(_fails(c2))
    assert c2.as_of == "2027-01-01T00:00:00+08:00" and c2.findings_file == f"{HBB}.findings.json"
    # the contract's findings JSON (passes excluded), as check --format json writes it
    doc = json.loads((tmp_path / "out" / f"{HBB}.findings.json").read_text(encoding="utf-8"))
    assert not doc["include_pass"] and all(f["status"] != "pass" for f in doc["findings"])
    assert PLANTED in {f["key"] for f in doc["findings"]}
    # the trend: open violations per run and topic, oldest run first
    runs = [p.run_id for p in second.trend]
    assert runs.index(first.run_id) < runs.index(second.run_id)
    report_topic = {(p.run_id, p.topic): p.open for p in second.trend}
    assert report_topic[(first.run_id, "report")] == report_topic[(second.run_id, "report")]  # one fixed, one new
    # run.json is the RunReport, written atomically under the output folder
    saved = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert saved["run_id"] == second.run_id and saved["contracts"][0]["contract"] == HBB
    assert _runs(tmp_path / "out" / "history.sqlite") == [(first.run_id, "2026-12-24"), (second.run_id, "2026-12-31")]


def test_regressed(tmp_path):
    rec = _records(tmp_path)
    run(_config(tmp_path, as_of="2026-12-10"))
    _set_errors(rec, "RPT-OPS-202607", 0)
    mid = run(_config(tmp_path, as_of="2026-12-17")).report.contracts[0]
    assert FIXED in _keys(mid, "resolved")
    _set_errors(rec, "RPT-OPS-202607", 3)
    last = run(_config(tmp_path, as_of="2026-12-24")).report.contracts[0]
    assert FIXED in _keys(last, "regressed") and FIXED not in _keys(last, "new") | _keys(last, "still_open")
    f = next(f for f in last.regressed if f.key == FIXED)
    assert f.first_seen == "2026-12-24" and f.facts["errors"] == 3
    # a fourth week still failing: still open since the regression
    again = run(_config(tmp_path, as_of="2026-12-31")).report.contracts[0]
    g = next(f for f in again.still_open if f.key == FIXED)
    assert (g.first_seen, g.age_weeks) == ("2026-12-24", 1)


WAIVERS = """\
waivers:
  - contract: hebi-backup
    obligation: HBB-REPORT-ERRORS
    subject: RPT-OPS-202607
    reason: 甲方书面同意（鹤审函〔2026〕20号）
    approved_by: 张明
    until: {until}
"""


def test_waived_then_expired(tmp_path):
    _records(tmp_path)
    (tmp_path / "waivers.yaml").write_text(WAIVERS.format(until="2026-12-24"), encoding="utf-8")
    c1 = run(_config(tmp_path, as_of="2026-12-24", waivers="waivers.yaml")).report.contracts[0]
    assert FIXED in _keys(c1, "waived") and FIXED not in _fails(c1)
    w = next(f for f in c1.waived if f.key == FIXED)
    assert w.status == "waived" and w.change == "waived" and not w.waiver_expired
    assert (w.waiver.reason, w.waiver.approved_by, w.waiver.until) == ("甲方书面同意（鹤审函〔2026〕20号）", "张明", "2026-12-24")
    assert w.waiver.source.endswith("waivers.yaml:2")
    # a week later the waiver has ended: the finding is open again, still open since it was waived
    c2 = run(_config(tmp_path, as_of="2026-12-31", waivers="waivers.yaml")).report.contracts[0]
    f = next(f for f in c2.still_open if f.key == FIXED)
    assert f.status == "fail" and f.waiver_expired and f.waiver.until == "2026-12-24"
    assert (f.first_seen, f.age_weeks) == ("2026-12-24", 1)
    assert c2.summary["waivers_expired"] == 1 and not c2.waived


def test_waiver_by_obligation_and_new_expired(tmp_path):
    _records(tmp_path)
    (tmp_path / "waivers.yaml").write_text(textwrap.dedent("""\
        waivers:
          - contract: hebi-backup
            obligation: HBB-RESIDENT       # every day of the resident engineer's attendance
            reason: 驻场调整期
            approved_by: 张明
            until: 2027-01-31
          - contract: hebi-backup
            subject: RPT-OPS-202607        # by subject alone, expired before the first run
            reason: 旧豁免
            approved_by: 李华
            until: 2026-11-30
        """), encoding="utf-8")
    c = run(_config(tmp_path, as_of="2026-12-31", waivers="waivers.yaml")).report.contracts[0]
    waived = {f.key for f in c.waived}
    assert waived and all(k.startswith(f"{HBB}/HBB-RESIDENT/") for k in waived)
    assert not any(k.startswith(f"{HBB}/HBB-RESIDENT/") for k in _fails(c))
    f = next(f for f in c.new if f.key == FIXED)  # never seen before: new, and its waiver has expired
    assert f.waiver_expired and f.waiver.approved_by == "李华"
    # the terminal's summary line says so too
    r = _cli(["run", str(_config(tmp_path, as_of="2026-12-31", waivers="waivers.yaml"))], cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert f"[run] {HBB}: " in r.stderr and "1 waiver expired: its findings are open again" in r.stderr


def test_ruling_on_an_ambiguous_finding_and_letters(tmp_path):
    _records(tmp_path)
    (tmp_path / "waivers.yaml").write_text(textwrap.dedent(f"""\
        rulings:
          - key: {AMBIGUOUS}
            reading: a
            by: 张明
            on: 2026-12-01
            note: 通知当日不计入
        """), encoding="utf-8")
    (tmp_path / "notice.yaml").write_text("number_pattern: 鹤审函〔{year}〕{n}号\nnext_number: 18\ndate: 2026-12-07\n",
                                          encoding="utf-8")
    c = run(_config(tmp_path, as_of="2026-12-24", waivers="waivers.yaml", contracts=WITH_LETTERS,
                    extra="letter_formats: [md]\n")).report.contracts[0]
    f = next(f for f in c.new if f.key == AMBIGUOUS)  # reading a is violated: a violation, by ruling
    assert f.status == "ambiguous" and f.ruling.reading == "a" and f.ruling.by == "张明"
    assert c.letters == ["letters/hebi-backup.notice-2026-18.md"]
    letter = (tmp_path / "out" / c.letters[0]).read_text(encoding="utf-8")
    assert "鹤审函〔2026〕18号" in letter and "MNT-2026-006" in letter and "张明" in letter
    assert "RPT-OPS-202607" in letter
    assert any(n.code == "letter_drafted" for n in c.notices)

    # reading b: the notice was in time; the ambiguous finding is no violation (in no list)
    (tmp_path / "waivers.yaml").write_text(
        (tmp_path / "waivers.yaml").read_text(encoding="utf-8").replace("reading: a", "reading: b"), encoding="utf-8")
    c2 = run(_config(tmp_path, as_of="2026-12-31", waivers="waivers.yaml")).report.contracts[0]
    every = {k for ch in ("new", "still_open", "regressed", "waived", "pending") for k in _keys(c2, ch)}
    assert AMBIGUOUS not in every and AMBIGUOUS in _keys(c2, "resolved")
    assert AMBIGUOUS not in _keys(c2, "ambiguous")  # ruled on: nothing left to rule


def test_findings_to_rule_on_and_those_the_records_cannot_decide_are_listed(tmp_path):
    _records(tmp_path, "hebi-jd")
    contracts = f"""\
      - ruleset: {RULESETS / "hebi-jd"}
        records: [records/hebi-jd]
    """
    # 提前5个工作日 met by one reading only; an approval whose role is not recorded
    to_rule = {"hebi-jd/JD-NOTICE-5WD/BG-2026-010", "hebi-jd/JD-RESIDENT-CHANGE-NOTICE/RYBG-2026-001"}
    no_data = "hebi-jd/JD-RESIDENT-CHANGE-APPROVAL/RYBG-2026-005"
    for as_of in ("2026-12-24", "2026-12-31"):
        c = run(_config(tmp_path, as_of=as_of, contracts=contracts)).report.contracts[0]
        assert to_rule <= _keys(c, "ambiguous") and no_data in _keys(c, "unknown")
        for f in [*c.ambiguous, *c.unknown]:
            assert f.change == f.status and f.first_seen == "2026-12-24", f.key  # the same since the first week
        assert not (_keys(c, "ambiguous") | _keys(c, "unknown")) & (_fails(c) | _keys(c, "resolved"))
        by_change = c.summary["by_change"]
        assert (by_change["ambiguous"], by_change["unknown"]) == (len(c.ambiguous), len(c.unknown))
    doc = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert no_data in {f["key"] for f in doc["contracts"][0]["unknown"]}  # in run.json as in the model


def test_letters_only_for_new_violations(tmp_path):
    rec = _records(tmp_path)
    (tmp_path / "notice.yaml").write_text("date: 2026-12-07\n", encoding="utf-8")
    cfg = lambda as_of: _config(tmp_path, as_of=as_of, contracts=WITH_LETTERS, extra="letter_formats: [md]\n")
    run(cfg("2026-12-24"))
    _set_errors(rec, "RPT-OPS-202608", 1)
    c = run(cfg("2026-12-31")).report.contracts[0]
    assert len(c.letters) == 1
    letter = (tmp_path / "out" / c.letters[0]).read_text(encoding="utf-8")
    assert "RPT-OPS-202608" in letter and "RPT-OPS-202607" not in letter  # that one is still open, not new


def test_runs_sharing_a_history_share_one_letter_sequence_whatever_their_output_folder(tmp_path):
    """Each week's letters into a folder of their own, one history: the second week's letter is
    number 2 of the year, never number 1 again (文号 are never repeated)."""
    rec = _records(tmp_path)
    (tmp_path / "notice.yaml").write_text("number_pattern: 鹤审函〔{year}〕{n}号\ndate: 2026-12-07\n", encoding="utf-8")

    def week(as_of: str, output: str):
        return run(_config(tmp_path, as_of=as_of, contracts=WITH_LETTERS, output=output,
                           extra="letter_formats: [md]\ndatabase: history.sqlite\n")).report.contracts[0]

    c1 = week("2026-12-24", "week1")
    _set_errors(rec, "RPT-OPS-202608", 1)  # a new violation in the second week: a letter
    c2 = week("2026-12-31", "week2")
    assert c1.letters == ["letters/hebi-backup.notice-2026-1.md"]
    assert c2.letters == ["letters/hebi-backup.notice-2026-2.md"]
    assert "鹤审函〔2026〕2号" in (tmp_path / "week2" / c2.letters[0]).read_text(encoding="utf-8")
    assert (tmp_path / "notice-numbers.sqlite3").exists()  # beside the history


def test_a_letter_sequence_an_earlier_version_kept_in_the_letters_folder_goes_on_beside_the_history(tmp_path):
    """An earlier version numbered in <output>/letters/notice-numbers.sqlite3: the first run into that
    output copies it beside the history, and the numbers go on from it, into any folder after."""
    rec = _records(tmp_path)
    (tmp_path / "notice.yaml").write_text("number_pattern: 鹤审函〔{year}〕{n}号\ndate: 2026-12-07\n", encoding="utf-8")

    def week(as_of: str, output: str):
        return run(_config(tmp_path, as_of=as_of, contracts=WITH_LETTERS, output=output,
                           extra="letter_formats: [md]\ndatabase: history.sqlite\n"))

    assert week("2026-12-17", "week1").report.contracts[0].letters == ["letters/hebi-backup.notice-2026-1.md"]
    # as an earlier version left it: the sequence in the output's letters folder, none beside the history
    (tmp_path / "notice-numbers.sqlite3").rename(tmp_path / "week1" / "letters" / "notice-numbers.sqlite3")
    _set_errors(rec, "RPT-OPS-202608", 1)
    second = week("2026-12-24", "week1")
    assert second.report.contracts[0].letters == ["letters/hebi-backup.notice-2026-2.md"]
    assert any("was copied to" in n for n in second.notes) and (tmp_path / "notice-numbers.sqlite3").exists()
    _set_errors(rec, "RPT-OPS-202609", 1)
    assert week("2026-12-31", "week3").report.contracts[0].letters == ["letters/hebi-backup.notice-2026-3.md"]


def test_a_week_run_again_into_another_folder_says_the_replaced_runs_letters_are_superseded(tmp_path):
    _records(tmp_path)
    (tmp_path / "notice.yaml").write_text("date: 2026-12-07\n", encoding="utf-8")
    cfg = lambda output: _config(tmp_path, as_of="2026-12-24", contracts=WITH_LETTERS, output=output,
                                 extra="letter_formats: [md]\ndatabase: history.sqlite\n")
    first = run(cfg("one"))
    assert first.report.contracts[0].letters
    again = run(cfg("two"))  # the same week, written elsewhere: it replaces the first run
    assert again.replaced == first.report.run_id
    assert any("did not write to" in n for n in again.notes)
    (notice,) = [n for n in again.report.contracts[0].notices if n.code == "letters_superseded"]
    assert first.report.run_id in notice.message and "请勿发送" in notice.message


def test_a_new_letter_sequence_beside_a_history_with_earlier_runs_is_said(tmp_path):
    rec = _records(tmp_path)
    (tmp_path / "notice.yaml").write_text("date: 2026-12-07\n", encoding="utf-8")
    run(_config(tmp_path, as_of="2026-12-24"))  # an earlier run, no letters
    _set_errors(rec, "RPT-OPS-202608", 1)
    out = run(_config(tmp_path, as_of="2026-12-31", contracts=WITH_LETTERS, extra="letter_formats: [md]\n"))
    assert any(n.code == "letter_note" and "新建文号序列" in n.message for n in out.report.contracts[0].notices)


# --------------------------------------------------------------------------------------------
# Input errors: file and line, nothing written


def test_the_configs_the_waivers_and_the_letter_settings_problems_are_reported_at_once(tmp_path):
    """One run names every problem of its files: a missing records folder in the config, a
    waiver of a contract not in the run, a settings file with a bad key."""
    _records(tmp_path)
    (tmp_path / "waivers.yaml").write_text(textwrap.dedent("""\
        waivers:
          - contract: hebi-bakup
            obligation: HBB-REPORT-ERRORS
            reason: 同意延期
            approved_by: 张明
            until: 2026-12-31
        """), encoding="utf-8")
    (tmp_path / "settings.yaml").write_text("next_number: 0\n", encoding="utf-8")
    cfg = _config(tmp_path, waivers="waivers.yaml", contracts=f"""\
        - ruleset: {RULESETS / HBB}
          records: [records/{HBB}, records/missing]
          letters: true
          notice_settings: settings.yaml
        """)
    with pytest.raises(InputError) as e:
        run(cfg)
    where = {(Path(p.source).name, p.field) for p in e.value.problems}
    assert ("weekly.yaml", "contracts[0].records[1]") in where
    assert ("waivers.yaml", "waivers[0].contract") in where
    assert ("settings.yaml", "next_number") in where
    assert not (tmp_path / "out").exists()


def test_malformed_waivers_file_names_file_and_line(tmp_path):
    _records(tmp_path)
    (tmp_path / "waivers.yaml").write_text(textwrap.dedent("""\
        waivers:
          - contract: hebi-backup
            obligation: HBB-REPORT-ERRORS
            reason: 同意延期
            approved_by: 张明
            until: 2026-13-31
          - contract: hebi-backup
            reason: 没有义务也没有事项
            approved_by: 张明
            until: 2026-12-31
          - contract: hebi-bakup
            obligation: HBB-REPORT-ERRORS
            reason: x
            approved_by: y
            until: 2026-12-31
        """), encoding="utf-8")
    cfg = _config(tmp_path, waivers="waivers.yaml")
    r = _cli(["run", str(cfg)], cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert f"{tmp_path / 'waivers.yaml'}:6: waivers[0].until" in r.stderr
    assert f"{tmp_path / 'waivers.yaml'}:7: waivers[1]" in r.stderr
    assert "nothing was written" in r.stderr
    assert not (tmp_path / "out").exists()
    # the semantic problems (a contract not in the run) are reported with their lines too
    text = (tmp_path / "waivers.yaml").read_text(encoding="utf-8")
    (tmp_path / "waivers.yaml").write_text(text.replace("2026-13-31", "2026-12-31").replace(
        "    reason: 没有义务也没有事项\n", "    subject: RPT-OPS-202607\n    reason: 有事项\n"), encoding="utf-8")
    with pytest.raises(InputError) as e:
        run(cfg)
    assert [(p.location, p.field) for p in e.value.problems] == [("12", "waivers[2].contract")]
    assert not (tmp_path / "out").exists()


def test_bad_config_names_file_and_line(tmp_path):
    _records(tmp_path)
    cfg = tmp_path / "weekly.yaml"
    cfg.write_text(textwrap.dedent(f"""\
        output: out
        formats: [html, pdf]
        contracts:
          - ruleset: {RULESETS / HBB}
            records: [records/{HBB}, records/missing]
            form: 2026-07-01
            params: {{HBB-NOPE: {{period.minutes: 15}}}}
        """), encoding="utf-8")
    with pytest.raises(InputError) as e:
        run(cfg)
    got = {(p.location, p.field) for p in e.value.problems}
    assert ("2", "formats") in got or ("2", "formats.1") in got
    assert ("6", "contracts[0].form") in got
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("[html, pdf]", "[html]").replace("    form: 2026-07-01\n", ""),
                   encoding="utf-8")
    with pytest.raises(InputError) as e:
        run(cfg)
    got = {(p.location, p.field) for p in e.value.problems}
    assert got == {("5", "contracts[0].records[1]"), ("6", "contracts[0].params")}
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------------------------
# The history: one transaction per run, schema version, concurrency


def test_history_schema(tmp_path):
    _records(tmp_path)
    run(_config(tmp_path))
    con = sqlite3.connect(tmp_path / "out" / "history.sqlite")
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    ((digest,),) = con.execute("SELECT input_digest FROM run_contracts").fetchall()
    assert len(digest) == 64
    statuses = dict(con.execute("SELECT key, status FROM findings"))
    assert statuses[FIXED] == "fail"
    con.close()


def test_every_pass_is_recorded_also_one_that_was_a_violation_weeks_ago(tmp_path):
    rec = _records(tmp_path)
    runs = [run(_config(tmp_path, as_of="2026-12-17")).report]
    _set_errors(rec, "RPT-OPS-202607", 0)  # fixed in the second week, still fixed in the third
    runs += [run(_config(tmp_path, as_of=d)).report for d in ("2026-12-24", "2026-12-31")]
    assert FIXED in _keys(runs[1].contracts[0], "resolved")
    con = sqlite3.connect(tmp_path / "out" / "history.sqlite")
    try:
        for r in runs:  # a row for every pass the check found, in every run
            (n,) = con.execute("SELECT COUNT(*) FROM findings WHERE run_id = ? AND status = 'pass'",
                               (r.run_id,)).fetchone()
            (listed,) = con.execute("SELECT count FROM run_passes WHERE run_id = ?", (r.run_id,)).fetchone()
            assert n + listed == r.contracts[0].summary["by_status"]["pass"], r.as_of
        row = con.execute("SELECT status, change, first_seen FROM findings WHERE run_id = ? AND key = ?",
                          (runs[2].run_id, FIXED)).fetchone()
    finally:
        con.close()
    assert row == ("pass", None, "2026-12-24")  # passing since the run that resolved it


def test_a_violation_whose_record_is_gone_is_listed_as_last_recorded_until_it_is_found_again(tmp_path):
    rec = _records(tmp_path)
    path = rec / "reports.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    c1 = run(_config(tmp_path, as_of="2026-12-10")).report.contracts[0]
    before = next(f for f in c1.new if f.key == FIXED)
    # the July report's row taken out of the export for two weeks
    path.write_text("".join(ln for ln in lines if not ln.startswith("RPT-OPS-202607,")), encoding="utf-8")
    gone = []
    for as_of in ("2026-12-17", "2026-12-24"):
        c = run(_config(tmp_path, as_of=as_of)).report.contracts[0]
        # not resolved: nothing shows it was rectified (a row deleted from the export would "fix" it)
        assert FIXED not in _fails(c) and FIXED not in _keys(c, "resolved")
        (g,) = c.no_longer_found
        assert c.summary["by_change"]["no_longer_found"] == 1 and c.summary["by_change"]["resolved"] == 0
        gone.append(g)
    for g, as_of in zip(gone, ("2026-12-17", "2026-12-24")):
        # the first week's finding (its text read back from the history), saying why it is listed,
        # once: the week's own line, not last week's beside it
        assert (g.key, g.change, g.status) == (FIXED, "no_longer_found", "fail")
        assert (g.message, g.facts, g.first_seen) == (before.message, before.facts, "2026-12-10")
        assert g.explanation[:-1] == before.explanation
        assert g.explanation[-1] == (f"本次检查（截至{as_of}）未再发现此项：相关记录已不在导出或检查范围内"
                                     "（被删除、改号或移出检查期间），不能据此认定已整改，请核实；所列依据记录为最后一次发现时的文件位置")
    # the row back, still with its errors: the violation first seen on 12-10, three weeks old, not new
    path.write_text("".join(lines), encoding="utf-8")
    c4 = run(_config(tmp_path, as_of="2026-12-31")).report.contracts[0]
    (back,) = [f for f in c4.still_open if f.key == FIXED]
    assert (back.first_seen, back.age_weeks) == ("2026-12-10", 3) and not c4.no_longer_found
    assert FIXED not in _keys(c4, "regressed") | _keys(c4, "new")


def test_a_violation_no_longer_found_that_comes_back_compliant_is_resolved(tmp_path):
    rec = _records(tmp_path)
    path = rec / "reports.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    run(_config(tmp_path, as_of="2026-12-17"))
    path.write_text("".join(ln for ln in lines if not ln.startswith("RPT-OPS-202607,")), encoding="utf-8")
    assert _keys(run(_config(tmp_path, as_of="2026-12-24")).report.contracts[0], "no_longer_found") == {FIXED}
    path.write_text("".join(lines), encoding="utf-8")
    _set_errors(rec, "RPT-OPS-202607", 0)  # back, and corrected: rectified
    c3 = run(_config(tmp_path, as_of="2026-12-31")).report.contracts[0]
    assert FIXED in _keys(c3, "resolved") and not c3.no_longer_found


def test_a_violation_no_longer_found_is_listed_apart_and_reads_as_last_recorded(tmp_path):
    """A violation whose record is gone is listed under 未再发现（待核实）, not 已整改, its status
    column saying what it was and that it is no longer found; a resolved one (a pass now) reads 通过."""
    import openpyxl

    rec = _records(tmp_path)

    def config(as_of: str) -> Path:
        path = _config(tmp_path, as_of=as_of)
        path.write_text(path.read_text(encoding="utf-8").replace("formats: []", "formats: [html, xlsx]"), encoding="utf-8")
        return path

    run(config("2026-12-17"))
    _set_errors(rec, "RPT-OPS-202608", 1)  # a violation in the second week ...
    run(config("2026-12-24"))
    _set_errors(rec, "RPT-OPS-202608", 0)  # ... fixed in the third, while July's row is taken out
    path = rec / "reports.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(ln for ln in lines if not ln.startswith("RPT-OPS-202607,")), encoding="utf-8")
    c3 = run(config("2026-12-31")).report.contracts[0]
    assert _keys(c3, "resolved") == {PLANTED} and _keys(c3, "no_longer_found") == {FIXED}
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")

    def section(name: str) -> dict[str, str]:
        table = html[html.index(f'<table class="findings {name}">'):]
        table = table[:table.index("</table>")]
        assert "tag fail" not in table
        return {r.split("</td>")[3].strip(): r for r in table.split("<tr>")[2:]}  # by the 记录 cell

    assert "<h3>未再发现（待核实）（1）</h3>" in html and "<h3>已整改（1）</h3>" in html
    assert '<span class="tag">上次违约，本次未再发现</span>' in section("no_longer_found")["<td>RPT-OPS-202607"]
    assert '<span class="tag">通过</span>' in section("resolved")["<td>RPT-OPS-202608"]
    wb = openpyxl.load_workbook(tmp_path / "out" / "report.xlsx", read_only=True)
    status = {}
    for ws in wb.worksheets[1:-1]:  # (the contracts: not 汇总, not 输入说明)
        head, *body = ws.iter_rows(values_only=True)
        status.update({row[head.index("key")]: (row[head.index("变化")], row[head.index("状态")]) for row in body})
    assert status[FIXED] == ("未再发现（待核实）", "上次违约，本次未再发现")
    assert status[PLANTED] == ("已整改", "通过")


def test_a_version_1_history_is_migrated_and_its_runs_still_count(tmp_path):
    _records(tmp_path)
    first = run(_config(tmp_path, as_of="2026-12-24")).report
    db = tmp_path / "out" / "history.sqlite"
    con = sqlite3.connect(db)  # as version 1 left it: without the index of violations, passes as rows
    con.execute("DROP INDEX findings_open")
    con.execute("DROP TABLE run_passes")
    con.executemany("INSERT INTO findings (run_id, contract, key, obligation, status, check_status, first_seen, "
                    "topic, severity, message, body) VALUES (?, ?, ?, ?, 'pass', 'pass', ?, '', '', '', '')",
                    [(first.run_id, HBB, k, k.split("/")[1], "2026-12-24")
                     for k in (f"{HBB}/HBB-REPORT-ERRORS/RPT-OPS-202608", f"{HBB}/X/old")])
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    second = run(_config(tmp_path, as_of="2026-12-31")).report
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 3
        assert con.execute("SELECT sql FROM sqlite_master WHERE name = 'findings_open'").fetchone() is not None
        assert con.execute("SELECT COUNT(*) FROM run_passes").fetchone()[0] == 1  # the second run's
    finally:
        con.close()
    c1, c2 = first.contracts[0], second.contracts[0]
    assert second.previous_run_id == first.run_id
    assert _keys(c2, "still_open") == _fails(c1) and not c2.new  # nothing changed in the records
    # the trend has both runs, each with its open count, as many as the runs found
    points = [p for p in second.trend if p.contract == HBB]
    assert [p.as_of for p in points if p.topic == points[0].topic] == ["2026-12-24", "2026-12-31"]
    assert sum(p.open for p in points if p.run_id == first.run_id) == len(_fails(c1))
    assert sum(p.open for p in points if p.run_id == second.run_id) == len(_fails(c2))


def test_a_week_without_violations_is_a_point_of_0_in_the_trend(tmp_path):
    from compliance.history import ContractRecord
    from compliance.weekly import _trend

    key = f"{HBB}/HBB-REPORT-ERRORS/RPT-OPS-202607"
    fail = {"key": key, "obligation": "HBB-REPORT-ERRORS", "status": "fail", "check_status": "fail",
            "change": "new", "first_seen": "2026-12-24", "age_weeks": None, "topic": "reporting",
            "severity": "major", "deadline": None, "message": "…", "waiver_until": None, "waiver_expired": 0,
            "ruling": None, "body": "{}"}
    with History(tmp_path / "history.sqlite") as hist:
        with hist.transaction():
            for run_id, day in (("r1", "2026-12-24"), ("r2", "2026-12-31")):
                hist.insert_run(run_id, day, "weekly.yaml", "0" * 64, None if run_id == "r1" else "r1")
                hist.insert_contract(run_id, ContractRecord(HBB, day + "T24:00", day, "0" * 64, 1, None, {}))
            hist.insert_findings("r1", HBB, [fail])
            hist.insert_passes("r2", HBB, [key])
        points = [(p.run_id, p.topic, p.open) for p in _trend(hist)]
        assert list(hist.passes_of("r2", HBB)) == [key]
    # the second week found no violation, only a pass: its point is 0, not missing
    assert points == [("r1", "reporting", 1), ("r2", "reporting", 0)]


def test_newer_schema_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    db = tmp_path / "out" / "history.sqlite"
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 7")
    con.close()
    _records(tmp_path)
    with pytest.raises(HistoryError, match=r"schema version 7, newer than this program's \(3\)") as e:
        run(_config(tmp_path))
    assert str(db) in str(e.value)
    assert not (tmp_path / "out" / "run.json").exists()


def test_same_as_of_again_replaces_that_run(tmp_path):
    _records(tmp_path)
    a = run(_config(tmp_path, as_of="2026-12-24")).report
    b = run(_config(tmp_path, as_of="2026-12-24"))
    assert b.replaced == a.run_id and b.report.previous_run_id is None
    assert b.report.model_dump_json() == a.model_dump_json()
    assert len(_runs(tmp_path / "out" / "history.sqlite")) == 1
    with pytest.raises(ComplianceError, match="runs go forward"):
        run(_config(tmp_path, as_of="2026-12-17"))
    assert len(_runs(tmp_path / "out" / "history.sqlite")) == 1


def test_exception_before_commit_records_nothing(tmp_path, monkeypatch):
    rec = _records(tmp_path)
    first = run(_config(tmp_path, as_of="2026-12-24")).report
    db = tmp_path / "out" / "history.sqlite"
    before = _dump(db)
    inserted = []

    def boom(self):
        inserted.append(self.db.execute("SELECT COUNT(*) FROM findings").fetchone()[0])
        raise RuntimeError("injected before commit")

    monkeypatch.setattr(History, "commit", boom)
    _set_errors(rec, "RPT-OPS-202608", 1)
    with pytest.raises(RuntimeError, match="injected"):
        run(_config(tmp_path, as_of="2026-12-31"))
    assert inserted and inserted[0] > len(before["findings"])  # it had inserted this run's findings
    monkeypatch.undo()
    assert _dump(db) == before
    again = run(_config(tmp_path, as_of="2026-12-31")).report
    assert again.previous_run_id == first.run_id and PLANTED in _keys(again.contracts[0], "new")


_KILLED = """\
import sys, time
from pathlib import Path
import compliance.history as h
def commit(self):
    Path(sys.argv[2]).write_text(str(self.db.execute("SELECT COUNT(*) FROM findings").fetchone()[0]))
    time.sleep(120)
h.History.commit = commit
from compliance.cli import main
main(["run", sys.argv[1]])
"""


def test_killed_half_way_leaves_the_history_as_it_was(tmp_path):
    rec = _records(tmp_path)
    first = run(_config(tmp_path, as_of="2026-12-24")).report
    db = tmp_path / "out" / "history.sqlite"
    before = _dump(db)
    _set_errors(rec, "RPT-OPS-202608", 1)
    cfg = _config(tmp_path, as_of="2026-12-31")
    marker = tmp_path / "holding"
    p = subprocess.Popen([sys.executable, "-c", _KILLED, str(cfg), str(marker)], cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert p.poll() is None, p.communicate()[1].decode()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert int(marker.read_text() or 0) > len(before["findings"])  # holding the transaction, rows inserted
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
    assert _dump(db) == before
    assert _integrity(db) == "ok"
    again = run(cfg).report
    assert again.previous_run_id == first.run_id


def test_two_runs_at_once(tmp_path):
    _records(tmp_path)
    a = _config(tmp_path, as_of="2026-12-24", name="a.yaml")
    b = _config(tmp_path, as_of="2026-12-31", name="b.yaml")
    procs = [subprocess.Popen([sys.executable, "-m", "compliance", "run", str(c)], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in (a, b)]
    results = [(p.wait(), p.communicate()) for p in procs]
    ok = [r for r in results if r[0] in (0, 1)]
    failed = [r for r in results if r[0] not in (0, 1)]
    db = tmp_path / "out" / "history.sqlite"
    assert _integrity(db) == "ok"
    assert len(_runs(db)) == len(ok) >= 1
    for _, (_, err) in failed:  # only when b committed first: a, a week earlier, is refused clearly
        assert "runs go forward" in err and str(db) in err
    con = sqlite3.connect(db)
    per_run = con.execute("SELECT run_id, COUNT(*) FROM findings GROUP BY run_id").fetchall()
    con.close()
    assert len(per_run) == len(ok) and all(n > 0 for _, n in per_run)


def test_a_run_waits_then_fails_clearly_when_the_history_is_busy(tmp_path):
    _records(tmp_path)
    run(_config(tmp_path, as_of="2026-12-24"))
    db = tmp_path / "out" / "history.sqlite"
    before = _dump(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        t0 = time.monotonic()
        with pytest.raises(HistoryError, match="in use by another run") as e:
            run(_config(tmp_path, as_of="2026-12-31", extra="busy_timeout: 0.5\n"))
        assert time.monotonic() - t0 >= 0.4 and str(db) in str(e.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _dump(db) == before


# --------------------------------------------------------------------------------------------
# --jobs N: the same bytes


def test_jobs_give_identical_run_json(tmp_path):
    contracts = f"""\
      - ruleset: {RULESETS / HBB}
        records: [records/{HBB}]
      - ruleset: {RULESETS / 'hebi-jd'}
        records: [records/hebi-jd]
    """
    outs = []
    for jobs, name in ((1, "one"), (2, "two")):
        d = tmp_path / name
        d.mkdir()
        _records(d)
        _records(d, "hebi-jd")
        _config(d, as_of="2026-12-31", contracts=contracts)
        r = _cli(["run", "weekly.yaml", "--jobs", str(jobs)], cwd=d)
        assert r.returncode == 1, r.stderr  # the samples' planted violations
        outs.append(d / "out")
    one, two = outs
    assert (one / "run.json").read_bytes() == (two / "run.json").read_bytes()
    for f in (f"{HBB}.findings.json", "hebi-jd.findings.json"):
        assert (one / f).read_bytes() == (two / f).read_bytes()
    doc = json.loads((one / "run.json").read_text(encoding="utf-8"))
    assert [c["contract"] for c in doc["contracts"]] == [HBB, "hebi-jd"]  # config order
    assert doc["run_id"].startswith("20261231-")


def test_a_config_whose_contracts_each_give_an_as_of_runs_as_of_the_latest_not_the_clock(tmp_path):
    """No as_of at the top and none on the command line, but every contract its own: the run is as
    of the latest of them (run.json, the run id), so running it again replaces that run with the
    same bytes, as the same as-of does; the clock (the CLI's default) is never read into it."""
    _records(tmp_path)
    _records(tmp_path, "hebi-jd")
    (tmp_path / "weekly.yaml").write_text(textwrap.dedent(f"""\
        output: out
        formats: [html]
        contracts:
          - ruleset: {RULESETS / HBB}
            records: [records/{HBB}]
            as_of: 2026-12-24
          - ruleset: {RULESETS / "hebi-jd"}
            records: [records/hebi-jd]
            as_of: 2026-12-17
        """), encoding="utf-8")
    first = _cli(["run", "weekly.yaml"], cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    one = {f: (tmp_path / "out" / f).read_bytes() for f in ("run.json", "report.html")}
    time.sleep(1.1)  # the clock moves on: it must not matter
    second = _cli(["run", "weekly.yaml"], cwd=tmp_path)
    assert second.returncode == 1, second.stderr
    assert "replaces it" in second.stderr
    assert {f: (tmp_path / "out" / f).read_bytes() for f in one} == one
    doc = json.loads(one["run.json"])
    assert doc["as_of"] == "2026-12-24" and doc["run_id"].startswith("20261224-")
    assert [c["as_of"] for c in doc["contracts"]] == ["2026-12-25T00:00:00+08:00", "2026-12-18T00:00:00+08:00"]
    assert len(_runs(tmp_path / "out" / "history.sqlite")) == 1


def test_cli_is_quiet_when_piped(tmp_path):
    _records(tmp_path)
    _config(tmp_path)
    r = _cli(["run", "weekly.yaml"], cwd=tmp_path)
    assert r.returncode == 1
    assert "\r" not in r.stderr and "checking" not in r.stderr  # no progress line when piped
    assert str(Path("out") / "run.json") in r.stdout.split()


# --------------------------------------------------------------------------------------------
# The shipped weekly config


def test_shipped_weekly_config_is_valid():
    from compliance.weekly import load_config, load_waivers

    cfg = load_config(SAMPLES / "weekly.yaml")
    assert [c.id for c in cfg.contracts] == ["hebi-backup", "hebi-jd", "jiaozuo", "luohe", "anyang"]
    for c in cfg.contracts:
        spec = json.loads((SAMPLES / f"{c.id}.expected.json").read_text(encoding="utf-8"))
        assert c.as_of == spec["as_of"], c.id
        assert (c.mapping is not None) == bool(spec.get("map"))
    assert sum(c.letters for c in cfg.contracts) in (1, 2)
    w = load_waivers(cfg.waivers, cfg.rulesets)
    assert w.waivers and w.rulings


# --------------------------------------------------------------------------------------------


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "compliance", *args], check=False, cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=300)


def _dump(db: Path) -> dict[str, list]:
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                for t in ("runs", "run_contracts", "findings", "run_passes")}
    finally:
        con.close()


def _integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def test_a_ruling_with_an_unknown_reading_is_refused_and_one_that_settles_nothing_is_said(tmp_path):
    _records(tmp_path)
    w = tmp_path / "waivers.yaml"
    w.write_text(textwrap.dedent("""\
        rulings:
          - {key: hebi-backup/HBB-NOTICE-7WD/MNT-2026-006, reading: c, by: 张明, on: 2026-12-01}
        """), encoding="utf-8")
    cfg = _config(tmp_path, waivers="waivers.yaml")
    with pytest.raises(InputError) as e:
        run(cfg)
    assert [(p.location, p.field) for p in e.value.problems] == [("2", "rulings[0].reading")]
    w.write_text(textwrap.dedent("""\
        rulings:
          - {key: hebi-backup/HBB-NOTICE-7WD/NO-SUCH-RECORD, reading: a, by: 张明, on: 2026-12-01}
        """), encoding="utf-8")
    out = run(cfg).report.contracts[0]
    [n] = [n for n in out.notices if n.code == "ruling_unmatched"]
    assert n.items == ["hebi-backup/HBB-NOTICE-7WD/NO-SUCH-RECORD"] and "waivers.yaml:2" in n.message



def test_letters_whose_deadline_needs_a_year_without_holiday_data_say_what_to_do(tmp_path):
    """hebi-backup's letters dated 2026-12-31 count 5 working days into 2027, which has no
    notice yet: the run stops, names the contract and the config's calendar_dirs:, records nothing."""
    _records(tmp_path)
    (tmp_path / "notice.yaml").write_text("rectification_working_days: 5\n", encoding="utf-8")
    contracts = f"""\
      - ruleset: {RULESETS / HBB}
        records: [records/{HBB}]
        letters: true
        notice_settings: notice.yaml
    """
    cfg = _config(tmp_path, as_of="2026-12-31", contracts=contracts, extra="letter_formats: [md]\n")
    r = _cli(["run", str(cfg)], cwd=tmp_path)
    assert r.returncode == 2 and "2027" in r.stderr and "calendar_dirs:" in r.stderr, r.stderr
    assert not (tmp_path / "out" / "history.sqlite").exists() or _runs(tmp_path / "out" / "history.sqlite") == []


def test_every_problem_of_the_config_and_the_waivers_in_one_pass(tmp_path):
    """A Monday user's mistakes at once: a misspelt key in the config and in a contract, a
    missing records folder, a waiver with a bad date, one for a contract not in the run and
    one for an obligation the contract does not have, and a ruling with no such reading — one
    error listing all of them (it came in three passes), the misspelt keys with what was meant."""
    _records(tmp_path)
    (tmp_path / "waivers.yaml").write_text(textwrap.dedent("""\
        waivers:
          - contract: hebi-backup
            obligation: HBB-REPORT-ERRORS
            reason: 同意延期
            approved_by: 张明
            until: 2026-13-31
          - contract: hebi-bakup
            obligation: HBB-REPORT-ERRORS
            reason: x
            approved_by: y
            until: 2026-12-31
          - contract: hebi-backup
            obligation: HBB-NOPE
            approved_by: y
            until: 2026-12-31
        rulings:
          - key: hebi-backup/HBB-NOTICE-7WD/MNT-2026-006
            reading: c
            by: 张明
            on: 2026-12-01
        """), encoding="utf-8")
    cfg = tmp_path / "weekly.yaml"
    cfg.write_text(textwrap.dedent(f"""\
        output: out
        waivers: waivers.yaml
        formts: [html]
        contracts:
          - ruleset: {RULESETS / HBB}
            records: [records/{HBB}, records/missing]
            letter: true
        """), encoding="utf-8")
    with pytest.raises(InputError) as e:
        run(cfg, as_of="2026-12-07")
    got = {(Path(p.source).name, p.location, p.field): p for p in e.value.problems}
    assert set(got) == {
        ("weekly.yaml", "3", "formts"), ("weekly.yaml", "6", "contracts[0].records[1]"),
        ("weekly.yaml", "7", "contracts[0].letter"),
        ("waivers.yaml", "6", "waivers[0].until"), ("waivers.yaml", "7", "waivers[1].contract"),
        ("waivers.yaml", "12", "waivers[2].reason"), ("waivers.yaml", "13", "waivers[2].obligation"),
        ("waivers.yaml", "18", "rulings[0].reading"),
    }, sorted(got)
    assert "did you mean formats?" in got[("weekly.yaml", "3", "formts")].expected
    assert "did you mean letters?" in got[("weekly.yaml", "7", "contracts[0].letter")].expected
    assert "Extra inputs" not in str(e.value.problems)
    assert got[("waivers.yaml", "6", "waivers[0].until")].value == "2026-13-31"
    assert got[("waivers.yaml", "18", "rulings[0].reading")].expected == "one of 'a', 'b', 'window' or 'lead'"
    assert not (tmp_path / "out").exists()


def test_a_letters_notes_are_said_on_the_terminal(tmp_path):
    """jiaozuo, letter dated Mon 2026-12-07, 15 working days (四.2): Mon 12-28, in the last 7 days of
    2026, the newest loaded year — a 2027 notice may still make 12-26/27 补班 days. The letter to the
    vendor does not say so; the person running the week must be told, on the terminal too."""
    _records(tmp_path, "jiaozuo")
    cfg = _config(tmp_path, as_of="2026-12-07", contracts=f"""\
        - ruleset: {RULESETS / 'jiaozuo'}
          records: [records/jiaozuo]
          map: {SAMPLES / 'jiaozuo.map.yaml'}
          letters: true
          notice_settings: {SAMPLES / 'notice-settings.yaml'}
        """)
    r = _cli(["run", str(cfg)], cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    note = [line for line in r.stderr.splitlines() if line.startswith("[run] jiaozuo: letter note:") and "2026-12-28" in line]
    assert note and "2027" in note[0], r.stderr


def test_a_letter_that_cannot_be_drafted_leaves_no_other_contracts_files_written(tmp_path):
    """hebi-backup first (as of Mon 2026-12-07: its letter's 5 working days end Mon 12-14), jiaozuo
    second (as of 2026-12-31: 15 working days into 2027, which has no holiday notice). The run stops
    (exit 2) — and hebi-backup's findings file and letter, and their 文号, are not written either:
    they used to be, for a run that recorded nothing."""
    _records(tmp_path)
    _records(tmp_path, "jiaozuo")
    cfg = _config(tmp_path, as_of="2026-12-07", extra="letter_formats: [md]\n", contracts=f"""\
        - ruleset: {RULESETS / HBB}
          records: [records/{HBB}]
          letters: true
          notice_settings: {SAMPLES / 'notice-settings.yaml'}
        - ruleset: {RULESETS / 'jiaozuo'}
          records: [records/jiaozuo]
          map: {SAMPLES / 'jiaozuo.map.yaml'}
          as_of: 2026-12-31
          letters: true
          notice_settings: {SAMPLES / 'notice-settings.yaml'}
        """)
    r = _cli(["run", str(cfg)], cwd=tmp_path)
    assert r.returncode == 2 and "2027" in r.stderr and "jiaozuo" in r.stderr, r.stderr
    out = tmp_path / "out"
    assert not list(out.glob("*.findings.json")) and not (out / "letters").exists(), sorted(out.rglob("*"))
    assert not (out / "history.sqlite").exists() or _runs(out / "history.sqlite") == []


def test_a_config_without_contracts_says_what_it_needs(tmp_path):
    cfg = tmp_path / "weekly.yaml"
    cfg.write_text("output: out\ncontracts: []\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        run(cfg, as_of="2026-12-07")
    (p,) = e.value.problems
    assert (p.location, p.field, p.expected) == ("2", "contracts", "a list of at least 1 item"), p


def test_running_the_same_week_again_says_which_letters_are_superseded(tmp_path):
    """The README: running the same as-of again replaces that run and drafts its letters again under
    new numbers. The first run's letters stay in letters/: the person sending them is told which
    ones not to send (they were silently left beside the new ones)."""
    _records(tmp_path)
    cfg = _config(tmp_path, as_of="2026-12-07", extra="letter_formats: [md]\n", contracts=f"""\
        - ruleset: {RULESETS / HBB}
          records: [records/{HBB}]
          letters: true
          notice_settings: {SAMPLES / 'notice-settings.yaml'}
        """)
    first = run(cfg)
    (old,) = first.report.contracts[0].letters
    again = run(cfg)
    (new,) = again.report.contracts[0].letters
    assert old != new and (tmp_path / "out" / old).exists()
    said = [n for n in again.notes if "superseded" in n]
    assert said and Path(old).name in said[0] and Path(new).name not in said[0], again.notes
    # and in run.json (and so in the report), with the contract: not on the terminal alone
    (notice,) = [n for n in again.report.contracts[0].notices if n.code == "letters_superseded"]
    assert notice.items == [old] and Path(old).name in notice.message and "请勿发送" in notice.message
    assert first.report.run_id in notice.message
