"""Caller authentication and request hygiene for the `/v1` API."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.handlers.base import BaseRouteHandler
from opentelemetry import trace

from contracts.errors import ErrorCode, GatewayError
from gateway.dispatch import RequestGateway
from gateway.observability.requests import record, request_id
from gateway.runtime import Caller, Runtime

ACCOUNT_HEADER = "switchboard-account"
IDEMPOTENCY_HEADER = "idempotency-key"
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def provide_runtime(state: State) -> Runtime:
    runtime: Runtime = state.runtime
    return runtime


async def authenticate(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard: `Authorization: Bearer <key>` must name a configured caller."""
    scheme, _sep, key = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise GatewayError(ErrorCode.UNAUTHENTICATED, "send `Authorization: Bearer <api key>`")
    caller = provide_runtime(connection.app.state).authenticate(key.strip())
    if caller is None:
        raise GatewayError(ErrorCode.UNAUTHENTICATED, "unknown API key")
    connection.state.caller = caller
    if (entry := record()) is not None:
        entry.caller = caller.name


async def require_json_body(request: Request[Any, Any, Any]) -> None:
    """Before each `/v1` handler: a body, when sent, must be declared as JSON."""
    if request.method not in _BODY_METHODS or request.headers.get("content-length", "0") == "0":
        return
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise GatewayError(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            f"send the body as application/json, not {media_type or 'an undeclared type'}",
        )


def provide_gateway(request: Request[Any, Any, Any], runtime: NamedDependency[Runtime]) -> RequestGateway:
    caller: Caller = request.state.caller
    return RequestGateway(
        runtime,
        caller,
        requested_account=request.headers.get(ACCOUNT_HEADER) or None,
        request_id=request_id(request.scope),
        idempotency_key=request.headers.get(IDEMPOTENCY_HEADER) or None,
    )


class HeaderLimit:
    """ASGI wrapper: requests whose headers exceed `limit` bytes get a 431 problem, unprocessed."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            size = sum(len(name) + len(value) + 4 for name, value in scope.get("headers", ()))
            if size > self.limit:
                error = GatewayError(
                    ErrorCode.HEADERS_TOO_LARGE,
                    f"the request headers take {size} bytes; the limit is {self.limit}",
                )
                context = trace.get_current_span().get_span_context()
                trace_id = format(context.trace_id, "032x") if context.is_valid else None
                problem = msgspec.json.encode(error.to_problem(instance=scope["path"], trace_id=trace_id))
                headers = [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(problem)).encode()),
                ]
                await send({"type": "http.response.start", "status": error.status, "headers": headers})
                await send({"type": "http.response.body", "body": problem})
                return
        await self.app(scope, receive, send)
