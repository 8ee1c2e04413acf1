"""`compliance check` as a function: ruleset + records + options in, a Report out.

No printing and no exit codes here (the CLI does both); ``as_of`` is always given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from .engine import get_backend
from .errors import ComplianceError, UsageError
from .events import EventBase, load_events
from .findings import Finding, Report, Window, make_finding, summarise
from .kinds import KINDS, Context, Fact
from .rulesets import Ruleset, load_ruleset
from .workdays import WorkCalendar


OPEN_END = datetime(9999, 1, 1, tzinfo=timezone.utc)  # the window without --to (room left for date arithmetic)


def parse_instant(text: str, tz: ZoneInfo, *, option: str, end_of_day: bool) -> datetime:
    """A date means the end of that day (24:00) or its start; a date-time is taken as given."""
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return datetime.combine(d + timedelta(days=1) if end_of_day else d, time(0), tz)
        dt = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise UsageError(f"{option}: not an ISO 8601 date or date-time: {text!r}") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=tz)


@dataclass
class Options:
    as_of: str | datetime
    window_from: str | None = None
    window_to: str | None = None
    engine: str = "python"
    include_pass: bool = False
    calendar_dirs: list[Path] = field(default_factory=list)
    obligations: list[str] | None = None  # restrict to these ids (cases, debugging)
    progress: Callable[[str], None] | None = None  # told each phase; the CLI shows it on a terminal only


def evaluate(rs: Ruleset, events: list[EventBase], opts: Options, calendar: WorkCalendar | None = None) -> Report:
    """Measure every obligation, let the engine decide, build the findings."""
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
    if opts.progress:
        opts.progress(f"deciding {len(facts)} facts with the {opts.engine} engine")
    outcomes = get_backend(opts.engine).evaluate(rs.tables, facts)
    obs = {o.id: o for o in rs.obligations}
    # messages and explanations are built only for what is shown (passes are counted)
    shown_pairs = [(f, o) for f, o in zip(facts, outcomes) if opts.include_pass or o.status != "pass"]
    shown_pairs.sort(key=lambda fo: (fo[0].order, fo[0].obligation, fo[0].event_ids, fo[0].period or ""))
    shown: list[Finding] = [make_finding(obs[f.obligation], f, o, rs.messages[f.obligation]) for f, o in shown_pairs]
    verdicts = [(f.obligation, o.status, obs[f.obligation].topic, o.severity or obs[f.obligation].severity)
                for f, o in zip(facts, outcomes)]
    return Report(
        contract=rs.id, contract_title=rs.contract.title, ruleset_version=rs.version,
        as_of=as_of.isoformat(), period=Window(from_=w_from.isoformat(), to=None if w_to is OPEN_END else w_to.isoformat()),
        engine=opts.engine, findings=shown, summary=summarise(rs, verdicts, checked),
    )


def run_check(ruleset: str | Path, paths: list[str | Path], opts: Options) -> Report:
    rs = load_ruleset(ruleset)
    if opts.progress:
        opts.progress("reading records")
    loaded = load_events(paths, rs.tz, contract=rs.id)
    return evaluate(rs, loaded.events, opts)
