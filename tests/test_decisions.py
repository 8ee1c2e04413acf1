"""Decision tables in their own module: the engine needs no ruleset code, and the kinds'
default tables load through the project's YAML loader."""

from __future__ import annotations

import subprocess
import sys

import pytest

from compliance.decisions import STATUSES, Outcome
from compliance.errors import InputError
from compliance.kinds.defaults import DEFAULTS, load_defaults


def test_the_engine_imports_without_rulesets():
    code = "import sys, compliance.engine.python; print('compliance.rulesets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_info_is_a_status_between_waived_and_pass():
    assert STATUSES == ("fail", "ambiguous", "unknown", "pending", "waived", "info", "pass")
    assert Outcome(status="info").status == "info"


def test_shipped_defaults_load():
    assert load_defaults()["deadline_after"].table[-1].when is None


def test_a_duplicate_key_in_the_defaults_is_reported_with_its_line(tmp_path):
    text = DEFAULTS.read_text(encoding="utf-8")
    first = "    - when: {missing_data: true}\n"
    lines = text.splitlines(keepends=True)
    at = lines.index(first)  # 0-based: the first table row of deadline_after
    lines.insert(at + 1, "      when: {met: true}\n")  # a second `when` in that row
    copy = tmp_path / "defaults.yaml"
    copy.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_defaults(copy)
    [p] = exc.value.problems
    assert (p.source, p.location, p.field) == (str(copy), str(at + 2), "deadline_after.table[0].when")
    assert "duplicate key" in p.expected


def test_a_bad_default_table_is_reported_with_its_line(tmp_path):
    text = DEFAULTS.read_text(encoding="utf-8")
    copy = tmp_path / "defaults.yaml"
    copy.write_text(text.replace("      then: {status: unknown}\n", "      then: {status: unknwon}\n", 1), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_defaults(copy)
    [p] = exc.value.problems
    assert p.field == "deadline_after.table[0].then.status" and p.value == "unknwon"
    assert p.location == str(text.splitlines().index("      then: {status: unknown}") + 1)
