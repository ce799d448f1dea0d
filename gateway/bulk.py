"""Bulk contact adds: duplicates are answered by the gateway, every item is accounted for.

The same phone twice in one request is reported as `duplicate` at its later positions and sent
to the vendor once. After the adapter answers, its item indices (which refer to the de-duplicated
list) are mapped back to the caller's positions, and the gateway checks that each position has
exactly one outcome — an adapter that lost an item is a gateway bug, not a silent drop.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, TypeVar

import msgspec

from contracts.campaigns import CampaignCreated
from contracts.contacts import BulkResult, ItemOutcome
from contracts.errors import ErrorCode, FieldIssue, GatewayError

R = TypeVar("R", BulkResult, CampaignCreated)


class _Dialable(Protocol):
    @property
    def phone(self) -> str: ...


D = TypeVar("D", bound=_Dialable)


async def add_unique(contacts: Sequence[D], send: Callable[[list[D]], Awaitable[R]], *, field: str) -> R:
    """Send each distinct phone once; answer for every item of `contacts` in the caller's order.

    `field` is the body member holding the list, so that an adapter's JSON pointers into the
    de-duplicated list (`/contacts/3/...`) can be mapped back to the caller's positions.
    """
    first_index: dict[str, int] = {}
    positions: list[int] = []
    unique: list[D] = []
    duplicates: list[ItemOutcome] = []
    for index, contact in enumerate(contacts):
        if contact.phone in first_index:
            duplicates.append(ItemOutcome.duplicate_of(index, contact.phone, first_index[contact.phone]))
            continue
        first_index[contact.phone] = index
        positions.append(index)
        unique.append(contact)
    try:
        result = await send(unique)
    except GatewayError as exc:
        exc.errors = [_repointed(issue, field, positions) for issue in exc.errors or []] or exc.errors
        raise
    vendor_items = result.items if isinstance(result, BulkResult) else result.contacts.items
    merged = BulkResult.of([_relocated(item, positions) for item in vendor_items] + duplicates)
    if [item.index for item in merged.items] != list(range(len(contacts))):
        raise GatewayError(ErrorCode.INTERNAL, "the adapter did not account for every contact")
    if isinstance(result, CampaignCreated):
        return msgspec.structs.replace(result, contacts=merged)
    return merged


def _relocated(item: ItemOutcome, positions: list[int]) -> ItemOutcome:
    if not 0 <= item.index < len(positions):
        raise GatewayError(ErrorCode.INTERNAL, "the adapter reported a contact it was not given")
    return msgspec.structs.replace(item, index=positions[item.index])


def _repointed(issue: FieldIssue, field: str, positions: list[int]) -> FieldIssue:
    prefix = f"/{field}/"
    if issue.pointer is None or not issue.pointer.startswith(prefix):
        return issue
    index, slash, rest = issue.pointer[len(prefix) :].partition("/")
    if not index.isdigit() or int(index) >= len(positions):
        return issue
    return msgspec.structs.replace(issue, pointer=f"{prefix}{positions[int(index)]}{slash}{rest}")
