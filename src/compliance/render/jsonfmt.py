"""`--format json`: the report document (interfaces.md), stable key order, UTF-8, no ASCII
escapes. The program reads it back (`Report.model_validate_json`) into the same model."""

from __future__ import annotations

from typing import IO

from ..findings import Report
from . import Renderer, register


def dumps(report: Report) -> str:
    """The document as ``json.dumps(…, ensure_ascii=False, indent=2)`` would write it, serialised
    by pydantic's (compiled) serialiser: the same bytes, many times faster on a large report."""
    return report.model_dump_json(by_alias=True, indent=2) + "\n"


_FINDINGS = '\n  "findings": []'  # the top-level key of an empty list (strings never hold a raw newline)


def write(report: Report, stream: IO[str]) -> None:
    """``dumps(report)`` written a finding at a time: the bytes are the same, and a report of a
    hundred thousand findings is never held as one string (hundreds of megabytes) in memory, and
    findings given as a stream (``Evaluation.report(stream=True)``) are built as they are written."""
    text = dumps(report.model_copy(update={"findings": []}))  # (findings may be a FindingStream)
    if not report.findings:
        stream.write(text)
        return
    at = text.index(_FINDINGS)
    stream.write(text[:at] + '\n  "findings": [\n')
    last = len(report.findings) - 1
    for i, finding in enumerate(report.findings):
        body = finding.model_dump_json(by_alias=True, indent=2)  # nested two levels deep:
        stream.write("    " + body.replace("\n", "\n    ") + (",\n" if i < last else "\n"))
    stream.write("  ]" + text[at + len(_FINDINGS):])


def load(text: str | bytes) -> Report:
    """A saved findings JSON, read back (raises pydantic's ValidationError if it is not one)."""
    return Report.model_validate_json(text)


register(Renderer("json", ".json", False, write, "the report document, read back by notice, score and run"))
