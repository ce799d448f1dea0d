"""Authentication, account selection, self-routing ids, tenant isolation and capabilities."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.gateway import BILLING_KEY, gateway_client, reference_config


async def _create_campaign(client: Any, name: str, **headers: str) -> dict[str, Any]:
    response = await client.post("/v1/campaigns", json={"name": name}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["campaign"]


async def test_missing_key_is_401_with_challenge() -> None:
    async with gateway_client(reference_config()) as client:
        response = await client.get("/v1/campaigns", headers={"authorization": ""})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["code"] == "unauthenticated"


async def test_unknown_key_is_401() -> None:
    async with gateway_client(reference_config()) as client:
        response = await client.get("/v1/campaigns", headers={"authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json()["detail"] == "unknown API key"


async def test_accounts_lists_only_allowed_accounts_with_capabilities() -> None:
    async with gateway_client(reference_config()) as client:
        response = await client.get("/v1/accounts")
        assert response.status_code == 200
        accounts = response.json()
        assert [a["name"] for a in accounts] == ["ref-a", "ref-b"]
        assert [a["default"] for a in accounts] == [True, False]
        assert "campaigns.pause" in accounts[0]["capabilities"]
        assert (await client.get("/v1/accounts/ref-c")).status_code == 404
        assert (await client.get("/v1/accounts/ref-b")).json()["vendor"] == "reference"


async def test_header_selects_another_allowed_account_and_forbids_others() -> None:
    async with gateway_client(reference_config()) as client:
        await _create_campaign(client, "in-b", **{"switchboard-account": "ref-b"})
        in_a = (await client.get("/v1/campaigns")).json()["items"]
        in_b = (await client.get("/v1/campaigns", headers={"switchboard-account": "ref-b"})).json()["items"]
        assert in_a == []
        assert [c["name"] for c in in_b] == ["in-b"]
        forbidden = await client.get("/v1/campaigns", headers={"switchboard-account": "ref-c"})
        assert forbidden.status_code == 403
        assert forbidden.json()["errors"] == [{"reason": "not an allowed account", "parameter": "Switchboard-Account"}]


async def test_ids_route_themselves_whatever_the_default_account() -> None:
    async with gateway_client(reference_config()) as client:
        campaign = await _create_campaign(client, "routed", **{"switchboard-account": "ref-b"})
        # No header: the default account is ref-a, but the id carries ref-b.
        response = await client.post(f"/v1/campaigns/{campaign['id']}/start")
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "running"
        assert response.json()["id"] == campaign["id"]


async def test_ids_are_opaque_and_url_safe() -> None:
    async with gateway_client(reference_config()) as client:
        campaign = await _create_campaign(client, "opaque")
    assert campaign["id"].replace("-", "").replace("_", "").isalnum()
    assert "ref-a" not in campaign["id"]


async def test_another_tenants_id_looks_like_a_missing_one() -> None:
    async with gateway_client(reference_config(), key=BILLING_KEY) as billing:
        foreign = await _create_campaign(billing, "billing-campaign")
    async with gateway_client(reference_config()) as client:
        mine = await _create_campaign(client, "mine")
        # Same vendor id shape, other account: the id is well-formed but not visible.
        foreign_answer = await client.get(f"/v1/campaigns/{foreign['id']}")
        garbage_answer = await client.get("/v1/campaigns/not-an-id")
        assert foreign_answer.status_code == garbage_answer.status_code == 404
        assert foreign_answer.json()["detail"] == garbage_answer.json()["detail"] == "no such campaign"
        assert (await client.get(f"/v1/campaigns/{mine['id']}")).status_code == 200


async def test_an_id_of_another_kind_is_not_found() -> None:
    async with gateway_client(reference_config()) as client:
        campaign = await _create_campaign(client, "kinds")
        response = await client.get(f"/v1/agents/{campaign['id']}")
    assert response.status_code == 404
    assert response.json()["detail"] == "no such agent"


async def test_body_ids_must_belong_to_the_target_account() -> None:
    async with gateway_client(reference_config()) as client:
        queue_b = (await client.post("/v1/queues", json={"name": "b"}, headers={"switchboard-account": "ref-b"})).json()
        response = await client.post("/v1/agents", json={"name": "Ann", "queue_ids": [queue_b["id"]]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/queue_ids/0"


async def test_cursor_walks_pages_and_is_bound_to_its_listing() -> None:
    async with gateway_client(reference_config()) as client:
        for index in range(5):
            await _create_campaign(client, f"c{index}")
        names, cursor = [], None
        while True:
            params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
            page = (await client.get("/v1/campaigns", params=params)).json()
            names += [c["name"] for c in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert names == [f"c{i}" for i in range(5)]
        first = (await client.get("/v1/campaigns", params={"limit": 2})).json()["next_cursor"]
        wrong_listing = await client.get("/v1/queues", params={"cursor": first})
        wrong_account = await client.get(
            "/v1/campaigns", params={"cursor": first}, headers={"switchboard-account": "ref-b"}
        )
        for response in (wrong_listing, wrong_account):
            assert response.status_code == 422
            assert response.json()["errors"][0]["parameter"] == "cursor"


@pytest.mark.parametrize("cursor", ["garbage", "e30", "W10", "!!", "a" * 5000])
async def test_malformed_cursors_are_rejected(cursor: str) -> None:
    async with gateway_client(reference_config()) as client:
        response = await client.get("/v1/campaigns", params={"cursor": cursor})
    assert response.status_code in (400, 422)
    assert response.json()["code"] == "invalid_request"


async def test_campaign_lifecycle_conflicts_are_409() -> None:
    async with gateway_client(reference_config()) as client:
        campaign = await _create_campaign(client, "life")
        response = await client.post(f"/v1/campaigns/{campaign['id']}/pause")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert response.json()["account"] == "ref-a"
    assert response.json()["vendor"] == "reference"
