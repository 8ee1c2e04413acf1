"""The `compliance` command line. The only layer that prints or exits.

Exit status: 0 no violation, 1 violations found, 2 bad input or usage.
"""

from __future__ import annotations

import functools
import gc
import sys

import click

from ..errors import ComplianceError, InputError


def reports_errors(fn):
    """Turn the project's errors into a clear message on stderr and exit status 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        # a command is one short process that builds millions of objects (records, facts) and
        # frees them by reference counting; the cyclic collector would scan them all again and
        # again (a third of a million-record check, measured), so it is off while a command runs
        collecting = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            n = len(exc.problems)
            click.echo(f"error: {n} problem{'s' if n != 1 else ''} in the input; nothing was written:", err=True)
            # one line per problem, or per systematic error (the same error in many rows of a
            # column: how many, the first rows and the first value)
            for entry in exc.grouped():
                click.echo(f"  {entry}", err=True)
            sys.exit(2)
        except ComplianceError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        finally:
            if collecting:
                gc.enable()

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="compliance")
def main() -> None:
    """Check government-cloud service contracts against operational records."""


def _register() -> None:
    from .calendar_cmd import calendar
    from .check_cmd import check
    from .kinds_cmd import kinds, template
    from .notice_cmd import notice
    from .rules_cmd import rules
    from .run_cmd import run
    from .score_cmd import score_command

    main.add_command(check)
    main.add_command(rules)
    main.add_command(calendar)
    main.add_command(kinds)
    main.add_command(template)
    main.add_command(notice)
    main.add_command(run)
    main.add_command(score_command)


_register()


if __name__ == "__main__":
    main()
