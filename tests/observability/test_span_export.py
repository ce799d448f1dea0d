"""`EncodedSpanExport`: spans encoded as their traces end, posted together (gateway/observability/export.py).

Every test posts to a real loopback OTLP receiver, which decodes each request with the OTLP
protobuf classes: a post made of joined chunks must still parse as one export request.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.trace import Tracer

from gateway.observability.export import ENCODE_AT_SPANS, EncodedSpanExport
from tests.support.otlp import OtlpReceiver, otlp_receiver

LONG = 60.0  # seconds: a delay no test waits out


@pytest.fixture
def receiver() -> Iterator[OtlpReceiver]:
    with otlp_receiver() as running:
        yield running


def _pipeline(receiver: OtlpReceiver, *, delay: float = LONG, batch: int = 512, queue: int = 2048) -> TracerProvider:
    provider = TracerProvider()
    exporter = OTLPSpanExporter(endpoint=receiver.url, timeout=5)
    provider.add_span_processor(
        EncodedSpanExport(exporter, delay_seconds=delay, batch_spans=batch, max_queued_spans=queue)
    )
    return provider


def _processor(provider: TracerProvider) -> EncodedSpanExport:
    (processor,) = provider._active_span_processor._span_processors
    assert isinstance(processor, EncodedSpanExport)
    return processor


def _request(tracer: Tracer, n: int) -> None:
    """One traced request: server span, operation span, client span."""
    with (
        tracer.start_as_current_span(f"GET /v1/campaigns #{n}"),
        tracer.start_as_current_span(f"sobot campaigns.list #{n}"),
        tracer.start_as_current_span(f"POST #{n}"),
    ):
        pass


def _wait_for(predicate: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the receiver did not get the spans in time"
        time.sleep(0.01)


def test_the_spans_of_many_requests_arrive_in_one_post_with_their_links(receiver: OtlpReceiver) -> None:
    provider = _pipeline(receiver)
    tracer = provider.get_tracer("test")
    for n in range(10):
        _request(tracer, n)
    assert receiver.requests == []  # encoded, waiting for the delay or a flush
    assert provider.force_flush(10_000)

    assert len(receiver.requests) == 1
    # Whole requests encoded in groups (3 x 4 requests, then what was left), joined into one post.
    assert len(receiver.requests[0].resource_spans) == 3
    spans = {span.name: span for span in receiver.spans()}
    assert len(spans) == 30
    for n in range(10):
        server, operation, client = (
            spans[f"{name} #{n}"] for name in ("GET /v1/campaigns", "sobot campaigns.list", "POST")
        )
        assert server.parent_span_id == b""
        assert operation.parent_span_id == server.span_id
        assert client.parent_span_id == operation.span_id
        assert client.trace_id == server.trace_id
    provider.shutdown()


def test_a_full_batch_is_posted_without_waiting_for_the_delay(receiver: OtlpReceiver) -> None:
    provider = _pipeline(receiver, batch=6)
    tracer = provider.get_tracer("test")
    _request(tracer, 1)
    _request(tracer, 2)
    _wait_for(lambda: len(receiver.spans()) == 6)
    provider.shutdown()


def test_the_delay_posts_what_waits(receiver: OtlpReceiver) -> None:
    provider = _pipeline(receiver, delay=0.05)
    _request(provider.get_tracer("test"), 1)
    _wait_for(lambda: len(receiver.spans()) == 3)
    provider.shutdown()


def test_spans_of_an_unfinished_trace_are_exported_too(receiver: OtlpReceiver) -> None:
    provider = _pipeline(receiver)
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("long-running background work"):
        for n in range(ENCODE_AT_SPANS + 3):
            with tracer.start_as_current_span(f"step {n}"):
                pass
        assert provider.force_flush(10_000)
        assert len(receiver.spans()) == ENCODE_AT_SPANS + 3  # encoded in bulk, then by the worker
    provider.shutdown()
    assert len(receiver.spans()) == ENCODE_AT_SPANS + 4


def test_a_full_queue_drops_spans_and_says_so_once(receiver: OtlpReceiver, caplog: pytest.LogCaptureFixture) -> None:
    provider = _pipeline(receiver, queue=4)
    tracer = provider.get_tracer("test")
    with caplog.at_level(logging.WARNING, logger="gateway.observability.export"):
        for n in range(3):
            _request(tracer, n)
    assert _processor(provider).dropped_spans == 5
    ours = [r.getMessage() for r in caplog.records if r.name == "gateway.observability.export"]
    assert ours == ["span export queue is full (4 spans): dropping spans"]
    assert provider.force_flush(10_000)
    assert len(receiver.spans()) == 4
    provider.shutdown()


def test_shutdown_posts_what_waits_and_accepts_nothing_after(receiver: OtlpReceiver) -> None:
    provider = _pipeline(receiver)
    tracer = provider.get_tracer("test")
    _request(tracer, 1)
    provider.shutdown()
    assert len(receiver.spans()) == 3
    _request(tracer, 2)
    assert len(receiver.spans()) == 3


def test_spans_the_encoder_refuses_are_dropped_and_logged_without_blocking_a_flush(
    receiver: OtlpReceiver, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse_the_second_request(spans: Sequence[ReadableSpan]) -> Any:
        if any(span.name.endswith("#2") for span in spans):
            raise ValueError("unencodable")
        return encode_spans(spans)

    monkeypatch.setattr("gateway.observability.export.encode_spans", refuse_the_second_request)
    monkeypatch.setattr("gateway.observability.export.ENCODE_GROUP_SPANS", 3)  # one request per group
    provider = _pipeline(receiver)
    tracer = provider.get_tracer("test")
    with caplog.at_level(logging.ERROR, logger="gateway.observability.export"):
        for n in (1, 2, 3):
            _request(tracer, n)
    assert provider.force_flush(10_000)
    assert sorted(span.name for span in receiver.spans()) == sorted(
        f"{name} #{n}" for n in (1, 3) for name in ("GET /v1/campaigns", "sobot campaigns.list", "POST")
    )
    ours = [r.getMessage() for r in caplog.records if r.name == "gateway.observability.export"]
    assert ours == ["could not encode 3 spans for export; dropped"]
    provider.shutdown()
