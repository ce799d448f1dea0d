"""Agent groups (queues) and agents from queryAgentGroup, FlashAI's one read of its agents.

flashai-saas-api.md ("Check Agent'Group and Agent", l. 633-675): `records` lists agentGroupId, agentGroupName,
agentId and agentName, one record per agent and group (the SDK's QueryAgentGroupRes samples one agent
in two groups). FlashAI has no per-group or per-agent query, so queues.get, agents.get and a
queue's agents are all read from this one answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from adapters.flashai.wire import AgentGroupRecord, UnreadableAnswer
from contracts.agents import Agent
from contracts.queues import Queue


class Membership(NamedTuple):
    """One record, ids as text; an empty agent id is a group listed without agents."""

    group_id: str
    group_name: str
    agent_id: str
    agent_name: str


def memberships(records: Iterable[AgentGroupRecord]) -> list[Membership]:
    rows = []
    for record in records:
        group = _text(record.agentGroupId)
        agent = _text(record.agentId)
        if not group and not agent:
            raise UnreadableAnswer("a queryAgentGroup record has neither agentGroupId nor agentId")
        rows.append(Membership(group, (record.agentGroupName or "").strip(), agent, (record.agentName or "").strip()))
    return rows


def queues(rows: Iterable[Membership]) -> list[Queue]:
    """Each group once, in the order FlashAI lists them."""
    found: dict[str, Queue] = {}
    for row in rows:
        if row.group_id and row.group_id not in found:
            found[row.group_id] = Queue(id=row.group_id, name=row.group_name or row.group_id)
    return list(found.values())


def agents(rows: Iterable[Membership], *, group_id: str | None = None) -> list[Agent]:
    """Each agent once with every group it is in; only the members of `group_id` when given.

    `work_number` is the agentId too: FlashAI calls it the agent's number (坐席编号).
    """
    groups: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for row in rows:
        if not row.agent_id:
            continue
        names.setdefault(row.agent_id, row.agent_name)
        member_of = groups.setdefault(row.agent_id, [])
        if row.group_id and row.group_id not in member_of:
            member_of.append(row.group_id)
    return [
        Agent(id=agent_id, name=names[agent_id] or agent_id, work_number=agent_id, queue_ids=member_of)
        for agent_id, member_of in groups.items()
        if group_id is None or group_id in member_of
    ]


def _text(value: str | int | None) -> str:
    return "" if value is None else str(value).strip()
