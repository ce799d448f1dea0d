"""The simulator is as strict as the vendor: hand-built requests, signed here, tampered with on purpose.

C2 (4.3): a wrong signature, a stale timestamp, a missing signed header or an unsigned host get
HTTP 401. C1 (4.2): requests without a valid, unexpired token of the same app get HTTP 401.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from adapters.huawei_cec.signing import SigningDialect, TimestampFormat, sign
from adapters.huawei_cec.simulator import (
    SIM_ACCESS_KEY,
    SIM_APP_KEY,
    SIM_APP_SECRET,
    SIM_SECRET_KEY,
    HuaweiCecSimulatorKit,
    HuaweiSimulator,
    ServerDialect,
)
from adapters.simulation import SimClock
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError
from contracts.paging import PageRequest
from tests.adapters.huawei_cec.conftest import BASE_URL, START, connect

HOST = "cec.huawei.sim:28443"
JSON_TYPE = "application/json;charset=UTF-8"
STATISTICS = "/rest/isales/v2/openapi/campaigns/170/statistics"
CAMPAIGNS = "/rest/isales/v2/openapi/campaigns/170"


@pytest.fixture
async def http(sim: HuaweiSimulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim), base_url=BASE_URL) as client:
        yield client


def signed_headers(
    method: str,
    path: str,
    *,
    now: float,
    body: str | None = None,
    query: dict[str, str] | None = None,
    extra: dict[str, str] | None = None,
    secret: str = SIM_SECRET_KEY,
    access_key: str = SIM_ACCESS_KEY,
    timestamp: TimestampFormat = TimestampFormat.MILLIS,
) -> dict[str, str]:
    headers = {"host": HOST, "Content-Type": JSON_TYPE, **(extra or {})}
    if body:
        headers["Content-Length"] = str(len(body.encode()))
    signature = sign(
        method=method,
        uri=path,
        query=query,
        headers=headers,
        body=body,
        access_key=access_key,
        secret_key=secret,
        timestamp_ms=int(now * 1000),
        dialect=SigningDialect(timestamp=timestamp),
    )
    return {**headers, "Authorization": signature.authorization}


async def get_statistics(http: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await http.get(STATISTICS, params={"campaignId": "1"}, headers=headers)


# -- C2 signatures -----------------------------------------------------------------------------------


async def test_a_correctly_signed_request_is_answered(http: httpx.AsyncClient, clock: SimClock) -> None:
    headers = signed_headers("GET", STATISTICS, now=clock.now(), query={"campaignId": "1"})
    response = await get_statistics(http, headers)
    assert response.status_code == 200
    assert response.json() == {"countDetail": []}


async def test_a_timestamp_without_milliseconds_is_accepted(http: httpx.AsyncClient, clock: SimClock) -> None:
    headers = signed_headers(
        "GET", STATISTICS, now=clock.now(), query={"campaignId": "1"}, timestamp=TimestampFormat.SECONDS
    )
    assert (await get_statistics(http, headers)).status_code == 200


@pytest.mark.parametrize("skew", [-16 * 60, 16 * 60])
async def test_a_stale_or_early_timestamp_is_refused(http: httpx.AsyncClient, clock: SimClock, skew: int) -> None:
    headers = signed_headers("GET", STATISTICS, now=clock.now() + skew, query={"campaignId": "1"})
    response = await get_statistics(http, headers)
    assert response.status_code == 401
    assert "timestamp" in response.json()["resultDesc"]
    fresh = signed_headers("GET", STATISTICS, now=clock.now() - 10 * 60, query={"campaignId": "1"})
    assert (await get_statistics(http, fresh)).status_code == 200


async def test_a_tampered_query_or_body_is_refused(http: httpx.AsyncClient, clock: SimClock) -> None:
    headers = signed_headers("GET", STATISTICS, now=clock.now(), query={"campaignId": "1"})
    response = await http.get(STATISTICS, params={"campaignId": "2"}, headers=headers)
    assert response.status_code == 401
    body = json.dumps({"name": "x"})
    signed = signed_headers("POST", CAMPAIGNS, now=clock.now(), body=body)
    tampered = await http.post(CAMPAIGNS, content=json.dumps({"name": "y"}).encode(), headers=signed)
    assert tampered.status_code == 401
    assert "signature" in tampered.json()["resultDesc"]


async def test_a_missing_signed_header_is_refused(http: httpx.AsyncClient, clock: SimClock) -> None:
    headers = signed_headers("GET", STATISTICS, now=clock.now(), query={"campaignId": "1"}, extra={"x-trace": "1"})
    del headers["x-trace"]
    response = await get_statistics(http, headers)
    assert response.status_code == 401
    assert "x-trace is missing" in response.json()["resultDesc"]


async def test_an_unsigned_host_is_refused(http: httpx.AsyncClient, clock: SimClock) -> None:
    headers = signed_headers("GET", STATISTICS, now=clock.now(), query={"campaignId": "1"})
    version, key, stamp, _names, signature = headers["Authorization"].split("/")
    headers["Authorization"] = "/".join((version, key, stamp, "content-type", signature))
    response = await get_statistics(http, headers)
    assert response.status_code == 401
    assert "host" in response.json()["resultDesc"]


@pytest.mark.parametrize(("access_key", "secret"), [("someone-else", SIM_SECRET_KEY), (SIM_ACCESS_KEY, "wrong-secret")])
async def test_wrong_credentials_are_refused(
    http: httpx.AsyncClient, clock: SimClock, access_key: str, secret: str
) -> None:
    headers = signed_headers(
        "GET", STATISTICS, now=clock.now(), query={"campaignId": "1"}, access_key=access_key, secret=secret
    )
    assert (await get_statistics(http, headers)).status_code == 401
    unsigned = await http.get(STATISTICS, params={"campaignId": "1"})
    assert unsigned.status_code == 401


async def test_unknown_paths_and_methods(http: httpx.AsyncClient, clock: SimClock) -> None:
    path = "/rest/isales/v1/openapi/campaigns/170/nothing"
    assert (await http.get(path, headers=signed_headers("GET", path, now=clock.now()))).status_code == 404
    wrong = signed_headers("DELETE", STATISTICS, now=clock.now())
    assert (await http.delete(STATISTICS, headers=wrong)).status_code == 405


# -- C1 tokens -----------------------------------------------------------------------------------------


async def token(http: httpx.AsyncClient, lifetime: str = "600") -> httpx.Response:
    return await http.post(
        "/apigovernance/api/oauth/tokenByAkSk",
        json={"app_key": SIM_APP_KEY, "app_secret": SIM_APP_SECRET},
        headers={"X-Token-Expire": lifetime},
    )


async def flows(http: httpx.AsyncClient, access_token: str | None, app_key: str = SIM_APP_KEY) -> httpx.Response:
    headers = {"X-APP-Key": app_key}
    if access_token is not None:
        headers["Authorization"] = f"Bearer {access_token}"
    return await http.post("/apiaccess/rest/cc-management/v1/ivrFlow/queryIVRFlowList", json={}, headers=headers)


async def test_the_token_answer_follows_the_example_of_4_2(http: httpx.AsyncClient, clock: SimClock) -> None:
    answer = (await token(http, "60")).json()
    assert set(answer) == {"AccessToken", "ApplyType", "CreateTime", "Expires", "Scope", "AppKey", "UserID"}
    assert (answer["ApplyType"], answer["Expires"], answer["CreateTime"]) == ("Bearer", "60", str(int(START)))


async def test_tokens_expire_and_are_tied_to_their_app(http: httpx.AsyncClient, clock: SimClock) -> None:
    access_token = (await token(http, "60")).json()["AccessToken"]
    assert (await flows(http, access_token)).status_code == 200
    assert (await flows(http, access_token, app_key="another-app")).status_code == 401
    assert (await flows(http, None)).status_code == 401
    assert (await flows(http, "made-up")).status_code == 401
    clock.advance(60)
    assert (await flows(http, access_token)).status_code == 401


async def test_token_requests_are_checked(http: httpx.AsyncClient) -> None:
    assert (await token(http, "3601")).status_code == 400
    wrong = await http.post("/apigovernance/api/oauth/tokenByAkSk", json={"app_key": SIM_APP_KEY, "app_secret": "x"})
    assert wrong.status_code == 401
    assert (await http.get("/apigovernance/api/oauth/tokenByAkSk")).status_code == 405
    access_token = (await token(http)).json()["AccessToken"]
    broken = await http.post(
        "/apiaccess/rest/cc-management/v1/agentAccount/query",
        content=b"{not json",
        headers={"Authorization": f"Bearer {access_token}", "X-APP-Key": SIM_APP_KEY},
    )
    assert broken.status_code == 400


# -- the readings of 4.3 the server may hold --------------------------------------------------------


@pytest.mark.parametrize(
    "dialect",
    [
        ServerDialect(query_line="always"),
        ServerDialect(value_encoding="normalize_path"),
        ServerDialect(percent_sign="bare_hex"),
    ],
)
async def test_the_adapter_follows_the_reading_its_account_names(dialect: ServerDialect, ctx: OperationContext) -> None:
    kit = HuaweiCecSimulatorKit(signing=dialect)
    sim = kit.create_app(clock=SimClock.frozen(START))
    matching = connect(sim, kit)  # the kit's account block names the same reading
    assert (await matching.list_dnc(ctx, page=PageRequest())).items == []
    demo = connect(
        sim,
        kit,
        options={"signature": {"query_line": "when_present", "value_encoding": "normalize", "percent_sign": "percent"}},
    )
    with pytest.raises(GatewayError) as caught:
        await demo.list_dnc(ctx, page=PageRequest())
    assert (caught.value.code, caught.value.status) == (ErrorCode.VENDOR_AUTH_FAILED, 502)
    await matching.aclose()
    await demo.aclose()


async def test_the_spaced_content_type_of_the_tables_is_sent_exactly_as_signed(
    sim: HuaweiSimulator, kit: HuaweiCecSimulatorKit, ctx: OperationContext
) -> None:
    adapter = connect(sim, kit, options={"signature": {"content_type": "application/json; charset=UTF-8"}})
    await adapter.list_dnc(ctx, page=PageRequest())
    (request,) = [r for r in sim.received if r.path.endswith("/blocklist/query")]
    assert request.headers["content-type"] == "application/json; charset=UTF-8"
    assert "content-type" in request.headers["authorization"].split("/")[3].split(";")
    await adapter.aclose()


# -- business rules the adapter must not be able to get past ----------------------------------------


async def isales_post(http: httpx.AsyncClient, clock: SimClock, path: str, body: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(body)
    response = await http.post(
        path, content=text.encode(), headers=signed_headers("POST", path, now=clock.now(), body=text)
    )
    assert response.status_code == 200
    answer: dict[str, Any] = response.json()
    return answer


def campaign_body(**changes: Any) -> dict[str, Any]:
    body = {
        "name": "raw",
        "strBeginTime": "2026-03-02 00:00:00",
        "strEndTime": "2026-03-09 23:59:59",
        "deviceType": 3,
        "callerNo": [{"accessCode": "9911411", "priority": 1}],
        "maxAlertingTime": 30,
        "scheduleParam": {"workdayBeginTime1": "09:00", "workdayEndTime1": "18:00"},
        "ivrParam": {"deviceSign": "90501", "callCount": 1, "callInterval": 3},
        "callBackUrl": "https://example.com/results",  # the examples' spelling is accepted too
        "retryPolicy": {
            "policyType": 1,
            "policyJson": "[{'dataType':'SI','type':1,'policy':{'result':4,'retryNumber':3,'callInterval':600}}]",
        },
        "initStatus": 1,
    }
    return body | changes


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"strBeginTime": "2026-03-01 23:59:59"}, "0200002"),
        ({"ivrParam": {"deviceSign": "00000", "callCount": 1, "callInterval": 3}}, "0200001"),
        ({"callerNo": [{"accessCode": "4008001", "priority": 1}]}, "0200001"),  # inbound only
        ({"deviceType": 2, "skillParam": {"skillId": 99, "skillName": "x", "outBoundType": 2}}, "0200017"),
        ({"scheduleParam": {"workdayBeginTime1": "18:00", "workdayEndTime1": "09:00"}}, "02000009"),
        ({"retryPolicy": {"policyType": 0, "resultRetry": "not json"}}, "02000008"),
        ({"maxAlertingTime": 121}, "02000007"),
    ],
)
async def test_campaign_creation_rules(
    http: httpx.AsyncClient, clock: SimClock, changes: dict[str, Any], code: str
) -> None:
    answer = await isales_post(http, clock, CAMPAIGNS, campaign_body(**changes))
    assert answer["resultCode"] == code


async def test_call_data_rules(http: httpx.AsyncClient, clock: SimClock, sim: HuaweiSimulator) -> None:
    sim.vendor.outbound.calldata_min_interval = 0
    created = await isales_post(http, clock, CAMPAIGNS, campaign_body())
    assert created["returnObject"]["id"] == 1001
    path = "/rest/isales/v2/openapi/campaigns/170/calldata/1001"

    def records(*numbers: str) -> dict[str, Any]:
        return {"callDataList": [{"called": [{"calledNo": n}]} for n in numbers]}

    assert (await isales_post(http, clock, path, records(*(f"1380000{i:04d}" for i in range(21)))))[
        "resultCode"
    ] == "0200029"
    assert (await isales_post(http, clock, path, records("13800000001", "13800000001")))["resultCode"] == "0200018"
    assert (await isales_post(http, clock, path, records("138-0000")))["resultCode"] == "02000002"
    assert (await isales_post(http, clock, path, records("13800000001")))["returnObject"] == {"totalSize": 1}
    sim.vendor.outbound.calldata_min_interval = 60
    assert (await isales_post(http, clock, path, records("13800000002")))["resultCode"] == "0200022"


async def test_the_detail_answer_has_the_shape_of_the_7_1_6_example(http: httpx.AsyncClient, clock: SimClock) -> None:
    await isales_post(http, clock, CAMPAIGNS, campaign_body())
    path = "/rest/isales/v1/openapi/campaigns/170/1001"
    detail = (await http.get(path, headers=signed_headers("GET", path, now=clock.now()))).json()["returnObject"]
    assert (detail["strBeginTime"], detail["strEndTime"], detail["status"]) == ("2026-03-02", "2026-03-09", 3)
    assert detail["callerNo"] == "9911411"
    assert detail["callBackUrl"] == "https://example.com/results"
    assert detail["scheduleParam"]["workdayBeginTime2"] is None
    assert dt.date.fromisoformat(detail["strBeginTime"])
