"""docs/kinds.md is the complete reference of the record kinds, and the project stands on its own:
no file refers to a path outside the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest

from compliance import reference
from compliance.events import EVIDENCE_VALUES, KINDS, EventBase

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "kinds.md"
MODELS = [EventBase, *KINDS.values()]


def literal_values(annotation: Any) -> list[str]:
    if get_origin(annotation) is Literal:
        return [str(v) for v in get_args(annotation)]
    return [v for a in get_args(annotation) for v in literal_values(a)]


def test_doc_carries_the_generated_reference():
    text = DOC.read_text(encoding="utf-8")
    assert reference.generated_part(text) == reference.record_kinds_markdown(), (
        "docs/kinds.md is out of date: run python -m compliance.reference"
    )


def test_every_field_has_a_description():
    missing = [
        f"{model.__name__}.{name}"
        for model in MODELS
        for name, f in model.model_fields.items()
        if not (f.description or "").strip()
    ]
    assert not missing


def test_every_kind_field_and_allowed_value_is_in_the_doc():
    part = reference.generated_part(DOC.read_text(encoding="utf-8"))
    for kind, model in KINDS.items():
        section = part.split(f"## `{kind}` ", 1)[1].split("\n## ", 1)[0]
        for name, f in model.model_fields.items():
            if name in EventBase.model_fields:
                continue
            row = next((r for r in section.splitlines() if r.startswith(f"| `{name}` |")), None)
            assert row is not None, f"{kind}.{name} has no row"
            for value in literal_values(f.annotation):
                assert f"`{value}`" in row, f"{kind}.{name}: {value} not listed"
    for value in EVIDENCE_VALUES:
        assert f"`{value}`" in part


def test_rewrite_and_check(tmp_path, capsys):
    doc = tmp_path / "kinds.md"
    doc.write_text(
        f"# Hand-written\n\n{reference.BEGIN}\n\nstale\n\n{reference.END}\n\nTail.\n",
        encoding="utf-8",
    )
    assert reference.main(["--check", str(doc)]) == 1
    assert "stale" in doc.read_text(encoding="utf-8")
    assert reference.main([str(doc)]) == 0
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Hand-written\n\n") and text.endswith(f"{reference.END}\n\nTail.\n")
    assert reference.generated_part(text) == reference.record_kinds_markdown()
    assert reference.main(["--check", str(doc)]) == 0
    doc.write_text("no markers\n", encoding="utf-8")
    assert reference.main(["--check", str(doc)]) == 2
    assert "no marker lines" in capsys.readouterr().err


# written so that this file does not match itself
OUTSIDE = re.compile(r"\bshared[/]|[/]work[/]")


def test_no_file_refers_to_a_path_outside_the_repo():
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    found = []
    for name in listed.decode().split("\0"):
        path = ROOT / name
        if not name or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue  # binary
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # binary, or a GB18030 sample
        for lineno, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{name}:{lineno}: {line.strip()}")
    assert not found, "paths outside the repository:\n" + "\n".join(found)
