"""`compliance notice FINDINGS.json… -o DIR`: rectification-notice letters (整改通知书) from saved findings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from . import reports_errors
from ..errors import ComplianceError, InputError, Problem, UsageError
from ..fsutil import check_target, output_folder



def _formats(text: str) -> list[str]:
    from ..letters.render import FORMATS

    out = []
    for f in (x.strip().lower() for x in text.split(",")):
        if not f:
            continue
        if f not in FORMATS:
            raise UsageError(f"--format {f}: one of {', '.join(FORMATS)} (several with commas)")
        if f not in out:
            out.append(f)
    if not out:
        raise UsageError("--format: give at least one of docx, pdf, html, md")
    return out


def _letter_date(text: str | None) -> date | None:
    if text is None:
        return None
    t = text.strip()
    try:
        return date.fromisoformat(t if "-" in t else f"{t[:4]}-{t[4:6]}-{t[6:]}")
    except ValueError:
        raise UsageError(f"--date {text}: a date such as 2026-12-07 or 20261207") from None


@click.command("notice")
@click.argument("findings", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", default="docx,pdf", show_default=True, metavar="F[,F…]",
              help="docx (editable, to stamp), pdf (to print), html and md (previews)")
@click.option("--settings", "settings_file", type=click.Path(path_type=Path, dir_okay=False),
              help="YAML: sender, number_pattern, next_number, contact, cc, date, rulings, confirmed_defaults …")
@click.option("--date", "date_text", metavar="D", help="the letter date (成文日期); default: the settings' date, else today")
@click.option("--template", "template_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="a folder with your own letter.html.j2 / letter.md.j2 / letter.css / letter.docx (run sandboxed)")
@click.option("--ruleset", "ruleset_dir", type=click.Path(path_type=Path, exists=True),
              help="the ruleset the findings were made with (default: rulesets/<contract id>/)")
@click.option("--calendar-dir", "calendar_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="a folder of extra {year}.yaml holiday notices (as for check)")
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path),
              help="the folder the letters are written into (created if its parent exists)")
@reports_errors
def notice(findings, fmt, settings_file, date_text, template_dir, ruleset_dir, calendar_dirs, out):
    """Draft rectification-notice letters (整改通知书) from saved findings (check --format json).

    One letter per contract and vendor, holding the fail findings whose numbers come from the
    contract or the user (default-based ones when settings confirm them; ambiguous ones when a
    ruling says which reading applies). What is left out is listed on stderr with the reason.
    Nothing to send: no letter, exit 0.
    """
    from pydantic import ValidationError

    from ..letters.model import build_letters, find_ruleset_folder
    from ..letters.render import TemplateSet, pdf_warnings
    from ..letters.write import DEFAULT_PATTERN, write_letters
    from ..letters.settings import load_settings
    from ..render.jsonfmt import load
    from ..rulesets import load_ruleset
    from ..workdays import WorkCalendar

    # every problem of the options and the settings at once (a bad --format, --date, settings
    # file and output folder were reported one per try)
    said: list[str] = []
    problems: list[Problem] = []

    def attempt(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as e:
            problems.extend(e.problems)
        except ComplianceError as e:
            said.append(str(e))
        return None

    formats = attempt(_formats, fmt)
    attempt(check_target, out, folder=True)
    settings = attempt(load_settings, settings_file)
    given_date = attempt(_letter_date, date_text)
    said += [f"{p}: no such findings file" for p in findings if not p.exists()]
    if said or problems:
        if not said:
            raise InputError(problems)
        if len(said) == 1 and not problems:
            raise UsageError(said[0])
        lines = said + [str(p) for p in problems]
        raise UsageError(f"{len(lines)} problems; nothing was written:\n  " + "\n  ".join(lines))
    letter_date = given_date or settings.date or date.today()  # the clock is read here only

    reports = []
    for path in findings:
        try:
            reports.append(load(path.read_bytes()))
        except OSError as e:
            raise UsageError(f"{path}: cannot read: {e.strerror or e}") from None
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(str(x) for x in first.get("loc", ()))
            raise UsageError(f"{path}: not a findings document (compliance check --format json): "
                             f"{where}: {first.get('msg')}") from None
    contracts = sorted({r.contract for r in reports})
    if ruleset_dir is not None and len(contracts) > 1:
        raise UsageError(f"--ruleset names one ruleset, but the findings are of {len(contracts)} contracts: "
                         f"{', '.join(contracts)}")
    search = [Path.cwd()]
    shipped = Path(__file__).resolve().parents[3]
    if shipped not in search:
        search.append(shipped)
    rulesets = {}
    for c in contracts:
        folder = find_ruleset_folder(c, ruleset_dir, search)
        rs = load_ruleset(folder)
        if rs.id != c:
            raise UsageError(f"--ruleset {folder}: is ruleset {rs.id!r}, the findings are of contract {c!r}")
        versions = {r.ruleset_version for r in reports if r.contract == c}
        if versions != {rs.version}:
            click.echo(f"[notice] note: {c}: findings made with ruleset version {', '.join(sorted(versions))}, "
                       f"quoting from version {rs.version} ({folder})", err=True)
        rulesets[c] = rs
    cal = WorkCalendar.load(list(calendar_dirs))

    letters, left_out = build_letters(reports, rulesets, settings, letter_date, cal)
    for key, reason in left_out:
        click.echo(f"[notice] left out {key}: {reason}", err=True)
    if not letters:
        click.echo(f"[notice] nothing to send: no finding qualifies for a letter ({len(left_out)} left out, "
                   "listed above); no letter written", err=True)
        return
    for letter in letters:
        for n in letter.notes:
            click.echo(f"[notice] note: {n}", err=True)
    if "pdf" in formats:
        for w in pdf_warnings():
            click.echo(f"[notice] warning: {w}", err=True)
    if settings.number_pattern is None:
        click.echo(f"[notice] note: the settings give no number_pattern (e.g. 鹤审函〔{{year}}〕{{n}}号): "
                   f"using {DEFAULT_PATTERN}", err=True)
    notes: list[str] = []
    written = write_letters(letters, formats, output_folder(out), settings, TemplateSet(template_dir), notes)
    for n in notes:
        click.echo(f"[notice] note: {n}", err=True)
    for w in written:
        click.echo(f"[notice] {w.letter.contract}: {w.number}, {len(w.letter.violations)} violations, "
                   f"deadline {w.letter.deadline.last_day}, to {w.letter.vendor} ({'; '.join(w.timings)})", err=True)
        for f in w.files:
            click.echo(str(f))
