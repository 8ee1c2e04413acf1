"""`compliance check` as a function: ruleset + records + options in, an Evaluation out.

No printing and no exit codes here (the CLI does both); ``as_of`` is always given.
"""

from __future__ import annotations

import time as _time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timezone
from pathlib import Path

from .engine import get_backend
from .errors import UsageError
from .events import EventBase
from .inputs import LoadResult, load_events
from .findings import Evaluation, HolidayNotice, Notice
from .kinds import KINDS, Context, Fact
from .rulesets import Ruleset, load_ruleset
from .timetext import parse_instant
from .workdays import WorkCalendar

OPEN_END = datetime(9999, 1, 1, tzinfo=timezone.utc)  # the window without --to (room left for date arithmetic)

__all__ = ["Options", "evaluate", "run_check", "parse_instant", "UsageError"]


@dataclass
class Options:
    as_of: str | datetime
    window_from: str | None = None
    window_to: str | None = None
    engine: str = "python"
    calendar_dirs: list[Path] = field(default_factory=list)
    obligations: list[str] | None = None  # restrict to these ids (cases, debugging)
    progress: Callable[[str], None] | None = None  # told each phase; the CLI shows it on a terminal only


def evaluate(rs: Ruleset, events: list[EventBase], opts: Options, calendar: WorkCalendar | None = None,
             inputs: LoadResult | None = None) -> Evaluation:
    """Measure every obligation, let the engine decide; every verdict, passes included."""
    t0 = _time.perf_counter()
    tz = rs.tz
    as_of = opts.as_of if isinstance(opts.as_of, datetime) else parse_instant(opts.as_of, tz, option="--as-of", end_of_day=True)
    start = datetime.combine(rs.contract.start, time(0), tz)
    w_from = parse_instant(opts.window_from, tz, option="--from", end_of_day=False) if opts.window_from else start
    # no --to: no end. Only what has begun by as-of is measured, and a deadline that arose in the
    # term may fall after its end (a request received on the last days): it is still reported.
    w_to = parse_instant(opts.window_to, tz, option="--to", end_of_day=True) if opts.window_to else OPEN_END
    if w_to < w_from:
        raise UsageError(f"--to ({opts.window_to}) is before --from ({opts.window_from or rs.contract.start})")
    if opts.obligations:
        unknown = sorted(set(opts.obligations) - {o.id for o in rs.obligations})
        if unknown:
            raise UsageError(f"no such obligation in {rs.id}: {', '.join(unknown)}")
    cal = (calendar or WorkCalendar.load(opts.calendar_dirs)).with_rule(rs.contract.workday_rule)
    by_kind: dict[str, list[EventBase]] = {}
    for ev in events:
        by_kind.setdefault(ev.kind, []).append(ev)
    ctx = Context(rs.contract.start, rs.contract.end, tz, cal, as_of, w_from, w_to, by_kind)

    facts: list[Fact] = []
    checked: list[str] = []
    todo = [ob for ob in rs.obligations if not opts.obligations or ob.id in opts.obligations]
    for i, ob in enumerate(todo, 1):
        if opts.progress:
            opts.progress(f"measuring {i}/{len(todo)} {ob.id}")
        kind = KINDS[ob.kind]()
        tested = frozenset(t.field for row in rs.tables[ob.id] for t in row.tests)
        facts.extend(kind.measure(ob, rs.params[ob.id], ctx, tested))
        checked.append(ob.id)
    t1 = _time.perf_counter()
    if opts.progress:
        opts.progress(f"deciding {len(facts)} facts with the {opts.engine} engine")
    outcomes = get_backend(opts.engine).evaluate(rs.tables, facts)
    t2 = _time.perf_counter()
    return Evaluation(
        rs=rs, as_of=as_of, window_from=w_from, window_to=None if w_to is OPEN_END else w_to, engine=opts.engine,
        facts=facts, outcomes=outcomes, checked=checked, holiday_notices=_holiday_notices(rs, cal, as_of),
        notices=_input_notices(inputs, rs) if inputs is not None else [],
        timings={"measure": round(t1 - t0, 4), "decide": round(t2 - t1, 4)},
    )


def _holiday_notices(rs: Ruleset, cal: WorkCalendar, as_of: datetime) -> list[HolidayNotice]:
    """The loaded State Council notices for the years the check spans (term start .. as-of or
    term end, whichever is later)."""
    lo = rs.contract.start.year - 1  # a notice may move the previous December's last days
    hi = max(rs.contract.end.year, as_of.astimezone(rs.tz).year)
    out = []
    for y in cal.years:
        if lo <= y <= hi:
            s = cal.schedule(y)
            out.append(HolidayNotice(year=y, title=s.title, number=s.number, issued_on=s.issued_on.isoformat()))
    return out


def _input_notices(inputs: LoadResult, rs: Ruleset) -> list[Notice]:
    per_kind = Counter(ev.kind for ev in inputs.events)
    out = [Notice(code="records_read", count=len(inputs.events),
                  message=f"读取{len(inputs.files)}个文件，共{len(inputs.events)}条记录"
                          + ("：" + "、".join(f"{k} {n}条" for k, n in sorted(per_kind.items())) if per_kind else ""),
                  items=list(inputs.files))]
    if inputs.skipped_other_contract:
        out.append(Notice(code="other_contract", count=inputs.skipped_other_contract,
                          message=f"{inputs.skipped_other_contract}条记录的contract不是{rs.id}，未作为本合同的记录检查"))
    return out


def run_check(ruleset: str | Path | Ruleset, paths: list[str | Path], opts: Options) -> Evaluation:
    rs = ruleset if isinstance(ruleset, Ruleset) else load_ruleset(ruleset)
    if opts.progress:
        opts.progress("reading records")
    t0 = _time.perf_counter()
    loaded = load_events(paths, rs.tz, contract=rs.id)
    read = _time.perf_counter() - t0
    ev = evaluate(rs, loaded.events, opts, inputs=loaded)
    ev.timings = {"read": round(read, 4), **ev.timings}
    return ev
