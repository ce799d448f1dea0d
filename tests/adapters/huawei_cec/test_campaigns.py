"""Campaigns and their contacts (CC-iSales, chapter 7) against the simulator: V2 creation as
"created suspended + numbers imported", start as resume, the state rules, chunked imports."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from adapters.huawei_cec import HuaweiCecAdapter
from adapters.huawei_cec.simulator import SIM_CALLBACK_URL, HuaweiCecSimulatorKit, HuaweiSimulator
from adapters.simulation import SimClock
from contracts.campaigns import (
    CallingWindow,
    CampaignCreate,
    CampaignStatus,
    CampaignUpdate,
    RetryOutcome,
    RetryPolicy,
    Schedule,
    Weekday,
)
from contracts.contacts import Contact, ItemStatus
from contracts.context import OperationContext
from contracts.errors import ErrorCode
from contracts.paging import PageRequest
from tests.adapters.huawei_cec.conftest import START, connect
from tests.adapters.huawei_cec.isales import campaign, phones, requests
from tests.support.errors import refused


@pytest.fixture
def kit() -> HuaweiCecSimulatorKit:
    # Fast pacing on both sides: 7.4.2's one-second rule, scaled down for tests.
    return HuaweiCecSimulatorKit(calldata_min_interval=0.02)


# -- creation ---------------------------------------------------------------------------------------


async def test_create_sends_a_suspended_v2_campaign_then_its_contacts(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    contacts = [
        Contact(phone="+8613800000000", name="张三", external_id="crm-0", variables={"amount": "100"}),
        Contact(phone="+8613800000001"),
    ]
    retry = RetryPolicy(max_attempts=3, interval_minutes=30, on=[RetryOutcome.NO_ANSWER, RetryOutcome.BUSY])
    request = CampaignCreate(
        name="spring", script_id="90501", caller_ids=["9911411", "95555"], retry=retry, contacts=contacts
    )
    created = await adapter.create_campaign(ctx, campaign=request)
    (create,) = requests(sim, "POST", "/campaigns/170")
    assert create.path == "/rest/isales/v2/openapi/campaigns/170"
    body = create.body
    assert (body["initStatus"], body["deviceType"], body["maxAlertingTime"]) == (1, 3, 30)
    assert body["ivrParam"] == {"deviceSign": "90501", "callCount": 3, "callInterval": 3}
    assert body["callerNo"] == [{"accessCode": "9911411", "priority": 1}, {"accessCode": "95555", "priority": 2}]
    assert (body["strBeginTime"], body["strEndTime"]) == ("2026-03-02 00:00:00", "2026-04-01 23:59:59")
    assert (body["scheduleParam"]["workdayBeginTime1"], body["scheduleParam"]["workdayEndTime1"]) == ("00:00", "23:59")
    assert body["callbackUrl"] == SIM_CALLBACK_URL
    assert body["retryPolicy"]["policyType"] == 0
    assert json.loads(body["retryPolicy"]["resultRetry"]) == [
        {"result": 2, "retryNumber": 2, "callInterval": 1800},
        {"result": 1, "retryNumber": 2, "callInterval": 1800},
    ]
    (calldata,) = requests(sim, "POST", f"/calldata/{created.campaign.id}")
    assert calldata.path.startswith("/rest/isales/v2/")
    assert calldata.body == {
        "callDataList": [
            {
                "called": [{"calledNo": "13800000000"}],
                "sessionId": "crm-0",
                "callData": '{"name":"张三","amount":"100"}',
            },
            {"called": [{"calledNo": "13800000001"}]},
        ]
    }
    assert [item.status for item in created.contacts.items] == [ItemStatus.ADDED, ItemStatus.ADDED]
    made = created.campaign
    assert (made.name, made.status, made.script_id, made.caller_ids) == (
        "spring",
        CampaignStatus.PAUSED,
        "90501",
        ["9911411", "95555"],
    )
    assert made.retry == retry


async def test_schedules_are_converted_into_the_vendor_zone(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    schedule = Schedule(
        timezone="UTC",
        start_date=dt.date(2026, 3, 3),
        end_date=dt.date(2026, 3, 10),
        windows=[CallingWindow(start="01:00", end="04:00"), CallingWindow(start="06:00", end="10:30")],
    )
    created = await adapter.create_campaign(ctx, campaign=campaign(schedule=schedule))
    body = requests(sim, "POST", "/campaigns/170")[0].body
    assert (body["strBeginTime"], body["strEndTime"]) == ("2026-03-03 08:00:00", "2026-03-11 07:59:59")
    param = body["scheduleParam"]
    pairs = [(param[f"workdayBeginTime{n}"], param[f"workdayEndTime{n}"]) for n in (1, 2, 3)]
    assert pairs == [("09:00", "12:00"), ("14:00", "18:30"), ("", "")]
    windows = created.campaign.schedule.windows if created.campaign.schedule else []
    assert [(w.start, w.end) for w in windows] == [("09:00", "12:00"), ("14:00", "18:30")]


@pytest.mark.parametrize(
    ("fields", "pointer"),
    [
        (
            {
                "schedule": Schedule(
                    timezone="UTC", windows=[CallingWindow(start="09:00", end="10:00", days=[Weekday.MON])]
                )
            },
            "/schedule/windows/0/days",
        ),
        (
            {
                "schedule": Schedule(
                    timezone="UTC", windows=[CallingWindow(start=f"0{h}:00", end=f"0{h}:30") for h in range(4)]
                )
            },
            "/schedule/windows",
        ),
        ({"queue_id": "2"}, "/queue_id"),  # with the default script: two devices
        ({"script_id": None}, "/script_id"),  # no device at all
        ({"caller_ids": []}, "/caller_ids"),
    ],
)
async def test_campaigns_huawei_cannot_express_are_refused_before_any_request(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator, fields: dict[str, Any], pointer: str
) -> None:
    error = await refused(adapter.create_campaign(ctx, campaign=campaign(**fields)))
    assert error.code is ErrorCode.INVALID_REQUEST
    assert error.errors
    assert error.errors[0].pointer == pointer
    assert not requests(sim, "POST", "/campaigns/170")
    long = await refused(adapter.create_campaign(ctx, campaign=campaign(name="n" * 33)))
    assert long.errors
    assert long.errors[0].pointer == "/name"


async def test_a_queue_campaign_names_its_skill_queue(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    created = await adapter.create_campaign(ctx, campaign=campaign(script_id=None, queue_id="2"))
    body = requests(sim, "POST", "/campaigns/170")[0].body
    assert body["deviceType"] == 2
    assert body["skillParam"] == {
        "skillId": 2,
        "skillName": "Collections",
        "outBoundType": 2,
        "predictParam": {"predictMethod": 5, "offhookPredictParam": {"offHookRate": 100}},
    }
    assert (created.campaign.queue_id, created.campaign.script_id) == ("2", None)
    missing = await refused(adapter.create_campaign(ctx, campaign=campaign(name="other", script_id=None, queue_id="9")))
    assert missing.code is ErrorCode.NOT_FOUND


async def test_a_taken_name_is_a_conflict(adapter: HuaweiCecAdapter, ctx: OperationContext) -> None:
    await adapter.create_campaign(ctx, campaign=campaign())
    error = await refused(adapter.create_campaign(ctx, campaign=campaign()))
    assert (error.code, error.vendor_code) == (ErrorCode.CONFLICT, "0200005")


# -- lifecycle ---------------------------------------------------------------------------------------


async def test_start_pause_resume_and_delete_follow_huaweis_status_rules(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    cid = (await adapter.create_campaign(ctx, campaign=campaign())).campaign.id
    assert (await adapter.start_campaign(ctx, campaign_id=cid)).status is CampaignStatus.RUNNING
    assert requests(sim, "PUT", f"/{cid}/resume")  # start is a resume of the suspended campaign
    again = await refused(adapter.start_campaign(ctx, campaign_id=cid))
    assert (again.code, again.vendor_code) == (ErrorCode.CONFLICT, "0200011")
    running = await refused(adapter.delete_campaign(ctx, campaign_id=cid))
    assert (running.code, running.vendor_code) == (ErrorCode.CONFLICT, "0200009")
    assert (await adapter.pause_campaign(ctx, campaign_id=cid)).status is CampaignStatus.PAUSED
    assert (await refused(adapter.pause_campaign(ctx, campaign_id=cid))).code is ErrorCode.CONFLICT
    assert (await adapter.resume_campaign(ctx, campaign_id=cid)).status is CampaignStatus.RUNNING
    await adapter.pause_campaign(ctx, campaign_id=cid)
    await adapter.delete_campaign(ctx, campaign_id=cid)
    assert requests(sim, "DELETE", f"/{cid}")[0].body == {"archiveHistory": 1}
    for campaign_id in (cid, "not-a-number"):
        assert (await refused(adapter.get_campaign(ctx, campaign_id=campaign_id))).code is ErrorCode.NOT_FOUND


async def test_campaigns_list_page_by_page(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    for name in ("one", "two", "three"):
        await adapter.create_campaign(ctx, campaign=campaign(name=name, count=0))
    first = await adapter.list_campaigns(ctx, page=PageRequest(limit=2))
    assert [c.name for c in first.items] == ["one", "two"]
    assert first.next_cursor == "2"
    second = await adapter.list_campaigns(ctx, page=PageRequest(limit=2, cursor=first.next_cursor))
    assert [c.name for c in second.items] == ["three"]
    assert second.next_cursor is None
    assert {c.status for c in first.items} == {CampaignStatus.PAUSED}
    assert requests(sim, "GET", "/campaigns/170")[-1].query == "status=0&deviceType=0&curPage=2&rowsPerPage=2"


async def test_updates_send_the_whole_campaign_back_with_the_changes(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator, clock: SimClock
) -> None:
    cid = (await adapter.create_campaign(ctx, campaign=campaign())).campaign.id
    clock.advance(2 * 86400)  # the campaign began two days ago: 0200002 forbids sending that date back
    retry = RetryPolicy(max_attempts=2, interval_minutes=10, on=[RetryOutcome.FAILED])
    changes = CampaignUpdate(name="summer", caller_ids=["95555"], retry=retry, script_id="90502")
    updated = await adapter.update_campaign(ctx, campaign_id=cid, changes=changes)
    (put,) = requests(sim, "PUT", f"/{cid}")
    assert put.path.startswith("/rest/isales/v2/")
    body = put.body
    assert (body["name"], body["deviceType"], body["callbackUrl"]) == ("summer", 3, SIM_CALLBACK_URL)
    assert body["strBeginTime"] == "2026-03-04 00:00:00"
    assert body["ivrParam"] == {"deviceSign": "90502", "callCount": 3, "callInterval": 3}
    assert (updated.name, updated.caller_ids, updated.script_id, updated.retry) == ("summer", ["95555"], "90502", retry)
    window = Schedule(timezone="Asia/Shanghai", windows=[CallingWindow(start="10:00", end="11:00")])
    rescheduled = await adapter.update_campaign(ctx, campaign_id=cid, changes=CampaignUpdate(schedule=window))
    assert rescheduled.schedule
    assert [(w.start, w.end) for w in rescheduled.schedule.windows] == [("10:00", "11:00")]
    assert rescheduled.retry == retry
    assert rescheduled.name == "summer"


async def test_a_queue_campaign_cannot_switch_to_a_script(adapter: HuaweiCecAdapter, ctx: OperationContext) -> None:
    cid = (await adapter.create_campaign(ctx, campaign=campaign(script_id=None, queue_id="1"))).campaign.id
    error = await refused(adapter.update_campaign(ctx, campaign_id=cid, changes=CampaignUpdate(script_id="90501")))
    assert error.errors
    assert error.errors[0].pointer == "/script_id"


# -- progress ---------------------------------------------------------------------------------------


async def test_stats_count_numbers_and_calls_list_every_attempt(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator, clock: SimClock
) -> None:
    contacts = phones(4)
    cid = (await adapter.create_campaign(ctx, campaign=campaign(count=4))).campaign.id
    untouched = await adapter.get_campaign_stats(ctx, campaign_id=cid)
    assert (untouched.total, untouched.pending, untouched.completed) == (4, 4, 0)
    await adapter.start_campaign(ctx, campaign_id=cid)
    clock.advance(3600)
    stats = await adapter.get_campaign_stats(ctx, campaign_id=cid)
    assert stats.total == 4
    assert stats.completed + stats.pending == 4
    assert stats.completed > 0
    assert stats.failed is None
    assert stats.answered is not None
    assert requests(sim, "GET", "/statistics")[-1].query == f"campaignId={cid}"
    seen, cursor = [], None
    while True:
        page = await adapter.list_calls(
            ctx,
            filter=__import__("contracts.calls").calls.CallFilter(campaign_id=cid),
            page=PageRequest(limit=2, cursor=cursor),
        )
        seen += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    attempts = sim.vendor.outbound.campaigns[int(cid)].attempts()
    assert len(seen) == len(attempts) >= 4
    assert {call.to_number for call in seen} <= set(contacts)
    assert all(call.campaign_id == cid and call.id.startswith(f"ob:{cid}:") for call in seen)
    assert (await refused(adapter.get_campaign_stats(ctx, campaign_id="4242"))).code is ErrorCode.NOT_FOUND


async def test_a_campaign_dials_only_within_its_windows(
    adapter: HuaweiCecAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    window = Schedule(timezone="Asia/Shanghai", windows=[CallingWindow(start="14:00", end="18:00")])
    cid = (await adapter.create_campaign(ctx, campaign=campaign(schedule=window))).campaign.id
    await adapter.start_campaign(ctx, campaign_id=cid)
    clock.advance(3 * 3600)  # 13:00
    assert (await adapter.get_campaign_stats(ctx, campaign_id=cid)).completed == 0
    clock.advance(3600 + 1800)  # 14:30
    assert (await adapter.get_campaign_stats(ctx, campaign_id=cid)).completed > 0
    assert clock.now() > START


async def test_statistics_flow_control_is_rate_limited(
    sim: HuaweiSimulator, kit: HuaweiCecSimulatorKit, ctx: OperationContext
) -> None:
    sim.vendor.outbound.statistics_limit = 1
    adapter = connect(sim, kit)
    cid = (await adapter.create_campaign(ctx, campaign=campaign(count=1))).campaign.id
    await adapter.get_campaign_stats(ctx, campaign_id=cid)
    error = await refused(adapter.get_campaign_stats(ctx, campaign_id=cid))
    assert (error.code, error.retryable) == (ErrorCode.RATE_LIMITED, True)
    await adapter.aclose()
