"""Neutral contacts as "Outbound Task Import Data" rows, and the import's answer per contact.

sobot-callservice-v6-api.txt lines 1203-1298: each contact is a `dataDetails` row (`telephone`,
`name`, `description`, `customFields`). The import answers only a batch number; "Batch Import
Result Query" (lines 1327-1404) then gives counts for that batch — imported, repeated, removed as
duplicates, failed — and an error report to download, never which number fared how. So:

- contacts Sobot cannot take (a number of another region, a variable without a custom field)
  are rejected here, one by one, and never sent;
- when the counts settle every sent number (all imported, all failed, all duplicates), each one
  says so; when they are mixed, each sent number is reported `added` with a detail giving the
  counts, because Sobot does not name the failed ones (the FlashAI adapter does the same with
  `failCount`).

Every contact the adapter receives gets exactly one `ItemOutcome`; `index` is its position in the
list the adapter was given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from adapters.sobot.settings import SobotOptions
from adapters.sobot.translate import national
from adapters.sobot.wire import ImportResult
from contracts.contacts import Contact, ItemOutcome, ItemStatus
from contracts.errors import ErrorCode, GatewayError


@dataclass(frozen=True)
class SentContact:
    index: int
    phone: str
    row: dict[str, Any]


class ImportPlan(NamedTuple):
    sent: tuple[SentContact, ...]
    refused: tuple[ItemOutcome, ...]


def import_plan(contacts: Sequence[Contact], options: SobotOptions) -> ImportPlan:
    sent: list[SentContact] = []
    refused: list[ItemOutcome] = []
    for index, contact in enumerate(contacts):
        telephone = national(contact.phone, options.phone_region)
        if telephone is None:
            refused.append(
                _rejected(index, contact.phone, f"this Sobot account dials {options.phone_region} numbers only")
            )
            continue
        unmapped = [name for name in contact.variables if name not in options.custom_fields]
        if unmapped:
            detail = f"variable {unmapped[0]!r} has no Sobot custom field (options.custom_fields)"
            refused.append(_rejected(index, contact.phone, detail))
            continue
        row: dict[str, Any] = {"telephone": telephone}
        if contact.name:
            row["name"] = contact.name
        if contact.external_id:
            # The row's note ("description", line 1239) is where agents see the caller's reference.
            row["description"] = contact.external_id
        if contact.variables:
            row["customFields"] = [
                {"fieldId": options.custom_fields[name], "fieldValue": value}
                for name, value in contact.variables.items()
            ]
        sent.append(SentContact(index, contact.phone, row))
    return ImportPlan(tuple(sent), tuple(refused))


def chunks(sent: Sequence[SentContact], size: int) -> list[tuple[SentContact, ...]]:
    return [tuple(sent[start : start + size]) for start in range(0, len(sent), size)]


def import_body(
    chunk: Sequence[SentContact], *, code: str, calling_list_code: str, options: SobotOptions
) -> dict[str, Any]:
    """The import body (lines 1214-1245); the task is named by its `code`, the creator by the
    administrating agent ("The creator should be the agent currently importing data")."""
    body: dict[str, Any] = {
        "agentID": options.admin_agent,
        "agentType": options.admin_agent_type.agent_type,
        "code": code,
        "callingListCode": calling_list_code,
        "removeDuplicatesRule": options.remove_duplicates.value,
        "enableFilterDoNotCallListNumber": "Filter" if options.filter_do_not_call else "NoFilter",
        "assignRule": options.assign_rule.value,
        "dataDetails": [item.row for item in chunk],
    }
    if options.assign_agents:
        body["assignAgentAndCount"] = [
            {"agentID": agent.agent_id, "count": str(agent.count)} for agent in options.assign_agents
        ]
    return body


def import_outcomes(
    chunk: Sequence[SentContact], result: ImportResult | None, calling_list_code: str, *, unknown_because: str = ""
) -> list[ItemOutcome]:
    """One outcome per sent contact of one import, from the batch's counts (see the module doc)."""
    if result is None:
        why = unknown_because or "Sobot had not reported its import result yet"
        detail = f"accepted into calling list {calling_list_code}; {why}"
        return [_outcome(item, ItemStatus.ADDED, detail) for item in chunk]
    sent = len(chunk)
    duplicates = result.repeatCount + result.removeDuplicatesCount
    if result.successCount == sent:
        return [_outcome(item, ItemStatus.ADDED) for item in chunk]
    if result.errorCount == sent:
        detail = f"refused by Sobot; its error report for calling list {calling_list_code} says why"
        return [_outcome(item, ItemStatus.REJECTED, detail, ErrorCode.VENDOR_REJECTED) for item in chunk]
    if duplicates == sent:
        detail = f"Sobot already holds this number ({result.removeDuplicatesRule or 'duplicate rule'})"
        return [_outcome(item, ItemStatus.DUPLICATE, detail) for item in chunk]
    detail = (
        f"Sobot imported {result.successCount} of the {sent} numbers of calling list {calling_list_code} "
        f"({duplicates} duplicate, {result.errorCount} failed) without naming them; this one may not be imported"
    )
    return [_outcome(item, ItemStatus.ADDED, detail) for item in chunk]


def import_failed(chunk: Sequence[SentContact], error: GatewayError) -> list[ItemOutcome]:
    """A chunk whose import call failed altogether: each contact carries the failure."""
    return [
        ItemOutcome(
            index=item.index,
            phone=item.phone,
            status=ItemStatus.REJECTED,
            code=error.code,
            detail=error.detail,
            vendor_code=error.vendor_code,
        )
        for item in chunk
    ]


def _outcome(
    item: SentContact, status: ItemStatus, detail: str | None = None, code: ErrorCode | None = None
) -> ItemOutcome:
    return ItemOutcome(index=item.index, phone=item.phone, status=status, detail=detail, code=code)


def _rejected(index: int, phone: str, detail: str) -> ItemOutcome:
    return ItemOutcome(
        index=index, phone=phone, status=ItemStatus.REJECTED, code=ErrorCode.INVALID_REQUEST, detail=detail
    )
