#!/usr/bin/env python3
"""Generate the shipped sample records for the 鹤壁市数据备份云服务 contract.

    .venv/bin/python scripts/make_samples.py

writes

    samples/hebi-backup/attendance_2026H2.csv   GB18030, CRLF (Excel on Chinese Windows)
    samples/hebi-backup/faults.xlsx             ticket system export, real datetime cells
    samples/hebi-backup/outages.csv             UTF-8 (monitoring platform)
    samples/hebi-backup/maintenance.csv         UTF-8 with BOM (change register)
    samples/hebi-backup/requests.xlsx           甲方's register of formal request letters
    samples/hebi-backup/reports.csv             UTF-8 (report submission register)
    samples/hebi-backup/other.jsonl             UTF-8, one JSON object per line
    samples/hebi-backup.expected.json           the findings the checker must produce

covering 2026-07-01 .. 2026-12-31, to be checked with ``--as-of 2026-12-31``.

Deterministic: a fixed random seed, no clock reads; the XLSX files get fixed workbook
properties and fixed zip entry timestamps, so two runs give byte-identical files.
Every planted violation is listed in PLANTED below and in samples/README.md.

The working-day calendar is hard-coded here from 国务院办公厅关于2026年部分节假日安排的通知
(only the second half of 2026 is needed): 中秋 09-25..27, 国庆 10-01..07 off;
补班 Sun 09-20 and Sat 10-10.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from samplekit import T, write_csv, write_json, write_jsonl, write_xlsx  # noqa: E402
from samplekit import days as _days, iso as _iso  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "samples" / "hebi-backup"
EXPECTED = ROOT / "samples" / "hebi-backup.expected.json"  # {ruleset, records, as_of, calendar_dirs, findings}

CONTRACT = "hebi-backup"
SEED = 20260701
START = dt.date(2026, 7, 1)
END = dt.date(2026, 12, 31)  # the as-of date of the sample check
CONTRACT_YEAR = "2026-07-01/2027-06-30"

# Fixed timestamps for file metadata (never the clock).
XLSX_TIME = dt.datetime(2026, 12, 31, 18, 0, 0)
XLSX_CREATOR = "中移系统集成有限公司 运维服务平台"  # workbook creator / lastModifiedBy

# --- calendar (2026 H2 only) -------------------------------------------------------

HOLIDAYS = set(_days(dt.date(2026, 9, 25), dt.date(2026, 9, 27))) | set(
    _days(dt.date(2026, 10, 1), dt.date(2026, 10, 7))
)
MAKEUP_WORKDAYS = {dt.date(2026, 9, 20), dt.date(2026, 10, 10)}  # 补班


def is_workday(d: dt.date) -> bool:
    return d in MAKEUP_WORKDAYS or (d.weekday() < 5 and d not in HOLIDAYS)


WORKDAYS = [d for d in _days(START, END) if is_workday(d)]

# --- attendance -----------------------------------------------------------------------

RESIDENT = "张伟"
SECOND = "李娜"
# Working days with no attendance record at all (planted HBB-RESIDENT failures).
NO_ATTENDANCE = {dt.date(2026, 10, 10), dt.date(2026, 11, 17)}
# 张伟 absent but 李娜 covers (not a violation).
COVERED = {dt.date(2026, 8, 14): "病假（已报备），李娜替班"}
RESIDENT_LATE = {
    dt.date(2026, 7, 14): "迟到12分钟（交通拥堵）",
    dt.date(2026, 8, 27): "迟到20分钟（暴雨）",
    dt.date(2026, 10, 12): "迟到9分钟",
    dt.date(2026, 12, 15): "迟到15分钟（道路结冰）",
}
RESIDENT_REMARKS = {
    dt.date(2026, 9, 20): "补班（国庆调休）",
    dt.date(2026, 7, 1): "合同首日驻场",
    dt.date(2026, 9, 18): "配合等保测评现场",
    dt.date(2026, 11, 20): "数据恢复应急演练",
    dt.date(2026, 12, 31): "年末巡检",
}
SECOND_REMARKS = ["", "", "", "巡检", "配合备份任务调整", "机房巡检", "备份集抽检"]


def attendance(rng: random.Random) -> list[list]:
    rows = []
    for d in WORKDAYS:
        if d in NO_ATTENDANCE:
            continue
        ymd = d.strftime("%Y%m%d")
        if d in COVERED:
            rows.append([f"ATT-{ymd}-01", "attendance", CONTRACT, d, RESIDENT, "absent", COVERED[d]])
            rows.append([f"ATT-{ymd}-02", "attendance", CONTRACT, d, SECOND, "present", "替班驻场"])
            continue
        if d in RESIDENT_LATE:
            rows.append([f"ATT-{ymd}-01", "attendance", CONTRACT, d, RESIDENT, "late", RESIDENT_LATE[d]])
        else:
            rows.append(
                [f"ATT-{ymd}-01", "attendance", CONTRACT, d, RESIDENT, "present", RESIDENT_REMARKS.get(d, "")]
            )
        # 李娜 joins on roughly a quarter of the working days (deterministic draw).
        x = rng.random()
        if x < 0.25:
            status = "late" if x < 0.01 else "present"
            remark = "迟到10分钟" if status == "late" else rng.choice(SECOND_REMARKS)
            rows.append([f"ATT-{ymd}-02", "attendance", CONTRACT, d, SECOND, status, remark])
    return rows


# --- faults and outages ---------------------------------------------------------------

# id, detected, responded, onsite, resolved, systems, downtime (None = blank), data_loss,
# data_leak, cause, reported, 描述
FAULTS = [
    ("FLT-20260708-01", "2026-07-08 09:12", "2026-07-08 09:17", "2026-07-08 09:21", "2026-07-08 10:35", 1, 0, "none", False, "vendor", True,
     "政务外网备份子中心：某业务系统夜间增量备份作业失败，重新调度后完成"),
    ("FLT-20260716-01", "2026-07-16 02:43", "2026-07-16 02:49", "2026-07-16 03:31", "2026-07-16 03:48", 1, 10, "none", False, "third_party", True,
     "运营商专线A中断，自动切换专线B未成功，手工切换后恢复，备份链路中断10分钟"),
    ("FLT-20260723-01", "2026-07-23 14:05", "2026-07-23 14:09", "2026-07-23 14:12", "2026-07-23 14:19", 1, None, "none", False, "vendor", True,
     "政府专网备份子中心备份管理服务进程异常退出，重启后恢复"),
    ("FLT-20260730-01", "2026-07-30 10:40", "2026-07-30 10:44", "2026-07-30 10:52", "2026-07-30 13:10", 1, 0, "recovered", False, "vendor", True,
     "某委办局数据库备份集校验失败（备份集损坏），已从上一完整备份重新备份，数据已恢复"),
    ("FLT-20260805-01", "2026-08-05 10:20", "2026-08-05 10:58", "2026-08-05 11:15", "2026-08-05 12:05", 1, 0, "none", False, "vendor", True,
     "存储池容量告警，值班工程师38分钟后才响应"),
    ("FLT-20260818-01", "2026-08-18 16:30", "2026-08-18 16:35", "2026-08-18 16:41", "2026-08-18 17:25", 1, 0, "none", False, "client", True,
     "甲方业务系统改造后备份代理端口变更，备份作业连接失败；协助甲方调整配置"),
    ("FLT-20260829-01", "2026-08-29 22:10", "2026-08-29 22:16", "2026-08-29 23:25", "2026-08-30 00:40", 1, 0, "none", False, "vendor", True,
     "夜间磁盘阵列硬盘故障告警，工程师23:25到场更换硬盘并完成RAID重建，业务未中断"),
    ("FLT-20260903-01", "2026-09-03 16:02", "2026-09-03 16:12", "2026-09-03 16:20", "2026-09-03 17:05", 1, 0, "none", False, "vendor", True,
     "备份一体机网卡链路抖动，备份作业速率下降"),
    ("FLT-20260917-01", "2026-09-17 09:30", "2026-09-17 09:34", "2026-09-17 09:38", "2026-09-17 10:02", 1, 0, "none", False, "vendor", True,
     "备份平台资源使用情况总览页面数据不刷新"),
    ("FLT-20261004-01", "2026-10-04 11:20", "2026-10-04 11:26", "2026-10-04 12:05", "2026-10-04 11:40", 1, None, "none", False, "third_party", True,
     "国庆假期机房市电切换，备份网关重启，远程恢复后工程师到场复核"),
    ("FLT-20261015-01", "2026-10-15 08:30", "2026-10-15 08:36", "2026-10-15 08:50", "2026-10-15 15:30", 1, 15, "none", False, "vendor", True,
     "专网备份子中心存储控制器故障，切换备用控制器15分钟后恢复服务，更换故障控制器至15:30完成"),
    ("FLT-20261022-01", "2026-10-22 14:15", "2026-10-22 14:20", "2026-10-22 14:26", "2026-10-22 15:40", 1, 0, "none", False, "vendor", True,
     "备份软件许可证到期告警，新增备份任务无法创建"),
    ("FLT-20261107-01", "2026-11-07 03:15", "2026-11-07 03:21", "2026-11-07 04:15", "2026-11-07 05:40", 1, 0, "none", False, "vendor", True,
     "夜间备份存储节点风扇故障、温度告警"),
    ("FLT-20261112-01", "2026-11-12 10:05", "2026-11-12 10:08", "2026-11-12 10:14", "2026-11-12 11:10", 1, 0, "none", False, "third_party", True,
     "京东云侧网络策略调整，云上系统备份作业失败"),
    ("FLT-20261124-01", "2026-11-24 10:05", "2026-11-24 10:09", "2026-11-24 10:12", "2026-11-24 10:40", 3, 22, "none", False, "vendor", True,
     "备份网关集群主节点故障，人社、公积金、不动产三个业务系统备份/恢复服务中断22分钟"),
    ("FLT-20261201-01", "2026-12-01 09:50", "2026-12-01 09:53", "2026-12-01 09:58", "2026-12-01 10:30", 1, 0, "none", False, "vendor", True,
     "备份作业调度延迟"),
    ("FLT-20261206-01", "2026-12-06 01:20", "2026-12-06 01:27", "2026-12-06 02:05", "2026-12-06 02:31", 1, 8, "none", False, "vendor", False,
     "夜间备份存储网关宕机8分钟，未向甲方报告；甲方12月巡检比对监控日志时发现"),
    ("FLT-20261210-01", "2026-12-10 15:10", "2026-12-10 15:14", "2026-12-10 15:20", "2026-12-10 16:05", 1, 0, "none", False, "client", True,
     "甲方机房交换机配置变更导致备份流量中断"),
    ("FLT-20261216-01", "2026-12-16 08:55", "2026-12-16 09:00", "2026-12-16 09:03", "2026-12-16 09:47", 1, 0, "none", False, "vendor", True,
     "备份平台告警短信网关发送失败"),
    ("FLT-20261222-01", "2026-12-22 20:30", "2026-12-22 20:36", "2026-12-22 21:12", "2026-12-22 22:05", 1, 0, "none", False, "vendor", True,
     "异地备份复制任务积压"),
]

# id, start, end, system, fault_id  (the monitoring platform's outage log)
OUTAGES = [
    ("OUT-20260716-01", "2026-07-16 02:41", "2026-07-16 02:51", "政务外网备份子中心", "FLT-20260716-01"),
    ("OUT-20260723-01", "2026-07-23 14:05", "2026-07-23 14:19", "政府专网备份子中心", "FLT-20260723-01"),
    ("OUT-20261004-01", "2026-10-04 11:20", "2026-10-04 11:40", "政务外网备份子中心", "FLT-20261004-01"),
    ("OUT-20261015-01", "2026-10-15 08:29", "2026-10-15 08:44", "政府专网备份子中心", "FLT-20261015-01"),
    # one fault, three systems, overlapping: merged 10:03-10:25 = 22 min
    ("OUT-20261124-01", "2026-11-24 10:03", "2026-11-24 10:25", "人社业务系统备份", "FLT-20261124-01"),
    ("OUT-20261124-02", "2026-11-24 10:04", "2026-11-24 10:24", "公积金业务系统备份", "FLT-20261124-01"),
    ("OUT-20261124-03", "2026-11-24 10:05", "2026-11-24 10:22", "不动产登记系统备份", "FLT-20261124-01"),
    ("OUT-20261206-01", "2026-12-06 01:19", "2026-12-06 01:27", "政务外网备份子中心", "FLT-20261206-01"),
]

# --- maintenance -----------------------------------------------------------------------

# id, planned_start, planned_end, notified_at (None = no notice), category, affects_service, 工作内容
MAINTENANCE = [
    ("MNT-2026-001", "2026-07-18 22:00", "2026-07-19 02:00", "2026-07-06 10:30", "maintenance", True, "政务外网备份子中心核心交换机固件维护"),
    ("MNT-2026-002", "2026-07-25 01:00", "2026-07-25 05:00", None, "maintenance", False, "备份存储月度巡检（不影响服务）"),
    ("MNT-2026-003", "2026-08-08 22:00", "2026-08-09 03:00", "2026-07-27 09:40", "maintenance", True, "京东云方向备份专线割接"),
    ("MNT-2026-004", "2026-08-20 20:00", "2026-08-20 22:00", "2026-08-18 15:00", "maintenance", False, "备份一体机日志清理"),
    ("MNT-2026-005", "2026-09-05 22:00", "2026-09-06 04:00", "2026-08-24 11:00", "upgrade", True, "备份软件版本升级"),
    ("MNT-2026-006", "2026-10-08 20:00", "2026-10-08 23:00", "2026-09-21 10:30", "maintenance", True, "政府专网备份子中心存储扩容（节后首个工作日）"),
    ("MNT-2026-007", "2026-10-17 22:00", "2026-10-18 04:00", "2026-10-08 09:30", "upgrade", True, "平台扩容升级：设备规则库升级至最新"),
    ("MNT-2026-008", "2026-10-24 01:00", "2026-10-24 04:00", None, "maintenance", False, "机房空调例行保养（不影响服务）"),
    ("MNT-2026-009", "2026-11-21 01:00", "2026-11-21 05:00", None, "maintenance", True, "备份存储设备机柜搬迁"),
    ("MNT-2026-010", "2026-11-28 22:00", "2026-11-29 02:00", "2026-11-25 16:00", "maintenance", False, "监控探针升级（不影响服务）"),
    ("MNT-2026-011", "2026-12-12 22:00", "2026-12-13 04:00", "2026-11-30 14:20", "upgrade", True, "备份网关集群补丁升级"),
    ("MNT-2026-012", "2026-12-19 01:00", "2026-12-19 04:00", None, "maintenance", False, "年度UPS电池检测（不影响服务）"),
]

# --- requests --------------------------------------------------------------------------

# id, received_at, completed_at, replied_at, 需求内容, 备注
REQUESTS = [
    ("REQ-2026-001", "2026-07-03 09:40", "2026-07-06 17:20", "2026-07-07 10:00", "市人社局社保核心库纳入每日备份", ""),
    ("REQ-2026-002", "2026-07-15 15:10", "2026-07-16 11:30", "2026-07-16 16:00", "市公积金中心备份保留期调整为180天", ""),
    ("REQ-2026-003", "2026-07-28 09:05", "2026-07-30 15:00", "2026-07-31 09:30", "市不动产登记系统新增文件级备份", ""),
    ("REQ-2026-004", "2026-08-11 10:20", "2026-08-12 14:10", "2026-08-13 09:20", "市医保局备份策略评估", ""),
    ("REQ-2026-005", "2026-08-24 14:30", "2026-08-26 10:00", "2026-08-26 15:30", "市教育局招生系统临时全量备份", ""),
    ("REQ-2026-006", "2026-09-08 09:50", "2026-09-09 16:40", "2026-09-10 10:10", "政务服务网备份频率调整为每4小时", ""),
    ("REQ-2026-007", "2026-09-18 09:40", "2026-09-21 18:10", "2026-09-22 10:15", "市民政局婚姻登记系统纳入备份", ""),
    ("REQ-2026-008", "2026-09-18 14:20", "2026-09-20 16:30", "2026-09-23 09:45", "市市场监管局数据库异地备份", "周日补班完成，答复函延至9月23日"),
    ("REQ-2026-009", "2026-09-30 10:15", "2026-10-10 15:40", "2026-10-10 17:05", "国庆期间重点系统加密备份", "10月10日补班完成"),
    ("REQ-2026-010", "2026-09-30 16:30", "2026-10-12 11:20", "2026-10-10 16:20", "市税务数据交换库整库备份", "10月10日先行回函说明进度，10月12日完成"),
    ("REQ-2026-011", "2026-10-20 10:00", "2026-10-21 15:30", "2026-10-22 09:00", "市交通局视频元数据备份", ""),
    ("REQ-2026-012", "2026-11-04 09:30", "2026-11-05 17:00", "2026-11-06 10:00", "备份恢复演练环境准备", ""),
    ("REQ-2026-013", "2026-11-18 14:45", "2026-11-20 16:00", "2026-11-23 09:30", "市卫健委数据库备份扩容", ""),
    ("REQ-2026-014", "2026-12-02 10:10", "2026-12-03 15:20", "2026-12-04 09:40", "年末财政系统全量备份", ""),
    ("REQ-2026-015", "2026-12-14 15:20", "2026-12-15 11:00", "2026-12-16 10:30", "市统计局普查数据归档备份", ""),
]

# --- reports -----------------------------------------------------------------------------

# id, report_type, period, submitted_at, errors, 标题
REPORTS = [
    ("RPT-OPS-202607", "monthly_ops", "2026-07", "2026-08-04 16:20", 2, "2026年7月数据备份云运行报告"),
    ("RPT-OPS-202608", "monthly_ops", "2026-08", "2026-09-07 10:05", 0, "2026年8月数据备份云运行报告"),
    ("RPT-OPS-202609", "monthly_ops", "2026-09", "2026-10-08 17:40", 0, "2026年9月数据备份云运行报告"),
    ("RPT-OPS-202610", "monthly_ops", "2026-10", "2026-11-06 09:10", 0, "2026年10月数据备份云运行报告"),
    ("RPT-OPS-202611", "monthly_ops", "2026-11", "2026-12-03 15:00", 0, "2026年11月数据备份云运行报告"),
]

# --- other.jsonl -------------------------------------------------------------------------


def other() -> list[dict]:
    c = {"contract": CONTRACT}
    return [
        {"id": "AUD-2026-MLPS", "kind": "audit", **c, "audit_type": "mlps", "completed_on": "2026-09-18",
         "result": "pass", "level": 3, "valid_until": "2027-09-17",
         "agency": "河南省信息安全等级保护测评中心", "note": "数据备份中心等保2.0三级年度复评"},
        {"id": "DRL-20260916-01", "kind": "drill", **c, "drill_type": "network_security", "held_on": "2026-09-16",
         "evidence": ["plan", "record", "photos"], "title": "备份中心网络安全应急演练"},
        {"id": "DRL-20261120-01", "kind": "drill", **c, "drill_type": "data_recovery", "held_on": "2026-11-20",
         "evidence": ["plan", "record"], "title": "政务外网备份子中心数据恢复应急演练（照片未归档）"},
        {"id": "TRN-20260826-01", "kind": "training", **c, "held_on": "2026-08-26", "person_times": 2,
         "title": "备份平台操作与恢复流程厂家培训"},
        {"id": "MSC-20260816-01", "kind": "missed_call", **c, "at": _iso("2026-08-16 21:37"),
         "caller": "市政务服务中心值班室", "note": "7x24服务电话未接听，22:05回拨"},
        {"id": "CMP-20261103-01", "kind": "complaint", **c, "at": _iso("2026-11-03 10:42"),
         "from": "市公积金中心", "content": "备份恢复测试申请两次催办未及时安排"},
        {"id": "RCT-2026-001", "kind": "rectification", **c, "notice_at": _iso("2026-09-30 10:00"),
         "rectified_at": _iso("2026-10-13 17:00"), "subject": "备份平台总览页面缺少备份系统变化趋势指标"},
        {"id": "RCT-2026-002", "kind": "rectification", **c, "notice_at": _iso("2026-11-10 09:30"),
         "rectified_at": _iso("2026-11-19 16:00"), "subject": "10月运行报告逾期提交，运行报告制度整改"},
        {"id": "CC-2026-001", "kind": "contact_change", **c, "changed_at": "2026-09-28",
         "notified_at": _iso("2026-10-08 10:00"), "party": "乙方", "field": "联系电话",
         "old": "15803880927", "new": "0392-3371206"},
        {"id": "CC-2026-002", "kind": "contact_change", **c, "changed_at": "2026-11-23",
         "notified_at": _iso("2026-12-02 15:00"), "party": "乙方", "field": "联系人",
         "old": "尚晓辉", "new": "赵磊"},
    ]


# --- the expected findings (every fail / ambiguous / pending) ----------------------------

PLANTED = [
    {"obligation": "HBB-REQ-REPLY", "event_ids": ["REQ-2026-008"], "status": "fail", "due": "2026-09-22"},
    {"obligation": "HBB-REQ-DELIVER", "event_ids": ["REQ-2026-010"], "status": "fail", "due": "2026-10-10"},
    {"obligation": "HBB-NOTICE-7WD", "event_ids": ["MNT-2026-006"], "status": "ambiguous",
     "due": "2026-09-20", "due_reading_b": "2026-09-21"},
    {"obligation": "HBB-NOTICE-7WD", "event_ids": ["MNT-2026-009"], "status": "fail",
     "due": "2026-11-11", "due_reading_b": "2026-11-12"},
    {"obligation": "HBB-FAULT-RESPOND", "event_ids": ["FLT-20260805-01"], "status": "fail", "due": "2026-08-05 10:30"},
    {"obligation": "HBB-FAULT-ONSITE", "event_ids": ["FLT-20260829-01"], "status": "fail", "due": "2026-08-29 23:10"},
    {"obligation": "HBB-FAULT-RESOLVE", "event_ids": ["FLT-20261015-01"], "status": "fail", "due": "2026-10-15 14:30"},
    {"obligation": "HBB-FAULT-LEVEL", "event_ids": ["FLT-20261124-01"], "status": "info", "severity": "info",
     "due": None, "note": "严重故障：3个系统（2-4个），恢复22分钟 — a classification, no breach (issue 10)"},
    {"obligation": "HBB-FAULT-REPORTED", "event_ids": ["FLT-20261206-01"], "status": "fail", "due": None,
     "note": "reported = false（瞒报）"},
    {"obligation": "HBB-RESIDENT", "event_ids": [], "status": "fail", "period": "2026-10-10", "due": "2026-10-10"},
    {"obligation": "HBB-RESIDENT", "event_ids": [], "status": "fail", "period": "2026-11-17", "due": "2026-11-17"},
    {"obligation": "HBB-REPORT-MONTHLY", "event_ids": ["RPT-OPS-202610"], "status": "fail", "period": "2026-10",
     "due": "2026-11-05"},
    {"obligation": "HBB-REPORT-MONTHLY", "event_ids": [], "status": "pending", "period": "2026-12",
     "due": "not before 2027-01-05"},
    {"obligation": "HBB-REPORT-ERRORS", "event_ids": ["RPT-OPS-202607"], "status": "fail", "period": "2026-07",
     "due": None, "note": "errors = 2"},
    {"obligation": "HBB-DRILL-RECOVERY", "event_ids": [], "status": "pending", "period": CONTRACT_YEAR,
     "due": "2027-06-30"},
    {"obligation": "HBB-DRILL-EVIDENCE", "event_ids": ["DRL-20261120-01"], "status": "fail",
     "due": None, "note": "evidence = plan, record（缺 photos）"},
    {"obligation": "HBB-TRAINING", "event_ids": [], "status": "pending", "period": CONTRACT_YEAR, "due": "2027-06-30"},
    {"obligation": "HBB-CRYPTO", "event_ids": [], "status": "pending", "period": CONTRACT_YEAR, "due": "2027-06-30"},
    {"obligation": "HBB-AVAILABILITY", "event_ids": [], "status": "pending", "period": CONTRACT_YEAR,
     "due": "2027-06-30"},
    {"obligation": "HBB-COMPLAINT", "event_ids": ["CMP-20261103-01"], "status": "fail", "due": None},
    {"obligation": "HBB-MISSED-CALL", "event_ids": ["MSC-20260816-01"], "status": "fail", "due": None},
    {"obligation": "HBB-RECTIFY", "event_ids": ["RCT-2026-002"], "status": "fail", "due": "2026-11-17"},
    {"obligation": "HBB-CONTACT-CHANGE", "event_ids": ["CC-2026-002"], "status": "fail", "due": "2026-11-30"},
]


# --- main ----------------------------------------------------------------------------------


def main() -> None:
    rng = random.Random(SEED)
    OUT_DIR.mkdir(parents=True, exist_ok=True)

    write_csv(
        OUT_DIR / "attendance_2026H2.csv",
        ["id", "kind", "contract", "date", "person", "status", "备注"],
        attendance(rng),
        "gb18030",
    )

    fault_rows = [
        [fid, "fault", T(det), T(resp), T(ons), T(res), n, down, loss, leak, cause, rep, desc]
        for fid, det, resp, ons, res, n, down, loss, leak, cause, rep, desc in FAULTS
    ]
    fault_header = ["id", "kind", "detected_at", "responded_at", "onsite_at", "resolved_at", "systems_affected",
                    "downtime_minutes", "data_loss", "data_leak", "cause", "reported", "描述"]
    ts_w = 17
    write_xlsx(
        OUT_DIR / "faults.xlsx",
        [
            ("故障工单", fault_header, fault_rows,
             {"id": 18, "detected_at": ts_w, "responded_at": ts_w, "onsite_at": ts_w, "resolved_at": ts_w,
              "systems_affected": 9, "downtime_minutes": 9, "描述": 70}),
            ("导出说明", ["项目", "内容"],
             [["系统", "中移系统集成 运维服务平台 故障工单模块"],
              ["合同", "鹤壁市数据备份云服务项目"],
              ["导出范围", "2026-07-01 至 2026-12-31"],
              ["导出时间", XLSX_TIME],
              ["说明", "downtime_minutes 为空表示工单未填写业务中断时长"]],
             {"项目": 12, "内容": 60}),
        ],
        creator=XLSX_CREATOR, time=XLSX_TIME,
    )

    write_csv(
        OUT_DIR / "outages.csv",
        ["id", "kind", "start", "end", "system", "fault_id"],
        [[oid, "outage", T(s), T(e), sys, fid] for oid, s, e, sys, fid in OUTAGES],
        "utf-8",
    )

    write_csv(
        OUT_DIR / "maintenance.csv",
        ["id", "kind", "contract", "planned_start", "planned_end", "notified_at", "category", "affects_service",
         "工作内容"],
        [[mid, "maintenance", CONTRACT, T(s), T(e), T(n) if n else None, cat, aff, what]
         for mid, s, e, n, cat, aff, what in MAINTENANCE],
        "utf-8-sig",
    )

    write_xlsx(
        OUT_DIR / "requests.xlsx",
        [
            ("需求函登记", ["id", "kind", "contract", "received_at", "completed_at", "replied_at", "需求内容", "备注"],
             [[rid, "request", CONTRACT, T(r), T(c), T(a), what, note] for rid, r, c, a, what, note in REQUESTS],
             {"id": 14, "received_at": ts_w, "completed_at": ts_w, "replied_at": ts_w, "需求内容": 36, "备注": 40}),
        ],
        creator=XLSX_CREATOR, time=XLSX_TIME,
    )

    write_csv(
        OUT_DIR / "reports.csv",
        ["id", "kind", "report_type", "period", "submitted_at", "errors", "标题"],
        [[rid, "report", rt, p, T(s), e, title] for rid, rt, p, s, e, title in REPORTS],
        "utf-8",
    )

    write_jsonl(OUT_DIR / "other.jsonl", other())

    doc = {"ruleset": "rulesets/hebi-backup", "records": "samples/hebi-backup", "as_of": "2026-12-31",
           "calendar_dirs": [], "findings": PLANTED}
    write_json(EXPECTED, doc)


if __name__ == "__main__":
    main()
