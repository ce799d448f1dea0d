"""The base class every vendor adapter extends (Libcloud's driver model, typed).

An adapter class declares its vendor name, its capabilities, the settings it needs and the base
URL families it talks to. Operation methods follow `contracts.adapter`; only declared operations
are implemented, and `capability_drift` proves declaration and implementation agree.

Subclasses do not override `__init__` (its keyword arguments are the gateway's wiring and grow
over time); per-instance state goes in `setup()`, or is built lazily.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar
from urllib.parse import urlsplit

import httpx
import msgspec

from adapters.events import CallbackNormalizer
from adapters.http import VendorHttp
from adapters.instrumentation import NO_INSTRUMENTATION, VendorInstrumentation
from adapters.simulation import SimulatorKit
from adapters.state import StateStore
from contracts.adapter import AccountSpec, ConfigError
from contracts.capabilities import OPERATION_METHODS, Capability

SettingsT = TypeVar("SettingsT", bound=msgspec.Struct)


class AdapterBase(Generic[SettingsT]):
    vendor: ClassVar[str]
    display_name: ClassVar[str]
    capabilities: ClassVar[frozenset[Capability]]
    settings_type: ClassVar[type[msgspec.Struct]]
    # Interface families whose base URL the account must configure, e.g. ("default",).
    base_url_families: ClassVar[tuple[str, ...]] = ("default",)
    # Why each undeclared operation is missing, for the README and the 501 answer.
    unsupported_reasons: ClassVar[dict[Capability, str]] = {}
    # Operations that ring phones on this vendor beyond contracts.capabilities.DIALLING; callers
    # need the `dial` scope for them.
    dialling: ClassVar[frozenset[Capability]] = frozenset()
    # How this vendor's callbacks become events (adapters.events); None: the vendor pushes nothing
    # the gateway can receive, and its accounts have no callback route.
    callbacks: ClassVar[CallbackNormalizer | None] = None

    def __init__(
        self,
        account: AccountSpec,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
        instrumentation: VendorInstrumentation = NO_INSTRUMENTATION,
        state: StateStore | None = None,
    ) -> None:
        self.account = account
        self.settings: SettingsT = self.parse_settings(account)  # type: ignore[assignment]
        self.http = VendorHttp(
            vendor=self.vendor, account=account, transport=transport, instrumentation=instrumentation, state=state
        )
        # Epoch seconds for signatures, token expiry and "today"; simulated accounts share the
        # simulator's clock so that tests can move time for both sides at once.
        self.clock = clock
        self.setup()

    def setup(self) -> None:
        """Per-instance initialisation of a vendor adapter (token caches, helpers); `settings`,
        `http` and `clock` are ready when it runs."""

    async def aclose(self) -> None:
        await self.http.aclose()

    def base_url(self, family: str = "default") -> str:
        return self.account.base_urls[family].rstrip("/")

    @property
    def callback_url(self) -> str | None:
        """The gateway's callback URL for this account, to give the vendor; None when the gateway
        has no public URL (the adapter then falls back to its own option, if any)."""
        return self.account.callback_url

    @classmethod
    def parse_settings(cls, account: AccountSpec) -> msgspec.Struct:
        """Validate the account block for this vendor; errors name the key path."""
        prefix = f"accounts.{account.name}"
        for family in cls.base_url_families:
            url = account.base_urls.get(family)
            if url is None:
                raise ConfigError(f"{prefix}.base_urls.{family}", f"required by {cls.vendor}")
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ConfigError(f"{prefix}.base_urls.{family}", f"{url!r} is not an http(s) URL")
        for family in account.base_urls:
            if family not in cls.base_url_families:
                raise ConfigError(
                    f"{prefix}.base_urls.{family}",
                    f"unknown interface family for {cls.vendor}; expected {', '.join(cls.base_url_families)}",
                )
        raw: dict[str, Any] = {"credentials": account.credentials, "options": account.options}
        try:
            return msgspec.convert(raw, cls.settings_type, str_keys=True)
        except msgspec.ValidationError as exc:
            raise ConfigError.from_validation(prefix, exc) from None

    @classmethod
    def simulator(cls) -> SimulatorKit | None:
        """The vendor simulator, for tests, the conformance suite and demo mode."""
        return None


def capability_drift(adapter: type[AdapterBase[Any]]) -> list[str]:
    """Differences between what an adapter declares and what it implements (empty = consistent)."""
    problems = []
    for capability, method in OPERATION_METHODS.items():
        implemented = inspect.iscoroutinefunction(getattr(adapter, method, None))
        declared = capability in adapter.capabilities
        if declared and not implemented:
            problems.append(f"{capability} declared but {method}() is not implemented")
        if implemented and not declared:
            problems.append(f"{method}() implemented but {capability} is not declared")
    return problems
