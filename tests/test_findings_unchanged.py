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
