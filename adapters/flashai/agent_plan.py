"""Agent-assisted campaigns as addAgentPlan (flashai-saas-api.md, "Adding Agent' Dialing Task", l. 677-724).

A neutral campaign with a `queue_id` becomes an agent-assisted batch: `agentGroupId` is the queue.
addAgentPlan takes no script, calling date or hours, lines or recall rule, so a campaign asking
for any of them is refused with a pointer rather than created without it. The document leaves
three fields open, each an account option (`settings.FlashAIOptions`): `agentId` (required, but
the neutral campaign names only a queue), `addType` ("Type of task addition"; the vendor SDK's
comment reads "1: add&clean 2: add") and `callType` ("0 - no direct outbound call, 1 - direct
outbound call").

addType is also why numbers can be added to an existing agent-assisted batch: a second
addAgentPlan with the same batchName and addType "add" adds to the batch (there would be nothing
to "clean" otherwise). addPlan has no such field, so bot batches take numbers only when created.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.flashai.batches import BatchRef
from adapters.flashai.roster import Membership
from adapters.flashai.settings import FlashAIOptions
from contracts.campaigns import Campaign, CampaignCreate, CampaignStatus
from contracts.errors import invalid

_NOT_TAKEN = "FlashAI's addAgentPlan takes no {what}; leave {field} out of an agent-assisted campaign"


def check_agent_campaign(campaign: CampaignCreate) -> None:
    """Refuse what addAgentPlan cannot carry, naming the field (before any vendor request)."""
    if campaign.script_id is not None:
        raise invalid(_NOT_TAKEN.format(what="script (botenceId)", field="script_id"), pointer="/script_id")
    if campaign.schedule is not None:
        raise invalid(_NOT_TAKEN.format(what="calling date or hours", field="schedule"), pointer="/schedule")
    if campaign.caller_ids:
        raise invalid(_NOT_TAKEN.format(what="lines (lineIds)", field="caller_ids"), pointer="/caller_ids")
    if campaign.retry is not None:
        raise invalid(_NOT_TAKEN.format(what="recall rule", field="retry"), pointer="/retry")


def choose_agent(rows: Sequence[Membership], group_id: str, configured: str | None) -> str:
    """The `agentId` to send: the configured one, else the first agent FlashAI lists in the group.

    `invalid` (pointing at queue_id) when FlashAI has no such group, or nobody in it to choose.
    """
    members = [row.agent_id for row in rows if row.group_id == group_id]
    if not members:
        raise invalid(f"FlashAI has no agent group {group_id!r} on this account", pointer="/queue_id")
    if configured is not None:
        return configured
    for agent in members:
        if agent:
            return agent
    raise invalid(f"FlashAI's agent group {group_id!r} has no agents to take the calls", pointer="/queue_id")


def agent_plan_params(
    batch: BatchRef, mobile_list: str, options: FlashAIOptions, *, callback_url: str | None = None
) -> dict[str, Any]:
    """addAgentPlan's business parameters for `batch` (new, or one to add numbers to); notifyUrl is
    the gateway's receiver (`callback_url`) when given, else the account's `notify_url`."""
    return {
        "batchName": batch.name,
        "agentGroupId": batch.agent_group,
        "addType": options.agent_add_type,
        "agentId": batch.agent,
        "callType": options.agent_call_type,
        "mobileList": mobile_list,
        "notifyUrl": callback_url or options.notify_url,
    }


def created_agent_campaign(batch: BatchRef) -> Campaign:
    """The new agent-assisted batch; FlashAI starts on it at once (no calling date or hours)."""
    return Campaign(id=batch.native_id, name=batch.name, status=CampaignStatus.RUNNING, queue_id=batch.agent_group)
