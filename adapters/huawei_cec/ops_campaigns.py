"""Outbound campaigns: CC-iSales V2 creation and modification, suspension, resumption, statistics.

Huawei has no start or stop interface (7.1 offers suspend 7.1.8 and resume 7.1.9; `initStatus`
decides whether a new campaign starts at once). Numbers can only be added to a campaign that is not
running (7.4.2). So a neutral create is: create the campaign suspended (initStatus 1), then import
its contacts; and a neutral start is a resume of that suspended campaign. Huawei's status 3
(suspended) does not tell a campaign never started from a paused one: both read as paused, and
start and resume are the same call. There is no stop (see the adapter's reasons).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import msgspec

from adapters.huawei_cec.errors import not_found
from adapters.huawei_cec.ops_contacts import ContactOperations, campaign_number
from adapters.huawei_cec.schedule import parse_vendor_date, period, schedule_param, segments, vendor_time
from adapters.huawei_cec.translate_campaigns import (
    IVR_DEVICES,
    caller_ids_of,
    caller_numbers,
    campaign_from_detail,
    campaign_name,
    device,
    ivr_param,
    retry_policy,
    skill_param,
    stats_from_counts,
)
from adapters.huawei_cec.wire_isales import (
    CampaignCreatedAnswer,
    CampaignDetail,
    CampaignDetailAnswer,
    CampaignListAnswer,
    IsalesAnswer,
    StatisticsAnswer,
)
from adapters.paging import page_number
from contracts.campaigns import (
    Campaign,
    CampaignCreate,
    CampaignCreated,
    CampaignStats,
    CampaignUpdate,
    RetryPolicy,
    Schedule,
)
from contracts.context import OperationContext
from contracts.errors import ErrorCode, invalid
from contracts.paging import Page, PageRequest

# 7.1.7: rowsPerPage at most 100.
CAMPAIGN_PAGE_LIMIT: Final = 100
# V2 modification allows maxAlertingTime 5-60 (Table 7-55), creation 5-120.
MODIFY_MAX_ALERTING: Final = 60


class DetailObject(IsalesAnswer):
    """7.1.6's answer with returnObject as written, for a V2 modification to send back."""

    returnObject: dict[str, Any] | None = None


class CampaignOperations(ContactOperations):
    async def create_campaign(self, ctx: OperationContext, *, campaign: CampaignCreate) -> CampaignCreated:
        body = await self._new_body(ctx, campaign)
        answer = await self.isales(
            ctx, "POST", "", CampaignCreatedAnswer, operation="campaigns", idempotent=False, version="v2", body=body
        )
        if answer.returnObject is None:
            raise self.http.error(ErrorCode.VENDOR_BAD_RESPONSE, "Huawei CEC created a campaign without an id")
        campaign_id = str(answer.returnObject.id)
        # The campaign exists now: a refused import is reported item by item, never raised.
        contacts = await self.import_contacts(ctx, campaign_id, campaign.contacts, refusal_is_error=False)
        return CampaignCreated(campaign=await self.get_campaign(ctx, campaign_id=campaign_id), contacts=contacts)

    async def get_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        answer = await self.isales(
            ctx, "GET", f"/{campaign_number(campaign_id)}", CampaignDetailAnswer, operation="campaign", idempotent=True
        )
        if answer.returnObject is None:
            raise not_found("campaign", campaign_id)
        return campaign_from_detail(campaign_id, answer.returnObject, self.options.vendor_timezone)

    async def list_campaigns(self, ctx: OperationContext, *, page: PageRequest) -> Page[Campaign]:
        number = page_number(page)
        size = min(page.limit, CAMPAIGN_PAGE_LIMIT)
        query = {"status": "0", "deviceType": "0", "curPage": str(number), "rowsPerPage": str(size)}
        if self.options.on_premises:
            query["cclId"] = str(self.options.cc_id)
        answer = await self.isales(
            ctx, "GET", "", CampaignListAnswer, operation="campaigns", idempotent=True, query=query
        )
        zone = self.options.vendor_timezone
        items = [campaign_from_detail(str(d.id), d, zone) for d in answer.data or [] if d.id is not None]
        more = (answer.totalSize or 0) > number * size
        return Page(items=items, next_cursor=str(number + 1) if more else None)

    async def update_campaign(self, ctx: OperationContext, *, campaign_id: str, changes: CampaignUpdate) -> Campaign:
        """V2 modification takes the whole campaign (Table 7-55): the current one is read (7.1.6),
        the changes applied, and everything else sent back as read."""
        written = await self.isales(
            ctx, "GET", f"/{campaign_number(campaign_id)}", DetailObject, operation="campaign", idempotent=True
        )
        if written.returnObject is None:
            raise not_found("campaign", campaign_id)
        current = msgspec.convert(written.returnObject, CampaignDetail, strict=False)
        body = self._changed_body(written.returnObject, current, changes)
        await self.isales(
            ctx, "PUT", f"/{campaign_id}", IsalesAnswer, operation="campaign", idempotent=True, version="v2", body=body
        )
        return await self.get_campaign(ctx, campaign_id=campaign_id)

    async def delete_campaign(self, ctx: OperationContext, *, campaign_id: str) -> None:
        # archiveHistory 1 keeps the task in Huawei's history table, with its results (Table 7-77).
        await self.isales(
            ctx,
            "DELETE",
            f"/{campaign_number(campaign_id)}",
            IsalesAnswer,
            operation="campaign",
            idempotent=False,
            body={"archiveHistory": 1},
        )

    async def start_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return await self._change_status(ctx, campaign_id, "resume")

    async def pause_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return await self._change_status(ctx, campaign_id, "pause")

    async def resume_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return await self._change_status(ctx, campaign_id, "resume")

    async def get_campaign_stats(self, ctx: OperationContext, *, campaign_id: str) -> CampaignStats:
        query = {"campaignId": campaign_number(campaign_id)}
        answer = await self.isales(
            ctx,
            "GET",
            "/statistics",
            StatisticsAnswer,
            operation="statistics",
            idempotent=True,
            version="v2",
            query=query,
        )
        counts = next((row for row in answer.countDetail or [] if str(row.campaignId) == campaign_id), None)
        if counts is None:
            raise not_found("campaign", campaign_id)
        return stats_from_counts(campaign_id, counts)

    # -- bodies --------------------------------------------------------------------------------

    async def _change_status(self, ctx: OperationContext, campaign_id: str, action: str) -> Campaign:
        await self.isales(
            ctx,
            "PUT",
            f"/{campaign_number(campaign_id)}/{action}",
            IsalesAnswer,
            operation=action,
            idempotent=False,  # a repeated resume of a resumed campaign is refused (0200011)
        )
        return await self.get_campaign(ctx, campaign_id=campaign_id)

    async def _new_body(self, ctx: OperationContext, campaign: CampaignCreate) -> dict[str, Any]:
        """The V2 creation body (Table 7-18), created suspended so that numbers can be added."""
        options = self.options.campaigns
        device_type = device(campaign.script_id, campaign.queue_id)
        begin, end = period(campaign.schedule, self.options.zone, self.local_now(), options.default_days)
        body: dict[str, Any] = {
            "name": campaign_name(campaign.name),
            "strBeginTime": vendor_time(begin),
            "strEndTime": vendor_time(end),
            "deviceType": device_type or options.queue_outbound_type,
            "callerNo": caller_numbers(campaign.caller_ids),
            "maxAlertingTime": options.max_alerting_seconds,
            "scheduleParam": schedule_param(segments(campaign.schedule, self.options.zone, begin.date())),
            "initStatus": 1,
            # The gateway's receiver when it has a public URL, else the account's option.
            "callbackUrl": self.callback_url or options.result_callback_url,
            "retryPolicy": retry_policy(campaign.retry),
        }
        if campaign.script_id:
            body["ivrParam"] = ivr_param(campaign.script_id, options)
        elif campaign.queue_id:
            queue = await self.skill(ctx, campaign.queue_id)
            body["skillParam"] = skill_param(campaign.queue_id, queue.name or "", options)
        if self.options.on_premises:
            body["cclId"] = self.options.cc_id
        return body

    def _changed_body(
        self, written: dict[str, Any], current: CampaignDetail, changes: CampaignUpdate
    ) -> dict[str, Any]:
        options = self.options.campaigns
        zone = self.options.zone
        body: dict[str, Any] = {
            key: value
            for key, value in written.items()
            if key in ("description", "ivrParam", "skillParam", "callPolicy", "priority") and value is not None
        }
        body["name"] = campaign_name(changes.name if isinstance(changes.name, str) else current.name or "")
        body["deviceType"] = current.deviceType
        body["maxAlertingTime"] = min(current.maxAlertingTime or options.max_alerting_seconds, MODIFY_MAX_ALERTING)
        body["callbackUrl"] = (
            current.callbackUrl or current.callBackUrl or self.callback_url or options.result_callback_url
        )
        caller_ids = changes.caller_ids if isinstance(changes.caller_ids, list) else caller_ids_of(current)
        body["callerNo"] = caller_numbers(caller_ids)
        if isinstance(changes.schedule, Schedule) or changes.schedule is None:
            begin, end = period(changes.schedule, zone, self.local_now(), options.default_days)
            body["scheduleParam"] = schedule_param(segments(changes.schedule, zone, begin.date()))
        else:
            begin, end = self._current_period(current)
            body["scheduleParam"] = {key: value or "" for key, value in (written.get("scheduleParam") or {}).items()}
        body["strBeginTime"], body["strEndTime"] = vendor_time(begin), vendor_time(end)
        if isinstance(changes.retry, RetryPolicy) or changes.retry is None:
            body["retryPolicy"] = retry_policy(changes.retry)
        else:
            body["retryPolicy"] = {k: v for k, v in (written.get("retryPolicy") or {}).items() if v is not None}
        if isinstance(changes.script_id, str):
            if current.deviceType not in IVR_DEVICES:
                raise invalid(
                    "this Huawei campaign dials a skill queue; its device cannot change", pointer="/script_id"
                )
            body["ivrParam"] = {**(written.get("ivrParam") or {}), "deviceSign": changes.script_id}
        return body

    def _current_period(self, current: CampaignDetail) -> tuple[dt.datetime, dt.datetime]:
        """7.1.6 reports the period as dates: the first day from 00:00 (never before today, which
        modification refuses, 0200002) to the last day's 23:59:59."""
        zone = self.options.zone
        today = self.local_now().replace(hour=0, minute=0, second=0, microsecond=0)
        first = parse_vendor_date(current.strBeginTime) or today.date()
        last = parse_vendor_date(current.strEndTime) or first
        begin = max(today, dt.datetime.combine(first, dt.time()).replace(tzinfo=zone))
        end = dt.datetime.combine(last, dt.time(23, 59, 59)).replace(tzinfo=zone)
        return begin, end
