"""Huawei's C2 "auth-v2" AK/SK request signature (CC-iSales, CC-CMS, CC-FS).

huawei-cec-2.5-api-reference.txt section 4.3 describes the signature three times, and the three
disagree: the prose (L1206-L1246, L1665-L1725), the Java demo (SignInfo L1292-L1473, PathUtils
L1478-L1557, SignerUtils L1772-L1815, ToolUtils L2164-L2216) and the worked example (L2518-L2533).
This module follows the demo; it is checked byte for byte against vectors produced by the demo
itself (signing_demo/regenerate.sh). Every point of disagreement is a `SigningDialect` member so
that an account can follow the other reading if its server turns out to:

- `query_line`: the demo writes the query line only when there is a query (SignInfo.canonicalRequest,
  L1369); the prose writes `$HttpParameters + "\\n"` always (L1206, L1717). Default: demo.
- `value_encoding`: the demo encodes header names, header values and the body with `normalize`
  (`/` becomes `%2F`, L1412-L1413, L1383); the prose says `NormalizePath` (keeps `/`, L1677-L1678,
  L1719). Default: demo. The query always uses `normalize` (L1436-L1437; the prose is silent).
- `timestamp`: `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` in the demo and prose (L1315, L1750); the worked
  example (L2524) and the iKBS copy of the demo (L30434) have no milliseconds. Default: demo.
- `percent_sign`: the 4.3 listing prints PathUtils' escape format as "%02X" (L1515), which escapes
  `/` to `2F` with no percent sign; every example of the section has `%2F` and the iKBS reprint
  prints the format with doubled percent signs (L30630). Default: `%XX` (see signing_demo's
  PathUtils.java); `bare_hex` reproduces the listing as printed.
- The Content-Type string sent and signed is the account's `content_type` (in settings): the demo
  signs `application/json;charset=UTF-8` (L2172), the interface tables say
  `application/json; charset=UTF-8` (e.g. L21880). It is signed, so it must be sent exactly.

Which headers are signed is the caller's choice (the only rule: `host` is signed, `Authorization`
never, L1570); `transport.C2Client` chooses them.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
from collections.abc import Mapping
from typing import Final

import msgspec

AUTH_VERSION: Final = "auth-v2"
HEAD_HOST: Final = "host"
# PathUtils.URI_UNRESERVED_CHARACTERS (L1493-L1512): a-z, A-Z, 0-9, '-', '.', '_', '~'.
_UNRESERVED: Final = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")


class QueryLine(enum.StrEnum):
    WHEN_PRESENT = "when_present"  # demo
    ALWAYS = "always"  # prose


class ValueEncoding(enum.StrEnum):
    NORMALIZE = "normalize"  # demo
    NORMALIZE_PATH = "normalize_path"  # prose


class TimestampFormat(enum.StrEnum):
    MILLIS = "millis"  # demo and prose
    SECONDS = "seconds"  # worked example, iKBS copy


class PercentSign(enum.StrEnum):
    PERCENT = "percent"  # every example; the demo's evident intent
    BARE_HEX = "bare_hex"  # the 4.3 listing as printed


class SigningDialect(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    query_line: QueryLine = QueryLine.WHEN_PRESENT
    value_encoding: ValueEncoding = ValueEncoding.NORMALIZE
    timestamp: TimestampFormat = TimestampFormat.MILLIS
    percent_sign: PercentSign = PercentSign.PERCENT


DEMO_DIALECT: Final = SigningDialect()


class Signature(msgspec.Struct, frozen=True, kw_only=True):
    """The Authorization value and the intermediate strings (for tests and diagnostics)."""

    authorization: str
    auth_string_prefix: str
    canonical_request: str
    signing_key: str


def normalize(value: str, percent_sign: PercentSign = PercentSign.PERCENT) -> str:
    """PathUtils.normalize: UTF-8 bytes; unreserved bytes kept, every other byte escaped as hex.

    Java's `getBytes("UTF-8")` writes '?' for an unpaired surrogate; `errors="replace"` does too.
    """
    escape = "%{:02X}" if percent_sign is PercentSign.PERCENT else "{:02X}"
    return "".join(
        chr(byte) if byte in _UNRESERVED else escape.format(byte) for byte in value.encode("utf-8", "replace")
    )


def normalize_path(value: str, percent_sign: PercentSign = PercentSign.PERCENT) -> str:
    """PathUtils.normalizePath (L1520-L1522): normalize, then `%2F` back to `/`."""
    return normalize(value, percent_sign).replace("%2F", "/")


def java_trim(value: str) -> str:
    """Java's `String.trim()`: strips every char up to U+0020 at both ends (not Unicode spaces)."""
    start, end = 0, len(value)
    while start < end and value[start] <= " ":
        start += 1
    while end > start and value[end - 1] <= " ":
        end -= 1
    return value[start:end]


def _java_order(text: str) -> bytes:
    # Java's TreeSet<String> orders by UTF-16 code unit; big-endian UTF-16 bytes compare the same way.
    return text.encode("utf-16-be", "surrogatepass")


def lower_case_signed_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """ToolUtils.lowerCaseSignedHeaders (L2198-L2216): names lower-cased, values trimmed, host required."""
    if not headers:
        raise ValueError("signedHeaders can't be null.")
    if HEAD_HOST not in headers:  # the demo checks the map as given, so the name must be "host"
        raise ValueError("signedHeaders must has host.")
    return {name.lower(): java_trim(value) for name, value in headers.items()}


def signed_header_names(headers: Mapping[str, str]) -> str:
    """SignInfo.appendSignedHeaders: sorted lower-case names joined by ';'."""
    return ";".join(name.lower() for name in sorted(headers, key=_java_order))


def format_timestamp(timestamp_ms: int, style: TimestampFormat) -> str:
    moment = dt.datetime.fromtimestamp(timestamp_ms // 1000, dt.UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.{timestamp_ms % 1000:03d}Z" if style is TimestampFormat.MILLIS else f"{text}Z"


def canonical_request(
    *,
    method: str,
    uri: str,
    query: Mapping[str, str | None] | None,
    headers: Mapping[str, str],
    body: str | None,
    dialect: SigningDialect = DEMO_DIALECT,
) -> str:
    """SignInfo.canonicalRequest (L1363-L1386) over already lower-cased, trimmed `headers`."""
    percent = dialect.percent_sign
    encode = normalize if dialect.value_encoding is ValueEncoding.NORMALIZE else normalize_path
    lines = [method, uri]
    if query:
        pairs = sorted(
            (f"{normalize(key, percent)}={normalize(value, percent) if value else ''}" for key, value in query.items()),
            key=_java_order,
        )
        lines.append("&".join(pairs))
    elif dialect.query_line is QueryLine.ALWAYS:
        lines.append("")
    lines.append(signed_header_names(headers))
    records = sorted(
        (f"{encode(name, percent)}:{encode(value, percent)}" for name, value in headers.items()), key=_java_order
    )
    lines.append("\n".join(records))
    lines.append(encode(body, percent) if body else "")
    return "\n".join(lines)


def hmac_sha256_hex(key: str, message: str) -> str:
    """SignerUtils.sha256Hex (L1802-L1811): HMAC-SHA256 keyed by the UTF-8 bytes of the key string."""
    return hmac.new(key.encode("utf-8", "replace"), message.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def sign(
    *,
    method: str,
    uri: str,
    query: Mapping[str, str | None] | None,
    headers: Mapping[str, str],
    body: str | None,
    access_key: str,
    secret_key: str,
    timestamp_ms: int,
    dialect: SigningDialect = DEMO_DIALECT,
) -> Signature:
    """SignInfo.authString (L1332-L1341) for the request; `headers` are the signed headers as sent."""
    signed = lower_case_signed_headers(headers)
    prefix = "/".join(
        (AUTH_VERSION, access_key, format_timestamp(timestamp_ms, dialect.timestamp), signed_header_names(signed))
    )
    signing_key = hmac_sha256_hex(secret_key, prefix)
    canonical = canonical_request(method=method, uri=uri, query=query, headers=signed, body=body, dialect=dialect)
    return Signature(
        authorization=f"{prefix}/{hmac_sha256_hex(signing_key, canonical)}",
        auth_string_prefix=prefix,
        canonical_request=canonical,
        signing_key=signing_key,
    )
