"""The simulated vendor's reads: summaries, the number and call lists, one number's call, catalogues.

Paged lists take `page` and `pageNum` (at most 5000, else 1006; flashai-saas-api.md "The Max number
of items, 5000 per page"). An empty answer is 1005 "query has no result", as in the lineage server.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from adapters.flashai.simulator.dialler import Attempt, PlannedNumber
from adapters.flashai.simulator.faults import VendorFault
from adapters.flashai.simulator.vendor import FlashAIVendor, VendorRequest, number_field, page_request, text_field

# getBatchPlanList phoneStatus: "1- Planning, 2- Completed, 3- Processing Failed".
PLANNING, COMPLETED, FAILED = 1, 2, 3
# getPhoneDetail detailList separators: (between entries, between fields).
_DETAIL_SEPARATORS = {"doc": ("$", "_"), "sdk": ("|", "^")}


def call_summary(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    batch = vendor.batch(request)
    accepted, ended, planned = batch.counts(request.now)
    return {"batchName": batch.name, "acceptCount": accepted, "endCount": ended, "planCount": planned}


def line_summary(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    batch, now = vendor.batch(request), request.now
    rows = []
    for line_id in batch.line_ids:
        numbers = [number for number in batch.numbers if number.line_id == line_id]
        if not numbers:
            continue
        starts = [attempt.started for number in numbers for attempt in number.attempts if attempt.started <= now]
        ended = sum(number.ended(now) for number in numbers)
        rows.append(f"{line_id}^{len(numbers)}^{ended}^{vendor.format_time(max(starts) if starts else None)}")
    if not rows:
        raise VendorFault("1005")
    return {"batchName": batch.name, "lineSummary": "|".join(rows)}


def phone_status(number: PlannedNumber, now: float) -> int:
    """Planning while due or on a call; completed once its calls ended; failed when dropped undialled."""
    if number.planned(now):
        return PLANNING
    return COMPLETED if number.ended(now) else FAILED


def plan_list(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    """getBatchPlanList: items "phone^attach^params^custName^custCompany^status", as the doc's example."""
    body, now = request.body, request.now
    page, page_size = page_request(body)
    wanted = number_field(body, "phoneStatus", required=False)
    if wanted not in (None, PLANNING, COMPLETED, FAILED):
        raise VendorFault("1010")
    batch = vendor.batch(request)
    rows = [(number, phone_status(number, now)) for number in batch.numbers]
    chosen = [(number, status) for number, status in rows if wanted is None or status == wanted]
    chunk = chosen[(page - 1) * page_size : page * page_size]
    if not chunk:
        raise VendorFault("1005")
    items = ["^".join((n.phone, n.attach, n.params, n.cust_name, n.cust_company, str(status))) for n, status in chunk]
    answer: dict[str, Any] = {
        "batchName": batch.name,
        "batchCount": str(len(batch.numbers)),  # the doc types it as a string
        "mobileList": "|".join(items),
        "totalPage": math.ceil(len(chosen) / page_size),
        "totalRecord": len(chosen),
        "page": page,
        "pageNum": page_size,
    }
    if wanted is not None:
        answer["phoneStatus"] = wanted
    return answer


def call_list(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    body, now = request.body, request.now
    text_field(body, "notifyUrl")  # required by the doc's table
    page, page_size = page_request(body)
    batch = vendor.batch(request)
    called = [(number, number.last_finished(now)) for number in batch.numbers]
    finished = sorted(
        ((number, attempt) for number, attempt in called if attempt is not None),
        key=lambda pair: (pair[0].attempts[0].started, pair[0].seq),
    )
    chunk = finished[(page - 1) * page_size : page * page_size]
    if not chunk:
        raise VendorFault("1005")
    render = _doc_item if vendor.call_list_layout == "doc" else _lineage_item
    return {
        "batchName": batch.name,
        "batchCount": str(len(batch.numbers)),
        "callList": "|".join(render(vendor, number, attempt) for number, attempt in chunk),
        "totalPage": math.ceil(len(finished) / page_size),
        "totalRecord": len(finished),
        "page": page,
        "pageNum": page_size,
    }


def phone_detail(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    """getPhoneDetail: the number's last finished call in the lineage server's call-detail shape
    (vo/CallDetail.java: epoch-millisecond times, duration, billSec, intent, reason, detailList)."""
    batch = vendor.batch(request)
    number = batch.number(text_field(request.body, "phone") or "")
    attempt = number.last_finished(request.now) if number else None
    if number is None or attempt is None:
        raise VendorFault("1005")
    entries, fields = _DETAIL_SEPARATORS[vendor.detail_list_style]
    return {
        "batchName": batch.name,
        "phoneNo": number.phone,
        "callStartTime": _ms(attempt.started),
        "answerTime": _ms(attempt.answered),
        "hangupTime": _ms(attempt.ended),
        "duration": attempt.duration,
        "billSec": attempt.duration if attempt.answered else 0,
        "accurateIntent": attempt.intent,
        "reason": "" if attempt.answered else attempt.note,
        "remarks": attempt.note,
        "hangupDirection": 2 if attempt.answered else 1,
        "detailList": _details(vendor, attempt, entries, fields),
    }


def botence_list(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    templates = vendor.user(request).templates
    if not templates:
        raise VendorFault("1005")
    return {"botenceList": "|".join(f"{t.template_id}^{t.name}^{int(t.agent_assisted)}" for t in templates)}


def param_list(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    params = vendor.user(request).params
    if not params:
        raise VendorFault("1005")
    return {"paramSeqLsit": "|".join(f"{p.name}^{p.seq}^{p.param_type}" for p in params)}


def line_list(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    lines = vendor.user(request).lines
    if not lines:
        raise VendorFault("1005")
    return {"lineList": "|".join(f"{line.line_id}^{line.name}^{line.line_type}" for line in lines)}


def agent_groups(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    """queryAgentGroup: one record per agent and group, `records` a JSON list."""
    records = [
        {"agentGroupId": group.group_id, "agentGroupName": group.name, "agentId": agent_id, "agentName": agent_name}
        for group in vendor.user(request).agent_groups
        for agent_id, agent_name in group.agents
    ]
    if not records:
        raise VendorFault("1005")
    return {"records": records}


# -- call renderings ------------------------------------------------------------------------------


def _ms(moment: float | None) -> int | None:
    return None if moment is None else round(moment * 1000)


def _details(vendor: FlashAIVendor, attempt: Attempt, entries: str = "$", fields: str = "_") -> str:
    return entries.join(
        fields.join((e.bot_text, vendor.format_time(e.bot_at), e.customer_text, vendor.format_time(e.customer_at)))
        for e in attempt.exchanges
    )


def _doc_item(vendor: FlashAIVendor, number: PlannedNumber, attempt: Attempt) -> str:
    """mobile number^outbound date^call time^hang up time^answer time^call duration^intent tag^intent note^details."""
    outbound_date = dt.datetime.fromtimestamp(attempt.started, vendor.zone).strftime("%Y-%m-%d")
    return "^".join(
        (
            number.phone,
            outbound_date,
            vendor.format_time(attempt.started),
            vendor.format_time(attempt.ended),
            vendor.format_time(attempt.answered),
            str(attempt.duration),
            attempt.intent,
            attempt.note,
            _details(vendor, attempt),
        )
    )


def _lineage_item(vendor: FlashAIVendor, number: PlannedNumber, attempt: Attempt) -> str:
    """The lineage order (notes §3.5): times of the call in epoch milliseconds."""

    def ms(moment: float | None) -> str:
        value = _ms(moment)
        return "" if value is None else str(value)

    talk = dt.timedelta(seconds=attempt.duration)
    return "^".join(
        (
            attempt.intent,
            vendor.format_time(attempt.started),
            ms(attempt.answered),
            str(attempt.duration),
            ms(attempt.started),
            f"{talk.seconds // 3600:02d}:{talk.seconds // 60 % 60:02d}:{talk.seconds % 60:02d}",
            _details(vendor, attempt),
            str(attempt.duration),
            "" if attempt.answered else "1",
            "2" if attempt.answered else "",
            ms(attempt.ended),
            number.phone,
            "" if attempt.answered else attempt.note,
            attempt.note,
        )
    )
