"""Neutral do-not-call entries as "Import Enterprise Forbidden No." rows, and its answer per entry.

sobot-callservice-v6-api.txt lines 919-1011: a JSON array of `{callNumber, numberType, callType,
enabled, expirationTime, zoneId, description}`; the answer counts successes and failures and lists
each failed row as a text such as "NO【2】,【numberType】,Content【2】,【Reference:1-number】" — the
row's 1-based position first (the example's second and third rows carry the refused numberType 2).

A neutral do-not-call entry blocks outbound calls: `numberType` 1 (phone number, the only value
documented), `callType` 3 (outbound), `enabled` 1. `expires_at` becomes `expirationTime`, the date
(yyyy-MM-dd) of that instant in the account's zone, sent with that `zoneId`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

from adapters.bulk import reported_outcomes
from adapters.sobot.settings import SobotOptions
from adapters.sobot.translate import national
from adapters.sobot.wire import ForbiddenImport
from contracts.contacts import ItemOutcome, ItemStatus
from contracts.dnc import DncEntryInput
from contracts.errors import ErrorCode
from contracts.times import utc_if_naive

PHONE_NUMBER: Final = 1
OUTBOUND: Final = 3
ENABLED: Final = 1
# "NO【2】": full-width brackets in the document; ASCII ones are read too.
_ROW: Final = re.compile(r"NO\s*[【\[]\s*(\d+)\s*[】\]]")


@dataclass(frozen=True)
class SentEntry:
    index: int
    phone: str
    row: dict[str, Any]


class ForbiddenPlan(NamedTuple):
    sent: tuple[SentEntry, ...]
    refused: tuple[ItemOutcome, ...]


def forbidden_plan(entries: Sequence[DncEntryInput], options: SobotOptions) -> ForbiddenPlan:
    sent: list[SentEntry] = []
    refused: list[ItemOutcome] = []
    for index, entry in enumerate(entries):
        number = national(entry.phone, options.phone_region)
        if number is None:
            refused.append(
                ItemOutcome(
                    index=index,
                    phone=entry.phone,
                    status=ItemStatus.REJECTED,
                    code=ErrorCode.INVALID_REQUEST,
                    detail=f"this Sobot account holds {options.phone_region} numbers only",
                )
            )
            continue
        row: dict[str, Any] = {
            "callNumber": number,
            "numberType": PHONE_NUMBER,
            "callType": OUTBOUND,
            "enabled": ENABLED,
            "zoneId": options.timezone,
        }
        if entry.expires_at is not None:
            row["expirationTime"] = utc_if_naive(entry.expires_at).astimezone(options.zone).date().isoformat()
        if entry.reason:
            row["description"] = entry.reason
        sent.append(SentEntry(index, entry.phone, row))
    return ForbiddenPlan(tuple(sent), tuple(refused))


def failed_rows(details: Sequence[str]) -> dict[int, str]:
    """0-based row position -> the vendor's text, for every detail that names a row."""
    failed: dict[int, str] = {}
    for text in details:
        match = _ROW.search(text)
        if match and int(match.group(1)) >= 1:
            failed.setdefault(int(match.group(1)) - 1, text.strip())
    return failed


def forbidden_outcomes(sent: Sequence[SentEntry], answer: ForbiddenImport) -> list[ItemOutcome]:
    refused = {
        position: f"refused by Sobot: {detail}"
        for position, detail in failed_rows(answer.details).items()
        if position < len(sent)
    }
    return reported_outcomes(sent, refused, answer.failedCount, vendor="Sobot", caveat="may not be on the list")
