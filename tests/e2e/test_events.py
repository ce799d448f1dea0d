"""End to end with real processes: campaigns created through a `switchboard serve` gateway on the
demo's vendor simulators, which dial and call the gateway back over loopback HTTP; a loopback
subscriber verifies every webhook with the Standard Webhooks reference implementation.

1. Each result reaches the subscriber as a signed CloudEvent, exactly as `GET /v1/events` serves it.
2. A gateway killed (SIGKILL) after acknowledging the callbacks but before delivering them - the
   subscriber is down - delivers every event after a restart on the same outbox, repeats only under
   the same event id.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from adapters.registry import AdapterRegistry
from tests.events.support import WEBHOOK_SECRET, Subscriber, running
from tests.support.processes import DemoProcess, demo_process, free_port, wait_until_healthy

pytestmark = pytest.mark.e2e

KEY = "events-e2e-key"
CONTACTS = ["+8613800138000", "+8613900139000", "+8615000150000"]
ACCOUNTS = {"flashai-e2e": ("flashai", "flashai-demo"), "huawei-e2e": ("huawei_cec", "huawei-cec-demo")}


@pytest.fixture(scope="module")
def simulators() -> Iterator[DemoProcess]:
    with demo_process("events-e2e-simulators") as demo:
        yield demo


class Gateway:
    """`switchboard serve` on a fixed port with one outbox file, killable and restartable."""

    def __init__(self, folder: Path, simulators: DemoProcess, subscriber: Subscriber) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.outbox = folder / "outbox.sqlite3"
        self.config = folder / "switchboard.yaml"
        self.config.write_text(yaml.safe_dump(self._config(simulators, subscriber)))
        self.process: subprocess.Popen[bytes] | None = None
        self.runs = 0

    def _config(self, simulators: DemoProcess, subscriber: Subscriber) -> dict[str, Any]:
        registry = AdapterRegistry.from_entry_points()
        accounts = {}
        for name, (vendor, demo_account) in ACCOUNTS.items():
            kit = registry.get(vendor).simulator()
            assert kit is not None
            # The banner lists a simulator's URL once per interface family, comma-separated.
            base_url = simulators.simulators[demo_account].rstrip(",")
            accounts[name] = {"vendor": vendor, **kit.account_config(base_url=base_url)}
        return {
            "accounts": accounts,
            "callers": {
                "crm": {
                    "key_sha256": [hashlib.sha256(KEY.encode()).hexdigest()],
                    "accounts": sorted(accounts),
                    "default_account": "flashai-e2e",
                    "scopes": ["read", "write", "dial"],
                    "webhooks": [{"url": subscriber.url, "secret": WEBHOOK_SECRET, "name": "e2e"}],
                }
            },
            "events": {
                "public_base_url": self.url,
                "callback_secret": {"env": "E2E_CALLBACK_SECRET"},
                "outbox": {"path": str(self.outbox)},
                # Quick retries; a lease a killed gateway leaves behind expires within seconds.
                "delivery": {
                    "backoff_seconds": [0.5, 1, 2],
                    "max_age_hours": 1,
                    "timeout_seconds": 2,
                    "lease_seconds": 3,
                    "poll_seconds": 0.1,
                },
                "retention_hours": 2,
            },
        }

    def start(self) -> None:
        self.runs += 1
        log = (self.folder / f"gateway-{self.runs}.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gateway.cli", "serve", "--config", str(self.config), "--port", str(self.port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=os.environ | {"E2E_CALLBACK_SECRET": "events-e2e-master-secret-0123456789"},
        )
        wait_until_healthy(self.url)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(30)

    def deliveries(self) -> dict[str, int]:
        with sqlite3.connect(self.outbox) as db:
            return dict(db.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status").fetchall())


@asynccontextmanager
async def gateway(tmp_path: Path, simulators: DemoProcess, subscriber: Subscriber) -> AsyncIterator[Gateway]:
    running_gateway = Gateway(tmp_path, simulators, subscriber)
    running_gateway.start()
    try:
        yield running_gateway
    finally:
        running_gateway.stop()


def client(gw: Gateway) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=gw.url, headers={"authorization": f"Bearer {KEY}"}, timeout=15)


async def create_campaigns(http: httpx.AsyncClient, name: str) -> dict[str, str]:
    """A FlashAI batch and a started Huawei campaign, through the gateway's public API."""
    created = {}
    for account in ACCOUNTS:
        headers = {"switchboard-account": account}
        script = (await http.get("/v1/scripts", headers=headers)).json()["items"][0]["id"]
        body: dict[str, Any] = {"name": name, "script_id": script, "contacts": [{"phone": p} for p in CONTACTS]}
        if account == "huawei-e2e":
            body["caller_ids"] = [(await http.get("/v1/caller-ids", headers=headers)).json()["items"][0]["id"]]
        answer = await http.post("/v1/campaigns", json=body, headers=headers)
        assert answer.status_code == 201, answer.text
        created[account] = answer.json()["campaign"]["id"]
        if account == "huawei-e2e":
            assert (await http.post(f"/v1/campaigns/{created[account]}/start", headers=headers)).status_code == 200
    return created


async def feed(http: httpx.AsyncClient) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = (await http.get("/v1/events", params={"limit": 500} | ({"after": cursor} if cursor else {}))).json()
        if not page["items"]:
            return items
        items += page["items"]
        cursor = page["next_cursor"]


async def every_contact_reported(http: httpx.AsyncClient, campaigns: dict[str, str]) -> list[dict[str, Any]]:
    """The feed, once each contact of each campaign has at least one result in it."""
    for _ in range(600):
        events = await feed(http)
        reported = {
            (event["data"]["campaign_id"], event["data"]["phone"])
            for event in events
            if event["type"] == "switchboard.contact.result"
        }
        if reported >= {(campaign, phone) for campaign in campaigns.values() for phone in CONTACTS}:
            return events
        await asyncio.sleep(0.1)
    raise AssertionError(f"results missing; the feed holds {len(events)} events")


async def delivered(subscriber: Subscriber, event_ids: set[str]) -> list[dict[str, Any]]:
    """The verified webhooks, once every event in `event_ids` has been delivered."""
    for _ in range(600):
        verified = subscriber.verified()  # raises if any signature does not verify
        if event_ids <= {event["id"] for event in verified}:
            return verified
        await asyncio.sleep(0.1)
    raise AssertionError(f"{len(event_ids - {e['id'] for e in subscriber.verified()})} events never delivered")


async def test_each_result_reaches_the_subscriber_signed_exactly_as_the_feed_serves_it(
    tmp_path: Path, simulators: DemoProcess
) -> None:
    subscriber = Subscriber()
    async with running(subscriber), gateway(tmp_path, simulators, subscriber) as gw, client(gw) as http:
        campaigns = await create_campaigns(http, "events-e2e-push")
        events = await every_contact_reported(http, campaigns)
        received = await delivered(subscriber, {event["id"] for event in events})
    by_id = {event["id"]: event for event in received}
    for event in events:
        assert by_id[event["id"]] == event  # the same CloudEvent, pushed and pulled
        assert event["specversion"] == "1.0"
        assert event["source"] in {f"/switchboard/accounts/{account}" for account in ACCOUNTS}
    results = [e for e in events if e["type"] == "switchboard.contact.result"]
    assert {e["data"]["campaign_id"] for e in results} == set(campaigns.values())
    assert len(received) == len(by_id)  # each delivered once while all went well


async def test_a_gateway_killed_before_delivering_delivers_everything_after_a_restart(
    tmp_path: Path, simulators: DemoProcess
) -> None:
    subscriber = Subscriber()  # down until the gateway has been killed
    async with gateway(tmp_path, simulators, subscriber) as gw:
        async with client(gw) as http:
            campaigns = await create_campaigns(http, "events-e2e-kill")
            before = await every_contact_reported(http, campaigns)
        stored = gw.deliveries()
        assert stored.get("delivered", 0) == 0
        assert stored["pending"] >= len(before)  # acknowledged to the vendors, not yet delivered
        gw.kill()
        async with running(subscriber):
            gw.start()  # same port, same outbox
            async with client(gw) as http:
                after = await feed(http)
                await delivered(subscriber, {event["id"] for event in after})
            await asyncio.sleep(1.0)  # anything still in flight arrives too
            received = subscriber.verified()
    assert {e["id"] for e in before} <= {e["id"] for e in after}  # nothing stored before the kill was lost
    assert {e["id"] for e in received} == {e["id"] for e in after}
    # Repeats carry the same event id (webhook-id) and the same body, so subscribers can drop them.
    bodies: dict[str, set[bytes]] = {}
    for request in subscriber.accepted():
        bodies.setdefault(request.headers["webhook-id"], set()).add(request.body)
    assert all(len(variants) == 1 for variants in bodies.values())
    assert set(bodies) == {e["id"] for e in after}
    assert gw.deliveries().get("pending", 0) == 0
