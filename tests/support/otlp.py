"""A loopback OTLP/HTTP receiver: keeps every export request's body, decoded."""

from __future__ import annotations

import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.trace.v1.trace_pb2 import Span


class _Handler(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list[ExportTraceServiceRequest]]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        if self.headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append(ExportTraceServiceRequest.FromString(body))
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


class OtlpReceiver:
    def __init__(self, url: str, received: list[ExportTraceServiceRequest]) -> None:
        self.url = url
        self.requests = received

    def spans(self) -> list[Span]:
        return [
            span
            for request in self.requests
            for resource_spans in request.resource_spans
            for scope in resource_spans.scope_spans
            for span in scope.spans
        ]


@contextmanager
def otlp_receiver() -> Iterator[OtlpReceiver]:
    received: list[ExportTraceServiceRequest] = []
    handler = type("Handler", (_Handler,), {"received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield OtlpReceiver(f"http://127.0.0.1:{server.server_address[1]}/v1/traces", received)
    finally:
        server.shutdown()
        server.server_close()
