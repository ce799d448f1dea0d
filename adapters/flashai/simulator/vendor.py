"""The simulated vendor's state: users with their scripts, lines, agent groups and parameters, and
their batches; plus the field readers every endpoint shares.

Endpoint handlers live in `plans.py` (changes) and `queries.py` (reads), registered in
`endpoints.py`. Each takes the verified request and returns the `body` of a success answer or raises
`VendorFault`. Required fields follow flashai-saas-api.md's tables (missing -> 1010).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from adapters.flashai.simulator.auth import Client
from adapters.flashai.simulator.dialler import Batch, Dialler
from adapters.flashai.simulator.faults import VendorFault

MAX_NUMBERS_PER_PLAN: Final = 30000
MAX_PAGE_SIZE: Final = 5000
CALL_HOURS: Final = range(9, 21)
SIP, SIM = 1, 2


@dataclass(frozen=True)
class VendorRequest:
    """One verified request: whose it is, its parsed JSON body, and the simulated time it arrived."""

    client: Client
    body: dict[str, Any]
    now: float


Handler = Callable[["FlashAIVendor", VendorRequest], dict[str, Any] | None]


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
class AgentGroup:
    group_id: str
    name: str
    agents: tuple[tuple[str, str], ...]  # (agentId, agentName)


@dataclass(frozen=True)
class PlanParam:
    """One queryPlanParams entry: the name, its position in mobileList's params, its type."""

    name: str
    seq: int
    param_type: str


@dataclass(frozen=True)
class User:
    user_id: int
    templates: tuple[Template, ...]
    lines: tuple[Line, ...]
    agent_groups: tuple[AgentGroup, ...] = ()
    params: tuple[PlanParam, ...] = ()


class FlashAIVendor:
    """All vendor-side state: users, their batches, and the dialler that moves them on.

    `call_list_layout` ("doc"/"lineage") is the callList field order; `detail_list_style`
    ("doc"/"sdk") the separators of getPhoneDetail's detailList.
    """

    def __init__(
        self,
        *,
        users: dict[int, User],
        dialler: Dialler,
        call_list_layout: str = "doc",
        detail_list_style: str = "doc",
    ) -> None:
        self.users = users
        self.dialler = dialler
        self.zone: zoneinfo.ZoneInfo = dialler.zone
        self.call_list_layout = call_list_layout
        self.detail_list_style = detail_list_style
        self.batches: dict[tuple[int, str], Batch] = {}

    def handle(self, handler: Handler, request: VendorRequest) -> dict[str, Any] | None:
        """Bring every batch up to `now`, then answer."""
        for batch in self.batches.values():
            self.dialler.advance(batch, request.now)
        return handler(self, request)

    def user(self, request: VendorRequest) -> User:
        return self.users[request.client.user_id]

    def batch(self, request: VendorRequest, missing: str = "1005") -> Batch:
        name = text_field(request.body, "batchName")
        batch = self.batches.get((request.client.user_id, name or ""))
        if batch is None:
            raise VendorFault(missing)
        return batch

    def format_time(self, moment: float | None) -> str:
        if moment is None:
            return ""
        return dt.datetime.fromtimestamp(moment, self.zone).strftime("%Y-%m-%d %H:%M:%S")

    def today(self, now: float) -> dt.date:
        return dt.datetime.fromtimestamp(now, self.zone).date()


# -- field readers: the Java beans accept a number or a numeric string for number fields ---------


def text_field(body: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise VendorFault("1010")
        return None
    if isinstance(value, bool | dict | list):
        raise VendorFault("1010")
    return str(value)


def number_field(body: dict[str, Any], name: str, *, required: bool = True) -> int | None:
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


def java_split(text: str, separator: str) -> list[str]:
    """Java's `String.split`: trailing empty strings are dropped (the SDK ends mobileList with "|")."""
    parts = text.split(separator)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def page_request(body: dict[str, Any]) -> tuple[int, int]:
    """(page, pageNum) of a paged query: both required and positive, pageNum at most 5000 (1006)."""
    page, page_size = number_field(body, "page") or 0, number_field(body, "pageNum") or 0
    if page < 1 or page_size < 1:
        raise VendorFault("1010")
    if page_size > MAX_PAGE_SIZE:
        raise VendorFault("1006")
    return page, page_size
