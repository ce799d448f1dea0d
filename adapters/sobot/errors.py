"""Sobot's failure codes and what each means for a Switchboard caller.

sobot-callservice-v6-api.txt has no error-code table (notes-other-vendors.md §1.5: "V6-specific
error code table: not found"). What is known:

- HTTP 401 means the token expired or is invalid (notes §1.1, vendor documentation). The adapter
  refreshes the token and retries once before this row applies.
- The V6 envelope copies Kubernetes' `Status` (`apiVersion`, `kind`, `status`, `message`,
  `reason`, `code`), whose `code` is the HTTP status of the failure: the HTTP-status rows below read
  it that way. [INF]
- `retCode` values of Sobot's open platform (`000000` success, 9000xx token and signature
  failures, `999999` unknown), read in a third-party client (notes §1.5, tagged CODE).

Credential failures are the gateway's problem, never the caller's: `vendor_auth_failed`.
"""

from __future__ import annotations

from typing import Final

from adapters.errors import ErrorRule, ErrorTable
from contracts.errors import ErrorCode

# Answers that mean "this token is no good": refresh it and repeat the request once.
TOKEN_REFUSED: Final = frozenset({"401", "900001", "900002"})
# A skill group number that already exists (the simulator's answer to a repeated `queueID`).
CONFLICT: Final = "409"

ERRORS: Final = ErrorTable(
    "sobot",
    {
        "400": ErrorRule(ErrorCode.INVALID_REQUEST, meaning="bad request (a parameter was refused)"),
        "401": ErrorRule(ErrorCode.VENDOR_AUTH_FAILED, meaning="token expired or invalid (notes §1.1)"),
        "403": ErrorRule(
            ErrorCode.VENDOR_AUTH_FAILED, meaning="the token may not use this interface (company vs agent token)"
        ),
        "404": ErrorRule(ErrorCode.NOT_FOUND, meaning="no such resource"),
        CONFLICT: ErrorRule(ErrorCode.CONFLICT, meaning="conflicts with an existing resource"),
        "429": ErrorRule(ErrorCode.RATE_LIMITED, meaning="too many requests"),
        "500": ErrorRule(ErrorCode.VENDOR_UNAVAILABLE, retryable=True, meaning="internal error"),
        "503": ErrorRule(ErrorCode.VENDOR_UNAVAILABLE, retryable=True, meaning="service unavailable"),
        "900001": ErrorRule(ErrorCode.VENDOR_AUTH_FAILED, meaning="token is empty"),
        "900002": ErrorRule(ErrorCode.VENDOR_AUTH_FAILED, meaning="token is no longer valid; obtain it again"),
        "900003": ErrorRule(ErrorCode.VENDOR_AUTH_FAILED, meaning="signature error"),
        "900004": ErrorRule(ErrorCode.VENDOR_AUTH_FAILED, meaning="no API configuration found for the company"),
        "999999": ErrorRule(ErrorCode.VENDOR_REJECTED, meaning="unknown error"),
    },
)
