"""Real server processes on 127.0.0.1 ephemeral ports, for end-to-end tests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


class DemoProcess:
    def __init__(self, url: str, simulators: dict[str, str], process: subprocess.Popen[bytes], log: Path) -> None:
        self.url = url
        self.simulators = simulators  # account name -> simulator base URL
        self.process = process
        self.log = log  # everything the process printed, stdout and stderr

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def demo_process(api_key: str) -> Iterator[DemoProcess]:
    """`switchboard demo` on an ephemeral port; its output goes to a file (a pipe could fill up)."""
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "demo.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "gateway.cli", "demo", "--host", "127.0.0.1", "--port", "0"],
                stdout=sink,
                stderr=subprocess.STDOUT,
                env=os.environ | {"SWITCHBOARD_DEMO_KEY": api_key},
            )
        try:
            banner = _wait_for(log, "Press Ctrl-C", process)
            url = re.search(r"listening on (http://127\.0\.0\.1:\d+)", banner)
            if url is None or f"API key:    {api_key}" not in banner:
                raise AssertionError(f"demo did not start:\n{banner}")
            simulators = dict(re.findall(r"account (\S+): \S+ simulator at (http://[^\s,]+)", banner))
            yield DemoProcess(url.group(1), simulators, process, log)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(10)


def _wait_for(log: Path, marker: str, process: subprocess.Popen[bytes], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        if marker in text or process.poll() is not None:
            return text
        time.sleep(0.05)
    return log.read_text(encoding="utf-8", errors="replace")


def wait_until_healthy(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not become healthy")
