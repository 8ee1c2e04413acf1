#!/usr/bin/env python3
"""Generate the sample records for the 鹤壁市京东政务云服务 contract (ruleset ``hebi-jd``).

    .venv/bin/python scripts/make_samples_hebi_jd.py

writes

    samples/hebi-jd/attendance_2026H2.csv    GB18030, CRLF (甲方's door system, kept in Excel)
    samples/hebi-jd/resource_requests.xlsx   甲方's register of formal resource notices, datetime cells
    samples/hebi-jd/maintenance.csv          UTF-8 with BOM (乙方's change register)
    samples/hebi-jd/reports.csv              UTF-8 (甲方's document register)
    samples/hebi-jd/staff_changes.xlsx       乙方's personnel-change register (one date-only cell)
    samples/hebi-jd/payments.csv             GB18030, CRLF (乙方's receivables ledger)
    samples/hebi-jd/other.jsonl              UTF-8: audits and force majeure
    samples/hebi-jd.expected.json            the findings the checker must produce

covering 2026-07-01 (the contract start) .. 2026-12-31, to be checked with ``--as-of 2026-12-31``.

Deterministic: a fixed random seed, no clock reads; the XLSX files get fixed workbook
properties and fixed zip entry timestamps, so two runs give byte-identical files. Every
planted item is listed in PLANTED below and in samples/hebi-jd/README.md; the generator
asserts the counting of each planted item against its own copy of the calendar.

The working-day calendar is hard-coded here from 国务院办公厅关于2026年部分节假日安排的通知
(only the second half of 2026 is needed): 中秋 09-25..27, 国庆 10-01..07 off; 补班 Sun 09-20 and
Sat 10-10. 2027 has no notice yet, so nothing here may need a 2027 working day.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from samplekit import D, T, write_csv, write_json, write_jsonl, write_xlsx  # noqa: E402
from samplekit import days as _days, iso as _iso  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "samples" / "hebi-jd"
EXPECTED = ROOT / "samples" / "hebi-jd.expected.json"  # {ruleset, records, as_of, calendar_dirs, findings}

CONTRACT = "hebi-jd"
SEED = 20260630
START = dt.date(2026, 7, 1)
END = dt.date(2026, 12, 31)  # the as-of date of the sample check
CONTRACT_YEAR = "2026-07-01/2027-06-30"

# Fixed timestamps for file metadata (never the clock).
XLSX_TIME = dt.datetime(2026, 12, 31, 18, 0, 0)

# --- calendar (2026 H2 only) -------------------------------------------------------

HOLIDAYS = set(_days(dt.date(2026, 9, 25), dt.date(2026, 9, 27))) | set(
    _days(dt.date(2026, 10, 1), dt.date(2026, 10, 7))
)
MAKEUP_WORKDAYS = {dt.date(2026, 9, 20), dt.date(2026, 10, 10)}  # 补班


def is_workday(d: dt.date) -> bool:
    if d.year != 2026 or d.month < 6:
        raise ValueError(f"no calendar here for {d}")
    return d in MAKEUP_WORKDAYS or (d.weekday() < 5 and d not in HOLIDAYS)


WORKDAYS = [d for d in _days(START, END) if is_workday(d)]


def add_workdays(d: dt.date, n: int) -> dt.date:
    """The n-th working day after d (d not counted; 民法典 art. 201)."""
    while n:
        d += dt.timedelta(days=1)
        if is_workday(d):
            n -= 1
    return d


def workdays_before(d: dt.date, n: int) -> dt.date:
    """The n-th working day before d (d not counted)."""
    while n:
        d -= dt.timedelta(days=1)
        if is_workday(d):
            n -= 1
    return d


def due_10th(year: int, month: int) -> dt.date:
    """The 10th of the month, rolled to the next working day if it is a rest day."""
    d = dt.date(year, month, 10)
    while not is_workday(d):
        d += dt.timedelta(days=1)
    return d


# --- attendance -----------------------------------------------------------------------

# The primary resident engineer (SC-2026-001 changes him on 09-01) and the second seat
# (SC-2026-003 on 11-16, SC-2026-005 on 12-14).
def primary(d: dt.date) -> str:
    return "王磊" if d < dt.date(2026, 9, 1) else "陈晨"


def second(d: dt.date) -> str:
    if d < dt.date(2026, 11, 16) or d >= dt.date(2026, 12, 14):
        return "刘洋"
    return "孙悦"


# Working days with nobody on site (planted JD-RESIDENT failures).
NOBODY = {dt.date(2026, 9, 20)}  # the 补班 Sunday: no record at all
PRIMARY_ABSENT_UNCOVERED = {dt.date(2026, 12, 7): "病假（未安排替班）"}
# primary absent, the second seat covers (PASS trap)
PRIMARY_ABSENT_COVERED = {dt.date(2026, 10, 22): "事假（已报备），刘洋替班", dt.date(2026, 8, 6): "调休，刘洋替班"}
PRIMARY_LATE = {
    dt.date(2026, 7, 16): ("09:12", "迟到12分钟（暴雨，道路积水）"),
    dt.date(2026, 8, 24): ("09:07", "迟到7分钟"),
    dt.date(2026, 10, 12): ("09:20", "迟到20分钟（节后交通拥堵）"),
    dt.date(2026, 12, 16): ("09:15", "迟到15分钟（道路结冰）"),
}
PRIMARY_REMARKS = {
    dt.date(2026, 7, 1): "新合同首日驻场",
    dt.date(2026, 9, 1): "陈晨接替王磊驻场（交接）",
    dt.date(2026, 10, 10): "补班（国庆调休）",
    dt.date(2026, 11, 6): "配合等保测评现场",
    dt.date(2026, 12, 31): "年末巡检",
}
SECOND_REMARKS = ["", "", "", "", "机房巡检", "配合资源交付", "配合系统迁移", "云主机巡检", "协助安全扫描"]
# 值守 on a holiday (not a working day: harmless)
HOLIDAY_DUTY = {dt.date(2026, 10, 3): ("刘洋", "国庆值守（机房巡检）")}


def attendance(rng: random.Random) -> list[list]:
    rows = []
    days = sorted(set(WORKDAYS) | set(HOLIDAY_DUTY))
    for d in days:
        ymd = d.strftime("%Y%m%d")
        if d in HOLIDAY_DUTY:
            who, remark = HOLIDAY_DUTY[d]
            rows.append([f"KQ-{ymd}-02", "attendance", CONTRACT, d, who, "present", "09:30", "11:30", remark])
            continue
        if d in NOBODY:
            continue
        p = primary(d)
        if d in PRIMARY_ABSENT_UNCOVERED:
            rows.append([f"KQ-{ymd}-01", "attendance", CONTRACT, d, p, "absent", "", "", PRIMARY_ABSENT_UNCOVERED[d]])
            continue
        if d in PRIMARY_ABSENT_COVERED:
            rows.append([f"KQ-{ymd}-01", "attendance", CONTRACT, d, p, "absent", "", "", PRIMARY_ABSENT_COVERED[d]])
            rows.append([f"KQ-{ymd}-02", "attendance", CONTRACT, d, second(d), "present", "08:52", "17:41", "替班驻场"])
            continue
        if d in PRIMARY_LATE:
            t_in, remark = PRIMARY_LATE[d]
            rows.append([f"KQ-{ymd}-01", "attendance", CONTRACT, d, p, "late", t_in, "17:35", remark])
        else:
            t_in = f"08:{rng.randint(31, 59):02d}"
            t_out = f"{rng.choice([17, 17, 18])}:{rng.randint(30, 59):02d}"
            rows.append([f"KQ-{ymd}-01", "attendance", CONTRACT, d, p, "present", t_in, t_out, PRIMARY_REMARKS.get(d, "")])
        # the second seat on roughly 55 % of the working days (deterministic draw)
        x = rng.random()
        if x < 0.55:
            late = x < 0.015
            t_in = f"09:{rng.randint(5, 25):02d}" if late else f"08:{rng.randint(35, 59):02d}"
            remark = "迟到" if late else rng.choice(SECOND_REMARKS)
            rows.append([f"KQ-{ymd}-02", "attendance", CONTRACT, d, second(d), "late" if late else "present",
                         t_in, f"17:{rng.randint(30, 59):02d}", remark])
    return rows


# --- resource requests (四(二)2) ----------------------------------------------------------

UNITS = [
    "市公安局", "市人社局", "市医保局", "市不动产登记中心", "市住房公积金管理中心", "市教育局", "市卫健委",
    "市市场监管局", "市民政局", "市自然资源和规划局", "市住建局", "市交通运输局", "市城市管理局",
    "市应急管理局", "市生态环境局", "市财政局", "市统计局", "市政务服务中心", "市12345热线中心",
    "市审计局", "市农业农村局", "市文广旅局", "淇滨区政府办", "山城区政府办", "鹤山区政府办", "浚县政府办", "淇县政府办",
]
SYSTEMS = [
    "业务审批系统", "数据共享交换平台", "门户网站", "视频会议系统", "电子证照库", "档案管理系统", "OA办公系统",
    "监管执法平台", "数据中台", "信用信息平台", "网上办事大厅", "公众服务小程序后台", "统计分析平台",
]


def resource_text(rng: random.Random) -> tuple[str, str]:
    action = rng.choice(["新增", "新增", "新增", "扩容", "扩容", "释放", "迁移"])
    c = rng.choice([2, 4, 8, 8, 16, 32])
    m = c * rng.choice([2, 4])
    n = rng.choice([1, 1, 2, 2, 3, 4])
    item = rng.choice([
        f"云主机 {c}核{m}G ×{n}",
        f"云主机 {c}核{m}G ×{n}，云硬盘 {rng.choice([200, 500, 1000])}G ×{n}",
        f"云硬盘 {rng.choice([500, 1000, 2000])}G",
        f"对象存储 {rng.choice([1, 2, 5, 10])}TB",
        "GPU云主机（T4）×1",
        "高性能物理机 ×1",
        f"MySQL数据库技术支持（{rng.choice(['主备', '单机'])}）",
        "麒麟V10操作系统技术支持",
        f"整机柜 ×{rng.choice([1, 2])}",
    ])
    return action, item


# Planted requests: (id, received_at, completed_at or None, unit, system, action, item, 备注)
PLANTED_REQUESTS = {
    dt.date(2026, 9, 18): [
        ("ZYSQ-202609-018A", "2026-09-18 09:20", "2026-09-22 18:10", "市民政局", "婚姻登记系统", "新增", "云主机 8核16G ×2",
         "9月20日周日补班计入"),
        ("ZYSQ-202609-018B", "2026-09-18 15:10", "2026-09-23 11:00", "市市场监管局", "监管执法平台", "扩容", "云硬盘 2000G",
         "乙方按9月23日到期安排，逾期"),
    ],
    dt.date(2026, 9, 24): [
        ("ZYSQ-202609-024A", "2026-09-24 10:00", "2026-09-30 17:00", "市教育局", "招生报名系统", "扩容", "云主机 16核32G ×4",
         "中秋假期后第3个工作日交付"),
    ],
    dt.date(2026, 9, 30): [
        ("ZYSQ-202609-030A", "2026-09-30 09:30", "2026-10-10 17:30", "市公安局", "数据共享交换平台", "新增", "对象存储 10TB",
         "10月10日补班完成交付"),
        ("ZYSQ-202609-030B", "2026-09-30 16:40", "2026-10-12 10:20", "市人社局", "社保经办系统", "迁移", "云主机 32核128G ×2",
         "乙方按10月12日安排，逾期"),
    ],
    dt.date(2026, 12, 30): [
        ("ZYSQ-202612-030A", "2026-12-30 14:00", None, "市财政局", "预算一体化系统", "新增", "云主机 16核64G ×2，云硬盘 1000G ×2",
         "截至年末尚未交付"),
    ],
}
NO_RANDOM_REQUESTS = set(PLANTED_REQUESTS) | {
    # 12-29: three working days after it end in 2027, whose notice is not loaded; the checker
    # reports such a request as an error instead of pending (see the README), so none is dated 12-29.
    dt.date(2026, 12, 29),
    dt.date(2026, 12, 30),
    dt.date(2026, 12, 31),
}


def requests(rng: random.Random) -> list[list]:
    rows = []
    seq: dict[str, int] = {}
    for d in WORKDAYS:
        planted = PLANTED_REQUESTS.get(d, [])
        for rid, rec, done, unit, system, action, item, note in planted:
            rows.append([rid, "request", CONTRACT, T(rec), T(done) if done else None, unit, f"{unit}{system}" if not system.startswith(unit) else system,
                         action, item, note])
        if d in NO_RANDOM_REQUESTS:
            continue
        n = rng.choice([0, 1, 1, 1, 1, 2])
        for _ in range(n):
            ym = d.strftime("%Y%m")
            seq[ym] = seq.get(ym, 0) + 1
            rid = f"ZYSQ-{ym}-{seq[ym]:03d}"
            unit = rng.choice(UNITS)
            system = unit + rng.choice(SYSTEMS)
            action, item = resource_text(rng)
            rec = dt.datetime.combine(d, dt.time(rng.randint(8, 17), rng.choice([0, 10, 15, 20, 30, 40, 45, 50])))
            k = rng.choice([0, 0, 1, 1, 1, 1, 2, 2, 3])
            while add_workdays(d, k) > dt.date(2026, 12, 28) and k:  # nothing completes after 12-28
                k -= 1
            if k == 0:
                done = rec + dt.timedelta(minutes=rng.randint(90, 300))
                if done.date() != d:
                    done = dt.datetime.combine(d, dt.time(21, 30))
            else:
                day = add_workdays(d, k)
                done = dt.datetime.combine(day, dt.time(rng.randint(9, 19), rng.choice([0, 5, 20, 35, 50])))
            assert done.date() <= add_workdays(d, 3)
            note = "" if k < 3 else "第3个工作日交付"
            rows.append([rid, "request", CONTRACT, rec, done, unit, system, action, item, note])
    return rows


# --- maintenance (四(三)5) -----------------------------------------------------------------

# id, planned_start, planned_end, notified_at (None = no notice), category, affects_service, 工作内容, 影响范围
MAINTENANCE = [
    ("BG-2026-001", "2026-07-11 00:00", "2026-07-11 04:00", "2026-06-30 15:30", "maintenance", True, "计算资源池宿主机固件升级（第一批）", "部分云主机热迁移，可能短暂卡顿"),
    ("BG-2026-002", "2026-07-18 01:00", "2026-07-18 03:00", None, "maintenance", False, "监控探针例行巡检", "不影响业务"),
    ("BG-2026-003", "2026-07-25 22:00", "2026-07-26 04:00", "2026-07-13 10:00", "maintenance", True, "政务外网核心交换机割接", "政务外网区访问中断约10分钟"),
    ("BG-2026-004", "2026-08-08 00:00", "2026-08-08 04:00", "2026-07-27 14:20", "upgrade", True, "云管平台版本升级（V3.6）", "升级期间控制台不可用"),
    ("BG-2026-005", "2026-08-15 01:00", "2026-08-15 03:00", None, "maintenance", False, "UPS电池巡检", "不影响业务"),
    ("BG-2026-006", "2026-08-22 00:00", "2026-08-22 05:00", "2026-08-10 09:40", "maintenance", True, "分布式存储集群扩容", "块存储IO可能抖动"),
    ("BG-2026-007", "2026-09-05 22:00", "2026-09-06 02:00", "2026-08-24 16:00", "maintenance", True, "专网区防火墙策略迁移", "专网区访问中断约5分钟"),
    ("BG-2026-008", "2026-09-12 00:00", "2026-09-12 04:00", "2026-08-31 11:00", "upgrade", True, "计算资源池宿主机固件升级（第二批）", "部分云主机热迁移"),
    ("BG-2026-009", "2026-09-22 21:00", "2026-09-22 23:30", "2026-09-15 10:00", "maintenance", True, "数据库服务节点补丁更新", "MySQL主备切换，闪断约30秒"),
    ("BG-2026-010", "2026-10-08 22:00", "2026-10-09 02:00", "2026-09-23 15:00", "maintenance", True, "国庆后对象存储网关替换", "对象存储写入暂停约20分钟"),
    ("BG-2026-011", "2026-10-12 20:00", "2026-10-12 23:00", "2026-09-28 16:00", "upgrade", True, "负载均衡集群版本升级", "负载均衡切换，连接重建"),
    ("BG-2026-012", "2026-10-17 01:00", "2026-10-17 03:00", None, "maintenance", False, "机房空调例行保养", "不影响业务"),
    ("BG-2026-013", "2026-10-24 00:00", "2026-10-24 04:00", "2026-10-13 10:30", "maintenance", True, "安全资源池IPS特征库及引擎升级", "IPS旁路约15分钟"),
    ("BG-2026-014", "2026-10-31 22:00", "2026-11-01 03:00", "2026-10-19 09:30", "maintenance", True, "云主机镜像仓库迁移", "新建云主机暂停"),
    ("BG-2026-015", "2026-11-07 00:00", "2026-11-07 04:00", "2026-10-26 15:00", "upgrade", True, "云管平台安全补丁", "控制台不可用"),
    ("BG-2026-016", "2026-11-14 01:00", "2026-11-14 03:00", None, "maintenance", False, "日志审计系统存储清理", "不影响业务"),
    ("BG-2026-017", "2026-11-21 01:00", "2026-11-21 05:00", "2026-11-17 10:00", "maintenance", True, "机柜PDU更换及设备搬迁（B区3排）", "B区部分物理机下电约2小时"),
    ("BG-2026-018", "2026-11-28 00:00", "2026-11-28 04:00", "2026-11-16 14:00", "maintenance", True, "政务外网出口链路割接", "外网访问中断约10分钟"),
    ("BG-2026-019", "2026-12-05 00:30", "2026-12-05 03:30", None, "upgrade", True, "GPU资源池驱动升级", "GPU云主机重启"),
    ("BG-2026-020", "2026-12-12 00:00", "2026-12-12 04:00", "2026-11-30 10:00", "maintenance", True, "分布式存储集群硬盘批量更换", "块存储IO可能抖动"),
    ("BG-2026-021", "2026-12-19 01:00", "2026-12-19 03:00", None, "maintenance", False, "年度消防系统检测", "不影响业务"),
    ("BG-2026-022", "2026-12-26 00:00", "2026-12-26 04:00", "2026-12-14 09:00", "upgrade", True, "云管平台年终版本升级（V3.7）", "升级期间控制台不可用"),
]
MAINT_PLANTED = {
    "BG-2026-009": "pass",       # Sun 09-20 补班 is one of the five: (a) 09-15 met
    "BG-2026-010": "ambiguous",  # (a) 09-22, (b) 09-23: notified 09-23
    "BG-2026-011": "pass",       # Sat 10-10 补班 is one of the five: (a) 09-28 met
    "BG-2026-017": "fail",       # (b) Mon 11-16: notified Tue 11-17
    "BG-2026-019": "fail",       # no notice
}


def check_maintenance() -> None:
    """The generator's own counting: every notice passes reading (a) unless planted otherwise."""
    for mid, start, _e, notified, _c, affects, _w, _i in MAINTENANCE:
        if not affects:
            continue
        ev = T(start).date()
        b = workdays_before(ev, 5)
        a = b - dt.timedelta(days=1)
        if notified is None:
            got = "fail"
        else:
            n = T(notified).date()
            got = "pass" if n <= a else "ambiguous" if n <= b else "fail"
        assert got == MAINT_PLANTED.get(mid, "pass"), (mid, got, a, b)


# --- reports (三.1(1), 四(一)3) --------------------------------------------------------------

# id, report_type, period, submitted_at (datetime text, date text), 标题
REPORTS = [
    ("JFQR-202607", "monthly_usage", "2026-07", "2026-08-07 15:30", "2026年7月政务云资源使用量交付确认报告"),
    ("JFQR-202608", "monthly_usage", "2026-08", "2026-09-09 10:20", "2026年8月政务云资源使用量交付确认报告"),
    ("JFQR-202609", "monthly_usage", "2026-09", "2026-10-10 11:00", "2026年9月政务云资源使用量交付确认报告"),
    ("JFQR-202610", "monthly_usage", "2026-10", "2026-11-11 16:00", "2026年10月政务云资源使用量交付确认报告"),
    ("JFQR-202611", "monthly_usage", "2026-11", "2026-12-08 09:45", "2026年11月政务云资源使用量交付确认报告"),
    ("YXBG-202607", "monthly_ops", "2026-07", "2026-08-10 17:50", "2026年7月鹤壁政务云运行报告"),
    ("YXBG-202608", "monthly_ops", "2026-08", "2026-09-08 14:00", "2026年8月鹤壁政务云运行报告"),
    ("YXBG-202609", "monthly_ops", "2026-09", "2026-10-12 09:30", "2026年9月鹤壁政务云运行报告"),
    ("YXBG-202610", "monthly_ops", "2026-10", "2026-11-09 11:10", "2026年10月鹤壁政务云运行报告"),
    ("YXBG-202611", "monthly_ops", "2026-11", "2026-12-10", "2026年11月鹤壁政务云运行报告"),
]
REPORT_LATE = {"JFQR-202610", "YXBG-202609"}


def check_reports() -> None:
    for rid, _t, period, sub, _title in REPORTS:
        y, m = map(int, period.split("-"))
        due = due_10th(y + (m == 12), m % 12 + 1)
        day = D(sub[:10])
        assert (day > due) == (rid in REPORT_LATE), (rid, due, day)


# --- staff changes (四(三)2) -----------------------------------------------------------------

# id, role, effective_at, notified_at, approved_at (datetime, date or None), person_out, person_in, 原因
STAFF_CHANGES = [
    ("RYBG-2026-001", "resident", T("2026-09-01 08:30"), T("2026-08-25 16:30"), T("2026-08-27 15:00"), "王磊", "陈晨",
     "王磊调回郑州区域中心，陈晨接任驻场工程师"),
    ("RYBG-2026-002", "engineer", T("2026-10-19 09:00"), None, None, "马骏", "高翔", "二线存储工程师调整（非驻场）"),
    ("RYBG-2026-003", "resident", T("2026-11-16 08:30"), T("2026-11-10 09:30"), T("2026-11-17 10:00"), "刘洋", "孙悦",
     "刘洋赴北京总部参加认证培训"),
    ("RYBG-2026-004", "contact", T("2026-12-01 09:00"), T("2026-11-27 10:00"), None, "张博", "李想", "项目经理联系人变更"),
    ("RYBG-2026-005", "resident", T("2026-12-14 08:30"), T("2026-12-04 10:00"), D("2026-12-14"), "孙悦", "刘洋",
     "刘洋培训结束返岗；甲方OA仅记录审批日期"),
]

# --- payments (三.2, 八.2) ------------------------------------------------------------------

OVERDUE_PERIOD = "2025-10/2026-06"
# id, invoice_at, amount, paid_at, period, node_at, 发票号码, 款项说明
PAYMENTS = [
    ("SK-2026-001", D("2026-07-03"), "2964518.30", D("2026-11-30"), OVERDUE_PERIOD, D("2026-06-30"), "41002612345678901",
     "2025年10月-2026年6月超期使用费（政务云部分）"),
    ("SK-2026-002", D("2026-07-06"), "847345.32", None, OVERDUE_PERIOD, D("2026-06-30"), "41002612345678915",
     "2025年10月-2026年6月超期使用费（公安专有云部分）"),
]
assert sum(Decimal(p[2]) for p in PAYMENTS) == Decimal("3811863.62")  # 三.1(2): 共计3811863.62元


def check_payments() -> None:
    # 120 working days after the invoice day
    assert add_workdays(D("2026-06-30"), 120) == D("2026-12-21")  # calendar.md
    assert add_workdays(D("2026-07-03"), 120) == D("2026-12-24")
    assert add_workdays(D("2026-07-06"), 120) == D("2026-12-25")
    # 5 months after signing: the corresponding day 11-30 = 153 days, a working day
    assert D("2026-06-30") + dt.timedelta(days=153) == D("2026-11-30") and is_workday(D("2026-11-30"))


# --- other.jsonl ---------------------------------------------------------------------------


def other() -> list[dict]:
    c = {"contract": CONTRACT}
    return [
        {"id": "CP-2026-MLPS", "kind": "audit", **c, "audit_type": "mlps", "completed_on": "2026-11-06",
         "result": "pass", "level": 3, "valid_until": "2027-11-05",
         "agency": "河南省信息安全等级保护测评中心", "note": "鹤壁政务云平台等保2.0三级年度复测，已向市公安局网安支队备案"},
        {"id": "CP-2026-MP01", "kind": "audit", **c, "audit_type": "crypto", "completed_on": "2026-12-18",
         "result": "fail", "agency": "河南省商用密码应用安全性评估机构",
         "note": "密评复测：身份鉴别与重要数据存储机密性不符合项3项，整改中，预计2027年3月复测"},
        {"id": "BKK-2026-001", "kind": "force_majeure", **c, "occurred_at": _iso("2026-07-20 03:40"),
         "notified_at": _iso("2026-07-20 09:30"), "proof_at": _iso("2026-08-11 15:00"),
         "party": "乙方", "event": "特大暴雨致数据中心园区市电中断，柴油发电机持续供电",
         "proof": "鹤壁市气象局暴雨红色预警及降雨量证明（8月11日取得）"},
        {"id": "BKK-2026-002", "kind": "force_majeure", **c, "occurred_at": _iso("2026-09-30 14:00"),
         "notified_at": _iso("2026-10-08 09:00"), "proof_at": _iso("2026-10-27 16:00"),
         "party": "乙方", "event": "雷击致上级变电站供电线路跳闸",
         "proof": "国网鹤壁供电公司故障停电证明"},
    ]


def check_force_majeure() -> None:
    assert add_workdays(D("2026-07-20"), 15) == D("2026-08-10")  # proof 08-11: late
    assert add_workdays(D("2026-09-30"), 15) == D("2026-10-27")  # proof 10-27: the last day


# --- the expected findings (every fail / ambiguous / unknown / pending) ----------------------

PLANTED = [
    {"obligation": "JD-RESOURCE-3WD", "event_ids": ["ZYSQ-202609-018B"], "status": "fail", "due": "2026-09-22"},
    {"obligation": "JD-RESOURCE-3WD", "event_ids": ["ZYSQ-202609-030B"], "status": "fail", "due": "2026-10-10"},
    {"obligation": "JD-RESOURCE-3WD", "event_ids": ["ZYSQ-202612-030A"], "status": "pending", "due": None,
     "note": "last day in 2027 (not before 2027-01-02), certainly after as-of"},
    {"obligation": "JD-NOTICE-5WD", "event_ids": ["BG-2026-010"], "status": "ambiguous",
     "due": "2026-09-22", "due_reading_b": "2026-09-23"},
    {"obligation": "JD-NOTICE-5WD", "event_ids": ["BG-2026-017"], "status": "fail",
     "due": "2026-11-15", "due_reading_b": "2026-11-16"},
    {"obligation": "JD-NOTICE-5WD", "event_ids": ["BG-2026-019"], "status": "fail",
     "due": "2026-11-29", "due_reading_b": "2026-11-30"},
    {"obligation": "JD-RESIDENT", "event_ids": [], "status": "fail", "period": "2026-09-20", "due": "2026-09-20"},
    {"obligation": "JD-RESIDENT", "event_ids": [], "status": "fail", "period": "2026-12-07", "due": "2026-12-07"},
    {"obligation": "JD-RESIDENT-CHANGE-NOTICE", "event_ids": ["RYBG-2026-001"], "status": "ambiguous", "due": "2026-08-24",
     "due_reading_b": "2026-08-25"},
    {"obligation": "JD-RESIDENT-CHANGE-NOTICE", "event_ids": ["RYBG-2026-003"], "status": "fail", "due": "2026-11-08",
     "due_reading_b": "2026-11-09"},
    {"obligation": "JD-RESIDENT-CHANGE-APPROVAL", "event_ids": ["RYBG-2026-003"], "status": "fail",
     "due": "2026-11-16 08:30"},
    {"obligation": "JD-RESIDENT-CHANGE-APPROVAL", "event_ids": ["RYBG-2026-005"], "status": "unknown",
     "due": "2026-12-14 08:30", "note": "approved_at is a date only, on the day of the change"},
    {"obligation": "JD-USAGE-REPORT", "event_ids": ["JFQR-202610"], "status": "fail", "period": "2026-10",
     "due": "2026-11-10"},
    {"obligation": "JD-USAGE-REPORT", "event_ids": [], "status": "pending", "period": "2026-12",
     "due": None, "note": "2027-01-10 or later (2027 notice not loaded)"},
    {"obligation": "JD-OPS-REPORT", "event_ids": ["YXBG-202609"], "status": "fail", "period": "2026-09",
     "due": "2026-10-10"},
    {"obligation": "JD-OPS-REPORT", "event_ids": [], "status": "pending", "period": "2026-12",
     "due": None, "note": "2027-01-10 or later (2027 notice not loaded)"},
    {"obligation": "JD-PAY-OVERDUE-FEES", "event_ids": ["SK-2026-002"], "status": "fail", "severity": "critical",
     "due": "2026-11-30", "note": "unpaid, 31 days overdue: 乙方 may terminate; interest 13,133.85 yuan"},
    {"obligation": "JD-CRYPTO", "event_ids": [], "status": "pending", "period": CONTRACT_YEAR, "due": "2027-06-30"},
    {"obligation": "JD-CAC", "event_ids": [], "status": "pending", "period": CONTRACT_YEAR, "due": "2027-06-30"},
    {"obligation": "JD-FORCE-MAJEURE-PROOF", "event_ids": ["BKK-2026-001"], "status": "fail", "due": "2026-08-10"},
]


# --- main ----------------------------------------------------------------------------------


def main() -> None:
    check_maintenance()
    check_reports()
    check_payments()
    check_force_majeure()
    assert len(WORKDAYS) == 128
    rng = random.Random(SEED)
    OUT_DIR.mkdir(parents=True, exist_ok=True)

    write_csv(
        OUT_DIR / "attendance_2026H2.csv",
        ["id", "kind", "contract", "date", "person", "status", "签到时间", "签退时间", "备注"],
        attendance(rng),
        "gb18030",
    )

    ts_w = 17
    write_xlsx(
        OUT_DIR / "resource_requests.xlsx",
        [
            ("资源申请登记", ["id", "kind", "contract", "received_at", "completed_at", "申请单位", "系统名称", "申请类型",
                        "资源内容", "备注"],
             requests(rng),
             {"id": 18, "received_at": ts_w, "completed_at": ts_w, "申请单位": 20, "系统名称": 32, "资源内容": 40,
              "备注": 30}),
            ("导出说明", ["项目", "内容"],
             [["系统", "鹤壁市政务云管理平台 资源申请模块"],
              ["合同", "鹤壁市京东政务云服务项目"],
              ["导出范围", "2026-07-01 至 2026-12-31"],
              ["导出时间", XLSX_TIME],
              ["说明", "received_at 为甲方正式通知（资源申请单审批通过并下发）时间；completed_at 为资源分配交付系统用户时间"]],
             {"项目": 12, "内容": 70}),
        ],
        creator="鹤壁市行政审批和政务信息管理局 政务云管理平台", time=XLSX_TIME,
    )

    write_csv(
        OUT_DIR / "maintenance.csv",
        ["id", "kind", "contract", "planned_start", "planned_end", "notified_at", "category", "affects_service",
         "工作内容", "影响范围"],
        [[mid, "maintenance", CONTRACT, T(s), T(e), T(n) if n else None, cat, aff, what, impact]
         for mid, s, e, n, cat, aff, what, impact in MAINTENANCE],
        "utf-8-sig",
    )

    write_csv(
        OUT_DIR / "reports.csv",
        ["id", "kind", "report_type", "period", "submitted_at", "标题", "报送方式"],
        [[rid, "report", rt, p, T(s) if len(s) > 10 else D(s), title, "公文交换系统" if rt == "monthly_ops" else "纸质盖章件"]
         for rid, rt, p, s, title in REPORTS],
        "utf-8",
    )

    write_xlsx(
        OUT_DIR / "staff_changes.xlsx",
        [
            ("人员变更登记", ["id", "kind", "contract", "role", "effective_at", "notified_at", "approved_at", "person_out",
                        "person_in", "变更原因"],
             [[sid, "staff_change", CONTRACT, role, eff, n, a, po, pi, why]
              for sid, role, eff, n, a, po, pi, why in STAFF_CHANGES],
             {"id": 16, "effective_at": ts_w, "notified_at": ts_w, "approved_at": ts_w, "变更原因": 44}),
        ],
        creator="河南京东中原云计算有限公司 项目管理", time=XLSX_TIME,
    )

    write_csv(
        OUT_DIR / "payments.csv",
        ["id", "kind", "contract", "invoice_at", "amount", "paid_at", "period", "node_at", "发票号码", "款项说明"],
        [[pid, "payment", CONTRACT, inv, amt, paid, per, node, no, what]
         for pid, inv, amt, paid, per, node, no, what in PAYMENTS],
        "gb18030",
    )

    write_jsonl(OUT_DIR / "other.jsonl", other())

    doc = {"ruleset": "rulesets/hebi-jd", "records": "samples/hebi-jd", "as_of": "2026-12-31",
           "calendar_dirs": [], "findings": PLANTED}
    write_json(EXPECTED, doc)


if __name__ == "__main__":
    main()
