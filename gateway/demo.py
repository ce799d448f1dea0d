"""Demo mode: every vendor simulator on loopback, and the gateway configured to use them.

No credentials needed. The configuration is built in code and validated by the same loader as a
real one, with one account per vendor that ships a simulator and one caller allowed to use them.
"""

from __future__ import annotations

import hashlib
import secrets
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from adapters.faults import FaultInjector
from adapters.registry import AdapterRegistry
from adapters.simulation import SimClock, SimulatorKit
from gateway.app import create_app
from gateway.config import parse_config
from gateway.runtime import Runtime
from gateway.serving import ServerGroup, bind, url_of

DEMO_KEY_ENV = "SWITCHBOARD_DEMO_KEY"
DEMO_CALLER = "demo"


def demo_config(kits: Mapping[str, SimulatorKit], base_urls: Mapping[str, str], api_key: str) -> dict[str, Any]:
    """The built-in configuration: a `<vendor>-demo` account per simulator, one caller for all."""
    accounts = {
        f"{vendor.replace('_', '-')}-demo": {"vendor": vendor, **kit.account_config(base_url=base_urls[vendor])}
        for vendor, kit in kits.items()
    }
    names = sorted(accounts)
    return {
        "accounts": accounts,
        "callers": {
            DEMO_CALLER: {
                "key_sha256": [hashlib.sha256(api_key.encode()).hexdigest()],
                "accounts": names,
                "default_account": names[0],
                "scopes": ["read", "write", "dial"],
            }
        },
    }


def simulator_kits(registry: AdapterRegistry) -> dict[str, SimulatorKit]:
    return {vendor: kit for vendor, adapter in registry.available().items() if (kit := adapter.simulator())}


async def run_demo(
    host: str, port: int, env: Mapping[str, str], out: TextIO = sys.stdout, registry: AdapterRegistry | None = None
) -> None:
    registry = registry or AdapterRegistry.from_entry_points()
    kits = simulator_kits(registry)
    if not kits:
        raise SystemExit("no installed adapter ships a simulator")
    api_key = env.get(DEMO_KEY_ENV) or "sb_demo_" + secrets.token_urlsafe(18)
    sockets = {vendor: bind("127.0.0.1", 0) for vendor in kits}
    config = parse_config(demo_config(kits, {v: url_of(s) for v, s in sockets.items()}, api_key), env)
    gateway_socket = bind(host, port)
    group = ServerGroup()
    app = create_app(config, registry=registry)
    runtime: Runtime = app.state.runtime
    group.add(app, gateway_socket)
    for vendor, kit in kits.items():
        # Faults can be scripted on each simulator: POST <simulator>/_faults (adapters/faults.py).
        group.add(FaultInjector(kit.create_app(clock=SimClock(), demo=True), control=True), sockets[vendor])
    await group.start()
    url = url_of(gateway_socket)
    print(f"Switchboard demo listening on {url}", file=out)
    print(f"  API docs:   {url}/schema", file=out)
    print(f"  OpenAPI:    {url}/schema/openapi.json", file=out)
    print(f"  API key:    {api_key}", file=out)
    for name, account in config.accounts.items():
        print(f"  account {name}: {account.vendor} simulator at {', '.join(account.base_urls.values())}", file=out)
    print(f'  try: curl -H "Authorization: Bearer {api_key}" {url}/v1/accounts', file=out)
    print("  break a vendor on purpose: POST a fault script to <simulator>/_faults (see README)", file=out)
    print("Press Ctrl-C to stop.", file=out, flush=True)
    await group.serve_until_signalled(lambda: runtime.drain(config.server.shutdown_grace_seconds))
    print("Switchboard demo stopped.", file=out, flush=True)
