"""Real exports in, every record accounted for: files written the way the exporting programs
write them (Excel-saved GB18030 CSV, a workbook with a title row and its data on a second sheet,
Chinese headers, no kind column), mappings, and the notices that say what was left out."""

from __future__ import annotations

import json

import openpyxl
from click.testing import CliRunner

from compliance.check import Options, run_check
from compliance.cli import main

from conftest import RULESETS

HBB = str(RULESETS / "hebi-backup")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def check_json(*args: str):
    r = run("check", HBB, *args, "--as-of", "2026-12-31", "--format", "json")
    return r, (json.loads(r.stdout) if r.stdout.strip() else None)


def notices(doc) -> dict[str, dict]:
    return {n["code"]: n for n in doc["notices"]}


def excel_csv(path, text: str) -> str:
    """As Excel on Chinese Windows saves a CSV: GB18030, CRLF, times as 2026/9/30 10:00."""
    path.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    return str(path)


FAULTS_CN = """工单号,发现时间,响应时间,到场时间,解决时间,备注
GZ-001,2026/9/30 10:00,2026/9/30 10:25,2026/9/30 10:50,2026/9/30 12:00,响应超时
GZ-002,2026/10/12 08:00,2026/10/12 08:05,2026/10/12 08:40,2026/10/12 09:30,
"""


def test_an_excel_saved_csv_with_chinese_headers_and_no_kind_column(tmp_path):
    f = excel_csv(tmp_path / "故障工单导出.csv", FAULTS_CN)
    r, doc = check_json(f, "--obligation", "HBB-FAULT-RESPOND")
    assert r.exit_code == 1, r.stderr
    [fail] = [x for x in doc["findings"] if x["status"] == "fail"]
    # 发现 10:00, 响应 10:25: 25 minutes, 15 over the 10 of 四(四)3
    assert fail["event_ids"] == ["GZ-001"] and fail["facts"]["late_minutes"] == 15
    codes = notices(doc)
    assert "kind_inferred" in codes and "fault" in codes["kind_inferred"]["message"]
    assert "备注" in codes["unused_columns"]["message"]


def test_a_workbook_with_a_title_row_and_the_data_on_its_second_sheet(tmp_path):
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "说明"
    notes.append(["本表由运维工单系统导出，请勿修改表头"])
    ws = wb.create_sheet("需求函登记")
    ws.append(["鹤壁市数据备份云服务需求函登记表（2026年第三季度）"])
    ws.merge_cells("A1:D1")
    ws.append(["编号", "收函时间", "完成时间", "复函时间"])
    ws.append(["XQ-01", "2026/9/30 10:00", "2026/10/12 09:00", "2026/10/10 16:00"])
    path = tmp_path / "需求函.xlsx"
    wb.save(path)
    r, doc = check_json(str(path), "--obligation", "HBB-REQ-DELIVER")
    assert r.exit_code == 1, r.stderr
    [f] = doc["findings"]
    # received Wed 09-30: 10-08, 10-09, 10-10 (补班) -> last day 10-10; delivered 10-12
    assert (f["key"], f["facts"]["last_day"]) == ("hebi-backup/HBB-REQ-DELIVER/XQ-01", "2026-10-10")
    codes = notices(doc)
    assert "title_rows" in codes and "需求函登记表" in codes["title_rows"]["message"]
    assert "sheet_skipped" in codes and "说明" in codes["sheet_skipped"]["message"]


def test_a_contract_cell_holding_the_title_is_this_contract_and_others_are_counted(tmp_path):
    f = tmp_path / "r.jsonl"
    rows = [
        {"id": "A", "kind": "request", "contract": "鹤壁市数据备份云服务项目合同", "received_at": "2026-09-30 10:00",
         "completed_at": "2026-10-12 09:00"},
        {"id": "B", "kind": "request", "contract": "hebi-backup", "received_at": "2026-09-30 10:00",
         "completed_at": "2026-10-12 09:00"},
        {"id": "C", "kind": "request", "contract": "焦作市政务云服务", "received_at": "2026-09-30 10:00",
         "completed_at": "2026-10-12 09:00"},
    ]
    f.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows), encoding="utf-8")
    r, doc = check_json(str(f), "--obligation", "HBB-REQ-DELIVER")
    assert sorted(x["event_ids"][0] for x in doc["findings"]) == ["A", "B"]
    other = notices(doc)["other_contract"]
    assert other["count"] == 1 and "焦作市政务云服务" in other["message"]
    assert "notice: " in r.stderr and "焦作市政务云服务" in r.stderr


def test_a_misspelt_column_of_a_missing_field_is_refused_naming_what_it_means(tmp_path):
    """notify_at beside no notified_at: left as an extra column, the notice that was given would
    read as none ("未见书面通知") — refused instead, with what the column probably means."""
    f = tmp_path / "m.csv"
    f.write_text("id,kind,planned_start,notify_at\nM1,maintenance,2026-10-20 09:00,2026-10-01 09:00\n", encoding="utf-8")
    r = run("check", HBB, str(f), "--as-of", "2026-12-31")
    assert r.exit_code == 2 and "notify_at" in r.stderr and "did you mean" in r.stderr and "notified_at" in r.stderr
    # a column that resembles no field, or one whose field is present, is kept and listed
    f.write_text("id,kind,planned_start,notified_at,notify_at2,备注\n"
                 "M1,maintenance,2026-10-20 09:00,2026-10-01 09:00,x,y\n", encoding="utf-8")
    r, doc = check_json(str(f), "--obligation", "HBB-NOTICE-7WD")
    assert r.exit_code == 0 and "备注" in notices(doc)["unused_columns"]["message"]


def test_mapping_mistakes_are_refused_not_dropped(tmp_path):
    f = excel_csv(tmp_path / "工单.csv", "单号,报障时间,恢复时间\nT1,2026/10/12 09:00,2026/10/12 10:00\n")
    m = tmp_path / "map.yaml"
    m.write_text("sources:\n  - files: \"工单*.csv\"\n    kind: fault\n    columns:\n      单号: id\n"
                 "      报障时间: detected_at\n      恢复时间: resovled_at\n", encoding="utf-8")
    r = run("check", HBB, f, "--as-of", "2026-12-31", "--map", str(m))
    assert r.exit_code == 2 and "map.yaml:7: sources[0].columns.恢复时间" in r.stderr and "resovled_at" in r.stderr
    # a misspelt key of the mapping itself: named at its line, with the key meant and the keys there are
    m.write_text("sources:\n  - files: \"工单*.csv\"\n    kind: fault\n    colums:\n      单号: id\n", encoding="utf-8")
    r = run("check", HBB, f, "--as-of", "2026-12-31", "--map", str(m))
    assert r.exit_code == 2 and "map.yaml:5: sources[0].colums: not a key here (did you mean columns?)" in r.stderr
    assert "the keys are: columns, encoding, files, header_row, kind, sheet, values" in r.stderr
    m.write_text("sources:\n  - files: \"工单*.csv\"\n    kind: fault\n    columns:\n      单号: id\n"
                 "      报障时间: detected_at\n      修复时间: resolved_at\n", encoding="utf-8")
    r = run("check", HBB, f, "--as-of", "2026-12-31", "--map", str(m))
    assert r.exit_code == 2 and "修复时间" in r.stderr and "the header has: 单号, 报障时间, 恢复时间" in r.stderr


def test_the_file_name_says_the_kind(tmp_path):
    """发生时间 is also a force-majeure label: a file named 故障… with it is read as faults."""
    f = excel_csv(tmp_path / "故障.csv", "工单号,发生时间,响应时间\nG1,2026/10/12 09:00,2026/10/12 09:30\n")
    r, doc = check_json(f, "--obligation", "HBB-FAULT-RESPOND")
    assert r.exit_code == 1 and doc["findings"][0]["facts"]["late_minutes"] == 20
    g = excel_csv(tmp_path / "故障清单.csv", "工单号,响应时间\nG1,2026/10/12 09:30\n")
    r = run("check", HBB, g, "--as-of", "2026-12-31")
    assert r.exit_code == 2 and "fault (故障)" in r.stderr and "detected_at (发现时间)" in r.stderr


def test_the_contract_named_as_people_write_it_and_a_footer_row(tmp_path):
    f = excel_csv(tmp_path / "需求.csv", "编号,合同,收函时间,完成时间\n"
                  "Q1,《鹤壁市数据备份云服务项目合同》,2026/9/30 10:00,2026/10/12 09:00\n"
                  "Q2,鹤壁市数据备份云服务,2026/9/30 10:00,2026/10/12 09:00\n"
                  "Q3,鹤壁市,2026/9/30 10:00,2026/10/12 09:00\n"
                  "合计：3条,,,\n")
    r, doc = check_json(f, "--obligation", "HBB-REQ-DELIVER")
    assert sorted(x["event_ids"][0] for x in doc["findings"]) == ["Q1", "Q2"]
    codes = notices(doc)
    assert codes["other_contract"]["count"] == 1  # "鹤壁市" alone names no contract
    assert "第5行为合计行" in codes["footer_rows"]["message"]


def test_blank_rows_between_records_are_skipped_and_an_id_less_row_is_refused(tmp_path):
    """A blank row and a row of spaces hold no record: skipped, the records around them read and
    the footer still found by its row number; a row whose first cell (the id) is empty but whose
    other cells are filled is a record without an id: refused, naming its row."""
    rows = ("编号,收函时间,完成时间\n"
            "Q1,2026/9/30 10:00,2026/10/12 09:00\n"
            ",,\n"
            "  ,  ,  \n"
            "Q2,2026/9/30 10:00,2026/10/12 09:00\n"
            "合计：2条,,\n")
    r, doc = check_json(excel_csv(tmp_path / "需求.csv", rows), "--obligation", "HBB-REQ-DELIVER")
    assert sorted(x["event_ids"][0] for x in doc["findings"]) == ["Q1", "Q2"]
    assert "第6行为合计行" in notices(doc)["footer_rows"]["message"]
    bad = excel_csv(tmp_path / "缺编号.csv", "编号,收函时间,完成时间\nQ1,2026/9/30 10:00,2026/10/12 09:00\n"
                                            ",2026/9/30 10:00,2026/10/12 09:00\n")
    r = run("check", HBB, bad, "--as-of", "2026-12-31")
    assert r.exit_code == 2, r.output
    assert "缺编号.csv:3" in r.stderr and "id" in r.stderr, r.stderr


def test_nothing_to_check_is_exit_2(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    header_only = tmp_path / "h.csv"
    header_only.write_text("id,kind,received_at\n", encoding="utf-8")
    xls = tmp_path / "xls"
    xls.mkdir()
    (xls / "故障.xls").write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    for target, said in ((empty, "nothing to check"), (header_only, "nothing to check"), (xls, "save it as .xlsx")):
        r = run("check", HBB, str(target), "--as-of", "2026-12-31")
        assert r.exit_code == 2, (target, r.output)
        assert said in r.stderr, r.stderr


def test_absence_needs_an_export(tmp_path):
    """Faults exported alone say nothing about monthly reports: unknown, not five fails — until
    the run declares the report export complete."""
    f = excel_csv(tmp_path / "faults.csv", FAULTS_CN)
    r, doc = check_json(f, "--obligation", "HBB-REPORT-MONTHLY")
    assert r.exit_code == 0, r.stderr
    assert {x["status"] for x in doc["findings"]} == {"unknown"}
    assert "输入中没有报告类记录（未提供该类导出）" in doc["findings"][0]["message"]
    assert "请以 --exported report 声明" in doc["findings"][0]["message"]  # the option as typed
    assert "report" in notices(doc)["kinds_absent"]["items"]
    r, doc = check_json(f, "--obligation", "HBB-REPORT-MONTHLY", "--exported", "report")
    assert r.exit_code == 1
    # July .. November reports are due by the 5th of the next month, all passed by 12-31
    assert [x["period"] for x in doc["findings"] if x["status"] == "fail"] == ["2026-07", "2026-08", "2026-09",
                                                                              "2026-10", "2026-11"]


def test_the_same_row_in_two_overlapping_exports_is_one_record(tmp_path):
    row = '{"id": "R1", "kind": "request", "received_at": "2026-09-30 10:00", "completed_at": "2026-10-09 10:00"}\n'
    (tmp_path / "a.jsonl").write_text(row, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(row, encoding="utf-8")
    r, doc = check_json(str(tmp_path), "--obligation", "HBB-REQ-DELIVER", "--include-pass")
    assert len(doc["findings"]) == 1
    assert notices(doc)["duplicates_merged"]["count"] == 1
    (tmp_path / "b.jsonl").write_text(row.replace("10-09 10:00", "10-09 11:00"), encoding="utf-8")
    r = run("check", HBB, str(tmp_path), "--as-of", "2026-12-31")
    assert r.exit_code == 2 and "b.jsonl:1: id" in r.stderr


def test_a_mapping_names_the_kind_sheet_columns_and_values(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.active.append(["运维月报附件"])
    ws = wb.create_sheet("故障清单")
    ws.append(["单号", "报障时间", "首次响应", "故障归因"])
    ws.append(["T-9", "2026/11/02 09:00", "2026/11/02 09:30", "厂商原因"])
    path = tmp_path / "运维工单_202611.xlsx"
    wb.save(path)
    m = tmp_path / "map.yaml"
    m.write_text("sources:\n  - files: \"运维工单_*.xlsx\"\n    kind: fault\n    sheet: 故障清单\n"
                 "    columns: {单号: id, 报障时间: detected_at, 首次响应: responded_at, 故障归因: cause}\n"
                 "    values:\n      cause: {厂商原因: vendor}\n", encoding="utf-8")
    ev = run_check(HBB, [path], Options(as_of="2026-12-31", mapping=m, obligations=["HBB-FAULT-RESPOND"]))
    [f] = ev.findings()
    assert (f.event_ids, f.status, f.facts["late_minutes"]) == (["T-9"], "fail", 20)
    assert f.facts["evidence"] == [f"{path}:row 2"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - files: x\n    kind: fualt\n", encoding="utf-8")
    r = run("check", HBB, str(path), "--as-of", "2026-12-31", "--map", str(bad))
    assert r.exit_code == 2 and "bad.yaml:3: sources[0].kind: one of: attendance," in r.stderr and "fault" in r.stderr


def test_a_date_time_in_a_date_field_gives_its_date_and_says_so(tmp_path):
    f = excel_csv(tmp_path / "考勤.csv", "编号,日期,人员\nA1,2026/10/10 08:55,张伟\n")
    r, doc = check_json(f, "--obligation", "HBB-RESIDENT", "--from", "2026-10-10", "--to", "2026-10-10", "--include-pass")
    [day] = doc["findings"]
    assert (day["period"], day["status"]) == ("2026-10-10", "pass")
    assert "1个attendance.date单元格是日期时间" in notices(doc)["dates_from_times"]["message"]


def test_a_json_export_reads_like_a_table_cell_for_cell(tmp_path):
    """JSON objects are read as table rows are: cells stripped, empty ones missing, Chinese
    value labels taken (出勤), a date written with its time taken as its date and said, another
    contract's record counted and left out, the same record twice merged."""
    f = tmp_path / "考勤.jsonl"
    rows = [{"id": " A1 ", "kind": "attendance", "date": "2026-10-10 08:55", "person": "张伟", "status": "出勤"},
            {"id": "A2", "kind": "attendance", "date": "2026-10-12", "person": "张伟", "status": " ", "note": ""},
            {"id": "A3", "kind": "attendance", "contract": "另一合同", "date": "2026-10-13", "person": "张伟"},
            {"id": "A2", "kind": "attendance", "date": "2026-10-12", "person": "张伟"}]
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    r, doc = check_json(str(f), "--obligation", "HBB-RESIDENT", "--from", "2026-10-10", "--to", "2026-10-12", "--include-pass")
    days = {d["period"]: d for d in doc["findings"]}
    assert days["2026-10-10"]["status"] == "pass" and days["2026-10-10"]["facts"]["evidence"] == [f"{f}:1"]
    assert days["2026-10-12"]["status"] == "pass"
    n = notices(doc)
    assert "1个attendance.date单元格是日期时间" in n["dates_from_times"]["message"]
    assert n["other_contract"]["count"] == 1 and n["duplicates_merged"]["count"] == 1
    assert n["records_read"]["count"] == 2


def test_one_systematic_error_in_many_rows_is_one_line(tmp_path):
    """20,000 fault rows with a month-first date: one line naming the count and the first rows."""
    rows = "".join(f"F{i},fault,9/30/2026 10:00\n" for i in range(20000))
    f = tmp_path / "faults.csv"
    f.write_text("id,kind,detected_at\n" + rows, encoding="utf-8")
    r = run("check", HBB, str(f), "--as-of", "2026-12-31")
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2 and "20000 rows" in lines[1] and "first at lines 2, 3, 4" in lines[1]
    assert "ambiguous" in lines[1]
