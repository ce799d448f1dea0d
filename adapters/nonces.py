"""Nonces that are never reused within a window, across replicas (FlashAI: 10 minutes per client)."""

from __future__ import annotations

from collections.abc import Callable

from adapters.state import StateStore

MAX_TRIES = 20


async def fresh_nonce(state: StateStore, scope: str, generate: Callable[[], str], *, ttl: float) -> str:
    """A nonce from `generate` that no replica has used in `scope` for `ttl` seconds."""
    for _ in range(MAX_TRIES):
        nonce = generate()
        if await state.claim(f"nonce:{scope}:{nonce}", b"", ttl):
            return nonce
    raise RuntimeError(f"no unused nonce after {MAX_TRIES} draws; is the generator random?")
