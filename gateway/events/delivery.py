"""The webhook worker: claims due deliveries from the outbox, signs them, POSTs them, records what
happened, and retries with backoff until the subscriber answers 2xx or the window closes (dead).

At least once: a delivery is settled only after the subscriber answered, so a gateway killed
mid-delivery sends it again after its lease expires (here or on another replica). Every attempt of
one event carries the same `webhook-id` (the event id), which is how a subscriber recognises a
repeat. Each attempt is the root span of its own trace, linked to the trace of the callback that
reported the event.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Final

import httpx
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import Link, SpanContext, SpanKind, Status, StatusCode, TraceFlags

from contracts.events import CLOUDEVENTS_MEDIA_TYPE, DeliveryStatus
from gateway import __version__
from gateway.events.backoff import next_attempt
from gateway.events.metrics import EventMetrics
from gateway.events.outbox import Claim, Outbox, Outcome
from gateway.events.settings import DeliveryPolicy, Subscriber
from gateway.events.signing import webhook_headers

log = logging.getLogger(__name__)

HOUSEKEEPING_SECONDS: Final = 1.0
PRUNE_SECONDS: Final = 600.0
_TRACEPARENT: Final = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


def callback_link(traceparent: str | None) -> list[Link]:
    """A span link to the callback's span, from the W3C traceparent stored with the event."""
    match = _TRACEPARENT.match(traceparent or "")
    if match is None:
        return []
    context = SpanContext(
        trace_id=int(match[1], 16), span_id=int(match[2], 16), is_remote=True, trace_flags=TraceFlags(int(match[3], 16))
    )
    return [Link(context, {"switchboard.link": "callback"})] if context.is_valid else []


class DeliveryWorker:
    def __init__(
        self,
        outbox: Outbox,
        subscribers: Mapping[str, Subscriber],
        policy: DeliveryPolicy,
        *,
        retention: float,
        metrics: EventMetrics,
        tracer: trace.Tracer,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.outbox = outbox
        self.subscribers = subscribers
        self.policy = policy
        self.retention = retention
        self.metrics = metrics
        self.tracer = tracer
        self.clock = clock
        # Unique per process start: a restarted gateway does not mistake its predecessor's leases for its own.
        self.owner = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self._client: httpx.AsyncClient | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopping = False

    async def start(self) -> None:
        # No redirects (a 3xx is a failure: the configured URL is the only destination) and no
        # proxies from the environment (subscribers are internal services).
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            trust_env=False,
        )
        self._stopping = False
        self._task = asyncio.create_task(self._loop(), name="switchboard-webhooks")

    async def stop(self, grace: float = 10.0) -> None:
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), timeout=grace)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            self._task = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def wake(self) -> None:
        """New events were stored: look for due deliveries now rather than at the next poll."""
        self._wake.set()

    async def run_once(self) -> int:
        """Claim what is due and deliver it; the number of deliveries attempted."""
        claims = await self.outbox.claim(
            now=self.clock(), limit=self.policy.concurrency, lease=self.policy.lease, owner=self.owner
        )
        if claims:
            await asyncio.gather(*(self._deliver(claim) for claim in claims))
        return len(claims)

    async def housekeeping(self, *, prune: bool = False) -> None:
        self.metrics.outbox(await self.outbox.depth())
        if prune:
            removed = await self.outbox.prune(before=self.clock() - self.retention)
            if removed:
                log.info("outbox: %d events past their retention removed", removed)

    async def _loop(self) -> None:
        next_housekeeping = next_prune = 0.0
        while not self._stopping:
            self._wake.clear()
            attempted = 0
            try:
                attempted = await self.run_once()
                now = time.monotonic()
                if now >= next_housekeeping:
                    await self.housekeeping(prune=now >= next_prune)
                    next_housekeeping = now + HOUSEKEEPING_SECONDS
                    next_prune = next_prune if now < next_prune else now + PRUNE_SECONDS
            except Exception:
                log.exception("webhook delivery round failed; trying again shortly")
            if attempted < self.policy.concurrency and not self._stopping:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self.policy.poll)

    async def _deliver(self, claim: Claim) -> None:
        delivery, event = claim.delivery, claim.event
        subscriber = self.subscribers.get(delivery.subscriber)
        attributes: dict[str, str | int] = {
            "switchboard.account": event.account,
            "switchboard.event_type": event.type,
            "switchboard.webhook": delivery.subscriber,
            "messaging.message.id": event.id,
            "switchboard.attempt": delivery.attempts + 1,
        }
        with self.tracer.start_as_current_span(
            "webhook delivery",
            context=otel_context.Context(),  # a trace of its own ...
            kind=SpanKind.CLIENT,
            links=callback_link(event.trace),  # ... linked to the callback's
            attributes=attributes,
        ) as span:
            if subscriber is None:
                outcome = Outcome(
                    status=DeliveryStatus.DEAD, at=self.clock(), error="the webhook is no longer configured"
                )
            else:
                outcome = await self._attempt(subscriber, claim, span)
            span.set_attribute("switchboard.outcome", outcome.status.value)
            if outcome.status is not DeliveryStatus.DELIVERED:
                span.set_status(Status(StatusCode.ERROR, outcome.error or "failed"))
        if not await self.outbox.settle(claim, outcome):
            log.info("webhook delivery %s: lease lost before it was recorded; it will be sent again", delivery.id)
        self.metrics.attempt(
            account=event.account, type=event.type, status=outcome.status, latency=outcome.at - event.received_at
        )
        if outcome.status is not DeliveryStatus.DELIVERED:
            log.warning(
                "webhook %s: %s event not delivered (%s); %s",
                delivery.subscriber,
                event.type,
                outcome.error,
                "will retry" if outcome.status is DeliveryStatus.PENDING else "giving up: dead letter",
                extra={"account": event.account, "event_id": event.id, "attempt": delivery.attempts + 1},
            )

    async def _attempt(self, subscriber: Subscriber, claim: Claim, span: trace.Span) -> Outcome:
        assert self._client is not None, "the worker is not started"
        event = claim.event
        headers = {
            "content-type": CLOUDEVENTS_MEDIA_TYPE,
            "user-agent": f"Switchboard/{__version__}",
            **webhook_headers(subscriber.secret, event.id, int(self.clock()), event.body),
        }
        propagate.inject(headers)  # the subscriber may join this delivery's trace
        url = httpx.URL(subscriber.url)
        span.set_attributes({"http.request.method": "POST", "server.address": url.host, "server.port": url.port or 0})
        error: str | None = None
        try:
            async with self._client.stream("POST", url, content=event.body, headers=headers) as response:
                span.set_attribute("http.response.status_code", response.status_code)
                if response.is_success:
                    return Outcome(status=DeliveryStatus.DELIVERED, at=self.clock())
                error = f"HTTP {response.status_code}"
        except httpx.TimeoutException:
            error = f"no answer within {self.policy.timeout:g} s"
        except httpx.HTTPError as exc:
            error = f"could not connect ({type(exc).__name__})"
        now = self.clock()
        retry_at = next_attempt(
            self.policy, attempts=claim.delivery.attempts + 1, now=now, expires_at=claim.delivery.expires_at
        )
        if retry_at is None:
            return Outcome(status=DeliveryStatus.DEAD, at=now, error=error)
        return Outcome(status=DeliveryStatus.PENDING, at=now, next_attempt_at=retry_at, error=error)
