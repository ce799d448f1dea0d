"""One conformance suite for every registered adapter, through its simulator and the public API.

New adapters are picked up from the `switchboard.adapters` entry points without editing this
file: each runs the neutral scenarios for what it declares, and every operation it does not
declare must answer 501 without reaching the vendor.
"""

from __future__ import annotations

from typing import Any

import pytest

from adapters.registry import AdapterRegistry
from contracts.capabilities import Capability
from contracts.ids import ResourceKind
from gateway.ids import encode_id
from tests.support.scenarios import Client, campaign_slice
from tests.support.simulated import account_name, simulated_gateway, simulated_vendors

VENDORS = simulated_vendors()

# One request per capability; {kind} placeholders become well-formed ids of the account.
REQUESTS: dict[Capability, tuple[str, str, dict[str, Any] | None]] = {
    Capability.AGENTS_LIST: ("GET", "/v1/agents", None),
    Capability.AGENTS_GET: ("GET", "/v1/agents/{agent}", None),
    Capability.AGENTS_CREATE: ("POST", "/v1/agents", {"name": "Ann"}),
    Capability.AGENTS_UPDATE: ("PATCH", "/v1/agents/{agent}", {"name": "Ann"}),
    Capability.AGENTS_DELETE: ("DELETE", "/v1/agents/{agent}", None),
    Capability.QUEUES_LIST: ("GET", "/v1/queues", None),
    Capability.QUEUES_GET: ("GET", "/v1/queues/{queue}", None),
    Capability.QUEUES_CREATE: ("POST", "/v1/queues", {"name": "Sales"}),
    Capability.QUEUES_UPDATE: ("PATCH", "/v1/queues/{queue}", {"name": "Sales"}),
    Capability.QUEUES_DELETE: ("DELETE", "/v1/queues/{queue}", None),
    Capability.QUEUE_AGENTS_LIST: ("GET", "/v1/queues/{queue}/agents", None),
    Capability.QUEUE_AGENTS_ADD: ("PUT", "/v1/queues/{queue}/agents/{agent}", None),
    Capability.QUEUE_AGENTS_REMOVE: ("DELETE", "/v1/queues/{queue}/agents/{agent}", None),
    Capability.CAMPAIGNS_LIST: ("GET", "/v1/campaigns", None),
    Capability.CAMPAIGNS_GET: ("GET", "/v1/campaigns/{campaign}", None),
    Capability.CAMPAIGNS_CREATE: ("POST", "/v1/campaigns", {"name": "probe"}),
    Capability.CAMPAIGNS_UPDATE: ("PATCH", "/v1/campaigns/{campaign}", {"name": "probe"}),
    Capability.CAMPAIGNS_DELETE: ("DELETE", "/v1/campaigns/{campaign}", None),
    Capability.CAMPAIGNS_START: ("POST", "/v1/campaigns/{campaign}/start", None),
    Capability.CAMPAIGNS_PAUSE: ("POST", "/v1/campaigns/{campaign}/pause", None),
    Capability.CAMPAIGNS_RESUME: ("POST", "/v1/campaigns/{campaign}/resume", None),
    Capability.CAMPAIGNS_STOP: ("POST", "/v1/campaigns/{campaign}/stop", None),
    Capability.CAMPAIGN_CONTACTS_LIST: ("GET", "/v1/campaigns/{campaign}/contacts", None),
    Capability.CAMPAIGN_CONTACTS_ADD: (
        "POST",
        "/v1/campaigns/{campaign}/contacts",
        {"contacts": [{"phone": "+8613800138000"}]},
    ),
    Capability.CAMPAIGN_CONTACTS_REMOVE: ("DELETE", "/v1/campaigns/{campaign}/contacts/+8613800138000", None),
    Capability.CAMPAIGN_STATS: ("GET", "/v1/campaigns/{campaign}/stats", None),
    Capability.CALLS_LIST: ("GET", "/v1/calls", None),
    Capability.CALLS_GET: ("GET", "/v1/calls/{call}", None),
    Capability.CALLS_ORIGINATE: ("POST", "/v1/calls", {"to": "+8613800138000"}),
    Capability.CALLS_HANGUP: ("POST", "/v1/calls/{call}/hangup", None),
    Capability.CALLS_RECORDING: ("GET", "/v1/calls/{call}/recording", None),
    Capability.DNC_LIST: ("GET", "/v1/dnc", None),
    Capability.DNC_ADD: ("POST", "/v1/dnc", {"entries": [{"phone": "+8613800138000"}]}),
    Capability.DNC_REMOVE: ("DELETE", "/v1/dnc/+8613800138000", None),
    Capability.SCRIPTS_LIST: ("GET", "/v1/scripts", None),
    Capability.CALLER_IDS_LIST: ("GET", "/v1/caller-ids", None),
}


def test_every_capability_has_a_probe_request() -> None:
    assert set(REQUESTS) == set(Capability)


def test_at_least_one_vendor_is_simulated() -> None:
    assert VENDORS


@pytest.mark.parametrize("vendor", VENDORS)
async def test_accounts_report_the_declared_capabilities(vendor: str) -> None:
    adapter = AdapterRegistry.from_entry_points().get(vendor)
    async with simulated_gateway([vendor]) as sim:
        info = await Client(sim.client).request("GET", f"/v1/accounts/{account_name(vendor)}", 200)
    assert set(info["capabilities"]) == {c.value for c in adapter.capabilities}
    assert set(info["unsupported"]) == {c.value for c in Capability} - set(info["capabilities"])
    assert all(info["unsupported"].values())


@pytest.mark.parametrize("vendor", VENDORS)
async def test_undeclared_operations_answer_501(vendor: str) -> None:
    adapter = AdapterRegistry.from_entry_points().get(vendor)
    account = account_name(vendor)
    ids = {kind.value: encode_id(kind, account, "probe") for kind in ResourceKind}
    async with simulated_gateway([vendor]) as sim:
        for capability in sorted(set(Capability) - adapter.capabilities):
            method, path, body = REQUESTS[capability]
            response = await sim.client.request(method, path.format(**ids), json=body)
            assert response.status_code == 501, (capability, response.text)
            problem = response.json()
            assert problem["code"] == "unsupported_operation"
            assert problem["vendor"] == vendor
            assert capability.value in problem["detail"]


@pytest.mark.parametrize("vendor", VENDORS)
async def test_campaign_scenario(vendor: str) -> None:
    async with simulated_gateway([vendor]) as sim:

        async def advance(_campaign: str, seconds: float) -> None:
            sim.clock.advance(seconds)

        record = await campaign_slice(Client(sim.client), f"conformance-{vendor}", advance)
    assert record["created"]["contacts"]["added"] == 4


@pytest.mark.parametrize("vendor", VENDORS)
async def test_catalog_ids_are_opaque_and_usable(vendor: str) -> None:
    adapter = AdapterRegistry.from_entry_points().get(vendor)
    async with simulated_gateway([vendor]) as sim:
        client = Client(sim.client)
        for capability, path in (
            (Capability.SCRIPTS_LIST, "/v1/scripts"),
            (Capability.CALLER_IDS_LIST, "/v1/caller-ids"),
        ):
            if capability not in adapter.capabilities:
                continue
            page = await client.request("GET", path, 200)
            assert page["items"], path
            assert all(item["id"].replace("-", "").replace("_", "").isalnum() for item in page["items"])
