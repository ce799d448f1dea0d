"""Bulk adds: duplicates inside one request, per-item outcomes in the caller's order."""

from __future__ import annotations

import pytest

from contracts.contacts import Contact
from contracts.errors import GatewayError, invalid
from gateway.bulk import add_unique
from tests.support.gateway import gateway_client, reference_config

A, B, C = "+8613800138000", "+8613900139000", "+8613700137000"


async def test_every_contact_is_accounted_for_in_order() -> None:
    async with gateway_client(reference_config()) as client:
        created = await client.post("/v1/campaigns", json={"name": "bulk", "contacts": [{"phone": A}]})
        assert created.status_code == 201
        campaign = created.json()["campaign"]
        await client.post("/v1/dnc", json={"entries": [{"phone": C, "reason": "asked"}]})
        response = await client.post(
            f"/v1/campaigns/{campaign['id']}/contacts",
            json={"contacts": [{"phone": B}, {"phone": A}, {"phone": B}, {"phone": C}]},
        )
    assert response.status_code == 200
    result = response.json()
    assert [(i["index"], i["phone"], i["status"]) for i in result["items"]] == [
        (0, B, "added"),
        (1, A, "duplicate"),  # already in the campaign (the vendor's answer)
        (2, B, "duplicate"),  # repeated inside this request (the gateway's answer)
        (3, C, "rejected"),
    ]
    assert result["items"][2]["detail"] == "same number as item 0 of this request"
    assert result["items"][3]["code"] == "conflict"
    assert (result["added"], result["duplicate"], result["rejected"]) == (1, 2, 1)


async def test_create_reports_its_contacts() -> None:
    async with gateway_client(reference_config()) as client:
        response = await client.post(
            "/v1/campaigns", json={"name": "with-contacts", "contacts": [{"phone": A}, {"phone": A}]}
        )
    body = response.json()
    assert response.status_code == 201
    assert [i["status"] for i in body["contacts"]["items"]] == ["added", "duplicate"]


async def test_adapter_pointers_are_mapped_back_to_the_callers_positions() -> None:
    contacts = [Contact(phone=A), Contact(phone=A), Contact(phone=B)]

    async def refuse_second(unique: list[Contact]) -> object:
        assert [c.phone for c in unique] == [A, B]
        raise invalid("the vendor dislikes this name", pointer="/contacts/1/name")

    with pytest.raises(GatewayError) as caught:
        await add_unique(contacts, refuse_second, field="contacts")  # type: ignore[arg-type]
    assert caught.value.errors is not None
    assert caught.value.errors[0].pointer == "/contacts/2/name"
