"""`compliance rules list|show|validate|test RULESET`"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import click

from ..errors import UsageError
from ..render.table import pad, width
from ..rulesets import load_ruleset, param_value
from . import reports_errors


@click.group()
def rules() -> None:
    """Inspect a ruleset and run the example cases it carries."""


@rules.command("list")
@click.argument("ruleset", type=click.Path(path_type=Path))
@reports_errors
def list_(ruleset):
    """The obligations checked, and the clauses not checked with the reason."""
    rs = load_ruleset(ruleset)
    c = rs.contract
    click.echo(f"{c.title}  [{rs.id} {rs.version}]  {c.start} .. {c.end}  ({c.timezone}, working days: {c.workday_rule.value})")
    click.echo(f"Term: {c.start} .. {c.end}, basis {c.term_basis}" + (f": {c.term_reason}" if c.term_reason else ""))
    click.echo(f"\nChecked: {len(rs.obligations)} obligations")
    idw = max([width(ob.id) for ob in rs.obligations] + [2]) + 1
    clw = max([width(ob.clause) for ob in rs.obligations] + [width(nc.clause) for nc in rs.doc.not_checked] + [6]) + 1
    for ob in rs.obligations:
        mark = "  [default: " + ", ".join(d.param for d in ob.defaults) + "]" if ob.defaults else ""
        click.echo(f"  {pad(ob.id, idw)} {pad(ob.clause, clw)} {ob.severity:<8} {ob.kind:<15} {ob.title}{mark}")
    n = sum(bool(ob.defaults) for ob in rs.obligations)
    if n:
        click.echo(f"\n[default]: {n} obligations rest on a number the contract does not give (the ruleset's default; "
                   "`rules show` names it, `check --param ID.PATH=VALUE` sets it)")
    click.echo(f"\nNot checked: {len(rs.doc.not_checked)} clauses")
    for nc in rs.doc.not_checked:
        click.echo(f"  {pad(nc.clause, clw)} {nc.duty}")
        click.echo(textwrap.indent(textwrap.fill(nc.reason, 88), "      why: ").replace("\n      why: ", "\n           "))
    sc = rs.doc.scoring
    if sc is not None and sc.absent is None:
        click.echo(f"\nScoring table: {sc.table} ({sc.clause}): {len(sc.items)} items, {sc.total} points "
                   "(`compliance score` scores it)")
        iw = max(width(i.item) for i in sc.items) + 1
        cw = max(width(i.category) for i in sc.items) + 1
        for i in sc.items:
            how = [w for w, on in (("judged", i.judged), ("bands", i.bands), ("bonus", i.bonus), ("requires", i.requires)) if on]
            obs = sorted({d.obligation for d in i.deduct} | set(i.requires) | ({i.bands.obligation} if i.bands else set()))
            click.echo(f"  {pad(i.category, cw)} {pad(i.item, iw)} {i.max:>3}  "
                       + ", ".join(how + (["deduct"] if i.deduct else [])) + (f"  ({', '.join(obs)})" if obs else ""))
    elif sc is not None:
        click.echo(f"\nScoring table: none — {sc.absent}")


@rules.command()
@click.argument("ruleset", type=click.Path(path_type=Path))
@click.argument("obligation", required=False)
@reports_errors
def show(ruleset, obligation):
    """Show every obligation (or one) with its quote, interpretation and decision table."""
    rs = load_ruleset(ruleset)
    ids = [o.id for o in rs.obligations]
    if obligation and obligation not in ids:
        near = [i for i in ids if i.lower() == obligation.strip().lower()]
        raise UsageError(f"no such obligation in {rs.id}: {obligation}"
                         + (f" (did you mean {near[0]}?)" if near else f"; one of: {', '.join(ids)}"))
    obs = [rs.obligation(obligation)] if obligation else rs.obligations
    for ob in obs:
        click.echo(f"{ob.id} — {ob.title}")
        click.echo(f"  clause: {ob.clause}   topic: {ob.topic}   severity: {ob.severity}   kind: {ob.kind}")
        click.echo(f"  quote: 「{ob.quote}」")
        click.echo(textwrap.indent(textwrap.fill(ob.interpretation, 92), "  | "))
        click.echo(f"  params: {rs.params[ob.id].model_dump(exclude_defaults=True)}")
        for d in ob.defaults:
            value = param_value(rs.params[ob.id], d.param)
            click.echo(f"  default: {d.param} = {getattr(value, 'value', value)}   contract: “{d.contract}”   "
                       f"(set it: --param {ob.id}.{d.param}=…)")
            click.echo(f"    note: {d.note}")
        click.echo("  decide:")
        for row in rs.tables[ob.id]:
            cond = " and ".join(t.describe() for t in row.tests) or "otherwise"
            then = row.then.model_dump(exclude_none=True)
            click.echo(f"    {cond} -> {then}")
        click.echo("")


@rules.command()
@click.argument("ruleset", type=click.Path(path_type=Path), nargs=-1, required=True)
@reports_errors
def validate(ruleset):
    """Validate rulesets: shape, parameters, decision tables, quotes, and their case files."""
    from ..cases import load_cases
    from ..score_cases import load_score_cases

    for r in ruleset:
        rs = load_ruleset(r)
        n = sum(len(cf.cases) for cf in load_cases(rs))
        sc = rs.doc.scoring
        table = (f", scoring table of {len(sc.items)} items with {len(load_score_cases(rs))} scoring cases"
                 if sc is not None and sc.absent is None else "")
        click.echo(f"{r}: ok ({len(rs.obligations)} obligations, {len(rs.doc.not_checked)} not checked, {n} cases{table})")


@rules.command()
@click.argument("ruleset", type=click.Path(path_type=Path))
@click.option("-k", "select", help="Only cases whose OBLIGATION::name contains this text.")
@click.option("--calendar-dir", "calendar_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False))
@reports_errors
def test(ruleset, select, calendar_dirs):
    """Run the ruleset's example cases (cases/*.yaml, and the scoring cases of score_cases.yaml
    as score::NAME); exit 1 if any fails."""
    from ..cases import coverage_gaps, load_cases, run_all
    from ..score_cases import load_score_cases, run_score_case
    from ..workdays import WorkCalendar

    rs = load_ruleset(ruleset)
    files = load_cases(rs)
    score_cases = load_score_cases(rs)
    cal = WorkCalendar.load(list(calendar_dirs))
    results = [r for r in run_all(rs, files, cal) if not select or select in r.id]
    scored = [(f"score::{c.name}", run_score_case(rs, c, cal)) for c in score_cases
              if not select or select in f"score::{c.name}"]
    bad = [r for r in results if not r.ok] + [r for _, r in scored if not r.ok]
    for r in results:
        click.echo(f"{'ok  ' if r.ok else 'FAIL'} {r.id}")
        for line in r.detail:
            click.echo(f"       {line}")
    for rid, r in scored:
        click.echo(f"{'ok  ' if r.ok else 'FAIL'} {rid}")
        for line in r.detail:
            click.echo(f"       {line}")
    gaps = coverage_gaps(rs, files)
    for g in gaps:
        click.echo(f"GAP  {g}")
    click.echo(f"{len(results) + len(scored) - len(bad)} passed, {len(bad)} failed")
    sys.exit(1 if bad or gaps else 0)
