"""The Sobot call-service V6 adapter: agents, skill groups, outbound tasks, forbidden numbers,
relay numbers and IVR flows (sobot-callservice-v6-api.txt).

Methods are thin: translate the neutral request, make one or a few calls through `SobotApi.call`
(which owns tokens, headers, envelope and error mapping), translate the answer back.
"""

from __future__ import annotations

import asyncio
import functools
import math
import time
from collections.abc import Sequence
from typing import ClassVar, Final

import msgspec

from adapters.base import AdapterBase
from adapters.paging import next_page_cursor, page_number, slice_page
from adapters.simulation import SimulatorKit
from adapters.sobot import endpoints as ep
from adapters.sobot import translate
from adapters.sobot.api import SobotApi
from adapters.sobot.auth import SobotTokens
from adapters.sobot.contacts import SentContact, chunks, import_body, import_failed, import_outcomes, import_plan
from adapters.sobot.dnc import forbidden_outcomes, forbidden_plan
from adapters.sobot.errors import CONFLICT
from adapters.sobot.idempotency import RequestKeys
from adapters.sobot.schedule import task_body
from adapters.sobot.settings import SobotSettings
from adapters.sobot.wire import (
    AgentSetting,
    CallAgent,
    ForbiddenImport,
    ImportAccepted,
    ImportResult,
    ImportResultPage,
    IvrPage,
    QueueCreated,
    QueuePage,
    QueueWithMembers,
    RelayNumber,
    Task,
    TaskCreated,
    TaskPage,
)
from contracts.agents import Agent, AgentUpdate
from contracts.campaigns import Campaign, CampaignCreate, CampaignCreated, CampaignStats
from contracts.capabilities import Capability
from contracts.catalog import CallerId, Script
from contracts.contacts import BulkResult, Contact, ItemOutcome
from contracts.context import OperationContext
from contracts.dnc import DncEntryInput
from contracts.errors import ErrorCode, GatewayError
from contracts.paging import Page, PageRequest
from contracts.queues import Queue, QueueCreate

# How often "Batch Import Result Query" is asked while an import is still being processed.
IMPORT_RESULT_POLL_SECONDS: Final = 0.5
_NOT_IN_DOC = "sobot-callservice-v6-api.txt has no interface that {}"

UNSUPPORTED: Final[dict[Capability, str]] = {
    Capability.AGENTS_CREATE: _NOT_IN_DOC.format("creates an agent (exts/_add creates an extension account only)"),
    Capability.AGENTS_DELETE: (
        _NOT_IN_DOC.format("deletes an agent")
        + "; agents/unbind only removes an agent's extension or phone binding, which PATCH does with null"
    ),
    Capability.QUEUES_UPDATE: (
        "queue/agents (Update skill groups in bulk) carries a queueName, but the document does not say that it "
        "renames the group; not mapped until Sobot confirms"
    ),
    Capability.CAMPAIGNS_UPDATE: _NOT_IN_DOC.format("changes an outbound task after creation"),
    Capability.CAMPAIGNS_DELETE: _NOT_IN_DOC.format("deletes an outbound task"),
    Capability.CAMPAIGNS_START: _NOT_IN_DOC.format("starts an outbound task; it runs between its planned times"),
    Capability.CAMPAIGNS_PAUSE: _NOT_IN_DOC.format("pauses an outbound task"),
    Capability.CAMPAIGNS_RESUME: _NOT_IN_DOC.format("resumes an outbound task"),
    Capability.CAMPAIGNS_STOP: _NOT_IN_DOC.format("stops an outbound task"),
    Capability.CAMPAIGN_CONTACTS_LIST: _NOT_IN_DOC.format("lists a task's contacts (getList gives counts only)"),
    Capability.CAMPAIGN_CONTACTS_REMOVE: _NOT_IN_DOC.format("removes a contact from an outbound task"),
    Capability.CALLS_LIST: _NOT_IN_DOC.format("queries call records (the Data Service's maincdrs is not in it)"),
    Capability.CALLS_GET: _NOT_IN_DOC.format("queries a call record"),
    Capability.CALLS_ORIGINATE: _NOT_IN_DOC.format("originates a call"),
    Capability.CALLS_HANGUP: _NOT_IN_DOC.format("controls a call"),
    Capability.CALLS_RECORDING: _NOT_IN_DOC.format("returns recordings"),
    Capability.DNC_LIST: _NOT_IN_DOC.format("lists forbidden numbers (blacklist/batch only imports)"),
    Capability.DNC_REMOVE: _NOT_IN_DOC.format("removes a forbidden number (blacklist/batch only imports)"),
}


class SobotAdapter(AdapterBase[SobotSettings]):
    vendor: ClassVar[str] = "sobot"
    display_name: ClassVar[str] = "Sobot"
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {
            Capability.AGENTS_LIST,
            Capability.AGENTS_GET,
            Capability.AGENTS_UPDATE,
            Capability.QUEUES_LIST,
            Capability.QUEUES_GET,
            Capability.QUEUES_CREATE,
            Capability.QUEUES_DELETE,
            Capability.QUEUE_AGENTS_LIST,
            Capability.QUEUE_AGENTS_ADD,
            Capability.QUEUE_AGENTS_REMOVE,
            Capability.CAMPAIGNS_LIST,
            Capability.CAMPAIGNS_GET,
            Capability.CAMPAIGNS_CREATE,
            Capability.CAMPAIGN_CONTACTS_ADD,
            Capability.CAMPAIGN_STATS,
            Capability.DNC_ADD,
            Capability.SCRIPTS_LIST,
            Capability.CALLER_IDS_LIST,
        }
    )
    settings_type: ClassVar[type[msgspec.Struct]] = SobotSettings
    base_url_families: ClassVar[tuple[str, ...]] = tuple(family.value for family in ep.Family)
    unsupported_reasons: ClassVar[dict[Capability, str]] = UNSUPPORTED
    # An outbound task's agents start dialling its imported numbers when its plan begins.
    dialling: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.CAMPAIGNS_CREATE, Capability.CAMPAIGN_CONTACTS_ADD}
    )

    @functools.cached_property
    def tokens(self) -> SobotTokens:
        """The account's two token caches (built on first use, after `AdapterBase.__init__`)."""
        return SobotTokens(http=self.http, base_url=self.base_url(), settings=self.settings, clock=self.clock)

    @functools.cached_property
    def _api(self) -> SobotApi:
        return SobotApi(
            http=self.http,
            tokens=self.tokens,
            options=self.settings.options,
            base_urls={family: self.base_url(family.value) for family in ep.Family},
        )

    @classmethod
    def simulator(cls) -> SimulatorKit:
        # Imported here: the simulator stays out of the gateway's start-up.
        from adapters.sobot.simulator import SobotSimulatorKit

        return SobotSimulatorKit()

    # -- agents ------------------------------------------------------------------------------

    async def list_agents(self, ctx: OperationContext, *, page: PageRequest) -> Page[Agent]:
        """Query Call Agent List answers every agent with call permission at once; paged here."""
        items = await self._api.call(ctx, ep.AGENT_SEARCH, list[CallAgent], body={}, idempotent=True)
        return slice_page([translate.agent_from_listing(item, self.settings.options) for item in items], page)

    async def get_agent(self, ctx: OperationContext, *, agent_id: str) -> Agent:
        setting = await self._setting(ctx, agent_id)
        return translate.agent_from_setting(setting, self.settings.options.phone_region, agent_id=agent_id)

    async def update_agent(self, ctx: OperationContext, *, agent_id: str, changes: AgentUpdate) -> Agent:
        """Extension and phone: set through Modify Agent Setting, cleared through Unbind."""
        current = await self._setting(ctx, agent_id)
        region = self.settings.options.phone_region
        set_body, unbind = translate.agent_changes(agent_id, changes, current, region)
        setting = current
        if set_body is not None:
            setting = await self._api.call(ctx, ep.AGENT_SET, AgentSetting, body=set_body, idempotent=True)
        if unbind is not None:
            body = {"agent": agent_id, "agentType": int(translate.BY_UUID), "numberType": unbind}
            setting = await self._api.call(ctx, ep.AGENT_UNBIND, AgentSetting, body=body, idempotent=True)
        return translate.agent_from_setting(setting, region, agent_id=agent_id)

    async def _setting(self, ctx: OperationContext, agent_id: str) -> AgentSetting:
        params = {"agentType": translate.BY_UUID, "agent": agent_id}
        return await self._api.call(ctx, ep.AGENT_GET, AgentSetting, params=params, idempotent=True)

    # -- skill groups ------------------------------------------------------------------------

    async def list_queues(self, ctx: OperationContext, *, page: PageRequest) -> Page[Queue]:
        number, size = page_number(page), min(page.limit, ep.MAX_PAGE_SIZE)
        body = {"currPage": number, "pageSize": size}
        found = await self._api.call(ctx, ep.QUEUE_SEARCH, QueuePage, body=body, idempotent=True)
        return Page(
            items=[translate.queue_from_info(info) for info in found.list],
            next_cursor=next_page_cursor(number, math.ceil(found.total / size)),
        )

    async def get_queue(self, ctx: OperationContext, *, queue_id: str) -> Queue:
        """Read through Query skill group members, the one interface that takes a queueID."""
        return translate.queue_from_info(await self._group(ctx, queue_id))

    async def create_queue(self, ctx: OperationContext, *, queue: QueueCreate) -> Queue:
        """Add skill group with a made-up queueID, stable per request: a repeated attempt meets its
        own group (a conflict) and answers it instead of creating a second one."""
        number = RequestKeys(ctx).number(self.settings.options.queue_number_digits, "queue.add")
        body = translate.queue_add_body(queue, number)
        try:
            created = await self._api.call(ctx, ep.QUEUE_ADD, QueueCreated, body=body, idempotent=True)
        except GatewayError as exc:
            if exc.vendor_code == CONFLICT and (existing := await self._own_group(ctx, number, queue.name)):
                return existing
            raise
        return translate.queue_from_info(
            QueueWithMembers(queueID=created.queueID or number, queueName=created.queueName or queue.name)
        )

    async def delete_queue(self, ctx: OperationContext, *, queue_id: str) -> None:
        # Not repeated automatically: after a lost answer a repeat would say 404 for a deleted group.
        await self._api.call(ctx, ep.QUEUE_DELETE, msgspec.Raw, body={"queueID": queue_id}, idempotent=False)

    async def list_queue_agents(self, ctx: OperationContext, *, queue_id: str, page: PageRequest) -> Page[Agent]:
        return slice_page(translate.members(await self._group(ctx, queue_id)), page)

    async def add_queue_agent(self, ctx: OperationContext, *, queue_id: str, agent_id: str) -> None:
        await self._change_member(ctx, queue_id, agent_id, add=True)

    async def remove_queue_agent(self, ctx: OperationContext, *, queue_id: str, agent_id: str) -> None:
        await self._change_member(ctx, queue_id, agent_id, add=False)

    async def _change_member(self, ctx: OperationContext, queue_id: str, agent_id: str, *, add: bool) -> None:
        # "new or overwritten agent info" (line 639): adding twice leaves one membership.
        body = translate.member_change_body(queue_id, agent_id, add=add, options=self.settings.options)
        await self._api.call(ctx, ep.QUEUE_MEMBERS_UPDATE, msgspec.Raw, body=body, idempotent=True)

    async def _group(self, ctx: OperationContext, queue_id: str) -> QueueWithMembers:
        body = {"queueID": queue_id, "agentType": translate.BY_UUID}
        groups = await self._api.call(ctx, ep.QUEUE_MEMBERS, list[QueueWithMembers], body=body, idempotent=True)
        for group in groups:
            if translate.clean(group.queueID) == queue_id:
                return group
        raise self.http.error(ErrorCode.NOT_FOUND, f"Sobot has no skill group {queue_id!r}")

    async def _own_group(self, ctx: OperationContext, queue_id: str, name: str) -> Queue | None:
        try:
            group = await self._group(ctx, queue_id)
        except GatewayError:
            return None
        return translate.queue_from_info(group) if translate.clean(group.queueName) == name else None

    # -- outbound tasks ----------------------------------------------------------------------

    async def list_campaigns(self, ctx: OperationContext, *, page: PageRequest) -> Page[Campaign]:
        number, size = page_number(page), min(page.limit, ep.MAX_PAGE_SIZE)
        found = await self._tasks(ctx, {"currPage": number, "pageSize": size})
        options = self.settings.options
        return Page(
            items=[translate.campaign_from_task(task, options) for task in found.list],
            next_cursor=next_page_cursor(number, found.totalPage),
        )

    async def get_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return translate.campaign_from_task(await self._task(ctx, campaign_id), self.settings.options)

    async def get_campaign_stats(self, ctx: OperationContext, *, campaign_id: str) -> CampaignStats:
        return translate.stats_from_task(await self._task(ctx, campaign_id))

    async def create_campaign(self, ctx: OperationContext, *, campaign: CampaignCreate) -> CampaignCreated:
        """Create the task, then import its contacts; every contact is reported.

        Once the task exists the answer is 201 whatever the import does: a contact whose import
        failed is `rejected` with the failure, and the caller can add it again to the new id.
        """
        options = self.settings.options
        keys = RequestKeys(ctx)
        body, times = task_body(campaign, options, now=self.clock())
        plan = import_plan(campaign.contacts, options)
        created = await self._api.call(
            ctx,
            ep.TASK_CREATE,
            TaskCreated,
            body=body,
            idempotency_key=keys.key("campaigns.create"),
            idempotent=True,
            timezone=times.zone,
        )
        code = translate.clean(created.code)
        if code is None:
            raise self.http.error(ErrorCode.VENDOR_BAD_RESPONSE, "sobot created a task without a code")
        outcomes = list(plan.refused) + await self._import(ctx, keys, code, plan.sent, all_failed_raises=False)
        return CampaignCreated(
            campaign=translate.created_campaign(code, campaign.name, times.zone, times.start_ms, times.end_ms),
            contacts=BulkResult.of(outcomes),
        )

    async def add_campaign_contacts(
        self, ctx: OperationContext, *, campaign_id: str, contacts: list[Contact]
    ) -> BulkResult:
        plan = import_plan(contacts, self.settings.options)
        imported = await self._import(ctx, RequestKeys(ctx), campaign_id, plan.sent, all_failed_raises=True)
        return BulkResult.of(list(plan.refused) + imported)

    async def _import(
        self,
        ctx: OperationContext,
        keys: RequestKeys,
        code: str,
        sent: Sequence[SentContact],
        *,
        all_failed_raises: bool,
    ) -> list[ItemOutcome]:
        """Import in chunks, each its own batch (callingListCode) and Idempotency-Key."""
        options = self.settings.options
        outcomes: list[ItemOutcome] = []
        failures: list[GatewayError] = []
        parts = chunks(sent, options.import_chunk_size)
        for number, chunk in enumerate(parts):
            calling_list = keys.calling_list_code(code, number)
            body = import_body(chunk, code=code, calling_list_code=calling_list, options=options)
            try:
                await self._api.call(
                    ctx,
                    ep.TASK_IMPORT,
                    ImportAccepted,
                    body=body,
                    idempotency_key=keys.key("campaigns.import", code, number),
                    idempotent=True,
                )
            except GatewayError as exc:
                if exc.retryable and ctx.idempotency_key:
                    # The import may have happened without our hearing of it. With the caller's
                    # key the whole request can be retried safely (every write replays at Sobot),
                    # so say "retry" rather than report contacts as failed that may be imported.
                    raise
                failures.append(exc)
                outcomes += import_failed(chunk, exc)
                continue
            result, why = await self._import_result(ctx, code, calling_list, len(chunk))
            outcomes += import_outcomes(chunk, result, calling_list, unknown_because=why)
        if all_failed_raises and parts and len(failures) == len(parts):
            raise failures[0]
        return outcomes

    async def _import_result(
        self, ctx: OperationContext, code: str, calling_list: str, expected: int
    ) -> tuple[ImportResult | None, str]:
        """The batch's counts once they account for every row, or whatever is known when the
        account's `import_result_wait` (or the caller's deadline) runs out."""
        options = self.settings.options
        body = {
            "agentID": options.admin_agent,
            "agentType": options.admin_agent_type.agent_type,
            "code": code,
            "callingListCode": calling_list,
            "currPage": 1,
            "pageSize": ep.MAX_PAGE_SIZE,
        }
        give_up = time.monotonic() + options.import_result_wait
        if ctx.deadline is not None:
            give_up = min(give_up, ctx.deadline - 1.0)
        row: ImportResult | None = None
        while True:
            try:
                found = await self._api.call(ctx, ep.IMPORT_RESULT, ImportResultPage, body=body, idempotent=True)
            except GatewayError as exc:
                return row, f"its import result could not be read ({exc.code.value})"
            row = next((item for item in found.list if item.callingListCode.strip() == calling_list), None)
            if (
                row is not None and _counted(row) >= expected
            ) or time.monotonic() + IMPORT_RESULT_POLL_SECONDS > give_up:
                return row, ""
            await asyncio.sleep(IMPORT_RESULT_POLL_SECONDS)

    async def _tasks(self, ctx: OperationContext, body: dict[str, object]) -> TaskPage:
        return await self._api.call(ctx, ep.TASK_LIST, TaskPage, body=body, idempotent=True)

    async def _task(self, ctx: OperationContext, code: str) -> Task:
        found = await self._tasks(ctx, {"code": code, "currPage": 1, "pageSize": ep.MAX_PAGE_SIZE})
        for task in found.list:
            if translate.clean(task.code) == code:
                return task
        raise self.http.error(ErrorCode.NOT_FOUND, f"Sobot has no outbound task {code!r}")

    # -- do-not-call -------------------------------------------------------------------------

    async def add_dnc(self, ctx: OperationContext, *, entries: list[DncEntryInput]) -> BulkResult:
        plan = forbidden_plan(entries, self.settings.options)
        outcomes = list(plan.refused)
        if plan.sent:
            rows = [item.row for item in plan.sent]
            # PUT of the same rows again leaves the same list: safe to repeat.
            answer = await self._api.call(ctx, ep.FORBIDDEN_IMPORT, ForbiddenImport, body=rows, idempotent=True)
            outcomes += forbidden_outcomes(plan.sent, answer)
        return BulkResult.of(outcomes)

    # -- catalogues --------------------------------------------------------------------------

    async def list_scripts(self, ctx: OperationContext, *, page: PageRequest) -> Page[Script]:
        number, size = page_number(page), min(page.limit, ep.MAX_PAGE_SIZE)
        body = {"currPage": number, "pageSize": size}
        found = await self._api.call(ctx, ep.IVR_SEARCH, IvrPage, body=body, idempotent=True)
        return Page(
            items=[translate.script_from_ivr(flow) for flow in found.list],
            next_cursor=next_page_cursor(number, math.ceil(found.total / size)),
        )

    async def list_caller_ids(self, ctx: OperationContext, *, page: PageRequest) -> Page[CallerId]:
        """Enabled relay numbers (`enabled` [1]; disabled and cancelled ones cannot place calls)."""
        relays = await self._api.call(ctx, ep.RELAY_SEARCH, list[RelayNumber], body={"enabled": [1]}, idempotent=True)
        region = self.settings.options.phone_region
        return slice_page([translate.caller_id_from_relay(relay, region) for relay in relays], page)


def _counted(row: ImportResult) -> int:
    """How many rows of a batch Sobot has judged so far."""
    return row.successCount + row.repeatCount + row.removeDuplicatesCount + row.errorCount
