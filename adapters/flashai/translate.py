"""Pure translations between neutral models and FlashAI's parameters and bodies.

No I/O and no clock here: the adapter passes `today` and the zones in, so every rule can be tested
on its own. Schedules live in `schedule.py`, contacts in `contacts.py`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Any, Final

import msgspec

from adapters.flashai.contacts import MobileListPlan, mobile_list
from adapters.flashai.delimited import (
    BOTENCE_LIST,
    CALL_LIST_LAYOUTS,
    DETAIL_LIST,
    LINE_LIST,
    LINE_SUMMARY,
    Layout,
    Record,
)
from adapters.flashai.schedule import CallingPlan, calling_plan
from adapters.flashai.script_params import ParameterOrder
from adapters.flashai.settings import CallListLayout, FlashAIOptions
from adapters.flashai.wire import CallSummaryBody, UnreadableAnswer
from adapters.phones import to_e164
from contracts.calls import Call, CallDirection, CallStatus, DialogueTurn, Speaker
from contracts.campaigns import (
    CallerIdStats,
    Campaign,
    CampaignCreate,
    CampaignStats,
    CampaignStatus,
    RetryOutcome,
    RetryPolicy,
)
from contracts.catalog import CallerId, Script, ScriptVariable
from contracts.errors import invalid

# The outcomes FlashAI's recall covers: it re-dials by intent tag (recall_tag, "W" in the
# vendor's example), which cannot tell a busy line from an unanswered one.
_RECALLED_TOGETHER: Final = frozenset({RetryOutcome.NO_ANSWER, RetryOutcome.BUSY})
_VENDOR_TIME_FORMAT: Final = "%Y-%m-%d %H:%M:%S"
_CALL_ID_SEPARATOR: Final = ":"


def plan_params(
    campaign: CampaignCreate,
    options: FlashAIOptions,
    *,
    today: dt.date,
    parameters: ParameterOrder | None = None,
    callback_url: str | None = None,
) -> tuple[dict[str, Any], MobileListPlan]:
    """addPlan's business parameters (flashai-saas-api.md, "Adding Outbound Call") and the mobile list.

    For a bot batch: a campaign with a `queue_id` goes to `agent_plan.agent_plan_params`.
    `today` is today's date in the vendor's zone; `parameters` is queryPlanParams' order (see
    `contacts.mobile_list`). `callback_url`, the gateway's receiver, takes both callbacks
    (notifyUrl, notifyBatchUrl) when given; else notifyUrl is the account's `notify_url`. Raises
    `invalid` (422) naming the field for anything FlashAI cannot do.
    """
    plan, recall = checked_plan(campaign, options, today=today)
    numbers = mobile_list(campaign.contacts, region=options.phone_region, parameters=parameters)
    params: dict[str, Any] = {
        "userId": options.user_id,
        "batchName": campaign.name,
        "botenceId": campaign.script_id,
        "callDate": plan.call_date_param,
        "callHour": plan.call_hour_param,
        "clear": 0,  # keep numbers not reached today for the next day rather than dropping them
        "lineIds": ",".join(campaign.caller_ids) or None,
        "mobileList": numbers.text,
        "recall": 0,
        "notifyUrl": callback_url or options.notify_url,
    }
    if callback_url is not None:
        params["notifyBatchUrl"] = callback_url
    if recall is not None:
        params["recall"] = 1
        params["recallParams"] = recall
    return params, numbers


def checked_plan(
    campaign: CampaignCreate, options: FlashAIOptions, *, today: dt.date
) -> tuple[CallingPlan, str | None]:
    """The calling plan and recallParams of a bot batch, or `invalid` naming what addPlan cannot
    carry: lets the adapter refuse a campaign before it asks FlashAI anything."""
    if not campaign.script_id:
        raise invalid("FlashAI needs a script (botenceId) for every batch", pointer="/script_id")
    for index, line in enumerate(campaign.caller_ids):
        if "," in line:
            raise invalid(
                "FlashAI separates lineIds with ',' and cannot take one containing it", pointer=f"/caller_ids/{index}"
            )
    plan = calling_plan(campaign.schedule, vendor_zone=options.zone, today=today)
    recall = recall_params(campaign.retry, options.recall_tag) if campaign.retry is not None else None
    return plan, recall


def recall_params(retry: RetryPolicy, recall_tag: str) -> str:
    """The recallParams JSON array string (notes §3.6): interval in minutes, all values strings.

    `max_attempts` is the number of re-dials (recallTimes): a policy of at least one attempt only
    makes sense as re-dials after the first call.
    """
    if not set(retry.on) >= _RECALLED_TOGETHER:
        raise invalid(
            "FlashAI re-dials unanswered and busy calls together; `on` must include no_answer and busy",
            pointer="/retry/on",
        )
    rule = {
        "recallIntervalTime": str(retry.interval_minutes),
        "recallTag": recall_tag,
        "recallTimes": str(retry.max_attempts),
        "ruleType": "0",  # 0 = simple rule (notes §3.6)
    }
    return msgspec.json.encode([rule]).decode("utf-8")


def created_campaign(campaign: CampaignCreate) -> Campaign:
    """The new batch: FlashAI starts dialling a batch as soon as its callDate/callHour allow."""
    return Campaign(
        id=campaign.name,
        name=campaign.name,
        status=CampaignStatus.RUNNING,
        schedule=campaign.schedule,
        script_id=campaign.script_id,
        caller_ids=list(campaign.caller_ids),
        retry=campaign.retry,
    )


def campaign_status(summary: CallSummaryBody) -> CampaignStatus | None:
    """Completed once nothing is planned and every accepted number ended; else unknown.

    FlashAI has no interface that reports a batch's state (paused and stopped look like running).
    """
    if summary.planCount == 0 and summary.acceptCount > 0 and summary.endCount >= summary.acceptCount:
        return CampaignStatus.COMPLETED
    return None


def campaign_stats(batch: str, summary: CallSummaryBody, lines: list[Record], zone: zoneinfo.ZoneInfo) -> CampaignStats:
    """Counters from getBatchPlanCallSummary and, per line, getBatchSummaryGroupByLine.

    Numbers FlashAI accepted that are neither planned nor ended (a stopped batch's undialled
    numbers) are reported as `failed`, so that total = pending + completed + failed.
    """
    pending, completed = summary.planCount, summary.endCount
    total = max(summary.acceptCount, pending + completed)
    return CampaignStats(
        campaign_id=batch,
        total=total,
        pending=pending,
        completed=completed,
        failed=total - pending - completed,
        by_caller_id=[
            CallerIdStats(
                caller_id=_required(line, "lineId"),
                total=_count(line, "totalNum"),
                completed=_count(line, "endCount"),
                last_call_at=parse_vendor_time(line["lastCallTime"], zone),
            )
            for line in lines
        ],
    )


def parse_vendor_time(text: str, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """A FlashAI time in UTC: "yyyy-MM-dd HH:mm:ss" in the vendor's zone, or 13-digit epoch ms.

    Empty or unrecognised text is None: these fields are informative, a missing one is no reason
    to fail a whole page.
    """
    text = text.strip()
    if len(text) == 13 and text.isdigit():
        return dt.datetime.fromtimestamp(int(text) / 1000, tz=dt.UTC)
    try:
        return dt.datetime.strptime(text, _VENDOR_TIME_FORMAT).replace(tzinfo=zone).astimezone(dt.UTC)
    except ValueError:
        return None


# Where each layout keeps what a neutral Call needs.
_CALL_FIELDS: Final[dict[CallListLayout, dict[str, str]]] = {
    CallListLayout.DOC: {
        "phone": "phone",
        "started": "callTime",
        "answered": "answerTime",
        "ended": "hangupTime",
        "duration": "duration",
        "intent": "intent",
        "details": "detailList",
    },
    CallListLayout.LINEAGE: {
        "phone": "phone",
        "started": "callStartTime",
        "answered": "answerTime",
        "ended": "hangupTime",
        "duration": "duration",
        "intent": "accurateIntent",
        "details": "detailList",
    },
}


def calls_from_list(
    text: str | None, *, layout: CallListLayout, batch: str, zone: zoneinfo.ZoneInfo, region: str
) -> list[Call]:
    """The calls of one getBatchPlanCallList page (its `callList` string)."""
    return [
        call_from_record(record, layout=layout, batch=batch, zone=zone, region=region)
        for record in CALL_LIST_LAYOUTS[layout].decode(text)
    ]


def call_from_record(
    record: Record, *, layout: CallListLayout, batch: str, zone: zoneinfo.ZoneInfo, region: str
) -> Call:
    """One callList item as a Call. Answered (completed) needs an answer time and a duration > 0."""
    fields = {name: record[source] for name, source in _CALL_FIELDS[layout].items()}
    phone = fields["phone"].strip()
    if not phone:
        raise UnreadableAnswer("a callList item has no phone number")
    answered_at = parse_vendor_time(fields["answered"], zone)
    duration = _seconds(fields["duration"])
    answered = answered_at is not None and (duration or 0) > 0
    return Call(
        id=call_id(batch, phone),
        direction=CallDirection.OUTBOUND,
        status=CallStatus.COMPLETED if answered else CallStatus.NO_ANSWER,
        to_number=to_e164(phone, region),
        started_at=parse_vendor_time(fields["started"], zone),
        answered_at=answered_at,
        ended_at=parse_vendor_time(fields["ended"], zone),
        duration_seconds=duration,
        disposition=fields["intent"].strip() or None,
        campaign_id=batch,
        dialogue=dialogue(fields["details"], zone),
    )


def dialogue(details: str, zone: zoneinfo.ZoneInfo, layout: Layout = DETAIL_LIST) -> list[DialogueTurn]:
    """Bot and customer turns from `detailList` (`delimited.DETAIL_LIST` unless told), in order."""
    turns: list[DialogueTurn] = []
    for exchange in layout.decode(details):
        for speaker, text_field, time_field in (
            (Speaker.BOT, "botAnswerText", "botAnswerTime"),
            (Speaker.CUSTOMER, "customerSayText", "customerSayTime"),
        ):
            if exchange[text_field]:
                turns.append(
                    DialogueTurn(
                        speaker=speaker, text=exchange[text_field], at=parse_vendor_time(exchange[time_field], zone)
                    )
                )
    return turns


def call_id(batch: str, phone: str) -> str:
    """A call's native id: FlashAI keeps one result per number of a batch, so (batch, phone) names it.

    The phone (digits) goes last, so splitting at the last separator recovers a batch name that
    itself holds the separator.
    """
    return f"{batch}{_CALL_ID_SEPARATOR}{phone}"


def parse_call_id(native: str) -> tuple[str, str]:
    """(batchName, phone) of a native call id; `invalid` when it is not one `call_id` made."""
    batch, separator, phone = native.rpartition(_CALL_ID_SEPARATOR)
    if not separator or not batch or not phone.isdigit():
        raise invalid("not a FlashAI call id", parameter="call_id")
    return batch, phone


def scripts_from_list(text: str | None, variables: Sequence[ScriptVariable] = ()) -> list[Script]:
    """getBotence's `botenceList`: agentFlag 1 marks a script that hands over to agents.

    `variables` are queryPlanParams' parameters, which belong to the account rather than to one
    script, so every script lists them.
    """
    kinds = {"1": "agent-assisted", "0": "bot"}
    return [
        Script(
            id=_required(record, "templateId"),
            name=record["templateName"] or record["templateId"],
            kind=kinds.get(record["agentFlag"].strip()),
            variables=list(variables),
        )
        for record in BOTENCE_LIST.decode(text)
    ]


def caller_ids_from_list(text: str | None) -> list[CallerId]:
    """getCallLine's `lineList`: lineType 1 is a SIP trunk, 2 a SIM gateway."""
    kinds = {"1": "sip", "2": "sim"}
    return [
        CallerId(
            id=_required(record, "lineId"), name=record["lineName"] or None, kind=kinds.get(record["lineType"].strip())
        )
        for record in LINE_LIST.decode(text)
    ]


def line_summary(text: str | None) -> list[Record]:
    return LINE_SUMMARY.decode(text)


def _required(record: Record, name: str) -> str:
    value = record[name].strip()
    if not value:
        raise UnreadableAnswer(f"an item has no {name}")
    return value


def _count(record: Record, name: str) -> int:
    value = record[name].strip()
    if not value.isdigit():
        raise UnreadableAnswer(f"{name} is not a count: {value!r}")
    return int(value)


def _seconds(text: str) -> int | None:
    try:
        return round(float(text)) if text.strip() else None
    except (ValueError, OverflowError):  # "abc", "nan", "inf": no usable duration
        return None
