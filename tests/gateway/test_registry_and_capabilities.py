"""Plugin discovery, failure isolation, capability drift, and 501 before any vendor I/O."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from typing import Any, ClassVar

import httpx
import msgspec
import pytest

from adapters.base import AdapterBase, capability_drift
from adapters.registry import ENTRY_POINT_GROUP, AdapterRegistry, UnknownVendor
from contracts.capabilities import OPERATION_METHODS, Capability
from contracts.catalog import Script
from contracts.context import OperationContext
from contracts.paging import Page, PageRequest
from tests.support.gateway import gateway_client, key_hash
from tests.support.reference_adapter import ReferenceAdapter


class _Settings(msgspec.Struct):
    credentials: dict[str, str] = {}
    options: dict[str, str] = {}


class ScriptsOnly(AdapterBase[_Settings]):
    """Declares one operation; every vendor request fails loudly."""

    vendor: ClassVar[str] = "scripts-only"
    display_name: ClassVar[str] = "Scripts only"
    capabilities: ClassVar[frozenset[Capability]] = frozenset({Capability.SCRIPTS_LIST})
    settings_type = _Settings
    unsupported_reasons: ClassVar[dict[Capability, str]] = {Capability.CALLS_ORIGINATE: "no dialler here"}

    async def list_scripts(self, ctx: OperationContext, *, page: PageRequest) -> Page[Script]:
        return Page(items=[Script(id="welcome", name="Welcome")])


def test_every_capability_names_one_method() -> None:
    assert set(OPERATION_METHODS) == set(Capability)
    assert len(set(OPERATION_METHODS.values())) == len(Capability)


def test_drift_is_detected_both_ways() -> None:
    class DeclaresTooMuch(ScriptsOnly):
        capabilities: ClassVar[frozenset[Capability]] = frozenset({Capability.SCRIPTS_LIST, Capability.DNC_ADD})

    class ImplementsTooMuch(ScriptsOnly):
        async def list_dnc(self, ctx: OperationContext, *, page: PageRequest) -> Any:
            return None

    assert capability_drift(ScriptsOnly) == []
    assert capability_drift(ReferenceAdapter) == []
    assert capability_drift(DeclaresTooMuch) == ["dnc.add declared but add_dnc() is not implemented"]
    assert capability_drift(ImplementsTooMuch) == ["list_dnc() implemented but dnc.list is not declared"]


def test_broken_plugins_are_reported_and_skipped() -> None:
    entries = {
        "ghost": EntryPoint("ghost", "no_such_module_xyz:Adapter", ENTRY_POINT_GROUP),
        "not-an-adapter": EntryPoint("not-an-adapter", "json:JSONDecoder", ENTRY_POINT_GROUP),
    }
    registry = AdapterRegistry(entries)
    registry.register("scripts-only", ScriptsOnly)
    assert list(registry.available()) == ["scripts-only"]
    assert "ModuleNotFoundError" in registry.broken["ghost"]
    assert "not an AdapterBase subclass" in registry.broken["not-an-adapter"]
    with pytest.raises(UnknownVendor, match="failed to load"):
        registry.get("ghost")
    with pytest.raises(UnknownVendor, match="no adapter named 'avaya'"):
        registry.get("avaya")


def test_installed_entry_points_are_discovered_lazily() -> None:
    registry = AdapterRegistry.from_entry_points()
    assert "flashai" in registry.names()
    assert "flashai" not in registry._loaded


async def test_undeclared_operations_answer_501_before_vendor_io() -> None:
    def no_network(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"vendor I/O attempted: {request.url}")

    registry = AdapterRegistry()
    registry.register("scripts-only", ScriptsOnly)
    raw = {
        "accounts": {"tiny": {"vendor": "scripts-only", "base_urls": {"default": "http://tiny.invalid"}}},
        "callers": {
            "crm": {
                "key_sha256": [key_hash("k")],
                "accounts": ["tiny"],
                "default_account": "tiny",
                "scopes": ["read", "write", "dial"],
            }
        },
    }
    async with gateway_client(
        raw, registry=registry, transports={"tiny": httpx.MockTransport(no_network)}, key="k"
    ) as client:
        assert (await client.get("/v1/scripts")).json()["items"][0]["name"] == "Welcome"
        answer = await client.post("/v1/calls", json={"to": "+8613800138000"})
        assert answer.status_code == 501
        problem = answer.json()
        assert problem["code"] == "unsupported_operation"
        assert problem["vendor"] == "scripts-only"
        assert problem["account"] == "tiny"
        assert problem["detail"] == "scripts-only does not support calls.originate: no dialler here"
        for method, path in [("GET", "/v1/agents"), ("POST", "/v1/campaigns/x/pause"), ("GET", "/v1/dnc")]:
            assert (await client.request(method, path)).status_code in (404, 501)
        info = (await client.get("/v1/accounts/tiny")).json()
        assert info["capabilities"] == ["scripts.list"]
        assert info["unsupported"]["calls.originate"] == "no dialler here"
