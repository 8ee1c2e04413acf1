"""The weekly report's renderers: plug-ins that read a :class:`~compliance.runreport.RunReport`
(the weekly run's document) and write one file each. They never decide.

Each format is one module that registers a :class:`WeeklyRenderer` (name, file name, text or
binary, ``write(report, stream, ctx)``), as ``compliance.render`` does for one contract's
findings: ``html`` (``report.html``), ``xlsx`` (``report.xlsx``), ``csv`` (``findings.csv``),
``junit`` (``junit.xml``) and ``sarif`` (``findings.sarif``). :func:`write_all` writes the
formats asked into a folder, each atomically (``compliance.fsutil.open_output``). The same
report gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..fsutil import open_output, output_folder
from ..registry import Registry
from ..runreport import RunReport
from .common import Quotes

# the project's rulesets (rulesets/<contract>/ruleset.yaml hold the quotes)
DEFAULT_RULESETS = Path(__file__).resolve().parents[3] / "rulesets"


@dataclass(frozen=True)
class Context:
    """What a renderer may read besides the report: the rulesets' quotes."""

    quotes: Quotes


@dataclass(frozen=True)
class WeeklyRenderer:
    name: str
    filename: str  # the file it writes in the output folder, e.g. "report.html"
    binary: bool  # False: write() takes a text stream (UTF-8, newlines as written); True: binary
    write: Callable[[RunReport, IO, Context], None]
    description: str = ""


REGISTRY: Registry[WeeklyRenderer] = Registry("weekly report")


def register(renderer: WeeklyRenderer) -> WeeklyRenderer:
    return REGISTRY.register(renderer.name, renderer)


def get(name: str) -> WeeklyRenderer:
    return REGISTRY.get_or_fail(name)


def context(rulesets: Path | None = DEFAULT_RULESETS) -> Context:
    return Context(Quotes(Path(rulesets) if rulesets is not None else None))


def write_all(report: RunReport, folder: Path, formats: Iterable[str], *,
              rulesets: Path | None = DEFAULT_RULESETS) -> list[Path]:
    """Write each format asked (``html``, ``xlsx``, ``csv``, ``junit``, ``sarif``; a name given
    twice is written once) into ``folder`` (created if missing, inside an existing folder), each
    file atomically; returns the files written, in the order asked. An unknown format is a
    UsageError raised before anything is written. ``rulesets``: the folder holding
    ``<contract>/ruleset.yaml``, read for the obligations' quotes (None: no quotes)."""
    renderers: list[WeeklyRenderer] = []
    for name in formats:
        r = get(name)
        if r not in renderers:
            renderers.append(r)
    folder = output_folder(folder)
    ctx = context(rulesets)
    written: list[Path] = []
    for r in renderers:
        path = folder / r.filename
        with open_output(path, binary=r.binary) as stream:
            r.write(report, stream, ctx)
        written.append(path)
    return written


def render_bytes(name: str, report: RunReport, *, rulesets: Path | None = DEFAULT_RULESETS) -> bytes:
    """One format rendered in memory (tests)."""
    import io

    r = get(name)
    ctx = context(rulesets)
    if r.binary:
        buf = io.BytesIO()
        r.write(report, buf, ctx)
        return buf.getvalue()
    sbuf = io.StringIO(newline="")
    r.write(report, sbuf, ctx)
    return sbuf.getvalue().encode("utf-8")


from . import csvfmt, htmlfmt, junit, sarif, xlsxfmt  # noqa: F401  (each module registers its format)
