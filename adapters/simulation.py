"""Support for vendor simulators: a controllable clock, the ASGI shell they share, and the kit
each vendor package exposes."""

from __future__ import annotations

import json
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, overload

if TYPE_CHECKING:
    from adapters.simulated_callbacks import CallbackSender

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SimClock:
    """Wall-clock time for demo mode; frozen and advanced by hand in tests."""

    def __init__(self, start: float | None = None) -> None:
        self._frozen = start
        self._offset = 0.0

    @classmethod
    def frozen(cls, start: float) -> SimClock:
        return cls(start)

    def now(self) -> float:
        base = self._frozen if self._frozen is not None else time.time()
        return base + self._offset

    def advance(self, seconds: float) -> None:
        self._offset += seconds


class SimulatorKit(Protocol):
    """What a vendor package offers for simulation.

    `create_app` builds a fresh, stateful simulator (an ASGI app). `account_config` is the account
    block (without `vendor`) that points an adapter at a simulator served on `base_url`, with the
    credentials the simulator was seeded with.
    """

    def create_app(self, *, clock: SimClock, demo: bool = False) -> ASGIApp: ...

    def account_config(self, *, base_url: str) -> dict[str, Any]: ...


class JsonSimulatorApp(ABC):
    """The ASGI shell of a vendor simulator: every answer is JSON (UTF-8, as the vendors' Java
    servers write it), request bodies are capped, and under a server the simulator's callbacks,
    if it has any, run on their own from startup to shutdown."""

    max_body_bytes: ClassVar[int] = 16 * 1024 * 1024
    callbacks: CallbackSender | None = None
    callback_interval: float = 1.0

    @abstractmethod
    async def answer(self, scope: Scope, receive: Receive) -> tuple[int, Any]:
        """The HTTP status and JSON body for one request."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        status, answer = await self.answer(scope, receive)
        payload = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        headers = [
            (b"content-type", b"application/json;charset=UTF-8"),
            (b"content-length", str(len(payload)).encode("ascii")),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    async def read_body(self, receive: Receive) -> bytes | None:
        """The whole request body, or None when it exceeds `max_body_bytes`."""
        return await read_body(receive, self.max_body_bytes)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if self.callbacks is not None:
                    self.callbacks.start(self.callback_interval)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.callbacks is not None:
                    await self.callbacks.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return


@overload
async def read_body(receive: Receive) -> bytes: ...


@overload
async def read_body(receive: Receive, max_bytes: int) -> bytes | None: ...


async def read_body(receive: Receive, max_bytes: int | None = None) -> bytes | None:
    """An ASGI request's whole body; None when it exceeds `max_bytes` (then unread beyond)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)
