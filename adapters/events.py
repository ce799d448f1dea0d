"""The adapter side of vendor callbacks: what the vendor sent, what it means, what to answer.

A vendor that pushes results declares a `CallbackNormalizer` on its adapter class
(`AdapterBase.callbacks`). The normalizer is pure: from the request body and headers and the
account's parsed settings it verifies the vendor's signature (where the vendor signs), reads the
payload strictly, and returns neutral `VendorEvent`s (native ids, neutral models) plus the exact
acknowledgement the vendor expects. No I/O and no clock, so every payload of the vendor's documents
is a table test. The gateway does the rest: opaque ids, CloudEvents, deduplication, storage and
delivery.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Mapping
from typing import Any, Protocol

import msgspec

from contracts.calls import Call
from contracts.events import CampaignProgress, ContactResult, EventType
from contracts.ids import ResourceKind

EventData = Call | ContactResult | CampaignProgress
_DECIMAL_JSON = msgspec.json.Decoder(float_hook=decimal.Decimal)


class CallbackRequest(msgspec.Struct, frozen=True, kw_only=True):
    """One POST a vendor sent to the account's callback URL. Header names are lower-case."""

    body: bytes
    headers: Mapping[str, str] = msgspec.field(default_factory=dict)


class VendorEvent(msgspec.Struct, frozen=True, kw_only=True):
    """One piece of news in neutral form, before the gateway makes it a CloudEvent.

    `key` is built from the vendor's own ids and names the news: a repeated callback yields the
    same key, so the gateway derives the same event id and keeps one event. `subject` is the native
    id of the campaign or call the event is about. `occurred_at` is when it happened according to
    the vendor (None when the vendor does not say; the gateway then uses the time of receipt).
    """

    type: EventType
    key: str
    subject_kind: ResourceKind
    subject: str
    occurred_at: dt.datetime | None
    data: EventData


class Acknowledgement(msgspec.Struct, frozen=True, kw_only=True):
    """The answer the vendor expects once its callback is safely stored."""

    status: int = 200
    body: bytes
    media_type: str = "application/json"


class ParsedCallback(msgspec.Struct, frozen=True, kw_only=True):
    """The events in one callback (possibly none, e.g. a report the gateway has no event for)."""

    events: list[VendorEvent]
    ack: Acknowledgement


class RefusalReason(enum.StrEnum):
    UNREADABLE = "unreadable"  # not JSON at all: 400
    MALFORMED = "malformed"  # JSON, but not a payload this vendor sends: 422
    SIGNATURE = "signature"  # missing or wrong signature: 401


class CallbackRefused(Exception):
    """The request is not a callback this account accepts. `detail` is safe to answer and log:
    it never quotes the payload (phone numbers) or a signature."""

    def __init__(self, reason: RefusalReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def malformed(detail: str) -> CallbackRefused:
    return CallbackRefused(RefusalReason.MALFORMED, detail)


def bad_signature(detail: str) -> CallbackRefused:
    return CallbackRefused(RefusalReason.SIGNATURE, detail)


class CallbackNormalizer(Protocol):
    """What a callback-capable adapter offers the gateway's receiver."""

    def receive(self, settings: Any, request: CallbackRequest) -> ParsedCallback:
        """Verify, read and translate one callback; raise `CallbackRefused` for anything else."""
        ...


def json_object(body: bytes) -> Any:
    """The JSON document of a callback body (any JSON value), or `malformed`.

    Decimals are kept as `Decimal`, because vendors sign numbers the way their Java code prints
    them (`12.50` stays `12.50`).
    """
    try:
        return _DECIMAL_JSON.decode(body)
    except msgspec.DecodeError:
        raise CallbackRefused(RefusalReason.UNREADABLE, "the body is not JSON") from None
