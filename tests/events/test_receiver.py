"""`POST /callbacks/{account}/{secret}`: acknowledgements per vendor, deduplication, limits,
problems for garbage, and an unguessable URL whose secret never reaches a log, span or answer."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.trace import SpanKind
from prometheus_client.parser import text_string_to_metric_families

from adapters.flashai.simulator import SIM_CLIENT_SECRET
from gateway.events.settings import derived_callback_secret
from tests.events.support import MASTER_SECRET, callback_path, event_gateway, events_section
from tests.events.test_flashai_callbacks import SDK_BATCH, SDK_RESULT, md5_sign
from tests.events.test_huawei_callbacks import RESULTS_EXAMPLE
from tests.support.gateway import gateway_client, reference_config
from tests.support.telemetry import RecordingTelemetry

FLASHAI = "flashai-demo"
HUAWEI = "huawei-cec-demo"
SOBOT = "sobot-demo"
HUAWEI_RESULTS = [RESULTS_EXAMPLE[0] | {"vdnId": 170}]  # the simulator tenant's VDN


def flashai_payload(body: dict[str, Any]) -> bytes:
    envelope = {"msg": "SUCCESS", "code": "0", "success": True, "sign": md5_sign(body, SIM_CLIENT_SECRET), "body": body}
    return json.dumps(envelope, ensure_ascii=False).encode()


def metric(text: str, name: str, **labels: str) -> float:
    """The sum of the samples of `name` whose labels include `labels`."""
    return sum(
        float(sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items())
    )


async def test_each_vendor_gets_the_acknowledgement_it_expects(tmp_path: Path) -> None:
    async with event_gateway(tmp_path / "outbox.sqlite3") as gw:
        flashai = await gw.client.post(callback_path(FLASHAI), content=flashai_payload(SDK_RESULT))
        huawei = await gw.client.post(callback_path(HUAWEI), content=json.dumps(HUAWEI_RESULTS))
        events = await gw.feed()
    assert (flashai.status_code, flashai.content) == (200, b'{"rspCode":"000000","rspMsg":null,"data":null}')
    assert (huawei.status_code, huawei.json()) == (200, {"retCode": "0", "retMsg": "success"})
    assert flashai.headers["content-type"].startswith("application/json")
    assert [(e["source"], e["type"]) for e in events] == [
        ("/switchboard/accounts/flashai-demo", "switchboard.contact.result"),
        ("/switchboard/accounts/huawei-cec-demo", "switchboard.contact.result"),
    ]
    # CloudEvents 1.0's required attributes, always present.
    assert all(e["specversion"] == "1.0" and e["datacontenttype"] == "application/json" for e in events)
    assert events[1]["time"] == "2020-08-30T12:00:00Z"  # callTimeStr in the vendor's zone, as UTC


async def test_a_repeated_callback_yields_one_event(tmp_path: Path) -> None:
    async with event_gateway(tmp_path / "outbox.sqlite3") as gw:
        answers = [
            await gw.client.post(callback_path(FLASHAI), content=flashai_payload(body))
            for body in (SDK_RESULT, SDK_BATCH, SDK_RESULT, SDK_RESULT, SDK_BATCH)
        ]
        again = await gw.client.post(callback_path(HUAWEI), content=json.dumps(HUAWEI_RESULTS * 2))
        events = await gw.feed()
        metrics = (await gw.client.get("/metrics")).text
    assert [a.status_code for a in answers] == [200] * 5  # a repeat is acknowledged too, or the vendor retries
    assert again.status_code == 200
    assert [e["type"] for e in events] == [
        "switchboard.contact.result",
        "switchboard.campaign.progress",
        "switchboard.contact.result",
    ]
    assert len({e["id"] for e in events}) == 3
    labels = {"account": FLASHAI, "vendor": "flashai", "type": "switchboard.contact.result"}
    assert metric(metrics, "switchboard_events_normalized_total", **labels) == 3
    assert metric(metrics, "switchboard_events_deduplicated_total", **labels) == 2
    assert metric(metrics, "switchboard_events_callbacks_received_total", account=FLASHAI, outcome="accepted") == 5


async def test_wrong_secrets_unknown_accounts_and_silent_vendors_all_look_like_no_route(tmp_path: Path) -> None:
    sobot_secret = derived_callback_secret(MASTER_SECRET, SOBOT)
    async with event_gateway(tmp_path / "outbox.sqlite3", vendors=("flashai", "huawei_cec", "sobot")) as gw:
        answers = {
            "wrong secret": await gw.client.post(callback_path(FLASHAI, "x" * 32), content=flashai_payload(SDK_RESULT)),
            "no secret": await gw.client.post(f"/callbacks/{FLASHAI}", content=b"{}"),
            "other account's secret": await gw.client.post(
                callback_path(FLASHAI, derived_callback_secret(MASTER_SECRET, HUAWEI)), content=b"{}"
            ),
            "unknown account": await gw.client.post(callback_path("nobody"), content=b"{}"),
            "sobot (no callbacks)": await gw.client.post(callback_path(SOBOT, sobot_secret), content=b"{}"),
            "too many segments": await gw.client.post(callback_path(FLASHAI) + "/more", content=b"{}"),
        }
        stored = await gw.feed()
    assert stored == []
    for what, answer in answers.items():
        assert answer.status_code == 404, what
        assert answer.headers["content-type"] == "application/problem+json", what
        problem = answer.json()
        assert problem["code"] == "not_found", what
        assert problem["detail"] == f"no route POST {problem['instance']}", what
        assert problem["instance"].count("/") == 2, what  # "/callbacks/<account>": the secret is gone
        assert derived_callback_secret(MASTER_SECRET, FLASHAI) not in answer.text


@pytest.mark.parametrize(
    ("account", "body", "status", "code"),
    [
        (FLASHAI, b"not json at all", 400, "invalid_request"),
        (FLASHAI, b'{"code": "0", "body": {"batchName": "b", "hello": 1}, "sign": "x"}', 401, "unauthenticated"),
        (FLASHAI, json.dumps({"body": SDK_RESULT}).encode(), 401, "unauthenticated"),
        (HUAWEI, b"[1, 2, 3]", 422, "invalid_request"),
        (HUAWEI, json.dumps([RESULTS_EXAMPLE[0]]).encode(), 422, "invalid_request"),  # VDN 11 is not the account's
    ],
    ids=["not-json", "bad-sign", "no-sign", "not-results", "other-vdn"],
)
async def test_garbage_is_a_problem_and_nothing_is_stored(
    tmp_path: Path, account: str, body: bytes, status: int, code: str
) -> None:
    async with event_gateway(tmp_path / "outbox.sqlite3") as gw:
        answer = await gw.client.post(callback_path(account), content=body)
        stored = await gw.feed()
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["code"] == code
    assert stored == []


async def test_oversized_callbacks_are_refused(tmp_path: Path) -> None:
    events = events_section(tmp_path / "outbox.sqlite3", max_callback_bytes=2048)
    async with event_gateway(tmp_path / "outbox.sqlite3", events=events) as gw:
        padded = SDK_RESULT | {"remarks": "x" * 3000}
        answer = await gw.client.post(callback_path(FLASHAI), content=flashai_payload(padded))
        fits = await gw.client.post(callback_path(FLASHAI), content=flashai_payload(SDK_RESULT))
    assert answer.status_code == 413
    assert answer.json()["code"] == "payload_too_large"
    assert fits.status_code == 200


async def test_without_an_events_section_there_is_no_callback_route() -> None:
    async with gateway_client(reference_config()) as client:
        answer = await client.post("/callbacks/ref-a/whatever-secret", content=b"{}")
        feed = await client.get("/v1/events")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"
    assert feed.status_code == 200
    assert feed.json()["items"] == []


async def test_the_callback_is_traced_and_its_secret_is_never_logged(tmp_path: Path, json_logs: io.StringIO) -> None:
    telemetry = RecordingTelemetry()
    secret = derived_callback_secret(MASTER_SECRET, FLASHAI)
    async with event_gateway(tmp_path / "outbox.sqlite3", telemetry=telemetry) as gw:
        await gw.client.post(callback_path(FLASHAI), content=flashai_payload(SDK_RESULT))
        await gw.client.post(callback_path(FLASHAI, "a-wrong-secret-0123456789"), content=b"{}")
        [event] = await gw.feed()
    spans = telemetry.spans()
    server = next(
        s for s in spans if s.kind is SpanKind.SERVER and s.attributes.get("http.response.status_code") == 200
    )
    normalize = next(s for s in spans if s.name == "flashai callback")
    store = next(s for s in spans if s.name == "events store")
    assert server.name == "POST /callbacks/{account}"
    assert server.attributes["url.path"] == "/callbacks/flashai-demo"
    for child in (normalize, store):
        assert child.parent is not None
        assert child.parent.span_id == server.context.span_id
    assert store.attributes["switchboard.events_new"] == 1
    # The event names the trace of the callback that reported it.
    flags = int(server.context.trace_flags)
    assert event["traceparent"] == f"00-{server.context.trace_id:032x}-{server.context.span_id:016x}-{flags:02x}"
    logs = json_logs.getvalue()
    assert '"path":"/callbacks/flashai-demo"' in logs
    everything = logs + json.dumps([{"name": s.name, "attributes": dict(s.attributes or {})} for s in spans])
    assert secret not in everything
    assert "a-wrong-secret-0123456789" not in everything
    assert "8011504669" not in logs  # no phone number of the payload either
