"""Loads kinds/defaults.yaml: each kind's default decision table and message templates."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml


@cache
def _doc() -> dict:
    return yaml.safe_load((Path(__file__).parent / "defaults.yaml").read_text(encoding="utf-8"))


ALIASES = {"monthly_due": "periodic_due"}


def table(kind: str) -> list:
    from ..rulesets import DecisionRule

    return [DecisionRule.model_validate(row) for row in _doc()[ALIASES.get(kind, kind)]["table"]]


def messages(kind: str) -> dict[str, str]:
    return dict(_doc()[ALIASES.get(kind, kind)]["messages"])
