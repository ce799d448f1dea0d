"""The outbox: one interface, two stores (an SQLite file by default, Redis for several replicas).

What it keeps:

- events, each once: inserting an event whose id is already there is a no-op (deduplication of
  vendor retries), and every event gets an arrival sequence number (the pull feed's order);
- one delivery per (event, subscriber), created in the same atomic step as its event, with its
  status (pending, delivered, dead), attempts, next attempt time and last error.

A delivery is *claimed* before it is sent: the claim is a lease (owner token, expiry) that other
workers - other replicas, other processes on the same file - respect, so a due delivery is sent by
one worker at a time; a worker that dies mid-delivery loses its lease when it expires and another
worker (or the same one after a restart) takes the delivery over. Settling a delivery checks that
the lease is still held, so a worker whose lease ran out cannot overwrite its successor's work.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import msgspec

from contracts.events import DeliveryStatus


class NewDelivery(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    subscriber: str
    created_at: float
    expires_at: float  # after this the delivery is dead rather than retried


class NewEvent(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    account: str
    type: str
    received_at: float
    trace: str | None  # W3C traceparent of the callback that reported it
    body: bytes  # the CloudEvent, exactly as delivered
    deliveries: tuple[NewDelivery, ...] = ()


class StoredEvent(msgspec.Struct, frozen=True, kw_only=True):
    seq: int
    id: str
    account: str
    type: str
    received_at: float
    trace: str | None
    body: bytes


class DeliveryRecord(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    event_id: str
    account: str
    type: str
    subscriber: str
    status: DeliveryStatus
    attempts: int
    created_at: float
    expires_at: float
    next_attempt_at: float | None = None
    last_attempt_at: float | None = None
    delivered_at: float | None = None
    last_error: str | None = None


class Claim(msgspec.Struct, frozen=True, kw_only=True):
    delivery: DeliveryRecord
    event: StoredEvent
    owner: str


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """What became of one attempt: `status` delivered, pending (retry at `next_attempt_at`) or dead."""

    status: DeliveryStatus
    at: float
    next_attempt_at: float | None = None
    error: str | None = None


class DeliveryPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[DeliveryRecord]
    next_position: int | None  # None: no more


class RedriveRefused(Exception):
    """A delivered delivery cannot be sent again by hand."""


class Outbox(Protocol):
    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def ping(self) -> bool: ...

    async def add(self, events: Sequence[NewEvent]) -> list[bool]:
        """Store the events that are new (with their deliveries), atomically per event; True for
        each one stored now, False for each that was already there."""
        ...

    async def claim(self, *, now: float, limit: int, lease: float, owner: str) -> list[Claim]:
        """Lease up to `limit` pending deliveries that are due and not leased by anyone."""
        ...

    async def settle(self, claim: Claim, outcome: Outcome) -> bool:
        """Record an attempt's outcome and release the lease; False (nothing written) when the
        lease is no longer this claim's. A success keeps the last error of the attempts before it."""
        ...

    async def events_after(
        self, seq: int, *, accounts: Sequence[str], types: Sequence[str] | None, limit: int
    ) -> tuple[list[StoredEvent], int]:
        """Events of `accounts` (and `types`, when given) that arrived after `seq`, oldest first,
        and the position to continue from (past everything examined, even events filtered out)."""
        ...

    async def deliveries(
        self, *, subscribers: Sequence[str], status: DeliveryStatus | None, after: int, limit: int
    ) -> DeliveryPage: ...

    async def redrive(self, delivery_id: str, *, now: float, expires_at: float) -> DeliveryRecord | None:
        """Make a dead (or pending) delivery due now with a fresh window; None when unknown;
        RedriveRefused when it was delivered."""
        ...

    async def delivery(self, delivery_id: str) -> DeliveryRecord | None: ...

    async def depth(self) -> dict[DeliveryStatus, int]:
        """How many deliveries are pending and dead."""
        ...

    async def prune(self, *, before: float) -> int:
        """Forget events that arrived before `before` and have no pending delivery (with their
        deliveries). Their ids stop deduplicating: the retention must outlast vendor retries."""
        ...
