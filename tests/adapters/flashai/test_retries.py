"""Which FlashAI requests are repeated after a failure, and that every repetition is signed afresh.

Reads go through `VendorHttp.retrying` as idempotent; writes do not repeat (FlashAI has no
idempotency key). A transport in front of the simulator fails chosen endpoints first.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from adapters.flashai import FlashAIAdapter
from adapters.flashai.simulator import SIM_CLIENT_SECRET, SIM_USER_ID, FlashAISimulator, FlashAISimulatorKit
from adapters.flashai.simulator.auth import vendor_signature
from adapters.flashai.simulator.dialler import BatchState
from contracts.campaigns import CampaignCreate
from contracts.contacts import Contact
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError
from contracts.paging import PageRequest
from tests.adapters.flashai.conftest import account

SYSTEM_ERROR = httpx.Response(200, json={"code": "1004", "msg": "系统处理异常", "success": False, "body": None})


class FailingFirst(httpx.AsyncBaseTransport):
    """Answers `failures[endpoint]` requests of an endpoint with `answer` (default HTTP 503) before
    letting them reach the simulator; every failure moves the simulated clock on by a second."""

    def __init__(self, sim: FlashAISimulator, failures: dict[str, int], answer: httpx.Response | None = None) -> None:
        self.sim = sim
        self.inner = httpx.ASGITransport(app=sim)
        self.failures = dict(failures)
        self.answer = answer
        self.refused: list[dict[str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        endpoint = request.url.path.rsplit("/", 1)[-1]
        if self.failures.get(endpoint, 0) > 0:
            self.failures[endpoint] -= 1
            self.refused.append(json.loads(request.content))
            self.sim.clock.advance(1)
            if self.answer is None:
                return httpx.Response(503)
            return httpx.Response(self.answer.status_code, content=self.answer.content, headers=self.answer.headers)
        return await self.inner.handle_async_request(request)


def failing(sim: FlashAISimulator, kit: FlashAISimulatorKit, transport: FailingFirst) -> FlashAIAdapter:
    return FlashAIAdapter(account(kit), transport=transport, clock=sim.clock.now)


async def test_a_read_is_retried_after_a_503_with_a_fresh_signature(
    sim: FlashAISimulator, kit: FlashAISimulatorKit, ctx: OperationContext
) -> None:
    transport = FailingFirst(sim, {"getCallLine": 2})
    adapter = failing(sim, kit, transport)
    lines = await adapter.list_caller_ids(ctx, page=PageRequest())
    assert [line.id for line in lines.items] == ["101", "202"]
    bodies = [*transport.refused, *(body for _, body in sim.received)]
    assert len(bodies) == 3
    assert len({body["nonce"] for body in bodies}) == 3
    assert len({body["timestamp"] for body in bodies}) == 3
    assert all(body["sign"] == vendor_signature(body, SIM_CLIENT_SECRET) for body in bodies)
    await adapter.aclose()


async def test_a_read_gives_up_after_the_accounts_attempts(
    sim: FlashAISimulator, kit: FlashAISimulatorKit, ctx: OperationContext
) -> None:
    transport = FailingFirst(sim, {"getCallLine": 5})
    adapter = failing(sim, kit, transport)
    with pytest.raises(GatewayError) as caught:
        await adapter.list_caller_ids(ctx, page=PageRequest())
    assert (caught.value.code, caught.value.retryable) == (ErrorCode.VENDOR_UNAVAILABLE, True)
    assert len(transport.refused) == 3
    await adapter.aclose()


async def test_a_read_answered_with_a_retryable_vendor_code_is_retried(
    sim: FlashAISimulator, kit: FlashAISimulatorKit, ctx: OperationContext
) -> None:
    transport = FailingFirst(sim, {"queryAgentGroup": 1}, answer=SYSTEM_ERROR)
    adapter = failing(sim, kit, transport)
    assert (await adapter.list_queues(ctx, page=PageRequest())).items
    assert len(transport.refused) == 1
    await adapter.aclose()


@pytest.mark.parametrize("answer", [None, SYSTEM_ERROR], ids=["http-503", "vendor-1004"])
async def test_a_write_is_never_repeated(
    sim: FlashAISimulator, kit: FlashAISimulatorKit, ctx: OperationContext, answer: httpx.Response | None
) -> None:
    transport = FailingFirst(sim, {"batchPlanPause": 1, "addPlan": 1}, answer=answer)
    adapter = failing(sim, kit, transport)
    campaign = CampaignCreate(name="b", script_id="T1001", contacts=[Contact(phone="+8613800138000")])
    with pytest.raises(GatewayError) as created:
        await adapter.create_campaign(ctx, campaign=campaign)
    assert created.value.retryable  # the caller may decide; the adapter does not
    assert (SIM_USER_ID, "b") not in sim.vendor.batches
    await adapter.create_campaign(ctx, campaign=campaign)
    with pytest.raises(GatewayError):
        await adapter.pause_campaign(ctx, campaign_id="b")
    assert [body.get("batchName") for body in transport.refused] == ["b", "b"]
    assert sim.vendor.batches[(SIM_USER_ID, "b")].state is BatchState.RUNNING
    assert [endpoint for endpoint, _ in sim.received].count("batchPlanPause") == 0
    await adapter.aclose()
