"""The shared token cache: expiry, early refresh, single flight, invalidation."""

from __future__ import annotations

import asyncio

import pytest

from adapters.simulation import SimClock
from adapters.tokens import Token, TokenCache
from contracts.context import OperationContext

CTX = OperationContext(account="a", request_id="r")


class Issuer:
    def __init__(self, clock: SimClock, lifetime: float) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self.issued = 0
        self.fail_next = False

    async def __call__(self, ctx: OperationContext) -> Token:
        await asyncio.sleep(0.01)  # lets concurrent callers pile up behind the fetch
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("vendor down")
        self.issued += 1
        return Token(f"t{self.issued}", self.clock.now() + self.lifetime)


async def test_many_waiters_one_fetch() -> None:
    clock = SimClock.frozen(1000)
    issuer = Issuer(clock, 3600)
    cache = TokenCache(issuer, clock=clock.now, refresh_margin=60)
    tokens = await asyncio.gather(*(cache.get(CTX) for _ in range(50)))
    assert set(tokens) == {"t1"}
    assert issuer.issued == 1


async def test_refreshes_before_expiry_by_margin_or_fraction() -> None:
    clock = SimClock.frozen(1000)
    issuer = Issuer(clock, 3600)
    cache = TokenCache(issuer, clock=clock.now, refresh_margin=60)
    assert await cache.get(CTX) == "t1"
    clock.advance(3600 - 61)
    assert await cache.get(CTX) == "t1"
    clock.advance(2)
    assert await cache.get(CTX) == "t2"

    halfway = TokenCache(Issuer(clock, 100), clock=clock.now, refresh_fraction=0.5)
    assert await halfway.get(CTX) == "t1"
    clock.advance(49)
    assert await halfway.get(CTX) == "t1"
    clock.advance(2)
    assert await halfway.get(CTX) == "t2"


async def test_invalidate_only_drops_the_refused_token() -> None:
    clock = SimClock.frozen(1000)
    cache = TokenCache(Issuer(clock, 3600), clock=clock.now)
    assert await cache.get(CTX) == "t1"
    cache.invalidate("t0")  # an older token: nothing happens
    assert await cache.get(CTX) == "t1"
    cache.invalidate("t1")
    assert await cache.get(CTX) == "t2"


async def test_a_failed_fetch_reaches_every_waiter_and_the_next_call_retries() -> None:
    clock = SimClock.frozen(1000)
    issuer = Issuer(clock, 3600)
    cache = TokenCache(issuer, clock=clock.now)
    issuer.fail_next = True
    results = await asyncio.gather(*(cache.get(CTX) for _ in range(5)), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results)
    assert await cache.get(CTX) == "t1"


async def test_a_cancelled_waiter_does_not_cancel_the_fetch() -> None:
    clock = SimClock.frozen(1000)
    issuer = Issuer(clock, 3600)
    cache = TokenCache(issuer, clock=clock.now)
    first = asyncio.ensure_future(cache.get(CTX))
    await asyncio.sleep(0)
    second = asyncio.ensure_future(cache.get(CTX))
    first.cancel()
    assert await second == "t1"
    with pytest.raises(asyncio.CancelledError):
        await first
    assert issuer.issued == 1


async def test_replicas_sharing_a_store_fetch_once_and_honour_invalidation() -> None:
    from adapters.state import MemoryState

    clock = SimClock.frozen(1000)
    issuer = Issuer(clock, 3600)
    store = MemoryState()
    replicas = [TokenCache(issuer, clock=clock.now, store=store, key="acct:company") for _ in range(3)]
    tokens = await asyncio.gather(*(replica.get(CTX) for replica in replicas for _ in range(10)))
    assert set(tokens) == {"t1"}
    assert issuer.issued == 1
    replicas[0].invalidate("t1")  # the vendor refused it: this replica must not reuse the shared copy
    assert await replicas[0].get(CTX) == "t2"
    assert await TokenCache(issuer, clock=clock.now, store=store, key="acct:company").get(CTX) == "t2"
