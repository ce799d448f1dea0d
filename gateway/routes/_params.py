"""Parameters and OpenAPI response declarations shared by the route modules."""

from __future__ import annotations

from typing import Annotated

from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import QueryParameter

from contracts.errors import Problem, invalid
from contracts.paging import MAX_PAGE_SIZE
from contracts.phones import invalid_e164_reason
from gateway.dispatch import PageQuery, RequestGateway

Gateway = NamedDependency[RequestGateway]

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description=f"Page size, 1..{MAX_PAGE_SIZE}.")]
Cursor = Annotated[
    str | None, QueryParameter(max_length=4096, description="Opaque cursor from the previous page's next_cursor.")
]


def page_query(limit: int, cursor: str | None) -> PageQuery:
    return PageQuery(limit=limit, cursor=cursor)


def checked_phone(phone: str, parameter: str = "phone") -> str:
    """A path phone number, decoded and validated, or a 400 naming the parameter."""
    if (reason := _shape_error(phone)) or (reason := invalid_e164_reason(phone)):
        raise invalid(f"{parameter}: {reason}", parameter=parameter)
    return phone


def _shape_error(phone: str) -> str | None:
    digits = phone[1:]
    if not phone.startswith("+") or not digits.isdigit() or not 7 <= len(digits) <= 15 or digits[0] == "0":
        return "must be an E.164 number such as +8613800138000"
    return None


def _problem(description: str) -> ResponseSpec:
    return ResponseSpec(Problem, description=description, media_type="application/problem+json")


PROBLEMS: dict[int, ResponseSpec] = {
    400: _problem("Malformed request: unparseable JSON or an invalid parameter"),
    401: _problem("Missing or unknown API key"),
    403: _problem("The account is not available to this caller"),
    404: _problem("No such resource (or not visible to this caller)"),
    409: _problem("Conflicts with the resource's current state"),
    413: _problem("Request body too large"),
    422: _problem("Invalid request body; `errors` points at each bad field"),
    429: _problem("Rate limited by the vendor or the gateway; see Retry-After"),
    501: _problem("The account's vendor does not support this operation"),
    502: _problem("The vendor refused or garbled the request, or rejected the gateway's credentials"),
    503: _problem("The vendor is unavailable"),
    504: _problem("The vendor did not answer in time"),
}
