"""Resource identifiers.

Every id a client sees is opaque and self-routing: the gateway encodes the account and the
vendor's own id into it. Models mark each id field with its `ResourceKind` (in the msgspec
metadata) so the gateway can translate ids generically, and reject an agent id given where a
campaign id belongs.
"""

from __future__ import annotations

import enum
from typing import Annotated, Final

import msgspec

ID_KIND_KEY: Final = "switchboard_id_kind"


class ResourceKind(enum.StrEnum):
    AGENT = "agent"
    QUEUE = "queue"
    CAMPAIGN = "campaign"
    CALL = "call"
    SCRIPT = "script"
    CALLER_ID = "caller_id"


def _id(kind: ResourceKind) -> msgspec.Meta:
    return msgspec.Meta(
        min_length=1,
        max_length=1024,
        description=f"Opaque {kind.value.replace('_', ' ')} id issued by Switchboard.",
        extra={ID_KIND_KEY: kind},
    )


AgentId = Annotated[str, _id(ResourceKind.AGENT)]
QueueId = Annotated[str, _id(ResourceKind.QUEUE)]
CampaignId = Annotated[str, _id(ResourceKind.CAMPAIGN)]
CallId = Annotated[str, _id(ResourceKind.CALL)]
ScriptId = Annotated[str, _id(ResourceKind.SCRIPT)]
CallerIdId = Annotated[str, _id(ResourceKind.CALLER_ID)]
