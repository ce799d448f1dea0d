"""Do-not-call list."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

from contracts._base import Input, Resource, field_error
from contracts.contacts import MAX_CONTACTS_PER_REQUEST
from contracts.phones import E164, invalid_e164_reason


class DncEntry(Resource):
    phone: str
    reason: str | None = None
    created_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None


class DncEntryInput(Input):
    phone: E164
    reason: Annotated[str, msgspec.Meta(max_length=256)] | None = None
    expires_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        if reason := invalid_e164_reason(self.phone):
            raise field_error("phone", reason)


class DncBatch(Input):
    entries: Annotated[list[DncEntryInput], msgspec.Meta(min_length=1, max_length=MAX_CONTACTS_PER_REQUEST)]
