"""Every ruleset's example cases as pytest cases (ids OBLIGATION::case, so `-k HBB-REQ` selects),
and the meta-test: quotes verbatim, ids unique and well-formed, every obligation with cases."""

from __future__ import annotations

import pytest

from compliance.cases import coverage_gaps, load_cases, run_case
from compliance.errors import InputError
from compliance.rulesets import load_ruleset, normalise_text
from compliance.workdays import WorkCalendar

from conftest import ROOT, RULESETS

RULESET_DIRS = sorted(p.parent for p in RULESETS.glob("*/ruleset.yaml"))
# the test-only ruleset exercising every obligation kind
DEMO_DIRS = sorted(p.parent for p in (ROOT / "tests" / "data" / "rulesets").glob("*/ruleset.yaml"))
CAL = WorkCalendar.load(use_env=False)


def _all_cases():
    for folder in RULESET_DIRS + DEMO_DIRS:
        rs = load_ruleset(folder)
        for cf in load_cases(rs):
            for case in cf.cases:
                yield pytest.param(rs, cf.obligation, case, id=f"{cf.obligation}::{case.name}")


@pytest.mark.parametrize("rs,obligation,case", list(_all_cases()))
def test_case(rs, obligation, case):
    result = run_case(rs, obligation, case, CAL)
    assert result.ok, "\n".join(result.detail)


@pytest.mark.parametrize("folder", RULESET_DIRS + DEMO_DIRS, ids=lambda p: p.name)
def test_every_obligation_has_a_passing_and_a_failing_case(folder):
    rs = load_ruleset(folder)
    assert coverage_gaps(rs, load_cases(rs)) == []


@pytest.mark.parametrize("folder", RULESET_DIRS, ids=lambda p: p.name)
def test_quotes_are_verbatim_and_ids_unique(folder):
    rs = load_ruleset(folder)
    text = normalise_text(rs.contract_text)
    ids = [o.id for o in rs.obligations]
    assert len(ids) == len(set(ids))
    for ob in rs.obligations:
        assert normalise_text(ob.quote) in text, ob.id
        assert ob.interpretation.strip(), ob.id
    assert rs.doc.not_checked, "clauses deliberately not checked must be listed"


def test_hebi_backup_covers_the_issue_kinds():
    rs = load_ruleset(RULESETS / "hebi-backup")
    kinds = {o.kind for o in rs.obligations}
    assert kinds >= {"deadline_after", "advance_notice", "record", "presence", "count", "monthly_due", "availability"}
    topics = {o.topic for o in rs.obligations}
    assert topics >= {"request", "notice", "fault_response", "fault_onsite", "fault_resolution", "fault_level",
                      "staffing", "drill", "training", "report", "audit", "availability"}


BAD_RULESET = """\
ruleset: {id: bad, version: "1"}
contract:
  title: t
  text: contract.txt
  buyer: b
  vendor: v
  start: 2026-07-01
  end: 2027-06-30
  start: 2026-08-01
obligations:
  - id: BAD-ONE
    title: x
    topic: request
    severity: major
    clause: 1
    quote: 不在合同里的话
    interpretation: x
    kind: deadline_after
    params: {record: request, trigger: received_at, done: completed_at, period: {working_days: 3}}
"""


def test_duplicate_yaml_keys_are_errors(tmp_path):
    (tmp_path / "contract.txt").write_text("合同正文", encoding="utf-8")
    (tmp_path / "ruleset.yaml").write_text(BAD_RULESET, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_ruleset(tmp_path)
    [p] = exc.value.problems
    assert p.field == "contract.start" and p.location == "9" and "duplicate key" in p.expected


def test_all_ruleset_errors_are_reported_at_once(tmp_path):
    (tmp_path / "contract.txt").write_text("合同正文", encoding="utf-8")
    text = BAD_RULESET.replace("  start: 2026-08-01\n", "").replace("clause: 1", "clause: '1'")
    text = text.replace("kind: deadline_after", "kind: deadline_after\n    decide:\n      - when: {met: true, no_such_field: 1}\n        then: {status: pass}")
    (tmp_path / "ruleset.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_ruleset(tmp_path)
    msgs = [str(p) for p in exc.value.problems]
    assert any("quote" in m and "verbatim" in m for m in msgs)
    assert any("no_such_field" in m for m in msgs)
    assert any("catch-all" in m for m in msgs)
    assert len(msgs) == 3


def test_late_payment_interest_and_its_explanation():
    """120 working days after Tue 2026-06-30 end Mon 2026-12-21 (calendar.md); paid 12-31:
    10 days late; 100,000 yuan x 0.05 %/day x 10 = 500.00 yuan."""
    from compliance.check import Options, evaluate
    from compliance.events import parse_record

    rs = load_ruleset(DEMO_DIRS[0])
    ev = [parse_record({"id": "P1", "kind": "payment", "invoice_at": "2026-06-30", "amount": "100000",
                        "paid_at": "2026-12-31 10:00"}, rs.tz)]
    [f] = evaluate(rs, ev, Options(as_of="2026-12-31", obligations=["DEMO-PAY"]), CAL).findings()
    assert f.message == "付款 P1：应于2026-12-21 24:00前付款，逾期付款，违约金500.00元。"
    # the same figures as data: money as a decimal string, never a float
    assert (f.facts["last_day"], f.facts["overdue_days"], f.facts["interest_yuan"], f.facts["amount"]) == (
        "2026-12-21", 10, "500.00", "100000")
    assert "违约金 = 100,000.00元 × 0.05%/日 × 10日 = 500.00元（四舍五入至分）" in f.explanation[-1]


@pytest.mark.parametrize("folder", RULESET_DIRS, ids=lambda p: p.name)
def test_obligation_ids_are_stable(folder):
    """ids.lock lists the ids users already rely on: none may disappear (a rename is a removal),
    and a new id must be added to the lock on purpose."""
    lock = folder / "ids.lock"
    assert lock.is_file(), f"{lock} missing"
    locked = [ln.strip() for ln in lock.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    current = [o.id for o in load_ruleset(folder).obligations]
    assert sorted(set(locked) - set(current)) == [], "obligation ids removed or renamed"
    assert sorted(set(current) - set(locked)) == [], "new obligation ids: add them to ids.lock"


LINES_RULESET = """\
ruleset: {id: lines, version: "1"}
contract:
  title: t
  text: contract.txt
  buyer: b
  vendor: v
  start: 2026-07-01
  end: 2027-06-30
obligations:
  - id: LN-QUOTE
    title: x
    topic: request
    severity: major
    clause: "1"
    quote: 不在合同里的话
    interpretation: x
    kind: deadline_after
    params: {record: request, trigger: received_at, done: completed_at, period: {working_days: 3}}
  - id: LN-KIND
    title: x
    topic: request
    severity: major
    clause: "1"
    quote: 合同正文
    interpretation: x
    kind: no_such_kind
  - id: LN-PARAMS
    title: x
    topic: request
    severity: major
    clause: "1"
    quote: 合同正文
    interpretation: x
    kind: deadline_after
    params:
      record: request
      trigger: received_at
      done: completed_at
      period:
        working_days: -3
  - id: LN-TABLE
    title: x
    topic: request
    severity: major
    clause: "1"
    quote: 合同正文
    interpretation: x
    kind: deadline_after
    params: {record: request, trigger: received_at, done: completed_at, period: {working_days: 3}}
    decide:
      - when:
          met: true
          no_such_field: 1
        then: {status: pass}
      - then: {status: fail}
"""


def _write_ruleset(folder, text):
    (folder / "contract.txt").write_text("合同正文", encoding="utf-8")
    (folder / "ruleset.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def lines_problems(tmp_path):
    _write_ruleset(tmp_path, LINES_RULESET)
    with pytest.raises(InputError) as exc:
        load_ruleset(tmp_path)
    return {p.field: p for p in exc.value.problems}


@pytest.mark.parametrize("field,line", [
    ("obligations[0].quote", "15"),                          # a quote not in the contract text
    ("obligations[1].kind", "26"),                           # an unknown kind
    ("obligations[2].params.period.working_days", "40"),     # a bad params value
    ("obligations[3].decide[0].when.no_such_field", "53"),   # a decision-table test of no fact field
])
def test_ruleset_problems_name_their_line(lines_problems, field, line):
    p = lines_problems[field]
    assert p.location == line
    assert str(p).startswith(f"{p.source}:{line}: {field}: ")


def test_ruleset_problems_are_the_planted_ones(lines_problems):
    assert sorted(lines_problems) == ["obligations[0].quote", "obligations[1].kind",
                                      "obligations[2].params.period.working_days",
                                      "obligations[3].decide[0].when.no_such_field"]


GOOD_RULESET = LINES_RULESET.split("  - id: LN-KIND\n")[0].replace("不在合同里的话", "合同正文")

BAD_CASES = """\
obligation: LN-QUOTE
cases:
  - name: in_time
    as_of: 2026-08-01
    expect: []
  - name: late
    as_of: 2026-08-01
    expected: []
  - name: in_time
    as_of: 2026-08-01
    expect: []
"""


def test_case_file_problems_name_their_line(tmp_path):
    _write_ruleset(tmp_path, GOOD_RULESET)
    rs = load_ruleset(tmp_path)
    (tmp_path / "cases").mkdir()
    path = tmp_path / "cases" / "LN-QUOTE.yaml"
    path.write_text(BAD_CASES, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_cases(rs)
    by_field = {p.field: p.location for p in exc.value.problems}
    # `expected` (a typo) is an unknown key, and the case lacks `expect`: both at the case's lines
    assert by_field == {"cases[1].expected": "8", "cases[1].expect": "6"}

    path.write_text(BAD_CASES.replace("expected:", "expect:"), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_cases(rs)
    [p] = exc.value.problems
    assert (p.field, p.location, p.value) == ("cases[2].name", "9", "in_time")
    assert str(p) == f"{path}:9: cases[2].name: a case name used once in the file: 'in_time'"


def test_a_message_field_shows_a_missing_value_as_a_dash_and_a_boolean_as_是_or_否():
    """A ruleset's message template may name any fact field: a user reads 是/否 for a boolean
    (never True/False), — for a value not recorded, a number as written."""
    from compliance.findings import render_message

    template = "{subject}：已完成{done}，按时{met}，超时{late_minutes}分钟，第{n}次（{n}）"
    fields = {"subject": "故障 F1", "done": True, "met": False, "late_minutes": None, "n": 2}
    assert render_message(template, fields) == "故障 F1：已完成是，按时否，超时—分钟，第2次（2）"
    assert render_message("没有字段", {}) == "没有字段"
    assert render_message("{x}{y}", {"x": 0, "y": 1.5}) == "01.5"
