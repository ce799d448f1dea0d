"""FlashAI's new operations through Switchboard's public API, ids and all, against the simulator."""

from __future__ import annotations

from contracts.ids import ResourceKind
from gateway.ids import encode_id
from tests.support.scenarios import Client
from tests.support.simulated import account_name, simulated_gateway

PHONES = ["+8613800138000", "+8613900139000", "+8615000150000"]


async def test_an_agent_campaign_from_queue_to_contacts_to_calls() -> None:
    async with simulated_gateway(["flashai"]) as sim:
        client = Client(sim.client, account=account_name("flashai"))
        queues = (await client.request("GET", "/v1/queues", 200))["items"]
        service = next(queue for queue in queues if queue["name"] == "客服二组")
        assert (await client.request("GET", f"/v1/queues/{service['id']}", 200))["name"] == "客服二组"
        members = (await client.request("GET", f"/v1/queues/{service['id']}/agents", 200))["items"]
        assert [agent["name"] for agent in members] == ["李强", "赵敏"]
        assert service["id"] in members[0]["queue_ids"]
        assert (await client.request("GET", f"/v1/agents/{members[1]['id']}", 200))["name"] == "赵敏"

        body = {"name": "callbacks", "queue_id": service["id"], "contacts": [{"phone": PHONES[0]}]}
        created = await client.request("POST", "/v1/campaigns", 201, json=body)
        campaign = created["campaign"]
        assert campaign["queue_id"] == service["id"]
        more = {"contacts": [{"phone": PHONES[1]}, {"phone": PHONES[0]}, {"phone": PHONES[1]}]}
        added = await client.request("POST", f"/v1/campaigns/{campaign['id']}/contacts", 200, json=more)
        assert [item["status"] for item in added["items"]] == ["added", "rejected", "duplicate"]

        listed = await client.request("GET", f"/v1/campaigns/{campaign['id']}/contacts", 200)
        assert [(c["phone"], c["status"]) for c in listed["items"]] == [(PHONES[0], "pending"), (PHONES[1], "pending")]
        await client.request("DELETE", f"/v1/campaigns/{campaign['id']}/contacts/{PHONES[1]}", 204)
        sim.clock.advance(3600)
        calls = (await client.request("GET", "/v1/calls", 200, params={"campaign_id": campaign["id"]}))["items"]
        assert [call["to"] for call in calls] == [PHONES[0]]
        call = await client.request("GET", f"/v1/calls/{calls[0]['id']}", 200)
        assert (call["to"], call["campaign_id"]) == (PHONES[0], campaign["id"])


async def test_scripts_show_their_variables_and_a_bot_batch_refuses_added_contacts() -> None:
    async with simulated_gateway(["flashai"]) as sim:
        client = Client(sim.client, account=account_name("flashai"))
        script = (await client.request("GET", "/v1/scripts", 200))["items"][0]
        assert [variable["name"] for variable in script["variables"]] == ["amount", "dueDate", "product"]
        body = {
            "name": "bot",
            "script_id": script["id"],
            "contacts": [{"phone": PHONES[0], "variables": {"amount": "100", "colour": "red"}}, {"phone": PHONES[1]}],
        }
        created = await client.request("POST", "/v1/campaigns", 201, json=body)
        assert [item["status"] for item in created["contacts"]["items"]] == ["rejected", "added"]
        assert "variables.colour" in created["contacts"]["items"][0]["detail"]
        campaign_id = created["campaign"]["id"]
        problem = await client.request(
            "POST", f"/v1/campaigns/{campaign_id}/contacts", 409, json={"contacts": [{"phone": PHONES[2]}]}
        )
        assert problem["code"] == "conflict"
        not_dialled = encode_id(ResourceKind.CALL, account_name("flashai"), "bot:13900139000")
        missing = await client.request("GET", f"/v1/calls/{not_dialled}", 404)
        assert (missing["code"], missing["vendor_code"]) == ("not_found", "1005")
