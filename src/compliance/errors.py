"""Error types shared by every layer. Only the CLI turns them into output and exit codes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One bad input item: where it is, which field, the value and what was expected."""

    source: str  # file path as the user gave it
    location: str  # "37" (a text line), "row 5" (a sheet row), "item 3" (a JSON array item), "" for a whole file
    field: str  # dotted: "fault.responded_at", or "" for a whole-record problem
    value: str
    expected: str

    def sort_key(self) -> tuple:
        """File order, then line/row numbers numerically (line 9 before line 10)."""
        num = "".join(ch for ch in self.location if ch.isdigit())
        return (self.source, self.location.rstrip("0123456789"), int(num) if num else -1, self.field, self.value)

    def __str__(self) -> str:
        where = f"{self.source}:{self.location}" if self.location else self.source
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.expected}: {self.value!r}"


class ComplianceError(Exception):
    """Base class: every error the CLI reports with exit status 2."""


class UsageError(ComplianceError):
    """A bad option value or a bad combination of options (exit status 2)."""


class InputError(ComplianceError):
    """Bad event records or a bad ruleset: every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


class CalendarDataMissing(ComplianceError):
    """A computation touched a day of a year for which no holiday schedule is loaded."""

    def __init__(self, year: int, purpose: str = ""):
        self.year = year
        self.purpose = purpose
        hint = (
            f"no official holiday schedule for {year} is loaded"
            + (f" (needed for {purpose})" if purpose else "")
            + f"; add it as a YAML file named {year}.yaml (same schema as the shipped years,"
            " see `compliance calendar explain --help`) in a folder passed with"
            " --calendar-dir DIR or set in COMPLIANCE_CALENDAR_DIR"
        )
        super().__init__(hint)
