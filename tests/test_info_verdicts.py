"""Classifications are `info`, not violations, and exit status 1 means a `fail` (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from compliance.cli import main
from conftest import RULESETS

RULESET = str(RULESETS / "hebi-backup")
FAULT_RULES = ("HBB-FAULT-RESPOND", "HBB-FAULT-ONSITE", "HBB-FAULT-RESOLVE", "HBB-FAULT-LEVEL",
               "HBB-FAULT-REPORTED", "HBB-DATA-LEAK")


def check(tmp_path: Path, *records: dict) -> tuple[int, dict]:
    src = tmp_path / "faults.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "f.json"
    args = ["check", RULESET, str(src), "--as-of", "2026-10-31", "--include-pass", "--format", "json", "-o", str(out)]
    for ob in FAULT_RULES:
        args += ["--obligation", ob]
    r = CliRunner().invoke(main, args, catch_exceptions=False)
    return r.exit_code, json.loads(out.read_text(encoding="utf-8"))


def statuses(doc: dict) -> dict[str, str]:
    return {f["obligation"]: f["status"] for f in doc["findings"]}


def test_a_run_whose_only_non_pass_findings_are_info_exits_0(tmp_path):
    # 严重故障 (3 systems) cleared in 3 hours, within the 6-hour limit: a classification only
    code, doc = check(tmp_path, {"id": "F1", "kind": "fault", "detected_at": "2026-10-12 10:00",
                                 "responded_at": "2026-10-12 10:05", "onsite_at": "2026-10-12 10:40",
                                 "resolved_at": "2026-10-12 13:00", "systems_affected": 3})
    assert statuses(doc) == {ob: "pass" for ob in FAULT_RULES} | {"HBB-FAULT-LEVEL": "info"}
    level = next(f for f in doc["findings"] if f["obligation"] == "HBB-FAULT-LEVEL")
    assert (level["severity"], level["label"]) == ("info", "严重故障（影响2-4个系统）")
    assert doc["summary"]["by_status"].get("fail", 0) == 0
    assert code == 0


def test_a_data_leak_fails_under_the_data_leak_duty_not_the_level(tmp_path):
    code, doc = check(tmp_path, {"id": "F2", "kind": "fault", "detected_at": "2026-10-12 10:00",
                                 "responded_at": "2026-10-12 10:05", "onsite_at": "2026-10-12 10:40",
                                 "resolved_at": "2026-10-12 11:00", "data_leak": True})
    got = statuses(doc)
    assert got["HBB-FAULT-LEVEL"] == "info" and got["HBB-DATA-LEAK"] == "fail"
    leak = next(f for f in doc["findings"] if f["obligation"] == "HBB-DATA-LEAK")
    assert leak["severity"] == "critical"
    assert code == 1
