"""`compliance score RULESET EVENTS… --period 2026-H2`"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from .. import score_render
from ..check import NothingToCheck, Options, evaluate
from ..errors import InputError, Problem, UsageError, unreadable
from ..fsutil import check_target, open_output
from ..inputs import load_events
from ..mapping import load_mapping
from ..rulesets import load_ruleset, with_params
from ..scoring import (
    Inputs,
    load_manual,
    load_prices,
    parse_assessment_period,
    records_inputs,
    require_table,
    score,
    scoring_obligations,
)
from . import reports_errors
from .check_cmd import _PARAMS, _kinds, parse_params


@click.command("score")
@click.argument("ruleset", type=click.Path(path_type=Path))
@click.argument("events", nargs=-1, type=click.Path(path_type=Path))
@click.option("--period", "period", required=True, metavar="P",
              help="The assessment period: 2026-H2, 2026, 2026-Q3, 2026-09, or two dates 2023-06-28/2024-06-27.")
@click.option("--as-of", "as_of", metavar="D",
              help="Instant of the check (as for check): a date means 24:00 of that day. Default: now. "
                   "With --findings, the saved report's as-of (giving another is an error).")
@click.option("--findings", "findings", type=click.Path(path_type=Path, dir_okay=False),
              help="Score a saved evaluation (compliance check --format json --include-pass) instead of records.")
@click.option("--manual", "manual", type=click.Path(path_type=Path, dir_okay=False),
              help="The assessors' points for the items a person judges (YAML: items: {item: points or [min, max]}).")
@click.option("--fee", "fee", metavar="AMOUNT", help="The period's service fee in yuan (当次服务费), e.g. 582000.00.")
@click.option("--prices", "prices", type=click.Path(path_type=Path, dir_okay=False),
              help="Per-project fees: each project's unit prices and quantities (YAML), for contracts that pay per project.")
@click.option("--format", "fmt", type=click.Choice(sorted(score_render.REGISTRY)), default=None,
              help="Output format. Default: from the -o file's suffix, else table.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE (atomically), or '-' for standard output.")
@click.option("--map", "mapping", type=click.Path(path_type=Path, dir_okay=False), help="Mapping of real exports (as for check).")
@click.option("--exported", metavar="KIND[,KIND…]", help="Kinds the input holds in full (as for check).")
@click.option("--encoding", metavar="CODEC", help="Text files are in this encoding (as for check).")
@click.option("--calendar-dir", "calendar_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder of extra holiday-schedule YAML files (as for check).")
@click.option("--term-start", metavar="D", help="The contract's real first day (as for check).")
@click.option("--term-end", metavar="D", help="The contract's real last day (as for check).")
@click.option("--param", "params", multiple=True, metavar="ID.PATH=VALUE", expose_value=False,
              callback=lambda ctx, _p, v: ctx.meta.__setitem__(_PARAMS, v),
              help="Set an obligation's parameter (as for check): a default the parties agreed on.")
@reports_errors
def score_command(ruleset, events, period, as_of, findings, manual, fee, prices, fmt, output, mapping, exported,
                  encoding, calendar_dirs, term_start, term_end):
    """The vendor's self-check: RULESET's assessment table item by item over EVENTS (record files
    or folders) or a saved --findings file — points or their range, every deduction with its
    evidence, the total, the grade, the fee effect and what to fix first.

    Exit status 0: scored; 2: bad input or usage, or a contract without a scoring table.
    """
    renderer = score_render.pick(fmt, output)
    if output is not None:
        check_target(output)
    rs = load_ruleset(ruleset)
    require_table(rs)  # a contract without a scoring table: said before any record is read
    # every problem of the options and files at once (--period, --fee, --manual, --prices, the
    # inputs' paths), before any record is read
    problems: list[Problem] = []
    p = fee_amount = None
    try:
        p = parse_assessment_period(period)
    except UsageError as exc:
        problems.append(Problem("--period", "", "", period, str(exc).split(": ", 1)[-1]))
    try:
        fee_amount = _fee(fee)
    except UsageError as exc:
        problems.append(Problem("--fee", "", "", fee, str(exc).split(": ", 1)[-1]))
    for path in [*events, *([findings] if findings is not None else [])]:
        if not path.exists():
            problems.append(Problem(str(path), "", "", str(path), "an existing file or folder"))
    manual_points = price_table = None
    try:
        manual_points = load_manual(manual, rs.doc.scoring) if manual else None
    except InputError as exc:
        problems += exc.problems
    try:
        price_table = load_prices(prices) if prices else None
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise InputError(problems)
    if findings is not None:
        if events:
            raise UsageError("give records (EVENTS) or --findings FILE, not both")
        if prices:
            # 1.5's fee is per project, and a saved findings file does not name the project of each
            # utilisation record: the fees would be computed over nothing (a negative total)
            raise UsageError("--prices needs the records (EVENTS): a saved --findings file does not name the project "
                             "of each utilisation record, so no project's fee could be computed")
        from ..render.jsonfmt import load as load_report

        report = _load_report(findings, load_report)
        if not report.include_pass:
            raise UsageError(f"--findings {findings}: saved without passes: the score needs every verdict "
                             "(compliance check … --format json --include-pass)")
        if as_of:
            raise UsageError(f"--as-of: the saved findings were checked as of {report.as_of}; "
                             "score records to choose another as-of")
        inputs, source = Inputs(), f"已保存的检查结果 {findings}"
    else:
        if not events:
            raise UsageError("give the record files or folders (EVENTS), or --findings FILE")
        opts = Options(as_of=as_of or datetime.now().astimezone().replace(microsecond=0),  # the clock is read here only
                       calendar_dirs=list(calendar_dirs), mapping=mapping, exported=_kinds(exported),
                       encoding=encoding, term_start=term_start, term_end=term_end)
        opts.params = parse_params(click.get_current_context().meta.get(_PARAMS, ()))
        with_params(rs, opts.params)
        report, inputs = _evaluate(rs, list(events), opts)
        source = "记录 " + "、".join(map(str, events))
    for n in report.notices:
        click.echo(f"notice: {n.message}", err=True)
    result = score(rs, report, p, inputs, manual_points, fee_amount, price_table, source)
    target = output if output is not None else Path("-")
    with open_output(target, binary=renderer.binary) as stream:
        renderer.write(result, stream)
    if str(target) != "-":
        click.echo(f"wrote {target} ({renderer.name}, {len(result.items)} items, total {result.total['min']}"
                   f"..{result.total['max']} of {result.total['of']})", err=True)
    sys.exit(0)


_AMOUNT = re.compile(r"\d{1,15}(\.\d{1,2})?")


def _fee(text: str | None) -> Decimal | None:
    """The period's fee: yuan with at most two decimals (the fen), thousands commas allowed —
    not an exponent (1e400 overflowed the fee arithmetic), not a fraction of a fen."""
    if text is None:
        return None
    plain = text.replace(",", "").replace("，", "").strip()
    try:
        v = Decimal(plain) if _AMOUNT.fullmatch(plain) else None
    except InvalidOperation:
        v = None
    if v is None:
        raise UsageError(f"--fee {text}: expected an amount in yuan with at most two decimals (to the fen), "
                         "e.g. 582000 or 582000.00")
    return v


def _load_report(path: Path, load):

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([unreadable(str(path), exc, "a readable UTF-8 findings JSON file")]) from None
    from pydantic import ValidationError

    try:
        return load(text)
    except ValidationError as exc:  # not JSON, or not a findings report: every problem, with its place
        problems = []
        for e in exc.errors()[:20]:
            where = ".".join(str(x) for x in e["loc"])
            value = e.get("input")
            problems.append(Problem(str(path), "", where, str(value)[:80] if not isinstance(value, (dict, list)) else "",
                                    f"{e['msg']} (the JSON that compliance check --format json --include-pass writes)"))
        raise InputError(problems) from None


def _evaluate(rs, paths, opts: Options):
    """As run_check, keeping the records (a bonus counts deployments; fees need each
    utilisation record's project)."""
    mapping = load_mapping(opts.mapping) if opts.mapping else None
    loaded = load_events(paths, rs.tz, contract=rs.id, contract_names=[n for n in (rs.contract.title, rs.contract.number) if n],
                         mapping=mapping, encoding=opts.encoding)
    if not loaded.events:
        raise NothingToCheck(loaded, paths)
    exported = [*opts.exported, *(mapping.exported if mapping else [])]
    opts = replace(opts, exported=exported, complete_kinds=frozenset(exported))
    ev = evaluate(rs, loaded.events, opts, inputs=loaded)
    # only the findings the table reads are built (passes only where they count): on 100,000
    # records this keeps the score near the check's own time and memory
    read, passes = scoring_obligations(rs.doc.scoring)
    keep = [(f, o) for f, o in zip(ev.facts, ev.outcomes)
            if f.obligation in read and (o.status != "pass" or f.obligation in passes)]
    ev = replace(ev, facts=[f for f, _ in keep], outcomes=[o for _, o in keep])
    return ev.report(include_pass=True), records_inputs(loaded.events, frozenset(exported))
