"""The Sobot adapter wired to a fresh in-process simulator, sharing its clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from adapters.simulation import SimClock
from adapters.sobot import SobotAdapter
from adapters.sobot.simulator import SobotSimulator, SobotSimulatorKit
from contracts.adapter import AccountSpec, RetryPolicy
from contracts.context import OperationContext

BASE_URL = "http://sobot.sim"
# Monday 2026-03-02 10:00 in Shanghai, as in the conformance suite.
START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")).timestamp()
# Retries without real waiting.
FAST_RETRIES = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0)


def account(kit: SobotSimulatorKit, **options: Any) -> AccountSpec:
    config = kit.account_config(base_url=BASE_URL)
    return AccountSpec(
        name="sb",
        vendor="sobot",
        base_urls=config["base_urls"],
        credentials=config["credentials"],
        options={**config["options"], **options},
        retries=FAST_RETRIES,
    )


def connect(
    sim: SobotSimulator,
    kit: SobotSimulatorKit,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    spec: AccountSpec | None = None,
    **options: Any,
) -> SobotAdapter:
    return SobotAdapter(
        spec or account(kit, **options),
        transport=transport or httpx.ASGITransport(app=sim),
        clock=sim.clock.now,
    )


def ctx(key: str | None = None) -> OperationContext:
    return OperationContext(account="sb", request_id="t", idempotency_key=key)


@pytest.fixture
def clock() -> SimClock:
    return SimClock.frozen(START)


@pytest.fixture
def kit() -> SobotSimulatorKit:
    return SobotSimulatorKit()


@pytest.fixture
def sim(kit: SobotSimulatorKit, clock: SimClock) -> SobotSimulator:
    return kit.create_app(clock=clock)


@pytest.fixture
async def adapter(sim: SobotSimulator, kit: SobotSimulatorKit) -> AsyncIterator[SobotAdapter]:
    connected = connect(sim, kit)
    yield connected
    await connected.aclose()
