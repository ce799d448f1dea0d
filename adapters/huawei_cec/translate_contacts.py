"""Campaign contacts as CC-iSales call data (7.4.2) and do-not-call entries as blacklist numbers
(7.3). Pure functions.

A contact becomes one `callDataList` record: `called` [{calledNo}] with the national number
(digits, at most 24), `sessionId` from `external_id` (at most 32 characters; echoed in call
results, 7.5.1), and `callData` carrying the contact's variables (and its name, under "name",
unless a variable takes that key) as one JSON object of at most 1024 characters — the format the
reference recommends for intelligent IVR flows (Table 7-225).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any, Final

import msgspec

from adapters.huawei_cec.wire_isales import BlockEntry
from contracts.contacts import Contact, ItemOutcome, ItemStatus
from contracts.dnc import DncEntry
from contracts.errors import ErrorCode
from contracts.times import utc_if_naive

CALLED_LIMIT: Final = 24
SESSION_LIMIT: Final = 32
CALL_DATA_LIMIT: Final = 1024


@dataclass(frozen=True)
class Prepared:
    """A contact ready to send: its index in the request, its phone, its callDataList record."""

    index: int
    phone: str
    number: str
    record: dict[str, Any]


def rejected(
    index: int, phone: str, detail: str, code: ErrorCode = ErrorCode.INVALID_REQUEST, vendor_code: str | None = None
) -> ItemOutcome:
    return ItemOutcome(
        index=index, phone=phone, status=ItemStatus.REJECTED, code=code, detail=detail, vendor_code=vendor_code
    )


def added(index: int, phone: str) -> ItemOutcome:
    return ItemOutcome(index=index, phone=phone, status=ItemStatus.ADDED)


def call_data(contact: Contact) -> str | None:
    values: dict[str, str] = {}
    if contact.name is not None and "name" not in contact.variables:
        values["name"] = contact.name
    values.update(contact.variables)
    return msgspec.json.encode(values).decode("utf-8") if values else None


def prepare(index: int, contact: Contact, national: str | None, region: str) -> Prepared | ItemOutcome:
    if national is None:
        return rejected(
            index, contact.phone, f"not a {region} number: Huawei dials national numbers of the account's region"
        )
    if len(national) > CALLED_LIMIT:
        return rejected(index, contact.phone, f"Huawei numbers hold at most {CALLED_LIMIT} digits")
    record: dict[str, Any] = {"called": [{"calledNo": national}]}
    if contact.external_id is not None:
        if len(contact.external_id) > SESSION_LIMIT:
            return rejected(
                index, contact.phone, f"external_id is Huawei's sessionId: at most {SESSION_LIMIT} characters"
            )
        record["sessionId"] = contact.external_id
    data = call_data(contact)
    if data is not None:
        if len(data) > CALL_DATA_LIMIT:
            return rejected(
                index, contact.phone, f"name and variables exceed Huawei's {CALL_DATA_LIMIT}-character callData"
            )
        record["callData"] = data
    return Prepared(index, contact.phone, national, record)


# -- do-not-call ------------------------------------------------------------------------------------


def expiry_text(expires_at: dt.datetime | None, zone: zoneinfo.ZoneInfo) -> str | None:
    """validityExpirationTime (Table 7-184): `yyyy-MM-dd HH:mm:ss`, in the vendor's zone."""
    if expires_at is None:
        return None
    return utc_if_naive(expires_at).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def parse_iso(text: str | None) -> dt.datetime | None:
    """blocklist/query's times: ISO 8601 with an offset ("2022-02-18T17:56:14.000+00:00", 7.3.4)."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def dnc_entry(entry: BlockEntry, phone: str) -> DncEntry:
    return DncEntry(phone=phone, expires_at=parse_iso(entry.validityExpirationTime))
