"""Pure translations between the neutral model and Huawei's fields: schedules, retry policies,
campaign details, contacts, calls, agents and queues."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import msgspec
import pytest

from adapters.huawei_cec.schedule import period, schedule_param, segments
from adapters.huawei_cec.settings import QueueOptions
from adapters.huawei_cec.translate_agents import (
    CTI_STATES,
    agent_state,
    create_skill_body,
    new_password,
    new_user_account,
    page_has_more,
)
from adapters.huawei_cec.translate_calls import (
    bidirectional_call,
    campaign_call,
    campaign_call_status,
    parse_call_id,
    url_expiry,
)
from adapters.huawei_cec.translate_campaigns import (
    campaign_from_detail,
    retry_from_wire,
    retry_policy,
    stats_from_counts,
)
from adapters.huawei_cec.translate_contacts import Prepared, call_data, prepare
from adapters.huawei_cec.wire import CallInfo, CallState
from adapters.huawei_cec.wire_isales import CallResult, CampaignCounts, CampaignDetail, RetryPolicyWire
from contracts.agents import AgentState
from contracts.calls import CallStatus
from contracts.campaigns import CallingWindow, CampaignStatus, RetryOutcome, RetryPolicy, Schedule, Weekday
from contracts.contacts import Contact, ItemOutcome
from contracts.errors import GatewayError
from contracts.queues import QueueCreate

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 3, 2)


def windows(*pairs: tuple[str, str], timezone: str = "Asia/Shanghai") -> Schedule:
    return Schedule(timezone=timezone, windows=[CallingWindow(start=a, end=b) for a, b in pairs])


# -- schedule ---------------------------------------------------------------------------------------


def test_windows_become_vendor_local_segments() -> None:
    assert segments(windows(("09:00", "12:00"), ("14:00", "18:00")), SHANGHAI, DAY) == [
        ("09:00", "12:00"),
        ("14:00", "18:00"),
    ]
    assert segments(None, SHANGHAI, DAY) == [("00:00", "23:59")]
    assert segments(windows(("18:00", "24:00")), SHANGHAI, DAY) == [("18:00", "23:59")]


def test_overlapping_windows_merge_and_windows_across_midnight_split() -> None:
    assert segments(windows(("09:00", "11:00"), ("10:00", "12:00")), SHANGHAI, DAY) == [("09:00", "12:00")]
    # 14:00-18:00 UTC is 22:00-02:00 in Shanghai.
    assert segments(windows(("14:00", "18:00"), timezone="UTC"), SHANGHAI, DAY) == [
        ("00:00", "02:00"),
        ("22:00", "23:59"),
    ]


def test_segments_huawei_cannot_hold_are_refused() -> None:
    limited = Schedule(
        timezone="UTC", windows=[CallingWindow(start="09:00", end="10:00", days=[Weekday.SAT, Weekday.SUN])]
    )
    with pytest.raises(GatewayError):
        segments(limited, SHANGHAI, DAY)
    with pytest.raises(GatewayError):
        segments(windows(("01:00", "02:00"), ("03:00", "04:00"), ("05:00", "06:00"), ("07:00", "08:00")), SHANGHAI, DAY)


def test_schedule_param_has_every_key_of_the_example() -> None:
    param = schedule_param([("09:00", "12:00")])
    assert len(param) == 12
    assert (param["workdayBeginTime1"], param["workdayEndTime2"], param["holidayBeginTime1"]) == ("09:00", "", "")


def test_the_period_starts_today_at_the_earliest() -> None:
    now = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
    past = Schedule(timezone="Asia/Shanghai", start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 3, 5))
    begin, end = period(past, SHANGHAI, now, 30)
    assert (begin, end) == (
        dt.datetime(2026, 3, 2, tzinfo=SHANGHAI),
        dt.datetime(2026, 3, 5, 23, 59, 59, tzinfo=SHANGHAI),
    )
    begin, end = period(None, SHANGHAI, now, 30)
    assert end == dt.datetime(2026, 4, 1, 23, 59, 59, tzinfo=SHANGHAI)
    with pytest.raises(GatewayError):
        period(Schedule(timezone="Asia/Shanghai", end_date=dt.date(2026, 3, 1)), SHANGHAI, now, 30)


# -- retry policies ----------------------------------------------------------------------------------


def test_retry_policies_round_trip_through_result_rules() -> None:
    retry = RetryPolicy(max_attempts=4, interval_minutes=45, on=[RetryOutcome.BUSY, RetryOutcome.FAILED])
    wire = retry_policy(retry)
    assert json.loads(wire["resultRetry"]) == [
        {"result": 1, "retryNumber": 3, "callInterval": 2700},
        {"result": 9, "retryNumber": 3, "callInterval": 2700},
    ]
    assert retry_from_wire(msgspec.convert(wire, RetryPolicyWire)) == retry
    assert retry_policy(None) == {"policyType": 0, "retryDay": 1, "retryTimes": 1, "callInterval": 60}
    assert retry_from_wire(msgspec.convert(retry_policy(None), RetryPolicyWire)) is None


def test_single_quoted_rules_of_the_examples_are_read() -> None:
    wire = RetryPolicyWire(policyType=0, resultRetry="[{'result':'2','retryNumber':'1','callInterval':'600'}]")
    assert retry_from_wire(wire) == RetryPolicy(max_attempts=2, interval_minutes=10, on=[RetryOutcome.NO_ANSWER])
    assert retry_from_wire(RetryPolicyWire(policyType=1, policyJson="[]")) is None


# -- campaign details ----------------------------------------------------------------------------------


def test_a_campaign_detail_as_the_7_1_6_example_reports_it() -> None:
    example = {
        "id": 146,
        "name": "lizhan_test",
        "status": 2,
        "strBeginTime": "2018-12-01",
        "strEndTime": "2018-12-02",
        "deviceType": 2,
        "callerNo": "10086",
        "scheduleParam": {"workdayBeginTime1": "08:00", "workdayEndTime1": "12:00", "workdayBeginTime2": None},
        "ivrParam": None,
        "skillParam": {"skillId": 1, "skillName": "Voice Skill Queue", "outBoundType": 2},
        "callBackUrl": "http://www.baidu.com",
    }
    campaign = campaign_from_detail("146", msgspec.convert(example, CampaignDetail), "Asia/Shanghai")
    assert (campaign.status, campaign.queue_id, campaign.script_id, campaign.caller_ids) == (
        CampaignStatus.RUNNING,
        "1",
        None,
        ["10086"],
    )
    assert campaign.schedule is not None
    assert (campaign.schedule.start_date, campaign.schedule.end_date) == (dt.date(2018, 12, 1), dt.date(2018, 12, 2))
    assert [(w.start, w.end) for w in campaign.schedule.windows] == [("08:00", "12:00")]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (1, CampaignStatus.SCHEDULED),
        (2, CampaignStatus.RUNNING),
        (3, CampaignStatus.PAUSED),
        (4, CampaignStatus.COMPLETED),
        (9, None),
    ],
)
def test_campaign_statuses(status: int, expected: CampaignStatus | None) -> None:
    detail = CampaignDetail(name="x", status=status, callerNo="1,2")
    campaign = campaign_from_detail("1", detail, "Asia/Shanghai")
    assert campaign.status == expected
    assert campaign.caller_ids == ["1", "2"]
    assert campaign.schedule is None  # a 7.1.7 list item carries no segments


def test_stats_count_done_numbers_whatever_their_outcome() -> None:
    stats = stats_from_counts("7", CampaignCounts(totalCount=4, totalFinishCount=3, totalCallSucc=2))
    assert (stats.total, stats.completed, stats.pending, stats.failed, stats.answered) == (4, 3, 1, None, 2)


# -- contacts ---------------------------------------------------------------------------------------------


def test_a_contact_becomes_one_call_data_record() -> None:
    contact = Contact(phone="+8613800138000", name="张三", external_id="crm-7", variables={"amount": "9.50"})
    prepared = prepare(3, contact, "13800138000", "CN")
    assert isinstance(prepared, Prepared)
    assert prepared.record == {
        "called": [{"calledNo": "13800138000"}],
        "sessionId": "crm-7",
        "callData": '{"name":"张三","amount":"9.50"}',
    }
    assert call_data(Contact(phone="+8613800138000", name="A", variables={"name": "B"})) == '{"name":"B"}'
    assert call_data(Contact(phone="+8613800138000")) is None


def test_contacts_huawei_cannot_take_are_rejected() -> None:
    outcome = prepare(0, Contact(phone="+14155552671"), None, "CN")
    assert isinstance(outcome, ItemOutcome)
    assert outcome.detail
    assert "CN" in outcome.detail
    assert isinstance(
        prepare(1, Contact(phone="+8613800138000", external_id="x" * 33), "13800138000", "CN"), ItemOutcome
    )


# -- calls ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call_status", "fail_code", "expected"),
    [
        (6, "00000", CallStatus.COMPLETED),
        (5, "00537", CallStatus.BUSY),
        (5, "01040", CallStatus.NO_ANSWER),
        (5, "00603", CallStatus.NO_ANSWER),
        (5, "00604", CallStatus.FAILED),
        (5, "34606", CallStatus.FAILED),
    ],
)
def test_campaign_call_statuses_follow_table_7_295(call_status: int, fail_code: str, expected: CallStatus) -> None:
    assert campaign_call_status(call_status, fail_code) is expected


def test_a_call_result_in_vendor_local_time() -> None:
    result = CallResult(
        callId="1644464743-1388",
        called="88881955",
        callStatus=6,
        failCode="00000",
        ackBeginTime="2022-02-10 11:45:43",
        callBeginTime="2022-02-10 11:45:47",
        callEndTime="2022-02-10 11:45:51",
        recordPath="Y:/1/11/20200830/3408/0949218.V3",
    )
    call = campaign_call("3", result, SHANGHAI, "+8688881955")
    assert call.id == "ob:3:1644464743-1388"
    assert call.started_at == dt.datetime(2022, 2, 10, 11, 45, 43, tzinfo=SHANGHAI)
    assert (call.duration_seconds, call.disposition, call.recording_url) == (4, "successful", None)


def test_bidirectional_states_follow_table_6_370() -> None:
    ringing = bidirectional_call("9", CallState(state=1, startTime=1621823865000), None)
    assert ringing.status is CallStatus.RINGING
    assert ringing.ended_at is None
    ended = bidirectional_call(
        "9", CallInfo(state=3, reasonCode=5, startTime=1621823865000, endTime=1621823872000, talkDuration=0), None
    )
    assert (ended.status, ended.disposition) == (CallStatus.NO_ANSWER, "the customer did not answer")
    assert ended.ended_at == dt.datetime(2021, 5, 24, 2, 37, 52, tzinfo=dt.UTC)


def test_call_ids_carry_their_kind() -> None:
    assert parse_call_id("bc:645735364434067472") == ("bc", "645735364434067472")
    assert parse_call_id("ob:3:0023-134864174") == ("ob", "3", "0023-134864174")
    for malformed in ("ob:3", "ob:x:1", "xx:1", "bc:", "645735364434067472"):
        assert parse_call_id(malformed) is None


def test_recording_urls_expire_as_their_signature_says() -> None:
    url = "https://aicc-obs0.obs.cn-south-1.myhuaweicloud.com:443/6444?AWSAccessKeyId=Z&Expires=1565681851&Signature=s"
    assert url_expiry(url) == dt.datetime(2019, 8, 13, 7, 37, 31, tzinfo=dt.UTC)
    assert url_expiry("https://example.com/file.wav") is None


# -- agents and queues ------------------------------------------------------------------------------


def test_every_cti_state_has_a_neutral_state() -> None:
    assert set(CTI_STATES) == set(range(11))
    assert (agent_state(1), agent_state(5), agent_state(8), agent_state(None), agent_state(42)) == (
        AgentState.AVAILABLE,
        AgentState.BUSY,
        AgentState.AWAY,
        AgentState.UNKNOWN,
        AgentState.UNKNOWN,
    )


def test_generated_accounts_and_passwords_meet_huaweis_rules() -> None:
    accounts = {new_user_account("sb") for _ in range(50)}
    assert len(accounts) == 50
    assert all(6 <= len(a) <= 50 for a in accounts)
    for _ in range(50):
        password = new_password()
        assert len(password) == 8
        assert any(c.isupper() for c in password)
        assert any(c.islower() for c in password)
        assert any(c.isdigit() for c in password)
        assert any(not c.isalnum() for c in password)


def test_skill_queues_carry_the_options_and_the_name_as_description() -> None:
    body = create_skill_body(QueueCreate(name="VIP"), QueueOptions(media_type=53, max_wait_seconds=120))
    assert (body["mediaTypeId"], body["description"], body["maxWaitTime"]) == (53, "VIP", 120)
    assert "waitVoice" not in body["skillParam"]  # only voice and video queues need it


def test_pages_continue_while_the_total_says_so() -> None:
    assert page_has_more(0, 10, 10, 25)
    assert not page_has_more(2, 10, 5, 25)
    assert page_has_more(0, 10, 10, None)
    assert not page_has_more(0, 10, 9, None)
