"""The one I/O path from an adapter to its vendor.

Every vendor request goes through `VendorHttp.send`: it bounds the request by the account's
timeouts and the caller's deadline, caps the response size, and turns transport failures and
HTTP-level vendor failures into neutral `GatewayError`s. Tracing, metrics and resilience policies
attach here, once, for every adapter.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import httpx
import msgspec

from contracts.adapter import AccountSpec
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError

T = TypeVar("T")

log = logging.getLogger(__name__)


class VendorResponse(msgspec.Struct, frozen=True):
    """A vendor's answer, fully read (decompressed) and size-checked."""

    status: int
    headers: httpx.Headers
    content: bytes


MAX_RESPONSE_BYTES = 8 * 1024 * 1024


class VendorHttp:
    def __init__(self, *, vendor: str, account: AccountSpec, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.vendor = vendor
        self.account = account
        timeouts = account.timeouts
        self._client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(timeouts.read, connect=timeouts.connect, pool=timeouts.connect),
            follow_redirects=False,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

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
        """Send one request; answers any HTTP status below 500 except 429 for the adapter to judge."""
        budget = self._time_left(ctx, operation)
        timeout = httpx.Timeout(
            min(self.account.timeouts.read, budget),
            connect=min(self.account.timeouts.connect, budget),
            pool=min(self.account.timeouts.connect, budget),
        )
        request = self._client.build_request(
            method, url, content=content, headers=headers, params=params, timeout=timeout
        )
        try:
            response = await self._client.send(request, stream=True)
            try:
                body = await self._read_capped(response, operation)
            finally:
                await response.aclose()
        except httpx.TimeoutException:
            raise self.error(ErrorCode.VENDOR_TIMEOUT, f"{self.vendor} did not answer {operation} in time") from None
        except httpx.TransportError as exc:
            raise self.error(
                ErrorCode.VENDOR_UNAVAILABLE,
                f"cannot reach {self.vendor} for {operation}: {type(exc).__name__}",
            ) from None
        answer = VendorResponse(response.status_code, response.headers, body)
        self._raise_for_transport_status(answer, operation)
        return answer

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
        for number in range(1, policy.max_attempts + 1):
            try:
                return await attempt()
            except GatewayError as exc:
                if not (idempotent and exc.retryable) or number == policy.max_attempts:
                    raise
                delay = self._backoff(number, exc.retry_after)
                if ctx.deadline is not None and time.monotonic() + delay >= ctx.deadline:
                    raise
                log.info(
                    "retrying %s %s on %s in %.2fs after %s (attempt %d)",
                    self.vendor,
                    operation,
                    self.account.name,
                    delay,
                    exc.code,
                    number,
                )
                await asyncio.sleep(delay)
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


def _retry_after_seconds(response: VendorResponse) -> int | None:
    value = response.headers.get("retry-after", "")
    return int(value) if value.isdigit() else None
