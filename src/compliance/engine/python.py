"""The reference backend: evaluates decision tables (first matching row wins) in plain Python.

It runs every row the rule form can express, including the cross-fact clauses: ``exists``
(a join: another fact of the run must match) and ``absent`` (no other fact may match).
"""

from __future__ import annotations

from ..conditions import conjunction, matches
from ..decisions import CompiledCross, CompiledRule, Outcome
from ..kinds import Fact


class PythonBackend:
    name = "python"

    def evaluate(self, tables: dict[str, tuple[CompiledRule, ...]], facts: list[Fact]) -> list[Outcome]:
        from . import EngineError

        by_obligation: dict[str, list[Fact]] = {}
        if any(not row.single_fact for rows in tables.values() for row in rows):
            for f in facts:
                by_obligation.setdefault(f.obligation, []).append(f)
        # each row's tests as one function of a fact's values, built once per table
        compiled = {oid: [(conjunction(row.tests), row) for row in rows] for oid, rows in tables.items()}
        # an obligation whose rows each read one fact decides equal values alike: each values
        # dict (facts share them, see kinds.base.LazyFact) is decided once
        memo: dict[str, dict[int, Outcome]] = {
            oid: {} for oid, rows in tables.items() if all(row.single_fact for row in rows)}
        out = []
        append = out.append
        for fact in facts:
            values = fact.values
            seen = memo.get(fact.obligation)
            if seen is not None:
                hit = seen.get(id(values))
                if hit is not None:
                    append(hit)
                    continue
            for test, row in compiled[fact.obligation]:
                if (test(values)
                        and (row.exists is None or _any_other(row.exists, fact, by_obligation))
                        and (row.absent is None or not _any_other(row.absent, fact, by_obligation))):
                    append(row.then)
                    if seen is not None:
                        seen[id(values)] = row.then
                    break
            else:  # validation requires a catch-all row, so this is a defect, never a pass
                raise EngineError(f"no decision-table row matched a fact of {fact.obligation}: {fact.values}")
        return out


def _any_other(cross: CompiledCross, fact: Fact, by_obligation: dict[str, list[Fact]]) -> bool:
    return any(
        other is not fact
        and matches(cross.tests, other.values)
        and all(other.values.get(k) == fact.values.get(k) for k in cross.same)
        for other in by_obligation.get(cross.obligation, ())
    )
