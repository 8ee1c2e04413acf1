"""``junit.xml``: the run for CI pipelines. A ``testsuite`` per contract and a ``testcase`` per
obligation instance shown: new, still-open and regressed violations are ``<failure>``s, pending
and waived findings ``<skipped>`` with the reason, resolved ones pass."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import IO

from ..runreport import RunFinding, RunReport
from . import Context, WeeklyRenderer, register
from .common import CHANGE_LABEL, FAILING, findings, when

# characters XML 1.0 cannot hold at all (even escaped)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _body(f: RunFinding) -> str:
    lines = [f.message, f"条款：{f.clause}", f"key：{f.key}", f"首次发现：{f.first_seen}"]
    if f.age_weeks is not None:
        lines.append(f"持续周数：{f.age_weeks}")
    if f.waiver_expired:
        lines.append("豁免已过期")
    if f.due:
        lines.append(f"期限：{f.due}")
    if f.actual:
        lines.append(f"实际：{f.actual}")
    lines += [f"· {s}" for s in f.explanation]
    return clean("\n".join(lines))


def _skip_reason(change: str, f: RunFinding) -> str:
    if change == "waived" and f.waiver is not None:
        w = f.waiver
        return clean(f"已豁免：{w.reason}（批准人 {w.approved_by}，豁免至 {w.until}）")
    if change == "pending":
        return clean(f"未到期：期限 {f.due}" if f.due else "未到期")
    return clean(CHANGE_LABEL.get(change, change))


def build(report: RunReport) -> ET.Element:
    root = ET.Element("testsuites", name=clean(f"compliance weekly run {report.run_id}"))
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for run in report.contracts:
        suite = ET.SubElement(root, "testsuite", name=clean(run.contract))
        props = ET.SubElement(suite, "properties")
        for name, value in (("contract_title", run.contract_title), ("ruleset_version", run.ruleset_version),
                            ("as_of", when(report.as_of)), ("run_id", report.run_id),
                            ("previous_run_id", report.previous_run_id or "")):
            ET.SubElement(props, "property", name=name, value=clean(value))
        n = {"tests": 0, "failures": 0, "skipped": 0}
        for change, f in findings(run):
            case = ET.SubElement(suite, "testcase", classname=clean(f"{run.contract}.{f.obligation}"),
                                 name=clean(f.key), time="0")
            n["tests"] += 1
            if change in FAILING:
                n["failures"] += 1
                el = ET.SubElement(case, "failure", type=f.status,
                                   message=clean(f"{CHANGE_LABEL[change]}：{f.message}"))
                el.text = _body(f)
            elif change in ("waived", "pending", "ambiguous", "unknown", "no_longer_found"):
                n["skipped"] += 1
                ET.SubElement(case, "skipped", message=_skip_reason(change, f))
            if change == "resolved":
                out = ET.SubElement(case, "system-out")
                out.text = clean(f"已整改（首次发现 {f.first_seen}）：{f.message}")
        for k, v in n.items():
            totals[k] += v
        suite.set("tests", str(n["tests"]))
        suite.set("failures", str(n["failures"]))
        suite.set("errors", "0")
        suite.set("skipped", str(n["skipped"]))
        suite.set("time", "0")
        suite.set("timestamp", report.as_of[:19])
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    root.set("skipped", str(totals["skipped"]))
    return root


def write(report: RunReport, stream: IO[bytes], ctx: Context) -> None:
    root = build(report)
    ET.indent(root)
    stream.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="utf-8", xml_declaration=False))
    stream.write(b"\n")


register(WeeklyRenderer("junit", "junit.xml", True, write, "JUnit XML for CI pipelines: a testsuite per contract"))
