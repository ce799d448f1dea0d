"""Calls against the simulator: bidirectional calls (6.2.2-6.2.5) and campaign call results with
their recordings (7.5.1, 7.5.2, CC-FS 13.2.1.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from adapters.huawei_cec import HuaweiCecAdapter
from adapters.huawei_cec.simulator import HuaweiCecSimulatorKit, HuaweiSimulator
from adapters.simulation import SimClock
from contracts.calls import CallFilter, CallOriginate, CallStatus
from contracts.campaigns import CampaignCreate
from contracts.contacts import Contact
from contracts.context import OperationContext
from contracts.errors import ErrorCode
from contracts.paging import PageRequest
from tests.adapters.huawei_cec.conftest import START
from tests.support.errors import refused

MOBILE_AGENT = "/apiaccess/CC-Management/"


def mobile_requests(sim: HuaweiSimulator, name: str) -> list[Any]:
    return [r for r in sim.received if r.path.startswith(MOBILE_AGENT) and r.path.endswith(name)]


@pytest.fixture
def kit() -> HuaweiCecSimulatorKit:
    return HuaweiCecSimulatorKit(calldata_min_interval=0.02)


async def originate(adapter: HuaweiCecAdapter, ctx: OperationContext, to: str = "+8613900139000") -> str:
    call = await adapter.originate_call(
        ctx, call=CallOriginate(to=to, agent_id="agent.chen01", caller_id="9911411", variables={"order": "A-1"})
    )
    return call.id


# -- bidirectional calls ----------------------------------------------------------------------------


async def test_originating_rings_the_agents_softphone_then_the_customer(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator, clock: SimClock
) -> None:
    call = await adapter.originate_call(
        ctx, call=CallOriginate(to="+8613900139000", agent_id="agent.chen01", caller_id="9911411", variables={"k": "v"})
    )
    (create,) = mobile_requests(sim, "createCall")
    assert create.path == "/apiaccess/CC-Management/v3/mobileAgent/createCall"
    assert create.body == {
        "called": "13900139000",
        "callerPresent": "9911411",
        "callData": '{"k":"v"}',
        "softPhone": "88880101",
    }
    assert call.id.startswith("bc:")
    assert call.status is CallStatus.QUEUED
    assert (call.to_number, call.from_number, call.agent_id) == ("+8613900139000", "9911411", "agent.chen01")
    statuses = []
    for _ in range(40):
        statuses.append((await adapter.get_call(ctx, call_id=call.id)).status)
        clock.advance(5)
    assert statuses[0] is CallStatus.QUEUED
    assert CallStatus.RINGING in statuses
    assert statuses[-1] in (CallStatus.COMPLETED, CallStatus.NO_ANSWER, CallStatus.FAILED)
    assert statuses.index(CallStatus.RINGING) < len(statuses) - 1


async def test_bidirectional_calls_are_listed_from_the_call_records(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator, clock: SimClock
) -> None:
    assert (await adapter.list_calls(ctx, filter=CallFilter(), page=PageRequest())).items == []  # "1: No data"
    ids = [await originate(adapter, ctx, to) for to in ("+8613900139000", "+8613900139001", "+8613900139002")]
    clock.advance(600)
    first = await adapter.list_calls(ctx, filter=CallFilter(), page=PageRequest(limit=2))
    assert [c.id for c in first.items] == ids[:2]
    assert first.next_cursor == "2"
    second = await adapter.list_calls(ctx, filter=CallFilter(), page=PageRequest(limit=2, cursor="2"))
    assert [c.id for c in second.items] == ids[2:]
    assert second.next_cursor is None
    body = mobile_requests(sim, "queryCallDetailRecord")[-1].body
    assert body["taskType"] == "1"
    assert (body["offset"], body["limit"]) == ("2", "2")
    assert int(body["endTime"]) - int(body["startTime"]) == 7 * 86400 * 1000
    ended = first.items[0]
    assert ended.ended_at is not None
    assert ended.started_at == dt.datetime.fromtimestamp(START, dt.UTC)
    only = await adapter.list_calls(ctx, filter=CallFilter(phone="+8613900139001"), page=PageRequest())
    assert [c.id for c in only.items] == [ids[1]]
    national = await adapter.list_calls(ctx, filter=CallFilter(phone="13900139001"), page=PageRequest())
    assert [c.id for c in national.items] == [ids[1]]
    error = await refused(
        adapter.list_calls(
            ctx,
            filter=CallFilter(started_after=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
            page=PageRequest(),
        )
    )
    assert error.errors
    assert error.errors[0].parameter == "started_after"


async def test_a_bidirectional_recording_exists_once_an_answered_call_ended(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator, clock: SimClock
) -> None:
    call_id = await originate(adapter, ctx)
    early = await refused(adapter.get_call_recording(ctx, call_id=call_id))
    assert (early.code, early.vendor_code) == (ErrorCode.NOT_FOUND, "getRecordingAddress:5")
    clock.advance(600)
    serial = call_id.split(":", 1)[1]
    answered = sim.vendor.calls.calls[serial].talking is not None
    if answered:
        recording = await adapter.get_call_recording(ctx, call_id=call_id)
        assert serial in recording.url
        assert recording.expires_at == dt.datetime.fromtimestamp(clock.now() + 8 * 3600, dt.UTC).replace(microsecond=0)
    else:
        assert (await refused(adapter.get_call_recording(ctx, call_id=call_id))).code is ErrorCode.NOT_FOUND


@pytest.mark.parametrize(
    ("call", "pointer"),
    [
        (CallOriginate(to="+8613900139000"), "/agent_id"),
        (CallOriginate(to="+8613900139000", agent_id="agent.chen01", queue_id="1"), "/queue_id"),
        (CallOriginate(to="+14155552671", agent_id="agent.chen01"), "/to"),
        (
            CallOriginate(
                to="+8613900139000", agent_id="agent.chen01", variables={f"v{i}": "x" * 100 for i in range(11)}
            ),
            "/variables",
        ),
    ],
)
async def test_calls_huawei_cannot_place_are_refused_before_any_request(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator, call: CallOriginate, pointer: str
) -> None:
    error = await refused(adapter.originate_call(ctx, call=call))
    assert error.errors
    assert error.errors[0].pointer == pointer
    assert not mobile_requests(sim, "createCall")


async def test_unknown_calls_and_agents_are_404(adapter: HuaweiCecAdapter, ctx: OperationContext) -> None:
    for call_id in ("bc:999", "ob:1001:1-1", "garbage", "ob:abc:1"):
        assert (await refused(adapter.get_call(ctx, call_id=call_id))).code is ErrorCode.NOT_FOUND
    unknown = await refused(adapter.originate_call(ctx, call=CallOriginate(to="+8613900139000", agent_id="ghost.one")))
    assert unknown.code is ErrorCode.NOT_FOUND


# -- campaign calls -------------------------------------------------------------------------------


async def dialled_campaign(adapter: HuaweiCecAdapter, ctx: OperationContext, clock: SimClock) -> str:
    contacts = [Contact(phone=f"+86138{i:08d}") for i in range(8)]
    request = CampaignCreate(name="results", script_id="90501", caller_ids=["9911411"], contacts=contacts)
    campaign_id = (await adapter.create_campaign(ctx, campaign=request)).campaign.id
    await adapter.start_campaign(ctx, campaign_id=campaign_id)
    clock.advance(600)
    return campaign_id


async def test_a_campaign_call_is_read_from_its_result_detail(
    adapter: HuaweiCecAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    cid = await dialled_campaign(adapter, ctx, clock)
    listed = (await adapter.list_calls(ctx, filter=CallFilter(campaign_id=cid), page=PageRequest(limit=50))).items
    answered = next(call for call in listed if call.status is CallStatus.COMPLETED)
    detail = await adapter.get_call(ctx, call_id=answered.id)
    assert (detail.id, detail.to_number, detail.campaign_id) == (answered.id, answered.to_number, cid)
    assert detail.answered_at is not None
    assert detail.ended_at is not None
    assert detail.duration_seconds
    assert detail.started_at == answered.started_at
    failed = [call for call in listed if call.status is not CallStatus.COMPLETED]
    assert all(call.disposition and call.disposition != "successful" for call in failed)


async def test_campaign_recordings_come_from_cc_fs_within_the_calls_time(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator, clock: SimClock
) -> None:
    cid = await dialled_campaign(adapter, ctx, clock)
    listed = (await adapter.list_calls(ctx, filter=CallFilter(campaign_id=cid), page=PageRequest(limit=50))).items
    answered = next(call for call in listed if call.status is CallStatus.COMPLETED)
    recording = await adapter.get_call_recording(ctx, call_id=answered.id)
    cti_call = answered.id.rsplit(":", 1)[1]
    (request,) = [r for r in sim.received if r.path == "/CCFS/resource/ccfs/getRecordFileUrlFromObs"]
    assert request.body["callId"] == cti_call
    assert request.body["version"] == "2.0"
    assert answered.started_at is not None
    begin = answered.started_at - dt.timedelta(minutes=1)
    assert request.body["beginTime"] == begin.strftime("%Y-%m-%d %H:%M:%S")
    assert request.headers["authorization"].startswith("auth-v2/")
    assert cti_call in recording.url
    assert recording.expires_at is not None
    unanswered = next((c for c in listed if c.status is not CallStatus.COMPLETED), None)
    if unanswered is not None:
        error = await refused(adapter.get_call_recording(ctx, call_id=unanswered.id))
        assert error.code is ErrorCode.NOT_FOUND
        assert len([r for r in sim.received if r.path.startswith("/CCFS/")]) == 1  # CC-FS was not asked
