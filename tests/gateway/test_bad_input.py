"""A sweep of broken requests: each gets a specific 4xx problem+json, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.gateway import gateway_client, reference_config

VALID_CONTACT = {"phone": "+8613800138000"}

# (method, path, body or raw bytes, expected status, expected pointer or parameter, reason fragment)
CASES: list[tuple[str, str, Any, int, str | None, str]] = [
    ("POST", "/v1/campaigns", b"{", 400, None, "not valid JSON"),
    ("POST", "/v1/campaigns", b'{"name": "x",}', 400, None, "not valid JSON"),
    ("POST", "/v1/campaigns", b"", 422, "", "body is required"),
    ("POST", "/v1/campaigns", [], 422, "", "Expected `object`"),
    ("POST", "/v1/campaigns", {}, 422, "/name", "required field is missing"),
    ("POST", "/v1/campaigns", {"name": 5}, 422, "/name", "Expected `str`"),
    ("POST", "/v1/campaigns", {"name": ""}, 422, "/name", "length >= 1"),
    ("POST", "/v1/campaigns", {"name": "x", "colour": "red"}, 422, "/colour", "unknown field"),
    ("POST", "/v1/campaigns", {"name": "x", "contacts": [{"phone": "12345"}]}, 422, "/contacts/0/phone", "regex"),
    ("POST", "/v1/campaigns", {"name": "x", "contacts": [{"phone": "+1555"}]}, 422, "/contacts/0/phone", "regex"),
    (
        "POST",
        "/v1/campaigns",
        {"name": "x", "contacts": [VALID_CONTACT, {"phone": "+86123456789"}]},
        422,
        "/contacts/1/phone",
        "not a valid number",
    ),
    (
        "POST",
        "/v1/campaigns",
        {"name": "x", "contacts": [{"phone": "+8613800138000", "x": 1}]},
        422,
        "/contacts/0/x",
        "unknown",
    ),
    ("POST", "/v1/campaigns", {"name": "x", "schedule": {"timezone": "Mars/Base"}}, 422, "/schedule/timezone", "IANA"),
    (
        "POST",
        "/v1/campaigns",
        {"name": "x", "schedule": {"timezone": "UTC", "windows": [{"start": "12:00", "end": "09:00"}]}},
        422,
        "/schedule/windows/0/end",
        "later than start",
    ),
    (
        "POST",
        "/v1/campaigns",
        {"name": "x", "schedule": {"timezone": "UTC", "windows": [{"start": "25:00", "end": "26:00"}]}},
        422,
        "/schedule/windows/0/start",
        "regex",
    ),
    (
        "POST",
        "/v1/campaigns",
        {"name": "x", "retry": {"max_attempts": 0, "interval_minutes": 5}},
        422,
        "/retry/max_attempts",
        ">= 1",
    ),
    ("POST", "/v1/campaigns", {"name": "x", "script_id": "not-an-id"}, 422, "/script_id", "not an id"),
    ("POST", "/v1/campaigns/x/contacts", {"contacts": []}, 422, "/contacts", "length >= 1"),
    ("POST", "/v1/campaigns/x/contacts", {"contacts": [VALID_CONTACT] * 1001}, 422, "/contacts", "length <= 1000"),
    ("POST", "/v1/calls", {"to": "not a phone"}, 422, "/to", "regex"),
    ("POST", "/v1/dnc", {"entries": [{"phone": "+86123"}]}, 422, "/entries/0/phone", ""),
    ("PATCH", "/v1/agents/x", {"phone": "+8613800138000", "name": None}, 422, "/name", "Expected `str`"),
    ("GET", "/v1/campaigns?limit=0", None, 400, "limit", ""),
    ("GET", "/v1/campaigns?limit=abc", None, 400, "limit", ""),
    ("GET", "/v1/campaigns?limit=501", None, 400, "limit", ""),
    ("GET", "/v1/campaigns?cursor=%%%", None, 422, "cursor", "cursor"),
    ("GET", "/v1/calls?phone=12345", None, 422, "phone", "E.164"),
    ("GET", "/v1/calls?started_after=yesterday", None, 400, "started_after", ""),
    ("GET", "/v1/calls?started_after=2026-01-01T00:00:00", None, 422, "started_after", "time zone"),
    ("DELETE", "/v1/dnc/0800", None, 422, "phone", "E.164"),
    ("DELETE", "/v1/dnc/+86123", None, 422, "phone", ""),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "where", "reason"), CASES)
async def test_bad_input_is_a_specific_problem(
    method: str, path: str, body: Any, status: int, where: str | None, reason: str
) -> None:
    async with gateway_client(reference_config()) as client:
        if isinstance(body, bytes):
            kwargs: dict[str, Any] = {"content": body, "headers": {"content-type": "application/json"}}
        else:
            kwargs = {} if body is None else {"json": body}
        response = await client.request(method, path, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "invalid_request"
    assert problem["type"] == "urn:switchboard:problem:invalid_request"
    assert problem["status"] == status
    assert problem["trace_id"]
    assert reason in problem["detail"]
    if where is not None:
        issue = problem["errors"][0]
        assert issue.get("pointer", issue.get("parameter")) == where, problem


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/v1/nowhere", 404, "not_found"),
        ("GET", "/nowhere", 404, "not_found"),
        ("PUT", "/v1/campaigns", 405, "method_not_allowed"),
        ("DELETE", "/v1/scripts", 405, "method_not_allowed"),
    ],
)
async def test_unknown_routes_and_methods(method: str, path: str, status: int, code: str) -> None:
    async with gateway_client(reference_config()) as client:
        response = await client.request(method, path)
    assert response.status_code == status
    assert response.json()["code"] == code


async def test_oversized_body_is_413_naming_the_limit() -> None:
    async with gateway_client(reference_config(max_body_bytes=4096)) as client:
        body = {"contacts": [{"phone": "+8613800138000", "name": "x" * 100}] * 100}
        response = await client.post("/v1/campaigns/x/contacts", json=body)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert "4096" in response.json()["detail"]


async def test_non_json_content_type_is_415() -> None:
    async with gateway_client(reference_config()) as client:
        response = await client.post("/v1/campaigns", content=b'{"name": "x"}', headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


async def test_request_id_is_echoed_and_the_callers_trace_is_joined() -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    async with gateway_client(reference_config()) as client:
        response = await client.get(
            "/v1/nowhere", headers={"x-request-id": "req-123", "traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"}
        )
        fresh = await client.get("/v1/nowhere")
    assert response.headers["x-request-id"] == "req-123"
    assert response.json()["trace_id"] == trace_id
    assert len(fresh.json()["trace_id"]) == 32
    assert fresh.json()["trace_id"] != trace_id


async def test_oversized_headers_are_431_naming_the_limit() -> None:
    async with gateway_client(reference_config()) as client:
        response = await client.get("/v1/campaigns", headers={"x-padding": "a" * 9000})
    assert response.status_code == 431
    assert response.json()["code"] == "headers_too_large"
    assert "the limit is 8192" in response.json()["detail"]
