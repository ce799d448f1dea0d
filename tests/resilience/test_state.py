"""Both state stores behave alike: claims, expiry, and one shared rate schedule."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from adapters.state import MemoryState, StateStore
from adapters.state_redis import RedisState
from tests.support.redis_server import redis_server


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture(params=["memory", "redis"])
async def store(request: pytest.FixtureRequest, redis_url: str) -> AsyncIterator[StateStore]:
    state: StateStore = MemoryState() if request.param == "memory" else RedisState(redis_url, prefix=f"t{id(request)}:")
    yield state
    await state.aclose()


async def test_claim_is_exclusive_until_it_expires(store: StateStore) -> None:
    assert await store.claim("nonce:abc", b"1", ttl=0.2)
    assert not await store.claim("nonce:abc", b"2", ttl=0.2)
    assert await store.get("nonce:abc") == b"1"
    await asyncio.sleep(0.3)
    assert await store.get("nonce:abc") is None
    assert await store.claim("nonce:abc", b"3", ttl=1)


async def test_put_get_delete(store: StateStore) -> None:
    await store.put("k", b"v", ttl=5)
    assert await store.get("k") == b"v"
    await store.delete("k")
    assert await store.get("k") is None


async def test_reserve_paces_requests_and_refuses_long_waits(store: StateStore) -> None:
    waits = [await store.reserve("bucket", rate=10, burst=2, max_wait=0.5) for _ in range(6)]
    assert waits[0] == 0
    assert waits[1] == 0  # the burst
    assert all(w is not None for w in waits)
    for slot, wait in enumerate(waits[2:], start=1):
        # Each further request waits one more interval (less the little time the test itself took).
        assert wait is not None
        assert slot * 0.1 - 0.05 <= wait <= slot * 0.1 + 0.001
    assert await store.reserve("bucket", rate=10, burst=2, max_wait=0.3) is None


async def test_concurrent_claims_have_one_winner(store: StateStore) -> None:
    results = await asyncio.gather(*(store.claim("lock", b"x", ttl=5) for _ in range(20)))
    assert results.count(True) == 1


async def test_memory_state_forgets_expired_keys_nobody_reads_again() -> None:
    state = MemoryState()
    for n in range(100):
        assert await state.claim(f"nonce:{n}", b"", ttl=0.05)  # a nonce is claimed once, never read
    await state.put("idempotency:kept", b"answer", ttl=60)
    await state.put("rewritten", b"1", ttl=0.05)
    await state.put("rewritten", b"2", ttl=60)  # its first deadline must not expire it
    await asyncio.sleep(0.1)
    await state.put("idempotency:next", b"answer", ttl=60)  # any write sweeps what has expired
    assert set(state._items) == {"idempotency:kept", "rewritten", "idempotency:next"}
    assert await state.get("rewritten") == b"2"
