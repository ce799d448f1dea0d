"""Span export without long event-loop stalls: spans are encoded in small groups as they end, posted in bulk.

The SDK's `BatchSpanProcessor` hands whole batches to `OTLPSpanExporter`, whose thread encodes
them to protobuf while holding the GIL: a batch of 512 spans stalled the event loop for tens of
milliseconds, and batches small enough not to (64) meant dozens of HTTP posts per second, each
costing ~1 ms of CPU in `requests`. `EncodedSpanExport` encodes on the thread that ends the spans
instead, a dozen at a time, when a request's server span (a local root) ends after its response
has gone; the export thread only encodes what a quiet period leaves waiting, joins the bytes and
posts them once per `delay` or when `batch_spans` wait (bench/README.md, "Span export").

Joining works because a protobuf parser merges what it reads: elements of a repeated field are
appended however many times the field occurs (protobuf.dev, "Encoding", "Last One Wins"), and
`ExportTraceServiceRequest` is just `repeated ResourceSpans`; the tests decode the joined posts
with the OTLP classes. Encoding is the exporter library's own `encode_spans`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor

if TYPE_CHECKING:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

log = logging.getLogger(__name__)

# Encoded together once a trace ends with this many spans waiting (about four requests): every
# encoding call costs ~50 µs beyond its spans (the resource is encoded and hashed again), so one
# call per request cost 6% more CPU than the SDK's batches; groups of 12 cost 3% less, and hold
# the event loop ~0.4 ms (groups of 30 showed in the p99).
ENCODE_GROUP_SPANS = 12
# Spans of unfinished traces (a long-running background operation) are encoded once this many wait.
ENCODE_AT_SPANS = 64


class EncodedSpanExport(SpanProcessor):
    """Encodes ended spans into protobuf chunks on the ending thread; a worker posts the chunks."""

    def __init__(
        self, exporter: OTLPSpanExporter, *, delay_seconds: float, batch_spans: int, max_queued_spans: int
    ) -> None:
        self._exporter = exporter
        self._delay = delay_seconds
        self._batch_spans = batch_spans
        self._max_queued = max_queued_spans
        self._wake = threading.Condition(threading.Lock())  # guards everything below, wakes the worker
        self._ended: list[ReadableSpan] = []  # not yet encoded
        self._encoding = 0  # spans being encoded by `on_end`, outside the lock
        self._chunks: list[bytes] = []  # encoded, not yet posted
        self._chunked = 0  # spans in `_chunks`
        self._posting = 0  # spans taken by the worker, not yet posted
        self._dropped = 0
        self._flush_asked = False
        self._stopping = False
        self._worker = threading.Thread(target=self._work, name="switchboard-span-export", daemon=True)
        self._worker.start()

    @property
    def dropped_spans(self) -> int:
        return self._dropped

    def on_end(self, span: ReadableSpan) -> None:
        parent = span.parent
        with self._wake:
            if self._stopping:
                return
            if self._queued() >= self._max_queued:
                self._dropped += 1
                if self._dropped == 1:
                    log.warning("span export queue is full (%d spans): dropping spans", self._max_queued)
                return
            self._ended.append(span)
            root = parent is None or parent.is_remote
            waiting = len(self._ended)
            if waiting < ENCODE_AT_SPANS and not (root and waiting >= ENCODE_GROUP_SPANS):
                if self._queued() >= self._batch_spans:
                    self._wake.notify_all()  # the worker encodes what waits, then posts
                return  # encoded when a group of whole traces is ready, or by the worker within `delay`
            ended, self._ended = self._ended, []
            self._encoding += len(ended)
        chunk = _encode(ended)
        with self._wake:
            self._encoding -= len(ended)
            if chunk is not None:
                self._chunks.append(chunk)
                self._chunked += len(ended)
            self._wake.notify_all()  # a flush may be waiting for this chunk; the batch may be full

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        with self._wake:
            self._flush_asked = True
            self._wake.notify_all()
            return self._wake.wait_for(lambda: not (self._queued() or self._posting), timeout_millis / 1000)

    def shutdown(self) -> None:
        with self._wake:
            if self._stopping:
                return
            self._stopping = True
            self._wake.notify_all()
        self._worker.join()
        self._exporter.shutdown()  # type: ignore[no-untyped-call]  # the exporter's own is untyped

    def _queued(self) -> int:
        """Spans accepted and not yet taken by the worker (call with the lock held)."""
        return len(self._ended) + self._encoding + self._chunked

    def _work(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(
                    lambda: self._stopping or self._flush_asked or self._queued() >= self._batch_spans, self._delay
                )
                stopping, self._flush_asked = self._stopping, False
                ended, chunks = self._ended, self._chunks
                self._posting = len(ended) + self._chunked  # what `on_end` is encoding comes next round
                self._ended, self._chunks, self._chunked = [], [], 0
            if ended and (chunk := _encode(ended)) is not None:
                chunks.append(chunk)  # spans still short of a group: they wait no longer than `delay`
            if chunks:
                # The exporter's HTTP client: headers, compression, timeout and retries as configured
                # by the OTEL_EXPORTER_OTLP_* variables; `export()` itself would encode again.
                self._exporter._client.export(b"".join(chunks))
            with self._wake:
                self._posting = 0
                self._wake.notify_all()
            if stopping:
                return


def _encode(spans: Sequence[ReadableSpan]) -> bytes | None:
    try:
        encoded: bytes = encode_spans(spans).SerializePartialToString()
    except Exception:  # a span the encoder cannot take must not fail the request that ended it
        log.exception("could not encode %d spans for export; dropped", len(spans))
        return None
    return encoded
