"""The simulator is as strict as the vendor: hand-built requests, signed by hand."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from adapters.simulation import SimClock
from adapters.sobot.simulator import SIM_APP_ID, SIM_APP_SECRET, SobotSimulator, SobotSimulatorKit
from adapters.sobot.simulator.state import ADMIN_UUID, DATA_TEMPLATE, WRAP_UP_TEMPLATE
from tests.adapters.sobot.conftest import START

CONFIG = "/callservice/v6/cc-config"
OUTBOUND = "/callservice/v6/cc-outbound/api/campaigns"


class Vendor:
    """Talks to the simulator the way the document says, with tokens fetched by hand."""

    def __init__(self, client: httpx.AsyncClient, sim: SobotSimulator) -> None:
        self.client = client
        self.sim = sim

    def token_body(self, **changes: Any) -> dict[str, Any]:
        now = int(self.sim.clock.now() * 1000)
        sign = hashlib.md5(f"{SIM_APP_ID}{now}token{SIM_APP_SECRET}".encode()).hexdigest()
        return {"responseType": "token", "appId": SIM_APP_ID, "currentTime": now, "sign": sign, **changes}

    async def token(self, kind: str = "company") -> str:
        extra = {"agentId": ADMIN_UUID} if kind == "agent" else {}
        answer = (await self.client.post(f"/tokens/{kind}", json=self.token_body(**extra))).json()
        value: str = answer.get("access_token") or answer["accessToken"]
        return value

    async def call(
        self, method: str, path: str, body: Any = None, *, kind: str = "company", key: str | None = None, **headers: str
    ) -> httpx.Response:
        sent = {"authorization": await self.token(kind), **headers}
        if key is not None:
            sent["Idempotency-Key"] = key
        return await self.client.request(method, path, json=body, headers=sent)


@pytest.fixture
async def vendor() -> AsyncIterator[Vendor]:
    sim = SobotSimulatorKit().create_app(clock=SimClock.frozen(START))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim), base_url="http://sobot.sim") as client:
        yield Vendor(client, sim)


def task_body(**changes: Any) -> dict[str, Any]:
    start = int(START * 1000)
    return {
        "agentID": ADMIN_UUID,
        "agentType": "1",
        "name": "Announcement",
        "dataTemplateCode": DATA_TEMPLATE,
        "wrapUpTemplateCode": WRAP_UP_TEMPLATE,
        "scheduleStartTime": start,
        "scheduleEndTime": start + 3_600_000,
        **changes,
    }


# -- tokens ---------------------------------------------------------------------------------------


async def test_the_company_token_answer_has_the_documented_shape(vendor: Vendor) -> None:
    answer = (await vendor.client.post("/tokens/company", json=vendor.token_body())).json()
    assert set(answer) == {"response_type", "access_token", "expires_in", "realm", "domain"}
    assert answer["expires_in"] == 86_400_000
    assert answer["access_token"].startswith("eyJ")


@pytest.mark.parametrize(
    ("changes", "status", "ret_code"),
    [
        ({"sign": "0" * 32}, 401, "900003"),
        ({"appId": "someone-else"}, 401, "900004"),
        ({"currentTime": 1772416800}, 400, None),  # seconds, not milliseconds
        ({"responseType": "code"}, 400, None),
    ],
)
async def test_bad_token_requests_are_refused(
    vendor: Vendor, changes: dict[str, Any], status: int, ret_code: str | None
) -> None:
    response = await vendor.client.post("/tokens/company", json=vendor.token_body(**changes))
    assert response.status_code == status
    answer = response.json()
    assert (answer["status"], answer["code"], answer.get("retCode")) == ("Failure", status, ret_code)


async def test_an_agent_token_needs_a_known_agent(vendor: Vendor) -> None:
    missing = await vendor.client.post("/tokens/agent", json=vendor.token_body())
    unknown = await vendor.client.post("/tokens/agent", json=vendor.token_body(agentNo="9999"))
    assert (missing.status_code, unknown.status_code) == (400, 404)


async def test_the_wrong_kind_of_token_is_forbidden(vendor: Vendor) -> None:
    with_company = await vendor.call("POST", f"{CONFIG}/api/queue/agents/search", {}, kind="company")
    with_agent = await vendor.call("POST", f"{CONFIG}/api/queues/_search", {}, kind="agent")
    assert (with_company.status_code, with_agent.status_code) == (403, 403)


async def test_a_missing_or_expired_token_is_401(vendor: Vendor) -> None:
    none = await vendor.client.post(f"{CONFIG}/api/queues/_search", json={})
    token = await vendor.token()
    vendor.sim.clock.advance(86_401)
    expired = await vendor.client.post(f"{CONFIG}/api/queues/_search", json={}, headers={"authorization": token})
    assert (none.status_code, none.json()["retCode"]) == (401, "900001")
    assert (expired.status_code, expired.json()["retCode"]) == (401, "900002")


# -- requests -------------------------------------------------------------------------------------


async def test_the_documents_example_agent_is_served_in_its_envelope(vendor: Vendor) -> None:
    response = await vendor.call("GET", f"{CONFIG}/api/agents?agentType=0&agent=1111", timezoneid="Asia/Singapore")
    answer = response.json()
    assert {key: answer[key] for key in ("status", "code", "kind")} == {
        "status": "Success",
        "code": 200,
        "kind": "Agent",
    }
    assert answer["data"] == {
        "agentUUID": "bd4630df3550552ba7c16f27ae9a39cb",
        "agentID": "1111",
        "agentName": "test",
        "phone": "13800138000",
        "ext": "1000",
        "wrapUpType": 2,
        "wrapUpTime": 60,
    }


@pytest.mark.parametrize(
    ("method", "path", "body", "why"),
    [
        ("POST", f"{CONFIG}/api/agents", {"agent": "1111", "agentType": "0", "wrapUpTime": 60}, "must be a number"),
        ("POST", f"{CONFIG}/api/agents", {"agent": "1111", "agentType": 0}, "wrapUpTime is required"),
        ("POST", f"{CONFIG}/api/queues/_search", {"pagesize": 5}, "unknown member"),
        ("POST", f"{CONFIG}/api/queues/_search", [], "must be a JSON object"),
        ("PUT", f"{CONFIG}/blacklist/batch", {"callNumber": "1"}, "JSON array"),
    ],
)
async def test_members_are_checked_against_the_documents_tables(
    vendor: Vendor, method: str, path: str, body: Any, why: str
) -> None:
    response = await vendor.call(method, path, body)
    assert response.status_code == 400
    assert why in response.json()["message"]


async def test_the_ivr_search_takes_at_most_50_a_page(vendor: Vendor) -> None:
    path = "/callservice/v6/cc-ivr/api/ivr/published/_search"
    assert (await vendor.call("POST", path, {"pageSize": 50})).status_code == 200
    assert (await vendor.call("POST", path, {"pageSize": 51})).status_code == 400


async def test_unknown_paths_methods_media_types_and_zones(vendor: Vendor) -> None:
    token = await vendor.token()
    assert (await vendor.client.post("/callservice/v6/nothing", json={})).status_code == 404
    assert (await vendor.client.get(f"{CONFIG}/api/queues/_search")).status_code == 405
    as_text = await vendor.client.post(
        f"{CONFIG}/api/queues/_search", content=b"{}", headers={"authorization": token, "content-type": "text/plain"}
    )
    assert as_text.status_code == 415
    bad_zone = await vendor.call("POST", f"{CONFIG}/api/queues/_search", {}, timezoneid="Mars/Olympus")
    assert bad_zone.status_code == 400


# -- outbound tasks -------------------------------------------------------------------------------


async def test_outbound_interfaces_require_a_uuid_idempotency_key(vendor: Vendor) -> None:
    without = await vendor.call("POST", OUTBOUND, task_body())
    not_uuid = await vendor.call("POST", OUTBOUND, task_body(), key="abc")
    assert (without.status_code, not_uuid.status_code) == (400, 400)
    assert not vendor.sim.tenant.tasks


async def test_the_same_key_answers_the_first_result(vendor: Vendor) -> None:
    key = str(uuid.uuid4())
    first = await vendor.call("POST", OUTBOUND, task_body(), key=key)
    again = await vendor.call("POST", OUTBOUND, task_body(name="other"), key=key)
    assert first.json()["data"] == again.json()["data"]
    assert len(vendor.sim.tenant.tasks) == 1


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"dataTemplateCode": "D999"}, "enabled import template"),
        ({"wrapUpTemplateCode": "W999"}, "enabled summary template"),
        ({"scheduleEndTime": int(START * 1000)}, "greater than scheduleStartTime"),
        ({"description": "x" * 201}, "at most 200"),
        ({"scheduleTimeZoneId": "Mars/Olympus"}, "time zone"),
        ({"agentType": 1}, "must be a String"),
    ],
)
async def test_task_creation_rules(vendor: Vendor, changes: dict[str, Any], why: str) -> None:
    response = await vendor.call("POST", OUTBOUND, task_body(**changes), key=str(uuid.uuid4()))
    assert response.status_code == 400
    assert why in response.json()["message"]


async def test_import_rules(vendor: Vendor) -> None:
    code = (await vendor.call("POST", OUTBOUND, task_body(), key=str(uuid.uuid4()))).json()["data"]["code"]
    path = "/callservice/v6/cc-exports/api/campaigns/_import"
    rows = [{"telephone": "13800138000"}, {"telephone": "13800138000"}, {"telephone": "12"}]
    body = {
        "agentID": ADMIN_UUID,
        "agentType": "1",
        "code": code,
        "callingListCode": "20220815203412",
        "removeDuplicatesRule": "RemoveDuplicatesInCallingList",
        "assignRule": "NoAssign",
        "dataDetails": rows,
    }
    ok = await vendor.call("POST", path, body, key=str(uuid.uuid4()))
    assert ok.status_code == 200
    again = await vendor.call("POST", path, body, key=str(uuid.uuid4()))
    assert again.status_code == 409  # the calling list code is used
    not_creator = await vendor.call("POST", path, body | {"agentID": "5002", "agentType": "0"}, key=str(uuid.uuid4()))
    assert not_creator.status_code == 400
    too_long = await vendor.call("POST", path, body | {"callingListCode": "1" * 21}, key=str(uuid.uuid4()))
    assert too_long.status_code == 400
    result = await vendor.call(
        "POST",
        f"{OUTBOUND}/calling-list/import-result",
        {"agentID": ADMIN_UUID, "agentType": "1", "code": code},
        key=str(uuid.uuid4()),
    )
    (row,) = result.json()["data"]["list"]
    assert (row["successCount"], row["repeatCount"], row["errorCount"]) == (1, 1, 1)
    assert row["errorReportPath"].endswith(".xlsx")


async def test_the_task_list_window_is_at_most_twelve_months(vendor: Vendor) -> None:
    body = {"pageSize": 10, "currPage": 1, "creationTimeStart": 0, "creationTimeEnd": 367 * 86_400_000}
    response = await vendor.call("POST", f"{OUTBOUND}/getList", body, key=str(uuid.uuid4()))
    assert response.status_code == 400
    missing = await vendor.call("POST", f"{OUTBOUND}/getList", {"currPage": 1}, key=str(uuid.uuid4()))
    assert missing.status_code == 400  # pageSize is required (line 1455)


async def test_forbidden_rows_are_judged_one_by_one(vendor: Vendor) -> None:
    rows = [
        {"callNumber": "15210818952", "numberType": 1, "callType": 2, "enabled": 0, "description": "test1"},
        {"callNumber": "13212341232", "numberType": 2, "callType": 2, "enabled": 0, "description": "test2"},
    ]
    answer = (await vendor.call("PUT", f"{CONFIG}/blacklist/batch", rows)).json()["data"]
    assert answer == {
        "successCount": 1,
        "failedCount": 1,
        "details": ["NO【2】,【numberType】,Content【2】,【Reference:1-number】"],  # as at line 1007
    }
