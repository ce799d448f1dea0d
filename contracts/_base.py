"""Struct bases shared by every neutral model.

Responses are `Resource`s: every field is always present (nullable rather than omitted) so that
clients see one stable shape whichever vendor answered. Request bodies are `Input`s: unknown
fields are rejected, because a silently ignored field is a silently dropped instruction.
"""

from __future__ import annotations

import msgspec


class Resource(msgspec.Struct, kw_only=True):
    """A neutral resource as the gateway returns it."""


class Input(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A request body; unknown fields are an error, not a no-op."""


def field_error(name: str, reason: str) -> ValueError:
    """A validation failure inside `__post_init__` that names the offending field.

    msgspec reports `__post_init__` errors at the enclosing object; the gateway reads the
    back-quoted field name from this message to point at the exact field.
    """
    return ValueError(f"`{name}`: {reason}")
