"""Pure translations: addPlan parameters, per-contact outcomes, calls, stats and catalogues."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest

from adapters.flashai import translate
from adapters.flashai.contacts import VENDOR_REFUSED_DETAIL, contact_outcomes, mobile_list
from adapters.flashai.settings import CallListLayout, FlashAIOptions
from adapters.flashai.wire import AddPlanBody, CallSummaryBody
from contracts.calls import CallStatus, Speaker
from contracts.campaigns import CampaignCreate, CampaignStatus, RetryOutcome, RetryPolicy
from contracts.contacts import Contact, ItemStatus
from contracts.errors import ErrorCode, GatewayError

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
OPTIONS = FlashAIOptions(user_id=80001, notify_url="https://crm.example/notify")
TODAY = dt.date(2024, 5, 6)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)


def pointer_of(error: GatewayError) -> str | None:
    assert error.code is ErrorCode.INVALID_REQUEST
    assert error.errors
    return error.errors[0].pointer


# -- addPlan parameters ---------------------------------------------------------------------------


def test_plan_params_for_a_full_campaign() -> None:
    campaign = CampaignCreate(
        name="spring-sale",
        script_id="T1001",
        caller_ids=["101", "102"],
        retry=RetryPolicy(max_attempts=2, interval_minutes=30),
        contacts=[Contact(phone="+8613800138000", name="张三", external_id="crm-1", variables={"a": "1", "b": "x"})],
    )
    params, numbers = translate.plan_params(campaign, OPTIONS, today=TODAY)
    assert params == {
        "userId": 80001,
        "batchName": "spring-sale",
        "botenceId": "T1001",
        "callDate": "20240506",
        "callHour": "9,10,11,12,13,14,15,16,17,18,19,20",
        "clear": 0,
        "lineIds": "101,102",
        "mobileList": "13800138000^crm-1^1-x^张三^",
        "recall": 1,
        "recallParams": '[{"recallIntervalTime":"30","recallTag":"W","recallTimes":"2","ruleType":"0"}]',
        "notifyUrl": "https://crm.example/notify",
    }
    assert [item.index for item in numbers.sent] == [0]


def test_plan_params_without_retry_or_lines() -> None:
    campaign = CampaignCreate(name="b", script_id="T1", contacts=[Contact(phone="+8613800138000")])
    params, _ = translate.plan_params(campaign, OPTIONS, today=TODAY)
    assert params["recall"] == 0
    assert "recallParams" not in params
    assert params["lineIds"] is None  # left out of the body by the signer
    assert params["mobileList"] == "13800138000^^^^"


def test_recall_params_use_the_configured_tag() -> None:
    rule = json.loads(translate.recall_params(RetryPolicy(max_attempts=3, interval_minutes=5), "X"))
    assert rule == [{"recallIntervalTime": "5", "recallTag": "X", "recallTimes": "3", "ruleType": "0"}]


@pytest.mark.parametrize(
    ("changes", "pointer"),
    [
        ({"script_id": None}, "/script_id"),
        ({"caller_ids": ["101", "1,2"]}, "/caller_ids/1"),
        ({"retry": RetryPolicy(max_attempts=1, interval_minutes=5, on=[RetryOutcome.BUSY])}, "/retry/on"),
    ],
)
def test_what_flashai_cannot_do_is_a_422_naming_the_field(changes: dict[str, object], pointer: str) -> None:
    fields: dict[str, object] = {"name": "b", "script_id": "T1", **changes}
    campaign = CampaignCreate(**fields)  # type: ignore[arg-type]
    with pytest.raises(GatewayError) as caught:
        translate.plan_params(campaign, OPTIONS, today=TODAY)
    assert pointer_of(caught.value) == pointer


def test_created_campaign_echoes_the_request_and_is_running() -> None:
    campaign = CampaignCreate(name="b", script_id="T1", caller_ids=["101"])
    created = translate.created_campaign(campaign)
    assert (created.id, created.name, created.status, created.script_id, created.caller_ids) == (
        "b",
        "b",
        CampaignStatus.RUNNING,
        "T1",
        ["101"],
    )


# -- mobileList and per-contact outcomes ----------------------------------------------------------

CONTACTS = [
    Contact(phone="+8613800138000", variables={"due": "2024", "amount": "100"}),  # 0 sent
    Contact(phone="+14155552671"),  # 1 another region
    Contact(phone="+8613900139000", variables={"due": "2024-06-01"}),  # 2 "-" splits params
    Contact(phone="+8613700137000", name="A^B"),  # 3 "^" splits fields
    Contact(phone="+8613600136000", external_id="x|y"),  # 4 "|" splits records
    Contact(phone="+8613500135000", variables={"n": "a~b"}),  # 5 "~" rewritten by the vendor
    Contact(phone="+861012345678"),  # 6 sent; FlashAI refuses 10-digit numbers
    Contact(phone="+8613800138000"),  # 7 the same number as item 0
    Contact(phone="+8618800188000", name="李四", external_id="ext-9"),  # 8 sent
]


def test_mobile_list_refuses_items_one_by_one_and_sends_the_rest() -> None:
    numbers = mobile_list(CONTACTS, region="CN")
    assert numbers.text == "13800138000^^2024-100^^|1012345678^^^^|18800188000^ext-9^^李四^"
    assert [item.index for item in numbers.sent] == [0, 6, 8]
    refused = {item.index: item for item in numbers.refused}
    assert sorted(refused) == [1, 2, 3, 4, 5, 7]
    assert all(item.status is ItemStatus.REJECTED for index, item in refused.items() if index != 7)
    assert refused[7].status is ItemStatus.DUPLICATE
    assert "CN numbers only" in (refused[1].detail or "")
    assert "variables.due contains '-'" in (refused[2].detail or "")
    assert "name contains '^'" in (refused[3].detail or "")
    assert "external_id contains '|'" in (refused[4].detail or "")
    assert "variables.n contains '~'" in (refused[5].detail or "")


def test_outcomes_account_for_every_contact_once_with_vendor_refusals_mapped_back() -> None:
    numbers = mobile_list(CONTACTS, region="CN")
    answer = AddPlanBody(failMobileInfo="1012345678^^^^", rightCount=2, failCount=1)
    result = contact_outcomes(numbers, answer)
    assert [item.index for item in result.items] == list(range(len(CONTACTS)))
    assert (result.added, result.rejected, result.duplicate) == (2, 6, 1)
    vendor_refused = result.items[6]
    assert (vendor_refused.status, vendor_refused.code, vendor_refused.detail) == (
        ItemStatus.REJECTED,
        ErrorCode.VENDOR_REJECTED,
        VENDOR_REFUSED_DETAIL,
    )
    assert vendor_refused.phone == "+861012345678"
    assert result.items[0].status is ItemStatus.ADDED
    assert result.items[0].detail is None


def test_failures_the_vendor_counts_but_does_not_name_are_flagged_on_the_added_items() -> None:
    numbers = mobile_list(CONTACTS[:1] + CONTACTS[8:], region="CN")
    result = contact_outcomes(numbers, AddPlanBody(failMobileInfo="", rightCount=1, failCount=1))
    assert result.added == 2
    assert all("did not name" in (item.detail or "") for item in result.items)


def test_without_a_body_every_sent_contact_is_added_with_a_caveat() -> None:
    numbers = mobile_list(CONTACTS[:1], region="CN")
    result = contact_outcomes(numbers, None)
    assert result.added == 1
    assert result.items[0].detail == "FlashAI did not report per-number results"


# -- calls ----------------------------------------------------------------------------------------

DOC_ANSWERED = (
    "13800138000^2024-05-06^2024-05-06 10:00:00^2024-05-06 10:01:05^2024-05-06 10:00:05^60^A^A类意向^"
    "您好_2024-05-06 10:00:06_喂_2024-05-06 10:00:10$再见_2024-05-06 10:00:20__^future-field"
)
DOC_UNANSWERED = "13900139000^2024-05-06^2024-05-06 10:02:00^2024-05-06 10:02:40^^0^W^无人接听^"


def test_doc_layout_calls() -> None:
    calls = translate.calls_from_list(
        f"{DOC_ANSWERED}|{DOC_UNANSWERED}", layout=CallListLayout.DOC, batch="b:1", zone=SHANGHAI, region="CN"
    )
    answered, unanswered = calls
    assert answered.id == "b:1:13800138000"
    assert answered.status is CallStatus.COMPLETED
    assert answered.to_number == "+8613800138000"
    assert answered.started_at == utc(2024, 5, 6, 2, 0, 0)
    assert answered.answered_at == utc(2024, 5, 6, 2, 0, 5)
    assert answered.ended_at == utc(2024, 5, 6, 2, 1, 5)
    assert answered.duration_seconds == 60
    assert answered.disposition == "A"
    assert answered.campaign_id == "b:1"
    assert [(turn.speaker, turn.text) for turn in answered.dialogue] == [
        (Speaker.BOT, "您好"),
        (Speaker.CUSTOMER, "喂"),
        (Speaker.BOT, "再见"),
    ]
    assert answered.dialogue[1].at == utc(2024, 5, 6, 2, 0, 10)
    assert unanswered.status is CallStatus.NO_ANSWER
    assert unanswered.answered_at is None
    assert unanswered.disposition == "W"
    assert unanswered.dialogue == []


def test_lineage_layout_calls_with_epoch_millisecond_times() -> None:
    start_ms = 1714960800000  # 2024-05-06 02:00:00 UTC
    item = "^".join(
        [
            "B",
            "2024-05-06 09:59:00",
            str(start_ms + 5000),
            "42",
            str(start_ms),
            "00:00:42",
            "hi_1714960806000_yes_1714960810000",
            "42",
            "",
            "2",
            str(start_ms + 47000),
            "13800138000",
            "",
            "note",
        ]
    )
    (call,) = translate.calls_from_list(item, layout=CallListLayout.LINEAGE, batch="b", zone=SHANGHAI, region="CN")
    assert call.status is CallStatus.COMPLETED
    assert call.started_at == utc(2024, 5, 6, 2, 0, 0)
    assert call.answered_at == utc(2024, 5, 6, 2, 0, 5)
    assert call.ended_at == utc(2024, 5, 6, 2, 0, 47)
    assert call.duration_seconds == 42
    assert call.disposition == "B"
    assert [turn.text for turn in call.dialogue] == ["hi", "yes"]


def test_an_answer_time_without_talk_time_is_not_answered() -> None:
    item = "13800138000^^2024-05-06 10:00:00^^2024-05-06 10:00:05^0^^^"
    (call,) = translate.calls_from_list(item, layout=CallListLayout.DOC, batch="b", zone=SHANGHAI, region="CN")
    assert call.status is CallStatus.NO_ANSWER
    assert call.disposition is None


def test_a_call_without_a_phone_is_unreadable() -> None:
    with pytest.raises(translate.UnreadableAnswer):
        translate.calls_from_list(
            "^2024-05-06^^^^^^^", layout=CallListLayout.DOC, batch="b", zone=SHANGHAI, region="CN"
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-06 10:00:00", utc(2024, 5, 6, 2)),
        ("1714960800000", utc(2024, 5, 6, 2)),
        ("", None),
        ("yesterday", None),
        ("171496080", None),
    ],
)
def test_vendor_times(text: str, expected: dt.datetime | None) -> None:
    assert translate.parse_vendor_time(text, SHANGHAI) == expected


@pytest.mark.parametrize("batch", ["plain", "with:colon", "中文 批次"])
def test_call_ids_round_trip(batch: str) -> None:
    assert translate.parse_call_id(translate.call_id(batch, "13800138000")) == (batch, "13800138000")


@pytest.mark.parametrize("native", ["no-separator", ":13800138000", "batch:12ab"])
def test_malformed_call_ids_are_refused(native: str) -> None:
    with pytest.raises(GatewayError):
        translate.parse_call_id(native)


# -- stats and catalogues -------------------------------------------------------------------------


def test_stats_from_the_summaries() -> None:
    summary = CallSummaryBody(acceptCount=10, endCount=4, planCount=3)
    lines = translate.line_summary("101^6^3^2024-05-06 10:30:00|202^4^1^")
    stats = translate.campaign_stats("b", summary, lines, SHANGHAI)
    assert (stats.campaign_id, stats.total, stats.pending, stats.completed, stats.failed) == ("b", 10, 3, 4, 3)
    assert [(s.caller_id, s.total, s.completed, s.last_call_at) for s in stats.by_caller_id] == [
        ("101", 6, 3, utc(2024, 5, 6, 2, 30)),
        ("202", 4, 1, None),
    ]


def test_stats_with_a_count_that_is_not_a_number_are_unreadable() -> None:
    with pytest.raises(translate.UnreadableAnswer):
        translate.campaign_stats(
            "b", CallSummaryBody(acceptCount=1, endCount=0, planCount=1), translate.line_summary("101^x^0^"), SHANGHAI
        )


@pytest.mark.parametrize(
    ("accept", "end", "plan", "status"),
    [(3, 3, 0, CampaignStatus.COMPLETED), (3, 2, 1, None), (0, 0, 0, None), (3, 2, 0, None)],
)
def test_status_is_completed_only_when_everything_ended(
    accept: int, end: int, plan: int, status: CampaignStatus | None
) -> None:
    assert translate.campaign_status(CallSummaryBody(acceptCount=accept, endCount=end, planCount=plan)) is status


def test_scripts_and_lines_from_their_lists() -> None:
    scripts = translate.scripts_from_list("T1^催收机器人^0|T2^坐席协同^1|T3^^9")
    assert [(s.id, s.name, s.kind) for s in scripts] == [
        ("T1", "催收机器人", "bot"),
        ("T2", "坐席协同", "agent-assisted"),
        ("T3", "T3", None),
    ]
    lines = translate.caller_ids_from_list("101^SIP A^1|202^SIM B^2")
    assert [(c.id, c.name, c.kind) for c in lines] == [("101", "SIP A", "sip"), ("202", "SIM B", "sim")]
