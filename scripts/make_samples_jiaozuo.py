#!/usr/bin/env python3
"""Generate the shipped sample records for the 焦作市政务云服务采购项目 contract.

    .venv/bin/python scripts/make_samples_jiaozuo.py

writes

    samples/jiaozuo/attendance_2026.csv        GB18030, CRLF (甲方's door system, kept in Excel)
    samples/jiaozuo/变更登记_2026.csv          GB18030, Excel-style times, the register's own Chinese columns
                                               (乙方's change register: maintenance and upgrades; read with the mapping)
    samples/jiaozuo/故障工单导出_2026.xlsx     乙方's ticket system export: title row, own Chinese columns, real
                                               datetime cells (read with samples/jiaozuo.map.yaml)
    samples/jiaozuo/security_tasks.xlsx        乙方's security operations log (scans, inspections)
    samples/jiaozuo/staff_changes.csv          UTF-8 (乙方's personnel change register)
    samples/jiaozuo/data_deletion.csv          GB18030, CRLF (甲方's register of deletion requests)
    samples/jiaozuo/payments.xlsx              乙方's receivables ledger (vendor's view of payment)
    samples/jiaozuo/other.jsonl                UTF-8, one JSON object per line
    samples/jiaozuo.expected.json              the findings the checker must produce

covering 2026-06-04 (start of the term) .. 2026-12-31, to be checked with ``--as-of 2026-12-31``
(2027 has no holiday data yet: no record may need a working-day count inside 2027 except where
the deadline certainly lies after the as-of date).

Deterministic: a fixed random seed, no clock reads; the XLSX files get fixed workbook
properties and fixed zip entry timestamps, so two runs give byte-identical files.
Every planted item is listed in PLANTED below and in samples/jiaozuo/README.md.

The working-day calendar is hard-coded here from 国务院办公厅关于2026年部分节假日安排的通知
(only 2026-06 .. 2026-12 is needed): 端午 06-19..21, 中秋 09-25..27, 国庆 10-01..07 off;
补班 Sun 09-20 and Sat 10-10.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from samplekit import D, T, excel_time, opt_T, write_csv, write_json, write_jsonl, write_xlsx  # noqa: E402
from samplekit import days as _days, iso as _iso  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "samples" / "jiaozuo"
EXPECTED = ROOT / "samples" / "jiaozuo.expected.json"  # {ruleset, records, as_of, calendar_dirs, findings}

CONTRACT = "jiaozuo"
SEED = 20260604
START = dt.date(2026, 6, 4)
END = dt.date(2026, 12, 31)  # the as-of date of the sample check

# Fixed timestamps for file metadata (never the clock).
XLSX_TIME = dt.datetime(2026, 12, 31, 18, 0, 0)
CONTRACT_TITLE = "焦作市政务云服务采购项目 合同"  # the change register names the contract by its title
CATEGORY_CN = {"maintenance": "日常维护", "upgrade": "平台升级"}
CAUSE_CN = {"vendor": "乙方原因", "third_party": "第三方原因", "client": "使用单位原因", "force_majeure": "不可抗力"}
VENDOR = "浪潮云信息技术股份公司"
XLSX_CREATOR = f"{VENDOR} 运维服务平台"  # workbook creator / lastModifiedBy

# --- calendar (2026-06 .. 2026-12 only) ----------------------------------------------

HOLIDAYS = (
    set(_days(dt.date(2026, 6, 19), dt.date(2026, 6, 21)))
    | set(_days(dt.date(2026, 9, 25), dt.date(2026, 9, 27)))
    | set(_days(dt.date(2026, 10, 1), dt.date(2026, 10, 7)))
)
MAKEUP_WORKDAYS = {dt.date(2026, 9, 20), dt.date(2026, 10, 10)}  # 补班


def is_workday(d: dt.date) -> bool:
    return d in MAKEUP_WORKDAYS or (d.weekday() < 5 and d not in HOLIDAYS)


WORKDAYS = [d for d in _days(START, END) if is_workday(d)]

# --- attendance (JZ-RESIDENT) -----------------------------------------------------------

RESIDENT = "王磊"
SECOND = "刘洋"
# Working days with no attendance record at all (planted JZ-RESIDENT failure): the 补班 Sunday.
NO_ATTENDANCE = {dt.date(2026, 9, 20)}
# 王磊 absent, 刘洋 covers (not a violation).
COVERED = {
    dt.date(2026, 8, 14): "病假（已报备），刘洋替班",
    dt.date(2026, 12, 30): "年休假（已报甲方），刘洋替班",
}
RESIDENT_LATE = {
    dt.date(2026, 7, 15): "迟到10分钟（暴雨）",
    dt.date(2026, 9, 9): "迟到18分钟（交通管制）",
    dt.date(2026, 11, 26): "迟到7分钟",
    dt.date(2026, 12, 16): "迟到15分钟（道路结冰）",
}
RESIDENT_REMARKS = {
    dt.date(2026, 6, 4): "服务期首日驻场",
    dt.date(2026, 7, 20): "特大暴雨后机房巡检",
    dt.date(2026, 10, 8): "节后首日，配合存储扩容",
    dt.date(2026, 10, 10): "补班（国庆调休）",
    dt.date(2026, 11, 18): "攻防演练",
    dt.date(2026, 12, 31): "年末巡检",
}
SECOND_REMARKS = ["", "", "", "资源开通", "配合业务系统上云部署", "机房巡检", "安全扫描复核", "上云资料整理"]


def attendance(rng: random.Random) -> list[list]:
    rows = []
    for d in WORKDAYS:
        if d in NO_ATTENDANCE:
            continue
        ymd = d.strftime("%Y%m%d")
        if d in COVERED:
            rows.append([f"KQ-{ymd}-01", "attendance", CONTRACT, d, RESIDENT, "absent", "驻场工程师", COVERED[d]])
            rows.append([f"KQ-{ymd}-02", "attendance", CONTRACT, d, SECOND, "present", "运维工程师", "替班驻场"])
            continue
        if d in RESIDENT_LATE:
            rows.append([f"KQ-{ymd}-01", "attendance", CONTRACT, d, RESIDENT, "late", "驻场工程师", RESIDENT_LATE[d]])
        else:
            rows.append([f"KQ-{ymd}-01", "attendance", CONTRACT, d, RESIDENT, "present", "驻场工程师",
                         RESIDENT_REMARKS.get(d, "")])
        x = rng.random()
        if x < 0.3:
            status = "late" if x < 0.012 else "present"
            remark = "迟到8分钟" if status == "late" else rng.choice(SECOND_REMARKS)
            rows.append([f"KQ-{ymd}-02", "attendance", CONTRACT, d, SECOND, status, "运维工程师", remark])
    return rows


# --- change register: maintenance and upgrades (JZ-NOTICE-72H, JZ-UPGRADE-*) -------------

# id, planned_start, planned_end, notified_at (None = none), approved_at, category, affects_service, 工作内容, 备注
CHANGES = [
    ("CHG-2026-001", "2026-06-13 22:00", "2026-06-14 02:00", "2026-06-09 10:00", "2026-06-10 09:30", "maintenance", True,
     "政务云核心交换机固件维护", ""),
    ("CHG-2026-002", "2026-06-27 01:00", "2026-06-27 05:00", None, None, "maintenance", False,
     "分布式存储池例行巡检（不影响服务）", ""),
    ("CHG-2026-003", "2026-07-11 22:00", "2026-07-12 04:00", "2026-07-02 10:00", "2026-07-06 15:00", "upgrade", True,
     "云管理平台版本升级（InCloud OS 补丁）", "书面申请随函附升级方案"),
    ("CHG-2026-004", "2026-07-18 22:00", "2026-07-19 02:00", "2026-07-14 09:30", None, "maintenance", True,
     "政务外网出口链路割接", ""),
    ("CHG-2026-005", "2026-07-25 02:00", "2026-07-25 05:00", None, None, "maintenance", False,
     "机房精密空调例行保养（不影响服务）", ""),
    ("CHG-2026-006", "2026-08-08 22:00", "2026-08-09 03:00", "2026-08-04 10:00", None, "maintenance", True,
     "块存储节点扩容上架", ""),
    ("CHG-2026-007", "2026-08-22 22:00", "2026-08-23 04:00", "2026-08-13 10:00", "2026-08-23 10:00", "upgrade", True,
     "云平台计算节点虚拟化组件升级", "甲方当晚电话口头同意，书面同意单次日补签"),
    ("CHG-2026-008", "2026-09-05 23:00", "2026-09-06 03:00", "2026-09-01 15:00", None, "maintenance", True,
     "负载均衡集群主备切换演练", ""),
    ("CHG-2026-009", "2026-09-19 01:00", "2026-09-19 03:00", None, None, "maintenance", False,
     "备份一体机日志清理（不影响服务）", ""),
    ("CHG-2026-010", "2026-10-08 09:00", "2026-10-08 12:00", "2026-10-05 09:00", None, "maintenance", True,
     "节后首日对象存储扩容", "国庆值班工程师10月5日09:00发出通知"),
    ("CHG-2026-011", "2026-10-14 22:00", "2026-10-15 03:00", "2026-09-30 11:00", "2026-10-09 16:00", "upgrade", True,
     "安全资源池（SECaaS）规则库及版本升级", "节前提交书面申请"),
    ("CHG-2026-012", "2026-10-24 22:00", "2026-10-25 02:00", "2026-10-20 10:00", None, "maintenance", True,
     "云数据库服务节点补丁", ""),
    ("CHG-2026-013", "2026-11-07 01:00", "2026-11-07 04:00", None, None, "maintenance", False,
     "UPS电池组例行检测（不影响服务）", ""),
    ("CHG-2026-014", "2026-11-21 01:00", "2026-11-21 06:00", "2026-11-18 09:00", None, "maintenance", True,
     "机柜设备搬迁（A区至C区）", ""),
    ("CHG-2026-015", "2026-11-26 22:00", "2026-11-27 03:00", "2026-11-19 10:00", "2026-11-24 15:00", "upgrade", True,
     "“一朵云”综合管理平台升级并对接上级平台", ""),
    ("CHG-2026-016", "2026-12-05 22:00", "2026-12-06 02:00", "2026-12-01 10:00", None, "maintenance", True,
     "政务外网核心防火墙策略优化", ""),
    ("CHG-2026-017", "2026-12-12 22:00", "2026-12-13 04:00", "2026-12-08 09:30", "2026-12-10 15:00", "upgrade", True,
     "云平台存储软件版本升级", ""),
    ("CHG-2026-018", "2026-12-19 01:00", "2026-12-19 04:00", None, None, "maintenance", False,
     "机房消防系统年检（不影响服务）", ""),
    ("CHG-2026-019", "2026-12-26 22:00", "2026-12-27 02:00", "2026-12-22 10:00", None, "maintenance", True,
     "年末网络设备配置备份与重启", ""),
]


def monthly_checks() -> list[tuple]:
    """A routine monthly inspection on the second Tuesday night, not affecting service."""
    out = []
    for m in range(6, 13):
        d = dt.date(2026, m, 1)
        tuesdays = [x for x in _days(d, d + dt.timedelta(days=27)) if x.weekday() == 1]
        day = tuesdays[1]
        if day < START:
            continue
        start = dt.datetime.combine(day, dt.time(23, 0))
        out.append((f"CHG-2026-R{m:02d}", start.strftime("%Y-%m-%d %H:%M"),
                    (start + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"), None, None, "maintenance", False,
                    f"{m}月云平台例行巡检（不影响服务）", "例行"))
    return out


# --- faults (JZ-FAULT-REPORTED) ------------------------------------------------------------

# id, detected, responded, resolved, systems, downtime (None = blank), cause, reported, 甲方获知时间, 描述
FAULTS = [
    ("FLT-20260609-01", "2026-06-09 10:12", "2026-06-09 10:17", "2026-06-09 11:05", 1, 0, "vendor", True, "2026-06-09 10:25",
     "宿主机内存告警，业务云主机热迁移后恢复"),
    ("FLT-20260617-01", "2026-06-17 15:40", "2026-06-17 15:44", "2026-06-17 16:20", 1, 12, "third_party", True, "2026-06-17 15:55",
     "运营商互联网出口抖动，市人社局网站访问缓慢"),
    ("FLT-20260630-01", "2026-06-30 09:05", "2026-06-30 09:09", "2026-06-30 09:48", 1, None, "client", True, "2026-06-30 09:20",
     "使用单位自行升级操作系统后云主机无法启动，协助回滚"),
    ("FLT-20260708-01", "2026-07-08 21:30", "2026-07-08 21:36", "2026-07-08 22:40", 1, 25, "vendor", True, "2026-07-08 21:50",
     "块存储卷挂载异常，市公积金中心业务系统中断25分钟"),
    ("FLT-20260718-01", "2026-07-18 03:05", "2026-07-18 03:12", "2026-07-18 07:30", 3, 140, "force_majeure", True, "2026-07-18 03:40",
     "特大暴雨致园区市电中断，柴油发电机切换期间部分机柜掉电"),
    ("FLT-20260729-01", "2026-07-29 11:20", "2026-07-29 11:23", "2026-07-29 11:50", 1, 0, "vendor", True, "2026-07-29 11:30",
     "WEB应用防火墙误拦截市政务服务网正常请求"),
    ("FLT-20260806-01", "2026-08-06 14:02", "2026-08-06 14:06", "2026-08-06 14:45", 1, 8, "vendor", True, "2026-08-06 14:15",
     "负载均衡实例健康检查失败，后端切换"),
    ("FLT-20260819-01", "2026-08-19 08:50", "2026-08-19 08:55", "2026-08-19 09:30", 1, 0, "third_party", True, "2026-08-19 09:05",
     "SSL VPN 证书服务方接口超时，运维接入受影响"),
    ("FLT-20260828-01", "2026-08-28 22:15", "2026-08-28 22:21", "2026-08-29 00:10", 1, 30, "vendor", True, "2026-08-28 22:40",
     "云数据库主节点磁盘IO异常，主备切换"),
    ("FLT-20260908-01", "2026-09-08 10:30", "2026-09-08 10:34", "2026-09-08 11:00", 1, 0, "client", True, "2026-09-08 10:45",
     "使用单位安全组配置错误导致业务端口不通"),
    ("FLT-20260917-01", "2026-09-17 16:10", "2026-09-17 16:14", "2026-09-17 17:05", 2, 20, "vendor", True, "2026-09-17 16:25",
     "对象存储网关进程异常，两个系统附件上传失败"),
    ("FLT-20260927-01", "2026-09-27 13:40", "2026-09-27 13:47", "2026-09-27 15:20", 1, 35, "third_party", True, "2026-09-27 14:00",
     "中秋假期运营商光缆被施工挖断，互联网出口切换备用链路"),
    ("FLT-20261004-01", "2026-10-04 09:15", "2026-10-04 09:22", "2026-10-04 10:05", 1, None, "vendor", True, "2026-10-04 09:35",
     "国庆期间监控告警平台短信网关故障"),
    ("FLT-20261013-01", "2026-10-13 10:00", "2026-10-13 10:05", "2026-10-13 10:50", 1, 0, "vendor", True, "2026-10-13 10:15",
     "堡垒机会话审计服务异常"),
    ("FLT-20261022-01", "2026-10-22 19:45", "2026-10-22 19:51", "2026-10-22 20:30", 1, 15, "vendor", True, "2026-10-22 20:00",
     "云主机镜像服务故障，新建云主机失败"),
    ("FLT-20261029-01", "2026-10-29 14:20", "2026-10-29 14:24", "2026-10-29 15:10", 1, 0, "client", True, "2026-10-29 14:35",
     "使用单位口令过期导致数据库连接失败"),
    ("FLT-20261107-01", "2026-11-07 02:10", "2026-11-07 02:18", "2026-11-07 02:35", 1, 25, "vendor", False, None,
     "夜间分布式存储节点宕机，市不动产登记系统中断25分钟；未告知使用单位和甲方，甲方11月巡检比对监控日志时发现"),
    ("FLT-20261112-01", "2026-11-12 09:30", "2026-11-12 09:33", "2026-11-12 10:10", 1, 0, "vendor", True, "2026-11-12 09:40",
     "入侵检测服务规则更新后误报增多"),
    ("FLT-20261124-01", "2026-11-24 15:00", "2026-11-24 15:04", "2026-11-24 15:40", 1, 10, "third_party", True, "2026-11-24 15:15",
     "电子政务外网上联节点故障"),
    ("FLT-20261203-01", "2026-12-03 08:40", "2026-12-03 08:44", "2026-12-03 09:20", 1, 0, "vendor", True, "2026-12-03 08:55",
     "日志审计服务采集延迟"),
    ("FLT-20261210-01", "2026-12-10 16:25", "2026-12-10 16:29", "2026-12-10 17:30", 1, 18, "vendor", True, "2026-12-10 16:40",
     "加解密服务密码机连接池耗尽"),
    ("FLT-20261217-01", "2026-12-17 11:05", "2026-12-17 11:09", "2026-12-17 11:40", 1, 0, "client", True, "2026-12-17 11:20",
     "使用单位应用内存泄漏，协助扩容"),
    ("FLT-20261228-01", "2026-12-28 20:10", "2026-12-28 20:16", "2026-12-28 21:00", 1, 12, "vendor", True, "2026-12-28 20:30",
     "年末业务高峰，云主机网络带宽打满后限速调整"),
]

# --- security tasks (JZ-SCAN-*) ---------------------------------------------------------------

# weak-password scans: monthly June..September, then none (the scanner's licence lapsed; planted)
WEAK_PWD_SCANS = [D("2026-06-24"), D("2026-07-22"), D("2026-08-19"), D("2026-09-16")]


def security_tasks(rng: random.Random) -> list[list]:
    rows = []
    for d in WORKDAYS:  # daily inspection (日常巡检)
        rows.append([f"SEC-XJ-{d:%Y%m%d}", "security_task", CONTRACT, d, "inspection", "全平台", 0, "王磊", "日常巡检"])
    # weekly vulnerability scan on Wednesdays (the next working day when Wednesday is a rest day)
    d = dt.date(2026, 6, 10)
    while d <= END:
        day = d
        while not is_workday(day):
            day += dt.timedelta(days=1)
        found = rng.choice([0, 0, 1, 2, 3, 5])
        rows.append([f"SEC-LD-{day:%Y%m%d}", "security_task", CONTRACT, day, "vulnerability_scan", "全部云主机", found,
                     "刘洋", f"漏洞扫描，发现{found}项中高危，已通知使用单位修复" if found else "漏洞扫描，未发现中高危"])
        d += dt.timedelta(days=7)
    for day in WEAK_PWD_SCANS:
        found = rng.choice([1, 2, 4])
        rows.append([f"SEC-RK-{day:%Y%m%d}", "security_task", CONTRACT, day, "weak_password_scan", "云主机、数据库、中间件",
                     found, "刘洋", f"弱密码扫描，发现{found}个弱口令账号，已通知使用单位整改"])
    for m in range(6, 13):  # monthly log audit on the last working day of the month
        last = max(x for x in WORKDAYS if x.month == m)
        rows.append([f"SEC-RZ-{last:%Y%m%d}", "security_task", CONTRACT, last, "log_audit", "堡垒机、日志审计", 0, "王磊",
                     "月度日志审计"])
    rows.append(["SEC-JG-20260715", "security_task", CONTRACT, D("2026-07-15"), "hardening", "云管理平台", 0, "刘洋",
                 "等保整改：管理平台加固"])
    rows.append(["SEC-JG-20261021", "security_task", CONTRACT, D("2026-10-21"), "hardening", "数据库服务", 0, "孙浩",
                 "数据库基线加固"])
    rows.sort(key=lambda r: (r[3], r[0]))
    return rows


# --- staff changes (JZ-CONTACT-CHANGE, JZ-TEAM-CHANGE) --------------------------------------

# id, effective_at, role, notified_at, approved_at, person_out, person_in, 说明
STAFF_CHANGES = [
    ("RY-2026-01", "2026-07-20 09:00", "contact", "2026-07-16 11:00", None, "李明", "张华",
     "原联系人李明调岗，联系人改为张华（附联系方式、简历）"),
    ("RY-2026-02", "2026-09-07 09:00", "engineer", None, None, "赵强", None, "运维工程师赵强调回济南总部，未报甲方批准"),
    ("RY-2026-03", "2026-10-12 09:00", "engineer", "2026-10-09 10:00", "2026-10-09 16:00", None, "孙浩",
     "补充运维工程师孙浩"),
    ("RY-2026-04", "2026-10-12 09:00", "contact", "2026-09-29 10:00", None, "张华", "陈静",
     "联系人改为陈静（项目经理），汇报新联系人情况"),
    ("RY-2026-05", "2026-12-01 09:00", "engineer", "2026-11-25 10:00", "2026-11-27 11:00", None, "吴迪",
     "新增安全运维工程师吴迪"),
]

# --- data deletion requests (JZ-DELETE-*) ----------------------------------------------------

# id, requested_at, deleted_at, report_at, overwritten (None = blank), stamped, 使用单位, 数据说明
DELETIONS = [
    ("SC-2026-001", "2026-06-16 10:00", "2026-06-18 21:00", "2026-06-23 10:00", True, True, "市住建局", "旧版审批系统测试库"),
    ("SC-2026-002", "2026-07-07 09:30", "2026-07-09 22:00", "2026-07-13 15:00", True, True, "市教育局", "招生报名系统历史附件"),
    ("SC-2026-003", "2026-08-11 14:00", "2026-08-14 21:30", "2026-08-18 10:00", True, True, "市文旅局", "停用网站云主机及快照"),
    ("SC-2026-004", "2026-09-15 10:00", "2026-09-30 22:00", "2026-10-12 16:00", True, True, "市市场监管局",
     "迁出系统原始数据及备份（节后补交报告）"),
    ("SC-2026-005", "2026-09-22 09:00", "2026-09-24 21:00", "2026-09-29 11:00", False, True, "市交通运输局",
     "停用系统数据库（仅执行快速删除，未覆盖写）"),
    ("SC-2026-006", "2026-10-19 09:00", "2026-10-30 22:00", "2026-11-16 10:00", True, True, "市卫健委",
     "疫情防控平台历史数据"),
    ("SC-2026-007", "2026-10-28 15:00", "2026-10-30 23:00", "2026-11-04 10:00", True, True, "市农业农村局", "测试环境云主机"),
    ("SC-2026-008", "2026-11-10 10:00", "2026-11-12 22:00", "2026-11-17 09:30", None, True, "市民政局",
     "养老服务系统测试数据（删除记录未填写覆盖写情况）"),
    ("SC-2026-009", "2026-11-24 09:00", "2026-11-26 21:00", "2026-12-01 10:00", True, True, "市自然资源局", "旧影像切片缓存"),
    ("SC-2026-010", "2026-12-08 10:00", "2026-12-10 22:00", "2026-12-17 14:00", True, True, "市政务服务中心",
     "自助终端日志（超过留存期）"),
]

# --- payments (JZ-PAY, JZ-INVOICE): 乙方's receivables ledger --------------------------------

# id, period, amount, invoice_at, node_at, funds_received_at, paid_at, 发票号码, 款项说明
PAYMENTS = [
    ("YS-2026-001", "2026-03-20至2026-06-03（第一批）", "1286400.50", "2026-07-27", "2026-08-07", "2026-07-10 10:30",
     "2026-08-14 15:00", "41000263120000183726", "服务期前过渡期服务费（第一批确认部门）"),
    ("YS-2026-002", "2026-03-20至2026-06-03（第二批）", "463218.00", "2026-10-20", "2026-11-03", "2026-09-30 16:00",
     "2026-11-03 10:00", "41000263120000251904", "服务期前过渡期服务费（第二批确认部门）"),
    ("YS-2026-003", "2026-03-20至2026-06-03（第三批）", "98750.40", "2026-12-03", "2026-12-01", "2026-11-16 09:00",
     "2026-12-08 14:00", "41000263120000307718", "服务期前过渡期服务费（补充确认部门）；发票晚于付款节点"),
    ("YS-2026-004", "2026-06-04至2026-11-30（2026年度）", "2650000.00", "2026-12-21", None, "2026-12-18 11:00",
     None, "41000263120000336051", "2026年度政务云服务费，12月提交资源申请表、资源使用情况确认表，付款节点待定"),
]

# --- other.jsonl ----------------------------------------------------------------------------


TEAM = {  # month -> (members, residents, 备注)
    "2026-06": (6, 1, "王磊（驻场）、刘洋、赵强、周涛、马骁、郑雪"),
    "2026-07": (6, 1, ""),
    "2026-08": (6, 1, ""),
    "2026-09": (5, 1, "赵强9月7日调离，未补充"),
    "2026-10": (6, 1, "孙浩10月12日到岗"),
    "2026-11": (6, 1, ""),
    "2026-12": (7, 1, "吴迪12月1日到岗"),
}


def other() -> list[dict]:
    c = {"contract": CONTRACT}
    out = []
    for month, (members, residents, note) in TEAM.items():
        out.append({"id": f"TD-{month.replace('-', '')}", "kind": "team_roster", **c, "month": month,
                    "members": members, "residents": residents, "备注": note})
    out += [
        {"id": "RPT-Q-2026Q2", "kind": "report", **c, "report_type": "quarterly", "period": "2026-Q2",
         "submitted_at": _iso("2026-07-10 16:40"), "标题": "2026年第二季度（6月4日至6月30日）上云资料汇总"},
        {"id": "RPT-Q-2026Q3", "kind": "report", **c, "report_type": "quarterly", "period": "2026-Q3",
         "submitted_at": _iso("2026-10-12 09:30"), "标题": "2026年第三季度上云资料汇总"},
        # 三.2 每年12月份 (JZ-SETTLEMENT-ANNUAL): the 2026 materials, in time (boundary: December itself)
        {"id": "JS-2026", "kind": "report", **c, "report_type": "annual_settlement", "period": "2026",
         "submitted_at": _iso("2026-12-18 10:00"), "标题": "2026年度政务云资源申请表、资源使用情况确认表及付款申请"},
    ]
    for m in range(6, 12):  # monthly resource-use reports (五.2, not checked: no period in the contract)
        nxt = dt.date(2026, m + 1, 1)
        day = next(x for x in _days(nxt, nxt + dt.timedelta(days=20)) if is_workday(x))
        out.append({"id": f"RPT-ZY-2026{m:02d}", "kind": "report", **c, "report_type": "monthly_usage",
                    "period": f"2026-{m:02d}", "submitted_at": f"{day.isoformat()}T10:00:00",
                    "标题": f"2026年{m}月政务云资源使用情况"})
    out += [
        {"id": "ZG-2026-001", "kind": "rectification", **c, "notice_at": _iso("2026-06-22 10:00"),
         "rectified_at": _iso("2026-07-03 17:00"), "subject": "部分使用单位资源开通超过承诺时间"},
        {"id": "ZG-2026-002", "kind": "rectification", **c, "notice_at": _iso("2026-09-15 10:00"),
         "rectified_at": _iso("2026-10-12 17:30"), "subject": "资源使用情况报表缺少部门维度"},
        {"id": "ZG-2026-003", "kind": "rectification", **c, "notice_at": _iso("2026-11-02 09:00"),
         "rectified_at": _iso("2026-11-25 16:00"), "subject": "漏洞扫描报告未按使用单位分发"},
        {"id": "ZG-2026-004", "kind": "rectification", **c, "notice_at": _iso("2026-12-21 10:00"),
         "subject": "11月存储节点宕机未告知，完善故障告知流程"},
        {"id": "BKK-2026-001", "kind": "force_majeure", **c, "occurred_at": _iso("2026-07-18 03:00"),
         "notified_at": _iso("2026-07-20 10:00"), "proof_at": _iso("2026-08-12 09:00"),
         "事由": "特大暴雨致园区市电中断", "证明": "焦作市气象局暴雨红色预警及供电公司停电证明（8月12日补交）"},
        {"id": "YL-20260916-01", "kind": "drill", **c, "drill_type": "network_security", "held_on": "2026-09-16",
         "evidence": ["plan", "record", "photos"], "title": "政务云网络安全应急演练"},
        {"id": "YL-20261118-01", "kind": "drill", **c, "drill_type": "attack_defense", "held_on": "2026-11-18",
         "evidence": ["plan", "record", "photos"], "title": "政务云攻防演练（红蓝对抗）"},
    ]
    return out


# --- the expected findings (every fail / ambiguous / unknown / pending) ------------------------

PLANTED = [
    {"obligation": "JZ-PAY", "event_ids": ["YS-2026-001"], "status": "fail", "due": "2026-08-07",
     "note": "funds Fri 07-10; 20th working day Fri 08-07; paid 08-14"},
    {"obligation": "JZ-PAY", "event_ids": ["YS-2026-004"], "status": "pending", "due": "not before 2027-01-07",
     "note": "funds Fri 12-18; 9 working days left in 2026, the rest in 2027 (no notice loaded)"},
    {"obligation": "JZ-INVOICE", "event_ids": ["YS-2026-001"], "status": "ambiguous",
     "due": "window 2026-07-24..2026-08-07 / lead by 2026-07-24", "note": "invoice 07-27"},
    {"obligation": "JZ-INVOICE", "event_ids": ["YS-2026-003"], "status": "fail",
     "due": "window 2026-11-17..2026-12-01 / lead by 2026-11-17", "note": "invoice 12-03, after the node 12-01"},
    {"obligation": "JZ-RECTIFY", "event_ids": ["ZG-2026-003"], "status": "fail", "due": "2026-11-23"},
    {"obligation": "JZ-RECTIFY", "event_ids": ["ZG-2026-004"], "status": "pending", "due": "not before 2027-01-05"},
    {"obligation": "JZ-ONBOARD-REPORT", "event_ids": [], "status": "pending", "period": "2026-Q4",
     "due": "not before 2027-01-10"},
    {"obligation": "JZ-CONTACT-CHANGE", "event_ids": ["RY-2026-01"], "status": "fail",
     "due": "2026-07-12", "due_reading_b": "2026-07-13"},
    {"obligation": "JZ-CONTACT-CHANGE", "event_ids": ["RY-2026-04"], "status": "ambiguous",
     "due": "2026-09-28", "due_reading_b": "2026-09-29"},
    {"obligation": "JZ-NOTICE-72H", "event_ids": ["CHG-2026-014"], "status": "fail", "due": "2026-11-18 01:00"},
    {"obligation": "JZ-UPGRADE-APPLY", "event_ids": ["CHG-2026-015"], "status": "ambiguous",
     "due": "2026-11-18", "due_reading_b": "2026-11-19"},
    {"obligation": "JZ-UPGRADE-APPLY", "event_ids": ["CHG-2026-017"], "status": "fail",
     "due": "2026-12-06", "due_reading_b": "2026-12-07"},
    {"obligation": "JZ-UPGRADE-CONSENT", "event_ids": ["CHG-2026-007"], "status": "fail", "due": "2026-08-22 22:00"},
    {"obligation": "JZ-SCAN-WEAKPWD", "event_ids": [], "status": "fail", "period": "2026-10-01/2026-12-31",
     "due": "2026-12-31"},
    {"obligation": "JZ-FAULT-REPORTED", "event_ids": ["FLT-20261107-01"], "status": "fail", "due": None,
     "note": "reported = false"},
    {"obligation": "JZ-DELETE-METHOD", "event_ids": ["SC-2026-005"], "status": "fail", "due": None,
     "note": "overwritten = false"},
    {"obligation": "JZ-DELETE-METHOD", "event_ids": ["SC-2026-008"], "status": "unknown", "due": None,
     "note": "overwritten blank"},
    {"obligation": "JZ-DELETE-REPORT", "event_ids": ["SC-2026-006"], "status": "fail", "due": "2026-11-09"},
    {"obligation": "JZ-TEAM", "event_ids": ["TD-202609"], "status": "fail", "due": None, "note": "members = 5"},
    {"obligation": "JZ-RESIDENT", "event_ids": [], "status": "fail", "period": "2026-09-20", "due": "2026-09-20"},
    {"obligation": "JZ-TEAM-CHANGE", "event_ids": ["RY-2026-02"], "status": "fail", "due": "2026-09-07 09:00"},
    {"obligation": "JZ-FM-PROOF", "event_ids": ["BKK-2026-001"], "status": "fail", "due": "2026-08-07"},
]


# --- main ----------------------------------------------------------------------------------


def main() -> None:
    rng = random.Random(SEED)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    ts_w = 17

    write_csv(
        OUT_DIR / "attendance_2026.csv",
        ["id", "kind", "contract", "date", "person", "status", "岗位", "备注"],
        attendance(rng),
        "gb18030",
    )

    # the change register and the ticket system export in their own column names (read
    # through samples/jiaozuo.map.yaml), as 乙方's systems really write them
    changes = sorted(CHANGES + monthly_checks(), key=lambda c: (c[1], c[0]))
    write_csv(
        OUT_DIR / "变更登记_2026.csv",
        ["变更单号", "所属合同", "计划开始", "计划结束", "书面通知甲方时间", "书面申请时间", "甲方批准时间", "变更类别",
         "是否影响业务", "工作内容", "备注"],
        # an upgrade's written application (五.6) goes with its notice (五.5) in this register: the
        # same day, its own column (issue 11: two documents, two fields)
        [[cid, CONTRACT_TITLE, excel_time(T(s)), excel_time(T(e)), excel_time(opt_T(n)),
          excel_time(opt_T(n if cat == "upgrade" else None)), excel_time(opt_T(a)),
          CATEGORY_CN[cat], "是" if aff else "否", what, note]
         for cid, s, e, n, a, cat, aff, what, note in changes],
        "gb18030",
    )

    fault_header = ["工单编号", "故障发现时间", "首次响应时间", "故障排除时间", "影响系统数", "业务中断时长（分钟）",
                    "故障原因", "是否已告知甲方", "告知甲方时间", "故障描述"]
    fault_rows = [[fid, T(det), T(resp), T(res), n, down, CAUSE_CN[cause], "是" if rep else "否", opt_T(notif), desc]
                  for fid, det, resp, res, n, down, cause, rep, notif, desc in FAULTS]
    write_xlsx(
        OUT_DIR / "故障工单导出_2026.xlsx",
        [
            ("故障工单", fault_header, fault_rows,
             {"工单编号": 18, "故障发现时间": ts_w, "首次响应时间": ts_w, "故障排除时间": ts_w, "告知甲方时间": ts_w,
              "影响系统数": 9, "业务中断时长（分钟）": 12, "故障描述": 70}),
            ("导出说明", ["项目", "内容"],
             [["系统", f"{VENDOR} 运维服务平台 故障工单模块"],
              ["合同", "焦作市政务云服务采购项目"],
              ["导出范围", "2026-06-04 至 2026-12-31"],
              ["导出时间", XLSX_TIME],
              ["说明", "“告知甲方时间”为告知甲方/使用单位的时间；“是否已告知甲方”为否表示未告知"]],
             {"项目": 12, "内容": 60}),
        ],
        creator=XLSX_CREATOR, time=XLSX_TIME, banner="焦作市政务云 故障工单清单（2026年6月4日至12月31日）",
    )

    write_xlsx(
        OUT_DIR / "security_tasks.xlsx",
        [("安全运维记录", ["id", "kind", "contract", "done_on", "task_type", "范围", "发现问题数", "执行人", "说明"],
          security_tasks(rng),
          {"id": 18, "done_on": 12, "task_type": 20, "范围": 22, "说明": 44})],
        creator=XLSX_CREATOR, time=XLSX_TIME,
    )

    write_csv(
        OUT_DIR / "staff_changes.csv",
        ["id", "kind", "contract", "effective_at", "role", "notified_at", "approved_at", "person_out", "person_in", "说明"],
        [[sid, "staff_change", CONTRACT, T(eff), role, opt_T(n), opt_T(a), out, inn, note]
         for sid, eff, role, n, a, out, inn, note in STAFF_CHANGES],
        "utf-8",
    )

    write_csv(
        OUT_DIR / "data_deletion.csv",
        ["id", "kind", "contract", "requested_at", "deleted_at", "report_at", "overwritten", "stamped", "使用单位",
         "数据说明"],
        [[did, "data_deletion", CONTRACT, T(r), T(dl), T(rep), ow, st, unit, what]
         for did, r, dl, rep, ow, st, unit, what in DELETIONS],
        "gb18030",
    )

    write_xlsx(
        OUT_DIR / "payments.xlsx",
        [("应收台账", ["id", "kind", "contract", "period", "amount", "invoice_at", "node_at", "funds_received_at",
                       "paid_at", "发票号码", "款项说明"],
          [[pid, "payment", CONTRACT, per, float(amt), D(inv), D(node) if node else None, T(funds),
            opt_T(paid), no, what]
           for pid, per, amt, inv, node, funds, paid, no, what in PAYMENTS],
          {"id": 14, "period": 30, "amount": 14, "invoice_at": 12, "node_at": 12, "funds_received_at": ts_w,
           "paid_at": ts_w, "发票号码": 24, "款项说明": 60})],
        creator=XLSX_CREATOR, time=XLSX_TIME,
    )

    write_jsonl(OUT_DIR / "other.jsonl", other())

    doc = {"ruleset": "rulesets/jiaozuo", "records": "samples/jiaozuo", "map": "samples/jiaozuo.map.yaml",
           "as_of": "2026-12-31", "calendar_dirs": [], "findings": PLANTED}
    write_json(EXPECTED, doc)


if __name__ == "__main__":
    main()
