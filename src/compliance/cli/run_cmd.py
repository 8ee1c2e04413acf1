"""`compliance run CONFIG`: the weekly run over every contract of a config (compliance.weekly)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from ..errors import UsageError
from . import reports_errors


@click.command("run")
@click.argument("config", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--as-of", "as_of", metavar="D",
              help="The run's as-of (a date: 24:00 of that day; or a date-time), overriding the config's; a "
                   "contract's own as_of in the config still wins. Default: the config's, else the latest of the "
                   "contracts' own when every contract has one, else now.")
@click.option("--jobs", "-j", type=int, default=1, show_default=True, metavar="N",
              help="Check the contracts in N processes (the results are the same as with 1).")
@reports_errors
def run(config, as_of, jobs):
    """The weekly run: check every contract of CONFIG (YAML), compare with the previous run in the
    history (SQLite), apply waivers and rulings, draft letters for new violations, and write
    run.json (and the report formats the config asks for) into the output folder.

    Exit status 0: no open violation; 1: open violations (new, still open or regressed; waived
    ones are not open); 2: bad input or usage (nothing is recorded); 3: an internal error (a
    defect of compliance itself).
    """
    from ..weekly import run as weekly_run

    if jobs < 1:
        raise UsageError(f"--jobs {jobs}: give 1 or more processes")
    tty = sys.stderr.isatty()

    def progress(text: str) -> None:  # on a terminal only; quiet when piped
        click.echo(f"\r\033[K[run] {text}", nl=False, err=True)

    now = datetime.now().astimezone().isoformat(timespec="seconds")  # the default as-of: the clock is read here only
    outcome = weekly_run(config, as_of=as_of, jobs=jobs, progress=progress if tty else None, now=now)
    if tty:
        click.echo("\r\033[K", nl=False, err=True)
    for note in outcome.notes:
        click.echo(f"[run] note: {note}", err=True)
    r = outcome.report
    for c in r.contracts:
        s = c.summary["by_change"]
        click.echo(f"[run] {c.contract}: new {s['new']}, still open {s['still_open']}, regressed {s['regressed']}, "
                   f"resolved {s['resolved']}, waived {s['waived']}, pending {s['pending']}, "
                   f"to rule on {s['ambiguous']}, unknown {s['unknown']}"
                   + (f", no longer found {n}" if (n := s.get("no_longer_found")) else "")
                   + (f", {n} waiver{'s' if n != 1 else ''} expired: {'its' if n == 1 else 'their'} findings are open again"
                      if (n := c.summary.get("waivers_expired")) else "")
                   + (f", {len(c.letters)} letter files" if c.letters else ""), err=True)
        for n in c.notices:  # what the person sending the letters must know (a deadline that may move …)
            if n.code == "letter_note":
                click.echo(f"[run] {c.contract}: letter note: {n.message.removeprefix(c.contract + ': ')}", err=True)
    click.echo(f"[run] run {r.run_id} (previous: {r.previous_run_id or 'none'}) recorded", err=True)
    for p in outcome.written:
        click.echo(str(p))
    sys.exit(1 if outcome.open_violations else 0)
