"""Configuration: one YAML file, environment overrides, validated before anything starts.

Every mistake is reported as `ConfigError(path, reason)` with the dotted key path, so that an
operator reads `accounts.flashai-cn.credentials.client_secret: environment variable
FLASHAI_SECRET is not set` rather than a traceback.

Environment overrides: `SWITCHBOARD__<KEY>__<KEY>...=value` sets a key (matched
case-insensitively, `-` and `_` alike); the value is read as a YAML scalar.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import msgspec
import yaml

from contracts.adapter import AccountSpec, CircuitPolicy, ConfigError, Quota, RetryPolicy, Timeouts
from contracts.capabilities import Scope
from contracts.events import EventType
from gateway.events.settings import DEFAULT_BACKOFF, DEFAULT_OUTBOX_PATH, EventSettings, build_event_settings

ENV_PREFIX = "SWITCHBOARD__"
ACCOUNT_NAME = r"^[a-z0-9][a-z0-9_-]{0,62}$"
KEY_HASH = r"^[0-9a-f]{64}$"

T = TypeVar("T")


class SecretRef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A secret read from an environment variable or a file (e.g. a mounted Kubernetes Secret)."""

    env: str | None = None
    file: str | None = None


SecretValue = str | SecretRef


class AccountConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    vendor: str
    base_urls: dict[str, str]
    credentials: dict[str, SecretValue] = msgspec.field(default_factory=dict)
    options: dict[str, Any] = msgspec.field(default_factory=dict)
    timeouts: Timeouts = Timeouts()
    retries: RetryPolicy = RetryPolicy()
    quota: Quota = Quota()
    circuit: CircuitPolicy = CircuitPolicy()
    propagate_trace: bool = False


class WebhookConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A subscriber of the caller's events (gateway.events). `types` empty = every type; `secret`
    is a Standard Webhooks secret `whsec_<base64>`; `name` defaults to a digest of the URL."""

    url: str
    secret: SecretValue
    types: list[EventType] = msgspec.field(default_factory=list)
    name: Annotated[str, msgspec.Meta(pattern=ACCOUNT_NAME)] | None = None


class CallerConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """An internal service allowed to use the gateway. Keys are stored only as SHA-256 hex digests;
    several at once allow rotation. Scopes default to read-only (least privilege)."""

    key_sha256: Annotated[list[Annotated[str, msgspec.Meta(pattern=KEY_HASH)]], msgspec.Meta(min_length=1)]
    accounts: Annotated[list[str], msgspec.Meta(min_length=1)]
    default_account: str
    scopes: Annotated[list[Scope], msgspec.Meta(min_length=1)] = msgspec.field(default_factory=lambda: [Scope.READ])
    webhooks: list[WebhookConfig] = msgspec.field(default_factory=list)


class ServerConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    host: str = "127.0.0.1"
    port: Annotated[int, msgspec.Meta(ge=0, le=65535)] = 8080
    max_body_bytes: Annotated[int, msgspec.Meta(ge=1024, le=64 * 1024 * 1024)] = 1024 * 1024
    max_header_bytes: Annotated[int, msgspec.Meta(ge=1024, le=64 * 1024)] = 8 * 1024
    # On SIGTERM: readiness turns false, new requests are refused, in-flight ones get this long.
    shutdown_grace_seconds: Annotated[float, msgspec.Meta(ge=0, le=600)] = 20.0


class StateConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Where shared state lives: in memory (one replica) unless `redis_url` is set."""

    redis_url: SecretValue | None = None


class IdempotencyConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    ttl_seconds: Annotated[float, msgspec.Meta(ge=60, le=30 * 24 * 3600)] = 24 * 3600.0
    wait_seconds: Annotated[float, msgspec.Meta(ge=0, le=60)] = 5.0


class EventsOutboxConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    # auto: Redis when state.redis_url is set (several replicas), else the SQLite file at `path`.
    backend: Literal["auto", "sqlite", "redis"] = "auto"
    path: Annotated[str, msgspec.Meta(min_length=1)] = DEFAULT_OUTBOX_PATH


class EventsDeliveryConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    backoff_seconds: Annotated[list[Annotated[float, msgspec.Meta(gt=0)]], msgspec.Meta(min_length=1)] = msgspec.field(
        default_factory=lambda: list(DEFAULT_BACKOFF)
    )
    max_age_hours: Annotated[float, msgspec.Meta(gt=0, le=24 * 30)] = 24.0
    timeout_seconds: Annotated[float, msgspec.Meta(gt=0, le=120)] = 10.0
    concurrency: Annotated[int, msgspec.Meta(ge=1, le=256)] = 8
    lease_seconds: Annotated[float, msgspec.Meta(gt=0, le=3600)] = 30.0
    poll_seconds: Annotated[float, msgspec.Meta(ge=0.01, le=60)] = 0.5
    jitter: Annotated[float, msgspec.Meta(ge=0, le=0.5)] = 0.1


class EventsConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Vendor callbacks, the outbox and webhook delivery (gateway.events)."""

    public_base_url: str | None = None
    callback_secret: SecretValue | None = None
    account_secrets: dict[str, SecretValue] = msgspec.field(default_factory=dict)
    outbox: EventsOutboxConfig = EventsOutboxConfig()
    delivery: EventsDeliveryConfig = EventsDeliveryConfig()
    retention_hours: Annotated[float, msgspec.Meta(gt=0, le=24 * 365)] = 24 * 7.0
    max_callback_bytes: Annotated[int, msgspec.Meta(ge=1024, le=64 * 1024 * 1024)] = 1024 * 1024


class RawConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    # Entries are validated one by one so that errors can name the account or caller.
    accounts: dict[str, dict[str, Any]]
    callers: dict[str, dict[str, Any]]
    server: ServerConfig = ServerConfig()
    state: StateConfig = StateConfig()
    idempotency: IdempotencyConfig = IdempotencyConfig()
    events: EventsConfig | None = None


class GatewayConfig(msgspec.Struct, frozen=True, kw_only=True):
    """The validated configuration, secrets resolved."""

    server: ServerConfig
    accounts: dict[str, AccountSpec]
    callers: dict[str, CallerConfig]
    redis_url: str | None = None
    idempotency: IdempotencyConfig = IdempotencyConfig()
    events: EventSettings | None = None  # None: no event path (no callbacks, webhooks or feed)


def load_config(path: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> GatewayConfig:
    env = os.environ if env is None else env
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError("(file)", f"cannot read {file}: {exc.strerror}") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError("(file)", f"{file} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError("(root)", "the configuration must be a mapping")
    return parse_config(raw, env)


def parse_config(raw: dict[str, Any], env: Mapping[str, str]) -> GatewayConfig:
    """Validate a configuration mapping (from YAML or built in code, as demo mode does)."""
    config = _convert(apply_env_overrides(raw, env), RawConfig, "")
    accounts = {
        name: _account_spec(name, _convert(entry, AccountConfig, _entry_path("accounts", name)), env)
        for name, entry in config.accounts.items()
    }
    if not accounts:
        raise ConfigError("accounts", "at least one account is required")
    callers = {
        name: _convert(entry, CallerConfig, _entry_path("callers", name)) for name, entry in config.callers.items()
    }
    _check_callers(callers, accounts)
    raw_redis = config.state.redis_url
    redis_url = _resolve_secret("state.redis_url", raw_redis, env) if raw_redis is not None else None
    events = None
    if config.events is not None:
        events = build_event_settings(
            config.events,
            callers=callers,
            accounts=list(accounts),
            redis_url=redis_url,
            resolve=lambda path, value: _resolve_secret(path, value, env),
        )
        accounts = {
            name: msgspec.structs.replace(spec, callback_url=events.callback_url(name))
            for name, spec in accounts.items()
        }
    elif owner := next((name for name, caller in callers.items() if caller.webhooks), None):
        raise ConfigError(f"callers.{owner}.webhooks", "webhooks need an `events` section (its outbox delivers them)")
    return GatewayConfig(
        server=config.server,
        accounts=accounts,
        callers=callers,
        redis_url=redis_url,
        idempotency=config.idempotency,
        events=events,
    )


def _entry_path(section: str, name: str) -> str:
    if not re.match(ACCOUNT_NAME, name):
        raise ConfigError(
            f"{section}.{name}", "names use lower-case letters, digits, '-' and '_' (at most 63 characters)"
        )
    return f"{section}.{name}"


def _convert(raw: Any, type_: type[T], path: str) -> T:
    if not isinstance(raw, dict):
        raise ConfigError(path or "(root)", "must be a mapping")
    try:
        return msgspec.convert(raw, type_, str_keys=True)
    except msgspec.ValidationError as exc:
        raise ConfigError.from_validation(path, exc) from None


def apply_env_overrides(raw: dict[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    merged: dict[str, Any] = msgspec.convert(raw, dict[str, Any])
    for name, value in sorted(env.items()):
        if not name.startswith(ENV_PREFIX):
            continue
        keys = [key for key in name[len(ENV_PREFIX) :].split("__") if key]
        if not keys:
            continue
        node = merged
        for key in keys[:-1]:
            existing = _match_key(node, key)
            child = node.get(existing) if existing is not None else None
            if not isinstance(child, dict):
                child = {}
                node[existing or key.lower()] = child
            node = child
        node[_match_key(node, keys[-1]) or keys[-1].lower()] = _scalar(value)
    return merged


def _match_key(node: dict[str, Any], env_key: str) -> str | None:
    wanted = env_key.lower().replace("-", "_")
    return next((key for key in node if str(key).lower().replace("-", "_") == wanted), None)


def _scalar(value: str) -> Any:
    try:
        parsed = yaml.safe_load(value)
    except yaml.YAMLError:
        return value
    return parsed if isinstance(parsed, (str, int, float, bool)) or parsed is None else value


def _account_spec(name: str, account: AccountConfig, env: Mapping[str, str]) -> AccountSpec:
    credentials = {
        key: _resolve_secret(f"accounts.{name}.credentials.{key}", value, env)
        for key, value in account.credentials.items()
    }
    timeouts = account.timeouts
    for field in ("connect", "read", "total"):
        if getattr(timeouts, field) <= 0:
            raise ConfigError(f"accounts.{name}.timeouts.{field}", "must be a positive number of seconds")
    if timeouts.total < timeouts.connect:
        raise ConfigError(f"accounts.{name}.timeouts.total", "must be at least the connect timeout")
    retries = account.retries
    if not 1 <= retries.max_attempts <= 10:
        raise ConfigError(f"accounts.{name}.retries.max_attempts", "must be between 1 and 10")
    if not 0 <= retries.base_delay <= retries.max_delay:
        raise ConfigError(f"accounts.{name}.retries.base_delay", "must be between 0 and max_delay")
    return AccountSpec(
        name=name,
        vendor=account.vendor,
        base_urls=account.base_urls,
        credentials=credentials,
        options=account.options,
        timeouts=timeouts,
        retries=retries,
        quota=_checked_quota(name, account.quota),
        circuit=account.circuit,
        propagate_trace=account.propagate_trace,
    )


def _checked_quota(name: str, quota: Quota) -> Quota:
    if quota.rate is not None and quota.rate <= 0:
        raise ConfigError(f"accounts.{name}.quota.rate", "must be a positive number of requests per second")
    if quota.burst < 1:
        raise ConfigError(f"accounts.{name}.quota.burst", "must be at least 1")
    if quota.max_concurrent is not None and quota.max_concurrent < 1:
        raise ConfigError(f"accounts.{name}.quota.max_concurrent", "must be at least 1")
    if quota.max_wait < 0:
        raise ConfigError(f"accounts.{name}.quota.max_wait", "must not be negative")
    return quota


def _resolve_secret(path: str, value: SecretValue, env: Mapping[str, str]) -> str:
    if isinstance(value, str):
        return value
    if (value.env is None) == (value.file is None):
        raise ConfigError(path, "give exactly one of `env` or `file`")
    if value.env is not None:
        if value.env not in env:
            raise ConfigError(path, f"environment variable {value.env} is not set")
        secret = env[value.env]
    else:
        try:
            secret = Path(str(value.file)).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(path, f"cannot read secret file {value.file}: {exc.strerror}") from None
    if not secret:
        raise ConfigError(path, "the secret is empty")
    return secret


def _check_callers(callers: dict[str, CallerConfig], accounts: dict[str, AccountSpec]) -> None:
    owners: dict[str, str] = {}
    for name, caller in callers.items():
        for index, account in enumerate(caller.accounts):
            if account not in accounts:
                raise ConfigError(f"callers.{name}.accounts.{index}", f"no account named {account!r}")
        if caller.default_account not in caller.accounts:
            raise ConfigError(
                f"callers.{name}.default_account",
                f"{caller.default_account!r} is not among the caller's accounts",
            )
        for index, digest in enumerate(caller.key_sha256):
            if digest in owners:
                raise ConfigError(
                    f"callers.{name}.key_sha256.{index}",
                    f"the same key is already configured for {owners[digest]!r}",
                )
            owners[digest] = name


REDACTED = "<redacted>"


def redacted(config: GatewayConfig) -> dict[str, Any]:
    """The effective configuration for `switchboard check-config --print`: credentials hidden."""
    dump: dict[str, Any] = msgspec.to_builtins(config)
    for account in dump["accounts"].values():
        account["credentials"] = dict.fromkeys(account["credentials"], REDACTED)
        if account.get("callback_url"):  # its last segment is the account's callback secret
            account["callback_url"] = account["callback_url"].rsplit("/", 1)[0] + "/" + REDACTED
    for caller in dump["callers"].values():
        for hook in caller.get("webhooks", []):
            if isinstance(hook["secret"], str):
                hook["secret"] = REDACTED
    if dump.get("redis_url"):
        dump["redis_url"] = REDACTED  # may carry a password
    if events := dump.get("events"):
        events["callback_secrets"] = dict.fromkeys(events["callback_secrets"], REDACTED)
        for subscriber in events["subscribers"]:
            subscriber["secret"] = REDACTED
        if events["outbox"].get("redis_url"):
            events["outbox"]["redis_url"] = REDACTED
    return dump
