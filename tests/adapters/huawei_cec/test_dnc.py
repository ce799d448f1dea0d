"""The outbound blacklist (7.3) as the do-not-call list, against the simulator."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from adapters.huawei_cec import HuaweiCecAdapter
from adapters.huawei_cec.simulator import HuaweiSimulator
from contracts.contacts import ItemStatus
from contracts.context import OperationContext
from contracts.dnc import DncEntryInput
from contracts.errors import ErrorCode, GatewayError
from contracts.paging import PageRequest
from tests.adapters.huawei_cec.conftest import START, ZONE


def blocklist(sim: HuaweiSimulator, action: str) -> list[Any]:
    return [r.body for r in sim.received if r.path.endswith(f"/blocklist/{action}")]


def numbers(count: int, start: int = 0) -> list[str]:
    return [f"+86137{index:08d}" for index in range(start, start + count)]


async def test_adding_checks_what_is_listed_and_sends_groups_of_twenty(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    await adapter.add_dnc(ctx, entries=[DncEntryInput(phone=numbers(1)[0])])
    entries = [DncEntryInput(phone=p) for p in numbers(25)]
    result = await adapter.add_dnc(ctx, entries=entries)
    assert (result.added, result.duplicate, result.rejected) == (24, 1, 0)
    assert result.items[0].status is ItemStatus.DUPLICATE
    adds = blocklist(sim, "add")
    assert [len(body["blocklist"]) for body in adds] == [1, 19, 5]
    assert all(len(body["blocklist"]) <= 20 for body in blocklist(sim, "query"))
    assert adds[1]["blocklist"][0] == "13700000001"  # national numbers


async def test_expiry_is_sent_in_the_vendors_zone_and_read_back(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    expires = dt.datetime(2026, 3, 9, 2, 0, tzinfo=dt.UTC)
    past = dt.datetime.fromtimestamp(START - 60, dt.UTC)
    entries = [
        DncEntryInput(phone=numbers(1)[0], expires_at=expires, reason="asked us"),
        DncEntryInput(phone=numbers(1, start=1)[0], expires_at=past),
        DncEntryInput(phone="+14155552671"),
    ]
    result = await adapter.add_dnc(ctx, entries=entries)
    assert [item.status for item in result.items] == [ItemStatus.ADDED, ItemStatus.REJECTED, ItemStatus.REJECTED]
    assert blocklist(sim, "add") == [{"blocklist": ["13700000000"], "validityExpirationTime": "2026-03-09 10:00:00"}]
    (entry,) = (await adapter.list_dnc(ctx, page=PageRequest())).items
    assert (entry.phone, entry.expires_at, entry.reason) == ("+8613700000000", expires, None)
    assert entry.expires_at.astimezone(ZONE).hour == 10


async def test_listing_pages_without_a_total(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    await adapter.add_dnc(ctx, entries=[DncEntryInput(phone=p) for p in numbers(3)])
    first = await adapter.list_dnc(ctx, page=PageRequest(limit=2))
    assert [e.phone for e in first.items] == numbers(2)
    assert first.next_cursor == "2"
    second = await adapter.list_dnc(ctx, page=PageRequest(limit=2, cursor="2"))
    assert [e.phone for e in second.items] == numbers(1, start=2)
    assert second.next_cursor is None
    assert blocklist(sim, "query")[-1] == {"offset": 2, "limit": 2}


async def test_removing_an_entry_and_the_404_for_one_that_is_not_listed(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    await adapter.add_dnc(ctx, entries=[DncEntryInput(phone=numbers(1)[0])])
    await adapter.remove_dnc(ctx, phone=numbers(1)[0])
    assert blocklist(sim, "delete") == [{"blocklistNo": "13700000000"}]
    assert (await adapter.list_dnc(ctx, page=PageRequest())).items == []
    for phone in (numbers(1)[0], "+14155552671"):
        with pytest.raises(GatewayError) as caught:
            await adapter.remove_dnc(ctx, phone=phone)
        assert caught.value.code is ErrorCode.NOT_FOUND
    assert len(blocklist(sim, "delete")) == 1
