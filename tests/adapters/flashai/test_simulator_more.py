"""The simulator's agent groups, agent batches, number list and deletion, call detail and script
parameters, driven by hand-built, hand-signed requests."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.flashai.simulator import SIM_USER_ID, FlashAISimulator
from adapters.simulation import SimClock
from tests.adapters.flashai.handmade import Vendor, failed, ok, plan


def agent_plan(name: str = "a1", **changes: Any) -> dict[str, Any]:
    params = {
        "batchName": name,
        "agentGroupId": "G01",
        "addType": "2",
        "agentId": "A1001",
        "callType": "1",
        "mobileList": "13800138000^x^1-2",
    }
    params.update(changes)
    return {key: value for key, value in params.items() if value is not None}


# -- queryAgentGroup, queryPlanParams -------------------------------------------------------------


async def test_agent_groups_are_one_record_per_agent_and_group(vendor: Vendor) -> None:
    records = ok(await vendor.call("queryAgentGroup"))["records"]
    assert [(r["agentGroupId"], r["agentId"]) for r in records] == [
        ("G01", "A1001"),
        ("G01", "A1002"),
        ("G02", "A1002"),
        ("G02", "A2001"),
    ]
    assert records[0] == {"agentGroupId": "G01", "agentGroupName": "催收一组", "agentId": "A1001", "agentName": "王芳"}


async def test_plan_params_are_name_seq_type(vendor: Vendor) -> None:
    assert ok(await vendor.call("queryPlanParams")) == {
        "paramSeqLsit": "amount^1^number|dueDate^2^date|product^3^string"
    }


# -- addAgentPlan ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"batchName": None},
        {"agentGroupId": None},
        {"agentId": None},
        {"addType": None},
        {"mobileList": None},
        {"agentGroupId": "G99"},
        {"agentId": "A2001"},  # not in G01
        {"addType": "3"},
        {"callType": "2"},
    ],
)
async def test_illegal_agent_plans_are_1010(vendor: Vendor, changes: dict[str, Any]) -> None:
    assert failed(await vendor.call("addAgentPlan", agent_plan(**changes))) == "1010"


async def test_an_agent_plan_adds_to_its_batch_and_add_and_clean_drops_the_undialled(
    vendor: Vendor, sim: FlashAISimulator, clock: SimClock
) -> None:
    assert ok(await vendor.call("addAgentPlan", agent_plan(callType="0"))) == {
        "failMobileInfo": "",
        "rightCount": 1,
        "failCount": 0,
    }
    more = ok(await vendor.call("addAgentPlan", agent_plan(mobileList="13900139000|13800138000^dup")))
    assert more == {"failMobileInfo": "13800138000^dup", "rightCount": 1, "failCount": 1}
    batch = sim.vendor.batches[(SIM_USER_ID, "a1")]
    assert [(n.seq, n.phone) for n in batch.numbers] == [(0, "13800138000"), (1, "13900139000")]
    clock.advance(3600)  # callType 0: nobody dials
    assert not any(number.attempts for number in batch.numbers)
    ok(await vendor.call("addAgentPlan", agent_plan(addType="add&clean", mobileList="15000150000")))
    assert [n.phone for n in batch.numbers] == ["15000150000"]


async def test_an_agent_plan_cannot_join_a_bot_batch_another_group_or_a_stopped_batch(vendor: Vendor) -> None:
    ok(await vendor.call("addPlan", plan("bot")))
    assert failed(await vendor.call("addAgentPlan", agent_plan("bot"))) == "101007"
    ok(await vendor.call("addAgentPlan", agent_plan("a1")))
    assert failed(await vendor.call("addAgentPlan", agent_plan("a1", agentGroupId="G02", agentId="A2001"))) == "101003"
    ok(await vendor.call("batchPlanStop", {"batchName": "a1"}))
    assert failed(await vendor.call("addAgentPlan", agent_plan("a1"))) == "101003"


# -- getBatchPlanList -----------------------------------------------------------------------------


async def test_the_number_list_pages_and_filters_by_status(vendor: Vendor, clock: SimClock) -> None:
    ok(await vendor.call("addPlan", plan(mobileList="13800138000^a^1-2^张三^公司|13900139000|15000150000")))
    clock.advance(3)  # dials at +0 and +2 s; the first call is over
    query = {"batchName": "b1", "page": 1, "pageNum": 2}
    first = ok(await vendor.call("getBatchPlanList", query))
    assert first["mobileList"] == "13800138000^a^1-2^张三^公司^1|13900139000^^^^^1"
    assert (first["totalPage"], first["totalRecord"], first["batchCount"]) == (2, 3, "3")
    clock.advance(600)
    done = ok(await vendor.call("getBatchPlanList", {**query, "pageNum": 10, "phoneStatus": 2}))
    assert done["totalRecord"] == 3
    assert done["phoneStatus"] == 2
    assert failed(await vendor.call("getBatchPlanList", {**query, "phoneStatus": 1})) == "1005"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"pageNum": 5001}, "1006"),
        ({"pageNum": 0}, "1010"),
        ({"page": 0}, "1010"),
        ({"page": None}, "1010"),
        ({"phoneStatus": 4}, "1010"),
        ({"batchName": "nope"}, "1005"),
        ({"page": 9}, "1005"),
    ],
)
async def test_number_list_limits(vendor: Vendor, changes: dict[str, Any], code: str) -> None:
    ok(await vendor.call("addPlan", plan()))
    query = {"batchName": "b1", "page": 1, "pageNum": 10, **changes}
    assert failed(await vendor.call("getBatchPlanList", {k: v for k, v in query.items() if v is not None})) == code


# -- batchPhoneDelete -----------------------------------------------------------------------------


async def test_only_undialled_numbers_can_be_deleted_all_or_nothing(
    vendor: Vendor, sim: FlashAISimulator, clock: SimClock
) -> None:
    ok(await vendor.call("addPlan", plan(mobileList="13800138000|13900139000|15000150000")))
    clock.advance(1)  # the first number is on its call
    batch = sim.vendor.batches[(SIM_USER_ID, "b1")]
    delete = {"batchName": "b1"}
    assert failed(await vendor.call("batchPhoneDelete", {**delete, "phoneList": "15000150000^13800138000"})) == "1010"
    assert failed(await vendor.call("batchPhoneDelete", {**delete, "phoneList": "15000150000^18600186000"})) == "1005"
    assert len(batch.numbers) == 3
    ok(await vendor.call("batchPhoneDelete", {**delete, "phoneList": "15000150000^13900139000^"}))
    assert [n.phone for n in batch.numbers] == ["13800138000"]
    clock.advance(3600)
    summary = ok(await vendor.call("getBatchPlanCallSummary", delete))
    assert (summary["acceptCount"], summary["endCount"], summary["planCount"]) == (1, 1, 0)
    assert failed(await vendor.call("batchPhoneDelete", {"batchName": "nope", "phoneList": "1"})) == "1005"
    assert failed(await vendor.call("batchPhoneDelete", {**delete, "phoneList": "^"})) == "1010"


# -- getPhoneDetail -------------------------------------------------------------------------------


async def test_phone_detail_is_the_last_finished_call(vendor: Vendor, sim: FlashAISimulator, clock: SimClock) -> None:
    ok(await vendor.call("addPlan", plan(mobileList="13800138000|13900139000")))
    query = {"batchName": "b1", "phone": "13800138000"}
    assert failed(await vendor.call("getPhoneDetail", query)) == "1005"  # still ringing
    clock.advance(600)
    detail = ok(await vendor.call("getPhoneDetail", query))
    (attempt,) = sim.vendor.batches[(SIM_USER_ID, "b1")].numbers[0].attempts
    assert detail["phoneNo"] == "13800138000"
    assert detail["callStartTime"] == round(attempt.started * 1000)
    assert (detail["duration"], detail["accurateIntent"]) == (attempt.duration, attempt.intent)
    assert detail["detailList"].count("$") == max(len(attempt.exchanges) - 1, 0)
    assert failed(await vendor.call("getPhoneDetail", {"batchName": "b1", "phone": "18600186000"})) == "1005"
    assert failed(await vendor.call("getPhoneDetail", {"batchName": "b1"})) == "1010"
