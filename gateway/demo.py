"""Demo mode: every vendor simulator on loopback, and the gateway configured to use them.

No credentials needed. The configuration is built in code and validated by the same loader as a
real one, with one account per vendor that ships a simulator and one caller allowed to use them.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import secrets
import shutil
import socket
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, TextIO

from adapters.faults import FaultInjector
from adapters.registry import AdapterRegistry
from adapters.simulation import SimClock, SimulatorKit
from gateway.app import create_app
from gateway.config import parse_config
from gateway.runtime import Runtime
from gateway.serving import ServerGroup, bind, url_of

DEMO_KEY_ENV = "SWITCHBOARD_DEMO_KEY"
# Optional: a loopback (or https) URL that receives the demo's events as signed webhooks, and its
# Standard Webhooks secret (made up and printed when not given).
DEMO_WEBHOOK_URL_ENV = "SWITCHBOARD_DEMO_WEBHOOK_URL"
DEMO_WEBHOOK_SECRET_ENV = "SWITCHBOARD_DEMO_WEBHOOK_SECRET"  # noqa: S105 - the variable's name
DEMO_CALLER = "demo"
# Demo deliveries retry quickly and give up within the hour.
DEMO_DELIVERY: Final = {"backoff_seconds": [1, 5, 15, 60, 300], "max_age_hours": 1}


def demo_account(vendor: str) -> str:
    return f"{vendor.replace('_', '-')}-demo"


def demo_config(
    kits: Mapping[str, SimulatorKit],
    base_urls: Mapping[str, str],
    api_key: str,
    *,
    events: dict[str, Any] | None = None,
    webhooks: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The built-in configuration: a `<vendor>-demo` account per simulator, one caller for all;
    with `events`, the event path (and the caller's `webhooks`)."""
    accounts = {
        demo_account(vendor): {"vendor": vendor, **kit.account_config(base_url=base_urls[vendor])}
        for vendor, kit in kits.items()
    }
    names = sorted(accounts)
    config: dict[str, Any] = {
        "accounts": accounts,
        "callers": {
            DEMO_CALLER: {
                "key_sha256": [hashlib.sha256(api_key.encode()).hexdigest()],
                "accounts": names,
                "default_account": names[0],
                "scopes": ["read", "write", "dial"],
                "webhooks": webhooks or [],
            }
        },
    }
    if events is not None:
        config["events"] = events
    return config


def demo_events(gateway_url: str, outbox: Path) -> dict[str, Any]:
    """Vendors call the demo gateway back; the outbox lives in a scratch directory."""
    return {
        "public_base_url": gateway_url,
        "callback_secret": secrets.token_urlsafe(32),
        "outbox": {"path": str(outbox), "backend": "sqlite"},
        "delivery": DEMO_DELIVERY,
    }


def loopback_url(sock: socket.socket) -> str:
    """The URL simulators call the gateway back on: loopback when it listens on every address."""
    host, port = sock.getsockname()[:2]
    if ipaddress.ip_address(host).is_unspecified:
        host = "::1" if ":" in host else "127.0.0.1"
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def demo_webhooks(env: Mapping[str, str]) -> list[dict[str, Any]]:
    url = env.get(DEMO_WEBHOOK_URL_ENV)
    if not url:
        return []
    secret = env.get(DEMO_WEBHOOK_SECRET_ENV) or "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    return [{"url": url, "secret": secret, "name": "demo"}]


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
    gateway_socket = bind(host, port)
    url = url_of(gateway_socket)
    scratch = Path(tempfile.mkdtemp(prefix="switchboard-demo-"))
    try:
        webhooks = demo_webhooks(env)
        raw = demo_config(
            kits,
            {v: url_of(s) for v, s in sockets.items()},
            api_key,
            events=demo_events(loopback_url(gateway_socket), scratch / "outbox.sqlite3"),
            webhooks=webhooks,
        )
        config = parse_config(raw, env)
        group = ServerGroup()
        app = create_app(config, registry=registry)
        runtime: Runtime = app.state.runtime
        group.add(app, gateway_socket)
        for vendor, kit in kits.items():
            simulator = kit.create_app(clock=SimClock(), demo=True)
            callback_url = config.accounts[demo_account(vendor)].callback_url
            if callback_url and (configure := getattr(simulator, "configure_console", None)):
                configure(callback_url=callback_url)  # console-only callback settings (Huawei 6.2.14)
            # Faults can be scripted on each simulator: POST <simulator>/_faults (adapters/faults.py).
            group.add(FaultInjector(simulator, control=True), sockets[vendor])
        await group.start()
        print(f"Switchboard demo listening on {url}", file=out)
        print(f"  API docs:   {url}/schema", file=out)
        print(f"  OpenAPI:    {url}/schema/openapi.json", file=out)
        print(f"  API key:    {api_key}", file=out)
        for name, account in config.accounts.items():
            print(f"  account {name}: {account.vendor} simulator at {', '.join(account.base_urls.values())}", file=out)
        print(f'  try: curl -H "Authorization: Bearer {api_key}" {url}/v1/accounts', file=out)
        print(f"  events: simulators call back as they dial; read them at {url}/v1/events", file=out)
        for hook in webhooks:
            print(f"  webhook: {hook['url']} (Standard Webhooks secret {hook['secret']})", file=out)
        print("  break a vendor on purpose: POST a fault script to <simulator>/_faults (see README)", file=out)
        print("Press Ctrl-C to stop.", file=out, flush=True)
        await group.serve_until_signalled(lambda: runtime.drain(config.server.shutdown_grace_seconds))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("Switchboard demo stopped.", file=out, flush=True)
