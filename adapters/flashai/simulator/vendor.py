"""The simulated vendor's endpoints: business checks, state changes and answers.

Each handler takes the verified request (client, parsed JSON body, "now") and returns the `body`
of a success answer or raises `VendorFault`. Required fields follow flashai-saas-api.md's tables
(missing -> 1010); the rules the doc leaves out come from the lineage server (notes §3.4-§3.6 and
DispatchApiController): callHour values 9..20, lineIds the user's own and of one line type,
unique batchName per user (101007), mobileList items checked one by one (11-12 digit numbers,
unique within the request), at most 30000 numbers per addPlan (101008), pageNum at most 5000 (1006).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from adapters.flashai.simulator.auth import Client
from adapters.flashai.simulator.dialler import Attempt, Batch, BatchState, Dialler, PlannedNumber
from adapters.flashai.simulator.faults import VendorFault

MAX_NUMBERS_PER_PLAN: Final = 30000
MAX_PAGE_SIZE: Final = 5000
CALL_HOURS: Final = range(9, 21)
SIP, SIM = 1, 2

Handler = Callable[["FlashAIVendor", "VendorRequest"], dict[str, Any] | None]


@dataclass(frozen=True)
class VendorRequest:
    """One verified request: whose it is, its parsed JSON body, and the simulated time it arrived."""

    client: Client
    body: dict[str, Any]
    now: float


@dataclass(frozen=True)
class Line:
    line_id: int
    name: str
    line_type: int  # 1 SIP, 2 SIM


@dataclass(frozen=True)
class Template:
    template_id: str
    name: str
    agent_assisted: bool


@dataclass(frozen=True)
class User:
    user_id: int
    templates: tuple[Template, ...]
    lines: tuple[Line, ...]


class FlashAIVendor:
    """All vendor-side state: users, their batches, and the dialler that moves them on."""

    def __init__(self, *, users: dict[int, User], dialler: Dialler, call_list_layout: str = "doc") -> None:
        self.users = users
        self.dialler = dialler
        self.zone: zoneinfo.ZoneInfo = dialler.zone
        self.call_list_layout = call_list_layout
        self.batches: dict[tuple[int, str], Batch] = {}

    def handle(self, endpoint: str, client: Client, body: dict[str, Any], now: float) -> dict[str, Any] | None:
        handler = ENDPOINTS.get(endpoint)
        if handler is None:
            raise KeyError(endpoint)
        for batch in self.batches.values():
            self.dialler.advance(batch, now)
        return handler(self, VendorRequest(client, body, now))

    def batch(self, request: VendorRequest, missing: str = "1005") -> Batch:
        name = _text(request.body, "batchName")
        batch = self.batches.get((request.client.user_id, name or ""))
        if batch is None:
            raise VendorFault(missing)
        return batch

    def format_time(self, moment: float | None) -> str:
        if moment is None:
            return ""
        return dt.datetime.fromtimestamp(moment, self.zone).strftime("%Y-%m-%d %H:%M:%S")


# -- field readers: the Java beans accept a number or a numeric string for number fields ---------


def _text(body: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise VendorFault("1010")
        return None
    if isinstance(value, bool | dict | list):
        raise VendorFault("1010")
    return str(value)


def _number(body: dict[str, Any], name: str, *, required: bool = True) -> int | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise VendorFault("1010")
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    raise VendorFault("1010")


def _java_split(text: str, separator: str) -> list[str]:
    """Java's `String.split`: trailing empty strings are dropped (the SDK ends mobileList with "|")."""
    parts = text.split(separator)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


# -- endpoints -----------------------------------------------------------------------------------


def add_plan(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    body = request.body
    user = vendor.users[request.client.user_id]
    _number(body, "userId")  # required by the doc; the server trusts clientId's user, as the lineage does
    name = _text(body, "batchName") or ""
    template_id = _text(body, "botenceId")
    call_date = _call_date(_text(body, "callDate") or "")
    hours = _call_hours(_text(body, "callHour") or "")
    clear, recall = _number(body, "clear"), _number(body, "recall")
    mobile_list = _text(body, "mobileList") or ""
    if clear not in (0, 1) or recall not in (0, 1):
        raise VendorFault("1010")
    if template_id not in {template.template_id for template in user.templates}:
        raise VendorFault("1010")
    line_ids = _line_ids(user, _text(body, "lineIds", required=False))
    recall_times, recall_interval, recall_tag = (
        _recall(_text(body, "recallParams", required=False)) if recall else (0, 0.0, "")
    )
    items = _java_split(mobile_list, "|")
    if len(items) > MAX_NUMBERS_PER_PLAN:
        raise VendorFault("101008")
    if (user.user_id, name) in vendor.batches:
        raise VendorFault("101007")
    numbers: list[PlannedNumber] = []
    failed: list[str] = []
    for item in items:
        fields = item.split("^", 4) + [""] * 4
        phone = fields[0]
        if not (phone.isascii() and phone.isdigit() and len(phone) in (11, 12)) or any(
            n.phone == phone for n in numbers
        ):
            failed.append(item)
            continue
        line = line_ids[len(numbers) % len(line_ids)]
        numbers.append(PlannedNumber(len(numbers), phone, fields[1], fields[2], fields[3], fields[4], line))
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
    )
    return {"failMobileInfo": "|".join(failed), "rightCount": len(numbers), "failCount": len(failed)}


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


def call_summary(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    batch = vendor.batch(request)
    accepted, ended, planned = batch.counts(request.now)
    return {"batchName": batch.name, "acceptCount": accepted, "endCount": ended, "planCount": planned}


def line_summary(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    batch, now = vendor.batch(request), request.now
    rows = []
    for line_id in batch.line_ids:
        numbers = [number for number in batch.numbers if number.line_id == line_id]
        if not numbers:
            continue
        starts = [attempt.started for number in numbers for attempt in number.attempts if attempt.started <= now]
        ended = sum(number.ended(now) for number in numbers)
        rows.append(f"{line_id}^{len(numbers)}^{ended}^{vendor.format_time(max(starts) if starts else None)}")
    if not rows:
        raise VendorFault("1005")
    return {"batchName": batch.name, "lineSummary": "|".join(rows)}


def call_list(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    body, now = request.body, request.now
    _text(body, "notifyUrl")  # required by the doc's table
    page, page_size = _number(body, "page") or 0, _number(body, "pageNum") or 0
    if page < 1 or page_size < 1:
        raise VendorFault("1010")
    if page_size > MAX_PAGE_SIZE:
        raise VendorFault("1006")
    batch = vendor.batch(request)
    called = [(number, number.last_finished(now)) for number in batch.numbers]
    finished = sorted(
        ((number, attempt) for number, attempt in called if attempt is not None),
        key=lambda pair: (pair[0].attempts[0].started, pair[0].seq),
    )
    chunk = finished[(page - 1) * page_size : page * page_size]
    if not chunk:
        raise VendorFault("1005")
    render = _doc_item if vendor.call_list_layout == "doc" else _lineage_item
    return {
        "batchName": batch.name,
        "batchCount": str(len(batch.numbers)),  # the doc types it as a string
        "callList": "|".join(render(vendor, number, attempt) for number, attempt in chunk),
        "totalPage": math.ceil(len(finished) / page_size),
        "totalRecord": len(finished),
        "page": page,
        "pageNum": page_size,
    }


def _details(vendor: FlashAIVendor, attempt: Attempt) -> str:
    return "$".join(
        "_".join((e.bot_text, vendor.format_time(e.bot_at), e.customer_text, vendor.format_time(e.customer_at)))
        for e in attempt.exchanges
    )


def _doc_item(vendor: FlashAIVendor, number: PlannedNumber, attempt: Attempt) -> str:
    """mobile number^outbound date^call time^hang up time^answer time^call duration^intent tag^intent note^details."""
    outbound_date = dt.datetime.fromtimestamp(attempt.started, vendor.zone).strftime("%Y-%m-%d")
    return "^".join(
        (
            number.phone,
            outbound_date,
            vendor.format_time(attempt.started),
            vendor.format_time(attempt.ended),
            vendor.format_time(attempt.answered),
            str(attempt.duration),
            attempt.intent,
            attempt.note,
            _details(vendor, attempt),
        )
    )


def _lineage_item(vendor: FlashAIVendor, number: PlannedNumber, attempt: Attempt) -> str:
    """The lineage order (notes §3.5): times of the call in epoch milliseconds."""

    def ms(moment: float | None) -> str:
        return "" if moment is None else str(round(moment * 1000))

    talk = dt.timedelta(seconds=attempt.duration)
    return "^".join(
        (
            attempt.intent,
            vendor.format_time(attempt.started),
            ms(attempt.answered),
            str(attempt.duration),
            ms(attempt.started),
            f"{talk.seconds // 3600:02d}:{talk.seconds // 60 % 60:02d}:{talk.seconds % 60:02d}",
            _details(vendor, attempt),
            str(attempt.duration),
            "" if attempt.answered else "1",
            "2" if attempt.answered else "",
            ms(attempt.ended),
            number.phone,
            "" if attempt.answered else attempt.note,
            attempt.note,
        )
    )


def botence_list(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    templates = vendor.users[request.client.user_id].templates
    if not templates:
        raise VendorFault("1005")
    return {"botenceList": "|".join(f"{t.template_id}^{t.name}^{int(t.agent_assisted)}" for t in templates)}


def line_list(vendor: FlashAIVendor, request: VendorRequest) -> dict[str, Any]:
    lines = vendor.users[request.client.user_id].lines
    if not lines:
        raise VendorFault("1005")
    return {"lineList": "|".join(f"{line.line_id}^{line.name}^{line.line_type}" for line in lines)}


ENDPOINTS: Final[dict[str, Handler]] = {
    "addPlan": add_plan,
    "batchPlanPause": pause,
    "batchPlanRestart": restart,
    "batchPlanStop": stop,
    "getBatchPlanCallSummary": call_summary,
    "getBatchSummaryGroupByLine": line_summary,
    "getBatchPlanCallList": call_list,
    "getBotence": botence_list,
    "getCallLine": line_list,
}
