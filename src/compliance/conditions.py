"""The condition language of rulesets: a flat test of one fact's fields, no code.

A condition is a mapping ``{field: test}``; all tests must hold (AND). A test is either a
literal (equality) or a one-key mapping ``{op: operand}`` with ``op`` one of ``OPS``.
Comparisons with a missing value (None) are false, except ``is_null``. Decision tables are
lists of ``{when: condition, then: outcome}`` read top-down: the first match wins.

This module only parses and validates; the ``python`` engine backend evaluates, another
backend compiles. Both read the same ``Test`` objects.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Scalar = str | int | float | bool | None

OPS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "is_null")


@dataclass(frozen=True)
class Test:
    field: str
    op: str
    operand: Any

    def describe(self) -> str:
        return f"{self.field} {self.op} {self.operand!r}"


@dataclass(frozen=True)
class ConditionError:
    """One bad part of a condition: the field whose test is bad (None: the condition itself),
    the bad value and what was expected instead."""

    key: str | None
    value: Any
    expected: str


def parse_tests(raw: Any) -> tuple[list[Test], list[ConditionError]]:
    """Turn a raw YAML condition into tests; return (tests, errors)."""
    if raw is None:
        return [], []
    if not isinstance(raw, dict):
        return [], [ConditionError(None, raw, "a condition: a mapping of field to test")]
    tests: list[Test] = []
    errors: list[ConditionError] = []
    for field, test in raw.items():
        parsed = _parse_test(field, test)
        (tests if isinstance(parsed, Test) else errors).append(parsed)
    return tests, errors


def _parse_test(field: Any, test: Any) -> Test | ConditionError:
    """One ``field: test`` entry of a condition."""
    if not isinstance(field, str):
        return ConditionError(None, field, "a field name as text")
    if isinstance(test, (list, tuple)):
        return ConditionError(field, test, "{in: [...]} to test membership, not a bare list")
    if not isinstance(test, dict):
        return Test(field, "eq", test)
    if len(test) != 1:
        return ConditionError(field, list(test), "a test with exactly one operator")
    (op, operand), = test.items()
    if op not in OPS:
        return ConditionError(field, op, f"an operator: {', '.join(OPS)}")
    if op in ("in", "not_in") and not isinstance(operand, list):
        return ConditionError(field, operand, f"a list after {op}")
    if op == "is_null" and not isinstance(operand, bool):
        return ConditionError(field, operand, "true or false after is_null")
    if op in ("lt", "le", "gt", "ge") and (isinstance(operand, bool) or not isinstance(operand, (int, float, str))):
        return ConditionError(field, operand, f"a number or text after {op}")
    return Test(field, op, operand)


def parse_condition(raw: Any, where: str) -> tuple[list[Test], list[str]]:
    """As :func:`parse_tests`, each error as text starting with ``where`` (the condition's name)."""
    tests, errors = parse_tests(raw)
    return tests, [f"{where}{'' if e.key is None else '.' + e.key}: {e.expected}, got {e.value!r}" for e in errors]


def holds(test: Test, value: Any) -> bool:
    """Evaluate one test against a value (the python backend's primitive)."""
    op, operand = test.op, test.operand
    if op == "is_null":
        return (value is None) is operand
    if value is None:
        return False
    if op == "eq":
        return same(value, operand)
    if op == "ne":
        return not same(value, operand)
    if op == "in":
        return any(same(value, o) for o in operand)
    if op == "not_in":
        return not any(same(value, o) for o in operand)
    if isinstance(value, bool) or type(value) is not type(operand) and not (
        isinstance(value, (int, float)) and isinstance(operand, (int, float))
    ):
        return False
    if op == "lt":
        return value < operand
    if op == "le":
        return value <= operand
    if op == "gt":
        return value > operand
    if op == "ge":
        return value >= operand
    raise AssertionError(op)


def same(a: Any, b: Any) -> bool:
    """Equality that never confuses true with 1 (YAML and CSV both produce either)."""
    return (isinstance(a, bool) == isinstance(b, bool)) and a == b


def matches(tests: tuple[Test, ...] | list[Test], values: dict[str, Any]) -> bool:
    """True when every test holds for the fact's values (a missing field is None)."""
    return all(holds(t, values.get(t.field)) for t in tests)


_CMP = {"lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge}
_NUMBERS = (int, float)


def predicate(test: Test) -> Callable[[dict[str, Any]], bool]:
    """``holds`` for one test as a function of a fact's values, built once per table so that the
    python backend does not interpret the test for every fact. Same answers as ``holds``."""
    f, op, x = test.field, test.op, test.operand
    if op == "is_null":
        return (lambda v: v.get(f) is None) if x else (lambda v: v.get(f) is not None)
    if op == "eq" and isinstance(x, bool):
        return lambda v: v.get(f) is x
    if op == "eq" and x is not None:
        return lambda v: (y := v.get(f)) is not None and y.__class__ is not bool and y == x
    if op in _CMP:
        cmp = _CMP[op]
        kinds = _NUMBERS if isinstance(x, _NUMBERS) else (type(x),)
        return lambda v: type(y := v.get(f)) in kinds and cmp(y, x)
    return lambda v: holds(test, v.get(f))


def conjunction(tests: tuple[Test, ...] | list[Test]) -> Callable[[dict[str, Any]], bool]:
    """All of ``tests`` (``matches``) as one function of a fact's values."""
    preds = tuple(predicate(t) for t in tests)
    if not preds:
        return lambda v: True
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        a, b = preds
        return lambda v: a(v) and b(v)
    return lambda v: all(p(v) for p in preds)


def undetermined(
    tests: tuple[Test, ...] | list[Test], values: dict[str, Any], known: dict[str, list[Any]]
) -> tuple[str, ...] | None:
    """``matches`` for a record some of whose facts may be missing: the fields of ``known``
    whose value is missing or none of the known values (an audit's empty result, an unreadable
    level) cannot be tested. None: a test on a usable value fails (the record certainly does not
    match); ``()``: every test holds (it matches); else the fields that keep it from being
    judged, every test on the others holding (it might match)."""
    unknown: list[str] = []
    for t in tests:
        v = values.get(t.field)
        if t.field in known and t.op != "is_null" and not any(same(v, k) for k in known[t.field]):
            if t.field not in unknown:
                unknown.append(t.field)
        elif not holds(t, v):
            return None
    return tuple(unknown)
