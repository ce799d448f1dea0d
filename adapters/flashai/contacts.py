"""Neutral contacts as `mobileList`, the vendor's answer as one outcome per contact, and back.

flashai-saas-api.md ("Adding Outbound Call", "Adding Agent' Dialing Task"): `mobileList` is "phone
number ^ Additional data ^ Parameter 1- Parameter 2- Parameter 3"; the lineage server reads up to
five fields `phone^attach^params^custName^custCompany` (notes §3.6). Both endpoints answer
`failMobileInfo` (the failed items' original text joined by "|"), `rightCount` and `failCount`; the
lineage server refuses numbers that are not 11-12 digits or that repeat within the request.
getBatchPlanList ("Check the Batch Mobile list By Searching Batch Number") lists the same items
with the number's status appended.

Every contact the adapter receives gets exactly one `ItemOutcome`, `index` being its position in
the list the adapter was given (the gateway maps positions back to the caller's request).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple

import phonenumbers

from adapters.bulk import reported_outcomes
from adapters.flashai.delimited import MOBILE_LIST, MOBILE_PARAMS, PLAN_LIST, DelimiterInValue
from adapters.flashai.script_params import ParameterOrder
from adapters.flashai.wire import AddPlanBody, UnreadableAnswer
from adapters.phones import national_number, to_e164
from contracts.contacts import BulkResult, CampaignContact, Contact, ContactStatus, ItemOutcome, ItemStatus
from contracts.errors import ErrorCode

VENDOR_REFUSED_DETAIL = "rejected by FlashAI (invalid or duplicate number)"
# getBatchPlanList phoneStatus: "1- Planning, 2- Completed, 3- Processing Failed".
_PHONE_STATUS: Final = {"1": ContactStatus.PENDING, "2": ContactStatus.COMPLETED, "3": ContactStatus.FAILED}


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


def mobile_list(
    contacts: Sequence[Contact], *, region: str, parameters: ParameterOrder | None = None
) -> MobileListPlan:
    """Build `mobileList`; contacts FlashAI could not take are refused one by one, not as a whole.

    FlashAI fills a script's parameters by position. With `parameters` (queryPlanParams' order) a
    contact's variables go to their parameter's position, missing ones leave theirs empty, and a
    variable the list does not name refuses the contact. Without it they go in the contact's own
    key order.
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
            items.append(_item_text(contact, national, parameters))
        except (DelimiterInValue, UnknownVariable) as exc:
            refused.append(_rejected(index, contact.phone, str(exc)))
            continue
        first_seen[national] = index
        sent.append(SentItem(index, contact.phone, national))
    return MobileListPlan(MOBILE_LIST.record_separator.join(items), tuple(sent), tuple(refused))


class UnknownVariable(ValueError):
    """A contact variable that is none of the script parameters FlashAI listed."""

    def __init__(self, name: str, parameters: ParameterOrder) -> None:
        known = ", ".join(parameter for parameter in parameters if parameter)
        super().__init__(
            f"variables.{name} is not a script parameter FlashAI knows for this account (queryPlanParams: {known})"
        )


def _ordered_params(contact: Contact, parameters: ParameterOrder | None) -> tuple[list[str], list[str]]:
    """(values, the neutral field name of each) for the params field."""
    if not contact.variables:
        return [], []
    if parameters is None:
        return list(contact.variables.values()), [f"variables.{key}" for key in contact.variables]
    for name in contact.variables:
        if name not in parameters:
            raise UnknownVariable(name, parameters)
    values = [contact.variables.get(name, "") if name else "" for name in parameters]
    names = [f"variables.{name}" if name else f"params[{position}]" for position, name in enumerate(parameters)]
    return values, names


def _national(phone: str, region: str) -> str | None:
    try:
        return national_number(phone, region)
    except phonenumbers.NumberParseException:
        return None


def _item_text(contact: Contact, national: str, parameters: ParameterOrder | None) -> str:
    attach = contact.external_id or ""
    name = contact.name or ""
    # Checked under the neutral names first, so the refusal names the field the caller sent.
    MOBILE_LIST.check("external_id", attach)
    MOBILE_LIST.check("name", name)
    params = MOBILE_PARAMS.join(*_ordered_params(contact, parameters))
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
    refused = {position: VENDOR_REFUSED_DETAIL for position, item in enumerate(plan.sent) if item.national in failed}
    outcomes += reported_outcomes(plan.sent, refused, answer.failCount, vendor="FlashAI", caveat="may not be accepted")
    return BulkResult.of(outcomes)


def campaign_contacts(text: str | None, *, region: str, parameters: ParameterOrder | None) -> list[CampaignContact]:
    """getBatchPlanList's `mobileList` as neutral contacts.

    Params are named by `parameters` where it names their position, else by the position itself
    ("1", "2", ...); empty ones are left out. A missing or unknown status reads as null.
    """
    contacts = []
    for record in PLAN_LIST.decode(text):
        phone = record["phone"].strip()
        if not phone:
            raise UnreadableAnswer("a mobileList item has no phone number")
        variables = {}
        for position, value in enumerate(MOBILE_PARAMS.split(record["params"])):
            named = parameters[position] if parameters and position < len(parameters) else None
            if value:
                variables[named or str(position + 1)] = value
        contacts.append(
            CampaignContact(
                phone=to_e164(phone, region),
                name=record["custName"] or None,
                external_id=record["attach"] or None,
                variables=variables,
                status=_PHONE_STATUS.get(record["phoneStatus"].strip()),
            )
        )
    return contacts


def has_params(text: str | None) -> bool:
    """Whether any item of a getBatchPlanList `mobileList` carries params (worth naming)."""
    return any(record["params"] for record in PLAN_LIST.decode(text))
