"""Shared pieces of the event-path tests: a loopback webhook subscriber and an in-process gateway
whose simulators call it back for real (through the gateway's own ASGI app)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from litestar import Litestar
from litestar.testing import AsyncTestClient
from standardwebhooks.webhooks import Webhook

from adapters.registry import AdapterRegistry
from adapters.simulation import SimClock, read_body
from gateway.app import create_app
from gateway.config import parse_config
from gateway.demo import demo_account, demo_config, simulator_kits
from gateway.events.settings import derived_callback_secret
from gateway.observability.telemetry import Telemetry
from gateway.runtime import Runtime
from tests.support.processes import free_port
from tests.support.simulated import SIM_START

KEY = "events-test-key"
OTHER_KEY = "events-other-key"
MASTER_SECRET = "events-master-secret-0123456789"
WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"switchboard-events-test-secret-32b").decode()
PUBLIC_URL = "http://gateway.test"
# Fast retries for tests: a failed delivery is tried again after 0.2 s, 0.4 s, then every 0.5 s.
FAST_DELIVERY = {"backoff_seconds": [0.2, 0.4, 0.5], "max_age_hours": 1, "poll_seconds": 0.05, "jitter": 0}


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def callback_path(account: str, secret: str | None = None) -> str:
    return f"/callbacks/{account}/{secret or derived_callback_secret(MASTER_SECRET, account)}"


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    status: int  # what the subscriber answered


@dataclass
class Subscriber:
    """A webhook receiver on a loopback port that answers `status` (2xx accepts) and keeps every
    request; `stop()` takes it off the network, `start()` brings it back on the same port."""

    port: int = field(default_factory=free_port)
    status: int = 200
    answer: bytes = b""  # the body of every answer
    received: list[Received] = field(default_factory=list)
    _server: uvicorn.Server | None = None
    _task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = await read_body(receive)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        status = self.status
        self.received.append(Received(headers, body, status))
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": self.answer})

    async def start(self) -> None:
        config = uvicorn.Config(self, host="127.0.0.1", port=self.port, lifespan="off", log_level="warning")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
            self._server = None

    def accepted(self) -> list[Received]:
        return [request for request in self.received if request.status < 300]

    def verified(self, secret: str = WEBHOOK_SECRET) -> list[dict[str, Any]]:
        """The body of every request answered 2xx, each verified with the Standard Webhooks
        reference implementation (which raises on any mismatch)."""
        webhook = Webhook(secret)
        events = []
        for request in self.accepted():
            event = webhook.verify(request.body, request.headers)
            assert request.headers["webhook-id"] == event["id"]
            assert request.headers["content-type"] == "application/cloudevents+json"
            events.append(event)
        return events

    async def wait_for(self, count: int, seconds: float = 10.0) -> None:
        deadline = asyncio.get_running_loop().time() + seconds
        while len(self.accepted()) < count:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{len(self.received)} webhook requests, expected {count}")
            await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def running(subscriber: Subscriber) -> AsyncIterator[Subscriber]:
    await subscriber.start()
    try:
        yield subscriber
    finally:
        await subscriber.stop()


def events_section(outbox: Path, **changes: Any) -> dict[str, Any]:
    return {
        "public_base_url": PUBLIC_URL,
        "callback_secret": MASTER_SECRET,
        "outbox": {"path": str(outbox), "backend": "sqlite"},
        "delivery": FAST_DELIVERY,
        **changes,
    }


@dataclass
class EventGateway:
    client: AsyncTestClient[Any]
    app: Litestar
    clock: SimClock
    simulators: dict[str, Any]  # vendor -> simulator app

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime

    async def pump(self, seconds: float = 0.0) -> None:
        """Let simulated time pass and every simulator send its callbacks."""
        self.clock.advance(seconds)
        for simulator in self.simulators.values():
            if getattr(simulator, "callbacks", None) is not None:  # Sobot's simulator sends none
                await simulator.callbacks.pump()

    async def feed(self, **params: Any) -> list[dict[str, Any]]:
        """Every event in the caller's feed, all pages."""
        items: list[dict[str, Any]] = []
        cursor = None
        while True:
            query = {"limit": 500, **params, **({"after": cursor} if cursor else {})}
            page = (await self.client.get("/v1/events", params=query)).json()
            items += page["items"]
            if not page["items"]:
                return items
            cursor = page["next_cursor"]


@contextlib.asynccontextmanager
async def event_gateway(
    outbox: Path,
    *,
    vendors: tuple[str, ...] = ("flashai", "huawei_cec"),
    webhooks: list[dict[str, Any]] | None = None,
    events: dict[str, Any] | None = None,
    extra_callers: dict[str, Any] | None = None,
    kits: dict[str, Any] | None = None,
    telemetry: Telemetry | None = None,
    adjust: Callable[[dict[str, Any]], None] | None = None,
) -> AsyncIterator[EventGateway]:
    """The demo configuration with the event path, simulators in-process on one simulated clock;
    each simulator's callbacks reach the gateway through its ASGI app, as a vendor's would."""
    registry = AdapterRegistry.from_entry_points()
    chosen = {vendor: kit for vendor, kit in simulator_kits(registry).items() if vendor in vendors}
    chosen |= kits or {}
    clock = SimClock.frozen(SIM_START.timestamp())
    base_urls = {vendor: f"http://{vendor.replace('_', '-')}.sim" for vendor in chosen}
    raw = demo_config(chosen, base_urls, KEY, events=events or events_section(outbox), webhooks=webhooks)
    raw["callers"] |= extra_callers or {}
    if adjust is not None:
        adjust(raw)
    config = parse_config(raw, {})
    simulators = {vendor: kit.create_app(clock=clock) for vendor, kit in chosen.items()}
    transports = {demo_account(v): httpx.ASGITransport(app=app) for v, app in simulators.items()}
    clocks = {demo_account(vendor): clock.now for vendor in chosen}
    app = create_app(config, registry=registry, transports=transports, clocks=clocks, telemetry=telemetry)
    for simulator in simulators.values():
        if getattr(simulator, "callbacks", None) is not None:
            simulator.callbacks.transport = httpx.ASGITransport(app=app)
    async with AsyncTestClient(app, raise_server_exceptions=False) as client:
        client.headers["authorization"] = f"Bearer {KEY}"
        yield EventGateway(client, app, clock, simulators)
