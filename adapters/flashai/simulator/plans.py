"""The simulated vendor's changes: batches created, numbers added and deleted, states changed.

Rules the document leaves out come from the lineage server (notes §3.4-§3.6, DispatchApiController):
callHour values 9..20, lineIds the user's own and of one line type, unique batchName per user
(101007), mobileList items checked one by one (11-12 digit numbers, unique within the batch), at most
30000 numbers per request (101008). Where neither source says, the simulator's own choices are
stated next to the code (agent batches, number deletion).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Final

from adapters.flashai.simulator.dialler import AgentTask, Batch, BatchState, PlannedNumber
from adapters.flashai.simulator.faults import VendorFault
from adapters.flashai.simulator.vendor import (
    CALL_HOURS,
    MAX_NUMBERS_PER_PLAN,
    FlashAIVendor,
    User,
    VendorRequest,
    java_split,
    number_field,
    text_field,
)

# addAgentPlan addType: the vendor SDK's comment "1: add&clean 2: add"; its mock test sends the words.
_ADD_AND_CLEAN: Final = frozenset({"1", "add&clean"})
_ADD: Final = frozenset({"2", "add"})


def add_plan(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    """addPlan ("Adding Outbound Call"): a new bot batch with its numbers."""
    body = request.body
    user = vendor.user(request)
    number_field(body, "userId")  # required by the doc; the server trusts clientId's user, as the lineage does
    name = text_field(body, "batchName") or ""
    template_id = text_field(body, "botenceId")
    call_date = _call_date(text_field(body, "callDate") or "")
    hours = _call_hours(text_field(body, "callHour") or "")
    clear, recall = number_field(body, "clear"), number_field(body, "recall")
    mobile_list = text_field(body, "mobileList") or ""
    if clear not in (0, 1) or recall not in (0, 1):
        raise VendorFault("1010")
    if template_id not in {template.template_id for template in user.templates}:
        raise VendorFault("1010")
    line_ids = _line_ids(user, text_field(body, "lineIds", required=False))
    recall_times, recall_interval, recall_tag = (
        _recall(text_field(body, "recallParams", required=False)) if recall else (0, 0.0, "")
    )
    items = _items(mobile_list)
    if (user.user_id, name) in vendor.batches:
        raise VendorFault("101007")
    numbers, failed = _take(items, taken=set(), first_seq=0, line_ids=line_ids)
    vendor.batches[(user.user_id, name)] = Batch(
        name=name,
        user_id=user.user_id,
        botence_id=template_id or "",
        call_date=call_date,
        call_hours=hours,
        line_ids=line_ids,
        recall_times=recall_times,
        recall_interval=recall_interval,
        recall_tag=recall_tag,
        numbers=numbers,
        created_at=request.now,
        notify_url=_callback_url(body, "notifyUrl"),
        notify_batch_url=_callback_url(body, "notifyBatchUrl"),
        client_secret=request.client.secret,
        refused=tuple(failed),
    )
    return _added(numbers, failed)


def add_agent_plan(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    """addAgentPlan ("Adding Agent' Dialing Task"): numbers for an agent group's batch.

    Simulator choices (the document only names the fields): a new batchName creates an agent batch
    that dials from now within the permitted hours 9..20 on the user's first line; the same
    batchName again adds to that batch, after dropping its not-yet-dialled numbers when addType is
    "add&clean". A bot batch's name is 101007; another group's batch, or a stopped one, is 101003.
    """
    body = request.body
    user = vendor.user(request)
    name = text_field(body, "batchName") or ""
    group_id, agent_id = text_field(body, "agentGroupId"), text_field(body, "agentId")
    add_type = text_field(body, "addType")
    call_type = text_field(body, "callType", required=False) or "0"
    items = _items(text_field(body, "mobileList") or "")
    group = next((group for group in user.agent_groups if group.group_id == group_id), None)
    if group is None or agent_id not in {agent for agent, _ in group.agents}:
        raise VendorFault("1010")
    if add_type not in _ADD | _ADD_AND_CLEAN or call_type not in ("0", "1"):
        raise VendorFault("1010")
    batch = vendor.batches.get((user.user_id, name))
    if batch is None:
        numbers, failed = _take(items, taken=set(), first_seq=0, line_ids=(user.lines[0].line_id,))
        vendor.batches[(user.user_id, name)] = Batch(
            name=name,
            user_id=user.user_id,
            botence_id="",
            call_date=vendor.today(request.now),
            call_hours=frozenset(CALL_HOURS),
            line_ids=(user.lines[0].line_id,),
            recall_times=0,
            recall_interval=0.0,
            recall_tag="",
            numbers=numbers,
            created_at=request.now,
            agent_task=AgentTask(group.group_id, agent_id or "", direct=call_type == "1"),
            notify_url=_callback_url(body, "notifyUrl"),
            client_secret=request.client.secret,
            refused=tuple(failed),
        )
        return _added(numbers, failed)
    if batch.agent_task is None:
        raise VendorFault("101007")
    if batch.agent_task.group_id != group.group_id or batch.state is BatchState.STOPPED:
        raise VendorFault("101003")
    if add_type in _ADD_AND_CLEAN:
        for number in [number for number in batch.numbers if not number.attempts]:
            batch.remove(number.phone)
    taken = {number.phone for number in batch.numbers}
    numbers, failed = _take(items, taken=taken, first_seq=batch.next_seq, line_ids=batch.line_ids)
    batch.add(numbers, request.now)
    return _added(numbers, failed)


def delete_phones(vendor: FlashAIVendor, request: VendorRequest) -> None:
    """batchPhoneDelete ("A Phone Call Delete from Outbound Call"): `phoneList` "phone1^phone 2".

    Simulator choice: only numbers not dialled yet can go (a dialled number has a result to keep);
    one that is not in the batch is 1005, one already dialled 1010, and then nothing is deleted.
    """
    batch = vendor.batch(request)
    phones = [phone for phone in java_split(text_field(request.body, "phoneList") or "", "^") if phone]
    if not phones:
        raise VendorFault("1010")
    for phone in phones:
        number = batch.number(phone)
        if number is None:
            raise VendorFault("1005")
        if number.attempts:
            raise VendorFault("1010")
    for phone in phones:
        batch.remove(phone)


def pause(vendor: FlashAIVendor, request: VendorRequest) -> None:
    batch = vendor.batch(request, missing="101004")
    if batch.state is not BatchState.RUNNING:
        raise VendorFault("101004")
    batch.state = BatchState.PAUSED


def restart(vendor: FlashAIVendor, request: VendorRequest) -> None:
    batch = vendor.batch(request, missing="101006")
    if batch.state is not BatchState.PAUSED:
        raise VendorFault("101006")
    batch.state = BatchState.RUNNING
    batch.cursor = max(batch.cursor, request.now)  # the paused time earns no dials


def stop(vendor: FlashAIVendor, request: VendorRequest) -> None:
    batch = vendor.batch(request, missing="101005")
    if batch.state is BatchState.STOPPED:
        raise VendorFault("101005")
    batch.stop()


# -- mobileList -----------------------------------------------------------------------------------


def _items(mobile_list: str) -> list[str]:
    items = java_split(mobile_list, "|")
    if len(items) > MAX_NUMBERS_PER_PLAN:
        raise VendorFault("101008")
    return items


def _take(
    items: list[str], *, taken: set[str], first_seq: int, line_ids: tuple[int, ...]
) -> tuple[list[PlannedNumber], list[str]]:
    """(numbers accepted, items refused): 11-12 digits, not already in the batch or the request."""
    numbers: list[PlannedNumber] = []
    failed: list[str] = []
    seen = set(taken)
    for item in items:
        fields = item.split("^", 4) + [""] * 4
        phone = fields[0]
        if not (phone.isascii() and phone.isdigit() and len(phone) in (11, 12)) or phone in seen:
            failed.append(item)
            continue
        seen.add(phone)
        line = line_ids[len(numbers) % len(line_ids)]
        numbers.append(PlannedNumber(first_seq + len(numbers), phone, fields[1], fields[2], fields[3], fields[4], line))
    return numbers, failed


def _callback_url(body: dict[str, Any], name: str) -> str | None:
    """A callback URL (optional in both tables); not an http(s) URL is 1010."""
    url = text_field(body, name, required=False)
    if url is not None and not url.startswith(("http://", "https://")):
        raise VendorFault("1010")
    return url


def _added(numbers: list[PlannedNumber], failed: list[str]) -> dict[str, Any]:
    return {"failMobileInfo": "|".join(failed), "rightCount": len(numbers), "failCount": len(failed)}


# -- addPlan's other fields -----------------------------------------------------------------------


def _call_date(text: str) -> dt.date:
    """callDate is yyyyMMdd (doc example: 20180326); a date in the past means "dial from now"."""
    if len(text) != 8 or not text.isdigit():
        raise VendorFault("1010")
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise VendorFault("1010") from None


def _call_hours(text: str) -> frozenset[int]:
    hours = set()
    for part in text.split(","):
        if not part.isdigit() or int(part) not in CALL_HOURS:
            raise VendorFault("1010")
        hours.add(int(part))
    return frozenset(hours)


def _line_ids(user: User, text: str | None) -> tuple[int, ...]:
    """The batch's lines: the user's own, all of one type; without lineIds the user's first line."""
    lines = {line.line_id: line for line in user.lines}
    if text is None:
        return (user.lines[0].line_id,)
    chosen = []
    for part in text.split(","):
        if not part.isdigit() or int(part) not in lines:
            raise VendorFault("1010")
        chosen.append(int(part))
    if len({lines[line_id].line_type for line_id in chosen}) > 1:
        raise VendorFault("1010")
    return tuple(chosen)


def _recall(text: str | None) -> tuple[int, float, str]:
    """(recallTimes, interval in seconds, recallTag) from recallParams (notes §3.6)."""
    try:
        rules = json.loads(text or "")
        rule = rules[0]
        times, minutes, tag = rule["recallTimes"], rule["recallIntervalTime"], rule["recallTag"]
    except (ValueError, TypeError, LookupError):
        raise VendorFault("1010") from None
    if not (str(times).isdigit() and str(minutes).isdigit() and isinstance(tag, str) and tag):
        raise VendorFault("1010")
    return int(times), int(minutes) * 60.0, tag
