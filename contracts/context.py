"""What an adapter knows about the request it serves."""

from __future__ import annotations

import msgspec


class OperationContext(msgspec.Struct, frozen=True, kw_only=True):
    """Per-request facts handed to every adapter call.

    `deadline` is a `time.monotonic()` instant after which the caller no longer waits; vendor
    I/O must not outlive it. `idempotency_key` is the caller's key (or one the gateway made)
    and stays the same across the gateway's own retries.
    """

    account: str
    request_id: str
    idempotency_key: str | None = None
    deadline: float | None = None
