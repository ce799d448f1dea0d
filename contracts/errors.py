"""The neutral error model, rendered as RFC 9457 problem+json.

Every failure a caller can see has a `code` from the closed `ErrorCode` set, a fixed HTTP status
and a `retryable` flag. Vendor failures keep the vendor's own code and message for triage.
Vendor credential failures are the gateway's problem (502), never the caller's 401.
"""

from __future__ import annotations

import enum
from typing import Final

import msgspec

PROBLEM_TYPE_PREFIX: Final = "urn:switchboard:problem:"


class ErrorCode(enum.StrEnum):
    INVALID_REQUEST = "invalid_request"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    CONFLICT = "conflict"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    HEADERS_TOO_LARGE = "headers_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    UNSUPPORTED_OPERATION = "unsupported_operation"
    RATE_LIMITED = "rate_limited"
    VENDOR_UNAVAILABLE = "vendor_unavailable"
    VENDOR_TIMEOUT = "vendor_timeout"
    VENDOR_REJECTED = "vendor_rejected"
    VENDOR_AUTH_FAILED = "vendor_auth_failed"
    VENDOR_BAD_RESPONSE = "vendor_bad_response"
    UNAVAILABLE = "unavailable"
    INTERNAL = "internal"


class ErrorSpec(msgspec.Struct, frozen=True):
    status: int
    title: str
    retryable: bool


ERROR_SPECS: Final[dict[ErrorCode, ErrorSpec]] = {
    ErrorCode.INVALID_REQUEST: ErrorSpec(422, "The request is invalid", False),
    ErrorCode.UNAUTHENTICATED: ErrorSpec(401, "Authentication required", False),
    ErrorCode.FORBIDDEN: ErrorSpec(403, "Not allowed", False),
    ErrorCode.NOT_FOUND: ErrorSpec(404, "Not found", False),
    ErrorCode.METHOD_NOT_ALLOWED: ErrorSpec(405, "Method not allowed", False),
    ErrorCode.CONFLICT: ErrorSpec(409, "Conflicts with the current state", False),
    ErrorCode.PAYLOAD_TOO_LARGE: ErrorSpec(413, "Request body too large", False),
    ErrorCode.HEADERS_TOO_LARGE: ErrorSpec(431, "Request headers too large", False),
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: ErrorSpec(415, "Unsupported media type", False),
    ErrorCode.UNSUPPORTED_OPERATION: ErrorSpec(501, "Operation not supported by this vendor", False),
    ErrorCode.RATE_LIMITED: ErrorSpec(429, "Rate limited", True),
    ErrorCode.VENDOR_UNAVAILABLE: ErrorSpec(503, "Vendor unavailable", True),
    ErrorCode.VENDOR_TIMEOUT: ErrorSpec(504, "Vendor timed out", True),
    ErrorCode.VENDOR_REJECTED: ErrorSpec(502, "Vendor rejected the request", False),
    ErrorCode.VENDOR_AUTH_FAILED: ErrorSpec(502, "Gateway could not authenticate with the vendor", False),
    # Retryable: a garbled answer (a proxy's error page, a cut-off body) is usually transient.
    ErrorCode.VENDOR_BAD_RESPONSE: ErrorSpec(502, "Vendor sent a response the gateway cannot read", True),
    ErrorCode.UNAVAILABLE: ErrorSpec(503, "The gateway is not taking requests right now", True),
    ErrorCode.INTERNAL: ErrorSpec(500, "Internal error", False),
}


class FieldIssue(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One invalid input: a JSON pointer into the body, or the name of a parameter or header."""

    reason: str
    pointer: str | None = None
    parameter: str | None = None


class Problem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """RFC 9457 problem details with Switchboard's extension members."""

    type: str
    title: str
    status: int
    code: ErrorCode
    retryable: bool
    detail: str | None = None
    instance: str | None = None
    account: str | None = None
    vendor: str | None = None
    vendor_code: str | None = None
    vendor_message: str | None = None
    trace_id: str | None = None
    retry_after: int | None = None
    errors: list[FieldIssue] | None = None


class GatewayError(Exception):
    """Raised anywhere in the gateway or an adapter; becomes a problem+json answer."""

    def __init__(
        self,
        code: ErrorCode,
        detail: str,
        *,
        retryable: bool | None = None,
        status: int | None = None,
        account: str | None = None,
        vendor: str | None = None,
        vendor_code: str | None = None,
        vendor_message: str | None = None,
        retry_after: int | None = None,
        errors: list[FieldIssue] | None = None,
    ) -> None:
        super().__init__(detail)
        spec = ERROR_SPECS[code]
        self.code = code
        self.detail = detail
        self.status = status if status is not None else spec.status
        self.retryable = spec.retryable if retryable is None else retryable
        self.account = account
        self.vendor = vendor
        self.vendor_code = vendor_code
        self.vendor_message = vendor_message
        self.retry_after = retry_after
        self.errors = errors

    def to_problem(self, *, trace_id: str | None = None, instance: str | None = None) -> Problem:
        return Problem(
            type=PROBLEM_TYPE_PREFIX + self.code.value,
            title=ERROR_SPECS[self.code].title,
            status=self.status,
            code=self.code,
            retryable=self.retryable,
            detail=self.detail,
            instance=instance,
            account=self.account,
            vendor=self.vendor,
            vendor_code=self.vendor_code,
            vendor_message=self.vendor_message,
            trace_id=trace_id,
            retry_after=self.retry_after,
            errors=self.errors,
        )


def invalid(detail: str, *, pointer: str | None = None, parameter: str | None = None) -> GatewayError:
    """An `invalid_request` naming the one field at fault."""
    issue = FieldIssue(reason=detail, pointer=pointer, parameter=parameter)
    return GatewayError(ErrorCode.INVALID_REQUEST, detail, errors=[issue])
