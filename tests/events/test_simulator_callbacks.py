"""The simulators POST their callbacks for real (to a loopback server here), with each vendor's
retry behaviour: FlashAI retries only failed connections (0, 300, 300, 3600, 3600 s), Huawei
re-pushes anything but a 200 with retCode "0" (at once, then every 10 minutes, six pushes)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import pytest

from adapters.events import CallbackRequest
from adapters.flashai.adapter import FlashAIAdapter
from adapters.flashai.callbacks import FLASHAI_CALLBACKS
from adapters.flashai.simulator import FlashAISimulatorKit
from adapters.huawei_cec.adapter import HuaweiCecAdapter
from adapters.huawei_cec.callbacks import HUAWEI_CALLBACKS
from adapters.huawei_cec.simulator import HuaweiCecSimulatorKit
from adapters.simulation import SimClock
from contracts.adapter import AccountSpec
from contracts.calls import CallOriginate
from contracts.campaigns import CampaignCreate
from contracts.contacts import Contact
from contracts.context import OperationContext
from contracts.events import CampaignProgress, ContactResult, EventType
from contracts.paging import PageRequest
from tests.events.support import Subscriber, running
from tests.support.simulated import SIM_START

CTX = OperationContext(account="test", request_id="simulator-callbacks")
PAGE = PageRequest(limit=50)
PHONES = ["+8613800138000", "+8613900139000"]
HUAWEI_ACK = b'{"retCode":"0","retMsg":"success"}'


def spec(kit: Any, vendor: str, callback_url: str, **credentials: str) -> AccountSpec:
    config = kit.account_config(base_url=f"http://{vendor}.sim")
    return AccountSpec(
        name=f"{vendor}-test",
        vendor=vendor,
        base_urls=config["base_urls"],
        credentials=config["credentials"] | credentials,
        options=config["options"],
        callback_url=callback_url,
    )


async def flashai_batch(subscriber: Subscriber, *, style: str = "sdk") -> tuple[Any, FlashAIAdapter]:
    kit = FlashAISimulatorKit(callback_style=style)
    sim = kit.create_app(clock=SimClock.frozen(SIM_START.timestamp()))
    adapter = FlashAIAdapter(
        spec(kit, "flashai", subscriber.url), transport=httpx.ASGITransport(app=sim), clock=sim.clock.now
    )
    contacts = [Contact(phone=p, external_id=f"crm-{n}") for n, p in enumerate(PHONES)] + [
        Contact(phone="+861065529988", external_id="refused")  # 10 digits: FlashAI refuses it
    ]
    await adapter.create_campaign(CTX, campaign=CampaignCreate(name="sim-batch", script_id="T1001", contacts=contacts))
    return sim, adapter


async def test_flashai_posts_a_signed_report_per_call_and_the_batch_counts(subscriber: Subscriber) -> None:
    sim, adapter = await flashai_batch(subscriber)
    async with running(subscriber):
        sim.clock.advance(600)
        assert await sim.callbacks.pump() == 3  # the batch's counts, then each number's call
    parsed = [FLASHAI_CALLBACKS.receive(adapter.settings, CallbackRequest(body=r.body)) for r in subscriber.received]
    events = [event for callback in parsed for event in callback.events]  # every signature verified
    assert [e.type for e in events] == [EventType.CAMPAIGN_PROGRESS, EventType.CONTACT_RESULT, EventType.CONTACT_RESULT]
    progress = events[0].data
    assert isinstance(progress, CampaignProgress)
    assert (progress.accepted, progress.added, progress.rejected) == (3, 2, 1)
    results = [e.data for e in events[1:]]
    assert all(isinstance(r, ContactResult) for r in results)
    assert [(r.phone, r.external_id) for r in results] == [(PHONES[0], "crm-0"), (PHONES[1], "crm-1")]
    assert all(r.call is not None and r.call.started_at is not None for r in results)
    assert {r.headers["content-type"] for r in subscriber.received} == {"application/json;charset=UTF-8"}
    assert await sim.callbacks.pump() == 0  # reported once


async def test_flashai_lineage_style_signs_the_envelope(subscriber: Subscriber) -> None:
    sim, adapter = await flashai_batch(subscriber, style="lineage")
    assert adapter.settings.options.callback_signature.value == "envelope"  # the kit configures the adapter
    async with running(subscriber):
        sim.clock.advance(600)
        await sim.callbacks.pump()
    bodies = [json.loads(r.body) for r in subscriber.received]
    assert all(isinstance(body["body"], str) and body["success"] == 0 for body in bodies)
    events = [
        e
        for r in subscriber.received
        for e in FLASHAI_CALLBACKS.receive(adapter.settings, CallbackRequest(body=r.body)).events
    ]
    assert [getattr(e.data, "disposition", None) is not None for e in events[1:]] == [True, True]


async def test_flashai_retries_failed_connections_on_its_schedule_then_drops(subscriber: Subscriber) -> None:
    sim, _ = await flashai_batch(subscriber)
    sim.clock.advance(600)
    assert await sim.callbacks.pump() == 3  # nobody listening: three failed connections
    attempts = [1]
    for wait in (299, 1, 299, 1, 3599, 1, 3599, 1, 10_000):
        sim.clock.advance(wait)
        attempts.append(await sim.callbacks.pump() // 3)
    # Retried after 300, 300, 3600 and 3600 s - five attempts in all - then dropped.
    assert attempts == [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]
    assert sim.callbacks.queue == []
    assert [s.attempt for s in sim.callbacks.sent if s.kind == "batch"] == [1, 2, 3, 4, 5]
    assert all(s.status is None for s in sim.callbacks.sent)


async def test_flashai_takes_any_http_answer_as_final(subscriber: Subscriber) -> None:
    sim, _ = await flashai_batch(subscriber)
    subscriber.status = 500
    async with running(subscriber):
        sim.clock.advance(600)
        await sim.callbacks.pump()
        sim.clock.advance(4000)
        assert await sim.callbacks.pump() == 0  # an HTTP error is not retried (notes §3.5)
    assert [r.status for r in subscriber.received] == [500, 500, 500]


async def huawei_campaign(subscriber: Subscriber, **credentials: str) -> tuple[Any, HuaweiCecAdapter]:
    kit = HuaweiCecSimulatorKit(calldata_min_interval=0)
    sim = kit.create_app(clock=SimClock.frozen(SIM_START.timestamp()))
    adapter = HuaweiCecAdapter(
        spec(kit, "huawei_cec", subscriber.url, **credentials),
        transport=httpx.ASGITransport(app=sim),
        clock=sim.clock.now,
    )
    scripts = await adapter.list_scripts(CTX, page=PAGE)
    lines = await adapter.list_caller_ids(CTX, page=PAGE)
    campaign = CampaignCreate(
        name="sim-campaign",
        script_id=scripts.items[0].id,
        caller_ids=[lines.items[0].id],
        contacts=[Contact(phone=p, external_id=f"crm-{n}") for n, p in enumerate(PHONES)],
    )
    created = await adapter.create_campaign(CTX, campaign=campaign)
    await adapter.start_campaign(CTX, campaign_id=created.campaign.id)
    return sim, adapter


async def test_huawei_pushes_results_as_an_array_and_stops_once_acknowledged(subscriber: Subscriber) -> None:
    subscriber.answer = HUAWEI_ACK
    sim, adapter = await huawei_campaign(subscriber)
    async with running(subscriber):
        for _ in range(12):
            sim.clock.advance(300)
            await sim.callbacks.pump()
    events = [
        e
        for r in subscriber.received
        for e in HUAWEI_CALLBACKS.receive(adapter.settings, CallbackRequest(body=r.body)).events
    ]
    assert {e.data.phone for e in events} == set(PHONES)
    assert all(json.loads(r.body) and isinstance(json.loads(r.body), list) for r in subscriber.received)
    call_ids = [e.data.call.id for e in events]
    assert len(call_ids) == len(set(call_ids))  # each attempt pushed once: every push was acknowledged


@pytest.mark.parametrize(("status", "answer"), [(200, b"OK"), (200, b'{"retCode":"1"}'), (503, HUAWEI_ACK)])
async def test_huawei_re_pushes_at_once_then_every_ten_minutes_six_times_at_most(
    subscriber: Subscriber, status: int, answer: bytes
) -> None:
    subscriber.status, subscriber.answer = status, answer
    sim, _ = await huawei_campaign(subscriber)
    async with running(subscriber):
        while not sim.callbacks.queue:  # until the first attempt has ended
            sim.clock.advance(5)
            sim.callbacks.collect(sim.clock.now())
        first = sim.callbacks.queue[0]
        pushes = []
        for wait in (0, 0, 599, 1, 600, 600, 600, 600):
            sim.clock.advance(wait)
            before = first.attempts
            await sim.callbacks.pump()
            pushes.append(first.attempts - before)
    assert pushes == [1, 1, 0, 1, 1, 1, 1, 0]  # two at once, then one per 10 minutes, six in all
    assert first not in sim.callbacks.queue  # dropped after the sixth


async def test_huawei_bidirectional_calls_report_to_the_console_url_signed_with_its_key(subscriber: Subscriber) -> None:
    subscriber.answer = HUAWEI_ACK
    sim, adapter = await huawei_campaign(subscriber, callback_shared_key="console-shared-key")
    sim.configure_console(callback_url=subscriber.url, shared_key="console-shared-key")
    agents = await adapter.list_agents(CTX, page=PAGE)
    agent = next(a for a in agents.items if a.extension)
    await adapter.originate_call(CTX, call=CallOriginate(to=PHONES[0], agent_id=agent.id))
    async with running(subscriber):
        for _ in range(20):
            sim.clock.advance(30)
            await sim.callbacks.pump()
    documents = [json.loads(r.body) for r in subscriber.received]
    releases = [d for d in documents if isinstance(d, dict) and "releaseReason" in d]
    [release] = releases
    assert {"timestamp", "nonce", "signature"} <= set(release)
    [event] = HUAWEI_CALLBACKS.receive(adapter.settings, CallbackRequest(body=json.dumps(release).encode())).events
    assert event.type is EventType.CALL_COMPLETED  # the simulator's signature verified by the adapter's code
    assert event.data.to_number == PHONES[0]
    assert event.occurred_at is not None
    assert event.occurred_at > SIM_START.astimezone(dt.UTC)


@pytest.fixture
def subscriber() -> Subscriber:
    return Subscriber()
