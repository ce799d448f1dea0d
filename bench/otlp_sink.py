"""A loopback OTLP/HTTP receiver that accepts and discards spans, so that the benchmark runs the
gateway with tracing on — spans recorded and exported — without a collector.

`python -m bench.otlp_sink` prints its traces URL, then serves until SIGTERM.
"""

from __future__ import annotations

from typing import Any

from gateway.serving import ServerGroup, bind, run, url_of


async def accept(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/x-protobuf")]}
    )
    await send({"type": "http.response.body", "body": b""})


async def serve() -> None:
    sock = bind("127.0.0.1", 0)
    group = ServerGroup()
    group.add(accept, sock)
    await group.start()
    print(f"{url_of(sock)}/v1/traces", flush=True)
    await group.serve_until_signalled()


if __name__ == "__main__":
    run(serve())
