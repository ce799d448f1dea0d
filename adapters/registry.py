"""Adapter discovery through the `switchboard.adapters` entry-point group.

Names are listed without importing anything; a vendor's code is imported the first time it is
needed. A plugin that fails to import, or whose declarations disagree with its methods, is
reported and skipped; the other vendors keep working.
"""

from __future__ import annotations

import logging
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from adapters.base import AdapterBase, capability_drift

ENTRY_POINT_GROUP = "switchboard.adapters"

log = logging.getLogger(__name__)


class UnknownVendor(LookupError):
    pass


class AdapterRegistry:
    def __init__(self, entries: dict[str, EntryPoint] | None = None) -> None:
        self._entries: dict[str, EntryPoint] = dict(entries or {})
        self._loaded: dict[str, type[AdapterBase[Any]]] = {}
        self.broken: dict[str, str] = {}

    @classmethod
    def from_entry_points(cls) -> AdapterRegistry:
        return cls({ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)})

    def register(self, vendor: str, adapter: type[AdapterBase[Any]]) -> None:
        """Add an adapter class directly (tests, embedding)."""
        self._check(vendor, adapter)
        self._loaded[vendor] = adapter

    def names(self) -> list[str]:
        return sorted(set(self._entries) | set(self._loaded))

    def get(self, vendor: str) -> type[AdapterBase[Any]]:
        if vendor in self._loaded:
            return self._loaded[vendor]
        if vendor in self.broken:
            raise UnknownVendor(f"adapter {vendor!r} failed to load: {self.broken[vendor]}")
        entry = self._entries.get(vendor)
        if entry is None:
            raise UnknownVendor(f"no adapter named {vendor!r}; installed: {', '.join(self.names()) or 'none'}")
        try:
            adapter: type[AdapterBase[Any]] = entry.load()
            self._check(vendor, adapter)
        except Exception as exc:  # a plugin's failure must not take the gateway down
            self.broken[vendor] = f"{type(exc).__name__}: {exc}"
            log.error("adapter plugin %r skipped: %s", vendor, self.broken[vendor])
            raise UnknownVendor(f"adapter {vendor!r} failed to load: {self.broken[vendor]}") from None
        self._loaded[vendor] = adapter
        return adapter

    def available(self) -> dict[str, type[AdapterBase[Any]]]:
        """Every adapter that loads; broken ones end up in `broken`."""
        found = {}
        for name in self.names():
            try:
                found[name] = self.get(name)
            except UnknownVendor:
                continue
        return found

    @staticmethod
    def _check(vendor: str, adapter: Any) -> None:
        if not (isinstance(adapter, type) and issubclass(adapter, AdapterBase)):
            raise TypeError(f"{adapter!r} is not an AdapterBase subclass")
        if adapter.vendor != vendor:
            raise TypeError(f"entry point {vendor!r} loads an adapter for {adapter.vendor!r}")
        if drift := capability_drift(adapter):
            raise TypeError("; ".join(drift))
