"""Every failure becomes an RFC 9457 problem+json answer; nothing escapes as a stack trace.

Litestar's own exceptions (unknown route, wrong method, body too large, unparseable JSON,
validation failures) are translated into the neutral error model with JSON pointers to the
offending fields; anything unexpected is logged with its traceback and answered as `internal`.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotFoundException,
    ValidationException,
)
from opentelemetry import trace

from contracts.errors import ErrorCode, FieldIssue, GatewayError
from gateway.observability.requests import record, request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
_STATUS_CODES = {
    400: ErrorCode.INVALID_REQUEST,
    401: ErrorCode.UNAUTHENTICATED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    409: ErrorCode.CONFLICT,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    429: ErrorCode.RATE_LIMITED,
}

log = logging.getLogger(__name__)


def trace_id(request: Request[Any, Any, Any]) -> str:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else request_id(request.scope)


def problem_response(request: Request[Any, Any, Any], error: GatewayError) -> Response[bytes]:
    problem = error.to_problem(trace_id=trace_id(request), instance=request.url.path)
    if (entry := record()) is not None:
        entry.code, entry.vendor_code = error.code.value, error.vendor_code
    headers = {}
    if error.code is ErrorCode.UNAUTHENTICATED:
        headers["www-authenticate"] = 'Bearer realm="switchboard"'
    if error.retry_after is not None:
        headers["retry-after"] = str(error.retry_after)
    return Response(
        msgspec.json.encode(problem),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


async def send_problem(send: Any, scope: Any, error: GatewayError) -> None:
    """Answer a raw ASGI request with `error`, for layers that run outside Litestar's handlers."""
    context = trace.get_current_span().get_span_context()
    problem = error.to_problem(
        instance=scope["path"], trace_id=format(context.trace_id, "032x") if context.is_valid else None
    )
    body = msgspec.json.encode(problem)
    headers = [(b"content-type", PROBLEM_MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]
    if error.retry_after is not None:
        headers.append((b"retry-after", str(error.retry_after).encode()))
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def handle_gateway_error(request: Request[Any, Any, Any], exc: GatewayError) -> Response[bytes]:
    return problem_response(request, exc)


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    if isinstance(exc, ValidationException):
        error = _validation_error(exc)
    elif isinstance(exc, NotFoundException):
        error = GatewayError(ErrorCode.NOT_FOUND, f"no route {request.method} {request.url.path}")
    elif isinstance(exc, MethodNotAllowedException):
        allowed = (exc.headers or {}).get("allow", "")
        error = GatewayError(ErrorCode.METHOD_NOT_ALLOWED, f"{request.method} is not allowed here; use {allowed}")
        response = problem_response(request, error)
        response.headers["allow"] = allowed
        return response
    elif exc.status_code == 413:
        limit = request.app.request_max_body_size
        error = GatewayError(ErrorCode.PAYLOAD_TOO_LARGE, f"the request body exceeds the limit of {limit} bytes")
    elif exc.status_code == 400:
        error = GatewayError(
            ErrorCode.INVALID_REQUEST, f"the request body is not valid JSON: {_cause(exc)}", status=400
        )
    else:
        code = _STATUS_CODES.get(exc.status_code, ErrorCode.INTERNAL)
        error = GatewayError(code, str(exc.detail), status=exc.status_code)
    return problem_response(request, error)


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    log.error(
        "unhandled error in %s %s [request %s]",
        request.method,
        request.url.path,
        request_id(request.scope),
        exc_info=exc,
    )
    error = GatewayError(ErrorCode.INTERNAL, "internal error; quote the trace_id when reporting it")
    return problem_response(request, error)


def _cause(exc: HTTPException) -> str:
    return str(exc.__cause__ or exc.detail).removeprefix("SerializationException - ")


def _validation_error(exc: ValidationException) -> GatewayError:
    issues = [_issue(item) for item in (exc.extra if isinstance(exc.extra, list) else [])]
    body = any(item.pointer is not None for item in issues)
    detail = "; ".join(f"{item.pointer or item.parameter}: {item.reason}" for item in issues) or str(exc.detail)
    return GatewayError(
        ErrorCode.INVALID_REQUEST,
        f"invalid {'request body' if body else 'parameter'} — {detail}",
        status=422 if body else 400,
        errors=issues or None,
    )


_FIELD_IN_MESSAGE = re.compile(r"^Object (?:missing required|contains unknown) field `(?P<field>[^`]+)`$")
_POST_INIT_MESSAGE = re.compile(r"^`(?P<field>[^`]+)`: (?P<reason>.+)$", re.S)


def _issue(item: Any) -> FieldIssue:
    message = str(item.get("message", "invalid")) if isinstance(item, dict) else str(item)
    key = str(item.get("key", "")) if isinstance(item, dict) else ""
    source = item.get("source") if isinstance(item, dict) else None
    if source != "body":
        return FieldIssue(reason=message, parameter=key or None)
    if message == "'data'" and key == "data":
        return FieldIssue(reason="a JSON request body is required", pointer="")
    parts = [] if key == "data" else [p for p in re.split(r"[.\[\]]+", key.removeprefix("data.")) if p]
    reason = message
    if (found := _FIELD_IN_MESSAGE.match(message)) is not None:
        parts.append(found["field"])
        reason = "required field is missing" if "missing" in message else "unknown field"
    elif (found := _POST_INIT_MESSAGE.match(message)) is not None:
        parts.append(found["field"])
        reason = found["reason"]
    return FieldIssue(reason=reason, pointer="".join(f"/{part}" for part in parts))
