"""YAML loading for rulesets, cases and holiday schedules: one parse, safe, and duplicate keys
are errors (PyYAML would silently keep the last one), reported with their path and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

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
    except (OSError, UnicodeDecodeError) as exc:
        return None, {}, [Problem(source, "", "", type(exc).__name__, f"a readable UTF-8 YAML file ({exc})")]
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
