"""Findings as data: the evaluation of a run (every verdict, passes included) and the report
document built from it, which the program writes as JSON and reads back unchanged.

An :class:`Evaluation` holds each measured fact with the engine's verdict; a :class:`Finding`
(with its key, message, explanation and typed ``facts``) is built only for what a report shows,
so a run over many records pays for messages only where someone will read them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .decisions import STATUSES, Outcome
from .events import VALUE_LABELS
from .kinds import Fact
from .kinds.base import LazyFact, scalar
from .labels import value_label

SCHEMA_VERSION = 1

# topics whose duty lies with the buyer (甲方), not the vendor: 甲方's own payments. A letter to
# the vendor leaves them out; the weekly report names the party.
BUYER_TOPICS = frozenset({"payment"})

Basis = Literal["contract", "default", "user"]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Finding(_Doc):
    key: str = Field(description="<ruleset id>/<obligation>/<subject>, stable across runs")
    obligation: str
    status: str
    topic: str
    clause: str
    severity: str
    basis: Basis = "contract"
    event_ids: list[str]
    period: str | None = None
    due: str | None = None
    actual: str | None = None
    message: str
    title: str
    label: str | None = None
    explanation: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)


class Window(_Doc):
    from_: str = Field(alias="from")
    to: str | None = Field(None, description="None: no end (no --to given)")


class Term(_Doc):
    start: str
    end: str
    basis: Literal["contract", "assumed", "user"] = "contract"
    reason: str | None = None


class Parties(_Doc):
    buyer: str
    vendor: str


class HolidayNotice(_Doc):
    year: int
    title: str
    number: str
    issued_on: str


class Notice(_Doc):
    """What the reader must know about the input (interfaces.md, "notices")."""

    code: str
    message: str
    count: int | None = None
    items: list[str] = Field(default_factory=list)


class Report(_Doc):
    schema_version: int = SCHEMA_VERSION
    contract: str
    contract_title: str
    contract_number: str | None = None
    parties: Parties
    ruleset_version: str
    term: Term
    as_of: str
    period: Window
    engine: str
    include_pass: bool = False
    holiday_notices: list[HolidayNotice] = Field(default_factory=list)
    notices: list[Notice] = Field(default_factory=list)
    findings: list[Finding]
    summary: dict[str, Any]


# --------------------------------------------------------------------------------------------
# Facts as JSON values


def fact_value(v: Any, tz) -> Any:
    """A measured value as JSON data: instants in ISO 8601 with the contract's offset, dates
    ISO, money as decimal strings (never float), sequences as lists."""
    convert = _CONVERT.get(type(v))
    if convert is not None:
        return convert(v, tz)
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, datetime):
        return v.astimezone(tz).isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _as_is(v: Any, tz) -> Any:
    return v


_CONVERT: dict[type, Any] = {
    type(None): _as_is, bool: _as_is, int: _as_is, str: _as_is,
    float: lambda v, tz: round(v, 6),
    datetime: lambda v, tz: v.astimezone(tz).isoformat(),
    date: lambda v, tz: v.isoformat(),
    Decimal: lambda v, tz: format(v, "f"),
    list: lambda v, tz: [fact_value(x, tz) for x in v],
    tuple: lambda v, tz: [fact_value(x, tz) for x in v],
}


_PLAIN = frozenset({type(None), bool, int, str})  # what fact_value gives back as it is


def _facts(fact: Fact, tz) -> dict[str, Any]:
    merged: dict[str, Any] = dict(fact.values)
    merged.update(fact.measured)
    out = {k: v if (v := merged[k]).__class__ in _PLAIN else fact_value(v, tz) for k in sorted(merged)}
    out["evidence"] = [w for r in fact.records if (w := r.where())]
    return out


# --------------------------------------------------------------------------------------------
# Messages

_FIELD = re.compile(r"\{(\w+)\}")


_PARTS: dict[str, list[str]] = {}  # a template split once: text, field name, text, field name … text


def render_value(v: Any) -> str:
    """A value as a message writes it: None as —, a boolean as 是/否, else its text."""
    return "—" if v is None else ("是" if v else "否") if v.__class__ is bool else str(v)


def render_message(template: str, fields: dict[str, Any]) -> str:
    """The template with each {field} replaced by :func:`render_value`."""
    parts = _PARTS.get(template)
    if parts is None:
        parts = _PARTS[template] = _FIELD.split(template)
    out = parts[:]
    for i in range(1, len(out), 2):
        out[i] = render_value(fields.get(out[i]))
    return "".join(out)


_TEMPLATE_FIELDS: dict[str, tuple[str, ...]] = {}


def value_text(kind: str, field: str, v: Any) -> Any:
    """A record field's value as a message shows it: an allowed value by its Chinese label
    (消防演练 for a drill's drill_type fire; the kind itself by its name), a list's values each
    so, joined by 、; a value without a label as it is."""
    if isinstance(v, (list, tuple)):
        return "、".join(str(value_text(kind, field, x)) for x in v) if v else None
    if v.__class__ is not str:
        return scalar(v)
    return value_label(kind, field, v) or v


def _message_fields(template: str, fact: Fact, ob: Any, outcome: Outcome) -> dict[str, Any]:
    """The values of the fields a message template names, each from the first of: the fact's
    own period (when it has one), the finding's fixed fields (subject, title, due, actual,
    label, clause), the fact's extra texts, its decision values, the record's fields. A field
    of the record whose values have Chinese labels (labels.value_label) shows the label: the
    record's value is code-facing (facts, JSON), the message is read by people."""
    names = _TEMPLATE_FIELDS.get(template)
    if names is None:
        names = _TEMPLATE_FIELDS[template] = tuple(dict.fromkeys(_FIELD.findall(template)))
    fixed = {"subject": fact.subject, "title": ob.title, "due": fact.due, "actual": fact.actual,
             "label": outcome.label, "clause": ob.clause}
    extra, values, record = fact.extra, fact.values, fact.record
    labelled = _LABELLED.get(record.kind, _KIND_ONLY) if record is not None else ()
    rec: dict[str, Any] | None = None
    out: dict[str, Any] = {}
    for name in names:
        if name == "period" and fact.period is not None:  # else a record's own `period` field (a report's month)
            out[name] = fact.period
        elif name in fixed:
            out[name] = fixed[name]
        elif name in extra:
            out[name] = extra[name]
        elif name in labelled:  # (a decision value of that name is the record's field: RecordKind)
            out[name] = value_text(record.kind, name, getattr(record, name, None))
        elif name in values:
            out[name] = values[name]
        elif record is not None:
            if rec is None:
                rec = record.to_dict()
            out[name] = scalar(rec.get(name))
    return out


_KIND_ONLY = frozenset({"kind"})
_LABELLED = {kind: frozenset(fields) | _KIND_ONLY for kind, fields in VALUE_LABELS.items()}
"""The fields of each record kind whose values have Chinese labels (``kind``: the kind's name)."""


def _param_text(params: BaseModel, path: str) -> str:
    """A parameter's value as the explanation shows it."""
    v: Any = params
    for part in path.split("."):
        v = getattr(v, part, None) if isinstance(v, BaseModel) else (v or {}).get(part)
    return str(v.value if hasattr(v, "value") else v)


# --------------------------------------------------------------------------------------------
# The evaluation


@dataclass
class Evaluation:
    """Every verdict of one check: ``facts[i]`` was decided ``outcomes[i]``."""

    rs: Any  # the Ruleset
    as_of: datetime
    window_from: datetime
    window_to: datetime | None  # None: no end
    engine: str
    facts: list[Fact]
    outcomes: list[Outcome]
    checked: list[str]
    holiday_notices: list[HolidayNotice] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    # the parameters the user set (--param, Options.params): obligation -> {dotted path: value}
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    term: Term | None = None  # the term checked (None: the ruleset's)

    def key(self, fact: Fact) -> str:
        return f"{self.rs.id}/{fact.obligation}/{fact.key_subject}"

    def basis(self, obligation: str) -> tuple[Basis, list[Any]]:
        """Where an obligation's numbers come from, and its ``defaults:`` entries the user has
        not set: ``default`` while any is left, else ``user`` if the user set a parameter, else
        ``contract``. A user path covers a default at or below it (``period`` covers
        ``period.minutes``)."""
        memo = self.__dict__.setdefault("_basis", {})
        if obligation not in memo:
            set_paths = list(self.params.get(obligation, {}))
            left = [d for d in self.rs.obligation(obligation).defaults
                    if not any(d.param == p or d.param.startswith(p + ".") for p in set_paths)]
            memo[obligation] = ("default" if left else "user" if set_paths else "contract", left)
        return memo[obligation]

    def severity(self, fact: Fact, outcome: Outcome) -> str:
        """The outcome's severity (or the obligation's); a finding resting on a default is never
        critical: the contract does not give the number it is measured against."""
        return self._severity(fact.obligation, outcome)

    def _severity(self, obligation: str, outcome: Outcome) -> str:
        sev = outcome.severity
        if sev is None:
            obs = self.__dict__.get("_obs") or self.__dict__.setdefault("_obs", {o.id: o for o in self.rs.obligations})
            sev = obs[obligation].severity
        return "major" if sev == "critical" and self.basis(obligation)[0] == "default" else sev

    @property
    def fails(self) -> int:
        return list(map(attrgetter("status"), self.outcomes)).count("fail")  # (at C speed: a million outcomes)

    def _in_report_order(self, include_pass: bool, passes: frozenset[str], keep: bool) -> list[tuple]:
        """The facts a report shows, in report order (deadline or period start, then obligation,
        records, period; ties in fact order), as (sort key, fact, outcome). ``keep``: each
        shown fact explained (its text built), else the :class:`LazyFact` stays and its place is
        asked of its kind (:meth:`PerRecord.order`), so that no text is held before its finding
        is built."""
        key = self.key
        # a pass asked for by key: only facts of the obligations those keys name need a key built
        asked = {k.split("/", 2)[1] for k in passes if k.count("/") >= 2}
        pairs = zip(self.facts, self.outcomes)
        if not include_pass and not asked:  # the facts that are not a pass, picked at C speed
            pairs = compress(pairs, map("pass".__ne__, map(attrgetter("status"), self.outcomes)))
        out = []
        for f, o in pairs:
            if include_pass or o.status != "pass" or (asked and f.obligation in asked and key(f) in passes):
                if keep or not isinstance(f, LazyFact):
                    e = f.explain() if isinstance(f, LazyFact) else f
                    out.append(((e.order, e.obligation, e.event_ids, e.period or ""), e, o))
                else:  # its place without its text (a LazyFact has no period)
                    out.append(((f.order, f.obligation, f.event_ids, ""), f, o))
        out.sort(key=itemgetter(0))  # stable: equal keys keep the facts' order
        return out

    def findings(self, include_pass: bool = False, passes: frozenset[str] = frozenset()) -> list[Finding]:
        """The findings to show, in report order; ``passes``: the keys of passes to show even
        without ``include_pass``."""
        pairs = self._in_report_order(include_pass, passes, keep=True)
        out = []
        for i, (_, f, o) in enumerate(pairs):
            pairs[i] = None  # each explained fact is let go once its finding is built
            out.append(self.finding(f, o))
        return out

    def finding_stream(self, include_pass: bool = False, passes: frozenset[str] = frozenset()) -> FindingStream:
        """The same findings as :meth:`findings`, built one at a time as they are read: a
        report of a hundred thousand findings need not hold them all (a writer holds one)."""
        return FindingStream(self, self._in_report_order(include_pass, passes, keep=False))

    def finding(self, fact: Fact, outcome: Outcome) -> Finding:
        rs = self.rs
        ob = rs.obligation(fact.obligation)
        template = (getattr(fact, "template", None) or rs.messages[fact.obligation].get(outcome.status)
                    or "{subject}：{title}（{label}）")
        message = render_message(template, _message_fields(template, fact, ob, outcome))
        explanation = list(fact.explanation)
        basis, left = self.basis(ob.id)
        for path, value in self.params.get(ob.id, {}).items():
            explanation.append(f"按使用者设定的参数计：{path} = {value}（--param {ob.id}.{path}）")
        if left:  # the numbers the contract does not give: said in the message and the steps
            message += "（" + "；".join(d.note for d in left) + "）"
            explanation += [f"默认参数：{d.param} = {_param_text(rs.params[ob.id], d.param)}，合同原文“{d.contract}”未给出数字，"
                            f"可用 --param {ob.id}.{d.param}=… 按实际约定设定" for d in left]
        severity = self.severity(fact, outcome)
        if severity != (outcome.severity or ob.severity):
            explanation.append(f"严重程度：判定为critical，但本项结论依据本规则的默认参数而非合同约定的数字，降为{severity}")
        # validated: pydantic-core checks these few typed fields faster than model_construct's
        # Python loop skips them (about 6 against 11 µs a finding)
        return Finding(
            key=self.key(fact), obligation=ob.id, status=outcome.status, topic=ob.topic, clause=ob.clause,
            severity=severity, basis=basis, event_ids=list(fact.event_ids), period=fact.period,
            due=fact.due, actual=fact.actual, message=message, title=ob.title,
            label=outcome.label, explanation=explanation, facts=_facts(fact, rs.tz),
        )

    def summary(self) -> dict[str, Any]:
        """Counts by status (passes included), and by topic and severity of what is not a pass."""
        rs = self.rs
        obs = {o.id: o for o in rs.obligations}
        by_status: Counter = Counter()
        by_topic: Counter = Counter()
        by_severity: Counter = Counter()
        per_ob: dict[str, set[str]] = {}
        # a verdict's counts depend on its obligation and outcome alone: count the pairs (at C
        # speed over a million facts), then each distinct pair once
        outcome_of = dict(zip(map(id, self.outcomes), self.outcomes))
        pairs = Counter(zip(map(attrgetter("obligation"), self.facts), map(id, self.outcomes)))
        for (oid, o_id), n in pairs.items():
            o = outcome_of[o_id]
            by_status[o.status] += n
            per_ob.setdefault(oid, set()).add(o.status)
            if o.status != "pass":
                by_topic[obs[oid].topic] += n
                by_severity[self._severity(oid, o)] += n
        passed = [o for o, s in per_ob.items() if s == {"pass"}]
        return {
            "by_status": {s: by_status.get(s, 0) for s in STATUSES},
            "by_topic": dict(sorted(by_topic.items())),
            "by_severity": {s: by_severity[s] for s in ("critical", "major", "minor", "info") if by_severity[s]},
            "obligations": {
                "in_ruleset": len(rs.obligations),
                "checked": len(self.checked),
                "with_instances": len(per_ob),
                "passed": len(passed),
                "not_checked_clauses": len(rs.doc.not_checked),
            },
        }

    def passes(self) -> list[str]:
        """The key of every pass, in the order of the facts: what a weekly run records of a pass
        without building its text (its obligation is in the key)."""
        key = self.key
        return [key(f) for f, o in zip(self.facts, self.outcomes) if o.status == "pass"]

    def report(self, include_pass: bool = False, passes: frozenset[str] = frozenset(), *,
               stream: bool = False) -> Report:
        """The report document. ``stream``: its ``findings`` are a :class:`FindingStream`,
        built as a writer reads them (the same findings, in the same order, as the list)."""
        if stream:
            report = self._report(include_pass, [])
            report.findings = self.finding_stream(include_pass, passes)  # type: ignore[assignment]
            return report
        return self._report(include_pass, self.findings(include_pass, passes))

    def _report(self, include_pass: bool, findings: list[Finding]) -> Report:
        rs, c = self.rs, self.rs.contract
        return Report(
            contract=rs.id, contract_title=c.title, contract_number=c.number,
            parties=Parties(buyer=c.buyer, vendor=c.vendor), ruleset_version=rs.version,
            term=self.term or Term(start=c.start.isoformat(), end=c.end.isoformat(), basis=c.term_basis,
                                   reason=c.term_reason),
            as_of=self.as_of.astimezone(rs.tz).isoformat(),
            period=Window(from_=self.window_from.isoformat(), to=self.window_to.isoformat() if self.window_to else None),
            engine=self.engine, include_pass=include_pass, holiday_notices=self.holiday_notices,
            notices=self.notices, findings=findings, summary=self.summary(),
        )


class FindingStream(Sequence):
    """A report's findings built as they are read (:meth:`Evaluation.finding_stream`): each
    reading builds them afresh, one at a time, from the facts in report order. Its length is
    known before any is built."""

    def __init__(self, evaluation: Evaluation, pairs: list[tuple]):
        self._ev, self._pairs = evaluation, pairs

    def __len__(self) -> int:
        return len(self._pairs)

    def __iter__(self) -> Iterator[Finding]:
        return map(self._built, self._pairs)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._built(p) for p in self._pairs[i]]
        return self._built(self._pairs[i])

    def _built(self, pair: tuple) -> Finding:
        _, f, o = pair
        return self._ev.finding(f.explain() if isinstance(f, LazyFact) else f, o)
