"""The benchmark's one table, with the targets beside the figures."""

from __future__ import annotations

import math

from bench.measure import Cell

TARGETS = {
    "added p50 at 1 connection": 1.0,  # ms
    "added p99 at 200 req/s": 3.0,  # ms
    "gateway CPU per request": 800.0,  # µs
    "peak RSS per worker": 150.0,  # MB
}


def _ms(seconds: float) -> str:
    return "—" if math.isnan(seconds) else f"{seconds * 1000:.2f}"


def _count(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.0f}"


def render(cells: list[Cell], *, rss_mb: float, speed_us: tuple[float, float], smoke: bool) -> str:
    header = (
        "| vendor | op | direct p50/p95/p99 ms (1 conn) | gateway p50/p95/p99 ms (1 conn) | added p50 ms | "
        "direct p99 @rate | gateway p99 @rate | added p99 ms | overhead mean/p50/p99 ms | gateway req/s | "
        "CPU µs/req | errors |"
    )
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for cell in cells:
        one = [cell.direct_one.quantile(q) for q in (0.5, 0.95, 0.99)]
        gw = [cell.gateway_one.quantile(q) for q in (0.5, 0.95, 0.99)]
        overhead = "/".join(_ms(cell.overhead.get(k, math.nan)) for k in ("mean", "p50", "p99"))
        direct_p99, gateway_p99 = cell.direct_rate.quantile(0.99), cell.gateway_rate.quantile(0.99)
        lines.append(
            f"| {cell.vendor} | {cell.operation} | {'/'.join(map(_ms, one))} | {'/'.join(map(_ms, gw))} | "
            f"{_ms(gw[0] - one[0])} | {_ms(direct_p99)} | {_ms(gateway_p99)} | {_ms(gateway_p99 - direct_p99)} | "
            f"{overhead} | {_count(cell.loop.per_second)} | {_count(cell.loop.cpu_per_request_us)} | {cell.errors} |"
        )
    lines.append("")
    lines += [f"{cell.vendor} {cell.operation}: {cell.note}" for cell in cells if cell.note]
    lines.append(f"gateway peak RSS: {rss_mb:.0f} MB (one worker)")
    lines.append(
        f"machine speed (sum(range(100)), lower is faster): {speed_us[0]:.2f} µs before, {speed_us[1]:.2f} µs after"
    )
    lines.append("targets: " + "; ".join(f"{name} ≤ {limit:g}" for name, limit in TARGETS.items()))
    if smoke:
        lines.append("smoke mode: too few requests for the figures to mean anything")
    failures = [
        f"{cell.vendor} {cell.operation}: {cell.errors} errors, e.g. {cell.first_error()}"
        for cell in cells
        if cell.errors
    ]
    lines += failures
    return "\n".join(lines)
