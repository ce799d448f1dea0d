"""FlashAI's request signature: MD5 over the sorted parameters plus the client secret.

flashai-saas-api.md ("Adding Outbound Call", request table, `sign`) says only "MD5 (related variables
ascii sorted spliced +clientSecret)". The missing details come from the vendor SDK and the lineage
server, both quoted in notes-other-vendors.md §3.2 (algorithm) and §3.7 (confirmed by running the
SDK), and the nonce/timestamp rules from §3.3.
"""

from __future__ import annotations

import decimal
import hashlib
import secrets
import string
from collections.abc import Mapping
from typing import Any, Final

SIGN_TYPE: Final = "MD5"
# Keys never signed, compared case-insensitively (§3.7: `SIGN`, `signtype` are excluded too).
_UNSIGNED_KEYS: Final = frozenset({"sign", "signtype"})
_NONCE_ALPHABET: Final = string.ascii_letters + string.digits
NONCE_LENGTH: Final = 6


def java_text(value: object) -> str:
    """How the vendor's Java code renders a parameter value when signing (§3.2, §3.7).

    `Object.toString()`: booleans `true`/`false`, integers plain, decimals as written (pass a
    `Decimal` to keep `12.50`), a list joined with `|` whose null elements read `null`.
    Floats and nested objects are refused: their Java text is not reproducible from Python.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: bool is an int in Python
        return "true" if value else "false"
    if isinstance(value, int | str):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return "|".join(java_text(item) for item in value)
    raise TypeError(f"cannot sign a {type(value).__name__} value the way FlashAI's Java code renders it")


def _is_skipped(value: object) -> bool:
    # §3.2: null and "" do not take part; " " and the text "null" do (§3.7). An empty list is
    # null to the SDK, which only joins non-empty lists.
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def _java_order(key: str) -> bytes:
    # Java sorts Strings by UTF-16 code unit; big-endian UTF-16 bytes compare in that order.
    return key.encode("utf-16-be")


def string_to_sign(params: Mapping[str, object]) -> str:
    """`k1=v1&k2=v2…` over the signed parameters, sorted in Java `String` order, nothing escaped."""
    signed = {
        key: java_text(value)
        for key, value in params.items()
        if key.lower() not in _UNSIGNED_KEYS and not _is_skipped(value)
    }
    return "&".join(f"{key}={signed[key]}" for key in sorted(signed, key=_java_order))


def sign(params: Mapping[str, object], secret: str) -> str:
    """The `sign` value: upper-case hex MD5 over UTF-8 of the joined string plus the secret."""
    return hashlib.md5((string_to_sign(params) + secret).encode("utf-8")).hexdigest().upper()


def new_nonce() -> str:
    """Six alphanumerics from a CSPRNG: FlashAI refuses a nonce seen in the last 10 minutes (§3.3)."""
    return "".join(secrets.choice(_NONCE_ALPHABET) for _ in range(NONCE_LENGTH))


def signed_body(
    params: Mapping[str, object],
    client_id: str,
    secret: str,
    now_ms: int,
    as_string: bool,
    *,
    nonce: str | None = None,
) -> dict[str, Any]:
    """The JSON body of one request: business params plus clientId, nonce, timestamp, signType, sign.

    None values are left out of the body altogether (they are not signed either). `timestamp` is
    13-digit milliseconds, sent as a string when `as_string` (the SDK's habit, §3.3).
    """
    body: dict[str, Any] = {key: value for key, value in params.items() if value is not None}
    body["clientId"] = client_id
    body["nonce"] = nonce if nonce is not None else new_nonce()
    body["timestamp"] = str(now_ms) if as_string else now_ms
    body["signType"] = SIGN_TYPE
    body["sign"] = sign(body, secret)
    return body
