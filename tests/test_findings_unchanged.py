"""The findings of every shipped sample, unchanged byte for byte (issue 8: the performance work
rewrote the core; the findings had to stay the same). Two files per sample, in
tests/data/golden/samples/: `<id>.json`, the report of `check --format json` (every finding but
the passes, which are counted in its summary: a reviewable diff when a message or a verdict
changes), and `digests.json`, the SHA-256 of `check --include-pass --format json` (the passes
too). Both were first written by the code as it was before the performance work (commit
cfe04f7). After a deliberate change of findings, `UPDATE_GOLDEN=1` rewrites them — read the
diff of the `<id>.json` files before committing it."""

from __future__ import annotations

import hashlib
import io
import json
import os

import pytest
from conftest import ROOT, sample_spec

from compliance.check import Options, run_check
from compliance.render.jsonfmt import write

GOLDEN = ROOT / "tests" / "data" / "golden" / "samples"
DIGESTS = GOLDEN / "digests.json"
SAMPLES = sorted(p.name.removesuffix(".expected.json") for p in (ROOT / "samples").glob("*.expected.json"))


def _json(sample: str, include_pass: bool) -> bytes:
    spec = sample_spec(ROOT / "samples" / f"{sample}.expected.json")
    ev = run_check(spec["ruleset"], [spec["records"]], Options(as_of=spec["as_of"], mapping=spec["map"]))
    out = io.StringIO()
    write(ev.report(include_pass), out)
    # the evidence names files by their path as given: relative to the repository, as a user runs it
    return out.getvalue().replace(str(ROOT) + os.sep, "").encode("utf-8")


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_samples_findings_are_unchanged(sample):
    got = _json(sample, False)
    path = GOLDEN / f"{sample}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(got)
    assert got == path.read_bytes(), f"{sample}: the findings changed (UPDATE_GOLDEN=1 rewrites {path} after review)"


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_samples_verdicts_passes_included_are_unchanged(sample):
    got = hashlib.sha256(_json(sample, True)).hexdigest()
    digests = json.loads(DIGESTS.read_text(encoding="utf-8")) if DIGESTS.is_file() else {}
    if os.environ.get("UPDATE_GOLDEN"):
        digests[sample] = got
        DIGESTS.write_text(json.dumps(dict(sorted(digests.items())), indent=2) + "\n", encoding="utf-8")
    assert digests.get(sample) == got, f"{sample}: a verdict changed (passes included)"


def _evaluation(sample: str):
    spec = sample_spec(ROOT / "samples" / f"{sample}.expected.json")
    return run_check(spec["ruleset"], [spec["records"]], Options(as_of=spec["as_of"], mapping=spec["map"]))


@pytest.mark.parametrize("sample", SAMPLES)
def test_findings_written_as_a_stream_are_the_list_s_findings(sample):
    # `check` writes its findings as they are built (report(stream=True)): the same bytes as the
    # report holding them all, passes included, and a second reading gives them again
    ev = _evaluation(sample)
    for include_pass in (False, True):
        whole, streamed = io.StringIO(), io.StringIO()
        write(ev.report(include_pass), whole)
        report = ev.report(include_pass, stream=True)
        write(report, streamed)
        assert streamed.getvalue() == whole.getvalue()
        assert [f.key for f in report.findings] == [f.key for f in ev.findings(include_pass)]
        assert len(report.findings) == len(ev.findings(include_pass)) > 0


def test_a_dropped_evaluation_is_freed_without_the_cyclic_gc():
    # commands run with the cyclic GC off (cli.reports_errors): an evaluation (a million records
    # and facts) must be freed by reference counting alone once dropped, as a weekly run checks
    # contract after contract in one process. Facts referring to their kind, and the kind to the
    # run's context, must form no cycle.
    import gc
    import weakref

    ev = _evaluation("hebi-backup")
    ctx_ref = weakref.ref(next(f for f in ev.facts if hasattr(f, "kind")).kind.ctx)
    gc.collect()
    gc.disable()
    try:
        del ev
        assert ctx_ref() is None, "the evaluation's context outlived it: a reference cycle"
    finally:
        gc.enable()


@pytest.mark.parametrize("sample", SAMPLES)
def test_a_weekly_job_hands_over_the_report_s_own_json(sample):
    # a weekly run's job serialises its report from the stream; the text must be the report's
    # own JSON (the run reads it back into the same Report)
    from compliance.weekly import _report_json

    ev = _evaluation(sample)
    for include_pass in (False, True):
        text = _report_json(ev.report(include_pass, stream=True))
        assert text.decode("utf-8") == ev.report(include_pass).model_dump_json(by_alias=True)


def test_a_fact_s_place_in_the_report_is_known_without_its_text(monkeypatch):
    # a streamed report orders its findings by asking each fact's kind where it goes
    # (PerRecord.order) instead of building its text first: over every case of every ruleset
    # (untriggered, a date-only trigger, a record's own date or limit, a year without holiday
    # data …) that place must be the one the text gives
    from compliance.cases import load_cases, run_all
    from compliance.kinds.base import LazyFact
    from compliance.rulesets import load_ruleset

    compared, wrong = [], []
    real = LazyFact.explain

    def explain(self):
        fact = real(self)
        compared.append(self.kind.name)
        if self.order != fact.order:
            wrong.append((fact.obligation, self.record.id, self.order, fact.order))
        return fact

    monkeypatch.setattr(LazyFact, "explain", explain)
    for folder in sorted((ROOT / "rulesets").iterdir()):
        if (folder / "ruleset.yaml").is_file():
            rs = load_ruleset(folder)
            run_all(rs, load_cases(rs))
    assert wrong == []
    # the kinds that tell the place themselves were among those compared, many times over
    assert compared.count("deadline_after") > 100 and compared.count("record") > 100
