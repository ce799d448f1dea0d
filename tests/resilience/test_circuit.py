"""The circuit breaker's state machine."""

from __future__ import annotations

import pytest

from adapters.simulation import SimClock
from contracts.adapter import CircuitPolicy
from contracts.errors import ErrorCode, GatewayError
from gateway.circuit import CircuitBreaker, CircuitState

DOWN = ErrorCode.VENDOR_UNAVAILABLE


def breaker(clock: SimClock) -> tuple[CircuitBreaker, list[tuple[CircuitState, CircuitState]]]:
    changes: list[tuple[CircuitState, CircuitState]] = []
    policy = CircuitPolicy(failure_threshold=3, open_seconds=10, half_open_probes=1)
    return CircuitBreaker(policy, on_change=lambda a, b: changes.append((a, b)), clock=clock.now), changes


def test_opens_after_consecutive_vendor_failures_only() -> None:
    clock = SimClock.frozen(0)
    circuit, changes = breaker(clock)
    for code in (DOWN, DOWN, ErrorCode.INVALID_REQUEST, DOWN, DOWN):
        circuit.admit("a", "v")
        circuit.record(code)
    assert circuit.state is CircuitState.CLOSED  # the vendor answered the bad request: count restarted
    circuit.admit("a", "v")
    circuit.record(ErrorCode.VENDOR_TIMEOUT)
    assert circuit.state is CircuitState.OPEN
    assert changes == [(CircuitState.CLOSED, CircuitState.OPEN)]


def test_open_fails_fast_with_retry_after_then_probes_and_closes() -> None:
    clock = SimClock.frozen(0)
    circuit, changes = breaker(clock)
    for _ in range(3):
        circuit.admit("a", "v")
        circuit.record(DOWN)
    with pytest.raises(GatewayError) as caught:
        circuit.admit("a", "v")
    assert caught.value.code is ErrorCode.VENDOR_UNAVAILABLE
    assert caught.value.retry_after == 10
    clock.advance(10)
    circuit.admit("a", "v")  # the probe
    with pytest.raises(GatewayError):
        circuit.admit("a", "v")  # only one probe at a time
    circuit.record(None)
    assert circuit.state is CircuitState.CLOSED
    assert changes[-2:] == [(CircuitState.OPEN, CircuitState.HALF_OPEN), (CircuitState.HALF_OPEN, CircuitState.CLOSED)]


def test_a_failed_probe_reopens() -> None:
    clock = SimClock.frozen(0)
    circuit, _ = breaker(clock)
    for _ in range(3):
        circuit.admit("a", "v")
        circuit.record(DOWN)
    clock.advance(11)
    circuit.admit("a", "v")
    circuit.record(DOWN)
    assert circuit.state is CircuitState.OPEN
    with pytest.raises(GatewayError):
        circuit.admit("a", "v")
