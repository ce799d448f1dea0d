"""The performance benchmark: direct to each vendor simulator versus through the gateway, one run.

    python -m bench.run            # the full run (about two minutes); prints one table
    python -m bench.run --smoke    # a few requests per cell; CI runs it to keep the script working

Simulators (`bench.simulators`) and the gateway (`switchboard serve`, one worker, tracing and
metrics on) run as separate processes on loopback; this process drives the load. For a read and a
write per vendor it measures, side by side: latency at one connection (sequential requests), the
99th percentile at a fixed request rate, the gateway's own overhead (its overhead histogram:
time in the gateway minus time waiting on the vendor), its throughput and CPU time per request
under a closed loop, errors, and the gateway's peak RSS. "Direct" requests are the same vendor
calls made by the same adapter code from this process, so the difference is what putting the
gateway in the path costs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import yaml

from adapters.http import production_transport
from adapters.registry import AdapterRegistry
from bench import processes
from bench.measure import Cell, closed_loop, fixed_rate, machine_speed_us, overhead_quantiles, sequential
from bench.report import render
from contracts.adapter import AccountSpec
from contracts.contacts import Contact
from contracts.context import OperationContext
from contracts.ids import ResourceKind
from contracts.paging import PageRequest
from gateway import serving
from gateway.config import GatewayConfig, parse_config
from gateway.demo import demo_config, simulator_kits
from gateway.ids import decode_id

KEY = "bench-key"
# Huawei refuses call-data imports into one campaign less than a second apart (0200022).
HUAWEI_IMPORT_PACE = 1.05
Call = Callable[[], Awaitable[None]]


class Operation:
    """One neutral operation, through the gateway and direct. `pace` seconds between requests
    where the vendor itself forbids faster calls (Huawei: one import per campaign per second)."""

    def __init__(self, route: str, via_gateway: Call, direct: Call, pace: float = 0.0) -> None:
        self.route = route
        self.via_gateway = via_gateway
        self.direct = direct
        self.pace = pace


class Plan:
    """One vendor's read and write."""

    def __init__(self, vendor: str, account: str, adapter: Any) -> None:
        self.vendor = vendor
        self.account = account
        self.adapter = adapter  # the direct path's own adapter instance
        self.operations: dict[str, Operation] = {}


async def prepare(vendor: str, account: str, spec: AccountSpec, gateway: httpx.AsyncClient) -> Plan:
    """Create what the operations need (a campaign to read and to add contacts to) via the API."""
    # The operation methods exist only where declared (contracts.adapter describes them).
    adapter: Any = AdapterRegistry.from_entry_points().get(vendor)(spec)
    plan = Plan(vendor, account, adapter)
    headers = {"switchboard-account": account}
    info = (await gateway.get(f"/v1/accounts/{account}")).json()
    can = set(info["capabilities"])
    body: dict[str, Any] = {"name": f"bench-{vendor}-{int(time.time())}", "contacts": [{"phone": phones.next()}]}
    if "queues.list" in can and vendor == "flashai":
        # FlashAI adds contacts to agent batches only (addAgentPlan).
        queues = (await gateway.get("/v1/queues", headers=headers)).json()["items"]
        body["queue_id"] = queues[0]["id"]
    else:
        for capability, path, field in (
            ("scripts.list", "/v1/scripts", "script_id"),
            ("caller_ids.list", "/v1/caller-ids", "caller_ids"),
        ):
            if capability in can:
                first = (await gateway.get(path, headers=headers)).json()["items"][0]["id"]
                body[field] = [first] if field == "caller_ids" else first
    created = await gateway.post("/v1/campaigns", json=body, headers=headers)
    created.raise_for_status()
    campaign = created.json()["campaign"]["id"]
    native = decode_id(ResourceKind.CAMPAIGN, campaign)[1]
    ctx = OperationContext(account=account, request_id="bench")

    async def expect(response: Awaitable[httpx.Response]) -> None:
        answer = await response
        if answer.status_code >= 400:
            raise RuntimeError(f"{answer.status_code} {answer.text[:200]}")

    if "campaigns.list" in can:
        plan.operations["read"] = Operation(
            "/v1/campaigns",
            lambda: expect(gateway.get("/v1/campaigns", params={"limit": 20}, headers=headers)),
            lambda: _ignore(adapter.list_campaigns(ctx, page=PageRequest(limit=20))),
        )
    else:
        plan.operations["read"] = Operation(
            "/v1/campaigns/{campaign_id}",
            lambda: expect(gateway.get(f"/v1/campaigns/{campaign}", headers=headers)),
            lambda: _ignore(adapter.get_campaign(ctx, campaign_id=native)),
        )
    if "campaigns.contacts.add" in can:
        plan.operations["write"] = Operation(
            "/v1/campaigns/{campaign_id}/contacts",
            lambda: expect(
                gateway.post(
                    f"/v1/campaigns/{campaign}/contacts", json={"contacts": [{"phone": phones.next()}]}, headers=headers
                )
            ),
            lambda: _ignore(
                adapter.add_campaign_contacts(ctx, campaign_id=native, contacts=[Contact(phone=phones.next())])
            ),
            pace=HUAWEI_IMPORT_PACE if vendor == "huawei_cec" else 0.0,
        )
    return plan


async def _ignore(result: Awaitable[Any]) -> None:
    await result


class _Phones:
    """Valid, distinct Chinese mobile numbers (every contact added must be new to its campaign)."""

    def __init__(self) -> None:
        self._n = int(time.time()) % 10_000_000

    def next(self) -> str:
        self._n += 1
        return f"+86139{self._n % 100_000_000:08d}"


phones = _Phones()


async def measure(plan: Plan, gateway_pid: int, metrics: httpx.AsyncClient, smoke: bool) -> list[Cell]:
    cells = []
    for name, operation in plan.operations.items():
        n, rate, seconds, connections = (8, 10.0, 1.0, 2) if smoke else (200, 200.0, 5.0, 8)
        cell = Cell(plan.vendor, name)
        if operation.pace:
            # Only sequential requests, at the vendor's pace: no rate or saturation to measure.
            n = 3 if smoke else 10
            before = (await metrics.get("/metrics")).text
            cell.direct_one = await sequential(operation.direct, n, pace=operation.pace)
            cell.gateway_one = await sequential(operation.via_gateway, n, pace=operation.pace)
            cell.overhead = overhead_quantiles(before, (await metrics.get("/metrics")).text, operation.route)
            cell.note = f"vendor allows one request per {operation.pace:g} s"
            cells.append(cell)
            continue
        await sequential(operation.via_gateway, 3)  # warm both paths: connections, tokens, caches
        await sequential(operation.direct, 3)
        cell.direct_one = await sequential(operation.direct, n)
        before = (await metrics.get("/metrics")).text
        cell.gateway_one = await sequential(operation.via_gateway, n)
        cell.direct_rate = await fixed_rate(operation.direct, rate, seconds)
        cell.gateway_rate = await fixed_rate(operation.via_gateway, rate, seconds)
        after = (await metrics.get("/metrics")).text
        cell.overhead = overhead_quantiles(before, after, operation.route)
        cell.loop = await closed_loop(operation.via_gateway, connections, seconds, gateway_pid)
        cells.append(cell)
    return cells


def bench_config(urls: dict[str, str], scratch: Path) -> tuple[Path, GatewayConfig]:
    """Demo mode's accounts for the simulators at `urls`, minus pacing meant for real vendors;
    written to a file in `scratch` for the gateway process, and parsed for this one."""
    kits = simulator_kits(AdapterRegistry.from_entry_points())
    raw = demo_config({vendor: kits[vendor] for vendor in urls}, urls, KEY)
    for account in raw["accounts"].values():
        _merge(account.setdefault("options", {}), _fast_options(account["vendor"]))
    path = scratch / "switchboard.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path, parse_config(raw, os.environ)


def gateway_client(url: str) -> httpx.AsyncClient:
    """An API client of the gateway at `url`, on the transport the gateway itself uses."""
    return httpx.AsyncClient(
        base_url=url, headers={"authorization": f"Bearer {KEY}"}, timeout=30, transport=production_transport()
    )


async def run(smoke: bool) -> int:
    speed_before = machine_speed_us()
    with tempfile.TemporaryDirectory() as scratch, processes.simulators() as urls, processes.otlp_sink() as traces:
        config_path, config = bench_config(urls, Path(scratch))
        # Tracing on: every span recorded and exported over OTLP (to a receiver that discards them).
        with processes.gateway(config_path, {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": traces}) as (url, pid):
            async with gateway_client(url) as gateway, httpx.AsyncClient(base_url=url, timeout=30) as metrics:
                cells: list[Cell] = []
                for name, spec in config.accounts.items():
                    plan = await prepare(spec.vendor, name, spec, gateway)
                    try:
                        cells += await measure(plan, pid, metrics, smoke)
                    finally:
                        await plan.adapter.aclose()
                rss = processes.peak_rss_mb(pid)
    print(render(cells, rss_mb=rss, speed_us=(speed_before, machine_speed_us()), smoke=smoke))
    return 1 if any(cell.errors for cell in cells) else 0


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _fast_options(vendor: str) -> dict[str, Any]:
    """Vendor pacing that exists to spare real vendors would only measure the pause here."""
    if vendor == "huawei_cec":
        return {"campaigns": {"contacts_batch_interval_seconds": 0.0}}
    if vendor == "sobot":
        return {"import_result_wait": 0.5}
    return {}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="a few requests per cell, to check the script works")
    args = parser.parse_args()
    started = time.monotonic()
    status = serving.run(run(args.smoke))
    print(f"(benchmark took {time.monotonic() - started:.0f} s; python {sys.version.split()[0]})")
    return status


if __name__ == "__main__":
    sys.exit(main())
