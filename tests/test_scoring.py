"""`compliance score` (issue 13): the assessment table item by item, the fee it implies.

The scoring cases (``rulesets/<id>/score_cases.yaml``) are written from the contracts' own
tables (鹤壁数据备份 附件2, 安阳 附件 附表1) and the State Council calendars; the tests below
check the command's behaviour on top of them, each expected value counted from the contract.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from compliance.cli import main
from compliance.errors import InputError
from compliance.rulesets import load_ruleset
from compliance.score_cases import load_score_cases, run_score_case
from compliance.workdays import WorkCalendar

HEBI = str(ROOT / "rulesets" / "hebi-backup")
ANYANG = str(ROOT / "rulesets" / "anyang")
HEBI_SAMPLES = str(ROOT / "samples" / "hebi-backup")
ANYANG_SAMPLES = str(ROOT / "samples" / "anyang")
CAL = WorkCalendar.load()

CASES = [(rid, c) for rid in ("hebi-backup", "anyang") for c in load_score_cases(load_ruleset(ROOT / "rulesets" / rid))]


def run(args: list[str]):
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.mark.parametrize("rid,case", CASES, ids=[f"{rid}::{c.name}" for rid, c in CASES])
def test_scoring_case(rid, case):
    res = run_score_case(load_ruleset(ROOT / "rulesets" / rid), case, CAL)
    assert res.ok, "\n".join(res.detail)


def test_every_item_of_both_tables_has_a_case():
    for rid in ("hebi-backup", "anyang"):
        rs = load_ruleset(ROOT / "rulesets" / rid)
        named = {c.item for c in load_score_cases(rs) if c.item}
        judged_only = {i.item for i in rs.doc.scoring.items if i.judged and not (i.deduct or i.requires)}
        missing = {i.item for i in rs.doc.scoring.items} - named - judged_only
        assert not missing, f"{rid}: items without a case: {missing}"


def test_the_tables_add_up_as_the_contracts_print_them():
    hb = load_ruleset(HEBI).doc.scoring
    assert len(hb.items) == 13 and sum(i.max for i in hb.items) == 100  # 附件2: 13 items, 合计 100
    ay = load_ruleset(ANYANG).doc.scoring
    per = {}
    for i in ay.items:
        per[i.category] = per.get(i.category, 0) + i.max
    assert per == {"服务能力": 21, "服务质量": 32, "安全保障": 29, "服务满意度": 18}


@pytest.mark.parametrize("rid", ["hebi-jd", "jiaozuo", "luohe"])
def test_contracts_without_a_scoring_table_get_no_score(rid, tmp_path):
    res = run(["score", str(ROOT / "rulesets" / rid), str(ROOT / "samples" / rid), "--period", "2026-H2",
               "--as-of", "2026-12-31", "-o", str(tmp_path / "s.txt")])
    assert res.exit_code == 2
    assert "没有考核评分表" in res.output and "不计算考核得分" in res.output
    assert not (tmp_path / "s.txt").exists()


def _hebi(tmp_path, *extra):
    out = tmp_path / "hb.json"
    res = run(["score", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--period", "2026-H2", "--format", "json",
               "-o", str(out), *extra])
    assert res.exit_code == 0, res.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_hebi_sample_items_as_the_samples_readme_plants_them(tmp_path):
    d = _hebi(tmp_path)
    items = {i["item"]: i for i in d["items"]}
    # REQ-2026-008 (reply late) and REQ-2026-010 (delivery late): 逾期一次扣1分, twice
    assert items["服务响应"]["points"] == 6
    assert {x["finding"]["key"] for x in items["服务响应"]["deductions"]} == {
        "hebi-backup/HBB-REQ-REPLY/REQ-2026-008", "hebi-backup/HBB-REQ-DELIVER/REQ-2026-010"}
    # FLT-20261206-01 was not reported: 存在瞒报、漏报的不得分
    assert items["故障响应与处理"]["points"] == 0
    # one complaint and one missed call, 2 points each; 用户单位酌情打分 for the rest
    assert items["客户满意度"]["points"] == {"min": 0, "max": 4}
    # 89 minutes of outage in the year: 1 - 89/525600 = 99.983 % > 99.98 %
    assert items["系统可用性"]["points"] == {"min": 7, "max": 8}
    # every deduction names its finding and the records it rests on
    for i in d["items"]:
        for x in i["deductions"]:
            if x["finding"] is not None:
                assert x["finding"]["key"] and x["finding"]["clause"]
    assert d["as_of"] == "2027-01-01T00:00:00+08:00"
    assert d["total"]["of"] == 100 and d["total"]["min"] <= d["total"]["max"]


def test_the_fee_effect_in_decimal_at_the_ranges_ends(tmp_path):
    manual = tmp_path / "m.yaml"
    # the assessors' points for every item except 服务响应 (6 from the records): 6 + 74 = 80
    manual.write_text("items:\n  运行报告: 12\n  平台功能: 6\n  驻场服务: 12\n  制度建设: 6\n  系统可用性: 8\n"
                      "  故障响应与处理: 0\n  应急演练: 6\n  等保: 4\n  密评: 2\n  数据安全: 10\n  客户满意度: 0\n"
                      "  培训服务: [7, 8]\n", encoding="utf-8")
    d = _hebi(tmp_path, "--manual", str(manual), "--fee", "582000.05")
    assert d["total"] == {"min": 79, "max": 80, "of": 100}
    # 79: 582000.05 × (80 - 79) / 100 = 5820.0005 -> 5820.00 (half up to the fen); 80: nothing
    assert d["fee"]["at_min"]["deduction"] == "5820.00"
    assert d["fee"]["at_max"]["deduction"] == "0.00"
    assert d["grade"]["at_min"]["grade"] == "合格" and d["grade"]["at_max"]["status"] == "ambiguous"
    assert "ROUND_HALF_UP" in d["fee"]["rounding"]


def test_manual_errors_name_file_line_item_and_value(tmp_path):
    manual = tmp_path / "m.yaml"
    manual.write_text("items:\n  平台功能: 7\n  不存在的项: 3\n  制度建设: abc\n", encoding="utf-8")
    res = run(["score", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--period", "2026-H2", "--manual", str(manual)])
    assert res.exit_code == 2
    out = res.output
    assert f"{manual}:2: items.平台功能: points within 0 .. 6" in out  # 平台功能 is worth 6
    assert f"{manual}:3: items.不存在的项" in out
    assert f"{manual}:4: items.制度建设" in out and "'abc'" in out
    assert "3 problems" in out


def test_bad_options_exit_2(tmp_path):
    assert run(["score", HEBI, HEBI_SAMPLES, "--period", "2026-H3", "--as-of", "2026-12-31"]).exit_code == 2
    res = run(["score", HEBI, HEBI_SAMPLES, "--period", "2026-H2", "--as-of", "2026-12-31", "--fee", "五万"])
    assert res.exit_code == 2 and "--fee" in res.output


def test_saved_findings_give_the_same_items(tmp_path):
    saved = tmp_path / "f.json"
    assert run(["check", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--format", "json", "--include-pass",
                "-o", str(saved)]).exit_code == 1
    out = tmp_path / "s.json"
    res = run(["score", HEBI, "--findings", str(saved), "--period", "2026-H2", "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    from_findings = json.loads(out.read_text(encoding="utf-8"))
    from_records = _hebi(tmp_path)
    assert [(i["item"], i["points"]) for i in from_findings["items"]] == [(i["item"], i["points"]) for i in from_records["items"]]


def test_saved_findings_without_passes_are_refused(tmp_path):
    saved = tmp_path / "f.json"
    run(["check", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--format", "json", "-o", str(saved)])
    res = run(["score", HEBI, "--findings", str(saved), "--period", "2026-H2"])
    assert res.exit_code == 2 and "--include-pass" in res.output and f"--findings {saved}: saved without passes" in res.output


def test_a_manual_file_that_is_not_there_is_named_with_the_reason(tmp_path):
    missing = tmp_path / "manual.yaml"
    res = run(["score", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--period", "2026-H2", "--manual", str(missing)])
    assert res.exit_code == 2
    assert f"{missing}: a readable UTF-8 YAML file (No such file or directory)" in res.output
    assert "FileNotFoundError" not in res.output


@pytest.mark.parametrize("fmt", ["table", "json", "html", "xlsx"])
def test_same_inputs_same_bytes(tmp_path, fmt):
    outs = []
    for n in (1, 2):
        out = tmp_path / f"{n}.{ {'table': 'txt'}.get(fmt, fmt) }"
        res = run(["score", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--period", "2023-06-28/2024-06-27",
                   "--format", fmt, "-o", str(out)])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    text = outs[0] if fmt != "xlsx" else b""
    if fmt in ("table", "html"):
        assert b"2024-06-27 24:00" in text  # as-of in every output
        assert "先做什么".encode() in text


def test_anyang_payment_coefficient_and_fee(tmp_path):
    """附件 1.4: 综合服务指标得分×0.3 + 资源使用效率×0.7; ≥80 → 1, ≥50 → 0.8. With every item at
    full points (100) and a project at 50 % CPU, memory and disk (efficiency 50): 30 + 35 = 65 →
    0.8; at 100 %: 30 + 70 = 100 → 1. Fee = price × quantity × coefficient, by month."""
    rs = load_ruleset(ANYANG)
    records = tmp_path / "r.jsonl"
    lines = [
        {"id": "U1", "kind": "utilization", "project": "甲项目", "month": "2023-08", "cpu_peak": 0.5, "cpu_valley": 0.5,
         "mem_peak": 0.5, "mem_valley": 0.5, "disk_used": 0.5},
        {"id": "U2", "kind": "utilization", "project": "甲项目", "month": "2023-09", "cpu_peak": 1, "cpu_valley": 1,
         "mem_peak": 1, "mem_valley": 1, "disk_used": 1},
    ]
    records.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    manual = tmp_path / "m.yaml"
    manual.write_text("items:\n" + "".join(f"  {i.item}: {i.max}\n" for i in rs.doc.scoring.items), encoding="utf-8")
    prices = tmp_path / "p.yaml"
    prices.write_text("projects:\n  - project: 甲项目\n    lines:\n      - {service: 云主机 四核+8GB, unit_price: \"242.25\", quantity: 4}\n",
                      encoding="utf-8")
    out = tmp_path / "s.json"
    res = run(["score", ANYANG, str(records), "--as-of", "2023-09-30", "--period", "2023-Q3", "--manual", str(manual),
               "--prices", str(prices), "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    e = json.loads(out.read_text(encoding="utf-8"))["efficiency"]
    p = e["projects"][0]
    assert [m["coefficient"] for m in p["months"]] == [{"min": "0.8", "max": "0.8"}, {"min": "1", "max": "1"}]
    # 242.25 × 4 = 969.00 a month; × 0.8 = 775.20, × 1 = 969.00
    assert p["fee"] == {"min": "1744.20", "max": "1744.20"}


def test_the_loader_rejects_a_bad_scoring_table(tmp_path):
    src = Path(HEBI)
    for f in ("contract.txt", "ids.lock"):
        (tmp_path / f).write_bytes((src / f).read_bytes())
    text = (src / "ruleset.yaml").read_text(encoding="utf-8")
    text = text.replace("{obligation: HBB-DATA-LEAK, points: all", "{obligation: HBB-NO-SUCH, points: all")
    text = text.replace("    - item: 平台功能\n", "    - item: 平台功能X\n")
    (tmp_path / "ruleset.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_ruleset(tmp_path)
    msgs = [str(p) for p in exc.value.problems]
    assert any("scoring.items[10].deduct[0].obligation: an obligation of this ruleset: 'HBB-NO-SUCH'" in m for m in msgs), msgs
    assert any("scoring.items[1].item" in m and "平台功能X" in m for m in msgs), msgs
    assert all(":" in m.split(": ")[0] for m in msgs)  # file:line
    lines = text.splitlines()
    line = next(n for n, l in enumerate(lines, 1) if "HBB-NO-SUCH" in l)
    assert any(f"ruleset.yaml:{line}:" in m for m in msgs)


def test_price_file_errors_name_file_line_and_value(tmp_path):
    prices = tmp_path / "p.yaml"
    prices.write_text("projects:\n  - project: 甲项目\n    lines:\n      - {service: 云主机, unit_price: abc, quantity: 2}\n"
                      "      - {service: 云主机, unit_price: \"1.5\", quantity: -1}\n", encoding="utf-8")
    res = run(["score", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--period", "2023-06-28/2024-06-27",
               "--prices", str(prices)])
    assert res.exit_code == 2
    assert f"{prices}:4: projects[0].lines[0].unit_price" in res.output and "'abc'" in res.output
    assert f"{prices}:5: projects[0].lines[1].quantity" in res.output and "'-1'" in res.output


def test_record_text_is_escaped_in_html(tmp_path):
    records = tmp_path / "r.jsonl"
    hostile = "<script>alert(1)</script>&"
    records.write_text(json.dumps({"id": "U1", "kind": "utilization", "project": hostile, "month": "2023-08",
                                   "cpu_peak": 0.1, "cpu_valley": 0.1, "mem_peak": 0.1, "mem_valley": 0.1,
                                   "disk_used": 0.1}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "s.html"
    assert run(["score", ANYANG, str(records), "--as-of", "2023-09-30", "--period", "2023-Q3", "-o", str(out)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in html


def test_what_to_fix_first_is_ranked_by_worth(tmp_path):
    d = _hebi(tmp_path)
    keys = [x["key"] for x in d["fix_first"]]
    # as of 2026-12-31 the contract year is open: 2 of 4 person-times of training (8 points), no
    # crypto assessment yet (2 points and the 2万元 at the year end), one of two recovery drills
    # and the December report (judged items: the assessors' call) — quantified worth first
    assert keys[:2] == ["hebi-backup/HBB-TRAINING/2026-07-01/2027-06-30", "hebi-backup/HBB-CRYPTO/2026-07-01/2027-06-30"]
    crypto = d["fix_first"][1]
    assert crypto["money"] == "20000.00" and crypto["deadline"] == "2027-06-30 24:00"
    assert {"hebi-backup/HBB-DRILL-RECOVERY/2026-07-01/2027-06-30", "hebi-backup/HBB-REPORT-MONTHLY/2026-12"} <= set(keys[2:])
    assert all(x["judged"] for x in d["fix_first"][2:])


def test_default_based_findings_need_confirmation_not_deduction(tmp_path):
    out = tmp_path / "a.json"
    assert run(["score", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--period", "2023-06-28/2024-06-27",
                "--format", "json", "-o", str(out)]).exit_code == 0
    d = json.loads(out.read_text(encoding="utf-8"))
    drills = next(i for i in d["items"] if i["item"] == "应急预案及演练")
    power = next(x for x in drills["deductions"] if x["finding"] and x["finding"]["obligation"] == "AY-DRILL-POWER")
    assert power["certainty"] == "confirm" and power["points"] == {"min": 0, "max": 1}
    assert any(f["key"] == "anyang/AY-DRILL-POWER/2023-06-28/2024-06-27" for f in d["to_confirm"])
    # 1.3: GZD-20240116-01 一般 (10万) and GZD-20240307-01 严重 (20万), as the samples' README plants them
    assert d["efficiency"]["security_deductions"] == {"min": "300000.00", "max": "300000.00"}


def test_a_period_outside_the_term_or_not_yet_begun_is_refused():
    res = run(["score", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--period", "2025-H2"])  # term from 2026-07-01
    assert res.exit_code == 2 and "outside the contract's term" in res.output
    res = run(["score", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--period", "2027-H1"])  # begins after as-of
    assert res.exit_code == 2 and "nothing of it is known yet" in res.output


def test_anyang_coefficient_at_exactly_20(tmp_path):
    """A service score of exactly 20 (the assessors' points: 安全保障要求 15, 分区服务 4, 安全服务 1, the
    rest 0) and a project at 20 % everywhere (efficiency 20): 20 × 0.3 + 20 × 0.7 = 20, "得分≥20，支付
    系数为0.5"; at 10 %: 6 + 7 = 13 < 20 → 0.2."""
    rs = load_ruleset(ANYANG)
    given = {"安全保障要求": 15, "分区服务": 4, "安全服务": 1}
    manual = tmp_path / "m.yaml"
    manual.write_text("items:\n" + "".join(f"  {i.item}: {given.get(i.item, 0)}\n" for i in rs.doc.scoring.items),
                      encoding="utf-8")
    records = tmp_path / "r.jsonl"
    rows = [{"id": f"U{m}", "kind": "utilization", "project": "乙项目", "month": f"2023-0{m}", "cpu_peak": v,
             "cpu_valley": v, "mem_peak": v, "mem_valley": v, "disk_used": v} for m, v in ((7, 0.2), (8, 0.1))]
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "s.json"
    res = run(["score", ANYANG, str(records), "--as-of", "2023-09-30", "--period", "2023-Q3", "--manual", str(manual),
               "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["total"]["min"] == d["total"]["max"] == 20
    months = d["efficiency"]["projects"][0]["months"]
    assert [m["coefficient"]["min"] for m in months] == ["0.5", "0.2"]
    assert d["efficiency"]["advice"][0]["project"] == "乙项目"  # below 40 %: an adjustment suggestion


def test_the_crypto_deduction_falls_due_once_at_the_year_end_assessment(tmp_path):
    """附件2 密评: 服务期年终考核时仍未能通过的，除不得分以外，一次性扣除服务费2万元 — once, in the
    assessment holding the contract year's end (2027-06-30: 2027-H1), not in 2026-H2 as well."""
    saved = tmp_path / "f.json"
    run(["check", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--format", "json", "--include-pass", "-o", str(saved)])
    d = json.loads(saved.read_text(encoding="utf-8"))
    d["as_of"] = "2027-07-01T00:00:00+08:00"  # the year has ended without a passed crypto assessment
    for f in d["findings"]:
        if f["obligation"] == "HBB-CRYPTO":
            f["status"] = "fail"
    saved.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    money = {}
    for period in ("2026-H2", "2027-H1"):
        out = tmp_path / f"{period}.json"
        res = run(["score", HEBI, "--findings", str(saved), "--period", period, "--format", "json", "-o", str(out)])
        assert res.exit_code == 0, res.output
        item = next(i for i in json.loads(out.read_text(encoding="utf-8"))["items"] if i["item"] == "密评")
        assert item["points"] == 0
        money[period] = item["money"]
    assert money == {"2026-H2": None, "2027-H1": {"min": "20000.00", "max": "20000.00"}}


def test_the_score_json_reads_back_unchanged(tmp_path):
    from compliance.score_render.jsonfmt import dumps, load

    out = tmp_path / "s.json"
    assert run(["score", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--period", "2023-06-28/2024-06-27",
                "--prices", str(ROOT / "samples" / "anyang.prices.yaml"), "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert dumps(load(text)) == text
    d = json.loads(text)
    assert all(isinstance(v, str) for p in d["efficiency"]["projects"] for v in p["fee"].values())  # money as text


def test_a_deadline_at_the_periods_last_24_00_is_within_it(tmp_path):
    """Received Mon 2026-12-28: Tue 12-29 (1), Wed 12-30 (2), Thu 12-31 (3) -> due 2026-12-31 24:00,
    the end of 2026-H2 itself; one received Tue 12-29 is due Mon 2027-01-04 at the earliest, after it."""
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "R1", "kind": "request", "received_at": "2026-12-28 09:00"}) + "\n",
                       encoding="utf-8")
    out = tmp_path / "s.json"
    res = run(["score", HEBI, str(records), "--as-of", "2026-12-29", "--period", "2026-H2", "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    # delivery and reply of R1 are one 逾期 (one point): one entry naming both findings
    fix = {k: x for x in json.loads(out.read_text(encoding="utf-8"))["fix_first"] for k in (x["key"], *x["also"])}
    r1 = fix["hebi-backup/HBB-REQ-REPLY/R1"]
    assert r1 is fix["hebi-backup/HBB-REQ-DELIVER/R1"]
    assert r1["deadline"] == "2026-12-31 24:00" and r1["after_period"] is False and r1["points"] == 1


def test_the_problems_of_the_manual_and_the_price_file_are_listed_together(tmp_path):
    manual = tmp_path / "m.yaml"
    manual.write_text("items:\n  安全服务: 3\n", encoding="utf-8")  # 安全服务 is worth 2
    prices = tmp_path / "p.yaml"
    prices.write_text("projects:\n  - project: 甲\n    lines: []\n", encoding="utf-8")
    res = run(["score", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--period", "2023-06-28/2024-06-27",
               "--manual", str(manual), "--prices", str(prices)])
    assert res.exit_code == 2 and "2 problems" in res.output
    assert f"{manual}:2: items.安全服务" in res.output and f"{prices}:3: projects[0].lines" in res.output


def test_a_default_the_parties_confirm_deducts(tmp_path):
    """The missing 停电 drill of year 1 widens the range while once a year is the ruleset's default;
    with the parties' number set (--param: basis user) it costs the 1 point: 应急预案及演练 2–4 becomes
    at most 3 (the fire drill's missing photos are still the assessors' call)."""
    out = tmp_path / "s.json"
    args = ["score", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--period", "2023-06-28/2024-06-27",
            "--format", "json", "-o", str(out)]
    assert run(args + ["--param", "AY-DRILL-POWER.per=contract_year", "--param", "AY-DRILL-POWER.min=1"]).exit_code == 0
    item = next(i for i in json.loads(out.read_text(encoding="utf-8"))["items"] if i["item"] == "应急预案及演练")
    power = next(x for x in item["deductions"] if x["finding"] and x["finding"]["obligation"] == "AY-DRILL-POWER")
    assert power["certainty"] == "certain" and power["points"] == 1
    assert item["points"] == {"min": 2, "max": 3}


def test_findings_of_another_contract_are_refused(tmp_path):
    saved = tmp_path / "f.json"
    run(["check", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--format", "json", "--include-pass", "-o", str(saved)])
    res = run(["score", HEBI, "--findings", str(saved), "--period", "2026-H2"])
    assert res.exit_code == 2 and "'anyang'" in res.output and "'hebi-backup'" in res.output


@pytest.mark.parametrize("fee", ["1e400", "1e3", "582000.005", "1_000", "-5"])
def test_a_fee_is_yuan_to_the_fen(tmp_path, fee):
    """附件2 2: 扣除服务费 = 当次服务费 × (80 − 得分) / 100 — 当次服务费 is an amount in yuan and fen;
    an exponent (1e400 crashed the fee arithmetic with a traceback) or a fraction of a fen is
    refused before any record is read: exit 2 naming --fee and what it expects, nothing written."""
    out = tmp_path / "s.txt"
    res = run(["score", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--period", "2026-H2", "--fee", fee, "-o", str(out)])
    assert res.exit_code == 2, res.output
    assert "--fee" in res.output and repr(fee) in res.output and "two decimals" in res.output
    assert not out.exists()


def test_a_fee_with_thousands_commas_is_read(tmp_path):
    d = _hebi(tmp_path, "--fee", "582,000.00")
    assert d["fee"]["fee"] == "582000.00"


def test_saved_findings_with_prices_are_refused_not_a_negative_total(tmp_path):
    """附件 1.5: 单个项目服务费用=合同单价*资源应用数量*支付系数-云安全扣费; 政务云总服务费用=所有项目服务费用总和.
    A saved findings file does not name each utilisation record's project, so no project's fee can
    be computed: the total was 0 − 300000 (the 1.3 fault deductions) = "-300000.00元", and every
    priced project was said to have no utilisation record. Now: exit 2, nothing written; and the
    scoring itself never sums fees over projects it could not match."""
    saved = tmp_path / "f.json"
    run(["check", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--format", "json", "--include-pass", "-o", str(saved)])
    out = tmp_path / "s.json"
    res = run(["score", ANYANG, "--findings", str(saved), "--period", "2023-06-28/2024-06-27",
               "--prices", str(ROOT / "samples" / "anyang.prices.yaml"), "--format", "json", "-o", str(out)])
    assert res.exit_code == 2 and "--prices" in res.output and "project" in res.output
    assert not out.exists()

    from decimal import Decimal

    from compliance.render.jsonfmt import load as load_report
    from compliance.scoring import Inputs, parse_assessment_period, score

    rs = load_ruleset(ANYANG)
    report = load_report(saved.read_text(encoding="utf-8"))
    result = score(rs, report, parse_assessment_period("2023-06-28/2024-06-27"), Inputs(), prices={"12345政务服务热线": Decimal("20255.50")})
    assert result.efficiency.total_fee is None
    assert not any(p.fee for p in result.efficiency.projects)


def test_the_total_fee_is_not_a_sum_missing_a_project(tmp_path):
    """政务云总服务费用=所有项目服务费用总和 (1.5): with a project of the records missing from the price
    file, the sum of the others is not that total — it is not given, and the note names the project."""
    records = tmp_path / "r.jsonl"
    rows = [{"id": f"U{n}", "kind": "utilization", "project": name, "month": "2023-08", "cpu_peak": 0.5,
             "cpu_valley": 0.5, "mem_peak": 0.5, "mem_valley": 0.5, "disk_used": 0.5} for n, name in ((1, "甲项目"), (2, "乙项目"))]
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    prices = tmp_path / "p.yaml"
    prices.write_text("projects:\n  - project: 甲项目\n    lines:\n      - {service: 云主机 四核+8GB, unit_price: \"242.25\", quantity: 4}\n",
                      encoding="utf-8")
    out = tmp_path / "s.json"
    res = run(["score", ANYANG, str(records), "--as-of", "2023-09-30", "--period", "2023-Q3", "--prices", str(prices),
               "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    e = json.loads(out.read_text(encoding="utf-8"))["efficiency"]
    assert next(p for p in e["projects"] if p["project"] == "甲项目")["fee"] is not None
    assert e["total_fee"] is None
    assert any("政务云总服务费用" in n and "乙项目" in n for n in e["notes"])


def test_what_to_fix_first_saves_no_more_than_the_item_has_left(tmp_path):
    """附表1 运行报告 (4): 少一期扣1分，延期提交扣1分。出现一处错误扣1分. April's report with 4 errors
    already costs all 4 points: June's report (due Wed 2024-07-10) handed in on time saves nothing
    more, so it is not something to fix first for the score (it was listed as "最多1分")."""
    records = tmp_path / "r.jsonl"
    rows = [{"id": "P4", "kind": "report", "report_type": "monthly_ops", "period": "2024-04", "submitted_at": "2024-05-09 10:00", "errors": 4},
            {"id": "P5", "kind": "report", "report_type": "monthly_ops", "period": "2024-05", "submitted_at": "2024-06-07 10:00", "errors": 0}]
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "s.json"
    res = run(["score", ANYANG, str(records), "--as-of", "2024-06-27", "--period", "2024-04-01/2024-06-27",
               "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    d = json.loads(out.read_text(encoding="utf-8"))
    assert next(i for i in d["items"] if i["item"] == "运行报告")["points"] == 0
    assert "anyang/AY-REPORT-MONTHLY/2024-06" not in {x["key"] for x in d["fix_first"]}
    # with one error only (4 − 1 = 3 left) June's report is worth its 1 point
    rows[0]["errors"] = 1
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    assert run(["score", ANYANG, str(records), "--as-of", "2024-06-27", "--period", "2024-04-01/2024-06-27",
                "--format", "json", "-o", str(out)]).exit_code == 0
    fix = {x["key"]: x for x in json.loads(out.read_text(encoding="utf-8"))["fix_first"]}
    assert fix["anyang/AY-REPORT-MONTHLY/2024-06"]["points"] == 1


def test_one_late_request_is_one_thing_to_fix_first(tmp_path):
    """附表1 响应速度: 收到需求函后3个工作日内完成资源增删调整并回复答复函，逾期一次扣1分. XQ-2024-025
    (received Wed 2024-06-26, due Mon 07-01 24:00) is neither adjusted nor answered as of 06-27:
    one request, one point at stake — one entry needing both, not two entries of 1 point each."""
    out = tmp_path / "a.json"
    assert run(["score", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--period", "2023-06-28/2024-06-27",
                "--format", "json", "-o", str(out)]).exit_code == 0
    fix = [x for x in json.loads(out.read_text(encoding="utf-8"))["fix_first"] if x["item"] == "响应速度"]
    assert len(fix) == 1 and fix[0]["points"] == 1
    assert {fix[0]["key"], *fix[0]["also"]} == {"anyang/AY-REQ-ADJUST/XQ-2024-025", "anyang/AY-REQ-REPLY/XQ-2024-025"}


def test_no_fault_records_leave_the_fault_deductions_unknown_not_nil(tmp_path):
    """附件 1.3: 考核期内如发生故障 … 一般故障每发生一次扣费10万元 … With no fault records in the
    input (and fault not declared exported) a fault cannot be ruled out: the deductions are
    unknown, and 政务云总服务费用 is not given — it was "安全故障扣费合计 0.00元" as if certain."""
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "U1", "kind": "utilization", "project": "甲项目", "month": "2023-08", "cpu_peak": 0.5,
                                   "cpu_valley": 0.5, "mem_peak": 0.5, "mem_valley": 0.5, "disk_used": 0.5}, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    prices = tmp_path / "p.yaml"
    prices.write_text("projects:\n  - project: 甲项目\n    lines:\n      - {service: 云主机 四核+8GB, unit_price: \"242.25\", quantity: 4}\n",
                      encoding="utf-8")
    out = tmp_path / "s.json"
    args = ["score", ANYANG, str(records), "--as-of", "2023-09-30", "--period", "2023-Q3", "--prices", str(prices),
            "--format", "json", "-o", str(out)]
    assert run(args).exit_code == 0
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["efficiency"]["security_deductions"] is None and d["efficiency"]["total_fee"] is None
    assert any(m["certainty"] == "unknown" and "fault" in m["note"] for m in d["money"])
    # declared exported in full: no fault happened, nothing is deducted, and the total is given
    assert run(args + ["--exported", "fault"]).exit_code == 0
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["efficiency"]["security_deductions"] == {"min": "0.00", "max": "0.00"}
    assert d["money"] == [] and d["efficiency"]["total_fee"] is not None


def test_the_grade_reads_as_the_contract_words_it(tmp_path):
    """附件2 1: 高于 80 分低于 90 分为良好，高于 60 分低于 80 分为合格. A range whose ends are both 合格
    (61–79) is 合格 as a whole and is said as the range, not as its lower end ("61分：合格"); ends in
    different bands say so in words, without a bare "（区间）" tag; 安阳 附表1 names no grades and
    says that once (it read "…未规定考核等级…（合同未规定）")."""
    manual = tmp_path / "m.yaml"
    manual.write_text("items:\n  运行报告: 12\n  平台功能: 6\n  驻场服务: 12\n  制度建设: 6\n  系统可用性: 8\n"
                      "  故障响应与处理: 0\n  应急演练: [0, 10]\n  等保: 4\n  密评: 0\n  数据安全: 10\n  客户满意度: 0\n"
                      "  培训服务: [1, 8]\n", encoding="utf-8")
    # with 服务响应's 6 from the records: 44 + 0 + 6 + [0, 10] + 4 + 0 + 10 + 0 + [1, 8] = 65–82
    out = tmp_path / "s.txt"
    res = run(["score", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--period", "2026-H2", "--manual", str(manual), "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "合计得分：65–82分" in text
    grade = next(line for line in text.splitlines() if line.startswith("考核等级："))
    assert grade.startswith("考核等级：得分为区间，两端的等级不同——65分：合格") and "82分：良好" in grade
    assert not grade.endswith("（区间）")
    manual.write_text(manual.read_text(encoding="utf-8").replace("应急演练: [0, 10]", "应急演练: [0, 6]"), encoding="utf-8")
    assert run(["score", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--period", "2026-H2", "--manual", str(manual), "-o", str(out)]).exit_code == 0
    assert "考核等级：65–78分：合格（高于 60 分低于 80 分为合格）\n" in out.read_text(encoding="utf-8")
    res = run(["score", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--period", "2023-06-28/2024-06-27", "-o", str(out)])
    assert res.exit_code == 0
    assert "考核等级：附表1未规定考核等级；得分用于计算各项目的支付系数（附件1.4）\n" in out.read_text(encoding="utf-8")


def test_the_table_names_record_kinds_and_open_deductions_in_chinese(tmp_path):
    """An official reads "输入中没有投诉（complaint）记录" (was "没有complaint记录") and an open
    deduction as "扣0–1分" (was "−0–1"), its status said once ("[未到期] …：扣0–1分", was
    "…：−0–1（未到期）")."""
    out = tmp_path / "s.txt"
    assert run(["score", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--period", "2023-06-28/2024-06-27",
                "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "输入中没有投诉（complaint）记录" in text and "输入中没有部署（deployment）记录" in text
    assert "没有complaint记录" not in text and "−0–" not in text
    assert "[未到期] 少一期扣1分，延期提交扣1分：扣0–1分\n" in text


def test_the_problems_of_every_option_and_file_are_listed_at_once(tmp_path):
    """A bad --period, a bad --fee, a bad --manual file and a missing records folder: one run names
    them all (file, line, field, value and what was expected), exit 2, nothing written — it
    stopped at the first (the period) before."""
    manual = tmp_path / "m.yaml"
    manual.write_text("items:\n  平台功能: 7\n", encoding="utf-8")  # 平台功能 is worth 6
    out = tmp_path / "s.txt"
    missing = tmp_path / "no-such-folder"
    res = run(["score", HEBI, str(missing), "--as-of", "2026-12-31", "--period", "2026-H3", "--fee", "五万",
               "--manual", str(manual), "-o", str(out)])
    assert res.exit_code == 2
    assert "4 problems" in res.output
    assert "--period: expected a period such as 2026-H2" in res.output and "'2026-H3'" in res.output
    assert "--fee: expected an amount in yuan" in res.output and "'五万'" in res.output
    assert f"{manual}:2: items.平台功能: points within 0 .. 6" in res.output
    assert f"{missing}: an existing file or folder" in res.output
    assert not out.exists()


def test_a_period_reaching_outside_the_term_is_said(tmp_path):
    """The 鹤壁数据备份 term begins 2026-07-01 (每半年考核): a --period 2026 is half outside it; the
    score says so instead of presenting a calendar year's assessment silently."""
    out = tmp_path / "s.json"
    assert run(["score", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--period", "2026", "--format", "json",
                "-o", str(out)]).exit_code == 0
    notices = json.loads(out.read_text(encoding="utf-8"))["notices"]
    assert any("超出合同期限（2026-07-01 至 2027-06-30）" in n for n in notices)
    assert not any("超出合同期限" in n for n in _hebi(tmp_path)["notices"])  # 2026-H2 lies within it


def test_an_irreversible_loss_without_a_cause_is_charged_at_least_what_its_down_time_gives(tmp_path):
    """附件 1.1.3.4 / 1.3: 严重故障：应用停机超过40分钟 … (20万元); 特大故障：因云服务提供商原因造成相关单位
    数据不可逆转丢失 … (40万元). A fault down 50 minutes whose data is irreversibly lost, with no
    recorded cause, is at least 严重 by its down time alone (as a 50-minute fault without any loss
    is charged 20万), and 特大 only if the vendor caused it: 200000 .. 400000, not 0 .. 400000."""
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "F9", "kind": "fault", "detected_at": "2023-09-12 09:40",
                                   "notified_at": "2023-09-12 09:50", "downtime_minutes": 50,
                                   "data_loss": "unrecoverable"}) + "\n", encoding="utf-8")
    out = tmp_path / "s.json"
    assert run(["score", ANYANG, str(records), "--as-of", "2023-09-30", "--period", "2023-Q3",
                "--format", "json", "-o", str(out)]).exit_code == 0
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["efficiency"]["security_deductions"] == {"min": "200000.00", "max": "400000.00"}


def test_a_bands_figure_is_named_in_chinese(tmp_path):
    """附件2 系统可用性: >99.98%为 7-8 分 (系统可用性=系统服务正常服务时间/年度系统总服务时间). The hebi-backup
    sample's outages come to 89 minutes by as-of: at most 1 − 89/525,600 = 99.983067 % for the
    contract year, so 7-8; the note under the band names the figure as the table does, not by the
    program's field name (availability_pct)."""
    out = tmp_path / "s.json"
    assert run(["score", str(ROOT / "rulesets" / "hebi-backup"), str(ROOT / "samples" / "hebi-backup"), "--as-of",
                "2026-12-31", "--period", "2026-H2", "--format", "json", "-o", str(out)]).exit_code == 0
    [item] = [i for i in json.loads(out.read_text(encoding="utf-8"))["items"] if i["item"] == "系统可用性"]
    [d] = item["deductions"]
    assert d["points"] == {"min": 7, "max": 8} and d["note"] == "系统可用性99.983067%"


def test_score_workbook_sheets_styles_and_widths(tmp_path):
    # the workbook as openpyxl wrote it: 汇总/得分/扣分明细/先做什么, a bold header, every other cell
    # wrapped and top-aligned (an empty one too), each column's width as given, the panes frozen
    # below the header; created/modified are the as-of
    from datetime import datetime

    from openpyxl import load_workbook

    out = tmp_path / "s.xlsx"
    res = run(["score", HEBI, HEBI_SAMPLES, "--as-of", "2026-12-31", "--period", "2026-H2", "--format", "xlsx",
               "-o", str(out)])
    assert res.exit_code == 0, res.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "得分", "扣分明细", "先做什么", "待确认"]
    assert wb.properties.created == wb.properties.modified == datetime(2027, 1, 1)
    ws = wb["得分"]
    assert [c.value for c in ws[1]] == ["考核项目", "分项指标", "分值", "得分", "最低分", "最高分", "状态", "条款", "评分标准", "说明"]
    # the range's ends as numbers, to sum: 系统可用性 7–8 (samples/README.md: 99.983 % > 99.98 %)
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "系统可用性")
    assert row[3:6] == ("7–8", 7, 8)
    d = _hebi(tmp_path)
    assert sum(r[4] for r in ws.iter_rows(min_row=2, values_only=True)) == d["total"]["min"]
    assert sum(r[5] for r in ws.iter_rows(min_row=2, values_only=True)) == d["total"]["max"]
    assert [r[0] for r in wb["待确认"].iter_rows(min_row=2, values_only=True)] == [f["key"] for f in d["to_confirm"]]
    assert all(c.font.b for c in ws[1]) and ws.freeze_panes == "A2"
    body = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert body and all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in body)
    assert any(c.value is None for c in body)  # an empty cell is there, styled
    widths = {}
    for dim in list(ws.column_dimensions.values()):  # equal neighbours are one <col min max> range
        widths.update({i: dim.width for i in range(dim.min, dim.max + 1)})
    assert widths == dict(enumerate([12.0, 16.0, 8.0, 10.0, 8.0, 8.0, 18.0, 22.0, 60.0, 60.0], start=1))
    summary = wb["汇总"]
    assert [summary["A1"].value, summary["A2"].value, summary["B2"].value] == ["项目", "合同", "鹤壁市数据备份云服务项目合同"]


def test_availability_without_an_outage_export_is_not_scored(tmp_path):
    # 附件2 系统可用性 (>99.98%为7-8分 …) rests on the outage records: without that export the
    # check's HBB-AVAILABILITY is unknown, and so is the item — 0 to 8, never the 7-8 of "no
    # outage" (its figure of 100 % is computed from no records)
    records = tmp_path / "records"
    shutil.copytree(HEBI_SAMPLES, records)
    (records / "outages.csv").unlink()
    out = tmp_path / "hb.json"
    res = run(["score", HEBI, str(records), "--as-of", "2026-12-31", "--period", "2026-H2", "--format", "json",
               "-o", str(out)])
    assert res.exit_code == 0, res.output
    item = {i["item"]: i for i in json.loads(out.read_text(encoding="utf-8"))["items"]}["系统可用性"]
    assert item["points"] == {"min": 0, "max": 8} and "unknown" in item["why"]
    (band,) = item["deductions"]
    assert band["certainty"] == "unknown" and "输入中没有" in band["reason"]
    assert band["note"] is None  # no figure: the 100 % of no records is not shown
    d = json.loads(out.read_text(encoding="utf-8"))
    assert any("服务中断（outage）：系统可用性" in n for n in d["notices"] if n.startswith("以下评分项"))


def test_deductions_past_the_items_points_are_said_to_stop_at_0(tmp_path):
    # 附件2 服务响应 (8 points): 逾期一次扣1分. Eleven requests received Mon 2026-11-02, each due
    # Thu 11-05 24:00 (11-03, 11-04, 11-05) and completed 11-09: 11 points, the item 0
    rows = [{"id": f"R{i}", "kind": "request", "received_at": "2026-11-02 09:00", "completed_at": "2026-11-09 10:00",
             "replied_at": "2026-11-03 10:00"} for i in range(1, 12)]
    path = tmp_path / "requests.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "hb.json"
    res = run(["score", HEBI, str(path), "--as-of", "2026-12-31", "--period", "2026-H2", "--format", "json",
               "-o", str(out)])
    assert res.exit_code == 0, res.output
    item = {i["item"]: i for i in json.loads(out.read_text(encoding="utf-8"))["items"]}["服务响应"]
    assert item["points"] == 0 and len(item["deductions"]) == 11
    assert "扣分合计11分，超过该项分值8分：该项得0分，不计负分" in item["notes"]


def test_the_as_of_before_the_periods_end_is_written_as_the_header_writes_it(tmp_path):
    # as of 2026-09-30 (24:00 of that day, 2026-10-01 00:00): one instant, written one way
    out = tmp_path / "hb.json"
    res = run(["score", HEBI, HEBI_SAMPLES, "--as-of", "2026-09-30", "--period", "2026-H2", "--format", "json",
               "-o", str(out)])
    assert res.exit_code == 0, res.output
    notices = json.loads(out.read_text(encoding="utf-8"))["notices"]
    assert any(n.startswith("检查时点（2026-09-30 24:00）在考核期结束（2026-12-31）之前") for n in notices), notices


def test_the_items_a_missing_export_leaves_open_are_named_together(tmp_path):
    # the anyang samples hold no complaint and no deployment records (samples/anyang/README.md):
    # 客户投诉 (每次扣1分，最高不超过12分) and 部署沟通 (每完成一个加1分，最多得7分) cannot be scored — 19
    # points a vendor settles by supplying the two exports; said in one notice, naming the kinds
    out = tmp_path / "ay.json"
    res = run(["score", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--period", "2023-06-28/2024-06-27",
               "--prices", str(ROOT / "samples" / "anyang.prices.yaml"), "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    d = json.loads(out.read_text(encoding="utf-8"))
    items = {i["item"]: i for i in d["items"]}
    assert items["客户投诉"]["points"] == {"min": 0, "max": 12} and items["部署沟通"]["points"] == {"min": 0, "max": 7}
    (n,) = [n for n in d["notices"] if n.startswith("以下评分项因输入中没有相应类型的记录而无法确定")]
    assert "投诉（complaint）：客户投诉；部署（deployment）：部署沟通。" in n and "--exported" in n


def test_the_months_the_fee_is_counted_for_are_said(tmp_path):
    # samples/anyang/README.md: utilization.xlsx holds 2023-07 .. 2024-05 (14 projects, 11 months);
    # the first contract year 2023-06-28 .. 2024-06-27 reaches into 2023-06 and 2024-06, which have
    # no utilization record: the fees are of the 11 months, and the note says so
    out = tmp_path / "ay.json"
    res = run(["score", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--period", "2023-06-28/2024-06-27",
               "--prices", str(ROOT / "samples" / "anyang.prices.yaml"), "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    notes = json.loads(out.read_text(encoding="utf-8"))["efficiency"]["notes"]
    assert ("项目费用按考核期内有资源使用率记录的月份计：2023-07至2024-05（11个月）；2023-06、2024-06在考核期内但没有"
            "资源使用率记录，其费用未计入") in notes


def test_the_anyang_workbook_holds_the_adjustment_advice(tmp_path):
    # 附件1.5: 使用效率低于40%或高于60%须出具调整建议 — in the workbook as in the table and the JSON
    from openpyxl import load_workbook

    args = ["score", ANYANG, ANYANG_SAMPLES, "--as-of", "2024-06-27", "--period", "2023-06-28/2024-06-27",
            "--prices", str(ROOT / "samples" / "anyang.prices.yaml")]
    out, js = tmp_path / "ay.xlsx", tmp_path / "ay.json"
    assert run([*args, "--format", "xlsx", "-o", str(out)]).exit_code == 0
    assert run([*args, "--format", "json", "-o", str(js)]).exit_code == 0
    advice = json.loads(js.read_text(encoding="utf-8"))["efficiency"]["advice"]
    rows = list(load_workbook(out)["调整建议"].iter_rows(min_row=2, values_only=True))
    assert advice and [(r[1], r[4], r[3]) for r in rows] == [(a["month"], a["key"], a["text"]) for a in advice]
    assert any("UTL-202311-07" in r[4] and "低于40%" in r[3] for r in rows)  # 智慧城管 29.6 (samples/anyang/README.md)


def test_manual_points_outside_the_records_range_are_said_in_the_summary(tmp_path):
    # samples/README.md: FLT-20261206-01 was not reported, so 故障响应与处理 is 0 (存在瞒报、漏报的不得分);
    # an assessor's 6 for it is taken, and the score's notices say so, not the item's line alone
    manual = tmp_path / "m.yaml"
    manual.write_text("items:\n  故障响应与处理: 6\n  平台功能: 6\n", encoding="utf-8")
    d = _hebi(tmp_path, "--manual", str(manual))
    items = {i["item"]: i for i in d["items"]}
    assert items["故障响应与处理"]["points"] == 6
    (n,) = [n for n in d["notices"] if n.startswith("考核人员打分超出按记录计算的范围的评分项")]
    assert "故障响应与处理（按记录0分，打分6分）" in n and "平台功能" not in n  # 平台功能 is judged: 0–6, 6 within


def test_what_falls_due_within_the_period_comes_first(tmp_path):
    # as of Mon 2026-12-28, a request received Thu 12-24 is due Tue 12-29 24:00 (12-25, 12-28,
    # 12-29: 3个工作日): 1 point of 服务响应 (逾期一次扣1分) still to save within 2026-H2; training
    # (8 points) falls due 2027-06-30, after the period: the request is first, though worth less
    records = tmp_path / "records"
    shutil.copytree(HEBI_SAMPLES, records)
    (records / "late.jsonl").write_text(json.dumps({"id": "REQ-X", "kind": "request", "received_at": "2026-12-24 09:00"})
                                        + "\n", encoding="utf-8")
    out = tmp_path / "hb.json"
    res = run(["score", HEBI, str(records), "--as-of", "2026-12-28", "--period", "2026-H2", "--format", "json",
               "-o", str(out)])
    assert res.exit_code == 0, res.output
    fix = json.loads(out.read_text(encoding="utf-8"))["fix_first"]
    first = [x for x in fix if not x["after_period"]]
    assert fix[:len(first)] == first and any("REQ-X" in x["key"] for x in first)
    assert fix[len(first)]["key"] == "hebi-backup/HBB-TRAINING/2026-07-01/2027-06-30"
