"""Two replicas on one real Redis: a callback stored once whichever replica the vendor reached (and
however often), one webhook delivery per event although both replicas' workers poll, and one feed."""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

from tests.events.support import WEBHOOK_SECRET, Subscriber, callback_path, event_gateway, running
from tests.events.test_flashai_callbacks import SDK_BATCH, SDK_RESULT
from tests.events.test_receiver import FLASHAI, HUAWEI, HUAWEI_RESULTS, flashai_payload
from tests.support.redis_server import redis_server


def on_redis(url: str) -> Any:
    def adjust(raw: dict[str, Any]) -> None:
        raw["state"] = {"redis_url": url}
        raw["events"]["outbox"] = {"backend": "auto"}  # Redis, because state.redis_url is set

    return adjust


async def test_replicas_store_once_and_deliver_once(tmp_path: Path) -> None:
    with redis_server() as url:
        async with running(Subscriber()) as subscriber, AsyncExitStack() as stack:
            hooks = [{"url": subscriber.url, "secret": WEBHOOK_SECRET}]
            replicas = [
                await stack.enter_async_context(
                    event_gateway(tmp_path / f"unused-{n}.sqlite3", webhooks=hooks, adjust=on_redis(url))
                )
                for n in range(2)
            ]
            reports = [
                (FLASHAI, flashai_payload(SDK_RESULT)),
                (FLASHAI, flashai_payload(SDK_BATCH)),
                (HUAWEI, json.dumps(HUAWEI_RESULTS).encode()),
            ]
            # Every report reaches both replicas (a vendor's retry landing elsewhere), concurrently.
            answers = await asyncio.gather(
                *(gw.client.post(callback_path(account), content=body) for account, body in reports for gw in replicas)
            )
            await subscriber.wait_for(3)
            await asyncio.sleep(1.0)  # both workers keep polling: nothing more may arrive
            feeds = [await gw.feed() for gw in replicas]
    assert [a.status_code for a in answers] == [200] * 6
    assert feeds[0] == feeds[1]
    assert len(feeds[0]) == 3
    delivered = subscriber.verified()
    assert sorted(e["id"] for e in delivered) == sorted(e["id"] for e in feeds[0])  # each exactly once
    assert not await asyncio.to_thread(lambda: list(tmp_path.glob("unused-*")))  # no SQLite file was made
