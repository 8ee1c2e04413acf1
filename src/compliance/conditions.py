"""The condition language of rulesets: a flat test of one fact's fields, no code.

A condition is a mapping ``{field: test}``; all tests must hold (AND). A test is either a
literal (equality) or a one-key mapping ``{op: operand}`` with ``op`` one of ``OPS``.
Comparisons with a missing value (None) are false, except ``is_null``. Decision tables are
lists of ``{when: condition, then: outcome}`` read top-down: the first match wins.

This module only parses and validates; the ``python`` engine backend evaluates, another
backend compiles. Both read the same ``Test`` objects.
"""

from __future__ import annotations

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


def parse_condition(raw: Any, where: str) -> tuple[list[Test], list[str]]:
    """Turn a raw YAML condition into tests; return (tests, error messages)."""
    errors: list[str] = []
    tests: list[Test] = []
    if raw is None:
        return tests, errors
    if not isinstance(raw, dict):
        return tests, [f"{where}: a condition is a mapping of field to test, got {raw!r}"]
    for field, test in raw.items():
        if not isinstance(field, str):
            errors.append(f"{where}: field name must be text, got {field!r}")
            continue
        if isinstance(test, dict):
            if len(test) != 1:
                errors.append(f"{where}.{field}: a test has exactly one operator, got {sorted(test)}")
                continue
            (op, operand), = test.items()
            if op not in OPS:
                errors.append(f"{where}.{field}: unknown operator {op!r}; expected one of {', '.join(OPS)}")
                continue
            if op in ("in", "not_in") and not isinstance(operand, list):
                errors.append(f"{where}.{field}: {op} takes a list, got {operand!r}")
                continue
            if op == "is_null" and not isinstance(operand, bool):
                errors.append(f"{where}.{field}: is_null takes true or false, got {operand!r}")
                continue
            if op in ("lt", "le", "gt", "ge") and (isinstance(operand, bool) or not isinstance(operand, (int, float, str))):
                errors.append(f"{where}.{field}: {op} takes a number or text, got {operand!r}")
                continue
            tests.append(Test(field, op, operand))
        elif isinstance(test, (list, tuple)):
            errors.append(f"{where}.{field}: use {{in: [...]}} to test membership, got a bare list")
        else:
            tests.append(Test(field, "eq", test))
    return tests, errors


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
