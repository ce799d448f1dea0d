"""A neutral `Schedule` as FlashAI's addPlan `callDate` and `callHour`, or a 422 saying why not.

flashai-saas-api.md ("Adding Outbound Call"): `callDate` is one day, `yyyyMMdd`; `callHour` lists
whole hours, comma-separated ("9,10,13" dials 9-11 and 13-14). The lineage server accepts only
hours 9..20 (DispatchApiController.checkCallHour). FlashAI has no weekdays, no end date and no
minutes, and reads both fields in its own zone. Whatever a schedule asks that these fields cannot
say is refused with a pointer to the field, never dropped: a dropped calling restriction means
calls at hours the caller ruled out.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Final, NamedTuple

from contracts.campaigns import ALL_WEEKDAYS, Schedule
from contracts.errors import invalid

# FlashAI's permitted callHour values (lineage server: 9..20, i.e. dialling 09:00-21:00).
FIRST_HOUR: Final = 9
LAST_HOUR: Final = 20
ALL_CALL_HOURS: Final = tuple(range(FIRST_HOUR, LAST_HOUR + 1))


class CallingPlan(NamedTuple):
    call_date: dt.date
    call_hours: tuple[int, ...]

    @property
    def call_date_param(self) -> str:
        return self.call_date.strftime("%Y%m%d")

    @property
    def call_hour_param(self) -> str:
        return ",".join(str(hour) for hour in self.call_hours)


def calling_plan(schedule: Schedule | None, *, vendor_zone: zoneinfo.ZoneInfo, today: dt.date) -> CallingPlan:
    """The callDate and callHour for `schedule`; `today` is today's date in `vendor_zone`.

    Without a schedule, or without windows, FlashAI may dial during all the hours it permits.
    """
    if schedule is None:
        return CallingPlan(today, ALL_CALL_HOURS)
    if schedule.end_date is not None:
        raise invalid(
            "FlashAI cannot end a batch on a date; leave end_date out and stop the campaign instead",
            pointer="/schedule/end_date",
        )
    zone = zoneinfo.ZoneInfo(schedule.timezone)
    offset_hours = _whole_hour_offset(zone, vendor_zone, schedule.start_date or today, schedule.timezone)
    hours = _vendor_hours(schedule, offset_hours, vendor_zone) if schedule.windows else ALL_CALL_HOURS
    return CallingPlan(_first_call_date(schedule.start_date, zone, vendor_zone, hours, today), hours)


def _whole_hour_offset(zone: zoneinfo.ZoneInfo, vendor_zone: zoneinfo.ZoneInfo, day: dt.date, name: str) -> int:
    """Hours to add to a time in `zone` to read it in `vendor_zone`, fixed at `day`.

    FlashAI's hours do not follow the caller's daylight-saving changes: the offset of the start
    date holds for the whole batch.
    """
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=zone)
    seconds = int((noon.astimezone(vendor_zone).utcoffset() or dt.timedelta()).total_seconds()) - int(
        (noon.utcoffset() or dt.timedelta()).total_seconds()
    )
    if seconds % 3600:
        raise invalid(
            f"{name} is not a whole number of hours from FlashAI's zone ({vendor_zone.key}), "
            "and FlashAI schedules whole hours only",
            pointer="/schedule/timezone",
        )
    return seconds // 3600


def _vendor_hours(schedule: Schedule, offset_hours: int, vendor_zone: zoneinfo.ZoneInfo) -> tuple[int, ...]:
    hours: set[int] = set()
    for index, window in enumerate(schedule.windows):
        where = f"/schedule/windows/{index}"
        if set(window.days) != set(ALL_WEEKDAYS):
            raise invalid("FlashAI dials every day of the week; it cannot leave out days", pointer=f"{where}/days")
        start = _whole_hour(window.start, f"{where}/start")
        end = _whole_hour(window.end, f"{where}/end")
        for local_hour in range(start, end):
            vendor_hour = (local_hour + offset_hours) % 24
            if not FIRST_HOUR <= vendor_hour <= LAST_HOUR:
                raise invalid(
                    f"FlashAI dials only from {FIRST_HOUR:02d}:00 to {LAST_HOUR + 1:02d}:00 {vendor_zone.key}; "
                    f"{local_hour:02d}:00 {schedule.timezone} is {vendor_hour:02d}:00 there",
                    pointer=f"{where}/start" if local_hour == start else f"{where}/end",
                )
            hours.add(vendor_hour)
    return tuple(sorted(hours))


def _whole_hour(clock_time: str, pointer: str) -> int:
    hour, minute = clock_time.split(":")
    if minute != "00":
        raise invalid("FlashAI schedules whole hours only (HH:00)", pointer=pointer)
    return int(hour)


def _first_call_date(
    start_date: dt.date | None,
    zone: zoneinfo.ZoneInfo,
    vendor_zone: zoneinfo.ZoneInfo,
    hours: tuple[int, ...],
    today: dt.date,
) -> dt.date:
    """The first vendor-zone day on which no calling hour falls before `start_date` begins.

    When the two zones' days do not line up, part of the first local day may go unused: FlashAI
    never dials before the caller's start date. A date in the past is sent as it is: the callDate
    remark says a past date is ignored and the numbers are queued by callHour at once (the English
    doc's "or only date is sent" renders the Chinese copy's 传的是过去的日期, "a past date is sent").
    """
    if start_date is None:
        return today
    start = dt.datetime.combine(start_date, dt.time(0), tzinfo=zone)
    day = start.astimezone(vendor_zone).date()
    while dt.datetime.combine(day, dt.time(min(hours)), tzinfo=vendor_zone) < start:
        day += dt.timedelta(days=1)
    return day
