"""What the shared vendor I/O path reports, and to whom.

Adapters never talk to OpenTelemetry or Prometheus themselves: `VendorHttp` opens one client span
per vendor attempt and reports each attempt, retry and token refresh to `VendorMetrics`. The
gateway supplies the real tracer and metrics; tests and tools that build adapters directly get
the no-op defaults below.

`current_wait` is the request-scoped tally of time spent waiting on vendors, from which the
gateway derives its own overhead (total time minus vendor time).
"""

from __future__ import annotations

import contextvars
from typing import Protocol

from opentelemetry import trace


class VendorMetrics(Protocol):
    def attempt(self, *, vendor: str, account: str, endpoint: str, status: str, seconds: float) -> None: ...

    def retry(self, *, vendor: str, account: str, operation: str, code: str) -> None: ...

    def token_refresh(self, *, vendor: str, account: str, outcome: str) -> None: ...

    def rejected(self, *, vendor: str, account: str, limit: str) -> None: ...


class _NoMetrics:
    """Discards every report (adapters built outside a gateway)."""

    def attempt(self, *, vendor: str, account: str, endpoint: str, status: str, seconds: float) -> None:  # noqa: ARG002
        return None

    def retry(self, *, vendor: str, account: str, operation: str, code: str) -> None:  # noqa: ARG002
        return None

    def token_refresh(self, *, vendor: str, account: str, outcome: str) -> None:  # noqa: ARG002
        return None

    def rejected(self, *, vendor: str, account: str, limit: str) -> None:  # noqa: ARG002
        return None


class VendorInstrumentation:
    def __init__(self, tracer: trace.Tracer | None = None, metrics: VendorMetrics | None = None) -> None:
        self.tracer = tracer or trace.NoOpTracer()
        self.metrics: VendorMetrics = metrics or _NoMetrics()


NO_INSTRUMENTATION = VendorInstrumentation()


class VendorWait:
    """Seconds this request has spent waiting on vendors (round trips and retry back-off)."""

    __slots__ = ("seconds",)

    def __init__(self) -> None:
        self.seconds = 0.0


current_wait: contextvars.ContextVar[VendorWait | None] = contextvars.ContextVar(
    "switchboard_vendor_wait", default=None
)


def add_vendor_wait(seconds: float) -> None:
    tally = current_wait.get()
    if tally is not None:
        tally.seconds += seconds
