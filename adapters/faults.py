"""Fault injection for vendor simulators: scripted latency, 5xx bursts, 429s, resets, bad bodies.

`FaultInjector` wraps any simulator's ASGI app. Tests call `load()`/`clear()` directly; demo mode
also exposes the script over HTTP on the simulator (`GET|POST|DELETE /_faults`), so an operator
can break a vendor on purpose and watch the gateway's retries, breakers and dashboards react:

    curl -X POST http://127.0.0.1:<sim>/_faults -d '[{"kind": "status", "status": 503, "times": 20}]'

Each fault applies to requests whose path contains `match` (all when empty), with `probability`,
for `times` requests (-1: until cleared); each applicable fault rolls its probability in script
order and the first that hits is applied.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import httpx
import msgspec

from adapters.simulation import read_body

FaultKind = Literal["latency", "status", "reset", "truncate", "malformed", "hang", "lost_answer"]
CONTROL_PATH = "/_faults"


class Fault(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """`latency`/`hang`: wait `seconds`, then answer normally. `status`: answer `status` (with
    `retry_after`). `reset`: drop the connection before answering. `truncate`: answer half the real
    body. `malformed`: answer a non-JSON body. `lost_answer`: do the work, then drop the connection
    — the vendor changed state but the caller never hears of it."""

    kind: FaultKind
    times: int = 1
    probability: float = 1.0
    match: str = ""
    seconds: float = 0.0
    status: int = 503
    retry_after: int | None = None


class FaultInjector:
    def __init__(self, app: Any, *, control: bool = False, seed: int = 7) -> None:
        self.app = app
        self.control = control
        self.script: list[Fault] = []
        self.injected: dict[str, int] = {}
        self._random = random.Random(seed)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)  # the simulator's own state, clock... stay reachable

    def load(self, faults: list[Fault]) -> None:
        self.script = list(faults)

    def clear(self) -> None:
        self.script = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.control and scope["path"] == CONTROL_PATH:
            await self._control(scope, receive, send)
            return
        fault = self._pick(scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        self.injected[fault.kind] = self.injected.get(fault.kind, 0) + 1
        await self._apply(fault, scope, receive, send)

    def _pick(self, path: str) -> Fault | None:
        for fault in self.script:
            if fault.times == 0 or fault.match not in path or self._random.random() >= fault.probability:
                continue
            if fault.times > 0:
                fault.times -= 1
            return fault
        return None

    async def _apply(self, fault: Fault, scope: Any, receive: Any, send: Any) -> None:
        if fault.kind in ("latency", "hang"):
            await asyncio.sleep(fault.seconds)
            await self.app(scope, receive, send)
        elif fault.kind == "status":
            headers = [(b"content-type", b"text/plain")]
            if fault.retry_after is not None:
                headers.append((b"retry-after", str(fault.retry_after).encode()))
            await send({"type": "http.response.start", "status": fault.status, "headers": headers})
            await send({"type": "http.response.body", "body": b"injected fault"})
        elif fault.kind == "reset":
            raise httpx.RemoteProtocolError("connection reset (injected fault)")
        elif fault.kind == "malformed":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
            await send({"type": "http.response.body", "body": b"<html><body>502 Bad Gateway</body></html>"})
        else:
            status, headers, body = await _captured(self.app, scope, receive)
            if fault.kind == "lost_answer":
                raise httpx.RemoteProtocolError("connection lost after the vendor acted (injected fault)")
            cut = body[: len(body) // 2]
            kept = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            await send({"type": "http.response.start", "status": status, "headers": kept})
            await send({"type": "http.response.body", "body": cut})

    async def _control(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["method"] == "POST":
            body = await read_body(receive)
            try:
                self.load(msgspec.json.decode(body, type=list[Fault]))
            except msgspec.DecodeError as exc:
                await _json(send, 400, {"error": str(exc)})
                return
        elif scope["method"] == "DELETE":
            self.clear()
        await _json(send, 200, {"script": self.script, "injected": self.injected})


async def _captured(app: Any, scope: Any, receive: Any) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    status, headers, chunks = 500, [], []

    async def keep(message: Any) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    return status, headers, b"".join(chunks)


async def _json(send: Callable[[Any], Awaitable[None]], status: int, value: Any) -> None:
    body = msgspec.json.encode(value)
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})
