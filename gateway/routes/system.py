"""Liveness, readiness and the account catalogue."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import msgspec
from litestar import Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from contracts.accounts import AccountInfo
from contracts.capabilities import Capability, Scope
from gateway.observability.metrics import exposition
from gateway.routes._params import PROBLEMS, Gateway
from gateway.runtime import Account, Runtime


class Health(msgspec.Struct):
    status: str


class Readiness(msgspec.Struct):
    status: str
    accounts: dict[str, str]


@get("/healthz", summary="Liveness: the process answers", tags=["system"])
async def healthz() -> Health:
    return Health(status="ok")


@get("/readyz", summary="Readiness: configuration loaded and adapters open", tags=["system"])
async def readyz(runtime: NamedDependency[Runtime]) -> Response[Readiness]:
    states = {name: "ready" if account.adapter else "closed" for name, account in runtime.accounts.items()}
    states["(state store)"] = await _answers(runtime.state.ping())
    if runtime.events is not None:
        states["(event outbox)"] = await _answers(runtime.events.outbox.ping())
    ready = runtime.ready and not runtime.draining and all(state == "ready" for state in states.values())
    status = "draining" if runtime.draining else "ready" if ready else "not_ready"
    return Response(Readiness(status, states), status_code=200 if ready else 503)


@get("/metrics", summary="Prometheus metrics", tags=["system"], include_in_schema=False)
async def metrics(runtime: NamedDependency[Runtime]) -> Response[bytes]:
    body, content_type = exposition(runtime.telemetry.metrics.registry)
    return Response(body, media_type=content_type)


async def _answers(ping: Coroutine[Any, Any, bool]) -> str:
    try:
        reachable = await asyncio.wait_for(ping, timeout=1.0)
    except (OSError, TimeoutError, ConnectionError):
        reachable = False
    return "ready" if reachable else "unreachable"


def account_info(account: Account, *, default: bool) -> AccountInfo:
    adapter = account.adapter_type
    return AccountInfo(
        name=account.name,
        vendor=account.vendor,
        vendor_name=adapter.display_name,
        default=default,
        capabilities=sorted(adapter.capabilities),
        dialling=sorted(c for c in adapter.capabilities if Scope.DIAL in account.scopes_for(c)),
        unsupported={
            capability.value: adapter.unsupported_reasons.get(capability, "not offered by the vendor's API")
            for capability in Capability
            if capability not in adapter.capabilities
        },
    )


@get(
    "/accounts",
    summary="Accounts this caller may use, with their capabilities",
    tags=["accounts"],
    responses=PROBLEMS,  # copied to every /v1 operation by gateway.openapi
)
async def list_accounts(gw: Gateway) -> list[AccountInfo]:
    gw.require(frozenset({Scope.READ}), "listing accounts")
    default = gw.caller.default_account
    return [account_info(account, default=account.name == default) for account in gw.allowed_accounts()]


@get("/accounts/{account:str}", summary="One account: vendor and capability matrix", tags=["accounts"])
async def get_account(gw: Gateway, account: FromPath[str]) -> AccountInfo:
    gw.require(frozenset({Scope.READ}), "reading an account")
    found = gw.account_visible(account)
    return account_info(found, default=found.name == gw.caller.default_account)
