"""One vendor callback, from bytes to durably stored CloudEvents and the vendor's acknowledgement.

The order is the point: authenticate the URL (an unknown account and a wrong secret look the same,
404), bound the size, let the adapter verify and normalize (child span), build the CloudEvents,
store them with their deliveries in one step (child span) - and only then answer the vendor what
it expects. Anything that fails before the store is answered with a problem, so the vendor keeps
the report and (where it retries) sends it again; a report already stored is recognised by its
event id and not stored or delivered twice.
"""

from __future__ import annotations

import hmac
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final

from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode

from adapters.events import Acknowledgement, CallbackRefused, CallbackRequest, ParsedCallback, RefusalReason
from contracts.errors import ErrorCode, GatewayError
from contracts.events import CloudEvent
from gateway.events.cloudevents import EVENT_NAMESPACE, cloud_event, encode
from gateway.events.metrics import UNKNOWN_ACCOUNT, EventMetrics
from gateway.events.outbox import NewDelivery, NewEvent, Outbox
from gateway.events.settings import EventSettings
from gateway.observability.requests import record

if TYPE_CHECKING:
    from gateway.runtime import Account

log = logging.getLogger(__name__)

_REFUSALS: Final = {
    RefusalReason.UNREADABLE: (ErrorCode.INVALID_REQUEST, 400),
    RefusalReason.MALFORMED: (ErrorCode.INVALID_REQUEST, 422),
    RefusalReason.SIGNATURE: (ErrorCode.UNAUTHENTICATED, 401),
}


def current_traceparent() -> str | None:
    """The W3C traceparent of the current span (the callback's server span)."""
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{int(context.trace_flags):02x}"


class CallbackIntake:
    def __init__(
        self,
        *,
        accounts: Mapping[str, Account],
        settings: EventSettings,
        outbox: Outbox,
        metrics: EventMetrics,
        tracer: trace.Tracer,
        on_stored: Callable[[], None],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.accounts = accounts
        self.settings = settings
        self.outbox = outbox
        self.metrics = metrics
        self.tracer = tracer
        self.on_stored = on_stored
        self.clock = clock

    async def receive(
        self, account_name: str, secret: str | None, body: bytes, headers: Mapping[str, str], *, path: str
    ) -> Acknowledgement:
        account = self._authenticated(account_name, secret, path)
        labels = {"account": account.name, "vendor": account.vendor}
        if (entry := record()) is not None:
            entry.account, entry.vendor = account.name, account.vendor
        if len(body) > self.settings.max_callback_bytes:
            self.metrics.callback(**labels, outcome="too_large")
            raise GatewayError(
                ErrorCode.PAYLOAD_TOO_LARGE, f"a callback may hold at most {self.settings.max_callback_bytes} bytes"
            )
        traceparent = current_traceparent()
        parsed = self._normalized(account, body, headers)
        received_at = self.clock()
        events = [
            cloud_event(account.name, vendor_event, received_at=received_at, traceparent=traceparent)
            for vendor_event in parsed.events
        ]
        stored = await self._store(account, events, received_at)
        for event, new in zip(events, stored, strict=True):
            self.metrics.event(**labels, type=event.type.value, new=new)
        self.metrics.callback(**labels, outcome="accepted")
        if any(stored):
            self.on_stored()
        log.info(
            "callback for %s: %d events, %d new",
            account.name,
            len(events),
            sum(stored),
            extra={"account": account.name, "vendor": account.vendor},
        )
        return parsed.ack

    def _authenticated(self, name: str, secret: str | None, path: str) -> Account:
        account = self.accounts.get(name)
        expected = self.settings.callback_secrets.get(name, "")
        # Compared in constant time even for an unknown account, so timing tells nothing either.
        matches = hmac.compare_digest(expected.encode(), (secret or "").encode()) and bool(expected)
        if account is None or account.adapter_type.callbacks is None or not matches:
            known = account is not None
            self.metrics.callback(
                account=name if known else UNKNOWN_ACCOUNT,
                vendor=account.vendor if account is not None else UNKNOWN_ACCOUNT,
                outcome="unknown",
            )
            raise GatewayError(ErrorCode.NOT_FOUND, f"no route POST {path}")
        return account

    def _normalized(self, account: Account, body: bytes, headers: Mapping[str, str]) -> ParsedCallback:
        normalizer = account.adapter_type.callbacks
        assert normalizer is not None
        settings = (
            account.adapter.settings
            if account.adapter is not None
            else account.adapter_type.parse_settings(account.spec)
        )
        attributes = {"switchboard.account": account.name, "switchboard.vendor": account.vendor}
        with self.tracer.start_as_current_span(f"{account.vendor} callback", attributes=attributes) as span:
            try:
                parsed = normalizer.receive(settings, CallbackRequest(body=body, headers=headers))
            except CallbackRefused as exc:
                span.set_status(Status(StatusCode.ERROR, exc.reason.value))
                self.metrics.callback(account=account.name, vendor=account.vendor, outcome=exc.reason.value)
                log.warning(
                    "callback for %s refused: %s",
                    account.name,
                    exc.detail,
                    extra={"account": account.name, "vendor": account.vendor},
                )
                code, status = _REFUSALS[exc.reason]
                raise GatewayError(code, f"not a callback this account accepts: {exc.detail}", status=status) from None
            span.set_attribute("switchboard.events", len(parsed.events))
            span.set_attribute("switchboard.event_types", sorted({e.type.value for e in parsed.events}))
        return parsed

    async def _store(self, account: Account, events: list[CloudEvent], received_at: float) -> list[bool]:
        records = [
            NewEvent(
                id=event.id,
                account=account.name,
                type=event.type.value,
                received_at=received_at,
                trace=event.traceparent,
                body=encode(event),
                deliveries=self._deliveries(account.name, event, received_at),
            )
            for event in events
        ]
        with self.tracer.start_as_current_span(
            "events store", attributes={"switchboard.account": account.name, "switchboard.events": len(records)}
        ) as span:
            try:
                stored = await self.outbox.add(records) if records else []
            except Exception as exc:  # the storage boundary: whatever the store raised
                span.record_exception(exc)
                span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
                self.metrics.callback(account=account.name, vendor=account.vendor, outcome="unavailable")
                log.exception("callback for %s could not be stored", account.name)
                raise GatewayError(
                    ErrorCode.UNAVAILABLE, "the callback could not be stored; send it again", retry_after=5
                ) from None
            span.set_attribute("switchboard.events_new", sum(stored))
        return stored

    def _deliveries(self, account: str, event: CloudEvent, received_at: float) -> tuple[NewDelivery, ...]:
        expires_at = received_at + self.settings.delivery.max_age
        return tuple(
            NewDelivery(
                id=str(uuid.uuid5(EVENT_NAMESPACE, f"{event.id}\x1f{subscriber.key}")),
                subscriber=subscriber.key,
                created_at=received_at,
                expires_at=expires_at,
            )
            for subscriber in self.settings.subscribers
            if subscriber.wants(account, event.type)
        )
