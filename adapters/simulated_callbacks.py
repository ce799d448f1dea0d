"""What every simulated vendor's outgoing callbacks share: a queue of JSON POSTs due on the
simulator's clock, the vendor's retry schedule, and a loop that sends them under a server.

A vendor's subclass says what there is to report (`collect`, which calls `enqueue`), when an
answer counts as received (`received`), and its `retry_delays`. Tests move the clock and call
`pump()`; under a server (demo mode) `start` pumps every `interval` seconds, with the retry
delays multiplied by `retry_scale`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

import httpx

from adapters.simulation import SimClock

log = logging.getLogger(__name__)


@dataclass
class Outgoing:
    kind: str  # the vendor's name for what is reported, e.g. "result"
    url: str
    payload: bytes
    due: float
    attempts: int = 0


@dataclass(frozen=True)
class Attempted:
    """One POST attempt, as the vendor saw it (for tests and demos)."""

    kind: str
    url: str
    attempt: int
    at: float
    status: int | None  # None: the connection failed
    received: bool  # whether the vendor counts the answer as receipt
    payload: Any


@dataclass(kw_only=True)
class CallbackSender(ABC):
    clock: SimClock
    retry_scale: float = 1.0
    timeout: float = 5.0
    transport: httpx.AsyncBaseTransport | None = None  # tests route callbacks in-process
    queue: list[Outgoing] = field(default_factory=list)
    sent: list[Attempted] = field(default_factory=list)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _task: asyncio.Task[None] | None = None

    name: ClassVar[str]  # for logs and the task name
    content_type: ClassVar[str] = "application/json"
    retry_delays: ClassVar[tuple[float, ...]]  # before attempt 1, 2, ...; then the report is dropped

    @abstractmethod
    def collect(self, now: float) -> None:
        """Enqueue whatever became reportable up to `now`."""

    @abstractmethod
    def received(self, status: int, body: bytes) -> bool:
        """Whether the vendor treats this HTTP answer as delivery (no retry)."""

    def enqueue(self, kind: str, url: str, payload: Any, now: float) -> None:
        self.queue.append(Outgoing(kind, url, json.dumps(payload, ensure_ascii=False).encode("utf-8"), now))

    async def pump(self) -> int:
        """Send what is due at the clock's now; the number of POSTs made."""
        async with self._lock:
            now = self.clock.now()
            self.collect(now)
            due = [item for item in self.queue if item.due <= now]
            if not due:
                return 0
            async with httpx.AsyncClient(transport=self.transport, timeout=self.timeout, trust_env=False) as client:
                for item in due:
                    await self._post(client, item, now)
            return len(due)

    async def _post(self, client: httpx.AsyncClient, item: Outgoing, now: float) -> None:
        item.attempts += 1
        status, received = None, False
        try:
            response = await client.post(item.url, content=item.payload, headers={"content-type": self.content_type})
            status = response.status_code
            received = self.received(status, response.content)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            log.debug("%s simulator: %s callback to %s failed: %s", self.name, item.kind, item.url, type(exc).__name__)
        self.sent.append(Attempted(item.kind, item.url, item.attempts, now, status, received, json.loads(item.payload)))
        if not received and item.attempts < len(self.retry_delays):
            item.due = now + self.retry_delays[item.attempts] * self.retry_scale
        else:
            self.queue.remove(item)  # received, or out of attempts: dropped

    def start(self, interval: float) -> None:
        self._task = asyncio.create_task(self._run(interval), name=f"{self.name}-simulator-callbacks")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self, interval: float) -> None:
        while True:
            try:
                await self.pump()
            except Exception:  # a simulator must not die of one bad round
                log.exception("%s simulator: callback round failed", self.name)
            await asyncio.sleep(interval)
