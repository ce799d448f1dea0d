"""Events: what happened at a vendor, as one stream of CloudEvents 1.0 in one shape.

Vendors report results through callbacks in their own formats; the gateway turns each report into
a CloudEvent (structured JSON) whose `type` is one of `EventType` and whose `data` is a neutral
model: a `Call`, a `ContactResult` or a `CampaignProgress`, with opaque self-routing ids as
everywhere else in the API. The same event reaches webhook subscribers (push, signed per Standard
Webhooks) and `GET /v1/events` (pull).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Final

import msgspec

from contracts._base import Resource
from contracts.calls import Call, CallStatus
from contracts.ids import CampaignId

CLOUDEVENTS_VERSION: Final = "1.0"
CLOUDEVENTS_MEDIA_TYPE: Final = "application/cloudevents+json"
DATA_MEDIA_TYPE: Final = "application/json"


class EventType(enum.StrEnum):
    """The closed set of event types; the string is the CloudEvents `type` attribute."""

    # A call was answered (Huawei's call-status callback of a bidirectional call). data: Call.
    CALL_CONNECTED = "switchboard.call.connected"
    # A call ended, whatever its outcome (Huawei's release callback). data: Call.
    CALL_COMPLETED = "switchboard.call.completed"
    # One dial of one campaign contact ended (Huawei 7.6.1, FlashAI notifyUrl). data: ContactResult.
    CONTACT_RESULT = "switchboard.contact.result"
    # A campaign's numbers were counted by the vendor (FlashAI notifyBatchUrl). data: CampaignProgress.
    CAMPAIGN_PROGRESS = "switchboard.campaign.progress"


class ContactResult(Resource):
    """How one dial of one campaign contact ended.

    `status` is the call's outcome (null when the vendor reports only a disposition), `disposition`
    the vendor's own result text or code, `final` whether the vendor will dial this contact again
    (null when the vendor does not say), `call` the call itself when the vendor describes it.
    """

    campaign_id: CampaignId
    phone: str
    external_id: str | None = None
    status: CallStatus | None = None
    disposition: str | None = None
    final: bool | None = None
    call: Call | None = None


class RejectedContact(Resource):
    """A number the vendor refused to take into a campaign."""

    phone: str
    external_id: str | None = None
    reason: str | None = None


class CampaignProgress(Resource):
    """A campaign's counters as the vendor reported them; counters it did not report are null."""

    campaign_id: CampaignId
    accepted: int | None = None  # numbers the vendor received
    added: int | None = None  # of those, taken into the campaign
    rejected: int | None = None  # of those, refused
    completed: int | None = None  # dialled and finished
    pending: int | None = None  # still to be dialled
    rejected_contacts: list[RejectedContact] = msgspec.field(default_factory=list)


class CloudEvent(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One event in the CloudEvents 1.0 structured JSON format (`application/cloudevents+json`).

    `id` is derived from the account, the type and the vendor's own ids, so that a callback the
    vendor repeats yields the same event, never a second one. `source` names the account;
    `subject` is the opaque id of the campaign or call the event is about. `traceparent` (the
    CloudEvents distributed-tracing extension) names the trace of the callback that reported it.
    """

    # No defaults but the optional attributes: omit_defaults leaves out only absent ones.
    specversion: str
    id: str
    source: str
    type: EventType
    subject: str | None = None
    time: dt.datetime
    datacontenttype: str
    traceparent: str | None = None
    data: dict[str, Any]


class EventPage(Resource):
    """A page of the event feed, oldest first. The feed never ends: poll again with `next_cursor`
    (it is returned even when `items` is empty, and then equals the cursor you sent)."""

    items: list[CloudEvent]
    next_cursor: str


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # due now or at next_attempt_at
    DELIVERED = "delivered"  # the subscriber answered 2xx
    DEAD = "dead"  # given up after the delivery window; can be retried by hand


class Delivery(Resource):
    """One event on its way to one of the caller's webhooks."""

    id: str
    event_id: str
    event_type: EventType
    account: str
    webhook: str
    status: DeliveryStatus
    attempts: int
    created_at: dt.datetime
    next_attempt_at: dt.datetime | None = None
    last_attempt_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    last_error: str | None = None
