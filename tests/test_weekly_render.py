"""The weekly report's renderers (compliance.weekly_render): HTML, XLSX, CSV, JUnit XML and SARIF
written from one RunReport built here (two contracts, findings in every list, a trend over
three runs)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest

from compliance.errors import UsageError
from compliance.findings import Notice, Term
from compliance.runreport import (
    ContractRun,
    Ruling,
    RunFinding,
    RunReport,
    TrendPoint,
    Waiver,
)
from compliance.weekly_render import REGISTRY, render_bytes, write_all
from compliance.weekly_render.xlsxfmt import sheet_name

ROOT = Path(__file__).resolve().parent.parent
RULESETS = ROOT / "rulesets"
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
FORMATS = ["html", "xlsx", "csv", "junit", "sarif"]
FILES = {"html": "report.html", "xlsx": "report.xlsx", "csv": "findings.csv", "junit": "junit.xml",
         "sarif": "findings.sarif"}
HOSTILE = "<script>alert('x')</script> & {{ 7*7 }} {% if 1 %}"


def rf(contract: str, obligation: str, subject: str, *, change: str, status: str = "fail", topic: str = "request",
       message: str | None = None, evidence: list[str] | None = None, **kw) -> RunFinding:
    return RunFinding(
        key=f"{contract}/{obligation}/{subject}", obligation=obligation, status=status, topic=topic,
        clause=kw.pop("clause", "四(二)2"), severity=kw.pop("severity", "major"), event_ids=kw.pop("event_ids", [subject]),
        due=kw.pop("due", "2026-12-10 24:00"), actual=kw.pop("actual", "2026-12-14 10:00"),
        message=message or f"{subject}：{obligation} 未在期限内完成。", title=kw.pop("title", f"{obligation} 的标题"),
        explanation=kw.pop("explanation", ["收到通知 2026-12-07（周一）", "第3个工作日为 2026-12-10（周四）",
                                           "最迟 2026-12-10 24:00"]),
        facts={"evidence": evidence if evidence is not None else [f"samples/{contract}/requests.csv:7"],
               **({"deadline": kw.pop("deadline")} if "deadline" in kw else {})},
        change=change, first_seen=kw.pop("first_seen", "2026-12-31"), **kw)


def make_report(message: str | None = None) -> RunReport:
    waiver = Waiver(contract="hebi-backup", obligation="HBB-REQ-REPLY", subject="HB-R9",
                    reason="甲方书面同意延期（鹤审函〔2026〕20号）", approved_by="张明", until="2027-01-31")
    expired = Waiver(contract="hebi-backup", obligation="HBB-FAULT-RESPOND", subject="F-3",
                     reason="临时豁免", approved_by="李华", until="2026-12-20")
    a = ContractRun(
        contract="hebi-backup", contract_title="鹤壁市数据备份云服务", parties={"buyer": "鹤壁市大数据局", "vendor": "某云公司"},
        term=Term(start="2026-07-01", end="2027-06-30"), ruleset_version="1.3",
        summary={"new": 2, "still_open": 2, "resolved": 1, "regressed": 1, "waived": 1, "pending": 1},
        as_of="2027-01-01T00:00:00+08:00",
        new=[rf("hebi-backup", "HBB-REQ-DELIVER", "HB-R2", change="new", message=message,
                deadline="2026-12-11T00:00:00+08:00",  # 2026-12-10 24:00
                evidence=["samples/hebi-backup/requests.xlsx:row 6", "samples/hebi-backup/需求.csv:12"]),
             rf("hebi-backup", "HBB-NOTICE-7WD", "M-4", change="new", status="ambiguous", topic="notice",
                clause="四(三)4", ruling=Ruling(key="hebi-backup/HBB-NOTICE-7WD/M-4", reading="b", by="王五", on="2026-12-30"))],
        still_open=[rf("hebi-backup", "HBB-FAULT-RESPOND", "F-3", change="still_open", topic="fault_response",
                       first_seen="2026-12-17", age_weeks=2, waiver=expired, waiver_expired=True),
                    rf("hebi-backup", "HBB-REPORT-MONTHLY", "2026-11", change="still_open", topic="report",
                       event_ids=[], period="2026-11", first_seen="2026-12-10", age_weeks=3, evidence=[])],
        resolved=[rf("hebi-backup", "HBB-REQ-REPLY", "HB-R5", change="resolved", status="pass", first_seen="2026-12-17")],
        no_longer_found=[rf("hebi-backup", "HBB-REQ-DELIVER", "HB-R7", change="no_longer_found", first_seen="2026-12-17")],
        regressed=[rf("hebi-backup", "HBB-FAULT-ONSITE", "F-1", change="regressed", topic="fault_onsite")],
        waived=[rf("hebi-backup", "HBB-REQ-REPLY", "HB-R9", change="waived", status="waived", waiver=waiver,
                   first_seen="2026-12-24")],
        pending=[rf("hebi-backup", "HBB-DRILL-RECOVERY", "2026", change="pending", status="pending", topic="drill",
                    event_ids=[], period="2026-07..2027-06", due="2027-06-30 24:00", actual=None)],
        notices=[Notice(code="records_read", message="读取7个文件，共236条记录", count=236,
                        items=["samples/hebi-backup/faults.xlsx", "samples/hebi-backup/reports.csv"]),
                 Notice(code="files_skipped", message="1个文件未读取：README.md（不是记录文件）", count=1)],
        letters=["out/weekly/letters/hebi-backup-整改通知书.docx"], findings_file="out/weekly/hebi-backup.findings.json",
    )
    b = ContractRun(
        contract="test-city", contract_title="测试市政务云服务（无规则集目录）", parties={"buyer": "测试市政务服务中心", "vendor": "某服务商"},
        term=Term(start="2023-06-28", end="2026-06-27", basis="assumed", reason="合同未写明起始日，按签订日推定"),
        ruleset_version="0.9",
        summary={},
        new=[rf("test-city", "TC-FAULT-RESPOND", "TC-F7", change="new", status="unknown", topic="fault_response",
                evidence=["exports/故障 工单.jsonl:item 3"])],
        still_open=[rf("test-city", "TC-REQ", "TC-R1", change="still_open", first_seen="2026-12-17", age_weeks=2),
                    rf("test-city", "TC-PAY", "TC-P1", change="still_open", topic="payment", first_seen="2026-12-17",
                       age_weeks=2)],
        resolved=[rf("test-city", "TC-REQ", "TC-R0", change="resolved", status="pass")],
        regressed=[rf("test-city", "TC-REPORT", "2026-10", change="regressed", topic="report", event_ids=[],
                      period="2026-10", evidence=["exports/reports.csv:3"])],
        waived=[rf("test-city", "TC-REQ", "TC-R4", change="waived", status="waived",
                   waiver=Waiver(contract="test-city", subject="TC-R4", reason="系统迁移期间", approved_by="赵六",
                                 until="2027-03-31"))],
        pending=[rf("test-city", "TC-AUDIT", "2026", change="pending", status="pending", topic="audit", event_ids=[],
                    due="2027-01-15 24:00", actual=None)],
        ambiguous=[rf("test-city", "TC-NOTICE", "TC-M2", change="ambiguous", status="ambiguous", topic="notice",
                      first_seen="2026-12-24")],
        unknown=[rf("test-city", "TC-STAFF", "TC-S5", change="unknown", status="unknown", topic="staff_change")],
    )
    runs = [("run-2026-12-17", "2026-12-18T00:00:00+08:00"), ("run-2026-12-24", "2026-12-25T00:00:00+08:00"),
            ("run-2026-12-31", "2027-01-01T00:00:00+08:00")]
    trend = []
    for i, (run_id, as_of) in enumerate(runs):
        for contract, topic, n in (("hebi-backup", "request", 1 + i), ("hebi-backup", "fault_response", 2),
                                   ("hebi-backup", "report", i), ("test-city", "request", 3 - i),
                                   ("test-city", "fault_response", 1)):
            trend.append(TrendPoint(run_id=run_id, as_of=as_of, contract=contract, topic=topic, open=n))
    return RunReport(run_id="run-2026-12-31", previous_run_id="run-2026-12-24", as_of="2027-01-01T00:00:00+08:00",
                     config="weekly.yaml", contracts=[a, b], trend=trend)


def failing(run: ContractRun) -> int:
    return len(run.new) + len(run.still_open) + len(run.regressed)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("weekly") / "out"
    paths = write_all(make_report(), folder, FORMATS, rulesets=RULESETS)
    return {name: p for name, p in zip(FORMATS, paths)}


# --------------------------------------------------------------------------------------------
# write_all


def test_registry_holds_the_five_formats():
    assert sorted(REGISTRY) == sorted(FORMATS)
    assert {r.name: r.filename for r in REGISTRY.values()} == FILES


def test_write_all_writes_each_format_into_the_folder(written):
    folder = written["html"].parent
    assert [p.name for p in written.values()] == [FILES[f] for f in FORMATS]
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES.values())  # no temporary files left


def test_write_all_only_what_is_asked_and_once(tmp_path):
    paths = write_all(make_report(), tmp_path, ["csv", "csv", "sarif"])
    assert [p.name for p in paths] == ["findings.csv", "findings.sarif"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.csv", "findings.sarif"]


def test_unknown_format_writes_nothing(tmp_path):
    with pytest.raises(UsageError, match="pdf"):
        write_all(make_report(), tmp_path / "out", ["html", "pdf"])
    assert not (tmp_path / "out").exists()


def test_same_report_gives_byte_identical_files(tmp_path, written):
    again = write_all(make_report(), tmp_path / "again", FORMATS, rulesets=RULESETS)
    for name, path in zip(FORMATS, again):
        assert path.read_bytes() == written[name].read_bytes(), name


# --------------------------------------------------------------------------------------------
# HTML


def test_html_is_self_contained_chinese_and_complete(written):
    html = written["html"].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert "2026-12-31 24:00" in html and "run-2026-12-31" in html and "run-2026-12-24" in html
    # offline: no script, no external stylesheet, font or image
    lowered = html.lower()
    assert "<script" not in lowered and "<link" not in lowered and "@import" not in lowered
    assert "@font-face" not in lowered and " src=" not in lowered
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    # the summary: a row per contract, the counts, the term and its basis
    summary = html.split('<section id="summary">')[1].split("</section>")[0]
    assert "鹤壁市数据备份云服务" in summary and "测试市政务云服务（无规则集目录）" in summary
    assert "2026-07-01 至 2027-06-30" in summary and "合同约定" in summary
    assert "推定：合同未写明起始日，按签订日推定" in summary
    for label in ("新增", "持续未整改", "已整改", "再次出现", "已豁免", "未到期", "存疑待裁定", "数据不足无法判断"):
        assert f"<th>{label}</th>" in summary
    # what a person must rule on, and what the records cannot decide: sections of their own
    city = html.split('id="c-test-city"')[1]
    # the buyer's own payment is tagged as its duty (the vendor's violations are not)
    assert html.count("甲方义务</span>") == 1
    pay = city[city.index("TC-PAY"):]
    assert pay[:pay.index("</td>")].endswith('<span class="tag">甲方义务</span>')
    assert "<h3>存疑待裁定（1）</h3>" in city and "test-city/TC-NOTICE/TC-M2" in city
    assert "<h3>数据不足无法判断（1）</h3>" in city and "test-city/TC-STAFF/TC-S5" in city
    # the sections with their details
    assert "持续周数" in html and "豁免已过期" in html
    assert "甲方书面同意延期（鹤审函〔2026〕20号）" in html and "张明" in html and "2027-01-31" in html
    assert "<details><summary>计算过程（3步）</summary>" in html and "<li>第3个工作日为 2026-12-10（周四）</li>" in html
    # a ruling in the words of the findings' messages: reading b is 读法（乙）, not "读法 b"
    assert "裁定：王五于2026-12-30认定采用读法（乙）" in html and "读法 b" not in html
    assert "samples/hebi-backup/requests.xlsx:row 6" in html
    # the input notices
    assert "读取7个文件，共236条记录" in html and "samples/hebi-backup/faults.xlsx" in html


def test_html_quotes_the_ruleset_where_its_folder_exists(written):
    from compliance.rulesets import load_ruleset

    html = written["html"].read_text(encoding="utf-8")
    quote = load_ruleset(RULESETS / "hebi-backup").obligation("HBB-REQ-DELIVER").quote
    hebi, other = html.split('id="c-hebi-backup"')[1].split('id="c-test-city"')
    assert f"合同原文（四(二)2）：“{quote}”" in hebi.replace("&#34;", '"')
    assert "合同原文" not in other  # no rulesets/test-city: the quote is omitted


def test_html_trend_chart_is_inline_svg_with_axes_and_legend(written):
    html = written["html"].read_text(encoding="utf-8")
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "未整改违约（项）" in svg and "检查时点（每周一次）" in svg
    for day in ("2026-12-17", "2026-12-24", "2026-12-31"):
        assert f">{day}</text>" in svg
    for topic in ("需求响应", "故障响应", "报告"):
        assert f">{topic}</text>" in svg  # the legend
    # stacked totals per run: 1+2+0+3+1, 2+2+1+2+1, 3+2+2+1+1
    for total in (7, 8, 9):
        assert f'text-anchor="middle" fill="#111">{total}</text>' in svg
    assert "2026-12-31 24:00 需求响应：4项" in svg


def test_html_without_trend_says_so():
    report = make_report().model_copy(update={"trend": []})
    html = render_bytes("html", report, rulesets=None).decode("utf-8")
    assert "暂无趋势数据" in html and "<svg" in html


def test_hostile_text_stays_data_in_every_format(tmp_path):
    paths = dict(zip(FORMATS, write_all(make_report(HOSTILE), tmp_path, FORMATS, rulesets=None)))
    html = paths["html"].read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; {{ 7*7 }} {% if 1 %}" in html
    assert "49" not in html.split("&lt;script&gt;")[1][:60]
    rows = list(csv.DictReader(io.StringIO(paths["csv"].read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0]["message"] == HOSTILE
    root = ET.parse(paths["junit"]).getroot()
    assert any(el.get("message", "").endswith(HOSTILE) for el in root.iter("failure"))
    sarif = json.loads(paths["sarif"].read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["message"]["text"] == HOSTILE
    from openpyxl import load_workbook

    ws = load_workbook(paths["xlsx"])["hebi-backup"]
    col = [c.value for c in ws[1]].index("说明") + 1
    assert ws.cell(row=2, column=col).value == HOSTILE


# --------------------------------------------------------------------------------------------
# Headless Chromium: the report opens with no console errors; a screenshot is taken

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0", *args],
        check=False, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup-browser.sh installs Debian's chromium)")
def test_html_opens_in_headless_chromium_without_console_errors(written, tmp_path):
    url = written["html"].resolve().as_uri()
    png = tmp_path / "report.png"
    shot = _chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,2000", url)
    # a console message is logged as "…:INFO:CONSOLE:1] "text", source: …" (older builds: CONSOLE(1)); the
    # report has no script, so any console line at all, and any uncaught error, is a failure
    errors = [line for line in shot.stderr.splitlines() if "Uncaught" in line or ":CONSOLE" in line]
    assert not errors, "\n".join(errors)
    assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    if os.environ.get("WEEKLY_SCREENSHOT"):  # keep the screenshot to look at
        shutil.copyfile(png, os.environ["WEEKLY_SCREENSHOT"])
    dom = _chromium(tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert '<section id="summary">' in dom.stdout and "<svg" in dom.stdout and "未整改违约趋势" in dom.stdout


# --------------------------------------------------------------------------------------------
# XLSX


def test_xlsx_sheets_headers_and_real_date_cells(written):
    from openpyxl import load_workbook

    wb = load_workbook(written["xlsx"])
    assert wb.sheetnames == ["汇总", "hebi-backup", "test-city", "输入说明"]
    # the contracts' notices, as the HTML's 输入说明: contract, code, message, items
    notes = list(wb["输入说明"].iter_rows(values_only=True))
    assert notes[0] == ("合同", "类别", "说明", "明细")
    assert ("hebi-backup", "records_read", "读取7个文件，共236条记录",
            "samples/hebi-backup/faults.xlsx\nsamples/hebi-backup/reports.csv") in notes
    assert len(notes) == 1 + sum(len(run.notices) for run in make_report().contracts)
    summary = wb["汇总"]
    assert isinstance(summary["B2"].value, datetime) and summary["B2"].value == datetime(2027, 1, 1)
    header = [c.value for c in summary[6]]
    assert header[:3] == ["合同", "规则集", "规则集版本"] and "合同起始" in header and "期限依据" in header
    start = summary.cell(row=7, column=header.index("合同起始") + 1)
    assert start.value in (date(2026, 7, 1), datetime(2026, 7, 1)) and start.number_format == "yyyy-mm-dd"
    assert summary.freeze_panes == "A7"
    report = make_report()
    for run in report.contracts:
        ws = wb[run.contract]
        head = [c.value for c in ws[1]]
        for name in ("状态", "变化", "义务", "条款", "严重程度", "记录", "期间", "期限", "实际", "说明",
                     "首次发现", "持续周数", "key"):
            assert name in head, name
        assert ws.freeze_panes == "A2"
        assert ws.column_dimensions[ws.cell(row=1, column=head.index("说明") + 1).column_letter].width > 20
        total = sum(len(getattr(run, s)) for s in ("new", "still_open", "resolved", "regressed", "waived", "pending",
                                                   "ambiguous", "unknown", "no_longer_found"))
        assert ws.max_row == 1 + total
        seen = [ws.cell(row=r, column=head.index("首次发现") + 1) for r in range(2, ws.max_row + 1)]
        assert all(isinstance(c.value, (date, datetime)) and c.number_format == "yyyy-mm-dd" for c in seen)
        until = [ws.cell(row=r, column=head.index("豁免至") + 1) for r in range(2, ws.max_row + 1)]
        assert any(isinstance(c.value, (date, datetime)) for c in until)
    ws = wb["hebi-backup"]
    head = [c.value for c in ws[1]]
    ages = {ws.cell(row=r, column=head.index("key") + 1).value: ws.cell(row=r, column=head.index("持续周数") + 1).value
            for r in range(2, ws.max_row + 1)}
    assert ages["hebi-backup/HBB-FAULT-RESPOND/F-3"] == 2
    # whose duty: the buyer's own payment is 甲方's, the rest 乙方's
    city = wb["test-city"]
    chead = [c.value for c in city[1]]
    party = {city.cell(row=r, column=chead.index("key") + 1).value: city.cell(row=r, column=chead.index("义务方") + 1).value
             for r in range(2, city.max_row + 1)}
    assert party.pop("test-city/TC-PAY/TC-P1") == "甲方" and set(party.values()) == {"乙方"}
    gone = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=head.index("key") + 1).value
                == "hebi-backup/HBB-REQ-DELIVER/HB-R7")
    assert [ws.cell(row=gone, column=head.index(h) + 1).value for h in ("变化", "状态")] == ["未再发现（待核实）", "上次违约，本次未再发现"]
    # the deadline as a real date-time cell beside its text (24:00 of 2026-12-10 is 12-11 00:00)
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=head.index("key") + 1).value
               == "hebi-backup/HBB-REQ-DELIVER/HB-R2")
    due = ws.cell(row=row, column=head.index("期限时间") + 1)
    assert due.value == datetime(2026, 12, 11, 0, 0) and due.number_format == "yyyy-mm-dd hh:mm"
    assert ws.cell(row=row, column=head.index("期限") + 1).value == "2026-12-10 24:00"
    # each contract's own as-of on the summary sheet
    summary = wb["汇总"]
    header = [c.value for c in summary[6]]
    as_of = summary.cell(row=7, column=header.index("检查时点") + 1)
    assert as_of.value == datetime(2027, 1, 1, 0, 0) and as_of.number_format == "yyyy-mm-dd hh:mm"


def test_sheet_names_are_valid_and_unique():
    taken = {"汇总"}
    long = "a-very-long-contract-identifier-beyond-thirty-one"
    names = [sheet_name(long, taken), sheet_name(long, taken), sheet_name("x[1]:*?/\\y", taken), sheet_name("汇总", taken)]
    assert all(len(n) <= 31 for n in names) and len(set(names)) == 4
    assert names[2] == "x_1______y" and names[3] == "汇总~2"
    assert not any(ch in n for n in names for ch in "[]:*?/\\")


# --------------------------------------------------------------------------------------------
# CSV, JUnit, SARIF


def test_csv_one_row_per_finding_with_bom_and_crlf(written):
    data = written["csv"].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    report = make_report()
    assert len(rows) == sum(1 for run in report.contracts for s in ("new", "still_open", "resolved", "regressed",
                                                                    "waived", "pending", "ambiguous", "unknown",
                                                                    "no_longer_found")
                            for _ in getattr(run, s))
    assert next(r for r in rows if r["key"] == "hebi-backup/HBB-REQ-DELIVER/HB-R7")["change"] == "no_longer_found"
    assert {r["change"] for r in rows if r["contract"] == "test-city"} >= {"ambiguous", "unknown"}
    first = rows[0]
    assert first["contract"] == "hebi-backup" and first["change"] == "new" and first["key"] == "hebi-backup/HBB-REQ-DELIVER/HB-R2"
    waived = next(r for r in rows if r["change"] == "waived")
    assert waived["waiver_approved_by"] == "张明" and waived["waiver_until"] == "2027-01-31"
    expired = next(r for r in rows if r["key"] == "hebi-backup/HBB-FAULT-RESPOND/F-3")
    assert expired["waiver_expired"] == "true" and expired["age_weeks"] == "2"


def test_junit_parses_with_the_right_counts(written):
    root = ET.parse(written["junit"]).getroot()
    report = make_report()
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["hebi-backup", "test-city"]
    for suite, run in zip(suites, report.contracts):
        cases = suite.findall("testcase")
        assert len(suite.findall("testcase/failure")) == int(suite.get("failures")) == failing(run)
        to_decide = len(run.ambiguous) + len(run.unknown) + len(run.no_longer_found)
        assert len(suite.findall("testcase/skipped")) == int(suite.get("skipped")) == len(run.waived) + len(run.pending) + to_decide
        assert int(suite.get("tests")) == len(cases) == (failing(run) + len(run.waived) + len(run.pending) + to_decide
                                                          + len(run.resolved))
        assert suite.get("errors") == "0"
    assert int(root.get("failures")) == sum(failing(r) for r in report.contracts)
    skipped = [el.get("message") for el in root.iter("skipped")]
    assert "已豁免：甲方书面同意延期（鹤审函〔2026〕20号）（批准人 张明，豁免至 2027-01-31）" in skipped
    assert "未到期：期限 2027-06-30 24:00" in skipped and "存疑待裁定" in skipped and "未再发现（待核实）" in skipped


def test_sarif_validates_against_the_official_schema(written):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    doc = json.loads(written["sarif"].read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_sarif_rules_results_fingerprints_and_locations(written):
    from compliance.rulesets import load_ruleset

    doc = json.loads(written["sarif"].read_text(encoding="utf-8"))
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 2
    hebi, other = doc["runs"]
    rules = {r["id"]: r for r in hebi["tool"]["driver"]["rules"]}
    quote = load_ruleset(RULESETS / "hebi-backup").obligation("HBB-REQ-DELIVER").quote
    assert rules["HBB-REQ-DELIVER"]["name"] == "HBB-REQ-DELIVER 的标题"
    assert rules["HBB-REQ-DELIVER"]["help"]["text"] == f"条款 四(二)2：“{quote}”"
    assert {r["help"]["text"] for r in other["tool"]["driver"]["rules"]} == {"条款 四(二)2"}  # no quote without a folder
    results = {r["partialFingerprints"]["findingKey/v1"]: r for r in hebi["results"]}
    # fails, ambiguous ones and those no longer found are results; resolved and pending ones are not
    assert set(results) == {"hebi-backup/HBB-REQ-DELIVER/HB-R2", "hebi-backup/HBB-NOTICE-7WD/M-4",
                            "hebi-backup/HBB-FAULT-RESPOND/F-3", "hebi-backup/HBB-REPORT-MONTHLY/2026-11",
                            "hebi-backup/HBB-FAULT-ONSITE/F-1", "hebi-backup/HBB-REQ-REPLY/HB-R9",
                            "hebi-backup/HBB-REQ-DELIVER/HB-R7"}
    gone = results["hebi-backup/HBB-REQ-DELIVER/HB-R7"]  # the last run had it, this one does not find it
    assert (gone["level"], gone["baselineState"]) == ("note", "absent")
    first = results["hebi-backup/HBB-REQ-DELIVER/HB-R2"]
    assert first["level"] == "error" and first["ruleId"] == "HBB-REQ-DELIVER"
    assert hebi["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "HBB-REQ-DELIVER"
    xlsx_loc, csv_loc = (loc["physicalLocation"] for loc in first["locations"])
    assert xlsx_loc == {"artifactLocation": {"uri": "samples/hebi-backup/requests.xlsx"}}  # a sheet row: no line
    assert csv_loc == {"artifactLocation": {"uri": "samples/hebi-backup/%E9%9C%80%E6%B1%82.csv"},
                       "region": {"startLine": 12}}
    assert "locations" not in results["hebi-backup/HBB-REPORT-MONTHLY/2026-11"]
    waived = results["hebi-backup/HBB-REQ-REPLY/HB-R9"]
    assert waived["suppressions"][0]["kind"] == "external" and "张明" in waived["suppressions"][0]["justification"]
    listed_new = other["results"][0]  # in `new`: a violation, an error whatever its check status
    assert listed_new["level"] == "error"
    # the lists to rule on and undecidable: results too (whether the last run had them, the run
    # does not say: no baselineState); an ambiguous finding a ruling made a violation is an error
    city = {r["partialFingerprints"]["findingKey/v1"]: r for r in other["results"]}
    assert city["test-city/TC-NOTICE/TC-M2"]["level"] == "warning" and "baselineState" not in city["test-city/TC-NOTICE/TC-M2"]
    assert city["test-city/TC-STAFF/TC-S5"]["level"] == "note" and "baselineState" not in city["test-city/TC-STAFF/TC-S5"]
    assert results["hebi-backup/HBB-NOTICE-7WD/M-4"]["level"] == "error"  # in `new` by its ruling
    assert listed_new["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "exports/%E6%95%85%E9%9A%9C%20%E5%B7%A5%E5%8D%95.jsonl"


def test_one_bar_per_run_when_its_contracts_have_different_as_of_days():
    """A run that checks contracts as of different days (each sample at its own as-of) is one
    bar holding all its contracts' open violations, not one bar per as-of day."""
    from compliance.weekly_render.htmlfmt import chart

    trend = [TrendPoint(run_id="r1", as_of="2024-06-27", contract="anyang", topic="report", open=21),
             TrendPoint(run_id="r1", as_of="2026-12-31", contract="hebi-backup", topic="report", open=16),
             TrendPoint(run_id="r2", as_of="2027-01-07", contract="hebi-backup", topic="report", open=3)]
    c = chart(trend)
    assert [(col["run_id"], col["total"]) for col in c.columns] == [("r1", 37), ("r2", 3)]
    assert c.columns[0]["day"] == "2026-12-31"


def test_xlsx_as_of_given_as_a_date_is_the_end_of_that_day(tmp_path):
    # README: an as-of date means 24:00 of that day. A run as of 2026-12-14 (the config's as_of: a date)
    # is the instant 2026-12-15 00:00, as each contract's as-of cell says; the summary's cell said
    # 2026-12-14 00:00, a day early
    from openpyxl import load_workbook

    report = make_report().model_copy(update={"as_of": "2026-12-14"})
    (path,) = write_all(report, tmp_path / "out", ["xlsx"], rulesets=RULESETS)
    summary = load_workbook(path)["汇总"]
    assert summary["B2"].value == datetime(2026, 12, 15, 0, 0), summary["B2"].value
    assert summary["C2"].value == "（2026-12-14 24:00）"


def test_xlsx_names_a_rulings_reading_as_the_messages_do(written):
    # the report's ruling on M-4 is reading b by 王五 on 2026-12-30: 读法（乙）, as the findings' messages
    # name the two readings of 提前N个工作日, not the bare code "b"
    from openpyxl import load_workbook

    ws = load_workbook(written["xlsx"])["hebi-backup"]
    head = [c.value for c in ws[1]]
    cells = [ws.cell(row=r, column=head.index("裁定") + 1).value for r in range(2, ws.max_row + 1)]
    assert "读法（乙）（王五 2026-12-30）" in cells, cells


def test_xlsx_same_report_same_bytes_with_the_as_of_as_its_times():
    # written twice (XlsxWriter's constant-memory mode puts each sheet's rows in a temporary file
    # first): the same bytes; every zip entry's time and the created/modified properties are the as-of
    import zipfile

    from openpyxl import load_workbook

    first, again = render_bytes("xlsx", make_report(), rulesets=None), render_bytes("xlsx", make_report(), rulesets=None)
    assert first == again
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(2027, 1, 1, 0, 0, 0)}
    props = load_workbook(io.BytesIO(first)).properties
    assert (props.creator, props.lastModifiedBy, props.title) == ("compliance", "compliance", "每周合规检查 run-2026-12-31")
    assert props.created == props.modified == datetime(2027, 1, 1)


def test_xlsx_styles_widths_filter_and_text_that_looks_like_a_formula():
    # a message is text even when it reads as a formula or a URL; the header bold, the title bold
    # 14 pt, 说明 wrapped and top-aligned; each column's width as given (XlsxWriter writes equal
    # neighbours as one <col min max> range, which openpyxl keys by its first column)
    from openpyxl import load_workbook

    text = '=HYPERLINK("http://example.com","x") 1+1'
    wb = load_workbook(io.BytesIO(render_bytes("xlsx", make_report(text), rulesets=None)))
    summary, ws = wb["汇总"], wb["hebi-backup"]
    assert summary["A1"].value == "每周合规检查汇总" and summary["A1"].font.b and summary["A1"].font.sz == 14
    assert all(c.font.b for c in ws[1]) and all(c.font.b for c in summary[6] if c.value)
    head = [c.value for c in ws[1]]
    col = head.index("说明") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=col).value == text)
    cell = ws.cell(row=row, column=col)
    assert cell.data_type == "s" and cell.hyperlink is None
    assert cell.alignment.wrap_text and cell.alignment.vertical == "top"

    def widths(sheet):
        out = {}
        for dim in list(sheet.column_dimensions.values()):
            out.update({i: dim.width for i in range(dim.min, dim.max + 1)})
        return out

    from compliance.weekly_render.xlsxfmt import HEADER, WIDTHS

    assert widths(ws) == {i: float(WIDTHS[h]) for i, h in enumerate(HEADER, start=1)}
    assert ws.auto_filter.ref == f"A1:X{ws.max_row}" and ws.freeze_panes == "A2"


def test_sheet_names_count_utf16_units_as_excel_does():
    # a character beyond the BMP is two UTF-16 units: 20 of them are cut to 15 (XlsxWriter refuses > 31)
    taken = {"汇总"}
    name = sheet_name("𠀀" * 20, taken)
    assert name == "𠀀" * 15
    again = sheet_name("𠀀" * 20, taken)
    assert again == "𠀀" * 14 + "~2"


def test_importing_the_renderers_loads_no_workbook_library():
    code = ("import sys, compliance.weekly_render, compliance.score_render, compliance.cli; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'xlsxwriter', 'openpyxl'}))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"
