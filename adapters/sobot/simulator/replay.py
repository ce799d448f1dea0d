"""Idempotency-Key replay: the same key answers the first result, even while it is being made.

The document says only "UUID, idempotency" (lines 1134, 1210). Modelled the way idempotency keys
usually work: a key is scoped to the company and the interface; a successful answer is kept and
returned again for the same key, whatever the body; a request arriving while the first one with its
key is still running waits for that one's answer instead of running again. Failures are not kept,
so a corrected retry can succeed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

Answer = tuple[int, dict[str, Any]]
Key = tuple[str, ...]


class Replays:
    def __init__(self) -> None:
        self._kept: dict[Key, Answer] = {}
        self._running: dict[Key, asyncio.Future[Answer]] = {}
        self.replayed = 0

    async def run(self, key: Key, compute: Callable[[], Awaitable[Answer]]) -> Answer:
        if key in self._kept:
            self.replayed += 1
            return self._kept[key]
        if key in self._running:
            self.replayed += 1
            return await asyncio.shield(self._running[key])
        running: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._running[key] = running
        try:
            answer = await compute()
        except BaseException as exc:
            running.set_exception(exc)
            running.exception()  # retrieved: waiters re-raise it, nobody else needs to
            raise
        finally:
            del self._running[key]
        if answer[0] == 200:
            self._kept[key] = answer
        running.set_result(answer)
        return answer
