"""Strict readers of request members, typed as sobot-callservice-v6-api.txt types them.

The document types the same member differently per interface (`agentType` is an int for the
agent settings, line 17, a String for skill groups and tasks, lines 484, 1141); the simulator
holds each interface to its own table, so a client that sends the wrong JSON type is refused
with 400 rather than silently coerced.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from adapters.sobot.simulator.faults import bad_request


def obj(body: Any, where: str = "body") -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad_request(f"{where} must be a JSON object")
    return body


def only(body: dict[str, Any], allowed: Iterable[str], where: str = "body") -> None:
    """Members the document does not list are refused: a misspelt member is a lost instruction."""
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise bad_request(f"{where}: unknown member {unknown[0]!r}")


def text(body: dict[str, Any], name: str, *, required: bool = False, max_length: int | None = None) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise bad_request(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise bad_request(f"{name} must be a String")
    if max_length is not None and len(value) > max_length:
        raise bad_request(f"{name} must be at most {max_length} characters")
    return value


def integer(body: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    value = body.get(name)
    if value is None:
        if required:
            raise bad_request(f"{name} is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"{name} must be a number")
    return value


def flag(body: dict[str, Any], name: str) -> bool | None:
    value = body.get(name)
    if value is not None and not isinstance(value, bool):
        raise bad_request(f"{name} must be a Boolean")
    return value


def array(body: dict[str, Any], name: str, *, required: bool = False) -> list[Any]:
    value = body.get(name)
    if value is None:
        if required:
            raise bad_request(f"{name} is required")
        return []
    if not isinstance(value, list):
        raise bad_request(f"{name} must be a List")
    return value


def choice(body: dict[str, Any], name: str, allowed: Iterable[str], *, required: bool = False) -> str | None:
    value = text(body, name, required=required)
    if value is not None and value not in set(allowed):
        raise bad_request(f"{name} must be one of {', '.join(sorted(allowed))}")
    return value


def digits(number: str, name: str, low: int = 3, high: int = 16) -> str:
    """The contact-plan rule for numbers, "3- to 16-digit" (line 1591), applied to every number."""
    if not (number.isascii() and number.isdigit() and low <= len(number) <= high):
        raise bad_request(f"{name} must be {low} to {high} digits")
    return number
