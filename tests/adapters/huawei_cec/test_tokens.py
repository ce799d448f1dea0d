"""The C1 token (4.2) through its life: issue, reuse, early renewal, single flight, 401 recovery."""

from __future__ import annotations

import asyncio

import pytest

from adapters.huawei_cec import HuaweiCecAdapter
from adapters.huawei_cec.simulator import SIM_APP_KEY, SIM_APP_SECRET, HuaweiCecSimulatorKit, HuaweiSimulator
from adapters.huawei_cec.simulator.requests import Refused, SimRequest
from adapters.simulation import SimClock
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError
from contracts.paging import PageRequest
from tests.adapters.huawei_cec.conftest import connect

TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk"


async def read_catalogue(adapter: HuaweiCecAdapter, ctx: OperationContext) -> None:
    assert (await adapter.list_scripts(ctx, page=PageRequest())).items


def token_requests(sim: HuaweiSimulator) -> list[object]:
    return [r for r in sim.received if r.path == TOKEN_PATH]


async def test_the_first_call_fetches_a_token_and_later_calls_reuse_it(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    await read_catalogue(adapter, ctx)
    await read_catalogue(adapter, ctx)
    assert sim.tokens.issued == 1
    (request,) = [r for r in sim.received if r.path == TOKEN_PATH]
    assert request.headers["x-token-expire"] == "600"
    assert request.body == {"app_key": SIM_APP_KEY, "app_secret": SIM_APP_SECRET}
    calls = [r for r in sim.received if r.path.startswith("/apiaccess/")]
    token = next(iter(sim.tokens.tokens))
    assert all(r.headers["authorization"] == f"Bearer {token}" for r in calls)
    assert all(r.headers["x-app-key"] == SIM_APP_KEY for r in calls)


async def test_the_token_is_renewed_a_margin_before_it_expires(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator, clock: SimClock
) -> None:
    await read_catalogue(adapter, ctx)
    clock.advance(600 - 60 - 1)  # one second before the 60-second margin
    await read_catalogue(adapter, ctx)
    assert sim.tokens.issued == 1
    clock.advance(2)
    await read_catalogue(adapter, ctx)
    assert sim.tokens.issued == 2
    # The renewal came before the vendor would have refused the old token.
    assert not any(
        r.path.startswith("/apiaccess/") and r.headers.get("authorization") == "expired" for r in sim.received
    )


async def test_the_configured_lifetime_is_asked_for_and_honoured(
    sim: HuaweiSimulator, kit: HuaweiCecSimulatorKit, ctx: OperationContext, clock: SimClock
) -> None:
    adapter = connect(sim, kit, options={"token_lifetime_seconds": 3600, "token_refresh_margin_seconds": 0})
    await read_catalogue(adapter, ctx)
    assert token_requests(sim)[0].headers["x-token-expire"] == "3600"  # type: ignore[attr-defined]
    clock.advance(3599)
    await read_catalogue(adapter, ctx)
    assert sim.tokens.issued == 1
    clock.advance(1)
    await read_catalogue(adapter, ctx)
    assert sim.tokens.issued == 2
    await adapter.aclose()


async def test_concurrent_requests_share_one_token_fetch(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator, clock: SimClock
) -> None:
    await asyncio.gather(*(read_catalogue(adapter, ctx) for _ in range(40)))
    assert sim.tokens.issued == 1
    clock.advance(3600)  # long expired: every waiter needs a new token
    await asyncio.gather(*(read_catalogue(adapter, ctx) for _ in range(40)))
    assert sim.tokens.issued == 2


async def test_a_refused_token_is_replaced_once_and_the_request_repeated(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    await read_catalogue(adapter, ctx)
    sim.tokens.revoke_all()  # as a vendor restart would
    await read_catalogue(adapter, ctx)
    assert sim.tokens.issued == 2
    flows = [r for r in sim.received if r.path.endswith("queryIVRFlowList")]
    assert len(flows) == 3  # the first call, the refused one, its repetition with the new token
    assert flows[1].headers["authorization"] != flows[2].headers["authorization"]


async def test_a_token_refused_again_after_renewal_is_the_gateways_auth_failure(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(request: SimRequest) -> str:
        raise Refused(401, {"resultCode": "401", "resultMessage": "Unauthorized operation"})

    monkeypatch.setattr(sim.tokens, "verify", refuse)
    with pytest.raises(GatewayError) as caught:
        await adapter.list_scripts(ctx, page=PageRequest())
    assert caught.value.code is ErrorCode.VENDOR_AUTH_FAILED
    assert caught.value.status == 502
    assert sim.tokens.issued == 2  # exactly one renewal


async def test_rejected_app_credentials_are_a_502_that_reveals_no_secret(
    sim: HuaweiSimulator, kit: HuaweiCecSimulatorKit, ctx: OperationContext
) -> None:
    adapter = connect(sim, kit, credentials={"app_secret": "not-the-secret-xyz"})
    with pytest.raises(GatewayError) as caught:
        await adapter.list_caller_ids(ctx, page=PageRequest())
    error = caught.value
    assert (error.code, error.status, error.retryable) == (ErrorCode.VENDOR_AUTH_FAILED, 502, False)
    problem = str(error.to_problem())
    assert "not-the-secret-xyz" not in problem
    assert SIM_APP_SECRET not in problem
    assert sim.tokens.issued == 0
    await adapter.aclose()


async def test_a_failed_token_fetch_is_retried_on_the_next_call(
    sim: HuaweiSimulator, kit: HuaweiCecSimulatorKit, ctx: OperationContext
) -> None:
    adapter = connect(sim, kit)
    sim.tokens.apps[SIM_APP_KEY] = "rotated"
    with pytest.raises(GatewayError):
        await read_catalogue(adapter, ctx)
    sim.tokens.apps[SIM_APP_KEY] = SIM_APP_SECRET
    await read_catalogue(adapter, ctx)
    assert sim.tokens.issued == 1
    await adapter.aclose()
