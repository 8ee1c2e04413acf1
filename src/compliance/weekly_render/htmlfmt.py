"""``report.html``: the weekly report, one self-contained file in Chinese that works offline (CSS
inline, no script, no web fonts, the chart as inline SVG).

Templates live in the top-level ``templates/weekly/`` folder (``report.html.j2`` and
``trend.svg.j2``), rendered by Jinja2 with autoescape on and ``StrictUndefined``: a missing
value is an error, and text from the records (``<script>``, ``&``, ``{{ … }}``) is data,
escaped, never evaluated. The chart's geometry is computed here, with fixed decimals, so the
same report gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..runreport import RunReport, TrendPoint
from . import Context, WeeklyRenderer, register
from .common import (
    BASIS_LABEL,
    CHANGE_LABEL,
    SECTIONS,
    SEVERITY_LABEL,
    STATUS_LABEL,
    TERM_BASIS,
    TOPIC_LABEL,
    counts,
    evidence,
    label,
    party,
    status_text,
    when,
)

TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "weekly"

# colour-blind-safe, fixed: a topic's colour is its place among the chart's topics (sorted by id)
PALETTE = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb", "#332288",
           "#117733", "#882255", "#44aa99", "#999933", "#cc6677", "#88ccee", "#ddcc77", "#661100")


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["when"] = when
    env.globals.update(CHANGE_LABEL=CHANGE_LABEL, STATUS_LABEL=STATUS_LABEL, SEVERITY_LABEL=SEVERITY_LABEL,
                       TERM_BASIS=TERM_BASIS, TOPIC_LABEL=TOPIC_LABEL, BASIS_LABEL=BASIS_LABEL, label=label,
                       status_text=status_text, party=party,
                       SECTIONS=SECTIONS)
    return env


# --------------------------------------------------------------------------------------------
# The trend chart: stacked bars of open violations per run (week), one colour per topic


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    plot_w: int
    plot_h: int
    y_max: int
    ticks: list[dict[str, Any]]
    columns: list[dict[str, Any]]
    legend: list[dict[str, Any]]
    empty: bool


def _step(peak: int) -> int:
    """A tick step of 1, 2 or 5 × 10^k giving at most 6 intervals up to ``peak``."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if peak <= 6 * step * m:
                return step * m
        step *= 10


def _f(x: float) -> str:
    return f"{x:.1f}"


def chart(trend: list[TrendPoint]) -> Chart:
    # one bar a run, in the order of the history (oldest first); contracts checked as of
    # different days in one run are one bar, labelled by the run's latest as-of
    latest: dict[str, str] = {}
    totals: dict[tuple[str, str], int] = {}
    for p in trend:
        latest[p.run_id] = max(latest.get(p.run_id, p.as_of), p.as_of)
        totals[(p.run_id, p.topic)] = totals.get((p.run_id, p.topic), 0) + p.open
    runs = list(latest.items())
    topics = sorted({p.topic for p in trend})
    colour = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(topics)}
    width, height, left, right, top, bottom = 860, 340, 64, 190, 24, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    peaks = [sum(totals.get((r, t), 0) for t in topics) for r, _ in runs]
    peak = max(peaks, default=0)
    step = _step(max(peak, 1))
    y_max = max(step, -(-peak // step) * step)
    scale = plot_h / y_max
    ticks = [{"value": v, "y": _f(top + plot_h - v * scale)} for v in range(0, y_max + 1, step)]
    slot = plot_w / max(len(runs), 1)
    bar_w = min(56.0, slot * 0.6)
    columns = []
    for i, (run_id, as_of) in enumerate(runs):
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h
        segments = []
        for t in topics:
            v = totals.get((run_id, t), 0)
            if not v:
                continue
            h = v * scale
            y -= h
            segments.append({"topic": t, "label": label(TOPIC_LABEL, t), "value": v, "colour": colour[t],
                             "x": _f(x), "y": _f(y), "w": _f(bar_w), "h": _f(h)})
        when_text = when(as_of)
        columns.append({"run_id": run_id, "when": when_text, "day": when_text[:10], "total": peaks[i],
                        "segments": segments, "cx": _f(x + bar_w / 2), "total_y": _f(y - 4)})
    legend = [{"topic": t, "label": label(TOPIC_LABEL, t), "colour": colour[t], "y": top + 6 + 20 * i}
              for i, t in enumerate(topics)]
    return Chart(width, height, left, top, plot_w, plot_h, y_max, ticks, columns, legend, empty=not runs)


# --------------------------------------------------------------------------------------------


def _view(report: RunReport, ctx: Context) -> dict[str, Any]:
    contracts = []
    for run in report.contracts:
        sections = []
        for name in SECTIONS:
            rows = []
            for f in getattr(run, name):
                rows.append({"f": f, "quote": ctx.quotes.quote(run.contract, f.obligation),
                             "evidence": [e.text for e in evidence(f)]})
            sections.append({"name": name, "title": CHANGE_LABEL[name], "rows": rows})
        contracts.append({"run": run, "counts": counts(run), "sections": sections, "anchor": f"c-{run.contract}"})
    return {"report": report, "contracts": contracts, "chart": chart(report.trend),
            "totals": {s: sum(c["counts"][s] for c in contracts) for s in SECTIONS}}


def render(report: RunReport, ctx: Context) -> str:
    return _env().get_template("report.html.j2").render(**_view(report, ctx))


def write(report: RunReport, stream: IO[str], ctx: Context) -> None:
    """``render(report, ctx)`` written as the template produces it (the same text; a report of a
    hundred thousand findings is never held as one string)."""
    out = _env().get_template("report.html.j2").stream(**_view(report, ctx))
    out.enable_buffering(256)
    out.dump(stream)


register(WeeklyRenderer("html", "report.html", False, write, "the weekly report: one self-contained HTML file (Chinese)"))
