"""How the adapter reads what comes back, and what it accepts as configuration."""

from __future__ import annotations

from typing import Any

import httpx
import msgspec
import pytest

from adapters.sobot import SobotAdapter
from adapters.sobot.simulator import SobotSimulatorKit
from contracts.adapter import AccountSpec, ConfigError
from contracts.errors import ErrorCode, GatewayError
from contracts.paging import PageRequest
from tests.adapters.sobot.conftest import BASE_URL, START, account, ctx


def answering(status: int, content: bytes) -> httpx.MockTransport:
    """A vendor that issues tokens and answers every interface with `status` and `content`."""

    def vendor(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/tokens/"):
            return httpx.Response(200, json={"access_token": "eyJ.t", "expires_in": 86_400_000})
        return httpx.Response(status, content=content)

    return httpx.MockTransport(vendor)


async def failure(status: int, content: bytes) -> GatewayError:
    adapter = SobotAdapter(account(SobotSimulatorKit()), transport=answering(status, content), clock=lambda: START)
    with pytest.raises(GatewayError) as caught:
        await adapter.list_queues(ctx(), page=PageRequest())
    await adapter.aclose()
    return caught.value


@pytest.mark.parametrize(
    ("status", "content", "code", "vendor_code"),
    [
        (200, b"<html>gateway</html>", ErrorCode.VENDOR_BAD_RESPONSE, None),
        (404, b"<html>not here</html>", ErrorCode.NOT_FOUND, "404"),
        (200, b'{"status":"Success","code":200,"data":{"list":"nope"}}', ErrorCode.VENDOR_BAD_RESPONSE, None),
        (200, b'{"status":"Failure","code":400,"message":"pageSize too big"}', ErrorCode.INVALID_REQUEST, "400"),
        (400, b'{"status":"Failure","code":400,"message":"bad"}', ErrorCode.INVALID_REQUEST, "400"),
        (200, b'{"status":"Success","code":200,"retCode":"999999","retMsg":"?"}', ErrorCode.VENDOR_REJECTED, "999999"),
        (503, b"busy", ErrorCode.VENDOR_UNAVAILABLE, "HTTP 503"),
    ],
)
async def test_answers_that_are_not_a_success_become_neutral_errors(
    status: int, content: bytes, code: ErrorCode, vendor_code: str | None
) -> None:
    error = await failure(status, content)
    assert error.code is code
    if vendor_code is not None:
        assert error.vendor_code == vendor_code


async def test_the_documents_own_queue_list_answer_is_read() -> None:
    # Lines 314-340 with the missing "}" of the second item restored.
    content = (
        b'{"apiVersion":"6.3.0","status":"Success","code":200,"message":"Success","reason":"","kind":"QueueInfo",'
        b'"metaData":{},"data":{"list":[{"queueID":"1111","queueName":"queue1"},{"queueID":"2222","queueName":'
        b'"queue2"}],"currPage":1,"pageSize":50,"total":21}}'
    )
    adapter = SobotAdapter(account(SobotSimulatorKit()), transport=answering(200, content), clock=lambda: START)
    page = await adapter.list_queues(ctx(), page=PageRequest(limit=2))
    assert [(q.id, q.name) for q in page.items] == [("1111", "queue1"), ("2222", "queue2")]
    assert page.next_cursor == "2"  # 21 groups, 2 a page
    await adapter.aclose()


# -- settings -------------------------------------------------------------------------------------


def spec_with(**changes: Any) -> AccountSpec:
    return msgspec.structs.replace(account(SobotSimulatorKit()), **changes)


def options(**changes: Any) -> dict[str, Any]:
    return {**account(SobotSimulatorKit()).options, **changes}


@pytest.mark.parametrize(
    ("changes", "path", "reason"),
    [
        (
            {"options": {"data_template_code": "D", "wrap_up_template_code": "W"}},
            "accounts.sb.options.admin_agent",
            "required",
        ),
        ({"options": options(colour="red")}, "accounts.sb.options.colour", "unknown key"),
        ({"credentials": {"app_id": "a"}}, "accounts.sb.credentials.app_secret", "required"),
        ({"base_urls": {"default": BASE_URL}}, "accounts.sb.base_urls.ivr", "required"),
        (
            {"base_urls": {"default": BASE_URL, "ivr": BASE_URL, "cdr": BASE_URL}},
            "accounts.sb.base_urls.cdr",
            "unknown",
        ),
    ],
)
def test_configuration_mistakes_name_the_key(changes: dict[str, Any], path: str, reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        SobotAdapter(spec_with(**changes))
    assert caught.value.path == path
    assert reason in caught.value.reason


@pytest.mark.parametrize(
    "changes",
    [
        {"timezone": "Mars/Olympus"},
        {"phone_region": "XX"},
        {"remove_duplicates": "RemoveSome"},
        {"assign_rule": "AssignAppoint"},  # without assign_agents
        {"assign_agents": [{"agent_id": "a", "count": 1}]},  # without AssignAppoint
        {"advisory_fields": ["queue_id"]},
        {"expires_in_unit": "minutes"},
        {"import_chunk_size": 0},
        {"agent_states": {"1": "dancing"}},
    ],
)
def test_bad_option_values_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ConfigError) as caught:
        SobotAdapter(spec_with(options=options(**changes)))
    assert caught.value.path.startswith("accounts.sb.options")


def test_the_secret_never_shows_in_the_settings_repr() -> None:
    adapter = SobotAdapter(spec_with())
    assert "sobot-simulator-secret" not in repr(adapter.settings)
    assert "app_secret='***'" in repr(adapter.settings.credentials)
