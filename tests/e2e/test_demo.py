"""End to end: the real `switchboard demo` process, over loopback HTTP, with the demo key."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.scenarios import Client, campaign_slice

pytestmark = pytest.mark.e2e

DEMO_KEY = "e2e-demo-key"


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "demo", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ | {"SWITCHBOARD_DEMO_KEY": DEMO_KEY},
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Press Ctrl-C" in line:
            break
    banner = "".join(lines)
    match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", banner)
    if match is None:
        process.kill()
        pytest.fail(f"demo did not start:\n{banner}")
    assert f"API key:    {DEMO_KEY}" in banner
    yield match.group(1), process
    if process.poll() is None:
        process.kill()
        process.wait(10)


async def test_openapi_and_vertical_slice_over_http(demo: tuple[str, subprocess.Popen[str]]) -> None:
    url, _ = demo
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


def test_sigterm_stops_everything_cleanly(demo: tuple[str, subprocess.Popen[str]]) -> None:
    url, process = demo
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=20)
    assert process.returncode == 0, output
    assert "Switchboard demo stopped." in output
    assert "Traceback" not in output
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/healthz", timeout=2)
