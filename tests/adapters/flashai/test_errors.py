"""FlashAI's error table (notes §3.4): every code, its neutral meaning and retry advice."""

from __future__ import annotations

import pytest

from adapters.flashai.errors import ERRORS
from contracts.errors import ERROR_SPECS, ErrorCode

# code -> (neutral code, retryable); one row per code the vendor-lineage server defines.
EXPECTED = {
    "1000": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "1001": (ErrorCode.VENDOR_AUTH_FAILED, True),
    "1002": (ErrorCode.VENDOR_REJECTED, True),
    "1003": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "1004": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "1005": (ErrorCode.NOT_FOUND, False),
    "1006": (ErrorCode.INVALID_REQUEST, False),
    "1007": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "1008": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "1009": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "1010": (ErrorCode.INVALID_REQUEST, False),
    "101001": (ErrorCode.VENDOR_REJECTED, False),
    "101002": (ErrorCode.VENDOR_REJECTED, False),
    "101003": (ErrorCode.VENDOR_REJECTED, False),
    "101004": (ErrorCode.CONFLICT, False),
    "101005": (ErrorCode.CONFLICT, False),
    "101006": (ErrorCode.CONFLICT, False),
    "101007": (ErrorCode.CONFLICT, False),
    "101008": (ErrorCode.INVALID_REQUEST, False),
}


def test_the_table_has_exactly_the_documented_codes() -> None:
    assert set(ERRORS.rules) == set(EXPECTED)


@pytest.mark.parametrize(("vendor_code", "expected"), sorted(EXPECTED.items()))
def test_each_code_maps_to_its_neutral_error(vendor_code: str, expected: tuple[ErrorCode, bool]) -> None:
    code, retryable = expected
    error = ERRORS.error(account="fa", vendor_code=vendor_code, vendor_message="原文", operation="addPlan")
    assert error.code is code
    assert error.retryable is retryable
    assert error.status == ERROR_SPECS[code].status
    assert (error.account, error.vendor, error.vendor_code, error.vendor_message) == (
        "fa",
        "flashai",
        vendor_code,
        "原文",
    )
    assert ERRORS.rules[vendor_code].meaning
    assert ERRORS.rules[vendor_code].meaning in error.detail
    assert "addPlan" in error.detail


def test_an_unknown_code_is_a_vendor_rejection_that_keeps_the_code() -> None:
    error = ERRORS.error(account="fa", vendor_code="424242", vendor_message=None, operation="getBotence")
    assert error.code is ErrorCode.VENDOR_REJECTED
    assert error.vendor_code == "424242"
