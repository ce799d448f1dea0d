"""Vendor access tokens: cached per account, refreshed early, fetched once however many wait.

A `TokenCache` holds one token. `get()` answers the cached token while it has more than
`refresh_margin` (or `refresh_fraction` of its life) left; otherwise the first caller fetches a new
one and every caller that arrives meanwhile awaits that same fetch (single flight), so a burst of
requests after expiry costs the vendor one token call. With a shared `store` (Redis, several
replicas) the token is kept there too and one replica at a time fetches, under a short lock; the
others wait for its result. `invalidate(token)` drops a token the vendor refused (HTTP 401): the
next `get()` fetches afresh — adapters then retry the refused request once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import msgspec

from adapters.state import StateStore
from contracts.context import OperationContext

LOCK_SECONDS = 10.0
POLL_SECONDS = 0.05


class Token(msgspec.Struct, frozen=True):
    value: str
    expires_at: float  # epoch seconds


class _Held(msgspec.Struct, frozen=True):
    token: Token
    renew_at: float


class TokenCache:
    def __init__(
        self,
        fetch: Callable[[OperationContext], Awaitable[Token]],
        *,
        clock: Callable[[], float],
        refresh_margin: float = 0.0,
        refresh_fraction: float = 0.0,
        report: Callable[[str], None] | None = None,
        store: StateStore | None = None,
        key: str = "",
    ) -> None:
        """`fetch` gets a new token from the vendor. A token counts as due for renewal once less
        than `refresh_margin` seconds, or less than `refresh_fraction` of its lifetime, is left
        (Sobot: "obtain the token again when the access_token timeout time is halfway over").
        `report` hears the outcome of each fetch ("success" or "failure"): pass
        `VendorHttp.token_refreshed` so that refreshes reach the metrics. `store` and `key` share
        the token between replicas (pass `VendorHttp.state` and a key naming account and kind).
        """
        self._fetch = fetch
        self._clock = clock
        self._margin = refresh_margin
        self._fraction = refresh_fraction
        self._report = report
        self._store = store if key else None
        self._key = f"token:{key}"
        self._held: _Held | None = None
        self._refused: str | None = None
        self._inflight: asyncio.Future[Token] | None = None
        self.fetches = 0

    async def get(self, ctx: OperationContext) -> str:
        held = self._held
        if held is not None and self._clock() < held.renew_at:
            return held.token.value
        if self._inflight is None:
            self._inflight = asyncio.ensure_future(self._renew(ctx))
            self._inflight.add_done_callback(self._forget)
        return (await asyncio.shield(self._inflight)).value

    def invalidate(self, value: str) -> None:
        """Forget `value` if it is still the cached token (another request may have renewed it)."""
        if self._held is not None and self._held.token.value == value:
            self._held = None
        self._refused = value

    async def _renew(self, ctx: OperationContext) -> Token:
        if self._store is None:
            return await self._fetch_and_keep(ctx)
        shared = await self._shared()
        if shared is not None:
            return shared
        lock = f"{self._key}:lock"
        if not await self._store.claim(lock, b"", LOCK_SECONDS):
            # Another replica is fetching: wait for its token rather than fetching a second one.
            for _ in range(int(LOCK_SECONDS / POLL_SECONDS)):
                await asyncio.sleep(POLL_SECONDS)
                if (shared := await self._shared()) is not None:
                    return shared
        try:
            return await self._fetch_and_keep(ctx)
        finally:
            await self._store.delete(lock)

    async def _shared(self) -> Token | None:
        assert self._store is not None
        raw = await self._store.get(self._key)
        if raw is None:
            return None
        held = msgspec.json.decode(raw, type=_Held)
        if self._clock() >= held.renew_at or held.token.value == self._refused:
            return None
        self._held = held
        return held.token

    async def _fetch_and_keep(self, ctx: OperationContext) -> Token:
        self.fetches += 1
        issued_at = self._clock()
        try:
            token = await self._fetch(ctx)
        except BaseException:
            if self._report:
                self._report("failure")
            raise
        if self._report:
            self._report("success")
        lifetime = max(0.0, token.expires_at - issued_at)
        held = _Held(token, token.expires_at - max(self._margin, lifetime * self._fraction))
        self._held = held
        if self._store is not None and lifetime > 0:
            await self._store.put(self._key, msgspec.json.encode(held), ttl=lifetime)
        return token

    def _forget(self, done: asyncio.Future[Token]) -> None:
        self._inflight = None
        if not done.cancelled():
            done.exception()  # a failed fetch is reported to its waiters, not logged as unretrieved
