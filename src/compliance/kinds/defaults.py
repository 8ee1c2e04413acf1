"""Loads kinds/defaults.yaml: each kind's default decision table and message templates."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from ..decisions import DecisionRule, Locator, Status, StrictModel
from ..errors import InputError
from ..yamlload import load_yaml_lines

DEFAULTS = Path(__file__).parent / "defaults.yaml"
ALIASES = {"monthly_due": "periodic_due"}


class KindDefaults(StrictModel):
    table: list[DecisionRule]
    messages: dict[Status, str]


_SHAPE = TypeAdapter(dict[str, KindDefaults])


@cache
def load_defaults(path: Path = DEFAULTS) -> dict[str, KindDefaults]:
    """Every kind's defaults. Raises InputError naming the file and line of each problem
    (bad YAML, a duplicate key, a bad table or message)."""
    data, lines, problems = load_yaml_lines(path)
    if not problems:
        try:
            return _SHAPE.validate_python(data)
        except ValidationError as exc:
            problems = Locator(str(path), lines).pydantic(exc)
    raise InputError(problems)


def table(kind: str) -> list[DecisionRule]:
    return list(load_defaults()[ALIASES.get(kind, kind)].table)


def messages(kind: str) -> dict[str, str]:
    return dict(load_defaults()[ALIASES.get(kind, kind)].messages)
