"""The ``scoring:`` section of a ruleset: the contract's assessment table as data.

Each item is named exactly as the contract's table names it (分项指标) and says how its points
follow from the check's findings: deductions per finding (points, money, by label or by the
finding's facts, capped), zero on any (``points: all``), an obligation that must pass
(``requires``), bands of a measured figure (availability, a survey's score), a bonus per record
(部署沟通), or a person's judgement (``judged``: a range, narrowed by ``--manual``). The grade
bands, the fee effect and, for per-project fees, the payment coefficient are data too.

A contract without a scoring table in its text says so (``absent:``): no score is ever invented.
The loader (``rulesets.load_ruleset``) validates this section against the obligations, the
decision tables' labels and the contract text, each problem at its YAML line.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, model_validator

from .conditions import parse_tests
from .decisions import Locator, StrictModel, YamlPath
from .errors import Problem

Points = Decimal


class PointRange(StrictModel):
    min: Decimal = Field(ge=0)
    max: Decimal = Field(ge=0)

    @model_validator(mode="after")
    def _order(self) -> PointRange:
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        return self


def _as_range(v: Any) -> Any:
    """``7`` or ``[7, 8]`` or ``{min: 7, max: 8}`` -> a range mapping."""
    if isinstance(v, (list, tuple)) and len(v) == 2:
        return {"min": v[0], "max": v[1]}
    if isinstance(v, (int, float, str, Decimal)) and not isinstance(v, bool):
        return {"min": v, "max": v}
    return v


class Band(StrictModel):
    """A band of a figure: the contract's condition on it (``{gt: 99.98}``, ``{ge: 60, le: 80}``)
    and the points it gives (a number, or a range a person narrows)."""

    when: dict[str, Any] = Field(description="conditions on the figure: gt, ge, lt, le, eq (one figure, AND)")
    points: PointRange
    label: str = Field(min_length=1, description="the contract's words for the band")

    @model_validator(mode="before")
    @classmethod
    def _points(cls, data: Any) -> Any:
        if isinstance(data, dict) and "points" in data:
            data = {**data, "points": _as_range(data["points"])}
        return data


class Bands(StrictModel):
    """Points from bands of one fact of an obligation's findings in the period (availability_pct,
    a survey's score). A figure in no band or in two bands is ambiguous: the range spans the
    candidates (``gap`` gives the range for a figure in no band). Several findings in the period
    (several survey rounds): the item's range spans their bands."""

    obligation: str
    fact: str = Field(pattern=r"^[a-z_][a-z0-9_]*$")
    bands: list[Band] = Field(min_length=1)
    gap: PointRange | None = Field(None, description="points of a figure in no band (default: 0 .. max)")

    @model_validator(mode="before")
    @classmethod
    def _gap(cls, data: Any) -> Any:
        if isinstance(data, dict) and "gap" in data:
            data = {**data, "gap": _as_range(data["gap"])}
        return data


class Deduction(StrictModel):
    """Each finding of ``obligation`` in the period (with ``label``, matching ``when``) costs
    ``points`` (times the fact ``per`` if given; ``all``: the item drops to 0) and ``money``
    (yuan, or a range). ``judged``: the contract leaves whether it costs them to a person."""

    obligation: str
    label: str | None = Field(None, description="only findings with this label (the decision table's)")
    when: dict[str, Any] | None = Field(None, description="only findings whose facts match (condition language)")
    points: Decimal | Literal["all"] = Decimal(0)
    per: str | None = Field(None, description="a fact of the finding that multiplies the points (errors)")
    money: PointRange | None = Field(None, description="yuan per finding: a number or [min, max]")
    judged: bool = False
    as_given: bool = Field(False, description=(
        "the points and money as given whatever the finding's status: the range already holds its readings"))
    money_at_end: bool = Field(False, description=(
        "the money falls due only in the assessment whose period holds the end of the finding's period "
        "(服务期年终考核: the contract year's last assessment), not in every assessment the year overlaps"))
    reason: str = Field(min_length=1, description="the contract's rule in Chinese, shown with each deduction")

    @model_validator(mode="before")
    @classmethod
    def _money(cls, data: Any) -> Any:
        if isinstance(data, dict) and "money" in data and data["money"] is not None:
            data = {**data, "money": _as_range(data["money"])}
        return data


class Bonus(StrictModel):
    """Points added per record of a kind in the period (部署沟通: +1 per deployment), up to max."""

    record: str
    date_field: str
    points: Decimal = Field(gt=0)
    reason: str = Field(min_length=1)


class Alert(StrictModel):
    """A consequence of an item's deductions beyond its points (扣分超过4分需更换人员)."""

    over: Decimal
    text: str = Field(min_length=1)


class Item(StrictModel):
    item: str = Field(min_length=1, description="the contract's own name of the item (分项指标)")
    category: str = Field(min_length=1, description="the contract's 考核项目")
    max: Decimal = Field(gt=0)
    clause: str
    quote: str = Field(min_length=1, description="the item's 评分标准, verbatim")
    interpretation: str = Field(min_length=1)
    judged: bool = Field(False, description="a person judges the points (a range until --manual gives them)")
    requires: list[str] = Field(default_factory=list, description="obligations whose findings in the period must pass")
    deduct: list[Deduction] = Field(default_factory=list)
    once_per_record: bool = Field(False, description="findings of the deductions about the same records count once")
    cap: Decimal | None = Field(None, gt=0, description="the deductions count at most this much in all")
    bands: Bands | None = None
    bonus: Bonus | None = None
    alert: Alert | None = None
    considers: list[str] = Field(default_factory=list, description=(
        "obligations whose findings a person weighs for a judged item (shown as evidence, not deducted)"))


class Grade(StrictModel):
    when: dict[str, Any] = Field(description="conditions on the total score")
    name: str | None = Field(None, description="the contract's grade; None: a band the contract does not name")
    label: str = Field(min_length=1, description="the contract's words")


class FeeBand(StrictModel):
    """A fee deduction for scores matching ``when``: ``rate`` of the period's fee, or
    ``per_point`` of it for each point below ``below``."""

    when: dict[str, Any]
    rate: Decimal | None = Field(None, ge=0, le=1)
    below: Decimal | None = None
    per_point: Decimal | None = Field(None, ge=0, le=1)
    label: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one(self) -> FeeBand:
        if (self.rate is None) == (self.per_point is None):
            raise ValueError("give rate, or per_point with below")
        if self.per_point is not None and self.below is None:
            raise ValueError("per_point needs below (the score the points are counted from)")
        return self


class Fee(StrictModel):
    clause: str
    quote: str = Field(min_length=1)
    bands: list[FeeBand] = Field(default_factory=list)
    none_label: str = Field(min_length=1, description="what a score in no band means (e.g. 80分及以上不扣服务费)")


class CoefficientBand(StrictModel):
    when: dict[str, Any]
    value: Decimal = Field(ge=0, le=1)


class Efficiency(StrictModel):
    """安阳 附件 1.2 / 1.4 / 1.5: each project's efficiency score (the check's ``efficiency_pct`` of
    ``obligation``, whose parameters hold the weights), its payment coefficient from
    service score × service_weight + efficiency × efficiency_weight, and its fee."""

    obligation: str
    fact: str = "efficiency_pct"
    clause: str
    quote: str = Field(min_length=1)
    service_weight: Decimal = Field(ge=0, le=1)
    efficiency_weight: Decimal = Field(ge=0, le=1)
    bands: list[CoefficientBand] = Field(min_length=1)
    fee_quote: str = Field(min_length=1, description="单个项目服务费用=合同单价*资源应用数量*支付系数-云安全扣费")
    advice_low: Decimal
    advice_high: Decimal
    advice_quote: str = Field(min_length=1)


class Scoring(StrictModel):
    absent: str | None = Field(None, description="the contract has no scoring table: why (Chinese), and nothing else")
    table: str | None = Field(None, description="the table's title as the contract prints it")
    clause: str | None = None
    quote: str | None = None
    cadence: str | None = Field(None, description="how often the contract assesses (每半年)")
    total: Decimal | None = None
    categories: dict[str, Decimal] = Field(default_factory=dict, description="category -> its points, where the table prints them")
    items: list[Item] = Field(default_factory=list)
    grades: list[Grade] = Field(default_factory=list)
    grades_absent: str | None = None
    fee: Fee | None = None
    money: list[Deduction] = Field(default_factory=list, description="money deducted outside the items (安阳 1.3)")
    efficiency: Efficiency | None = None

    @model_validator(mode="after")
    def _shape(self) -> Scoring:
        if self.absent is not None:
            if self.items or self.table or self.fee or self.efficiency:
                raise ValueError("absent: a contract without a scoring table has no items, table, fee or efficiency")
            return self
        if not self.items or self.table is None or self.total is None:
            raise ValueError("a scoring table needs table, total and items (or absent: with the reason)")
        return self


# ----------------------------------------------------------------------------------------------
# Validation against the rest of the ruleset


def scoring_problems(scoring: Scoring, rs: Any, loc: Locator, norm: Any) -> list[Problem]:
    """The problems of a valid-shaped ``scoring:`` section against its ruleset ``rs``: obligations
    that exist, labels their decision tables give, conditions that parse, item names and quotes
    in the contract text, points that add up. ``norm`` normalises text for the quote checks."""
    problems: list[Problem] = []
    at0: YamlPath = ("scoring",)
    if scoring.absent is not None:
        return problems
    ids = {o.id for o in rs.obligations}
    text = norm(rs.contract_text) if rs.contract_text else None

    def in_text(where: YamlPath, value: str, what: str) -> None:
        if text is not None and norm(value) not in text:
            problems.append(loc.problem(where, value, what))

    def obligation(where: YamlPath, oid: str) -> bool:
        if oid not in ids:
            problems.append(loc.problem(where, oid, "an obligation of this ruleset"))
            return False
        return True

    def condition(where: YamlPath, raw: Any) -> None:
        _, errors = parse_tests(raw)
        for e in errors:
            problems.append(loc.problem(where + ((e.key,) if e.key else ()), e.value, e.expected))

    def band(where: YamlPath, raw: dict[str, Any]) -> None:
        """A band's condition on one figure: gt/ge/lt/le/eq/ne with numbers, at least one."""
        if not raw:
            problems.append(loc.problem(where, "{}", "a condition on the figure: gt, ge, lt, le, eq or ne with a number"))
        for op, v in raw.items():
            if op not in ("gt", "ge", "lt", "le", "eq", "ne"):
                problems.append(loc.problem(where + (op,), op, "gt, ge, lt, le, eq or ne"))
            elif isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
                problems.append(loc.problem(where + (op,), str(v), "a number"))

    def deduction(where: YamlPath, d: Deduction) -> None:
        if not obligation(where + ("obligation",), d.obligation):
            return
        if d.label is not None:
            labels = {row.then.label for row in rs.tables.get(d.obligation, ()) if row.then.label}
            if d.label not in labels:
                problems.append(loc.problem(where + ("label",), d.label,
                                            f"a label of {d.obligation}'s decision table: " + "; ".join(sorted(labels))))
        if d.when is not None:
            condition(where + ("when",), d.when)

    for key in ("table", "quote"):
        v = getattr(scoring, key)
        if v:
            in_text(at0 + (key,), v, "words of the contract text")
    seen: set[str] = set()
    total = Decimal(0)
    per_cat: dict[str, Decimal] = {}
    for i, item in enumerate(scoring.items):
        at = at0 + ("items", i)
        if item.item in seen:
            problems.append(loc.problem(at + ("item",), item.item, "an item named once in the table"))
        seen.add(item.item)
        in_text(at + ("item",), item.item, "the item's name as the contract's table prints it")
        in_text(at + ("category",), item.category, "the category's name as the contract's table prints it")
        in_text(at + ("quote",), item.quote, "a verbatim quote of the contract text")
        total += item.max
        per_cat[item.category] = per_cat.get(item.category, Decimal(0)) + item.max
        for j, oid in enumerate(item.requires):
            obligation(at + ("requires", j), oid)
        for j, oid in enumerate(item.considers):
            obligation(at + ("considers", j), oid)
        for j, d in enumerate(item.deduct):
            deduction(at + ("deduct", j), d)
        if item.bands is not None:
            obligation(at + ("bands", "obligation"), item.bands.obligation)
            for j, b in enumerate(item.bands.bands):
                band(at + ("bands", "bands", j, "when"), b.when)
                if b.points.max > item.max:
                    problems.append(loc.problem(at + ("bands", "bands", j, "points"), str(b.points.max),
                                                f"points within the item's max ({item.max})"))
        if item.bonus is not None:
            from .events import KINDS as RECORD_KINDS

            model = RECORD_KINDS.get(item.bonus.record)
            if model is None:
                problems.append(loc.problem(at + ("bonus", "record"), item.bonus.record, "a record kind"))
            elif item.bonus.date_field not in model.model_fields:
                problems.append(loc.problem(at + ("bonus", "date_field"), item.bonus.date_field,
                                            f"a field of {item.bonus.record} records"))
        if not (item.judged or item.requires or item.deduct or item.bands or item.bonus):
            problems.append(loc.problem(at, item.item, "a way to score the item: judged, requires, deduct, bands or bonus"))
    if scoring.total is not None and total != scoring.total:
        problems.append(loc.problem(at0 + ("total",), str(scoring.total), f"the sum of the items' max ({total})"))
    for cat, pts in scoring.categories.items():
        if per_cat.get(cat) != pts:
            problems.append(loc.problem(at0 + ("categories", cat), str(pts),
                                        f"the sum of the max of the items of {cat} ({per_cat.get(cat, 0)})"))
    for j, g in enumerate(scoring.grades):
        band(at0 + ("grades", j, "when"), g.when)
    if scoring.fee is not None:
        in_text(at0 + ("fee", "quote"), scoring.fee.quote, "a verbatim quote of the contract text")
        for j, b in enumerate(scoring.fee.bands):
            band(at0 + ("fee", "bands", j, "when"), b.when)
    for j, d in enumerate(scoring.money):
        deduction(at0 + ("money", j), d)
    if scoring.efficiency is not None:
        e = scoring.efficiency
        if obligation(at0 + ("efficiency", "obligation"), e.obligation):
            if e.fact not in getattr(rs.params.get(e.obligation), "derive", []):
                problems.append(loc.problem(at0 + ("efficiency", "fact"), e.fact,
                                            f"a value {e.obligation} derives"))
        for key in ("quote", "fee_quote", "advice_quote"):
            in_text(at0 + ("efficiency", key), getattr(e, key), "a verbatim quote of the contract text")
        if e.service_weight + e.efficiency_weight != 1:
            problems.append(loc.problem(at0 + ("efficiency", "efficiency_weight"), str(e.efficiency_weight),
                                        f"weights adding up to 1 with service_weight {e.service_weight}"))
        for j, b in enumerate(e.bands):
            band(at0 + ("efficiency", "bands", j, "when"), b.when)
    return problems
