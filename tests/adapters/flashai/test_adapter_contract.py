"""The adapter against the simulated vendor, in process: campaigns, stats, calls, catalogues."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from adapters.base import capability_drift
from adapters.flashai import FlashAIAdapter
from adapters.flashai.simulator import SIM_USER_ID, FlashAISimulator, FlashAISimulatorKit
from adapters.flashai.simulator.dialler import Batch
from adapters.registry import AdapterRegistry
from adapters.simulation import SimClock
from contracts.calls import CallFilter, CallStatus
from contracts.campaigns import CallingWindow, CampaignCreate, CampaignStatus, RetryPolicy, Schedule
from contracts.capabilities import Capability
from contracts.contacts import Contact, ItemStatus
from contracts.context import OperationContext
from contracts.errors import ErrorCode
from contracts.paging import PageRequest
from tests.adapters.flashai.conftest import account, connect
from tests.support.errors import refused


def phones(count: int, start: int = 0) -> list[str]:
    return [f"+86138{index:08d}" for index in range(start, start + count)]


def campaign(name: str = "spring", count: int = 3, **fields: object) -> CampaignCreate:
    contacts = [Contact(phone=phone) for phone in phones(count)]
    return CampaignCreate(name=name, script_id="T1001", contacts=contacts, **fields)  # type: ignore[arg-type]


def batch_of(sim: FlashAISimulator, name: str) -> Batch:
    return sim.vendor.batches[(SIM_USER_ID, name)]


# -- declarations ---------------------------------------------------------------------------------


def test_declared_capabilities_match_the_methods() -> None:
    assert capability_drift(FlashAIAdapter) == []


def test_every_other_capability_has_an_honest_reason() -> None:
    reasons = FlashAIAdapter.unsupported_reasons
    assert set(reasons) | FlashAIAdapter.capabilities == set(Capability)
    assert not set(reasons) & FlashAIAdapter.capabilities
    assert all(reason.strip() for reason in reasons.values())
    # Every undeclared operation is decided against the document, none left for later.
    assert not [reason for reason in reasons.values() if "not yet" in reason]
    assert "recordUrl" in reasons[Capability.CALLS_RECORDING]
    assert "queryAgentGroup only reads" in reasons[Capability.QUEUE_AGENTS_ADD]


def test_the_entry_point_loads_the_adapter() -> None:
    assert AdapterRegistry.from_entry_points().get("flashai") is FlashAIAdapter


def test_the_simulator_kit_configures_an_account_the_adapter_accepts() -> None:
    kit = FlashAIAdapter.simulator()
    assert isinstance(kit, FlashAISimulatorKit)
    config = kit.account_config(base_url="http://127.0.0.1:9000/api/v1/thirdApi")
    assert len(config["credentials"]["client_id"]) == 10
    app = kit.create_app(clock=SimClock.frozen(0))
    assert app.clock.now() == 0
    assert app.state is app.vendor


# -- campaigns ------------------------------------------------------------------------------------


async def test_create_reports_every_contact_and_the_vendor_holds_the_accepted_ones(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    contacts = [
        Contact(phone="+8613800000000", name="张三", variables={"amount": "100"}),
        Contact(phone="+14155552671"),  # another region: refused by the adapter
        Contact(phone="+861012345678"),  # 10 digits: refused by FlashAI
        Contact(phone="+8613800000003", variables={"due": "2024-06-01"}),  # not a script parameter
        Contact(phone="+8613800000004", external_id="crm-4"),
    ]
    request = CampaignCreate(name="spring", script_id="T1001", caller_ids=["101"], contacts=contacts)
    created = await adapter.create_campaign(ctx, campaign=request)
    assert created.campaign.id == "spring"
    assert created.campaign.status is CampaignStatus.RUNNING
    assert created.campaign.caller_ids == ["101"]
    outcomes = [(item.index, item.status) for item in created.contacts.items]
    assert outcomes == [
        (0, ItemStatus.ADDED),
        (1, ItemStatus.REJECTED),
        (2, ItemStatus.REJECTED),
        (3, ItemStatus.REJECTED),
        (4, ItemStatus.ADDED),
    ]
    assert created.contacts.items[2].code is ErrorCode.VENDOR_REJECTED
    assert created.contacts.items[1].code is ErrorCode.INVALID_REQUEST
    assert "variables.due is not a script parameter" in (created.contacts.items[3].detail or "")
    batch = batch_of(sim, "spring")
    # queryPlanParams puts amount first of three positions (amount^1, dueDate^2, product^3).
    assert [(n.phone, n.attach, n.params, n.cust_name) for n in batch.numbers] == [
        ("13800000000", "", "100--", "张三"),
        ("13800000004", "crm-4", "", ""),
    ]
    assert batch.call_date == dt.date(2024, 5, 6)
    assert batch.call_hours == frozenset(range(9, 21))
    assert batch.line_ids == (101,)


async def test_a_schedule_reaches_the_vendor_as_call_date_and_hours(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    schedule = Schedule(
        timezone="UTC", start_date=dt.date(2024, 5, 8), windows=[CallingWindow(start="01:00", end="04:00")]
    )
    await adapter.create_campaign(ctx, campaign=campaign(schedule=schedule))
    batch = batch_of(sim, "spring")
    assert (batch.call_date, batch.call_hours) == (dt.date(2024, 5, 8), frozenset({9, 10, 11}))


async def test_a_start_date_in_the_past_dials_at_once(
    adapter: FlashAIAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    # The callDate remark: a past date is ignored and the numbers are queued by callHour.
    schedule = Schedule(timezone="Asia/Shanghai", start_date=dt.date(2024, 1, 2))
    await adapter.create_campaign(ctx, campaign=campaign(count=2, schedule=schedule))
    clock.advance(600)
    assert (await adapter.get_campaign_stats(ctx, campaign_id="spring")).completed == 2


async def test_a_start_date_ahead_waits_for_its_day(
    adapter: FlashAIAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    schedule = Schedule(timezone="Asia/Shanghai", start_date=dt.date(2024, 5, 7))
    await adapter.create_campaign(ctx, campaign=campaign(count=2, schedule=schedule))
    clock.advance(6 * 3600)
    assert (await adapter.get_campaign_stats(ctx, campaign_id="spring")).completed == 0
    clock.advance(18 * 3600)  # 10:00 on the 7th
    assert (await adapter.get_campaign_stats(ctx, campaign_id="spring")).completed == 2


async def test_a_schedule_flashai_cannot_keep_is_refused_before_any_request(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    schedule = Schedule(timezone="Asia/Shanghai", windows=[CallingWindow(start="07:00", end="10:00")])
    error = await refused(adapter.create_campaign(ctx, campaign=campaign(schedule=schedule)))
    assert error.code is ErrorCode.INVALID_REQUEST
    assert error.errors
    assert error.errors[0].pointer == "/schedule/windows/0/start"
    assert not sim.received


async def test_a_campaign_without_a_sendable_contact_is_refused(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    request = CampaignCreate(name="b", script_id="T1001", contacts=[Contact(phone="+14155552671")])
    error = await refused(adapter.create_campaign(ctx, campaign=request))
    assert error.code is ErrorCode.INVALID_REQUEST
    assert error.errors
    assert error.errors[0].pointer == "/contacts"
    assert "CN numbers only" in error.errors[0].reason
    assert not sim.received


async def test_a_duplicate_batch_name_is_a_conflict(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    await adapter.create_campaign(ctx, campaign=campaign())
    error = await refused(adapter.create_campaign(ctx, campaign=campaign()))
    assert (error.code, error.status, error.vendor_code, error.vendor) == (ErrorCode.CONFLICT, 409, "101007", "flashai")


async def test_lines_the_vendor_will_not_combine_are_a_422_from_the_vendor(
    adapter: FlashAIAdapter, ctx: OperationContext
) -> None:
    # A SIP and a SIM line in one batch: the lineage server refuses mixed line types (1010).
    error = await refused(adapter.create_campaign(ctx, campaign=campaign(caller_ids=["101", "202"])))
    assert (error.code, error.vendor_code) == (ErrorCode.INVALID_REQUEST, "1010")


async def test_pause_resume_and_stop_follow_the_vendors_state_rules(
    adapter: FlashAIAdapter, ctx: OperationContext
) -> None:
    await adapter.create_campaign(ctx, campaign=campaign())
    error = await refused(adapter.resume_campaign(ctx, campaign_id="spring"))
    assert (error.code, error.vendor_code) == (ErrorCode.CONFLICT, "101006")
    paused = await adapter.pause_campaign(ctx, campaign_id="spring")
    assert (paused.id, paused.status) == ("spring", CampaignStatus.PAUSED)
    error = await refused(adapter.pause_campaign(ctx, campaign_id="spring"))
    assert (error.code, error.vendor_code) == (ErrorCode.CONFLICT, "101004")
    resumed = await adapter.resume_campaign(ctx, campaign_id="spring")
    assert resumed.status is CampaignStatus.RUNNING
    stopped = await adapter.stop_campaign(ctx, campaign_id="spring")
    assert stopped.status is CampaignStatus.STOPPED
    error = await refused(adapter.stop_campaign(ctx, campaign_id="spring"))
    assert (error.code, error.vendor_code) == (ErrorCode.CONFLICT, "101005")
    error = await refused(adapter.resume_campaign(ctx, campaign_id="spring"))
    assert error.code is ErrorCode.CONFLICT


@pytest.mark.parametrize("operation", ["pause_campaign", "resume_campaign", "stop_campaign", "get_campaign"])
async def test_an_unknown_batch_is_not_found(adapter: FlashAIAdapter, ctx: OperationContext, operation: str) -> None:
    error = await refused(getattr(adapter, operation)(ctx, campaign_id="nope"))
    assert error.code is ErrorCode.NOT_FOUND


async def test_stats_follow_the_simulated_dialling(
    adapter: FlashAIAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    await adapter.create_campaign(ctx, campaign=campaign(count=4, caller_ids=["101"]))
    before = await adapter.get_campaign_stats(ctx, campaign_id="spring")
    assert (before.total, before.pending, before.completed, before.failed) == (4, 4, 0, 0)
    assert (await adapter.get_campaign(ctx, campaign_id="spring")).status is None
    clock.advance(3600)
    after = await adapter.get_campaign_stats(ctx, campaign_id="spring")
    assert (after.total, after.pending, after.completed, after.failed) == (4, 0, 4, 0)
    (line,) = after.by_caller_id
    assert (line.caller_id, line.total, line.completed) == ("101", 4, 4)
    assert line.last_call_at is not None
    assert dt.datetime.fromtimestamp(clock.now() - 3600, dt.UTC) <= line.last_call_at
    assert (await adapter.get_campaign(ctx, campaign_id="spring")).status is CampaignStatus.COMPLETED


async def test_a_paused_batch_does_not_dial_and_a_stopped_one_drops_its_rest(
    adapter: FlashAIAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    await adapter.create_campaign(ctx, campaign=campaign(count=5))
    clock.advance(3)  # dials at +0 s and +2 s
    await adapter.pause_campaign(ctx, campaign_id="spring")
    clock.advance(3600)
    paused = await adapter.get_campaign_stats(ctx, campaign_id="spring")
    assert (paused.pending, paused.completed) == (3, 2)
    await adapter.resume_campaign(ctx, campaign_id="spring")
    clock.advance(1)  # one more dial, then stop
    await adapter.stop_campaign(ctx, campaign_id="spring")
    clock.advance(3600)
    stopped = await adapter.get_campaign_stats(ctx, campaign_id="spring")
    assert (stopped.total, stopped.pending, stopped.completed, stopped.failed) == (5, 0, 3, 2)


async def test_nothing_is_dialled_outside_calling_hours(
    adapter: FlashAIAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    clock.advance(12 * 3600)  # 22:00 in Shanghai
    await adapter.create_campaign(ctx, campaign=campaign(count=2))
    clock.advance(10 * 3600)  # 08:00 next day
    assert (await adapter.get_campaign_stats(ctx, campaign_id="spring")).completed == 0
    clock.advance(2 * 3600)  # 10:00
    assert (await adapter.get_campaign_stats(ctx, campaign_id="spring")).completed == 2


# -- calls ----------------------------------------------------------------------------------------


async def test_calls_page_through_the_batch_with_cursors(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator, clock: SimClock
) -> None:
    await adapter.create_campaign(ctx, campaign=campaign(count=5))
    clock.advance(3600)
    seen, cursors, cursor = [], [], None
    while True:
        page = await adapter.list_calls(
            ctx, filter=CallFilter(campaign_id="spring"), page=PageRequest(limit=2, cursor=cursor)
        )
        seen += page.items
        cursors.append(page.next_cursor)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert cursors == ["2", "3", None]
    assert [call.to_number for call in seen] == phones(5)
    assert len({call.id for call in seen}) == 5
    for call in seen:
        number = next(n for n in batch_of(sim, "spring").numbers if "+86" + n.phone == call.to_number)
        last = number.attempts[-1]
        assert call.status is (CallStatus.COMPLETED if last.answered else CallStatus.NO_ANSWER)
        assert call.disposition == last.intent
        assert call.duration_seconds == last.duration
        assert call.started_at == dt.datetime.fromtimestamp(last.started, dt.UTC)
        assert len(call.dialogue) == 2 * len(last.exchanges)
        assert call.campaign_id == "spring"


async def test_call_filters_apply_to_the_fetched_page(
    adapter: FlashAIAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    await adapter.create_campaign(ctx, campaign=campaign(count=4))
    clock.advance(3600)
    every = (await adapter.list_calls(ctx, filter=CallFilter(campaign_id="spring"), page=PageRequest())).items
    target = every[2]
    by_phone = await adapter.list_calls(
        ctx, filter=CallFilter(campaign_id="spring", phone=target.to_number), page=PageRequest()
    )
    assert [call.id for call in by_phone.items] == [target.id]
    assert target.started_at is not None
    by_time = await adapter.list_calls(
        ctx, filter=CallFilter(campaign_id="spring", started_after=target.started_at), page=PageRequest()
    )
    assert [call.id for call in by_time.items] == [call.id for call in every[2:]]
    naive_before = target.started_at.replace(tzinfo=None)  # read as UTC
    early = await adapter.list_calls(
        ctx, filter=CallFilter(campaign_id="spring", started_before=naive_before), page=PageRequest()
    )
    assert [call.id for call in early.items] == [call.id for call in every[:2]]


async def test_calls_need_a_campaign(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    error = await refused(adapter.list_calls(ctx, filter=CallFilter(), page=PageRequest()))
    assert error.code is ErrorCode.INVALID_REQUEST
    assert error.errors
    assert error.errors[0].parameter == "campaign_id"


async def test_no_calls_yet_is_an_empty_page(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    await adapter.create_campaign(ctx, campaign=campaign())
    page = await adapter.list_calls(ctx, filter=CallFilter(campaign_id="spring"), page=PageRequest())
    assert (page.items, page.next_cursor) == ([], None)
    unknown = await adapter.list_calls(ctx, filter=CallFilter(campaign_id="nope"), page=PageRequest())
    assert unknown.items == []


async def test_a_cursor_the_adapter_did_not_issue_is_refused(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    error = await refused(adapter.list_calls(ctx, filter=CallFilter(campaign_id="b"), page=PageRequest(cursor="two")))
    assert error.code is ErrorCode.INVALID_REQUEST


# -- catalogues -----------------------------------------------------------------------------------


async def test_scripts_and_caller_ids(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    scripts = await adapter.list_scripts(ctx, page=PageRequest())
    assert [(s.id, s.kind) for s in scripts.items] == [("T1001", "bot"), ("T2002", "agent-assisted")]
    lines = await adapter.list_caller_ids(ctx, page=PageRequest())
    assert [(line.id, line.kind) for line in lines.items] == [("101", "sip"), ("202", "sim")]


async def test_catalogues_are_cut_into_pages_of_the_requested_size(
    adapter: FlashAIAdapter, ctx: OperationContext
) -> None:
    first = await adapter.list_caller_ids(ctx, page=PageRequest(limit=1))
    second = await adapter.list_caller_ids(ctx, page=PageRequest(limit=1, cursor=first.next_cursor))
    assert ([c.id for c in first.items], first.next_cursor) == (["101"], "2")
    assert ([c.id for c in second.items], second.next_cursor) == (["202"], None)


async def test_an_empty_catalogue_is_an_empty_page(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    user = sim.vendor.users[SIM_USER_ID]
    sim.vendor.users[SIM_USER_ID] = type(user)(user.user_id, templates=(), lines=())
    assert (await adapter.list_scripts(ctx, page=PageRequest())).items == []
    assert (await adapter.list_caller_ids(ctx, page=PageRequest())).items == []


# -- the lineage server's formats -----------------------------------------------------------------


async def test_the_adapter_works_against_the_lineage_servers_formats(ctx: OperationContext, clock: SimClock) -> None:
    kit = FlashAISimulatorKit(call_list_layout="lineage", envelope_style="lineage")
    sim = kit.create_app(clock=clock)
    adapter = connect(sim, kit)
    created = await adapter.create_campaign(ctx, campaign=campaign(count=3))
    assert created.contacts.added == 3
    error = await refused(adapter.create_campaign(ctx, campaign=campaign(count=3)))
    assert (error.code, error.vendor_code) == (ErrorCode.CONFLICT, "101007")
    clock.advance(3600)
    stats = await adapter.get_campaign_stats(ctx, campaign_id="spring")
    assert (stats.total, stats.completed) == (3, 3)
    calls = (await adapter.list_calls(ctx, filter=CallFilter(campaign_id="spring"), page=PageRequest())).items
    assert [call.to_number for call in calls] == phones(3)
    for call in calls:
        last = next(n for n in batch_of(sim, "spring").numbers if "+86" + n.phone == call.to_number).attempts[-1]
        assert call.status is (CallStatus.COMPLETED if last.answered else CallStatus.NO_ANSWER)
        assert call.ended_at == dt.datetime.fromtimestamp(last.ended, dt.UTC)
    await adapter.aclose()


async def test_demo_mode_dials_at_any_hour_on_the_wall_clock(ctx: OperationContext) -> None:
    kit = FlashAISimulatorKit()
    clock = SimClock()  # wall time, as demo mode runs
    sim = kit.create_app(clock=clock, demo=True)
    # The adapter on its own default clock (time.time), as the gateway builds it.
    adapter = FlashAIAdapter(account(kit), transport=httpx.ASGITransport(app=sim))
    await adapter.create_campaign(
        ctx, campaign=campaign(count=3, retry=RetryPolicy(max_attempts=1, interval_minutes=1))
    )
    clock.advance(5 * 60)  # under the vendor's 10-minute timestamp limit
    stats = await adapter.get_campaign_stats(ctx, campaign_id="spring")
    assert stats.completed == 3
    await adapter.aclose()
