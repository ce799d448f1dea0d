"""From one authenticated request to one adapter call.

`RequestGateway.call(capability, ...)` is the whole routing path: pick the account (from the
self-routing ids in the request, else the `Switchboard-Account` header, else the caller's
default), refuse undeclared operations with 501 before any vendor I/O, translate opaque ids and
cursors to the vendor's and back, and call the adapter method behind the capability.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import msgspec
from opentelemetry.trace import Status, StatusCode

from contracts.capabilities import OPERATION_METHODS, Capability, Scope
from contracts.context import OperationContext
from contracts.errors import ErrorCode, FieldIssue, GatewayError, invalid
from contracts.ids import ResourceKind
from contracts.paging import Page, PageRequest
from gateway.ids import decode_cursor, decode_id, encode_cursor, encode_id, translate_ids
from gateway.observability.requests import record
from gateway.runtime import Account, Caller, Runtime

log = logging.getLogger(__name__)


class Ref(msgspec.Struct, frozen=True):
    """An opaque id taken from the URL path."""

    kind: ResourceKind
    token: str


class PageQuery(msgspec.Struct, frozen=True):
    """`limit` and `cursor` as the caller sent them."""

    limit: int
    cursor: str | None


class RequestGateway:
    def __init__(
        self,
        runtime: Runtime,
        caller: Caller,
        *,
        requested_account: str | None,
        request_id: str,
        idempotency_key: str | None,
        timeout: float | None = None,
    ) -> None:
        self.runtime = runtime
        self.caller = caller
        self.requested_account = requested_account
        self.request_id = request_id
        self.idempotency_key = idempotency_key
        self.timeout = timeout  # the caller's Request-Timeout, seconds

    def account(self, name: str | None = None) -> Account:
        """The account this request targets; unknown and forbidden accounts look alike (403)."""
        name = name or self.requested_account or self.caller.default_account
        if name not in self.caller.accounts or name not in self.runtime.accounts:
            raise GatewayError(
                ErrorCode.FORBIDDEN,
                f"account {name!r} is not available to this caller",
                errors=[FieldIssue(reason="not an allowed account", parameter="Switchboard-Account")],
            )
        return self.runtime.accounts[name]

    def require(self, scopes: frozenset[Scope], what: str) -> None:
        """403 unless the caller holds every scope in `scopes`."""
        if missing := sorted(scopes - self.caller.scopes):
            raise GatewayError(
                ErrorCode.FORBIDDEN, f"{what} needs the scope(s) {', '.join(missing)}, which this caller lacks"
            )

    def account_visible(self, name: str) -> Account:
        """An account by name for `GET /v1/accounts/{name}`: 404 unless this caller may use it."""
        if name not in self.caller.accounts or name not in self.runtime.accounts:
            raise GatewayError(ErrorCode.NOT_FOUND, f"no account {name!r}")
        return self.runtime.accounts[name]

    def allowed_accounts(self) -> list[Account]:
        return [self.runtime.accounts[name] for name in sorted(self.caller.accounts)]

    def resolve(self, ref: Ref) -> tuple[Account, str]:
        """The account and vendor id behind an opaque id, for ids that travel inside filters."""
        account = self._target({"ref": ref})
        return account, decode_id(ref.kind, ref.token)[1]

    async def call(self, capability: Capability, *, via: Account | None = None, **arguments: Any) -> Any:
        """Run `capability` with `arguments`; `via` pins the account (ids already resolved)."""
        account = self._target(arguments, via)
        self.require(account.scopes_for(capability), capability.value)
        if not account.supports(capability):
            reason = account.adapter_type.unsupported_reasons.get(capability)
            raise GatewayError(
                ErrorCode.UNSUPPORTED_OPERATION,
                f"{account.vendor} does not support {capability.value}" + (f": {reason}" if reason else ""),
                account=account.name,
                vendor=account.vendor,
            )
        native = {name: self._to_native(account, capability, value) for name, value in arguments.items()}
        adapter = account.adapter
        if adapter is None:
            raise GatewayError(ErrorCode.VENDOR_UNAVAILABLE, "the gateway is not ready", account=account.name)
        budget = account.spec.timeouts.total if self.timeout is None else min(self.timeout, account.spec.timeouts.total)
        ctx = OperationContext(
            account=account.name,
            request_id=self.request_id,
            idempotency_key=self.idempotency_key,
            deadline=time.monotonic() + budget,
        )
        account.breaker.admit(account.name, account.vendor)
        method = getattr(adapter, OPERATION_METHODS[capability])
        entry = record()
        if entry is not None:
            entry.account, entry.vendor, entry.operation = account.name, account.vendor, capability.value
        attributes = {
            "switchboard.vendor": account.vendor,
            "switchboard.account": account.name,
            "switchboard.operation": capability.value,
        }
        telemetry = self.runtime.telemetry
        started = time.perf_counter()
        with telemetry.tracer.start_as_current_span(
            f"{account.vendor} {capability.value}", attributes=attributes
        ) as span:
            try:
                result = await method(ctx, **native)
            except GatewayError as exc:
                exc.account = exc.account or account.name
                exc.vendor = exc.vendor or account.vendor
                span.set_attributes(
                    {"switchboard.outcome": "error", "switchboard.error_code": exc.code.value}
                    | ({"switchboard.vendor_code": exc.vendor_code} if exc.vendor_code else {})
                )
                span.set_status(Status(StatusCode.ERROR, exc.code.value))
                account.breaker.record(exc.code)
                self._measure(account, capability, started, exc.code.value, exc.vendor_code)
                raise
            except BaseException:
                account.breaker.record(None)  # not the vendor's failure; frees a half-open probe
                raise
            span.set_attribute("switchboard.outcome", "success")
            account.breaker.record(None)
            self._measure(account, capability, started, None, None)
        return self._from_native(account, capability, result)

    def _measure(
        self, account: Account, capability: Capability, started: float, code: str | None, vendor_code: str | None
    ) -> None:
        self.runtime.telemetry.metrics.operation(
            account=account.name,
            vendor=account.vendor,
            operation=capability.value,
            seconds=time.perf_counter() - started,
            code=code,
            vendor_code=vendor_code,
        )

    def _target(self, arguments: dict[str, Any], via: Account | None = None) -> Account:
        owners = {via.name} if via is not None else set()
        for value in arguments.values():
            if isinstance(value, Ref):
                try:
                    owner, _ = decode_id(value.kind, value.token)
                except ValueError:
                    raise _not_found(value.kind) from None
                if owner not in self.caller.accounts or owner not in self.runtime.accounts:
                    raise _not_found(value.kind)
                owners.add(owner)
        if len(owners) > 1:
            raise GatewayError(ErrorCode.NOT_FOUND, "the ids in this request belong to different accounts")
        return self.account(owners.pop() if owners else None)

    def _to_native(self, account: Account, capability: Capability, value: Any) -> Any:
        if isinstance(value, Ref):
            return decode_id(value.kind, value.token)[1]
        if isinstance(value, PageQuery):
            return PageRequest(limit=value.limit, cursor=self._native_cursor(account, capability, value.cursor))
        if isinstance(value, msgspec.Struct | list):
            return translate_ids(value, lambda kind, token, pointer: _body_id(account, kind, token, pointer))
        return value

    def _native_cursor(self, account: Account, capability: Capability, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        try:
            owner, listing, native = decode_cursor(cursor)
        except ValueError:
            raise invalid("cursor is not one this gateway issued", parameter="cursor") from None
        if owner != account.name or listing != capability.value:
            raise invalid("cursor belongs to a different listing", parameter="cursor")
        return native

    def _from_native(self, account: Account, capability: Capability, result: Any) -> Any:
        if isinstance(result, Page) and result.next_cursor is not None:
            result = msgspec.structs.replace(
                result, next_cursor=encode_cursor(account.name, capability.value, result.next_cursor)
            )
        return translate_ids(result, lambda kind, native, _pointer: encode_id(kind, account.name, native))


def _not_found(kind: ResourceKind) -> GatewayError:
    return GatewayError(ErrorCode.NOT_FOUND, f"no such {kind.value.replace('_', ' ')}")


def _body_id(account: Account, kind: ResourceKind, token: str, pointer: str) -> str:
    try:
        owner, native = decode_id(kind, token)
    except ValueError as exc:
        raise invalid(str(exc), pointer=pointer) from None
    if owner != account.name:
        raise invalid(f"no such {kind.value.replace('_', ' ')} in account {account.name!r}", pointer=pointer)
    return native
