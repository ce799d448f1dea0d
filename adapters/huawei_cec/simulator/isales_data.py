"""CC-iSales data interfaces of the simulated vendor: numbers, statistics, results, blacklist.

- calldata V2 (7.4.2): at most `calldata_batch_max` records per request (0200029), numbers unique
  within a request (0200018), none on the blacklist (0200024), none while the campaign runs or is
  complete (0200019), requests for one campaign at least `calldata_min_interval` seconds apart
  (0200022, "The interface invoking time cannot be less than 1 second").
- calldata delete (7.4.3): not while the campaign runs, not once a number was called (0200028).
- statistics (7.4.7): answers `countDetail` without a code; HTTP 429 past `statistics_limit`
  requests in five simulated minutes (the flow control of the CAUTION note).
- callresult (7.5.1): completed attempts only, `pageNum` from 1, `pageSize` at most 100 with
  `showDetail` 1 and 500 with 0; callresultdetail (7.5.2) by callId.
- blocklist (7.3.1, 7.3.2, 7.3.4): per VDN, at most 20 numbers per add, no duplicates, none listed yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final
from urllib.parse import parse_qsl

from adapters.huawei_cec.simulator.dialler import COMPLETED, RUNNING, Attempt, DataRecord, SimCampaign
from adapters.huawei_cec.simulator.outbound import (
    DIALLABLE,
    Outbound,
    bad_value,
    empty,
    fail,
    integer,
    ok,
    text,
)
from adapters.huawei_cec.simulator.requests import Refused, SimRequest
from adapters.huawei_cec.simulator.state import BlockedNumber

MAX_OPEN_NUMBERS: Final = 200_000
MAX_BLOCKLIST_BATCH: Final = 20
FLOW_CONTROL_WINDOW: Final = 300.0


def _called_numbers(item: dict[str, Any]) -> list[str]:
    called = item.get("called")
    if not isinstance(called, list) or not called:
        raise empty("called")
    numbers = []
    for entry in called:
        if not isinstance(entry, dict):
            raise bad_value("called")
        number = text(entry, "calledNo", 24) or ""
        if not DIALLABLE.match(number):
            raise fail("02000002", "calledNo holds digits, * and # only")
        integer(entry, "delayTime", 0, 86400, required=False)
        text(entry, "type", 20, required=False)
        numbers.append(number)
    return numbers


def add_call_data(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    campaign = outbound.campaign(request)
    clock = outbound.monotonic()
    last = outbound.last_calldata.get(campaign.campaign_id)
    outbound.last_calldata[campaign.campaign_id] = clock
    if last is not None and clock - last < outbound.calldata_min_interval:
        raise fail("0200022", "The interface invoking time is short.")
    if campaign.status in (RUNNING, COMPLETED):
        raise fail("0200019", "The number cannot be added in the current state.")
    items = request.json_object().get("callDataList")
    if not isinstance(items, list) or not items:
        raise empty("callDataList")
    if len(items) > outbound.calldata_batch_max:
        raise fail("0200029", "The maximum number of numbers that can be added each time is exceeded.")
    records: list[DataRecord] = []
    for item in items:
        if not isinstance(item, dict):
            raise bad_value("callDataList")
        custom = text(item, "customField", 200, required=False)
        if custom and set(custom) & set("`~!@#$%^&*()+={}'\";<>/?.\\[]¥-,"):
            raise fail("02000002", "customField contains invalid characters")
        records.append(
            DataRecord(
                seq=len(campaign.records) + len(records),
                numbers=_called_numbers(item),
                session_id=text(item, "sessionId", 32, required=False),
                call_data=text(item, "callData", 1024, required=False),
                custom_field=custom,
                due_at=request.now,
            )
        )
        text(item, "caller", 24, required=False)
    numbers = [number for record in records for number in record.numbers]
    if len(numbers) != len(set(numbers)):
        raise fail("0200018", "Duplicate numbers exist.")
    if any(outbound.tenant.blocked(number, request.now) for number in numbers):
        raise fail("0200024", "The number to be added is in the blacklist.")
    open_records = [record for record in campaign.records if not record.finished(request.now)]
    if len(open_records) + len(records) > MAX_OPEN_NUMBERS:
        raise fail("0200020", "The number quantity exceeds the upper limit 200,000.")
    campaign.records.extend(records)
    return ok(returnObject={"totalSize": len(open_records) + len(records)})


def delete_call_data(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    campaign = outbound.campaign(request)
    body = request.json_object()
    session_id = text(body, "sessionId", 32, required=False)
    called = text(body, "called", 24, required=False)
    custom = text(body, "customField", 200, required=False)
    if session_id is None and called is None and custom is None:
        raise empty("sessionId, called and customField")
    integer(body, "archiveHistory", 0, 1, required=False)
    if campaign.status == RUNNING:
        raise fail("0200028", "The number cannot be deleted in the current state.")
    matched = [
        record
        for record in campaign.records
        if (session_id is None or record.session_id == session_id)
        and (called is None or called in record.numbers)
        and (custom is None or record.custom_field == custom)
    ]
    if any(record.dialled(request.now) for record in matched):
        raise fail("0200028", "The number cannot be deleted in the current state.")
    campaign.records = [record for record in campaign.records if record not in matched]
    return ok(successCount=len(matched))


def _counts(campaign: SimCampaign, outbound: Outbound, now: float) -> dict[str, Any]:
    today = outbound.local(now).date()
    attempts = [attempt for attempt in campaign.attempts() if attempt.started <= now]
    daily = [attempt for attempt in attempts if outbound.local(attempt.started).date() == today]
    finished = [record for record in campaign.records if record.finished(now)]
    finished_today = [r for r in finished if r.done_at is not None and outbound.local(r.done_at).date() == today]
    return {
        "campaignId": str(campaign.campaign_id),
        "unCallCount": sum(1 for record in campaign.records if not record.dialled(now)),
        "calledCount": len(daily),
        "finishCount": len(finished_today),
        "batchDetail": [],
        "totalCalledCount": len(attempts),
        "totalCallSucc": sum(1 for attempt in attempts if attempt.answered is not None and attempt.answered <= now),
        "totalFinishCount": len(finished),
        "totalCount": len(campaign.records),
        "dailyCalledCount": len(daily),
        "dailyCallSucc": sum(1 for attempt in daily if attempt.answered is not None and attempt.answered <= now),
        "dailyFinishCount": len(finished_today),
        "dailyCount": len(campaign.records),
    }


def statistics(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    outbound.check_vdn(request)
    recent = [moment for moment in outbound.statistics_calls if request.now - moment < FLOW_CONTROL_WINDOW]
    outbound.statistics_calls = [*recent, request.now]
    if len(recent) >= outbound.statistics_limit:
        raise Refused(429, {"resultDesc": "Do not perform this operation frequently. Please try again later."})
    query = dict(parse_qsl(request.raw_query, keep_blank_values=True))
    wanted = query.get("campaignId")
    if query.get("batchId") and not wanted:
        raise empty("campaignId")
    campaigns = [c for c in outbound.campaigns.values() if wanted in (None, "", str(c.campaign_id))]
    return {"countDetail": [_counts(campaign, outbound, request.now) for campaign in campaigns]}


def _result(outbound: Outbound, campaign: SimCampaign, record: DataRecord, attempt: Attempt) -> dict[str, Any]:
    return {
        "campaignId": str(campaign.campaign_id),
        "sessionId": record.session_id,
        "called": attempt.number,
        "callTimeStr": outbound.format(attempt.started),
        "callStatus": 6 if attempt.succeeded else 5,
        "failCode": attempt.fail_code,
        "resultCode": "OB99999" if attempt.succeeded else f"OB{attempt.fail_code}",
        "vdnId": outbound.vdn_id,
        "callId": attempt.call_id,
        "recordPath": None,  # "returned only when the connection is used (in SaaS networking)"
    }


def _result_window(body: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    begin, end = body.get("beginTime"), body.get("endTime")
    if (begin is None) != (end is None):
        raise fail("0200008", "The start time and end time must be specified or left empty at the same time.")
    if begin is None or end is None:
        return None
    try:
        first, last = dt.date.fromisoformat(str(begin)), dt.date.fromisoformat(str(end))
    except ValueError:
        raise fail("0200009", "The format of the start time or end time is incorrect.") from None
    if first >= last:
        raise fail("0200010", "The start time is later than or equal to the end time.")
    if (last - first).days > 30:
        raise fail("0200011", "The interval between the start time and end time exceeds 30 days.")
    return first, last


def call_results(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    campaign = outbound.campaign(request)
    body = request.json() or {}
    if not isinstance(body, dict):
        raise bad_value("body")
    detail = integer(body, "showDetail", 0, 1, required=False) or 0
    size = integer(body, "pageSize", 1, 100 if detail else 500, required=False) or 10
    page = integer(body, "pageNum", 1, 1_000_000, required=False) or 1
    window = _result_window(body)
    session_id, custom = body.get("sessionId"), body.get("customField")
    rows = []
    for record in campaign.records:
        if (session_id and record.session_id != session_id) or (custom and record.custom_field != custom):
            continue
        ended = [attempt for attempt in record.attempts if attempt.ended <= request.now]
        if not detail:
            ended = ended[-1:] if record.finished(request.now) else []
        rows += [(record, attempt) for attempt in ended]
    if window:
        rows = [(r, a) for r, a in rows if window[0] <= outbound.local(a.started).date() <= window[1]]
    rows.sort(key=lambda pair: (pair[1].started, pair[0].seq))
    chunk = rows[(page - 1) * size : page * size]
    return ok(
        resultDesc="Query Success!",
        returnDesc="Query Success!",
        totalCount=len(rows),
        data=[_result(outbound, campaign, record, attempt) for record, attempt in chunk],
    )


def call_result_detail(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    outbound.check_vdn(request)
    found = outbound.find_attempt(request.params["call"], request.now)
    if found is None:
        raise fail("0200007", "The call record ID does not exist.")
    _, attempt = found
    data = {
        "callId": attempt.call_id,
        "called": attempt.number,
        "callEndTime": outbound.format(attempt.ended),
        "vdnId": outbound.vdn_id,
        "callStatus": "6" if attempt.succeeded else "5",  # a string in the 7.5.2 example
        "failCode": attempt.fail_code,
        "resultCode": "OB99999" if attempt.succeeded else f"OB{attempt.fail_code}",
        "callBeginTime": outbound.format(attempt.answered),
        "recordPath": None,
        "ackBeginTime": outbound.format(attempt.started),
    }
    return ok(data=data, resultDesc="Query Success!", returnDesc="Query Success!")


# -- blacklist (7.3) ------------------------------------------------------------------------------


def _blocklist(body: dict[str, Any]) -> list[str]:
    numbers = body.get("blocklist")
    if not isinstance(numbers, list) or not numbers:
        raise empty("blocklist")
    if len(numbers) > MAX_BLOCKLIST_BATCH:
        raise fail("0200029", "The maximum number of numbers that can be added each time is exceeded.")
    if not all(isinstance(number, str) and DIALLABLE.match(number) for number in numbers):
        raise fail("02000002", "blocklist holds numbers of digits, * and # only")
    return list(numbers)


def add_blocklist(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    outbound.check_vdn(request)
    body = request.json_object()
    numbers = _blocklist(body)
    if len(set(numbers)) != len(numbers):
        raise fail("0200018", "Duplicate numbers exist.")
    if any(outbound.tenant.blocked(number, request.now) for number in numbers):
        raise fail("0200007", "The number already exists in the blacklist.")
    expires: float | None = None
    if (hours := integer(body, "validityTime", 1, 120, required=False)) is not None:
        expires = request.now + hours * 3600
    if (until := text(body, "validityExpirationTime", 19, required=False)) is not None:
        expires = outbound.parse(until, "validityExpirationTime").timestamp()  # wins over validityTime
    if (body.get("restrictTimes") is None) != (body.get("restrictPeriod") is None):
        raise fail("02000009", "restrictTimes and restrictPeriod are set together")
    for number in numbers:
        outbound.tenant.blacklist[number] = BlockedNumber(number, expires, request.now)
    return {"resultCode": "0200000", "resultDesc": "The blacklist is added successfully"}


def delete_blocklist(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    outbound.check_vdn(request)
    number = text(request.json_object(), "blocklistNo", 24) or ""
    if not DIALLABLE.match(number):
        raise fail("02000002", "blocklistNo holds digits, * and # only")
    outbound.tenant.blacklist.pop(number, None)
    return {"resultCode": "0200000", "resultDesc": ""}


def _iso(moment: float | None) -> str | None:
    if moment is None:
        return None
    return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000+00:00")


def query_blocklist(outbound: Outbound, request: SimRequest) -> dict[str, Any]:
    outbound.check_vdn(request)
    body = request.json_object()
    entries = sorted(outbound.tenant.blacklist.values(), key=lambda entry: (entry.added_at, entry.number))
    if body.get("blocklist") is not None:
        wanted = set(_blocklist(body))
        data = [
            {
                "validityExpirationTime": _iso(entry.expires_at),
                "blockNum": entry.number,
                "flag": outbound.tenant.blocked(entry.number, request.now),
            }
            for entry in entries
            if entry.number in wanted
        ]
    else:
        limit = integer(body, "limit", 1, 100)
        offset = integer(body, "offset", 0, 10_000_000) or 0
        chunk = entries[offset : offset + (limit or 0)]
        data = [{"validityExpirationTime": _iso(entry.expires_at), "blockNum": entry.number} for entry in chunk]
    return ok(data=data, resultDesc="query BlockList Success", returnDesc="query BlockList Success")
