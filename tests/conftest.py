from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULESETS = ROOT / "rulesets"
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def sample_spec(path: Path) -> dict:
    """samples/<id>.expected.json with its paths made absolute: ruleset, records, the mapping
    of its exports (`map`, or None) and the calendar folders."""
    import json

    spec = json.loads(path.read_text(encoding="utf-8"))
    spec["ruleset"] = ROOT / spec["ruleset"]
    spec["records"] = ROOT / spec["records"]
    spec["map"] = ROOT / spec["map"] if spec.get("map") else None
    spec["calendar_dirs"] = [ROOT / d for d in spec.get("calendar_dirs", [])]
    return spec


def sample_cli_args(spec: dict) -> list[str]:
    """`compliance check` arguments for a sample (ruleset, records, as-of, mapping)."""
    args = [str(spec["ruleset"]), str(spec["records"]), "--as-of", spec["as_of"]]
    return args + (["--map", str(spec["map"])] if spec["map"] else [])
