"""One trace per request: server span -> adapter operation span -> vendor client spans."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry.trace import SpanKind

from gateway.observability.export import EncodedSpanExport
from gateway.observability.telemetry import Telemetry
from gateway.observability.tracing import (
    EXPORT_BATCH_SPANS,
    EXPORT_DELAY_MS,
    EXPORT_QUEUE_SPANS,
    tracer_provider_from_env,
)
from tests.support.otlp import OtlpReceiver, otlp_receiver
from tests.support.simulated import simulated_gateway
from tests.support.telemetry import RecordingTelemetry

CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


async def _create_campaign(client: Any) -> str:
    scripts = (await client.get("/v1/scripts")).json()["items"]
    body = {"name": "traced", "script_id": scripts[0]["id"], "contacts": [{"phone": "+8613800138000"}]}
    created = await client.post("/v1/campaigns", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["campaign"]["id"])


async def test_span_tree_of_one_request() -> None:
    telemetry = RecordingTelemetry()
    async with simulated_gateway(["flashai"], telemetry=telemetry) as sim:
        campaign = await _create_campaign(sim.client)
        telemetry.exporter.clear()
        answer = await sim.client.post(
            f"/v1/campaigns/{campaign}/pause", headers={"traceparent": f"00-{CALLER_TRACE}-00f067aa0ba902b7-01"}
        )
        assert answer.status_code == 200
    spans = telemetry.spans()
    server = next(s for s in spans if s.kind is SpanKind.SERVER)
    operation = next(s for s in spans if s.name == "flashai campaigns.pause")
    clients = [s for s in spans if s.kind is SpanKind.CLIENT]

    assert server.name == "POST /v1/campaigns/{campaign_id}/pause"
    assert format(server.context.trace_id, "032x") == CALLER_TRACE  # joined the caller's trace
    assert server.attributes["http.route"] == "/v1/campaigns/{campaign_id}/pause"
    assert server.attributes["http.response.status_code"] == 200
    assert operation.parent is not None
    assert operation.parent.span_id == server.context.span_id
    assert operation.attributes["switchboard.vendor"] == "flashai"
    assert operation.attributes["switchboard.account"] == "flashai-demo"
    assert operation.attributes["switchboard.operation"] == "campaigns.pause"
    assert operation.attributes["switchboard.outcome"] == "success"
    assert [c.attributes["switchboard.vendor_endpoint"] for c in clients] == ["batchPlanPause"]
    client = clients[0]
    assert client.parent is not None
    assert client.parent.span_id == operation.context.span_id
    assert client.name == "POST"
    assert client.attributes["http.request.method"] == "POST"
    assert client.attributes["url.full"] == "http://flashai.sim/batchPlanPause"
    assert client.attributes["server.address"] == "flashai.sim"
    assert client.attributes["http.response.status_code"] == 200


async def test_failed_operation_carries_neutral_and_vendor_codes() -> None:
    telemetry = RecordingTelemetry()
    async with simulated_gateway(["flashai"], telemetry=telemetry) as sim:
        campaign = await _create_campaign(sim.client)
        answer = await sim.client.post(f"/v1/campaigns/{campaign}/resume")  # it is running: vendor refuses
        assert answer.status_code == 409
    operation = next(s for s in telemetry.spans() if s.name == "flashai campaigns.resume")
    assert operation.attributes["switchboard.outcome"] == "error"
    assert operation.attributes["switchboard.error_code"] == "conflict"
    assert operation.attributes["switchboard.vendor_code"] == "101006"


@pytest.fixture
def receiver() -> Iterator[OtlpReceiver]:
    with otlp_receiver() as running:
        yield running


async def test_spans_reach_an_otlp_receiver(receiver: OtlpReceiver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.url)  # the exporter reads os.environ
    telemetry = Telemetry.from_env({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": receiver.url})
    async with simulated_gateway(["flashai"], telemetry=telemetry) as sim:
        assert (await sim.client.get("/v1/scripts")).status_code == 200
    # Stopping the app shut the provider down, which flushed the spans to the receiver.
    for request in receiver.requests:
        for resource_spans in request.resource_spans:
            service = {a.key: a.value.string_value for a in resource_spans.resource.attributes}["service.name"]
            assert service == "switchboard"
    assert {"GET /v1/scripts", "flashai scripts.list", "POST"} <= {span.name for span in receiver.spans()}


def test_nothing_is_exported_without_otel_variables() -> None:
    telemetry = Telemetry.from_env({})
    assert telemetry.tracer_provider._active_span_processor._span_processors == ()


@pytest.mark.parametrize(
    ("env", "delay", "batch", "queue"),
    [
        ({}, EXPORT_DELAY_MS / 1000, EXPORT_BATCH_SPANS, EXPORT_QUEUE_SPANS),
        (
            {
                "OTEL_BSP_SCHEDULE_DELAY": "200",
                "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "64",
                "OTEL_BSP_MAX_QUEUE_SIZE": "999",
            },
            0.2,
            64,
            999,
        ),
        ({"OTEL_BSP_SCHEDULE_DELAY": "soon", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "0"}, 1.0, EXPORT_BATCH_SPANS, 2048),
    ],
)
def test_export_batching_follows_the_standard_variables(
    env: dict[str, str], delay: float, batch: int, queue: int
) -> None:
    provider = tracer_provider_from_env({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:9/v1/traces"} | env)
    try:
        (processor,) = provider._active_span_processor._span_processors
        assert isinstance(processor, EncodedSpanExport)
        assert (processor._delay, processor._batch_spans, processor._max_queued) == (delay, batch, queue)
    finally:
        provider.shutdown()


def test_spans_are_not_recorded_without_an_exporter_but_keep_their_trace_ids() -> None:
    span = tracer_provider_from_env({}).get_tracer("test").start_span("unexported")
    assert not span.is_recording()
    assert span.get_span_context().is_valid
