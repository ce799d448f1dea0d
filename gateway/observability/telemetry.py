"""One application's observability: its tracer provider, metrics and the vendor-side hooks."""

from __future__ import annotations

import os
from collections.abc import Mapping

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry

from adapters.instrumentation import VendorInstrumentation
from gateway.observability.metrics import MULTIPROC_ENV, GatewayMetrics
from gateway.observability.tracing import tracer_provider_from_env

INSTRUMENTATION_NAME = "switchboard"


class Telemetry:
    def __init__(self, tracer_provider: TracerProvider, metrics: GatewayMetrics) -> None:
        self.tracer_provider = tracer_provider
        self.tracer: trace.Tracer = tracer_provider.get_tracer(INSTRUMENTATION_NAME)
        self.metrics = metrics
        self.vendor = VendorInstrumentation(self.tracer, metrics)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Telemetry:
        env = os.environ if env is None else env
        # In multiprocess mode the workers' values live in files; a registry would double them.
        registry = None if env.get(MULTIPROC_ENV) else CollectorRegistry()
        return cls(tracer_provider_from_env(env), GatewayMetrics(registry))

    def shutdown(self) -> None:
        self.tracer_provider.shutdown()
