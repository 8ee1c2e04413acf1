"""Rulesets as data: one folder per contract (ruleset.yaml, the contract text, cases/).

Validation happens in layers and reports every problem of every file at once: YAML syntax
and duplicate keys, then the shape (pydantic, unknown keys forbidden), then each
obligation's kind parameters, decision tables, message templates and quote.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, ValidationError, field_validator

from .decisions import (
    CompiledRule,
    DecisionRule,
    Locator,
    Severity,
    Status,
    StrictModel,
    YamlPath,
    compile_table,
    cross_problems,
)
from .conditions import Test  # noqa: F401 (re-exported, as it was)
from .decisions import STATUSES, CompiledCross, CrossFact, Outcome  # noqa: F401 (re-exported: they lived here)
from .errors import InputError, Problem, UsageError
from .kinds import KINDS, Kind
from .scoring_data import Scoring, scoring_problems
from .workdays import WorkdayRule
from .yamlload import load_yaml_lines

Topic = Literal[
    "notice", "approval", "fault_response", "fault_onsite", "fault_resolution", "fault_level",
    "staffing", "staff_change", "request", "audit", "drill", "report", "training",
    "availability", "payment", "invoice", "contact_change", "rectification", "force_majeure",
    "log_retention", "data_security", "complaint", "spot_check",
]


class RulesetId(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str


class Rectification(StrictModel):
    working_days: int = Field(gt=0)
    clause: str


class Consequence(StrictModel):
    """What the contract says follows a violation left uncorrected: the clause and its words,
    verbatim (a rectification-notice letter's 违约责任 paragraph quotes them)."""

    clause: str
    quote: str = Field(min_length=1)


class ContractMeta(StrictModel):
    title: str
    number: str | None = None
    text: str = Field(description="file name of the contract text, beside ruleset.yaml")
    buyer: str
    vendor: str
    signed_on: date | None = None
    start: date
    end: date
    term_basis: Literal["contract", "assumed"] = Field(
        "contract", description="contract: start and end are the contract's own; assumed: see term_reason")
    term_reason: str | None = None
    timezone: str = "Asia/Shanghai"
    workday_rule: WorkdayRule = WorkdayRule.OFFICIAL
    rectification: Rectification | None = None
    consequence: Consequence | None = None

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {v!r}") from exc
        return v


class Default(StrictModel):
    """A parameter the ruleset chose where the contract names no number (第一时间, 及时, 定期 …):
    findings resting on it say so (basis ``default``, the note in the message) and the user may
    set it (``--param ID.path=value``)."""

    param: str = Field(pattern=r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$",
                       description="dotted path into the obligation's params, e.g. period.minutes")
    contract: str = Field(min_length=1, description="the contract's own words, e.g. 第一时间")
    note: str = Field(min_length=1, description="one Chinese sentence for the message")


class Obligation(StrictModel):
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
    defaults: list[Default] = Field(default_factory=list, description="the parameters that are the ruleset's choice")


class NotChecked(StrictModel):
    clause: str
    duty: str
    reason: str


class RulesetDoc(StrictModel):
    ruleset: RulesetId
    contract: ContractMeta
    obligations: list[Obligation]
    not_checked: list[NotChecked] = Field(default_factory=list)
    scoring: Scoring | None = Field(None, description="the contract's assessment table (compliance score)")


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

    def record_kinds(self) -> frozenset[str]:
        """The record kinds its obligations read."""
        kinds = {self.params[o.id].record for o in self.obligations if hasattr(self.params.get(o.id), "record")}
        if any(o.kind == "valid_at" for o in self.obligations):
            kinds.add("audit")
        return frozenset(kinds)

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


def ruleset_path(arg: str | Path) -> Path:
    p = Path(arg)
    return p / "ruleset.yaml" if p.is_dir() else p


def load_ruleset(arg: str | Path) -> Ruleset:
    """Load and validate a ruleset folder (or its ruleset.yaml). Raises InputError with all
    problems, each at the line of its value."""
    path = ruleset_path(arg)
    source = str(path)
    if not path.is_file():
        raise InputError([Problem(source, "", "", str(arg), "a ruleset folder holding ruleset.yaml, or a ruleset YAML file")])
    raw, lines, problems = load_yaml_lines(path, source)
    if problems:
        raise InputError(problems)
    loc = Locator(source, lines)
    try:
        doc = RulesetDoc.model_validate(raw)
    except ValidationError as exc:
        raise InputError(loc.pydantic(exc)) from None
    contract_text, problems = _contract_text(doc, path.parent, loc)
    if doc.contract.end < doc.contract.start:
        problems.append(loc.problem(("contract", "end"), doc.contract.end, "a date on or after contract.start"))
    rs = Ruleset(doc, path.parent, contract_text)
    cq = doc.contract.consequence
    if cq is not None and contract_text and normalise_text(cq.quote) not in normalise_text(contract_text):
        problems.append(loc.problem(("contract", "consequence", "quote"), cq.quote, "a verbatim quote of the contract text"))
    problems += _obligation_problems(rs, loc)
    if doc.scoring is not None:
        problems += scoring_problems(doc.scoring, rs, loc, normalise_text)
    if problems:
        raise InputError(problems)
    return rs


def _contract_text(doc: RulesetDoc, folder: Path, loc: Locator) -> tuple[str, list[Problem]]:
    try:
        return (folder / doc.contract.text).read_text(encoding="utf-8"), []
    except OSError:
        return "", [loc.problem(("contract", "text"), doc.contract.text, "the contract text file beside ruleset.yaml")]


def _obligation_problems(rs: Ruleset, loc: Locator) -> list[Problem]:
    """Check every obligation and compile its parameters, decision table and messages into ``rs``;
    then check the tables' cross-fact clauses, which may name any obligation."""
    problems: list[Problem] = []
    norm_text = normalise_text(rs.contract_text)
    seen: set[str] = set()
    compiled: list[tuple[YamlPath, frozenset[str], tuple[CompiledRule, ...]]] = []  # (where, fact fields, table)
    fields_of: dict[str, frozenset[str]] = {}  # the fact fields of each obligation, for cross-fact clauses
    for i, ob in enumerate(rs.obligations):
        at = ("obligations", i)
        if ob.id in seen:
            problems.append(loc.problem(at + ("id",), ob.id, "an id used once in the ruleset"))
        seen.add(ob.id)
        if rs.contract_text and normalise_text(ob.quote) not in norm_text:
            problems.append(loc.problem(at + ("quote",), ob.quote, "a verbatim quote of the contract text"))
        kind = KINDS.get(ob.kind)
        if kind is None:
            problems.append(loc.problem(at + ("kind",), ob.kind, f"one of: {', '.join(sorted(KINDS))}"))
            continue
        try:
            rs.params[ob.id] = kind.Params.model_validate(ob.params)
        except ValidationError as exc:
            problems += loc.pydantic(exc, at + ("params",))
            continue
        problems += _default_problems(ob, rs.params[ob.id], at, loc, norm_text if rs.contract_text else None)
        fields_of[ob.id] = fields = kind.fact_fields(rs.params[ob.id])
        table, table_problems = _compile_obligation(rs, ob, kind, fields, at, loc)
        compiled.append((at + ("decide",), fields, table))
        problems += table_problems
    for at, fields, table in compiled:
        problems += cross_problems(table, fields, fields_of, at, loc)
    return problems


_MISSING = object()


def param_value(params: BaseModel, path: str) -> Any:
    """The value at a dotted ``path`` of validated kind parameters (``period.minutes``); a
    sentinel (``param_missing``) when no such parameter exists."""
    v: Any = params
    for part in path.split("."):
        if isinstance(v, BaseModel):
            v = getattr(v, part) if part in type(v).model_fields else _MISSING
        elif isinstance(v, dict):
            v = v.get(part, _MISSING)
        else:
            v = _MISSING
        if v is _MISSING:
            return _MISSING
    return v


def param_missing(v: Any) -> bool:
    return v is _MISSING


def param_paths(params: BaseModel, prefix: str = "") -> list[str]:
    """Every settable dotted path of validated kind parameters (for messages)."""
    out = []
    for name in type(params).model_fields:
        v = getattr(params, name)
        out += param_paths(v, f"{prefix}{name}.") if isinstance(v, BaseModel) else [prefix + name]
    return out


def _default_problems(ob: Obligation, params: BaseModel, at: YamlPath, loc: Locator,
                      norm_text: str | None) -> list[Problem]:
    """Each ``defaults:`` entry names a parameter of the obligation that has a value, once, and
    quotes the contract's own words (``norm_text``: the normalised contract text)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for j, d in enumerate(ob.defaults):
        where = at + ("defaults", j, "param")
        v = param_value(params, d.param)
        if param_missing(v) or v is None:
            problems.append(loc.problem(where, d.param, f"a parameter of {ob.id} with a value: "
                                        + ", ".join(p for p in param_paths(params)
                                                    if not param_missing(x := param_value(params, p)) and x is not None)))
        if norm_text is not None and normalise_text(d.contract) not in norm_text:
            problems.append(loc.problem(at + ("defaults", j, "contract"), d.contract, "words of the contract text"))
        if d.param in seen:
            problems.append(loc.problem(where, d.param, "a parameter named once in defaults"))
        seen.add(d.param)
    return problems


def with_params(rs: Ruleset, params: Mapping[str, Mapping[str, Any]] | None, option: str = "--param") -> Ruleset:
    """The ruleset with parameters the user set (``{"AY-INCIDENT-NOTIFY": {"period.minutes": 15}}``)
    applied to a copy of its parameters, each obligation's revalidated with its kind's Params
    model; ``rs`` itself is unchanged. A value of None removes the parameter (to switch
    ``period.minutes`` to ``period.hours``). Raises UsageError, naming ``option``, for an unknown
    obligation or path, or a value the kind does not accept."""
    if not params:
        return rs
    new = copy.copy(rs)
    new.params = dict(rs.params)
    for oid, values in params.items():
        ids = {o.id for o in rs.obligations}
        if oid not in ids:
            raise UsageError(f"{option} {oid}.…: {rs.id} has no obligation {oid} (compliance rules list shows them)")
        ob = rs.obligation(oid)
        kind = KINDS[ob.kind]
        raw = rs.params[oid].model_dump()
        for path, value in values.items():
            known = param_paths(rs.params[oid])
            if param_missing(param_value(rs.params[oid], path)):
                raise UsageError(f"{option} {oid}.{path}: {oid} has no parameter {path!r}; its parameters: {', '.join(known)}")
            *parents, last = path.split(".")
            at = raw
            for part in parents:
                if not isinstance(at.get(part), dict):
                    at[part] = {}
                at = at[part]
            if value is None:
                at.pop(last, None)
            else:
                at[last] = value
        try:
            new.params[oid] = kind.Params.model_validate(raw)
        except ValidationError as exc:
            what = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'params'}: {e['msg']}" for e in exc.errors())
            given = ", ".join(f"{oid}.{k}={v}" for k, v in values.items())
            raise UsageError(f"{option} {given}: expected a value {ob.kind} accepts ({what})") from None
        tested = {t.field for row in rs.tables[oid] for t in row.tests}
        missing = sorted(tested - kind.fact_fields(new.params[oid]))
        if missing:
            raise UsageError(f"{option} {oid}: with these parameters its facts lack {', '.join(missing)}, "
                             "which its decision table tests")
    return new


def _compile_obligation(rs: Ruleset, ob: Obligation, kind: type[Kind], fields: frozenset[str], at: YamlPath,
                        loc: Locator) -> tuple[tuple[CompiledRule, ...], list[Problem]]:
    """Compile the decision table and the messages of an obligation whose parameters are valid
    (its facts have ``fields``)."""
    rows = ob.decide if ob.decide is not None else kind.default_table()
    table, problems = compile_table(rows, fields, ob.kind, at + ("decide",), loc)
    rs.tables[ob.id] = table
    rs.messages[ob.id] = {**kind.default_messages(), **ob.messages}
    allowed = kind.message_fields(rs.params[ob.id])
    for status, template in ob.messages.items():
        problems += [loc.problem(at + ("messages", status), name, f"a message field: {', '.join(sorted(allowed))}")
                     for name in re.findall(r"\{(\w+)\}", template) if name not in allowed]
    return table, problems
