"""`Idempotency-Key` on every mutating `/v1` request, with the semantics of the best public APIs.

- The first request with a key runs; its answer is stored for `ttl` (default 24 h) under the
  caller and the key.
- The same key with the same request (method, path, query, body) replays the stored answer, marked
  `Idempotency-Replayed: true` — the vendor is not called again.
- The same key with a different request is refused: 422.
- A duplicate arriving while the first is still running waits up to `wait_seconds` for its
  answer, then gets 409.
- Answers that invite a retry (a problem with `retryable: true`: vendor unavailable, timeout,
  rate limit) are not stored, so that a retry with the same key runs again.

Records live in the shared state store, so replicas behind one Service honour one key once.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from adapters.state import StateStore
from contracts.errors import ErrorCode, FieldIssue, GatewayError
from gateway.problems import send_problem
from gateway.runtime import Runtime

HEADER = b"idempotency-key"
_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_KEPT_HEADERS = frozenset({b"content-type", b"location"})
_POLL_SECONDS = 0.05
_MAX_KEY_LENGTH = 255


class _Record(msgspec.Struct, frozen=True):
    fingerprint: str
    done: bool = False
    status: int = 0
    headers: list[tuple[bytes, bytes]] = []
    body: bytes = b""


class IdempotencyLayer:
    def __init__(self, app: Any, runtime: Runtime, *, ttl: float, wait: float) -> None:
        self.app = app
        self.runtime = runtime
        self.ttl = ttl
        self.wait = wait

    @property
    def store(self) -> StateStore:
        return self.runtime.state

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        key = _header(scope, HEADER) if scope["type"] == "http" else None
        if key is None or scope["method"] not in _METHODS or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        if not 0 < len(key) <= _MAX_KEY_LENGTH or not key.isprintable():
            await send_problem(send, scope, _bad_key(f"must be 1 to {_MAX_KEY_LENGTH} printable characters"))
            return
        caller = self._caller(scope)
        if caller is None:  # the app answers 401 itself
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        fingerprint = _fingerprint(scope, body)
        record_key = f"idempotency:{caller}:{hashlib.sha256(key.encode()).hexdigest()}"
        pending = msgspec.msgpack.encode(_Record(fingerprint))
        if await self.store.claim(record_key, pending, self._pending_ttl()):
            await self._run_and_keep(scope, body, send, record_key, fingerprint)
            return
        await self._answer_duplicate(scope, send, record_key, fingerprint)

    def _caller(self, scope: Any) -> str | None:
        scheme, _, token = (_header(scope, b"authorization") or "").partition(" ")
        caller = self.runtime.authenticate(token.strip()) if scheme.lower() == "bearer" else None
        return caller.name if caller is not None else None

    def _pending_ttl(self) -> float:
        # A crashed first request must not block its key forever: the longest an operation can take.
        longest = max((a.spec.timeouts.total for a in self.runtime.accounts.values()), default=30.0)
        return longest * 2 + 30

    async def _run_and_keep(self, scope: Any, body: bytes, send: Any, record_key: str, fingerprint: str) -> None:
        status = 500
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []

        async def keep(message: Any) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k.lower(), v) for k, v in message.get("headers", []) if k.lower() in _KEPT_HEADERS]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, _replay(body), keep)
        finally:
            answer = b"".join(chunks)
            if _final(status, answer):
                done = _Record(fingerprint, True, status, headers, answer)
                await self.store.put(record_key, msgspec.msgpack.encode(done), self.ttl)
                self.runtime.telemetry.metrics.idempotency("stored")
            else:
                await self.store.delete(record_key)

    async def _answer_duplicate(self, scope: Any, send: Any, record_key: str, fingerprint: str) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.wait
        while True:
            raw = await self.store.get(record_key)
            record = msgspec.msgpack.decode(raw, type=_Record) if raw is not None else None
            if record is not None and record.fingerprint != fingerprint:
                self.runtime.telemetry.metrics.idempotency("mismatch")
                await send_problem(send, scope, _bad_key("was already used with a different request"))
                return
            if record is not None and record.done:
                self.runtime.telemetry.metrics.idempotency("replayed")
                headers = [*record.headers, (b"idempotency-replayed", b"true")]
                await send({"type": "http.response.start", "status": record.status, "headers": headers})
                await send({"type": "http.response.body", "body": record.body})
                return
            if record is None or loop.time() >= deadline:
                break
            await asyncio.sleep(_POLL_SECONDS)
        self.runtime.telemetry.metrics.idempotency("conflict")
        detail = (
            "the first request with this Idempotency-Key failed in a way worth retrying; retry it"
            if record is None
            else "a request with this Idempotency-Key is still being processed; retry later"
        )
        await send_problem(send, scope, GatewayError(ErrorCode.CONFLICT, detail, retryable=True, retry_after=1))


def _final(status: int, body: bytes) -> bool:
    """Worth replaying: anything but an answer that asks for a retry."""
    if status < 400:
        return True
    try:
        problem = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return status < 500
    return not (isinstance(problem, dict) and problem.get("retryable") is True)


def _header(scope: Any, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _fingerprint(scope: Any, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (scope["method"].encode(), scope["path"].encode(), scope.get("query_string", b""), body):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


async def _read_body(receive: Callable[[], Awaitable[Any]]) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Callable[[], Awaitable[Any]]:
    sent = False

    async def receive() -> Any:
        nonlocal sent
        if sent:
            await asyncio.Event().wait()  # the app must not read past the body: wait like a server would
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _bad_key(reason: str) -> GatewayError:
    issue = FieldIssue(reason=reason, parameter="Idempotency-Key")
    return GatewayError(ErrorCode.INVALID_REQUEST, f"Idempotency-Key {reason}", errors=[issue])
