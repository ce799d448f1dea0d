"""The Huawei CEC adapter wired to a fresh in-process simulator, sharing its clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx
import pytest

from adapters.huawei_cec import HuaweiCecAdapter
from adapters.huawei_cec.simulator import HuaweiCecSimulatorKit, HuaweiSimulator
from adapters.simulation import SimClock
from contracts.adapter import AccountSpec, RetryPolicy
from contracts.context import OperationContext

# One host serves every interface family in the simulator; a port makes the signed host "ip:port".
BASE_URL = "https://cec.huawei.sim:28443"
ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
# Monday 2026-03-02 10:00 in Shanghai: inside the campaigns' calling windows.
START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZONE).timestamp()


def deep_merge(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in changes.items():
        merged[key] = deep_merge(merged[key], value) if isinstance(value, Mapping) and key in merged else value
    return merged


def account(kit: HuaweiCecSimulatorKit, *, name: str = "hw", **changes: Any) -> AccountSpec:
    """The kit's account block, with `credentials=` / `options=` changes merged in."""
    config = deep_merge(kit.account_config(base_url=BASE_URL), changes)
    return AccountSpec(
        name=name,
        vendor="huawei_cec",
        base_urls=config["base_urls"],
        credentials=config["credentials"],
        options=config["options"],
        # No backoff sleeps in tests; one retry where a request may be repeated.
        retries=RetryPolicy(max_attempts=2, base_delay=0.0, max_delay=0.0),
    )


def connect(sim: HuaweiSimulator, kit: HuaweiCecSimulatorKit, **changes: Any) -> HuaweiCecAdapter:
    return HuaweiCecAdapter(account(kit, **changes), transport=httpx.ASGITransport(app=sim), clock=sim.clock.now)


@pytest.fixture
def clock() -> SimClock:
    return SimClock.frozen(START)


@pytest.fixture
def kit() -> HuaweiCecSimulatorKit:
    return HuaweiCecSimulatorKit()


@pytest.fixture
def sim(kit: HuaweiCecSimulatorKit, clock: SimClock) -> HuaweiSimulator:
    return kit.create_app(clock=clock)


@pytest.fixture
async def adapter(sim: HuaweiSimulator, kit: HuaweiCecSimulatorKit) -> AsyncIterator[HuaweiCecAdapter]:
    connected = connect(sim, kit)
    yield connected
    await connected.aclose()


@pytest.fixture
def ctx() -> OperationContext:
    return OperationContext(account="hw", request_id="t")
