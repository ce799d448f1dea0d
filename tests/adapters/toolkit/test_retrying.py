"""The shared retry loop: only retryable failures of idempotent requests, bounded."""

from __future__ import annotations

import time

import pytest

from adapters.http import VendorHttp
from contracts.adapter import AccountSpec, RetryPolicy
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError

CTX = OperationContext(account="a", request_id="r")


def vendor_http(max_attempts: int = 3) -> VendorHttp:
    account = AccountSpec(
        name="a",
        vendor="v",
        base_urls={},
        credentials={},
        options={},
        retries=RetryPolicy(max_attempts=max_attempts, base_delay=0.001, max_delay=0.002),
    )
    return VendorHttp(vendor="v", account=account)


class Flaky:
    def __init__(self, failures: list[GatewayError]) -> None:
        self.failures = failures
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "ok"


def unavailable() -> GatewayError:
    return GatewayError(ErrorCode.VENDOR_UNAVAILABLE, "down")


async def test_idempotent_retryable_failures_are_retried() -> None:
    attempt = Flaky([unavailable(), unavailable()])
    assert await vendor_http().retrying(CTX, operation="op", idempotent=True, attempt=attempt) == "ok"
    assert attempt.calls == 3


async def test_attempts_are_capped() -> None:
    attempt = Flaky([unavailable()] * 5)
    with pytest.raises(GatewayError):
        await vendor_http(max_attempts=2).retrying(CTX, operation="op", idempotent=True, attempt=attempt)
    assert attempt.calls == 2


@pytest.mark.parametrize(
    ("idempotent", "error"),
    [(False, unavailable()), (True, GatewayError(ErrorCode.CONFLICT, "state"))],
    ids=["not idempotent", "not retryable"],
)
async def test_unsafe_or_final_failures_are_not_retried(idempotent: bool, error: GatewayError) -> None:
    attempt = Flaky([error])
    with pytest.raises(GatewayError):
        await vendor_http().retrying(CTX, operation="op", idempotent=idempotent, attempt=attempt)
    assert attempt.calls == 1


async def test_no_retry_past_the_deadline() -> None:
    attempt = Flaky([GatewayError(ErrorCode.RATE_LIMITED, "slow down", retry_after=30)])
    ctx = OperationContext(account="a", request_id="r", deadline=time.monotonic() + 1)
    with pytest.raises(GatewayError):
        await vendor_http().retrying(ctx, operation="op", idempotent=True, attempt=attempt)
    assert attempt.calls == 1
