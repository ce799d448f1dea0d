"""Calls: records of dials, and call control."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated

import msgspec

from contracts._base import Input, Resource, field_error
from contracts.contacts import VariableName, VariableValue
from contracts.ids import AgentId, CallerIdId, CallId, CampaignId, QueueId
from contracts.phones import E164, invalid_e164_reason
from contracts.times import utc_if_naive


class CallDirection(enum.StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class CallStatus(enum.StrEnum):
    QUEUED = "queued"
    RINGING = "ringing"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    FAILED = "failed"
    CANCELED = "canceled"


class Speaker(enum.StrEnum):
    BOT = "bot"
    AGENT = "agent"
    CUSTOMER = "customer"


class DialogueTurn(Resource):
    speaker: Speaker
    text: str
    at: dt.datetime | None = None


class Call(Resource):
    id: CallId
    direction: CallDirection
    status: CallStatus
    from_number: str | None = msgspec.field(default=None, name="from")
    to_number: str | None = msgspec.field(default=None, name="to")
    started_at: dt.datetime | None = None
    answered_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    duration_seconds: int | None = None
    disposition: str | None = None
    recording_url: str | None = None
    campaign_id: CampaignId | None = None
    agent_id: AgentId | None = None
    dialogue: list[DialogueTurn] = msgspec.field(default_factory=list)


class CallFilter(msgspec.Struct, frozen=True, kw_only=True):
    """Filters of `GET /v1/calls`; adapters receive native ids."""

    campaign_id: str | None = None
    phone: str | None = None
    started_after: dt.datetime | None = None
    started_before: dt.datetime | None = None

    def admits(self, call: Call) -> bool:
        """Whether `call` passes the phone and start-time filters (`campaign_id` is the vendor
        query's business). A call with no start time passes only when no time is filtered."""
        if self.phone and call.to_number != self.phone:
            return False
        if self.started_after is None and self.started_before is None:
            return True
        if call.started_at is None:
            return False
        if self.started_after is not None and call.started_at < utc_if_naive(self.started_after):
            return False
        return not (self.started_before is not None and call.started_at >= utc_if_naive(self.started_before))


class CallOriginate(Input):
    """Place one call: connect `agent_id` (or `queue_id`) with `to`."""

    to: E164
    caller_id: CallerIdId | None = None
    agent_id: AgentId | None = None
    queue_id: QueueId | None = None
    variables: Annotated[dict[VariableName, VariableValue], msgspec.Meta(max_length=50)] = msgspec.field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        if reason := invalid_e164_reason(self.to):
            raise field_error("to", reason)


class Recording(Resource):
    call_id: CallId
    url: str
    expires_at: dt.datetime | None = None
    content_type: str | None = None
