"""Engine backends: they take flat facts and each obligation's decision table and return one
verdict per fact. Nothing about dates, I/O, printing, scoring or message text lives here."""

from __future__ import annotations

from typing import Protocol

from ..decisions import CompiledRule, Outcome
from ..errors import ComplianceError
from ..kinds import Fact


class EngineError(ComplianceError):
    """A backend could not run the rules, or could not give every fact exactly one verdict."""


class Backend(Protocol):
    name: str

    def evaluate(self, tables: dict[str, tuple[CompiledRule, ...]], facts: list[Fact]) -> list[Outcome]:
        """One outcome per fact, in the order of ``facts``."""
        ...


ENGINES = ("python", "durable")


def get_backend(name: str) -> Backend:
    if name == "python":
        from .python import PythonBackend

        return PythonBackend()
    if name == "durable":
        from .durable import DurableBackend

        return DurableBackend()
    raise EngineError(f"unknown engine {name!r}; available: {', '.join(ENGINES)}")
