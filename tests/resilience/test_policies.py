"""Quotas, circuit breaking, caller deadlines and graceful draining, through the public API."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from tests.support.simulated import simulated_gateway


class Outage(httpx.AsyncBaseTransport):
    """Passes requests to the simulator until `down`; then answers 503 (or hangs) and counts."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.down = False
        self.hang = 0.0
        self.refused = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.hang:
            await asyncio.sleep(self.hang)
        if self.down:
            self.refused += 1
            return httpx.Response(503, text="maintenance")
        return await self.inner.handle_async_request(request)


def outage_wrapper(holder: list[Outage]) -> Any:
    def wrap(transport: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
        holder.append(Outage(transport))
        return holder[-1]

    return wrap


async def test_the_quota_refuses_with_429_and_retry_after() -> None:
    quota = {"quota": {"rate": 1, "burst": 1, "max_wait": 0}}
    async with simulated_gateway(["flashai"], account_settings=quota) as sim:
        first = await sim.client.get("/v1/caller-ids")
        second = await sim.client.get("/v1/caller-ids")
        metrics = (await sim.client.get("/metrics")).text
    assert first.status_code == 200
    assert second.status_code == 429
    assert second.json()["code"] == "rate_limited"
    assert second.headers["retry-after"] == "1"
    assert 'switchboard_vendor_rate_limited_total{account="flashai-demo",limit="rate",vendor="flashai"} 1.0' in metrics


async def test_the_circuit_opens_fails_fast_and_closes_after_recovery() -> None:
    outages: list[Outage] = []
    settings = {"circuit": {"failure_threshold": 3, "open_seconds": 0.5}, "retries": {"max_attempts": 1}}
    async with simulated_gateway(
        ["flashai"], account_settings=settings, transport_wrapper=outage_wrapper(outages)
    ) as sim:
        outage = outages[0]
        outage.down = True
        failures = [await sim.client.get("/v1/caller-ids") for _ in range(3)]
        assert {f.status_code for f in failures} == {503}
        refused_by_vendor = outage.refused
        fast = await sim.client.get("/v1/caller-ids")
        assert fast.status_code == 503
        assert "not sending it requests" in fast.json()["detail"]
        assert int(fast.headers["retry-after"]) >= 1
        assert outage.refused == refused_by_vendor  # failed fast: the vendor was not asked
        metrics = (await sim.client.get("/metrics")).text
        assert 'switchboard_vendor_circuit_state{account="flashai-demo",vendor="flashai"} 2.0' in metrics
        outage.down = False
        await asyncio.sleep(0.6)
        assert (await sim.client.get("/v1/caller-ids")).status_code == 200  # the half-open probe
        assert (await sim.client.get("/v1/caller-ids")).status_code == 200
        metrics = (await sim.client.get("/metrics")).text
    assert 'switchboard_vendor_circuit_state{account="flashai-demo",vendor="flashai"} 0.0' in metrics


async def test_request_timeout_bounds_the_whole_request() -> None:
    outages: list[Outage] = []
    async with simulated_gateway(["flashai"], transport_wrapper=outage_wrapper(outages)) as sim:
        outages[0].hang = 5
        started = time.monotonic()
        answer = await sim.client.get("/v1/caller-ids", headers={"request-timeout": "0.3"})
        elapsed = time.monotonic() - started
        bad = await sim.client.get("/v1/caller-ids", headers={"request-timeout": "soon"})
    assert answer.status_code == 504
    assert answer.json()["code"] == "vendor_timeout"
    assert elapsed < 2
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["parameter"] == "Request-Timeout"


async def test_draining_refuses_new_work_and_lets_in_flight_work_finish() -> None:
    outages: list[Outage] = []
    async with simulated_gateway(["flashai"], transport_wrapper=outage_wrapper(outages)) as sim:
        outages[0].hang = 0.5
        slow = asyncio.create_task(sim.client.get("/v1/caller-ids"))
        await asyncio.sleep(0.1)
        runtime = sim.client.app.state.runtime  # type: ignore[attr-defined]
        drained = asyncio.create_task(runtime.drain(grace=5))
        await asyncio.sleep(0.05)
        ready = await sim.client.get("/readyz")
        refused = await sim.client.get("/v1/scripts")
        assert (await slow).status_code == 200
        await drained
    assert ready.status_code == 503
    assert ready.json()["status"] == "draining"
    assert refused.status_code == 503
    assert refused.json()["code"] == "unavailable"
