"""CC-iSales campaign interfaces of the simulated vendor (7.1.2, 7.1.4-7.1.9).

Checks follow Table 7-18 (V2 creation) and Table 7-55 (V2 modification, maxAlertingTime 5-60);
state rules follow the prerequisites: delete only when `status` is not 2 (7.1.5), suspend only a
running campaign and resume only a suspended one (0200011, 7.1.8/7.1.9), modify only a campaign
that is not complete (0200016). Answers mirror the examples of 7.1.6 and 7.1.7, including their
shapes: dates without times, `callerNo` as one string (several numbers comma-joined: the
simulator's choice, the reference shows one), `callBackUrl` spelled as in the example.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final
from urllib.parse import parse_qsl

from adapters.huawei_cec.simulator.dialler import COMPLETED, RUNNING, SUSPENDED, RetryRule, SimCampaign
from adapters.huawei_cec.simulator.outbound import (
    Outbound,
    bad_value,
    empty,
    fail,
    integer,
    json_text,
    ok,
    text,
)
from adapters.huawei_cec.simulator.requests import SimRequest

IVR_TYPES: Final = frozenset({1, 3})
SKILL_TYPES: Final = frozenset({2, 5, 6})
MAX_CAMPAIGNS_PER_KIND: Final = 20  # "Only 20 outbound campaign tasks whose device type is ... (7.1.2)
CLOCK: Final = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
SEGMENT_KEYS: Final = tuple(
    (f"{kind}BeginTime{n}", f"{kind}EndTime{n}") for kind in ("workday", "holiday") for n in (1, 2, 3)
)


def _segments(value: object) -> list[tuple[int, int]]:
    """Workday segments of scheduleParam (Table 7-19 and its notes 1-3)."""
    if not isinstance(value, dict):
        raise empty("scheduleParam")
    workday: list[tuple[int, int]] = []
    for begin_key, end_key in SEGMENT_KEYS:
        begin, end = value.get(begin_key) or "", value.get(end_key) or ""
        if not begin and not end:
            continue
        if not (isinstance(begin, str) and isinstance(end, str) and CLOCK.match(begin) and CLOCK.match(end)):
            raise fail("02000009", f"{begin_key}/{end_key} must both be HH:mm")
        minutes = (int(begin[:2]) * 60 + int(begin[3:]), int(end[:2]) * 60 + int(end[3:]))
        if minutes[0] >= minutes[1]:
            raise fail("02000009", f"{begin_key} must be earlier than {end_key}")
        if begin_key.startswith("workday"):
            workday.append(minutes)
    if not workday:
        raise fail("02000009", "at least one workday segment is required")
    return workday


def _result_rules(items: object, name: str) -> dict[int, tuple[int, int]]:
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not items:
        raise bad_value(name)
    rules = {}
    for item in items:
        if not isinstance(item, dict):
            raise bad_value(name)
        result = integer(item, "result", 0, 9) or 0
        rules[result] = (integer(item, "retryNumber", 0, 9) or 0, integer(item, "callInterval", 1, 86400) or 1)
    return rules


def _common_rule(item: dict[str, Any]) -> dict[int, tuple[int, int]]:
    integer(item, "retryDay", 1, 5)
    times = integer(item, "retryTimes", 1, 6) or 1
    return {0: (times - 1, integer(item, "callInterval", 1, 86400, required=False) or 60)}


def _retry(value: object) -> RetryRule:
    """retryPolicy (Tables 7-29 to 7-32), as the dialler applies it."""
    if not isinstance(value, dict):
        raise empty("retryPolicy")
    policy_type = integer(value, "policyType", 0, 1)
    if policy_type == 0 and value.get("resultRetry"):
        return RetryRule(_result_rules(json_text(value["resultRetry"], "resultRetry"), "resultRetry"))
    if policy_type == 0:
        return RetryRule(_common_rule(value))
    entries = json_text(value.get("policyJson"), "policyJson")
    if not isinstance(entries, list) or not entries or not isinstance(entries[0], dict):
        raise bad_value("policyJson")
    first = entries[0]
    policy = first.get("policy")
    policy = json_text(policy, "policy") if isinstance(policy, str) else policy
    if str(first.get("type")) == "0" and isinstance(policy, dict):
        return RetryRule(_common_rule(policy))
    return RetryRule(_result_rules(policy, "policyJson"))


def _device(outbound: Outbound, body: dict[str, Any], device_type: int) -> None:
    if device_type in IVR_TYPES:
        ivr = body.get("ivrParam")
        if not isinstance(ivr, dict):
            raise empty("ivrParam")
        sign = text(ivr, "deviceSign", 64) or ""
        if device_type == 3 and sign not in {flow.access_code for flow in outbound.tenant.flows}:
            raise fail("0200001", "ivrParam.deviceSign is not the access code of an IVR flow")
        integer(ivr, "callCount", 1, 100)
        integer(ivr, "callInterval", 1, 9999)
        return
    skill = body.get("skillParam")
    if not isinstance(skill, dict):
        raise empty("skillParam")
    if integer(skill, "skillId", 1, 1000) not in outbound.tenant.skills:
        raise fail("0200017", "The skill queue ID does not exist.")
    text(skill, "skillName", 100)
    if integer(skill, "outBoundType", 2, 6) != device_type:
        raise fail("02000009", "skillParam.outBoundType must match deviceType")
    if device_type == 2 and not isinstance(skill.get("predictParam"), dict):
        raise empty("skillParam.predictParam")
    if device_type == 5 and not isinstance(skill.get("previewParam"), dict):
        raise empty("skillParam.previewParam")


def _caller_numbers(outbound: Outbound, value: object) -> None:
    outbound_codes = {code.access_code for code in outbound.tenant.access_codes if code.call_attr in (2, 3)}
    if not isinstance(value, list) or not value:
        raise empty("callerNo")
    for item in value:
        if not isinstance(item, dict):
            raise bad_value("callerNo")
        code = text(item, "accessCode", 32) or ""
        integer(item, "priority", 1, 5)
        if not code.isdigit():
            raise fail("02000002", "callerNo.accessCode holds digits only")
        if code not in outbound_codes:  # the simulator's rule: only the tenant's outbound access codes
            raise fail("0200001", f"callerNo {code} is not an outbound access code of this tenant")


def _validated(outbound: Outbound, request: SimRequest, *, current: SimCampaign | None) -> SimCampaign:
    body = request.json_object()
    name = text(body, "name", 32) or ""
    if any(c.name == name and c is not current for c in outbound.campaigns.values()):
        raise fail("0200005", "The outbound campaign name must be unique.")
    description = text(body, "description", 200, required=False) or ""
    if set(description) & set('"[]=;<>'):
        raise fail("02000002", "description contains invalid characters")
    begin = outbound.parse(text(body, "strBeginTime", 19) or "", "strBeginTime")
    end = outbound.parse(text(body, "strEndTime", 19) or "", "strEndTime")
    today = outbound.local(request.now).replace(hour=0, minute=0, second=0, microsecond=0)
    if begin < today:
        raise fail("0200002", "The start time of an outbound campaign is earlier than the early morning of today.")
    if end <= begin:
        raise fail("02000009", "strEndTime must be later than strBeginTime")
    device_type = integer(body, "deviceType", 1, 6) or 0
    if device_type not in IVR_TYPES | SKILL_TYPES or (current and device_type != current.body.get("deviceType")):
        raise bad_value("deviceType")
    _caller_numbers(outbound, body.get("callerNo"))
    integer(body, "maxAlertingTime", 9 if device_type == 5 else 5, 60 if current else 120)
    integer(body, "priority", 1, 5, required=False)
    segments = _segments(body.get("scheduleParam"))
    _device(outbound, body, device_type)
    callback = body.get("callbackUrl") or body.get("callBackUrl")  # the tables' and the examples' spelling
    if not isinstance(callback, str) or not callback.startswith(("http://", "https://")):
        raise empty("callbackUrl")
    retry = _retry(body.get("retryPolicy"))
    call_policy = body.get("callPolicy")
    round_calls = isinstance(call_policy, dict) and str(call_policy.get("callType")) == "1"
    if round_calls and str((body.get("retryPolicy") or {}).get("policyType")) != "1":
        raise fail("02000009", "round calls need a number-type retry policy")
    status = SUSPENDED if integer(body, "initStatus", 0, 1, required=False) == 1 else RUNNING
    return SimCampaign(
        campaign_id=current.campaign_id if current else next(outbound.campaign_ids),
        body=body,
        status=status,
        begin=begin,
        end=end,
        segments=segments,
        retry=retry,
        cursor=request.now,
    )


def create_campaign(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    outbound.check_vdn(request)
    campaign = _validated(outbound, request, current=None)
    kind = IVR_TYPES if campaign.body["deviceType"] in IVR_TYPES else SKILL_TYPES
    active = [c for c in outbound.campaigns.values() if c.body["deviceType"] in kind and c.status != COMPLETED]
    if len(active) >= MAX_CAMPAIGNS_PER_KIND:
        raise fail("0200004" if kind is IVR_TYPES else "0200003", "The number of outbound campaigns is at the limit.")
    outbound.campaigns[campaign.campaign_id] = campaign
    return ok(returnObject={"id": campaign.campaign_id})


def modify_campaign(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    current = outbound.campaign(request)
    if current.status == COMPLETED:
        raise fail("0200016", "The outbound campaign has expired.")
    updated = _validated(outbound, request, current=current)
    current.body, current.begin, current.end = updated.body, updated.begin, updated.end
    current.segments, current.retry = updated.segments, updated.retry
    return ok()


def delete_campaign(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    campaign = outbound.campaign(request)
    body = request.json() or {}
    if not isinstance(body, dict):
        raise bad_value("body")
    integer(body, "archiveHistory", 0, 1, required=False)
    if campaign.status == RUNNING:
        raise fail("0200009", "The outbound campaign task is running.")
    del outbound.campaigns[campaign.campaign_id]
    return ok(resultDesc="delete task success", returnDesc="delete task success")


def _date(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def _callers(campaign: SimCampaign) -> str:
    return ",".join(str(item.get("accessCode")) for item in campaign.body.get("callerNo", []))


def _summary(campaign: SimCampaign) -> dict[str, Any]:
    return {
        "id": campaign.campaign_id,
        "name": campaign.name,
        "status": campaign.status,
        "strBeginTime": _date(campaign.begin),
        "strEndTime": _date(campaign.end),
        "deviceType": campaign.body["deviceType"],
        "callerNo": _callers(campaign),
    }


def campaign_detail(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    campaign = outbound.campaign(request)
    body = campaign.body
    schedule = body.get("scheduleParam") or {}
    retry = dict(body.get("retryPolicy") or {})
    retry.setdefault("retryPolicyId", f"{campaign.campaign_id:030d}")
    detail = {
        **_summary(campaign),
        "description": body.get("description"),
        "maxAlertingTime": body.get("maxAlertingTime"),
        "scheduleParam": {key: schedule.get(key) or None for pair in SEGMENT_KEYS for key in pair},
        "ivrParam": body.get("ivrParam"),
        "skillParam": body.get("skillParam"),
        "callBackUrl": body.get("callbackUrl") or body.get("callBackUrl"),
        "retryPolicy": retry,
        "callPolicy": body.get("callPolicy"),
    }
    return ok(returnObject=detail)


def list_campaigns(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    outbound.check_vdn(request)
    query: dict[str, Any] = dict(parse_qsl(request.raw_query, keep_blank_values=True))
    status = integer(query, "status", 0, 4)
    device_type = integer(query, "deviceType", 0, 6)
    page = max(1, integer(query, "curPage", 0, 1_000_000) or 1)
    rows = integer(query, "rowsPerPage", 1, 100)
    campaigns = sorted(outbound.campaigns.values(), key=lambda c: c.campaign_id)
    if status:
        campaigns = [c for c in campaigns if c.status == status]
    if device_type:
        campaigns = [c for c in campaigns if c.body["deviceType"] == device_type]
    if name := query.get("name"):
        campaigns = [c for c in campaigns if name in c.name]
    rows = rows or 10
    chunk = campaigns[(page - 1) * rows : page * rows]
    return ok(
        curPage=page,
        totalSize=len(campaigns),
        rowsPerPage=rows,
        data=[_summary(campaign) for campaign in chunk],
        curSkillQueueCount=sum(1 for c in campaigns if c.body["deviceType"] in SKILL_TYPES),
        curIvrCount=sum(1 for c in campaigns if c.body["deviceType"] in IVR_TYPES),
    )


def pause_campaign(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    campaign = outbound.campaign(request)
    if campaign.status != RUNNING:
        raise fail("0200011", "The outbound campaign in the current status cannot be suspended.")
    campaign.status = SUSPENDED
    return ok()


def resume_campaign(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    campaign = outbound.campaign(request)
    if campaign.status != SUSPENDED:
        raise fail("0200011", "The outbound campaign in the current state cannot be resumed.")
    campaign.status = RUNNING
    campaign.cursor = max(campaign.cursor, request.now)  # the suspended time earns no dials
    return ok()
