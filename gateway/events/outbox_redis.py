"""The outbox in Redis, for several replicas behind one Service (configure `state.redis_url`).

Same semantics as the SQLite file (see `outbox`), in Redis structures; every multi-key change is a
Lua script, so it is atomic. All keys share one hash tag (`{events}`), so a Redis Cluster keeps
them in one slot. Per event a hash; per account a sorted set of event ids scored by the arrival
sequence (the feed); per delivery a hash; one sorted set of pending deliveries scored by their
next attempt time (`due`); one sorted set per status for the listings; and a lease per delivery
(an owner token and an expiry) taken by the claim script, released by the settle script only if
still held. Durability is Redis': run it with AOF persistence (`appendonly yes`) so that an
acknowledged callback survives a Redis restart.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Final

import redis.asyncio as redis

from contracts.events import DeliveryStatus
from gateway.events.outbox import (
    Claim,
    DeliveryPage,
    DeliveryRecord,
    NewEvent,
    Outcome,
    RedriveRefused,
    StoredEvent,
)

DEFAULT_PREFIX: Final = "switchboard:{events}:"
log = logging.getLogger(__name__)

_CHUNK: Final = 200
_MAX_ROUNDS: Final = 20

_ADD: Final = """
local p = ARGV[1]
local ekey = p .. 'event:' .. ARGV[2]
if redis.call('EXISTS', ekey) == 1 then return 0 end
local seq = redis.call('INCR', p .. 'seq')
local ids = {}
for i = 0, tonumber(ARGV[8]) - 1 do
  local b = 9 + i * 4
  local did = ARGV[b]
  local dseq = redis.call('INCR', p .. 'dseq')
  redis.call('HSET', p .. 'delivery:' .. did, 'seq', dseq, 'event_id', ARGV[2], 'subscriber', ARGV[b + 1],
    'status', 'pending', 'attempts', 0, 'created_at', ARGV[b + 2], 'expires_at', ARGV[b + 3],
    'next_attempt_at', ARGV[b + 2], 'account', ARGV[3], 'type', ARGV[4])
  redis.call('ZADD', p .. 'due', ARGV[b + 2], did)
  redis.call('ZADD', p .. 'list:all', dseq, did)
  redis.call('ZADD', p .. 'list:pending', dseq, did)
  ids[#ids + 1] = did
end
redis.call('HSET', ekey, 'seq', seq, 'account', ARGV[3], 'type', ARGV[4], 'received_at', ARGV[5],
  'trace', ARGV[6], 'body', ARGV[7], 'deliveries', table.concat(ids, ','))
redis.call('ZADD', p .. 'feed:' .. ARGV[3], seq, ARGV[2])
redis.call('ZADD', p .. 'received', ARGV[5], ARGV[2])
return seq
"""

# A lease is "<owner>|<until>" in the outbox's own clock (the callers' `now`), like the SQLite
# file's, so that both stores judge expiry alike; the key's TTL only tidies up after dead workers.
_CLAIM: Final = """
local p, now, limit, owner = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local ids = redis.call('ZRANGEBYSCORE', p .. 'due', '-inf', ARGV[2], 'LIMIT', 0, limit * 4)
local got = {}
for _, did in ipairs(ids) do
  if #got >= limit then break end
  local lk = p .. 'lease:' .. did
  local held = redis.call('GET', lk)
  local until_ = held and tonumber(string.match(held, '|([^|]*)$'))
  if not until_ or until_ <= now then
    redis.call('SET', lk, owner .. '|' .. ARGV[6], 'PX', ARGV[5])
    got[#got + 1] = did
  end
end
return got
"""

_HELD_BY: Final = """
local function held_by(key, owner)
  local held = redis.call('GET', key)
  return held and string.sub(held, 1, #owner + 1) == owner .. '|'
end
"""

_SETTLE: Final = (
    _HELD_BY
    + """
local p, did = ARGV[1], ARGV[2]
local lk = p .. 'lease:' .. did
if not held_by(lk, ARGV[3]) then return 0 end
local dk = p .. 'delivery:' .. did
if redis.call('HGET', dk, 'status') ~= 'pending' then redis.call('DEL', lk) return 0 end
local dseq = redis.call('HGET', dk, 'seq')
redis.call('HINCRBY', dk, 'attempts', 1)
redis.call('HSET', dk, 'status', ARGV[4], 'last_attempt_at', ARGV[5], 'next_attempt_at', ARGV[6])
if ARGV[7] ~= '' then redis.call('HSET', dk, 'last_error', ARGV[7]) end
if ARGV[4] == 'pending' then
  redis.call('ZADD', p .. 'due', ARGV[6], did)
else
  redis.call('ZREM', p .. 'due', did)
  redis.call('ZREM', p .. 'list:pending', did)
  redis.call('ZADD', p .. 'list:' .. ARGV[4], dseq, did)
  if ARGV[4] == 'delivered' then redis.call('HSET', dk, 'delivered_at', ARGV[5]) end
end
redis.call('DEL', lk)
return 1
"""
)

_RELEASE: Final = (
    _HELD_BY
    + """
if held_by(KEYS[1], ARGV[1]) then redis.call('DEL', KEYS[1]) end
return 0
"""
)

_REDRIVE: Final = """
local p, did = ARGV[1], ARGV[2]
local dk = p .. 'delivery:' .. did
local status = redis.call('HGET', dk, 'status')
if not status then return 'missing' end
if status == 'delivered' then return 'delivered' end
redis.call('HSET', dk, 'status', 'pending', 'attempts', 0, 'next_attempt_at', ARGV[3], 'expires_at', ARGV[4])
redis.call('ZADD', p .. 'due', ARGV[3], did)
redis.call('ZREM', p .. 'list:dead', did)
redis.call('ZADD', p .. 'list:pending', redis.call('HGET', dk, 'seq'), did)
return 'ok'
"""

_PRUNE: Final = """
local p = ARGV[1]
local ids = redis.call('ZRANGEBYSCORE', p .. 'received', '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
local removed = 0
for _, eid in ipairs(ids) do
  local ek = p .. 'event:' .. eid
  local deliveries = redis.call('HGET', ek, 'deliveries') or ''
  local pending = false
  for did in string.gmatch(deliveries, '[^,]+') do
    if redis.call('HGET', p .. 'delivery:' .. did, 'status') == 'pending' then pending = true end
  end
  if not pending then
    for did in string.gmatch(deliveries, '[^,]+') do
      redis.call('DEL', p .. 'delivery:' .. did)
      for _, list in ipairs({'due', 'list:all', 'list:pending', 'list:delivered', 'list:dead'}) do
        redis.call('ZREM', p .. list, did)
      end
    end
    local account = redis.call('HGET', ek, 'account')
    if account then redis.call('ZREM', p .. 'feed:' .. account, eid) end
    redis.call('ZREM', p .. 'received', eid)
    redis.call('DEL', ek)
    removed = removed + 1
  end
end
return removed
"""


def _text(value: bytes | None) -> str | None:
    return None if value is None or value == b"" else value.decode("utf-8")


def _number(value: bytes | None) -> float | None:
    return None if value is None or value == b"" else float(value)


def _delivery(delivery_id: str, fields: dict[bytes, bytes]) -> DeliveryRecord:
    return DeliveryRecord(
        id=delivery_id,
        event_id=fields[b"event_id"].decode(),
        account=fields[b"account"].decode(),
        type=fields[b"type"].decode(),
        subscriber=fields[b"subscriber"].decode(),
        status=DeliveryStatus(fields[b"status"].decode()),
        attempts=int(fields.get(b"attempts", b"0")),
        created_at=float(fields[b"created_at"]),
        expires_at=float(fields[b"expires_at"]),
        next_attempt_at=_number(fields.get(b"next_attempt_at")),
        last_attempt_at=_number(fields.get(b"last_attempt_at")),
        delivered_at=_number(fields.get(b"delivered_at")),
        last_error=_text(fields.get(b"last_error")),
    )


def _event(event_id: str, fields: dict[bytes, bytes]) -> StoredEvent:
    return StoredEvent(
        seq=int(fields[b"seq"]),
        id=event_id,
        account=fields[b"account"].decode(),
        type=fields[b"type"].decode(),
        received_at=float(fields[b"received_at"]),
        trace=_text(fields.get(b"trace")),
        body=fields[b"body"],
    )


class RedisOutbox:
    def __init__(self, url: str, *, prefix: str = DEFAULT_PREFIX) -> None:
        self._redis: Any = redis.Redis.from_url(url)
        self._prefix = prefix
        self._add = self._redis.register_script(_ADD)
        self._claim = self._redis.register_script(_CLAIM)
        self._settle = self._redis.register_script(_SETTLE)
        self._release = self._redis.register_script(_RELEASE)
        self._redrive = self._redis.register_script(_REDRIVE)
        self._prune = self._redis.register_script(_PRUNE)

    def _key(self, *parts: str) -> str:
        return self._prefix + ":".join(parts)

    async def open(self) -> None:
        # Redis may come up after the gateway: start anyway — readiness reports it, deliveries
        # and callbacks wait (503) until it answers.
        if not await self.ping():
            log.warning("the Redis outbox does not answer yet")

    async def close(self) -> None:
        await self._redis.aclose()

    async def ping(self) -> bool:
        try:
            return bool(await self._redis.ping())
        except redis.RedisError:
            return False

    # -- events ---------------------------------------------------------------------------------

    async def add(self, events: Sequence[NewEvent]) -> list[bool]:
        stored = []
        for event in events:
            args: list[str | int | bytes] = [
                self._prefix,
                event.id,
                event.account,
                event.type,
                repr(event.received_at),
                event.trace or "",
                event.body,
                len(event.deliveries),
            ]
            for delivery in event.deliveries:
                args += [delivery.id, delivery.subscriber, repr(delivery.created_at), repr(delivery.expires_at)]
            stored.append(int(await self._add(args=args)) > 0)
        return stored

    async def events_after(
        self, seq: int, *, accounts: Sequence[str], types: Sequence[str] | None, limit: int
    ) -> tuple[list[StoredEvent], int]:
        wanted = None if types is None else set(types)
        found: list[StoredEvent] = []
        position = seq
        for _ in range(_MAX_ROUNDS):
            ids, horizon = await self._feed_slice(position, accounts)
            for event_id, event_seq in ids:
                fields = await self._redis.hgetall(self._key("event", event_id))
                position = event_seq
                if fields and (wanted is None or fields[b"type"].decode() in wanted):
                    found.append(_event(event_id, fields))
                    if len(found) == limit:
                        return found, position
            if horizon is None:  # every account's feed was read to its end
                break
            position = max(position, horizon)
        return found, position

    async def _feed_slice(self, after: int, accounts: Sequence[str]) -> tuple[list[tuple[str, int]], int | None]:
        """The next ids of the accounts' feeds, merged in arrival order, up to the point every
        feed was read to; and that point (None when every feed was exhausted)."""
        merged: list[tuple[str, int]] = []
        horizon: int | None = None
        for account in accounts:
            rows = await self._redis.zrangebyscore(
                self._key("feed", account), f"({after}", "+inf", start=0, num=_CHUNK, withscores=True
            )
            merged += [(member.decode(), int(score)) for member, score in rows]
            if len(rows) == _CHUNK:
                last = int(rows[-1][1])
                horizon = last if horizon is None else min(horizon, last)
        merged.sort(key=lambda pair: pair[1])
        return [pair for pair in merged if horizon is None or pair[1] <= horizon], horizon

    async def prune(self, *, before: float) -> int:
        removed = 0
        while True:
            count = int(await self._prune(args=[self._prefix, repr(before), _CHUNK]))
            removed += count
            if count < _CHUNK:
                return removed

    # -- deliveries -----------------------------------------------------------------------------

    async def claim(self, *, now: float, limit: int, lease: float, owner: str) -> list[Claim]:
        tidy_after = max(1, int(lease * 2000) + 60_000)  # ms; well past the lease itself
        ids = await self._claim(args=[self._prefix, repr(now), limit, owner, tidy_after, repr(now + lease)])
        claims = []
        for raw in ids:
            delivery_id = raw.decode()
            fields = await self._redis.hgetall(self._key("delivery", delivery_id))
            event = await self._redis.hgetall(self._key("event", fields[b"event_id"].decode())) if fields else None
            if not fields or not event or fields[b"status"] != b"pending":
                # Pruned or settled meanwhile: nothing to send.
                await self._redis.zrem(self._key("due"), delivery_id)
                await self._release(keys=[self._key("lease", delivery_id)], args=[owner])
                continue
            claims.append(
                Claim(
                    delivery=_delivery(delivery_id, fields),
                    event=_event(fields[b"event_id"].decode(), event),
                    owner=owner,
                )
            )
        return claims

    async def settle(self, claim: Claim, outcome: Outcome) -> bool:
        args = [
            self._prefix,
            claim.delivery.id,
            claim.owner,
            outcome.status.value,
            repr(outcome.at),
            repr(outcome.next_attempt_at) if outcome.next_attempt_at is not None else "",
            outcome.error or "",
        ]
        return bool(int(await self._settle(args=args)))

    async def deliveries(
        self, *, subscribers: Sequence[str], status: DeliveryStatus | None, after: int, limit: int
    ) -> DeliveryPage:
        wanted = {subscriber.encode() for subscriber in subscribers}
        if not wanted:
            return DeliveryPage(items=[], next_position=None)
        key = self._key("list", status.value if status else "all")
        found: list[tuple[DeliveryRecord, int]] = []
        position = after
        for _ in range(_MAX_ROUNDS):
            rows = await self._redis.zrangebyscore(key, f"({position}", "+inf", start=0, num=_CHUNK, withscores=True)
            for member, score in rows:
                position = int(score)
                fields = await self._redis.hgetall(self._key("delivery", member.decode()))
                if fields and fields[b"subscriber"] in wanted:
                    found.append((_delivery(member.decode(), fields), position))
                    if len(found) > limit:
                        return DeliveryPage(
                            items=[item for item, _ in found[:limit]], next_position=found[limit - 1][1]
                        )
            if len(rows) < _CHUNK:
                return DeliveryPage(items=[item for item, _ in found], next_position=None)
        # Scanned as far as one request may: the rest is behind `position`.
        return DeliveryPage(items=[item for item, _ in found], next_position=position)

    async def delivery(self, delivery_id: str) -> DeliveryRecord | None:
        fields = await self._redis.hgetall(self._key("delivery", delivery_id))
        return _delivery(delivery_id, fields) if fields else None

    async def redrive(self, delivery_id: str, *, now: float, expires_at: float) -> DeliveryRecord | None:
        answer = await self._redrive(args=[self._prefix, delivery_id, repr(now), repr(expires_at)])
        if answer == b"delivered":
            raise RedriveRefused(delivery_id)
        return await self.delivery(delivery_id) if answer == b"ok" else None

    async def depth(self) -> dict[DeliveryStatus, int]:
        pending = await self._redis.zcard(self._key("list", "pending"))
        dead = await self._redis.zcard(self._key("list", "dead"))
        return {DeliveryStatus.PENDING: int(pending), DeliveryStatus.DEAD: int(dead)}
