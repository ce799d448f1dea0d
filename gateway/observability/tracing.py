"""The tracer provider: spans always exist (their ids reach problems and logs); they are exported
over OTLP only when the standard OpenTelemetry environment variables ask for it.

Export is on when `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set and
`OTEL_TRACES_EXPORTER` is not `none`; the exporter (OTLP over HTTP/protobuf) reads the rest of its
settings — headers, timeouts, compression, `OTEL_BSP_*` batching — from the same standard variables. `OTEL_SDK_DISABLED`
turns tracing off entirely. The service name defaults to `switchboard` (`OTEL_SERVICE_NAME`).
"""

from __future__ import annotations

from collections.abc import Mapping

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF

from gateway import __version__

# The exporter encodes a batch in a thread that holds the GIL meanwhile, so a large batch stalls
# the event loop: with the SDK's 512 spans the gateway's p99 at 200 requests/s was 22-30 ms, with
# 64 spans every 200 ms 8-9 ms (128 spans: 14 ms), for ~10 µs more CPU per span, since each
# export is an HTTP request of its own (bench/README.md). `OTEL_BSP_*` variables override both.
EXPORT_BATCH_SPANS = 64
EXPORT_DELAY_MS = 200


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

        provider.add_span_processor(
            BatchSpanProcessor(
                OTLPSpanExporter(),
                schedule_delay_millis=None if "OTEL_BSP_SCHEDULE_DELAY" in env else EXPORT_DELAY_MS,
                max_export_batch_size=None if "OTEL_BSP_MAX_EXPORT_BATCH_SIZE" in env else EXPORT_BATCH_SPANS,
            )
        )
    return provider
