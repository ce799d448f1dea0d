"""The benchmark's server processes, and what the kernel says about them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from gateway.serving import bind

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@contextmanager
def simulators() -> Iterator[dict[str, str]]:
    """`bench.simulators` in its own process: vendor -> base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.simulators"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    urls = {}
    try:
        for line in process.stdout:
            if line.strip() == "ready":
                break
            vendor, url = line.split()
            urls[vendor] = url
        yield urls
    finally:
        _stop(process)


@contextmanager
def otlp_sink() -> Iterator[str]:
    """`bench.otlp_sink` in its own process: its OTLP traces URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.otlp_sink"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    try:
        yield process.stdout.readline().strip()
    finally:
        _stop(process)


@contextmanager
def gateway(config: Path, env: dict[str, str], *, source: Path | None = None) -> Iterator[tuple[str, int]]:
    """`switchboard serve` (one worker) on a free loopback port, with `env` added: (URL, pid).

    `source`: run the gateway's code from that checkout (a `git worktree` of a baseline, say)."""
    with bind("127.0.0.1", 0) as probe:
        port = probe.getsockname()[1]
    env = os.environ | {"SWITCHBOARD_LOG_LEVEL": "WARNING"} | env
    log = config.with_suffix(".log")
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
            [sys.executable, "-m", "gateway.cli", "serve", "--config", str(config), "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=source,  # `python -m` imports from the working directory first
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError(f"the gateway did not become ready:\n{log.read_text()[-2000:]}")
        yield url, process.pid
    finally:
        _stop(process)


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not become ready")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of `pid` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _stop(process: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
