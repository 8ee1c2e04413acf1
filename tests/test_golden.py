"""One golden file per output format, each rendered from one fixed report
(tests/data/golden/report.json, a saved `check --include-pass` of records.jsonl beside it).
A renderer change shows up as a diff of its golden file; `UPDATE_GOLDEN=1` rewrites them after
a person has read the diff."""

from __future__ import annotations

import io
import os

import pytest

from compliance.render import REGISTRY
from compliance.render.jsonfmt import load

from conftest import ROOT, sample_spec

GOLDEN = ROOT / "tests" / "data" / "golden"
REPORT = load((GOLDEN / "report.json").read_bytes())


def _render(name: str) -> bytes:
    r = REGISTRY[name]
    if r.binary:
        buf = io.BytesIO()
        r.write(REPORT, buf)
        return buf.getvalue()
    buf = io.StringIO(newline="")
    r.write(REPORT, buf)
    return buf.getvalue().encode("utf-8")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_format_matches_its_golden_file(name):
    path = GOLDEN / f"report{REGISTRY[name].suffix}"
    got = _render(name)
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(got)
    assert path.is_file(), f"no golden file for the {name} format: {path}"
    assert got == path.read_bytes()


def test_the_fixed_report_holds_every_status_shape_the_renderers_show():
    assert {f.status for f in REPORT.findings} >= {"fail", "ambiguous", "pass"}
    assert all(f.key and f.facts for f in REPORT.findings)


def test_the_json_writer_writes_what_the_standard_library_would():
    """jsonfmt serialises with pydantic's compiled serialiser for speed; its bytes must be those
    of json.dumps(ensure_ascii=False, indent=2) — checked on every sample, passes included."""
    import json

    from compliance.check import Options, run_check
    from compliance.render.jsonfmt import dumps, write

    for spec_path in sorted((ROOT / "samples").glob("*.expected.json")):
        spec = sample_spec(spec_path)
        report = run_check(spec["ruleset"], [spec["records"]], Options(as_of=spec["as_of"], mapping=spec["map"])).report(True)
        assert dumps(report) == json.dumps(report.model_dump(by_alias=True), ensure_ascii=False, indent=2) + "\n"
        streamed = io.StringIO()
        write(report, streamed)  # what `check --format json` writes: a finding at a time
        assert streamed.getvalue() == dumps(report)
