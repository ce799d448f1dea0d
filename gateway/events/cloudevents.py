"""From an adapter's `VendorEvent` to the CloudEvent every consumer sees.

The id is a UUIDv5 over the account, the type and the vendor's key: the same report (a vendor's
retry, a replay) gives the same id, so the outbox keeps it once; any other report gives another.
Ids inside `data` become opaque self-routing ids exactly as the REST API answers them
(`gateway.ids.translate_ids`), so a `campaign_id` from an event works with `/v1/campaigns/{id}`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

import msgspec

from adapters.events import VendorEvent
from contracts.events import CLOUDEVENTS_VERSION, DATA_MEDIA_TYPE, CloudEvent
from contracts.ids import ResourceKind
from gateway.ids import encode_id, translate_ids

# Namespace of event ids (uuid5 of "switchboard.events" in the URL namespace): fixed forever.
EVENT_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "switchboard.events")
SOURCE_PREFIX: Final = "/switchboard/accounts/"


def event_id(account: str, vendor_event: VendorEvent) -> str:
    return str(uuid.uuid5(EVENT_NAMESPACE, "\x1f".join((account, vendor_event.type.value, vendor_event.key))))


def source(account: str) -> str:
    return SOURCE_PREFIX + account


def cloud_event(account: str, vendor_event: VendorEvent, *, received_at: float, traceparent: str | None) -> CloudEvent:
    def opaque(kind: ResourceKind, native: str, _pointer: str) -> str:
        return encode_id(kind, account, native)

    data = translate_ids(vendor_event.data, opaque)
    moment = vendor_event.occurred_at or dt.datetime.fromtimestamp(received_at, dt.UTC)
    return CloudEvent(
        specversion=CLOUDEVENTS_VERSION,
        id=event_id(account, vendor_event),
        source=source(account),
        type=vendor_event.type,
        subject=encode_id(vendor_event.subject_kind, account, vendor_event.subject),
        time=moment.astimezone(dt.UTC),
        datacontenttype=DATA_MEDIA_TYPE,
        traceparent=traceparent,
        data=msgspec.to_builtins(data),
    )


def encode(event: CloudEvent) -> bytes:
    return msgspec.json.encode(event)
