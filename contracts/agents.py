"""Agents: the people (or seats) who take calls."""

from __future__ import annotations

import enum
from typing import Annotated

import msgspec

from contracts._base import Input, Resource, field_error
from contracts.ids import AgentId, QueueId
from contracts.phones import E164, invalid_e164_reason

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
ShortCode = Annotated[str, msgspec.Meta(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z_.-]+$")]


class AgentState(enum.StrEnum):
    """Closed set of agent states; vendors' richer vocabularies map onto it."""

    OFFLINE = "offline"
    AVAILABLE = "available"
    BUSY = "busy"
    WRAP_UP = "wrap_up"
    AWAY = "away"
    UNKNOWN = "unknown"


class Agent(Resource):
    id: AgentId
    name: str
    work_number: str | None = None
    extension: str | None = None
    phone: str | None = None
    state: AgentState = AgentState.UNKNOWN
    queue_ids: list[QueueId] = msgspec.field(default_factory=list)


def _check_phone(phone: str | msgspec.UnsetType | None) -> None:
    if isinstance(phone, str) and (reason := invalid_e164_reason(phone)):
        raise field_error("phone", reason)


class AgentCreate(Input):
    name: Name
    work_number: ShortCode | None = None
    extension: ShortCode | None = None
    phone: E164 | None = None
    queue_ids: Annotated[list[QueueId], msgspec.Meta(max_length=100)] = msgspec.field(default_factory=list)

    def __post_init__(self) -> None:
        _check_phone(self.phone)


class AgentUpdate(Input):
    """PATCH semantics: an absent field is left unchanged; `null` clears it."""

    name: Name | msgspec.UnsetType = msgspec.UNSET
    extension: ShortCode | msgspec.UnsetType | None = msgspec.UNSET
    phone: E164 | msgspec.UnsetType | None = msgspec.UNSET

    def __post_init__(self) -> None:
        _check_phone(self.phone)
