"""`GET /v1/events` (the feed), the delivery listing and the redrive: paging, filters, tenant
isolation, scopes and bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.events.support import KEY, OTHER_KEY, Subscriber, callback_path, event_gateway, key_hash
from tests.events.test_flashai_callbacks import SDK_BATCH, SDK_RESULT
from tests.events.test_receiver import FLASHAI, HUAWEI, HUAWEI_RESULTS, flashai_payload

OPS = {"authorization": f"Bearer {OTHER_KEY}"}


def ops_caller(scopes: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "ops": {"key_sha256": [key_hash(OTHER_KEY)], "accounts": [HUAWEI], "default_account": HUAWEI, "scopes": scopes}
        | extra
    }


async def post_reports(client: Any, results: int) -> None:
    for n in range(results):
        body = SDK_RESULT | {"callStartTime": SDK_RESULT["callStartTime"] + n * 60_000}
        assert (await client.post(callback_path(FLASHAI), content=flashai_payload(body))).status_code == 200
    assert (await client.post(callback_path(FLASHAI), content=flashai_payload(SDK_BATCH))).status_code == 200
    assert (await client.post(callback_path(HUAWEI), content=json.dumps(HUAWEI_RESULTS))).status_code == 200


async def test_the_feed_pages_in_arrival_order_and_never_ends(tmp_path: Path) -> None:
    async with event_gateway(tmp_path / "outbox.sqlite3") as gw:
        await post_reports(gw.client, results=5)
        pages, cursor = [], None
        while True:
            page = (
                await gw.client.get("/v1/events", params={"limit": 2} | ({"after": cursor} if cursor else {}))
            ).json()
            pages.append([e["id"] for e in page["items"]])
            if not page["items"]:
                assert page["next_cursor"] == cursor  # up to date: poll again with the same cursor
                break
            cursor = page["next_cursor"]
        await post_reports(gw.client, results=6)  # one new result, the rest repeats
        newer = (await gw.client.get("/v1/events", params={"after": cursor})).json()
        everything = await gw.feed()
    assert [len(p) for p in pages] == [2, 2, 2, 1, 0]
    assert [event_id for page in pages for event_id in page] == [e["id"] for e in everything][:7]
    assert len(newer["items"]) == 1
    assert newer["items"][0]["type"] == "switchboard.contact.result"
    assert newer["items"][0]["time"].startswith("2020-06-16T03:3")


async def test_the_feed_filters_by_type(tmp_path: Path) -> None:
    async with event_gateway(tmp_path / "outbox.sqlite3") as gw:
        await post_reports(gw.client, results=2)
        progress = await gw.feed(types="switchboard.campaign.progress")
        both = (
            await gw.client.get(
                "/v1/events",
                params=[("types", "switchboard.campaign.progress"), ("types", "switchboard.contact.result")],
            )
        ).json()
        unknown = await gw.client.get("/v1/events", params={"types": "switchboard.nothing"})
    assert [e["type"] for e in progress] == ["switchboard.campaign.progress"]
    assert len(both["items"]) == 4
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "invalid_request"


async def test_callers_see_only_their_accounts_and_their_own_cursors(tmp_path: Path) -> None:
    async with event_gateway(tmp_path / "outbox.sqlite3", extra_callers=ops_caller(["read"])) as gw:
        await post_reports(gw.client, results=2)
        crm_page = (await gw.client.get("/v1/events", params={"limit": 1})).json()
        ops_events = (await gw.client.get("/v1/events", headers=OPS)).json()
        borrowed = await gw.client.get("/v1/events", params={"after": crm_page["next_cursor"]}, headers=OPS)
        garbage = await gw.client.get("/v1/events", params={"after": "bm90LWEtY3Vyc29y"})
    assert {e["source"] for e in ops_events["items"]} == {"/switchboard/accounts/huawei-cec-demo"}
    for answer in (borrowed, garbage):
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["parameter"] == "after"


async def test_deliveries_belong_to_their_caller_and_redrive_needs_write(tmp_path: Path) -> None:
    subscriber = Subscriber()  # never listening: deliveries stay pending
    hooks = [{"url": subscriber.url, "secret": "whsec_" + "A" * 32, "name": "ops-hook"}]
    viewer_key = "events-viewer-key"
    viewer = {"key_sha256": [key_hash(viewer_key)], "accounts": [FLASHAI], "default_account": FLASHAI}
    async with event_gateway(
        tmp_path / "outbox.sqlite3",
        webhooks=[{"url": subscriber.url, "secret": "whsec_" + "B" * 32}],
        extra_callers=ops_caller(["read", "write"], webhooks=hooks) | {"viewer": viewer},
    ) as gw:
        await post_reports(gw.client, results=1)
        mine = (await gw.client.get("/v1/events/deliveries")).json()["items"]
        ops_own = (await gw.client.get("/v1/events/deliveries", headers=OPS)).json()["items"]
        foreign = await gw.client.post(f"/v1/events/deliveries/{mine[0]['id']}/retry", headers=OPS)
        own = await gw.client.post(f"/v1/events/deliveries/{ops_own[0]['id']}/retry", headers=OPS)
        read_only = await gw.client.post(
            f"/v1/events/deliveries/{mine[0]['id']}/retry", headers={"authorization": f"Bearer {viewer_key}"}
        )
        unknown = await gw.client.post("/v1/events/deliveries/no-such-delivery/retry")
    assert len(mine) == 3  # every event of crm's accounts, to crm's one webhook
    assert [d["webhook"] for d in ops_own] == ["ops-hook"]  # the Huawei result only
    assert foreign.status_code == 404  # another caller's delivery looks like no delivery
    assert own.status_code == 200
    assert own.json()["status"] == "pending"
    assert read_only.status_code == 403
    assert "write" in read_only.json()["detail"]
    assert unknown.status_code == 404


async def test_a_caller_without_read_cannot_pull(tmp_path: Path) -> None:
    async with event_gateway(tmp_path / "outbox.sqlite3", extra_callers=ops_caller(["write"])) as gw:
        refused = await gw.client.get("/v1/events", headers=OPS)
        allowed = await gw.client.get("/v1/events", headers={"authorization": f"Bearer {KEY}"})
    assert refused.status_code == 403
    assert allowed.status_code == 200


async def test_the_feed_is_documented_in_the_openapi_document(tmp_path: Path) -> None:
    async with event_gateway(tmp_path / "outbox.sqlite3") as gw:
        document = (await gw.client.get("/schema/openapi.json")).json()
    feed = document["paths"]["/v1/events"]["get"]
    assert {p["name"] for p in feed["parameters"]} == {"after", "types", "limit"}
    assert feed["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/EventPage"
    }
    assert "/callbacks/{account}" not in document["paths"]  # the vendors' route is not the callers' API
    event = document["components"]["schemas"]["CloudEvent"]
    assert {"id", "source", "type", "time", "data", "specversion", "datacontenttype"} <= set(event["required"])
