"""Expecting a neutral error from an adapter call."""

from __future__ import annotations

from collections.abc import Awaitable

import pytest

from contracts.errors import GatewayError


async def refused(call: Awaitable[object]) -> GatewayError:
    """The `GatewayError` that awaiting `call` raises; the test fails if it raises none."""
    with pytest.raises(GatewayError) as caught:
        await call
    return caught.value
