"""The fault script over HTTP (`GET|POST|DELETE /_faults`, adapters/faults.py), as demo operators use it."""

from __future__ import annotations

from typing import Any

import httpx

from adapters.faults import CONTROL_PATH, FaultInjector


async def _vendor(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"fine"})


async def test_a_posted_script_applies_and_delete_clears_it() -> None:
    injector = FaultInjector(_vendor, control=True)  # as demo mode mounts it
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=injector), base_url="http://sim") as client:
        posted = await client.post(CONTROL_PATH, content=b'[{"kind": "status", "status": 503, "times": 1}]')
        assert posted.status_code == 200
        assert [fault["status"] for fault in posted.json()["script"]] == [503]
        assert (await client.get("/anything")).status_code == 503
        assert (await client.get("/anything")).status_code == 200  # `times` used up
        assert (await client.delete(CONTROL_PATH)).json()["script"] == []
        assert (await client.get(CONTROL_PATH)).json()["script"] == []


async def test_a_script_that_is_not_faults_is_refused() -> None:
    injector = FaultInjector(_vendor, control=True)  # as demo mode mounts it
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=injector), base_url="http://sim") as client:
        refused = await client.post(CONTROL_PATH, content=b'[{"kind": "meteor"}]')
        assert refused.status_code == 400
        assert "error" in refused.json()
        assert injector.script == []
