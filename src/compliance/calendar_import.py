"""Turn the text of a State Council holiday notice into a ``{year}.yaml`` year file.

Each November the 国务院办公厅 publishes 关于YYYY年部分节假日安排的通知. Its items read, as
published 2019-2026::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
        1月26日（周日）、2月8日（周六）上班。
    一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
    一、元旦：1月1日放假，与周末连休。
    一、元旦：1月1日（周三）放假1天，不调休。
    三、清明节：4月5日放假，4月6日（星期一）补休。
    六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。……

:func:`parse_notice` reads such a text fully or not at all: every clause of every item must be
understood (a 放假 range, its day count, 与周末连休 / 不调休, a 补休 day, a list of 上班 days, or a
鼓励… sentence, which is advice and changes no day), and every fact is checked (the weekday in
parentheses, the stated day count, 上班 days on a weekend, dates in the notice's year, each of
the seven festivals exactly once). Problems are collected, all of them, and raised as one
:class:`NoticeError` whose messages (Chinese, for the user) name the item and quote its text.

:func:`import_notice` adds the document number and the signing date (from the text, or given
by the caller when the text does not carry them, e.g. the Xinhua release), renders the year file
in the shipped files' schema and style, and reads the rendered file back with
:func:`compliance.workdays.read_schedule` as a final check.

Dates: a date without a year is in the notice's year; a date with a year must be in that year,
or in the previous December (the 2023 notice's 元旦 starts 2022年12月31日, the 2019 notice's
2018年12月29日 is a 上班 day), which the year-file schema allows. A range end without month or
year takes them from the range start.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .errors import ComplianceError
from .workdays import WEEKDAY_ZH, Holiday, YearSchedule, read_schedule

__all__ = [
    "FESTIVALS",
    "NoticeError",
    "NoticeItem",
    "ParsedNotice",
    "ImportResult",
    "decode_notice",
    "read_notice_file",
    "parse_notice",
    "import_notice",
    "render_year_file",
]

#: The festivals every notice arranges (国庆节 and 中秋节 may share one item).
FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")

_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
_WEEKDAY_CHARS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

# Full-width forms to their ASCII counterparts, one character for one (indices stay aligned with
# the original text, so items can be quoted as written).
_HALF = {0xFF10 + i: ord("0") + i for i in range(10)}
_HALF.update({ord(a): ord(b) for a, b in zip("（）：，［］\u3000", "():,[] ")})
# ... and back, to quote a normalised clause in the notice's own punctuation.
_FULL = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，"})

_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日(?:\((?P<{p}n>[^()]*)\))?"
_ONE_DATE = re.compile(_DATE.format(p=""))
_RANGE = re.compile(
    _DATE.format(p="a") + r"(?:至" + _DATE.format(p="b") + r")?放假(?P<adj>调休)?(?:(?P<n>\d+)天)?"
)
_WORK = re.compile(r"(?:" + _DATE.format(p="") + r"、?)+上班")
_COMP = re.compile(_DATE.format(p="") + r"补休")
_DATELESS = re.compile(r"放假(?:调休)?(?:\d+天)?")
_COUNT = re.compile(r"共(?P<n>\d+)天")
_NO_EFFECT = re.compile(r"与周[末六日]连休|不调休")
_WEEKDAY_NOTE = re.compile(r"(?:周|星期)(?P<w>[一二三四五六日天])")

_TITLE = re.compile(r"关于\s*(\d{4})\s*年\s*部分\s*节\s*假\s*日\s*安\s*排\s*的\s*通\s*知")
_NUMBER = re.compile(r"(国办发(?:明电)?)\s*[〔\[(]\s*(\d{4})\s*[〕\])]\s*(\d+)\s*号")
_SIGNED = re.compile(r"国务院办公厅\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ITEM_HEAD = re.compile(
    r"(?<![^\s。])(?P<num>[一二三四五六七八九十]{1,3})\s*、\s*(?P<names>[^:、。\s]{1,10}(?:\s*、\s*[^:、。\s]{1,10}){0,3})\s*:"
)
# Where the items end: the closing paragraphs of every notice, or the signature.
_ITEMS_END = re.compile(r"(?:(?<=。)|\n)\s*(?=节假日期间|鼓励单位和个人|国务院办公厅\s*(?:\n|\d|$))")


class NoticeError(ComplianceError):
    """A notice text that cannot be read fully: every problem, one Chinese message each."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class NoticeItem:
    """One numbered item of a notice (``二、春节：……``)."""

    label: str  # 二
    name: str  # 春节, or 国庆节、中秋节 as written
    text: str  # the item as written, whitespace removed
    holidays: tuple[Holiday, ...]
    makeup_workdays: tuple[date, ...]
    ignored: tuple[str, ...] = ()  # 鼓励… sentences (advice; no day changes)


@dataclass(frozen=True)
class ParsedNotice:
    """What a notice says, before the year file is written."""

    year: int
    title: str  # 国务院办公厅关于2026年部分节假日安排的通知
    number: str | None  # 国办发明电〔2025〕7号, None when neither the text nor the caller gives it
    issued_on: date | None
    items: tuple[NoticeItem, ...]
    weekday_style: str = "周"  # 周 or 星期, as the notice writes weekdays

    @property
    def holidays(self) -> tuple[Holiday, ...]:
        return tuple(sorted((h for it in self.items for h in it.holidays), key=lambda h: h.start))

    @property
    def makeup_workdays(self) -> tuple[date, ...]:
        return tuple(sorted(d for it in self.items for d in it.makeup_workdays))

    def makeup_origin(self) -> dict[date, str]:
        """Each 补班 day -> the name of the item that sets it."""
        return {d: it.name for it in self.items for d in it.makeup_workdays}

    def weekday(self, d: date) -> str:
        """``周六`` or ``星期六``, in the notice's style."""
        w = WEEKDAY_ZH[d.weekday()]
        return w if self.weekday_style == "周" else "星期" + w[1]


@dataclass(frozen=True)
class ImportResult:
    notice: ParsedNotice
    schedule: YearSchedule  # the rendered file as read back by read_schedule
    text: str  # the year file


# --------------------------------------------------------------------------------------------
# Reading the file
# --------------------------------------------------------------------------------------------


def decode_notice(data: bytes, source: str = "通知文本") -> str:
    """UTF-8 (with or without BOM), else GB18030; anything else is a NoticeError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NoticeError([f"{source}：文本为 UTF-16 编码；请另存为 UTF-8 或 GB18030 后再导入"])
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as e:
            raise NoticeError([f"{source}：文件以 UTF-8 BOM 开头，但第 {e.start + 3} 字节起不是有效的 UTF-8"]) from e
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise NoticeError([f"{source}：既不是 UTF-8 也不是 GB18030 编码的文本（第 {e.start} 字节）"]) from e


def read_notice_file(path: str | Path) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise NoticeError([f"{path}：无法读取：{e.strerror or e}"]) from e
    return decode_notice(data, str(path))


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


def _zh(s: str) -> str:
    return s.translate(_FULL)


def _numeral(label: str) -> int | None:
    try:
        return _NUMERALS.index(label) + 1
    except ValueError:
        return None


class _Item:
    """Parsing state of one item; problems go to the shared list, each naming the item."""

    def __init__(self, notice_year: int, label: str, name: str, original: str, problems: list[str], styles: list[str]):
        self.year = notice_year
        self.label = label
        self.name = name
        self.original = original
        self.problems = problems
        self.styles = styles
        self.holidays: list[Holiday] = []
        self.makeups: list[date] = []
        self.ignored: list[str] = []
        self.days = 0  # 放假 days so far (range + 补休), for 共N天
        self.saw_range = False  # a 放假 clause with dates (even a bad one) was seen

    def bad(self, what: str, clause: str | None = None) -> None:
        where = f"第{self.label}项（{self.name}）"
        quote = f"“{_zh(clause)}”：" if clause else ""
        self.problems.append(f"{where}：{quote}{what}——原文：{self.original}")

    # -- dates ---------------------------------------------------------------------------

    def date(self, m: re.Match, p: str, clause: str, *, year: int | None = None, month: int | None = None) -> date | None:
        """The date in groups ``{p}y/m/d/n`` (year and month may be inherited); None if bad."""
        y_txt, m_txt, d_txt, note = m.group(p + "y"), m.group(p + "m"), m.group(p + "d"), m.group(p + "n")
        y = int(y_txt) if y_txt else (year if year is not None else self.year)
        mo = int(m_txt) if m_txt else month
        written = _written(m, p)
        if mo is None:
            self.bad(f"日期“{_zh(written)}”没有写月份", clause)
            return None
        try:
            d = date(y, mo, int(d_txt))
        except ValueError:
            self.bad(f"“{_zh(written)}”不是有效的日期", clause)
            return None
        if not (d.year == self.year or (d.year == self.year - 1 and d.month == 12)):
            self.bad(f"日期 {d.isoformat()} 不在{self.year}年内（也不在{self.year - 1}年12月）", clause)
            return None
        if note is not None and not self.check_note(d, note, clause):
            return None
        return d

    def check_note(self, d: date, note: str, clause: str) -> bool:
        ok = True
        for part in (x.strip() for x in note.split("、")):
            w = _WEEKDAY_NOTE.fullmatch(part)
            if w:
                self.styles.append("星期" if part.startswith("星期") else "周")
                if _WEEKDAY_CHARS[w.group("w")] != d.weekday():
                    self.bad(
                        f"括号中的“{part}”与日期不符：{d.isoformat()} 是{WEEKDAY_ZH[d.weekday()]}", clause
                    )
                    ok = False
            elif not (part.startswith("农历") or part == "除夕"):
                self.bad(f"无法识别括号中的“{_zh(part)}”（应为星期或农历日期）", clause)
                ok = False
        return ok

    # -- clauses -------------------------------------------------------------------------

    def parse(self, body: str, written: str) -> None:
        """``body``: the item after its heading, normalised; ``written``: the same as written."""
        for sentence, as_written in zip(body.split("。"), written.split("。")):
            if not sentence:
                continue
            if sentence.startswith("鼓励"):
                self.ignored.append(as_written + "。")
                continue
            for clause in (c for c in sentence.split(",") if c):
                self.clause(clause)
        if not self.saw_range:
            self.bad("没有放假日期（应为“X月X日至X日放假……”）")

    def clause(self, clause: str) -> None:
        m = _RANGE.fullmatch(clause)
        if m:
            return self.range(m, clause)
        if _DATELESS.fullmatch(clause):
            return None  # 放假 without dates: reported once, as the item's missing dates
        m = _COUNT.fullmatch(clause)
        if m:
            if not self.holidays:
                return None  # no (valid) range before it: already reported
            n = int(m.group("n"))
            if n != self.days:
                h = self.holidays[-1]
                self.bad(f"写明共{n}天，但放假日期（{h.start.isoformat()} 至 {h.end.isoformat()}）共{self.days}天", clause)
            return None
        if _NO_EFFECT.fullmatch(clause):
            return None
        m = _COMP.fullmatch(clause)
        if m:
            return self.compensatory(m, clause)
        if _WORK.fullmatch(clause):
            return self.work(clause)
        self.bad("无法识别这一句（既不是放假日期、天数，也不是补休或上班日期）", clause)
        return None

    def range(self, m: re.Match, clause: str) -> None:
        if self.saw_range:
            return self.bad("一项中出现第二处放假日期", clause)
        self.saw_range = True
        start = self.date(m, "a", clause)
        if start is None:
            return None
        end = start
        if m.group("bd") is not None:
            # The end takes year and month from the start when it does not write them.
            e = self.date(m, "b", clause, year=start.year, month=start.month)
            if e is None:
                return None
            if e < start:
                return self.bad(f"放假结束日 {e.isoformat()} 早于开始日 {start.isoformat()}", clause)
            end = e
        length = (end - start).days + 1
        if m.group("n") is not None and int(m.group("n")) != length:
            self.bad(f"写明放假{m.group('n')}天，但 {start.isoformat()} 至 {end.isoformat()} 共{length}天", clause)
        self.holidays.append(Holiday(self.name, start, end))
        self.days += length
        return None

    def compensatory(self, m: re.Match, clause: str) -> None:
        """``4月6日（星期一）补休``: one more 放假 day of this item, on a weekday."""
        d = self.date(m, "", clause)
        if not self.holidays:
            return None  # no (valid) range before it: already reported
        if d is None:
            return None
        if d.weekday() >= 5:
            return self.bad(f"补休日 {d.isoformat()} 是{WEEKDAY_ZH[d.weekday()]}（补休日应为周一至周五）", clause)
        last = self.holidays[-1]
        if d == last.end + timedelta(days=1):
            self.holidays[-1] = Holiday(self.name, last.start, d)
        elif any(d in h for h in self.holidays):
            return self.bad(f"补休日 {d.isoformat()} 已在放假日期内", clause)
        else:
            self.holidays.append(Holiday(self.name, d, d))
        self.days += 1
        return None

    def work(self, clause: str) -> None:
        month = year = None
        for m in _ONE_DATE.finditer(clause):
            d = self.date(m, "", clause, year=year, month=month)
            if d is None:
                continue
            month, year = d.month, d.year
            if d.weekday() < 5:
                self.bad(f"上班日 {d.isoformat()} 是{WEEKDAY_ZH[d.weekday()]}（调休上班日应为周六或周日）", clause)
            elif d in self.makeups:
                self.bad(f"上班日 {d.isoformat()} 重复", clause)
            else:
                self.makeups.append(d)


def _written(m: re.Match, p: str) -> str:
    """One date (groups with prefix ``p``) as written, in normalised punctuation."""
    y, mo, d, n = (m.group(p + g) for g in "ymdn")
    return (f"{y}年" if y else "") + (f"{mo}月" if mo else "") + f"{d}日" + (f"({n})" if n is not None else "")


def _parse(
    text: str, number: str | None, issued_on: date | None, require_meta: bool = False
) -> tuple[ParsedNotice | None, list[str]]:
    problems: list[str] = []
    norm = text.lstrip("\ufeff").translate(_HALF)
    # Keep the original (for quoting) aligned with the normalised text.
    original = text.lstrip("\ufeff")

    # -- title and year ------------------------------------------------------------------
    years = sorted({int(m.group(1)) for m in _TITLE.finditer(norm)})
    if not years:
        problems.append("没有找到通知标题“关于YYYY年部分节假日安排的通知”（无法确定年份）")
        return None, problems
    if len(years) > 1:
        problems.append(f"文本中有不同年份的通知标题：{'、'.join(str(y) for y in years)}年")
        return None, problems
    year = years[0]
    title = f"国务院办公厅关于{year}年部分节假日安排的通知"

    # -- document number -----------------------------------------------------------------
    found = sorted({f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号" for m in _NUMBER.finditer(norm)})
    if len(found) > 1:
        problems.append(f"文本中有多个文号：{'、'.join(found)}")
    text_number = found[0] if len(found) == 1 else None
    if number is not None:
        number = number.strip()
        if not number:
            problems.append("--number 为空")
            number = None
        elif text_number is not None and number != text_number:
            problems.append(f"--number {number} 与通知文本中的文号 {text_number} 不一致")
    else:
        number = text_number

    # -- signing date --------------------------------------------------------------------
    signed = list(_SIGNED.finditer(norm))
    text_date: date | None = None
    if signed:
        m = signed[-1]
        try:
            text_date = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            problems.append(f"落款日期“{_zh(m.group(0))}”不是有效的日期")
    if issued_on is not None:
        if text_date is not None and issued_on != text_date:
            problems.append(f"--issued-on {issued_on.isoformat()} 与通知落款日期 {text_date.isoformat()} 不一致")
    else:
        issued_on = text_date
    if issued_on is not None and issued_on.year not in (year - 1, year):
        problems.append(f"发布日期 {issued_on.isoformat()} 不在{year - 1}年或{year}年（{year}年的通知应在此期间发布）")
    if require_meta and number is None:
        problems.append("通知文本中没有文号（如 国办发明电〔2025〕7号）；请用 --number 给出")
    if require_meta and issued_on is None:
        problems.append("通知文本中没有落款日期（如 2025年11月4日）；请用 --issued-on YYYY-MM-DD 给出")
    if number is not None and issued_on is not None:
        nm = re.search(r"〔(\d{4})〕", number)
        if nm and int(nm.group(1)) != issued_on.year:
            problems.append(f"文号 {number} 的年份与发布日期 {issued_on.isoformat()} 不符")

    # -- items ---------------------------------------------------------------------------
    heads = list(_ITEM_HEAD.finditer(norm))
    if not heads:
        problems.append("没有找到任何放假安排条目（应为“一、元旦：……”）")
        return None, problems
    stop = _ITEMS_END.search(norm, heads[-1].end())
    items_end = stop.start() if stop else len(norm)
    items: list[NoticeItem] = []
    styles: list[str] = []
    seen: dict[str, str] = {}
    for k, h in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else items_end
        label = h.group("num")
        names = [re.sub(r"\s", "", x) for x in h.group("names").split("、")]
        name = "、".join(names)
        quoted = re.sub(r"\s", "", original[h.start():end])
        body = re.sub(r"\s", "", norm[h.end():end])
        body_written = re.sub(r"\s", "", original[h.end():end])
        it = _Item(year, label, name, quoted, problems, styles)
        n = _numeral(label)
        if n != k + 1:
            it.bad(f"序号“{label}”不连续（应为“{_NUMERALS[k] if k < len(_NUMERALS) else k + 1}”）")
        for nm in names:
            if nm not in FESTIVALS:
                it.bad(f"无法识别的节日名称“{nm}”（应为{'、'.join(FESTIVALS)}之一）")
            elif nm in seen:
                it.bad(f"{nm}已在第{seen[nm]}项中出现")
            else:
                seen[nm] = label
        it.parse(body, body_written)
        items.append(NoticeItem(label, name, quoted, tuple(it.holidays), tuple(it.makeups), tuple(it.ignored)))
    for f in FESTIVALS:
        if f not in seen:
            problems.append(f"通知中没有{f}的放假安排（文本不完整？）")

    # -- across items --------------------------------------------------------------------
    owner: dict[date, NoticeItem] = {}
    for it in items:
        for hol in it.holidays:
            for d in hol.days():
                if d in owner and owner[d] is not it:
                    problems.append(f"第{it.label}项（{it.name}）：放假日 {d.isoformat()} 也在第{owner[d].label}项（{owner[d].name}）中——原文：{it.text}")
                owner[d] = it
    makeup_owner: dict[date, NoticeItem] = {}
    for it in items:
        for d in it.makeup_workdays:
            if d in owner:
                problems.append(f"第{it.label}项（{it.name}）：上班日 {d.isoformat()} 同时是第{owner[d].label}项（{owner[d].name}）的放假日——原文：{it.text}")
            if d in makeup_owner and makeup_owner[d] is not it:
                problems.append(f"第{it.label}项（{it.name}）：上班日 {d.isoformat()} 已在第{makeup_owner[d].label}项中——原文：{it.text}")
            makeup_owner[d] = it

    if problems:
        return None, problems
    return (
        ParsedNotice(
            year=year,
            title=title,
            number=number,
            issued_on=issued_on,
            items=tuple(items),
            weekday_style=styles[0] if styles else "周",
        ),
        [],
    )


def parse_notice(text: str, *, number: str | None = None, issued_on: date | None = None) -> ParsedNotice:
    """Read a notice's text fully; raise :class:`NoticeError` with every problem otherwise.

    ``number`` / ``issued_on`` supply the document number and signing date when the text does
    not carry them; when it does, they must agree with it. They stay ``None`` when neither
    gives them (:func:`import_notice` then refuses).
    """
    notice, problems = _parse(text, number, issued_on)
    if problems:
        raise NoticeError(problems)
    assert notice is not None
    return notice


# --------------------------------------------------------------------------------------------
# Writing the year file
# --------------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[\u4e00-\u9fff〔〕（）][\u4e00-\u9fff〔〕（）0-9]*")


def _scalar(s: str) -> str:
    """A YAML scalar: plain for CJK text like 国办发明电〔2025〕7号, else double-quoted."""
    return s if _PLAIN.fullmatch(s) else json.dumps(s, ensure_ascii=False)


def render_year_file(notice: ParsedNotice, *, source: str) -> str:
    """The ``{year}.yaml`` text, in the shipped files' schema and style."""
    if notice.number is None or notice.issued_on is None:
        raise ValueError("render_year_file needs the notice's number and issued_on")
    y = notice.year
    out = [
        f"# {y} official holiday schedule, imported by `compliance calendar import` from the text of",
        f"# the State Council General Office notice of {notice.issued_on.isoformat()}. Quoted:",
    ]
    for it in notice.items:
        kept = it.text
        for s in it.ignored:
            kept = kept.replace(s, "")
        out.append(f"#   {kept}")
    ignored = [s for it in notice.items for s in it.ignored]
    if ignored:
        out.append("# Not transcribed (advice only, no day becomes 放假 or 上班):")
        out.extend(f"#   {s}" for s in ignored)
    for h in notice.holidays:
        if h.start.year < y:
            out.append(f"# Note: the {h.name} range starts in the previous December ({h.start.isoformat()}); it only takes")
            out.append(f"# effect when {y - 1} is loaded too.")
    for d in notice.makeup_workdays:
        if d.year < y:
            out.append(f"# Note: the 上班 day {d.isoformat()} lies in {y - 1}; it only takes effect when {y - 1} is loaded too.")
    out += [
        f"year: {y}",
        f"title: {_scalar(notice.title)}",
        f"number: {_scalar(notice.number)}",
        f"issued_on: {notice.issued_on.isoformat()}",
        f"source: {json.dumps(source, ensure_ascii=False)}",
        "holidays:",
    ]
    out += [f"  - {{name: {h.name}, start: {h.start.isoformat()}, end: {h.end.isoformat()}}}" for h in notice.holidays]
    origin = notice.makeup_origin()
    if notice.makeup_workdays:
        out.append("makeup_workdays:   # 补班 (上班) days")
        out += [f"  - {d.isoformat()}  # {notice.weekday(d)} ({origin[d]})" for d in notice.makeup_workdays]
    else:
        out.append("makeup_workdays: []   # 补班 (上班) days: none")
    return "\n".join(out) + "\n"


def import_notice(
    text: str,
    *,
    number: str | None = None,
    issued_on: date | None = None,
    source: str,
) -> ImportResult:
    """Parse, render and check a notice; raise :class:`NoticeError` listing every problem.

    The rendered file is read back with :func:`compliance.workdays.read_schedule` (the same
    validation every year file gets on load) and must give exactly the parsed data.
    """
    notice, problems = _parse(text, number, issued_on, require_meta=True)
    if not source.strip():
        problems.append("--source 为空")
    if problems:
        raise NoticeError(problems)
    assert notice is not None
    body = render_year_file(notice, source=source.strip())
    with tempfile.TemporaryDirectory(prefix="calendar-import-") as tmp:
        path = Path(tmp) / f"{notice.year}.yaml"
        path.write_text(body, encoding="utf-8")
        sched, file_problems = read_schedule(path, display=f"{notice.year}.yaml")
    if sched is None:
        raise NoticeError([f"生成的年份文件未通过校验：{p}" for p in file_problems])
    expected = (notice.year, notice.title, notice.number, notice.issued_on, source.strip(), notice.holidays, notice.makeup_workdays)
    got = (sched.year, sched.title, sched.number, sched.issued_on, sched.source, sched.holidays, sched.makeup_workdays)
    if got != expected:  # pragma: no cover - a rendering bug, not a user error
        raise NoticeError([f"生成的年份文件读回后与通知内容不一致：{got!r} != {expected!r}"])
    return ImportResult(notice=notice, schedule=sched, text=body)
