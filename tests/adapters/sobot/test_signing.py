"""The token request's signature (notes-other-vendors.md §1.1: MD5(appId + currentTime + "token" + appSecret))."""

from __future__ import annotations

import hashlib

from adapters.sobot.signing import token_request, token_sign


def test_sign_is_md5_of_the_plain_concatenation_in_lower_case_hex() -> None:
    # md5("a1b2c3" "1700000000000" "token" "s3cr3t"), worked out once by hand with `md5sum`.
    assert token_sign("a1b2c3", 1_700_000_000_000, "s3cr3t") == "7f11fe4417b79794564cdd9f7885d0f6"


def test_sign_changes_with_every_part() -> None:
    base = token_sign("app", 1_700_000_000_000, "secret")
    assert base != token_sign("apq", 1_700_000_000_000, "secret")
    assert base != token_sign("app", 1_700_000_000_001, "secret")
    assert base != token_sign("app", 1_700_000_000_000, "secreu")


def test_the_request_body_carries_milliseconds_as_a_number_and_the_sign_over_them() -> None:
    body = token_request("app", "secret", 1_772_416_800_123)
    assert body == {
        "responseType": "token",
        "appId": "app",
        "currentTime": 1_772_416_800_123,
        "sign": hashlib.md5(b"app1772416800123tokensecret").hexdigest(),
    }
    assert "secret" not in str(body["sign"])
