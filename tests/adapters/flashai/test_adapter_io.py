"""How the adapter talks to FlashAI: fresh signatures, re-signed retries, errors, settings."""

from __future__ import annotations

import itertools
import json

import httpx
import msgspec
import pytest

from adapters.flashai import FlashAIAdapter, signed_calls, signing
from adapters.flashai.simulator import SIM_CLIENT_SECRET, FlashAISimulator, FlashAISimulatorKit
from adapters.flashai.simulator.auth import vendor_signature
from contracts.adapter import AccountSpec, ConfigError
from contracts.campaigns import CampaignCreate
from contracts.contacts import Contact
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError
from contracts.paging import PageRequest
from tests.adapters.flashai.conftest import BASE_URL, account, connect


def a_campaign(name: str) -> CampaignCreate:
    return CampaignCreate(name=name, script_id="T1001", contacts=[Contact(phone="+8613800000001")])


async def test_every_request_is_signed_afresh(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    await adapter.create_campaign(ctx, campaign=a_campaign("one"))
    await adapter.create_campaign(ctx, campaign=a_campaign("two"))
    await adapter.list_scripts(ctx, page=PageRequest())  # getBotence and queryPlanParams
    bodies = [body for _, body in sim.received]
    assert len(bodies) == 4
    assert len({body["nonce"] for body in bodies}) == 4
    for body in bodies:
        assert body["sign"] == vendor_signature(body, SIM_CLIENT_SECRET)
        assert body["signType"] == "MD5"
        assert isinstance(body["timestamp"], str)
        assert len(body["timestamp"]) == 13


async def test_the_timestamp_can_be_sent_as_a_number(sim: FlashAISimulator, kit: FlashAISimulatorKit) -> None:
    adapter = connect(sim, kit, timestamp_as_string=False)
    await adapter.list_caller_ids(OperationContext(account="fa", request_id="t"), page=PageRequest())
    ((_, body),) = sim.received
    assert isinstance(body["timestamp"], int)
    await adapter.aclose()


async def test_the_adapter_never_reuses_a_nonce_even_when_drawn_twice(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    nonces = iter(["Twice1", "Twice1", "Fresh1"])
    monkeypatch.setattr(signed_calls, "new_nonce", lambda: next(nonces))
    await adapter.list_caller_ids(ctx, page=PageRequest())
    await adapter.list_caller_ids(ctx, page=PageRequest())
    assert [body["nonce"] for _, body in sim.received] == ["Twice1", "Fresh1"]


async def test_a_duplicate_nonce_answer_is_retried_once_with_a_fresh_nonce(
    adapter: FlashAIAdapter,
    ctx: OperationContext,
    sim: FlashAISimulator,
    kit: FlashAISimulatorKit,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A second gateway without shared state draws a nonce the vendor has already seen.
    nonces = iter(["Reused", "Reused", "Fresh1"])
    monkeypatch.setattr(signed_calls, "new_nonce", lambda: next(nonces))
    await adapter.list_caller_ids(ctx, page=PageRequest())
    unaware = connect(sim, kit)
    lines = await unaware.list_caller_ids(ctx, page=PageRequest())  # "Reused": 1002, then re-signed
    assert lines.items
    assert [body["nonce"] for _, body in sim.received] == ["Reused", "Reused", "Fresh1"]
    await unaware.aclose()


async def test_a_write_refused_for_its_nonce_is_re_signed_once(
    adapter: FlashAIAdapter,
    ctx: OperationContext,
    sim: FlashAISimulator,
    kit: FlashAISimulatorKit,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 1002 is the replay check refusing before anything ran: safe to resend even a write.
    nonces = itertools.chain(["Reused", "Reused", "Fresh1"], iter(signing.new_nonce, None))
    monkeypatch.setattr(signed_calls, "new_nonce", lambda: next(nonces))
    await adapter.list_caller_ids(ctx, page=PageRequest())
    unaware = connect(sim, kit)
    created = await unaware.create_campaign(ctx, campaign=a_campaign("one"))
    assert created.contacts.added == 1
    assert [endpoint for endpoint, _ in sim.received] == ["getCallLine", "addPlan", "addPlan"]
    await unaware.aclose()


async def test_a_read_refused_for_its_nonce_every_time_is_retried_then_reported(
    adapter: FlashAIAdapter,
    ctx: OperationContext,
    sim: FlashAISimulator,
    kit: FlashAISimulatorKit,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = [f"Seen{n:02d}" for n in range(6)]
    monkeypatch.setattr(signed_calls, "new_nonce", iter(seen).__next__)
    for _ in seen:  # the vendor sees all six
        await adapter.list_caller_ids(ctx, page=PageRequest())
    monkeypatch.setattr(signed_calls, "new_nonce", iter(seen).__next__)
    unaware = connect(sim, kit)
    with pytest.raises(GatewayError) as caught:
        await unaware.list_caller_ids(ctx, page=PageRequest())
    assert (caught.value.code, caught.value.vendor_code, caught.value.retryable) == (
        ErrorCode.VENDOR_REJECTED,
        "1002",
        True,
    )
    # Three attempts (the account's retry policy) of two sends each, every one refused.
    assert len(sim.received) == 6 + 3 * 2
    await unaware.aclose()


async def test_a_wrong_secret_is_a_gateway_auth_failure_that_never_shows_the_secret(
    sim: FlashAISimulator, kit: FlashAISimulatorKit, ctx: OperationContext
) -> None:
    spec = account(kit)
    wrong = "wrong-secret-do-not-leak"
    spec = msgspec.structs.replace(spec, credentials={**spec.credentials, "client_secret": wrong})
    adapter = FlashAIAdapter(spec, transport=httpx.ASGITransport(app=sim), clock=sim.clock.now)
    with pytest.raises(GatewayError) as caught:
        await adapter.list_scripts(ctx, page=PageRequest())
    error = caught.value
    assert (error.code, error.status, error.vendor_code) == (ErrorCode.VENDOR_AUTH_FAILED, 502, "1003")
    shown = json.dumps(msgspec.to_builtins(error.to_problem()), ensure_ascii=False)
    assert wrong not in shown
    assert wrong not in repr(adapter.settings)
    await adapter.aclose()


def answering(status: int, content: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, content=content))


@pytest.mark.parametrize(
    ("status", "content", "code"),
    [
        (404, b'{"status":404}', ErrorCode.VENDOR_BAD_RESPONSE),
        (200, b"<html>gateway</html>", ErrorCode.VENDOR_BAD_RESPONSE),
        (
            200,
            b'{"code":"0","success":true,"body":{"acceptCount":"many","endCount":0,"planCount":0}}',
            ErrorCode.VENDOR_BAD_RESPONSE,
        ),
        (200, b'{"code":"0","success":true,"body":null}', ErrorCode.VENDOR_BAD_RESPONSE),
        (503, b"", ErrorCode.VENDOR_UNAVAILABLE),
    ],
    ids=["http-404", "not-json", "bad-count", "no-body", "http-503"],
)
async def test_answers_the_adapter_cannot_read(
    kit: FlashAISimulatorKit, ctx: OperationContext, status: int, content: bytes, code: ErrorCode
) -> None:
    adapter = FlashAIAdapter(account(kit), transport=answering(status, content))
    with pytest.raises(GatewayError) as caught:
        await adapter.get_campaign(ctx, campaign_id="b")
    assert caught.value.code is code
    await adapter.aclose()


async def test_a_list_item_the_adapter_cannot_read_is_a_bad_response(
    kit: FlashAISimulatorKit, ctx: OperationContext
) -> None:
    content = b'{"code":"0","success":true,"body":{"lineList":"^no id^1"}}'
    adapter = FlashAIAdapter(account(kit), transport=answering(200, content))
    with pytest.raises(GatewayError) as caught:
        await adapter.list_caller_ids(ctx, page=PageRequest())
    assert caught.value.code is ErrorCode.VENDOR_BAD_RESPONSE
    await adapter.aclose()


async def test_requests_go_to_the_endpoint_under_the_base_url_as_json(
    kit: FlashAISimulatorKit, ctx: OperationContext
) -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"code": "0", "success": True, "body": {"lineList": "101^n^1"}})

    adapter = FlashAIAdapter(account(kit), transport=httpx.MockTransport(record))
    await adapter.list_caller_ids(ctx, page=PageRequest())
    (request,) = seen
    assert (request.method, str(request.url)) == ("POST", f"{BASE_URL}/getCallLine")
    assert request.headers["content-type"].startswith("application/json")
    await adapter.aclose()


# -- settings -------------------------------------------------------------------------------------


def spec_with(**changes: object) -> AccountSpec:
    base = account(FlashAISimulatorKit())
    return msgspec.structs.replace(base, **changes)


@pytest.mark.parametrize(
    ("changes", "path", "reason"),
    [
        ({"options": {"notify_url": "http://x"}}, "accounts.fa.options.user_id", "required"),
        (
            {"options": {"user_id": 1, "notify_url": "http://x", "colour": "red"}},
            "accounts.fa.options.colour",
            "unknown key",
        ),
        ({"credentials": {"client_id": "c"}}, "accounts.fa.credentials.client_secret", "required"),
        ({"base_urls": {"default": BASE_URL, "agents": BASE_URL}}, "accounts.fa.base_urls.agents", "unknown interface"),
    ],
)
def test_configuration_mistakes_name_the_key(changes: dict[str, object], path: str, reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        FlashAIAdapter(spec_with(**changes))
    assert caught.value.path == path
    assert reason in caught.value.reason


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("vendor_timezone", "Mars/Olympus"),
        ("phone_region", "XX"),
        ("call_list_layout", "sideways"),
        ("notify_url", "ftp://x"),
        ("variable_order", "alphabetical"),
        ("detail_list_style", "json"),
        ("agent_call_type", "2"),
        ("agent_add_type", ""),
        ("agent_id", ""),
    ],
)
def test_bad_option_values_are_refused(option: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        FlashAIAdapter(spec_with(options={"user_id": 1, "notify_url": "http://x", option: value}))
    assert caught.value.path.startswith("accounts.fa.options")
