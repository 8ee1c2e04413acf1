"""Renderers: read a Report, return text. They never compute a verdict."""

from __future__ import annotations

from collections.abc import Callable

from ..findings import Report
from .csvfmt import render_csv
from .jsonfmt import render_json
from .table import render_table

RENDERERS: dict[str, Callable[[Report], str]] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
}
