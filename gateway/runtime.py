"""The gateway's long-lived state: accounts with their adapter instances, and callers.

Built once from the validated configuration; adapters (and their HTTP clients) open with the
application and close with it. Nothing here is module-level.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import msgspec

from adapters.base import AdapterBase
from adapters.registry import AdapterRegistry, UnknownVendor
from adapters.state import MemoryState, StateStore
from adapters.state_redis import RedisState
from contracts.adapter import AccountSpec, ConfigError
from contracts.capabilities import DIALLING, Capability, Scope, required_scopes
from gateway.circuit import CircuitBreaker, CircuitState
from gateway.config import GatewayConfig
from gateway.events.metrics import EventMetrics
from gateway.events.service import EventService
from gateway.observability.telemetry import Telemetry

log = logging.getLogger(__name__)


class Caller(msgspec.Struct, frozen=True):
    name: str
    accounts: frozenset[str]
    default_account: str
    scopes: frozenset[Scope]


class Account:
    """One configured vendor account and its adapter instance."""

    def __init__(self, spec: AccountSpec, adapter_type: type[AdapterBase[Any]], breaker: CircuitBreaker) -> None:
        self.spec = spec
        self.adapter_type = adapter_type
        self.adapter: AdapterBase[Any] | None = None
        self.breaker = breaker

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def vendor(self) -> str:
        return self.spec.vendor

    def supports(self, capability: Capability) -> bool:
        return capability in self.adapter_type.capabilities

    def scopes_for(self, capability: Capability) -> frozenset[Scope]:
        dials = capability in DIALLING or capability in self.adapter_type.dialling
        return required_scopes(capability, dials=dials)


class Runtime:
    def __init__(
        self,
        config: GatewayConfig,
        registry: AdapterRegistry,
        transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
        clocks: Mapping[str, Callable[[], float]] | None = None,
        telemetry: Telemetry | None = None,
    ) -> None:
        self.config = config
        self.telemetry = telemetry or Telemetry.from_env()
        self.registry = registry
        self.accounts = resolve_accounts(config, registry, on_circuit_change=self._report_circuit)
        self.state: StateStore = RedisState(config.redis_url) if config.redis_url else MemoryState()
        self.draining = False
        self.in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._transports = dict(transports or {})
        self._clocks = dict(clocks or {})
        self._callers_by_key = {
            digest: Caller(name, frozenset(caller.accounts), caller.default_account, frozenset(caller.scopes))
            for name, caller in config.callers.items()
            for digest in caller.key_sha256
        }
        self.ready = False
        # Registered even without an event path, so that dashboards find every metric they query.
        self.event_metrics = EventMetrics.on(self.telemetry.metrics.registry)
        self.events: EventService | None = (
            EventService(
                config.events, accounts=self.accounts, metrics=self.event_metrics, tracer=self.telemetry.tracer
            )
            if config.events is not None
            else None
        )

    async def start(self) -> None:
        for account in self.accounts.values():
            account.adapter = account.adapter_type(
                account.spec,
                transport=self._transports.get(account.name),
                clock=self._clocks.get(account.name, time.time),
                instrumentation=self.telemetry.vendor,
                state=self.state,
            )
        if self.events is not None:
            await self.events.start()
        self.ready = True

    async def stop(self) -> None:
        self.ready = False
        if self.events is not None:
            await self.events.stop()
        for account in self.accounts.values():
            if account.adapter is not None:
                await account.adapter.aclose()
                account.adapter = None
        await self.state.aclose()
        self.telemetry.shutdown()

    def request_started(self) -> None:
        self.in_flight += 1
        self._idle.clear()

    def request_finished(self) -> None:
        self.in_flight -= 1
        if self.in_flight == 0:
            self._idle.set()

    async def drain(self, grace: float) -> None:
        """Stop taking requests (readiness turns false) and give in-flight ones `grace` seconds."""
        self.draining = True
        log.info("draining: %d requests in flight, up to %.0fs grace", self.in_flight, grace)
        try:
            await asyncio.wait_for(self._idle.wait(), timeout=grace)
        except TimeoutError:
            log.warning("grace period over with %d requests still in flight", self.in_flight)

    def _report_circuit(self, account: AccountSpec, previous: CircuitState, current: CircuitState) -> None:
        log.warning(
            "circuit of %s (%s) %s -> %s", account.name, account.vendor, previous.name.lower(), current.name.lower()
        )
        self.telemetry.metrics.circuit(account=account.name, vendor=account.vendor, state=current)

    def authenticate(self, api_key: str) -> Caller | None:
        """The caller owning `api_key`; compares digests in constant time."""
        digest = hashlib.sha256(api_key.encode("utf-8")).hexdigest()
        found = None
        for known, caller in self._callers_by_key.items():
            if hmac.compare_digest(known, digest):
                found = caller
        return found


def resolve_accounts(
    config: GatewayConfig,
    registry: AdapterRegistry,
    *,
    on_circuit_change: Callable[[AccountSpec, CircuitState, CircuitState], None] | None = None,
) -> dict[str, Account]:
    """Pair each account with its adapter class, validate its vendor-specific settings, and give
    it a circuit breaker."""
    accounts = {}
    for name, spec in config.accounts.items():
        try:
            adapter_type = registry.get(spec.vendor)
        except UnknownVendor as exc:
            raise ConfigError(f"accounts.{name}.vendor", str(exc)) from None
        adapter_type.parse_settings(spec)
        report = functools.partial(on_circuit_change, spec) if on_circuit_change else None
        accounts[name] = Account(spec, adapter_type, CircuitBreaker(spec.circuit, on_change=report))
    return accounts
