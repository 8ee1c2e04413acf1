"""Decision tables: their YAML shape, their compiled form (what every engine backend reads) and
the compiler that turns one into the other, reporting each problem at its YAML line.

A table is a list of rows ``{when, exists, absent, then}`` read top-down; the first row whose
conditions hold gives the outcome (see ``conditions`` for the condition language).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .conditions import Test, parse_tests
from .errors import Problem
from .yamlload import Lines, dotted

# "info": a classification that breaches no duty (nothing produces it yet)
Status = Literal["fail", "ambiguous", "unknown", "pending", "waived", "info", "pass"]
Severity = Literal["critical", "major", "minor", "info"]
STATUSES: tuple[str, ...] = ("fail", "ambiguous", "unknown", "pending", "waived", "info", "pass")

YamlPath = tuple[Any, ...]  # a value's place in a YAML document: ("obligations", 3, "params", "period")


class StrictModel(BaseModel):
    """A YAML shape: unknown keys are errors, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Outcome(StrictModel):
    status: Status
    severity: Severity | None = None
    label: str | None = Field(None, description="a classification shown in the message, e.g. 严重故障")


class CrossFact(StrictModel):
    """A condition on *another* fact of the same run: of obligation ``obligation``, matching
    ``when``, and equal to this fact on the fields in ``same`` (a join key)."""

    obligation: str
    when: dict[str, Any] | None = None
    same: list[str] = Field(default_factory=list)


class DecisionRule(StrictModel):
    when: dict[str, Any] | None = None
    exists: CrossFact | None = Field(None, description="the row needs such another fact (a join)")
    absent: CrossFact | None = Field(None, description="the row needs no such other fact (an absence)")
    then: Outcome


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


class Locator:
    """Makes the problems of one YAML file: each named by its path (``obligations[3].params.period``)
    and placed at the line of the offending value, or of the nearest enclosing key that has one."""

    def __init__(self, source: str, lines: Lines):
        self.source = source
        self.lines = lines

    def line(self, path: YamlPath) -> str:
        while path and path not in self.lines:
            path = path[:-1]
        return str(self.lines.get(path, ""))

    def problem(self, path: YamlPath, value: Any, expected: str) -> Problem:
        text = str(value)
        short = text if len(text) <= 80 else text[:77] + "..."
        return Problem(self.source, self.line(path), dotted(path), short, expected)

    def pydantic(self, exc: ValidationError, at: YamlPath = ()) -> list[Problem]:
        """The errors of validating the value at ``at``."""
        return [self.problem(at + tuple(err["loc"]), err.get("input"), err["msg"]) for err in exc.errors()]


def compile_table(rows: list[DecisionRule], fields: frozenset[str], kind: str, at: YamlPath,
                  loc: Locator) -> tuple[tuple[CompiledRule, ...], list[Problem]]:
    """Parse the conditions of a table (at ``at``) of a ``kind`` obligation whose facts have
    ``fields``; the table must end with a catch-all row. Cross-fact clauses are parsed here and
    checked against the other obligations by :func:`cross_problems`."""
    compiled: list[CompiledRule] = []
    problems: list[Problem] = []
    for j, row in enumerate(rows):
        rule, row_problems = _compile_row(row, fields, kind, at + (j,), loc)
        compiled.append(rule)
        problems += row_problems
    if not compiled or not compiled[-1].single_fact or compiled[-1].tests:
        problems.append(loc.problem(at, "", "a decision table ending with a catch-all row (no `when`, `exists` or `absent`)"))
    return tuple(compiled), problems


def _compile_row(row: DecisionRule, fields: frozenset[str], kind: str, at: YamlPath,
                 loc: Locator) -> tuple[CompiledRule, list[Problem]]:
    tests, problems = _condition(row.when, at + ("when",), loc)
    problems += [loc.problem(at + ("when", t.field), t.field, f"a field of a {kind} fact: {', '.join(sorted(fields))}")
                 for t in tests if t.field not in fields]
    cross = {}
    for key in ("exists", "absent"):
        cf = getattr(row, key)
        if cf is not None:
            ctests, cproblems = _condition(cf.when, at + (key, "when"), loc)
            problems += cproblems
            cross[key] = CompiledCross(obligation=cf.obligation, tests=ctests, same=tuple(cf.same))
    return CompiledRule(tests=tests, then=row.then, **cross), problems


def _condition(raw: Any, at: YamlPath, loc: Locator) -> tuple[tuple[Test, ...], list[Problem]]:
    tests, errors = parse_tests(raw)
    return tuple(tests), [loc.problem(at if e.key is None else at + (e.key,), e.value, e.expected) for e in errors]


def cross_problems(table: tuple[CompiledRule, ...], own: frozenset[str], fields_of: Mapping[str, frozenset[str]],
                   at: YamlPath, loc: Locator) -> list[Problem]:
    """Check a compiled table's cross-fact clauses: each names an obligation of the ruleset
    (``fields_of``: the fact fields of each), tests its facts' fields and joins on fields that
    facts of both obligations have (``own``: this table's)."""
    problems: list[Problem] = []
    for j, rule in enumerate(table):
        for key in ("exists", "absent"):
            cross = getattr(rule, key)
            if cross is not None:
                problems += _cross_problems(cross, own, fields_of, at + (j, key), loc)
    return problems


def _cross_problems(cross: CompiledCross, own: frozenset[str], fields_of: Mapping[str, frozenset[str]],
                    at: YamlPath, loc: Locator) -> list[Problem]:
    other = fields_of.get(cross.obligation)
    if other is None:
        return [loc.problem(at + ("obligation",), cross.obligation, "an obligation id of this ruleset")]
    problems = [loc.problem(at + ("when", t.field), t.field, f"a field of {cross.obligation}'s facts")
                for t in cross.tests if t.field not in other]
    problems += [loc.problem(at + ("same", k), name, "a field of the facts of both obligations")
                 for k, name in enumerate(cross.same) if name not in other or name not in own]
    return problems
