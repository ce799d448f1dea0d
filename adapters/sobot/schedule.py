"""A neutral campaign as the body of "Create Outbound Task" (sobot-callservice-v6-api.txt 1127-1160).

An outbound task knows a start and an end instant (`scheduleStartTime`, `scheduleEndTime`, ms,
both required) and a zone (`scheduleTimeZoneId`); nothing else of the neutral campaign has a member
there. So:

- the task starts on `start_date` at the earliest window's start (today when no start date; a
  start already past becomes "now", since a plan cannot start in the past) and ends on `end_date`
  at the latest window's end (`campaign_days` after the day it starts when no end date is given);
- daily windows, the retry policy, the script (IVR flow) and the caller ids cannot be sent. Each
  is refused with 422 unless the account lists it in `advisory_fields`; then it is written into the
  task's `description` — "The note should be 200 chars max" (line 1148) — for the agents who work
  the task. Sobot does not enforce a note.

Pure functions: no I/O, no clock (`now` is passed in).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any, Final

from adapters.sobot.settings import AdvisoryField, SobotOptions
from contracts.campaigns import ALL_WEEKDAYS, CallingWindow, CampaignCreate, RetryPolicy, Schedule
from contracts.errors import invalid

MAX_NOTE_LENGTH: Final = 200

_POINTERS: Final = {
    AdvisoryField.WINDOWS: "/schedule/windows",
    AdvisoryField.RETRY: "/retry",
    AdvisoryField.SCRIPT: "/script_id",
    AdvisoryField.CALLER_IDS: "/caller_ids",
}
_WHAT: Final = {
    AdvisoryField.WINDOWS: "daily calling windows (only a start and an end time)",
    AdvisoryField.RETRY: "retry policy (agents re-dial by hand)",
    AdvisoryField.SCRIPT: "script or IVR flow",
    AdvisoryField.CALLER_IDS: "caller number",
}


@dataclass(frozen=True)
class TaskTimes:
    start_ms: int
    end_ms: int
    zone: str


def task_times(schedule: Schedule | None, *, default_zone: str, now: float, days: int) -> TaskTimes:
    zone_name = schedule.timezone if schedule is not None else default_zone
    zone = zoneinfo.ZoneInfo(zone_name)
    windows = schedule.windows if schedule is not None else []
    first, last = min((w.start for w in windows), default="00:00"), max((w.end for w in windows), default="24:00")
    start_day = (schedule.start_date if schedule else None) or dt.datetime.fromtimestamp(now, zone).date()
    start = max(_instant(start_day, first, zone), now)
    # Without an end date the task runs `days` from the day it really starts (a past start
    # date begins today), so an open-ended campaign is never created already over.
    end_day = (schedule.end_date if schedule else None) or (
        dt.datetime.fromtimestamp(start, zone).date() + dt.timedelta(days=days)
    )
    end = _instant(end_day, last, zone)
    if end <= start:
        raise invalid("the campaign would end before it starts (or has already ended)", pointer="/schedule/end_date")
    return TaskTimes(start_ms=round(start * 1000), end_ms=round(end * 1000), zone=zone_name)


def _instant(day: dt.date, clock_time: str, zone: zoneinfo.ZoneInfo) -> float:
    if clock_time == "24:00":
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone).timestamp()
    hours, minutes = (int(part) for part in clock_time.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=zone).timestamp()


def advisory_note(campaign: CampaignCreate, accepted: frozenset[AdvisoryField]) -> str | None:
    """The task's description: the neutral fields Sobot cannot hold, as advice to the agents.

    Raises `invalid` (422) naming the field when one is given but not accepted by the account, or
    when the note would not fit Sobot's 200 characters.
    """
    given: dict[AdvisoryField, str] = {}
    if campaign.schedule is not None and campaign.schedule.windows:
        given[AdvisoryField.WINDOWS] = _windows_text(campaign.schedule.windows, campaign.schedule.timezone)
    if campaign.retry is not None:
        given[AdvisoryField.RETRY] = _retry_text(campaign.retry)
    if campaign.script_id is not None:
        given[AdvisoryField.SCRIPT] = f"IVR flow {campaign.script_id}"
    if campaign.caller_ids:
        given[AdvisoryField.CALLER_IDS] = "caller number " + ", ".join(campaign.caller_ids)
    for field in given:
        if field not in accepted:
            raise invalid(
                f"Sobot's outbound task has no {_WHAT[field]}; an account may accept it as a note to its agents "
                f"by listing {field.value!r} in options.advisory_fields",
                pointer=_POINTERS[field],
            )
    if not given:
        return None
    note = "; ".join(given.values())
    if len(note) > MAX_NOTE_LENGTH:
        raise invalid(
            f"too much to write into Sobot's {MAX_NOTE_LENGTH}-character task note ({len(note)} characters)",
            pointer=_POINTERS[next(iter(given))],
        )
    return note


def _windows_text(windows: list[CallingWindow], zone: str) -> str:
    spans = []
    for window in windows:
        days = "daily" if set(window.days) == set(ALL_WEEKDAYS) else ",".join(day.value for day in window.days)
        spans.append(f"{window.start}-{window.end} {days}")
    return f"call {', '.join(spans)} ({zone})"


def _retry_text(retry: RetryPolicy) -> str:
    return (
        f"at most {retry.max_attempts} attempts, {retry.interval_minutes} min apart, "
        f"after {'/'.join(outcome.value for outcome in retry.on)}"
    )


def task_body(campaign: CampaignCreate, options: SobotOptions, *, now: float) -> tuple[dict[str, Any], TaskTimes]:
    """The create body (lines 1137-1148) and the times it carries; 422 for what cannot be sent."""
    if campaign.queue_id is not None:
        raise invalid("Sobot assigns a task's contacts to agents, not to a skill group", pointer="/queue_id")
    note = advisory_note(campaign, options.advisory_fields)
    times = task_times(campaign.schedule, default_zone=options.timezone, now=now, days=options.campaign_days)
    body: dict[str, Any] = {
        "agentID": options.admin_agent,
        "agentType": options.admin_agent_type.agent_type,
        "name": campaign.name,
        "dataTemplateCode": options.data_template_code,
        "wrapUpTemplateCode": options.wrap_up_template_code,
        "scheduleStartTime": times.start_ms,
        "scheduleEndTime": times.end_ms,
        "scheduleTimeZoneId": times.zone,
    }
    if note is not None:
        body["description"] = note
    return body, times
