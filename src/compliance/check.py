"""`compliance check` as a function: ruleset + records + options in, an Evaluation out.

No printing and no exit codes here (the CLI does both); ``as_of`` is always given.
"""

from __future__ import annotations

import time as _time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from operator import attrgetter
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from .engine import get_backend
from .decisions import Outcome
from .errors import ComplianceError, UsageError
from .events import EventBase
from .inputs import LoadResult, load_events
from .findings import Evaluation, HolidayNotice, Notice, Term, render_value, value_text
from .kinds import KINDS, Context, Fact
from .kinds.base import LazyFact, field_text
from .kinds.periodic import period_start
from .mapping import load_mapping
from .rulesets import Ruleset, load_ruleset, with_params
from .timetext import instant_text, parse_date, parse_instant
from .events import OWN_TIME
from .workdays import WorkCalendar

OPEN_END = datetime(9999, 1, 1, tzinfo=timezone.utc)  # the window without --to (room left for date arithmetic)
OPEN_START = datetime(1000, 1, 1, tzinfo=timezone.utc)  # the deadlines judged without --from: any

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
    mapping: str | Path | None = None  # --map FILE
    exported: list[str] = field(default_factory=list)  # --exported: kinds exported in full
    encoding: str | None = None  # --encoding: text files are in this encoding
    # kinds the input holds in full, whether or not it has records of them; None: the kinds it
    # has records of (cases and tests, where the records given are all there is)
    complete_kinds: frozenset[str] | None = None
    # --param ID.path=value (and the run config's params:): obligation -> {dotted path: value},
    # applied to a copy of the ruleset's parameters; turns those findings' basis to user
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    term_start: str | None = None  # --term-start/--term-end: the real term, where the ruleset assumed one
    term_end: str | None = None


def term_of(rs: Ruleset, opts: Options) -> Term:
    """The contract's term: the ruleset's (basis contract or assumed), or the user's."""
    c = rs.contract
    if opts.term_start or opts.term_end:
        start = _date_option(opts.term_start, "--term-start") if opts.term_start else c.start
        end = _date_option(opts.term_end, "--term-end") if opts.term_end else c.end
        if end < start:
            raise UsageError(f"--term-end ({end}) is before the term's start ({start})")
        return Term(start=start.isoformat(), end=end.isoformat(), basis="user",
                    reason=f"由使用者指定（规则集：{c.start} 至 {c.end}）")
    return Term(start=c.start.isoformat(), end=c.end.isoformat(), basis=c.term_basis, reason=c.term_reason)


def _date_option(text: str, option: str) -> date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def evaluate(rs: Ruleset, events: list[EventBase], opts: Options, calendar: WorkCalendar | None = None,
             inputs: LoadResult | None = None) -> Evaluation:
    """Measure every obligation, let the engine decide; every verdict, passes included."""
    t0 = _time.perf_counter()
    rs = with_params(rs, opts.params)
    tz = rs.tz
    as_of = opts.as_of if isinstance(opts.as_of, datetime) else parse_instant(opts.as_of, tz, option="--as-of", end_of_day=True)
    term = term_of(rs, opts)
    t_start, t_end = date.fromisoformat(term.start), date.fromisoformat(term.end)
    start = datetime.combine(t_start, time(0), tz)
    w_from = parse_instant(opts.window_from, tz, option="--from", end_of_day=False) if opts.window_from else start
    # no --to: no end. Only what has begun by as-of is measured, and a deadline that arose in the
    # term may fall after its end (a request received on the last days): it is still reported.
    # the open end in the run's zone: instants sharing one tzinfo compare without utcoffset()
    open_end = OPEN_END.astimezone(tz)
    w_to = parse_instant(opts.window_to, tz, option="--to", end_of_day=True) if opts.window_to else open_end
    if w_to < w_from:
        raise UsageError(f"--to ({opts.window_to}) is before --from ({opts.window_from or t_start})")
    term_end = datetime.combine(t_end + timedelta(days=1), time(0), tz)
    if w_to <= start or (opts.window_from and w_from >= term_end):
        raise UsageError(f"the window checked ({opts.window_from or t_start} .. {opts.window_to or 'no end'}) lies "
                         f"wholly outside the contract's term ({t_start} .. {t_end}); give --term-start/--term-end "
                         "if the real term differs")
    window_notice = None
    if w_from < start or (opts.window_to and w_to > term_end):
        window_notice = Notice(code="window_outside_term", message=(
            f"检查范围（{opts.window_from or t_start} 至 {opts.window_to or '不限'}）超出合同期限（{t_start} 至 {t_end}），"
            "期限之外的部分不作为本合同的违约判断"))
    # the term has not begun at as-of: said, lest an empty check read as a clean one
    as_of_notice = Notice(code="as_of_before_term", message=(
        f"检查时点（{instant_text(as_of, tz)}）不晚于合同期限起始（{t_start} 0:00），合同期内的义务尚未开始；"
        "晚于检查时点的记录视为尚未发生")) if as_of <= start else None
    if opts.obligations:
        unknown = sorted(set(opts.obligations) - {o.id for o in rs.obligations})
        if unknown:
            raise UsageError(f"no such obligation in {rs.id}: {', '.join(unknown)}")
    cal = (calendar or WorkCalendar.load(opts.calendar_dirs)).with_rule(rs.contract.workday_rule)
    by_kind: dict[str, list[EventBase]] = {}
    for ev in events:
        by_kind.setdefault(ev.kind, []).append(ev)
    # the kinds the input holds in full: those it has records of, and those declared exported
    complete = (None if opts.complete_kinds is None
                else opts.complete_kinds | frozenset(by_kind) | frozenset(opts.exported))
    # without --from, a record of the term is judged whenever its deadline falls: an advance
    # notice of maintenance on the term's first days was due before the term began (the
    # record's own time, not its deadline, places it in the term: Context.in_term)
    judged_from = w_from if opts.window_from else OPEN_START.astimezone(tz)
    ctx = Context(t_start, t_end, tz, cal, as_of, judged_from, w_to, by_kind, complete,
                  signed_on=rs.contract.signed_on if term.basis != "user" else None)

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
    # a fact resting on the absence of a kind the input holds no export of is not a verdict
    outcomes = [UNKNOWN if f.absent_kind else o for f, o in zip(facts, outcomes)]
    # a status the kind forces (a record lacking a field `where` tests: unknown; a notice whose
    # event has not happened: pending), whatever the table says
    outcomes = [Outcome(status=forced) if (forced := f.forced) and o.status != "unknown" else o
                for f, o in zip(facts, outcomes)]
    t2 = _time.perf_counter()
    return Evaluation(
        rs=rs, as_of=as_of, window_from=w_from, window_to=None if w_to is open_end else w_to, engine=opts.engine,
        facts=facts, outcomes=outcomes, checked=checked, holiday_notices=_holiday_notices(rs, cal, as_of),
        params={oid: dict(v) for oid, v in opts.params.items()},
        notices=[*(_input_notices(inputs, rs, ctx, opts) if inputs is not None else []),
                 *([window_notice] if window_notice else []), *([as_of_notice] if as_of_notice else []),
                 *_term_notices(ctx, term),
                 *(_unjudged_notices(rs, ctx, facts, todo) if inputs is not None else [])],
        term=term,
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


UNKNOWN = Outcome(status="unknown")


def _input_notices(inputs: LoadResult, rs: Ruleset, ctx: Context, opts: Options) -> list[Notice]:
    """What was read and what was left out (interfaces.md, "notices"); also printed on stderr."""
    per_kind = Counter(map(attrgetter("kind"), inputs.events))
    out = [Notice(code="records_read", count=len(inputs.events),
                  message=f"读取{len(inputs.files)}个文件，共{len(inputs.events)}条记录"
                          + ("：" + "、".join(f"{k} {n}条" for k, n in sorted(per_kind.items())) if per_kind else ""),
                  items=list(inputs.files))]
    if inputs.skipped_files:
        out.append(Notice(code="files_skipped", count=len(inputs.skipped_files),
                          message=f"{len(inputs.skipped_files)}个文件未读取：" + "；".join(
                              f"{f}（{why[1]}）" for f, why in inputs.skipped_files[:5])
                          + ("等" if len(inputs.skipped_files) > 5 else ""),
                          items=[f"{f}: {why[0]}" for f, why in inputs.skipped_files]))
    if inputs.empty_files:
        out.append(Notice(code="empty_files", count=len(inputs.empty_files),
                          message=f"{len(inputs.empty_files)}个文件没有记录：{'、'.join(inputs.empty_files[:5])}",
                          items=list(inputs.empty_files)))
    if inputs.other_contract:
        n = inputs.skipped_other_contract
        out.append(Notice(code="other_contract", count=n,
                          message=f"{n}条记录的contract列不是本合同（{rs.id}、{rs.contract.title}"
                                  + (f"、{rs.contract.number}" if rs.contract.number else "") + "），未作为本合同的记录检查："
                                  + "、".join(f"“{v}” {c}条" for v, c in sorted(inputs.other_contract.items())),
                          items=[f"{v}: {c}" for v, c in sorted(inputs.other_contract.items())]))
    if inputs.merged:
        n = sum(inputs.merged.values())
        out.append(Notice(code="duplicates_merged", count=n,
                          message=f"{n}行与已读取的记录完全相同（编号相同、内容相同，如相互重叠的导出），按一条记录计",
                          items=[f"{f}: {c}" for f, c in sorted(inputs.merged.items())]))
    for code, text in inputs.notes:
        out.append(Notice(code=code, message=text))
    read_kinds = rs.record_kinds()
    unread = {k: n for k, n in per_kind.items() if k not in read_kinds}
    if unread:
        out.append(Notice(code="kinds_not_read", count=sum(unread.values()),
                          message="本规则集没有义务读取以下类型的记录：" + "、".join(f"{k} {n}条" for k, n in sorted(unread.items())),
                          items=sorted(unread)))
    missing = sorted(k for k in read_kinds if k not in per_kind and k not in opts.exported)
    if missing:
        out.append(Notice(code="kinds_absent", count=len(missing),
                          message="输入中没有以下类型的记录：" + "、".join(missing)
                                  + "；依赖其缺失作出的判断列为“未知”（如导出中确无此类记录，请用 --exported 声明）",
                          items=missing))
    after = _after_as_of(ctx)
    if after:
        n = sum(map(len, after.values()))
        out.append(Notice(code="after_as_of", count=n,
                          message=f"{n}条记录的时间晚于检查时点，视为尚未发生：" + "、".join(
                              f"{k} {len(ids)}条" for k, ids in sorted(after.items())),
                          items=sorted(i for ids in after.values() for i in ids)[:50]))
    if opts.window_from or opts.window_to:
        outside = Counter(ev.kind for ev in inputs.events if (t := own_time(ev, ctx)) is not None
                          and not ctx.window_from <= t < ctx.window_to)
        if outside:
            out.append(Notice(code="outside_window", count=sum(outside.values()),
                              message=f"{sum(outside.values())}条记录的时间在检查范围之外（仅作为证据使用）：" + "、".join(
                                  f"{k} {n}条" for k, n in sorted(outside.items()))))
    return out


def _term_notices(ctx: Context, term: Term) -> list[Notice]:
    if not ctx.outside_term:
        return []
    n = sum(len(ids) for ids in ctx.outside_term.values())
    return [Notice(code="outside_term", count=n, message=(
        f"{n}条记录的时间在合同期限（{term.start} 至 {term.end}）之外，未作为本合同的违约判断："
        + "、".join(f"{k} {len(ids)}条" for k, ids in sorted(ctx.outside_term.items()))),
        items=sorted(i for ids in ctx.outside_term.values() for i in ids)[:50])]


def _unjudged_notices(rs: Ruleset, ctx: Context, facts: list, todo: list) -> list[Notice]:
    """Records of a kind the obligations read that no obligation judged, nor counted as outside
    the term or after as-of: listed with the filters that passed them over (a report of a type no
    obligation asks for, a maintenance that does not affect service …)."""
    used = set(map(id, map(attrgetter("record"), facts)))  # (at C speed over a million facts)
    for f in [f for f in facts if f.__class__ is not LazyFact]:
        used.update(id(r) for r in f.records)
    out = []
    for kind in sorted({rs.params[o.id].record for o in todo if hasattr(rs.params[o.id], "record")}):
        outside = ctx.outside_term.get(kind, set())
        left = [r for r in ctx.events.get(kind, ()) if id(r) not in used and r.id not in outside
                and not ((t := own_time(r, ctx)) is not None and t > ctx.as_of)]
        if not left:
            continue
        filters = sorted({f"{o.id}：{_where_text(kind, rs.params[o.id].where)}" for o in todo
                          if getattr(rs.params[o.id], "record", None) == kind})
        out.append(Notice(code="not_judged", count=len(left), items=[r.id for r in left][:50], message=(
            f"{len(left)}条{kind}记录没有被任何义务检查（其时间不在各义务的检查期间或范围内，或不符合其筛选条件）："
            + "；".join(filters))))
    return out


def _where_text(kind: str, where: dict | None) -> str:
    """An obligation's filter as the notice says it: 是否影响业务=是, 演练类型=数据恢复演练 (a
    field by its label, a value as a message shows it, a condition as written)."""
    if not where:
        return "全部记录"
    return "、".join(f"{field_text(kind, k)}={render_value(value_text(kind, k, v))}" for k, v in where.items())


def own_time(ev: EventBase, ctx: Context) -> datetime | None:
    """A record's own time (a fault's detection, a report's period start …) as an instant."""
    name = OWN_TIME.get(ev.kind)
    return _own_instant(getattr(ev, name, None) if name else None, ctx)


def _own_instant(v: Any, ctx: Context) -> datetime | None:
    if isinstance(v, str):  # a period
        v = period_start(v)
    return ctx.instant(v) if v is not None else None


def _after_as_of(ctx: Context) -> dict[str, list[str]]:
    """Per kind, the ids of the records whose own time lies after as-of: ``own_time(r) > as_of``,
    a kind at a time (a million records: an instant, as most own times are, is compared as is)."""
    as_of, out = ctx.as_of, {}
    for kind, records in ctx.events.items():
        name = OWN_TIME.get(kind)
        if name is None:
            continue
        ids = []
        for r, v in zip(records, map(attrgetter(name), records)):
            if v.__class__ is datetime and v.tzinfo is not None:
                if v > as_of:
                    ids.append(r.id)
            elif (t := _own_instant(v, ctx)) is not None and t > as_of:
                ids.append(r.id)
        if ids:
            out[kind] = ids
    return out


def run_check(ruleset: str | Path | Ruleset, paths: list[str | Path], opts: Options) -> Evaluation:
    rs = ruleset if isinstance(ruleset, Ruleset) else load_ruleset(ruleset)
    with_params(rs, opts.params)  # a bad --param is reported before any record is read
    if opts.progress:
        opts.progress("reading records")
    t0 = _time.perf_counter()
    mapping = load_mapping(opts.mapping) if opts.mapping else None
    loaded = load_events(paths, rs.tz, contract=rs.id, contract_names=[n for n in (rs.contract.title, rs.contract.number) if n],
                         mapping=mapping, encoding=opts.encoding)
    if not loaded.events:
        raise NothingToCheck(loaded, paths)
    read = _time.perf_counter() - t0
    exported = [*opts.exported, *(mapping.exported if mapping else [])]
    opts = replace(opts, exported=exported, complete_kinds=frozenset(exported))
    ev = evaluate(rs, loaded.events, opts, inputs=loaded)
    ev.timings = {"read": round(read, 4), **ev.timings}
    return ev


class NothingToCheck(ComplianceError):
    """Zero records were read: there is nothing to judge (exit status 2)."""

    def __init__(self, loaded: LoadResult, paths: list[str | Path]):
        why = [f"{f}: {r[0]}" for f, r in loaded.skipped_files] + [f"{f}: no records" for f in loaded.empty_files]
        super().__init__("nothing to check: no records were read from " + ", ".join(map(str, paths))
                         + (" (" + "; ".join(why[:5]) + ")" if why else ""))
