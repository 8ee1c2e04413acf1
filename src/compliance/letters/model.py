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
from .select import Chosen, Selection, reading_label
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
# a month or ISO week standing alone before Chinese text or punctuation: 2023-12运行情况报告, 2024-W06周报
_MONTH_ALONE = re.compile(r"(?<![A-Za-z0-9_-])(\d{4})-(\d{2})(?=[\u4e00-\u9fff（），。；：、]|$)")
_WEEK = re.compile(r"(?<![A-Za-z0-9_-])(\d{4})-W(\d{2})(?![A-Za-z0-9_-])")
_TIME = re.compile(r"(?<![A-Za-z0-9_:])(\d{1,2}):(\d{2})(?![A-Za-z0-9_:])")
_DATE_RANGE = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)/(\d{4}年\d{1,2}月\d{1,2}日)")


def zh_text(s: str) -> str:
    """The program's ISO dates and clock times in a finding's text written as a letter writes
    them: ``2026-10-01…10-07`` -> 2026年10月1日至10月7日, ``2026-08-05 10:30`` -> 2026年8月5日10时30分.
    Only free-standing dates and times change (record ids such as FLT-20260805-01 stay)."""
    s = _SPAN.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日至{int(m[4])}月{int(m[5])}日", s)
    s = _DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", s)
    s = _MONTH.sub(lambda m: f"{int(m[1])}年{int(m[2])}", s)
    s = _MONTH_ALONE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月", s)
    s = _WEEK.sub(lambda m: f"{int(m[1])}年第{int(m[2])}周", s)
    s = re.sub(r"(日) (?=\d{1,2}:\d{2})", r"\1", s)
    s = _TIME.sub(lambda m: f"{int(m[1])}时" + (f"{int(m[2])}分" if int(m[2]) else ""), s)
    return _DATE_RANGE.sub(r"\1至\2", s)


_CN_NUM = "一二三四五六七八九十百"
_NUMBERING = rf"[{_CN_NUM}\d.()（）]+"


def _one_clause(c: str) -> str:
    if c.startswith("附件"):  # 附件2 运行报告 -> 附件2“运行报告”; 附件1 第4项 -> 附件1第4项; 附件 1.1.2.4 -> 附件1.1.2.4
        parts = c.split()
        out, i = parts[0], 1
        while i < len(parts) and re.fullmatch(r"(附表|附件)?[\d.]+|第\S+", parts[i]):
            out += parts[i]
            i += 1
        rest = " ".join(parts[i:])
        return out + (f"“{rest}”" if rest else "")
    if c.startswith("第") or " " in c:
        return c
    m = re.fullmatch(rf"([{_CN_NUM}]+)\.(\d+)(?:[(（](\d+)[)）])?", c)  # 六.1: article 六, its paragraph 1
    if m:
        return f"第{m[1]}条第{m[2]}款" + (f"第（{m[3]}）项" if m[3] else "")
    m = re.fullmatch(rf"([{_CN_NUM}]+)[(（]([{_CN_NUM}]+)[)）](\d*)", c)  # 四(四)3: article, item, sub-item
    if m:
        return f"第{m[1]}条第（{m[2]}）项" + (f"第{m[3]}目" if m[3] else "")
    return f"第{c}条"


def clause_ref(clause: str) -> str:
    """The contract's clause numbers as a letter cites them: 五 -> 第五条; 六.1 -> 第六条第1款;
    四(四)3 -> 第四条第（四）项第3目; 3.2.5 -> 第3.2.5条; 附件2 运行报告 -> 附件2“运行报告”;
    several (五；六.1；八.1, or numbers joined by 、 as 2.2.1、7.4) each so, joined with 、."""
    out = []
    for group in (g.strip() for g in re.split(r"[；;]", clause.strip())):
        if not group:
            continue
        if re.fullmatch(rf"{_NUMBERING}(、{_NUMBERING})+", group):
            out += [_one_clause(p) for p in group.split("、")]
        else:
            out.append(_one_clause(group))
    return "、".join(out) or clause.strip()


def self_ref(sender: str) -> str:
    """How the sender names itself in the letter: 我局, 我中心, 我委 … (我单位 otherwise)."""
    for end, ref in (("委员会", "我委"), ("办公室", "我办"), ("中心", "我中心"), ("局", "我局"), ("委", "我委"),
                     ("厅", "我厅"), ("办", "我办"), ("院", "我院"), ("公司", "我公司")):
        if sender.strip().endswith(end):
            return ref
    return "我单位"


# --------------------------------------------------------------------------------------------
# What each kind of violation asks the vendor to do (by the obligation's topic)

_REQUIRE = {
    "notice": "完善检修、割接、升级、施工等工作的事前报告制度，今后按合同约定的提前期书面通知甲方；确需停止服务的，须事先取得甲方同意",
    "approval": "今后相关事项须事先向甲方书面申请，取得甲方书面同意后方可实施",
    "fault_response": "完善7×24小时值守和故障报告机制，今后发现故障须在约定时限内响应并如实告知甲方，不得瞒报、漏报",
    "fault_onsite": "完善现场技术支撑安排，今后故障发生后须在约定时限内到达现场",
    "fault_resolution": "分析故障处置超时原因，完善应急处置预案，今后须在约定时限内排除故障",
    "fault_level": "提交该故障的原因分析报告和防范措施，杜绝同类故障再次发生",
    "staffing": "按合同约定配齐服务团队和驻场人员，确保驻场人员每个工作日按时在岗，并提交人员名单和考勤记录",
    "staff_change": "今后更换、变动人员须按合同约定的时限事先告知甲方，须经甲方同意的，取得同意后方可变动；甲方要求更换的，须按期更换",
    "request": "查明延误原因，完善需求受理和交付流程，今后在约定时限内完成并书面答复甲方",
    "audit": "尽快完成相关测评、评估、巡检等工作，并向甲方提交报告、证书等证明材料",
    "drill": "按合同约定组织演练，并提交预案、记录、照片等完整资料",
    "report": "按合同约定的期限、频次和内容要求提交报告；已提交的报告有错误的，予以更正",
    "training": "按合同约定组织培训，并提交培训通知、签到表和课件",
    "availability": "分析服务中断原因，采取有效措施使服务可用性达到合同约定",
    "invoice": "今后按合同约定的时间开具并提交合规发票",
    "contact_change": "联系人、联系方式或送达地址发生变化的，今后须在约定时限内书面通知甲方",
    "rectification": "立即完成前次通知的整改事项，并提交整改完成的证明材料",
    "force_majeure": "按合同约定补交不可抗力情况的书面说明及有关部门的证明",
    "log_retention": "按合同约定的期限留存日志，并提交留存情况说明",
    "data_security": "立即排查数据安全隐患，提交事件报告和整改措施",
    "complaint": "核查投诉和未接听电话情况，完善服务热线值守和投诉处理机制",
    "spot_check": "核实抽查发现的不一致情况，如实更正运行报告",
}

def _requirement(f: Finding) -> str:
    """The 整改要求 of one violation: by its topic, and for a report by what was wrong with it
    (errors found, handed in late, or not handed in) — a late report has no errors to correct."""
    if f.topic == "report":
        facts = f.facts
        if facts.get("errors"):
            return "更正已提交报告中的错误，今后确保报告内容完整、准确，不缺项、无错误"
        if facts.get("submitted") or facts.get("done"):
            return "今后严格按合同约定的期限按时提交报告"
        return "立即补交缺少的报告，今后严格按合同约定的期限和频次提交"
    return _REQUIRE.get(f.topic, "查明原因，采取有效措施逐项整改，今后严格按合同约定履行")


# 发现日期, when the breach became a fact: the first of these facts a finding has — the day of
# the record itself (at, day), of the late act (done, submitted, a late notice or consent, the
# invoice), else the day its deadline passed (deadline: the instant after the last day), else
# the trigger or the event. For an ambiguous finding decided by a ruling, that reading's deadline.
_FOUND_ON = ("at", "day", "done", "submitted", "notice", "invoice", "deadline", "deadline_b", "last_day", "trigger",
             "event")


_PERIOD = re.compile(r"(\d{4})(?:-(?:(\d{2})|W(\d{2})|Q([1-4])|H([12])))?")


def _period_words(p: str) -> str:
    """A record's period as a letter names it: 2024-04 -> 2024年4月, 2024-W06 -> 2024年第6周,
    2024-Q2 -> 2024年第二季度, 2024-H1 -> 2024年上半年, 2024 -> 2024年 (anything else as written)."""
    m = _PERIOD.fullmatch(p)
    if m is None:
        return p
    y, month, week, quarter, half = m.groups()
    if month:
        return f"{y}年{int(month)}月"
    if week:
        return f"{y}年第{int(week)}周"
    if quarter:
        return f"{y}年第{'一二三四'[int(quarter) - 1]}季度"
    if half:
        return f"{y}年{'上' if half == '1' else '下'}半年"
    return f"{y}年"


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


def found_on(f: Finding, reading: str | None = None, checked_day: date | None = None) -> date | None:
    """The 发现日期; never after the day of the check that found it (``checked_day``): a deadline
    ending at the as-of's 24:00 passed at that instant, and the check of that day found it — its
    'instant after the last day' would date the finding a day after the letter dated on the as-of."""
    order = _FOUND_ON if reading is None else tuple(f"deadline_{reading}" if k == "deadline_b" else k for k in _FOUND_ON)
    found = None
    for k in order:
        found = _as_date(f.facts.get(k))
        if found is not None:
            break
    if found is None and f.period:
        found = _as_date(f.period[:10])
    if found is not None and checked_day is not None and found > checked_day:
        return checked_day
    return found


_CODE = re.compile(r"(?<=[（，、])([a-z][a-z_]*)(?=[，）、])")


def _value_names_in(text: str, kind: Any) -> str:
    """A record's coded value quoted in a message (演练 DRL-…（fire，…）) by its Chinese name
    (消防演练), from the record kind's value labels; a code named twice differently stays."""
    from ..events import VALUE_LABELS

    names: dict[str, str | None] = {}
    for values in VALUE_LABELS.get(kind, {}).values() if isinstance(kind, str) else ():
        for value, labels in values.items():
            if labels:
                names[value] = labels[0] if names.get(value, labels[0]) == labels[0] else None
    return _CODE.sub(lambda m: names.get(m[1]) or m[1], text) if names else text


# a clause the message cites by the contract's bare numbers (不符合六.2“…”, 不满足6.3“…”, （3.2.5）;
# in parentheses only an article's own numbering or three numbers, never a figure such as （99.86）):
# a letter cites it as 第六条第2款, 第6.3条, 第3.2.5条 (clause_ref), as it does in the 违反条款 column
_CLAUSE_NUM = rf"[{_CN_NUM}]+\.\d+|\d+(?:\.\d+)+"
_CITED_CLAUSE = re.compile(rf"(?<=不符合|不满足)({_CLAUSE_NUM})(?=“)|(?<=（)([{_CN_NUM}]+\.\d+|\d+\.\d+(?:\.\d+)+)(?=）)")


def _cited_clauses(text: str) -> str:
    return _CITED_CLAUSE.sub(lambda m: (f"合同{clause_ref(m[2])}" if m[2] else clause_ref(m[1])), text)


_WHEN = r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?"
_BOTH_READINGS = re.compile(rf"（甲）{_WHEN}／（乙）({_WHEN})")
_NEEDS_RULING = re.compile(r"[，,；;]?\s*(合同未明确，)?需人工认定[。.]?$")
# an invoice late under both readings of 节点前N个工作日内 (window and lead): the letter holds 乙方
# to the later day, the node itself, which it missed as well — one date, not "（窗口）…／（提前）…"
_BOTH_INVOICE_READINGS = re.compile(r"应于（窗口）\d{4}-\d{2}-\d{2}至(\d{4}-\d{2}-\d{2})／（提前）不晚于\d{4}-\d{2}-\d{2}")


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


def _violation(seq: int, c: Chosen, rs: Ruleset, checked_day: date | None = None) -> Violation:
    f = c.finding
    try:
        ob = rs.obligation(f.obligation)
    except KeyError:
        raise LetterError(f"ruleset {rs.id} ({rs.folder}) has no obligation {f.obligation} "
                          f"(finding {f.key}): the letter cannot quote the clause breached; "
                          "give the ruleset the findings were made with (--ruleset DIR)") from None
    text = f.message.strip()
    if f.status == "fail":
        # late under both readings of 提前N个工作日: the letter holds the vendor to the later
        # (reading 乙) deadline, which it missed as well — one date, not "（甲）…／（乙）…"
        text = _BOTH_READINGS.sub(r"\1", text)
        text = _BOTH_INVOICE_READINGS.sub(r"应不晚于\1", text)
    if c.ruling is not None:
        label = reading_label(c.ruling.reading, f)
        text = _NEEDS_RULING.sub("", text).rstrip("，,；;。") + "。"
        note = (c.ruling.note or "").strip().rstrip("。.；;，,")
        text += (f"经{c.ruling.by}于{zh_date(c.ruling.on)}认定，本条款适用读法{label}，按该读法构成违约"
                 + (f"（认定理由：{note}）" if note else "") + "。")
    if c.confirmed_default:
        text = text.replace("本规则默认", "经甲方确认")
    text = _cited_clauses(_value_names_in(text, ob.params.get("record")))
    d = found_on(f, c.ruling.reading if c.ruling else None, checked_day)
    # a record of a period (a month's spot check) was found in that period, on no day recorded
    period_found = f.facts.get("at_period") if isinstance(f.facts.get("at_period"), str) else None
    requirement = _requirement(f)
    subject = "、".join(f.event_ids) or (zh_text(f.period) if f.period else "")
    summary = ob.title + (f"（{subject}）" if subject else "")
    return Violation(seq=seq, key=f.key, obligation=f.obligation, fact=zh_text(text),
                     found_on=_period_words(period_found) if period_found else zh_date(d) if d else "未载明", clause=f"合同{clause_ref(f.clause or ob.clause)}",
                     quote=ob.quote.strip(), requirement=f"{requirement}。",
                     summary=summary)


# --------------------------------------------------------------------------------------------
# The deadline


@dataclass(frozen=True)
class RectificationPeriod:
    working_days: int
    source: str  # 合同第五条; 我局规定 (the settings' rectification_working_days)
    from_contract: bool = True

    @property
    def basis(self) -> str:
        """After the deadline, in parentheses: 合同第五条约定5个工作日 / 我局规定的整改期限为10个工作日."""
        if self.from_contract:
            return f"{self.source}约定{self.working_days}个工作日"
        return f"{self.source}的整改期限为{self.working_days}个工作日"


def rectification_period(rs: Ruleset, settings: NoticeSettings, we: str = "我局") -> tuple[RectificationPeriod, list[str]]:
    notes: list[str] = []
    r = rs.contract.rectification
    if r is not None:
        if settings.rectification_working_days and settings.rectification_working_days != r.working_days:
            notes.append(f"{rs.id}: the contract's own rectification period ({clause_ref(r.clause)}, {r.working_days}个工作日) "
                         f"is used, not the settings' rectification_working_days: {settings.rectification_working_days}")
        return RectificationPeriod(r.working_days, f"合同{clause_ref(r.clause)}"), notes
    if settings.rectification_working_days:
        return RectificationPeriod(settings.rectification_working_days, f"{we}规定", from_contract=False), notes
    where = f" ({settings.folder})" if settings.folder is not None else ""
    raise LetterError(f"{rs.id}: the contract sets no rectification period (ruleset {rs.folder / 'ruleset.yaml'} has no "
                      f"contract.rectification), so the settings must: set rectification_working_days: N (working "
                      f"days from the letter date) in the --settings file{where}, e.g. samples/notice-settings.yaml")


_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


def _tight(s: str) -> str:
    """No spaces between Chinese text and a date or number (起算日 2026年9月30日 不计入 -> 起算日2026年9月30日不计入)."""
    return re.sub(rf"(?<={_CJK}) +| +(?={_CJK})", "", s)


def deadline_note(dl: Deadline, period: RectificationPeriod, letter_date: date, cal: WorkCalendar) -> str:
    """How the deadline was counted, in the letter's words (the Deadline's own steps)."""
    # 跳过 2026年1月1日至1月3日 元旦 -> 跳过2026年1月1日至1月3日（元旦）
    # a caveat for the user (注意：… 暂定, a deadline in the newest loaded year's last days) is no
    # part of the letter to the vendor: build_letter says it in the letter's notes instead
    steps = [_tight(re.sub(r"^跳过 (\S+) (\S+)$", r"跳过\1（\2）", zh_text(s))) for s in dl.steps
             if not s.startswith("注意：")]
    notices = []
    for y in sorted({letter_date.year, dl.last_day.year}):  # type: ignore[union-attr]
        s = cal.schedule(y)
        notices.append(f"{s.title}（{s.number}）")
    counted = (f"按{period.source}“{period.working_days}个工作日内”计算" if period.from_contract
               else f"按{period.source}的{period.working_days}个工作日计算")
    return (f"整改期限{counted}，工作日依据{'、'.join(notices)}确定：" + "；".join(steps) + "。")


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
        # the records checked are the term's: a check after it ended covers the term, no more
        if (term_end := _as_date(report.term.end)) is not None:
            end = min(end, term_end)
    return f"{zh_date(start)}至{zh_date(end)}" if start else f"截至{zh_date(end)}"


def consequence_text(rs: Ruleset, contract_title: str, we: str) -> str:
    """The 违约责任 paragraph: the contract's own consequence clause quoted (ruleset
    ``contract.consequence``), else the rectification clause named, else the contract alone."""
    lead = "你方逾期未整改或整改后仍不能满足合同要求的，"
    cq = rs.contract.consequence
    if cq is not None:
        quote = cq.quote.strip()
        return (f"{lead}{we}将依据《{contract_title}》{clause_ref(cq.clause)}“{quote.rstrip('。')}”的约定，"
                "追究你方相应责任。")
    r = rs.contract.rectification
    ref = clause_ref(r.clause) if r is not None else ""
    return f"{lead}{we}将依据《{contract_title}》{ref}及相关条款的约定，追究你方违约责任。"


def build_letter(report: Report, rs: Ruleset, selection: Selection, settings: NoticeSettings,
                 letter_date: date, cal: WorkCalendar) -> Letter | None:
    """The letter for one report (one contract, one vendor), or None when nothing goes in."""
    if not selection.chosen:
        return None
    sender = settings.sender or report.parties.buyer
    we = self_ref(sender)
    period, notes = rectification_period(rs, settings, we)
    checked = datetime.fromisoformat(report.as_of).astimezone(rs.tz)
    checked_day = (checked - timedelta(microseconds=1)).date()  # an as-of at 24:00 is the day before's end
    if letter_date < checked_day:
        notes.append(f"{rs.id}: the letter is dated {letter_date}, before the check's as-of ({checked_day}): it "
                     "would cite violations found after its own date; date it on or after the as-of (--date)")
    cal = cal.with_rule(rs.contract.workday_rule)
    dl = WorkingDaysAfter(period.working_days).deadline(letter_date, cal, rs.tz)
    if dl.provisional:
        notes.append(f"{rs.id}: the rectification deadline {dl.last_day} lies in the last days of the newest loaded "
                     f"holiday year: the {dl.last_day.year + 1} State Council notice may move it (a 补班 day); check "  # type: ignore[union-attr]
                     "it once that notice is out (compliance calendar import, --calendar-dir) before sending the letter")
    violations = [_violation(i, c, rs, checked_day) for i, c in enumerate(selection.chosen, 1)]
    # a title broken across lines in the contract's text (焦作市政务云服务采购项目 合同) is one title
    contract_title = re.sub(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])", "", report.contract_title.strip())
    number = report.contract_number or settings.contract_number
    deadline_text = zh_date(dl.last_day)  # type: ignore[arg-type]
    consequence = settings.consequence or consequence_text(rs, contract_title, we)
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
        "rectification_basis": period.basis,
        "we": we,
        "deadline": deadline_text,
        "deadline_note": deadline_note(dl, period, letter_date, cal),
        "reply_by": deadline_text,
        "consequence": consequence,
        "attachments": ["整改情况回复表"],
        "signature": sender,
        "date": zh_date(letter_date),
        "letter_date_iso": letter_date.isoformat(),
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
