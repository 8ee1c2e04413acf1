"""Error types shared by every layer. Only the CLI turns them into output and exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


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


def bad_byte(exc: UnicodeDecodeError) -> str:
    """The byte a decoding stopped at, as a problem's value: ``byte 8f``."""
    return f"byte {exc.object[exc.start:exc.start + 1].hex()}"


def unreadable(source: str, exc: OSError | UnicodeDecodeError, what: str) -> Problem:
    """A file that cannot be read as ``what`` (a readable UTF-8 YAML file …): the reason the
    system gives (no such file, a folder), or the first byte that is not UTF-8 as the value."""
    if isinstance(exc, UnicodeDecodeError):
        return Problem(source, "", "", bad_byte(exc), f"{what} (not UTF-8 at byte {exc.start})")
    return Problem(source, "", "", "", f"{what} ({exc.strerror or exc})")


GROUP_OVER = 3
"""More problems than this with one source, field and expected text are shown as one group."""

# how the locations of one file's problems are counted: text lines, sheet rows, array items
_PLURAL = {"": "lines", "row ": "rows", "item ": "items"}
_FIRST = 3  # the locations a group names


@dataclass(frozen=True)
class ProblemGroup:
    """Problems with the same source, field and expected text (one systematic error, such as a
    column of dates written month first), in file order; shown as one line: how many, where
    the first are and the first value."""

    problems: tuple[Problem, ...]

    @property
    def source(self) -> str:
        return self.problems[0].source

    @property
    def field(self) -> str:
        return self.problems[0].field

    @property
    def expected(self) -> str:
        return self.problems[0].expected

    @property
    def count(self) -> int:
        return len(self.problems)

    def __str__(self) -> str:
        first = self.problems[:_FIRST]
        locations = [p.location for p in first if p.location]
        prefixes = {loc.rstrip("0123456789") for loc in locations}
        if len(prefixes) == 1 and (prefix := prefixes.pop()) in _PLURAL:
            where = f", first at {_PLURAL[prefix]} " + ", ".join(loc[len(prefix):] for loc in locations)
        elif locations:
            where = ", first at " + ", ".join(locations)
        else:
            where = ""
        noun = "items" if all(p.location.startswith("item ") for p in first) else "rows"
        example = f" (e.g. {first[0].value!r})" if first[0].value else ""
        what = f"{self.field}: " if self.field else ""
        return f"{self.source}: {what}{self.expected}: {self.count} {noun}{where}{example}"


def group_problems(
    problems: Iterable[Problem], *, over: int = GROUP_OVER
) -> list[Problem | ProblemGroup]:
    """The problems in file order (``Problem.sort_key``), those of a (source, field, expected)
    that has more than ``over`` members replaced by one ``ProblemGroup`` where its first one
    was; the others stay single problems. What front ends show, one line each (``str``)."""
    ordered = sorted(problems, key=Problem.sort_key)
    members: dict[tuple[str, str, str], list[Problem]] = {}
    for p in ordered:
        members.setdefault((p.source, p.field, p.expected), []).append(p)
    out: list[Problem | ProblemGroup] = []
    for p in ordered:
        same = members[(p.source, p.field, p.expected)]
        if len(same) <= over:
            out.append(p)
        elif same[0] is p:
            out.append(ProblemGroup(tuple(same)))
    return out


class ComplianceError(Exception):
    """Base class: every error the CLI reports with exit status 2."""


class UsageError(ComplianceError):
    """A bad option value or a bad combination of options (exit status 2)."""


class InputError(ComplianceError):
    """Bad event records or a bad ruleset: every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def grouped(self, *, over: int = GROUP_OVER) -> list[Problem | ProblemGroup]:
        """The problems as they are shown: see ``group_problems``."""
        return group_problems(self.problems, over=over)


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
