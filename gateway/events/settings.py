"""The validated `events:` configuration and `callers.<name>.webhooks`, secrets resolved.

`gateway.config` reads the YAML and resolves secrets; the rules that belong to the event path live
here: how an account's callback secret is derived, which subscriber URLs are acceptable, what a
Standard Webhooks secret looks like, and the delivery policy.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

import msgspec

from contracts.adapter import ConfigError
from contracts.events import EventType

if TYPE_CHECKING:  # gateway.config imports this module: no import back at run time
    from gateway.config import CallerConfig, EventsConfig

SecretResolver = Callable[[str, Any], str]

WEBHOOK_SECRET_PREFIX: Final = "whsec_"  # noqa: S105 - the format's prefix
CALLBACK_PATH: Final = "/callbacks"
DEFAULT_OUTBOX_PATH: Final = "/var/lib/switchboard/outbox.sqlite3"
# 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h; the last repeats until the window closes.
DEFAULT_BACKOFF: Final = (5.0, 30.0, 120.0, 600.0, 1800.0, 3600.0, 7200.0, 14400.0, 28800.0)
_LOOPBACK_NAMES: Final = frozenset({"localhost", "localhost.localdomain"})
_SECRET_LENGTH: Final = 32  # base64url characters of a derived callback secret (192 bits)


class DeliveryPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """How webhooks are delivered: at least once, with `backoff` between attempts, for at most
    `max_age` seconds after the event arrived (then the delivery is dead)."""

    backoff: tuple[float, ...] = DEFAULT_BACKOFF
    max_age: float = 24 * 3600.0
    timeout: float = 10.0
    concurrency: int = 8
    lease: float = 30.0
    poll: float = 0.5
    jitter: float = 0.1  # each delay varies by up to this fraction, so retries of many spread out


class Subscriber(msgspec.Struct, frozen=True, kw_only=True):
    """One webhook of one caller. `key` ("caller/name") names it in the outbox."""

    caller: str
    name: str
    url: str
    types: frozenset[EventType]
    accounts: frozenset[str]  # the caller's accounts: a subscriber sees no other account's events
    secret: str  # whsec_<base64>

    @property
    def key(self) -> str:
        return f"{self.caller}/{self.name}"

    def wants(self, account: str, event_type: EventType) -> bool:
        return account in self.accounts and (not self.types or event_type in self.types)


class OutboxSettings(msgspec.Struct, frozen=True, kw_only=True):
    """SQLite file (`path`) unless `redis_url` is set."""

    path: str = DEFAULT_OUTBOX_PATH
    redis_url: str | None = None


class EventSettings(msgspec.Struct, frozen=True, kw_only=True):
    public_base_url: str | None = None
    # Per-account secret of the callback URL; accounts without one have no callback route.
    callback_secrets: dict[str, str] = msgspec.field(default_factory=dict)
    outbox: OutboxSettings = OutboxSettings()
    delivery: DeliveryPolicy = DeliveryPolicy()
    subscribers: tuple[Subscriber, ...] = ()
    retention: float = 7 * 24 * 3600.0
    max_callback_bytes: int = 1024 * 1024

    def callback_url(self, account: str) -> str | None:
        secret = self.callback_secrets.get(account)
        if self.public_base_url is None or secret is None:
            return None
        return f"{self.public_base_url.rstrip('/')}{CALLBACK_PATH}/{account}/{secret}"


def derived_callback_secret(master: str, account: str) -> str:
    """HMAC(master, account) as URL-safe text: the same on every replica and after every restart,
    different per account, and not guessable from the account's name."""
    digest = hmac.new(master.encode("utf-8"), f"switchboard-callback:{account}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")[:_SECRET_LENGTH]


def callback_secret_problem(secret: str) -> str | None:
    """Why a configured per-account callback secret is unusable, or None. It travels in a URL path
    that Huawei accepts only with letters, digits and -./_#?& (Table 6-356)."""
    if len(secret) < 16:
        return "must be at least 16 characters"
    if not all(c.isascii() and (c.isalnum() or c in "-_") for c in secret):
        return "may hold only ASCII letters, digits, '-' and '_'"
    return None


def is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def webhook_url_problem(url: str) -> str | None:
    """Why a subscriber URL is unacceptable, or None: https required outside loopback."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not an http(s) URL"
    if parts.username or parts.password:
        return "must not carry credentials; sign with the webhook secret instead"
    if parts.scheme != "https" and not is_loopback(parts.hostname):
        return "must use https (plain http is allowed only to a loopback address)"
    return None


def public_url_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not an http(s) URL"
    if parts.query or parts.fragment:
        return "must not have a query or fragment"
    return None


def webhook_key(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret `whsec_<base64>`; ValueError when malformed."""
    if not secret.startswith(WEBHOOK_SECRET_PREFIX):
        raise ValueError(f"must start with {WEBHOOK_SECRET_PREFIX} (Standard Webhooks)")
    encoded = secret[len(WEBHOOK_SECRET_PREFIX) :]
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"must be {WEBHOOK_SECRET_PREFIX} followed by base64") from None
    if len(key) < 24:
        raise ValueError("must hold at least 24 random bytes")
    return key


def build_event_settings(
    raw: EventsConfig,
    *,
    callers: Mapping[str, CallerConfig],
    accounts: Collection[str],
    redis_url: str | None,
    resolve: SecretResolver,
) -> EventSettings:
    """Validate the `events:` section and every caller's webhooks; errors name the key path."""
    if raw.public_base_url is not None and (reason := public_url_problem(raw.public_base_url)):
        raise ConfigError("events.public_base_url", reason)
    secrets = _callback_secrets(raw, accounts, resolve)
    if raw.public_base_url is not None and not secrets:
        raise ConfigError(
            "events.callback_secret", "required with public_base_url: it makes each account's callback URL unguessable"
        )
    delivery = raw.delivery
    policy = DeliveryPolicy(
        backoff=tuple(delivery.backoff_seconds),
        max_age=delivery.max_age_hours * 3600,
        timeout=delivery.timeout_seconds,
        concurrency=delivery.concurrency,
        lease=max(delivery.lease_seconds, delivery.timeout_seconds + 5),
        poll=delivery.poll_seconds,
        jitter=delivery.jitter,
    )
    if raw.retention_hours < delivery.max_age_hours:
        raise ConfigError("events.retention_hours", "must be at least delivery.max_age_hours")
    backend = raw.outbox.backend
    if backend == "redis" and redis_url is None:
        raise ConfigError("events.outbox.backend", "redis needs state.redis_url")
    use_redis = backend == "redis" or (backend == "auto" and redis_url is not None)
    return EventSettings(
        public_base_url=raw.public_base_url,
        callback_secrets=secrets,
        outbox=OutboxSettings(path=raw.outbox.path, redis_url=redis_url if use_redis else None),
        delivery=policy,
        subscribers=_subscribers(callers, resolve),
        retention=raw.retention_hours * 3600,
        max_callback_bytes=raw.max_callback_bytes,
    )


def _callback_secrets(raw: EventsConfig, accounts: Collection[str], resolve: SecretResolver) -> dict[str, str]:
    master = resolve("events.callback_secret", raw.callback_secret) if raw.callback_secret is not None else None
    if master is not None and len(master) < 16:
        raise ConfigError("events.callback_secret", "must be at least 16 characters")
    secrets = {name: derived_callback_secret(master, name) for name in accounts} if master else {}
    for name, value in raw.account_secrets.items():
        path = f"events.account_secrets.{name}"
        if name not in accounts:
            raise ConfigError(path, f"no account named {name!r}")
        secret = resolve(path, value)
        if reason := callback_secret_problem(secret):
            raise ConfigError(path, reason)
        secrets[name] = secret
    return secrets


def _subscribers(callers: Mapping[str, CallerConfig], resolve: SecretResolver) -> tuple[Subscriber, ...]:
    found: list[Subscriber] = []
    for caller_name, caller in callers.items():
        names: set[str] = set()
        for index, hook in enumerate(caller.webhooks):
            path = f"callers.{caller_name}.webhooks.{index}"
            if reason := webhook_url_problem(hook.url):
                raise ConfigError(f"{path}.url", reason)
            secret = resolve(f"{path}.secret", hook.secret)
            try:
                webhook_key(secret)
            except ValueError as exc:
                raise ConfigError(f"{path}.secret", str(exc)) from None
            # Without a name, the URL names the webhook: reordering the list keeps deliveries attached.
            name = hook.name or hashlib.sha256(hook.url.encode()).hexdigest()[:12]
            if name in names:
                raise ConfigError(f"{path}.name", f"another webhook of {caller_name!r} is named {name!r}")
            names.add(name)
            found.append(
                Subscriber(
                    caller=caller_name,
                    name=name,
                    url=hook.url,
                    types=frozenset(hook.types),
                    accounts=frozenset(caller.accounts),
                    secret=secret,
                )
            )
    return tuple(found)
