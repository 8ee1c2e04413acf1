"""One rectification-notice letter as data: everything the templates print, as plain text.

The letter date is given (never read from the clock here); the rectification deadline is
counted from it on the official working-day calendar with the contract's own period
(``ContractMeta.rectification``), else the settings' ``rectification_working_days``; a year
without holiday data is an error (``CalendarDataMissing``), never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from ..errors import ComplianceError
from ..findings import Finding, Report
from ..periods import Deadline, WorkingDaysAfter
from ..rulesets import Ruleset
from ..workdays import WorkCalendar
from .select import Chosen, Selection
from .settings import NoticeSettings


class LetterError(ComplianceError):
    """A letter cannot be drafted (exit status 2): no ruleset, no rectification period …"""


# --------------------------------------------------------------------------------------------
# Chinese dates: 2026年12月7日 (no padding zeros), times 10时30分


def zh_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ASCII neighbours only: a Chinese character next to a date (期限2026-08-05) is not part of an id
_SPAN = re.compile(r"(?<![A-Za-z0-9_-])(\d{4})-(\d{2})-(\d{2})…(\d{2})-(\d{2})(?![A-Za-z0-9_-])")
_DATE = re.compile(r"(?<![A-Za-z0-9_-])(\d{4})-(\d{2})-(\d{2})(?![A-Za-z0-9_-])")
_MONTH = re.compile(r"(?<![A-Za-z0-9_-])(\d{4})-(\d{2})(?=月)")
_TIME = re.compile(r"(?<![A-Za-z0-9_:])(\d{1,2}):(\d{2})(?![A-Za-z0-9_:])")
_DATE_RANGE = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)/(\d{4}年\d{1,2}月\d{1,2}日)")


def zh_text(s: str) -> str:
    """The program's ISO dates and clock times in a finding's text written as a letter writes
    them: ``2026-10-01…10-07`` -> 2026年10月1日至10月7日, ``2026-08-05 10:30`` -> 2026年8月5日10时30分.
    Only free-standing dates and times change (record ids such as FLT-20260805-01 stay)."""
    s = _SPAN.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日至{int(m[4])}月{int(m[5])}日", s)
    s = _DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", s)
    s = _MONTH.sub(lambda m: f"{int(m[1])}年{int(m[2])}", s)
    s = re.sub(r"(日) (?=\d{1,2}:\d{2})", r"\1", s)
    s = _TIME.sub(lambda m: f"{int(m[1])}时" + (f"{int(m[2])}分" if int(m[2]) else ""), s)
    return _DATE_RANGE.sub(r"\1至\2", s)


def clause_ref(clause: str) -> str:
    """五 -> 第五条; 四(四)3 -> 第四(四)3条; 附件2 运行报告 stays as it is."""
    c = clause.strip()
    if c.startswith(("附件", "第")) or " " in c:
        return c
    return f"第{c}条"


# --------------------------------------------------------------------------------------------
# What each kind of violation asks the vendor to do (by the obligation's topic)

_REQUIRE = {
    "notice": "完善检修、割接、升级等工作的事前书面通知流程，按合同约定的提前期书面通知甲方",
    "approval": "相关事项须事先取得甲方书面同意后方可实施",
    "fault_response": "查明响应超时原因，完善7×24小时值守和故障响应机制，确保在约定时限内响应",
    "fault_onsite": "完善现场技术支撑安排，确保故障发生后在约定时限内到达现场",
    "fault_resolution": "分析故障处置超时原因，完善应急处置预案，确保在约定时限内排除故障",
    "fault_level": "提交该故障的原因分析报告和防范措施，杜绝同类故障再次发生",
    "staffing": "按合同约定配齐驻场人员，确保每个工作日在岗，并提交考勤记录",
    "staff_change": "人员变更须按合同约定事先书面通知并取得甲方同意",
    "request": "完善需求受理和交付流程，确保在约定时限内完成并书面答复",
    "audit": "尽快完成相关测评（评估）并提交报告及证书",
    "drill": "按合同约定组织演练，并提交预案、记录、照片等完整资料",
    "report": "按合同约定的期限和内容要求提交报告，更正已提交报告中的错误",
    "training": "按合同约定组织培训，并提交培训通知、签到表和课件",
    "availability": "分析服务中断原因，采取措施使服务可用性达到合同约定",
    "payment": "按合同约定办理相关事项",
    "invoice": "按合同约定的时间开具并提交发票",
    "contact_change": "联系人、联系方式或送达地址变化后，须在约定时限内书面通知甲方",
    "rectification": "立即完成前次通知的整改事项，并提交整改完成的证明材料",
    "force_majeure": "按合同约定书面告知不可抗力情况，并提供有关部门的证明",
    "log_retention": "按合同约定的期限留存日志，并提交留存情况说明",
    "data_security": "立即排查数据安全隐患，提交事件报告和整改措施",
    "complaint": "核查投诉和未接听电话情况，完善服务热线值守和投诉处理机制",
    "spot_check": "针对抽查发现的问题逐项整改，并提交整改说明",
}

# when a finding was found: the first of these facts it has (a date or an ISO instant)
_FOUND_ON = ("at", "day", "trigger", "last_day", "last_day_b", "notice", "submitted", "deadline", "event")


def _as_date(v: Any) -> date | None:
    if not isinstance(v, str) or len(v) < 10:
        return None
    try:
        if len(v) == 10:
            return date.fromisoformat(v)
        dt = datetime.fromisoformat(v)
    except ValueError:
        return None
    return dt.date()


def found_on(f: Finding, reading: str | None = None) -> date | None:
    order = _FOUND_ON if reading is None else tuple(f"last_day_{reading}" if k == "last_day_b" else k for k in _FOUND_ON)
    for k in order:
        d = _as_date(f.facts.get(k))
        if d is not None:
            return d
    if f.period:
        return _as_date(f.period[:10])
    return None


_NEEDS_RULING = re.compile(r"[，,；;]?\s*(合同未明确，)?需人工认定[。.]?$")


@dataclass
class Violation:
    seq: int
    key: str
    obligation: str
    fact: str  # 违约事实
    found_on: str  # 发现日期 (2026年8月5日, or 未载明)
    clause: str  # 合同第四(四)3条
    quote: str  # the contract's words, verbatim
    requirement: str  # 整改要求
    summary: str  # the violation in a few words, for the reply form: 发现故障后10分钟内响应（FLT-20260805-01）

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _violation(seq: int, c: Chosen, rs: Ruleset) -> Violation:
    f = c.finding
    try:
        ob = rs.obligation(f.obligation)
    except KeyError:
        raise LetterError(f"ruleset {rs.id} ({rs.folder}) has no obligation {f.obligation} "
                          f"(finding {f.key}): the letter cannot quote the clause breached; "
                          "give the ruleset the findings were made with (--ruleset DIR)") from None
    text = f.message.strip()
    if c.ruling is not None:
        label = "（甲）" if c.ruling.reading == "a" else "（乙）"
        text = _NEEDS_RULING.sub("", text).rstrip("，,；;。") + "。"
        text += f"经{c.ruling.by}于{zh_date(c.ruling.on)}认定，本条款适用读法{label}，按该读法构成违约。"
        if c.ruling.note:
            text += c.ruling.note
    if c.confirmed_default:
        text = text.replace("本规则默认", "经甲方确认")
    d = found_on(f, c.ruling.reading if c.ruling else None)
    requirement = _REQUIRE.get(f.topic, "查明原因并采取有效措施")
    subject = "、".join(f.event_ids) or (zh_text(f.period) if f.period else "")
    summary = ob.title + (f"（{subject}）" if subject else "")
    return Violation(seq=seq, key=f.key, obligation=f.obligation, fact=zh_text(text),
                     found_on=zh_date(d) if d else "未载明", clause=f"合同{clause_ref(f.clause or ob.clause)}",
                     quote=ob.quote.strip(), requirement=f"{requirement}；今后严格做到“{ob.title}”。",
                     summary=summary)


# --------------------------------------------------------------------------------------------
# The deadline


@dataclass(frozen=True)
class RectificationPeriod:
    working_days: int
    source: str  # 合同第五条 / 设置 rectification_working_days


def rectification_period(rs: Ruleset, settings: NoticeSettings) -> tuple[RectificationPeriod, list[str]]:
    notes: list[str] = []
    r = rs.contract.rectification
    if r is not None:
        if settings.rectification_working_days and settings.rectification_working_days != r.working_days:
            notes.append(f"{rs.id}: the contract's own rectification period ({clause_ref(r.clause)}, {r.working_days}个工作日) "
                         f"is used, not the settings' rectification_working_days: {settings.rectification_working_days}")
        return RectificationPeriod(r.working_days, f"合同{clause_ref(r.clause)}"), notes
    if settings.rectification_working_days:
        return RectificationPeriod(settings.rectification_working_days, "甲方规定"), notes
    raise LetterError(f"{rs.id}: the contract sets no rectification period (ruleset {rs.folder / 'ruleset.yaml'} has no "
                      "contract.rectification) and the settings give none: set rectification_working_days: N "
                      "in the --settings file")


def deadline_note(dl: Deadline, period: RectificationPeriod, letter_date: date, cal: WorkCalendar) -> str:
    """How the deadline was counted, in the letter's words (the Deadline's own steps)."""
    steps = [zh_text(s) for s in dl.steps]
    notices = []
    for y in sorted({letter_date.year, dl.last_day.year}):  # type: ignore[union-attr]
        s = cal.schedule(y)
        notices.append(f"{s.title}（{s.number}）")
    return (f"整改期限按{period.source}“{period.working_days}个工作日内”计算，工作日依据"
            f"{'、'.join(notices)}确定：" + "；".join(steps) + "。")


# --------------------------------------------------------------------------------------------
# The letter


@dataclass
class Letter:
    contract: str
    vendor: str
    ruleset: Ruleset
    letter_date: date
    violations: list[Violation]
    deadline: Deadline
    period: RectificationPeriod
    context_base: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def context(self, number: str | None) -> dict[str, Any]:
        """Everything a template prints, as text (lists of dicts for the tables)."""
        ctx = dict(self.context_base)
        ctx["doc_number"] = number or ""
        return ctx


def _period_text(report: Report) -> str:
    start = _as_date(report.period.from_) or _as_date(report.term.start)
    end_instant = datetime.fromisoformat(report.period.to or report.as_of)
    end = end_instant.date() - timedelta(days=1) if end_instant.time() == time(0) else end_instant.date()
    if report.period.to is None:
        as_of = datetime.fromisoformat(report.as_of)
        end = min(end, as_of.date() - timedelta(days=1) if as_of.time() == time(0) else as_of.date())
    return f"{zh_date(start)}至{zh_date(end)}" if start else f"截至{zh_date(end)}"


def build_letter(report: Report, rs: Ruleset, selection: Selection, settings: NoticeSettings,
                 letter_date: date, cal: WorkCalendar) -> Letter | None:
    """The letter for one report (one contract, one vendor), or None when nothing goes in."""
    if not selection.chosen:
        return None
    period, notes = rectification_period(rs, settings)
    checked = datetime.fromisoformat(report.as_of).astimezone(rs.tz)
    checked_day = (checked - timedelta(microseconds=1)).date()  # an as-of at 24:00 is the day before's end
    if letter_date < checked_day:
        notes.append(f"{rs.id}: the letter is dated {letter_date}, before the check's as-of ({checked_day}): it "
                     "would cite violations found after its own date; date it on or after the as-of (--date)")
    cal = cal.with_rule(rs.contract.workday_rule)
    dl = WorkingDaysAfter(period.working_days).deadline(letter_date, cal, rs.tz)
    violations = [_violation(i, c, rs) for i, c in enumerate(selection.chosen, 1)]
    sender = settings.sender or report.parties.buyer
    contract_title = report.contract_title.strip()
    number = report.contract_number or settings.contract_number
    deadline_text = zh_date(dl.last_day)  # type: ignore[arg-type]
    consequence = settings.consequence or (
        f"逾期未整改或整改后仍不能满足合同要求的，我局将依据《{contract_title}》"
        f"{period.source.removeprefix('合同') if period.source.startswith('合同') else ''}"
        "及相关条款的约定追究你方违约责任。")
    contact = settings.contact
    contact_text = ""
    if contact is not None:
        contact_text = f"联系人：{contact.name}" + (f"，联系电话：{contact.phone}" if contact.phone else "") + \
            (f"，电子邮箱：{contact.email}" if contact.email else "")
    title = (settings.title or "关于《{contract_title}》违约事项限期整改的通知").replace("{contract_title}", contract_title)
    ctx = {
        "sender": sender,
        "copy_number": f"{settings.copy_number:06d}" if settings.copy_number else "",
        "title": title,
        "addressee": report.parties.vendor,
        "contract_title": contract_title,
        "contract_number": number or "",
        "period_checked": _period_text(report),
        "violations": [v.as_dict() for v in violations],
        "violation_count": str(len(violations)),
        "rectification_days": str(period.working_days),
        "rectification_source": period.source,
        "deadline": deadline_text,
        "deadline_note": deadline_note(dl, period, letter_date, cal),
        "reply_by": deadline_text,
        "consequence": consequence,
        "attachments": ["整改情况回复表"],
        "signature": sender,
        "date": zh_date(letter_date),
        "contact": contact_text,
        "cc": "，".join(settings.cc),
        "contract_id": report.contract,
    }
    return Letter(report.contract, report.parties.vendor, rs, letter_date, violations, dl, period, ctx, notes)


def build_letters(reports: list[Report], rulesets: dict[str, Ruleset], settings: NoticeSettings,
                  letter_date: date, cal: WorkCalendar) -> tuple[list[Letter], list[tuple[str, str]]]:
    """One letter per contract and vendor (reports of the same contract are merged, each
    finding once by its key); and what was left out, per finding key, with the reason."""
    from .select import select_findings

    groups: dict[tuple[str, str], list[Report]] = {}
    for r in reports:
        groups.setdefault((r.contract, r.parties.vendor), []).append(r)
    letters: list[Letter] = []
    left_out: list[tuple[str, str]] = []
    for (contract, _vendor), group in groups.items():
        seen: set[str] = set()
        findings = []
        for r in group:
            for f in r.findings:
                if f.key not in seen:
                    seen.add(f.key)
                    findings.append(f)
        sel = select_findings(findings, settings)
        left_out += sel.left_out
        letter = build_letter(group[-1], rulesets[contract], sel, settings, letter_date, cal)
        if letter is not None:
            letters.append(letter)
    return letters, left_out


def find_ruleset_folder(contract: str, explicit: Path | None, search: list[Path]) -> Path:
    if explicit is not None:
        return explicit
    for base in search:
        cand = base / "rulesets" / contract
        if (cand / "ruleset.yaml").is_file():
            return cand
    tried = ", ".join(str(b / "rulesets" / contract) for b in search)
    raise LetterError(f"the ruleset of contract {contract!r} was not found (looked in {tried}): the letter quotes "
                      "its clauses and takes its rectification period from it; give it with --ruleset DIR")
