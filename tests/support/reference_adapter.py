"""An in-memory adapter that declares every capability: a test double for the gateway layer.

It lets the gateway's own tests exercise every route (ids, cursors, bulk results, PATCH, 501s)
without a vendor's quirks. It is registered programmatically by tests only, never shipped as an
entry point; the vendor adapters are tested against their simulators instead.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, ClassVar, TypeVar

import msgspec

from adapters.base import AdapterBase
from contracts.adapter import AccountSpec
from contracts.agents import Agent, AgentCreate, AgentUpdate
from contracts.calls import Call, CallDirection, CallFilter, CallOriginate, CallStatus, Recording
from contracts.campaigns import Campaign, CampaignCreate, CampaignCreated, CampaignStats, CampaignStatus, CampaignUpdate
from contracts.capabilities import Capability
from contracts.catalog import CallerId, Script
from contracts.contacts import BulkResult, CampaignContact, Contact, ContactStatus, ItemOutcome, ItemStatus
from contracts.context import OperationContext
from contracts.dnc import DncEntry, DncEntryInput
from contracts.errors import ErrorCode, GatewayError, invalid
from contracts.paging import Page, PageRequest
from contracts.queues import Queue, QueueCreate, QueueUpdate

T = TypeVar("T")


class ReferenceSettings(msgspec.Struct, forbid_unknown_fields=True):
    credentials: dict[str, str] = {}
    options: dict[str, str] = {}


class Store:
    def __init__(self) -> None:
        self.ids = itertools.count(1)
        self.agents: dict[str, Agent] = {}
        self.queues: dict[str, Queue] = {}
        self.members: dict[str, set[str]] = {}
        self.campaigns: dict[str, Campaign] = {}
        self.contacts: dict[str, dict[str, CampaignContact]] = {}
        self.calls: dict[str, Call] = {}
        self.dnc: dict[str, DncEntry] = {}

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self.ids)}"


STORES: dict[str, Store] = {}

_TRANSITIONS = {
    "start": ({CampaignStatus.DRAFT, CampaignStatus.SCHEDULED}, CampaignStatus.RUNNING),
    "pause": ({CampaignStatus.RUNNING}, CampaignStatus.PAUSED),
    "resume": ({CampaignStatus.PAUSED}, CampaignStatus.RUNNING),
    "stop": ({CampaignStatus.RUNNING, CampaignStatus.PAUSED}, CampaignStatus.STOPPED),
}


def _page(items: list[T], page: PageRequest) -> Page[T]:
    start = int(page.cursor) if page.cursor else 0
    if page.cursor is not None and not page.cursor.isdigit():
        raise invalid("bad cursor", parameter="cursor")
    end = start + page.limit
    return Page(items=items[start:end], next_cursor=str(end) if end < len(items) else None)


def _set_fields(changes: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH body actually sent."""
    return {f: getattr(changes, f) for f in changes.__struct_fields__ if getattr(changes, f) is not msgspec.UNSET}


def _missing(kind: str) -> GatewayError:
    return GatewayError(ErrorCode.NOT_FOUND, f"no such {kind}")


class ReferenceAdapter(AdapterBase[ReferenceSettings]):
    vendor: ClassVar[str] = "reference"
    display_name: ClassVar[str] = "Reference (in-memory test double)"
    capabilities: ClassVar[frozenset[Capability]] = frozenset(Capability)
    settings_type = ReferenceSettings

    def __init__(self, account: AccountSpec, **wiring: Any) -> None:
        super().__init__(account, **wiring)
        self.store = STORES.setdefault(account.name, Store())

    async def list_agents(self, ctx: OperationContext, *, page: PageRequest) -> Page[Agent]:
        return _page(list(self.store.agents.values()), page)

    async def get_agent(self, ctx: OperationContext, *, agent_id: str) -> Agent:
        if agent_id not in self.store.agents:
            raise _missing("agent")
        return self.store.agents[agent_id]

    async def create_agent(self, ctx: OperationContext, *, agent: AgentCreate) -> Agent:
        for queue_id in agent.queue_ids:
            await self.get_queue(ctx, queue_id=queue_id)
        created = Agent(
            id=self.store.new_id("ag"),
            name=agent.name,
            work_number=agent.work_number,
            extension=agent.extension,
            phone=agent.phone,
            queue_ids=list(agent.queue_ids),
        )
        self.store.agents[created.id] = created
        return created

    async def update_agent(self, ctx: OperationContext, *, agent_id: str, changes: AgentUpdate) -> Agent:
        agent = await self.get_agent(ctx, agent_id=agent_id)
        updates = {
            f: getattr(changes, f) for f in changes.__struct_fields__ if getattr(changes, f) is not msgspec.UNSET
        }
        self.store.agents[agent_id] = msgspec.structs.replace(agent, **updates)
        return self.store.agents[agent_id]

    async def delete_agent(self, ctx: OperationContext, *, agent_id: str) -> None:
        await self.get_agent(ctx, agent_id=agent_id)
        del self.store.agents[agent_id]

    async def list_queues(self, ctx: OperationContext, *, page: PageRequest) -> Page[Queue]:
        return _page(list(self.store.queues.values()), page)

    async def get_queue(self, ctx: OperationContext, *, queue_id: str) -> Queue:
        if queue_id not in self.store.queues:
            raise _missing("queue")
        return self.store.queues[queue_id]

    async def create_queue(self, ctx: OperationContext, *, queue: QueueCreate) -> Queue:
        created = Queue(id=self.store.new_id("q"), name=queue.name, description=queue.description)
        self.store.queues[created.id] = created
        self.store.members[created.id] = set()
        return created

    async def update_queue(self, ctx: OperationContext, *, queue_id: str, changes: QueueUpdate) -> Queue:
        queue = await self.get_queue(ctx, queue_id=queue_id)
        updates = {
            f: getattr(changes, f) for f in changes.__struct_fields__ if getattr(changes, f) is not msgspec.UNSET
        }
        self.store.queues[queue_id] = msgspec.structs.replace(queue, **updates)
        return self.store.queues[queue_id]

    async def delete_queue(self, ctx: OperationContext, *, queue_id: str) -> None:
        await self.get_queue(ctx, queue_id=queue_id)
        del self.store.queues[queue_id]

    async def list_queue_agents(self, ctx: OperationContext, *, queue_id: str, page: PageRequest) -> Page[Agent]:
        await self.get_queue(ctx, queue_id=queue_id)
        return _page([self.store.agents[a] for a in sorted(self.store.members[queue_id])], page)

    async def add_queue_agent(self, ctx: OperationContext, *, queue_id: str, agent_id: str) -> None:
        await self.get_queue(ctx, queue_id=queue_id)
        await self.get_agent(ctx, agent_id=agent_id)
        self.store.members[queue_id].add(agent_id)

    async def remove_queue_agent(self, ctx: OperationContext, *, queue_id: str, agent_id: str) -> None:
        await self.get_queue(ctx, queue_id=queue_id)
        self.store.members[queue_id].discard(agent_id)

    async def list_campaigns(self, ctx: OperationContext, *, page: PageRequest) -> Page[Campaign]:
        return _page(list(self.store.campaigns.values()), page)

    async def get_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        if campaign_id not in self.store.campaigns:
            raise _missing("campaign")
        return self.store.campaigns[campaign_id]

    async def create_campaign(self, ctx: OperationContext, *, campaign: CampaignCreate) -> CampaignCreated:
        if any(c.name == campaign.name for c in self.store.campaigns.values()):
            raise GatewayError(ErrorCode.CONFLICT, "a campaign with this name exists", vendor_code="DUP")
        created = Campaign(
            id=self.store.new_id("cp"),
            name=campaign.name,
            status=CampaignStatus.DRAFT,
            schedule=campaign.schedule,
            script_id=campaign.script_id,
            caller_ids=list(campaign.caller_ids),
            retry=campaign.retry,
            queue_id=campaign.queue_id,
            created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
        self.store.campaigns[created.id] = created
        self.store.contacts[created.id] = {}
        return CampaignCreated(campaign=created, contacts=self._add(created.id, campaign.contacts))

    async def update_campaign(self, ctx: OperationContext, *, campaign_id: str, changes: CampaignUpdate) -> Campaign:
        campaign = await self.get_campaign(ctx, campaign_id=campaign_id)
        updates = {
            f: getattr(changes, f) for f in changes.__struct_fields__ if getattr(changes, f) is not msgspec.UNSET
        }
        self.store.campaigns[campaign_id] = msgspec.structs.replace(campaign, **updates)
        return self.store.campaigns[campaign_id]

    async def delete_campaign(self, ctx: OperationContext, *, campaign_id: str) -> None:
        campaign = await self.get_campaign(ctx, campaign_id=campaign_id)
        if campaign.status is CampaignStatus.RUNNING:
            raise GatewayError(ErrorCode.CONFLICT, "stop the campaign before deleting it")
        del self.store.campaigns[campaign_id]

    async def _transition(self, ctx: OperationContext, campaign_id: str, action: str) -> Campaign:
        campaign = await self.get_campaign(ctx, campaign_id=campaign_id)
        allowed, target = _TRANSITIONS[action]
        if campaign.status not in allowed:
            raise GatewayError(ErrorCode.CONFLICT, f"cannot {action} a {campaign.status} campaign")
        campaign.status = target
        return campaign

    async def start_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        started = await self._transition(ctx, campaign_id, "start")
        self._dial_everyone(campaign_id)
        return started

    def _dial_everyone(self, campaign_id: str) -> None:
        """The reference vendor dials instantly: every pending contact gets one answered call."""
        for phone, contact in self.store.contacts[campaign_id].items():
            if contact.status is ContactStatus.PENDING:
                call = Call(
                    id=self.store.new_id("call"),
                    direction=CallDirection.OUTBOUND,
                    status=CallStatus.COMPLETED,
                    to_number=phone,
                    campaign_id=campaign_id,
                    duration_seconds=30,
                )
                self.store.calls[call.id] = call
                contact.status = ContactStatus.COMPLETED

    async def pause_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return await self._transition(ctx, campaign_id, "pause")

    async def resume_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return await self._transition(ctx, campaign_id, "resume")

    async def stop_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign:
        return await self._transition(ctx, campaign_id, "stop")

    def _add(self, campaign_id: str, contacts: list[Contact]) -> BulkResult:
        outcomes = []
        held = self.store.contacts[campaign_id]
        for index, contact in enumerate(contacts):
            if contact.phone in self.store.dnc:
                outcomes.append(
                    ItemOutcome(
                        index=index,
                        phone=contact.phone,
                        status=ItemStatus.REJECTED,
                        code=ErrorCode.CONFLICT,
                        detail="number is on the do-not-call list",
                    )
                )
                continue
            if contact.phone in held:
                outcomes.append(ItemOutcome(index=index, phone=contact.phone, status=ItemStatus.DUPLICATE))
                continue
            held[contact.phone] = CampaignContact(
                phone=contact.phone,
                name=contact.name,
                external_id=contact.external_id,
                variables=dict(contact.variables),
                status=ContactStatus.PENDING,
            )
            outcomes.append(ItemOutcome(index=index, phone=contact.phone, status=ItemStatus.ADDED))
        return BulkResult.of(outcomes)

    async def list_campaign_contacts(
        self, ctx: OperationContext, *, campaign_id: str, page: PageRequest
    ) -> Page[CampaignContact]:
        await self.get_campaign(ctx, campaign_id=campaign_id)
        return _page(list(self.store.contacts[campaign_id].values()), page)

    async def add_campaign_contacts(
        self, ctx: OperationContext, *, campaign_id: str, contacts: list[Contact]
    ) -> BulkResult:
        await self.get_campaign(ctx, campaign_id=campaign_id)
        return self._add(campaign_id, contacts)

    async def remove_campaign_contact(self, ctx: OperationContext, *, campaign_id: str, phone: str) -> None:
        await self.get_campaign(ctx, campaign_id=campaign_id)
        if self.store.contacts[campaign_id].pop(phone, None) is None:
            raise _missing("contact")

    async def get_campaign_stats(self, ctx: OperationContext, *, campaign_id: str) -> CampaignStats:
        await self.get_campaign(ctx, campaign_id=campaign_id)
        contacts = self.store.contacts[campaign_id].values()
        done = sum(1 for c in contacts if c.status is ContactStatus.COMPLETED)
        return CampaignStats(campaign_id=campaign_id, total=len(contacts), pending=len(contacts) - done, completed=done)

    async def list_calls(self, ctx: OperationContext, *, filter: CallFilter, page: PageRequest) -> Page[Call]:
        calls = [
            call
            for call in self.store.calls.values()
            if (filter.campaign_id is None or call.campaign_id == filter.campaign_id)
            and (filter.phone is None or call.to_number == filter.phone)
        ]
        return _page(calls, page)

    async def get_call(self, ctx: OperationContext, *, call_id: str) -> Call:
        if call_id not in self.store.calls:
            raise _missing("call")
        return self.store.calls[call_id]

    async def originate_call(self, ctx: OperationContext, *, call: CallOriginate) -> Call:
        if call.agent_id is not None:
            await self.get_agent(ctx, agent_id=call.agent_id)
        created = Call(
            id=self.store.new_id("call"),
            direction=CallDirection.OUTBOUND,
            status=CallStatus.RINGING,
            to_number=call.to,
            agent_id=call.agent_id,
        )
        self.store.calls[created.id] = created
        return created

    async def hangup_call(self, ctx: OperationContext, *, call_id: str) -> Call:
        call = await self.get_call(ctx, call_id=call_id)
        call.status = CallStatus.COMPLETED
        return call

    async def get_call_recording(self, ctx: OperationContext, *, call_id: str) -> Recording:
        await self.get_call(ctx, call_id=call_id)
        return Recording(call_id=call_id, url=f"https://recordings.invalid/{call_id}.wav")

    async def list_dnc(self, ctx: OperationContext, *, page: PageRequest) -> Page[DncEntry]:
        return _page(list(self.store.dnc.values()), page)

    async def add_dnc(self, ctx: OperationContext, *, entries: list[DncEntryInput]) -> BulkResult:
        for entry in entries:
            self.store.dnc[entry.phone] = DncEntry(phone=entry.phone, reason=entry.reason)
        return BulkResult.of(
            [ItemOutcome(index=i, phone=e.phone, status=ItemStatus.ADDED) for i, e in enumerate(entries)]
        )

    async def remove_dnc(self, ctx: OperationContext, *, phone: str) -> None:
        if self.store.dnc.pop(phone, None) is None:
            raise _missing("do-not-call entry")

    async def list_scripts(self, ctx: OperationContext, *, page: PageRequest) -> Page[Script]:
        return _page([Script(id="s1", name="Welcome"), Script(id="s2", name="Survey")], page)

    async def list_caller_ids(self, ctx: OperationContext, *, page: PageRequest) -> Page[CallerId]:
        return _page([CallerId(id="line1", number="+8610000000")], page)
