"""Renderers: plug-ins that read a Report and write it to a stream. They never decide.

Each format is one module that registers a :class:`Renderer` (name, file suffix, text or
binary, ``write(report, stream)``). ``compliance check --format`` lists what is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from ..registry import Registry
from ..findings import Report


@dataclass(frozen=True)
class Renderer:
    name: str
    suffix: str  # the file suffix of the format, e.g. ".json"
    binary: bool  # False: write() takes a text stream (UTF-8); True: a binary one
    write: Callable[[Report, IO], None]
    description: str = ""


REGISTRY: Registry[Renderer] = Registry("--format")


def register(renderer: Renderer) -> Renderer:
    return REGISTRY.register(renderer.name, renderer)


def get(name: str) -> Renderer:
    return REGISTRY.get_or_fail(name)


def by_suffix(suffix: str) -> Renderer | None:
    """The renderer whose files end in ``suffix`` (case-insensitive), if any."""
    for r in REGISTRY.values():
        if r.suffix == suffix.lower():
            return r
    return None


def render_text(name: str, report: Report) -> str:
    """A text format rendered to a string (tests, the cases runner)."""
    import io

    r = get(name)
    if r.binary:
        raise ValueError(f"{name} is a binary format")
    buf = io.StringIO()
    r.write(report, buf)
    return buf.getvalue()


from . import csvfmt, jsonfmt, table  # noqa: E402,F401  (each module registers its format)
