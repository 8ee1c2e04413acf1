"""The record kinds reference, generated from the record schemas of ``events``.

``record_kinds_markdown()`` renders every kind of ``events.SCHEMAS`` (in their order) as a
table of its fields: the value type in words (from the field's validator, so it cannot drift
from what is accepted), required or its default, the allowed values and the field's
description. ``docs/kinds.md`` holds that text between two marker lines;
``python -m compliance.reference [--check] [FILE]`` rewrites it there in place, or with
``--check`` exits 1 when it differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Literal, Sequence, get_args, get_origin

from pydantic import PlainValidator
from pydantic.fields import FieldInfo

from . import events
from .events import EventSchema, field_parts

BEGIN = "<!-- BEGIN generated: record kinds (python -m compliance.reference) -->"
END = "<!-- END generated -->"
DOC = Path(__file__).resolve().parents[2] / "docs" / "kinds.md"

# Each value type of the schemas: its name in the tables and what it accepts (the very text an
# input error prints), and for the evidence list, the values allowed in it.
_VALUE_TYPES: tuple[tuple[Any, str, str, tuple[str, ...]], ...] = (
    (events.TimeValue, "date-time or date", events.EXPECT_TIME, ()),
    (events.DateValue, "date (YYYY-MM-DD)", events.EXPECT_DATE, ()),
    (events.Flag, "true/false", events.EXPECT_BOOL, ()),
    (events.Count, "whole number ≥ 0", events.EXPECT_INT, ()),
    (events.Minutes, "number ≥ 0", events.EXPECT_NUMBER, ()),
    (events.Fraction, "fraction 0–1 or percentage", events.EXPECT_FRACTION, ()),
    (events.Score, "score 0–100", events.EXPECT_SCORE, ()),
    (events.Amount, "amount in yuan", events.EXPECT_AMOUNT, ()),
    (events.Text, "text", events.EXPECT_TEXT, ()),
    (events.Month, "month YYYY-MM", events.EXPECT_MONTH, ()),
    (events.ReportPeriod, "report period", events.EXPECT_REPORT_PERIOD, ()),
    (events.Period, "period", events.EXPECT_PERIOD, ()),
    (events.Evidence, "list", events.EXPECT_EVIDENCE, events.EVIDENCE_VALUES),
)
_BY_VALIDATOR = {
    get_args(alias)[1].func: (words, allowed) for alias, words, _, allowed in _VALUE_TYPES
}
_CHOICE = "allowed value"

_INTRO = """\
Every record is one real-world object (a change ticket, a fault ticket, a day's attendance …).
Records are read from files or folders (every supported file inside, recursively, sorted by
path):

- `.jsonl`: one JSON object per line; `.json`: a JSON array of objects;
- `.csv`: a header row of field names; UTF-8, UTF-8 with BOM, or GB18030 as Excel on Chinese
  Windows saves it;
- `.xlsx`: the first sheet, its first non-blank row the header.

Rules for every record:

- **Times** are ISO 8601 (`2026-09-30T09:15:00+08:00`, `2026-09-30 09:15`, `2026-09-30`). A time
  with an offset is taken as given; a time without one is in the contract's time zone (the
  ruleset's `contract.timezone`, default Asia/Shanghai); a date alone is a date, with no time
  of day.
- **Empty cells** (also empty or blank strings and JSON `null`) are missing values: a required
  field missing is an error; an optional one takes its default, and the description says what
  its absence means ("empty = …").
- **Extra columns** (fields the kind does not define) are kept with the record, not rejected;
  columns named {renamed} are kept as {renamed_to} (the checker's own names for the file and
  line a record came from). Cells under a column without a header name must be empty.
- **Errors**: every bad record of every file is reported at once (`file:line: kind.field:
  expected: 'value'`), with exit status 2, and nothing is written.
- **Stability**: kinds and fields are only ever added, never renamed or removed.
"""


def _escape(s: str) -> str:
    return s.replace("|", "\\|")


def _code(values: Sequence[str]) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _describe_type(model: type[EventSchema], name: str, f: FieldInfo) -> tuple[str, tuple[str, ...]]:
    """The field's value type in words and its allowed values (empty: any value of the type)."""
    for part in field_parts(f):
        if get_origin(part) is Literal:
            return _CHOICE, tuple(str(v) for v in get_args(part))
        if isinstance(part, PlainValidator) and part.func in _BY_VALIDATOR:
            return _BY_VALIDATOR[part.func]
    if f.annotation is str:
        return "text", ()
    raise LookupError(f"{model.__name__}.{name}: a value type compliance.reference does not name")


def _presence(f: FieldInfo) -> str:
    if f.is_required():
        return "**required**"
    if f.default is None:
        return "optional"
    if isinstance(f.default, bool):
        return f"default `{str(f.default).lower()}`"
    return f"default `{f.default}`"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_escape(c) for c in cells) + " |"


_HEAD = _row(["field", "type", "required / default", "allowed values", "meaning"])
_HEAD += "\n|---|---|---|---|---|"


def _field_row(
    model: type[EventSchema], name: str, f: FieldInfo, allowed: Sequence[str] = ()
) -> str:
    words, values = _describe_type(model, name, f)
    return _row([f"`{name}`", words, _presence(f), _code(allowed or values), f.description or ""])


def record_kinds_markdown() -> str:
    """The record kinds reference (Markdown), as docs/kinds.md carries it between the markers."""
    renamed = list(events.RESERVED_RENAMES)
    out = [
        _INTRO.format(
            renamed=" and ".join(f"`{n}`" for n in renamed),
            renamed_to=" and ".join(f"`{events.RESERVED_RENAMES[n]}`" for n in renamed),
        ),
        "## Common fields\n",
        "Every kind has these fields besides its own.\n",
        _HEAD,
    ]
    common = {n: f for n, f in EventSchema.model_fields.items() if n not in events.RESERVED_RENAMES}
    for name, f in common.items():
        out.append(_field_row(EventSchema, name, f, list(events.SCHEMAS) if name == "kind" else ()))
    out += [
        "",
        "## Value types\n",
        "What a field of each type accepts (the words an input error prints). A field with "
        "allowed values takes exactly one of them.\n",
        _row(["type", "accepts"]) + "\n|---|---|",
    ]
    out += [_row([words, accepts]) for _, words, accepts, _ in _VALUE_TYPES]
    for kind, model in events.SCHEMAS.items():
        out += ["", f"## `{kind}`\n"]
        doc = model.__dict__.get("__doc__")
        if doc:
            out.append(" ".join(doc.split()) + "\n")
        out.append(_HEAD)
        out += [
            _field_row(model, name, f)
            for name, f in model.model_fields.items()
            if name not in EventSchema.model_fields
        ]
    return "\n".join(out) + "\n"


def _span(text: str) -> tuple[int, int]:
    """Where the generated part of ``text`` starts and ends: after the BEGIN line and a blank
    line, up to the END line (the blank line before it excluded)."""
    begin = text.find(BEGIN + "\n\n")
    end = text.find("\n\n" + END + "\n", begin)
    if begin < 0 or end < 0:
        raise ValueError(f"no marker lines {BEGIN!r} … {END!r} (each followed by a newline)")
    return begin + len(BEGIN) + 2, end + 1


def generated_part(text: str) -> str:
    """The part of ``text`` between the marker lines."""
    start, end = _span(text)
    return text[start:end]


def replace_generated(text: str, generated: str) -> str:
    """``text`` with the part between the marker lines replaced by ``generated``."""
    start, end = _span(text)
    return text[:start] + generated + text[end:]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m compliance.reference",
        description="Rewrite the generated record kinds part of docs/kinds.md.",
    )
    parser.add_argument("file", nargs="?", type=Path, default=DOC, help="default: docs/kinds.md")
    parser.add_argument(
        "--check", action="store_true", help="only check: exit 1 if the part is out of date"
    )
    args = parser.parse_args(argv)
    text = args.file.read_text(encoding="utf-8")
    try:
        new = replace_generated(text, record_kinds_markdown())
    except ValueError as e:
        print(f"{args.file}: {e}", file=sys.stderr)
        return 2
    if new == text:
        return 0
    if args.check:
        print(
            f"{args.file}: the record kinds part is out of date; "
            "run python -m compliance.reference",
            file=sys.stderr,
        )
        return 1
    args.file.write_text(new, encoding="utf-8")
    print(f"{args.file}: record kinds part rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
