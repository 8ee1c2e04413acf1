#!/usr/bin/env python3
"""Generate the sample records for the 漯河市“互联网+政务服务”平台云资源服务项目 contract
(ruleset ``luohe``).

    .venv/bin/python scripts/make_samples_luohe.py

writes

    samples/luohe/payments.xlsx               乙方's receivables ledger (回款台账), date / datetime cells
    samples/luohe/staff_changes.csv           GB18030, CRLF (乙方's personnel register, kept in Excel)
    samples/luohe/maintenance.csv             UTF-8 with BOM (乙方's change register)
    samples/luohe/faults.xlsx                 乙方's ticket system export, two sheets
    samples/luohe/security_tasks_2023.csv     UTF-8 (运维平台 task log: 巡检、日志审计、备份、加固、态势报告)
    samples/luohe/security_tasks_2024.csv     UTF-8 with BOM (same log, new export tool)
    samples/luohe/security_tasks_2025.csv     GB18030, CRLF (same log, saved again in Excel)
    samples/luohe/other.jsonl                 UTF-8: audits, force majeure, contact changes
    samples/luohe.expected.json               the findings the checker must produce

covering the whole term 2023-01-01 .. 2025-12-31, to be checked with ``--as-of 2025-12-31``.

Deterministic: a fixed random seed, no clock reads; the XLSX files get fixed workbook
properties and fixed zip entry timestamps, so two runs give byte-identical files. Every
planted item is listed in PLANTED below and in samples/luohe/README.md; the generator
asserts the counting of each planted item against its own copy of the calendar.

The working-day calendar is hard-coded here from the State Council notices 国办发明电〔2022〕16号
(2023), 国办发明电〔2023〕7号 (2024), 国办发明电〔2024〕12号 (2025) and the 2026 notice (its 元旦
1月1日–3日 and the 补班 Sun 2026-01-04 are needed for deadlines running past the term).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from samplekit import D, T, write_csv, write_json, write_jsonl, write_xlsx  # noqa: E402
from samplekit import days as _days  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "samples" / "luohe"
EXPECTED = ROOT / "samples" / "luohe.expected.json"  # {ruleset, records, as_of, calendar_dirs, findings}

CONTRACT = "luohe"
SEED = 20230101
START = dt.date(2023, 1, 1)
END = dt.date(2025, 12, 31)  # the contract end and the as-of date of the sample check

# Fixed timestamps for file metadata (never the clock).
XLSX_TIME = dt.datetime(2025, 12, 31, 18, 0, 0)
XLSX_CREATOR = "中国移动通信集团河南有限公司漯河分公司 政企运维平台"  # workbook creator / lastModifiedBy

# --- calendar -------------------------------------------------------------------------

HOLIDAY_RANGES = [
    # 2023 (国办发明电〔2022〕16号)
    ("2023-01-01", "2023-01-02"), ("2023-01-21", "2023-01-27"), ("2023-04-05", "2023-04-05"),
    ("2023-04-29", "2023-05-03"), ("2023-06-22", "2023-06-24"), ("2023-09-29", "2023-10-06"),
    # 2024 (国办发明电〔2023〕7号)
    ("2024-01-01", "2024-01-01"), ("2024-02-10", "2024-02-17"), ("2024-04-04", "2024-04-06"),
    ("2024-05-01", "2024-05-05"), ("2024-06-10", "2024-06-10"), ("2024-09-15", "2024-09-17"),
    ("2024-10-01", "2024-10-07"),
    # 2025 (国办发明电〔2024〕12号)
    ("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"), ("2025-04-04", "2025-04-06"),
    ("2025-05-01", "2025-05-05"), ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08"),
    # 2026 (元旦 only: deadlines that run past the term)
    ("2026-01-01", "2026-01-03"),
]
HOLIDAYS = {d for a, b in HOLIDAY_RANGES for d in _days(D(a), D(b))}
MAKEUP_WORKDAYS = {D(s) for s in (
    "2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08",
    "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29",
    "2024-10-12",
    "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
    "2026-01-04",
)}  # 补班


def is_workday(d: dt.date) -> bool:
    return d in MAKEUP_WORKDAYS or (d.weekday() < 5 and d not in HOLIDAYS)


def add_workdays(d: dt.date, n: int) -> dt.date:
    """n > 0: the n-th working day after d; n < 0: the |n|-th working day before d (d not counted)."""
    step = 1 if n > 0 else -1
    left = abs(n)
    while left:
        d += dt.timedelta(days=step)
        if is_workday(d):
            left -= 1
    return d


def natural_last_day(trigger: dt.date, n: int) -> dt.date:
    """民法典 arts. 201, 203: trigger + n, rolled to the next working day when it is a rest day."""
    d = trigger + dt.timedelta(days=n)
    while not is_workday(d):
        d += dt.timedelta(days=1)
    return d


WORKDAYS = [d for d in _days(START, END) if is_workday(d)]

# --- payments (2.2.1, 7.4) ---------------------------------------------------------------

# id, period, node_at (the payment month as its first day), invoice_at, amount, paid_at, 发票号码, 备注
PAYMENTS = [
    ("PAY-2023-H1", "2023-H1", "2023-06-01", "2023-06-16", "948316.80", "2023-06-28 15:20", "41002315", "第一笔；按2023年上半年实际使用量结算"),
    ("PAY-2023-H2", "2023-H2", "2023-12-01", "2023-12-21", "961200.00", "2024-01-02 10:45", "41002316", "第二笔；12月31日为周日、1月1日元旦，1月2日到账"),
    ("PAY-2024-H1", "2024-H1", "2024-06-01", "2024-06-14", "955842.50", "2024-08-30 11:05", "41002317", "第三笔；财政资金未及时下达，8月30日到账"),
    ("PAY-2024-H2", "2024-H2", "2024-12-01", "2025-02-24", "963500.00", "2025-03-05 16:30", "41002318", "第四笔；原发票（2024-12-20开具）因结算金额调整作废，2025-02-24重开"),
    ("PAY-2025-H1", "2025-H1", "2025-06-01", "2025-06-20", "961200.00", "2025-06-27 09:40", "41002319", "第五笔"),
    ("PAY-2025-H2", "2025-H2", "2025-12-01", "2025-12-26", "960100.00", "2025-12-24 14:10", "41002320", "第六笔；年底集中支付，甲方先行付款，发票后补"),
]

# --- staff changes (3.2.2) -------------------------------------------------------------------

# id, role, person_out, person_in, requested_at (甲方's written request; None = 乙方's own rotation),
# effective_at, 原因
STAFF = [
    ("RY-2023-001", "resident", "李强", "赵敏", None, "2023-03-01 09:00", "驻场人员岗位轮换（乙方内部调整）"),
    ("RY-2023-002", "engineer", "王磊", "陈晨", "2023-07-10 10:00", "2023-07-14 09:00", "甲方函告：数据库运维能力不足，要求更换"),
    ("RY-2023-003", "engineer", "孙浩", "周婷", "2023-09-28 16:00", "2023-10-11 09:00", "甲方函告：安全加固操作不规范，要求更换"),
    ("RY-2023-004", "contact", "刘洋", "黄维", None, "2023-11-20 09:00", "项目联系人调整（乙方内部调整）"),
    ("RY-2024-001", "engineer", "吴迪", "郑凯", "2024-04-30 10:00", "2024-05-11 09:00", "甲方函告：虚拟化平台故障处置能力不足，要求更换"),
    ("RY-2024-002", "engineer", "何静", "冯涛", "2024-09-13 17:00", "2024-09-23 09:00", "甲方函告：中秋前后值守响应慢，要求更换"),
    ("RY-2024-003", "resident", "赵敏", "许亮", None, "2024-11-04 09:00", "驻场人员岗位轮换（乙方内部调整）"),
    ("RY-2025-001", "engineer", "郑凯", "马骁", "2025-04-21 09:30", "2025-04-25 09:00", "甲方函告：日志审计报告质量不达标，要求更换"),
    ("RY-2025-002", "engineer", "冯涛", "韩雪", None, "2025-08-18 09:00", "人员离职（乙方内部调整）"),
    ("RY-2025-003", "engineer", "马骁", "宋佳", "2025-12-29 11:00", "2026-01-05 09:00", "甲方函告：等保整改配合不力，要求更换（计划2026-01-05交接）"),
]

# --- maintenance (3.2.5) -----------------------------------------------------------------------

# Planted records; the regular monthly windows are generated in maintenance() below.
# id, planned_start, planned_end, notified_at, approved_at, category, affects_service, service_stopped, 工作内容
MAINT_PLANTED = [
    ("BG-2023-011", "2023-11-18 22:00", "2023-11-19 02:00", "2023-11-17 00:30", "2023-11-17 15:00", "upgrade", True, False,
     "云管平台版本升级（通知仅提前45.5小时）"),
    ("BG-2024-004", "2024-04-20 22:00", "2024-04-21 03:00", "2024-04-16 10:00", "2024-04-20 22:30", "upgrade", True, False,
     "分布式存储固件升级（甲方书面同意晚于开工30分钟）"),
    ("BG-2024-010", "2024-10-08 09:00", "2024-10-08 12:00", "2024-10-06 09:00", "2024-10-07 10:00", "upgrade", True, False,
     "节后首日WAF规则库升级（国庆期间10月6日9:00书面通知，恰好提前48小时）"),
    ("BG-2025-003", "2025-03-22 22:00", "2025-03-23 04:00", "2025-03-18 10:00", "2025-03-20 15:00", "maintenance", True, True,
     "核心交换机割接，施工中政务服务网对外服务中断约2小时"),
    ("BG-2025-006", "2025-06-21 22:00", "2025-06-22 02:00", "2025-06-17 10:00", "2025-06-21 22:00", "upgrade", True, False,
     "堡垒机版本升级（甲方书面同意恰在开工时刻）"),
    ("BG-2025-009", "2025-09-20 22:00", "2025-09-21 02:00", "2025-09-16 10:00", "2025-09-18 15:00", "maintenance", True, None,
     "防病毒网关特征库及引擎升级（施工记录未填写是否停服）"),
]

# --- faults (2.2.4, 3.2.6, 3.2.9) ----------------------------------------------------------------

# Planted faults; the regular ones are generated in faults() below.
# id, detected, responded, resolved, systems, downtime (None = blank), data_loss, data_leak, cause,
# notified_at, 描述
FAULT_PLANTED = [
    ("GZ-20240716-01", "2024-07-16 09:20", "2024-07-16 09:28", "2024-07-16 13:40", 1, 260, "none", False, "vendor", "2024-07-16 09:45",
     "分布式存储元数据服务异常，政务服务平台办件库不可用4小时20分钟"),
    ("GZ-20240902-01", "2024-09-02 14:01", "2024-09-02 14:06", "2024-09-02 18:00", 1, None, "none", False, "vendor", "2024-09-02 14:30",
     "虚拟化集群一台宿主机宕机，虚拟机HA迁移失败，手工恢复（3小时59分）"),
    ("GZ-20250314-01", "2025-03-14 08:10", "2025-03-14 08:15", "2025-03-14 13:30", 2, 320, "none", False, "third_party", "2025-03-14 09:05",
     "境外DDoS攻击，互联网出口拥塞，启用流量清洗后恢复"),
    ("GZ-20250519-01", "2025-05-19 02:30", "2025-05-19 02:41", "2025-05-19 06:10", 1, 150, "recovered", False, "third_party", "2025-05-19 05:45",
     "勒索病毒感染某委办局前置机，隔离并从备份恢复；3小时15分后才告知甲方"),
    ("GZ-20251002-01", "2025-10-02 10:00", "2025-10-02 10:04", "2025-10-02 11:20", 1, 80, "none", False, "third_party", "2025-10-02 12:00",
     "国庆期间网页篡改攻击，WAF拦截后恢复；12:00书面告知甲方（恰好2小时）"),
    ("GZ-20251118-01", "2025-11-18 15:30", "2025-11-18 15:36", None, 1, None, "none", False, "vendor", "2025-11-18 16:00",
     "短信网关接口间歇性超时（工单未填写恢复时间）"),
]

# --- other.jsonl -----------------------------------------------------------------------------------


def other() -> list[dict]:
    c = {"contract": CONTRACT}
    return [
        {"id": "PG-2023-FX", "kind": "audit", **c, "audit_type": "risk", "completed_on": "2023-11-24", "result": "pass",
         "agency": "河南省信息安全测评中心", "note": "漯河市政务云平台2023年度信息安全风险评估"},
        {"id": "PG-2024-FX", "kind": "audit", **c, "audit_type": "risk", "completed_on": "2024-12-31", "result": "pass",
         "agency": "河南省信息安全测评中心", "note": "2024年度信息安全风险评估（12月31日出具报告）"},
        {"id": "PG-2023-DB", "kind": "audit", **c, "audit_type": "mlps", "completed_on": "2023-09-15", "result": "pass",
         "level": 3, "valid_until": "2024-09-14", "agency": "河南省信息安全等级保护测评中心", "note": "政务云平台等保三级测评"},
        {"id": "PG-2024-DB", "kind": "audit", **c, "audit_type": "mlps", "completed_on": "2024-09-10", "result": "pass",
         "level": 3, "valid_until": "2025-09-09", "agency": "河南省信息安全等级保护测评中心", "note": "政务云平台等保三级测评"},
        {"id": "PG-2025-DB", "kind": "audit", **c, "audit_type": "mlps", "completed_on": "2025-09-05", "result": "pass",
         "level": 3, "valid_until": "2026-09-04", "agency": "河南省信息安全等级保护测评中心",
         "note": "政务云平台等保三级测评（2025年度风险评估未开展，计划2026年一季度）"},
        {"id": "BKK-2023-01", "kind": "force_majeure", **c, "occurred_at": "2023-07-29",
         "notified_at": "2023-08-03T16:00:00", "proof_at": "2023-08-21T09:00:00",
         "event": "台风“杜苏芮”残余环流强降雨，机房所在园区内涝，外部供电中断", "proof": "漯河市气象台暴雨红色预警及供电公司停电证明"},
        {"id": "BKK-2024-01", "kind": "force_majeure", **c, "occurred_at": "2024-09-26",
         "notified_at": "2024-10-08T10:00:00", "proof_at": "2024-10-16T17:00:00",
         "event": "雷击导致机房进线电源模块损坏", "proof": "气象部门雷电监测证明"},
        {"id": "BKK-2025-01", "kind": "force_majeure", **c, "occurred_at": "2025-12-20",
         "notified_at": "2025-12-22T10:00:00",
         "event": "寒潮冰冻致光缆杆路倒伏，互联网出口单路中断", "proof": "（证明待气象、电力部门出具）"},
        {"id": "TX-2023-001", "kind": "contact_change", **c, "changed_at": "2023-05-15", "notified_at": "2023-05-19T10:00:00",
         "party": "乙方", "field": "联系电话", "old": "0395-2631000", "new": "0395-2631088"},
        {"id": "TX-2024-001", "kind": "contact_change", **c, "changed_at": "2024-09-27", "notified_at": "2024-10-16T17:00:00",
         "party": "甲方", "field": "联系人", "old": "余焕璋", "new": "李文博"},
        {"id": "TX-2025-001", "kind": "contact_change", **c, "changed_at": "2025-03-03", "notified_at": "2025-03-18T10:00:00",
         "party": "乙方", "field": "电子邮箱", "old": "huangwei@ha.chinamobile.com", "new": "lhzq-yw@ha.chinamobile.com"},
        {"id": "TX-2025-002", "kind": "contact_change", **c, "changed_at": "2025-12-24",
         "party": "乙方", "field": "通讯地址", "old": "漯河市湘江东路23号", "new": "漯河市黄河路96号"},
    ]


# --- generated bulk ----------------------------------------------------------------------------------

ENGINEERS = ["陈晨", "周婷", "郑凯", "冯涛", "许亮", "马骁", "韩雪", "宋佳"]
INSPECT_TARGETS = ["计算资源池", "分布式存储", "核心交换机", "防火墙/网闸", "WAF", "数据库服务器集群", "堡垒机", "短信网关"]


def maintenance(rng: random.Random) -> list[list]:
    """One change window a month: the third Saturday 22:00 (moved a week on a rest-day holiday),
    notice the Tuesday before at 10:00, consent the Thursday 15:00; odd months affect service."""
    planted_months = {r[1][:7] for r in MAINT_PLANTED}
    rows = []
    works = ["操作系统安全补丁更新", "虚拟化平台补丁升级", "防火墙策略优化", "存储扩容", "负载均衡配置调整", "备份系统巡检与升级",
             "日志审计系统规则更新", "IPS特征库升级", "DDoS清洗策略调整", "数据库集群补丁", "网闸策略更新", "监控探针升级"]
    for y in (2023, 2024, 2025):
        for m in range(1, 13):
            if f"{y}-{m:02d}" in planted_months:
                continue
            first = dt.date(y, m, 1)
            sat = first + dt.timedelta(days=(5 - first.weekday()) % 7 + 14)
            while sat in HOLIDAYS:
                sat += dt.timedelta(days=7)
            start = dt.datetime.combine(sat, dt.time(22, 0))
            affects = m % 2 == 1
            notified = dt.datetime.combine(sat - dt.timedelta(days=4), dt.time(10, 0)) if affects else None
            approved = dt.datetime.combine(sat - dt.timedelta(days=2), dt.time(15, 0)) if affects else None
            what = works[(y * 12 + m) % len(works)]
            rows.append([f"BG-{y}-{m:03d}", "maintenance", CONTRACT, start, start + dt.timedelta(hours=4), notified, approved,
                         "upgrade" if "升级" in what else "maintenance", affects, False if affects else None,
                         what + ("" if affects else "（不影响服务）")])
    for mid, s, e, n, a, cat, aff, stop, what in MAINT_PLANTED:
        rows.append([mid, "maintenance", CONTRACT, T(s), T(e), T(n) if n else None, T(a) if a else None, cat, aff, stop, what])
    rows.sort(key=lambda r: (r[3], r[0]))
    return rows


def faults(rng: random.Random) -> list[list]:
    """Regular faults: about one a month, 乙方's own, one system, 8–150 minutes; every fourth an
    outside cause, 甲方 informed within 15–90 minutes."""
    rows = []
    descs = ["虚拟机磁盘IO告警，迁移后恢复", "云管平台登录超时", "负载均衡健康检查误判，业务短暂不可达", "短信网关发送队列积压",
             "数据库主从同步延迟告警", "存储节点网卡故障切换", "防火墙会话数超限", "DNS解析异常", "互联网出口链路抖动",
             "虚拟化管理节点服务异常", "备份任务失败重跑", "WAF误拦截正常办件请求"]
    outside = ["运营商互联网出口光缆被市政施工挖断", "针对政务服务网的CC攻击", "上游CDN节点故障", "扫描探测流量激增触发限流"]
    planted_days = {r[1][:10] for r in FAULT_PLANTED}
    for y in (2023, 2024, 2025):
        for m in range(1, 13):
            day = dt.date(y, m, 1 + rng.randrange(27))
            if day.isoformat() in planted_days:
                day += dt.timedelta(days=1)
            det = dt.datetime.combine(day, dt.time(rng.randrange(0, 24), rng.choice([0, 5, 12, 20, 33, 41, 50])))
            down = rng.randrange(8, 151)
            third = (y * 12 + m) % 4 == 0
            cause = "third_party" if third else "vendor"
            notify = det + dt.timedelta(minutes=rng.randrange(15, 91))
            desc = rng.choice(outside) if third else rng.choice(descs)
            rows.append([f"GZ-{day.strftime('%Y%m%d')}-01", "fault", det, det + dt.timedelta(minutes=rng.randrange(3, 11)),
                         det + dt.timedelta(minutes=down + rng.randrange(0, 20)), 1, down, "none", False, cause, notify, desc])
    for fid, det, resp, res, n, down, loss, leak, cause, notif, desc in FAULT_PLANTED:
        rows.append([fid, "fault", T(det), T(resp), T(res) if res else None, n, down, loss, leak, cause, T(notif), desc])
    rows.sort(key=lambda r: (r[2], r[0]))
    return rows


NO_LOG_AUDIT_MONTH = (2024, 2)  # planted: the weekly log audits stopped over 春节 and the staff change
NO_HARDENING_QUARTER = (2025, 2)  # planted: no hardening in 2025-Q2
NO_REPORT_MONTH = (2023, 8)  # planted: no security-situation report delivered in August 2023


def security_tasks(rng: random.Random) -> dict[int, list[list]]:
    by_year: dict[int, list[list]] = {2023: [], 2024: [], 2025: []}
    # daily inspection on every working day (补班 days included)
    for d in WORKDAYS:
        alarms = rng.choice([0, 0, 0, 0, 0, 1, 2])
        by_year[d.year].append([f"XJ-{d.strftime('%Y%m%d')}", "security_task", CONTRACT, d, "inspection",
                                rng.choice(ENGINEERS), "全平台日常巡检：" + "、".join(rng.sample(INSPECT_TARGETS, 3)),
                                "正常" if not alarms else f"发现告警{alarms}项，已处理"])
    # weekly log audit on the first working day of each ISO week
    seen_weeks = set()
    for d in WORKDAYS:
        wk = d.isocalendar()[:2]
        if wk in seen_weeks:
            continue
        seen_weeks.add(wk)
        if (d.year, d.month) == NO_LOG_AUDIT_MONTH:
            continue
        by_year[d.year].append([f"RZSJ-{d.strftime('%Y%m%d')}", "security_task", CONTRACT, d, "log_audit",
                                rng.choice(ENGINEERS), "日志审计系统周审计（防火墙、堡垒机、数据库）",
                                "未发现异常" if rng.random() < 0.8 else "发现异常登录尝试，已封禁来源IP"])
    # weekly full backup every Sunday
    for d in _days(START, END):
        if d.weekday() == 6:
            by_year[d.year].append([f"BF-{d.strftime('%Y%m%d')}", "security_task", CONTRACT, d, "backup",
                                    "备份系统（自动）", "云平台配置及管理数据库全量备份", "成功"])
    # quarterly hardening in the second month of the quarter, plus one ad-hoc after a vulnerability notice
    for y in (2023, 2024, 2025):
        for q in range(1, 5):
            if (y, q) == NO_HARDENING_QUARTER:
                continue
            m = 3 * q - 1
            d = next(x for x in _days(dt.date(y, m, 10), dt.date(y, m, 28)) if is_workday(x))
            by_year[y].append([f"JG-{y}Q{q}-01", "security_task", CONTRACT, d, "hardening", rng.choice(ENGINEERS),
                               "季度安全加固：系统补丁、基线核查、高危端口关闭", "完成"])
    by_year[2024].append(["JG-2024Q3-02", "security_task", CONTRACT, D("2024-07-05"), "hardening", "周婷",
                          "OpenSSH高危漏洞（CVE-2024-6387）应急加固", "完成"])
    # monthly security-situation report on the last working day of the month
    for y in (2023, 2024, 2025):
        for m in range(1, 13):
            if (y, m) == NO_REPORT_MONTH:
                continue
            last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
            while not is_workday(last):
                last -= dt.timedelta(days=1)
            by_year[y].append([f"TSBG-{y}{m:02d}", "security_task", CONTRACT, last, "security_report", "黄维",
                               f"{y}年{m}月政务云安全态势报告（报送各云资源使用部门）", "已报送"])
    for rows in by_year.values():
        rows.sort(key=lambda r: (r[3], r[0]))
    return by_year


# --- the expected findings (every fail / ambiguous / unknown / pending) -------------------------------

PLANTED = [
    {"obligation": "LH-INVOICE-7WD", "event_ids": ["PAY-2024-H1"], "status": "ambiguous",
     "note": "paid Fri 2024-08-30; S = 08-21; invoice 06-14 is before S: lead reading met, window reading not"},
    {"obligation": "LH-INVOICE-7WD", "event_ids": ["PAY-2025-H1"], "status": "ambiguous",
     "note": "paid Fri 2025-06-27; S = 06-18; invoice 06-20 is inside the window but later than S"},
    {"obligation": "LH-INVOICE-7WD", "event_ids": ["PAY-2025-H2"], "status": "fail",
     "note": "paid 2025-12-24, invoice 2025-12-26: after the payment, neither reading"},
    {"obligation": "LH-PAY-H1", "event_ids": ["PAY-2024-H1"], "status": "fail", "severity": "major",
     "due": "2024-07-01", "note": "06-30 Sunday -> Mon 07-01; paid 08-30 = 60 days, interest 6 % exactly (not above)"},
    {"obligation": "LH-PAY-H2", "event_ids": ["PAY-2024-H2"], "status": "ambiguous",
     "due": "2024-12-31", "note": ("paid 2025-03-05, 64 days after 12-31; but the valid invoice came 2025-02-24, "
                                   "41 working days after its day 12-20 (7th working day before 12-31): 2.2.1 相应顺延 "
                                   "moves the last day 41 working days to 2025-03-05, so paid on the postponed "
                                   "last day: ambiguous, not a late payment with interest (issue 11)")},
    {"obligation": "LH-FAULT-MAJOR", "event_ids": ["GZ-20240716-01"], "status": "info", "severity": "info",
     "note": "乙方's fault, 260 minutes ≥ 240"},
    {"obligation": "LH-FAULT-MAJOR", "event_ids": ["GZ-20251118-01"], "status": "unknown",
     "note": "no resolved_at and no downtime_minutes"},
    {"obligation": "LH-ENGINEER-REPLACE", "event_ids": ["RY-2024-001"], "status": "fail", "due": "2024-05-10",
     "note": "requested Tue 04-30; 05-06..05-10 = 5 working days; replaced Sat 05-11 (补班, the 6th)"},
    {"obligation": "LH-WORK-NOTICE-48H", "event_ids": ["BG-2023-011"], "status": "fail", "due": "2023-11-16 22:00",
     "note": "start 11-18 22:00, notified 11-17 00:30 = 45.5 hours"},
    {"obligation": "LH-WORK-CONSENT", "event_ids": ["BG-2024-004"], "status": "fail", "due": "2024-04-20 22:00",
     "note": "consent 22:30, 30 minutes after the start"},
    {"obligation": "LH-WORK-NO-STOP", "event_ids": ["BG-2025-003"], "status": "fail", "note": "service_stopped true"},
    {"obligation": "LH-WORK-NO-STOP", "event_ids": ["BG-2025-009"], "status": "unknown",
     "note": "service_stopped blank on work that affects service"},
    {"obligation": "LH-SEC-LOG-AUDIT", "event_ids": [], "status": "fail", "period": "2024-02-01/2024-02-29"},
    {"obligation": "LH-SEC-HARDENING", "event_ids": [], "status": "fail", "period": "2025-04-01/2025-06-30"},
    {"obligation": "LH-SEC-REPORT", "event_ids": [], "status": "fail", "period": "2023-08-01/2023-08-31"},
    {"obligation": "LH-SEC-RISK", "event_ids": [], "status": "fail", "period": "2025-01-01/2025-12-31"},
    {"obligation": "LH-INCIDENT-NOTIFY", "event_ids": ["GZ-20250519-01"], "status": "fail", "due": "2025-05-19 04:30",
     "note": "virus, detected 02:30, 甲方 informed 05:45"},
    {"obligation": "LH-FM-PROOF", "event_ids": ["BKK-2023-01"], "status": "fail", "due": "2023-08-18",
     "note": "occurred Sat 07-29 + 20 = Fri 08-18; proof Mon 08-21"},
    {"obligation": "LH-CONTACT-CHANGE", "event_ids": ["TX-2025-001"], "status": "fail", "due": "2025-03-17",
     "note": "changed Mon 03-03; 10th working day Mon 03-17; notified 03-18"},
    {"obligation": "LH-CONTACT-CHANGE-STAFF", "event_ids": ["RY-2023-004"], "status": "fail", "due": "2023-12-04",
     "note": "the contact person changed Mon 2023-11-20 (a staff_change, role contact) and no notice is recorded; "
             "10th working day after: 11-21..24, 27..30, 12-01, 12-04"},
]

# Deadlines that arose in the term but end after it: reported (pending) by a default check, whose
# window has no end.
PENDING_AFTER_TERM = [
    {"obligation": "LH-ENGINEER-REPLACE", "event_ids": ["RY-2025-003"], "status": "pending", "due": "2026-01-06"},
    {"obligation": "LH-FM-PROOF", "event_ids": ["BKK-2025-01"], "status": "pending", "due": "2026-01-09"},
    {"obligation": "LH-CONTACT-CHANGE", "event_ids": ["TX-2025-002"], "status": "pending", "due": "2026-01-08"},
]


def _self_check() -> None:
    """The counting behind each planted item and trap, against this file's own calendar."""
    # invoice windows (S = the 7th working day before the payment day)
    assert add_workdays(D("2023-06-28"), -7) == D("2023-06-16")  # PAY-2023-H1: 补班 Sun 06-25 counted -> pass
    assert add_workdays(D("2024-01-02"), -7) == D("2023-12-21")  # PAY-2023-H2 -> pass
    assert add_workdays(D("2024-08-30"), -7) == D("2024-08-21")  # PAY-2024-H1: invoice 06-14 < S -> ambiguous
    assert add_workdays(D("2025-03-05"), -7) == D("2025-02-24")  # PAY-2024-H2: re-issued on S -> pass
    assert add_workdays(D("2025-06-27"), -7) == D("2025-06-18")  # PAY-2025-H1: invoice 06-20 in (S, paid] -> ambiguous
    # payment last days: node_at + 29 (June) / + 30 (December), rolled
    assert natural_last_day(D("2023-06-01"), 29) == D("2023-06-30")
    assert natural_last_day(D("2023-12-01"), 30) == D("2024-01-02")  # Sun 12-31, 元旦 01-01
    assert natural_last_day(D("2024-06-01"), 29) == D("2024-07-01")  # Sun 06-30
    assert natural_last_day(D("2024-12-01"), 30) == D("2024-12-31")
    assert natural_last_day(D("2025-06-01"), 29) == D("2025-06-30")
    assert natural_last_day(D("2025-12-01"), 30) == D("2025-12-31")
    assert (D("2024-08-30") - D("2024-07-01")).days == 60  # 6.0 %: not above
    assert (D("2025-03-05") - D("2024-12-31")).days == 64  # 6.4 %
    # staff replacements: 5 working days
    assert add_workdays(D("2023-07-10"), 5) == D("2023-07-17")  # RY-2023-002 replaced 07-14
    assert add_workdays(D("2023-09-28"), 5) == D("2023-10-11")  # RY-2023-003: 补班 10-07, 10-08 -> pass
    assert add_workdays(D("2024-04-30"), 5) == D("2024-05-10")  # RY-2024-001: replaced 05-11 -> fail
    assert add_workdays(D("2024-09-13"), 5) == D("2024-09-23")  # RY-2024-002: 补班 Sat 09-14 -> pass
    assert add_workdays(D("2025-04-21"), 5) == D("2025-04-27")  # RY-2025-001: 补班 Sun 04-27 is the 5th; replaced 04-25
    assert add_workdays(D("2025-12-29"), 5) == D("2026-01-06")  # RY-2025-003: pending after the term
    # force majeure: 5 / 20 natural days, rolled
    assert natural_last_day(D("2023-07-29"), 5) == D("2023-08-03")  # notified 08-03 -> pass
    assert natural_last_day(D("2023-07-29"), 20) == D("2023-08-18")  # proof 08-21 -> fail
    assert natural_last_day(D("2024-09-26"), 5) == D("2024-10-08")  # 10-01 国庆 -> rolled; notified 10-08
    assert natural_last_day(D("2024-09-26"), 20) == D("2024-10-16")  # proof 10-16 -> pass
    assert natural_last_day(D("2025-12-20"), 5) == D("2025-12-25")  # notified 12-22 -> pass
    assert natural_last_day(D("2025-12-20"), 20) == D("2026-01-09")  # proof pending after the term
    # contact changes: 10 working days
    assert add_workdays(D("2023-05-15"), 10) == D("2023-05-29")
    assert add_workdays(D("2024-09-27"), 10) == D("2024-10-16")  # 补班 09-29 and 10-12 -> notified 10-16 passes
    assert add_workdays(D("2025-03-03"), 10) == D("2025-03-17")  # notified 03-18 -> fail
    assert add_workdays(D("2025-12-24"), 10) == D("2026-01-08")  # pending after the term


def main() -> None:
    _self_check()
    rng = random.Random(SEED)
    OUT_DIR.mkdir(parents=True, exist_ok=True)

    # payments.xlsx — 乙方's receivables ledger
    pay_header = ["id", "kind", "contract", "period", "node_at", "invoice_at", "amount", "paid_at", "付款笔次", "发票号码", "备注"]
    names = ["第一笔", "第二笔", "第三笔", "第四笔", "第五笔", "第六笔"]
    pay_rows = [[pid, "payment", CONTRACT, per, D(node), D(inv), float(Decimal(amt)), T(paid), names[i], no, note]
                for i, (pid, per, node, inv, amt, paid, no, note) in enumerate(PAYMENTS)]
    total = sum(Decimal(p[4]) for p in PAYMENTS)
    write_xlsx(OUT_DIR / "payments.xlsx", [
        ("回款台账", pay_header, pay_rows,
         {"id": 14, "period": 10, "node_at": 12, "invoice_at": 12, "amount": 14, "paid_at": 17, "发票号码": 12, "备注": 60}),
        ("说明", ["项目", "内容"],
         [["合同", "漯河市“互联网+政务服务”平台云资源服务项目（合同总价5,767,200元，36个月）"],
          ["node_at", "合同2.2.1约定的付款月份，记为当月1日（如“于2023年6月”记为2023-06-01）"],
          ["paid_at", "款项到达合同2.2.2约定账户的时间（以银行回单为准）"],
          ["合计结算金额", f"{total:,.2f}"],
          ["导出时间", XLSX_TIME]],
         {"项目": 14, "内容": 70}),
    ], creator=XLSX_CREATOR, time=XLSX_TIME)

    # staff_changes.csv — GB18030, CRLF
    write_csv(OUT_DIR / "staff_changes.csv",
              ["id", "kind", "contract", "role", "person_out", "person_in", "requested_at", "effective_at", "原因"],
              [[sid, "staff_change", CONTRACT, role, out, inn, T(req) if req else None, T(eff), why]
               for sid, role, out, inn, req, eff, why in STAFF],
              "gb18030", crlf=True)

    # maintenance.csv — UTF-8 with BOM
    write_csv(OUT_DIR / "maintenance.csv",
              ["id", "kind", "contract", "planned_start", "planned_end", "notified_at", "approved_at", "category",
               "affects_service", "service_stopped", "工作内容"],
              maintenance(rng), "utf-8-sig", crlf=True)

    # faults.xlsx
    fault_header = ["id", "kind", "detected_at", "responded_at", "resolved_at", "systems_affected", "downtime_minutes",
                    "data_loss", "data_leak", "cause", "notified_at", "故障描述"]
    ts_w = 17
    write_xlsx(OUT_DIR / "faults.xlsx", [
        ("故障工单", fault_header, faults(rng),
         {"id": 17, "detected_at": ts_w, "responded_at": ts_w, "resolved_at": ts_w, "notified_at": ts_w,
          "systems_affected": 9, "downtime_minutes": 9, "故障描述": 70}),
        ("导出说明", ["项目", "内容"],
         [["系统", "中国移动漯河分公司 政企运维平台 故障工单模块"],
          ["导出范围", "2023-01-01 至 2025-12-31"],
          ["导出时间", XLSX_TIME],
          ["说明", "downtime_minutes 为业务不可用时长；为空表示工单未填写；notified_at 为告知甲方时间"]],
         {"项目": 12, "内容": 70}),
    ], creator=XLSX_CREATOR, time=XLSX_TIME)

    # security_tasks_YYYY.csv — three exports of the same task log
    header = ["id", "kind", "contract", "done_on", "task_type", "执行人", "内容", "结果"]
    tasks = security_tasks(rng)
    write_csv(OUT_DIR / "security_tasks_2023.csv", header, tasks[2023], "utf-8", crlf=False)
    write_csv(OUT_DIR / "security_tasks_2024.csv", header, tasks[2024], "utf-8-sig", crlf=False)
    write_csv(OUT_DIR / "security_tasks_2025.csv", header, tasks[2025], "gb18030", crlf=True)

    ids = [r[0] for r in pay_rows] + [s[0] for s in STAFF] + [r[0] for r in maintenance(random.Random(SEED))]
    ids += [r[0] for rows in tasks.values() for r in rows] + [o["id"] for o in other()]
    assert len(ids) == len(set(ids)), "record ids must be unique"
    write_jsonl(OUT_DIR / "other.jsonl", other())

    doc = {"ruleset": "rulesets/luohe", "records": "samples/luohe", "as_of": "2025-12-31",
           "calendar_dirs": [], "findings": PLANTED + PENDING_AFTER_TERM}
    write_json(EXPECTED, doc)


if __name__ == "__main__":
    main()
