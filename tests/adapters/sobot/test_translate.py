"""Pure translations: task plan and note, agents, skill groups, tasks, catalogues."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import msgspec
import pytest

from adapters.sobot import schedule, translate
from adapters.sobot.settings import AdvisoryField, SobotOptions
from adapters.sobot.wire import AgentSetting, CallAgent, IvrFlow, RelayNumber, Task
from contracts.agents import AgentState, AgentUpdate
from contracts.campaigns import CallingWindow, CampaignCreate, CampaignStatus, RetryPolicy, Schedule, Weekday
from contracts.errors import GatewayError
from contracts.queues import QueueCreate

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI).timestamp()
ALL_ADVISORY = frozenset(AdvisoryField)


def options(**changes: Any) -> SobotOptions:
    base = {"admin_agent": "admin", "data_template_code": "D1", "wrap_up_template_code": "W1"}
    return msgspec.convert(base | changes, SobotOptions, str_keys=True)


def at(day: str, clock: str, zone: zoneinfo.ZoneInfo = SHANGHAI) -> int:
    return round(dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=zone).timestamp() * 1000)


def refused(call: Any, *args: Any, **kwargs: Any) -> str | None:
    with pytest.raises(GatewayError) as caught:
        call(*args, **kwargs)
    (issue,) = caught.value.errors or []
    return issue.pointer


# -- task plan (schedule.py) ----------------------------------------------------------------------


def test_the_plan_runs_from_the_first_window_start_to_the_last_window_end() -> None:
    plan = Schedule(
        timezone="Asia/Shanghai",
        start_date=dt.date(2026, 3, 3),
        end_date=dt.date(2026, 3, 6),
        windows=[CallingWindow(start="14:00", end="18:00"), CallingWindow(start="09:00", end="12:00")],
    )
    times = schedule.task_times(plan, default_zone="Asia/Singapore", now=NOW, days=30)
    assert (times.start_ms, times.end_ms, times.zone) == (
        at("2026-03-03", "09:00"),
        at("2026-03-06", "18:00"),
        "Asia/Shanghai",
    )


def test_a_start_already_past_begins_now_and_no_end_date_means_campaign_days() -> None:
    plan = Schedule(
        timezone="Asia/Shanghai", start_date=dt.date(2026, 3, 2), windows=[CallingWindow(start="09:00", end="24:00")]
    )
    times = schedule.task_times(plan, default_zone="Asia/Singapore", now=NOW, days=7)
    assert times.start_ms == round(NOW * 1000)
    assert times.end_ms == at("2026-03-10", "00:00")  # 24:00 on the 9th


def test_without_a_schedule_the_account_zone_and_today_apply() -> None:
    singapore = zoneinfo.ZoneInfo("Asia/Singapore")
    times = schedule.task_times(None, default_zone="Asia/Singapore", now=NOW, days=1)
    assert times.zone == "Asia/Singapore"
    assert times.end_ms == at("2026-03-04", "00:00", singapore)


def test_a_plan_that_ends_before_it_starts_is_refused_at_the_end_date() -> None:
    plan = Schedule(timezone="Asia/Shanghai", start_date=dt.date(2026, 2, 1), end_date=dt.date(2026, 2, 2))
    assert refused(schedule.task_times, plan, default_zone="UTC", now=NOW, days=1) == "/schedule/end_date"


@pytest.mark.parametrize(
    ("fields", "pointer"),
    [
        (
            {"schedule": Schedule(timezone="UTC", windows=[CallingWindow(start="09:00", end="10:00")])},
            "/schedule/windows",
        ),
        ({"retry": RetryPolicy(max_attempts=2, interval_minutes=30)}, "/retry"),
        ({"script_id": "4445"}, "/script_id"),
        ({"caller_ids": ["01051429401"]}, "/caller_ids"),
    ],
)
def test_fields_a_task_cannot_hold_are_refused_unless_the_account_accepts_them(
    fields: dict[str, Any], pointer: str
) -> None:
    request = CampaignCreate(name="c", **fields)
    assert refused(schedule.advisory_note, request, frozenset()) == pointer
    assert schedule.advisory_note(request, ALL_ADVISORY)


def test_accepted_fields_become_the_note_for_the_agents() -> None:
    request = CampaignCreate(
        name="c",
        schedule=Schedule(
            timezone="Asia/Shanghai",
            windows=[
                CallingWindow(start="09:00", end="12:00"),
                CallingWindow(start="14:00", end="18:00", days=[Weekday.MON, Weekday.FRI]),
            ],
        ),
        retry=RetryPolicy(max_attempts=2, interval_minutes=30),
        script_id="4445",
        caller_ids=["01051429401"],
    )
    assert schedule.advisory_note(request, ALL_ADVISORY) == (
        "call 09:00-12:00 daily, 14:00-18:00 mon,fri (Asia/Shanghai); "
        "at most 2 attempts, 30 min apart, after no_answer/busy; IVR flow 4445; caller number 01051429401"
    )
    assert schedule.advisory_note(CampaignCreate(name="plain"), frozenset()) is None


def test_a_note_over_200_characters_is_refused() -> None:
    request = CampaignCreate(name="c", caller_ids=[f"0105142{n:04d}" for n in range(20)])
    assert refused(schedule.advisory_note, request, ALL_ADVISORY) == "/caller_ids"


def test_the_create_body_follows_the_document_and_refuses_a_queue() -> None:
    body, times = schedule.task_body(CampaignCreate(name="spring"), options(timezone="Asia/Shanghai"), now=NOW)
    assert body == {
        "agentID": "admin",
        "agentType": "1",
        "name": "spring",
        "dataTemplateCode": "D1",
        "wrapUpTemplateCode": "W1",
        "scheduleStartTime": round(NOW * 1000),
        "scheduleEndTime": times.end_ms,
        "scheduleTimeZoneId": "Asia/Shanghai",
    }
    assert refused(schedule.task_body, CampaignCreate(name="q", queue_id="1111"), options(), now=NOW) == "/queue_id"


# -- agents ---------------------------------------------------------------------------------------


def test_an_agent_setting_reads_with_its_padding_removed() -> None:
    setting = AgentSetting(agentUUID=" u1 ", agentID="1111", agentName="test", phone=" 13800138000 ", ext=" 1000 ")
    agent = translate.agent_from_setting(setting, "CN", agent_id="u1")
    assert (agent.id, agent.name, agent.work_number, agent.extension, agent.phone) == (
        "u1",
        "test",
        "1111",
        "1000",
        "+8613800138000",
    )


def test_login_status_maps_through_the_accounts_table() -> None:
    listed = [CallAgent(agentUUID="u", loginStatus=status) for status in (1, 2, 7, None)]
    states = [translate.agent_from_listing(item, options()).state for item in listed]
    assert states == [AgentState.AVAILABLE, AgentState.AWAY, AgentState.UNKNOWN, AgentState.UNKNOWN]
    custom = options(agent_states={"7": "busy"})
    assert translate.agent_from_listing(listed[2], custom).state is AgentState.BUSY


def test_agent_changes_set_through_modify_and_clear_through_unbind() -> None:
    current = AgentSetting(agentUUID="u", wrapUpTime=45, wrapUpType=1)
    body, unbind = translate.agent_changes("u", AgentUpdate(extension="1002", phone=None), current, "CN")
    assert body == {"agent": "u", "agentType": 1, "wrapUpTime": 45, "wrapUpType": 1, "ext": "1002"}
    assert unbind == translate.UNBIND_PHONE
    body, unbind = translate.agent_changes("u", AgentUpdate(phone="+8613800138000"), current, "CN")
    assert body is not None
    assert (body["phone"], unbind) == ("13800138000", None)
    assert translate.agent_changes("u", AgentUpdate(extension=None, phone=None), current, "CN") == (
        None,
        translate.UNBIND_BOTH,
    )
    assert translate.agent_changes("u", AgentUpdate(), current, "CN") == (None, None)


@pytest.mark.parametrize(
    ("changes", "pointer"), [(AgentUpdate(name="New"), "/name"), (AgentUpdate(phone="+14155552671"), "/phone")]
)
def test_agent_changes_sobot_cannot_make_are_refused(changes: AgentUpdate, pointer: str) -> None:
    assert refused(translate.agent_changes, "u", changes, AgentSetting(), "CN") == pointer


# -- skill groups ---------------------------------------------------------------------------------


def test_a_new_group_has_no_description_member() -> None:
    assert translate.queue_add_body(QueueCreate(name="Sales"), "00012345") == {
        "queueName": "Sales",
        "queueID": "00012345",
    }
    assert refused(translate.queue_add_body, QueueCreate(name="Sales", description="x"), "1") == "/description"


def test_member_changes_send_level_and_checkin_only_when_configured() -> None:
    plain = translate.member_change_body("q", "a", add=True, options=options())
    assert plain == {"agentType": "1", "list": [{"queueID": "q", "add": [{"agent": "a"}]}]}
    tuned = translate.member_change_body(
        "q", "a", add=False, options=options(queue_member_level=3, queue_member_checkin=False)
    )
    assert tuned["list"][0]["remove"] == [{"agent": "a", "level": 3, "checkin": False}]


# -- tasks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "expired", "status"),
    [
        (0, 0, CampaignStatus.SCHEDULED),
        (1, 0, CampaignStatus.RUNNING),
        (2, None, CampaignStatus.PAUSED),
        (3, 0, CampaignStatus.COMPLETED),
        (1, 1, CampaignStatus.COMPLETED),
        (9, 0, None),
        (None, None, None),
    ],
)
def test_task_status(state: int | None, expired: int | None, status: CampaignStatus | None) -> None:
    assert translate.task_status(Task(code="c", state=state, expired=expired), options().task_states) is status


def test_a_task_reads_as_a_campaign_with_its_plan_dates() -> None:
    task = Task(
        code=" 6yoq3b0lpf ",
        name="1111123",
        scheduleStartTime=at("2026-03-02", "10:00"),
        scheduleEndTime=at("2026-04-01", "18:00"),
        scheduleTimeZoneId="Asia/Shanghai",
        state=1,
        creationTime=1711681298345,
    )
    campaign = translate.campaign_from_task(task, options())
    assert (campaign.id, campaign.name, campaign.status) == ("6yoq3b0lpf", "1111123", CampaignStatus.RUNNING)
    assert campaign.schedule == Schedule(
        timezone="Asia/Shanghai", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 4, 1)
    )
    assert campaign.created_at == dt.datetime(2024, 3, 29, 3, 1, 38, 345000, tzinfo=dt.UTC)


def test_a_task_without_a_plan_or_with_an_unknown_zone_has_no_schedule() -> None:
    assert translate.task_schedule(Task(code="c", scheduleStartTime=0, scheduleEndTime=0)) is None  # line 1503
    assert (
        translate.task_schedule(Task(code="c", scheduleStartTime=1, scheduleEndTime=2, scheduleTimeZoneId="Mars/Base"))
        is None
    )


def test_stats_count_task_details() -> None:
    task = Task(code="c", contactRecordCount=10, contactRecordExecuteCount=4, contactRecordAnswerCount=3)
    stats = translate.stats_from_task(task)
    assert (stats.total, stats.completed, stats.pending, stats.failed, stats.answered) == (10, 4, 6, None, 3)
    odd = translate.stats_from_task(Task(code="c", contactRecordCount=2, contactRecordExecuteCount=5))
    assert (odd.completed, odd.pending) == (2, 0)


# -- catalogues -----------------------------------------------------------------------------------


def test_relay_numbers_and_ivr_flows() -> None:
    relay = translate.caller_id_from_relay(RelayNumber(gatewayNumber=" 01051429401 ", alias="nick's"), "CN")
    assert (relay.id, relay.number, relay.name, relay.kind) == ("01051429401", "+861051429401", "nick's", "relay")
    flow = translate.script_from_ivr(IvrFlow(code="4445", name="test222", remarks="ssf"))
    assert (flow.id, flow.name, flow.kind) == ("4445", "test222", "ivr")


def test_an_open_ended_campaign_whose_start_date_is_long_past_runs_from_today() -> None:
    plan = Schedule(
        timezone="Asia/Shanghai", start_date=dt.date(2025, 1, 6), windows=[CallingWindow(start="09:00", end="18:00")]
    )
    times = schedule.task_times(plan, default_zone="UTC", now=NOW, days=30)
    assert times.start_ms == round(NOW * 1000)
    assert times.end_ms == at("2026-04-01", "18:00")
