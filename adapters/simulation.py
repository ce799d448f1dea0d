"""Support for vendor simulators: a controllable clock and the kit each vendor package exposes."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Protocol

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


class SimClock:
    """Wall-clock time for demo mode; frozen and advanced by hand in tests."""

    def __init__(self, start: float | None = None) -> None:
        self._frozen = start
        self._offset = 0.0

    @classmethod
    def frozen(cls, start: float) -> SimClock:
        return cls(start)

    def now(self) -> float:
        base = self._frozen if self._frozen is not None else time.time()
        return base + self._offset

    def advance(self, seconds: float) -> None:
        self._offset += seconds


class SimulatorKit(Protocol):
    """What a vendor package offers for simulation.

    `create_app` builds a fresh, stateful simulator (an ASGI app). `account_config` is the account
    block (without `vendor`) that points an adapter at a simulator served on `base_url`, with the
    credentials the simulator was seeded with.
    """

    def create_app(self, *, clock: SimClock, demo: bool = False) -> ASGIApp: ...

    def account_config(self, *, base_url: str) -> dict[str, Any]: ...
