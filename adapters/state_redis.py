"""The Redis `StateStore`, for several replicas (configure `state.redis_url`)."""

from __future__ import annotations

from typing import Any, Final

import redis.asyncio as redis

# GCRA in one round trip: KEYS[1] bucket; ARGV rate, burst, max_wait. Uses Redis' own clock so that
# replicas with skewed clocks still share one schedule. Returns the wait in microseconds, or -1.
_RESERVE: Final = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate, burst, max_wait = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local allowed_at = tat + 1 / rate - burst / rate
local wait = allowed_at - now
if wait < 0 then wait = 0 end
if wait > max_wait then return -1 end
local new_tat = tat + 1 / rate
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.ceil((new_tat - now) * 1000) + 1000)
return math.floor(wait * 1000000)
"""


class RedisState:
    def __init__(self, url: str, *, prefix: str = "switchboard:") -> None:
        self._redis: Any = redis.Redis.from_url(url)
        self._prefix = prefix
        self._reserve = self._redis.register_script(_RESERVE)

    def _key(self, key: str) -> str:
        return self._prefix + key

    async def get(self, key: str) -> bytes | None:
        value: bytes | None = await self._redis.get(self._key(key))
        return value

    async def put(self, key: str, value: bytes, ttl: float) -> None:
        await self._redis.set(self._key(key), value, px=max(1, int(ttl * 1000)))

    async def claim(self, key: str, value: bytes, ttl: float) -> bool:
        return bool(await self._redis.set(self._key(key), value, px=max(1, int(ttl * 1000)), nx=True))

    async def delete(self, key: str) -> None:
        await self._redis.delete(self._key(key))

    async def reserve(self, key: str, *, rate: float, burst: float, max_wait: float) -> float | None:
        micros = int(await self._reserve(keys=[self._key(key)], args=[rate, burst, max_wait]))
        return None if micros < 0 else micros / 1_000_000

    async def ping(self) -> bool:
        try:
            return bool(await self._redis.ping())
        except redis.RedisError:  # unreachable, refused, timed out: not ready, not an error
            return False

    async def aclose(self) -> None:
        await self._redis.aclose()
