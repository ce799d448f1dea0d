"""The FlashAI adapter: outbound batches (campaigns), their results, scripts and lines.

Every endpoint is a signed JSON POST under the account's base URL (flashai-saas-api.md; base path
`…/api/v1/thirdApi`, notes-other-vendors.md §3.1). One private method signs, sends, reads the
envelope and maps vendor errors, so every request is signed afresh with a new nonce and timestamp.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Final, TypeVar

import msgspec

from adapters.base import AdapterBase
from adapters.flashai import translate
from adapters.flashai.contacts import contact_outcomes
from adapters.flashai.errors import (
    DUPLICATE_NONCE,
    ERRORS,
    PAUSE_FAILED,
    QUERY_NO_RESULT,
    RESTART_FAILED,
    STOP_FAILED,
)
from adapters.flashai.settings import FlashAISettings
from adapters.flashai.signing import signed_body
from adapters.flashai.wire import (
    AddPlanBody,
    BotenceListBody,
    CallListBody,
    CallSummaryBody,
    Envelope,
    LineListBody,
    LineSummaryBody,
    decode_body,
    failure_code,
    succeeded,
)
from adapters.paging import next_page_cursor, page_number, slice_page
from adapters.phones import to_e164
from adapters.simulation import SimulatorKit
from contracts.calls import Call, CallFilter
from contracts.campaigns import Campaign, CampaignCreate, CampaignCreated, CampaignStats, CampaignStatus
from contracts.capabilities import Capability
from contracts.catalog import CallerId, Script
from contracts.context import OperationContext
from contracts.errors import ErrorCode, FieldIssue, GatewayError, invalid
from contracts.paging import Page, PageRequest

T = TypeVar("T")
B = TypeVar("B")

# getBatchPlanCallList / getBatchPlanList: "The Max number of items, 5000 per page".
VENDOR_MAX_PAGE_SIZE: Final = 5000
_NOT_YET = "not yet mapped: FlashAI's {} belongs to the complete-FlashAI issue"
_NOT_OFFERED = "FlashAI's API does not offer this"

UNSUPPORTED: Final[dict[Capability, str]] = {
    Capability.AGENTS_LIST: _NOT_YET.format("queryAgentGroup (agent groups and their agents)"),
    Capability.AGENTS_GET: _NOT_OFFERED + " (queryAgentGroup only lists agents)",
    Capability.AGENTS_CREATE: _NOT_OFFERED + "; agents are managed in FlashAI's console",
    Capability.AGENTS_UPDATE: _NOT_OFFERED + "; agents are managed in FlashAI's console",
    Capability.AGENTS_DELETE: _NOT_OFFERED + "; agents are managed in FlashAI's console",
    Capability.QUEUES_LIST: _NOT_YET.format("queryAgentGroup (agent groups)"),
    Capability.QUEUES_GET: _NOT_OFFERED + " (queryAgentGroup only lists agent groups)",
    Capability.QUEUES_CREATE: _NOT_OFFERED + "; agent groups are managed in FlashAI's console",
    Capability.QUEUES_UPDATE: _NOT_OFFERED + "; agent groups are managed in FlashAI's console",
    Capability.QUEUES_DELETE: _NOT_OFFERED + "; agent groups are managed in FlashAI's console",
    Capability.QUEUE_AGENTS_LIST: _NOT_YET.format("queryAgentGroup (agents per group)"),
    Capability.QUEUE_AGENTS_ADD: _NOT_OFFERED + "; group membership is managed in FlashAI's console",
    Capability.QUEUE_AGENTS_REMOVE: _NOT_OFFERED + "; group membership is managed in FlashAI's console",
    Capability.CAMPAIGNS_LIST: "FlashAI has no interface that lists batches",
    Capability.CAMPAIGNS_UPDATE: "FlashAI has no interface that changes a batch after addPlan",
    Capability.CAMPAIGNS_DELETE: "FlashAI has no interface that deletes a batch; stop it instead",
    Capability.CAMPAIGNS_START: "a FlashAI batch starts dialling when it is created, within its callDate/callHour",
    Capability.CAMPAIGN_CONTACTS_LIST: _NOT_YET.format("getBatchPlanList"),
    Capability.CAMPAIGN_CONTACTS_ADD: (
        "FlashAI takes contacts only when the batch is created (addPlan's mobileList); "
        "a second addPlan with the same batchName is refused (101007)"
    ),
    Capability.CAMPAIGN_CONTACTS_REMOVE: _NOT_YET.format("batchPhoneDelete"),
    Capability.CALLS_GET: _NOT_YET.format("getPhoneDetail"),
    Capability.CALLS_ORIGINATE: _NOT_OFFERED + ": it dials only the numbers of a batch",
    Capability.CALLS_HANGUP: _NOT_OFFERED + ": calls run under FlashAI's control",
    Capability.CALLS_RECORDING: _NOT_OFFERED + " (the document has no recording interface)",
    Capability.DNC_LIST: _NOT_OFFERED + " (no do-not-call list interface)",
    Capability.DNC_ADD: _NOT_OFFERED + " (no do-not-call list interface)",
    Capability.DNC_REMOVE: _NOT_OFFERED + " (no do-not-call list interface)",
}


class FlashAIAdapter(AdapterBase[FlashAISettings]):
    vendor: ClassVar[str] = "flashai"
    display_name: ClassVar[str] = "FlashAI"
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {
            Capability.CAMPAIGNS_CREATE,
            Capability.CAMPAIGNS_GET,
            Capability.CAMPAIGNS_PAUSE,
            Capability.CAMPAIGNS_RESUME,
            Capability.CAMPAIGNS_STOP,
            Capability.CAMPAIGN_STATS,
            Capability.CALLS_LIST,
            Capability.SCRIPTS_LIST,
            Capability.CALLER_IDS_LIST,
        }
    )
    settings_type: ClassVar[type[msgspec.Struct]] = FlashAISettings
    base_url_families: ClassVar[tuple[str, ...]] = ("default",)
    unsupported_reasons: ClassVar[dict[Capability, str]] = UNSUPPORTED

    @classmethod
    def simulator(cls) -> SimulatorKit:
        # Imported here: the simulator (and its dependencies) stay out of the gateway's start-up.
        from adapters.flashai.simulator import FlashAISimulatorKit

        return FlashAISimulatorKit()

    # -- campaigns ---------------------------------------------------------------------------

    async def create_campaign(self, ctx: OperationContext, *, campaign: CampaignCreate) -> CampaignCreated:
        options = self.settings.options
        today = dt.datetime.fromtimestamp(self.clock(), options.zone).date()
        params, numbers = translate.plan_params(campaign, options, today=today)
        if not numbers.sent:
            reason = numbers.refused[0].detail if numbers.refused else "no contacts were given"
            raise GatewayError(
                ErrorCode.INVALID_REQUEST,
                "FlashAI creates a batch together with its numbers, and none of the contacts can be sent",
                errors=[FieldIssue(reason=reason or "cannot be sent", pointer="/contacts")],
            )
        answer = await self._call(ctx, "addPlan", params, AddPlanBody)
        return CampaignCreated(
            campaign=translate.created_campaign(campaign), contacts=contact_outcomes(numbers, answer)
        )

    async def get_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        summary = await self._summary(ctx, campaign_id)
        return Campaign(id=campaign_id, name=campaign_id, status=translate.campaign_status(summary))

    async def pause_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return await self._change_state(ctx, campaign_id, "batchPlanPause", PAUSE_FAILED, CampaignStatus.PAUSED)

    async def resume_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return await self._change_state(ctx, campaign_id, "batchPlanRestart", RESTART_FAILED, CampaignStatus.RUNNING)

    async def stop_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return await self._change_state(ctx, campaign_id, "batchPlanStop", STOP_FAILED, CampaignStatus.STOPPED)

    async def get_campaign_stats(self, ctx: OperationContext, *, campaign_id: str) -> CampaignStats:
        summary = await self._summary(ctx, campaign_id)
        lines = await self._call(
            ctx, "getBatchSummaryGroupByLine", {"batchName": campaign_id}, LineSummaryBody, empty_on_no_result=True
        )
        with self._reading("getBatchSummaryGroupByLine"):
            rows = translate.line_summary(lines.lineSummary if lines else None)
            return translate.campaign_stats(campaign_id, summary, rows, self.settings.options.zone)

    # -- calls -------------------------------------------------------------------------------

    async def list_calls(self, ctx: OperationContext, *, filter: CallFilter, page: PageRequest) -> Page[Call]:
        """One vendor page per neutral page; phone and time filters apply to the fetched page.

        FlashAI filters by batch only, so a filtered page may hold fewer items than `limit` (or
        none) while `next_cursor` still leads on.
        """
        if not filter.campaign_id:
            raise invalid("FlashAI lists calls per campaign; pass campaign_id", parameter="campaign_id")
        options = self.settings.options
        number = page_number(page)
        params = {
            "batchName": filter.campaign_id,
            "notifyUrl": options.notify_url,
            "page": number,
            "pageNum": min(page.limit, VENDOR_MAX_PAGE_SIZE),
        }
        body = await self._call(ctx, "getBatchPlanCallList", params, CallListBody, empty_on_no_result=True)
        if body is None:
            return Page(items=[], next_cursor=None)
        with self._reading("getBatchPlanCallList"):
            calls = translate.calls_from_list(
                body.callList,
                layout=options.call_list_layout,
                batch=filter.campaign_id,
                zone=options.zone,
                region=options.phone_region,
            )
        return Page(
            items=[call for call in calls if self._matches(call, filter)],
            next_cursor=next_page_cursor(number, body.totalPage),
        )

    def _matches(self, call: Call, filter: CallFilter) -> bool:
        if filter.phone and call.to_number != to_e164(filter.phone, self.settings.options.phone_region):
            return False
        if filter.started_after is None and filter.started_before is None:
            return True
        if call.started_at is None:
            return False
        if filter.started_after is not None and call.started_at < _aware(filter.started_after):
            return False
        return not (filter.started_before is not None and call.started_at >= _aware(filter.started_before))

    # -- catalogues --------------------------------------------------------------------------

    async def list_scripts(self, ctx: OperationContext, *, page: PageRequest) -> Page[Script]:
        body = await self._call(ctx, "getBotence", {}, BotenceListBody, empty_on_no_result=True)
        with self._reading("getBotence"):
            scripts = translate.scripts_from_list(body.botenceList if body else None)
        return slice_page(scripts, page)

    async def list_caller_ids(self, ctx: OperationContext, *, page: PageRequest) -> Page[CallerId]:
        body = await self._call(ctx, "getCallLine", {}, LineListBody, empty_on_no_result=True)
        with self._reading("getCallLine"):
            lines = translate.caller_ids_from_list(body.lineList if body else None)
        return slice_page(lines, page)

    # -- vendor I/O --------------------------------------------------------------------------

    async def _summary(self, ctx: OperationContext, batch: str) -> CallSummaryBody:
        summary = await self._call(ctx, "getBatchPlanCallSummary", {"batchName": batch}, CallSummaryBody)
        if summary is None:
            raise self._unreadable("getBatchPlanCallSummary", "no body")
        return summary

    async def _change_state(
        self, ctx: OperationContext, batch: str, endpoint: str, failure: str, status: CampaignStatus
    ) -> Campaign:
        try:
            await self._call(ctx, endpoint, {"batchName": batch}, msgspec.Raw)
        except GatewayError as exc:
            # FlashAI answers the same code for "no such batch" and "wrong state"; one summary
            # query tells the two apart, so a caller gets 404 rather than 409 for a typo.
            if exc.vendor_code == failure and await self._batch_missing(ctx, batch):
                raise GatewayError(
                    ErrorCode.NOT_FOUND,
                    f"FlashAI has no batch named {batch!r}",
                    account=self.account.name,
                    vendor=self.vendor,
                    vendor_code=exc.vendor_code,
                    vendor_message=exc.vendor_message,
                ) from None
            raise
        return Campaign(id=batch, name=batch, status=status)

    async def _batch_missing(self, ctx: OperationContext, batch: str) -> bool:
        try:
            await self._summary(ctx, batch)
        except GatewayError as exc:
            return exc.vendor_code == QUERY_NO_RESULT
        return False

    async def _call(
        self,
        ctx: OperationContext,
        endpoint: str,
        params: Mapping[str, Any],
        body_type: type[B],
        *,
        empty_on_no_result: bool = False,
    ) -> B | None:
        """Sign, POST, read the envelope, map a failure; the body as `body_type` (None if absent).

        `empty_on_no_result`: for listings, FlashAI's "query has no result" (1005) is an empty
        list, not an error. A duplicate-nonce answer (1002) is retried once, re-signed: the
        refused request did nothing, and a fresh nonce is all it lacked.
        """
        envelope = await self._send(ctx, endpoint, params)
        if not succeeded(envelope) and failure_code(envelope) == DUPLICATE_NONCE:
            envelope = await self._send(ctx, endpoint, params)
        if not succeeded(envelope):
            code = failure_code(envelope)
            if empty_on_no_result and code == QUERY_NO_RESULT:
                return None
            raise ERRORS.error(
                account=self.account.name, vendor_code=code, vendor_message=envelope.msg, operation=endpoint
            )
        try:
            return decode_body(envelope, body_type)
        except msgspec.DecodeError as exc:
            raise self._unreadable(endpoint, str(exc)) from None

    async def _send(self, ctx: OperationContext, endpoint: str, params: Mapping[str, Any]) -> Envelope:
        credentials, options = self.settings.credentials, self.settings.options
        body = signed_body(
            params,
            client_id=credentials.client_id,
            secret=credentials.client_secret,
            now_ms=int(self.clock() * 1000),
            as_string=options.timestamp_as_string,
        )
        response = await self.http.send(
            ctx,
            operation=endpoint,
            method="POST",
            url=f"{self.base_url()}/{endpoint}",
            content=msgspec.json.encode(body),
            headers={"Content-Type": "application/json;charset=UTF-8", "Accept": "application/json"},
        )
        if response.status != 200:
            raise self.http.error(
                ErrorCode.VENDOR_BAD_RESPONSE,
                f"{self.display_name} answered {endpoint} with HTTP {response.status}",
                vendor_code=f"HTTP {response.status}",
            )
        return self.http.decode(response, Envelope, operation=endpoint)

    def _unreadable(self, endpoint: str, why: str) -> GatewayError:
        return self.http.error(
            ErrorCode.VENDOR_BAD_RESPONSE, f"{self.display_name} answered {endpoint} with an unreadable body: {why}"
        )

    @contextlib.contextmanager
    def _reading(self, endpoint: str) -> Iterator[None]:
        """Turns a translation's `UnreadableAnswer` into this endpoint's 502."""
        try:
            yield
        except translate.UnreadableAnswer as exc:
            raise self._unreadable(endpoint, str(exc)) from None


def _aware(moment: dt.datetime) -> dt.datetime:
    """Filter times without a zone are read as UTC rather than failing the comparison."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
