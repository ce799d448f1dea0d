"""Shared state behind one small interface: in memory for one replica, Redis for many.

Idempotency records, rate-limit buckets, vendor tokens and nonce registries live here, so that
several replicas behind one Kubernetes Service share quotas, tokens and idempotency. Circuit
breakers and concurrency limits stay per replica.
"""

from __future__ import annotations

import heapq
import time
from typing import Protocol


class StateStore(Protocol):
    async def get(self, key: str) -> bytes | None: ...

    async def put(self, key: str, value: bytes, ttl: float) -> None: ...

    async def claim(self, key: str, value: bytes, ttl: float) -> bool:
        """Store `value` under `key` only if the key is free; True when this caller got it."""
        ...

    async def delete(self, key: str) -> None: ...

    async def reserve(self, key: str, *, rate: float, burst: float, max_wait: float) -> float | None:
        """Rate limiting (GCRA): reserve one request slot of a `rate`-per-second bucket holding
        `burst`. Answers how long to wait before sending (0 = now), or None — nothing reserved —
        when that wait would exceed `max_wait`."""
        ...

    async def ping(self) -> bool:
        """Reachable? (readiness)"""
        ...

    async def aclose(self) -> None: ...


class MemoryState:
    """One process's state. Expired entries are dropped on read and, since most keys (nonces,
    idempotency keys) are never read again, also once writes pass their deadlines."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[bytes, float]] = {}
        self._deadlines: list[tuple[float, str]] = []  # a heap; an entry is stale once its key is rewritten

    def _now(self) -> float:
        return time.monotonic()

    def _live(self, key: str) -> bytes | None:
        item = self._items.get(key)
        if item is None:
            return None
        if item[1] <= self._now():
            del self._items[key]
            return None
        return item[0]

    def _store(self, key: str, value: bytes, ttl: float) -> None:
        now = self._now()
        while self._deadlines and self._deadlines[0][0] <= now:
            deadline, expired = heapq.heappop(self._deadlines)
            item = self._items.get(expired)
            if item is not None and item[1] == deadline:
                del self._items[expired]
        self._items[key] = (value, now + ttl)
        heapq.heappush(self._deadlines, (now + ttl, key))

    async def get(self, key: str) -> bytes | None:
        return self._live(key)

    async def put(self, key: str, value: bytes, ttl: float) -> None:
        self._store(key, value, ttl)

    async def claim(self, key: str, value: bytes, ttl: float) -> bool:
        if self._live(key) is not None:
            return False
        self._store(key, value, ttl)
        return True

    async def delete(self, key: str) -> None:
        self._items.pop(key, None)

    async def reserve(self, key: str, *, rate: float, burst: float, max_wait: float) -> float | None:
        now = self._now()
        stored = self._live(key)
        tat = max(float(stored) if stored else now, now)
        allowed_at = tat + 1 / rate - burst / rate
        wait = max(0.0, allowed_at - now)
        if wait > max_wait:
            return None
        new_tat = tat + 1 / rate
        self._store(key, repr(new_tat).encode(), (new_tat - now) + 1)
        return wait

    async def ping(self) -> bool:
        return True

    async def aclose(self) -> None:
        self._items.clear()
        self._deadlines.clear()
