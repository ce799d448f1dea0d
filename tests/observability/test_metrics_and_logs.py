"""Metrics with bounded labels, one JSON access line per request, and no secret or phone leaking."""

from __future__ import annotations

import io
import json
import re
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from adapters.registry import AdapterRegistry
from gateway.observability.logs import mask_phones
from tests.support.scenarios import CONTACTS, Client, campaign_slice
from tests.support.simulated import DEMO_KEY, simulated_gateway
from tests.support.telemetry import RecordingTelemetry


async def _full_scenario(telemetry: RecordingTelemetry) -> tuple[dict[str, Any], str]:
    async with simulated_gateway(["flashai"], telemetry=telemetry) as sim:

        async def advance(_campaign: str, seconds: float) -> None:
            sim.clock.advance(seconds)

        record = await campaign_slice(Client(sim.client), "observed", advance)
        await sim.client.delete(f"/v1/dnc/{CONTACTS[0]}")  # a phone in the path (501 for FlashAI)
        await sim.client.get("/v1/calls", params={"phone": CONTACTS[1], "campaign_id": "nope"})
        metrics = (await sim.client.get("/metrics")).text
    return record, metrics


def _samples(text: str) -> dict[str, list[Any]]:
    return {family.name: family.samples for family in text_string_to_metric_families(text)}


async def test_metrics_cover_inbound_vendor_and_overhead() -> None:
    _, text = await _full_scenario(RecordingTelemetry())
    samples = _samples(text)
    inbound = {(s.labels["route"], s.labels["status"]) for s in samples["switchboard_http_requests"]}
    assert ("/v1/campaigns/{campaign_id}/pause", "200") in inbound
    assert ("/v1/dnc/{phone}", "501") in inbound
    operations = {(s.labels["operation"], s.labels["outcome"]) for s in samples["switchboard_vendor_operations"]}
    assert ("campaigns.create", "success") in operations
    endpoints = {s.labels["endpoint"] for s in samples["switchboard_vendor_http_requests"]}
    assert {"addPlan", "batchPlanPause", "getBatchPlanCallList"} <= endpoints
    overhead = [s for s in samples["switchboard_gateway_overhead_seconds"] if s.name.endswith("_count")]
    assert sum(s.value for s in overhead) > 0
    assert all(s.labels["account"] == "flashai-demo" for s in samples["switchboard_vendor_operation_duration_seconds"])


async def test_label_values_are_bounded() -> None:
    record, text = await _full_scenario(RecordingTelemetry())
    campaign_id = record["created"]["campaign"]["id"]
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            for value in sample.labels.values():
                assert campaign_id not in value
                assert not re.search(r"\d{7,}", value), (family.name, sample.labels)


async def test_one_json_access_line_per_request(json_logs: io.StringIO) -> None:
    await _full_scenario(RecordingTelemetry())
    lines = [json.loads(line) for line in json_logs.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "switchboard.access" and line["route"] != "/metrics"]
    pause = next(line for line in access if line["route"] == "/v1/campaigns/{campaign_id}/pause")
    assert pause["status"] == 200
    assert pause["caller"] == "demo"
    assert pause["account"] == "flashai-demo"
    assert pause["vendor"] == "flashai"
    assert pause["operation"] == "campaigns.pause"
    assert len(pause["trace_id"]) == 32
    assert pause["duration_ms"] >= pause["vendor_wait_ms"] > 0
    refused = next(line for line in access if line["route"] == "/v1/dnc/{phone}")
    assert refused["error_code"] == "unsupported_operation"
    assert refused["path"] == "/v1/dnc/" + mask_phones(CONTACTS[0])
    assert any(line["logger"] == "adapters.http" and line["endpoint"] == "addPlan" for line in lines)


async def test_no_secret_and_no_full_phone_in_logs_or_spans(json_logs: io.StringIO) -> None:
    telemetry = RecordingTelemetry()
    await _full_scenario(telemetry)
    kit = AdapterRegistry.from_entry_points().get("flashai").simulator()
    assert kit is not None
    secrets = [kit.account_config(base_url="http://x")["credentials"]["client_secret"], DEMO_KEY]
    phones = CONTACTS + [phone.removeprefix("+86") for phone in CONTACTS]
    spans = json.dumps(
        [
            {
                "name": s.name,
                "attributes": dict(s.attributes or {}),
                "events": [dict(e.attributes or {}) for e in s.events],
            }
            for s in telemetry.spans()
        ]
    )
    for haystack in (json_logs.getvalue(), spans):
        for needle in secrets + phones:
            assert needle not in haystack
