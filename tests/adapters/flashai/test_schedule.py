"""Schedules as callDate/callHour, and a 422 with a pointer for everything FlashAI cannot do."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest

from adapters.flashai.schedule import calling_plan
from contracts.campaigns import CallingWindow, Schedule, Weekday
from contracts.errors import ErrorCode, GatewayError

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2024, 5, 6)


def plan(schedule: Schedule | None) -> tuple[str, str]:
    result = calling_plan(schedule, vendor_zone=SHANGHAI, today=TODAY)
    return result.call_date_param, result.call_hour_param


def schedule(timezone: str = "Asia/Shanghai", *windows: tuple[str, str], **extra: Any) -> Schedule:
    return Schedule(timezone=timezone, windows=[CallingWindow(start=start, end=end) for start, end in windows], **extra)


def refusal(bad: Schedule) -> tuple[str | None, str]:
    with pytest.raises(GatewayError) as caught:
        calling_plan(bad, vendor_zone=SHANGHAI, today=TODAY)
    error = caught.value
    assert error.code is ErrorCode.INVALID_REQUEST
    assert error.status == 422
    assert error.errors is not None
    assert len(error.errors) == 1
    return error.errors[0].pointer, error.detail


def test_no_schedule_dials_today_during_all_permitted_hours() -> None:
    assert plan(None) == ("20240506", "9,10,11,12,13,14,15,16,17,18,19,20")


def test_a_schedule_without_windows_uses_all_permitted_hours_from_its_start_date() -> None:
    assert plan(schedule(start_date=dt.date(2024, 6, 1))) == ("20240601", ",".join(map(str, range(9, 21))))


def test_windows_in_the_vendor_zone_become_their_hours_merged_and_sorted() -> None:
    assert plan(schedule("Asia/Shanghai", ("13:00", "14:00"), ("09:00", "11:00"), ("10:00", "12:00"))) == (
        "20240506",
        "9,10,11,13",
    )


def test_windows_elsewhere_shift_by_the_whole_hour_offset() -> None:
    # 01:00-03:00 UTC is 09:00-11:00 in Shanghai.
    assert plan(schedule("UTC", ("01:00", "03:00"))) == ("20240506", "9,10")


def test_midnight_end_and_a_shift_into_the_next_vendor_day() -> None:
    # New York in May is UTC-4: 21:00-24:00 there is 09:00-12:00 next day in Shanghai. The start date's
    # first vendor hours (May 6, 09:00-12:00 Shanghai) are still May 5 in New York, so FlashAI starts May 7.
    result = plan(schedule("America/New_York", ("21:00", "24:00"), start_date=dt.date(2024, 5, 6)))
    assert result == ("20240507", "9,10,11")


def test_the_offset_is_taken_at_the_start_date() -> None:
    # New York in January is UTC-5: 20:00-22:00 there is 09:00-11:00 in Shanghai.
    assert plan(schedule("America/New_York", ("20:00", "22:00"), start_date=dt.date(2025, 1, 10))) == (
        "20250111",
        "9,10",
    )


def test_a_start_date_in_the_past_is_sent_as_is_since_flashai_then_dials_at_once() -> None:
    assert plan(schedule(start_date=dt.date(2020, 1, 1)))[0] == "20200101"


def test_an_end_date_is_refused() -> None:
    pointer, _ = refusal(schedule(start_date=TODAY, end_date=dt.date(2024, 5, 9)))
    assert pointer == "/schedule/end_date"


def test_leaving_out_weekdays_is_refused() -> None:
    weekdays = Schedule(
        timezone="Asia/Shanghai",
        windows=[
            CallingWindow(start="09:00", end="12:00"),
            CallingWindow(start="14:00", end="16:00", days=[Weekday.MON, Weekday.TUE]),
        ],
    )
    pointer, detail = refusal(weekdays)
    assert pointer == "/schedule/windows/1/days"
    assert "every day" in detail


@pytest.mark.parametrize(
    ("window", "pointer"),
    [(("09:30", "11:00"), "/schedule/windows/0/start"), (("09:00", "10:45"), "/schedule/windows/0/end")],
)
def test_minutes_are_refused(window: tuple[str, str], pointer: str) -> None:
    assert refusal(schedule("Asia/Shanghai", window))[0] == pointer


@pytest.mark.parametrize(
    ("window", "pointer"),
    [
        (("08:00", "10:00"), "/schedule/windows/0/start"),
        (("19:00", "22:00"), "/schedule/windows/0/end"),
        (("20:00", "24:00"), "/schedule/windows/0/end"),
    ],
)
def test_hours_outside_nine_to_twenty_one_are_refused(window: tuple[str, str], pointer: str) -> None:
    found, detail = refusal(schedule("Asia/Shanghai", window))
    assert found == pointer
    assert "09:00 to 21:00 Asia/Shanghai" in detail


def test_hours_outside_after_conversion_are_refused_saying_what_they_become() -> None:
    # 09:00 in London (UTC+1 in May) is 16:00 in Shanghai; 13:00 would be 20:00; 14:00 is 21:00.
    pointer, detail = refusal(schedule("Europe/London", ("09:00", "15:00")))
    assert pointer == "/schedule/windows/0/end"
    assert "14:00 Europe/London is 21:00 there" in detail


def test_a_zone_a_fraction_of_an_hour_away_is_refused() -> None:
    pointer, _ = refusal(schedule("Asia/Kolkata", ("09:00", "10:00")))
    assert pointer == "/schedule/timezone"
