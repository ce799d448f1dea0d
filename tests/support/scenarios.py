"""Neutral client scenarios: the same code drives every vendor, through the public API only.

A scenario reads the account's capabilities and exercises what is declared; callers of these
helpers assert that what is *not* declared answers 501.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

CONTACTS = ["+8613800138000", "+8613900139000", "+8615000150000", "+8618600186000"]
SIM_DAY = "2026-03-02"


class Client:
    """A thin neutral client of Switchboard's REST API."""

    def __init__(self, http: Any, account: str | None = None) -> None:
        self.http = http
        self.headers = {"switchboard-account": account} if account else {}

    async def request(self, method: str, path: str, expect: int, **kwargs: Any) -> Any:
        response: httpx.Response = await self.http.request(method, path, headers=self.headers, **kwargs)
        assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    async def capabilities(self) -> set[str]:
        accounts = await self.request("GET", "/v1/accounts", 200)
        chosen = self.headers.get("switchboard-account")
        account = next(a for a in accounts if a["name"] == chosen or (chosen is None and a["default"]))
        return set(account["capabilities"])

    async def first_id(self, path: str) -> str | None:
        page = await self.request("GET", path, 200)
        return page["items"][0]["id"] if page["items"] else None


async def campaign_slice(client: Client, name: str, advance: Callable[[str, float], Awaitable[None]]) -> dict[str, Any]:
    """Create with contacts, pause, resume, stats, list calls, stop — whatever the account declares.

    `advance(campaign_id, seconds)` lets time pass for the vendor (a simulator clock, or waiting).
    """
    can = await client.capabilities()
    record: dict[str, Any] = {}
    body: dict[str, Any] = {
        "name": name,
        "schedule": {
            "timezone": "Asia/Shanghai",
            "start_date": SIM_DAY,
            "windows": [{"start": "09:00", "end": "12:00"}, {"start": "14:00", "end": "18:00"}],
        },
        "retry": {"max_attempts": 2, "interval_minutes": 30},
        "contacts": [{"phone": phone, "name": f"Customer {i}"} for i, phone in enumerate(CONTACTS)]
        + [{"phone": CONTACTS[0]}],
    }
    if "scripts.list" in can and (script := await client.first_id("/v1/scripts")):
        body["script_id"] = script
    if "caller_ids.list" in can and (line := await client.first_id("/v1/caller-ids")):
        body["caller_ids"] = [line]
    created = await client.request("POST", "/v1/campaigns", 201, json=body)
    campaign = created["campaign"]
    record["created"] = created
    assert campaign["name"] == name
    statuses = [item["status"] for item in created["contacts"]["items"]]
    assert statuses == ["added"] * len(CONTACTS) + ["duplicate"]
    cid = campaign["id"]
    if "campaigns.start" in can:
        assert (await client.request("POST", f"/v1/campaigns/{cid}/start", 200))["status"] == "running"
    if "campaigns.get" in can:
        assert (await client.request("GET", f"/v1/campaigns/{cid}", 200))["id"] == cid
    if "campaigns.pause" in can:
        assert (await client.request("POST", f"/v1/campaigns/{cid}/pause", 200))["status"] == "paused"
    if "campaigns.resume" in can:
        assert (await client.request("POST", f"/v1/campaigns/{cid}/resume", 200))["status"] == "running"
    await advance(cid, dt.timedelta(hours=1).total_seconds())
    if "campaigns.stats" in can:
        stats = await client.request("GET", f"/v1/campaigns/{cid}/stats", 200)
        assert stats["total"] == len(CONTACTS)
        assert stats["completed"] + stats["pending"] + (stats["failed"] or 0) == stats["total"]
        record["stats"] = stats
    if "calls.list" in can:
        calls = await client.request("GET", "/v1/calls", 200, params={"campaign_id": cid, "limit": 2})
        seen = [c["to"] for c in calls["items"]]
        while calls["next_cursor"]:
            calls = await client.request(
                "GET", "/v1/calls", 200, params={"campaign_id": cid, "cursor": calls["next_cursor"]}
            )
            seen += [c["to"] for c in calls["items"]]
        assert seen
        assert set(seen) <= set(CONTACTS)
        record["calls"] = seen
    if "campaigns.stop" in can:
        assert (await client.request("POST", f"/v1/campaigns/{cid}/stop", 200))["status"] == "stopped"
    return record
