"""The weekly run's document (``run.json``): per contract what is new, still open, resolved,
regressed, waived and pending since the previous run, read by the weekly report's renderers
(HTML, XLSX, CSV, JUnit, SARIF). The history that produces it lives in ``compliance.history``.

Field names follow interfaces.md ("The weekly run"): ``as_of``, ``run_id``,
``previous_run_id`` and ``contracts`` (``contract``, ``summary`` and the six lists, plus
``ambiguous`` and ``unknown``: the findings to rule on and those the data cannot decide); findings
carry ``key``, ``first_seen`` and, when still open, ``age_weeks``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .findings import Finding, Notice, Term, _Doc

RUN_SCHEMA_VERSION = 1

Change = Literal["new", "still_open", "resolved", "regressed", "waived", "pending", "ambiguous", "unknown",
                 "no_longer_found"]
CHANGES: tuple[str, ...] = ("new", "still_open", "regressed", "waived", "pending", "ambiguous", "unknown",
                            "no_longer_found", "resolved")


class Waiver(_Doc):
    """A waiver in force or expired (interfaces.md, "Waivers")."""

    contract: str
    obligation: str | None = None
    subject: str | None = None
    reason: str
    approved_by: str
    until: str  # the last day it covers (to 24:00), ISO date
    source: str = ""  # file:line it was read from


class Ruling(_Doc):
    """A person's ruling on an ambiguous finding: which reading applies."""

    key: str
    reading: str  # e.g. "a" / "b" (提前N个工作日), "window" / "lead" (invoice windows)
    by: str
    on: str  # ISO date
    note: str | None = None
    source: str = ""


class RunFinding(Finding):
    """A finding as the history sees it this run."""

    change: Change
    first_seen: str  # ISO date of the run that first saw it in its current state
    age_weeks: int | None = None  # still open: whole weeks since first seen
    waiver: Waiver | None = None
    waiver_expired: bool = False
    ruling: Ruling | None = None


class ContractRun(_Doc):
    contract: str
    contract_title: str
    parties: dict[str, str]
    term: Term
    ruleset_version: str
    summary: dict[str, Any]  # counts per change and per status
    as_of: str | None = None  # this contract's as-of instant (a config may give a contract its own)
    new: list[RunFinding] = Field(default_factory=list)
    still_open: list[RunFinding] = Field(default_factory=list)
    resolved: list[RunFinding] = Field(default_factory=list)
    regressed: list[RunFinding] = Field(default_factory=list)
    waived: list[RunFinding] = Field(default_factory=list)
    pending: list[RunFinding] = Field(default_factory=list)  # due soon first
    # added to interfaces.md's six: what a person must decide (a ruling on the reading) and what
    # the records cannot tell (the data missing), neither a violation nor a pass
    ambiguous: list[RunFinding] = Field(default_factory=list)
    unknown: list[RunFinding] = Field(default_factory=list)
    # a violation of the previous run the check no longer finds at all (its record gone from the
    # exports, or outside the window): not resolved (nothing shows it was rectified), not open
    no_longer_found: list[RunFinding] = Field(default_factory=list)
    notices: list[Notice] = Field(default_factory=list)
    letters: list[str] = Field(default_factory=list)  # files of letters drafted for new violations
    findings_file: str | None = None  # the contract's full findings JSON of this run


class TrendPoint(_Doc):
    """Open violations (fail, still open or new) of one contract and topic, as of one run."""

    run_id: str
    as_of: str
    contract: str
    topic: str
    open: int


class RunReport(_Doc):
    schema_version: int = RUN_SCHEMA_VERSION
    run_id: str
    previous_run_id: str | None = None
    as_of: str
    config: str  # the config file, as given
    contracts: list[ContractRun]
    trend: list[TrendPoint] = Field(default_factory=list)  # every run in the history, oldest first
