"""`CallFilter.admits`: the phone and start-time filters every adapter applies to calls it lists."""

from __future__ import annotations

import datetime as dt

import pytest

from contracts.calls import Call, CallDirection, CallFilter, CallStatus

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def call(to: str = "+8613800138000", started_at: dt.datetime | None = NOON) -> Call:
    return Call(
        id="c1", direction=CallDirection.OUTBOUND, status=CallStatus.COMPLETED, to_number=to, started_at=started_at
    )


@pytest.mark.parametrize(
    ("filter", "subject", "admitted"),
    [
        (CallFilter(), call(started_at=None), True),
        (CallFilter(phone="+8613800138000"), call(), True),
        (CallFilter(phone="+8613900139000"), call(), False),
        (CallFilter(started_after=NOON), call(), True),  # inclusive lower bound
        (CallFilter(started_before=NOON), call(), False),  # exclusive upper bound
        (
            CallFilter(started_after=NOON - dt.timedelta(hours=1), started_before=NOON + dt.timedelta(hours=1)),
            call(),
            True,
        ),
        (CallFilter(started_after=NOON), call(started_at=None), False),  # no start time, time filtered
        (CallFilter(started_after=dt.datetime(2026, 3, 2, 12, 0)), call(), True),  # naive read as UTC
        (CallFilter(started_before=dt.datetime(2026, 3, 2, 12, 0)), call(), False),
        (CallFilter(campaign_id="elsewhere"), call(), True),  # the vendor query's business, not this one's
    ],
)
def test_admits(filter: CallFilter, subject: Call, admitted: bool) -> None:
    assert filter.admits(subject) is admitted
