"""YAML loading for rulesets and cases: safe, and duplicate keys are errors (with their line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problem


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that records duplicate mapping keys instead of silently keeping the last."""

    def __init__(self, stream: Any, source: str):
        super().__init__(stream)
        self.source = source
        self.problems: list[Problem] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:  # type: ignore[override]
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[arg-type]
            line = key_node.start_mark.line + 1
            try:
                if key in seen:
                    self.problems.append(
                        Problem(self.source, str(line), str(key), str(key),
                                f"duplicate key (first at line {seen[key]})")
                    )
                else:
                    seen[key] = line
            except TypeError:  # unhashable key: let the base class report it
                pass
        return super().construct_mapping(node, deep=deep)


def load_yaml(path: Path, display: str | None = None) -> tuple[Any, list[Problem]]:
    """Parse one YAML file; return (data, problems). Never raises for bad content."""
    source = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(source, "", "", type(exc).__name__, f"a readable UTF-8 YAML file ({exc})")]
    loader = _StrictLoader(text, source)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        loc = str(mark.line + 1) if mark else ""
        return None, [Problem(source, loc, "", str(getattr(exc, "problem", exc)), "valid YAML")]
    finally:
        loader.dispose()
    return data, loader.problems
