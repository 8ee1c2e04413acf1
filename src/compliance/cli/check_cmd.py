"""`compliance check RULESET EVENTS…`"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from .. import render
from ..check import Options, run_check
from ..engine import ENGINES
from ..errors import UsageError
from ..fsutil import check_target, open_output, output_folder
from . import reports_errors


def _formats(fmt: str | None, output: Path | None) -> list[render.Renderer]:
    """The renderers asked for: --format a,b,c; else the -o file's suffix; else table."""
    if fmt:
        names = [n.strip() for n in fmt.split(",") if n.strip()]
        if not names:
            raise UsageError("--format: give at least one format")
        if len(set(names)) != len(names):
            raise UsageError(f"--format: a format named twice: {fmt}")
        return [render.get(n) for n in names]
    if output is not None and str(output) != "-" and output.suffix and not output.is_dir():
        r = render.by_suffix(output.suffix)
        if r is None:
            raise UsageError(f"-o {output}: cannot tell the format from the suffix {output.suffix!r}; "
                             f"give --format (one of: {', '.join(sorted(render.REGISTRY))})")
        return [r]
    return [render.get("table")]


@click.command()
@click.argument("ruleset", type=click.Path(path_type=Path))
@click.argument("events", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", metavar="D",
              help="Instant of the check: a date (YYYY-MM-DD or YYYYMMDD) means 24:00 of that day in the "
                   "contract's time zone; a date-time is taken as given. Default: now. Printed in every output.")
@click.option("--from", "window_from", metavar="D", help="Start of the window checked (default: the term's start).")
@click.option("--to", "window_to", metavar="D",
              help="End of the window checked, inclusive (default: no end; a deadline that arose in the term "
                   "but ends after it is still reported).")
@click.option("--format", "fmt", metavar="F[,F…]",
              help="Output format(s): " + ", ".join(sorted(render.REGISTRY)) + ". Several, comma-separated, "
                   "need -o DIR (one file each, from one evaluation). Default: from the -o file's suffix, else table.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to FILE (atomically; a device such as /dev/null is written in place), to DIR with "
                   "several formats, or '-' for standard output.")
@click.option("--engine", type=click.Choice(ENGINES), default="python", show_default=True,
              help="Rule-engine backend: python (default, every Python), or durable (durable-rules, "
                   "optional extra, single-fact rules only).")
@click.option("--include-pass", is_flag=True, help="List passing obligation instances too.")
@click.option("--obligation", "obligations", multiple=True, metavar="ID", help="Check only this obligation (repeatable).")
@click.option("--calendar-dir", "calendar_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder of extra holiday-schedule YAML files (e.g. 2027.yaml). Repeatable; "
                   "also read from COMPLIANCE_CALENDAR_DIR.")
@click.option("--map", "mapping", type=click.Path(path_type=Path, dir_okay=False),
              help="Mapping of real exports (YAML): per file glob the kind, sheet, header row, columns and values.")
@click.option("--exported", metavar="KIND[,KIND…]",
              help="Kinds the input holds in full (e.g. report,drill): only then is a missing record of such a kind "
                   "a fail; without it, a kind with no records at all makes the findings resting on its absence unknown.")
@click.option("--encoding", metavar="CODEC", help="Text files are in this encoding (e.g. big5); default: detected.")
@click.option("--term-start", metavar="D", help="The contract's real first day, where the ruleset's term is "
              "assumed (e.g. a term counted from an acceptance date); every contract year follows.")
@click.option("--term-end", metavar="D", help="The contract's real last day.")
@click.option("--param", "params", multiple=True, metavar="ID.PATH=VALUE", expose_value=False,
              callback=lambda ctx, _p, v: ctx.meta.__setitem__(_PARAMS, v),
              help="Set an obligation's parameter, e.g. AY-INCIDENT-NOTIFY.period.minutes=15 (repeatable; the value "
                   "is read as YAML: 15, true, 2026-10-01, null removes it). Findings of that obligation then have "
                   "basis user; `compliance rules show` lists the defaults a ruleset chose where the contract names "
                   "no number.")
@click.option("--timings", is_flag=True, help="Print the seconds of each phase to stderr (a 'timings:' JSON line): read, measure, decide, "
              "build (the shown findings put in report order), write (each finding built and written).")
@reports_errors
def check(ruleset, events, as_of, window_from, window_to, fmt, output, engine, include_pass, obligations,
          calendar_dirs, mapping, exported, encoding, term_start, term_end, timings):
    """Evaluate one contract's RULESET over event record files or folders.

    Exit status 0: no violation; 1: violations (status fail) found; 2: bad input or usage;
    3: an internal error (a defect of compliance itself, never a verdict).
    """
    renderers = _formats(fmt, output)
    if len(renderers) > 1 and (output is None or str(output) == "-"):
        raise UsageError("several --format values need -o DIR (one file per format)")
    if output is not None:
        check_target(output, folder=len(renderers) > 1)  # a bad -o fails before any work
    opts = Options(
        as_of=as_of or datetime.now().astimezone().replace(microsecond=0),  # the clock is read here only
        window_from=window_from, window_to=window_to, engine=engine,
        calendar_dirs=list(calendar_dirs), obligations=list(obligations) or None,
        progress=_progress if sys.stderr.isatty() else None,
        mapping=mapping, exported=_kinds(exported), encoding=encoding, term_start=term_start, term_end=term_end,
    )
    opts.params = parse_params(click.get_current_context().meta.get(_PARAMS, ()))
    evaluation = run_check(ruleset, list(events), opts)
    if opts.progress:
        click.echo("\r\033[K", nl=False, err=True)
    t0 = time.perf_counter()
    report = evaluation.report(include_pass=include_pass, stream=True)  # findings built as written
    t1 = time.perf_counter()
    to_terminal = output is None or str(output) == "-"
    if not (to_terminal and renderers[0].name == "table"):  # the table shows the notices itself
        for n in report.notices:
            click.echo(f"notice: {n.message}", err=True)
    if len(renderers) > 1:
        folder = output_folder(output)
        targets = [(r, folder / f"{report.contract}.findings{r.suffix}") for r in renderers]
    else:
        targets = [(renderers[0], output if output is not None else Path("-"))]
    for r, target in targets:
        with open_output(target, binary=r.binary) as stream:
            r.write(report, stream)
        if str(target) != "-":
            click.echo(f"wrote {target} ({r.name}, {len(report.findings)} findings)", err=True)
    if timings:
        phases = {**evaluation.timings, "build": round(t1 - t0, 4), "write": round(time.perf_counter() - t1, 4)}
        click.echo("timings: " + json.dumps(phases), err=True)
    sys.exit(1 if evaluation.fails else 0)


_PARAMS = "compliance.check.params"


def parse_params(items: tuple[str, ...] | list[str], option: str = "--param") -> dict[str, dict[str, Any]]:
    """``ID.path=value`` texts -> {ID: {path: value}}, each value read as a YAML scalar (15,
    true, 2026-10-01; null removes the parameter). The ruleset checks ids, paths and values."""
    import yaml

    out: dict[str, dict[str, Any]] = {}
    for item in items:
        name, eq, text = item.partition("=")
        oid, dot, path = name.strip().partition(".")
        if not eq or not dot or not oid or not path:
            raise UsageError(f"{option} {item}: expected ID.PATH=VALUE, e.g. AY-INCIDENT-NOTIFY.period.minutes=15")
        try:
            value = yaml.safe_load(text) if text.strip() else None
        except yaml.YAMLError:
            raise UsageError(f"{option} {item}: expected a YAML value after '=' (15, true, 2026-10-01)") from None
        out.setdefault(oid, {})[path.strip()] = value
    return out


def _kinds(text: str | None) -> list[str]:
    from ..events import KINDS

    names = [k.strip() for k in (text or "").split(",") if k.strip()]
    bad = [k for k in names if k not in KINDS]
    if bad:
        raise UsageError(f"--exported: unknown kind {', '.join(bad)}; one of: {', '.join(sorted(KINDS))}")
    return names


def _progress(text: str) -> None:
    """One self-overwriting status line on a terminal; never used when stderr is piped."""
    click.echo(f"\r\033[K{text}", nl=False, err=True)
