"""``--format json``: the score document (stable key order, UTF-8, money as decimal strings)."""

from __future__ import annotations

from typing import IO

from ..scoring import ScoreReport
from . import ScoreRenderer, register


def dumps(report: ScoreReport) -> str:
    return report.model_dump_json(indent=2) + "\n"


def load(text: str | bytes) -> ScoreReport:
    return ScoreReport.model_validate_json(text)


def write(report: ScoreReport, stream: IO[str]) -> None:
    stream.write(dumps(report))


register(ScoreRenderer("json", ".json", False, write, "the score document (items, deductions with evidence, total, grade, fee)"))
