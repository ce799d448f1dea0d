"""The gateway's long-lived state: accounts with their adapter instances, and callers.

Built once from the validated configuration; adapters (and their HTTP clients) open with the
application and close with it. Nothing here is module-level.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import msgspec

from adapters.base import AdapterBase
from adapters.registry import AdapterRegistry, UnknownVendor
from contracts.adapter import AccountSpec, ConfigError
from contracts.capabilities import DIALLING, Capability, Scope, required_scopes
from gateway.config import GatewayConfig
from gateway.observability.telemetry import Telemetry


class Caller(msgspec.Struct, frozen=True):
    name: str
    accounts: frozenset[str]
    default_account: str
    scopes: frozenset[Scope]


class Account:
    """One configured vendor account and its adapter instance."""

    def __init__(self, spec: AccountSpec, adapter_type: type[AdapterBase[Any]]) -> None:
        self.spec = spec
        self.adapter_type = adapter_type
        self.adapter: AdapterBase[Any] | None = None

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
        self.accounts = resolve_accounts(config, registry)
        self._transports = dict(transports or {})
        self._clocks = dict(clocks or {})
        self._callers_by_key = {
            digest: Caller(name, frozenset(caller.accounts), caller.default_account, frozenset(caller.scopes))
            for name, caller in config.callers.items()
            for digest in caller.key_sha256
        }
        self.ready = False

    async def start(self) -> None:
        for account in self.accounts.values():
            account.adapter = account.adapter_type(
                account.spec,
                transport=self._transports.get(account.name),
                clock=self._clocks.get(account.name, time.time),
                instrumentation=self.telemetry.vendor,
            )
        self.ready = True

    async def stop(self) -> None:
        self.ready = False
        for account in self.accounts.values():
            if account.adapter is not None:
                await account.adapter.aclose()
                account.adapter = None
        self.telemetry.shutdown()

    def authenticate(self, api_key: str) -> Caller | None:
        """The caller owning `api_key`; compares digests in constant time."""
        digest = hashlib.sha256(api_key.encode("utf-8")).hexdigest()
        found = None
        for known, caller in self._callers_by_key.items():
            if hmac.compare_digest(known, digest):
                found = caller
        return found


def resolve_accounts(config: GatewayConfig, registry: AdapterRegistry) -> dict[str, Account]:
    """Pair each account with its adapter class and validate its vendor-specific settings."""
    accounts = {}
    for name, spec in config.accounts.items():
        try:
            adapter_type = registry.get(spec.vendor)
        except UnknownVendor as exc:
            raise ConfigError(f"accounts.{name}.vendor", str(exc)) from None
        adapter_type.parse_settings(spec)
        accounts[name] = Account(spec, adapter_type)
    return accounts
