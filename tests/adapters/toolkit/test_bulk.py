"""`reported_outcomes`: a vendor's failure count plus the failures it names, item by item."""

from __future__ import annotations

from typing import NamedTuple

from adapters.bulk import reported_outcomes
from contracts.contacts import ItemStatus
from contracts.errors import ErrorCode


class Sent(NamedTuple):
    index: int
    phone: str


SENT = [Sent(0, "+8613800000000"), Sent(2, "+8613800000002"), Sent(5, "+8613800000005")]


def test_named_failures_are_rejected_and_the_rest_added() -> None:
    outcomes = reported_outcomes(SENT, {1: "bad number"}, 1, vendor="Acme", caveat="may not be on the list")
    assert [(o.index, o.status, o.code, o.detail) for o in outcomes] == [
        (0, ItemStatus.ADDED, None, None),
        (2, ItemStatus.REJECTED, ErrorCode.VENDOR_REJECTED, "bad number"),
        (5, ItemStatus.ADDED, None, None),
    ]


def test_failures_counted_but_not_named_put_a_caveat_on_every_added_item() -> None:
    outcomes = reported_outcomes(SENT, {1: "bad number"}, 3, vendor="Acme", caveat="may not be on the list")
    caveat = "Acme counted 2 failed number(s) it did not name; this one may not be on the list"
    assert [(o.status, o.detail) for o in outcomes] == [
        (ItemStatus.ADDED, caveat),
        (ItemStatus.REJECTED, "bad number"),
        (ItemStatus.ADDED, caveat),
    ]
    assert [o.phone for o in outcomes] == [s.phone for s in SENT]
