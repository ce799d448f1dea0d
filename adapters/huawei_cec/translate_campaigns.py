"""Neutral campaigns and CC-iSales V2 campaigns (7.1.2, 7.1.4, 7.1.6, 7.1.7, 7.4.7). Pure functions.

- The device: a campaign with a `script_id` dials into that IVR flow (deviceType 3, automatic IVR;
  `ivrParam.deviceSign` is the flow's access code, Table 7-20); one with a `queue_id` connects to
  that skill queue (deviceType `queue_outbound_type`: 2 predicted, 5 previewed or 6 preempted).
  Huawei campaigns have exactly one device, so exactly one of the two is required.
- `caller_ids` are access codes, sent as `callerNo` [{accessCode, priority}] in the given order
  (priority 1 first, at most 5, Table 7-28). Huawei requires at least one.
- Retries (Tables 7-29/7-30): a global result policy, one `resultRetry` entry per neutral outcome
  with `retryNumber` = max_attempts - 1 and `callInterval` in seconds. Huawei counts retries per
  result type, so a contact whose attempts fail in different ways (no answer, then busy) may be
  tried more than max_attempts times in all. Outcomes map to result types
  busy -> 1, no_answer -> 2, failed -> 9 ("The call fails"). Without retries a common policy of one
  attempt a day is sent, because `retryPolicy` is mandatory. The JSON inside `resultRetry` is
  standard JSON (the examples' single quotes are not JSON); both are read back.
- Status (Table 7-83): 2 started -> running, 3 suspended -> paused, 4 completed -> completed; the
  1 of the 7.1.7 example is undocumented and read as scheduled.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Final

from adapters.huawei_cec.schedule import parse_vendor_date, windows_from_segments
from adapters.huawei_cec.settings import CampaignOptions
from adapters.huawei_cec.wire_isales import CampaignCounts, CampaignDetail, RetryPolicyWire, ScheduleParam
from contracts.campaigns import (
    CallingWindow,
    Campaign,
    CampaignStats,
    CampaignStatus,
    RetryOutcome,
    RetryPolicy,
    Schedule,
)
from contracts.errors import invalid

AUTOMATIC_IVR: Final = 3
IVR_DEVICES: Final = frozenset({1, 3})
QUEUE_DEVICES: Final = frozenset({2, 5, 6})
MAX_CALLER_PRIORITY: Final = 5
NAME_LIMIT: Final = 32  # Table 7-18
STATUSES: Final = {
    1: CampaignStatus.SCHEDULED,
    2: CampaignStatus.RUNNING,
    3: CampaignStatus.PAUSED,
    4: CampaignStatus.COMPLETED,
}
RESULT_TYPES: Final = {RetryOutcome.BUSY: 1, RetryOutcome.NO_ANSWER: 2, RetryOutcome.FAILED: 9}
OUTCOMES: Final = {number: outcome for outcome, number in RESULT_TYPES.items()}


def campaign_name(name: str, pointer: str = "/name") -> str:
    if len(name) > NAME_LIMIT:
        raise invalid(f"Huawei campaign names hold at most {NAME_LIMIT} characters", pointer=pointer)
    return name


def caller_numbers(caller_ids: list[str]) -> list[dict[str, Any]]:
    if not caller_ids:
        raise invalid(
            "Huawei campaigns need at least one calling number (callerNo is mandatory)", pointer="/caller_ids"
        )
    for index, code in enumerate(caller_ids):
        if not code.isdigit() or len(code) > 32:
            raise invalid("Huawei calling numbers are access codes of digits", pointer=f"/caller_ids/{index}")
    return [
        {"accessCode": code, "priority": min(index + 1, MAX_CALLER_PRIORITY)} for index, code in enumerate(caller_ids)
    ]


def ivr_param(script_id: str, options: CampaignOptions) -> dict[str, Any]:
    return {
        "deviceSign": script_id,
        "callCount": options.ivr_call_count,
        "callInterval": options.ivr_call_interval_seconds,
    }


def skill_param(queue_id: str, queue_name: str, options: CampaignOptions) -> dict[str, Any]:
    """skillParam (Table 7-21) with the parameters its outbound type requires."""
    param: dict[str, Any] = {
        "skillId": int(queue_id),
        "skillName": queue_name,
        "outBoundType": options.queue_outbound_type,
    }
    if options.queue_outbound_type == 2:
        param["predictParam"] = {"predictMethod": 5, "offhookPredictParam": {"offHookRate": options.off_hook_rate}}
    elif options.queue_outbound_type == 5:
        param["previewParam"] = {
            "failInterval": 10,
            "obCallCount": 1,
            "autoCallTime": max(5, options.max_alerting_seconds - 3),
        }
    return param


def device(script_id: str | None, queue_id: str | None) -> int:
    """The deviceType for the neutral campaign's script or queue (exactly one of them)."""
    if script_id and queue_id:
        raise invalid("a Huawei campaign dials into an IVR flow or a skill queue, not both", pointer="/queue_id")
    if script_id:
        return AUTOMATIC_IVR
    if queue_id:
        if not queue_id.isdigit():
            raise invalid("Huawei skill queue ids are numbers", pointer="/queue_id")
        return 0  # the account's queue_outbound_type; the caller fills it in
    raise invalid("a Huawei campaign needs an IVR flow (script_id) or a skill queue (queue_id)", pointer="/script_id")


def retry_policy(retry: RetryPolicy | None) -> dict[str, Any]:
    if retry is None:
        return {"policyType": 0, "retryDay": 1, "retryTimes": 1, "callInterval": 60}
    rules = [
        {
            "result": RESULT_TYPES[outcome],
            "retryNumber": retry.max_attempts - 1,
            "callInterval": retry.interval_minutes * 60,
        }
        for outcome in dict.fromkeys(retry.on)
    ]
    return {"policyType": 0, "resultRetry": json.dumps(rules, separators=(",", ":"))}


def _json_text(text: str) -> Any:
    for candidate in (text, text.replace("'", '"')):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return None


def retry_from_wire(policy: RetryPolicyWire | None) -> RetryPolicy | None:
    """The neutral retry policy of a global result or common policy; None when there is none."""
    if policy is None:
        return None
    if policy.policyType == 0 and policy.resultRetry:
        rules = _json_text(policy.resultRetry)
        entries = [rule for rule in rules if isinstance(rule, dict)] if isinstance(rules, list) else []
        outcomes = [OUTCOMES[int(rule["result"])] for rule in entries if str(rule.get("result")) in {"1", "2", "9"}]
        if not outcomes:
            return None
        attempts = max(int(rule.get("retryNumber", 0)) for rule in entries) + 1
        interval = max(int(rule.get("callInterval", 60)) for rule in entries)
        return RetryPolicy(
            max_attempts=min(attempts, 10), interval_minutes=min(max(1, interval // 60), 1440), on=outcomes
        )
    if policy.policyType == 0 and (policy.retryTimes or 1) > 1:
        return RetryPolicy(
            max_attempts=min(policy.retryTimes or 1, 10),
            interval_minutes=min(max(1, (policy.callInterval or 60) // 60), 1440),
            on=list(RESULT_TYPES),
        )
    return None


def caller_ids_of(detail: CampaignDetail) -> list[str]:
    if isinstance(detail.callerNo, list):
        return [item.accessCode for item in detail.callerNo]
    return [code.strip() for code in (detail.callerNo or "").split(",") if code.strip()]


def _windows(param: ScheduleParam | None) -> list[CallingWindow]:
    if param is None:
        return []
    return windows_from_segments(
        [
            (param.workdayBeginTime1, param.workdayEndTime1),
            (param.workdayBeginTime2, param.workdayEndTime2),
            (param.workdayBeginTime3, param.workdayEndTime3),
        ]
    )


def _schedule(zone: str, begin: dt.date | None, end: dt.date | None, windows: list[CallingWindow]) -> Schedule | None:
    if end is not None and begin is not None and end < begin:
        end = None
    try:
        return Schedule(timezone=zone, start_date=begin, end_date=end, windows=windows)
    except ValueError:
        return None


def campaign_from_detail(campaign_id: str, detail: CampaignDetail, vendor_zone: str) -> Campaign:
    """A campaign as 7.1.6 reports it (7.1.7's items carry only name, status, dates and callerNo).

    The schedule is in the vendor's zone, with the dates 7.1.6 reports (days, no times) and the
    workday segments as windows.
    """
    begin, end = parse_vendor_date(detail.strBeginTime), parse_vendor_date(detail.strEndTime)
    has_schedule = detail.scheduleParam is not None  # 7.1.7's list items carry no segments
    device_type = detail.deviceType
    queue = detail.skillParam.skillId if device_type in QUEUE_DEVICES and detail.skillParam else None
    return Campaign(
        id=campaign_id,
        name=detail.name or campaign_id,
        status=STATUSES.get(detail.status) if detail.status is not None else None,
        schedule=_schedule(vendor_zone, begin, end, _windows(detail.scheduleParam)) if has_schedule else None,
        script_id=detail.ivrParam.deviceSign if device_type in IVR_DEVICES and detail.ivrParam else None,
        caller_ids=caller_ids_of(detail),
        retry=retry_from_wire(detail.retryPolicy),
        queue_id=str(queue) if queue is not None else None,
    )


def stats_from_counts(campaign_id: str, counts: CampaignCounts) -> CampaignStats:
    """7.4.7: `totalCount` numbers in the campaign, `totalFinishCount` of them done (whatever the
    outcome), `totalCallSucc` calls connected. Huawei does not split done numbers into answered
    and failed, so `failed` is not reported."""
    total = counts.totalCount or 0
    completed = min(counts.totalFinishCount or 0, total)
    return CampaignStats(
        campaign_id=campaign_id,
        total=total,
        pending=total - completed,
        completed=completed,
        failed=None,
        answered=counts.totalCallSucc,
    )
