#!/usr/bin/env python3
"""Generate the shipped sample records for the 安阳市政务云平台服务合同 (ruleset ``anyang``).

    .venv/bin/python scripts/make_samples_anyang.py

writes

    samples/anyang/attendance_2023-2024.csv   GB18030, CRLF (甲方's duty register, saved from Excel)
    samples/anyang/faults.xlsx                乙方's ticket system export, real datetime cells
    samples/anyang/maintenance.csv            UTF-8 with BOM (乙方's change register)
    samples/anyang/requests.xlsx              甲方's register of 需求函 and 答复函
    samples/anyang/reports_monthly.csv        UTF-8 (甲方's document register: 运行情况报告, 资源使用情况报告)
    samples/anyang/weekly_security.csv        GB18030 (网络安全设备周报 register)
    samples/anyang/utilization.xlsx           云平台监管系统 monthly export per project (fractions, % cells)
    samples/anyang/log_checks.csv             UTF-8 with BOM (甲方's quarterly log-retention checks)
    samples/anyang/other.jsonl                audits, payments, drills, training, staff changes, …
    samples/anyang.expected.json              the findings the checker must produce

covering the first contract year 2023-06-28 .. 2024-06-27, to be checked with
``--as-of 2024-06-27``. The contract runs three years "自项目通过验收之日起"; the acceptance date
is not in the text, so the ruleset takes the signing date 2023-06-28 as the start.

Deterministic: a fixed random seed, no clock reads; the XLSX files get fixed workbook
properties and fixed zip entry timestamps, so two runs give byte-identical files.
Every planted item is listed in PLANTED below and in samples/anyang/README.md.

The working-day calendar is hard-coded here from the State Council notices
国办发明电〔2022〕16号 (2023) and 国办发明电〔2023〕7号 (2024), the part this year needs:
2023 中秋国庆 09-29..10-06 off, 补班 Sat 10-07 and Sun 10-08; 2024 元旦 01-01; 春节 02-10..02-17
off, 补班 Sun 02-04 and Sun 02-18; 清明 04-04..04-06 off, 补班 Sun 04-07; 劳动节 05-01..05-05 off,
补班 Sun 04-28 and Sat 05-11; 端午 06-10 off.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from samplekit import D, T, write_csv, write_json, write_jsonl, write_xlsx  # noqa: E402
from samplekit import days as _days, iso as _iso  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "samples" / "anyang"
EXPECTED = ROOT / "samples" / "anyang.expected.json"

CONTRACT = "anyang"
SEED = 20230628
START = dt.date(2023, 6, 28)  # the signing date, taken as the start (see the ruleset)
AS_OF = dt.date(2024, 6, 27)  # the last day of the first contract year
YEAR1 = "2023-06-28/2024-06-27"

XLSX_TIME = dt.datetime(2024, 6, 27, 18, 0, 0)  # workbook properties and zip entries (never the clock)

# --- calendar --------------------------------------------------------------------------

HOLIDAYS = (
    set(_days(D("2023-09-29"), D("2023-10-06")))
    | {D("2024-01-01")}
    | set(_days(D("2024-02-10"), D("2024-02-17")))
    | set(_days(D("2024-04-04"), D("2024-04-06")))
    | set(_days(D("2024-05-01"), D("2024-05-05")))
    | {D("2024-06-10")}
)
MAKEUP = {D("2023-10-07"), D("2023-10-08"), D("2024-02-04"), D("2024-02-18"), D("2024-04-07"),
          D("2024-04-28"), D("2024-05-11")}


def is_workday(d: dt.date) -> bool:
    assert D("2023-06-26") <= d <= D("2024-08-31"), d  # the span this calendar covers
    return d in MAKEUP or (d.weekday() < 5 and d not in HOLIDAYS)


def add_workdays(d: dt.date, n: int) -> dt.date:
    """The n-th working day after d (d not counted)."""
    while n:
        d += dt.timedelta(days=1)
        if is_workday(d):
            n -= 1
    return d


def next_workday_on_or_after(d: dt.date) -> dt.date:
    while not is_workday(d):
        d += dt.timedelta(days=1)
    return d


def workdays_between(a: dt.date, b: dt.date) -> int:
    """Working days strictly between a and b."""
    return sum(1 for d in _days(a + dt.timedelta(days=1), b - dt.timedelta(days=1)) if is_workday(d))


WORKDAYS = [d for d in _days(START, AS_OF) if is_workday(d)]


def month_due(y: int, m: int) -> dt.date:
    """Report of month (y, m): due by the 10th of the next month, rolled to a working day."""
    ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
    return next_workday_on_or_after(dt.date(ny, nm, 10))


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    y, m = d.year + y, m + 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


def full_months(a: dt.date, b: dt.date) -> int:
    n = (b.year - a.year) * 12 + b.month - a.month
    while n > 0 and add_months(a, n) > b:
        n -= 1
    return max(n, 0)


def hm(rng: random.Random, h0: int, h1: int) -> str:
    return f"{rng.randint(h0, h1):02d}:{rng.randint(0, 59):02d}"


# --- attendance (4.5, 附表1 服务响应 / 驻场服务) ------------------------------------------

FIRST_RESIDENT, SECOND_RESIDENT = "刘洋", "王磊"
SWITCH = D("2023-11-20")  # STF-2023-001: 王磊 replaces 刘洋
NO_RECORD = {D("2023-10-08")}  # 补班 Sunday: nobody on site (planted AY-RESIDENT fail)
ABSENT = {D("2024-04-19"): "值班巡查10:30、15:00两次未在岗，电话联系称外出办事未报备"}
LATE = {D("2023-12-19"): ("09:26", "迟到26分钟（大雪，道路结冰）")}
REMARKS = {
    D("2023-06-28"): "合同签订日，驻场人员到岗",
    D("2023-10-07"): "补班（国庆调休）",
    D("2024-02-04"): "补班（春节调休）",
    D("2024-02-18"): "补班（春节调休）",
    D("2024-04-07"): "补班（清明调休）",
    D("2024-04-28"): "补班（劳动节调休）",
    D("2024-05-11"): "补班（劳动节调休）；配合云平台割接值守",
    D("2023-11-17"): "刘洋最后驻场日，与王磊交接",
    D("2023-11-20"): "王磊首日驻场",
    D("2024-05-20"): "配合等保三级测评现场",
    D("2024-05-23"): "数据恢复应急演练",
}


def attendance(rng: random.Random) -> list[list]:
    rows = []
    for d in WORKDAYS:
        if d in NO_RECORD:
            continue
        person = FIRST_RESIDENT if d < SWITCH else SECOND_RESIDENT
        rid = f"ATT-{d:%Y%m%d}"
        if d in ABSENT:
            rows.append([rid, "attendance", CONTRACT, d, person, "absent", "", ABSENT[d]])
        elif d in LATE:
            t, note = LATE[d]
            rows.append([rid, "attendance", CONTRACT, d, person, "late", t, note])
        else:
            rows.append([rid, "attendance", CONTRACT, d, person, "present", f"08:{rng.randint(5, 29):02d}",
                         REMARKS.get(d, "")])
    return rows


# --- faults (7.4, 附件 1.1.3.4, 1.3, 附表1) ------------------------------------------------

# id, detected, responded, notified (None = never), resolved, downtime (None = blank), systems,
# data_loss, data_leak, cause, reported, 影响单位, 故障描述
PLANTED_FAULTS = [
    ("GZD-20230912-01", "2023-09-12 09:40", "2023-09-12 09:46", "2023-09-12 10:32", "2023-09-12 09:52", 12, 1,
     "none", False, "vendor", True, "市不动产登记中心", "不动产登记系统负载均衡实例异常，切换备用实例；值班人员52分钟后才电话告知甲方"),
    ("GZD-20231203-01", "2023-12-03 01:20", "2023-12-03 01:22", None, "2023-12-03 01:28", 8, 1,
     "none", False, "vendor", False, "市公积金中心", "夜间云主机宿主机重启，公积金业务中断8分钟，未向甲方报告；甲方比对监控日志时发现"),
    ("GZD-20240116-01", "2024-01-16 14:05", "2024-01-16 14:08", "2024-01-16 14:18", "2024-01-16 14:45", 40, 1,
     "none", False, "vendor", True, "市人社局", "SAN存储链路故障，社保业务系统应用停机40分钟"),
    ("GZD-20240307-01", "2024-03-07 10:20", "2024-03-07 10:24", "2024-03-07 10:35", "2024-03-07 16:40", 15, 1,
     "recovered", False, "vendor", True, "市市场监管局", "运维人员误删云硬盘快照链，业务库部分数据丢失，16:40从备份恢复完毕；应用停机15分钟"),
]
BOUNDARY_FAULTS = [
    ("GZD-20231004-01", "2023-10-04 03:12", "2023-10-04 03:15", "2023-10-04 03:42", "2023-10-04 03:32", 20, 1,
     "none", False, "third_party", True, "市12345热线", "国庆假期运营商互联网出口中断，热线系统应用停机20分钟，发现后30分钟告知甲方"),
    ("GZD-20240423-01", "2024-04-23 16:02", "2024-04-23 16:05", "2024-04-23 16:10", "2024-04-23 16:20", None, 1,
     "none", False, "vendor", True, "市教育局", "中间件消息队列堆积，招生报名系统响应超时（工单未填停机时长）"),
]
FAULT_TEXTS = [
    ("vendor", "云主机CPU告警，业务迁移至其他宿主机"), ("vendor", "WEB防火墙规则误拦截，调整策略后恢复"),
    ("vendor", "NAS存储挂载点只读，重新挂载"), ("third_party", "运营商云专线抖动"),
    ("vendor", "负载均衡健康检查配置错误"), ("client", "使用单位自行修改安全组导致访问中断，协助恢复"),
    ("vendor", "数据库主备切换"), ("vendor", "备份任务失败告警，重新执行"),
    ("third_party", "市电波动，UPS切换正常，个别交换机重启"), ("vendor", "云管理平台控制台无法登录"),
    ("client", "使用单位应用发布失败，协助回滚"), ("vendor", "公网IP被封堵，联系运营商解封"),
]
UNITS = ["市政务服务中心", "市12345热线", "市不动产登记中心", "市公积金中心", "市人社局", "市医保局", "市城管局",
         "市教育局", "市卫健委", "市市场监管局", "市住建局", "市交通局", "市大数据中心", "市财政局"]


def faults(rng: random.Random) -> list[list]:
    planted_days = {T(f[1]).date() for f in PLANTED_FAULTS + BOUNDARY_FAULTS}
    rows = []
    routine = []
    d = START + dt.timedelta(days=5)
    while d < AS_OF - dt.timedelta(days=3):
        d += dt.timedelta(days=rng.randint(8, 17))
        if d in planted_days or d >= AS_OF:
            continue
        cause, text = rng.choice(FAULT_TEXTS)
        det = dt.datetime.combine(d, dt.time(rng.randint(0, 22), rng.randint(0, 59)))
        resp = det + dt.timedelta(minutes=rng.randint(2, 8))
        noti = det + dt.timedelta(minutes=rng.randint(6, 25))
        down = rng.choice([0, 0, 0, 3, 5, 8, 11, 14, 17])
        res = det + dt.timedelta(minutes=max(down, 5) + rng.randint(5, 40))
        routine.append((f"GZD-{d:%Y%m%d}-01", det, resp, noti, res, down, 1, "none", False, cause, True,
                        rng.choice(UNITS), text))
    for f in PLANTED_FAULTS + BOUNDARY_FAULTS:
        fid, det, resp, noti, res, down, n, loss, leak, cause, rep, unit, text = f
        routine.append((fid, T(det), T(resp), T(noti) if noti else None, T(res), down, n, loss, leak, cause, rep,
                        unit, text))
    for fid, det, resp, noti, res, down, n, loss, leak, cause, rep, unit, text in sorted(routine, key=lambda r: r[1]):
        rows.append([fid, "fault", det, resp, noti, res, down, n, loss, leak, cause, rep, unit, text])
    return rows


# --- maintenance (4.6 提前五个工作日) ------------------------------------------------------

# id, planned_start, planned_end, notified_at (None = none), category, affects_service, 工作内容
PLANTED_MAINT = [
    ("BG-2023-007", "2023-10-12 22:00", "2023-10-13 02:00", "2023-09-28 16:00", "maintenance", True,
     "核心交换机板卡更换（节前通知，节后实施）"),
    ("BG-2024-004", "2024-02-22 22:00", "2024-02-23 03:00", "2024-02-09 10:00", "upgrade", True,
     "云管理平台版本升级（春节前最后一个工作日通知）"),
    ("BG-2024-010", "2024-05-11 22:00", "2024-05-12 04:00", "2024-05-08 11:00", "maintenance", True,
     "政务外网出口工程割接（补班周六实施）"),
    ("BG-2024-011", "2024-05-18 01:00", "2024-05-18 03:00", None, "maintenance", False,
     "机房精密空调滤网更换（不影响服务）"),
    ("BG-2024-014", "2024-07-06 22:00", "2024-07-07 02:00", "2024-06-24 09:30", "maintenance", True,
     "存储双活链路调试（计划中）"),
]
MAINT_TEXTS = [
    ("maintenance", True, "云主机宿主机固件升级"), ("upgrade", True, "WEB防火墙特征库及版本升级"),
    ("maintenance", True, "SAN存储控制器微码升级"), ("maintenance", True, "负载均衡设备主备切换演练"),
    ("upgrade", True, "数据库一体机补丁升级"), ("maintenance", False, "机房UPS巡检（不影响服务）"),
    ("maintenance", True, "云专线线路调整"), ("maintenance", False, "监控探针升级（不影响服务）"),
    ("upgrade", True, "堡垒机版本升级"), ("maintenance", True, "设备搬迁至B区机柜"),
]


def maintenance(rng: random.Random) -> list[list]:
    """Routine work every two or three weeks on a weekend night, notified 10-13 days ahead (on a
    working day leaving at least 6 working days between); the planted items; ids by date."""
    planted_days = {T(m[1]).date() for m in PLANTED_MAINT}
    items = []
    d = D("2023-07-15")  # a Saturday
    n = 0
    while d < D("2024-06-22"):
        if d not in planted_days and d + dt.timedelta(days=1) not in planted_days:
            cat, aff, text = MAINT_TEXTS[n % len(MAINT_TEXTS)]
            n += 1
            start = dt.datetime.combine(d, dt.time(22, 0))
            nd = d - dt.timedelta(days=rng.randint(10, 13))
            while not is_workday(nd) or workdays_between(nd, d) < 6:
                nd -= dt.timedelta(days=1)
            notified = dt.datetime.combine(nd, dt.time(rng.randint(9, 17), rng.choice([0, 10, 20, 30, 40, 50])))
            items.append((start, start + dt.timedelta(hours=rng.choice([3, 4, 5, 6])),
                          notified if (aff or rng.random() < 0.5) else None, cat, aff, text, None))
        d += dt.timedelta(days=rng.choice([14, 14, 21]))
    for mid, s_, e, nt, cat, aff, text in PLANTED_MAINT:
        items.append((T(s_), T(e), T(nt) if nt else None, cat, aff, text, mid))
    items.sort(key=lambda x: x[0])
    rows = []
    counters: dict[int, int] = {}
    for s_, e, nt, cat, aff, text, planted_id in items:
        counters[s_.year] = counters.get(s_.year, 0) + 1
        mid = f"BG-{s_.year}-{counters[s_.year]:03d}"
        assert planted_id in (None, mid), (planted_id, mid)  # the planted ids are the register's numbers
        approved = None
        if nt and aff:  # 甲方 signs the next working day after the notice
            approved = dt.datetime.combine(add_workdays(nt.date(), 1), dt.time(rng.randint(9, 16), rng.choice([0, 30])))
        rows.append([mid, "maintenance", CONTRACT, s_, e, nt, approved, cat, aff, text])
    return rows


# --- requests (附件 1.1.2.4: 3个工作日内完成并回复) -------------------------------------------

# id, received, completed (None = open), replied (None = none), 需求内容, 备注
PLANTED_REQUESTS = [
    ("XQ-2023-012", "2023-09-28 10:00", "2023-10-09 16:00", "2023-10-09 17:20", "市医保局申请新增4台八核16G云主机", "节后首个工作日前完成：10-07、10-08补班"),
    ("XQ-2024-004", "2024-02-02 15:00", "2024-02-04 16:30", "2024-02-06 10:00", "市人社局春节期间社保系统扩容", "2月4日（周日补班）完成"),
    ("XQ-2024-006", "2024-02-08 09:00", "2024-02-20 10:00", "2024-02-19 16:00", "市住建局新增NAS存储2TB", "2月19日先行回函说明进度，2月20日完成"),
    ("XQ-2024-017", "2024-04-25 10:00", "2024-04-28 17:00", "2024-04-29 16:30", "市卫健委释放闲置云主机3台", "4月28日（周日补班）完成"),
    ("XQ-2024-018", "2024-04-25 15:00", "2024-04-29 10:00", "2024-04-30 09:00", "市交通局调整带宽至200M", "答复函4月30日发出"),
    ("XQ-2024-025", "2024-06-26 14:00", None, None, "市政务服务中心新增WEB防火墙防护IP 2个", "处理中"),
]
REQ_TEXTS = ["新增云主机{n}台", "释放闲置云主机{n}台", "云硬盘扩容{n}00GB", "新增公网IP {n}个", "开通MySQL数据库实例{n}个",
             "调整安全组策略", "新增WEB防火墙防护IP {n}个", "云主机配置变更（四核8G→八核16G）", "开通云备份服务",
             "回收到期资源{n}项"]


def requests_(rng: random.Random) -> list[list]:
    """About one request letter in six working days, done in 1-3 working days and answered by the
    last day; the planted items; ids numbered by date of receipt as the register numbers them."""
    planted_days = {T(r[1]).date() for r in PLANTED_REQUESTS}
    items = []
    for d in WORKDAYS:
        if d in planted_days or d > D("2024-06-20") or d.weekday() >= 5:
            continue
        if rng.random() < 0.17:
            rec = dt.datetime.combine(d, dt.time(rng.randint(8, 16), rng.choice([0, 15, 30, 45])))
            k = rng.choice([1, 1, 2, 2, 3])
            due = add_workdays(d, 3)
            cd = add_workdays(d, k)
            comp = dt.datetime.combine(cd, dt.time(rng.randint(9, 17), rng.choice([5, 20, 35, 50])))
            rd = cd if rng.random() < 0.6 else min(add_workdays(cd, 1), due)
            rep = dt.datetime.combine(rd, dt.time(17, 30)) if rd == cd else dt.datetime.combine(rd, dt.time(10, 0))
            if rep < comp:
                rep = comp + dt.timedelta(minutes=40)
            assert comp.date() <= due and rep.date() <= due
            text = rng.choice(REQ_TEXTS).format(n=rng.randint(1, 6))
            items.append((rec, comp, rep, f"{rng.choice(UNITS)}{text}", "", None))
    for rid, r, c, a, text, note in PLANTED_REQUESTS:
        items.append((T(r), T(c) if c else None, T(a) if a else None, text, note, rid))
    items.sort(key=lambda x: x[0])
    rows = []
    counters: dict[int, int] = {}
    for r, c, a, text, note, planted_id in items:
        counters[r.year] = counters.get(r.year, 0) + 1
        rid = f"XQ-{r.year}-{counters[r.year]:03d}"
        assert planted_id in (None, rid), (planted_id, rid)
        rows.append([rid, "request", CONTRACT, r, c, a, text, note])
    return rows


# --- reports ---------------------------------------------------------------------------

def months():
    y, m = START.year, START.month
    while (y, m) < (AS_OF.year, AS_OF.month):  # June 2024's reports are not due by as-of
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


# month -> (usage submitted, ops submitted, ops errors); None = draw a normal day
MONTH_SPECIAL = {
    (2023, 6): ("2023-07-10 17:30", "2023-07-10 17:30", 0),
    (2023, 8): ("2023-09-11 16:00", "2023-09-11 16:05", 0),  # 09-10 Sunday -> Mon 09-11
    (2023, 12): (None, "2024-01-09 11:00", 2),  # two errors found on review
    (2024, 1): ("2024-02-18 10:00", "2024-02-08 15:30", 0),  # usage on the 补班 Sunday 02-18
    (2024, 3): (None, "2024-04-11 09:30", 0),  # ops report a day late
    (2024, 5): ("2024-06-11 15:20", "2024-06-11 15:20", 0),  # 06-10 端午 -> Tue 06-11
}


def monthly_reports(rng: random.Random) -> list[list]:
    rows = []
    for y, m in months():
        due = month_due(y, m)
        usage, ops, errors = MONTH_SPECIAL.get((y, m), (None, None, 0))

        month_end = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
        candidates = [d for d in _days(due - dt.timedelta(days=6), due) if is_workday(d) and d > month_end]

        def draw() -> dt.datetime:
            d = rng.choice(candidates)
            return dt.datetime.combine(d, dt.time(rng.randint(9, 17), rng.choice([0, 10, 25, 40, 55])))

        u = T(usage) if usage else draw()
        o = T(ops) if ops else draw()
        rows.append([f"RPT-OPS-{y}{m:02d}", "report", "monthly_ops", f"{y}-{m:02d}", o, errors,
                     f"安阳市政务云{y}年{m}月运行情况报告", "电子版+纸质盖章"])
        rows.append([f"RPT-USE-{y}{m:02d}", "report", "monthly_usage", f"{y}-{m:02d}", u, 0,
                     f"安阳市政务云{y}年{m}月资源使用情况报告", "云平台监管系统导出"])
    rows.sort(key=lambda r: (r[4], r[0]))
    return rows


LATE_WEEK = "2024-W06"  # due on the 补班 Sunday 02-18, sent Monday 02-19


def weekly_reports(rng: random.Random) -> list[list]:
    rows = []
    monday = START - dt.timedelta(days=START.weekday())
    while monday + dt.timedelta(days=6) < AS_OF:  # weeks ended by as-of; 2024-W26 is still running
        y, w, _ = monday.isocalendar()
        label = f"{y}-W{w:02d}"
        sunday = monday + dt.timedelta(days=6)
        due = next_workday_on_or_after(sunday + dt.timedelta(days=1))
        if label == LATE_WEEK:
            sent = T("2024-02-19 09:00")
        else:
            sent = dt.datetime.combine(due, dt.time(rng.randint(8, 11), rng.randint(0, 59)))
        n_events = rng.randint(1200, 9800)
        rows.append([f"SEC-{y}W{w:02d}", "report", CONTRACT, "weekly_security", label, sent,
                     f"{monday:%m.%d}-{sunday:%m.%d}网络安全设备周报", n_events, rng.randint(0, 6)])
        monday += dt.timedelta(days=7)
    return rows


# --- utilisation (附件 1.2) ---------------------------------------------------------------

PROJECTS = ["一体化政务服务平台", "12345政务服务热线", "不动产登记系统", "住房公积金系统", "社会保障卡服务系统",
            "医疗保障信息平台", "智慧城管平台", "教育招生报名系统", "全民健康信息平台", "市场监管综合执法系统",
            "住建工程审批系统", "交通运输综合监管平台", "政务数据共享交换平台", "预算管理一体化系统"]
# (project, month) -> (cpu_peak, cpu_valley, mem_peak, mem_valley, disk_used), None = blank
UTIL_PLANTED = {
    ("智慧城管平台", "2023-11"): (0.31, 0.06, 0.48, 0.30, 0.35),  # CPU 18.5, mem 39, disk 35 -> 29.6
    ("住建工程审批系统", "2024-02"): (0.42, 0.10, 0.52, 0.34, 0.40),  # 26, 43, 40 -> 35.3
    ("不动产登记系统", "2024-03"): (0.92, 0.48, 0.83, 0.55, 0.62),  # 70, 69, 62 -> 67.3
    ("医疗保障信息平台", "2024-01"): (0.66, 0.28, 0.71, 0.45, None),  # disk figure missing
    ("一体化政务服务平台", "2023-09"): (0.50, 0.30, 0.50, 0.30, 0.40),  # exactly 40 -> no suggestion
    ("政务数据共享交换平台", "2024-04"): (0.70, 0.50, 0.70, 0.50, 0.60),  # exactly 60 -> no suggestion
}


def efficiency(cp, cv, mp, mv, du) -> float:
    """As the program computes it (附件 1.2), for the generator's own check."""
    cpu, mem, disk = round((cp + cv) / 2 * 100, 2), round((mp + mv) / 2 * 100, 2), round(du * 100, 2)
    return round(cpu * 0.4 + mem * 0.3 + disk * 0.3, 2)


def utilization(rng: random.Random) -> list[list]:
    rows = []
    util_months = [f"{y}-{m:02d}" for y, m in months() if (y, m) >= (2023, 7)]  # June 2023: 3 days only
    util_months = [m for m in util_months if m <= "2024-05"]
    n = 0
    for month in util_months:
        for i, project in enumerate(PROJECTS):
            n += 1
            vms = 4 + (i * 7) % 23
            if (project, month) in UTIL_PLANTED:
                cp, cv, mp, mv, du = UTIL_PLANTED[(project, month)]
            else:
                while True:
                    cp = round(rng.uniform(0.45, 0.85), 3)
                    cv = round(rng.uniform(0.12, 0.40), 3)
                    mp = round(rng.uniform(0.50, 0.80), 3)
                    mv = round(rng.uniform(0.30, 0.50), 3)
                    du = round(rng.uniform(0.35, 0.70), 3)
                    if 41 <= efficiency(cp, cv, mp, mv, du) <= 59:
                        break
            rows.append([f"UTL-{month.replace('-', '')}-{i + 1:02d}", "utilization", CONTRACT, project, month,
                         cp, cv, mp, mv, du, vms, UNITS[i % len(UNITS)]])
    return rows


# --- log checks (7.3 至少六个月) -----------------------------------------------------------

DEVICES = ["防火墙", "防病毒网关", "IPS", "IDS", "WEB网站防篡改系统", "安全隔离及信息交换系统", "漏洞扫描系统",
           "综合日志审计系统", "运维管理系统（堡垒机）"]
CHECK_DAYS = [D("2023-09-28"), D("2023-12-29"), D("2024-03-29"), D("2024-06-21")]
SHORT_DEVICE = "WEB网站防篡改系统"  # keeps a rolling 182 days ("半年") of logs


def log_checks(rng: random.Random) -> list[list]:
    rows = []
    for cd in CHECK_DAYS:
        for i, dev in enumerate(DEVICES):
            if dev == SHORT_DEVICE:
                oldest = cd - dt.timedelta(days=182)
                note = "日志保留策略：182天滚动覆盖"
            else:
                oldest = cd - dt.timedelta(days=rng.randint(372, 420))
                note = "日志保留策略：1年以上"
            rows.append([f"LOG-{cd:%Y%m%d}-{i + 1:02d}", "log_check", cd, oldest, dev, note, "甲方网络安全科"])
    return rows


# --- other.jsonl -------------------------------------------------------------------------

def other() -> list[dict]:
    c = {"contract": CONTRACT}
    out = [
        # audits (4.3, 6.3)
        {"id": "AUD-MLPS-2023", "kind": "audit", **c, "audit_type": "mlps", "completed_on": "2023-04-18", "result": "pass",
         "level": 3, "valid_until": "2024-04-17", "agency": "河南省网络安全等级保护测评中心",
         "note": "安阳市政务云平台等保2.0三级测评报告，备案证明41050099023-00017"},
        {"id": "AUD-CRY-2023", "kind": "audit", **c, "audit_type": "crypto", "completed_on": "2023-02-08", "result": "pass",
         "level": 3, "valid_until": "2024-02-07", "agency": "河南省商用密码应用安全性评估机构",
         "note": "三级商用密码应用安全性评估报告"},
        {"id": "AUD-RISK-2023", "kind": "audit", **c, "audit_type": "risk", "completed_on": "2023-07-20", "result": "pass",
         "valid_until": "2024-07-19", "agency": "安阳市信息安全测评中心", "note": "安阳市政务云平台风险评估报告"},
        {"id": "AUD-CRY-2024", "kind": "audit", **c, "audit_type": "crypto", "completed_on": "2024-03-15", "result": "pass",
         "level": 3, "valid_until": "2025-03-14", "agency": "河南省商用密码应用安全性评估机构",
         "note": "三级商用密码应用安全性评估报告（年度复评）"},
        {"id": "AUD-MLPS-2024", "kind": "audit", **c, "audit_type": "mlps", "completed_on": "2024-05-20", "result": "pass",
         "level": 3, "valid_until": "2025-05-19", "agency": "河南省网络安全等级保护测评中心",
         "note": "等保2.0三级年度测评（2024-04-17到期后复测）"},
        # payments (6.3), quarterly after the assessment
        {"id": "PAY-2023-Q3", "kind": "payment", **c, "period": "2023-Q3", "invoice_at": "2023-10-20",
         "amount": "1903657.42", "paid_at": "2023-11-15", "note": "2023年6月28日至9月30日服务费（考核后）"},
        {"id": "PAY-2023-Q4", "kind": "payment", **c, "period": "2023-Q4", "invoice_at": "2024-01-22",
         "amount": "1887340.18", "paid_at": "2024-02-07", "note": "2023年第四季度服务费"},
        {"id": "PAY-2024-Q1", "kind": "payment", **c, "period": "2024-Q1", "invoice_at": "2024-04-19",
         "amount": "1874215.37", "paid_at": "2024-05-09", "note": "2024年第一季度服务费"},
        # drills (附件 1.1.3, 附表1)
        {"id": "DRL-20230915-01", "kind": "drill", **c, "drill_type": "vm_failover", "held_on": "2023-09-15",
         "evidence": ["plan", "record", "photos"], "title": "虚拟机故障迁移演练"},
        {"id": "DRL-20231109-01", "kind": "drill", **c, "drill_type": "fire", "held_on": "2023-11-09",
         "evidence": ["plan", "record"], "title": "机房消防培训及演练（照片未归档）"},
        {"id": "DRL-20231122-01", "kind": "drill", **c, "drill_type": "attack_defense", "held_on": "2023-11-22",
         "evidence": ["plan", "record"], "title": "政务云网络安全攻防演练（方案、结果报告）"},
        {"id": "DRL-20240418-01", "kind": "drill", **c, "drill_type": "network_security", "held_on": "2024-04-18",
         "evidence": ["plan", "record", "photos"], "title": "网络安全应急预案演练"},
        {"id": "DRL-20240523-01", "kind": "drill", **c, "drill_type": "data_recovery", "held_on": "2024-05-23",
         "evidence": ["plan", "record", "photos"], "title": "数据恢复应急演练"},
        # training (附件 1.1.2.8)
        {"id": "TRN-20231019-01", "kind": "training", **c, "held_on": "2023-10-19", "person_times": 46,
         "title": "云虚拟机部署规范及机房进出规范培训"},
        {"id": "TRN-20240314-01", "kind": "training", **c, "held_on": "2024-03-14", "person_times": 38,
         "title": "虚机运行监管平台使用培训"},
        # service phone
        {"id": "MC-20230812-01", "kind": "missed_call", **c, "at": _iso("2023-08-12 22:47"),
         "caller": "市12345热线值班室", "note": "服务电话18837250206无人接听，23:05回拨"},
        # staff changes (4.5)
        {"id": "STF-2023-001", "kind": "staff_change", **c, "role": "resident", "effective_at": _iso("2023-11-20 08:30"),
         "notified_at": _iso("2023-11-16 10:00"), "approved_at": _iso("2023-11-17 15:00"),
         "person_out": "刘洋", "person_in": "王磊", "reason": "刘洋离职"},
        {"id": "STF-2024-001", "kind": "staff_change", **c, "role": "resident", "effective_at": _iso("2024-07-15 08:30"),
         "notified_at": _iso("2024-06-20 10:00"), "person_out": "王磊", "person_in": "赵鹏",
         "reason": "王磊调往省公司项目，待甲方同意"},
        {"id": "STF-2024-002", "kind": "staff_change", **c, "role": "contact", "effective_at": _iso("2024-03-04 09:00"),
         "notified_at": _iso("2024-03-04 09:30"), "person_out": "孙建", "person_in": "马丽", "reason": "客户经理调整"},
        # force majeure (第九条)
        {"id": "FM-20230731-01", "kind": "force_majeure", **c, "occurred_at": _iso("2023-07-31 06:00"),
         "notified_at": _iso("2023-07-31 10:20"), "proof_at": _iso("2023-08-21 16:00"),
         "event": "海河流域“23·7”暴雨，安阳市区供电中断，B区机房转柴油发电", "proof": "安阳市气象台、供电公司证明"},
    ]
    # 甲方's monthly spot checks (附表1 云平台运行情况)
    for y, m in months():
        if (y, m) < (2023, 7) or (y, m) > (2024, 5):
            continue
        ok = (y, m) != (2024, 4)
        out.append({"id": f"SC-{y}{m:02d}", "kind": "spot_check", **c, "month": f"{y}-{m:02d}", "matches_report": ok,
                    "checked_by": "市政务服务和大数据管理局云平台科",
                    "note": "抽查CPU、内存、存储利用率与运行报告一致" if ok
                    else "智慧城管平台4月存储利用率报告为58%，监管系统实测31%，与报告不符"})
    # satisfaction survey rounds (附件 1.1.4.1, 附表2)
    for sid, period, score, n in (("SV-2023Q3", "2023-09", 86.2, 31), ("SV-2023Q4", "2023-12", 80.0, 33),
                                  ("SV-2024Q1", "2024-03", 83.5, 32), ("SV-2024Q2", "2024-06", 78.5, 34)):
        out.append({"id": sid, "kind": "survey", **c, "period": period, "score": score, "questionnaires": n,
                    "note": "各入驻单位满意度调查表汇总平均分"})
    return out


# --- the expected findings (every fail / ambiguous / unknown / pending) --------------------

PLANTED = [
    {"obligation": "AY-REPORT-MONTHLY", "event_ids": ["RPT-OPS-202403"], "status": "fail", "period": "2024-03",
     "due": "2024-04-10"},
    {"obligation": "AY-REPORT-MONTHLY", "event_ids": [], "status": "pending", "period": "2024-06", "due": "2024-07-10"},
    {"obligation": "AY-REPORT-USAGE", "event_ids": [], "status": "pending", "period": "2024-06", "due": "2024-07-10"},
    {"obligation": "AY-REPORT-ERRORS", "event_ids": ["RPT-OPS-202312"], "status": "fail", "due": None,
     "note": "errors = 2"},
    {"obligation": "AY-WEEKLY-SECURITY", "event_ids": ["SEC-2024W06"], "status": "fail", "period": "2024-W06",
     "due": "2024-02-18"},
    {"obligation": "AY-WEEKLY-SECURITY", "event_ids": [], "status": "pending", "period": "2024-W26",
     "due": "2024-07-01"},
    {"obligation": "AY-PAY-MLPS-CRYPTO", "event_ids": ["PAY-2024-Q1"], "status": "fail", "due": "2024-05-09",
     "note": "等保测评 valid to 2024-04-17, next completed 2024-05-20"},
    {"obligation": "AY-RESIDENT", "event_ids": [], "status": "fail", "period": "2023-10-08", "due": "2023-10-08"},
    {"obligation": "AY-RESIDENT", "event_ids": [], "status": "fail", "period": "2024-04-19", "due": "2024-04-19"},
    {"obligation": "AY-RESIDENT-ABSENT", "event_ids": ["ATT-20240419"], "status": "fail", "due": None},
    {"obligation": "AY-RESIDENT-LATE", "event_ids": ["ATT-20231219"], "status": "fail", "due": None},
    {"obligation": "AY-RESIDENT-CHANGE-NOTICE", "event_ids": ["STF-2023-001"], "status": "fail", "due": "2023-11-12",
     "due_reading_b": "2023-11-13"},
    {"obligation": "AY-RESIDENT-CHANGE-CONSENT", "event_ids": ["STF-2024-001"], "status": "pending",
     "due": "2024-07-15 08:30"},
    {"obligation": "AY-NOTICE-5WD", "event_ids": ["BG-2024-004"], "status": "ambiguous", "due": "2024-02-08",
     "due_reading_b": "2024-02-09"},
    {"obligation": "AY-NOTICE-5WD", "event_ids": ["BG-2024-010"], "status": "fail", "due": "2024-05-05",
     "due_reading_b": "2024-05-06"},
    {"obligation": "AY-LOG-RETENTION", "event_ids": ["LOG-20230928-05"], "status": "fail", "due": None,
     "note": "oldest 2023-03-30, counted from 03-29: 09-29 > 09-28, 5 whole months"},
    {"obligation": "AY-INCIDENT-NOTIFY", "event_ids": ["GZD-20230912-01"], "status": "fail", "due": "2023-09-12 10:10"},
    {"obligation": "AY-INCIDENT-NOTIFY", "event_ids": ["GZD-20231203-01"], "status": "fail", "due": "2023-12-03 01:50"},
    {"obligation": "AY-FAULT-REPORTED", "event_ids": ["GZD-20231203-01"], "status": "fail", "due": None},
    {"obligation": "AY-FAULT-LEVEL", "event_ids": ["GZD-20240116-01"], "status": "info", "severity": "info",
     "due": None, "note": "一般故障：停机40分钟（不超过40分钟），扣费10万元"},
    {"obligation": "AY-FAULT-LEVEL", "event_ids": ["GZD-20240307-01"], "status": "info", "severity": "info",
     "due": None, "note": "严重故障：乙方原因丢失数据、事后恢复，扣费20万元"},
    {"obligation": "AY-DATA-LOSS", "event_ids": ["GZD-20240307-01"], "status": "fail", "due": None},
    {"obligation": "AY-REQ-ADJUST", "event_ids": ["XQ-2024-006"], "status": "fail", "due": "2024-02-19"},
    {"obligation": "AY-REQ-REPLY", "event_ids": ["XQ-2024-018"], "status": "fail", "due": "2024-04-29"},
    {"obligation": "AY-REQ-ADJUST", "event_ids": ["XQ-2024-025"], "status": "pending", "due": "2024-07-01"},
    {"obligation": "AY-REQ-REPLY", "event_ids": ["XQ-2024-025"], "status": "pending", "due": "2024-07-01"},
    {"obligation": "AY-MISSED-CALL", "event_ids": ["MC-20230812-01"], "status": "fail", "due": None},
    {"obligation": "AY-SPOT-CHECK", "event_ids": ["SC-202404"], "status": "fail", "due": None},
    {"obligation": "AY-SURVEY", "event_ids": ["SV-2023Q4"], "status": "ambiguous", "due": None, "note": "score 80"},
    {"obligation": "AY-SURVEY", "event_ids": ["SV-2024Q2"], "status": "info", "severity": "info", "due": None,
     "note": "score 78.5"},
    {"obligation": "AY-DRILL-POWER", "event_ids": [], "status": "fail", "period": YEAR1, "due": "2024-06-27"},
    {"obligation": "AY-DRILL-EVIDENCE", "event_ids": ["DRL-20231109-01"], "status": "fail", "due": None,
     "note": "evidence = plan, record（缺 photos）"},
    {"obligation": "AY-UTILIZATION", "event_ids": ["UTL-202311-07"], "status": "info", "severity": "info",
     "due": None, "note": "效率29.6"},
    {"obligation": "AY-UTILIZATION", "event_ids": ["UTL-202401-06"], "status": "unknown", "due": None,
     "note": "disk_used blank"},
    {"obligation": "AY-UTILIZATION", "event_ids": ["UTL-202402-11"], "status": "info", "severity": "info",
     "due": None, "note": "效率35.3"},
    {"obligation": "AY-UTILIZATION", "event_ids": ["UTL-202403-03"], "status": "info", "severity": "info",
     "due": None, "note": "效率67.3"},
]


def _self_check(util_rows, log_rows) -> None:
    """The generator's own arithmetic for the planted utilisation and log items."""
    by_id = {r[0]: r for r in util_rows}
    assert round(efficiency(*by_id["UTL-202311-07"][5:10]), 1) == 29.6
    assert round(efficiency(*by_id["UTL-202402-11"][5:10]), 1) == 35.3
    assert round(efficiency(*by_id["UTL-202403-03"][5:10]), 1) == 67.3
    assert efficiency(*by_id["UTL-202309-01"][5:10]) == 40.0
    assert efficiency(*by_id["UTL-202404-13"][5:10]) == 60.0
    assert by_id["UTL-202401-06"][9] is None
    # the oldest day's logs are kept themselves: counted from the day before it (arts. 201-202)
    fails = [r[0] for r in log_rows if full_months(r[3] - dt.timedelta(days=1), r[2]) < 6]
    assert fails == ["LOG-20230928-05"], fails


def rng_for(part: str) -> random.Random:
    """One seeded stream per file, so that a change to one generator leaves the others' draws alone."""
    return random.Random(f"{SEED}-{part}")


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)

    write_csv(OUT_DIR / "attendance_2023-2024.csv",
              ["id", "kind", "contract", "date", "person", "status", "签到时间", "备注"],
              attendance(rng_for("attendance")), "gb18030")

    fault_header = ["id", "kind", "detected_at", "responded_at", "notified_at", "resolved_at", "downtime_minutes",
                    "systems_affected", "data_loss", "data_leak", "cause", "reported", "影响单位", "故障描述"]
    ts_w = 17
    write_xlsx(OUT_DIR / "faults.xlsx", [
        ("故障工单", fault_header, faults(rng_for("faults")),
         {"id": 18, "detected_at": ts_w, "responded_at": ts_w, "notified_at": ts_w, "resolved_at": ts_w,
          "downtime_minutes": 10, "影响单位": 16, "故障描述": 70}, {}),
        ("导出说明", ["项目", "内容"],
         [["系统", "中国移动安阳分公司 政务云运维工单系统"], ["合同", "安阳市政务云平台服务合同（安财单一采购-2023-4）"],
          ["导出范围", "2023-06-28 至 2024-06-27"], ["导出时间", XLSX_TIME],
          ["说明", "notified_at 为告知甲方时间，空表示未告知；downtime_minutes 为应用停机时长，空表示未填写"]],
         {"项目": 12, "内容": 70}, {}),
    ], creator="中国移动安阳分公司 政务云运维工单系统", time=XLSX_TIME)

    write_csv(OUT_DIR / "maintenance.csv",
              ["id", "kind", "contract", "planned_start", "planned_end", "notified_at", "approved_at", "category",
               "affects_service", "工作内容"],
              maintenance(rng_for("maintenance")), "utf-8-sig")

    write_xlsx(OUT_DIR / "requests.xlsx", [
        ("需求函登记", ["id", "kind", "contract", "received_at", "completed_at", "replied_at", "需求内容", "备注"],
         requests_(rng_for("requests_")),
         {"id": 14, "received_at": ts_w, "completed_at": ts_w, "replied_at": ts_w, "需求内容": 40, "备注": 44}, {}),
    ], creator="安阳市政务服务和大数据管理局 公文管理系统", time=XLSX_TIME)

    write_csv(OUT_DIR / "reports_monthly.csv",
              ["id", "kind", "report_type", "period", "submitted_at", "errors", "标题", "备注"],
              monthly_reports(rng_for("monthly_reports")), "utf-8")

    write_csv(OUT_DIR / "weekly_security.csv",
              ["id", "kind", "contract", "report_type", "period", "submitted_at", "标题", "拦截攻击次数", "高危告警数"],
              weekly_reports(rng_for("weekly_reports")), "gb18030")

    util_rows = utilization(rng_for("utilization"))
    pct = "0.0%"
    write_xlsx(OUT_DIR / "utilization.xlsx", [
        ("资源使用率", ["id", "kind", "contract", "project", "month", "cpu_peak", "cpu_valley", "mem_peak", "mem_valley",
                   "disk_used", "云主机数", "使用单位"], util_rows,
         {"id": 16, "project": 24, "使用单位": 16},
         {"cpu_peak": pct, "cpu_valley": pct, "mem_peak": pct, "mem_valley": pct, "disk_used": pct}),
    ], creator="安阳市政务云 云平台监管系统", time=XLSX_TIME)

    log_rows = log_checks(rng_for("log_checks"))
    write_csv(OUT_DIR / "log_checks.csv",
              ["id", "kind", "checked_on", "oldest_log_date", "device", "备注", "检查人"],
              log_rows, "utf-8-sig")

    write_jsonl(OUT_DIR / "other.jsonl", other())

    _self_check(util_rows, log_rows)
    doc = {"ruleset": "rulesets/anyang", "records": "samples/anyang", "as_of": AS_OF.isoformat(),
           "calendar_dirs": [], "findings": PLANTED}
    write_json(EXPECTED, doc)


if __name__ == "__main__":
    main()
