"""The simulated vendor as a small hand-written ASGI app.

Hand-written rather than a framework so that it judges the raw request the way the vendor does:
the C2 signature is checked over the exact bytes, path and query string received. Order of
checks: the token interface (4.2); then `/apiaccess/...` needs a valid bearer token (401
otherwise); `/rest/isales`, `/rest/cmsapp` and `/CCFS` need a valid auth-v2 signature (401
otherwise, 4.3: "If the authentication fails, the HTTPS response code 401 is returned"); then the
interface's own checks. Before any interface runs, campaigns are advanced to the simulated "now".
"""

from __future__ import annotations

import collections
import json
from dataclasses import dataclass
from typing import Any, Final

from adapters.huawei_cec.simulator.auth import SignatureVerifier, TokenIssuer
from adapters.huawei_cec.simulator.callbacks import Console, HuaweiNotifier
from adapters.huawei_cec.simulator.requests import Refused, SimRequest
from adapters.huawei_cec.simulator.vendor import HuaweiVendor
from adapters.simulation import JsonSimulatorApp, Receive, Scope, SimClock

TOKEN_PATH: Final = "/apigovernance/api/oauth/tokenByAkSk"  # noqa: S105 - a URL path, not a secret


@dataclass(frozen=True)
class Received:
    """A request as it arrived, for tests that inspect what the adapter sent."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: Any


class HuaweiSimulator(JsonSimulatorApp):
    """ASGI app; `vendor` holds the state, `tokens` and `signatures` the credential checks,
    `callbacks` what it pushes back (pumped every `callback_interval` seconds while served with a
    lifespan, by hand in tests)."""

    max_body_bytes = 4 * 1024 * 1024
    callbacks: HuaweiNotifier

    def __init__(
        self,
        *,
        clock: SimClock,
        vendor: HuaweiVendor,
        tokens: TokenIssuer,
        signatures: SignatureVerifier,
        callbacks: HuaweiNotifier | None = None,
        callback_interval: float = 1.0,
    ) -> None:
        self.clock = clock
        self.vendor = vendor
        self.state = vendor
        self.tokens = tokens
        self.signatures = signatures
        self.received: collections.deque[Received] = collections.deque(maxlen=2000)
        self.callbacks = callbacks or HuaweiNotifier(vendor=vendor, clock=clock)
        self.callback_interval = callback_interval

    def configure_console(self, *, callback_url: str, shared_key: str | None = None) -> None:
        """What a tenant administrator sets on the console: both bidirectional-call callback URLs
        (6.2.14.1) and, optionally, their shared key. Demo mode points them at the gateway."""
        self.callbacks.console = Console(
            release_callback_url=callback_url, connect_callback_url=callback_url, shared_key=shared_key
        )

    async def answer(self, scope: Scope, receive: Receive) -> tuple[int, Any]:
        body = await self.read_body(receive)
        if body is None:
            return 413, {"status": 413, "error": "Payload Too Large"}
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
        request = SimRequest(
            method=scope["method"],
            raw_path=raw_path.decode("latin-1"),
            raw_query=scope.get("query_string", b"").decode("latin-1"),
            headers=_headers(scope),
            body=body,
            now=self.clock.now(),
        )
        self._remember(request)
        try:
            return 200, self._dispatch(request)
        except Refused as refused:
            return refused.status, refused.body

    def _dispatch(self, request: SimRequest) -> Any:
        path = request.raw_path
        if path == TOKEN_PATH:
            if request.method != "POST":
                raise Refused(405, {"status": 405, "error": "Method Not Allowed", "path": path})
            return self.tokens.issue(request)
        if self.vendor.is_bearer_path(path):
            self.tokens.verify(request)
            self.vendor.outbound.advance(request.now)
            return self.vendor.bearer_route(request)
        if self.vendor.is_signed_path(path):
            self.signatures.verify(request)
            self.vendor.outbound.advance(request.now)
            return self.vendor.signed_route(request)
        raise Refused(404, {"status": 404, "error": "Not Found", "path": path})

    def _remember(self, request: SimRequest) -> None:
        try:
            body = json.loads(request.body) if request.body else None
        except ValueError:
            body = request.body
        self.received.append(Received(request.method, request.raw_path, request.raw_query, request.headers, body))


def _headers(scope: Scope) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        headers.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
    return headers
