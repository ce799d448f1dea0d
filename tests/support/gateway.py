"""Building a gateway for tests: configuration, registry with the reference adapter, client."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import httpx
from litestar.testing import AsyncTestClient

from adapters.registry import AdapterRegistry
from gateway.app import create_app
from gateway.config import parse_config
from tests.support.reference_adapter import STORES, ReferenceAdapter

CRM_KEY = "crm-secret-key-0001"
BILLING_KEY = "billing-secret-key-0002"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def registry_with_reference() -> AdapterRegistry:
    registry = AdapterRegistry.from_entry_points()
    registry.register("reference", ReferenceAdapter)
    return registry


def reference_config(**server: Any) -> dict[str, Any]:
    """Three reference accounts; `crm` may use ref-a and ref-b, `billing` only ref-c."""
    account = {"vendor": "reference", "base_urls": {"default": "http://reference.invalid"}}
    return {
        "server": server,
        "accounts": {"ref-a": dict(account), "ref-b": dict(account), "ref-c": dict(account)},
        "callers": {
            "crm": {
                "key_sha256": [key_hash(CRM_KEY)],
                "accounts": ["ref-a", "ref-b"],
                "default_account": "ref-a",
                "scopes": ["read", "write", "dial"],
            },
            "billing": {
                "key_sha256": [key_hash(BILLING_KEY)],
                "accounts": ["ref-c"],
                "default_account": "ref-c",
                "scopes": ["read", "write", "dial"],
            },
        },
    }


@asynccontextmanager
async def gateway_client(
    raw_config: dict[str, Any],
    *,
    registry: AdapterRegistry | None = None,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    clocks: Mapping[str, Callable[[], float]] | None = None,
    key: str = CRM_KEY,
) -> AsyncIterator[AsyncTestClient[Any]]:
    STORES.clear()
    config = parse_config(raw_config, {})
    app = create_app(config, registry=registry or registry_with_reference(), transports=transports, clocks=clocks)
    async with AsyncTestClient(app, raise_server_exceptions=False) as client:
        client.headers["authorization"] = f"Bearer {key}"
        yield client
