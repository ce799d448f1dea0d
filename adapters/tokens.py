"""Vendor access tokens: cached per account, refreshed early, fetched once however many wait.

A `TokenCache` holds one token. `get()` answers the cached token while it has more than
`refresh_margin` of its life left; otherwise the first caller fetches a new one and every caller
that arrives meanwhile awaits that same fetch (single flight), so a burst of requests after expiry
costs the vendor one token call. `invalidate(token)` drops a token the vendor refused (HTTP 401);
the next `get()` fetches afresh — adapters then retry the refused request once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import msgspec

from contracts.context import OperationContext


class Token(msgspec.Struct, frozen=True):
    value: str
    expires_at: float  # epoch seconds


class TokenCache:
    def __init__(
        self,
        fetch: Callable[[OperationContext], Awaitable[Token]],
        *,
        clock: Callable[[], float],
        refresh_margin: float = 0.0,
        refresh_fraction: float = 0.0,
        report: Callable[[str], None] | None = None,
    ) -> None:
        """`fetch` gets a new token from the vendor. A token counts as due for renewal once less
        than `refresh_margin` seconds, or less than `refresh_fraction` of its lifetime, is left
        (Sobot: "obtain the token again when the access_token timeout time is halfway over").
        `report` hears the outcome of each fetch ("success" or "failure"): pass
        `VendorHttp.token_refreshed` so that refreshes reach the metrics.
        """
        self._fetch = fetch
        self._clock = clock
        self._margin = refresh_margin
        self._fraction = refresh_fraction
        self._report = report
        self._token: Token | None = None
        self._renew_at = 0.0
        self._inflight: asyncio.Future[Token] | None = None
        self.fetches = 0

    async def get(self, ctx: OperationContext) -> str:
        token = self._token
        if token is not None and self._clock() < self._renew_at:
            return token.value
        if self._inflight is None:
            self._inflight = asyncio.ensure_future(self._refresh(ctx))
            self._inflight.add_done_callback(self._forget)
        return (await asyncio.shield(self._inflight)).value

    def invalidate(self, value: str) -> None:
        """Forget `value` if it is still the cached token (another request may have renewed it)."""
        if self._token is not None and self._token.value == value:
            self._token = None

    async def _refresh(self, ctx: OperationContext) -> Token:
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
        self._token = token
        self._renew_at = token.expires_at - max(self._margin, lifetime * self._fraction)
        return token

    def _forget(self, done: asyncio.Future[Token]) -> None:
        self._inflight = None
        if not done.cancelled():
            done.exception()  # a failed fetch is reported to its waiters, not logged as unretrieved
