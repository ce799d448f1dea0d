"""An account's vendor quota: a shared request rate and a per-replica concurrency limit."""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from adapters.instrumentation import VendorMetrics, add_vendor_wait
from adapters.state import StateStore
from contracts.adapter import AccountSpec
from contracts.errors import ErrorCode, GatewayError


class QuotaRefusal(GatewayError):
    """The gateway's own quota said no: retryable for the caller (after Retry-After), but the
    gateway does not retry it itself — waiting was already bounded by `max_wait`."""


class AccountQuota:
    def __init__(self, account: AccountSpec, vendor: str, state: StateStore, metrics: VendorMetrics) -> None:
        self._account = account
        self._vendor = vendor
        self._state = state
        self._metrics = metrics
        quota = account.quota
        self._slots = asyncio.Semaphore(quota.max_concurrent) if quota.max_concurrent else None
        self.rejections = 0

    @asynccontextmanager
    async def slot(self, budget: float) -> AsyncIterator[None]:
        """Room for one vendor request, waiting at most the quota's `max_wait` (and `budget`)."""
        quota = self._account.quota
        if quota.rate is None and self._slots is None:
            yield  # no quota configured: nothing to wait for
            return
        max_wait = min(quota.max_wait, budget)
        if quota.rate is not None:
            wait = await self._state.reserve(
                f"quota:{self._account.name}", rate=quota.rate, burst=quota.burst, max_wait=max_wait
            )
            if wait is None:
                raise self._refusal("rate", 1 / quota.rate)
            if wait:
                await asyncio.sleep(wait)
                add_vendor_wait(wait)
        if self._slots is None:
            yield
            return
        try:
            await asyncio.wait_for(self._slots.acquire(), timeout=max_wait)
        except TimeoutError:
            raise self._refusal("concurrency", max_wait) from None
        try:
            yield
        finally:
            self._slots.release()

    def _refusal(self, limit: str, retry_after: float) -> QuotaRefusal:
        self.rejections += 1
        self._metrics.rejected(vendor=self._vendor, account=self._account.name, limit=limit)
        return QuotaRefusal(
            ErrorCode.RATE_LIMITED,
            f"the {self._vendor} account {self._account.name!r} is at its configured request {limit} limit",
            account=self._account.name,
            vendor=self._vendor,
            retry_after=max(1, math.ceil(retry_after)),
        )
