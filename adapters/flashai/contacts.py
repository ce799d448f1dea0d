"""Neutral contacts as addPlan's `mobileList`, and addPlan's answer as one outcome per contact.

flashai-saas-api.md ("Adding Outbound Call"): `mobileList` is "phone number ^ Additional data ^
Parameter 1- Parameter 2- Parameter 3"; the lineage server reads up to five fields
`phone^attach^params^custName^custCompany` (notes §3.6). It answers `failMobileInfo` (the failed
items' original text joined by "|"), `rightCount` and `failCount`; it refuses numbers that are not
11-12 digits or that repeat within the request.

Every contact the adapter receives gets exactly one `ItemOutcome`, `index` being its position in
the list the adapter was given (the gateway maps positions back to the caller's request).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import phonenumbers

from adapters.flashai.delimited import MOBILE_LIST, MOBILE_PARAMS, DelimiterInValue
from adapters.flashai.wire import AddPlanBody
from adapters.phones import national_number
from contracts.contacts import BulkResult, Contact, ItemOutcome, ItemStatus
from contracts.errors import ErrorCode

VENDOR_REFUSED_DETAIL = "rejected by FlashAI (invalid or duplicate number)"


@dataclass(frozen=True)
class SentItem:
    """A contact that went into `mobileList`: its position, its E.164 phone and what was sent."""

    index: int
    phone: str
    national: str


class MobileListPlan(NamedTuple):
    text: str
    sent: tuple[SentItem, ...]
    # Contacts refused before sending (wrong region, separator in a value, repeated number).
    refused: tuple[ItemOutcome, ...]


def mobile_list(contacts: Sequence[Contact], *, region: str) -> MobileListPlan:
    """Build `mobileList`; contacts FlashAI could not take are refused one by one, not as a whole.

    Variables become the params field in the contact's own key order: FlashAI fills the script's
    parameters by position. (Ordering them by the script's queryPlanParams is left to a later
    issue; callers send variables in the script's order.)
    """
    items: list[str] = []
    sent: list[SentItem] = []
    refused: list[ItemOutcome] = []
    first_seen: dict[str, int] = {}
    for index, contact in enumerate(contacts):
        national = _national(contact.phone, region)
        if national is None:
            refused.append(_rejected(index, contact.phone, f"FlashAI dials {region} numbers only on this account"))
            continue
        if national in first_seen:
            # Two E.164 spellings of one national number: FlashAI would refuse the second anyway.
            refused.append(ItemOutcome.duplicate_of(index, contact.phone, first_seen[national]))
            continue
        try:
            items.append(_item_text(contact, national))
        except DelimiterInValue as exc:
            refused.append(_rejected(index, contact.phone, str(exc)))
            continue
        first_seen[national] = index
        sent.append(SentItem(index, contact.phone, national))
    return MobileListPlan(MOBILE_LIST.record_separator.join(items), tuple(sent), tuple(refused))


def _national(phone: str, region: str) -> str | None:
    try:
        return national_number(phone, region)
    except phonenumbers.NumberParseException:
        return None


def _item_text(contact: Contact, national: str) -> str:
    attach = contact.external_id or ""
    name = contact.name or ""
    # Checked under the neutral names first, so the refusal names the field the caller sent.
    MOBILE_LIST.check("external_id", attach)
    MOBILE_LIST.check("name", name)
    params = MOBILE_PARAMS.join(list(contact.variables.values()), [f"variables.{key}" for key in contact.variables])
    return MOBILE_LIST.encode_record(
        {"phone": national, "attach": attach, "params": params, "custName": name, "custCompany": ""}
    )


def _rejected(index: int, phone: str, detail: str) -> ItemOutcome:
    return ItemOutcome(
        index=index, phone=phone, status=ItemStatus.REJECTED, code=ErrorCode.INVALID_REQUEST, detail=detail
    )


def contact_outcomes(plan: MobileListPlan, answer: AddPlanBody | None) -> BulkResult:
    """One outcome per contact, from what was refused locally and what FlashAI reported failed."""
    outcomes = list(plan.refused)
    if answer is None:
        outcomes += [
            ItemOutcome(
                index=item.index,
                phone=item.phone,
                status=ItemStatus.ADDED,
                detail="FlashAI did not report per-number results",
            )
            for item in plan.sent
        ]
        return BulkResult.of(outcomes)
    failed = {record["phone"] for record in MOBILE_LIST.decode(answer.failMobileInfo)}
    # The adapter never sends a national number twice, so a failed phone names exactly one item.
    identified = {item.national for item in plan.sent if item.national in failed}
    unnamed = max(answer.failCount - len(identified), 0)
    for item in plan.sent:
        if item.national in identified:
            outcomes.append(
                ItemOutcome(
                    index=item.index,
                    phone=item.phone,
                    status=ItemStatus.REJECTED,
                    code=ErrorCode.VENDOR_REJECTED,
                    detail=VENDOR_REFUSED_DETAIL,
                )
            )
        else:
            outcomes.append(
                ItemOutcome(
                    index=item.index,
                    phone=item.phone,
                    status=ItemStatus.ADDED,
                    detail=(
                        f"FlashAI counted {unnamed} failed number(s) it did not name; this one may not be accepted"
                        if unnamed
                        else None
                    ),
                )
            )
    return BulkResult.of(outcomes)
