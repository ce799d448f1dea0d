"""The simulated basic-management interfaces: agents, skill groups, forbidden numbers, relay
numbers and IVR flows (sobot-callservice-v6-api.txt lines 1-1125 and 1662-1759).

Each handler takes the tenant and the authenticated request and returns the envelope's `data`,
or raises `SobotFault`. Members are read with the types the document gives them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any, Final

from adapters.sobot.simulator import fields as f
from adapters.sobot.simulator.faults import SobotFault, bad_request
from adapters.sobot.simulator.request import SimRequest
from adapters.sobot.simulator.state import RELAY_STATES, Agent, ForbiddenNumber, Member, Queue, Tenant

MAX_IVR_PAGE: Final = 50  # "with 50 max for a single time" (line 1664)


def page_of(
    items: list[Any], body: dict[str, Any], *, default_size: int, max_size: int | None = None
) -> dict[str, Any]:
    """`currPage` (1 by default) and `pageSize` over a list: `list`, `currPage`, `pageSize`, `total`."""
    current = f.integer(body, "currPage") or 1
    size = f.integer(body, "pageSize") or default_size
    if current < 1 or size < 1:
        raise bad_request("currPage and pageSize start at 1")
    if max_size is not None and size > max_size:
        raise bad_request(f"pageSize must be at most {max_size}")
    start = (current - 1) * size
    return {"list": items[start : start + size], "currPage": current, "pageSize": size, "total": len(items)}


def _agent(tenant: Tenant, name: str | None, agent_type: str | int | None) -> Agent:
    if str(agent_type) not in ("0", "1", "None"):
        raise bad_request("agentType must be 0 (work no.) or 1 (uuid)")
    agent = tenant.agent(name, agent_type)
    if agent is None:
        raise SobotFault(404, "no such agent")
    return agent


# -- agents (lines 3-290) ------------------------------------------------------------------------


def setting(agent: Agent) -> dict[str, Any]:
    return {
        "agentUUID": agent.uuid,
        "agentID": agent.work_number,
        "agentName": agent.name,
        "phone": agent.phone,
        "ext": agent.ext,
        "wrapUpType": agent.wrap_up_type,
        "wrapUpTime": agent.wrap_up_time,
    }


def get_agent(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    query = request.query
    f.only(query, ("agentType", "agent"), "query string")
    if query.get("agentType") not in ("0", "1") or not query.get("agent"):
        raise bad_request("agent and agentType (0 or 1) are required")
    return setting(_agent(tenant, query["agent"], query["agentType"]))


def set_agent(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = f.obj(request.body)
    f.only(body, ("agent", "agentType", "wrapUpTime", "phone", "ext", "wrapUpType"))
    agent = _agent(tenant, f.text(body, "agent", required=True), f.integer(body, "agentType", required=True))
    wrap_up_time = f.integer(body, "wrapUpTime", required=True) or 0
    wrap_up_type = f.integer(body, "wrapUpType")
    if wrap_up_time < 0 or wrap_up_type not in (None, 1, 2):
        raise bad_request("wrapUpTime must be >= 0 and wrapUpType 1 or 2")
    ext, phone = f.text(body, "ext"), f.text(body, "phone")
    if ext is not None:
        if ext not in tenant.extensions:
            raise SobotFault(404, f"no extension {ext}")
        holder = next((other for other in tenant.agents.values() if other.ext == ext and other is not agent), None)
        if holder is not None:
            raise SobotFault(409, f"extension {ext} is bound to another agent")
        agent.ext = ext
    if phone is not None:
        agent.phone = f.digits(phone, "phone")
    agent.wrap_up_time = wrap_up_time
    if wrap_up_type is not None:
        agent.wrap_up_type = wrap_up_type
    return setting(agent)


def unbind_agent(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = f.obj(request.body)
    f.only(body, ("agent", "agentType", "numberType"))
    agent = _agent(tenant, f.text(body, "agent", required=True), f.integer(body, "agentType", required=True))
    number_type = f.integer(body, "numberType")
    number_type = 2 if number_type is None else number_type
    if number_type not in (0, 1, 2):
        raise bad_request("numberType must be 0, 1 or 2")
    if number_type in (0, 2):
        agent.ext = None
    if number_type in (1, 2):
        agent.phone = None
    return setting(agent)


def search_agents(tenant: Tenant, request: SimRequest) -> list[dict[str, Any]]:
    body = f.obj(request.body)
    f.only(body, ("agentName", "agentID", "queue", "ext", "agentStatus"))
    name, work_number, ext = f.text(body, "agentName"), f.text(body, "agentID"), f.text(body, "ext")
    queue, status = f.text(body, "queue"), f.integer(body, "agentStatus")
    zone = zoneinfo.ZoneInfo(request.headers.get("timezoneid") or "Asia/Singapore")
    found = []
    for agent in tenant.agents.values():
        if (name and name not in agent.name) or (work_number and work_number not in agent.work_number):
            continue
        if (ext and ext not in (agent.ext or "")) or (status is not None and status != agent.login_status):
            continue
        if queue is not None and (group := tenant.queues.get(queue)) is not None:
            if agent.uuid not in {member.agent_uuid for member in group.members}:
                continue
        elif queue is not None:
            continue
        created = dt.datetime.fromtimestamp(agent.created_ms / 1000, zone).strftime("%Y-%m-%d %H:%M:%S")
        found.append(
            {
                "agentUUID": agent.uuid,
                "agentID": agent.work_number,
                "agentName": agent.name,
                "ext": agent.ext,
                "agentPhone": agent.phone,
                "loginStatus": agent.login_status,
                "notReadyReasonCode": agent.not_ready_reason,
                "createTime": created,
                "updateTime": created,
                "createTimeMs": agent.created_ms,
                "updateTimeMs": agent.created_ms,
            }
        )
    return found


# -- skill groups (lines 291-773) -----------------------------------------------------------------


def search_queues(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = f.obj(request.body)
    f.only(body, ("pageSize", "currPage"))
    items = [{"queueID": q.queue_id, "queueName": q.name} for q in tenant.queues.values()]
    return page_of(items, body, default_size=10)


def add_queue(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = f.obj(request.body)
    f.only(body, ("queueName", "queueID", "queueWeight"))
    name = f.text(body, "queueName", required=True) or ""
    queue_id = f.text(body, "queueID", required=True) or ""
    weight = f.text(body, "queueWeight") or "0"
    if queue_id in tenant.queues:
        raise SobotFault(409, f"skill group no. {queue_id} already exists")
    tenant.queues[queue_id] = Queue(queue_id, name, weight)
    return {"queueName": name, "queueID": queue_id, "queueWeight": weight}


def delete_queue(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = f.obj(request.body)
    f.only(body, ("queueID",))
    queue_id = f.text(body, "queueID", required=True) or ""
    if tenant.queues.pop(queue_id, None) is None:
        raise SobotFault(404, f"no skill group {queue_id}")
    return {}


def queue_members(tenant: Tenant, request: SimRequest) -> list[dict[str, Any]]:
    body = f.obj(request.body)
    f.only(body, ("agentType", "queueID"))
    agent_type = f.choice(body, "agentType", ("0", "1")) or "0"
    queue_id = f.text(body, "queueID")
    groups = [tenant.queues[queue_id]] if queue_id in tenant.queues else [] if queue_id else tenant.queues.values()
    return [
        {
            "queueName": group.name,
            "queueID": group.queue_id,
            "queueWeight": int(group.weight) if group.weight.isdigit() else 0,
            "agentCount": len(group.members),
            "agents": [
                {
                    "agent": tenant.agents[m.agent_uuid].named(agent_type),
                    "agentName": tenant.agents[m.agent_uuid].name,
                    "level": str(m.level),
                    "checkin": m.checkin,
                }
                for m in group.members
            ],
        }
        for group in groups
    ]


def update_members(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    """Adds (new or overwritten) and removes members. Checked in full before anything changes.
    A queueName or queueWeight in an entry is echoed but not applied: the document does not say
    that this interface renames a group."""
    body = f.obj(request.body)
    f.only(body, ("agentType", "list"))
    agent_type = f.choice(body, "agentType", ("0", "1")) or "0"
    changes = []
    for index, raw in enumerate(f.array(body, "list")):
        entry = f.obj(raw, f"list[{index}]")
        f.only(entry, ("queueID", "queueName", "queueWeight", "add", "remove"), f"list[{index}]")
        group = tenant.queues.get(f.text(entry, "queueID", required=True) or "")
        if group is None:
            raise SobotFault(404, f"no skill group {entry['queueID']}")
        for action in ("add", "remove"):
            for item in f.array(entry, action):
                given = f.obj(item, f"list[{index}].{action}")
                f.only(given, ("agent", "level", "checkin"), f"list[{index}].{action}")
                agent = _agent(tenant, f.text(given, "agent", required=True), agent_type)
                level, checkin = f.integer(given, "level"), f.flag(given, "checkin")
                changes.append((group, action, Member(agent.uuid, level or 1, True if checkin is None else checkin)))
    for group, action, member in changes:
        group.members = [m for m in group.members if m.agent_uuid != member.agent_uuid]
        if action == "add":
            group.members.append(member)
    return {"agent": None, "agentType": agent_type, "operator": None, "list": body.get("list") or []}


# -- numbers (lines 918-1125) ---------------------------------------------------------------------


_ROW_MEMBERS: Final = ("callNumber", "numberType", "callType", "enabled", "expirationTime", "zoneId", "description")
# Each coded member's allowed values and the "Reference" the failure text quotes (line 1007).
_ROW_CODES: Final = (
    ("numberType", (1,), "1-number"),
    ("callType", (2, 3), "2-inbound,3-outbound"),
    ("enabled", (0, 1), "0-disable,1-enable"),
)


def import_forbidden(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    """Rows are judged one by one; a refused row is reported as in the example (lines 1005-1009)."""
    if not isinstance(request.body, list):
        raise bad_request("body must be a JSON array")
    details = []
    for position, raw in enumerate(request.body, start=1):
        entry, problem = _forbidden_row(raw, position)
        if entry is None:
            details.append(problem)
            continue
        tenant.forbidden[(entry.number, entry.call_type)] = entry
    return {"successCount": len(request.body) - len(details), "failedCount": len(details), "details": details}


def _forbidden_row(raw: Any, position: int) -> tuple[ForbiddenNumber | None, str]:
    if not isinstance(raw, dict):
        return None, _row_detail(position, "row", raw, "an object")
    unknown = sorted(set(raw) - set(_ROW_MEMBERS))
    if unknown:
        return None, _row_detail(position, unknown[0], raw[unknown[0]], "not a member")
    number = raw.get("callNumber")
    number = number.strip() if isinstance(number, str) else ""
    if not (number.isascii() and number.isdigit() and 3 <= len(number) <= 16):
        return None, _row_detail(position, "callNumber", raw.get("callNumber"), "3-16 digits")
    for name, allowed, reference in _ROW_CODES:
        value = raw.get(name)
        if isinstance(value, bool) or value not in allowed:
            return None, _row_detail(position, name, value, reference)
    expires = raw.get("expirationTime")
    if expires is not None:
        try:
            dt.date.fromisoformat(expires)
        except (TypeError, ValueError):
            return None, _row_detail(position, "expirationTime", expires, "yyyy-MM-dd")
    for name in ("zoneId", "description"):
        if raw.get(name) is not None and not isinstance(raw[name], str):
            return None, _row_detail(position, name, raw[name], "a String")
    entry = ForbiddenNumber(number, raw["callType"], raw["enabled"], expires, raw.get("zoneId"), raw.get("description"))
    return entry, ""


def _row_detail(position: int, name: str, value: object, reference: str) -> str:
    return f"NO【{position}】,【{name}】,Content【{value}】,【Reference:{reference}】"


def search_relays(tenant: Tenant, request: SimRequest) -> list[dict[str, Any]]:
    body = f.obj(request.body)
    f.only(body, ("enabled",))
    wanted = f.array(body, "enabled") or [1]  # "When it is null, the default value is 'enabled'"
    if any(isinstance(state, bool) or state not in RELAY_STATES for state in wanted):
        raise bad_request("enabled holds 0, 1 or 2")
    return [
        {
            "gatewayNumber": relay.number,
            "alias": relay.alias,
            "remark": relay.remark,
            "enabled": {"enabledCode": relay.enabled, "enabledName": RELAY_STATES[relay.enabled]},
        }
        for relay in tenant.relays
        if relay.enabled in wanted
    ]


# -- IVR flows (lines 1662-1759) ------------------------------------------------------------------


def search_ivr(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = f.obj(request.body)
    f.only(body, ("currPage", "pageSize", "operator", "agentType"))
    if f.text(body, "operator") is not None:
        _agent(tenant, body["operator"], f.integer(body, "agentType"))
    items = [{"name": flow.name, "code": flow.code, "remarks": flow.remarks} for flow in tenant.ivr_flows]
    return page_of(items, body, default_size=10, max_size=MAX_IVR_PAGE)
