"""The reference backend: evaluates decision tables (first matching row wins) in plain Python."""

from __future__ import annotations

from ..conditions import matches
from ..kinds import Fact
from ..rulesets import CompiledRule, Outcome


class PythonBackend:
    name = "python"

    def evaluate(self, tables: dict[str, tuple[CompiledRule, ...]], facts: list[Fact]) -> list[Outcome]:
        from . import EngineError

        out = []
        for fact in facts:
            for row in tables[fact.obligation]:
                if matches(row.tests, fact.values):
                    out.append(row.then)
                    break
            else:  # validation requires a catch-all row, so this is a defect, never a pass
                raise EngineError(f"no decision-table row matched a fact of {fact.obligation}: {fact.values}")
        return out
