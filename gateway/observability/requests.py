"""The inbound side: one server span, metrics and one access-log line per request.

`ObservedRequests` wraps Litestar's ASGI handler (inside routing's reach, outside its exception
handling), so it sees every answer — 404s and problems included — with the route template
Litestar resolved. What the request did is collected in a `RequestRecord` (caller, account,
vendor, operation, error codes, time spent waiting on vendors) by the code that knows it.
"""

from __future__ import annotations

import contextvars
import logging
import random
import re
import time
from typing import Any

from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from adapters.instrumentation import VendorWait, current_wait
from gateway.observability.logs import mask_phones
from gateway.observability.metrics import GatewayMetrics

access_log = logging.getLogger("switchboard.access")
REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})


class RequestRecord:
    __slots__ = ("account", "caller", "code", "operation", "vendor", "vendor_code", "wait")

    def __init__(self) -> None:
        self.caller: str | None = None
        self.account: str | None = None
        self.vendor: str | None = None
        self.operation: str | None = None
        self.code: str | None = None
        self.vendor_code: str | None = None
        self.wait = VendorWait()


current_request: contextvars.ContextVar[RequestRecord | None] = contextvars.ContextVar(
    "switchboard_request", default=None
)


def record() -> RequestRecord | None:
    return current_request.get()


def request_id(scope: Any) -> str:
    """The caller's `X-Request-Id` when it is sane, else a fresh one; fixed for the request."""
    state = scope.setdefault("state", {})
    if "request_id" not in state:
        given = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"x-request-id"), "")
        # Unique, not secret: the ids generator OpenTelemetry uses too, without a syscall per request.
        state["request_id"] = given if _REQUEST_ID.match(given) else f"{random.getrandbits(128):032x}"
    return str(state["request_id"])


class ObservedRequests:
    def __init__(self, app: Any, *, tracer: trace.Tracer, metrics: GatewayMetrics) -> None:
        self.app = app
        self.tracer = tracer
        self.metrics = metrics

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        method = scope["method"]
        headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope.get("headers", ())}
        status = 500
        entry = RequestRecord()
        request_id(scope)

        async def send_and_watch(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        request_token = current_request.set(entry)
        wait_token = current_wait.set(entry.wait)
        with self.tracer.start_as_current_span(
            method,
            context=propagate.extract(headers),
            kind=SpanKind.SERVER,
            attributes={
                "http.request.method": method,
                "url.path": mask_phones(scope["path"]),
                "url.scheme": scope.get("scheme", "http"),
                "network.protocol.version": scope.get("http_version", "1.1"),
                "user_agent.original": headers.get("user-agent", ""),
            },
        ) as span:
            try:
                await self.app(scope, receive, send_and_watch)
            finally:
                current_request.reset(request_token)
                current_wait.reset(wait_token)
                route = scope.get("path_template") or "unmatched"
                span.update_name(f"{method} {route}")
                span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", status)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
                elapsed = time.perf_counter() - started
                self.metrics.request(
                    route=route, method=method, status=status, seconds=elapsed, overhead=elapsed - entry.wait.seconds
                )
                _log(route, method, status, elapsed, entry, scope)


def _log(route: str, method: str, status: int, elapsed: float, entry: RequestRecord, scope: Any) -> None:
    level = logging.DEBUG if route in _QUIET_ROUTES else logging.INFO
    if not access_log.isEnabledFor(level):
        return
    access_log.log(
        level,
        "%s %s %d",
        method,
        route,
        status,
        extra={
            "method": method,
            "route": route,
            "path": mask_phones(scope["path"]),
            "status": status,
            "duration_ms": round(elapsed * 1000, 3),
            "vendor_wait_ms": round(entry.wait.seconds * 1000, 3),
            "request_id": scope.get("state", {}).get("request_id"),
            "caller": entry.caller,
            "account": entry.account,
            "vendor": entry.vendor,
            "operation": entry.operation,
            "error_code": entry.code,
            "vendor_code": entry.vendor_code,
        },
    )
