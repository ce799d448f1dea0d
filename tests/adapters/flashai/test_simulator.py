"""The simulator is as strict as the vendor: hand-built requests, signed by hand."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from adapters.flashai.simulator import SIM_USER_ID, FlashAISimulator
from adapters.simulation import SimClock
from tests.adapters.flashai.conftest import BASE_URL
from tests.adapters.flashai.handmade import Vendor, failed, hand_signed, ok, plan

# -- authentication -------------------------------------------------------------------------------


async def test_a_correctly_signed_request_succeeds(vendor: Vendor) -> None:
    assert ok(await vendor.call("getBotence")) == {"botenceList": "T1001^还款提醒机器人^0|T2002^人工坐席转接^1"}


async def test_a_wrong_signature_is_1003(vendor: Vendor) -> None:
    body = vendor.body()
    body["sign"] = hand_signed(body, secret="not-the-secret")
    assert failed(await vendor.post("getBotence", body)) == "1003"


async def test_a_lower_case_signature_is_accepted(vendor: Vendor) -> None:
    body = vendor.body()
    body["sign"] = body["sign"].lower()
    ok(await vendor.post("getBotence", body))


async def test_a_signature_over_other_values_is_1003(vendor: Vendor) -> None:
    body = vendor.body({"batchName": "b1"})
    body["batchName"] = "b2"
    assert failed(await vendor.post("getBatchPlanCallSummary", body)) == "1003"


async def test_a_reused_nonce_is_1002_until_ten_minutes_pass(vendor: Vendor, clock: SimClock) -> None:
    first = vendor.body(nonce="Same01")
    first["sign"] = hand_signed(first)
    ok(await vendor.post("getCallLine", first))
    again = vendor.body(nonce="Same01")
    again["sign"] = hand_signed(again)
    assert failed(await vendor.post("getCallLine", again)) == "1002"
    clock.advance(601)
    later = vendor.body(nonce="Same01")
    later["sign"] = hand_signed(later)
    ok(await vendor.post("getCallLine", later))


@pytest.mark.parametrize("age", [601, 3600])
async def test_a_stale_timestamp_is_1001(vendor: Vendor, sim: FlashAISimulator, age: int) -> None:
    body = vendor.body(timestamp=str(int((sim.clock.now() - age) * 1000)))
    body["sign"] = hand_signed(body)
    assert failed(await vendor.post("getBotence", body)) == "1001"


@pytest.mark.parametrize("timestamp", ["171496080000", "17149608000000", "17149608000ab"])
async def test_a_timestamp_not_of_13_digits_is_1001(vendor: Vendor, timestamp: str) -> None:
    body = vendor.body(timestamp=timestamp)
    body["sign"] = hand_signed(body)
    assert failed(await vendor.post("getBotence", body)) == "1001"


async def test_a_numeric_timestamp_is_accepted(vendor: Vendor, sim: FlashAISimulator) -> None:
    body = vendor.body(timestamp=int(sim.clock.now() * 1000))
    body["sign"] = hand_signed(body)
    ok(await vendor.post("getBotence", body))


async def test_an_unknown_client_is_1009(vendor: Vendor) -> None:
    body = vendor.body(clientId="unknown-01")
    body["sign"] = hand_signed(body)
    assert failed(await vendor.post("getBotence", body)) == "1009"


@pytest.mark.parametrize("sign_type", ["md5", "SHA256", None])
async def test_any_sign_type_but_md5_is_1008(vendor: Vendor, sign_type: str | None) -> None:
    body = vendor.body(signType=sign_type)
    if sign_type is None:
        del body["signType"]
    assert failed(await vendor.post("getBotence", body)) == "1008"


@pytest.mark.parametrize(
    "auth",
    [
        {"clientId": "short"},
        {"nonce": "abc12"},
        {"nonce": "abc-12"},
        {"nonce": "abcdé1"},
        {"sign": "ABC"},
        {"timestamp": None},
        {"clientId": None},
    ],
)
async def test_missing_or_malformed_auth_parameters_are_1000(vendor: Vendor, auth: dict[str, Any]) -> None:
    body = vendor.body()
    body.update(auth)
    body = {key: value for key, value in body.items() if value is not None}
    assert failed(await vendor.post("getBotence", body)) == "1000"


# -- addPlan --------------------------------------------------------------------------------------


async def test_add_plan_checks_numbers_one_by_one(vendor: Vendor, sim: FlashAISimulator) -> None:
    mobile_list = "|".join(
        ["13800138000^a1^x-y^张三^公司", "1380013800^bad", "13800138000^dup", "013800138000^", "13900139000^^^^|"]
    )
    body = ok(await vendor.call("addPlan", plan(mobileList=mobile_list)))
    assert body == {"failMobileInfo": "1380013800^bad|13800138000^dup", "rightCount": 3, "failCount": 2}
    batch = sim.vendor.batches[(SIM_USER_ID, "b1")]
    assert [(n.phone, n.attach, n.params, n.cust_name, n.cust_company) for n in batch.numbers] == [
        ("13800138000", "a1", "x-y", "张三", "公司"),
        ("013800138000", "", "", "", ""),
        ("13900139000", "", "", "", ""),
    ]


async def test_a_batch_name_is_unique_per_user(vendor: Vendor) -> None:
    ok(await vendor.call("addPlan", plan()))
    assert failed(await vendor.call("addPlan", plan())) == "101007"


async def test_more_than_30000_numbers_is_101008(vendor: Vendor) -> None:
    numbers = "|".join(f"138{index:08d}" for index in range(30001))
    assert failed(await vendor.call("addPlan", plan(mobileList=numbers))) == "101008"


@pytest.mark.parametrize(
    "changes",
    [
        {"mobileList": None},
        {"batchName": None},
        {"botenceId": None},
        {"callDate": None},
        {"callHour": None},
        {"clear": None},
        {"recall": None},
        {"userId": None},
        {"botenceId": "T9999"},
        {"callHour": "8,9"},
        {"callHour": "20,21"},
        {"callHour": "9,,10"},
        {"callDate": "2024-05-06"},
        {"callDate": "20240231"},
        {"clear": 2},
        {"lineIds": "999"},
        {"lineIds": "101,202"},
        {"lineIds": "101;102"},
        {"recall": 1},
        {"recall": 1, "recallParams": "[]"},
        {"recall": 1, "recallParams": '[{"recallIntervalTime":"x","recallTag":"W","recallTimes":"1"}]'},
    ],
)
async def test_illegal_business_parameters_are_1010(vendor: Vendor, changes: dict[str, Any]) -> None:
    assert failed(await vendor.call("addPlan", plan(**changes))) == "1010"


async def test_a_plan_with_recall_and_lines_is_taken(vendor: Vendor, sim: FlashAISimulator) -> None:
    recall = '[{"recallIntervalTime":"5","recallTag":"W","recallTimes":"2","ruleType":"0"}]'
    ok(await vendor.call("addPlan", plan(lineIds="101", recall=1, recallParams=recall)))
    batch = sim.vendor.batches[(SIM_USER_ID, "b1")]
    assert (batch.line_ids, batch.recall_times, batch.recall_interval, batch.recall_tag) == ((101,), 2, 300.0, "W")


# -- batch state and queries ----------------------------------------------------------------------


async def test_batch_state_changes(vendor: Vendor) -> None:
    ok(await vendor.call("addPlan", plan()))
    batch = {"batchName": "b1"}
    assert failed(await vendor.call("batchPlanRestart", batch)) == "101006"
    ok(await vendor.call("batchPlanPause", batch))
    assert failed(await vendor.call("batchPlanPause", batch)) == "101004"
    ok(await vendor.call("batchPlanStop", batch))
    assert failed(await vendor.call("batchPlanStop", batch)) == "101005"
    assert failed(await vendor.call("batchPlanPause", {"batchName": "nope"})) == "101004"


async def test_call_list_limits(vendor: Vendor) -> None:
    ok(await vendor.call("addPlan", plan()))
    query = {"batchName": "b1", "notifyUrl": "http://x", "page": 1}
    assert failed(await vendor.call("getBatchPlanCallList", {**query, "pageNum": 5001})) == "1006"
    assert failed(await vendor.call("getBatchPlanCallList", {**query, "pageNum": 0})) == "1010"
    assert failed(await vendor.call("getBatchPlanCallList", {"batchName": "b1", "page": 1, "pageNum": 10})) == "1010"
    assert failed(await vendor.call("getBatchPlanCallList", {**query, "pageNum": 10})) == "1005"  # nothing dialled yet


async def test_summaries_reflect_dialling(vendor: Vendor, clock: SimClock) -> None:
    ok(await vendor.call("addPlan", plan(mobileList="13800138000|13900139000", lineIds="101")))
    assert ok(await vendor.call("getBatchPlanCallSummary", {"batchName": "b1"})) == {
        "batchName": "b1",
        "acceptCount": 2,
        "endCount": 0,
        "planCount": 2,
    }
    clock.advance(600)
    summary = ok(await vendor.call("getBatchPlanCallSummary", {"batchName": "b1"}))
    assert (summary["endCount"], summary["planCount"]) == (2, 0)
    lines = ok(await vendor.call("getBatchSummaryGroupByLine", {"batchName": "b1"}))["lineSummary"]
    assert lines == "101^2^2^2024-05-06 10:00:02"
    calls = ok(
        await vendor.call("getBatchPlanCallList", {"batchName": "b1", "notifyUrl": "http://x", "page": 1, "pageNum": 1})
    )
    assert (calls["totalPage"], calls["totalRecord"], calls["batchCount"]) == (2, 2, "2")
    assert calls["callList"].startswith("13800138000^2024-05-06^2024-05-06 10:00:00^")
    assert failed(await vendor.call("getBatchPlanCallSummary", {"batchName": "nope"})) == "1005"


# -- HTTP -----------------------------------------------------------------------------------------


async def test_http_level_refusals(vendor: Vendor) -> None:
    client = vendor.client
    assert (await client.post(f"{BASE_URL}/noSuchThing", json={})).status_code == 404
    assert (await client.get(f"{BASE_URL}/getBotence")).status_code == 405
    text = await client.post(f"{BASE_URL}/getBotence", content=b"{}", headers={"content-type": "text/plain"})
    assert text.status_code == 415
    broken = await client.post(f"{BASE_URL}/getBotence", content=b"{", headers={"content-type": "application/json"})
    assert broken.status_code == 400


async def test_it_serves_under_any_base_path(vendor: Vendor) -> None:
    response = await vendor.client.post("http://elsewhere/v1/thirdApi/mock/getCallLine", json=vendor.body())
    ok(response.json())


async def test_the_lineage_envelope(clock: SimClock) -> None:
    from adapters.flashai.simulator import FlashAISimulatorKit

    sim = FlashAISimulatorKit(envelope_style="lineage").create_app(clock=clock)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim)) as client:
        lineage = Vendor(client, sim, BASE_URL)
        success = await lineage.call("getCallLine")
        assert (success["code"], success["success"]) == (0, 0)
        assert isinstance(success["body"], str)
        assert await lineage.call("getCallLine", sign="0" * 32) == {"code": "1", "msg": "1003", "success": "1"}
        # ThirdApiExceptionEnum gives "query has no result" success 0: only `msg` tells.
        assert await lineage.call("getBatchPlanCallSummary", {"batchName": "x"}) == {
            "code": 0,
            "msg": "1005",
            "success": 0,
        }
        assert await lineage.call("batchPlanPause", {"batchName": "x"}) == {"code": 0, "msg": "101004", "success": 1}
