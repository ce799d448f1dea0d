"""End to end: the real `switchboard demo` process, over loopback HTTP, with the demo key."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.processes import DemoProcess, demo_process
from tests.support.scenarios import Client, campaign_slice

pytestmark = pytest.mark.e2e

DEMO_KEY = "e2e-demo-key"


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoProcess]:
    with demo_process(DEMO_KEY) as running:
        yield running


async def test_openapi_and_vertical_slice_over_http(demo: DemoProcess) -> None:
    url = demo.url
    async with httpx.AsyncClient(base_url=url, headers={"authorization": f"Bearer {DEMO_KEY}"}, timeout=10) as http:
        document = (await http.get("/schema/openapi.json")).json()
        assert document["openapi"].startswith("3.1")
        assert "/v1/campaigns/{campaign_id}/pause" in document["paths"]
        assert (await http.get("/readyz")).json()["status"] == "ready"
        client = Client(http, account="flashai-demo")

        async def wait_for_dialling(campaign_id: str, _seconds: float) -> None:
            # Demo simulators dial in real time, quickly: wait for the first result.
            for _attempt in range(100):
                await asyncio.sleep(0.1)
                stats = await client.request("GET", f"/v1/campaigns/{campaign_id}/stats", 200)
                if stats["completed"] > 0:
                    return

        record = await campaign_slice(client, f"e2e-{int(time.time())}", wait_for_dialling)
    assert record["created"]["contacts"]["added"] == 4
    assert record["stats"]["completed"] >= 1
    assert record["calls"]


def test_sigterm_stops_everything_cleanly(demo: DemoProcess) -> None:
    url, process = demo.url, demo.process
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=20)
    output = demo.output()
    assert process.returncode == 0, output
    assert "Switchboard demo stopped." in output
    assert "Traceback" not in output
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/healthz", timeout=2)
