"""One request as the simulated vendor receives it, and the ways a handler refuses it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


class Refused(Exception):
    """An answer other than success: an HTTP status and the JSON body the vendor sends with it."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.body = body


@dataclass(frozen=True)
class SimRequest:
    method: str
    raw_path: str
    raw_query: str
    headers: dict[str, str]  # lower-case name -> value as received (first occurrence)
    body: bytes
    now: float  # simulated epoch seconds
    params: dict[str, str] = field(default_factory=dict)  # path parameters of the matched route

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        """The body as JSON (HTTP 400 when it is not); an absent body reads as None."""
        if not self.body:
            return None
        try:
            return json.loads(self.body.decode("utf-8"), parse_constant=_no_constants)
        except (UnicodeDecodeError, ValueError):
            raise Refused(400, {"resultCode": "400", "resultDesc": "The request body is not JSON"}) from None

    def json_object(self) -> dict[str, Any]:
        body = self.json()
        if not isinstance(body, dict):
            raise Refused(400, {"resultCode": "400", "resultDesc": "The request body is not a JSON object"})
        return body


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not JSON")
