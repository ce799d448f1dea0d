"""Outbound campaigns: who to call, when, with which script, lines and retries."""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo
from typing import Annotated

import msgspec

from contracts._base import Input, Resource, field_error
from contracts.contacts import MAX_CONTACTS_PER_REQUEST, BulkResult, Contact
from contracts.ids import CallerIdId, CampaignId, QueueId, ScriptId

CampaignName = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f]+$")]
ClockTime = Annotated[
    str, msgspec.Meta(pattern=r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", description="HH:MM, 24-hour clock")
]


class CampaignStatus(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"
    COMPLETED = "completed"


class Weekday(enum.StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


ALL_WEEKDAYS = tuple(Weekday)


class CallingWindow(Input):
    """Dial only between `start` (inclusive) and `end` (exclusive) on the given days."""

    start: ClockTime
    end: ClockTime
    days: Annotated[list[Weekday], msgspec.Meta(min_length=1)] = msgspec.field(
        default_factory=lambda: list(ALL_WEEKDAYS)
    )

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise field_error("end", f"must be later than start ({self.start})")


class Schedule(Input):
    """When a campaign may dial, in the campaign's own time zone."""

    timezone: Annotated[str, msgspec.Meta(examples=["Asia/Shanghai"], max_length=64)]
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    windows: Annotated[list[CallingWindow], msgspec.Meta(max_length=24)] = msgspec.field(default_factory=list)

    def __post_init__(self) -> None:
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise field_error("timezone", f"{self.timezone!r} is not an IANA time zone") from None
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise field_error("end_date", "must not be before start_date")


class RetryOutcome(enum.StrEnum):
    """Call outcomes after which a contact may be dialled again."""

    NO_ANSWER = "no_answer"
    BUSY = "busy"
    FAILED = "failed"


class RetryPolicy(Input):
    max_attempts: Annotated[int, msgspec.Meta(ge=1, le=10)]
    interval_minutes: Annotated[int, msgspec.Meta(ge=1, le=1440)]
    on: Annotated[list[RetryOutcome], msgspec.Meta(min_length=1)] = msgspec.field(
        default_factory=lambda: [RetryOutcome.NO_ANSWER, RetryOutcome.BUSY]
    )


class Campaign(Resource):
    """A campaign as the vendor reports it. Fields a vendor cannot report are null."""

    id: CampaignId
    name: str
    status: CampaignStatus | None = None
    schedule: Schedule | None = None
    script_id: ScriptId | None = None
    caller_ids: list[CallerIdId] = msgspec.field(default_factory=list)
    retry: RetryPolicy | None = None
    queue_id: QueueId | None = None
    created_at: dt.datetime | None = None


class CampaignCreate(Input):
    name: CampaignName
    schedule: Schedule | None = None
    script_id: ScriptId | None = None
    caller_ids: Annotated[list[CallerIdId], msgspec.Meta(max_length=50)] = msgspec.field(default_factory=list)
    retry: RetryPolicy | None = None
    queue_id: QueueId | None = None
    contacts: Annotated[list[Contact], msgspec.Meta(max_length=MAX_CONTACTS_PER_REQUEST)] = msgspec.field(
        default_factory=list
    )


class CampaignUpdate(Input):
    name: CampaignName | msgspec.UnsetType = msgspec.UNSET
    schedule: Schedule | msgspec.UnsetType | None = msgspec.UNSET
    script_id: ScriptId | msgspec.UnsetType = msgspec.UNSET
    caller_ids: list[CallerIdId] | msgspec.UnsetType = msgspec.UNSET
    retry: RetryPolicy | msgspec.UnsetType | None = msgspec.UNSET


class CampaignCreated(Resource):
    """The new campaign, and what happened to each contact sent with it."""

    campaign: Campaign
    contacts: BulkResult


class CallerIdStats(Resource):
    caller_id: CallerIdId
    total: int
    completed: int
    last_call_at: dt.datetime | None = None


class CampaignStats(Resource):
    """Progress counters. `total = pending + completed (+ failed where the vendor reports it)`."""

    campaign_id: CampaignId
    total: int
    pending: int
    completed: int
    failed: int | None = None
    answered: int | None = None
    by_caller_id: list[CallerIdStats] = msgspec.field(default_factory=list)
