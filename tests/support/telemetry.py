"""Telemetry that keeps its spans in memory, for assertions."""

from __future__ import annotations

from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client import CollectorRegistry

from gateway.observability.metrics import GatewayMetrics
from gateway.observability.telemetry import Telemetry


class RecordingTelemetry(Telemetry):
    def __init__(self) -> None:
        self.exporter = InMemorySpanExporter()
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        super().__init__(provider, GatewayMetrics(CollectorRegistry()))

    def spans(self) -> list[ReadableSpan]:
        return list(self.exporter.get_finished_spans())

    def shutdown(self) -> None:
        """Keep the recorded spans readable after the app stops."""
