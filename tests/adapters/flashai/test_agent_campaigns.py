"""Agent-assisted campaigns against the simulator: addAgentPlan to create and to add numbers
(flashai-saas-api.md "Adding Agent' Dialing Task"), and the batch endpoints on such a batch."""

from __future__ import annotations

from adapters.flashai import FlashAIAdapter
from adapters.flashai.simulator import SIM_USER_ID, FlashAISimulator, FlashAISimulatorKit
from adapters.flashai.simulator.dialler import Batch
from adapters.simulation import SimClock
from contracts.campaigns import CampaignCreate, CampaignStatus
from contracts.contacts import Contact, ItemStatus
from contracts.context import OperationContext
from contracts.errors import ErrorCode
from tests.adapters.flashai.conftest import connect
from tests.support.errors import refused


def contacts(*phones: str) -> list[Contact]:
    return [Contact(phone=phone) for phone in phones]


def agent_campaign(name: str = "callback", queue: str = "G02", *phones: str) -> CampaignCreate:
    return CampaignCreate(name=name, queue_id=queue, contacts=contacts(*(phones or ("+8613800138000",))))


def batch_of(sim: FlashAISimulator, name: str) -> Batch:
    return sim.vendor.batches[(SIM_USER_ID, name)]


async def test_a_campaign_with_a_queue_is_an_agent_batch_for_the_groups_first_agent(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    created = await adapter.create_campaign(
        ctx, campaign=agent_campaign("callback", "G02", "+8613800138000", "+8613900139000")
    )
    campaign = created.campaign
    assert (campaign.name, campaign.queue_id, campaign.status) == ("callback", "G02", CampaignStatus.RUNNING)
    assert campaign.id != "callback"  # the id carries the group and agent for later additions
    assert created.contacts.added == 2
    endpoint, body = sim.received[-1]
    assert endpoint == "addAgentPlan"
    assert {key: body[key] for key in ("batchName", "agentGroupId", "agentId", "addType", "callType")} == {
        "batchName": "callback",
        "agentGroupId": "G02",
        "agentId": "A1002",  # the first agent queryAgentGroup lists in G02
        "addType": "2",
        "callType": "1",
    }
    task = batch_of(sim, "callback").agent_task
    assert task is not None
    assert (task.group_id, task.agent_id, task.direct) == ("G02", "A1002", True)


async def test_the_agent_and_add_type_can_be_configured(
    sim: FlashAISimulator, kit: FlashAISimulatorKit, ctx: OperationContext
) -> None:
    adapter = connect(sim, kit, agent_id="A2001", agent_add_type="add", agent_call_type="0")
    await adapter.create_campaign(ctx, campaign=agent_campaign())
    _, body = sim.received[-1]
    assert (body["agentId"], body["addType"], body["callType"]) == ("A2001", "add", "0")
    await adapter.aclose()


async def test_an_unknown_queue_is_refused_before_anything_is_added(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    error = await refused(adapter.create_campaign(ctx, campaign=agent_campaign(queue="G99")))
    assert error.code is ErrorCode.INVALID_REQUEST
    assert error.errors
    assert error.errors[0].pointer == "/queue_id"
    assert [endpoint for endpoint, _ in sim.received] == ["queryAgentGroup"]


async def test_a_script_for_an_agent_campaign_is_refused_without_a_request(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    campaign = CampaignCreate(name="b", queue_id="G01", script_id="T2002", contacts=contacts("+8613800138000"))
    error = await refused(adapter.create_campaign(ctx, campaign=campaign))
    assert error.errors
    assert error.errors[0].pointer == "/script_id"
    assert not sim.received


async def test_numbers_are_added_to_an_agent_batch_one_outcome_each(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator, clock: SimClock
) -> None:
    created = await adapter.create_campaign(ctx, campaign=agent_campaign("callback", "G01", "+8613800138000"))
    clock.advance(60)
    result = await adapter.add_campaign_contacts(
        ctx,
        campaign_id=created.campaign.id,
        contacts=contacts("+8613900139000", "+8613800138000", "+14155552671", "+8615000150000"),
    )
    assert [(item.index, item.status) for item in result.items] == [
        (0, ItemStatus.ADDED),
        (1, ItemStatus.REJECTED),  # already in the batch: FlashAI lists it in failMobileInfo
        (2, ItemStatus.REJECTED),  # another region: refused by the adapter
        (3, ItemStatus.ADDED),
    ]
    assert result.items[1].code is ErrorCode.VENDOR_REJECTED
    assert [n.phone for n in batch_of(sim, "callback").numbers] == ["13800138000", "13900139000", "15000150000"]
    clock.advance(3600)
    stats = await adapter.get_campaign_stats(ctx, campaign_id=created.campaign.id)
    assert (stats.total, stats.completed, stats.pending) == (3, 3, 0)


async def test_nothing_sendable_is_answered_without_a_request(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    created = await adapter.create_campaign(ctx, campaign=agent_campaign())
    before = len(sim.received)
    result = await adapter.add_campaign_contacts(
        ctx, campaign_id=created.campaign.id, contacts=contacts("+14155552671")
    )
    assert (result.added, result.rejected) == (0, 1)
    assert len(sim.received) == before


async def test_a_bot_batch_takes_no_added_numbers(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    bot = CampaignCreate(name="bot", script_id="T1001", contacts=contacts("+8613800138000"))
    created = await adapter.create_campaign(ctx, campaign=bot)
    error = await refused(
        adapter.add_campaign_contacts(ctx, campaign_id=created.campaign.id, contacts=contacts("+8613900139000"))
    )
    assert (error.code, error.status) == (ErrorCode.CONFLICT, 409)
    assert "agent-assisted" in error.detail


async def test_a_stopped_agent_batch_takes_no_more_numbers(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    created = await adapter.create_campaign(ctx, campaign=agent_campaign())
    await adapter.stop_campaign(ctx, campaign_id=created.campaign.id)
    error = await refused(
        adapter.add_campaign_contacts(ctx, campaign_id=created.campaign.id, contacts=contacts("+8613900139000"))
    )
    assert (error.code, error.vendor_code) == (ErrorCode.VENDOR_REJECTED, "101003")


async def test_batch_operations_work_on_an_agent_batch_and_keep_its_queue(
    adapter: FlashAIAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    created = await adapter.create_campaign(ctx, campaign=agent_campaign())
    campaign_id = created.campaign.id
    paused = await adapter.pause_campaign(ctx, campaign_id=campaign_id)
    assert (paused.id, paused.name, paused.queue_id, paused.status) == (
        campaign_id,
        "callback",
        "G02",
        CampaignStatus.PAUSED,
    )
    assert (await adapter.resume_campaign(ctx, campaign_id=campaign_id)).status is CampaignStatus.RUNNING
    clock.advance(600)
    got = await adapter.get_campaign(ctx, campaign_id=campaign_id)
    assert (got.queue_id, got.status) == ("G02", CampaignStatus.COMPLETED)


async def test_without_direct_dialling_the_numbers_wait_for_the_agent(
    sim: FlashAISimulator, kit: FlashAISimulatorKit, ctx: OperationContext, clock: SimClock
) -> None:
    adapter = connect(sim, kit, agent_call_type="0")
    created = await adapter.create_campaign(ctx, campaign=agent_campaign())
    clock.advance(3600)
    stats = await adapter.get_campaign_stats(ctx, campaign_id=created.campaign.id)
    assert (stats.pending, stats.completed) == (1, 0)
    await adapter.aclose()


async def test_the_batch_name_is_still_unique_across_kinds(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    await adapter.create_campaign(
        ctx, campaign=CampaignCreate(name="same", script_id="T1001", contacts=contacts("+8613800138000"))
    )
    error = await refused(adapter.create_campaign(ctx, campaign=agent_campaign("same")))
    assert (error.code, error.vendor_code) == (ErrorCode.CONFLICT, "101007")
