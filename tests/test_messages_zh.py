"""Messages and explanations are read by a government official: Chinese throughout. A record
field is named by its column label (the header of the export), an allowed value by its Chinese
label (labels.py), never by the names code reads (which stay in facts and JSON); and the words
say what the records show (a month with attendance is not one without, a deadline met at its
cutoff instant is not late by some seconds)."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, RULESETS, sample_spec

from compliance.check import Options, evaluate, run_check
from compliance.events import parse_record
from compliance.findings import value_text
from compliance.rulesets import load_ruleset


def findings(ruleset: str, records: list[dict], as_of: str, obligation: str, **opts):
    rs = load_ruleset(RULESETS / ruleset)
    ev = [parse_record(r, rs.tz) for r in records]
    return evaluate(rs, ev, Options(as_of=as_of, obligations=[obligation], **opts)).findings(include_pass=True)


# ------------------------------------------------------------------ field names


def test_a_stage_implied_by_a_later_one_is_named_in_chinese():
    """鹤壁备份 四(四)3: 10 分钟内响应，1 个小时到达现场. A fault detected 10:00 with no on-site time
    and resolved 14:00 was attended by 14:00, later than 11:00: unknown, and the message names
    到场时间 and 解决时间 (the fault export's headers), not onsite_at and resolved_at."""
    [f] = findings("hebi-backup", [{"id": "F-IMP2", "kind": "fault", "detected_at": "2026-08-10 10:00",
                                    "responded_at": "2026-08-10 10:05", "resolved_at": "2026-08-10 14:00"}],
                   "2026-08-31", "HBB-FAULT-ONSITE")
    assert f.status == "unknown"
    assert f.message == ("故障 F-IMP2：发现故障后1小时内到达现场，无法判断是否按期：未记录到场时间；解决时间已记录"
                         "（2026-08-10 14:00，晚于期限），说明该环节已发生，但无法判断是否在期限内。")
    assert f.actual == "未记录（解决时间 2026-08-10 14:00）"
    assert f.facts["implied_from"] == "resolved_at"  # the facts keep the field's name


def test_a_response_implied_in_time_by_the_arrival_is_named_in_chinese():
    """No response recorded, on site at 10:08, 8 minutes after detection: responded by then, within
    the 10 minutes."""
    [f] = findings("hebi-backup", [{"id": "F-IMP3", "kind": "fault", "detected_at": "2026-08-10 10:00",
                                    "onsite_at": "2026-08-10 10:08"}], "2026-08-31", "HBB-FAULT-RESPOND")
    assert f.status == "pass"
    assert f.actual == ("未记录响应时间；到场时间为2026-08-10 10:08，已在期限内，响应时间必不晚于此时"
                        "（由后续环节推定按期）")


def test_a_payment_not_yet_invoiced_names_the_invoice_time_in_chinese():
    """鹤壁京东 三.2: 乙方出具……发票后，120个工作日内进行支付. Without an invoice the term has not
    begun: its due text names 开票时间, not invoice_at."""
    [f] = findings("hebi-jd", [{"id": "P9", "kind": "payment", "amount": "100000.00", "period": "2026-H2"}],
                   "2026-12-01", "JD-PAY-120WD")
    assert f.status == "pending"
    assert f.due == "开票时间后120个工作日内（起算日不计入，期满日24:00截止）（开票时间未记录，期限尚未起算）"
    assert f.explanation[0] == "开票时间未记录，期限尚未起算"
    # the message gives that term as the term, not as a day to pay "before" (应于开票时间后…前付款)
    assert f.message == ("付款 P9（发票金额100,000.00元）：尚未付款，尚未到期（付款期限：开票时间后120个工作日内"
                         "（起算日不计入，期满日24:00截止）（开票时间未记录，期限尚未起算））。")


def test_a_fault_without_its_recovery_names_both_fields_in_chinese():
    """漯河 2.2.4: whether a fault had a 重大影响 (4 hours and more) needs its recovery time: the
    recorded down time, else resolution − detection. Neither recorded: unknown, naming the two
    columns as the fault export heads them."""
    [f] = findings("luohe", [{"id": "GZ-1", "kind": "fault", "detected_at": "2025-11-18 15:30", "cause": "vendor"}],
                   "2025-12-31", "LH-FAULT-MAJOR")
    assert f.status == "unknown"
    assert f.message == "故障 GZ-1（2025-11-18 15:30发现）无法判断是否造成重大影响：未记录恢复时间（解决时间与停机时长（分钟）均为空）。"


def test_a_payment_period_is_named_in_chinese_in_the_explanation():
    """焦作/鹤壁京东 scheduled payments: the explanation's first step names 付款期间."""
    [f] = findings("hebi-jd", [{"id": "F10", "kind": "payment", "invoice_at": "2026-08-03", "amount": "3811863.62",
                                "period": "2025-10/2026-06", "paid_at": "2026-11-20 10:00"}],
                   "2026-12-31", "JD-PAY-OVERDUE-FEES")
    assert f.explanation[0].startswith("付款期间 2025-10/2026-06（")


def test_a_record_lacking_the_field_an_obligation_applies_by_names_it_in_chinese():
    """鹤壁京东: the resident's replacement needs a week's notice (where role: resident). A change
    whose role is not recorded might be one: unknown, naming 岗位 (the staff-change export's
    header), not role."""
    [f] = findings("hebi-jd", [{"id": "SC1", "kind": "staff_change", "person_out": "王伟", "person_in": "李明",
                                "effective_at": "2026-09-10", "notified_at": "2026-09-01 10:00"}],
                   "2026-09-30", "JD-RESIDENT-CHANGE-NOTICE")
    assert f.status == "unknown"
    assert f.message == "驻场人员更换 SC1：无法判断是否提前一周告知甲方：未记录岗位，无法判断是否适用本条。"
    assert f.explanation[0] == "本条只适用于岗位符合条件的记录，该记录未记录岗位"


_CODE_WORD = re.compile(r"(?<![A-Za-z0-9-])[a-z][a-z_]{2,}")  # onsite_at, fire, period … (not CPU, not DRL-2023)


@pytest.mark.parametrize("sample", sorted(p.name.removesuffix(".expected.json")
                                          for p in (ROOT / "samples").glob("*.expected.json")))
def test_no_code_name_in_what_the_samples_findings_say(sample):
    """Every message, explanation, due and actual of every sample finding (passes too) is free of
    field names and values as code spells them; a line citing a command-line option (--param,
    --exported) names its path as the user types it."""
    spec = sample_spec(ROOT / "samples" / f"{sample}.expected.json")
    ev = run_check(spec["ruleset"], [spec["records"]], Options(as_of=spec["as_of"], mapping=spec["map"]))
    found = set()
    for x in ev.findings(include_pass=True):
        for text in (x.message, *x.explanation, x.due or "", x.actual or ""):
            if "--" not in text:
                found |= {(x.obligation, w) for w in _CODE_WORD.findall(text)}
    assert not found


# ------------------------------------------------------------------ values


def test_a_drills_type_is_its_chinese_name_in_the_message():
    """安阳 附件2: a fire drill (drill_type fire) without photos. The message says 消防演练, as the
    letter does; the facts keep fire."""
    [f] = findings("anyang", [{"id": "DRL-1", "kind": "drill", "drill_type": "fire", "held_on": "2023-11-09",
                               "evidence": "plan;record"}], "2023-12-31", "AY-DRILL-EVIDENCE")
    assert f.status == "fail"
    assert f.message == "演练 DRL-1（消防演练，2023-11-09）资料不全，缺少照片。"
    assert f.facts["drill_type"] == "fire"


def test_a_list_of_values_shows_each_label():
    assert value_text("drill", "evidence", ["plan", "photos"]) == "演练方案、照片"
    assert value_text("drill", "drill_type", "not_a_type") == "not_a_type"  # no label: as it is
    assert value_text("drill", "evidence", []) is None


# ------------------------------------------------------------------ attendance


def test_a_month_with_attendance_but_for_some_days_is_not_one_without():
    """安阳 4.5 (a resident on site each working day). Attendance from Mon 2024-06-03 to Thu
    06-27 (端午 Mon 06-10 off), as-of 06-30: Fri 06-28 is the one working day of June it does not
    cover — June has attendance, so "部分工作日无考勤数据". May (from 05-06 after 劳动节, with the
    补班 Sat 05-11: 21 working days) has none at all: "无考勤数据"."""
    days = [f"2024-06-{d:02d}" for d in (3, 4, 5, 6, 7, 11, 12, 13, 14, 17, 18, 19, 20, 21, 24, 25, 26, 27)]
    recs = [{"id": f"A-{d}", "kind": "attendance", "date": d, "person": "王伟", "status": "present"} for d in days]
    got = findings("anyang", recs, "2024-06-30", "AY-RESIDENT", window_from="2024-05-01")
    unknown = {f.period: f.message for f in got if f.status == "unknown"}
    assert unknown == {
        "2024-05": "2024-05无考勤数据，无法判断驻场情况：考勤数据未覆盖该月21个工作日（2024-05-06至2024-05-31）。",
        "2024-06": "2024-06部分工作日无考勤数据，无法判断驻场情况：考勤数据未覆盖该月1个工作日（2024-06-28）。",
    }
    assert sum(f.status == "pass" for f in got) == len(days)


# ------------------------------------------------------------------ a deadline's cutoff


def test_done_at_the_cutoff_instant_of_a_day_period_says_so():
    """鹤壁备份: a request received Mon 2026-11-02 is due in 3 working days (11-03, 04, 05): by
    Thu 11-05 24:00. Completed at 11-06 00:00 — that instant itself — it is late (a day period
    ends before 24:00), by nothing: not "超出期限不足1分钟"."""
    [f] = findings("hebi-backup", [{"id": "R-CUT", "kind": "request", "received_at": "2026-11-02 15:00",
                                    "completed_at": "2026-11-06 00:00"}], "2026-11-30", "HBB-REQ-DELIVER")
    assert f.status == "fail" and f.due == "2026-11-05 24:00"
    assert f.message == ("需求函 R-CUT：收到甲方正式通知后3个工作日内完成备份资源交付，期限2026-11-05 24:00，实际2026-11-06 00:00，"
                         "恰于截止时刻（期满日24:00）完成，未在期限内。")
    [late] = findings("hebi-backup", [{"id": "R-S", "kind": "request", "received_at": "2026-11-02 15:00",
                                       "completed_at": "2026-11-06 00:00:30"}], "2026-11-30", "HBB-REQ-DELIVER")
    assert "超出期限不足1分钟" in late.message


# ------------------------------------------------------------------ the two readings


def test_each_reading_is_named_once_and_as_the_message_names_it():
    """鹤壁京东 四(三)5 提前5个工作日: maintenance Thu 2026-10-08, the 5th working day before it Wed
    09-23 (10-01..07 国庆, 09-25..27 中秋: calendar.md) — reading 乙 09-23, reading 甲 the day before,
    09-22. The explanation names each reading as 读法（甲）/读法（乙）, as the message and the weekly
    report do, once: not （甲）解读(a)."""
    [f] = findings("hebi-jd", [{"id": "M2", "kind": "maintenance", "planned_start": "2026-10-08 22:00",
                                "notified_at": "2026-09-23 10:00"}], "2026-10-31", "JD-NOTICE-5WD")
    assert f.status == "ambiguous"
    assert "读法（甲）：通知日与事件日之间须有5个完整工作日，最迟通知日为其前一日 2026-09-22（周二）" in f.explanation
    assert "读法（乙）：通知日本身可作为第5个工作日，最迟通知日 2026-09-23（周三）" in f.explanation
    assert not any("解读" in s or "（甲）读法" in s or "（乙）读法" in s for s in f.explanation), f.explanation


def test_an_availability_in_no_band_names_its_year_and_its_outage():
    """附件2 系统可用性: >99.98% 7-8分, >99.86% 3-6分, <99.86% 0-3分. 735.84 minutes of outage in the
    contract year 2026-07-01 .. 2027-06-30 (525,600 minutes) is exactly 99.86 %: in no band, to rule
    on — the message says which year and how much outage (12 h 15 min 50.4 s, to the minute 12小时16分钟),
    as the other availability messages do; it began with a bare colon."""
    [f] = findings("hebi-backup", [{"id": "O3", "kind": "outage", "start": "2026-08-10 00:00:00",
                                    "end": "2026-08-10 12:15:50.400"}], "2026-12-31", "HBB-AVAILABILITY")
    assert f.status == "ambiguous"
    assert f.message.startswith("2026-07-01/2027-06-30：累计中断12小时16分钟，全年可用性至多99.86%，恰为99.86%")
