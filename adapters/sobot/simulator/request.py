"""One request as the simulated vendor's handlers see it, already authenticated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.sobot.simulator.auth import IssuedToken


@dataclass(frozen=True)
class SimRequest:
    query: dict[str, str]
    headers: dict[str, str]
    body: Any  # parsed JSON, None when the request has no body
    now: float  # simulated epoch seconds
    token: IssuedToken
