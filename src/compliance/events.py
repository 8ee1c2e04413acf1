"""Event records: the rows users export from ticket and attendance systems, read and checked.

Each kind is described once, by a pydantic model (``SCHEMAS``: ``FaultSchema`` …, subclasses
of ``EventSchema``). Its records are light immutable objects of a class generated from it
(``KINDS``: ``FaultEvent`` …, subclasses of ``EventBase``), validated by plain Python code
generated from it too (pydantic is not called per record). Files are read by
``compliance.inputs``; ``parse_record`` validates one record given as a mapping.

Times: ISO 8601. A time with an offset stays as given (aware ``datetime``); a time without one
is read in the run's time zone (Asia/Shanghai unless told); a date alone stays a ``date``.
``to_instant`` turns either into an aware instant.

Rows are validated straight from the parsed cells, one at a time: no raw lines are kept beside
the records. Records share what repeats: the file name, a kind's strings (contracts, persons,
allowed values) and, within a load, equal times and dates.
"""

import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from types import CodeType, MappingProxyType
from typing import (
    Annotated, Any, Callable, ClassVar, Iterator, Literal, Mapping, NamedTuple, Sequence, get_args,
    get_origin,
)  # fmt: skip
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationInfo
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from .errors import InputError, Problem
from .timetext import AmbiguousDateError, parse_date_cell, parse_period, parse_when_cell

__all__ = [
    "DEFAULT_TZ",
    "When",
    "to_instant",
    "EventBase",
    "MaintenanceEvent",
    "FaultEvent",
    "AttendanceEvent",
    "StaffChangeEvent",
    "RequestEvent",
    "AuditEvent",
    "DrillEvent",
    "ReportEvent",
    "TrainingEvent",
    "ComplaintEvent",
    "MissedCallEvent",
    "OutageEvent",
    "PaymentEvent",
    "RectificationEvent",
    "ContactChangeEvent",
    "ForceMajeureEvent",
    "SpotCheckEvent",
    "DeploymentEvent",
    "SurveyEvent",
    "UtilizationEvent",
    "LogCheckEvent",
    "SecurityTaskEvent",
    "DataDeletionEvent",
    "TeamRosterEvent",
    "KINDS",
    "EventSchema",
    "SCHEMAS",
        "parse_record",
]

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")

When = datetime | date
"""A recorded time: an aware ``datetime``, or a ``date`` when only the day was recorded."""


def to_instant(v: datetime | date, tz: ZoneInfo, *, end_of_day: bool = False) -> datetime:
    """An aware instant. A date is its 00:00 in ``tz`` (``end_of_day``: 24:00, i.e. the next
    day's 00:00). A datetime is returned as is (a naive one, which validated records never hold,
    is read in ``tz``); ``end_of_day`` does not apply to it."""
    if isinstance(v, datetime):
        return v if v.tzinfo is not None else v.replace(tzinfo=tz)
    if end_of_day:
        v = v + timedelta(days=1)
    return datetime.combine(v, time(0), tz)


# --------------------------------------------------------------------------------------------
# Cell validators. Each accepts what CSV (text), JSON (text, numbers, bools, lists) and Excel
# (numbers, bools, naive datetimes) deliver and raises one short "expected" message.

EXPECT_TIME = (
    "a date or date-time, year first (2026-09-30, 2026-09-30T10:00[:05][+08:00], 2026/9/30 10:00,"
    " 2026年9月30日 10:00)"
)
EXPECT_DATE = "a date, year first (2026-09-30, 2026/9/30, 2026年9月30日)"
# a year-last date (9/30/2026, 30/9/2026): refused with its own text, so that the error says why
_AMBIGUOUS = "; a date written year last is ambiguous (month or day first?)"
EXPECT_TIME_YEAR_LAST = EXPECT_TIME + _AMBIGUOUS
EXPECT_DATE_YEAR_LAST = EXPECT_DATE + _AMBIGUOUS
EXPECT_BOOL = "true/false, 1/0, yes/no, y/n, 是/否 or 有/无"
MAX_COUNT = 1_000_000  # no record counts more (systems, person-times, working days of a limit …)
EXPECT_INT = f"a whole number, 0 or more (at most {MAX_COUNT:,})"
MAX_MINUTES = 52_560_000  # 100 years: a duration beyond is no record's (and no date could hold it)
EXPECT_MINUTES = f"a number of minutes, 0 or more (at most {MAX_MINUTES:,}: 100 years)"
EXPECT_FRACTION = "a fraction from 0 to 1 (or a percentage such as 85%)"
EXPECT_SCORE = "a score from 0 to 100"
MAX_AMOUNT = Decimal(10) ** 15  # 千万亿元: beyond any contract, and within Decimal's 28 digits for interest
EXPECT_AMOUNT = "an amount in yuan, such as 12345.67 (less than 10^15)"
EXPECT_TEXT = "text"
EXPECT_MONTH = "a month YYYY-MM"
EXPECT_REPORT_PERIOD = "a period YYYY-MM, YYYY-Www, YYYY-Qn or YYYY"
EXPECT_PERIOD = "a period YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM or YYYY-Www"
EVIDENCE_VALUES = ("plan", "record", "photos")
EXPECT_EVIDENCE = "a list (or ;-separated text) of: " + ", ".join(EVIDENCE_VALUES)
EXPECT_REQUIRED = "required field missing"


def _bad(expected: str) -> PydanticCustomError:
    return PydanticCustomError("bad_value", "{expected}", {"expected": expected})


def _parse_when(v: Any, info: ValidationInfo) -> When:
    """As pydantic calls it (a schema validated with ``context={"tz": tz}``)."""
    ctx = info.context if info is not None else None
    return _when_parser((ctx.get("tz") or DEFAULT_TZ) if ctx else DEFAULT_TZ)(v)


def _when_parser(tz: ZoneInfo) -> Callable[[Any], When]:
    """A time cell's validator in ``tz`` (one call a cell: a million records have millions)."""
    def when(v: Any) -> When:
        try:
            return parse_when_cell(v, tz)
        except AmbiguousDateError:
            raise _bad(EXPECT_TIME_YEAR_LAST) from None
        except ValueError:
            raise _bad(EXPECT_TIME) from None

    return when


def _parse_date(v: Any) -> date:
    try:
        return parse_date_cell(v)
    except AmbiguousDateError:
        raise _bad(EXPECT_DATE_YEAR_LAST) from None
    except ValueError:
        raise _bad(EXPECT_DATE) from None


_BOOL_WORDS = {
    **dict.fromkeys(("true", "1", "yes", "y", "是", "有", "t"), True),
    **dict.fromkeys(("false", "0", "no", "n", "否", "无", "f"), False),
}


def _parse_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        b = _BOOL_WORDS.get(v)  # most cells: the word exactly
        if b is None:
            b = _BOOL_WORDS.get(v.strip().lower())
        if b is not None:
            return b
    elif isinstance(v, (int, float)) and v in (0, 1):
        return bool(v)
    raise _bad(EXPECT_BOOL)


_INT_RE = re.compile(r"[+-]?\d+(?:\.0*)?")


def _parse_count(v: Any) -> int:
    if type(v) is str and v.isascii() and v.isdigit() and len(v) < 20:  # most cells: "3"
        n = int(v)
    elif isinstance(v, str) and len(v.strip()) >= 20:  # (no int() of thousands of digits)
        raise _bad(EXPECT_INT)
    elif isinstance(v, bool):
        raise _bad(EXPECT_INT)
    elif isinstance(v, int):
        n = v
    elif isinstance(v, float):
        if not v.is_integer():
            raise _bad(EXPECT_INT)
        n = int(v)
    elif isinstance(v, str) and _INT_RE.fullmatch(v.strip()):
        n = int(v.strip().split(".")[0])
    elif isinstance(v, Decimal) and v.is_finite() and v == v.to_integral_value():
        n = int(v)
    else:
        raise _bad(EXPECT_INT)
    if not 0 <= n <= MAX_COUNT:  # (a limit of 10^30 working days: no date holds its end)
        raise _bad(EXPECT_INT)
    return n


def _to_float(v: Any, expected: str, *, percent: bool = False) -> float:
    if isinstance(v, bool):
        raise _bad(expected)
    if isinstance(v, (int, float, Decimal)):
        try:
            return float(v)
        except OverflowError:  # an int beyond any float
            raise _bad(expected) from None
    if isinstance(v, str):
        s = v.strip()
        scale = 1.0
        if percent and s.endswith(("%", "％")):
            s, scale = s[:-1].strip(), 100.0
        try:
            return float(s) / scale
        except ValueError:
            pass
    raise _bad(expected)


def _parse_minutes(v: Any) -> float:
    x = _to_float(v, EXPECT_MINUTES)
    if not 0.0 <= x <= MAX_MINUTES:
        raise _bad(EXPECT_MINUTES)
    return x


def _parse_fraction(v: Any) -> float:
    x = _to_float(v, EXPECT_FRACTION, percent=True)
    if not 0.0 <= x <= 1.0:
        raise _bad(EXPECT_FRACTION)
    return x


def _parse_score(v: Any) -> float:
    x = _to_float(v, EXPECT_SCORE)
    if not 0.0 <= x <= 100.0:
        raise _bad(EXPECT_SCORE)
    return x


def _parse_amount(v: Any) -> Decimal:
    if isinstance(v, bool):
        raise _bad(EXPECT_AMOUNT)
    if isinstance(v, Decimal):
        d = v
    elif isinstance(v, int):
        d = Decimal(v)
    elif isinstance(v, float):
        d = Decimal(repr(v))  # 1234.5 from Excel -> Decimal("1234.5"), not its binary expansion
    elif isinstance(v, str):
        s = v.strip().replace(",", "")
        try:
            d = Decimal(s)
        except InvalidOperation:
            raise _bad(EXPECT_AMOUNT) from None
    else:
        raise _bad(EXPECT_AMOUNT)
    if not d.is_finite() or abs(d) >= MAX_AMOUNT:
        raise _bad(EXPECT_AMOUNT)
    return d


def _parse_text(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        raise _bad(EXPECT_TEXT)
    if isinstance(v, int):  # Excel numbers: an id 1001, an audit level 3
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, Decimal):
        return str(v)
    raise _bad(EXPECT_TEXT)


def _period(v: Any, expected: str, allowed: str) -> str:
    """A period's canonical label; ``allowed`` holds the kinds accepted (see timetext.Period)."""
    try:
        return sys.intern(parse_period(v, allowed).label)
    except ValueError:
        raise _bad(expected) from None


def _parse_month(v: Any) -> str:
    return _period(v, EXPECT_MONTH, "M")


def _parse_report_period(v: Any) -> str:
    return _period(v, EXPECT_REPORT_PERIOD, "MWQY")


def _parse_any_period(v: Any) -> str:
    return _period(v, EXPECT_PERIOD, "YHQMW")


# What a payment covers, as ledgers write it: a half year (2023-H1, 2023H1, 2023年上半年), a
# quarter, a month, a year, or a span of months (2025-10/2026-06, 2025年10月至2026年6月).
_HALF_TEXT = re.compile(r"(\d{4})\s*(?:年\s*)?(?:[-_ ]\s*)?(?:[Hh]\s*([12])|([上下])半年(?:度)?)")
_MONTH_TEXT = r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月(?:份)?)?"
_SPAN_TEXT = re.compile(_MONTH_TEXT + r"\s*(?:/|至|到|~|～|—|–|-{1,2})\s*" + _MONTH_TEXT)


def _parse_payment_period(v: Any) -> str:
    """A payment's period in its canonical spelling where it can be read (2023-H1 for 2023H1 or
    2023年上半年; 2025-10/2026-06 for 2025年10月至2026年6月; 2026-Q3, 2026-09, 2026), else the text as
    written (rules that need a period they cannot read say so)."""
    text = _parse_text(v).strip()
    m = _HALF_TEXT.fullmatch(text)
    if m:
        half = m[2] or ("1" if m[3] == "上" else "2")
        return sys.intern(f"{m[1]}-H{half}")
    m = _SPAN_TEXT.fullmatch(text)
    if m and 1 <= int(m[2]) <= 12 and 1 <= int(m[4]) <= 12:
        return sys.intern(f"{m[1]}-{int(m[2]):02d}/{m[3]}-{int(m[4]):02d}")
    try:
        return sys.intern(parse_period(text, "YHQM").label)
    except ValueError:
        return text


normalize_payment_period = _parse_payment_period


_LIST_SEP = re.compile(r"[;；,，、]")


def _parse_evidence(v: Any) -> list[str]:
    if isinstance(v, str):
        items = _LIST_SEP.split(v)
    elif isinstance(v, (list, tuple)):
        items = []
        for x in v:
            if not isinstance(x, str):
                raise _bad(EXPECT_EVIDENCE)
            items.append(x)
    else:
        raise _bad(EXPECT_EVIDENCE)
    out = []
    for x in items:
        x = x.strip()
        if not x:
            continue
        if x not in EVIDENCE_VALUES:
            raise _bad(EXPECT_EVIDENCE)
        out.append(x)
    return out


TimeValue = Annotated[When, PlainValidator(_parse_when)]
DateValue = Annotated[date, PlainValidator(_parse_date)]
Flag = Annotated[bool, PlainValidator(_parse_bool)]
Count = Annotated[int, PlainValidator(_parse_count)]
Minutes = Annotated[float, PlainValidator(_parse_minutes)]
Fraction = Annotated[float, PlainValidator(_parse_fraction)]
Score = Annotated[float, PlainValidator(_parse_score)]
Amount = Annotated[Decimal, PlainValidator(_parse_amount)]
Text = Annotated[str, PlainValidator(_parse_text)]
Month = Annotated[str, PlainValidator(_parse_month)]
ReportPeriod = Annotated[str, PlainValidator(_parse_report_period)]
Period = Annotated[str, PlainValidator(_parse_any_period)]
PaymentPeriod = Annotated[str, PlainValidator(_parse_payment_period)]
Evidence = Annotated[list[str], PlainValidator(_parse_evidence)]


# --------------------------------------------------------------------------------------------
# The schemas: one pydantic model per record kind, the one description of its fields (names,
# value types, defaults, meanings). The record classes and their validators below are generated
# from them, and so is docs/kinds.md (compliance.reference).
#
# Each column field carries its Chinese label, as an export heads the column, and the other
# spellings exports use (``json_schema_extra={"label": …, "aliases": […]}``; compliance.labels
# reads them). A kind's labels and aliases are unique within it (they are accepted as headers).
# ``source`` and ``location`` are set by the loader, never read from a column: no label.


def _zh(label: str, *aliases: str) -> dict[str, Any]:
    """A field's Chinese column label and its other accepted spellings."""
    return {"label": label, "aliases": list(aliases)}


class EventSchema(BaseModel):
    """Common fields. ``source``/``location`` say where the record came from (file, and line,
    "row N" or "item N"); the loader sets them. Unknown extra fields are kept (``extra``)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: Annotated[
        Text,
        Field(
            description="unique within a run; a number is kept as text",
            json_schema_extra=_zh("编号"),
        ),
    ]
    kind: Annotated[
        str, Field(description="the record kind", json_schema_extra=_zh("记录类型"))
    ]
    contract: Text | None = Field(
        None,
        description="the contract's ruleset id; records of another contract are skipped; "
        "empty = the contract checked",
        json_schema_extra=_zh("合同", "合同名称", "合同编号"),
    )
    source: str = Field(
        "",
        description="set by the loader: the file read (a column named source is kept as source_)",
    )
    location: str = Field(
        "",
        description='set by the loader: line, "row N" or "item N" in the file (a column named '
        "location is kept as location_)",
    )


class MaintenanceSchema(EventSchema):
    kind: Literal["maintenance"] = Field("maintenance", description="the record kind")
    planned_start: Annotated[
        TimeValue,
        Field(description="planned start of the work", json_schema_extra=_zh("计划开始时间")),
    ]
    planned_end: TimeValue | None = Field(
        None, description="planned end of the work",
        json_schema_extra=_zh("计划结束时间"),
    )
    notified_at: TimeValue | None = Field(
        None, description="written notice of the work to 甲方; empty = none",
        json_schema_extra=_zh("书面通知时间", "通知时间"),
    )
    approved_at: TimeValue | None = Field(
        None, description="甲方's written consent; empty = none",
        json_schema_extra=_zh("甲方同意时间"),
    )
    category: Literal["maintenance", "upgrade"] | None = Field(
        None, description="routine maintenance or an upgrade; empty = not recorded",
        json_schema_extra=_zh("类别", "维护类别"),
    )
    affects_service: Flag = Field(
        True, description="the work can affect the service; default true",
        json_schema_extra=_zh("是否影响服务"),
    )
    service_stopped: Flag | None = Field(
        None, description="the service was stopped during the work; empty = not recorded",
        json_schema_extra=_zh("是否停止服务", "是否中断服务"),
    )
    applied_at: TimeValue | None = Field(
        None, description="乙方's written application (书面申请) to 甲方 for the work, e.g. an upgrade; "
        "a document apart from the notice (notified_at); empty = none",
        json_schema_extra=_zh("书面申请时间", "申请时间"),
    )
    stop_approved_at: TimeValue | None = Field(
        None, description="甲方 (and the project's requesting unit) agreed to stop the service during "
        "the work, with a promised recovery date; empty = no such consent recorded",
        json_schema_extra=_zh("停止服务同意时间"),
    )


class FaultSchema(EventSchema):
    kind: Literal["fault"] = Field("fault", description="the record kind")
    detected_at: Annotated[
        TimeValue,
        Field(
            description="the fault was detected",
            json_schema_extra=_zh("发现时间", "故障发现时间", "发生时间", "故障发生时间", "报障时间"),
        ),
    ]
    responded_at: TimeValue | None = Field(
        None, description="the vendor responded; empty = no response recorded",
        json_schema_extra=_zh("响应时间"),
    )
    onsite_at: TimeValue | None = Field(
        None, description="an engineer arrived on site; empty = not recorded",
        json_schema_extra=_zh("到场时间", "到达现场时间"),
    )
    resolved_at: TimeValue | None = Field(
        None, description="the fault was resolved; empty = not resolved",
        json_schema_extra=_zh("解决时间", "故障解决时间"),
    )
    systems_affected: Count = Field(
        1, description="number of systems affected; default 1",
        json_schema_extra=_zh("影响系统数"),
    )
    downtime_minutes: Minutes | None = Field(  # empty: see effective_downtime_minutes()
        None, description="application down time in minutes; empty = resolved − detected",
        json_schema_extra=_zh("停机时长（分钟）", "停机时长(分钟)"),
    )
    data_loss: Literal["none", "recovered", "unrecoverable"] | None = Field(
        None, description="data lost in the fault; empty = not recorded",
        json_schema_extra=_zh("数据丢失"),
    )
    data_leak: Flag | None = Field(
        None, description="data leaked (数据泄密); empty = not recorded",
        json_schema_extra=_zh("数据泄密"),
    )
    cause: Literal["vendor", "third_party", "client", "force_majeure"] | None = Field(
        None, description="whose side caused the fault; empty = not recorded",
        json_schema_extra=_zh("故障原因"),
    )
    reported: Flag = Field(
        True, description="the fault was reported to 甲方; default true; false = concealed",
        json_schema_extra=_zh("是否上报"),
    )
    notified_at: TimeValue | None = Field(
        None, description="甲方 was informed of the incident; empty = not informed",
        json_schema_extra=_zh("告知甲方时间"),
    )


class AttendanceSchema(EventSchema):
    kind: Literal["attendance"] = Field("attendance", description="the record kind")
    date: Annotated[
        DateValue,
        Field(description="the day", json_schema_extra=_zh("日期", "考勤日期")),
    ]
    person: Annotated[
        Text,
        Field(
            description="the person (name or staff number)",
            json_schema_extra=_zh("人员", "姓名"),
        ),
    ]
    status: Literal["present", "late", "absent"] = Field(
        "present", description="attendance that day; default present",
        json_schema_extra=_zh("状态", "考勤状态"),
    )


class StaffChangeSchema(EventSchema):
    kind: Literal["staff_change"] = Field("staff_change", description="the record kind")
    effective_at: TimeValue | None = Field(
        None, description="the change takes effect; empty = not yet made (a replacement requested "
        "and not yet carried out)",
        json_schema_extra=_zh("生效时间", "变更时间"),
    )
    role: Literal["resident", "contact", "engineer"] | None = Field(
        None, description="the role changed; empty = not recorded",
        json_schema_extra=_zh("岗位"),
    )
    notified_at: TimeValue | None = Field(
        None, description="written notice of the change to 甲方; empty = none",
        json_schema_extra=_zh("书面通知时间", "通知时间"),
    )
    approved_at: TimeValue | None = Field(
        None, description="甲方's written consent; empty = none",
        json_schema_extra=_zh("甲方同意时间"),
    )
    person_out: Text | None = Field(
        None, description="the person leaving the role",
        json_schema_extra=_zh("离岗人员", "原人员"),
    )
    person_in: Text | None = Field(
        None, description="the person taking the role",
        json_schema_extra=_zh("接替人员", "新人员"),
    )
    requested_at: TimeValue | None = Field(
        None, description="甲方's written request to replace the person; empty = none",
        json_schema_extra=_zh("甲方要求更换时间"),
    )


class RequestSchema(EventSchema):
    kind: Literal["request"] = Field("request", description="the record kind")
    received_at: Annotated[
        TimeValue,
        Field(
            description="甲方's formal request letter was received",
            json_schema_extra=_zh("收函时间"),
        ),
    ]
    completed_at: TimeValue | None = Field(
        None, description="the request was fulfilled; empty = not yet",
        json_schema_extra=_zh("完成时间"),
    )
    replied_at: TimeValue | None = Field(
        None, description="the vendor's reply letter; empty = none",
        json_schema_extra=_zh("复函时间"),
    )


class AuditSchema(EventSchema):
    kind: Literal["audit"] = Field("audit", description="the record kind")
    audit_type: Annotated[
        Literal["mlps", "crypto", "cac", "risk"],
        Field(
            description="mlps = 等保测评, crypto = 密评, cac = 云计算服务安全评估, "
            "risk = 风险评估",
            json_schema_extra=_zh("测评类型"),
        ),
    ]
    completed_on: Annotated[
        DateValue,
        Field(
            description="the assessment was completed",
            json_schema_extra=_zh("完成日期", "测评日期"),
        ),
    ]
    result: Literal["pass", "fail"] | None = Field(
        None, description="the assessment's result; empty = not recorded",
        json_schema_extra=_zh("测评结果"),
    )
    valid_until: DateValue | None = Field(
        None,
        description="the last day the result is valid; empty = a validity the obligation "
        "sets (default 365 days)",
        json_schema_extra=_zh("有效期至"),
    )
    level: Text | None = Field(
        None,
        description="the level assessed: 3, 三级, 第三级, 3级, level 3, Level III, 等保三级 are "
        "read as 3 (levels 1–5 alike); other text is kept as written (a rule then cannot tell "
        "the level)",
        json_schema_extra=_zh("等级", "测评等级"),
    )


class DrillSchema(EventSchema):
    kind: Literal["drill"] = Field("drill", description="the record kind")
    drill_type: Annotated[
        Literal[
            "data_recovery", "attack_defense", "fire", "power", "vm_failover", "network_security"
        ],
        Field(description="what was drilled", json_schema_extra=_zh("演练类型")),
    ]
    held_on: Annotated[
        DateValue,
        Field(description="the drill was held", json_schema_extra=_zh("演练日期")),
    ]
    evidence: Evidence | None = Field(
        None,
        description="the evidence kept; empty = not recorded; an empty JSON list = none kept",
        json_schema_extra=_zh("留存材料", "佐证材料"),
    )


class ReportSchema(EventSchema):
    kind: Literal["report"] = Field("report", description="the record kind")
    report_type: Annotated[
        Literal["monthly_ops", "monthly_usage", "weekly_security", "quarterly", "annual_settlement"],
        Field(description="which report", json_schema_extra=_zh("报告类型")),
    ]
    period: Annotated[
        ReportPeriod,
        Field(
            description="the period reported on: 2026-07, 2026-W31, 2026-Q3, 2026 (a year)",
            json_schema_extra=_zh("报告期", "报告期间"),
        ),
    ]
    submitted_at: TimeValue | None = Field(
        None, description="the report was submitted to 甲方; empty = not submitted",
        json_schema_extra=_zh("提交时间", "报送时间"),
    )
    errors: Count | None = Field(
        None, description="errors 甲方 found on review; empty = no review recorded",
        json_schema_extra=_zh("差错数"),
    )


class TrainingSchema(EventSchema):
    kind: Literal["training"] = Field("training", description="the record kind")
    held_on: Annotated[
        DateValue,
        Field(description="the training was held", json_schema_extra=_zh("培训日期")),
    ]
    person_times: Annotated[
        Count,
        Field(
            description="attendance in person-times (人次)",
            json_schema_extra=_zh("培训人次", "人次"),
        ),
    ]


class ComplaintSchema(EventSchema):
    kind: Literal["complaint"] = Field("complaint", description="the record kind")
    at: Annotated[
        TimeValue,
        Field(description="the complaint was received", json_schema_extra=_zh("投诉时间")),
    ]


class MissedCallSchema(EventSchema):
    kind: Literal["missed_call"] = Field("missed_call", description="the record kind")
    at: Annotated[
        TimeValue,
        Field(description="the unanswered call came in", json_schema_extra=_zh("来电时间")),
    ]


class OutageSchema(EventSchema):
    kind: Literal["outage"] = Field("outage", description="the record kind")
    start: Annotated[
        TimeValue,
        Field(description="the service went down", json_schema_extra=_zh("中断开始时间")),
    ]
    end: Annotated[
        TimeValue,
        Field(
            description="the service was back",
            json_schema_extra=_zh("恢复时间", "中断结束时间"),
        ),
    ]
    system: Text | None = Field(
        None, description="the system down; empty = not recorded",
        json_schema_extra=_zh("系统", "系统名称"),
    )


class PaymentSchema(EventSchema):
    kind: Literal["payment"] = Field("payment", description="the record kind")
    invoice_at: TimeValue | None = Field(
        None, description="the vendor's invoice was issued; empty = not yet invoiced",
        json_schema_extra=_zh("开票时间"),
    )
    amount: Annotated[
        Amount,
        Field(description="the sum invoiced", json_schema_extra=_zh("金额", "发票金额")),
    ]
    paid_at: TimeValue | None = Field(
        None, description="甲方 paid; empty = unpaid",
        json_schema_extra=_zh("付款时间", "支付时间"),
    )
    funds_received_at: TimeValue | None = Field(
        None, description="the fiscal funds reached 甲方; empty = not yet",
        json_schema_extra=_zh("资金到位时间"),
    )
    node_at: TimeValue | None = Field(
        None, description="the payment node the invoice is for",
        json_schema_extra=_zh("付款节点时间"),
    )
    period: PaymentPeriod | None = Field(
        None, description="what the payment covers, e.g. 2026-H2 (2026H2, 2026年下半年 are read as "
        "2026-H2; a span of months as 2025-10/2026-06)",
        json_schema_extra=_zh("付款期间"),
    )


class RectificationSchema(EventSchema):
    kind: Literal["rectification"] = Field("rectification", description="the record kind")
    notice_at: Annotated[
        TimeValue,
        Field(
            description="甲方's written rectification notice",
            json_schema_extra=_zh("整改通知时间"),
        ),
    ]
    rectified_at: TimeValue | None = Field(
        None, description="the rectification was completed; empty = not yet",
        json_schema_extra=_zh("整改完成时间"),
    )
    subject: Text | None = Field(
        None, description="what is to be rectified",
        json_schema_extra=_zh("整改事项"),
    )
    limit_working_days: Count | None = Field(
        None, description=(
            "the time limit the notice itself sets, in working days after the notice day "
            "(限期整改, 限期纠正); empty = the notice sets none: the period the obligation gives applies"),
        json_schema_extra=_zh("整改期限（工作日）", "限期（工作日）"),
    )
    due_at: TimeValue | None = Field(
        None, description=(
            "the date (or date and time) by which the notice itself requires the rectification "
            "(限期整改, 限期纠正 with a date); a date alone means 24:00 of that day. Wins over "
            "limit_working_days and over the period the obligation gives; empty = the notice sets no date"),
        json_schema_extra=_zh("整改期限", "限期日期", "整改截止时间"),
    )


class ContactChangeSchema(EventSchema):
    kind: Literal["contact_change"] = Field("contact_change", description="the record kind")
    changed_at: Annotated[
        TimeValue,
        Field(
            description="the contact person or details changed",
            json_schema_extra=_zh("变更时间"),
        ),
    ]
    notified_at: TimeValue | None = Field(
        None, description="甲方 was notified of the change; empty = not notified",
        json_schema_extra=_zh("告知甲方时间", "通知时间"),
    )


class ForceMajeureSchema(EventSchema):
    kind: Literal["force_majeure"] = Field("force_majeure", description="the record kind")
    occurred_at: Annotated[
        TimeValue,
        Field(description="the force-majeure event occurred", json_schema_extra=_zh("发生时间")),
    ]
    notified_at: TimeValue | None = Field(
        None, description="甲方 was notified of it; empty = not notified",
        json_schema_extra=_zh("告知甲方时间", "通知时间"),
    )
    proof_at: TimeValue | None = Field(
        None, description="proof of the event was given to 甲方; empty = not given",
        json_schema_extra=_zh("提交证明时间"),
    )


class SpotCheckSchema(EventSchema):
    kind: Literal["spot_check"] = Field("spot_check", description="the record kind")
    month: Annotated[
        Month,
        Field(description="the month checked", json_schema_extra=_zh("抽查月份")),
    ]
    matches_report: Annotated[
        Flag,
        Field(
            description="甲方's spot check agrees with the vendor's monthly report",
            json_schema_extra=_zh("与月报一致"),
        ),
    ]


class DeploymentSchema(EventSchema):
    kind: Literal["deployment"] = Field("deployment", description="the record kind")
    completed_at: Annotated[
        TimeValue,
        Field(
            description="the deployment was completed",
            json_schema_extra=_zh("部署完成时间", "完成时间"),
        ),
    ]


class SurveySchema(EventSchema):
    kind: Literal["survey"] = Field("survey", description="the record kind")
    period: Annotated[
        Period,
        Field(description="the period surveyed", json_schema_extra=_zh("调查期间")),
    ]
    score: Annotated[
        Score,
        Field(description="the satisfaction score", json_schema_extra=_zh("满意度得分", "满意度")),
    ]


class UtilizationSchema(EventSchema):
    kind: Literal["utilization"] = Field("utilization", description="the record kind")
    project: Annotated[
        Text,
        Field(
            description="the project (system) measured",
            json_schema_extra=_zh("项目", "项目名称"),
        ),
    ]
    month: Annotated[Month, Field(description="the month measured", json_schema_extra=_zh("月份"))]
    cpu_peak: Fraction | None = Field(
        None, description="the month's peak CPU use",
        json_schema_extra=_zh("CPU峰值"),
    )
    cpu_valley: Fraction | None = Field(
        None, description="the month's lowest CPU use",
        json_schema_extra=_zh("CPU谷值"),
    )
    mem_peak: Fraction | None = Field(
        None, description="the month's peak memory use",
        json_schema_extra=_zh("内存峰值"),
    )
    mem_valley: Fraction | None = Field(
        None, description="the month's lowest memory use",
        json_schema_extra=_zh("内存谷值"),
    )
    disk_used: Fraction | None = Field(
        None, description="disk use",
        json_schema_extra=_zh("磁盘使用率"),
    )


class LogCheckSchema(EventSchema):
    """A check of how far back security-device logs reach."""

    kind: Literal["log_check"] = Field("log_check", description="the record kind")
    checked_on: Annotated[
        DateValue,
        Field(description="the logs were checked", json_schema_extra=_zh("检查日期")),
    ]
    oldest_log_date: Annotated[
        DateValue,
        Field(description="the oldest log still kept", json_schema_extra=_zh("最早日志日期")),
    ]
    device: Text | None = Field(
        None, description="the security device checked",
        json_schema_extra=_zh("设备", "设备名称"),
    )


class SecurityTaskSchema(EventSchema):
    """A routine security task done by the vendor."""

    kind: Literal["security_task"] = Field("security_task", description="the record kind")
    done_on: Annotated[
        DateValue,
        Field(description="the task was done", json_schema_extra=_zh("完成日期")),
    ]
    task_type: Annotated[
        Literal[
            "weak_password_scan", "vulnerability_scan", "inspection", "log_audit", "hardening",
            "backup", "security_report",
        ],
        Field(description="which task", json_schema_extra=_zh("任务类型")),
    ]


class DataDeletionSchema(EventSchema):
    """甲方's request to delete data, and how it was carried out."""

    kind: Literal["data_deletion"] = Field("data_deletion", description="the record kind")
    requested_at: Annotated[
        TimeValue,
        Field(
            description="甲方 asked for the data's deletion",
            json_schema_extra=_zh("要求删除时间"),
        ),
    ]
    deleted_at: TimeValue | None = Field(
        None, description="the data was deleted; empty = not yet",
        json_schema_extra=_zh("删除时间"),
    )
    report_at: TimeValue | None = Field(
        None, description="the written report of the deletion to 甲方; empty = none yet",
        json_schema_extra=_zh("删除报告时间"),
    )
    overwritten: Flag | None = Field(
        None, description="the data was deleted by overwriting it; empty = not recorded",
        json_schema_extra=_zh("是否覆写删除"),
    )
    stamped: Flag | None = Field(
        None, description="the report carries 乙方's official seal; empty = not recorded",
        json_schema_extra=_zh("是否加盖公章"),
    )


class TeamRosterSchema(EventSchema):
    """The vendor's dedicated team for a month."""

    kind: Literal["team_roster"] = Field("team_roster", description="the record kind")
    month: Annotated[Month, Field(description="the month", json_schema_extra=_zh("月份"))]
    members: Annotated[
        Count,
        Field(
            description="people in the dedicated team that month",
            json_schema_extra=_zh("团队人数"),
        ),
    ]
    residents: Count | None = Field(
        None, description="of them, resident on site; empty = not recorded",
        json_schema_extra=_zh("驻场人数"),
    )


_SCHEMAS: tuple[type[EventSchema], ...] = (
    MaintenanceSchema,
    FaultSchema,
    AttendanceSchema,
    StaffChangeSchema,
    RequestSchema,
    AuditSchema,
    DrillSchema,
    ReportSchema,
    TrainingSchema,
    ComplaintSchema,
    MissedCallSchema,
    OutageSchema,
    PaymentSchema,
    RectificationSchema,
    ContactChangeSchema,
    ForceMajeureSchema,
    SpotCheckSchema,
    DeploymentSchema,
    SurveySchema,
    UtilizationSchema,
    LogCheckSchema,
    SecurityTaskSchema,
    DataDeletionSchema,
    TeamRosterSchema,
)

SCHEMAS: dict[str, type[EventSchema]] = {s.model_fields["kind"].default: s for s in _SCHEMAS}

COMMON_FIELDS = ("id", "kind", "contract", "source", "location")
RESERVED_RENAMES = {"source": "source_", "location": "location_"}
EXPECT_KIND = "one of: " + ", ".join(sorted(SCHEMAS))

# Chinese names, beside the field labels the schemas carry (compliance.labels reads them all).
KIND_LABELS: dict[str, str] = {
    "maintenance": "维护",
    "fault": "故障",
    "attendance": "考勤",
    "staff_change": "人员变更",
    "request": "需求",
    "audit": "测评",
    "drill": "演练",
    "report": "报告",
    "training": "培训",
    "complaint": "投诉",
    "missed_call": "未接来电",
    "outage": "服务中断",
    "payment": "付款",
    "rectification": "整改",
    "contact_change": "联系人变更",
    "force_majeure": "不可抗力",
    "spot_check": "抽查",
    "deployment": "部署",
    "survey": "满意度调查",
    "utilization": "资源利用率",
    "log_check": "日志留存检查",
    "security_task": "安全任务",
    "data_deletion": "数据删除",
    "team_roster": "专职团队",
}
"""Each kind's Chinese name (also what a ``kind`` cell may say)."""

ID_ALIASES: dict[str, tuple[str, ...]] = {
    "maintenance": ("工单号", "变更单号"),
    "fault": ("工单号", "故障单号"),
    "request": ("工单号",),
    "complaint": ("工单号",),
}
"""Other headers of the ``id`` column (编号) in kinds whose exports are tickets. Not 序号: that
is a row counter, not an id."""

VALUE_LABELS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "maintenance": {"category": {"maintenance": ("维护",), "upgrade": ("升级",)}},
    "fault": {
        "data_loss": {
            "none": ("无丢失", "无"),
            "recovered": ("已恢复",),
            "unrecoverable": ("不可恢复",),
        },
        "cause": {
            "vendor": ("厂商原因", "乙方原因"),
            "third_party": ("第三方原因",),
            "client": ("甲方原因", "用户原因"),
            "force_majeure": ("不可抗力",),
        },
    },
    "attendance": {
        "status": {"present": ("在岗", "正常", "出勤"), "late": ("迟到",), "absent": ("缺勤",)}
    },
    "staff_change": {
        "role": {"resident": ("驻场人员",), "contact": ("联系人",), "engineer": ("工程师",)}
    },
    "audit": {
        "audit_type": {
            "mlps": ("等保测评", "等级保护测评"),
            "crypto": ("密评", "密码应用安全性评估"),
            "cac": ("云计算服务安全评估",),
            "risk": ("风险评估",),
        },
        "result": {"pass": ("通过", "合格"), "fail": ("不通过", "不合格")},
    },
    "drill": {
        "drill_type": {
            "data_recovery": ("数据恢复演练",),
            "attack_defense": ("攻防演练",),
            "fire": ("消防演练",),
            "power": ("断电演练",),
            "vm_failover": ("虚拟机故障切换演练",),
            "network_security": ("网络安全演练",),
        },
        "evidence": {"plan": ("演练方案", "方案"), "record": ("演练记录", "记录"), "photos": ("照片",)},
    },
    "report": {
        "report_type": {
            "monthly_ops": ("运维月报",),
            "monthly_usage": ("资源使用月报",),
            "weekly_security": ("安全周报",),
            "quarterly": ("季度报告", "季报"),
            "annual_settlement": ("年度结算材料", "年度资源申请表及使用情况确认表"),
        }
    },
    "security_task": {
        "task_type": {
            "weak_password_scan": ("弱口令扫描",),
            "vulnerability_scan": ("漏洞扫描",),
            "inspection": ("巡检",),
            "log_audit": ("日志审计",),
            "hardening": ("安全加固",),
            "backup": ("备份",),
            "security_report": ("安全报告",),
        }
    },
}
"""The Chinese labels of allowed values, as exports write them: kind -> field -> value ->
(label, other spellings …). Every value of a field listed here has a label."""


# --------------------------------------------------------------------------------------------
# The records: one light class per kind, generated from its schema. A record holds its fields
# in slots; ``source`` and ``location`` are made on demand from the file's shared origin and
# the line (or row, or item) number.


class _Origin(NamedTuple):
    """Where records come from, one per file: the file as named, and what precedes a position
    number in a location ("" for a line, "row " in a sheet, "item " in a JSON array)."""

    source: str
    prefix: str = ""


def _location_text(origin: _Origin, at: int | str) -> str:
    return at if isinstance(at, str) else origin.prefix + str(at)


_NO_EXTRA: dict[str, Any] = {}  # shared by the records without unknown columns; never changed


class EventBase:
    """A validated record; immutable. Its fields are attributes (``r.detected_at``), as are
    its unknown columns (``r.extra``, read-only); ``source``/``location`` say where it came
    from. ``to_dict()``: its fields and unknown columns. One subclass per kind (``KINDS``);
    ``model_fields`` are the kind's schema fields (pydantic ``FieldInfo``, in order)."""

    __slots__ = ("id", "contract", "_extra", "_origin", "_at")
    kind: ClassVar[str] = ""
    schema: ClassVar[type[EventSchema]] = EventSchema
    model_fields: ClassVar[dict[str, FieldInfo]] = EventSchema.model_fields
    _value_names: ClassVar[tuple[str, ...]] = ()  # the fields to_dict() gives
    _slots_class: ClassVar[type["EventBase"]]  # the class records are built as, then frozen

    @property
    def source(self) -> str:
        return self._origin.source

    @property
    def location(self) -> str:
        return _location_text(self._origin, self._at)

    @property
    def extra(self) -> Mapping[str, Any]:
        """The unknown columns (a column named source or location kept as source_, location_)."""
        return MappingProxyType(self._extra)

    def where(self) -> str:
        """``file:location`` as error messages print it."""
        location = self.location
        return f"{self.source}:{location}" if location else self.source

    def to_dict(self) -> dict[str, Any]:
        """The fields (``kind`` included, ``source`` and ``location`` not), then the unknown
        columns."""
        out = {name: getattr(self, name) for name in self._value_names}
        out.update(self._extra)
        return out

    def __getattr__(self, name: str) -> Any:  # only called for names that are not fields
        if not name.startswith("_") and name in self._extra:
            return self._extra[name]
        raise AttributeError(f"{type(self).__name__} has no field {name!r}")

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items())
        return f"{type(self).__name__}({fields}, where={self.where()!r})"


def _immutable(self: EventBase, name: str, *value: Any) -> None:
    raise AttributeError(f"{type(self).__name__}.{name}: records are immutable")


class _FaultRecord:
    __slots__ = ()

    def effective_downtime_minutes(self, tz: ZoneInfo = DEFAULT_TZ) -> float | None:
        """``downtime_minutes`` as recorded, else resolved − detected in minutes (a date alone
        counts as its 00:00 in ``tz``); None when neither is known. Not clamped: a resolution
        recorded before detection gives a negative figure for the caller to flag."""
        if self.downtime_minutes is not None:
            return self.downtime_minutes
        if self.resolved_at is None:
            return None
        delta = to_instant(self.resolved_at, tz) - to_instant(self.detected_at, tz)
        return delta.total_seconds() / 60.0


def _record_class(schema: type[EventSchema], *mixins: type) -> type[EventBase]:
    """``FaultSchema`` -> ``FaultEvent``. Records are built as the kind's ``_FaultEventSlots``
    (plain slots, fast to fill) and then given their immutable class, which adds no slots."""
    name = schema.__name__.removesuffix("Schema") + "Event"
    own = tuple(n for n in schema.model_fields if n not in EventSchema.model_fields)
    slots = type(f"_{name}Slots", (EventBase,), {"__slots__": own, "__module__": __name__})
    kind = schema.model_fields["kind"].default
    namespace = {
        "__slots__": (),
        "__module__": __name__,
        "__doc__": schema.__doc__ if "__doc__" in schema.__dict__ else f"A {kind} record.",
        "__setattr__": _immutable,
        "__delattr__": _immutable,
        "kind": kind,
        "schema": schema,
        "model_fields": schema.model_fields,
        "_value_names": tuple(n for n in schema.model_fields if n not in RESERVED_RENAMES),
        "_slots_class": slots,
    }
    return type(name, (*mixins, slots), namespace)


MaintenanceEvent = _record_class(MaintenanceSchema)
FaultEvent = _record_class(FaultSchema, _FaultRecord)
AttendanceEvent = _record_class(AttendanceSchema)
StaffChangeEvent = _record_class(StaffChangeSchema)
RequestEvent = _record_class(RequestSchema)
AuditEvent = _record_class(AuditSchema)
DrillEvent = _record_class(DrillSchema)
ReportEvent = _record_class(ReportSchema)
TrainingEvent = _record_class(TrainingSchema)
ComplaintEvent = _record_class(ComplaintSchema)
MissedCallEvent = _record_class(MissedCallSchema)
OutageEvent = _record_class(OutageSchema)
PaymentEvent = _record_class(PaymentSchema)
RectificationEvent = _record_class(RectificationSchema)
ContactChangeEvent = _record_class(ContactChangeSchema)
ForceMajeureEvent = _record_class(ForceMajeureSchema)
SpotCheckEvent = _record_class(SpotCheckSchema)
DeploymentEvent = _record_class(DeploymentSchema)
SurveyEvent = _record_class(SurveySchema)
UtilizationEvent = _record_class(UtilizationSchema)
LogCheckEvent = _record_class(LogCheckSchema)
SecurityTaskEvent = _record_class(SecurityTaskSchema)
DataDeletionEvent = _record_class(DataDeletionSchema)
TeamRosterEvent = _record_class(TeamRosterSchema)

KINDS: dict[str, type[EventBase]] = {
    c.kind: c
    for c in (
        MaintenanceEvent, FaultEvent, AttendanceEvent, StaffChangeEvent, RequestEvent, AuditEvent,
        DrillEvent, ReportEvent, TrainingEvent, ComplaintEvent, MissedCallEvent, OutageEvent,
        PaymentEvent, RectificationEvent, ContactChangeEvent, ForceMajeureEvent, SpotCheckEvent,
        DeploymentEvent, SurveyEvent, UtilizationEvent, LogCheckEvent, SecurityTaskEvent,
        DataDeletionEvent, TeamRosterEvent,
    )
}  # fmt: skip
"""The record class of each kind, in the schemas' order."""


# --------------------------------------------------------------------------------------------
# Validation, without pydantic: from each schema's fields, a builder (generated Python code)
# that reads a row's cells into a new record, and a slower checker that lists every problem of
# a row the builder refused.


def _show(v: Any) -> str:
    if isinstance(v, (datetime, date)):
        s = v.isoformat()
    elif isinstance(v, str):
        s = v
    else:
        s = str(v)
    return s if len(s) <= 120 else s[:117] + "..."


def field_parts(f: FieldInfo) -> Iterator[Any]:
    """Everything a field's type is made of: the annotation, its union members and Annotated
    metadata (a ``Literal`` is not taken apart), and the field's own metadata."""
    yield from _parts(f.annotation)
    yield from f.metadata


def _parts(annotation: Any) -> Iterator[Any]:
    yield annotation
    if get_origin(annotation) is not Literal:
        for a in get_args(annotation):
            yield from _parts(a)


def _label(kind: str, name: str) -> str:
    return name if name in COMMON_FIELDS or not name else f"{kind}.{name}"


def _shared_text(v: Any) -> str:
    """Text that repeats (a contract, a person, a system): one string object per value."""
    return sys.intern(v if type(v) is str else _parse_text(v))


_LEVEL_NUMERALS = {
    **{str(n): str(n) for n in range(1, 6)},
    **dict(zip("１２３４５", "12345")),
    **dict(zip("一二三四五", "12345")),
    **dict(zip(("i", "ii", "iii", "iv", "v"), "12345")),
}
_LEVEL_RE = re.compile(
    r"(?:(?:网络安全)?(?:等保|等级保护)(?:2\.0)?)?(?:mlps)?(?:level|lv\.?|l)?第?"
    r"(?P<n>[1-5１-５一二三四五]|iii|ii|iv|i|v)(?:\.0)?级?(?:等保)?"
)


@lru_cache(maxsize=256)
def audit_level(text: str) -> str | None:
    """An audit level as written (3, `3`, 三级, 第三级, 3级, level 3, Level III, 等保三级,
    等级保护第三级 …) as its number "1"–"5"; None when it cannot be read as one."""
    t = re.sub(r"[\s_\-（）()]", "", text).lower()
    m = _LEVEL_RE.fullmatch(t)
    return _LEVEL_NUMERALS[m["n"]] if m else None


def _parse_level(v: Any) -> str:
    """``audit.level``: a readable level as its number ("3"), other text as written."""
    text = _shared_text(v)
    return sys.intern(audit_level(text) or text)


# cell validators that replace a field's generic one (the schema still says "text")
_FIELD_PARSERS: dict[tuple[str, str], Callable[[Any], Any]] = {("audit", "level"): _parse_level}


class _Missing(Exception):
    """A required field is empty (the builder stops; the checker says which)."""


# what a refused row raises: a cell validator's error, a value outside a Literal's, a missing field
_REFUSED = (PydanticCustomError, LookupError, TypeError, _Missing)
# what the builder may raise as well: a time cell is parsed by parse_when_cell itself (its
# ValueError; the checker's validators say what was expected)
_BUILD_REFUSED = (*_REFUSED, ValueError)


@dataclass(frozen=True)
class _Field:
    name: str
    label: str  # as problems name it: "fault.detected_at", "id"
    parse: Callable[[Any], Any]  # a cell validator, or a Literal's lookup (canonical string)
    required: bool
    default: Any
    expected: str  # what a Literal field allows; cell validators say it in their errors


def _with_label(kind: str, name: str, value: str) -> str:
    """An allowed value as an error names it: with the Chinese label an export may write instead
    (``none (无丢失)``), so that a user of a Chinese export sees what to write."""
    from .labels import value_label  # (labels reads this module's schemas)

    text = value_label(kind, name, value)
    return f"{value} ({text})" if text else value


def _field(kind: str, name: str, f: FieldInfo) -> _Field:
    parse: Callable[[Any], Any] | None = None
    expected = "a valid value"
    for part in field_parts(f):
        if get_origin(part) is Literal:
            values = get_args(part)
            parse = {v: v for v in values}.__getitem__
            expected = "one of: " + ", ".join(_with_label(kind, name, str(v)) for v in values)
            break
        if isinstance(part, PlainValidator):
            parse = _shared_text if part.func is _parse_text and name != "id" else part.func
            break
    parse = _FIELD_PARSERS.get((kind, name), parse)
    if parse is None:
        raise LookupError(f"{kind}.{name}: no cell validator")
    default = None if f.is_required() else f.default
    return _Field(name, _label(kind, name), parse, f.is_required(), default, expected)


# a cell of the type a JSON export gives, read without calling its validator (the same value:
# the validator's own first case); any other cell goes to the validator p<i>
_FAST_PARSE: dict[Callable[..., Any], str] = {
    _parse_when: "when(v, tz)",  # parse_when_cell without the validator's wrapper
    _parse_text: "v if v.__class__ is str else p{i}(v)",
    _shared_text: "intern(v) if v.__class__ is str else p{i}(v)",
    _parse_bool: "v if v.__class__ is bool else p{i}(v)",
    _parse_count: "v if v.__class__ is int and 0 <= v <= MAX_COUNT else p{i}(v)",
    _parse_minutes: "float(v) if v.__class__ is int and 0 <= v <= MAX_MINUTES else p{i}(v)",
}


def _set_field(f: _Field, i: int, then: str = "") -> list[str]:
    """The lines that set field i from the cell ``v`` (None: missing), then run ``then``."""
    parse = _FAST_PARSE.get(f.parse, "p{i}(v)").format(i=i)
    if f.required:
        return ["    if v is None: raise Missing", f"    o.{f.name} = {parse}{then}"]
    return [f"    if v is None: o.{f.name} = d{i}", f"    else: o.{f.name} = {parse}{then}"]


def _builder_source(fields: Sequence[_Field], pairs: Sequence[tuple[str, str]] = ()) -> str:
    """``build(row, origin, at)``: a record from a row of cells, or an error from
    ``_BUILD_REFUSED``. Field i is parsed by ``p<i>`` (a time cell by ``when(v, tz)``, without
    the validator's wrapper), defaults to ``d<i>``; ``n`` counts the cells used, so that a row
    with more has unknown columns. ``in_order(o)``: no ``SEQUENCES`` pair of a built record is
    out of order when both are instants (False also when one is a date alone: ``_out_of_order``
    then says whether it is)."""
    lines = ["def build(row, origin, at):", "    o = new(Slots)", "    get = row.get", "    n = 1"]
    for i, f in enumerate(fields):
        lines += [f"    v = get({f.name!r})", *_set_field(f, i, "; n += 1")]
    lines += [
        "    o._extra = NO_EXTRA if n == len(row) else extra_of(row)",
        "    o._origin = origin",
        "    o._at = at",
        "    o.__class__ = Record",
        "    return o",
        "def in_order(o):",
    ]
    for later, earlier in pairs:
        lines += [f"    a = o.{later}", f"    b = o.{earlier}",
                  "    if a is not None and b is not None and (a.__class__ is not DT or b.__class__ is not DT or a < b):",
                  "        return False"]
    lines.append("    return True")
    return "\n".join(lines) + "\n"


class Unsure(Exception):
    """A fused builder (``_Validator.fused``) leaves the row to the general path: a cell it does
    not decide alone (a date cell with a time, an order of fields to check), or a refusal."""


def _fused_source(fields: Sequence[_Field], entries: Sequence[tuple[int, str, bool]],
                  date_fields: frozenset[str]) -> str:
    """``fused(obj, origin, at)``: the record of one JSON object shape, built from the object
    itself (no row of fields in between): what ``_row_maker``'s row and ``build`` give, for an
    object whose every key is a field (``entries``: the key's index, its field, whether value
    labels apply). Cells are stripped and empty ones missing as in a row; any cell it cannot
    settle raises (``Unsure``, or the builder's refusals) and the row takes the general path."""
    by_field = {f: (j, labelled) for j, f, labelled in entries}
    lines = ["def fused(obj, origin, at):", "    o = new(Slots)"]
    for i, f in enumerate(fields):
        if f.name not in by_field:
            lines.append("    raise Missing" if f.required else f"    o.{f.name} = d{i}")
            continue
        j, labelled = by_field[f.name]
        lines += [f"    v = obj[k{j}]",
                  "    if v.__class__ is str or isinstance(v, str):",
                  "        v = v.strip()",
                  (f"        v = m{j}.get(v, v) if v else None" if labelled else "        if not v: v = None")]
        if f.name in date_fields:  # a date written with its time: counted by the general path
            lines.append("        if v is not None and len(v) > 10: raise Unsure")
        lines += _set_field(f, i)
    lines += ["    o._extra = NO_EXTRA", "    o._origin = origin", "    o._at = at", "    o.__class__ = Record",
              "    if not in_order(o): raise Unsure", "    return o"]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Kind:
    """A kind's validation, compiled once from its schema."""

    record: type[EventBase]
    fields: tuple[_Field, ...]  # the schema's, but kind, source and location
    names: frozenset[str]  # every field name a row may use
    code: CodeType  # _builder_source compiled

    def extra_of(self, row: dict[str, Any]) -> dict[str, Any]:
        extra = {sys.intern(k): v for k, v in row.items() if k not in self.names}
        for name, new in RESERVED_RENAMES.items():
            if name in extra:
                extra[new] = extra.pop(name)
        return extra


@lru_cache(maxsize=None)
def _kind(kind: str) -> _Kind:
    record = KINDS[kind]
    fields = tuple(
        _field(kind, name, f)
        for name, f in record.model_fields.items()
        if name not in ("kind", *RESERVED_RENAMES)
    )
    code = compile(_builder_source(fields, SEQUENCES.get(kind, ())), f"<{record.__name__} builder>", "exec")
    names = frozenset(f.name for f in fields) | {"kind"}
    return _Kind(record, fields, names, code)


_MEMO_SIZE = 1 << 16


def _memoized(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``parse`` remembering its results for text: records share equal values' objects. The
    memory is bounded (emptied when it holds ``_MEMO_SIZE`` texts): values that repeat (days,
    durations) stay shared, and a million unique minutes do not keep a million texts alive."""
    memo: dict[str, Any] = {}

    def parse_memo(v: Any) -> Any:
        if type(v) is not str:
            return parse(v)
        out = memo.get(v)
        if out is None:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            out = memo[v] = parse(v)
        return out

    return parse_memo


class _Validator:
    """A kind's builder and checker bound to the cell validators of one run."""

    def __init__(self, kind: _Kind, parsers: list[Callable[[Any], Any]], tz: ZoneInfo):
        self.kind = kind
        self.parsers = parsers
        names = {
            "when": parse_when_cell,
            "tz": tz,
            "intern": sys.intern,
            "MAX_MINUTES": MAX_MINUTES,
            "MAX_COUNT": MAX_COUNT,
            "DT": datetime,
            "new": object.__new__,
            "Slots": kind.record._slots_class,
            "Record": kind.record,
            "Missing": _Missing,
            "NO_EXTRA": _NO_EXTRA,
            "extra_of": kind.extra_of,
        }
        for i, (f, parse) in enumerate(zip(kind.fields, parsers)):
            names[f"p{i}"] = parse
            names[f"d{i}"] = f.default
        exec(kind.code, names)
        self._names = names
        self.build: Callable[[dict[str, Any], _Origin, int | str], EventBase] = names["build"]
        self.in_order: Callable[[EventBase], bool] = names["in_order"]
        self.sequences = SEQUENCES.get(kind.record.kind, ())

    def fused(self, plan: Sequence[tuple[Any, str, dict | None]], date_fields: Sequence[str]
              ) -> Callable[[Any, _Origin, int | str], EventBase] | None:
        """A builder of records straight from the objects of one shape (``plan``: per key, its
        field and value labels, as ``_row_maker`` takes it); None when the shape has a key that
        is no field of the kind (its records keep unknown columns) or two keys of one field."""
        fields = {f.name for f in self.kind.fields}
        entries = [(j, f, vmap is not None) for j, (_, f, vmap) in enumerate(plan) if f != "kind"]
        if any(f not in fields for _, f, _ in entries) or len({f for _, f, _ in entries}) < len(entries):
            return None
        names = {**self._names, "Unsure": Unsure}
        for j, (k, _, vmap) in enumerate(plan):
            names[f"k{j}"], names[f"m{j}"] = k, vmap
        exec(compile(_fused_source(self.kind.fields, entries, frozenset(date_fields)),
                     f"<{self.kind.record.__name__} fused builder>", "exec"), names)
        return names["fused"]

    def problems(self, row: dict[str, Any], source: str, location: str) -> list[Problem]:
        out = []
        for f, parse in zip(self.kind.fields, self.parsers):
            v = row.get(f.name)
            if v is None:
                if f.required:
                    out.append(Problem(source, location, f.label, "", EXPECT_REQUIRED))
                continue
            try:
                parse(v)
                continue
            except PydanticCustomError as exc:
                expected = exc.context["expected"] if exc.context else f.expected
            except (LookupError, TypeError):
                expected = f.expected
            out.append(Problem(source, location, f.label, _show(v), expected))
        return out


class _Validators:
    """The validators of one run: its time zone, and (``memo``) the date and number texts
    already read, so that a million records share the objects of their days and durations (the
    memos go with the run). Date-times are not remembered: they seldom repeat (a memo of them
    measured slower and larger: 1.67 vs 1.40 s CPU and 101 vs 84 MB reading 100k records)."""

    def __init__(self, tz: ZoneInfo, *, memo: bool):
        self.tz = tz

        run = {_parse_when: _when_parser(tz)}
        if memo:
            run = {**run, **{f: _memoized(p) for f, p in [(_parse_date, _parse_date),
                                                       (_parse_minutes, _parse_minutes)]}}
        self._run = run
        self._by_kind: dict[str, _Validator] = {}

    def get(self, kind: Any) -> _Validator | None:
        if not isinstance(kind, str):
            return None
        v = self._by_kind.get(kind)
        if v is None and kind in SCHEMAS:
            compiled = _kind(kind)
            v = self._by_kind[kind] = _Validator(
                compiled, [self._run.get(f.parse, f.parse) for f in compiled.fields], self.tz
            )
        return v


_NO_PROBLEMS: list[Problem] = []  # what a good row returns; never changed

SEQUENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "maintenance": (("planned_end", "planned_start"),),
    "fault": (
        ("responded_at", "detected_at"), ("onsite_at", "detected_at"),
        ("resolved_at", "detected_at"), ("notified_at", "detected_at"),
    ),
    "request": (("completed_at", "received_at"), ("replied_at", "received_at")),
    "outage": (("end", "start"),),
    "rectification": (("rectified_at", "notice_at"),),
    "force_majeure": (("notified_at", "occurred_at"), ("proof_at", "occurred_at")),
    "log_check": (("checked_on", "oldest_log_date"),),
    "data_deletion": (
        ("deleted_at", "requested_at"), ("report_at", "requested_at"), ("report_at", "deleted_at"),
    ),
}
"""Impossible sequences: per kind, (later, earlier) fields whose order the fields' meanings
make certain (a fault is resolved, an outage ends, a request is answered no earlier than it
was detected, began, received). A record with ``later`` before ``earlier`` is an input error.
Two date-times compare as instants; where one is a date alone, days compare (in the run's time
zone), so a resolution dated the detection day is in order. Not here, as their order is not
certain: a staff change's notice, consent, request and effect (consent may precede the written
notice, a change may precede consent); maintenance notices and approvals (in advance, by
design); a contact change notified in advance; a payment before its invoice (prepayment); a
report submitted before its period ends."""


def _out_of_order(
    ev: EventBase, pairs: tuple[tuple[str, str], ...], row: dict[str, Any], tz: ZoneInfo,
    origin: _Origin, at: int | str,
) -> list[Problem]:
    """The ``SEQUENCES`` pairs a built record breaks, as problems naming both fields (the
    values as the row wrote them)."""
    out = _NO_PROBLEMS
    for later, earlier in pairs:
        a, b = getattr(ev, later), getattr(ev, earlier)
        if a is None or b is None:
            continue
        if isinstance(a, datetime) and isinstance(b, datetime):
            wrong = a < b
        else:
            da = a.astimezone(tz).date() if isinstance(a, datetime) else a
            db = b.astimezone(tz).date() if isinstance(b, datetime) else b
            wrong = da < db
        if wrong:
            if out is _NO_PROBLEMS:
                out = []
            kind = ev.kind
            out.append(Problem(
                origin.source, _location_text(origin, at), f"{kind}.{later}", _show(row.get(later)),
                f"not before {kind}.{earlier} ({_show(row.get(earlier))})",
            ))
    return out


def _validate(
    row: dict[str, Any], validators: _Validators, origin: _Origin, at: int | str
) -> tuple[EventBase | None, list[Problem]]:
    kind = row.get("kind")
    if kind is None:
        return None, [Problem(origin.source, _location_text(origin, at), "kind", "", EXPECT_REQUIRED)]
    validator = validators.get(kind)
    if validator is None:
        return None, [Problem(origin.source, _location_text(origin, at), "kind", _show(kind), EXPECT_KIND)]
    try:
        ev = validator.build(row, origin, at)
    except _BUILD_REFUSED as exc:
        problems = validator.problems(row, origin.source, _location_text(origin, at))
        if not problems:  # the checker must agree with the builder
            raise AssertionError(f"{kind} record refused without a problem: {row!r}") from exc
        return None, problems
    pairs = validator.sequences
    if pairs and not validator.in_order(ev):
        problems = _out_of_order(ev, pairs, row, validators.tz, origin, at)
        if problems:
            return None, problems
    return ev, _NO_PROBLEMS


def parse_record(
    data: dict[str, Any], tz: ZoneInfo = DEFAULT_TZ, *, source: str = "", location: str = ""
) -> EventBase:
    """Validate one record given as a dict (a ruleset's example case, a test) into its kind's
    class. Empty strings and None are missing values, as in files. Raises ``InputError``."""
    row = _clean_mapping(data)
    ev, problems = _validate(row, _Validators(tz, memo=False), _Origin(source), location)
    if problems:
        raise InputError(problems)
    assert ev is not None
    return ev


def clean_cell(v: Any) -> Any:
    """A cell's value as validation takes it: text stripped; None for an empty or blank cell."""
    if isinstance(v, str):
        v = v.strip()
        return v or None
    return v


def _clean_mapping(data: dict[str, Any]) -> dict[str, Any]:
    return {str(k).strip(): c for k, v in data.items() if (c := clean_cell(v)) is not None}


def _own_time(schema: type[EventSchema]) -> str | None:
    """A kind's own time: its first required time, date or period field (a fault's detection,
    a report's period), by which a record lies before or after as-of and inside a window."""
    for name, f in schema.model_fields.items():
        if f.is_required() and any(getattr(m, "func", None) in _OWN_TIME_PARSERS for m in field_parts(f)):
            return name
    return None


_OWN_TIME_PARSERS = {_parse_when, _parse_date, _parse_month, _parse_report_period, _parse_any_period}
OWN_TIME: dict[str, str | None] = {k: _own_time(s) for k, s in SCHEMAS.items()}

