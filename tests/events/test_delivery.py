"""Webhook delivery end to end in one process: simulators dial and call back, the gateway stores
and delivers, a loopback subscriber verifies every request with the Standard Webhooks reference
implementation. Retries, dead letters, redrive, fan-out rules, traces and metrics."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from opentelemetry.trace import SpanKind

from tests.events.support import (
    OTHER_KEY,
    WEBHOOK_SECRET,
    EventGateway,
    Subscriber,
    callback_path,
    event_gateway,
    events_section,
    key_hash,
    running,
)
from tests.events.test_flashai_callbacks import SDK_BATCH, SDK_RESULT
from tests.events.test_receiver import FLASHAI, HUAWEI, HUAWEI_RESULTS, flashai_payload, metric
from tests.support.scenarios import CONTACTS
from tests.support.telemetry import RecordingTelemetry


def webhook(subscriber: Subscriber, **extra: Any) -> dict[str, Any]:
    return {"url": subscriber.url, "secret": WEBHOOK_SECRET, **extra}


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the condition did not come true in time")
        await asyncio.sleep(0.05)


async def create_campaigns(gw: EventGateway) -> dict[str, str]:
    """A FlashAI batch and a started Huawei campaign, each with the scenario's contacts."""
    created = {}
    for account in (FLASHAI, HUAWEI):
        headers = {"switchboard-account": account}
        script = (await gw.client.get("/v1/scripts", headers=headers)).json()["items"][0]["id"]
        body: dict[str, Any] = {
            "name": f"events-{account}",
            "script_id": script,
            "contacts": [{"phone": p} for p in CONTACTS],
        }
        if account == HUAWEI:
            body["caller_ids"] = [(await gw.client.get("/v1/caller-ids", headers=headers)).json()["items"][0]["id"]]
        answer = await gw.client.post("/v1/campaigns", json=body, headers=headers)
        assert answer.status_code == 201, answer.text
        created[account] = answer.json()["campaign"]["id"]
        if account == HUAWEI:
            assert (await gw.client.post(f"/v1/campaigns/{created[account]}/start", headers=headers)).status_code == 200
    return created


async def test_simulated_dialling_reaches_the_subscriber_as_signed_cloudevents(tmp_path: Path) -> None:
    async with (
        running(Subscriber()) as subscriber,
        event_gateway(tmp_path / "outbox.sqlite3", webhooks=[webhook(subscriber)]) as gw,
    ):
        campaigns = await create_campaigns(gw)
        for _ in range(12):  # an hour of simulated dialling, retries included
            await gw.pump(300)
        feed = await gw.feed()
        await subscriber.wait_for(len(feed))
        await asyncio.sleep(0.3)  # nothing more should arrive
        delivered = subscriber.verified()
    assert sorted(delivered, key=lambda e: e["id"]) == sorted(feed, key=lambda e: e["id"])  # exactly the feed
    assert len({e["id"] for e in delivered}) == len(delivered)  # each once
    results = [e for e in feed if e["type"] == "switchboard.contact.result"]
    for account, campaign in campaigns.items():
        mine = [e for e in results if e["source"] == f"/switchboard/accounts/{account}"]
        assert {e["data"]["phone"] for e in mine} == set(CONTACTS), account
        assert {e["data"]["campaign_id"] for e in mine} == {campaign}  # the id the caller was given
        assert all(e["subject"] == campaign for e in mine)
    progress = [e for e in feed if e["type"] == "switchboard.campaign.progress"]
    assert [(e["data"]["accepted"], e["data"]["added"]) for e in progress] == [(4, 4)]


async def test_a_subscriber_that_was_down_gets_everything_once_it_is_back(tmp_path: Path) -> None:
    subscriber = Subscriber()  # not listening yet
    async with event_gateway(tmp_path / "outbox.sqlite3", webhooks=[webhook(subscriber)]) as gw:
        for body in (SDK_RESULT, SDK_BATCH):
            assert (await gw.client.post(callback_path(FLASHAI), content=flashai_payload(body))).status_code == 200

        async def failed_twice() -> bool:
            page = (await gw.client.get("/v1/events/deliveries")).json()
            return all(d["attempts"] >= 2 for d in page["items"]) and len(page["items"]) == 2

        await eventually(failed_twice)
        async with running(subscriber):
            await subscriber.wait_for(2)
            deliveries = (await gw.client.get("/v1/events/deliveries", params={"status": "delivered"})).json()
        metrics = (await gw.client.get("/metrics")).text
    assert {e["type"] for e in subscriber.verified()} == {"switchboard.contact.result", "switchboard.campaign.progress"}
    assert [d["status"] for d in deliveries["items"]] == ["delivered", "delivered"]
    assert all(d["attempts"] >= 3 and d["last_error"].startswith("could not connect") for d in deliveries["items"])
    assert metric(metrics, "switchboard_events_delivery_failures_total", account=FLASHAI, outcome="retry") >= 4
    assert metric(metrics, "switchboard_events_delivered_total", account=FLASHAI) == 2


async def test_failures_become_dead_letters_that_can_be_redriven(tmp_path: Path) -> None:
    events = events_section(
        tmp_path / "outbox.sqlite3",
        delivery={"backoff_seconds": [0.2], "max_age_hours": 0.0003, "poll_seconds": 0.05, "jitter": 0},
        retention_hours=1,
    )
    async with (
        running(Subscriber(status=503)) as subscriber,
        event_gateway(
            tmp_path / "outbox.sqlite3", webhooks=[webhook(subscriber, name="crm-hook")], events=events
        ) as gw,
    ):
        await gw.client.post(callback_path(FLASHAI), content=flashai_payload(SDK_RESULT))

        async def dead() -> bool:
            page = (await gw.client.get("/v1/events/deliveries", params={"status": "dead"})).json()
            return len(page["items"]) == 1

        await eventually(dead)
        [letter] = (await gw.client.get("/v1/events/deliveries", params={"status": "dead"})).json()["items"]
        await gw.runtime.events.worker.housekeeping()  # type: ignore[union-attr]  # the depth gauge, now
        metrics = (await gw.client.get("/metrics")).text
        subscriber.status = 204
        redriven = await gw.client.post(f"/v1/events/deliveries/{letter['id']}/retry")
        await subscriber.wait_for(1)

        async def delivered() -> bool:
            found = (await gw.client.get("/v1/events/deliveries", params={"status": "delivered"})).json()["items"]
            return len(found) == 1

        await eventually(delivered)
        twice = await gw.client.post(f"/v1/events/deliveries/{letter['id']}/retry")
    assert (letter["webhook"], letter["account"], letter["event_type"]) == (
        "crm-hook",
        FLASHAI,
        "switchboard.contact.result",
    )
    assert letter["last_error"] == "HTTP 503"
    assert letter["attempts"] >= 2
    assert letter["next_attempt_at"] is None
    assert metric(metrics, "switchboard_events_outbox_depth", status="dead") == 1
    assert metric(metrics, "switchboard_events_delivery_failures_total", outcome="dead") == 1
    assert redriven.status_code == 200
    assert redriven.json()["status"] == "pending"
    assert twice.status_code == 409
    assert [r.headers["webhook-id"] for r in subscriber.received] == [letter["event_id"]] * len(subscriber.received)


async def test_subscribers_get_only_their_types_and_their_callers_accounts(tmp_path: Path) -> None:
    async with running(Subscriber()) as results_only, running(Subscriber()) as huawei_ops:
        ops = {
            "ops": {
                "key_sha256": [key_hash(OTHER_KEY)],
                "accounts": [HUAWEI],
                "default_account": HUAWEI,
                "webhooks": [webhook(huawei_ops)],
            }
        }
        crm_hooks = [webhook(results_only, types=["switchboard.contact.result"])]
        async with event_gateway(tmp_path / "outbox.sqlite3", webhooks=crm_hooks, extra_callers=ops) as gw:
            await gw.client.post(callback_path(FLASHAI), content=flashai_payload(SDK_RESULT))
            await gw.client.post(callback_path(FLASHAI), content=flashai_payload(SDK_BATCH))
            await gw.client.post(callback_path(HUAWEI), content=json.dumps(HUAWEI_RESULTS))
            await results_only.wait_for(2)
            await huawei_ops.wait_for(1)
            await asyncio.sleep(0.3)
            ops_deliveries = await gw.client.get(
                "/v1/events/deliveries", headers={"authorization": f"Bearer {OTHER_KEY}"}
            )
    assert sorted((e["source"], e["type"]) for e in results_only.verified()) == [
        ("/switchboard/accounts/flashai-demo", "switchboard.contact.result"),
        ("/switchboard/accounts/huawei-cec-demo", "switchboard.contact.result"),
    ]
    assert [e["source"] for e in huawei_ops.verified()] == ["/switchboard/accounts/huawei-cec-demo"]
    assert [d["account"] for d in ops_deliveries.json()["items"]] == [HUAWEI]  # only its own webhook's


async def test_each_delivery_has_its_own_trace_linked_to_the_callback(tmp_path: Path) -> None:
    telemetry = RecordingTelemetry()
    async with (
        running(Subscriber()) as subscriber,
        event_gateway(tmp_path / "outbox.sqlite3", webhooks=[webhook(subscriber)], telemetry=telemetry) as gw,
    ):
        await gw.client.post(callback_path(FLASHAI), content=flashai_payload(SDK_RESULT))
        await subscriber.wait_for(1)
        await eventually(lambda: _has_span(telemetry, "webhook delivery"))
        await gw.runtime.events.worker.housekeeping()  # type: ignore[union-attr]
        metrics = (await gw.client.get("/metrics")).text
    spans = telemetry.spans()
    callback = next(s for s in spans if s.kind is SpanKind.SERVER and s.name == "POST /callbacks/{account}")
    delivery = next(s for s in spans if s.name == "webhook delivery")
    assert delivery.parent is None  # a trace of its own ...
    assert delivery.context.trace_id != callback.context.trace_id
    [link] = delivery.links  # ... linked to the callback's
    assert (link.context.trace_id, link.context.span_id) == (callback.context.trace_id, callback.context.span_id)
    assert delivery.kind is SpanKind.CLIENT
    assert delivery.attributes["switchboard.outcome"] == "delivered"
    assert delivery.attributes["http.response.status_code"] == 200
    # The subscriber can join the delivery's trace.
    assert subscriber.received[0].headers["traceparent"].split("-")[1] == f"{delivery.context.trace_id:032x}"
    labels = {"account": FLASHAI, "type": "switchboard.contact.result"}
    assert metric(metrics, "switchboard_events_delivered_total", **labels) == 1
    assert metric(metrics, "switchboard_events_delivery_latency_seconds_count", **labels) == 1
    assert metric(metrics, "switchboard_events_outbox_depth", status="pending") == 0


async def _has_span(telemetry: RecordingTelemetry, name: str) -> bool:
    return any(span.name == name for span in telemetry.spans())
