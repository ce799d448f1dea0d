"""Simulated outbound campaigns and how their numbers get dialled as simulated time passes.

A started campaign (status 2) dials one data record per `interval` seconds, within its
strBeginTime-strEndTime period and its workday time segments in the vendor's zone (demo mode
ignores the segments, so that a demo shows progress at any hour). Each attempt's course (ringing,
answer, release, failure code of Table 7-295) is fixed when it is dialled, from a hash of the
campaign, the number and the attempt, so runs are reproducible. Failed attempts are retried as the
campaign's retry policy says (Tables 7-29/7-30). Progress is computed lazily: before every request
the vendor advances each campaign from its cursor to "now"; a suspended campaign earns no dials.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from dataclasses import dataclass, field
from typing import Any, Final

RUNNING, SUSPENDED, COMPLETED = 2, 3, 4
SUCCESS_CODE: Final = "00000"
# failCode (Table 7-295) -> result type of the retry policy (Table 7-32: 1 busy, 2 no answer, 3 rejected, 9 failed).
RESULT_TYPES: Final = {"00537": 1, "01040": 2, "00603": 2, "00604": 3}


@dataclass(frozen=True)
class RetryRule:
    """Per result type (0 standing for "any"): how many retries, and how many seconds apart."""

    rules: dict[int, tuple[int, int]] = field(default_factory=dict)

    def retry_after(self, result_type: int, failures_of_type: int) -> int | None:
        """Seconds until the next attempt after the `failures_of_type`-th failure, None for no retry."""
        rule = self.rules.get(result_type) or self.rules.get(0)
        if rule is None or failures_of_type > rule[0]:
            return None
        return rule[1]


@dataclass
class Attempt:
    call_id: str
    number: str
    started: float
    answered: float | None
    ended: float
    fail_code: str

    @property
    def succeeded(self) -> bool:
        return self.fail_code == SUCCESS_CODE


@dataclass
class DataRecord:
    """One `callDataList` item (7.4.2): the numbers of one customer and what was sent with them."""

    seq: int
    numbers: list[str]
    session_id: str | None
    call_data: str | None
    custom_field: str | None
    due_at: float  # may be dialled from this moment
    attempts: list[Attempt] = field(default_factory=list)
    done_at: float | None = None  # set when the last attempt is dialled: its end

    def dialled(self, now: float) -> bool:
        return any(attempt.started <= now for attempt in self.attempts)

    def finished(self, now: float) -> bool:
        return self.done_at is not None and self.done_at <= now


@dataclass
class SimCampaign:
    campaign_id: int
    body: dict[str, Any]  # the last accepted V2 body, returned by the detail query
    status: int
    begin: dt.datetime
    end: dt.datetime
    segments: list[tuple[int, int]]  # workday segments, minutes since midnight [start, end)
    retry: RetryRule
    cursor: float
    records: list[DataRecord] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.body.get("name", ""))

    def attempts(self) -> list[Attempt]:
        return [attempt for record in self.records for attempt in record.attempts]


class Dialler:
    def __init__(
        self,
        *,
        zone: zoneinfo.ZoneInfo,
        interval: float,
        honour_segments: bool,
        time_scale: float = 1.0,
        max_alerting: float = 30.0,
    ) -> None:
        self.zone = zone
        self.interval = interval
        self.honour_segments = honour_segments
        self.time_scale = time_scale
        self.max_alerting = max_alerting
        self._calls = 0

    def advance(self, campaign: SimCampaign, now: float) -> None:
        if campaign.status == RUNNING:
            campaign.cursor = self._dial_until(campaign, now)
        if campaign.status != COMPLETED and now >= campaign.end.timestamp():
            campaign.status = COMPLETED  # strEndTime passed: the campaign is complete (status 4)

    def _dial_until(self, campaign: SimCampaign, now: float) -> float:
        """Dial every slot up to `now`; the new cursor (the earliest moment of the next dial)."""
        moment = campaign.cursor
        while True:
            opening = self._next_open(campaign, moment)
            if opening is None or opening > now:
                return moment
            record = self._due(campaign, opening)
            if record is None:
                waiting = [r.due_at for r in campaign.records if r.done_at is None and r.due_at > opening]
                if not waiting:
                    return max(moment, now)  # nothing to dial until new numbers arrive
                moment = min(waiting)
                continue
            self._dial(campaign, record, opening)
            moment = opening + self.interval

    def _next_open(self, campaign: SimCampaign, moment: float) -> float | None:
        """The first moment from `moment` on at which the campaign may dial; None after its end."""
        moment = max(moment, campaign.begin.timestamp())
        end = campaign.end.timestamp()
        while moment < end:
            if not self.honour_segments or not campaign.segments:
                return moment
            local = dt.datetime.fromtimestamp(moment, self.zone)
            minute = local.hour * 60 + local.minute
            starts = []
            for start, stop in sorted(campaign.segments):
                if start <= minute < stop:
                    return moment
                if start > minute:
                    starts.append(start)
            midnight = local.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
            following = midnight + dt.timedelta(minutes=starts[0]) if starts else midnight + dt.timedelta(days=1)
            moment = following.replace(tzinfo=self.zone).timestamp()
        return None

    @staticmethod
    def _due(campaign: SimCampaign, moment: float) -> DataRecord | None:
        return next((r for r in campaign.records if r.done_at is None and r.due_at <= moment), None)

    def _dial(self, campaign: SimCampaign, record: DataRecord, moment: float) -> None:
        number = record.numbers[len(record.attempts) % len(record.numbers)]
        self._calls += 1
        attempt = self._course(campaign.campaign_id, number, len(record.attempts), moment)
        record.attempts.append(attempt)
        if attempt.succeeded:
            record.done_at = attempt.ended
            return
        result_type = RESULT_TYPES.get(attempt.fail_code, 9)
        failures = sum(1 for a in record.attempts if RESULT_TYPES.get(a.fail_code, 9) == result_type)
        delay = campaign.retry.retry_after(result_type, failures)
        if delay is None:
            record.done_at = attempt.ended
        else:
            record.due_at = attempt.ended + delay * self.time_scale

    def _course(self, campaign_id: int, number: str, index: int, moment: float) -> Attempt:
        digest = hashlib.sha256(f"{campaign_id}/{number}/{index}".encode()).digest()
        roll, ring, talk = digest[0] / 255, 3 + digest[1] % 6, 15 + digest[2] % 76
        scale = self.time_scale
        call_id = f"{int(moment)}-{self._calls}"
        if roll < 0.6:
            answered = moment + ring * scale
            return Attempt(call_id, number, moment, answered, answered + talk * scale, SUCCESS_CODE)
        if roll < 0.75:
            return Attempt(call_id, number, moment, None, moment + self.max_alerting * scale, "01040")
        code = "00537" if roll < 0.9 else "00604"
        return Attempt(call_id, number, moment, None, moment + ring * scale, code)
