"""A small registry of plug-ins by name (the check's renderers, the weekly report's formats)."""

from __future__ import annotations

from typing import Generic, TypeVar

from .errors import UsageError

T = TypeVar("T")


class Registry(Generic[T], dict[str, T]):
    """Plug-ins by name; ``get`` of an unknown name is a usage error listing the known ones."""

    def __init__(self, what: str):
        super().__init__()
        self.what = what  # e.g. "--format", named in the error

    def register(self, name: str, plugin: T) -> T:
        if name in self:
            raise ValueError(f"{self.what}: {name!r} registered twice")
        self[name] = plugin
        return plugin

    def get_or_fail(self, name: str) -> T:
        try:
            return self[name]
        except KeyError:
            raise UsageError(f"{self.what}: unknown format {name!r}; one of: {', '.join(sorted(self))}") from None
