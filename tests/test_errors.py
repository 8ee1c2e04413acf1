"""Grouped problems (compliance.errors.group_problems, InputError.grouped) and how the CLI prints
them: one systematic error in 20,000 rows is one line, not 20,000."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click
import pytest
from click.testing import CliRunner

from compliance.cli import reports_errors
from compliance.errors import GROUP_OVER, InputError, Problem, ProblemGroup, group_problems
from compliance.events import EXPECT_TIME_YEAR_LAST
from compliance.inputs import load_events

EXPECT = "a date or date-time, year first"


def bad_dates(source: str, n: int, *, first_line: int = 2, field: str = "fault.detected_at") -> list[Problem]:
    return [Problem(source, str(line), field, "9/30/2026", EXPECT) for line in range(first_line, first_line + n)]


def printed(problems: list[Problem]) -> tuple[int, list[str]]:
    @click.command()
    @reports_errors
    def cmd():
        raise InputError(problems)

    result = CliRunner().invoke(cmd, [])
    return result.exit_code, result.output.splitlines()


def test_twenty_thousand_bad_rows_are_one_line():
    problems = bad_dates("faults.csv", 20_000)
    [group] = group_problems(problems)
    assert isinstance(group, ProblemGroup) and group.count == 20_000
    assert (group.source, group.field, group.expected) == ("faults.csv", "fault.detected_at", EXPECT)
    assert str(group) == (
        f"faults.csv: fault.detected_at: {EXPECT}: 20000 rows, first at lines 2, 3, 4 (e.g. '9/30/2026')"
    )
    code, lines = printed(problems)
    assert code == 2
    assert lines == [
        "error: 20000 problems in the input; nothing was written:",
        f"  faults.csv: fault.detected_at: {EXPECT}: 20000 rows, first at lines 2, 3, 4 (e.g. '9/30/2026')",
    ]


def test_three_bad_rows_stay_three_lines():
    problems = bad_dates("faults.csv", 3)
    assert GROUP_OVER == 3
    assert group_problems(problems) == problems
    code, lines = printed(problems)
    assert code == 2
    assert lines == [
        "error: 3 problems in the input; nothing was written:",
        f"  faults.csv:2: fault.detected_at: {EXPECT}: '9/30/2026'",
        f"  faults.csv:3: fault.detected_at: {EXPECT}: '9/30/2026'",
        f"  faults.csv:4: fault.detected_at: {EXPECT}: '9/30/2026'",
    ]


def test_four_bad_rows_are_a_group():
    [group] = group_problems(bad_dates("f.csv", 4, first_line=10))
    assert str(group) == f"f.csv: fault.detected_at: {EXPECT}: 4 rows, first at lines 10, 11, 12 (e.g. '9/30/2026')"


def test_groups_and_single_problems_keep_file_then_first_line_order():
    single = Problem("a.csv", "7", "fault.cause", "xx", "one of: hardware, software")
    other_file = bad_dates("b.csv", 2)
    responded = bad_dates("a.csv", 5, first_line=3, field="fault.responded_at")
    detected = bad_dates("a.csv", 5, first_line=3)
    early = Problem("a.csv", "2", "id", "", "required field missing")
    # given in any order; shown by file, then where each group or problem first is
    entries = group_problems([*other_file, *responded, single, *detected, early])
    assert [str(e) for e in entries] == [
        "a.csv:2: id: required field missing: ''",
        f"a.csv: fault.detected_at: {EXPECT}: 5 rows, first at lines 3, 4, 5 (e.g. '9/30/2026')",
        f"a.csv: fault.responded_at: {EXPECT}: 5 rows, first at lines 3, 4, 5 (e.g. '9/30/2026')",
        "a.csv:7: fault.cause: one of: hardware, software: 'xx'",
        f"b.csv:2: fault.detected_at: {EXPECT}: '9/30/2026'",
        f"b.csv:3: fault.detected_at: {EXPECT}: '9/30/2026'",
    ]


def test_the_same_column_in_two_files_is_two_groups_and_lines_sort_numerically():
    problems = bad_dates("b.csv", 4, first_line=8) + bad_dates("a.csv", 4, first_line=9)
    entries = InputError(problems).grouped()
    assert [(e.source, e.count) for e in entries] == [("a.csv", 4), ("b.csv", 4)]
    assert "first at lines 9, 10, 11" in str(entries[0])  # 9 before 10


def test_a_group_of_different_values_shows_the_first():
    problems = [Problem("f.csv", str(i), "fault.detected_at", f"{i}/1/2026", EXPECT) for i in range(2, 12)]
    [group] = group_problems(problems)
    assert str(group).endswith(": 10 rows, first at lines 2, 3, 4 (e.g. '2/1/2026')")


def test_sheet_rows_and_array_items_are_named_as_such():
    rows = [Problem("e.xlsx", f"row {i}", "complaint.at", "9点15", EXPECT) for i in range(3, 9)]
    items = [Problem("e.json", f"item {i}", "complaint.at", "9点15", EXPECT) for i in range(1, 6)]
    assert [str(e) for e in group_problems(rows + items)] == [
        f"e.json: complaint.at: {EXPECT}: 5 items, first at items 1, 2, 3 (e.g. '9点15')",
        f"e.xlsx: complaint.at: {EXPECT}: 6 rows, first at rows 3, 4, 5 (e.g. '9点15')",
    ]


def test_a_group_of_missing_values_shows_no_example():
    problems = [Problem("f.csv", str(i), "fault.detected_at", "", "required field missing") for i in range(2, 7)]
    [group] = group_problems(problems)
    assert str(group) == "f.csv: fault.detected_at: required field missing: 5 rows, first at lines 2, 3, 4"


def test_other_errors_print_as_before():
    @click.command()
    @reports_errors
    def cmd():
        raise InputError([Problem("f.csv", "", "", "NUL byte at byte 3", "UTF-8 text")])

    result = CliRunner().invoke(cmd, [])
    assert result.exit_code == 2
    assert "  f.csv: UTF-8 text: 'NUL byte at byte 3'" in result.output


def test_a_month_first_column_of_a_real_export_is_one_line(tmp_path):
    # an export whose every detected_at was written month first (US Excel), the rest fine
    rows = "".join(f"F-{i},fault,GZY-01,9/30/2026 10:00,2026-09-30 10:30,1,vendor\r\n" for i in range(20_000))
    path = tmp_path / "faults.csv"
    path.write_bytes(("id,kind,contract,detected_at,responded_at,systems_affected,cause\r\n" + rows).encode("gb18030"))
    with pytest.raises(InputError) as exc:
        load_events([path], ZoneInfo("Asia/Shanghai"))
    assert len(exc.value.problems) == 20_000
    [group] = exc.value.grouped()
    assert str(group) == (
        f"{path}: fault.detected_at: {EXPECT_TIME_YEAR_LAST}: 20000 rows, first at lines 2, 3, 4 (e.g. '9/30/2026 10:00')"
    )
