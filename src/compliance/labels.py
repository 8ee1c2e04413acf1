"""Chinese names of the record kinds, their fields and allowed values, as exports write them.

The labels live beside what they name, in ``compliance.events``: each column field of a schema
carries ``json_schema_extra={"label": "发现时间", "aliases": [...]}`` (the common ``id``, ``kind``
and ``contract`` on ``EventSchema``), and module-level mappings hold the kinds' names
(``KIND_LABELS``), the other headers of ``id`` in ticket kinds (``ID_ALIASES``) and the labels of
allowed values (``VALUE_LABELS``). This module reads them:

- ``column_fields(kind)``: the fields a column can hold, in template order (``id`` first);
- ``field_label(kind, field)``, ``field_aliases(kind, field)``;
- ``field_labels(kind)``: every accepted header (label, alias, English name) -> field name
  (``field_labels(None)``: the common columns');
- ``kind_label(kind)``, ``kind_by_label(text)``;
- ``value_label(kind, field, value)``, ``value_aliases(…)``, and ``value_labels(kind, field)``:
  every accepted text (label, alias, the value itself) -> value.

Unknown kinds raise ``KeyError``. Validation does not use any of this (yet): the readers map
headers and cells with it before records are validated.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, get_args, get_origin

from pydantic import PlainValidator
from pydantic.fields import FieldInfo

from .events import (
    EVIDENCE_VALUES,
    ID_ALIASES,
    KIND_LABELS,
    RESERVED_RENAMES,
    SCHEMAS,
    VALUE_LABELS,
    EventSchema,
    _parse_evidence,
    field_parts,
)

__all__ = [
    "COMMON_COLUMNS",
    "column_fields",
    "field_label",
    "field_aliases",
    "field_labels",
    "kind_label",
    "kind_by_label",
    "allowed_values",
    "value_label",
    "value_aliases",
    "value_labels",
]

COMMON_COLUMNS = tuple(n for n in EventSchema.model_fields if n not in RESERVED_RENAMES)
"""The common fields a column can hold: id, kind, contract (not source, location)."""


def _schema(kind: str) -> type[EventSchema]:
    try:
        return SCHEMAS[kind]
    except KeyError:
        raise KeyError(f"unknown record kind {kind!r}") from None


def _field(kind: str | None, field: str) -> FieldInfo:
    if field in COMMON_COLUMNS:
        return EventSchema.model_fields[field]  # the common labels are declared there
    f = _schema(kind).model_fields.get(field)
    if f is None or field in RESERVED_RENAMES:
        raise KeyError(f"{kind} has no column field {field!r}")
    return f


def _extra(f: FieldInfo) -> dict:
    extra = f.json_schema_extra
    return extra if isinstance(extra, dict) else {}


@lru_cache(maxsize=None)
def column_fields(kind: str) -> tuple[str, ...]:
    """The kind's fields a column can hold, in the schema's order: id, kind, contract, then its
    own (``source`` and ``location`` are set by the loader)."""
    return tuple(n for n in _schema(kind).model_fields if n not in RESERVED_RENAMES)


def field_label(kind: str | None, field: str) -> str:
    """The field's Chinese column label (发现时间 for fault.detected_at)."""
    label = _extra(_field(kind, field)).get("label")
    if not label:
        raise LookupError(f"{kind}.{field}: no label")
    return label


def field_aliases(kind: str | None, field: str) -> tuple[str, ...]:
    """Other headers exports use for the field (工单号 for a fault's id)."""
    own = tuple(_extra(_field(kind, field)).get("aliases", ()))
    return own + ID_ALIASES.get(kind, ()) if field == "id" else own


@lru_cache(maxsize=None)
def _field_labels(kind: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in COMMON_COLUMNS if kind is None else column_fields(kind):
        for header in (field_label(kind, name), *field_aliases(kind, name), name):
            other = out.setdefault(header, name)
            if other != name:
                raise ValueError(f"{kind}: header {header!r} names both {other} and {name}")
    return out


def field_labels(kind: str | None) -> dict[str, str]:
    """Every header accepted for the kind's columns -> the field: each field's label, its
    aliases and its English name. ``None``: the common columns (id, kind, contract) only,
    without the ticket kinds' other ``id`` headers. Raises ``KeyError`` for an unknown kind."""
    return dict(_field_labels(kind))


def kind_label(kind: str) -> str:
    """The kind's Chinese name (故障 for fault)."""
    _schema(kind)
    return KIND_LABELS[kind]


_KIND_BY_TEXT = {**{v: k for k, v in KIND_LABELS.items()}, **{k: k for k in SCHEMAS}}


def kind_by_label(text: str) -> str | None:
    """The kind a text names (the kind itself, any case, or its Chinese name); None if none."""
    if not isinstance(text, str):
        return None
    t = text.strip()
    return _KIND_BY_TEXT.get(t) or _KIND_BY_TEXT.get(t.lower())


def allowed_values(kind: str, field: str) -> tuple[str, ...]:
    """The values the field allows (empty: any value of its type). For ``kind``: the kind;
    for a drill's ``evidence`` list: the values allowed in it."""
    if field == "kind":
        _schema(kind)
        return (kind,)
    f = _field(kind, field)
    for part in field_parts(f):
        if get_origin(part) is Literal:
            return tuple(str(v) for v in get_args(part))
        if isinstance(part, PlainValidator) and part.func is _parse_evidence:
            return EVIDENCE_VALUES
    return ()


def _value_names(kind: str, field: str, value: str) -> tuple[str, ...]:
    if field == "kind":
        return (kind_label(kind),) if value == kind else ()
    return VALUE_LABELS.get(kind, {}).get(field, {}).get(value, ())


def value_label(kind: str, field: str, value: str) -> str | None:
    """The Chinese label of an allowed value (迟到 for attendance.status late); None if none."""
    names = _value_names(kind, field, value)
    return names[0] if names else None


def value_aliases(kind: str, field: str, value: str) -> tuple[str, ...]:
    """Other spellings of the allowed value in exports (正常 for attendance present)."""
    return _value_names(kind, field, value)[1:]


@lru_cache(maxsize=None)
def _value_labels(kind: str, field: str) -> dict[str, str]:
    out: dict[str, str] = {}
    _schema(kind)
    if field not in column_fields(kind):
        return out  # an extra column
    for value in allowed_values(kind, field):
        for text in (*_value_names(kind, field, value), value):
            other = out.setdefault(text, value)
            if other != value:
                raise ValueError(f"{kind}.{field}: {text!r} names both {other} and {value}")
    return out


def value_labels(kind: str, field: str) -> dict[str, str]:
    """Every text accepted for an allowed value of the field -> the value: each value's
    Chinese label, its aliases and the value itself ({} for a field without allowed values,
    and for a column the kind does not define). Raises ``KeyError`` for an unknown kind."""
    return dict(_value_labels(kind, field))


def kind_in_name(name: str) -> str | None:
    """The kind a file's name names by its Chinese name (故障工单导出.csv: fault), when exactly
    one kind's name is in it (the longest name wins: 维护 in 维护计划, not a shorter one)."""
    hits = sorted((len(label), kind) for kind, label in KIND_LABELS.items() if label in name)
    if not hits:
        return None
    if len(hits) > 1 and hits[-1][0] == hits[-2][0]:
        return None
    return hits[-1][1]

