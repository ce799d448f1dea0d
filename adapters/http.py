"""The one I/O path from an adapter to its vendor.

Every vendor request goes through `VendorHttp.send`: it bounds the request by the account's
timeouts and the caller's deadline, caps the response size, turns transport failures and
HTTP-level vendor failures into neutral `GatewayError`s, opens one OpenTelemetry client span per
attempt (HTTP semantic conventions, URL scrubbed) and reports the attempt to the metrics.
`VendorHttp.retrying` repeats whole round trips that are safe to repeat. Every adapter gets all of
this by using it; none writes its own.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import random
import socket
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
import msgspec
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from adapters.instrumentation import NO_INSTRUMENTATION, VendorInstrumentation, add_vendor_wait
from adapters.quota import AccountQuota, QuotaRefusal
from adapters.state import MemoryState, StateStore
from contracts.adapter import AccountSpec, RetryPolicy
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError

T = TypeVar("T")

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 8 * 1024 * 1024
_DEFAULT_HEADERS = {"user-agent": "switchboard", "accept-encoding": "gzip, deflate"}


class VendorResponse(msgspec.Struct, frozen=True):
    """A vendor's answer, fully read (decompressed) and size-checked."""

    status: int
    headers: httpx.Headers
    content: bytes


def production_transport() -> httpx.AsyncBaseTransport:
    """The transport under the adapters' httpx clients outside tests."""
    # Idle connections are dropped after 4 s: servers commonly close them after 5 s (uvicorn's
    # default), and reusing one the server has just closed fails the request.
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=4)
    if os.environ.get("SWITCHBOARD_VENDOR_TRANSPORT", "aiohttp") == "aiohttp":
        from httpx_aiohttp import AiohttpTransport

        return AiohttpTransport(limits=limits)
    return httpx.AsyncHTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)], limits=limits)


def segment(value: str) -> str:
    """A value placed in a URL path, quoted whole: an id can never add `/` or `..` to the path."""
    return quote(value, safe="")


@functools.lru_cache(maxsize=1024)
def _parsed(url: str) -> httpx.URL:
    """Adapters call a bounded set of endpoint URLs; parse each once."""
    return httpx.URL(url)


@functools.lru_cache(maxsize=1024)
def _url_attributes(url: httpx.URL) -> dict[str, Any]:
    return {
        "url.full": scrubbed_url(url),
        "server.address": url.host,
        "server.port": url.port or (443 if url.scheme == "https" else 80),
    }


def scrubbed_url(url: httpx.URL) -> str:
    """The URL without user info and with query values redacted: vendors put tokens there."""
    query = "&".join(f"{key}=REDACTED" for key, _ in url.params.multi_items())
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}{url.path}" + (f"?{query}" if query else "")


class VendorHttp:
    def __init__(
        self,
        *,
        vendor: str,
        account: AccountSpec,
        transport: httpx.AsyncBaseTransport | None = None,
        instrumentation: VendorInstrumentation = NO_INSTRUMENTATION,
        state: StateStore | None = None,
    ) -> None:
        self.vendor = vendor
        self.account = account
        self.instrumentation = instrumentation
        # Shared with every replica when the gateway runs on Redis: quotas, tokens, nonces.
        self.state: StateStore = state if state is not None else MemoryState()
        self.quota = AccountQuota(account, vendor, self.state, instrumentation.metrics)
        self._retry_budget = RetryBudget(account.retries)
        # Vendor hosts come only from configuration: nothing a caller sends can point elsewhere.
        self._hosts = frozenset(httpx.URL(url).netloc for url in account.base_urls.values())
        # The transport itself, not an httpx.AsyncClient around it: no redirects, cookies, auth or
        # event hooks are wanted, and the client's handling of them cost ~10 % of the gateway's
        # CPU per request (measured: bench/README.md).
        self._transport = transport or production_transport()

    async def aclose(self) -> None:
        await self._transport.aclose()

    def token_refreshed(self, outcome: str) -> None:
        """For `TokenCache(report=...)`: one token fetch ended with `outcome`."""
        self.instrumentation.metrics.token_refresh(vendor=self.vendor, account=self.account.name, outcome=outcome)

    def error(self, code: ErrorCode, detail: str, **extra: Any) -> GatewayError:
        return GatewayError(code, detail, account=self.account.name, vendor=self.vendor, **extra)

    def _time_left(self, ctx: OperationContext, operation: str) -> float:
        budget = self.account.timeouts.total
        if ctx.deadline is not None:
            budget = min(budget, ctx.deadline - time.monotonic())
        if budget <= 0:
            raise self.error(ErrorCode.VENDOR_TIMEOUT, f"no time left for {operation} before the deadline")
        return budget

    async def send(
        self,
        ctx: OperationContext,
        *,
        operation: str,
        method: str,
        url: str,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
    ) -> VendorResponse:
        """Send one request; answers any HTTP status below 500 except 429 for the adapter to judge.

        `operation` names the vendor endpoint (bounded: it labels metrics and spans).
        """
        budget = self._time_left(ctx, operation)
        timeout = httpx.Timeout(
            min(self.account.timeouts.read, budget),
            connect=min(self.account.timeouts.connect, budget),
            pool=min(self.account.timeouts.connect, budget),
        )
        request = httpx.Request(
            method,
            _parsed(url),
            content=content,
            headers=_DEFAULT_HEADERS if headers is None else {**_DEFAULT_HEADERS, **headers},
            params=params,
            extensions={"timeout": timeout.as_dict()},
        )
        if request.url.netloc not in self._hosts:
            raise self.error(ErrorCode.INTERNAL, f"{self.vendor} adapter tried to reach an unconfigured host")
        tracer = self.instrumentation.tracer
        with tracer.start_as_current_span(
            method, kind=SpanKind.CLIENT, attributes=self._span_attributes(request, operation)
        ) as span:
            if self.account.propagate_trace:
                propagate.inject(request.headers)
            started = time.perf_counter()
            status = "error"
            try:
                async with self.quota.slot(budget):
                    answer = await self._exchange(request, operation, budget)
                status = str(answer.status)
                span.set_attribute("http.response.status_code", answer.status)
                self._raise_for_transport_status(answer, operation)
                return answer
            except GatewayError as exc:
                span.set_attribute("error.type", exc.code.value)
                span.set_status(Status(StatusCode.ERROR, exc.code.value))
                raise
            finally:
                elapsed = time.perf_counter() - started
                add_vendor_wait(elapsed)
                self.instrumentation.metrics.attempt(
                    vendor=self.vendor, account=self.account.name, endpoint=operation, status=status, seconds=elapsed
                )
                if log.isEnabledFor(logging.DEBUG):
                    log.debug(
                        "vendor attempt",
                        extra={
                            "vendor": self.vendor,
                            "account": self.account.name,
                            "endpoint": operation,
                            "status": status,
                            "duration_ms": round(elapsed * 1000, 3),
                        },
                    )

    def _span_attributes(self, request: httpx.Request, operation: str) -> dict[str, Any]:
        return {
            "http.request.method": request.method,
            **_url_attributes(request.url),
            "switchboard.vendor": self.vendor,
            "switchboard.account": self.account.name,
            "switchboard.vendor_endpoint": operation,
        }

    async def _exchange(self, request: httpx.Request, operation: str, budget: float) -> VendorResponse:
        try:
            # httpx bounds each network step; this bounds the whole exchange, whatever the transport.
            async with asyncio.timeout(budget):
                response = await self._transport.handle_async_request(request)
                try:
                    body = await self._read_capped(response, operation)
                finally:
                    await response.aclose()
        except (httpx.TimeoutException, TimeoutError):
            raise self.error(ErrorCode.VENDOR_TIMEOUT, f"{self.vendor} did not answer {operation} in time") from None
        except httpx.TransportError as exc:
            raise self.error(
                ErrorCode.VENDOR_UNAVAILABLE, f"cannot reach {self.vendor} for {operation}: {type(exc).__name__}"
            ) from None
        return VendorResponse(response.status_code, response.headers, body)

    async def _read_capped(self, response: httpx.Response, operation: str) -> bytes:
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise self.error(
                    ErrorCode.VENDOR_BAD_RESPONSE,
                    f"{self.vendor} answered {operation} with more than {MAX_RESPONSE_BYTES} bytes",
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _raise_for_transport_status(self, response: VendorResponse, operation: str) -> None:
        status = response.status
        if status == 429:
            raise self.error(
                ErrorCode.RATE_LIMITED,
                f"{self.vendor} rate-limited {operation}",
                retry_after=_retry_after_seconds(response),
                vendor_code="HTTP 429",
            )
        if status >= 500:
            raise self.error(
                ErrorCode.VENDOR_UNAVAILABLE,
                f"{self.vendor} failed {operation} with HTTP {status}",
                vendor_code=f"HTTP {status}",
            )

    async def retrying(
        self,
        ctx: OperationContext,
        *,
        operation: str,
        idempotent: bool,
        attempt: Callable[[], Awaitable[T]],
    ) -> T:
        """Run `attempt` — one whole vendor round trip, envelope check included — and repeat it
        after a retryable failure, but only when the request is safe to repeat (`idempotent`: a
        read, or a write the vendor de-duplicates by an idempotency key). Each repetition must
        re-sign the request (fresh nonce and timestamp), so `attempt` builds it anew.
        """
        policy = self.account.retries
        self._retry_budget.deposit()
        for number in range(1, policy.max_attempts + 1):
            try:
                return await attempt()
            except GatewayError as exc:
                if not (idempotent and exc.retryable) or number == policy.max_attempts or isinstance(exc, QuotaRefusal):
                    raise
                if not self._retry_budget.withdraw():
                    log.warning("retry budget of %s exhausted; not retrying %s", self.account.name, operation)
                    raise
                delay = self._backoff(number, exc.retry_after)
                if ctx.deadline is not None and time.monotonic() + delay >= ctx.deadline:
                    raise
                self.instrumentation.metrics.retry(
                    vendor=self.vendor, account=self.account.name, operation=operation, code=exc.code.value
                )
                trace.get_current_span().add_event(
                    "retry", {"switchboard.error_code": exc.code.value, "delay_s": delay, "attempt": number}
                )
                await asyncio.sleep(delay)
                add_vendor_wait(delay)
        raise AssertionError("unreachable: the loop returns or raises")

    def _backoff(self, attempt: int, retry_after: int | None) -> float:
        policy = self.account.retries
        if retry_after is not None:
            return float(retry_after)
        # Full jitter: spreads the retries of many callers after one vendor hiccup.
        return random.uniform(0, min(policy.max_delay, policy.base_delay * 2 ** (attempt - 1)))

    def decode(self, response: VendorResponse, type_: type[T], *, operation: str) -> T:
        """Decode a JSON body into the adapter's wire type; a malformed body is a 502, never a crash."""
        try:
            return msgspec.json.decode(response.content, type=type_)
        except msgspec.DecodeError as exc:
            raise self.error(
                ErrorCode.VENDOR_BAD_RESPONSE,
                f"{self.vendor} answered {operation} with an unreadable body: {exc}",
                vendor_code=f"HTTP {response.status}",
            ) from None


class RetryBudget:
    """Per account and replica: each operation earns `budget_ratio` of a retry, up to a reserve of
    `budget_floor`; each retry spends one. In an outage retries stop once the reserve is spent."""

    def __init__(self, policy: RetryPolicy) -> None:
        self._ratio = policy.budget_ratio
        self._cap = policy.budget_floor
        self._tokens = policy.budget_floor

    def deposit(self) -> None:
        self._tokens = min(self._cap, self._tokens + self._ratio)

    def withdraw(self) -> bool:
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True


def _retry_after_seconds(response: VendorResponse) -> int | None:
    value = response.headers.get("retry-after", "")
    return int(value) if value.isdigit() else None
