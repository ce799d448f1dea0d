"""Vendor answers are untrusted input: garbage of every kind becomes a mapped problem, never a 500.

Every registered adapter, every operation it declares, against a vendor that answers each request
with one kind of garbage (non-JSON, wrong JSON types, the wrong envelope, empty or oversized
bodies, unexpected statuses). The answer must be a problem with a vendor or caller code.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from adapters import http as vendor_http
from adapters.registry import AdapterRegistry
from contracts.ids import ResourceKind
from gateway.app import create_app
from gateway.config import parse_config
from gateway.demo import demo_config, simulator_kits
from gateway.ids import encode_id
from tests.contract.test_conformance import REQUESTS
from tests.support.simulated import DEMO_KEY, account_name

GARBAGE: dict[str, httpx.Response] = {
    "html": httpx.Response(200, text="<html><body>Gateway Error</body></html>"),
    "empty": httpx.Response(200, content=b""),
    "array": httpx.Response(200, json=[1, 2, 3]),
    "wrong types": httpx.Response(
        200,
        json={
            "code": {"x": 1},
            "success": [True],
            "status": 7,
            "resultCode": None,
            "returnCode": [],
            "retCode": {},
            "data": "nope",
            "body": 12,
            "msg": None,
        },
    ),
    "plausible success with a broken body": httpx.Response(
        200,
        json={
            "code": "0",
            "success": True,
            "body": {"botenceList": 5, "lineList": {"a": 1}, "callList": [], "acceptCount": "many"},
            "status": "Success",
            "retCode": "000000",
            "resultCode": "0",
            "returnCode": "0200000",
            "data": {"list": "x", "total": "y"},
        },
    ),
    "deeply nested": httpx.Response(200, content=b"[" * 5000 + b"]" * 5000),
    "oversized": httpx.Response(200, content=b'{"code":"0","pad":"' + b"x" * (9 * 1024 * 1024) + b'"}'),
    "unauthorised": httpx.Response(401, json={"error": "token invalid"}),
    "not found": httpx.Response(404, text="not here"),
    "redirect": httpx.Response(302, headers={"location": "http://elsewhere.example/"}),
}
ACCEPTABLE = {400, 401, 403, 404, 409, 413, 422, 429, 501, 502, 503, 504}
VENDORS = sorted(simulator_kits(AdapterRegistry.from_entry_points()))


@pytest.mark.parametrize("garbage", sorted(GARBAGE))
@pytest.mark.parametrize("vendor", VENDORS)
async def test_garbage_from_the_vendor_is_a_mapped_problem(vendor: str, garbage: str) -> None:
    registry = AdapterRegistry.from_entry_points()
    kits = {vendor: simulator_kits(registry)[vendor]}
    base_urls = {vendor: "http://vendor.test"}
    config = parse_config(demo_config(kits, base_urls, DEMO_KEY), {})
    template = GARBAGE[garbage]
    transport = httpx.MockTransport(
        lambda _request: httpx.Response(template.status_code, headers=template.headers, content=template.content)
    )
    account = account_name(vendor)
    app = create_app(config, registry=registry, transports={account: transport})
    ids = {kind.value: encode_id(kind, account, "probe-1") for kind in ResourceKind}
    adapter = registry.get(vendor)
    async with AsyncTestClient(app, raise_server_exceptions=False) as client:
        client.headers["authorization"] = f"Bearer {DEMO_KEY}"
        for capability in sorted(adapter.capabilities):
            method, path, body = REQUESTS[capability]
            response = await client.request(method, path.format(**ids), json=_valid(body))
            answer: dict[str, Any] = response.json() if response.content else {}
            if garbage == "plausible success with a broken body" and response.status_code < 300:
                continue  # fields the adapter does not need may well be missing or odd
            assert response.status_code in ACCEPTABLE, (capability, response.status_code, answer)
            assert response.headers["content-type"].startswith("application/problem+json"), (capability, answer)
            assert answer["code"] != "internal", (capability, answer)


def _valid(body: dict[str, Any] | None) -> dict[str, Any] | None:
    """The probe bodies, completed where adapters need more to reach the vendor."""
    if body is None or "name" not in body or "contacts" in body:
        return body
    return json.loads(json.dumps(body)) | {"contacts": [{"phone": "+8613800138000"}]}


def test_the_size_cap_is_below_the_oversized_garbage() -> None:
    assert vendor_http.MAX_RESPONSE_BYTES < 9 * 1024 * 1024
