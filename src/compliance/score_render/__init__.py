"""Renderers of a score (``compliance score --format``): plug-ins that read a ScoreReport and
write it. They never decide: every number is the report's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import UsageError
from ..registry import Registry
from ..scoring import ScoreReport


@dataclass(frozen=True)
class ScoreRenderer:
    name: str
    suffix: str
    binary: bool
    write: Callable[[ScoreReport, IO], None]
    description: str = ""


REGISTRY: Registry[ScoreRenderer] = Registry("--format")


def register(r: ScoreRenderer) -> ScoreRenderer:
    return REGISTRY.register(r.name, r)


def pick(fmt: str | None, output: Path | None) -> ScoreRenderer:
    """--format, else the -o file's suffix, else table."""
    if fmt:
        return REGISTRY.get_or_fail(fmt)
    if output is not None and str(output) != "-" and output.suffix:
        for r in REGISTRY.values():
            if r.suffix == output.suffix.lower():
                return r
        raise UsageError(f"-o {output}: cannot tell the format from the suffix {output.suffix!r}; "
                         f"give --format (one of: {', '.join(sorted(REGISTRY))})")
    return REGISTRY["table"]


def render_text(name: str, report: ScoreReport) -> str:
    import io

    buf = io.StringIO()
    REGISTRY[name].write(report, buf)
    return buf.getvalue()


def render_bytes(name: str, report: ScoreReport) -> bytes:
    import io

    r = REGISTRY[name]
    if not r.binary:
        return render_text(name, report).encode("utf-8")
    buf = io.BytesIO()
    r.write(report, buf)
    return buf.getvalue()


from . import htmlfmt, jsonfmt, table, xlsxfmt  # noqa: F401  (each module registers its format)
