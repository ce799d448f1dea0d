"""The simulated outbound-task interfaces (sobot-callservice-v6-api.txt lines 1126-1573):
create a task, import its data, query an import's result, list tasks with their counters.

Rules the document states are enforced: required members, enabled template codes, plan end after
plan start, a 200-character description, a calling-list code of at most 20 letters and digits
used once per task, the duplicate-removal, forbidden-number and assignment rules, the importing
agent being the task's creator, and a creation-time window of at most 12 months. Rows of an import
are judged one by one and counted (imported, repeated, removed as duplicates, failed), never named.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
import string
import zoneinfo
from typing import Any, Final

from adapters.sobot.simulator import fields as f
from adapters.sobot.simulator.faults import SobotFault, bad_request
from adapters.sobot.simulator.request import SimRequest
from adapters.sobot.simulator.state import Agent, CallingList, Detail, Outcome, Task, Tenant

MAX_NOTE: Final = 200  # "The note should be 200 chars max" (lines 1148, 1239)
MAX_CALLING_LIST_CODE: Final = 20  # line 1220
MAX_LIST_WINDOW_MS: Final = 366 * 86_400_000  # "time period not exceeding 12 months" (line 1451)
DUPLICATE_RULES: Final = (
    "NonRemoveDuplicates",
    "RemoveDuplicatesInCallingList",
    "RemoveDuplicatesInCampaign",
    "RemoveDuplicatesInTenant",
)
ASSIGN_RULES: Final = ("AssignAverage", "AssignAppoint", "NoAssign")
_CODE_ALPHABET: Final = string.ascii_lowercase + string.digits


def _creator(tenant: Tenant, body: dict[str, Any], name: str = "agentID") -> Agent:
    agent_type = f.choice(body, "agentType", ("0", "1"))
    agent = tenant.agent(f.text(body, name, required=True), agent_type)
    if agent is None:
        raise SobotFault(404, "no such agent")
    return agent


def _task(tenant: Tenant, body: dict[str, Any]) -> Task | None:
    """By `campaignId` when given, else by `code` (lines 1218-1219); None when neither is given."""
    campaign_id, code = f.text(body, "campaignId"), f.text(body, "code")
    if campaign_id is not None:
        found = next((task for task in tenant.tasks.values() if task.task_id == campaign_id.strip()), None)
    elif code is not None:
        found = tenant.tasks.get(code.strip())
    else:
        return None
    if found is None:
        raise SobotFault(404, "no such outbound task")
    return found


def _zone(name: str | None, member: str) -> str | None:
    if name is None:
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise bad_request(f"{member} is not a time zone id") from None
    return name


def create_task(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = f.obj(request.body)
    f.only(
        body,
        (
            "agentID",
            "agentType",
            "name",
            "dataTemplateCode",
            "wrapUpTemplateCode",
            "scheduleStartTime",
            "scheduleEndTime",
            "scheduleTimeZoneId",
            "description",
        ),
    )
    creator = _creator(tenant, body)
    name = f.text(body, "name", required=True) or ""
    template = f.text(body, "dataTemplateCode", required=True) or ""
    if template not in tenant.data_templates:
        raise bad_request("dataTemplateCode is not an enabled import template")
    wrap_up = f.text(body, "wrapUpTemplateCode", required=True)
    if wrap_up not in tenant.wrap_up_templates:
        raise bad_request("wrapUpTemplateCode is not an enabled summary template")
    start = f.integer(body, "scheduleStartTime", required=True) or 0
    end = f.integer(body, "scheduleEndTime", required=True) or 0
    if end <= start:
        raise bad_request("scheduleEndTime must be greater than scheduleStartTime")
    zone = _zone(f.text(body, "scheduleTimeZoneId"), "scheduleTimeZoneId")
    description = f.text(body, "description", max_length=MAX_NOTE) or ""
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    task = Task(
        task_id=secrets.token_hex(18),
        code=code,
        name=name,
        creator_uuid=creator.uuid,
        start_ms=start,
        end_ms=end,
        zone=zone,
        description=description,
        created_ms=round(request.now * 1000),
        custom_fields=tenant.data_templates[template],
        cursor=request.now,
    )
    tenant.tasks[code] = task
    return {"id": task.task_id, "code": code}


def import_data(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = f.obj(request.body)
    f.only(
        body,
        (
            "agentID",
            "agentType",
            "campaignId",
            "code",
            "callingListCode",
            "removeDuplicatesRule",
            "enableFilterDoNotCallListNumber",
            "assignRule",
            "assignAgentAndCount",
            "dataDetails",
        ),
    )
    agent = _creator(tenant, body)
    task = _task(tenant, body)
    if task is None:
        raise bad_request("campaignId or code is required")
    if task.creator_uuid != agent.uuid:
        raise bad_request("only the agent who created the task can import its data")
    calling_list = f.text(body, "callingListCode", required=True) or ""
    if len(calling_list) > MAX_CALLING_LIST_CODE or not (calling_list.isascii() and calling_list.isalnum()):
        raise bad_request("callingListCode is at most 20 letters and digits")
    if calling_list in task.calling_lists:
        raise SobotFault(409, f"calling list {calling_list} already exists")
    rule = f.choice(body, "removeDuplicatesRule", DUPLICATE_RULES, required=True) or ""
    filtered = (f.choice(body, "enableFilterDoNotCallListNumber", ("Filter", "NoFilter")) or "NoFilter") == "Filter"
    assign = f.choice(body, "assignRule", ASSIGN_RULES, required=True)
    assigned = _assigned(tenant, f.array(body, "assignAgentAndCount"))
    if assign == "AssignAppoint" and not assigned:
        raise bad_request("assignAgentAndCount is required with AssignAppoint")
    rows = f.array(body, "dataDetails", required=True)
    if not rows:
        raise bad_request("dataDetails is empty")
    counts = _take_rows(tenant, task, rows, calling_list, rule=rule, filtered=filtered, now=request.now)
    success, repeat, removed, errors = counts
    if assign == "NoAssign":
        task.unassigned += success
    task.assigned_agents = max(task.assigned_agents, assigned)
    report = ""
    if errors:
        report = (
            f"https://img-sg.sobot.io/cc/{tenant.app_id}/costExport/import/campaigns/{task.code}/{calling_list}.xlsx"
        )
    task.calling_lists[calling_list] = CallingList(
        calling_list, round(request.now * 1000), rule, success, repeat, removed, errors, report
    )
    return {"campaignId": task.task_id, "callingListCode": calling_list, "code": task.code}


def _assigned(tenant: Tenant, entries: list[Any]) -> int:
    for index, raw in enumerate(entries):
        entry = f.obj(raw, f"assignAgentAndCount[{index}]")
        f.only(entry, ("agentID", "count"), f"assignAgentAndCount[{index}]")
        if tenant.agent(f.text(entry, "agentID", required=True), 1) is None:
            raise SobotFault(404, "no such agent in assignAgentAndCount")
        count = entry.get("count")  # "count | String" (line 1229) but 100 in the example (line 1257)
        if not str(count).isdigit() or isinstance(count, bool):
            raise bad_request("count must be a number of contacts")
    return len(entries)


def _take_rows(
    tenant: Tenant, task: Task, rows: list[Any], calling_list: str, *, rule: str, filtered: bool, now: float
) -> tuple[int, int, int, int]:
    in_task = {detail.telephone for detail in task.details}
    in_tenant = {detail.telephone for other in tenant.tasks.values() for detail in other.details}
    in_list: set[str] = set()
    parsed = []
    for index, raw in enumerate(rows):  # the whole request is refused before any row is taken
        row = f.obj(raw, f"dataDetails[{index}]")
        f.only(row, ("telephone", "allocationAgent", "name", "description", "customFields"), f"dataDetails[{index}]")
        telephone = (f.text(row, "telephone", required=True) or "").strip()
        f.text(row, "allocationAgent")
        custom = [f.obj(item, f"dataDetails[{index}].customFields") for item in f.array(row, "customFields")]
        parsed.append((telephone, f.text(row, "name"), f.text(row, "description"), custom))
    success = repeat = removed = errors = 0
    for telephone, name, note, custom in parsed:
        if _row_refused(task, telephone, note, custom) or (filtered and _forbidden(tenant, telephone, now)):
            errors += 1
        elif rule != "NonRemoveDuplicates" and telephone in in_list:
            repeat += 1
        elif (rule == "RemoveDuplicatesInCampaign" and telephone in in_task) or (
            rule == "RemoveDuplicatesInTenant" and telephone in in_tenant
        ):
            removed += 1
        else:
            in_list.add(telephone)
            task.details.append(Detail(len(task.details), telephone, name, calling_list, now))
            success += 1
    return success, repeat, removed, errors


def _row_refused(task: Task, telephone: str, note: str | None, custom: list[dict[str, Any]]) -> bool:
    """A row that cannot be imported: not a 3-16 digit number, an over-long note, an unknown custom field."""
    if not (telephone.isascii() and telephone.isdigit() and 3 <= len(telephone) <= 16):
        return True
    return len(note or "") > MAX_NOTE or any(item.get("fieldId") not in task.custom_fields for item in custom)


def _forbidden(tenant: Tenant, telephone: str, now: float) -> bool:
    entry = tenant.forbidden.get((telephone, 3))
    if entry is None or entry.enabled != 1:
        return False
    if entry.expires is None:
        return True
    zone = zoneinfo.ZoneInfo(entry.zone or "Asia/Singapore")
    return dt.datetime.fromtimestamp(now, zone).date() <= dt.date.fromisoformat(entry.expires)


def import_result(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = f.obj(request.body)
    f.only(body, ("agentID", "agentType", "callingListCode", "campaignId", "code", "currPage", "pageSize"))
    agent = _creator(tenant, body)
    task = _task(tenant, body)
    tasks = [task] if task is not None else [t for t in tenant.tasks.values() if t.creator_uuid == agent.uuid]
    wanted = f.text(body, "callingListCode")
    rows = [
        {
            "campaignId": t.task_id,
            "code": t.code,
            "callingListCode": cl.code,
            "removeDuplicatesRule": cl.rule,
            "successCount": cl.success,
            "repeatCount": cl.repeat,
            "errorCount": cl.errors,
            "errorReportPath": cl.report,
            "removeDuplicatesCount": cl.removed,
            "creationTime": cl.created_ms,
        }
        for t in tasks
        for cl in t.calling_lists.values()
        if wanted is None or cl.code == wanted.strip()
    ]
    return counted_page(rows, f.integer(body, "currPage") or 1, f.integer(body, "pageSize") or 50)


def counted_page(items: list[Any], current: int, size: int) -> dict[str, Any]:
    """The outbound interfaces' paging: `totalCount`, `pageSize`, `totalPage`, `currPage`, `list`."""
    if current < 1 or size < 1:
        raise bad_request("currPage and pageSize start at 1")
    start = (current - 1) * size
    return {
        "totalCount": len(items),
        "pageSize": size,
        "totalPage": math.ceil(len(items) / size),
        "currPage": current,
        "list": items[start : start + size],
    }


def list_tasks(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = f.obj(request.body)
    f.only(body, ("code", "creationTimeStart", "creationTimeEnd", "agentUUID", "agentType", "pageSize", "currPage"))
    size, current = f.integer(body, "pageSize", required=True), f.integer(body, "currPage", required=True)
    since, until = f.integer(body, "creationTimeStart"), f.integer(body, "creationTimeEnd")
    if since is not None and until is not None and until - since > MAX_LIST_WINDOW_MS:
        raise bad_request("the creation time period must not exceed 12 months")
    creator = _creator(tenant, body, "agentUUID") if f.text(body, "agentUUID") is not None else None
    code = f.text(body, "code")
    tasks = [
        task
        for task in tenant.tasks.values()
        if (code is None or task.code == code.strip())
        and (creator is None or task.creator_uuid == creator.uuid)
        and (since is None or task.created_ms >= since)
        and (until is None or task.created_ms <= until)
    ]
    return counted_page([task_row(task, request.now) for task in tasks], current or 0, size or 0)


def task_row(task: Task, now: float) -> dict[str, Any]:
    """One task with its counters (lines 1461-1483, example 1499-1524)."""
    dialled = [detail for detail in task.details if detail.outcome is not Outcome.PENDING]
    answered = [detail for detail in dialled if detail.outcome is Outcome.ANSWERED]
    total, talk = len(task.details), sum(detail.talk_seconds for detail in answered)
    ended = now * 1000 >= task.end_ms
    state = 3 if ended else 1 if now * 1000 >= task.start_ms else 0
    zone = zoneinfo.ZoneInfo(task.zone or "Asia/Singapore")

    def local(ms: int) -> str:
        return dt.datetime.fromtimestamp(ms / 1000, zone).strftime("%Y-%m-%d %H:%M:%S")

    def rate(part: int, whole: int) -> str:
        return f"{100 * part / whole:.2f}%" if whole else "0.00%"

    return {
        "code": task.code,
        "name": task.name,
        "timed": 1,
        "scheduleStartTime": task.start_ms,
        "scheduleEndTime": task.end_ms,
        "scheduleTimeZoneId": task.zone,
        "scheduleStartTimeZoneValue": local(task.start_ms),
        "scheduleEndTimeZoneValue": local(task.end_ms),
        "state": state,
        "expired": 1 if ended else 0,
        "description": task.description,
        "creationTime": task.created_ms,
        "contactRecordCount": total,
        "contactUnassignedCount": task.unassigned,
        "agentCount": task.assigned_agents,
        "contactRecordExecuteCount": len(dialled),
        "contactRecordAnswerCount": len(answered),
        "contactExecuteRate": rate(len(dialled), total),
        "contactAnswerRate": rate(len(answered), total),
        "callDialCount": len(dialled),
        "callAnswerCount": len(answered),
        "callAnswerRate": rate(len(answered), len(dialled)),
        "callTalkDuration": talk,
        "averageCallTalkDuration": talk // len(answered) if answered else 0,
    }
