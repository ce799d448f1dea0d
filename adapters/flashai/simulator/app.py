"""The simulated vendor as a small hand-written ASGI app.

Hand-written rather than a framework so that it reads the raw bytes and judges them itself, the
way the vendor does: JSON POSTs only, the endpoint picked by the last path segment (so it serves
under any base path, e.g. `/api/v1/thirdApi/addPlan`), every answer HTTP 200 with FlashAI's
envelope. `envelope_style` chooses the doc's envelope (`{"code":"0","success":true,"body":{…}}`)
or the lineage server's (integer flags, `body` as a JSON string, error codes in `msg`;
notes-other-vendors.md §3.4), so the adapter is tested against both. In the lineage style "query has
no result" keeps success 0 (ThirdApiExceptionEnum.QUERY_NO_RESULT), so only `msg` says it failed.
"""

from __future__ import annotations

import collections
import decimal
import json
from typing import Any

from adapters.flashai.simulator.auth import Authenticator
from adapters.flashai.simulator.callbacks import FlashAINotifier
from adapters.flashai.simulator.endpoints import ENDPOINTS
from adapters.flashai.simulator.faults import PRE_CHECK_CODES, SUCCESS_FLAGGED_CODES, VendorFault
from adapters.flashai.simulator.vendor import FlashAIVendor, VendorRequest
from adapters.simulation import JsonSimulatorApp, Receive, Scope, SimClock


class FlashAISimulator(JsonSimulatorApp):
    """ASGI app; `vendor` holds the state, `clock` the simulated time, `received` the last bodies,
    `served` how many success answers each endpoint gave, `callbacks` what it POSTs back (pumped
    every `callback_interval` seconds while served with a lifespan, by hand in tests)."""

    callbacks: FlashAINotifier

    def __init__(
        self,
        *,
        clock: SimClock,
        vendor: FlashAIVendor,
        auth: Authenticator,
        envelope_style: str = "doc",
        callbacks: FlashAINotifier | None = None,
        callback_interval: float = 1.0,
    ) -> None:
        if envelope_style not in ("doc", "lineage"):
            raise ValueError("envelope_style is 'doc' or 'lineage'")
        self.clock = clock
        self.vendor = vendor
        self.state = vendor
        self.auth = auth
        self.envelope_style = envelope_style
        self.callbacks = callbacks or FlashAINotifier(vendor=vendor, clock=clock)
        self.callback_interval = callback_interval
        # (endpoint, body) of recent requests, for tests that inspect what the adapter sent.
        self.received: collections.deque[tuple[str, dict[str, Any]]] = collections.deque(maxlen=1000)
        self.served: collections.Counter[str] = collections.Counter()

    async def answer(self, scope: Scope, receive: Receive) -> tuple[int, Any]:
        path: str = scope["path"]
        endpoint = path.rstrip("/").rsplit("/", 1)[-1]
        # Spring-style answers for requests that never reach the API code.
        handler = ENDPOINTS.get(endpoint)
        if handler is None:
            return 404, {"status": 404, "error": "Not Found", "path": path}
        if scope["method"] != "POST":
            return 405, {"status": 405, "error": "Method Not Allowed", "path": path}
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        if not headers.get(b"content-type", b"").lower().startswith(b"application/json"):
            return 415, {"status": 415, "error": "Unsupported Media Type", "path": path}
        raw = await self.read_body(receive)
        if raw is None:
            return 413, {"status": 413, "error": "Payload Too Large", "path": path}
        try:
            body = json.loads(raw.decode("utf-8"), parse_float=decimal.Decimal, parse_constant=_no_constants)
        except (UnicodeDecodeError, ValueError):
            return 400, {"status": 400, "error": "Bad Request", "path": path}
        if not isinstance(body, dict):
            return 400, {"status": 400, "error": "Bad Request", "path": path}
        self.received.append((endpoint, body))
        now = self.clock.now()
        try:
            client = self.auth.verify(body, now)
            result = self.vendor.handle(handler, VendorRequest(client, body, now))
        except VendorFault as fault:
            return 200, self._failure(fault)
        self.served[endpoint] += 1
        return 200, self._success(result)

    def _success(self, body: dict[str, Any] | None) -> dict[str, Any]:
        if self.envelope_style == "doc":
            return {"code": "0", "msg": "success", "success": True, "body": body}
        return {"code": 0, "msg": "处理成功", "success": 0, "body": json.dumps(body or {}, ensure_ascii=False)}

    def _failure(self, fault: VendorFault) -> dict[str, Any]:
        if self.envelope_style == "doc":
            return {"code": fault.code, "msg": fault.description, "success": False, "body": None}
        if fault.code in PRE_CHECK_CODES:  # the gateway pre-check's unsigned answer
            return {"code": "1", "msg": fault.code, "success": "1"}
        # The business exception handler's: the code in `msg`, `success` as the code's enum says.
        return {"code": 0, "msg": fault.code, "success": 0 if fault.code in SUCCESS_FLAGGED_CODES else 1}


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not JSON")
