"""The tracer provider: spans always exist (their ids reach problems and logs); they are exported
over OTLP only when the standard OpenTelemetry environment variables ask for it.

Export is on when `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set and
`OTEL_TRACES_EXPORTER` is not `none`; the exporter (OTLP over HTTP/protobuf) reads the rest of its
settings — headers, timeouts, compression — from the same standard variables, and so does the
batching (`OTEL_BSP_SCHEDULE_DELAY`, `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, `OTEL_BSP_MAX_QUEUE_SIZE`).
`OTEL_SDK_DISABLED` turns tracing off entirely. The service name defaults to `switchboard` (`OTEL_SERVICE_NAME`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF

from gateway import __version__

if TYPE_CHECKING:
    from gateway.observability.export import EncodedSpanExport

# Posted once a second or once this many spans wait; at most this many wait (then spans are
# dropped). The standard `OTEL_BSP_*` variables override them. Encoding happens as spans end
# (gateway.observability.export), so a large batch costs the event loop nothing.
EXPORT_DELAY_MS = 1000
EXPORT_BATCH_SPANS = 512
EXPORT_QUEUE_SPANS = 2048


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
        provider.add_span_processor(_export_processor(env))
    return provider


def _export_processor(env: Mapping[str, str]) -> EncodedSpanExport:
    import requests
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    from gateway.observability.export import EncodedSpanExport

    # Without `trust_env` requests stops reading ~/.netrc and proxy variables on every post (a
    # third of the exporter's CPU here): the collector is a sidecar or in-cluster service.
    session = requests.Session()
    session.trust_env = False
    return EncodedSpanExport(
        OTLPSpanExporter(session=session),
        delay_seconds=_number(env, "OTEL_BSP_SCHEDULE_DELAY", EXPORT_DELAY_MS) / 1000,
        batch_spans=_number(env, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", EXPORT_BATCH_SPANS),
        max_queued_spans=_number(env, "OTEL_BSP_MAX_QUEUE_SIZE", EXPORT_QUEUE_SPANS),
    )


def _number(env: Mapping[str, str], name: str, default: int) -> int:
    """A positive integer setting; like the SDK, an unusable value falls back to the default."""
    try:
        value = int(env.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default
