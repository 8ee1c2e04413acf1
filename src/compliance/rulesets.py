"""Rulesets as data: one folder per contract (ruleset.yaml, the contract text, cases/).

Validation happens in layers and reports every problem of every file at once: YAML syntax
and duplicate keys, then the shape (pydantic, unknown keys forbidden), then each
obligation's kind parameters, decision tables, message templates and quote.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .conditions import Test, parse_condition
from .errors import InputError, Problem
from .workdays import WorkdayRule
from .yamlload import load_yaml

Status = Literal["pass", "fail", "pending", "ambiguous", "unknown", "waived"]
Severity = Literal["critical", "major", "minor", "info"]
Topic = Literal[
    "notice", "approval", "fault_response", "fault_onsite", "fault_resolution", "fault_level",
    "staffing", "staff_change", "request", "audit", "drill", "report", "training",
    "availability", "payment", "invoice", "contact_change", "rectification", "force_majeure",
    "log_retention", "data_security", "complaint", "spot_check",
]
STATUSES: tuple[str, ...] = ("fail", "ambiguous", "unknown", "pending", "waived", "pass")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RulesetId(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str


class Rectification(_Strict):
    working_days: int = Field(gt=0)
    clause: str


class ContractMeta(_Strict):
    title: str
    number: str | None = None
    text: str = Field(description="file name of the contract text, beside ruleset.yaml")
    buyer: str
    vendor: str
    signed_on: date | None = None
    start: date
    end: date
    timezone: str = "Asia/Shanghai"
    workday_rule: WorkdayRule = WorkdayRule.OFFICIAL
    rectification: Rectification | None = None

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {v!r}") from exc
        return v


class Outcome(_Strict):
    status: Status
    severity: Severity | None = None
    label: str | None = Field(None, description="a classification shown in the message, e.g. 严重故障")


class CrossFact(_Strict):
    """A condition on *another* fact of the same run: of obligation ``obligation``, matching
    ``when``, and equal to this fact on the fields in ``same`` (a join key)."""

    obligation: str
    when: dict[str, Any] | None = None
    same: list[str] = Field(default_factory=list)


class DecisionRule(_Strict):
    when: dict[str, Any] | None = None
    exists: CrossFact | None = Field(None, description="the row needs such another fact (a join)")
    absent: CrossFact | None = Field(None, description="the row needs no such other fact (an absence)")
    then: Outcome


class Obligation(_Strict):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
    title: str
    topic: Topic
    severity: Severity
    clause: str
    quote: str
    interpretation: str
    kind: str
    subject: str = Field("", description="what one record is called in messages, e.g. 需求函")
    params: dict[str, Any] = Field(default_factory=dict)
    decide: list[DecisionRule] | None = None
    messages: dict[Status, str] = Field(default_factory=dict)


class NotChecked(_Strict):
    clause: str
    duty: str
    reason: str


class RulesetDoc(_Strict):
    ruleset: RulesetId
    contract: ContractMeta
    obligations: list[Obligation]
    not_checked: list[NotChecked] = Field(default_factory=list)


class CompiledCross(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    obligation: str
    tests: tuple[Test, ...]
    same: tuple[str, ...]


class CompiledRule(BaseModel):
    """A decision-table row after parsing: what every engine backend reads."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    tests: tuple[Test, ...]
    then: Outcome
    exists: CompiledCross | None = None
    absent: CompiledCross | None = None

    @property
    def single_fact(self) -> bool:
        """Only this fact's own fields are tested (no join, no absence)."""
        return self.exists is None and self.absent is None


class Ruleset:
    """A validated ruleset with each obligation's parameters and decision table compiled."""

    def __init__(self, doc: RulesetDoc, folder: Path, contract_text: str):
        self.doc = doc
        self.folder = folder
        self.contract_text = contract_text
        self.params: dict[str, BaseModel] = {}
        self.tables: dict[str, tuple[CompiledRule, ...]] = {}
        self.messages: dict[str, dict[str, str]] = {}

    @property
    def id(self) -> str:
        return self.doc.ruleset.id

    @property
    def version(self) -> str:
        return self.doc.ruleset.version

    @property
    def contract(self) -> ContractMeta:
        return self.doc.contract

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.doc.contract.timezone)

    @property
    def obligations(self) -> list[Obligation]:
        return self.doc.obligations

    def obligation(self, oid: str) -> Obligation:
        for ob in self.doc.obligations:
            if ob.id == oid:
                return ob
        raise KeyError(oid)


_WS = re.compile(r"\s+")
_FULLWIDTH = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "（": "(", "）": ")",
                            "“": '"', "”": '"', "、": ",", "！": "!", "？": "?", "　": ""})


def normalise_text(s: str) -> str:
    """For quote checks: drop white space, fold full-width punctuation to half-width."""
    return _WS.sub("", s.translate(_FULLWIDTH))


def _pydantic_problems(exc: ValidationError, source: str, prefix: str = "") -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        value = err.get("input")
        out.append(Problem(source, "", f"{prefix}{loc}", _short(value), err["msg"]))
    return out


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def ruleset_path(arg: str | Path) -> Path:
    p = Path(arg)
    return p / "ruleset.yaml" if p.is_dir() else p


def load_ruleset(arg: str | Path) -> Ruleset:
    """Load and validate a ruleset folder (or its ruleset.yaml). Raises InputError with all problems."""
    from .kinds import KINDS  # the registry imports rulesets for types

    path = ruleset_path(arg)
    source = str(path)
    if not path.is_file():
        raise InputError([Problem(source, "", "", str(arg), "a ruleset folder holding ruleset.yaml, or a ruleset YAML file")])
    raw, problems = load_yaml(path, source)
    if problems:
        raise InputError(problems)
    try:
        doc = RulesetDoc.model_validate(raw)
    except ValidationError as exc:
        raise InputError(_pydantic_problems(exc, source)) from None

    problems = []
    text_path = path.parent / doc.contract.text
    try:
        contract_text = text_path.read_text(encoding="utf-8")
    except OSError:
        contract_text = ""
        problems.append(Problem(source, "", "contract.text", doc.contract.text, "the contract text file beside ruleset.yaml"))
    if doc.contract.end < doc.contract.start:
        problems.append(Problem(source, "", "contract.end", str(doc.contract.end), "a date on or after contract.start"))

    rs = Ruleset(doc, path.parent, contract_text)
    norm_text = normalise_text(contract_text)
    seen: set[str] = set()
    pending_cross: list = []  # cross-fact clauses, checked once every obligation is known
    for i, ob in enumerate(doc.obligations):
        where = f"obligations.{i}({ob.id})"
        if ob.id in seen:
            problems.append(Problem(source, "", f"{where}.id", ob.id, "an id used once in the ruleset"))
        seen.add(ob.id)
        if contract_text and normalise_text(ob.quote) not in norm_text:
            problems.append(Problem(source, "", f"{where}.quote", _short(ob.quote), "a verbatim quote of the contract text"))
        kind = KINDS.get(ob.kind)
        if kind is None:
            problems.append(Problem(source, "", f"{where}.kind", ob.kind, f"one of: {', '.join(sorted(KINDS))}"))
            continue
        try:
            params = kind.Params.model_validate(ob.params)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(exc, source, f"{where}.params."))
            continue
        rs.params[ob.id] = params
        fields = kind.fact_fields(params)
        table_raw = ob.decide if ob.decide is not None else kind.default_table()
        compiled = []
        for j, row in enumerate(table_raw):
            tests, errs = parse_condition(row.when, f"{where}.decide.{j}.when")
            problems.extend(Problem(source, "", "", "", e) for e in errs)
            for t in tests:
                if t.field not in fields:
                    problems.append(Problem(source, "", f"{where}.decide.{j}.when", t.field,
                                            f"a field of a {ob.kind} fact: {', '.join(sorted(fields))}"))
            cross = {}
            for key in ("exists", "absent"):
                cf = getattr(row, key)
                if cf is not None:
                    ctests, errs = parse_condition(cf.when, f"{where}.decide.{j}.{key}.when")
                    problems.extend(Problem(source, "", "", "", e) for e in errs)
                    pending_cross.append((where, j, key, ob, cf, ctests))
                    cross[key] = CompiledCross(obligation=cf.obligation, tests=tuple(ctests), same=tuple(cf.same))
            compiled.append(CompiledRule(tests=tuple(tests), then=row.then, **cross))
        if not compiled or not compiled[-1].single_fact or compiled[-1].tests:
            problems.append(Problem(source, "", f"{where}.decide", "", "a decision table ending with a catch-all row (no `when`, `exists` or `absent`)"))
        rs.tables[ob.id] = tuple(compiled)
        messages = {**kind.default_messages(), **ob.messages}
        allowed = kind.message_fields(params)
        for status, template in ob.messages.items():
            for name in re.findall(r"\{(\w+)\}", template):
                if name not in allowed:
                    problems.append(Problem(source, "", f"{where}.messages.{status}", name,
                                            f"a message field: {', '.join(sorted(allowed))}"))
        rs.messages[ob.id] = messages
    fields_of = {o.id: KINDS[o.kind].fact_fields(rs.params[o.id]) for o in doc.obligations if o.id in rs.params}
    for where, j, key, ob, cf, ctests in pending_cross:
        at = f"{where}.decide.{j}.{key}"
        if cf.obligation not in fields_of:
            problems.append(Problem(source, "", f"{at}.obligation", cf.obligation, "an obligation id of this ruleset"))
            continue
        other = fields_of[cf.obligation]
        for t in ctests:
            if t.field not in other:
                problems.append(Problem(source, "", f"{at}.when", t.field, f"a field of {cf.obligation}'s facts"))
        for name in cf.same:
            if name not in other or name not in fields_of.get(ob.id, ()):
                problems.append(Problem(source, "", f"{at}.same", name, "a field of the facts of both obligations"))
    if problems:
        raise InputError(problems)
    return rs
