"""Chaos: a bounded load of neutral requests against each simulated vendor while faults rain down.

Clients retry with Idempotency-Keys the way a careful integration would. Afterwards: no 500s;
every answer is a success or a mapped problem; every logical create exists exactly once at the
vendor with its contacts imported once; the circuit opened during the outage and closed after.
"""

from __future__ import annotations

import asyncio
import collections
import random
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from adapters.faults import Fault
from tests.support.simulated import Simulated, account_name, simulated_gateway, simulated_vendors

# Within every simulated vendor's campaign limit (Huawei: 20 IVR campaigns per tenant).
LOGICAL_CREATES = 12
READS_PER_CREATE = 8
CONCURRENCY = 8
CONTACTS = ["+8613800138000", "+8613900139000", "+8615000150000"]
SETTINGS = {
    "timeouts": {"connect": 0.3, "read": 0.3, "total": 1.5},
    "retries": {"max_attempts": 3, "base_delay": 0.01, "max_delay": 0.05},
    "circuit": {"failure_threshold": 5, "open_seconds": 0.3},
}
WEATHER = [
    Fault(kind="latency", seconds=0.05, probability=0.1, times=-1),
    Fault(kind="status", status=503, probability=0.06, times=-1),
    Fault(kind="status", status=429, retry_after=1, probability=0.04, times=-1),
    Fault(kind="reset", probability=0.04, times=-1),
    Fault(kind="truncate", probability=0.03, times=-1),
    Fault(kind="malformed", probability=0.03, times=-1),
    Fault(kind="lost_answer", probability=0.04, times=-1),
    Fault(kind="hang", seconds=0.6, probability=0.02, times=-1),
]
MAPPED = {200, 201, 204, 400, 404, 409, 422, 429, 501, 502, 503, 504}


class Tally:
    def __init__(self) -> None:
        self.statuses: collections.Counter[int] = collections.Counter()
        self.attempts = 0
        self.creates: dict[str, tuple[int, dict[str, Any]]] = {}


async def careful(sim: Simulated, tally: Tally, method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
    """One logical request: retried while the answer says so, with the same Idempotency-Key."""
    status, body = 0, None
    for attempt in range(8):
        tally.attempts += 1
        response = await sim.client.request(method, path, **kwargs)
        status = response.status_code
        tally.statuses[status] += 1
        assert status in MAPPED, (path, status, response.text)
        body = response.json() if response.content else None
        if status >= 400:
            assert response.headers["content-type"].startswith("application/problem+json"), response.text
            assert body["code"] != "internal", body
        if status < 400 or not (body and body.get("retryable")):
            return status, body
        await asyncio.sleep(min(float(response.headers.get("retry-after", 0)), 0.1) + 0.01 * 2**attempt)
    return status, body


async def one_create(sim: Simulated, tally: Tally, number: int, catalog: dict[str, Any]) -> None:
    name = f"chaos-{number:03d}"
    body: dict[str, Any] = {"name": name, "contacts": [{"phone": phone} for phone in CONTACTS]} | catalog
    status, answer = await careful(sim, tally, "POST", "/v1/campaigns", json=body, headers={"idempotency-key": name})
    tally.creates[name] = (status, answer)
    if status == 201:
        for _ in range(READS_PER_CREATE):
            await careful(sim, tally, "GET", f"/v1/campaigns/{answer['campaign']['id']}")


async def run_load(sim: Simulated, tally: Tally, numbers: range, catalog: dict[str, Any]) -> None:
    queue = list(numbers)
    random.Random(1).shuffle(queue)

    async def worker() -> None:
        while queue:
            await one_create(sim, tally, queue.pop(), catalog)

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


async def first_of_catalogues(sim: Simulated) -> dict[str, Any]:
    """A script and a caller id where the vendor has them (some vendors require them)."""
    catalog: dict[str, Any] = {}
    scripts = (await sim.client.get("/v1/scripts")).json()
    if scripts.get("items"):
        catalog["script_id"] = scripts["items"][0]["id"]
    lines = (await sim.client.get("/v1/caller-ids")).json()
    if lines.get("items"):
        catalog["caller_ids"] = [lines["items"][0]["id"]]
    return catalog


def circuit_metrics(text: str, account: str) -> tuple[float, float]:
    opened, state = 0.0, -1.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.labels.get("account") != account:
                continue
            if sample.name == "switchboard_vendor_circuit_transitions_total" and sample.labels["state"] == "open":
                opened = sample.value
            if sample.name == "switchboard_vendor_circuit_state":
                state = sample.value
    return opened, state


@pytest.mark.parametrize("vendor", simulated_vendors())
async def test_chaos(vendor: str) -> None:
    tally = Tally()
    async with simulated_gateway([vendor], account_settings=SETTINGS) as sim:
        faults = sim.faults[vendor]
        catalog = await first_of_catalogues(sim)

        faults.load(WEATHER)
        await run_load(sim, tally, range(LOGICAL_CREATES), catalog)

        faults.load([Fault(kind="status", status=503, times=-1)])  # an outage
        await run_load(sim, tally, range(LOGICAL_CREATES, LOGICAL_CREATES + 3), catalog)

        faults.clear()  # recovery
        await asyncio.sleep(0.4)
        await run_load(sim, tally, range(LOGICAL_CREATES + 3, LOGICAL_CREATES + 6), catalog)
        opened, state = circuit_metrics((await sim.client.get("/metrics")).text, account_name(vendor))

        created_once = 0
        for name, (status, answer) in tally.creates.items():
            if status != 201:
                continue
            items = answer["contacts"]["items"]
            assert sorted(item["index"] for item in items) == [0, 1, 2], name
            campaign = answer["campaign"]["id"]
            stats = (await sim.client.get(f"/v1/campaigns/{campaign}/stats")).json()
            assert stats["total"] == sum(item["status"] == "added" for item in items), (name, stats, items)
            created_once += 1
        if "campaigns.list" in (await sim.client.get(f"/v1/accounts/{account_name(vendor)}")).json()["capabilities"]:
            names: collections.Counter[str] = collections.Counter()
            cursor = None
            while True:
                page = (
                    await sim.client.get(
                        "/v1/campaigns", params={"limit": 200} | ({"cursor": cursor} if cursor else {})
                    )
                ).json()
                names.update(c["name"] for c in page["items"])
                cursor = page["next_cursor"]
                if cursor is None:
                    break
            duplicated = {name: count for name, count in names.items() if name.startswith("chaos-") and count > 1}
            assert not duplicated, duplicated
            for name, (status, _answer) in tally.creates.items():
                if status == 201:
                    assert names[name] == 1, name
                if status == 409 and names[name] == 1:
                    # The first attempt created it but its answer was lost; the retry was told the
                    # name is taken. It exists once, and the caller knows.
                    created_once += 1

    print(
        f"\nchaos[{vendor}]: {len(tally.creates)} logical creates, {tally.attempts} HTTP requests, "
        f"answers {dict(sorted(tally.statuses.items()))}, faults injected {dict(sorted(faults.injected.items()))}, "
        f"created once {created_once}, circuit opened {opened:.0f}x, final circuit state {state:.0f}"
    )
    assert tally.statuses[500] == 0
    assert all(status in MAPPED for status, _ in tally.creates.values())
    assert opened >= 1
    assert state == 0
    assert created_once >= LOGICAL_CREATES // 2
