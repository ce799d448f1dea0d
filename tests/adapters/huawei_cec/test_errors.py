"""Huawei CEC's error table: every row, its neutral meaning and retry advice, and the lookup rules.

Rows come from the error tables of the interfaces the adapter calls: iSales Tables 7-15/7-38/7-74/
7-79/7-100/7-109/7-113/7-186/7-229/7-234/7-276/7-281, CMS 12.3.8.2, CC-FS 13.2.3.1, bidirectional
calls Tables 6-361/6-362/6-366/6-370/6-374, and the C1 HTTP answers of 5.1.1.
"""

from __future__ import annotations

import pytest

from adapters.huawei_cec.errors import ERRORS, vendor_code_key, vendor_error
from contracts.errors import ERROR_SPECS, ErrorCode

# code -> (neutral code, retryable)
EXPECTED = {
    "HTTP 400": (ErrorCode.VENDOR_REJECTED, False),
    "HTTP 401": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "HTTP 403": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "HTTP 404": (ErrorCode.VENDOR_REJECTED, False),
    "HTTP 500": (ErrorCode.VENDOR_REJECTED, False),
    "agentAccount:1": (ErrorCode.VENDOR_REJECTED, False),
    "0200001": (ErrorCode.INVALID_REQUEST, False),
    "0200002": (ErrorCode.INVALID_REQUEST, False),
    "0200003": (ErrorCode.CONFLICT, False),
    "0200004": (ErrorCode.CONFLICT, False),
    "0200005": (ErrorCode.CONFLICT, False),
    "0200006": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "0200007": (ErrorCode.NOT_FOUND, False),
    "0200009": (ErrorCode.CONFLICT, False),
    "0200011": (ErrorCode.CONFLICT, False),
    "0200016": (ErrorCode.CONFLICT, False),
    "0200017": (ErrorCode.NOT_FOUND, False),
    "0200018": (ErrorCode.INVALID_REQUEST, False),
    "0200019": (ErrorCode.CONFLICT, False),
    "0200020": (ErrorCode.CONFLICT, False),
    "0200022": (ErrorCode.RATE_LIMITED, True),
    "0200024": (ErrorCode.CONFLICT, False),
    "0200028": (ErrorCode.CONFLICT, False),
    "0200029": (ErrorCode.VENDOR_REJECTED, False),
    "0200030": (ErrorCode.INVALID_REQUEST, False),
    "blocklist/add:0200007": (ErrorCode.CONFLICT, False),
    "callresult:0200008": (ErrorCode.INVALID_REQUEST, False),
    "callresult:0200009": (ErrorCode.INVALID_REQUEST, False),
    "callresult:0200010": (ErrorCode.INVALID_REQUEST, False),
    "callresult:0200011": (ErrorCode.INVALID_REQUEST, False),
    "02000001": (ErrorCode.INVALID_REQUEST, False),
    "02000002": (ErrorCode.INVALID_REQUEST, False),
    "02000003": (ErrorCode.INVALID_REQUEST, False),
    "02000004": (ErrorCode.INVALID_REQUEST, False),
    "02000005": (ErrorCode.INVALID_REQUEST, False),
    "02000006": (ErrorCode.INVALID_REQUEST, False),
    "02000007": (ErrorCode.INVALID_REQUEST, False),
    "02000008": (ErrorCode.INVALID_REQUEST, False),
    "02000009": (ErrorCode.INVALID_REQUEST, False),
    "02000010": (ErrorCode.INVALID_REQUEST, False),
    "02000011": (ErrorCode.INVALID_REQUEST, False),
    "0100001": (ErrorCode.VENDOR_REJECTED, False),
    "0100002": (ErrorCode.VENDOR_REJECTED, False),
    "0100003": (ErrorCode.VENDOR_REJECTED, False),
    "0100999": (ErrorCode.VENDOR_REJECTED, False),
    "0101001": (ErrorCode.VENDOR_REJECTED, False),
    "0101002": (ErrorCode.NOT_FOUND, False),
    "0101003": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "0300001": (ErrorCode.VENDOR_REJECTED, False),
    "0300002": (ErrorCode.VENDOR_REJECTED, False),
    "0300003": (ErrorCode.VENDOR_REJECTED, False),
    "0300004": (ErrorCode.VENDOR_REJECTED, False),
    "0300005": (ErrorCode.VENDOR_REJECTED, False),
    "0300006": (ErrorCode.VENDOR_REJECTED, False),
    "0300007": (ErrorCode.VENDOR_REJECTED, False),
    "0300008": (ErrorCode.RATE_LIMITED, True),
    "0300009": (ErrorCode.RATE_LIMITED, True),
    "0300011": (ErrorCode.NOT_FOUND, False),
    "0300012": (ErrorCode.NOT_FOUND, False),
    "0300013": (ErrorCode.VENDOR_REJECTED, False),
    "0300014": (ErrorCode.VENDOR_REJECTED, False),
    "0300016": (ErrorCode.VENDOR_REJECTED, False),
    "0300017": (ErrorCode.VENDOR_REJECTED, False),
    "0300018": (ErrorCode.NOT_FOUND, False),
    "0300019": (ErrorCode.VENDOR_REJECTED, False),
    "0300020": (ErrorCode.VENDOR_REJECTED, False),
    "0300025": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "0300026": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "0300027": (ErrorCode.VENDOR_REJECTED, False),
    "0300028": (ErrorCode.VENDOR_REJECTED, False),
    "0300029": (ErrorCode.NOT_FOUND, False),
    "0300030": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "0300047": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "createCall:1": (ErrorCode.CONFLICT, False),
    "createCall:2": (ErrorCode.VENDOR_REJECTED, False),
    "createCall:3": (ErrorCode.VENDOR_REJECTED, False),
    "createCall:5": (ErrorCode.INVALID_REQUEST, False),
    "createCall:6": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "createCall:8": (ErrorCode.VENDOR_REJECTED, False),
    "createCall:16": (ErrorCode.VENDOR_REJECTED, False),
    "createCall:21": (ErrorCode.RATE_LIMITED, False),
    "90100100": (ErrorCode.INVALID_REQUEST, False),
    "90100200": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "90100300": (ErrorCode.VENDOR_REJECTED, False),
    "90100400": (ErrorCode.NOT_FOUND, False),
    "90100600": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "90102001": (ErrorCode.VENDOR_REJECTED, False),
    "90102002": (ErrorCode.RATE_LIMITED, True),
    "90104001": (ErrorCode.VENDOR_AUTH_FAILED, False),
    "90104003": (ErrorCode.VENDOR_REJECTED, False),
    "90104004": (ErrorCode.VENDOR_REJECTED, False),
    "90104008": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "90104029": (ErrorCode.RATE_LIMITED, True),
    "90106001": (ErrorCode.VENDOR_REJECTED, False),
    "90106002": (ErrorCode.VENDOR_REJECTED, False),
    "90106003": (ErrorCode.VENDOR_REJECTED, False),
    "90106004": (ErrorCode.VENDOR_REJECTED, False),
    "90106005": (ErrorCode.VENDOR_REJECTED, False),
    "90106006": (ErrorCode.VENDOR_REJECTED, False),
    "90106010": (ErrorCode.VENDOR_REJECTED, False),
    "90106011": (ErrorCode.VENDOR_REJECTED, False),
    "90106012": (ErrorCode.VENDOR_REJECTED, False),
    "queryCallState:1": (ErrorCode.NOT_FOUND, False),
    "queryCallState:3": (ErrorCode.NOT_FOUND, False),
    "queryCallDetailRecord:1": (ErrorCode.NOT_FOUND, False),
    "queryCallDetailRecord:2": (ErrorCode.INVALID_REQUEST, False),
    "queryCallDetailRecord:4": (ErrorCode.VENDOR_REJECTED, False),
    "queryCallDetailRecord:12": (ErrorCode.INVALID_REQUEST, False),
    "getRecordingAddress:1": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "getRecordingAddress:3": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "getRecordingAddress:5": (ErrorCode.NOT_FOUND, False),
    "getRecordingAddress:6": (ErrorCode.VENDOR_REJECTED, False),
    "getRecordingAddress:7": (ErrorCode.VENDOR_REJECTED, False),
    "getRecordingAddress:8": (ErrorCode.VENDOR_REJECTED, False),
    "getRecordingAddress:9": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "getRecordingAddress:10": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "getRecordingAddress:11": (ErrorCode.VENDOR_UNAVAILABLE, True),
    "getRecordingAddress:12": (ErrorCode.NOT_FOUND, False),
    "getRecordingAddress:13": (ErrorCode.VENDOR_REJECTED, False),
}


def test_the_table_has_exactly_the_expected_rows() -> None:
    assert set(ERRORS.rules) == set(EXPECTED)


@pytest.mark.parametrize(("vendor_code", "expected"), sorted(EXPECTED.items()))
def test_each_row_maps_to_its_neutral_error(vendor_code: str, expected: tuple[ErrorCode, bool]) -> None:
    code, retryable = expected
    error = ERRORS.error(account="hw", vendor_code=vendor_code, vendor_message="原文", operation="campaigns")
    assert error.code is code
    assert error.retryable is retryable
    assert error.status == ERROR_SPECS[code].status
    assert (error.account, error.vendor, error.vendor_code, error.vendor_message) == (
        "hw",
        "huawei_cec",
        vendor_code,
        "原文",
    )
    assert ERRORS.rules[vendor_code].meaning in error.detail
    assert "campaigns" in error.detail


def test_credential_failures_are_never_the_callers_401() -> None:
    for rule in ERRORS.rules.values():
        assert rule.code is not ErrorCode.UNAUTHENTICATED


def test_an_interface_specific_meaning_wins_over_the_family_meaning() -> None:
    # 0200007 is "campaign does not exist" everywhere but in blocklist/add (Table 7-186).
    assert vendor_code_key("blocklist/add", "0200007") == "blocklist/add:0200007"
    assert vendor_code_key("calldata", "0200007") == "0200007"
    added = vendor_error(account="hw", interface="blocklist/add", code="0200007", message=None, operation="add")
    missing = vendor_error(account="hw", interface="pause", code="0200007", message=None, operation="pause")
    assert (added.code, missing.code) == (ErrorCode.CONFLICT, ErrorCode.NOT_FOUND)
    # The mobile-agent interfaces reuse small codes with different meanings.
    assert (
        vendor_error(account="hw", interface="createCall", code="1", message=None, operation="c").code
        is ErrorCode.CONFLICT
    )
    assert (
        vendor_error(account="hw", interface="queryCallState", code="1", message=None, operation="q").code
        is ErrorCode.NOT_FOUND
    )


def test_an_unknown_code_is_a_vendor_rejection_that_keeps_code_and_message() -> None:
    error = vendor_error(account="hw", interface="skill", code="42", message="bad skill", operation="skill/createSkill")
    assert error.code is ErrorCode.VENDOR_REJECTED
    assert (error.vendor_code, error.vendor_message) == ("42", "bad skill")
