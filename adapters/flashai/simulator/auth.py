"""The simulated vendor's request checks: auth parameters, replay window, signature.

Written from the vendor's side (flashai-saas-api.md request tables; notes-other-vendors.md §3.2
signature, §3.3 nonce/timestamp, §3.4 codes) and deliberately NOT sharing code with the adapter's
`signing` module: two independent implementations of the signature catch each other's mistakes.
The order of checks follows the lineage server: the gateway pre-check (1000, 1001, 1002) first,
then the client lookup (1009), the signType (1008) and the signature (1003).
"""

from __future__ import annotations

import decimal
import hashlib
import struct
from dataclasses import dataclass, field
from typing import Any, Final

from adapters.flashai.simulator.faults import VendorFault

REPLAY_WINDOW_SECONDS: Final = 600.0  # "No repetition allowed within 10 minutes"; also the timestamp age limit
CLIENT_ID_LENGTH: Final = 10
NONCE_LENGTH: Final = 6
SIGN_LENGTH: Final = 32


@dataclass(frozen=True)
class Client:
    client_id: str
    secret: str
    user_id: int


@dataclass
class Authenticator:
    clients: dict[str, Client]
    # (clientId, nonce) -> when the nonce may be used again (the lineage server's Redis key TTL).
    _nonces: dict[tuple[str, str], float] = field(default_factory=dict)

    def verify(self, body: dict[str, Any], now: float) -> Client:
        client_id, nonce, sign = body.get("clientId"), body.get("nonce"), body.get("sign")
        timestamp = body.get("timestamp")
        if not (isinstance(client_id, str) and len(client_id) == CLIENT_ID_LENGTH):
            raise VendorFault("1000")
        if not (isinstance(nonce, str) and len(nonce) == NONCE_LENGTH and nonce.isascii() and nonce.isalnum()):
            raise VendorFault("1000")
        if not (isinstance(sign, str) and len(sign) == SIGN_LENGTH) or timestamp in (None, ""):
            raise VendorFault("1000")
        self._check_fresh(timestamp, now)
        self._remember_nonce(client_id, nonce, now)
        client = self.clients.get(client_id)
        if client is None:
            raise VendorFault("1009")
        if body.get("signType") != "MD5":  # the lineage VerifyService wants exactly "MD5"
            raise VendorFault("1008")
        if vendor_signature(body, client.secret) != sign.upper():  # the server upper-cases the client's sign
            raise VendorFault("1003")
        return client

    @staticmethod
    def _check_fresh(timestamp: object, now: float) -> None:
        text = str(timestamp) if isinstance(timestamp, int | str) and not isinstance(timestamp, bool) else ""
        if len(text) != 13 or not text.isdigit():
            raise VendorFault("1001")
        # Only age is checked; the lineage server has no limit on timestamps from the future.
        if now * 1000 - int(text) > REPLAY_WINDOW_SECONDS * 1000:
            raise VendorFault("1001")

    def _remember_nonce(self, client_id: str, nonce: str, now: float) -> None:
        # One window for all, so insertion order is expiry order: drop from the oldest end
        # (a scan of every nonce per request made the simulator slower the longer it ran).
        while self._nonces:
            oldest, until = next(iter(self._nonces.items()))
            if until > now:
                break
            del self._nonces[oldest]
        if (client_id, nonce) in self._nonces:
            raise VendorFault("1002")
        self._nonces[(client_id, nonce)] = now + REPLAY_WINDOW_SECONDS


def vendor_signature(body: dict[str, Any], secret: str) -> str:
    """MD5(sorted `key=value` pairs joined by & + secret), upper-case hex, as the vendor computes it."""
    pairs: list[tuple[str, str]] = []
    for key, value in body.items():
        # Case-insensitive, as the server's equalsIgnoreCase (which would also match exotic
        # spellings such as "ſign"; no client sends those, so ASCII is where it is modelled).
        if key.isascii() and key.upper() in ("SIGN", "SIGNTYPE"):
            continue
        rendered = _as_java_string(value)
        if rendered is not None:
            pairs.append((key, rendered))
    pairs.sort(key=lambda pair: _utf16_code_units(pair[0]))
    joined = "&".join(f"{key}={value}" for key, value in pairs)
    return hashlib.md5(f"{joined}{secret}".encode()).hexdigest().upper()


def _as_java_string(value: object) -> str | None:
    """What the Java server's `String.valueOf` gives for a JSON value; None when it is not signed."""
    if value is None or value == "":
        return None
    if value is True or value is False:
        return str(value).lower()
    if isinstance(value, int | decimal.Decimal | str):  # the app parses JSON decimals as Decimal
        return str(value)
    if isinstance(value, list):
        if not value:
            return None
        return "|".join("null" if item is None else (_as_java_string(item) or "") for item in value)
    raise VendorFault("1010")  # a nested object cannot be a signed parameter


def _utf16_code_units(text: str) -> tuple[int, ...]:
    encoded = text.encode("utf-16-le")
    return struct.unpack(f"<{len(encoded) // 2}H", encoded)
