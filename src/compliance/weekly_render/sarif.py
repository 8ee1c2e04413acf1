"""``findings.sarif``: SARIF 2.1.0 for code-scanning dashboards. A run per contract; its rules
are the obligations shown (id, name = the obligation's title, help = clause and the contract's
words); its results the open problems: violations (``error``; new, still open or regressed),
``ambiguous`` (``warning``) and ``unknown`` (``note``) findings, waived violations as suppressed
results with the waiver as the justification, and violations no longer found (``note``,
baseline state ``absent``: the last run had them, this one finds them not). Each result carries the finding's key in
``partialFingerprints`` and the records it rests on as locations (``file:line`` gives a region).
"""

from __future__ import annotations

import json
from typing import IO, Any
from urllib.parse import quote

from ..runreport import ContractRun, RunFinding, RunReport
from . import Context, WeeklyRenderer, register
from .common import CHANGE_LABEL, FAILING, evidence, findings, obligations, when

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"fail": "error", "ambiguous": "warning", "unknown": "note"}
# the lists whose findings are results (to rule on and undecidable ones too: warning, note);
# resolved and pending ones are not problems now
RESULT_LISTS = ("new", "still_open", "regressed", "waived", "ambiguous", "unknown", "no_longer_found")
BASELINE = {"new": "new", "regressed": "new", "still_open": "unchanged", "waived": "unchanged",
            "no_longer_found": "absent"}


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/:@-._~!$&'()*+,;=")


def _result(run: ContractRun, change: str, f: RunFinding, index: dict[str, int]) -> dict[str, Any] | None:
    level = ("error" if change in FAILING else "note" if change == "no_longer_found"
             else LEVEL.get(f.status))  # (a ruling may make an ambiguous one a violation)
    if level is None and change == "waived":
        level = "error"
    if level is None:
        return None
    res: dict[str, Any] = {
        "ruleId": f.obligation,
        "ruleIndex": index[f.obligation],
        "level": level,
        "message": {"text": f.message},
        "partialFingerprints": {"findingKey/v1": f.key},
    }
    if change in BASELINE:  # (of one to rule on, or undecidable, the run does not say whether the last run had it)
        res["baselineState"] = BASELINE[change]
    locations = []
    for ev in evidence(f):
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(ev.file)}}
        if ev.line is not None:
            physical["region"] = {"startLine": ev.line}
        loc: dict[str, Any] = {"physicalLocation": physical}
        if ev.where and ev.line is None:
            loc["message"] = {"text": ev.where}
        locations.append(loc)
    if locations:
        res["locations"] = locations
    if change == "waived" and f.waiver is not None:
        w = f.waiver
        res["suppressions"] = [{"kind": "external", "status": "accepted",
                                "justification": f"{w.reason}（批准人 {w.approved_by}，豁免至 {w.until}）"}]
    props: dict[str, Any] = {"change": change, "changeLabel": CHANGE_LABEL[change], "status": f.status,
                             "severity": f.severity, "topic": f.topic, "firstSeen": f.first_seen}
    if f.age_weeks is not None:
        props["ageWeeks"] = f.age_weeks
    if f.waiver_expired:
        props["waiverExpired"] = True
    if f.due:
        props["due"] = f.due
    if f.actual:
        props["actual"] = f.actual
    if f.explanation:
        props["explanation"] = list(f.explanation)
    res["properties"] = props
    return res


def _run(report: RunReport, run: ContractRun, ctx: Context) -> dict[str, Any]:
    obs = obligations(run, ctx.quotes)
    index = {oid: i for i, oid in enumerate(obs)}
    rules = []
    for oid, ob in obs.items():
        help_text = f"条款 {ob.clause}" + (f"：“{ob.quote}”" if ob.quote else "")
        rules.append({"id": oid, "name": ob.title, "shortDescription": {"text": ob.title},
                      "help": {"text": help_text}})
    results = []
    for change, f in findings(run):
        if change in RESULT_LISTS:
            r = _result(run, change, f, index)
            if r is not None:
                results.append(r)
    return {
        "tool": {"driver": {"name": "compliance", "version": run.ruleset_version,
                            "fullName": f"compliance 规则集 {run.contract} {run.ruleset_version}", "rules": rules}},
        "automationDetails": {"id": f"compliance-weekly/{run.contract}/{report.run_id}"},
        "language": "zh-CN",
        "results": results,
        "properties": {"contract": run.contract, "contractTitle": run.contract_title, "asOf": report.as_of,
                       "asOfText": when(report.as_of), "runId": report.run_id,
                       "previousRunId": report.previous_run_id},
    }


def document(report: RunReport, ctx: Context) -> dict[str, Any]:
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [_run(report, run, ctx) for run in report.contracts]}


def write(report: RunReport, stream: IO[str], ctx: Context) -> None:
    stream.write(json.dumps(document(report, ctx), ensure_ascii=False, indent=2) + "\n")


register(WeeklyRenderer("sarif", "findings.sarif", False, write, "SARIF 2.1.0: a run per contract, violations as results"))
