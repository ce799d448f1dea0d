"""No configured secret appears in responses, problems, logs, spans, metrics, OpenAPI or config dumps."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import subprocess
import sys
from pathlib import Path

import httpx
import yaml

from adapters.registry import AdapterRegistry
from gateway.observability.logs import JsonFormatter
from tests.support.scenarios import Client, campaign_slice
from tests.support.simulated import DEMO_KEY, simulated_gateway
from tests.support.telemetry import RecordingTelemetry


async def test_a_full_scenario_leaks_no_secret(tmp_path: Path) -> None:
    kit = AdapterRegistry.from_entry_points().get("flashai").simulator()
    assert kit is not None
    account = kit.account_config(base_url="http://flashai.sim")
    secrets = [*account["credentials"].values(), DEMO_KEY]

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    seen: list[str] = []

    async def keep(response: httpx.Response) -> None:
        await response.aread()
        seen.append(json.dumps(dict(response.headers)) + response.text)

    telemetry = RecordingTelemetry()
    try:
        async with simulated_gateway(["flashai"], telemetry=telemetry) as sim:
            sim.client.event_hooks["response"].append(keep)

            async def advance(_campaign: str, seconds: float) -> None:
                sim.clock.advance(seconds)

            await campaign_slice(Client(sim.client), "no-leaks", advance)
            for method, path in [
                ("GET", "/v1/accounts"),
                ("GET", "/v1/agents"),  # 501
                ("POST", "/v1/campaigns/bad-id/pause"),  # 404
                ("GET", "/metrics"),
                ("GET", "/schema/openapi.json"),
            ]:
                await sim.client.request(method, path)
    finally:
        root.removeHandler(handler)

    config = tmp_path / "switchboard.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "accounts": {"fa": {"vendor": "flashai", **account}},
                "callers": {"crm": {"key_sha256": ["0" * 64], "accounts": ["fa"], "default_account": "fa"}},
            }
        )
    )
    printed = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "gateway.cli", "check-config", "--print", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    dump = printed.stdout
    assert "<redacted>" in dump
    spans = json.dumps([{"name": s.name, "attributes": dict(s.attributes or {})} for s in telemetry.spans()])
    haystacks = {"responses": "\n".join(seen), "logs": stream.getvalue(), "spans": spans, "config dump": dump}
    assert len(seen) > 10
    for where, text in haystacks.items():
        for secret in secrets:
            assert secret not in text, f"a secret appears in the {where}"
