"""The `compliance` command line. The only layer that prints or exits.

Exit status: 0 no violation, 1 violations found, 2 bad input or usage, 3 an internal error (a
defect of this program, never a verdict on the records).
"""

from __future__ import annotations

import functools
import gc
import importlib
import sys
import traceback

import click

from ..errors import ComplianceError, InputError


INTERNAL_ERROR = 3  # exit status of a defect: Python's own 1 would read as "violations found"


def reports_errors(fn):
    """Turn the project's errors into a clear message on stderr and exit status 2 (any other
    exception is a defect: ``_LazyGroup.invoke``, exit status 3)."""

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


class _LazyGroup(click.Group):
    """A group whose commands are imported when one is asked for: ``compliance check`` does not
    import the score, letter, calendar and weekly-run modules (a third of a second of start-up,
    measured); ``--help`` lists them all, importing each."""

    def __init__(self, *args, lazy: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self._lazy = lazy  # command name -> "module:attribute", relative to this package

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._lazy})

    def invoke(self, ctx: click.Context):
        """Any command; an exception that is neither the project's (2) nor click's (usage: 2) nor
        the system's (a closed pipe, a full disk) is a defect: its traceback, and exit status 3."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, OSError):
            raise
        except Exception:
            traceback.print_exc()
            command = ctx.invoked_subcommand or ""
            click.echo(f"internal error: `compliance {command}` stopped on a defect of its own, not because of "
                       "the records; no file is left half-written. Please report it with the traceback above.",
                       err=True)
            sys.exit(INTERNAL_ERROR)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self._lazy:
            module, attr = self._lazy[name].split(":")
            self.add_command(getattr(importlib.import_module(module, __name__), attr), name)
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, lazy={
    "check": ".check_cmd:check",
    "rules": ".rules_cmd:rules",
    "calendar": ".calendar_cmd:calendar",
    "kinds": ".kinds_cmd:kinds",
    "template": ".kinds_cmd:template",
    "notice": ".notice_cmd:notice",
    "run": ".run_cmd:run",
    "score": ".score_cmd:score_command",
})
@click.version_option(package_name="compliance")
def main() -> None:
    """Check government-cloud service contracts against operational records."""


if __name__ == "__main__":
    main()
