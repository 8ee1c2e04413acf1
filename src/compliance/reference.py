"""The record kinds reference, generated from the record schemas of ``events``.

``record_kinds_markdown()`` renders every kind of ``events.SCHEMAS`` (in their order), headed
with its Chinese name, as a table of its fields: the Chinese column label and its other
spellings (``compliance.labels``), the value type in words (from the field's validator, so it
cannot drift from what is accepted), required or its default, the allowed values with their
Chinese labels and the field's description. ``common_fields()``, ``kind_fields(kind)`` and
``kind_columns(kind)`` give the same facts as data (``compliance kinds`` prints them,
``compliance template`` writes them). ``docs/kinds.md`` holds the text between two marker lines;
``python -m compliance.reference [--check] [FILE]`` rewrites it there in place, or with
``--check`` exits 1 when it differs.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Sequence, get_args, get_origin

from pydantic import PlainValidator
from pydantic.fields import FieldInfo

from . import events, labels
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
    (events.Minutes, "minutes ≥ 0", events.EXPECT_MINUTES, ()),
    (events.Fraction, "fraction 0–1 or percentage", events.EXPECT_FRACTION, ()),
    (events.Score, "score 0–100", events.EXPECT_SCORE, ()),
    (events.Amount, "amount in yuan", events.EXPECT_AMOUNT, ()),
    (events.Text, "text", events.EXPECT_TEXT, ()),
    (events.Month, "month YYYY-MM", events.EXPECT_MONTH, ()),
    (events.ReportPeriod, "report period", events.EXPECT_REPORT_PERIOD, ()),
    (events.Period, "period", events.EXPECT_PERIOD, ()),
    (events.PaymentPeriod, "payment period (text)", events.EXPECT_TEXT, ()),
    (events.Evidence, "list", events.EXPECT_EVIDENCE, events.EVIDENCE_VALUES),
)
_BY_VALIDATOR = {
    get_args(alias)[1].func: (words, allowed) for alias, words, _, allowed in _VALUE_TYPES
}
_CHOICE = "allowed value"

# The value types in Chinese words, for the template's 说明 sheet.
TYPE_WORDS_ZH = {
    "date-time or date": "日期时间或日期",
    "date (YYYY-MM-DD)": "日期（YYYY-MM-DD）",
    "true/false": "是/否",
    "whole number ≥ 0": "非负整数",
    "number ≥ 0": "非负数",
    "fraction 0–1 or percentage": "0–1 的小数或百分比",
    "score 0–100": "0–100 的分数",
    "amount in yuan": "金额（元）",
    "text": "文本",
    "month YYYY-MM": "月份（YYYY-MM）",
    "report period": "报告期（YYYY-MM、YYYY-Www、YYYY-Qn 或 YYYY）",
    "payment period (text)": "付款期间（文本；2026-H2、2026年下半年、2025-10/2026-06 等按规范写法读取）",
    "period": "期间（YYYY、YYYY-Hn、YYYY-Qn、YYYY-MM 或 YYYY-Www）",
    "list": "列表（以分号分隔）",
    _CHOICE: "可选值之一",
}

_INTRO = """\
Every record is one real-world object (a change ticket, a fault ticket, a day's attendance …).
Records are read from files or folders (every supported file inside, recursively, sorted by
path; other files in a folder — `.xls` workbooks among them — are listed in the report's
notices with the reason, never read silently as nothing):

- `.jsonl`: one JSON object per line; `.json`: a JSON array of objects;
- `.csv`: UTF-8 (with or without BOM), GB18030 as Excel on Chinese Windows saves it, or UTF-16
  with a BOM; a file that decodes only implausibly (a Big5 file read as GB18030) is refused,
  naming the likely encoding (`--encoding` overrides);
- `.xlsx`: every sheet that has a header row (a sheet without one — an export's notes — is
  skipped and said), or the sheet a mapping names.

The header is the first row holding known column names: field names, or their Chinese labels
(below); title rows above it are skipped and said. Without a `kind` column, every row is the
kind whose fields the columns fit (said in the notices), or the kind a mapping names
(`--map`: per file, the kind, sheet, header row, columns and values of an export that uses its
own names). A `kind` column may hold the Chinese kind name (故障), and fields with allowed
values may hold their Chinese labels (迟到 for `late`).

Every field has a Chinese label, the column header a Chinese export gives it (`compliance
template KIND` writes an empty export template with these headers; `compliance kinds [KIND]`
lists the kinds and fields as this reference does), and some fields list other spellings
exports use (aliases). Allowed values have Chinese labels too.

Rules for every record:

- **Times** are written year first: ISO 8601 (`2026-09-30T09:15:00+08:00`, `2026-09-30 09:15`,
  `2026-09-30`), or as people and Excel write them (`2026/9/30 10:00`, `2026-9-30`,
  `2026年9月30日 10:00`, `2026.09.30 10:00`); `9/30/2026` and `30/9/2026` are refused as
  ambiguous. A time with an offset is taken as given; a time without one is in the contract's
  time zone (the ruleset's `contract.timezone`, default Asia/Shanghai); a date alone is a date,
  with no time of day. A date-time in a date field gives its date, and the notices say so.
- **Empty cells** (also empty or blank strings and JSON `null`) are missing values: a required
  field missing is an error; an optional one takes its default, and the description says what
  its absence means ("empty = …").
- **Extra columns** (fields the kind does not define) are kept with the record, not rejected,
  and listed in the notices (with the field a misspelt one probably means); columns named
  {renamed} are kept as {renamed_to} (the checker's own names for the file and line a record
  came from). Cells under a column without a header name must be empty.
- **The same id** twice is an error, unless the two rows are the same record (overlapping
  exports): then it counts once, and the notices say how many rows were merged.
- **Errors**: every bad record of every file is reported at once (`file:line: kind.field:
  expected: 'value'`; the same error in many rows of one column is one line with the count and
  the first rows), with exit status 2, and nothing is written.
- **Stability**: kinds and fields are only ever added, never renamed or removed.
"""


def _escape(s: str) -> str:
    return s.replace("|", "\\|")


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


def _default_text(f: FieldInfo) -> str | None:
    if f.is_required() or f.default is None:
        return None
    if isinstance(f.default, bool):
        return str(f.default).lower()
    return str(f.default)


@dataclass(frozen=True)
class ValueFacts:
    """An allowed value and its Chinese names (the label first, then other spellings)."""

    value: str
    labels: tuple[str, ...] = ()

    def text(self, code: bool = False) -> str:
        """``vendor 厂商原因/乙方原因`` (``code``: the value in backticks)."""
        value = f"`{self.value}`" if code else self.value
        return f"{value} {'/'.join(self.labels)}" if self.labels else value


@dataclass(frozen=True)
class FieldFacts:
    """What the reference says of one field."""

    name: str
    label: str
    aliases: tuple[str, ...]
    type: str  # in words, as the "Value types" table names it
    required: bool
    default: str | None  # as text (true, 1, present); None: no default
    values: tuple[ValueFacts, ...]  # the allowed values (empty: any value of the type)
    description: str

    def presence(self, markdown: bool = False) -> str:
        """``required``, ``optional`` or ``default X``."""
        if self.required:
            return "**required**" if markdown else "required"
        if self.default is None:
            return "optional"
        return f"default `{self.default}`" if markdown else f"default {self.default}"

    def values_text(self, code: bool = False) -> str:
        """The allowed values with their labels: ``vendor 厂商原因/乙方原因, third_party …``."""
        return ", ".join(v.text(code) for v in self.values)


def _facts(
    kind: str | None, model: type[EventSchema], name: str, f: FieldInfo,
    allowed: Sequence[str] = (), *, required: bool | None = None, description: str | None = None,
) -> FieldFacts:  # fmt: skip
    words, values = _describe_type(model, name, f)
    values = tuple(allowed) or values

    def value_names(v: str) -> tuple[str, ...]:
        if name == "kind":
            return (labels.kind_label(v),)
        label = labels.value_label(kind, name, v) if kind is not None else None
        return (label, *labels.value_aliases(kind, name, v)) if label else ()

    return FieldFacts(
        name=name,
        label=labels.field_label(kind, name),
        aliases=labels.field_aliases(kind, name),
        type=words,
        required=f.is_required() if required is None else required,
        default=_default_text(f),
        values=tuple(ValueFacts(v, value_names(v)) for v in values),
        description=(f.description or "") if description is None else description,
    )


def common_fields() -> list[FieldFacts]:
    """The common column fields (id, kind, contract) as every kind has them; ``kind`` allows
    every kind."""
    return [
        _facts(None, EventSchema, name, EventSchema.model_fields[name],
               list(events.SCHEMAS) if name == "kind" else ())
        for name in labels.COMMON_COLUMNS
    ]  # fmt: skip


def kind_fields(kind: str) -> list[FieldFacts]:
    """The kind's own fields (the common ones not included), in the schema's order."""
    model = events.SCHEMAS[kind]
    return [
        _facts(kind, model, name, model.model_fields[name])
        for name in labels.column_fields(kind)
        if name not in EventSchema.model_fields
    ]


def kind_columns(kind: str) -> list[FieldFacts]:
    """Every column of the kind in template order: the common fields as in this kind (``kind``
    allows only it; ``id`` has the kind's other headers), then its own."""
    out = []
    for name in labels.COMMON_COLUMNS:
        f = EventSchema.model_fields[name]
        out.append(_facts(kind, EventSchema, name, f, (kind,) if name == "kind" else ()))
    return out + kind_fields(kind)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_escape(c) for c in cells) + " |"


_HEAD = _row(
    ["field", "label", "aliases", "type", "required / default", "allowed values", "meaning"]
)
_HEAD += "\n|---|---|---|---|---|---|---|"


def _field_row(facts: FieldFacts) -> str:
    return _row([
        f"`{facts.name}`", facts.label, ", ".join(facts.aliases), facts.type,
        facts.presence(markdown=True), facts.values_text(code=True), facts.description,
    ])  # fmt: skip


def id_aliases_line(kind: str) -> str:
    """The line under a ticket kind's heading naming its other ``id`` headers ("" if none)."""
    extra = events.ID_ALIASES.get(kind, ())
    return f"Also accepted as the `id` header: {', '.join(extra)}.\n" if extra else ""


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
    out += [_field_row(facts) for facts in common_fields()]
    out += [
        "",
        "## Value types\n",
        "What a field of each type accepts (the words an input error prints). A field with "
        "allowed values takes exactly one of them.\n",
        _row(["type", "accepts"]) + "\n|---|---|",
    ]
    out += [_row([words, accepts]) for _, words, accepts, _ in _VALUE_TYPES]
    for kind, model in events.SCHEMAS.items():
        out += ["", f"## `{kind}` {labels.kind_label(kind)}\n"]
        doc = model.__dict__.get("__doc__")
        if doc:
            out.append(" ".join(doc.split()) + "\n")
        if id_aliases_line(kind):
            out.append(id_aliases_line(kind))
        out.append(_HEAD)
        out += [_field_row(facts) for facts in kind_fields(kind)]
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
