"""The FlashAI adapter: batches (campaigns) and their numbers, results, scripts, lines and agents.

Each method translates (pure modules: `translate`, `contacts`, `agent_plan`, `phone_detail`,
`script_params`), makes its signed calls through `signed_calls.SignedCalls` (reads retried,
writes not) and translates the answer back; agents and groups come from the `directory` mixin.
A campaign's native id is its batch (`batches.BatchRef`): the batchName, plus the agent group and
agent of an agent-assisted batch.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import ClassVar, Final

import msgspec
import phonenumbers

from adapters.base import AdapterBase
from adapters.flashai import agent_plan, translate
from adapters.flashai.batches import BatchRef
from adapters.flashai.callbacks import FLASHAI_CALLBACKS
from adapters.flashai.contacts import (
    MobileListPlan,
    campaign_contacts,
    contact_outcomes,
    has_params,
    mobile_list,
)
from adapters.flashai.delimited import PHONE_LIST
from adapters.flashai.directory import AgentDirectory
from adapters.flashai.errors import ILLEGAL_ARGUMENT, PAUSE_FAILED, QUERY_NO_RESULT, RESTART_FAILED, STOP_FAILED
from adapters.flashai.phone_detail import call_from_detail
from adapters.flashai.script_params import ParameterOrder, parameter_order, script_variables
from adapters.flashai.settings import FlashAISettings, VariableOrder, require_notify_url
from adapters.flashai.signed_calls import SignedCalls
from adapters.flashai.unsupported import UNSUPPORTED
from adapters.flashai.wire import (
    AddPlanBody,
    BotenceListBody,
    CallListBody,
    CallSummaryBody,
    LineListBody,
    LineSummaryBody,
    ParamSeqBody,
    PhoneDetailBody,
    PlanListBody,
)
from adapters.paging import next_page_cursor, page_number, slice_page
from adapters.phones import national_number, to_e164
from adapters.simulation import SimulatorKit
from contracts.adapter import AccountSpec
from contracts.calls import Call, CallFilter
from contracts.campaigns import Campaign, CampaignCreate, CampaignCreated, CampaignStats, CampaignStatus
from contracts.capabilities import Capability
from contracts.catalog import CallerId, Script
from contracts.contacts import BulkResult, CampaignContact, Contact
from contracts.context import OperationContext
from contracts.errors import ErrorCode, FieldIssue, GatewayError, invalid
from contracts.paging import Page, PageRequest

# getBatchPlanCallList / getBatchPlanList: "The Max number of items, 5000 per page".
VENDOR_MAX_PAGE_SIZE: Final = 5000


class FlashAIAdapter(AgentDirectory, AdapterBase[FlashAISettings]):
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
            Capability.CAMPAIGN_CONTACTS_LIST,
            Capability.CAMPAIGN_CONTACTS_ADD,
            Capability.CAMPAIGN_CONTACTS_REMOVE,
            Capability.CALLS_LIST,
            Capability.CALLS_GET,
            Capability.SCRIPTS_LIST,
            Capability.CALLER_IDS_LIST,
            Capability.AGENTS_LIST,
            Capability.AGENTS_GET,
            Capability.QUEUES_LIST,
            Capability.QUEUES_GET,
            Capability.QUEUE_AGENTS_LIST,
        }
    )
    settings_type: ClassVar[type[msgspec.Struct]] = FlashAISettings
    base_url_families: ClassVar[tuple[str, ...]] = ("default",)
    unsupported_reasons: ClassVar[dict[Capability, str]] = UNSUPPORTED
    # A batch starts dialling as soon as it exists; numbers added to an agent batch (callType 1) too.
    dialling: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.CAMPAIGNS_CREATE, Capability.CAMPAIGN_CONTACTS_ADD}
    )
    callbacks = FLASHAI_CALLBACKS

    @classmethod
    def parse_settings(cls, account: AccountSpec) -> msgspec.Struct:
        settings = super().parse_settings(account)
        assert isinstance(settings, FlashAISettings)
        require_notify_url(account, settings.options)
        return settings

    @property
    def _notify_url(self) -> str:
        # Where FlashAI posts results: the gateway's receiver, else the account's option (one of
        # the two is there: require_notify_url).
        return self.callback_url or self.settings.options.notify_url or ""

    @functools.cached_property
    def _vendor(self) -> SignedCalls:
        # Built on first use rather than in __init__, which stays the toolkit's own.
        return SignedCalls(
            http=self.http,
            settings=self.settings,
            clock=self.clock,
            base_url=self.base_url(),
            account=self.account.name,
            display_name=self.display_name,
        )

    @classmethod
    def simulator(cls) -> SimulatorKit:
        # Imported here: the simulator (and its dependencies) stay out of the gateway's start-up.
        from adapters.flashai.simulator import FlashAISimulatorKit

        return FlashAISimulatorKit()

    # -- campaigns ---------------------------------------------------------------------------

    async def create_campaign(self, ctx: OperationContext, *, campaign: CampaignCreate) -> CampaignCreated:
        """addPlan for a bot batch; addAgentPlan when the campaign names a queue (`agent_plan`)."""
        if campaign.queue_id is not None:
            return await self._create_agent_campaign(ctx, campaign, campaign.queue_id)
        options = self.settings.options
        today = dt.datetime.fromtimestamp(self.clock(), options.zone).date()
        translate.checked_plan(campaign, options, today=today)  # refused before any request
        parameters = await self._parameter_order(ctx, campaign.contacts)
        params, numbers = translate.plan_params(
            campaign, options, today=today, parameters=parameters, callback_url=self.callback_url
        )
        self._require_sendable(numbers)
        answer = await self._vendor.write(ctx, "addPlan", params, AddPlanBody)
        return CampaignCreated(
            campaign=translate.created_campaign(campaign), contacts=contact_outcomes(numbers, answer)
        )

    async def _create_agent_campaign(
        self, ctx: OperationContext, campaign: CampaignCreate, queue_id: str
    ) -> CampaignCreated:
        agent_plan.check_agent_campaign(campaign)
        numbers = await self._mobile_list(ctx, campaign.contacts)
        self._require_sendable(numbers)
        agent = agent_plan.choose_agent(await self._roster(ctx), queue_id, self.settings.options.agent_id)
        batch = BatchRef.agent_batch(campaign.name, queue_id, agent)
        params = agent_plan.agent_plan_params(
            batch, numbers.text, self.settings.options, callback_url=self.callback_url
        )
        answer = await self._vendor.write(ctx, "addAgentPlan", params, AddPlanBody)
        return CampaignCreated(
            campaign=agent_plan.created_agent_campaign(batch), contacts=contact_outcomes(numbers, answer)
        )

    async def get_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        batch = BatchRef.parse(campaign_id)
        summary = await self._summary(ctx, batch.name)
        return self._campaign(campaign_id, batch, translate.campaign_status(summary))

    async def pause_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return await self._change_state(ctx, campaign_id, "batchPlanPause", PAUSE_FAILED, CampaignStatus.PAUSED)

    async def resume_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return await self._change_state(ctx, campaign_id, "batchPlanRestart", RESTART_FAILED, CampaignStatus.RUNNING)

    async def stop_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return await self._change_state(ctx, campaign_id, "batchPlanStop", STOP_FAILED, CampaignStatus.STOPPED)

    async def get_campaign_stats(self, ctx: OperationContext, *, campaign_id: str) -> CampaignStats:
        batch = BatchRef.parse(campaign_id)
        summary = await self._summary(ctx, batch.name)
        params = {"batchName": batch.name}
        lines = await self._vendor.read(
            ctx, "getBatchSummaryGroupByLine", params, LineSummaryBody, empty_on_no_result=True
        )
        with self._vendor.reading("getBatchSummaryGroupByLine"):
            rows = translate.line_summary(lines.lineSummary if lines else None)
            return translate.campaign_stats(campaign_id, summary, rows, self.settings.options.zone)

    # -- a campaign's numbers ----------------------------------------------------------------

    async def list_campaign_contacts(
        self, ctx: OperationContext, *, campaign_id: str, page: PageRequest
    ) -> Page[CampaignContact]:
        """getBatchPlanList, one vendor page per neutral page; an unknown batch is a 404."""
        batch = BatchRef.parse(campaign_id)
        number = page_number(page)
        params = {"batchName": batch.name, "page": number, "pageNum": min(page.limit, VENDOR_MAX_PAGE_SIZE)}
        body = await self._vendor.read(ctx, "getBatchPlanList", params, PlanListBody, empty_on_no_result=True)
        if body is None:
            # A batch always holds numbers on its first page, so "no result" there means no batch.
            if number == 1 and await self._batch_missing(ctx, batch.name):
                raise self._not_found(f"FlashAI has no batch named {batch.name!r}")
            return Page(items=[], next_cursor=None)
        parameters = await self._parameter_order(ctx, named=has_params(body.mobileList))
        with self._vendor.reading("getBatchPlanList"):
            contacts = campaign_contacts(
                body.mobileList, region=self.settings.options.phone_region, parameters=parameters
            )
        return Page(items=contacts, next_cursor=next_page_cursor(number, body.totalPage))

    async def add_campaign_contacts(
        self, ctx: OperationContext, *, campaign_id: str, contacts: list[Contact]
    ) -> BulkResult:
        """addAgentPlan with the account's addType for an agent-assisted batch (see `agent_plan`)."""
        batch = BatchRef.parse(campaign_id)
        if not batch.agent_assisted:
            raise self.http.error(
                ErrorCode.CONFLICT,
                "FlashAI adds numbers only to agent-assisted batches (addAgentPlan); a bot batch (addPlan) "
                "takes its numbers when it is created",
            )
        numbers = await self._mobile_list(ctx, contacts)
        if not numbers.sent:
            return BulkResult.of(list(numbers.refused))
        params = agent_plan.agent_plan_params(
            batch, numbers.text, self.settings.options, callback_url=self.callback_url
        )
        return contact_outcomes(numbers, await self._vendor.write(ctx, "addAgentPlan", params, AddPlanBody))

    async def remove_campaign_contact(self, ctx: OperationContext, *, campaign_id: str, phone: str) -> None:
        """batchPhoneDelete with one number. FlashAI keeps numbers it has dialled (a 409)."""
        batch = BatchRef.parse(campaign_id)
        national = self._national(phone)
        if national is None:
            raise self._not_found("the number is not in this FlashAI batch (FlashAI dials national numbers only)")
        params = {"batchName": batch.name, "phoneList": PHONE_LIST.join([national], ["phone"])}
        try:
            await self._vendor.write(ctx, "batchPhoneDelete", params, msgspec.Raw)
        except GatewayError as exc:
            if exc.vendor_code != ILLEGAL_ARGUMENT:
                raise
            raise self.http.error(
                ErrorCode.CONFLICT,
                "FlashAI refused to delete the number: it keeps numbers it has dialled or is dialling",
                vendor_code=exc.vendor_code,
                vendor_message=exc.vendor_message,
            ) from None

    # -- calls -------------------------------------------------------------------------------

    async def list_calls(self, ctx: OperationContext, *, filter: CallFilter, page: PageRequest) -> Page[Call]:
        """One vendor page per neutral page; phone and time filters apply to the fetched page.

        FlashAI filters by batch only, so a filtered page may hold fewer items than `limit` (or
        none) while `next_cursor` still leads on.
        """
        if not filter.campaign_id:
            raise invalid("FlashAI lists calls per campaign; pass campaign_id", parameter="campaign_id")
        batch = BatchRef.parse(filter.campaign_id)
        options = self.settings.options
        number = page_number(page)
        params = {
            "batchName": batch.name,
            "notifyUrl": self._notify_url,
            "page": number,
            "pageNum": min(page.limit, VENDOR_MAX_PAGE_SIZE),
        }
        body = await self._vendor.read(ctx, "getBatchPlanCallList", params, CallListBody, empty_on_no_result=True)
        if body is None:
            return Page(items=[], next_cursor=None)
        with self._vendor.reading("getBatchPlanCallList"):
            calls = translate.calls_from_list(
                body.callList,
                layout=options.call_list_layout,
                batch=filter.campaign_id,
                zone=options.zone,
                region=options.phone_region,
            )
        # The vendor lists numbers in local format; the filter's phone is compared in E.164.
        wanted = filter
        if filter.phone:
            wanted = msgspec.structs.replace(filter, phone=to_e164(filter.phone, options.phone_region))
        return Page(
            items=[call for call in calls if wanted.admits(call)],
            next_cursor=next_page_cursor(number, body.totalPage),
        )

    async def get_call(self, ctx: OperationContext, *, call_id: str) -> Call:
        """getPhoneDetail for the call's batch and number (a call id is the pair, `translate.call_id`)."""
        campaign, phone = translate.parse_call_id(call_id)
        try:
            batch = BatchRef.parse(campaign)
        except GatewayError:
            raise invalid("not a FlashAI call id", parameter="call_id") from None
        params = {"batchName": batch.name, "phone": phone}
        body = await self._vendor.read(ctx, "getPhoneDetail", params, PhoneDetailBody)
        if body is None:
            raise self._not_found("FlashAI reports no call for this number yet")
        options = self.settings.options
        with self._vendor.reading("getPhoneDetail"):
            return call_from_detail(
                body,
                campaign=campaign,
                phone=phone,
                zone=options.zone,
                region=options.phone_region,
                style=options.detail_list_style,
            )

    # -- catalogues --------------------------------------------------------------------------

    async def list_scripts(self, ctx: OperationContext, *, page: PageRequest) -> Page[Script]:
        """getBotence, each script with queryPlanParams' parameters (the account's, see `script_params`)."""
        body = await self._vendor.read(ctx, "getBotence", {}, BotenceListBody, empty_on_no_result=True)
        if body is None:
            return slice_page([], page)
        params = await self._vendor.read(ctx, "queryPlanParams", {}, ParamSeqBody, empty_on_no_result=True)
        with self._vendor.reading("queryPlanParams"):
            variables = script_variables(params.paramSeqLsit if params else None)
        with self._vendor.reading("getBotence"):
            return slice_page(translate.scripts_from_list(body.botenceList, variables), page)

    async def list_caller_ids(self, ctx: OperationContext, *, page: PageRequest) -> Page[CallerId]:
        body = await self._vendor.read(ctx, "getCallLine", {}, LineListBody, empty_on_no_result=True)
        with self._vendor.reading("getCallLine"):
            lines = translate.caller_ids_from_list(body.lineList if body else None)
        return slice_page(lines, page)

    # -- shared reads and helpers ------------------------------------------------------------

    async def _parameter_order(
        self, ctx: OperationContext, contacts: Sequence[Contact] = (), *, named: bool = False
    ) -> ParameterOrder | None:
        """queryPlanParams' positions when the account orders variables by script and they matter
        (a contact has variables, or `named`); None means "the contact's own order"."""
        if self.settings.options.variable_order is VariableOrder.CONTACT:
            return None
        if not named and not any(contact.variables for contact in contacts):
            return None
        body = await self._vendor.read(ctx, "queryPlanParams", {}, ParamSeqBody, empty_on_no_result=True)
        with self._vendor.reading("queryPlanParams"):
            return parameter_order(body.paramSeqLsit if body else None) or None

    async def _mobile_list(self, ctx: OperationContext, contacts: Sequence[Contact]) -> MobileListPlan:
        parameters = await self._parameter_order(ctx, contacts)
        return mobile_list(contacts, region=self.settings.options.phone_region, parameters=parameters)

    async def _summary(self, ctx: OperationContext, batch: str) -> CallSummaryBody:
        summary = await self._vendor.read(ctx, "getBatchPlanCallSummary", {"batchName": batch}, CallSummaryBody)
        if summary is None:
            raise self._vendor.unreadable("getBatchPlanCallSummary", "no body")
        return summary

    async def _change_state(
        self, ctx: OperationContext, campaign_id: str, endpoint: str, failure: str, status: CampaignStatus
    ) -> Campaign:
        batch = BatchRef.parse(campaign_id)
        try:
            await self._vendor.write(ctx, endpoint, {"batchName": batch.name}, msgspec.Raw)
        except GatewayError as exc:
            # FlashAI answers the same code for "no such batch" and "wrong state"; one summary
            # query tells the two apart, so a caller gets 404 rather than 409 for a typo.
            if exc.vendor_code == failure and await self._batch_missing(ctx, batch.name):
                raise self._not_found(
                    f"FlashAI has no batch named {batch.name!r}",
                    vendor_code=exc.vendor_code,
                    vendor_message=exc.vendor_message,
                ) from None
            raise
        return self._campaign(campaign_id, batch, status)

    async def _batch_missing(self, ctx: OperationContext, batch: str) -> bool:
        try:
            await self._summary(ctx, batch)
        except GatewayError as exc:
            return exc.vendor_code == QUERY_NO_RESULT
        return False

    @staticmethod
    def _campaign(campaign_id: str, batch: BatchRef, status: CampaignStatus | None) -> Campaign:
        return Campaign(id=campaign_id, name=batch.name, status=status, queue_id=batch.agent_group)

    @staticmethod
    def _require_sendable(numbers: MobileListPlan) -> None:
        if numbers.sent:
            return
        reason = numbers.refused[0].detail if numbers.refused else "no contacts were given"
        raise GatewayError(
            ErrorCode.INVALID_REQUEST,
            "FlashAI creates a batch together with its numbers, and none of the contacts can be sent",
            errors=[FieldIssue(reason=reason or "cannot be sent", pointer="/contacts")],
        )

    def _national(self, phone: str) -> str | None:
        try:
            return national_number(phone, self.settings.options.phone_region)
        except phonenumbers.NumberParseException:
            return None
