"""Swapping a vendor is one line of configuration; the client does not change.

The same neutral client script runs against the caller's default account (FlashAI); then one
line of the YAML file changes — the caller's `default_account` now names an account of another
vendor — and the script runs again, unchanged.
"""

from __future__ import annotations

import difflib
from typing import Any

import httpx
import yaml

from adapters.registry import AdapterRegistry
from adapters.simulation import SimClock
from tests.support.gateway import gateway_client, key_hash, registry_with_reference
from tests.support.scenarios import Client, campaign_slice
from tests.support.simulated import SIM_START


def config_text() -> str:
    kit = AdapterRegistry.from_entry_points().get("flashai").simulator()
    assert kit is not None
    raw = {
        "accounts": {
            "contact-center-a": {"vendor": "flashai", **kit.account_config(base_url="http://flashai.sim")},
            "contact-center-b": {"vendor": "reference", "base_urls": {"default": "http://reference.invalid"}},
        },
        "callers": {
            "crm": {
                "key_sha256": [key_hash("k")],
                "accounts": ["contact-center-a", "contact-center-b"],
                "default_account": "contact-center-a",
                "scopes": ["read", "write", "dial"],
            }
        },
    }
    return yaml.safe_dump(raw, sort_keys=False)


async def run_client_script(config: dict[str, Any]) -> dict[str, Any]:
    clock = SimClock.frozen(SIM_START.timestamp())
    kit = AdapterRegistry.from_entry_points().get("flashai").simulator()
    assert kit is not None
    transports = {"contact-center-a": httpx.ASGITransport(app=kit.create_app(clock=clock))}
    clocks = {"contact-center-a": clock.now}
    async with gateway_client(
        config, registry=registry_with_reference(), transports=transports, clocks=clocks, key="k"
    ) as http:

        async def advance(_campaign: str, seconds: float) -> None:
            clock.advance(seconds)

        # The client script names no vendor and no account.
        return await campaign_slice(Client(http), "spring-promo", advance)


async def test_same_client_script_runs_against_two_vendors() -> None:
    before = config_text()
    after = before.replace("default_account: contact-center-a", "default_account: contact-center-b")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert changed == ["-     default_account: contact-center-a", "+     default_account: contact-center-b"]

    on_flashai = await run_client_script(yaml.safe_load(before))
    on_reference = await run_client_script(yaml.safe_load(after))
    for record in (on_flashai, on_reference):
        assert record["created"]["contacts"]["added"] == 4
        assert record["stats"]["total"] == 4
        assert record["calls"]
