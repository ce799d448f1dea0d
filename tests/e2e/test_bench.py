"""The benchmark script keeps working: CI runs it once in its smoke mode (no figures asserted)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e


def test_benchmark_smoke_run_prints_its_table() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke"], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| vendor | op | direct p50/p95/p99 ms (1 conn)" in result.stdout
    assert "gateway peak RSS" in result.stdout
    for vendor in ("flashai", "huawei_cec", "sobot"):
        assert f"| {vendor} | read |" in result.stdout


def test_variant_comparison_prints_a_ratio_per_variant() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.compare", "", "OTEL_TRACES_EXPORTER=none", "--rounds", "1", "--seconds", "0.5"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sobot read: gateway CPU µs per request, 1 rounds of 0.5 s" in result.stdout
    assert "'(as is)': median" in result.stdout
    assert "'OTEL_TRACES_EXPORTER=none': median" in result.stdout
