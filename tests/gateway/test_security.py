"""Callers and permissions: scopes per route, key rotation, tenant isolation on every route."""

from __future__ import annotations

from typing import Any

import pytest

from contracts.capabilities import Capability
from contracts.ids import ResourceKind
from gateway.ids import encode_id
from tests.contract.test_conformance import REQUESTS
from tests.support.gateway import BILLING_KEY, CRM_KEY, gateway_client, key_hash, reference_config


def config_with(scopes: list[str], *extra_keys: str) -> dict[str, Any]:
    raw = reference_config()
    raw["callers"]["crm"]["scopes"] = scopes
    raw["callers"]["crm"]["key_sha256"] += [key_hash(key) for key in extra_keys]
    return raw


async def test_read_only_callers_cannot_write() -> None:
    async with gateway_client(config_with(["read"])) as client:
        assert (await client.get("/v1/campaigns")).status_code == 200
        refused = await client.post("/v1/campaigns", json={"name": "nope"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert "write" in refused.json()["detail"]


async def test_dialling_needs_its_own_scope() -> None:
    async with gateway_client(config_with(["read", "write"])) as client:
        created = await client.post("/v1/campaigns", json={"name": "quiet"})
        assert created.status_code == 201
        campaign = created.json()["campaign"]["id"]
        start = await client.post(f"/v1/campaigns/{campaign}/start")
        call = await client.post("/v1/calls", json={"to": "+8613800138000"})
        account = (await client.get("/v1/accounts/ref-a")).json()
    for refused in (start, call):
        assert refused.status_code == 403
        assert "dial" in refused.json()["detail"]
    assert set(account["dialling"]) == {"calls.originate", "campaigns.start", "campaigns.resume"}


@pytest.mark.parametrize(
    ("capability", "scopes"),
    [
        (Capability.CAMPAIGNS_LIST, ["read"]),
        (Capability.CAMPAIGNS_CREATE, ["write"]),
        (Capability.CAMPAIGNS_PAUSE, ["write"]),
        (Capability.CAMPAIGNS_START, ["write", "dial"]),
        (Capability.CALLS_ORIGINATE, ["write", "dial"]),
        (Capability.CALLS_RECORDING, ["read"]),
        (Capability.DNC_REMOVE, ["write"]),
    ],
)
async def test_each_route_names_the_scope_it_needs(capability: Capability, scopes: list[str]) -> None:
    method, path, body = REQUESTS[capability]
    ids = {kind.value: encode_id(kind, "ref-a", "x") for kind in ResourceKind}
    held = ["write"] if scopes == ["read"] else ["read"]
    async with gateway_client(config_with(held)) as client:
        refused = await client.request(method, path.format(**ids), json=body)
    assert refused.status_code == 403, refused.text
    assert refused.json()["detail"].endswith(
        f"needs the scope(s) {', '.join(sorted(set(scopes) - set(held)))}, which this caller lacks"
    )


async def test_rotated_keys_both_work_until_removed() -> None:
    async with gateway_client(config_with(["read"], "the-new-key"), key="the-new-key") as client:
        assert (await client.get("/v1/accounts")).status_code == 200
        assert (await client.get("/v1/accounts", headers={"authorization": f"Bearer {CRM_KEY}"})).status_code == 200


def _comparable(problem: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in problem.items() if key not in ("trace_id", "instance")}


@pytest.mark.parametrize("capability", sorted(c for c, (_, path, _) in REQUESTS.items() if "{" in path))
async def test_another_tenants_ids_are_indistinguishable_from_missing_ones(capability: Capability) -> None:
    method, path, body = REQUESTS[capability]
    foreign = {kind.value: encode_id(kind, "ref-c", "x") for kind in ResourceKind}  # billing's account
    missing = {kind.value: encode_id(kind, "no-such-account", "x") for kind in ResourceKind}
    async with gateway_client(reference_config()) as client:
        other = await client.request(method, path.format(**foreign), json=body)
        absent = await client.request(method, path.format(**missing), json=body)
    assert other.status_code == absent.status_code == 404
    assert _comparable(other.json()) == _comparable(absent.json())


async def test_foreign_ids_inside_bodies_are_refused_without_saying_whose() -> None:
    async with gateway_client(reference_config(), key=BILLING_KEY) as billing:
        foreign_queue = (await billing.post("/v1/queues", json={"name": "billing"})).json()["id"]
    async with gateway_client(reference_config()) as client:
        response = await client.post("/v1/agents", json={"name": "Ann", "queue_ids": [foreign_queue]})
    assert response.status_code == 422
    assert "ref-c" not in response.text
