"""A neutral schedule as CC-iSales' campaign period and time segments, and back. Pure functions.

Huawei (7.1.2, Tables 7-18 and 7-19): `strBeginTime`/`strEndTime` (`yyyy-MM-dd HH:mm:ss`, begin not
before today 00:00) bound the campaign; up to three `HH:mm` workday segments say when it dials
("Outbound calls are made by workday unless a date or a day in a week is specified as a holiday";
holidays are assigned per campaign by separate interfaces, 7.2). The reference does not say which
zone these times are in; the account's `vendor_timezone` (the tenant's zone) is used, and neutral
times are converted into it.

Choices: windows must apply to every day of the week (Huawei segments cannot name weekdays); a
window ending at 24:00 becomes 23:59 (HH:mm has no 24:00); a window that crosses midnight once
converted is split in two; more than three segments are refused; no windows means 00:00-23:59
(the modification example's all-day segment, 7.1.4); a start date before today starts today.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Final

from contracts.campaigns import ALL_WEEKDAYS, CallingWindow, Schedule
from contracts.errors import invalid

MAX_SEGMENTS: Final = 3
TIME_FORMAT: Final = "%Y-%m-%d %H:%M:%S"
ALL_DAY: Final = (("00:00", "23:59"),)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _shift(
    window: CallingWindow, day: dt.date, source: zoneinfo.ZoneInfo, target: zoneinfo.ZoneInfo
) -> list[tuple[int, int]]:
    """The window's minutes in the vendor's zone on `day`, split where it crosses midnight."""
    start = dt.datetime.combine(day, dt.time()).replace(tzinfo=source) + dt.timedelta(minutes=_minutes(window.start))
    length = _minutes(window.end) - _minutes(window.start)
    local = start.astimezone(target)
    begin = local.hour * 60 + local.minute
    end = begin + length
    if end <= 24 * 60:
        return [(begin, end)]
    return [(begin, 24 * 60), (0, end - 24 * 60)]


def segments(schedule: Schedule | None, vendor_zone: zoneinfo.ZoneInfo, day: dt.date) -> list[tuple[str, str]]:
    """The workday segments (HH:mm pairs in the vendor's zone) for the neutral windows."""
    if schedule is None or not schedule.windows:
        return list(ALL_DAY)
    source = zoneinfo.ZoneInfo(schedule.timezone)
    minutes: list[tuple[int, int]] = []
    for index, window in enumerate(schedule.windows):
        if set(window.days) != set(ALL_WEEKDAYS):
            raise invalid(
                "Huawei campaign time segments apply to every workday; they cannot be limited to some weekdays",
                pointer=f"/schedule/windows/{index}/days",
            )
        minutes += _shift(window, day, source, vendor_zone)
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(minutes):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    if len(merged) > MAX_SEGMENTS:
        raise invalid(
            f"Huawei campaigns have at most {MAX_SEGMENTS} calling time segments a day", pointer="/schedule/windows"
        )
    return [(_clock(begin), _clock(min(end, 24 * 60 - 1))) for begin, end in merged]


def schedule_param(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """scheduleParam with every key present, unused segments empty (as the 7.1.2 example sends)."""
    param: dict[str, str] = {}
    for number in range(1, MAX_SEGMENTS + 1):
        begin, end = pairs[number - 1] if number <= len(pairs) else ("", "")
        param[f"workdayBeginTime{number}"] = begin
        param[f"workdayEndTime{number}"] = end
    for number in range(1, MAX_SEGMENTS + 1):
        param[f"holidayBeginTime{number}"] = ""
        param[f"holidayEndTime{number}"] = ""
    return param


def period(
    schedule: Schedule | None, vendor_zone: zoneinfo.ZoneInfo, now: dt.datetime, default_days: int
) -> tuple[dt.datetime, dt.datetime]:
    """strBeginTime and strEndTime, in the vendor's zone."""
    today = now.astimezone(vendor_zone).replace(hour=0, minute=0, second=0, microsecond=0)
    source = zoneinfo.ZoneInfo(schedule.timezone) if schedule else vendor_zone
    begin = today
    if schedule and schedule.start_date:
        begin = max(
            today, dt.datetime.combine(schedule.start_date, dt.time()).replace(tzinfo=source).astimezone(vendor_zone)
        )
    if schedule and schedule.end_date:
        last = dt.datetime.combine(schedule.end_date, dt.time(23, 59, 59)).replace(tzinfo=source)
        end = last.astimezone(vendor_zone)
    else:
        end = (begin + dt.timedelta(days=default_days)).replace(hour=23, minute=59, second=59)
    if end <= begin:
        raise invalid("the campaign would end before it starts", pointer="/schedule/end_date")
    return begin, end


def vendor_time(moment: dt.datetime) -> str:
    return moment.strftime(TIME_FORMAT)


def parse_vendor_date(text: str | None) -> dt.date | None:
    """A campaign's date as 7.1.6/7.1.7 report it: `yyyy-MM-dd`, with or without a time."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def windows_from_segments(pairs: list[tuple[str | None, str | None]]) -> list[CallingWindow]:
    """The neutral windows of the vendor's workday segments (empty ones skipped)."""
    windows = []
    for begin, end in pairs:
        if begin and end and begin < end:
            try:
                windows.append(CallingWindow(start=begin, end=end))
            except ValueError:
                continue  # not HH:mm: left out rather than failing the whole campaign
    return windows
