"""The FlashAI adapter wired to a fresh in-process simulator, sharing its clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from adapters.flashai import FlashAIAdapter
from adapters.flashai.simulator import FlashAISimulator, FlashAISimulatorKit
from adapters.simulation import SimClock
from contracts.adapter import AccountSpec, RetryPolicy
from contracts.context import OperationContext
from tests.adapters.flashai.handmade import Vendor

BASE_URL = "http://flashai.sim/api/v1/thirdApi"
# Monday 2024-05-06 10:00 in Shanghai: inside FlashAI's calling hours.
START = dt.datetime(2024, 5, 6, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")).timestamp()
# Three attempts as in production, without the backoff waits.
QUICK_RETRIES = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0)


def account(kit: FlashAISimulatorKit, **options: Any) -> AccountSpec:
    config = kit.account_config(base_url=BASE_URL)
    return AccountSpec(
        name="fa",
        vendor="flashai",
        base_urls=config["base_urls"],
        credentials=config["credentials"],
        options={**config["options"], **options},
        retries=QUICK_RETRIES,
    )


def connect(sim: FlashAISimulator, kit: FlashAISimulatorKit, **options: Any) -> FlashAIAdapter:
    return FlashAIAdapter(account(kit, **options), transport=httpx.ASGITransport(app=sim), clock=sim.clock.now)


@pytest.fixture
def clock() -> SimClock:
    return SimClock.frozen(START)


@pytest.fixture
def kit() -> FlashAISimulatorKit:
    return FlashAISimulatorKit()


@pytest.fixture
def sim(kit: FlashAISimulatorKit, clock: SimClock) -> FlashAISimulator:
    return kit.create_app(clock=clock)


@pytest.fixture
async def adapter(sim: FlashAISimulator, kit: FlashAISimulatorKit) -> AsyncIterator[FlashAIAdapter]:
    connected = connect(sim, kit)
    yield connected
    await connected.aclose()


@pytest.fixture
def ctx() -> OperationContext:
    return OperationContext(account="fa", request_id="t")


@pytest.fixture
async def vendor(sim: FlashAISimulator) -> AsyncIterator[Vendor]:
    """The simulator as a hand-signing client sees it (`handmade.Vendor`)."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim)) as client:
        yield Vendor(client, sim, BASE_URL)
