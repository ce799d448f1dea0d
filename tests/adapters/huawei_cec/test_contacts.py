"""Campaign contacts (CC-iSales call data, 7.4.2 and 7.4.3) against the simulator: chunked,
paced imports with item-by-item outcomes, the blacklist and the campaign-state rules."""

from __future__ import annotations

import pytest

from adapters.huawei_cec import HuaweiCecAdapter
from adapters.huawei_cec.simulator import HuaweiCecSimulatorKit, HuaweiSimulator
from adapters.simulation import SimClock
from contracts.contacts import Contact, ItemStatus
from contracts.context import OperationContext
from contracts.dnc import DncEntryInput
from contracts.errors import ErrorCode
from tests.adapters.huawei_cec.conftest import connect
from tests.adapters.huawei_cec.isales import ISALES, campaign, phones, requests
from tests.support.errors import refused


@pytest.fixture
def kit() -> HuaweiCecSimulatorKit:
    # Fast pacing on both sides: 7.4.2's one-second rule, scaled down for tests.
    return HuaweiCecSimulatorKit(calldata_min_interval=0.02)


# -- contacts -----------------------------------------------------------------------------------------


async def test_contacts_go_in_chunks_of_the_batch_size_paced_apart(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    created = await adapter.create_campaign(ctx, campaign=campaign(count=45))
    chunks = requests(sim, "POST", f"/calldata/{created.campaign.id}")
    # Exactly three requests: none was refused as too early (0200022) and repeated.
    assert [len(r.body["callDataList"]) for r in chunks] == [20, 20, 5]
    assert created.contacts.added == 45
    assert len(sim.vendor.outbound.campaigns[int(created.campaign.id)].records) == 45


async def test_blacklisted_numbers_are_rejected_one_by_one_and_the_rest_added(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    await adapter.add_dnc(ctx, entries=[DncEntryInput(phone=phones(1, start=1)[0])])
    created = await adapter.create_campaign(ctx, campaign=campaign(count=3))
    outcomes = [(item.status, item.code, item.vendor_code) for item in created.contacts.items]
    assert outcomes == [
        (ItemStatus.ADDED, None, None),
        (ItemStatus.REJECTED, ErrorCode.CONFLICT, "0200024"),
        (ItemStatus.ADDED, None, None),
    ]
    posts = [r.path.rsplit("/", 2)[-2:] for r in sim.received if r.method == "POST" and r.path.startswith(ISALES)]
    cid = created.campaign.id
    assert posts[-3:] == [["calldata", cid], ["blocklist", "query"], ["calldata", cid]]
    records = sim.vendor.outbound.campaigns[int(created.campaign.id)].records
    assert [r.numbers for r in records] == [["13800000000"], ["13800000002"]]


async def test_contacts_huawei_cannot_take_are_rejected_one_by_one(
    adapter: HuaweiCecAdapter, ctx: OperationContext
) -> None:
    contacts = [
        Contact(phone="+14155552671"),
        Contact(phone="+8613800000001", external_id="x" * 33),
        Contact(phone="+8613800000002", variables={f"v{i}": "x" * 100 for i in range(11)}),
        Contact(phone="+8613800000003"),
    ]
    created = await adapter.create_campaign(ctx, campaign=campaign(count=0, contacts=contacts))
    assert [item.status for item in created.contacts.items] == [ItemStatus.REJECTED] * 3 + [ItemStatus.ADDED]
    assert {item.code for item in created.contacts.items[:3]} == {ErrorCode.INVALID_REQUEST}


async def test_contacts_cannot_join_a_running_campaign_until_it_is_paused(
    adapter: HuaweiCecAdapter, ctx: OperationContext
) -> None:
    cid = (await adapter.create_campaign(ctx, campaign=campaign())).campaign.id
    await adapter.start_campaign(ctx, campaign_id=cid)
    more = [Contact(phone=p) for p in phones(2, start=10)]
    error = await refused(adapter.add_campaign_contacts(ctx, campaign_id=cid, contacts=more))
    assert (error.code, error.vendor_code) == (ErrorCode.CONFLICT, "0200019")
    await adapter.pause_campaign(ctx, campaign_id=cid)
    added = await adapter.add_campaign_contacts(ctx, campaign_id=cid, contacts=more)
    assert added.added == 2
    assert (
        await refused(adapter.add_campaign_contacts(ctx, campaign_id="4242", contacts=more))
    ).code is ErrorCode.NOT_FOUND


async def test_a_refusal_after_the_first_chunk_rejects_every_later_contact(
    sim: HuaweiSimulator, ctx: OperationContext
) -> None:
    # Misconfigured pacing: the adapter sends chunks closer together than the vendor allows.
    sim.vendor.outbound.calldata_min_interval = 30.0
    adapter = connect(sim, HuaweiCecSimulatorKit(), options={"campaigns": {"contacts_batch_interval_seconds": 0}})
    created = await adapter.create_campaign(ctx, campaign=campaign(count=25))
    statuses = [item.status for item in created.contacts.items]
    assert statuses == [ItemStatus.ADDED] * 20 + [ItemStatus.REJECTED] * 5
    late = created.contacts.items[-1]
    assert (late.code, late.vendor_code) == (ErrorCode.RATE_LIMITED, "0200022")
    await adapter.aclose()


async def test_removing_a_contact(adapter: HuaweiCecAdapter, ctx: OperationContext, clock: SimClock) -> None:
    cid = (await adapter.create_campaign(ctx, campaign=campaign(count=3))).campaign.id
    await adapter.remove_campaign_contact(ctx, campaign_id=cid, phone=phones(1, start=2)[0])
    for phone in (phones(1, start=2)[0], "+14155552671"):
        error = await refused(adapter.remove_campaign_contact(ctx, campaign_id=cid, phone=phone))
        assert error.code is ErrorCode.NOT_FOUND
    await adapter.start_campaign(ctx, campaign_id=cid)
    clock.advance(600)
    await adapter.pause_campaign(ctx, campaign_id=cid)
    dialled = await refused(adapter.remove_campaign_contact(ctx, campaign_id=cid, phone=phones(1)[0]))
    assert (dialled.code, dialled.vendor_code) == (ErrorCode.CONFLICT, "0200028")
