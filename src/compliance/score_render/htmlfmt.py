"""``--format html``: the score as one self-contained Chinese HTML file (no script, CSS inline),
from ``templates/score/score.html.j2`` with autoescape and StrictUndefined."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..scoring import ScoreReport
from . import ScoreRenderer, register
from .common import (
    CERTAINTY_SHORT,
    GRADE_STATUS,
    ITEM_STATUS,
    amount,
    deduction_points,
    header_lines,
    item_status,
    money,
    points,
    when,
)

TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "score"


def render(report: ScoreReport) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(points=points, money=money, amount=amount, deduction=deduction_points, when=when)
    env.globals.update(item_status=item_status, ITEM_STATUS=ITEM_STATUS, CERTAINTY_SHORT=CERTAINTY_SHORT, GRADE_STATUS=GRADE_STATUS)
    return env.get_template("score.html.j2").render(r=report, header=header_lines(report))


def write(report: ScoreReport, stream: IO[str]) -> None:
    stream.write(render(report))


register(ScoreRenderer("html", ".html", False, write, "the score as one self-contained HTML file (Chinese)"))
