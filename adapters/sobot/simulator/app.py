"""The simulated vendor as a small hand-written ASGI app.

Hand-written rather than a framework so that it reads the raw request and judges it itself, the
way the vendor does: known paths only (Spring-style 404/405 otherwise), JSON bodies only, the
token checked per interface (kind included), `timezoneid` a real zone, `Idempotency-Key` a UUID
where required and replayed per key. Answers carry the V6 envelope (notes-other-vendors.md §1.5).
"""

from __future__ import annotations

import asyncio
import collections
import json
import uuid
import zoneinfo
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qsl

from adapters.simulation import JsonSimulatorApp, Receive, Scope, SimClock
from adapters.sobot.simulator.auth import TokenService
from adapters.sobot.simulator.dialler import Dialler
from adapters.sobot.simulator.faults import Faults, SobotFault, bad_request
from adapters.sobot.simulator.replay import Answer, Replays
from adapters.sobot.simulator.request import SimRequest
from adapters.sobot.simulator.routes import ROUTES, TOKEN_PATHS, Route
from adapters.sobot.simulator.state import Tenant

API_VERSION: Final = "6.3.0"
_BODY_METHODS: Final = frozenset({"POST", "PUT", "DELETE"})


@dataclass(frozen=True)
class Received:
    """A request as it arrived, for tests that inspect what the adapter sent."""

    method: str
    path: str
    headers: dict[str, str]
    query: dict[str, str]
    body: Any


class SobotSimulator(JsonSimulatorApp):
    """ASGI app; `tenant` holds the state, `tokens` the token service, `clock` the simulated time."""

    def __init__(
        self, *, clock: SimClock, tenant: Tenant, tokens: TokenService, dialler: Dialler, latency: float = 0.0
    ) -> None:
        self.clock = clock
        self.tenant = tenant
        self.state = tenant
        self.tokens = tokens
        self.dialler = dialler
        # Seconds each interface call takes before it is handled: lets tests overlap requests.
        self.latency = latency
        self.replays = Replays()
        self.faults = Faults()
        self.received: collections.deque[Received] = collections.deque(maxlen=1000)

    async def answer(self, scope: Scope, receive: Receive) -> Answer:
        path: str = scope["path"]
        method: str = scope["method"]
        routes = ROUTES.get(path)
        if routes is None and path not in TOKEN_PATHS:
            return 404, {"status": 404, "error": "Not Found", "path": path}
        if (routes is None and method != "POST") or (routes is not None and method not in routes):
            return 405, {"status": 405, "error": "Method Not Allowed", "path": path}
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
        query = dict(parse_qsl(scope.get("query_string", b"").decode("utf-8")))
        try:
            body = await self._body(method, headers, receive)
        except SobotFault as fault:
            return fault.status, failure(fault)
        self.received.append(Received(method, path, headers, query, body))
        if routes is None:
            return self._issue(TOKEN_PATHS[path], body)
        return await self._call(path, method, routes[method], headers, query, body)

    async def _body(self, method: str, headers: dict[str, str], receive: Receive) -> Any:
        raw = await self.read_body(receive)
        if method not in _BODY_METHODS:
            return None
        if raw is None:
            raise SobotFault(413, "body too large")
        if not headers.get("content-type", "").lower().startswith("application/json"):
            raise SobotFault(415, "send application/json;charset=utf-8")
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise bad_request("the body is not JSON") from None

    def _issue(self, kind: str, body: Any) -> Answer:
        try:
            return 200, self.tokens.issue(kind, body, self.clock.now())
        except SobotFault as fault:
            return fault.status, failure(fault)

    async def _call(
        self, path: str, method: str, route: Route, headers: dict[str, str], query: dict[str, str], body: Any
    ) -> Answer:
        try:
            token = self.tokens.check(headers.get("authorization"), route.token, self.clock.now())
            _check_timezone(headers.get("timezoneid"))
            key = _idempotency_key(headers) if route.idempotency_key else None
        except SobotFault as fault:
            return fault.status, failure(fault)
        injected = self.faults.take(path)
        if injected is not None and not injected.after_processing:
            return injected.status, failure(SobotFault(injected.status, "injected failure"))

        async def handle() -> Answer:
            if self.latency:
                await asyncio.sleep(self.latency)
            now = self.clock.now()
            for task in self.tenant.tasks.values():
                self.dialler.advance(task, now)
            try:
                data = route.handler(self.tenant, SimRequest(query, headers, body, now, token))
            except SobotFault as refused:
                return refused.status, failure(refused)
            return 200, success(route, data)

        if key is None:
            answer = await handle()
        else:
            answer = await self.replays.run((self.tenant.app_id, method, path, key), handle)
        if injected is not None:  # the request took effect, but its answer is lost
            return injected.status, failure(SobotFault(injected.status, "injected failure"))
        return answer


def _check_timezone(zone: str | None) -> None:
    if zone is None:
        return
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise bad_request("timezoneid is not a time zone id") from None


def _idempotency_key(headers: dict[str, str]) -> str:
    key = headers.get("idempotency-key", "").strip()
    if not key:
        raise bad_request("Idempotency-Key is required")
    try:
        uuid.UUID(key)
    except ValueError:
        raise bad_request("Idempotency-Key must be a UUID") from None
    return key


def success(route: Route, data: Any) -> dict[str, Any]:
    answer = {
        "apiVersion": API_VERSION,
        "status": "Success",
        "code": 200,
        "message": "Success",
        "reason": "",
        "kind": route.kind,
        "metaData": {},
        "data": data,
    }
    if route.ret_code:
        answer |= {"retMsg": "Success", "retCode": "000000"}
    return answer


def failure(fault: SobotFault) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "apiVersion": API_VERSION,
        "status": "Failure",
        "code": fault.status,
        "message": fault.message,
        "reason": fault.reason,
        "kind": "Status",
        "metaData": {},
        "data": None,
    }
    if fault.ret_code is not None:
        answer |= {"retMsg": fault.message, "retCode": fault.ret_code}
    return answer
