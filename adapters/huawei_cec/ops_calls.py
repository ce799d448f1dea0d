"""Calls: campaign call results (7.5.1, 7.5.2), bidirectional calls (6.2.2-6.2.5), recordings.

`calls.list` with a campaign lists that campaign's completed attempts (callresult, `showDetail` 1:
every attempt, not only the final one); without one it lists bidirectional call records of the
last `call_history_days` days (queryCallDetailRecord allows at most seven). Phone and time filters
apply to the fetched page, so a page may hold fewer items than asked while `next_cursor` leads on.

Originating a call is a bidirectional call (createCall V3): Huawei first rings the agent's
softphone, then connects the customer. There is no interface to hang one up (see the adapter).
Recordings: getRecordingAddress for bidirectional calls; for campaign calls the call result's
`recordPath` when Huawei returns a URL there (SaaS), else CC-FS getRecordFileUrlFromObs by callId
within the call's time (vendor-local times with version "2.0", 13.2.1.1).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import msgspec

from adapters.huawei_cec.core import HuaweiCore
from adapters.huawei_cec.errors import NO_CALL_RECORDS, not_found
from adapters.huawei_cec.translate_calls import (
    BIDIRECTIONAL,
    bidirectional_call,
    campaign_call,
    parse_call_id,
    url_expiry,
    vendor_local,
)
from adapters.huawei_cec.translate_contacts import CALL_DATA_LIMIT
from adapters.huawei_cec.wire import (
    CallRecordsAnswer,
    CallStateAnswer,
    CreateCallAnswer,
    RecordFileAnswer,
    RecordingAnswer,
)
from adapters.huawei_cec.wire_isales import CallResult, CallResultDetailAnswer, CallResultsAnswer
from adapters.paging import page_number
from contracts.calls import Call, CallDirection, CallFilter, CallOriginate, CallStatus, Recording
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError, invalid
from contracts.paging import Page, PageRequest
from contracts.times import utc_if_naive

RESULT_PAGE_LIMIT: Final = 100  # callresult with showDetail 1 (Table 7-273)
RECORD_PAGE_LIMIT: Final = 100  # queryCallDetailRecord's default limit (Table 6-365)
RECORD_WINDOW: Final = dt.timedelta(days=7)  # "cannot exceed seven days" (Table 6-365)
RECORDING_MARGIN: Final = dt.timedelta(minutes=1)
RECORDING_LIFETIME: Final = dt.timedelta(hours=8)  # CC-FS: "expires after 8 hours by default"
CCFS_RECORDING_PATH: Final = "/CCFS/resource/ccfs/getRecordFileUrlFromObs"


class CallOperations(HuaweiCore):
    async def list_calls(self, ctx: OperationContext, *, filter: CallFilter, page: PageRequest) -> Page[Call]:
        if filter.phone:
            filter = msgspec.structs.replace(filter, phone=self.e164(filter.phone))
        if filter.campaign_id:
            return await self._campaign_calls(ctx, filter.campaign_id, filter, page)
        return await self._bidirectional_calls(ctx, filter, page)

    async def get_call(self, ctx: OperationContext, *, call_id: str) -> Call:
        parsed = parse_call_id(call_id)
        if parsed is None:
            raise not_found("call", call_id)
        if parsed[0] == BIDIRECTIONAL:
            answer = await self.mobile_agent(ctx, "queryCallState", {"callSerialNo": parsed[1]}, CallStateAnswer)
            if answer.result is None:
                raise not_found("call", call_id)
            return bidirectional_call(parsed[1], answer.result, self.e164(answer.result.called))
        result = await self._result(ctx, parsed[2])
        return campaign_call(parsed[1], result, self.options.zone, self.e164(result.called))

    async def originate_call(self, ctx: OperationContext, *, call: CallOriginate) -> Call:
        if call.queue_id is not None:
            raise invalid(
                "a Huawei bidirectional call connects one agent's softphone; give agent_id", pointer="/queue_id"
            )
        if call.agent_id is None:
            raise invalid("a Huawei bidirectional call needs the agent to connect (agent_id)", pointer="/agent_id")
        called = self.national(call.to)
        if called is None:
            raise invalid(f"Huawei dials national numbers of {self.options.phone_region}", pointer="/to")
        body: dict[str, str] = {"called": called}
        if call.caller_id is not None:
            body["callerPresent"] = call.caller_id  # an access code (Table 6-360)
        if call.variables:
            body["callData"] = msgspec.json.encode(call.variables).decode("utf-8")
            if len(body["callData"]) > CALL_DATA_LIMIT:
                raise invalid(f"variables exceed Huawei's {CALL_DATA_LIMIT}-character callData", pointer="/variables")
        agent = await self.agent_record(ctx, call.agent_id)
        if not agent.sipAccount:
            raise GatewayError(ErrorCode.CONFLICT, "the agent has no softphone number to connect")
        body["softPhone"] = agent.sipAccount
        answer = await self.mobile_agent(ctx, "createCall", body, CreateCallAnswer, version="v3")
        serial = answer.result.callSerialNo if answer.result else None
        if serial is None:
            raise self.http.error(
                ErrorCode.VENDOR_BAD_RESPONSE, "Huawei CEC answered createCall without a callSerialNo"
            )
        return Call(
            id=f"{BIDIRECTIONAL}:{serial}",
            direction=CallDirection.OUTBOUND,
            status=CallStatus.QUEUED,
            from_number=call.caller_id,
            to_number=call.to,
            started_at=dt.datetime.fromtimestamp(self.clock(), dt.UTC),
            agent_id=call.agent_id,
        )

    async def get_call_recording(self, ctx: OperationContext, *, call_id: str) -> Recording:
        parsed = parse_call_id(call_id)
        if parsed is None:
            raise not_found("call", call_id)
        if parsed[0] == BIDIRECTIONAL:
            answer = await self.mobile_agent(ctx, "getRecordingAddress", {"callSerialNo": parsed[1]}, RecordingAnswer)
            url = answer.result.url if answer.result else None
            if not url:
                raise not_found("recording of call", call_id)
            return Recording(call_id=call_id, url=url, expires_at=url_expiry(url))
        result = await self._result(ctx, parsed[2])
        if result.recordPath and result.recordPath.startswith(("https://", "http://")):
            return Recording(call_id=call_id, url=result.recordPath, expires_at=url_expiry(result.recordPath))
        url, expires = await self._ccfs_recording(ctx, result)
        return Recording(call_id=call_id, url=url, expires_at=expires)

    # -- helpers ---------------------------------------------------------------------------------

    async def _campaign_calls(
        self, ctx: OperationContext, campaign_id: str, filter: CallFilter, page: PageRequest
    ) -> Page[Call]:
        if not campaign_id.isdigit():
            raise not_found("campaign", campaign_id)
        number = page_number(page)  # callresult's pageNum starts at 1 (7.5.1 example)
        size = min(page.limit, RESULT_PAGE_LIMIT)
        answer = await self.isales(
            ctx,
            "POST",
            f"/callresult/{campaign_id}",
            CallResultsAnswer,
            operation="callresult",
            idempotent=True,
            body={"pageNum": number, "pageSize": size, "showDetail": 1},
        )
        calls = [campaign_call(campaign_id, r, self.options.zone, self.e164(r.called)) for r in answer.data or []]
        more = (answer.totalCount or 0) > number * size
        return Page(items=[c for c in calls if filter.admits(c)], next_cursor=str(number + 1) if more else None)

    async def _bidirectional_calls(self, ctx: OperationContext, filter: CallFilter, page: PageRequest) -> Page[Call]:
        now = dt.datetime.fromtimestamp(self.clock(), dt.UTC)
        end = utc_if_naive(filter.started_before) if filter.started_before else now
        start = (
            utc_if_naive(filter.started_after)
            if filter.started_after
            else end - dt.timedelta(days=self.options.call_history_days)
        )
        if end - start > RECORD_WINDOW:
            raise invalid("Huawei lists call records of at most seven days at a time", parameter="started_after")
        number = page_number(page)
        size = min(page.limit, RECORD_PAGE_LIMIT)
        body = {
            "startTime": str(int(start.timestamp() * 1000)),
            "endTime": str(int(end.timestamp() * 1000)),
            "offset": str((number - 1) * size),
            "limit": str(size),
            "taskType": "1",  # CEC bidirectional calls
        }
        try:
            answer = await self.mobile_agent(ctx, "queryCallDetailRecord", body, CallRecordsAnswer)
        except GatewayError as exc:
            if exc.vendor_code == NO_CALL_RECORDS:  # "1: No data is found."
                return Page(items=[], next_cursor=None)
            raise
        result = answer.result
        records = result.callInfo or [] if result else []
        calls = [bidirectional_call(str(r.callSerialNo), r, self.e164(r.called)) for r in records if r.callSerialNo]
        more = result is not None and (result.total or 0) > number * size
        return Page(items=[c for c in calls if filter.admits(c)], next_cursor=str(number + 1) if more else None)

    async def _result(self, ctx: OperationContext, cti_call: str) -> CallResult:
        answer = await self.isales(
            ctx,
            "GET",
            f"/callresultdetail/{cti_call}",
            CallResultDetailAnswer,
            operation="callresultdetail",
            idempotent=True,
        )
        if answer.data is None:
            raise not_found("call", cti_call)
        return answer.data

    async def _ccfs_recording(self, ctx: OperationContext, result: CallResult) -> tuple[str, dt.datetime]:
        zone = self.options.zone
        begin = vendor_local(result.ackBeginTime or result.callTimeStr, zone)
        end = vendor_local(result.callEndTime, zone) or begin
        if result.callStatus != 6 or begin is None or end is None or not result.callId:
            raise GatewayError(ErrorCode.NOT_FOUND, "the call was not answered: Huawei holds no recording of it")
        body = {
            "callId": result.callId,
            "beginTime": (begin - RECORDING_MARGIN).strftime("%Y-%m-%d %H:%M:%S"),
            "endTime": (end + RECORDING_MARGIN).strftime("%Y-%m-%d %H:%M:%S"),
            "version": "2.0",  # the times are the tenant's local time (13.2.1.1, Table 13-51)
        }
        answer = await self.c2.call(
            ctx,
            family="ccfs",
            operation="getRecordFileUrlFromObs",
            interface="getRecordFileUrlFromObs",
            method="POST",
            path=CCFS_RECORDING_PATH,
            answer=RecordFileAnswer,
            idempotent=True,
            body=body,
        )
        url = (answer.resultData.url or "") if answer.resultData else ""
        url = url.split(",")[0].strip()  # several files: the first (sorted by time, Table 13-52)
        if not url:
            raise GatewayError(ErrorCode.NOT_FOUND, "Huawei holds no recording of this call")
        expires = url_expiry(url) or dt.datetime.fromtimestamp(self.clock(), dt.UTC) + RECORDING_LIFETIME
        return url, expires
