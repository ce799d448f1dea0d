"""Pure translations added for the complete adapter: batch ids, script parameters, the number list,
agent groups, agent-assisted plans and getPhoneDetail's call."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from adapters.flashai import roster
from adapters.flashai.agent_plan import agent_plan_params, check_agent_campaign, choose_agent
from adapters.flashai.batches import BatchRef
from adapters.flashai.contacts import campaign_contacts, has_params, mobile_list
from adapters.flashai.phone_detail import call_from_detail
from adapters.flashai.script_params import parameter_order, script_variables
from adapters.flashai.settings import DetailListStyle, FlashAIOptions
from adapters.flashai.wire import AgentGroupRecord, PhoneDetailBody, UnreadableAnswer
from contracts.calls import CallStatus, Speaker
from contracts.campaigns import CallingWindow, CampaignCreate, RetryPolicy, Schedule
from contracts.contacts import Contact, ContactStatus, ItemStatus
from contracts.errors import ErrorCode, GatewayError

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
OPTIONS = FlashAIOptions(user_id=80001, notify_url="https://crm.example/notify")


def utc(hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2024, 5, 6, hour, minute, second, tzinfo=dt.UTC)


def pointer_of(error: GatewayError) -> str | None:
    assert error.errors
    return error.errors[0].pointer


# -- campaign ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["plain", "with:colon", "中文 批次", "a|b^c"])
def test_bot_batches_are_named_by_their_batch_name_alone(name: str) -> None:
    assert BatchRef(name).native_id == name
    assert BatchRef.parse(name) == BatchRef(name)
    assert not BatchRef.parse(name).agent_assisted


def test_agent_batches_carry_their_group_and_agent() -> None:
    batch = BatchRef.agent_batch("spring", "G01", "A1001")
    parsed = BatchRef.parse(batch.native_id)
    assert parsed == batch
    assert parsed.agent_assisted
    assert (parsed.name, parsed.agent_group, parsed.agent) == ("spring", "G01", "A1001")


@pytest.mark.parametrize("native", ["", "a\x1fb", "a\x1f\x1fc", "a\x1fb\x1fc\x1fd"])
def test_ids_this_adapter_did_not_make_are_refused(native: str) -> None:
    with pytest.raises(GatewayError) as caught:
        BatchRef.parse(native)
    assert caught.value.errors
    assert caught.value.errors[0].parameter == "campaign_id"


def test_a_vendor_id_holding_the_separator_cannot_make_a_batch_id() -> None:
    with pytest.raises(GatewayError) as caught:
        BatchRef.agent_batch("spring", "G\x1f1", "A1")
    assert pointer_of(caught.value) == "/queue_id"


# -- queryPlanParams ------------------------------------------------------------------------------


def test_parameters_take_the_positions_their_seq_gives() -> None:
    text = "dueDate^2^date|amount^1^number|product^4^string"
    assert parameter_order(text) == ("amount", "dueDate", None, "product")
    variables = script_variables(text)
    assert [(v.name, v.position, v.type) for v in variables] == [
        ("amount", 1, "number"),
        ("dueDate", 2, "date"),
        ("product", 4, "string"),
    ]


@pytest.mark.parametrize("text", [None, ""])
def test_no_parameters_is_an_empty_order(text: str | None) -> None:
    assert parameter_order(text) == ()
    assert script_variables(text) == []


@pytest.mark.parametrize(
    "text",
    ["^1^string", "a^x^string", "a^0^string", "a^1^s|b^1^s", "a^1^s|a^2^s", "a^999^s"],
    ids=["no-name", "seq-not-a-number", "seq-zero", "same-seq", "same-name", "seq-too-far"],
)
def test_a_parameter_list_that_cannot_place_its_parameters_is_unreadable(text: str) -> None:
    with pytest.raises(UnreadableAnswer):
        parameter_order(text)


# -- variables into params ------------------------------------------------------------------------

ORDER = ("amount", "dueDate", None, "product")


def test_variables_fill_their_parameter_positions_and_missing_ones_stay_empty() -> None:
    contacts = [
        Contact(phone="+8613800138000", variables={"product": "卡", "amount": "100"}),
        Contact(phone="+8613900139000"),
        Contact(phone="+8615000150000", variables={"dueDate": "0601"}),
    ]
    numbers = mobile_list(contacts, region="CN", parameters=ORDER)
    assert numbers.text == "13800138000^^100---卡^^|13900139000^^^^|15000150000^^-0601--^^"
    assert not numbers.refused


def test_a_variable_no_parameter_names_refuses_that_contact_only() -> None:
    contacts = [
        Contact(phone="+8613800138000", variables={"amount": "1", "colour": "red"}),
        Contact(phone="+8613900139000", variables={"amount": "2"}),
    ]
    numbers = mobile_list(contacts, region="CN", parameters=ORDER)
    (refused,) = numbers.refused
    assert (refused.index, refused.status, refused.code) == (0, ItemStatus.REJECTED, ErrorCode.INVALID_REQUEST)
    assert refused.detail == (
        "variables.colour is not a script parameter FlashAI knows for this account "
        "(queryPlanParams: amount, dueDate, product)"
    )
    assert [item.index for item in numbers.sent] == [1]


def test_a_delimiter_in_an_ordered_variable_is_named_by_its_variable() -> None:
    numbers = mobile_list(
        [Contact(phone="+8613800138000", variables={"dueDate": "2024-06-01"})], region="CN", parameters=ORDER
    )
    assert "variables.dueDate contains '-'" in (numbers.refused[0].detail or "")


# -- getBatchPlanList -----------------------------------------------------------------------------


def test_the_number_list_reads_status_names_and_variables() -> None:
    text = (
        "13800138000^crm-1^100-0601^张三^公司^1|13900139000^^^^^2|15000150000^^-^^^3|18600186000^^7--x^^^"
        "|"  # a trailing "|", as the SDK writes
    )
    contacts = campaign_contacts(text, region="CN", parameters=("amount", "dueDate"))
    assert [(c.phone, c.status) for c in contacts] == [
        ("+8613800138000", ContactStatus.PENDING),
        ("+8613900139000", ContactStatus.COMPLETED),
        ("+8615000150000", ContactStatus.FAILED),
        ("+8618600186000", None),  # the lineage server writes no status
    ]
    assert (contacts[0].name, contacts[0].external_id) == ("张三", "crm-1")
    assert contacts[0].variables == {"amount": "100", "dueDate": "0601"}
    assert contacts[1].variables == {}
    assert contacts[3].variables == {"amount": "7", "3": "x"}  # beyond the named positions: by number


def test_without_parameter_names_params_are_named_by_position() -> None:
    (contact,) = campaign_contacts("13800138000^^a-b^^^1", region="CN", parameters=None)
    assert contact.variables == {"1": "a", "2": "b"}


def test_a_number_list_item_without_a_phone_is_unreadable() -> None:
    with pytest.raises(UnreadableAnswer):
        campaign_contacts("^a^b^^^1", region="CN", parameters=None)


def test_has_params_tells_whether_naming_is_needed() -> None:
    assert has_params("138^^a^^^1")
    assert not has_params("138^^^^^1|139^^^^^2")
    assert not has_params(None)


# -- queryAgentGroup ------------------------------------------------------------------------------

RECORDS = [
    AgentGroupRecord(agentGroupId="G01", agentGroupName="催收一组", agentId="A1", agentName="王芳"),
    AgentGroupRecord(agentGroupId="G01", agentGroupName="催收一组", agentId=7, agentName="李强"),
    AgentGroupRecord(agentGroupId="G02", agentGroupName="", agentId="7", agentName="李强"),
    AgentGroupRecord(agentGroupId="G03", agentGroupName="空组", agentId=None, agentName=None),
]


def test_groups_and_agents_from_the_records() -> None:
    rows = roster.memberships(RECORDS)
    assert [(q.id, q.name) for q in roster.queues(rows)] == [("G01", "催收一组"), ("G02", "G02"), ("G03", "空组")]
    agents = roster.agents(rows)
    assert [(a.id, a.name, a.work_number, a.queue_ids) for a in agents] == [
        ("A1", "王芳", "A1", ["G01"]),
        ("7", "李强", "7", ["G01", "G02"]),
    ]
    assert [a.id for a in roster.agents(rows, group_id="G02")] == ["7"]
    assert roster.agents(rows, group_id="G03") == []


def test_a_record_naming_nothing_is_unreadable() -> None:
    with pytest.raises(UnreadableAnswer):
        roster.memberships([AgentGroupRecord(agentGroupName="x")])


# -- addAgentPlan ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "pointer"),
    [
        ({"script_id": "T1"}, "/script_id"),
        (
            {"schedule": Schedule(timezone="Asia/Shanghai", windows=[CallingWindow(start="09:00", end="10:00")])},
            "/schedule",
        ),
        ({"caller_ids": ["101"]}, "/caller_ids"),
        ({"retry": RetryPolicy(max_attempts=1, interval_minutes=5)}, "/retry"),
    ],
)
def test_what_add_agent_plan_cannot_carry_is_refused(changes: dict[str, object], pointer: str) -> None:
    campaign = CampaignCreate(name="b", queue_id="G01", **changes)  # type: ignore[arg-type]
    with pytest.raises(GatewayError) as caught:
        check_agent_campaign(campaign)
    assert pointer_of(caught.value) == pointer


def test_the_agent_is_the_configured_one_or_the_first_of_the_group() -> None:
    rows = roster.memberships(RECORDS)
    assert choose_agent(rows, "G02", None) == "7"
    assert choose_agent(rows, "G01", "A9") == "A9"
    for group in ("G03", "G99"):
        with pytest.raises(GatewayError) as caught:
            choose_agent(rows, group, None)
        assert pointer_of(caught.value) == "/queue_id"


def test_add_agent_plan_parameters() -> None:
    params = agent_plan_params(BatchRef("b", "G01", "A1"), "13800138000^^^^", OPTIONS)
    assert params == {
        "batchName": "b",
        "agentGroupId": "G01",
        "addType": "2",
        "agentId": "A1",
        "callType": "1",
        "mobileList": "13800138000^^^^",
        "notifyUrl": "https://crm.example/notify",
    }


# -- getPhoneDetail -------------------------------------------------------------------------------

START_MS = 1714960800000  # 2024-05-06 02:00:00 UTC


def detail(**fields: object) -> PhoneDetailBody:
    return PhoneDetailBody(**fields)  # type: ignore[arg-type]


def test_the_lineage_call_detail_shape() -> None:
    body = detail(
        callStartTime=START_MS,
        answerTime=START_MS + 5000,
        hangupTime=START_MS + 47000,
        duration=42,
        billSec=42,
        accurateIntent="B",
        detailList="您好_2024-05-06 10:00:06_喂_2024-05-06 10:00:10$再见_2024-05-06 10:00:20__",
    )
    call = call_from_detail(
        body, campaign="b", phone="13800138000", zone=SHANGHAI, region="CN", style=DetailListStyle.DOC
    )
    assert (call.id, call.to_number, call.campaign_id) == ("b:13800138000", "+8613800138000", "b")
    assert call.status is CallStatus.COMPLETED
    assert (call.started_at, call.answered_at, call.ended_at) == (utc(2), utc(2, 0, 5), utc(2, 0, 47))
    assert (call.duration_seconds, call.disposition, call.recording_url) == (42, "B", None)
    assert [(t.speaker, t.text) for t in call.dialogue] == [
        (Speaker.BOT, "您好"),
        (Speaker.CUSTOMER, "喂"),
        (Speaker.BOT, "再见"),
    ]
    assert call.dialogue[1].at == utc(2, 0, 10)


def test_the_sdk_shape_with_text_times_and_a_recording() -> None:
    body = detail(
        mobileNumber="13800138000",
        callStartTime="2024-05-06 10:00:00",
        callEndTime="2024-05-06 10:01:00",
        callDuration="55",
        billSec="50",
        recordUrl=" https://rec.example/1.wav ",
        detailList="hi^2024-05-06 10:00:06^yes^2024-05-06 10:00:09",
    )
    call = call_from_detail(
        body, campaign="b", phone="13800138000", zone=SHANGHAI, region="CN", style=DetailListStyle.SDK
    )
    assert call.status is CallStatus.COMPLETED
    assert (call.started_at, call.ended_at, call.duration_seconds) == (utc(2), utc(2, 1), 55)
    assert call.recording_url == "https://rec.example/1.wav"
    assert [t.text for t in call.dialogue] == ["hi", "yes"]


@pytest.mark.parametrize(
    ("reason", "status"),
    [
        ("占线", CallStatus.BUSY),
        ("Busy line", CallStatus.BUSY),
        ("无人接听", CallStatus.NO_ANSWER),
        (None, CallStatus.NO_ANSWER),
    ],
)
def test_unanswered_calls_are_busy_when_the_reason_says_so(reason: str | None, status: CallStatus) -> None:
    body = detail(callStartTime=START_MS, hangupTime=START_MS + 3000, duration=0, reason=reason)
    call = call_from_detail(
        body, campaign="b", phone="13800138000", zone=SHANGHAI, region="CN", style=DetailListStyle.DOC
    )
    assert call.status is status
    assert call.answered_at is None


@pytest.mark.parametrize("duration", ["abc", "nan", "", None])
def test_an_unusable_duration_is_null_not_an_error(duration: object) -> None:
    call = call_from_detail(
        detail(duration=duration, answerTime=START_MS),
        campaign="b",
        phone="13800138000",
        zone=SHANGHAI,
        region="CN",
        style=DetailListStyle.DOC,
    )
    assert call.duration_seconds is None
    assert call.status is CallStatus.NO_ANSWER
