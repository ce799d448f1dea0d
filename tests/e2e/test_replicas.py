"""Two gateway processes sharing one real Redis: one rate limit, one execution per Idempotency-Key."""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from adapters.registry import AdapterRegistry
from tests.support.processes import DemoProcess, demo_process, free_port, wait_until_healthy
from tests.support.redis_server import redis_server

pytestmark = pytest.mark.e2e

KEY = "replicas-key"


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    folder = tmp_path_factory.mktemp("replicas")
    with redis_server() as redis_url, demo_process("simulators-only") as simulators:
        processes, urls = _start(folder, redis_url, simulators)
        try:
            for url in urls:
                wait_until_healthy(url)
            yield urls
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
                process.wait(30)


def _start(folder: Path, redis_url: str, simulators: DemoProcess) -> tuple[list[subprocess.Popen[bytes]], list[str]]:
    kit = AdapterRegistry.from_entry_points().get("flashai").simulator()
    assert kit is not None
    account = {"vendor": "flashai", **kit.account_config(base_url=simulators.simulators["flashai-demo"])}
    account["quota"] = {"rate": 2, "burst": 2, "max_wait": 0}
    config = {
        "state": {"redis_url": {"env": "TEST_REDIS_URL"}},
        "accounts": {"flashai-cn": account},
        "callers": {
            "crm": {
                "key_sha256": [hashlib.sha256(KEY.encode()).hexdigest()],
                "accounts": ["flashai-cn"],
                "default_account": "flashai-cn",
                "scopes": ["read", "write", "dial"],
            }
        },
    }
    path = folder / "switchboard.yaml"
    path.write_text(yaml.safe_dump(config))
    urls, processes = [], []
    for number in range(2):
        port = free_port()
        log = (folder / f"replica-{number}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "gateway.cli", "serve", "--config", str(path), "--port", str(port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=os.environ | {"TEST_REDIS_URL": redis_url},
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    return processes, urls


async def test_one_rate_limit_across_replicas(replicas: list[str]) -> None:
    headers = {"authorization": f"Bearer {KEY}"}
    async with httpx.AsyncClient(headers=headers, timeout=10) as http:
        answers = [(await http.get(f"{replicas[n % 2]}/v1/caller-ids")).status_code for n in range(8)]
    # burst 2 + 2/s: over ~a quarter of a second at most three pass in all; per replica it would be 4+.
    assert answers.count(200) <= 3, answers
    assert answers.count(429) >= 5, answers


async def test_one_execution_per_idempotency_key_across_replicas(replicas: list[str]) -> None:
    headers = {"authorization": f"Bearer {KEY}", "idempotency-key": "replicated-create"}
    async with httpx.AsyncClient(headers=headers, timeout=20) as http:
        await asyncio.sleep(1.5)  # let the shared quota refill
        scripts = (await http.get(f"{replicas[0]}/v1/scripts")).json()
        await asyncio.sleep(1.0)
        body = {
            "name": "replicated",
            "script_id": scripts["items"][0]["id"],
            "contacts": [{"phone": "+8613800138000"}],
        }
        answers = await asyncio.gather(*(http.post(f"{url}/v1/campaigns", json=body) for url in replicas))
        await asyncio.sleep(1.0)
        replay = await http.post(f"{replicas[1]}/v1/campaigns", json=body)
    statuses = sorted(a.status_code for a in answers)
    assert statuses in ([201, 201], [201, 409]), [a.text for a in answers]
    assert all(a.json().get("vendor_code") != "101007" for a in answers)  # FlashAI never saw a second addPlan
    created = next(a for a in answers if a.status_code == 201)
    assert replay.status_code == 201
    assert replay.headers["idempotency-replayed"] == "true"
    assert replay.json() == created.json()
