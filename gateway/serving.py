"""Running ASGI apps on uvicorn under one event loop, with signals handled by us.

Demo mode runs the gateway and every vendor simulator in one process; uvicorn would otherwise
install its own signal handlers per server, so the last one started would swallow Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import socket
from collections.abc import Awaitable, Callable, Coroutine, Generator
from typing import Any, TypeVar

import uvicorn

GRACE_SECONDS = 10

T = TypeVar("T")


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield  # the caller owns SIGINT/SIGTERM


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run the servers' event loop: uvloop where installed.

    Measured here (bench/README.md): on the standard asyncio loop every keep-alive request to a
    uvicorn server stalls ~40 ms (a delayed-ACK interaction); on uvloop the same request takes ~1 ms.
    """
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a declared dependency on Linux
        return asyncio.run(main)
    return uvloop.run(main)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; port 0 picks a free ephemeral port."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


class ServerGroup:
    """Several uvicorn servers that start together and stop together, in the order added."""

    def __init__(self) -> None:
        self._servers: list[tuple[_QuietServer, socket.socket]] = []
        self._tasks: list[asyncio.Task[None]] = []

    def add(self, app: Any, sock: socket.socket, *, log_level: str = "warning") -> None:
        config = uvicorn.Config(
            app, log_level=log_level, lifespan="on", access_log=False, timeout_graceful_shutdown=GRACE_SECONDS
        )
        self._servers.append((_QuietServer(config), sock))

    async def start(self) -> None:
        """Start every server; then freeze what start-up allocated out of the garbage collector's
        reach (configuration, adapters, route tables): collections stay short under load."""
        for server, sock in self._servers:
            task = asyncio.create_task(server.serve(sockets=[sock]))
            self._tasks.append(task)
            while not server.started:
                if task.done():
                    task.result()  # re-raises what stopped it
                    raise RuntimeError("a server exited during start-up; see the log above")
                await asyncio.sleep(0.01)
        gc.freeze()

    async def serve_until_signalled(self, drain: Callable[[], Awaitable[None]] | None = None) -> None:
        """Run until SIGINT/SIGTERM; then `drain` (refuse new work, finish in-flight), then stop."""
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)
        if drain is not None:
            await drain()
        await self.stop()

    async def stop(self) -> None:
        # The gateway (added first) drains before the simulators it talks to go away.
        for (server, _sock), task in zip(self._servers, self._tasks, strict=False):
            server.should_exit = True
            await task
