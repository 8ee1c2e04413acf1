"""Findings: the engine's verdicts joined with the facts, as the data every renderer reads."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from pydantic import BaseModel, Field

from .kinds import Fact
from .kinds.base import record_values
from .rulesets import STATUSES, Obligation, Outcome, Ruleset


class Finding(BaseModel):
    obligation: str
    status: str
    topic: str
    clause: str
    severity: str
    event_ids: list[str]
    period: str | None = None
    due: str | None = None
    actual: str | None = None
    message: str
    title: str
    label: str | None = None
    explanation: list[str] = Field(default_factory=list)


class Window(BaseModel):
    from_: str = Field(serialization_alias="from")
    to: str | None = Field(None, description="None: no end (no --to given)")


class Report(BaseModel):
    contract: str
    contract_title: str
    ruleset_version: str
    as_of: str
    period: Window
    engine: str
    findings: list[Finding]
    summary: dict[str, Any]


_FIELD = re.compile(r"\{(\w+)\}")


def render_message(template: str, fields: dict[str, Any]) -> str:
    def sub(m: re.Match) -> str:
        v = fields.get(m.group(1))
        if v is None:
            return "—"
        if isinstance(v, bool):
            return "是" if v else "否"
        return str(v)

    return _FIELD.sub(sub, template)


def make_finding(ob: Obligation, fact: Fact, outcome: Outcome, templates: dict[str, str]) -> Finding:
    fields: dict[str, Any] = record_values(fact.record) if fact.record is not None else {}
    fields.update(fact.values)
    fields.update(fact.extra)
    fields.update(subject=fact.subject, title=ob.title, due=fact.due, actual=fact.actual,
                  label=outcome.label, clause=ob.clause)
    if fact.period is not None:  # a record's own `period` field (a report's month) stays otherwise
        fields["period"] = fact.period
    template = templates.get(outcome.status) or "{subject}：{title}（{label}）"
    msg = render_message(template, fields)
    return Finding(
        obligation=ob.id, status=outcome.status, topic=ob.topic, clause=ob.clause,
        severity=outcome.severity or ob.severity, event_ids=list(fact.event_ids), period=fact.period,
        due=fact.due, actual=fact.actual, message=msg, title=ob.title, label=outcome.label,
        explanation=list(fact.explanation),
    )


def summarise(rs: Ruleset, verdicts: list[tuple[str, str, str, str]], checked: list[str]) -> dict[str, Any]:
    """Counts by status (passes included), and by topic and severity of what is not a pass.
    ``verdicts`` holds (obligation, status, topic, severity) for every fact evaluated."""
    by_status = Counter(v[1] for v in verdicts)
    open_ = [v for v in verdicts if v[1] != "pass"]
    per_ob: dict[str, set[str]] = {}
    for ob, status, _, _ in verdicts:
        per_ob.setdefault(ob, set()).add(status)
    passed = sorted(o for o, s in per_ob.items() if s == {"pass"})
    by_severity = Counter(v[3] for v in open_)
    return {
        "by_status": {s: by_status.get(s, 0) for s in STATUSES},
        "by_topic": dict(sorted(Counter(v[2] for v in open_).items())),
        "by_severity": {s: by_severity[s] for s in ("critical", "major", "minor", "info") if by_severity[s]},
        "obligations": {
            "in_ruleset": len(rs.obligations),
            "checked": len(checked),
            "with_instances": len(per_ob),
            "passed": len(passed),
            "not_checked_clauses": len(rs.doc.not_checked),
        },
    }
