"""Per-item translations: task data rows and import counts; forbidden-number rows and their failures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pytest

from adapters.sobot.contacts import chunks, import_body, import_failed, import_outcomes, import_plan
from adapters.sobot.dnc import failed_rows, forbidden_outcomes, forbidden_plan
from adapters.sobot.settings import SobotOptions
from adapters.sobot.wire import ForbiddenImport, ImportResult
from contracts.contacts import Contact, ItemStatus
from contracts.dnc import DncEntryInput
from contracts.errors import ErrorCode, GatewayError


def options(**changes: Any) -> SobotOptions:
    base = {"admin_agent": "admin", "data_template_code": "D1", "wrap_up_template_code": "W1"}
    return msgspec.convert(base | changes, SobotOptions, str_keys=True)


# -- task data ------------------------------------------------------------------------------------


def test_contacts_become_rows_or_are_rejected_one_by_one() -> None:
    contacts = [
        Contact(phone="+8613800138000", name="张三", external_id="crm-1", variables={"role": "Admin"}),
        Contact(phone="+14155552671"),  # another region
        Contact(phone="+8613900139000", variables={"colour": "red"}),  # no custom field for it
        Contact(phone="+8615000150000"),
    ]
    plan = import_plan(contacts, options(custom_fields={"role": "3b98"}))
    assert [item.index for item in plan.sent] == [0, 3]
    assert plan.sent[0].row == {
        "telephone": "13800138000",
        "name": "张三",
        "description": "crm-1",
        "customFields": [{"fieldId": "3b98", "fieldValue": "Admin"}],
    }
    assert plan.sent[1].row == {"telephone": "15000150000"}
    assert [(item.index, item.status, item.code) for item in plan.refused] == [
        (1, ItemStatus.REJECTED, ErrorCode.INVALID_REQUEST),
        (2, ItemStatus.REJECTED, ErrorCode.INVALID_REQUEST),
    ]
    assert "colour" in (plan.refused[1].detail or "")


def test_the_import_body_carries_the_accounts_rules() -> None:
    plan = import_plan([Contact(phone="+8613800138000")], options())
    body = import_body(plan.sent, code="c1", calling_list_code="L1", options=options())
    assert body == {
        "agentID": "admin",
        "agentType": "1",
        "code": "c1",
        "callingListCode": "L1",
        "removeDuplicatesRule": "RemoveDuplicatesInCampaign",
        "enableFilterDoNotCallListNumber": "Filter",
        "assignRule": "NoAssign",
        "dataDetails": [{"telephone": "13800138000"}],
    }
    appointed = options(
        assign_rule="AssignAppoint",
        assign_agents=[{"agent_id": "a1", "count": 5}],
        remove_duplicates="NonRemoveDuplicates",
        filter_do_not_call=False,
    )
    body = import_body(plan.sent, code="c1", calling_list_code="L1", options=appointed)
    assert body["assignAgentAndCount"] == [{"agentID": "a1", "count": "5"}]
    assert (body["removeDuplicatesRule"], body["enableFilterDoNotCallListNumber"]) == (
        "NonRemoveDuplicates",
        "NoFilter",
    )


def test_chunks_keep_order() -> None:
    sent = import_plan([Contact(phone=f"+86138000000{n:02d}") for n in range(5)], options()).sent
    assert [[item.index for item in chunk] for chunk in chunks(sent, 2)] == [[0, 1], [2, 3], [4]]


SENT = import_plan([Contact(phone="+8613800138000"), Contact(phone="+8613900139000")], options()).sent


def result(success: int = 0, repeat: int = 0, removed: int = 0, errors: int = 0) -> ImportResult:
    return ImportResult(
        callingListCode="L1",
        successCount=success,
        repeatCount=repeat,
        removeDuplicatesCount=removed,
        errorCount=errors,
        removeDuplicatesRule="RemoveDuplicatesInCampaign",
    )


@pytest.mark.parametrize(
    ("counts", "status", "said"),
    [
        (result(success=2), ItemStatus.ADDED, None),
        (result(errors=2), ItemStatus.REJECTED, "error report for calling list L1"),
        (result(repeat=1, removed=1), ItemStatus.DUPLICATE, "RemoveDuplicatesInCampaign"),
        (result(success=1, errors=1), ItemStatus.ADDED, "imported 1 of the 2 numbers"),
        (None, ItemStatus.ADDED, "not reported its import result yet"),
    ],
)
def test_import_counts_settle_each_number_only_when_they_can(
    counts: ImportResult | None, status: ItemStatus, said: str | None
) -> None:
    outcomes = import_outcomes(SENT, counts, "L1")
    assert [item.index for item in outcomes] == [0, 1]
    assert {item.status for item in outcomes} == {status}
    for item in outcomes:
        assert (item.detail is None) if said is None else (said in (item.detail or ""))


def test_a_failed_import_call_rejects_its_chunk_with_the_failure() -> None:
    error = GatewayError(ErrorCode.VENDOR_UNAVAILABLE, "sobot failed", vendor_code="HTTP 503")
    outcomes = import_failed(SENT, error)
    assert [(item.status, item.code, item.vendor_code) for item in outcomes] == [
        (ItemStatus.REJECTED, ErrorCode.VENDOR_UNAVAILABLE, "HTTP 503")
    ] * 2


# -- forbidden numbers ----------------------------------------------------------------------------


def test_entries_become_outbound_forbidden_rows() -> None:
    entries = [
        DncEntryInput(
            phone="+8613800138000", reason="asked", expires_at=dt.datetime(2026, 6, 30, 20, 0, tzinfo=dt.UTC)
        ),
        DncEntryInput(phone="+14155552671"),
        DncEntryInput(phone="+8613900139000", expires_at=dt.datetime(2026, 6, 30, 12, 0)),  # no zone: UTC
    ]
    plan = forbidden_plan(entries, options(timezone="Asia/Shanghai"))
    assert [item.row for item in plan.sent] == [
        {
            "callNumber": "13800138000",
            "numberType": 1,
            "callType": 3,
            "enabled": 1,
            "zoneId": "Asia/Shanghai",
            "expirationTime": "2026-07-01",  # 20:00 UTC is already the next day in Shanghai
            "description": "asked",
        },
        {
            "callNumber": "13900139000",
            "numberType": 1,
            "callType": 3,
            "enabled": 1,
            "zoneId": "Asia/Shanghai",
            "expirationTime": "2026-06-30",
        },
    ]
    assert [(item.index, item.status) for item in plan.refused] == [(1, ItemStatus.REJECTED)]


def test_failure_texts_name_their_row() -> None:
    details = [
        "NO【2】,【numberType】,Content【2】,【Reference:1-number】",  # the document's example, line 1007
        "NO[3],[callType],Content[9]",
        "something unexpected",
        "NO【0】,【x】",
    ]
    assert failed_rows(details) == {1: details[0], 2: details[1]}


def test_forbidden_outcomes_name_refused_rows_and_warn_about_unnamed_ones() -> None:
    sent = forbidden_plan([DncEntryInput(phone=f"+86138001380{n:02d}") for n in range(3)], options()).sent
    answer = ForbiddenImport(successCount=1, failedCount=2, details=["NO【2】,【numberType】,Content【2】"])
    outcomes = forbidden_outcomes(sent, answer)
    assert [item.status for item in outcomes] == [ItemStatus.ADDED, ItemStatus.REJECTED, ItemStatus.ADDED]
    assert outcomes[1].code is ErrorCode.VENDOR_REJECTED
    assert "numberType" in (outcomes[1].detail or "")
    assert all("1 failed number(s) it did not name" in (item.detail or "") for item in (outcomes[0], outcomes[2]))
    clean = forbidden_outcomes(sent, ForbiddenImport(successCount=3))
    assert [item.detail for item in clean] == [None, None, None]
