"""The tracer provider: spans always exist (their ids reach problems and logs); they are exported
over OTLP only when the standard OpenTelemetry environment variables ask for it.

Export is on when `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set and
`OTEL_TRACES_EXPORTER` is not `none`; the exporter (OTLP over HTTP/protobuf) reads the rest of its
settings — headers, timeouts, compression — from the same standard variables. `OTEL_SDK_DISABLED`
turns tracing off entirely. The service name defaults to `switchboard` (`OTEL_SERVICE_NAME`).
"""

from __future__ import annotations

from collections.abc import Mapping

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF

from gateway import __version__


def exporting(env: Mapping[str, str]) -> bool:
    endpoint = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    return bool(endpoint) and env.get("OTEL_TRACES_EXPORTER", "otlp").lower() != "none"


def tracer_provider_from_env(env: Mapping[str, str]) -> TracerProvider:
    resource = Resource.create(
        {"service.name": env.get("OTEL_SERVICE_NAME", "switchboard"), "service.version": __version__}
    )
    export = exporting(env) and env.get("OTEL_SDK_DISABLED", "").lower() != "true"
    provider = TracerProvider(resource=resource, shutdown_on_exit=False, sampler=None if export else ALWAYS_OFF)
    if export:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider
