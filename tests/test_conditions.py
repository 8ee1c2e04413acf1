"""The compiled form of a condition (what the python backend runs) answers exactly as the
interpreted one, on values of every type a fact holds."""

from __future__ import annotations

import itertools

from compliance.conditions import OPS, conjunction, holds, matches, predicate
from compliance.conditions import Test as Cond

VALUES = [None, True, False, 0, 1, 2, -1, 0.5, 1.0, 2.5, "", "a", "b", "2026-10-10", "1"]
OPERANDS = [True, False, 0, 1, 2, 1.0, 0.5, "a", "b", "1", "2026-10-10"]


def _tests():
    for op in OPS:
        if op == "is_null":
            yield from (Cond("x", op, b) for b in (True, False))
        elif op in ("in", "not_in"):
            yield from (Cond("x", op, list(c)) for c in itertools.combinations(OPERANDS, 2))
        elif op in ("lt", "le", "gt", "ge"):
            yield from (Cond("x", op, o) for o in OPERANDS if not isinstance(o, bool))
        else:
            yield from (Cond("x", op, o) for o in OPERANDS)


def test_predicate_agrees_with_holds_everywhere():
    n = 0
    for t in _tests():
        p = predicate(t)
        for v in VALUES:
            assert p({"x": v}) == holds(t, v), (t, v)
            n += 1
        assert p({}) == holds(t, None)
    assert n > 1000


def test_conjunction_agrees_with_matches():
    tests = [Cond("x", "ge", 1), Cond("y", "eq", True), Cond("z", "is_null", True)]
    for k in range(len(tests) + 1):
        fn = conjunction(tests[:k])
        for x, y, z in itertools.product([0, 1, 2.5, None, True], [True, False, None, 1], [None, 0]):
            values = {"x": x, "y": y, "z": z}
            assert fn(values) == matches(tests[:k], values)
