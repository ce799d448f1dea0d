"""A circuit breaker per vendor account (and replica): closed -> open -> half-open -> closed.

After `failure_threshold` consecutive vendor-side failures the circuit opens: requests to the
account fail fast with 503 `vendor_unavailable` and `Retry-After` instead of piling onto a vendor
that is down. After `open_seconds` the circuit is half-open: up to `half_open_probes` requests go
through; one success closes the circuit, one failure opens it again.
"""

from __future__ import annotations

import enum
import math
import time
from collections.abc import Callable

from contracts.adapter import CircuitPolicy
from contracts.errors import ErrorCode, GatewayError

VENDOR_SIDE_FAILURES = frozenset({ErrorCode.VENDOR_UNAVAILABLE, ErrorCode.VENDOR_TIMEOUT})


class CircuitState(enum.IntEnum):
    CLOSED = 0
    HALF_OPEN = 1
    OPEN = 2


class CircuitBreaker:
    def __init__(
        self,
        policy: CircuitPolicy,
        *,
        on_change: Callable[[CircuitState, CircuitState], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._policy = policy
        self._on_change = on_change
        self._clock = clock
        self.state = CircuitState.CLOSED
        self._failures = 0
        self._reopen_at = 0.0
        self._probes = 0

    def admit(self, account: str, vendor: str) -> None:
        """Let a request through, or fail it fast while the vendor is presumed down."""
        if self.state is CircuitState.OPEN:
            wait = self._reopen_at - self._clock()
            if wait > 0:
                raise self._fail_fast(account, vendor, wait)
            self._move(CircuitState.HALF_OPEN)
            self._probes = 0
        if self.state is CircuitState.HALF_OPEN:
            if self._probes >= self._policy.half_open_probes:
                raise self._fail_fast(account, vendor, 1.0)
            self._probes += 1

    def record(self, code: ErrorCode | None) -> None:
        """The outcome of an admitted request: None for success, else its neutral error code."""
        failed = code in VENDOR_SIDE_FAILURES
        if self.state is CircuitState.HALF_OPEN:
            self._probes = max(0, self._probes - 1)
            if failed:
                self._open()
            else:
                self._failures = 0
                self._move(CircuitState.CLOSED)
            return
        if not failed:
            self._failures = 0
            return
        self._failures += 1
        if self.state is CircuitState.CLOSED and self._failures >= self._policy.failure_threshold:
            self._open()

    def _open(self) -> None:
        self._reopen_at = self._clock() + self._policy.open_seconds
        self._move(CircuitState.OPEN)

    def _move(self, state: CircuitState) -> None:
        previous, self.state = self.state, state
        if previous is not state and self._on_change is not None:
            self._on_change(previous, state)

    def _fail_fast(self, account: str, vendor: str, wait: float) -> GatewayError:
        return GatewayError(
            ErrorCode.VENDOR_UNAVAILABLE,
            f"{vendor} account {account!r} is failing; the gateway is not sending it requests for now",
            account=account,
            vendor=vendor,
            retry_after=max(1, math.ceil(wait)),
        )
