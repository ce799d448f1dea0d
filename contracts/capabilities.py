"""One capability per neutral operation, and the adapter method that implements it.

Adapters declare the set they support; the gateway answers 501 for the rest before any vendor
I/O, and the README's capability matrix is generated from these declarations.
"""

from __future__ import annotations

import enum
from typing import Final


class Capability(enum.StrEnum):
    AGENTS_LIST = "agents.list"
    AGENTS_GET = "agents.get"
    AGENTS_CREATE = "agents.create"
    AGENTS_UPDATE = "agents.update"
    AGENTS_DELETE = "agents.delete"

    QUEUES_LIST = "queues.list"
    QUEUES_GET = "queues.get"
    QUEUES_CREATE = "queues.create"
    QUEUES_UPDATE = "queues.update"
    QUEUES_DELETE = "queues.delete"
    QUEUE_AGENTS_LIST = "queues.agents.list"
    QUEUE_AGENTS_ADD = "queues.agents.add"
    QUEUE_AGENTS_REMOVE = "queues.agents.remove"

    CAMPAIGNS_LIST = "campaigns.list"
    CAMPAIGNS_GET = "campaigns.get"
    CAMPAIGNS_CREATE = "campaigns.create"
    CAMPAIGNS_UPDATE = "campaigns.update"
    CAMPAIGNS_DELETE = "campaigns.delete"
    CAMPAIGNS_START = "campaigns.start"
    CAMPAIGNS_PAUSE = "campaigns.pause"
    CAMPAIGNS_RESUME = "campaigns.resume"
    CAMPAIGNS_STOP = "campaigns.stop"
    CAMPAIGN_CONTACTS_LIST = "campaigns.contacts.list"
    CAMPAIGN_CONTACTS_ADD = "campaigns.contacts.add"
    CAMPAIGN_CONTACTS_REMOVE = "campaigns.contacts.remove"
    CAMPAIGN_STATS = "campaigns.stats"

    CALLS_LIST = "calls.list"
    CALLS_GET = "calls.get"
    CALLS_ORIGINATE = "calls.originate"
    CALLS_HANGUP = "calls.hangup"
    CALLS_RECORDING = "calls.recording"

    DNC_LIST = "dnc.list"
    DNC_ADD = "dnc.add"
    DNC_REMOVE = "dnc.remove"

    SCRIPTS_LIST = "scripts.list"
    CALLER_IDS_LIST = "caller_ids.list"

    @property
    def family(self) -> str:
        return self.value.split(".", 1)[0]


# Capability -> name of the adapter method (see contracts.adapter) that performs it.
OPERATION_METHODS: Final[dict[Capability, str]] = {
    Capability.AGENTS_LIST: "list_agents",
    Capability.AGENTS_GET: "get_agent",
    Capability.AGENTS_CREATE: "create_agent",
    Capability.AGENTS_UPDATE: "update_agent",
    Capability.AGENTS_DELETE: "delete_agent",
    Capability.QUEUES_LIST: "list_queues",
    Capability.QUEUES_GET: "get_queue",
    Capability.QUEUES_CREATE: "create_queue",
    Capability.QUEUES_UPDATE: "update_queue",
    Capability.QUEUES_DELETE: "delete_queue",
    Capability.QUEUE_AGENTS_LIST: "list_queue_agents",
    Capability.QUEUE_AGENTS_ADD: "add_queue_agent",
    Capability.QUEUE_AGENTS_REMOVE: "remove_queue_agent",
    Capability.CAMPAIGNS_LIST: "list_campaigns",
    Capability.CAMPAIGNS_GET: "get_campaign",
    Capability.CAMPAIGNS_CREATE: "create_campaign",
    Capability.CAMPAIGNS_UPDATE: "update_campaign",
    Capability.CAMPAIGNS_DELETE: "delete_campaign",
    Capability.CAMPAIGNS_START: "start_campaign",
    Capability.CAMPAIGNS_PAUSE: "pause_campaign",
    Capability.CAMPAIGNS_RESUME: "resume_campaign",
    Capability.CAMPAIGNS_STOP: "stop_campaign",
    Capability.CAMPAIGN_CONTACTS_LIST: "list_campaign_contacts",
    Capability.CAMPAIGN_CONTACTS_ADD: "add_campaign_contacts",
    Capability.CAMPAIGN_CONTACTS_REMOVE: "remove_campaign_contact",
    Capability.CAMPAIGN_STATS: "get_campaign_stats",
    Capability.CALLS_LIST: "list_calls",
    Capability.CALLS_GET: "get_call",
    Capability.CALLS_ORIGINATE: "originate_call",
    Capability.CALLS_HANGUP: "hangup_call",
    Capability.CALLS_RECORDING: "get_call_recording",
    Capability.DNC_LIST: "list_dnc",
    Capability.DNC_ADD: "add_dnc",
    Capability.DNC_REMOVE: "remove_dnc",
    Capability.SCRIPTS_LIST: "list_scripts",
    Capability.CALLER_IDS_LIST: "list_caller_ids",
}


class Scope(enum.StrEnum):
    """What a caller may do. `dial` is separate because originating calls and starting campaigns
    ring real people's phones."""

    READ = "read"
    WRITE = "write"
    DIAL = "dial"


# Operations that dial on every vendor. Adapters add the ones that dial on theirs (a FlashAI
# batch, for instance, starts dialling when it is created).
DIALLING: Final[frozenset[Capability]] = frozenset(
    {Capability.CALLS_ORIGINATE, Capability.CAMPAIGNS_START, Capability.CAMPAIGNS_RESUME}
)
_READS: Final = frozenset(c for c in Capability if c.value.endswith((".list", ".get", ".stats", ".recording")))


def required_scopes(capability: Capability, *, dials: bool) -> frozenset[Scope]:
    if capability in _READS:
        return frozenset({Scope.READ})
    return frozenset({Scope.WRITE, Scope.DIAL}) if dials else frozenset({Scope.WRITE})
