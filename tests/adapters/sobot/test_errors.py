"""Sobot's failure codes (notes-other-vendors.md §1.1, §1.5): every row, the envelope, unknown codes."""

from __future__ import annotations

import msgspec
import pytest

from adapters.sobot.errors import ERRORS, TOKEN_REFUSED
from adapters.sobot.wire import Envelope
from contracts.errors import ERROR_SPECS, ErrorCode

# code -> (neutral code, retryable): one row per code the table holds.
EXPECTED = {
    "400": (ErrorCode.INVALID_REQUEST, False),
    "401": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "403": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "404": (ErrorCode.NOT_FOUND, False),
    "409": (ErrorCode.CONFLICT, False),
    "429": (ErrorCode.RATE_LIMITED, True),
    "500": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "503": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "900001": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "900002": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "900003": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "900004": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "999999": (ErrorCode.VENDOR_REJECTED, False),
}


def test_the_table_has_exactly_the_known_codes() -> None:
    assert set(ERRORS.rules) == set(EXPECTED)


@pytest.mark.parametrize(("vendor_code", "expected"), sorted(EXPECTED.items()))
def test_each_code_maps_to_its_neutral_error(vendor_code: str, expected: tuple[ErrorCode, bool]) -> None:
    code, retryable = expected
    error = ERRORS.error(account="sb", vendor_code=vendor_code, vendor_message="原文", operation="queues._search")
    assert (error.code, error.retryable, error.status) == (code, retryable, ERROR_SPECS[code].status)
    assert (error.account, error.vendor, error.vendor_code, error.vendor_message) == (
        "sb",
        "sobot",
        vendor_code,
        "原文",
    )
    assert ERRORS.rules[vendor_code].meaning in error.detail
    assert "queues._search" in error.detail


def test_an_unknown_code_is_a_vendor_rejection_that_keeps_code_and_message() -> None:
    error = ERRORS.error(account="sb", vendor_code="123456", vendor_message="坐席不存在", operation="agents.get")
    assert (error.code, error.vendor_code, error.vendor_message) == (ErrorCode.VENDOR_REJECTED, "123456", "坐席不存在")


def test_token_refusals_are_the_codes_that_mean_a_bad_token() -> None:
    assert {"401", "900001", "900002"} == TOKEN_REFUSED
    assert all(EXPECTED[code][0] is ErrorCode.VENDOR_AUTH_FAILED for code in TOKEN_REFUSED)


@pytest.mark.parametrize(
    ("raw", "succeeded", "code"),
    [
        # The document's own examples: without and with retCode (lines 314-340, 394-410).
        (b'{"apiVersion":"6.3.0","status":"Success","code":200,"message":"Success","data":{}}', True, None),
        (b'{"status":"Success","code":200,"data":{},"retMsg":"Success","retCode":"000000"}', True, None),
        (b'{"status":"Failure","code":404,"message":"no such agent","reason":"NotFound"}', False, "404"),
        (b'{"status":"Success","code":200,"retCode":"900002","retMsg":"token invalid"}', False, "900002"),
        (b'{"status":"Failure","code":"400","retCode":"000000"}', False, "400"),
        (b'{"status":"Success","code":500}', False, "500"),
        (b"{}", False, "unknown"),
    ],
)
def test_the_envelope_says_success_only_with_every_signal(raw: bytes, succeeded: bool, code: str | None) -> None:
    envelope = msgspec.json.decode(raw, type=Envelope)
    assert envelope.succeeded() is succeeded
    if code is not None:
        assert envelope.failure_code() == code
