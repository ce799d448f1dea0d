"""How the ASGI server was chosen: the same gateway under each candidate, measured side by side.

    python -m bench.servers       # needs `pip install granian` for the third candidate

For each server: latency at one connection and CPU time per request (the whole process tree) for
a request that stays in the gateway (`GET /v1/accounts`) and one that reaches a vendor simulator
(FlashAI `GET /v1/campaigns/{id}`). The verdict and the figures are in bench/README.md.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import yaml

from adapters.http import production_transport
from adapters.registry import AdapterRegistry
from bench import processes
from bench.measure import Latencies, sequential
from gateway.serving import bind, run

KEY = "servers-key"
CANDIDATES = {
    "uvicorn + uvloop + httptools (switchboard serve)": ["{python}", "-m", "gateway.cli", "serve", "--port", "{port}"],
    "uvicorn + asyncio + h11": [
        "{python}", "-m", "uvicorn", "--factory", "gateway.asgi:app_from_env", "--port", "{port}",
        "--loop", "asyncio", "--http", "h11", "--log-level", "warning", "--no-access-log",
    ],
    "granian (Rust HTTP, uvloop)": [
        "{granian}", "--interface", "asgi", "--factory", "gateway.asgi:app_from_env", "--port", "{port}",
        "--loop", "uvloop", "--workers", "1", "--log-level", "warning",
    ],
}  # fmt: skip


def tree_cpu(pid: int) -> float:
    """CPU seconds of `pid` and its children (granian serves from a child process)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / processes.CLOCK_TICKS
    return total


async def measure(url: str, pid: int, path: str, n: int) -> tuple[Latencies, float]:
    async with httpx.AsyncClient(
        base_url=url, headers={"authorization": f"Bearer {KEY}"}, transport=production_transport()
    ) as client:

        async def one() -> None:
            (await client.get(path)).raise_for_status()

        await sequential(one, 50)
        latencies = await sequential(one, n)
        before = tree_cpu(pid)
        await asyncio.gather(*(sequential(one, n // 4) for _ in range(4)))
        return latencies, (tree_cpu(pid) - before) / n * 1e6


async def campaign_path(url: str) -> str:
    async with httpx.AsyncClient(base_url=url, headers={"authorization": f"Bearer {KEY}"}) as client:
        script = (await client.get("/v1/scripts")).json()["items"][0]["id"]
        body = {"name": f"servers-{time.time_ns()}", "script_id": script, "contacts": [{"phone": "+8613800138000"}]}
        created = (await client.post("/v1/campaigns", json=body)).json()
        return f"/v1/campaigns/{created['campaign']['id']}"


def main() -> None:
    kit = AdapterRegistry.from_entry_points().get("flashai").simulator()
    assert kit is not None
    rows = []
    with processes.simulators() as urls, tempfile.TemporaryDirectory() as scratch:
        config = {
            "accounts": {"fa": {"vendor": "flashai", **kit.account_config(base_url=urls["flashai"])}},
            "callers": {
                "c": {
                    "key_sha256": [hashlib.sha256(KEY.encode()).hexdigest()],
                    "accounts": ["fa"],
                    "default_account": "fa",
                    "scopes": ["read", "write", "dial"],
                }
            },
        }
        path = Path(scratch) / "switchboard.yaml"
        path.write_text(yaml.safe_dump(config))
        for name, template in CANDIDATES.items():
            granian = shutil.which("granian", path=os.path.dirname(sys.executable))
            if "{granian}" in template and granian is None:
                rows.append(f"| {name} | not installed | | | |")
                continue
            with bind("127.0.0.1", 0) as probe:
                port = probe.getsockname()[1]
            command = [part.format(python=sys.executable, granian=granian, port=port) for part in template]
            env = os.environ | {"SWITCHBOARD_CONFIG": str(path), "SWITCHBOARD_LOG_LEVEL": "WARNING"}
            server = subprocess.Popen(  # noqa: S603 - fixed commands of this file
                [*command, "--config", str(path)] if "serve" in command else command,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                url = f"http://127.0.0.1:{port}"
                processes.wait_ready(url)
                campaign = run(campaign_path(url))
                local, local_cpu = run(measure(url, server.pid, "/v1/accounts", 800))
                vendor, vendor_cpu = run(measure(url, server.pid, campaign, 800))
                rows.append(
                    f"| {name} | {local.quantile(0.5) * 1000:.2f} | {local_cpu:.0f} | "
                    f"{vendor.quantile(0.5) * 1000:.2f} | {vendor_cpu:.0f} |"
                )
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(30)
    print("| server | /v1/accounts p50 ms | µs CPU/req | vendor read p50 ms | µs CPU/req |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
