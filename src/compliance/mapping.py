"""Mapping real exports (``--map FILE``): which kind a file holds, which sheet and header row,
which column is which field, and which export value is which value.

```yaml
exported: [report, drill]       # kinds exported in full: a missing one is then a fail
sources:
  - files: "故障工单*.csv"        # glob on the file name; the first matching source applies
    kind: fault                   # every row is this kind (no kind column needed)
    sheet: 故障清单               # .xlsx: the sheet (default: every sheet with a header)
    header_row: 2                 # default: found (the first row holding known names)
    encoding: gb18030             # default: detected
    columns: {工单号: id, 发现时间: detected_at}
    values:
      cause: {厂商原因: vendor, 第三方原因: third_party}
```
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, ValidationError, field_validator

from .decisions import StrictModel
from .errors import InputError, Problem
from .yamlload import dotted, line_of, load_yaml_lines, shape_problems


class Source(StrictModel):
    files: str = Field(description="a glob on the file name (故障工单*.csv); the first matching source applies")
    kind: str | None = Field(None, description="every row is this kind; default: the rows' kind column")
    sheet: str | int | None = Field(None, description=".xlsx: the sheet name or its number (1 = the first)")
    header_row: int | None = Field(None, ge=1, description="the header's row or line number; default: found")
    encoding: str | None = Field(None, description="text files: the encoding; default: detected")
    columns: dict[str, str] = Field(default_factory=dict, description="export column -> field")
    values: dict[str, dict[str, Any]] = Field(default_factory=dict, description="field -> {export value: value}")

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, v: str | None) -> str | None:
        from .events import KINDS

        if v is not None and v not in KINDS:
            raise ValueError(f"one of: {', '.join(sorted(KINDS))}")
        return v

    def matches(self, path: Path) -> bool:
        return fnmatch.fnmatch(path.name, self.files) or fnmatch.fnmatch(path.as_posix(), self.files)


def _known_kinds(v: list[str]) -> list[str]:
    from .events import KINDS

    bad = [k for k in v if k not in KINDS]
    if bad:
        raise ValueError(f"unknown kinds {bad}; one of: {', '.join(sorted(KINDS))}")
    return v


KindNames = Annotated[list[str], AfterValidator(_known_kinds)]
"""Record kind names (``exported:`` of a mapping or a weekly-run contract)."""


class Mapping(StrictModel):
    exported: KindNames = Field(default_factory=list, description="kinds the exports hold in full")
    sources: list[Source] = Field(default_factory=list)

    def source_for(self, path: Path) -> Source | None:
        return next((s for s in self.sources if s.matches(path)), None)


NO_MAPPING = Mapping()


def load_mapping(path: str | Path) -> Mapping:
    """Read and validate a mapping file; every problem at once, with its line."""
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise InputError([Problem(source, "", "", source, "a mapping file (YAML)")])
    raw, lines, problems = load_yaml_lines(path, source)
    if problems:
        raise InputError(problems)
    def model_at(loc: tuple) -> type[BaseModel] | None:  # for a misspelt key: the keys there are
        return Mapping if loc == () else Source if len(loc) == 2 and loc[0] == "sources" else None

    try:
        mapping = Mapping.model_validate(raw or {})
    except ValidationError as exc:
        raise InputError(shape_problems(exc, lines, source, model_at)) from None
    problems = [Problem(source, line_of(lines, loc), dotted(loc), value, expected)
                for loc, value, expected in _unknown_fields(mapping)]
    if problems:
        raise InputError(problems)
    return mapping


def _unknown_fields(mapping: Mapping):
    """Every column and value must map to a field that exists: a typo (resovled_at) would drop
    the column silently and invent a missing fact."""
    from .events import COMMON_FIELDS, KINDS

    every = {n for m in KINDS.values() for n in m.model_fields} | set(COMMON_FIELDS)
    for i, s in enumerate(mapping.sources):
        names = (set(KINDS[s.kind].model_fields) | set(COMMON_FIELDS)) if s.kind else every
        expected = (f"a field of {s.kind} records (see `compliance kinds {s.kind}`)" if s.kind
                    else "a field of some record kind (see `compliance kinds`)")
        for column, f in s.columns.items():
            if f not in names:
                yield ("sources", i, "columns", column), f, expected
        for f in s.values:
            if f not in names:
                yield ("sources", i, "values", f), f, expected
