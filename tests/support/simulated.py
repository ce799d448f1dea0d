"""A gateway wired in-process to vendor simulators: one account per simulated vendor."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from litestar.testing import AsyncTestClient

from adapters.faults import FaultInjector
from adapters.registry import AdapterRegistry
from adapters.simulation import SimClock
from gateway.app import create_app
from gateway.config import parse_config
from gateway.demo import demo_config, simulator_kits
from gateway.observability.telemetry import Telemetry

DEMO_KEY = "conformance-key"
# A Monday, 10:00 in Shanghai: inside every vendor's default calling hours.
SIM_START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def simulated_vendors() -> list[str]:
    return sorted(simulator_kits(AdapterRegistry.from_entry_points()))


def account_name(vendor: str) -> str:
    return f"{vendor.replace('_', '-')}-demo"


class Simulated:
    """The client, the simulators' shared clock, and a fault injector in front of each simulator."""

    def __init__(self, client: AsyncTestClient[Any], clock: SimClock, faults: dict[str, FaultInjector]) -> None:
        self.client = client
        self.clock = clock
        self.faults = faults


@asynccontextmanager
async def simulated_gateway(
    vendors: list[str] | None = None,
    *,
    telemetry: Telemetry | None = None,
    account_settings: dict[str, Any] | None = None,
    transport_wrapper: Callable[[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport] | None = None,
) -> AsyncIterator[Simulated]:
    """The demo configuration, but with simulators mounted through `httpx.ASGITransport`."""
    registry = AdapterRegistry.from_entry_points()
    kits = {v: k for v, k in simulator_kits(registry).items() if vendors is None or v in vendors}
    clock = SimClock.frozen(SIM_START.timestamp())
    base_urls = {vendor: f"http://{vendor.replace('_', '-')}.sim" for vendor in kits}
    raw = demo_config(kits, base_urls, DEMO_KEY)
    for account in raw["accounts"].values():
        account.update(account_settings or {})
    config = parse_config(raw, {})
    wrap = transport_wrapper or (lambda transport: transport)
    faults = {vendor: FaultInjector(kit.create_app(clock=clock)) for vendor, kit in kits.items()}
    transports = {account_name(vendor): wrap(httpx.ASGITransport(app=faults[vendor])) for vendor in kits}
    clocks = {account_name(vendor): clock.now for vendor in kits}
    app = create_app(config, registry=registry, transports=transports, clocks=clocks, telemetry=telemetry)
    async with AsyncTestClient(app, raise_server_exceptions=False) as client:
        client.headers["authorization"] = f"Bearer {DEMO_KEY}"
        yield Simulated(client, clock, faults)
