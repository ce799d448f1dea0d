"""Prometheus metrics. Label values come only from bounded sets: route templates, methods,
status codes, account and vendor names from configuration, capabilities, vendor endpoint names
from adapter code, neutral error codes, and vendor error codes capped per process.

With several worker processes, set `PROMETHEUS_MULTIPROC_DIR` before start-up (`switchboard serve
--workers N` does) and `/metrics` aggregates every worker's values.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
OVERHEAD_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25)
MAX_VENDOR_CODES = 100
_CIRCUIT_STATES = ("closed", "half_open", "open")


class _BoundedLabel:
    """Passes the first `limit` distinct values through and folds the rest into "other"."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, value: str) -> str:
        if value in self._seen:
            return value
        with self._lock:
            if len(self._seen) < self._limit and len(value) <= 32:
                self._seen.add(value)
                return value
        return "other"


def _children(metric: Any) -> Callable[..., Any]:
    """`metric.labels(...)` remembered per label tuple: label sets repeat, and prometheus_client's
    own lookup validates and locks on every call."""
    cache: dict[tuple[str, ...], Any] = {}

    def child(*values: str) -> Any:
        found = cache.get(values)
        if found is None:
            found = cache[values] = metric.labels(*values)
        return found

    return child


class GatewayMetrics:
    def __init__(self, registry: CollectorRegistry | None) -> None:
        """`registry=None` registers nothing (multiprocess mode reads the workers' files instead)."""
        self.registry = registry
        self._vendor_code = _BoundedLabel(MAX_VENDOR_CODES)
        self.http_requests = Counter(
            "switchboard_http_requests",
            "Inbound requests by route template, method and status.",
            ["route", "method", "status"],
            registry=registry,
        )
        self.http_duration = Histogram(
            "switchboard_http_request_duration_seconds",
            "Inbound request latency by route template.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.overhead = Histogram(
            "switchboard_gateway_overhead_seconds",
            "Time spent in the gateway itself per request: total minus time waiting on vendors.",
            ["route"],
            buckets=OVERHEAD_BUCKETS,
            registry=registry,
        )
        self.operations = Counter(
            "switchboard_vendor_operations",
            "Neutral operations run on a vendor account, by outcome (success or the neutral error code).",
            ["account", "vendor", "operation", "outcome"],
            registry=registry,
        )
        self.operation_duration = Histogram(
            "switchboard_vendor_operation_duration_seconds",
            "Latency of neutral operations on a vendor account, all round trips included.",
            ["account", "vendor", "operation"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.operation_errors = Counter(
            "switchboard_vendor_errors",
            "Failed operations by neutral error code and vendor error code.",
            ["account", "vendor", "operation", "code", "vendor_code"],
            registry=registry,
        )
        self.attempts = Counter(
            "switchboard_vendor_http_requests",
            "HTTP round trips to vendors by vendor endpoint and HTTP status ('error': no answer).",
            ["account", "vendor", "endpoint", "status"],
            registry=registry,
        )
        self.attempt_duration = Histogram(
            "switchboard_vendor_http_request_duration_seconds",
            "Latency of single HTTP round trips to vendors.",
            ["account", "vendor", "endpoint"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.retries = Counter(
            "switchboard_vendor_retries",
            "Vendor round trips repeated after a retryable failure.",
            ["account", "vendor", "operation", "code"],
            registry=registry,
        )
        self.circuit_state = Gauge(
            "switchboard_vendor_circuit_state",
            "Circuit breaker per account: 0 closed, 1 half-open, 2 open (the worst across workers).",
            ["account", "vendor"],
            multiprocess_mode="max",
            registry=registry,
        )
        self.circuit_transitions = Counter(
            "switchboard_vendor_circuit_transitions",
            "Circuit breaker state changes by the state entered.",
            ["account", "vendor", "state"],
            registry=registry,
        )
        self.rate_limited = Counter(
            "switchboard_vendor_rate_limited",
            "Requests refused with 429 by the account's configured quota (rate or concurrency).",
            ["account", "vendor", "limit"],
            registry=registry,
        )
        self.idempotent = Counter(
            "switchboard_idempotency",
            "Idempotency-Key outcomes: stored, replayed, mismatch (422), conflict (409).",
            ["outcome"],
            registry=registry,
        )
        self.token_refreshes = Counter(
            "switchboard_vendor_token_refreshes",
            "Vendor access-token fetches by outcome (success or failure).",
            ["account", "vendor", "outcome"],
            registry=registry,
        )

        self._http_requests = _children(self.http_requests)
        self._http_duration = _children(self.http_duration)
        self._overhead = _children(self.overhead)
        self._operations = _children(self.operations)
        self._operation_duration = _children(self.operation_duration)
        self._attempts = _children(self.attempts)
        self._attempt_duration = _children(self.attempt_duration)

    # -- inbound ---------------------------------------------------------------------------

    def request(self, *, route: str, method: str, status: int, seconds: float, overhead: float) -> None:
        self._http_requests(route, method, str(status)).inc()
        self._http_duration(route, method).observe(seconds)
        self._overhead(route).observe(max(0.0, overhead))

    def operation(
        self,
        *,
        account: str,
        vendor: str,
        operation: str,
        seconds: float,
        code: str | None,
        vendor_code: str | None,
    ) -> None:
        self._operations(account, vendor, operation, code or "success").inc()
        self._operation_duration(account, vendor, operation).observe(seconds)
        if code is not None:
            self.operation_errors.labels(account, vendor, operation, code, self._vendor_code(vendor_code or "")).inc()

    def circuit(self, *, account: str, vendor: str, state: int) -> None:
        self.circuit_state.labels(account, vendor).set(state)
        self.circuit_transitions.labels(account, vendor, _CIRCUIT_STATES[state]).inc()

    def idempotency(self, outcome: str) -> None:
        self.idempotent.labels(outcome).inc()

    # -- adapters.instrumentation.VendorMetrics ---------------------------------------------

    def rejected(self, *, vendor: str, account: str, limit: str) -> None:
        self.rate_limited.labels(account, vendor, limit).inc()

    def attempt(self, *, vendor: str, account: str, endpoint: str, status: str, seconds: float) -> None:
        self._attempts(account, vendor, endpoint, status).inc()
        self._attempt_duration(account, vendor, endpoint).observe(seconds)

    def retry(self, *, vendor: str, account: str, operation: str, code: str) -> None:
        self.retries.labels(account, vendor, operation, code).inc()

    def token_refresh(self, *, vendor: str, account: str, outcome: str) -> None:
        self.token_refreshes.labels(account, vendor, outcome).inc()


def exposition(registry: CollectorRegistry | None) -> tuple[bytes, str]:
    """The text exposition format: this process's registry, or every worker's in multiprocess mode."""
    if os.environ.get(MULTIPROC_ENV):
        aggregate = CollectorRegistry()
        MultiProcessCollector(aggregate)  # type: ignore[no-untyped-call]
        return generate_latest(aggregate), CONTENT_TYPE_LATEST
    return generate_latest(registry) if registry is not None else b"", CONTENT_TYPE_LATEST
