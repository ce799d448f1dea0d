"""Per-item outcomes from a vendor's bulk answer that counts its failures but names only some."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from contracts.contacts import ItemOutcome, ItemStatus
from contracts.errors import ErrorCode


class SentItem(Protocol):
    @property
    def index(self) -> int: ...

    @property
    def phone(self) -> str: ...


def reported_outcomes(
    sent: Sequence[SentItem], refused: Mapping[int, str], failed_count: int, *, vendor: str, caveat: str
) -> list[ItemOutcome]:
    """One outcome per item of `sent`: rejected with its detail where `refused` names its position,
    else added. When the vendor counted more failures than it named, every added item says so
    (`caveat` finishes the sentence), since any of them may be among the unnamed."""
    unnamed = max(failed_count - len(refused), 0)
    maybe = f"{vendor} counted {unnamed} failed number(s) it did not name; this one {caveat}" if unnamed else None
    return [
        ItemOutcome(
            index=item.index,
            phone=item.phone,
            status=ItemStatus.REJECTED,
            code=ErrorCode.VENDOR_REJECTED,
            detail=refused[position],
        )
        if position in refused
        else ItemOutcome(index=item.index, phone=item.phone, status=ItemStatus.ADDED, detail=maybe)
        for position, item in enumerate(sent)
    ]
