"""Load shapes and the figures taken from them."""

from __future__ import annotations

import asyncio
import gc
import math
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

from prometheus_client.parser import text_string_to_metric_families

from bench.processes import cpu_seconds

Call = Callable[[], Awaitable[None]]


class Latencies:
    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.errors: list[str] = []

    def quantile(self, q: float) -> float:
        if not self.seconds:
            return math.nan
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


class Loop:
    """A closed loop: `connections` callers back to back."""

    def __init__(self, requests: int, seconds: float, cpu: float, errors: int) -> None:
        self.requests = requests
        self.seconds = seconds
        self.cpu = cpu
        self.errors = errors

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else math.nan

    @property
    def cpu_per_request_us(self) -> float:
        return self.cpu / self.requests * 1e6 if self.requests else math.nan


class Cell:
    """Every figure of one (vendor, operation)."""

    def __init__(self, vendor: str, operation: str) -> None:
        self.vendor = vendor
        self.operation = operation
        self.direct_one = Latencies()
        self.gateway_one = Latencies()
        self.direct_rate = Latencies()
        self.gateway_rate = Latencies()
        self.overhead: dict[str, float] = {}
        self.loop = Loop(0, 0.0, 0.0, 0)
        self.note = ""

    def first_error(self) -> str:
        for latencies in (self.direct_one, self.gateway_one, self.direct_rate, self.gateway_rate):
            if latencies.errors:
                return latencies.errors[0]
        return ""

    @property
    def errors(self) -> int:
        return sum(len(x.errors) for x in (self.direct_one, self.gateway_one, self.direct_rate, self.gateway_rate)) + (
            self.loop.errors
        )


async def _timed(call: Call, into: Latencies) -> None:
    started = time.perf_counter()  # not loop.time(): uvloop's clock has 1 ms resolution
    try:
        await call()
    except Exception as exc:  # a failed request is a figure of the run, not the end of it
        into.errors.append(f"{type(exc).__name__}: {exc}"[:200])
        return
    into.seconds.append(time.perf_counter() - started)


@contextmanager
def collector_paused() -> Iterator[None]:
    """This process's garbage collector off while it measures, as `timeit` does.

    The load generator is not what is measured, yet its full collections (30-60 ms measured here)
    were charged to whichever requests they interrupted, as gateway p99. The gateway's and the
    simulators' collectors are left alone."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def sequential(call: Call, n: int, *, pace: float = 0.0) -> Latencies:
    """One connection, one request at a time (`pace` seconds apart when the vendor demands it)."""
    result = Latencies()
    with collector_paused():
        for _ in range(n):
            if pace:
                await asyncio.sleep(pace)
            await _timed(call, result)
    return result


async def fixed_rate(call: Call, rate: float, seconds: float) -> Latencies:
    """Open loop: a request every 1/rate seconds whatever the answers do."""
    result = Latencies()
    tasks = []
    with collector_paused():
        start = time.perf_counter()
        for slot in range(int(rate * seconds)):
            delay = start + slot / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.ensure_future(_timed(call, result)))
        await asyncio.gather(*tasks)
    return result


async def closed_loop(call: Call, connections: int, seconds: float, pid: int) -> Loop:
    """Saturation: the gateway's throughput and its CPU time per request."""
    done = 0
    result = Latencies()
    stop = time.perf_counter() + seconds

    async def caller() -> None:
        nonlocal done
        while time.perf_counter() < stop:
            await _timed(call, result)
            done += 1

    with collector_paused():
        cpu_before = cpu_seconds(pid)
        started = time.perf_counter()
        await asyncio.gather(*(caller() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    return Loop(len(result.seconds), elapsed, cpu_seconds(pid) - cpu_before, len(result.errors))


def overhead_quantiles(before: str, after: str, route: str) -> dict[str, float]:
    """Mean, p50 and p99 of the gateway's overhead histogram between two scrapes, for `route`."""
    buckets: dict[float, float] = {}
    total = count = 0.0
    for text, sign in ((after, 1), (before, -1)):
        for family in text_string_to_metric_families(text):
            if family.name != "switchboard_gateway_overhead_seconds":
                continue
            for sample in family.samples:
                if sample.labels.get("route") != route:
                    continue
                if sample.name.endswith("_bucket"):
                    bound = float(sample.labels["le"])
                    buckets[bound] = buckets.get(bound, 0.0) + sign * sample.value
                elif sample.name.endswith("_sum"):
                    total += sign * sample.value
                elif sample.name.endswith("_count"):
                    count += sign * sample.value
    if not count:
        return {}
    return {
        "mean": total / count,
        "p50": _from_buckets(buckets, count, 0.5),
        "p99": _from_buckets(buckets, count, 0.99),
    }


def _from_buckets(buckets: dict[float, float], count: float, q: float) -> float:
    """Linear interpolation inside the bucket holding the q-quantile (as PromQL does)."""
    wanted = q * count
    lower_bound, lower_count = 0.0, 0.0
    for bound in sorted(buckets):
        if buckets[bound] >= wanted:
            if math.isinf(bound):
                return lower_bound
            share = (wanted - lower_count) / max(buckets[bound] - lower_count, 1e-12)
            return lower_bound + (bound - lower_bound) * share
        lower_bound, lower_count = bound, buckets[bound]
    return lower_bound


def machine_speed_us() -> float:
    """A fixed piece of pure-Python work, best of five, in µs: these machines are shared, and how
    fast this runs at the start and the end of a run says how far to trust its CPU figures."""
    best = math.inf
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(20_000):
            sum(range(100))
        best = min(best, time.perf_counter() - started)
    return best / 20_000 * 1e6
