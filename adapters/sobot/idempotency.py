"""Idempotency keys and calling-list codes for the outbound-task writes.

Sobot requires an `Idempotency-Key` ("UUID, idempotency", sobot-callservice-v6-api.txt lines 1134,
1210) on task creation and data import. A key must stay the same for every attempt of one vendor
write — the gateway's own retries and the caller's retries of the same neutral request — and must
differ between distinct vendor writes (create vs import, chunk 0 vs chunk 1), so that a retried
create never creates twice and two chunks are never taken for one.

Keys are therefore derived, not drawn: UUIDv5 over the account, the caller's own key (or a random
one made once per neutral request when the caller sent none) and the write's label.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Final

from contracts.context import OperationContext

_NAMESPACE: Final = uuid.UUID("5b0b0f3e-6c41-4f4e-9d8a-5a0b0b7f5e21")
_SEPARATOR: Final = "\x1f"  # cannot occur in a header value, so the parts never run together
# "at most a 20-digit combination of letters and numbers" (line 1220).
CALLING_LIST_CODE_LENGTH: Final = 20


class RequestKeys:
    """The keys of one neutral request's vendor writes."""

    def __init__(self, ctx: OperationContext) -> None:
        self._base = _SEPARATOR.join((ctx.account, ctx.idempotency_key or f"random:{uuid.uuid4().hex}"))

    def key(self, *label: str | int) -> str:
        """The `Idempotency-Key` of the write named by `label`, e.g. ("import", code, 0)."""
        return str(uuid.uuid5(_NAMESPACE, self._joined(label)))

    def calling_list_code(self, *label: str | int) -> str:
        """A batch number (`callingListCode`) for one import: hex letters and digits, 20 long."""
        digest = hashlib.sha256(self._joined(("calling-list", *label)).encode()).hexdigest()
        return digest[:CALLING_LIST_CODE_LENGTH]

    def number(self, digits: int, *label: str | int) -> str:
        """A decimal number of `digits` digits (a new skill group's `queueID`), stable per label."""
        value = int.from_bytes(hashlib.sha256(self._joined(("number", *label)).encode()).digest(), "big")
        return str(value % 10**digits).zfill(digits)

    def _joined(self, label: tuple[str | int, ...]) -> str:
        return _SEPARATOR.join((self._base, *(str(part) for part in label)))


def fresh_key() -> str:
    """A key for a read that the document makes carry one (lines 1334, 1445).

    Reads get a new key per attempt: a vendor that replays by key would otherwise answer a later
    read with an earlier, stale result.
    """
    return str(uuid.uuid4())
