"""The event path of one gateway process: the outbox, the intake of callbacks, the webhook worker,
and the reads behind `/v1/events`. Built by the runtime when the configuration has `events:`,
opened and closed with the application."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import msgspec
from opentelemetry import trace

from contracts.events import CloudEvent, DeliveryStatus
from gateway.events.delivery import DeliveryWorker
from gateway.events.intake import CallbackIntake
from gateway.events.metrics import EventMetrics
from gateway.events.outbox import DeliveryPage, DeliveryRecord, Outbox, StoredEvent
from gateway.events.outbox_redis import RedisOutbox
from gateway.events.outbox_sqlite import SqliteOutbox
from gateway.events.settings import EventSettings, Subscriber

if TYPE_CHECKING:
    from gateway.runtime import Account


def open_outbox(settings: EventSettings) -> Outbox:
    if settings.outbox.redis_url is not None:
        return RedisOutbox(settings.outbox.redis_url)
    return SqliteOutbox(settings.outbox.path)


class EventService:
    def __init__(
        self,
        settings: EventSettings,
        *,
        accounts: Mapping[str, Account],
        metrics: EventMetrics,
        tracer: trace.Tracer,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.outbox = open_outbox(settings)
        self.subscribers: dict[str, Subscriber] = {s.key: s for s in settings.subscribers}
        self.worker = DeliveryWorker(
            self.outbox,
            self.subscribers,
            settings.delivery,
            retention=settings.retention,
            metrics=metrics,
            tracer=tracer,
            clock=clock,
        )
        self.intake = CallbackIntake(
            accounts=accounts,
            settings=settings,
            outbox=self.outbox,
            metrics=metrics,
            tracer=tracer,
            on_stored=self.worker.wake,
            clock=clock,
        )

    async def start(self) -> None:
        await self.outbox.open()
        await self.worker.start()

    async def stop(self, grace: float = 10.0) -> None:
        await self.worker.stop(grace)
        await self.outbox.close()

    # -- the reads of /v1/events ------------------------------------------------------------------

    async def feed(
        self, *, after: int, accounts: Sequence[str], types: Sequence[str] | None, limit: int
    ) -> tuple[list[CloudEvent], int]:
        stored, position = await self.outbox.events_after(after, accounts=accounts, types=types, limit=limit)
        return [_cloud_event(event) for event in stored], position

    def webhooks_of(self, caller: str) -> list[Subscriber]:
        return [subscriber for subscriber in self.subscribers.values() if subscriber.caller == caller]

    async def deliveries(self, caller: str, *, status: DeliveryStatus | None, after: int, limit: int) -> DeliveryPage:
        keys = [subscriber.key for subscriber in self.webhooks_of(caller)]
        return await self.outbox.deliveries(subscribers=keys, status=status, after=after, limit=limit)

    async def delivery_of(self, caller: str, delivery_id: str) -> DeliveryRecord | None:
        """The delivery when it goes to one of `caller`'s webhooks, else None (as if it did not exist)."""
        found = await self.outbox.delivery(delivery_id)
        if found is None or found.subscriber not in {s.key for s in self.webhooks_of(caller)}:
            return None
        return found

    async def redrive(self, delivery_id: str) -> DeliveryRecord | None:
        now = self.clock()
        found = await self.outbox.redrive(delivery_id, now=now, expires_at=now + self.settings.delivery.max_age)
        if found is not None:
            self.worker.wake()
        return found


def _cloud_event(event: StoredEvent) -> CloudEvent:
    return msgspec.json.decode(event.body, type=CloudEvent)
