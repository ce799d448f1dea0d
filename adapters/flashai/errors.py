"""FlashAI's error codes and what each means for a Switchboard caller.

flashai-saas-api.md only says `code` "0" means success; the code list comes from the vendor-lineage
server (notes-other-vendors.md §3.4, `ThirdApiExceptionEnum` and the gateway pre-check). Credential
and signing failures are the gateway's fault, never the caller's: they map to `vendor_auth_failed`.
"""

from __future__ import annotations

from typing import Final

from adapters.errors import ErrorRule, ErrorTable
from contracts.errors import ErrorCode

# The code a list endpoint answers for "nothing to list"; the adapter turns it into an empty page.
QUERY_NO_RESULT: Final = "1005"
# A nonce FlashAI has seen in the last 10 minutes; a re-signed retry (fresh nonce) succeeds.
DUPLICATE_NONCE: Final = "1002"
# Batch state changes: refused for a batch in the wrong state, or for a batch that does not exist.
PAUSE_FAILED: Final = "101004"
STOP_FAILED: Final = "101005"
RESTART_FAILED: Final = "101006"
# "Illegal business parameters": the only code batchPhoneDelete has for a number it keeps.
ILLEGAL_ARGUMENT: Final = "1010"

ERRORS: Final = ErrorTable(
    "flashai",
    {
        "1000": ErrorRule(ErrorCode.VENDOR_AUTH_FAILED, meaning="authentication parameters missing or malformed"),
        "1001": ErrorRule(ErrorCode.VENDOR_AUTH_FAILED, retryable=True, meaning="request expired (timestamp)"),
        DUPLICATE_NONCE: ErrorRule(
            ErrorCode.VENDOR_REJECTED, retryable=True, meaning="duplicate request (nonce already used)"
        ),
        "1003": ErrorRule(ErrorCode.VENDOR_AUTH_FAILED, meaning="signature verification failed"),
        "1004": ErrorRule(ErrorCode.VENDOR_UNAVAILABLE, retryable=True, meaning="system error"),
        QUERY_NO_RESULT: ErrorRule(ErrorCode.NOT_FOUND, meaning="query has no result"),
        "1006": ErrorRule(ErrorCode.INVALID_REQUEST, meaning="query size over limit or illegal"),
        "1007": ErrorRule(ErrorCode.VENDOR_UNAVAILABLE, retryable=True, meaning="response signing failed"),
        "1008": ErrorRule(ErrorCode.VENDOR_AUTH_FAILED, meaning="unsupported signType"),
        "1009": ErrorRule(ErrorCode.VENDOR_AUTH_FAILED, meaning="unknown clientId"),
        ILLEGAL_ARGUMENT: ErrorRule(ErrorCode.INVALID_REQUEST, meaning="illegal business parameters"),
        # 101001/101002 belong to the lineage server's call-rule endpoints, which the document does
        # not list; kept so that a stray one is named rather than "unknown".
        "101001": ErrorRule(ErrorCode.VENDOR_REJECTED, meaning="adding the call rule failed"),
        "101002": ErrorRule(ErrorCode.VENDOR_REJECTED, meaning="querying the call rule failed"),
        "101003": ErrorRule(ErrorCode.VENDOR_REJECTED, meaning="adding the batch failed"),
        PAUSE_FAILED: ErrorRule(ErrorCode.CONFLICT, meaning="pausing the batch failed"),
        STOP_FAILED: ErrorRule(ErrorCode.CONFLICT, meaning="stopping the batch failed"),
        RESTART_FAILED: ErrorRule(ErrorCode.CONFLICT, meaning="restarting the batch failed"),
        "101007": ErrorRule(ErrorCode.CONFLICT, meaning="batch name already exists"),
        "101008": ErrorRule(ErrorCode.INVALID_REQUEST, meaning="task count over limit"),
    },
)
