"""Between Sobot's wire structs and the neutral models: agents, skill groups, tasks, catalogues.

Pure functions: no I/O, no clock. Sobot's values are stripped of surrounding blanks before they
become neutral ids or numbers (the document's examples pad many of them, e.g. line 37).
Refusals are `invalid` (422) naming the neutral field.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import msgspec
import phonenumbers

from adapters.phones import national_number, to_e164
from adapters.sobot.settings import SobotOptions
from adapters.sobot.wire import AgentSetting, CallAgent, IvrFlow, QueueInfo, QueueWithMembers, RelayNumber, Task
from contracts.agents import Agent, AgentState, AgentUpdate
from contracts.campaigns import Campaign, CampaignStats, CampaignStatus, Schedule
from contracts.catalog import CallerId, Script
from contracts.errors import invalid
from contracts.queues import Queue, QueueCreate

# agentType 1: the agent is named by its UUID, which every listing returns (lines 17, 484, 213).
BY_UUID = "1"
# Unbind Agent Setting's numberType (line 144): 0 extension, 1 phone, 2 both.
UNBIND_EXTENSION, UNBIND_PHONE, UNBIND_BOTH = 0, 1, 2


def clean(value: str | None) -> str | None:
    """A vendor text without its padding; None when nothing is left."""
    if value is None:
        return None
    return value.strip() or None


def national(phone: str, region: str) -> str | None:
    """The national number Sobot takes for an E.164 `phone` of `region`, else None."""
    try:
        return national_number(phone, region)
    except phonenumbers.NumberParseException:
        return None


def neutral_phone(number: str | None, region: str) -> str | None:
    text = clean(number)
    return to_e164(text, region) if text else None


def epoch_ms(value: int | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC) if value else None


# -- agents ----------------------------------------------------------------------------------------


def agent_from_setting(setting: AgentSetting, region: str, *, agent_id: str) -> Agent:
    """An agent's settings (Query/Modify/Unbind Agent Setting); `agent_id` is the UUID asked for."""
    work_number = clean(setting.agentID)
    return Agent(
        id=clean(setting.agentUUID) or agent_id,
        name=clean(setting.agentName) or work_number or agent_id,
        work_number=work_number,
        extension=clean(setting.ext),
        phone=neutral_phone(setting.phone, region),
    )


def agent_from_listing(item: CallAgent, options: SobotOptions) -> Agent:
    """One item of Query Call Agent List; its state from `loginStatus` (see options.agent_states)."""
    uuid = clean(item.agentUUID) or ""
    work_number = clean(item.agentID)
    unknown = AgentState.UNKNOWN
    state = unknown if item.loginStatus is None else options.agent_states.get(item.loginStatus, unknown)
    return Agent(
        id=uuid,
        name=clean(item.agentName) or work_number or uuid,
        work_number=work_number,
        extension=clean(item.ext),
        phone=neutral_phone(item.agentPhone, options.phone_region),
        state=state,
    )


def agent_changes(
    agent_id: str, changes: AgentUpdate, current: AgentSetting, region: str
) -> tuple[dict[str, Any] | None, int | None]:
    """What PATCH asks of Sobot: a Modify Agent Setting body (None when nothing is set) and an
    Unbind numberType (None when nothing is cleared).

    Modify requires `wrapUpTime` (line 79), so the agent's current post-call settings are sent
    back unchanged. Only the fields being set are sent besides.
    """
    if changes.name is not msgspec.UNSET:
        raise invalid("Sobot's agent interfaces cannot rename an agent", pointer="/name")
    body: dict[str, Any] = {}
    cleared: set[str] = set()
    if changes.extension is not msgspec.UNSET:
        if changes.extension is None:
            cleared.add("ext")
        else:
            body["ext"] = changes.extension
    if changes.phone is not msgspec.UNSET:
        if changes.phone is None:
            cleared.add("phone")
        else:
            local = national(changes.phone, region)
            if local is None:
                raise invalid(f"this Sobot account binds {region} phone numbers only", pointer="/phone")
            body["phone"] = local
    set_body = None
    if body:
        set_body = {"agent": agent_id, "agentType": int(BY_UUID), "wrapUpTime": current.wrapUpTime or 0, **body}
        if current.wrapUpType is not None:
            set_body["wrapUpType"] = current.wrapUpType
    unbind = None
    if cleared == {"ext", "phone"}:
        unbind = UNBIND_BOTH
    elif cleared:
        unbind = UNBIND_EXTENSION if "ext" in cleared else UNBIND_PHONE
    return set_body, unbind


# -- skill groups ----------------------------------------------------------------------------------


def queue_from_info(info: QueueInfo | QueueWithMembers) -> Queue:
    queue_id = clean(info.queueID) or ""
    return Queue(id=queue_id, name=clean(info.queueName) or queue_id)


def queue_add_body(queue: QueueCreate, queue_number: str) -> dict[str, Any]:
    """Add skill group (lines 381-387): name and the made-up `queueID`; no description member."""
    if queue.description is not None:
        raise invalid("Sobot skill groups have no description", pointer="/description")
    return {"queueName": queue.name, "queueID": queue_number}


def members(group: QueueWithMembers) -> list[Agent]:
    queue_id = clean(group.queueID) or ""
    agents = []
    for member in group.agents:
        uuid = clean(member.agent) or ""
        agents.append(Agent(id=uuid, name=clean(member.agentName) or uuid, queue_ids=[queue_id]))
    return agents


def member_change_body(queue_id: str, agent_id: str, *, add: bool, options: SobotOptions) -> dict[str, Any]:
    """Update skill groups in bulk (lines 631-646) for one member of one group."""
    member: dict[str, Any] = {"agent": agent_id}
    if options.queue_member_level is not None:
        member["level"] = options.queue_member_level
    if options.queue_member_checkin is not None:
        member["checkin"] = options.queue_member_checkin
    return {"agentType": BY_UUID, "list": [{"queueID": queue_id, "add" if add else "remove": [member]}]}


# -- outbound tasks --------------------------------------------------------------------------------


def campaign_from_task(task: Task, options: SobotOptions) -> Campaign:
    code = clean(task.code) or ""
    return Campaign(
        id=code,
        name=clean(task.name) or code,
        status=task_status(task, options.task_states),
        schedule=task_schedule(task),
        created_at=epoch_ms(task.creationTime),
    )


def task_status(task: Task, states: dict[int, CampaignStatus]) -> CampaignStatus | None:
    """`expired` set means the plan's end passed: nothing more is dialled. Else `state` through
    the account's table (the document gives no values); an unknown state is None."""
    if task.expired:
        return CampaignStatus.COMPLETED
    return states.get(task.state) if task.state is not None else None


def task_schedule(task: Task) -> Schedule | None:
    """The plan's dates in its own zone; a task without a plan (times 0, line 1503) has none."""
    if not task.scheduleStartTime or not task.scheduleEndTime or not task.scheduleTimeZoneId:
        return None
    try:
        zone = zoneinfo.ZoneInfo(task.scheduleTimeZoneId.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    start = dt.datetime.fromtimestamp(task.scheduleStartTime / 1000, zone)
    end = dt.datetime.fromtimestamp(task.scheduleEndTime / 1000, zone)
    return Schedule(timezone=zone.key, start_date=start.date(), end_date=end.date())


def created_campaign(code: str, name: str, zone: str, start_ms: int, end_ms: int) -> Campaign:
    """The new task as Sobot holds it: name and plan; its state is only known to getList."""
    task = Task(code=code, name=name, scheduleStartTime=start_ms, scheduleEndTime=end_ms, scheduleTimeZoneId=zone)
    return Campaign(id=code, name=name, schedule=task_schedule(task))


def stats_from_task(task: Task) -> CampaignStats:
    """Task details (contacts) in all, executed, and answered (lines 1472-1478)."""
    total = max(task.contactRecordCount, 0)
    completed = min(max(task.contactRecordExecuteCount, 0), total)
    return CampaignStats(
        campaign_id=clean(task.code) or "",
        total=total,
        pending=total - completed,
        completed=completed,
        answered=task.contactRecordAnswerCount,
    )


# -- catalogues ------------------------------------------------------------------------------------


def script_from_ivr(flow: IvrFlow) -> Script:
    code = clean(flow.code) or ""
    return Script(id=code, name=clean(flow.name) or code, kind="ivr")


def caller_id_from_relay(relay: RelayNumber, region: str) -> CallerId:
    number = clean(relay.gatewayNumber) or ""
    return CallerId(id=number, number=to_e164(number, region), name=clean(relay.alias), kind="relay")
