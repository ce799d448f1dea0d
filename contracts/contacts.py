"""Contacts of a campaign, and the item-by-item answer to a bulk add."""

from __future__ import annotations

import enum
from typing import Annotated, Final

import msgspec

from contracts._base import Input, Resource, field_error
from contracts.errors import ErrorCode
from contracts.phones import E164, invalid_e164_reason

MAX_CONTACTS_PER_REQUEST: Final = 1000

VariableName = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f]+$")]
VariableValue = Annotated[str, msgspec.Meta(max_length=512)]


class Contact(Input):
    """A person to call. `variables` fill the script's placeholders; their order is kept as sent,
    because some vendors fill script parameters by position."""

    phone: E164
    name: Annotated[str, msgspec.Meta(max_length=128)] | None = None
    external_id: Annotated[str, msgspec.Meta(max_length=128)] | None = None
    variables: Annotated[dict[VariableName, VariableValue], msgspec.Meta(max_length=50)] = msgspec.field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        if reason := invalid_e164_reason(self.phone):
            raise field_error("phone", reason)


class ContactStatus(enum.StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    FAILED = "failed"


class CampaignContact(Resource):
    """A contact as the vendor holds it inside a campaign."""

    phone: str
    name: str | None = None
    external_id: str | None = None
    variables: dict[str, str] = msgspec.field(default_factory=dict)
    status: ContactStatus | None = None


class ContactBatch(Input):
    contacts: Annotated[list[Contact], msgspec.Meta(min_length=1, max_length=MAX_CONTACTS_PER_REQUEST)]


class ItemStatus(enum.StrEnum):
    ADDED = "added"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"


class ItemOutcome(Resource):
    """What happened to the item at `index` of the request."""

    index: int
    phone: str
    status: ItemStatus
    code: ErrorCode | None = None
    detail: str | None = None
    vendor_code: str | None = None

    @classmethod
    def duplicate_of(cls, index: int, phone: str, first: int) -> ItemOutcome:
        """Item `index` repeats the number of item `first` of the same request."""
        return cls(
            index=index, phone=phone, status=ItemStatus.DUPLICATE, detail=f"same number as item {first} of this request"
        )


class BulkResult(Resource):
    """Every item sent is accounted for: `added + rejected + duplicate == len(request)`."""

    added: int
    rejected: int
    duplicate: int
    items: list[ItemOutcome]

    @classmethod
    def of(cls, items: list[ItemOutcome]) -> BulkResult:
        ordered = sorted(items, key=lambda item: item.index)
        count = {status: 0 for status in ItemStatus}
        for item in ordered:
            count[item.status] += 1
        return cls(
            added=count[ItemStatus.ADDED],
            rejected=count[ItemStatus.REJECTED],
            duplicate=count[ItemStatus.DUPLICATE],
            items=ordered,
        )
