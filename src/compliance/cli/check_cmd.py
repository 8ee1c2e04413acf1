"""`compliance check RULESET EVENTS…`"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from ..check import Options, run_check
from ..engine import ENGINES
from ..fsutil import write_atomic
from ..render import RENDERERS
from . import reports_errors


@click.command()
@click.argument("ruleset", type=click.Path(path_type=Path))
@click.argument("events", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", metavar="D",
              help="Instant of the check: a date means 24:00 of that day in the contract's time zone; "
                   "a date-time is taken as given. Default: now.")
@click.option("--from", "window_from", metavar="D", help="Start of the window checked (default: contract start).")
@click.option("--to", "window_to", metavar="D", help="End of the window checked, inclusive (default: contract end).")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE (atomically) instead of stdout.")
@click.option("--engine", type=click.Choice(ENGINES), default="python", show_default=True,
              help="Rule-engine backend: python (default, every Python), or durable (durable-rules, "
                   "optional extra, single-fact rules only).")
@click.option("--include-pass", is_flag=True, help="List passing obligation instances too.")
@click.option("--obligation", "obligations", multiple=True, metavar="ID", help="Check only this obligation (repeatable).")
@click.option("--calendar-dir", "calendar_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder of extra holiday-schedule YAML files (e.g. 2027.yaml). Repeatable; "
                   "also read from COMPLIANCE_CALENDAR_DIR.")
@reports_errors
def check(ruleset, events, as_of, window_from, window_to, fmt, output, engine, include_pass, obligations, calendar_dirs):
    """Evaluate one contract's RULESET over event record files or folders.

    Exit status 0: no violation; 1: violations (status fail) found; 2: bad input or usage.
    """
    opts = Options(
        as_of=as_of or datetime.now().astimezone(),
        window_from=window_from, window_to=window_to, engine=engine, include_pass=include_pass,
        calendar_dirs=list(calendar_dirs), obligations=list(obligations) or None,
        progress=_progress if sys.stderr.isatty() else None,
    )
    report = run_check(ruleset, list(events), opts)
    if opts.progress:
        click.echo("\r\033[K", nl=False, err=True)
    text = RENDERERS[fmt](report)
    if output:
        write_atomic(output, text)
        click.echo(f"wrote {output} ({len(report.findings)} findings)", err=True)
    else:
        click.echo(text, nl=False)
    sys.exit(1 if report.summary["by_status"]["fail"] else 0)


def _progress(text: str) -> None:
    """One self-overwriting status line on a terminal; never used when stderr is piped."""
    click.echo(f"\r\033[K{text}", nl=False, err=True)
