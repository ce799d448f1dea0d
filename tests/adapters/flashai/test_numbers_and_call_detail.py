"""A batch's numbers (getBatchPlanList, batchPhoneDelete) and one call's detail (getPhoneDetail),
adapter against the simulator."""

from __future__ import annotations

import datetime as dt

import pytest

from adapters.flashai import FlashAIAdapter
from adapters.flashai.simulator import SIM_USER_ID, FlashAISimulator, FlashAISimulatorKit
from adapters.flashai.simulator.dialler import PlannedNumber
from adapters.simulation import SimClock
from contracts.calls import CallFilter, CallStatus
from contracts.campaigns import CampaignCreate
from contracts.contacts import Contact, ContactStatus
from contracts.context import OperationContext
from contracts.errors import ErrorCode
from contracts.paging import PageRequest
from tests.adapters.flashai.conftest import connect
from tests.support.errors import refused

PHONES = [f"+86139{index:08d}" for index in range(5)]


def bot_campaign(*people: Contact) -> CampaignCreate:
    return CampaignCreate(name="spring", script_id="T1001", contacts=list(people) or [Contact(phone=p) for p in PHONES])


def number(sim: FlashAISimulator, phone: str) -> PlannedNumber:
    found = sim.vendor.batches[(SIM_USER_ID, "spring")].number(phone.removeprefix("+86"))
    assert found is not None
    return found


# -- getBatchPlanList -----------------------------------------------------------------------------


async def test_contacts_page_with_cursors_and_carry_their_progress(
    adapter: FlashAIAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    await adapter.create_campaign(ctx, campaign=bot_campaign())
    clock.advance(3)  # two dials, at +0 s and +2 s; the second call is still going
    await adapter.stop_campaign(ctx, campaign_id="spring")
    clock.advance(3600)
    seen, cursor = [], None
    while True:
        page = await adapter.list_campaign_contacts(ctx, campaign_id="spring", page=PageRequest(limit=2, cursor=cursor))
        seen += page.items
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert [contact.phone for contact in seen] == PHONES
    assert [contact.status for contact in seen] == [ContactStatus.COMPLETED] * 2 + [ContactStatus.FAILED] * 3
    stats = await adapter.get_campaign_stats(ctx, campaign_id="spring")
    assert (stats.completed, stats.failed) == (2, 3)


async def test_contacts_read_back_what_was_sent_with_variables_named_by_the_script(
    adapter: FlashAIAdapter, ctx: OperationContext
) -> None:
    person = Contact(phone=PHONES[0], name="张三", external_id="crm-1", variables={"product": "卡", "amount": "100"})
    await adapter.create_campaign(ctx, campaign=bot_campaign(person))
    (contact,) = (await adapter.list_campaign_contacts(ctx, campaign_id="spring", page=PageRequest())).items
    assert (contact.phone, contact.name, contact.external_id, contact.status) == (
        PHONES[0],
        "张三",
        "crm-1",
        ContactStatus.PENDING,
    )
    assert contact.variables == {"amount": "100", "product": "卡"}


async def test_with_contact_order_variables_go_as_sent_and_read_back_by_position(
    sim: FlashAISimulator, kit: FlashAISimulatorKit, ctx: OperationContext
) -> None:
    adapter = connect(sim, kit, variable_order="contact")
    await adapter.create_campaign(ctx, campaign=bot_campaign(Contact(phone=PHONES[0], variables={"b": "2", "a": "1"})))
    assert number(sim, PHONES[0]).params == "2-1"
    assert "queryPlanParams" not in {endpoint for endpoint, _ in sim.received}
    (contact,) = (await adapter.list_campaign_contacts(ctx, campaign_id="spring", page=PageRequest())).items
    assert contact.variables == {"1": "2", "2": "1"}
    await adapter.aclose()


async def test_without_a_parameter_list_variables_keep_the_contacts_order(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    user = sim.vendor.users[SIM_USER_ID]
    sim.vendor.users[SIM_USER_ID] = type(user)(user.user_id, templates=user.templates, lines=user.lines, params=())
    await adapter.create_campaign(ctx, campaign=bot_campaign(Contact(phone=PHONES[0], variables={"x": "9", "y": "8"})))
    assert number(sim, PHONES[0]).params == "9-8"


async def test_the_contacts_of_an_unknown_campaign_are_not_found(
    adapter: FlashAIAdapter, ctx: OperationContext
) -> None:
    error = await refused(adapter.list_campaign_contacts(ctx, campaign_id="nope", page=PageRequest()))
    assert error.code is ErrorCode.NOT_FOUND


async def test_a_page_past_the_end_is_empty(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    await adapter.create_campaign(ctx, campaign=bot_campaign())
    page = await adapter.list_campaign_contacts(ctx, campaign_id="spring", page=PageRequest(limit=5, cursor="2"))
    assert (page.items, page.next_cursor) == ([], None)


# -- batchPhoneDelete -----------------------------------------------------------------------------


async def test_an_undialled_number_can_be_removed(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator, clock: SimClock
) -> None:
    await adapter.create_campaign(ctx, campaign=bot_campaign())
    await adapter.remove_campaign_contact(ctx, campaign_id="spring", phone=PHONES[4])
    endpoint, body = sim.received[-1]
    assert (endpoint, body["phoneList"]) == ("batchPhoneDelete", "13900000004")
    clock.advance(3600)
    stats = await adapter.get_campaign_stats(ctx, campaign_id="spring")
    assert (stats.total, stats.completed) == (4, 4)
    listed = (await adapter.list_campaign_contacts(ctx, campaign_id="spring", page=PageRequest())).items
    assert PHONES[4] not in {contact.phone for contact in listed}


async def test_a_dialled_number_stays_and_the_refusal_is_a_conflict(
    adapter: FlashAIAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    await adapter.create_campaign(ctx, campaign=bot_campaign())
    clock.advance(1)  # the first number is on its call
    error = await refused(adapter.remove_campaign_contact(ctx, campaign_id="spring", phone=PHONES[0]))
    assert (error.code, error.status, error.vendor_code) == (ErrorCode.CONFLICT, 409, "1010")


@pytest.mark.parametrize(
    ("campaign", "phone"), [("spring", "+8618600186000"), ("spring", "+14155552671"), ("nope", PHONES[0])]
)
async def test_a_number_not_in_the_batch_is_not_found(
    adapter: FlashAIAdapter, ctx: OperationContext, campaign: str, phone: str
) -> None:
    await adapter.create_campaign(ctx, campaign=bot_campaign())
    error = await refused(adapter.remove_campaign_contact(ctx, campaign_id=campaign, phone=phone))
    assert error.code is ErrorCode.NOT_FOUND


# -- getPhoneDetail -------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["doc", "sdk"])
async def test_a_call_from_the_list_reads_the_same_in_detail(
    ctx: OperationContext, clock: SimClock, style: str
) -> None:
    kit = FlashAISimulatorKit(detail_list_style=style)
    sim = kit.create_app(clock=clock)
    adapter = connect(sim, kit)
    await adapter.create_campaign(ctx, campaign=bot_campaign())
    clock.advance(3600)
    listed = (await adapter.list_calls(ctx, filter=CallFilter(campaign_id="spring"), page=PageRequest())).items
    assert listed
    for call in listed:
        detail = await adapter.get_call(ctx, call_id=call.id)
        last = number(sim, call.to_number or "").attempts[-1]
        assert (detail.id, detail.to_number, detail.campaign_id) == (call.id, call.to_number, "spring")
        assert (detail.started_at, detail.ended_at) == (call.started_at, call.ended_at)
        assert detail.started_at == dt.datetime.fromtimestamp(last.started, dt.UTC)
        assert detail.disposition == call.disposition == last.intent
        assert detail.duration_seconds == last.duration
        assert [(turn.speaker, turn.text, turn.at) for turn in detail.dialogue] == [
            (turn.speaker, turn.text, turn.at) for turn in call.dialogue
        ]
        expected = (
            CallStatus.COMPLETED
            if last.answered
            else (CallStatus.BUSY if last.note == "占线" else CallStatus.NO_ANSWER)
        )
        assert detail.status is expected
    assert "getPhoneDetail" in {endpoint for endpoint, _ in sim.received}
    await adapter.aclose()


async def test_an_agent_batchs_calls_keep_its_campaign_id(
    adapter: FlashAIAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    created = await adapter.create_campaign(
        ctx, campaign=CampaignCreate(name="cb", queue_id="G01", contacts=[Contact(phone=PHONES[0])])
    )
    clock.advance(600)
    (call,) = (
        await adapter.list_calls(ctx, filter=CallFilter(campaign_id=created.campaign.id), page=PageRequest())
    ).items
    assert call.campaign_id == created.campaign.id
    assert (await adapter.get_call(ctx, call_id=call.id)).campaign_id == created.campaign.id


async def test_a_number_not_dialled_yet_has_no_call(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    await adapter.create_campaign(ctx, campaign=bot_campaign())
    error = await refused(adapter.get_call(ctx, call_id="spring:13900000004"))
    assert (error.code, error.vendor_code) == (ErrorCode.NOT_FOUND, "1005")


@pytest.mark.parametrize("call_id", ["spring", "spring:abc", "a\x1fb:13900000004"])
async def test_a_call_id_this_adapter_did_not_make_is_refused(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator, call_id: str
) -> None:
    error = await refused(adapter.get_call(ctx, call_id=call_id))
    assert error.code is ErrorCode.INVALID_REQUEST
    assert error.errors
    assert error.errors[0].parameter == "call_id"
    assert not sim.received
