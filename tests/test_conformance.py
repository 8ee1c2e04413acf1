"""Both engine backends give identical findings on every ruleset's cases and every sample;
the durable backend refuses what it cannot run safely and never loses a fact silently."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from compliance.cases import load_cases
from compliance.check import Options, evaluate, run_check
from compliance.cli import main
from compliance.engine import EngineError
from compliance.engine.durable import DurableBackend, UnsafeRule, compile_tables
from compliance.engine.python import PythonBackend
from compliance.events import parse_record
from compliance.kinds import Fact
from compliance.rulesets import load_ruleset
from compliance.workdays import WorkCalendar
from conftest import ROOT, RULESETS, SAMPLES, sample_spec

try:
    import durable.engine  # noqa: F401

    DURABLE_REASON = ""
except ImportError as exc:  # e.g. Python 3.13, where durable-rules 2.0.28 does not import
    DURABLE_REASON = f"durable-rules not importable on Python {sys.version.split()[0]}: {exc}"

needs_durable = pytest.mark.skipif(bool(DURABLE_REASON), reason=DURABLE_REASON or "available")
RULESET_DIRS = sorted(p.parent for p in RULESETS.glob("*/ruleset.yaml"))
# the test-only ruleset exercising every obligation kind
DEMO_DIRS = sorted(p.parent for p in (ROOT / "tests" / "data" / "rulesets").glob("*/ruleset.yaml"))
CAL = WorkCalendar.load(use_env=False)


def _both(rs, events, opts):
    reports = []
    for engine in ("python", "durable"):
        opts.engine = engine
        reports.append(evaluate(rs, events, opts, CAL).report(include_pass=True).model_dump(exclude={"engine"}))
    return reports


def _case_params():
    for folder in RULESET_DIRS + DEMO_DIRS:
        rs = load_ruleset(folder)
        for cf in load_cases(rs):
            for case in cf.cases:
                if not case.expect_error:
                    yield pytest.param(rs, cf.obligation, case, id=f"{rs.id}:{cf.obligation}::{case.name}")


@needs_durable
@pytest.mark.parametrize("rs,obligation,case", list(_case_params()))
def test_cases_identical_on_both_backends(rs, obligation, case):
    events = [parse_record(r, rs.tz) for r in case.records]
    py, du = _both(rs, events, Options(as_of=case.as_of, window_from=case.window_from, window_to=case.window_to,
                                       obligations=[obligation]))
    assert py == du


@needs_durable
@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.expected.json")), ids=lambda p: p.name.split(".")[0])
def test_samples_identical_on_both_backends(path):
    spec = sample_spec(path)
    opts = dict(as_of=spec["as_of"], mapping=spec["map"], calendar_dirs=spec["calendar_dirs"])
    py = run_check(spec["ruleset"], [spec["records"]], Options(**opts)).report(include_pass=True).model_dump(exclude={"engine"})
    du = run_check(spec["ruleset"], [spec["records"]], Options(**opts, engine="durable")).report(include_pass=True)
    assert du.engine == "durable"
    assert py == du.model_dump(exclude={"engine"})
    assert py["summary"]["by_status"]["pass"] > 100  # the comparison covered passes too


@needs_durable
def test_whole_ruleset_at_once_on_both_backends():
    rs = load_ruleset(RULESETS / "hebi-backup")
    events = []
    for cf in load_cases(rs):  # every case's records in one run, ids made unique
        for case in cf.cases:
            for r in case.records:
                events.append(parse_record({**r, "id": f"{cf.obligation}/{case.name}/{r['id']}"}, rs.tz))
    py, du = _both(rs, events, Options(as_of="2026-12-31",
                                       obligations=[o.id for o in rs.obligations]))
    assert py == du and len(py["findings"]) > 50


# ---------------------------------------------------------------- safety of the durable backend

def _table_with(row: dict):
    from compliance.rulesets import CompiledCross, CompiledRule, Outcome

    cross = CompiledCross(obligation="B", tests=(), same=("day",))
    rows = (CompiledRule(tests=(), then=Outcome(status="fail"), **{row["key"]: cross}),
            CompiledRule(tests=(), then=Outcome(status="pass")))
    return {"A": rows, "B": (CompiledRule(tests=(), then=Outcome(status="pass")),)}


@pytest.mark.parametrize("key,word", [("exists", "join"), ("absent", "absence")])
def test_durable_refuses_joins_and_absences_which_python_evaluates(key, word):
    tables = _table_with({"key": key})
    facts = [Fact("A", {"day": "2026-10-10"}), Fact("B", {"day": "2026-10-10"}), Fact("A", {"day": "2026-10-11"})]
    statuses = [o.status for o in PythonBackend().evaluate(tables, facts)]
    assert statuses == (["fail", "pass", "pass"] if key == "exists" else ["pass", "pass", "fail"])
    with pytest.raises(UnsafeRule, match=rf"single-fact conditions only.*A row 1: an? {word}"):
        compile_tables(tables)
    with pytest.raises(UnsafeRule):
        DurableBackend().evaluate(tables, facts)


def test_cross_fact_rows_are_validated_in_rulesets(tmp_path):
    import shutil

    from compliance.errors import InputError

    folder = tmp_path / "rs"
    shutil.copytree(RULESETS / "hebi-backup", folder)
    text = (folder / "ruleset.yaml").read_text(encoding="utf-8")
    text = text.replace("""      - when: {reported: false}
        then: {status: fail}""", """      - when: {reported: false}
        absent: {obligation: HBB-NO-SUCH, same: [id]}
        then: {status: fail}""")
    (folder / "ruleset.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="HBB-NO-SUCH"):
        load_ruleset(folder)


@needs_durable
def test_a_real_id_hash_collision_is_detected_and_retried():
    # FNV-1a 32-bit("f6059") == FNV-1a 32-bit("f264602") == 0xe2e1b2cd: durable-rules rejects
    # the second as an already observed fact. Both must still get their verdict.
    from compliance.rulesets import CompiledRule, Outcome, Test

    tables = {"A": (CompiledRule(tests=(Test("late", "eq", True),), then=Outcome(status="fail")),
                    CompiledRule(tests=(), then=Outcome(status="pass")))}
    backend = DurableBackend(fact_id={0: "f6059", 1: "f264602"}.__getitem__)
    out = backend.evaluate(tables, [Fact("A", {"late": False}), Fact("A", {"late": True})])
    assert [o.status for o in out] == ["pass", "fail"]
    assert backend.collisions == 1


@needs_durable
def test_an_action_error_reaches_the_caller(monkeypatch):
    from compliance.engine import durable as d
    from compliance.rulesets import CompiledRule, Outcome

    def boom(self, fact_id, row):
        raise RuntimeError("action failed")

    monkeypatch.setattr(d._Collector, "record", boom)
    tables = {"A": (CompiledRule(tests=(), then=Outcome(status="pass")),)}
    with pytest.raises((EngineError, RuntimeError), match="action failed"):
        DurableBackend().evaluate(tables, [Fact("A", {"x": 1})])


@needs_durable
def test_a_lost_fact_fails_the_run(monkeypatch):
    from compliance.engine import durable as d
    from compliance.rulesets import CompiledRule, Outcome

    original = d._Collector.record

    def drop_second(self, fact_id, row):
        if fact_id != "f1":
            original(self, fact_id, row)

    monkeypatch.setattr(d._Collector, "record", drop_second)
    tables = {"A": (CompiledRule(tests=(), then=Outcome(status="pass")),)}
    with pytest.raises(EngineError, match="no verdict for 1 of 3 facts"):
        DurableBackend().evaluate(tables, [Fact("A", {"x": i}) for i in range(3)])


def test_without_the_extra_the_cli_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "durable", None)  # import durable -> ImportError
    monkeypatch.setitem(sys.modules, "durable.engine", None)
    r = CliRunner().invoke(main, ["check", str(RULESETS / "hebi-backup"), str(SAMPLES / "hebi-backup"),
                                  "--as-of", "2026-12-31", "--engine", "durable"])
    assert r.exit_code == 2
    assert "pip install -e '.[durable]'" in r.output
