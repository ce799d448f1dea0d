"""The shared vendor I/O path: client spans, scrubbed URLs, trace propagation, failures, caps."""

from __future__ import annotations

import httpx
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from adapters import http as vendor_http
from adapters.http import VendorHttp, scrubbed_url
from adapters.instrumentation import VendorInstrumentation, VendorWait, current_wait
from contracts.adapter import AccountSpec, Timeouts
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError

CTX = OperationContext(account="acct", request_id="r")


class Recorder:
    def __init__(self) -> None:
        self.attempts: list[tuple[str, str]] = []

    def attempt(self, *, vendor: str, account: str, endpoint: str, status: str, seconds: float) -> None:
        self.attempts.append((endpoint, status))

    def retry(self, **_: str) -> None: ...

    def token_refresh(self, **_: str) -> None: ...


def make(handler: httpx.MockTransport, *, propagate: bool = False) -> tuple[VendorHttp, InMemorySpanExporter, Recorder]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    recorder = Recorder()
    account = AccountSpec(
        name="acct",
        vendor="v",
        base_urls={"default": "http://v.test"},
        credentials={},
        options={},
        timeouts=Timeouts(connect=1, read=1, total=2),
        propagate_trace=propagate,
    )
    instrumentation = VendorInstrumentation(provider.get_tracer("t"), recorder)
    return (
        VendorHttp(vendor="v", account=account, transport=handler, instrumentation=instrumentation),
        exporter,
        recorder,
    )


def test_scrubbed_url_hides_user_info_and_query_values() -> None:
    url = httpx.URL("https://user:pw@vendor.example:8443/api/x?token=abc&page=2")
    assert scrubbed_url(url) == "https://vendor.example:8443/api/x?token=REDACTED&page=REDACTED"


async def test_one_client_span_and_metric_per_attempt() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ok": True})

    client, exporter, recorder = make(httpx.MockTransport(answer))
    wait = VendorWait()
    token = current_wait.set(wait)
    try:
        response = await client.send(CTX, operation="listThings", method="GET", url="http://v.test/things?key=s3cret")
    finally:
        current_wait.reset(token)
    assert response.status == 200
    assert "traceparent" not in seen[0].headers  # vendors are third parties: nothing by default
    [span] = exporter.get_finished_spans()
    assert span.kind is SpanKind.CLIENT
    assert span.name == "GET"
    assert span.attributes["url.full"] == "http://v.test/things?key=REDACTED"
    assert span.attributes["http.response.status_code"] == 200
    assert recorder.attempts == [("listThings", "200")]
    assert wait.seconds > 0


async def test_trace_context_is_propagated_when_the_account_allows() -> None:
    seen: list[httpx.Request] = []
    client, exporter, _ = make(httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(204)), propagate=True)
    await client.send(CTX, operation="op", method="POST", url="http://v.test/op")
    [span] = exporter.get_finished_spans()
    assert seen[0].headers["traceparent"].split("-")[1] == format(span.context.trace_id, "032x")


@pytest.mark.parametrize(
    ("status", "code"),
    [(500, ErrorCode.VENDOR_UNAVAILABLE), (503, ErrorCode.VENDOR_UNAVAILABLE), (429, ErrorCode.RATE_LIMITED)],
)
async def test_http_failures_become_neutral_errors(status: int, code: ErrorCode) -> None:
    client, exporter, recorder = make(
        httpx.MockTransport(lambda r: httpx.Response(status, headers={"retry-after": "7"}))
    )
    with pytest.raises(GatewayError) as caught:
        await client.send(CTX, operation="op", method="GET", url="http://v.test/op")
    assert caught.value.code is code
    assert caught.value.retryable
    assert caught.value.vendor_code == f"HTTP {status}"
    assert exporter.get_finished_spans()[0].attributes["error.type"] == code.value
    assert recorder.attempts == [("op", str(status))]
    if status == 429:
        assert caught.value.retry_after == 7


async def test_connection_failures_and_timeouts() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def stall(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    for handler, code in ((refuse, ErrorCode.VENDOR_UNAVAILABLE), (stall, ErrorCode.VENDOR_TIMEOUT)):
        client, _, recorder = make(httpx.MockTransport(handler))
        with pytest.raises(GatewayError) as caught:
            await client.send(CTX, operation="op", method="GET", url="http://v.test/op")
        assert caught.value.code is code
        assert recorder.attempts == [("op", "error")]


async def test_oversized_answers_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vendor_http, "MAX_RESPONSE_BYTES", 1000)
    client, _, _ = make(httpx.MockTransport(lambda r: httpx.Response(200, content=b"x" * 5000)))
    with pytest.raises(GatewayError) as caught:
        await client.send(CTX, operation="op", method="GET", url="http://v.test/op")
    assert caught.value.code is ErrorCode.VENDOR_BAD_RESPONSE


async def test_malformed_json_is_a_bad_response() -> None:
    client, _, _ = make(httpx.MockTransport(lambda r: httpx.Response(200, content=b"{not json")))
    response = await client.send(CTX, operation="op", method="GET", url="http://v.test/op")
    with pytest.raises(GatewayError) as caught:
        client.decode(response, dict, operation="op")
    assert caught.value.code is ErrorCode.VENDOR_BAD_RESPONSE


async def test_only_configured_hosts_are_reached() -> None:
    client, _, recorder = make(httpx.MockTransport(lambda r: httpx.Response(200)))
    with pytest.raises(GatewayError) as caught:
        await client.send(CTX, operation="op", method="GET", url="http://attacker.example/steal")
    assert caught.value.code is ErrorCode.INTERNAL
    assert recorder.attempts == []


def test_path_segments_cannot_escape() -> None:
    assert vendor_http.segment("../../admin") == "..%2F..%2Fadmin"
    assert vendor_http.segment("a b/c?d#e") == "a%20b%2Fc%3Fd%23e"
