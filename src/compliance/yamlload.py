"""YAML loading for rulesets, cases and holiday schedules: one parse, safe, and duplicate keys
are errors (PyYAML would silently keep the last one), reported with their path and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Problem, unreadable

Lines = dict[tuple[Any, ...], int]  # ("holidays", 2, "start") -> 1-based line of that value


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps an impossible timestamp (``2027-13-06``) as text instead of
    raising a bare ValueError, so validation reports it like any other bad date."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def _walk(node: yaml.Node, path: tuple[Any, ...], lines: Lines, dups: list[tuple[tuple[Any, ...], int, int]]) -> None:
    """Record every value's line, and every mapping key seen twice (path, line, first line)."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else repr(k)
            line = k.start_mark.line + 1
            if key in seen:
                dups.append((path + (key,), line, seen[key]))
            else:
                seen[key] = line
            _walk(v, path + (key,), lines, dups)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk(v, path + (i,), lines, dups)


def dotted(path: tuple[Any, ...]) -> str:
    """('holidays', 2, 'start') -> 'holidays[2].start'."""
    s = ""
    for p in path:
        s += f"[{p}]" if isinstance(p, int) else (f".{p}" if s else str(p))
    return s


def load_yaml_lines(path: Path, display: str | None = None) -> tuple[Any, Lines, list[Problem]]:
    """Parse one YAML file once; return (data, the line of every value, problems).
    Never raises for bad content."""
    source = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:  # (the reason, not the exception's name)
        return None, {}, [unreadable(source, exc, "a readable UTF-8 YAML file")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        loc = str(mark.line + 1) if mark else ""
        return None, {}, [Problem(source, loc, "", str(getattr(exc, "problem", exc)), "valid YAML")]
    finally:
        loader.dispose()
    lines: Lines = {}
    dups: list[tuple[tuple[Any, ...], int, int]] = []
    if node is not None:
        _walk(node, (), lines, dups)
    problems = [Problem(source, str(line), dotted(p), str(p[-1]), f"no duplicate key (first at line {first})")
                for p, line, first in dups]
    return data, lines, problems


def load_yaml(path: Path, display: str | None = None) -> tuple[Any, list[Problem]]:
    """Parse one YAML file; return (data, problems). Never raises for bad content."""
    data, _, problems = load_yaml_lines(path, display)
    return data, problems


# ------------------------------------------------------------------------------------------
# A validated document's problems (the weekly config, the waivers, the export mapping)


def line_of(lines: Lines, path: tuple) -> str:
    """The line of the value at ``path``, or of the nearest enclosing one that has a line."""
    while path and path not in lines:
        path = path[:-1]
    return str(lines.get(path, ""))


def short_text(v: Any) -> str:
    """A value as a problem quotes it: its text, cut to 80 characters."""
    t = str(v)
    return t if len(t) <= 80 else t[:77] + "..."


def keys_of(model: type[BaseModel]) -> list[str]:
    """The keys a model's document may hold (aliases where the model names them)."""
    return sorted(f.alias or name for name, f in model.model_fields.items())


def shape_problems(exc: ValidationError, lines: Lines, src: str, model_at: Callable[[tuple], type[BaseModel] | None],
                   prefix: tuple = ()) -> list[Problem]:
    """A validation error's items as problems a person can act on: an unknown key with the keys
    there are (and a "did you mean"), a missing one named, a bad date as a date. ``model_at``:
    the model of the mapping at a location (None: not known), for the keys it allows."""
    import difflib

    out = []
    for e in exc.errors():
        loc = prefix + tuple(e["loc"])
        kind = e["type"]
        value = short_text(e.get("input"))
        if kind == "extra_forbidden":
            model = model_at(loc[:-1])
            known = keys_of(model) if model is not None else []
            close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
            expected = "not a key here" + (f" (did you mean {close[0]}?)" if close else "") + \
                (f"; the keys are: {', '.join(known)}" if known else "")
        elif kind == "missing":
            expected, value = "a required key, missing", ""
        elif kind == "too_short":
            n = (e.get("ctx") or {}).get("min_length", 1)
            expected = f"a list of at least {n} item{'s' if n != 1 else ''}"
        elif kind in ("literal_error", "enum"):
            expected = "one of " + e["msg"].removeprefix("Input should be ")
        elif kind.startswith(("date_", "datetime_")):
            expected = f"a date (YYYY-MM-DD): {e['msg'].removeprefix('Input should be a valid date or datetime, ')}"
        else:
            expected = e["msg"].removeprefix("Value error, ")
        out.append(Problem(src, line_of(lines, loc), dotted(loc), value, expected))
    return out
