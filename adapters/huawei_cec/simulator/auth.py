"""The simulated vendor's credential checks: C1 bearer tokens and C2 auth-v2 signatures.

Written from the vendor's side of huawei-cec-2.5-api-reference.txt 4.2 and 4.3 and deliberately
NOT sharing code with the adapter's `signing` module: the canonical request is rebuilt from the
request as received (method, raw path, query string, the named headers' received values, body
bytes) with the standard library's percent-encoding, so a mistake on either side shows up as a 401.

Choices the reference leaves open, made here:
- tokens live `X-Token-Expire` seconds (600 when the header is absent; above 3600 is refused, 4.2);
- a signature's timestamp may be at most `MAX_SKEW_SECONDS` away from the server's clock and may be
  written with or without milliseconds (4.3 prints both, L1315 and L2524);
- `host` must be among the signed headers (L1570) and every signed header must be present.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import parse_qsl, quote

from adapters.huawei_cec.simulator.requests import Refused, SimRequest

DEFAULT_TOKEN_LIFETIME: Final = 600
MAX_TOKEN_LIFETIME: Final = 3600
MAX_SKEW_SECONDS: Final = 900.0
_CONTROL_AND_SPACE: Final = "".join(chr(code) for code in range(33))


@dataclass(frozen=True)
class ServerDialect:
    """Which reading of 4.3 the simulated server verifies (the demo's by default).

    `query_line`: "when_present" or "always"; `value_encoding`: "normalize" or "normalize_path";
    `percent_sign`: "percent" or "bare_hex". The timestamp is read in either format.
    """

    query_line: str = "when_present"
    value_encoding: str = "normalize"
    percent_sign: str = "percent"


def unauthorized(reason: str) -> Refused:
    return Refused(401, {"resultCode": "401", "resultDesc": f"Authentication failed: {reason}"})


@dataclass
class IssuedToken:
    app_key: str
    expires_at: float


@dataclass
class TokenIssuer:
    """tokenByAkSk (4.2) and the bearer check of every `/apiaccess` interface."""

    apps: dict[str, str]  # app_key -> app_secret
    tokens: dict[str, IssuedToken] = field(default_factory=dict)
    issued: int = 0

    def issue(self, request: SimRequest) -> dict[str, str]:
        lifetime_text = request.header("x-token-expire")
        if lifetime_text is None:
            lifetime = DEFAULT_TOKEN_LIFETIME
        elif lifetime_text.isdigit() and 0 < int(lifetime_text) <= MAX_TOKEN_LIFETIME:
            lifetime = int(lifetime_text)
        else:
            raise Refused(400, {"resultCode": "400", "resultMessage": "X-Token-Expire must be 1 to 3600"})
        body = request.json_object()
        app_key, app_secret = body.get("app_key"), body.get("app_secret")
        if not isinstance(app_key, str) or not isinstance(app_secret, str):
            raise Refused(401, {"resultCode": "401", "resultMessage": "Unauthorized operation"})
        known = self.apps.get(app_key)
        if known is None or not hmac.compare_digest(known.encode(), app_secret.encode()):
            raise Refused(401, {"resultCode": "401", "resultMessage": "Unauthorized operation"})
        token = secrets.token_hex(24)
        self.tokens[token] = IssuedToken(app_key, request.now + lifetime)
        self.issued += 1
        return {
            "AccessToken": token,
            "ApplyType": "Bearer",
            "CreateTime": str(int(request.now)),
            "Expires": str(lifetime),
            "Scope": "cc-management",
            "AppKey": app_key,
            "UserID": "Anonymous",
        }

    def verify(self, request: SimRequest) -> str:
        """The app key of a valid bearer token; 401 otherwise (the tables' "Unauthorized operation")."""
        authorization = request.header("authorization") or ""
        scheme, _, token = authorization.partition(" ")
        issued = self.tokens.get(token) if scheme == "Bearer" else None
        if issued is None or issued.expires_at <= request.now:
            raise Refused(401, {"resultCode": "401", "resultMessage": "Unauthorized operation"})
        if request.header("x-app-key") not in (None, issued.app_key):
            raise Refused(401, {"resultCode": "401", "resultMessage": "Unauthorized operation"})
        return issued.app_key

    def revoke_all(self) -> None:
        """Forget every token, as a vendor restart would: the next request with one gets a 401."""
        self.tokens.clear()


@dataclass
class SignatureVerifier:
    """The auth-v2 check of CC-iSales, CC-CMS and CC-FS (4.3)."""

    keys: dict[str, str]  # AK -> SK
    dialect: ServerDialect = field(default_factory=ServerDialect)

    def verify(self, request: SimRequest) -> str:
        authorization = request.header("authorization")
        if not authorization:
            raise unauthorized("no Authorization header")
        parts = authorization.split("/")
        if len(parts) != 5 or parts[0] != "auth-v2":
            raise unauthorized("not an auth-v2 string")
        _, access_key, stamp, signed_names, signature = parts
        secret = self.keys.get(access_key)
        if secret is None:
            raise unauthorized("unknown access key")
        moment = _parse_stamp(stamp)
        if moment is None or abs(request.now - moment) > MAX_SKEW_SECONDS:
            raise unauthorized("stale or malformed timestamp")
        names = signed_names.split(";")
        if "host" not in names:
            raise unauthorized("host is not signed")
        values = {}
        for name in names:
            value = request.header(name)
            if value is None:
                raise unauthorized(f"signed header {name} is missing")
            values[name] = value.strip(_CONTROL_AND_SPACE)
        prefix = "/".join(parts[:4])
        signing_key = _hmac_hex(secret, prefix)
        expected = _hmac_hex(signing_key, self._canonical(request, signed_names, values))
        if not hmac.compare_digest(expected, signature):
            raise unauthorized("signature mismatch")
        return access_key

    def _escape(self, text: str) -> str:
        escaped = quote(text, safe="", encoding="utf-8", errors="replace")
        return escaped.replace("%", "") if self.dialect.percent_sign == "bare_hex" else escaped

    def _escape_value(self, text: str) -> str:
        escaped = self._escape(text)
        if self.dialect.value_encoding == "normalize_path":
            return escaped.replace("%2F", "/")
        return escaped

    def _canonical(self, request: SimRequest, signed_names: str, values: dict[str, str]) -> str:
        query = dict(parse_qsl(request.raw_query, keep_blank_values=True))
        lines = [request.method, request.raw_path]
        if query:
            lines.append("&".join(sorted(f"{self._escape(k)}={self._escape(v)}" for k, v in query.items())))
        elif self.dialect.query_line == "always":
            lines.append("")
        lines.append(signed_names)
        lines.append("\n".join(sorted(f"{self._escape_value(n)}:{self._escape_value(v)}" for n, v in values.items())))
        body = request.body.decode("utf-8", "replace")
        lines.append(self._escape_value(body) if body else "")
        return "\n".join(lines)


def _hmac_hex(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def _parse_stamp(text: str) -> float | None:
    for pattern in ("%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=dt.UTC).timestamp()
        except ValueError:
            continue
    return None
