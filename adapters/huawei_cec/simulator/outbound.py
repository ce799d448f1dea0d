"""CC-iSales state of the simulated vendor, its envelope, and the field checks its handlers share.

Answers carry `resultCode`/`resultDesc` and `returnCode`/`returnDesc`, "0200000" on success (Table
7-13); failures are HTTP 200 with the code. Validation failures use the 8-digit codes of the
tables (02000001 empty, 02000002 invalid characters, 02000007 incorrect value, 02000009 incorrect
combination); business failures the 7-digit ones.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from adapters.huawei_cec.simulator.dialler import Attempt, Dialler, SimCampaign
from adapters.huawei_cec.simulator.requests import Refused, SimRequest
from adapters.huawei_cec.simulator.state import Tenant

SUCCESS: Final = "0200000"
DIALLABLE: Final = re.compile(r"^[0-9*#]{1,24}$")
TIME_FORMAT: Final = "%Y-%m-%d %H:%M:%S"


def ok(**extra: Any) -> dict[str, Any]:
    return {"resultCode": SUCCESS, "resultDesc": "", "returnCode": SUCCESS, "returnDesc": "", **extra}


def fail(code: str, description: str) -> Refused:
    return Refused(200, {"resultCode": code, "resultDesc": description, "returnCode": code, "returnDesc": description})


def empty(name: str) -> Refused:
    return fail("02000001", f"{name} is empty")


def bad_value(name: str) -> Refused:
    return fail("02000007", f"{name} has an incorrect value")


def integer(body: dict[str, Any], name: str, low: int, high: int, *, required: bool = True) -> int | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise empty(name)
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise fail("02000006", f"{name} has an incorrect type")
    if not low <= int(value) <= high:
        raise bad_value(name)
    return int(value)


def text(body: dict[str, Any], name: str, max_length: int, *, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise empty(name)
        return None
    if not isinstance(value, str):
        raise fail("02000006", f"{name} has an incorrect type")
    if len(value) > max_length:
        raise fail("02000003", f"{name} is longer than {max_length} characters")
    return value


def json_text(value: object, name: str) -> Any:
    """A JSON document carried in a string (retryPolicy's resultRetry, policyJson ...).

    The reference's examples write them with single quotes ("[{'dataType':'SI',...}]", 7.1.2),
    which is not JSON; the simulator reads both, since which one the server requires is not said.
    """
    if not isinstance(value, str):
        raise fail("02000006", f"{name} must be a JSON string")
    for candidate in (value, value.replace("'", '"')):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    raise fail("02000008", f"{name} is not JSON")


@dataclass
class Outbound:
    """All CC-iSales state: the VDN's campaigns, the dialler that moves them, the rate rules."""

    vdn_id: int
    cc_id: int
    tenant: Tenant
    dialler: Dialler
    zone: zoneinfo.ZoneInfo
    calldata_batch_max: int = 20
    calldata_min_interval: float = 1.0  # wall-clock seconds between calldata requests per campaign
    statistics_limit: int = 60  # statistics requests per five simulated minutes (7.4.7 flow control)
    monotonic: Callable[[], float] = time.monotonic
    campaigns: dict[int, SimCampaign] = field(default_factory=dict)
    campaign_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1001))
    last_calldata: dict[int, float] = field(default_factory=dict)
    statistics_calls: list[float] = field(default_factory=list)

    def advance(self, now: float) -> None:
        for campaign in self.campaigns.values():
            self.dialler.advance(campaign, now)

    def campaign(self, request: SimRequest) -> SimCampaign:
        self.check_vdn(request)
        campaign = self.campaigns.get(int(request.params["campaign"]))
        if campaign is None:
            raise fail("0200007", "The outbound campaign does not exist.")
        return campaign

    def check_vdn(self, request: SimRequest) -> None:
        if int(request.params["vdn"]) != self.vdn_id:
            raise fail("0200001", "vdnId does not belong to this developer")

    def local(self, moment: float) -> dt.datetime:
        return dt.datetime.fromtimestamp(moment, self.zone)

    def format(self, moment: float | None) -> str | None:
        return None if moment is None else self.local(moment).strftime(TIME_FORMAT)

    def parse(self, value: str, name: str) -> dt.datetime:
        try:
            return dt.datetime.strptime(value, TIME_FORMAT).replace(tzinfo=self.zone)
        except ValueError:
            raise bad_value(name) from None

    def find_attempt(self, call_id: str, now: float) -> tuple[SimCampaign, Attempt] | None:
        for campaign in self.campaigns.values():
            for attempt in campaign.attempts():
                if attempt.call_id == call_id and attempt.ended <= now:
                    return campaign, attempt
        return None
