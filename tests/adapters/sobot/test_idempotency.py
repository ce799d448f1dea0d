"""Idempotency-Key on the outbound-task writes: derived, stable across retries, distinct per write."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from adapters.simulation import SimClock
from adapters.sobot import SobotAdapter
from adapters.sobot.idempotency import CALLING_LIST_CODE_LENGTH, RequestKeys
from adapters.sobot.simulator import SobotSimulator, SobotSimulatorKit
from contracts.campaigns import CampaignCreate
from contracts.contacts import Contact, ItemStatus
from contracts.context import OperationContext
from contracts.paging import PageRequest
from tests.adapters.sobot.conftest import connect, ctx

CREATE = "/callservice/v6/cc-outbound/api/campaigns"
IMPORT = "/callservice/v6/cc-exports/api/campaigns/_import"
LIST = "/callservice/v6/cc-outbound/api/campaigns/getList"


def campaign(name: str = "spring", *phones: str) -> CampaignCreate:
    numbers = phones or ("+8613800138000", "+8613900139000")
    return CampaignCreate(name=name, contacts=[Contact(phone=phone) for phone in numbers])


def keys_sent(sim: SobotSimulator, path: str) -> list[str]:
    return [r.headers["idempotency-key"] for r in sim.received if r.path == path]


# -- derivation -----------------------------------------------------------------------------------


def test_keys_are_uuids_stable_per_caller_key_and_distinct_per_write() -> None:
    one, again = RequestKeys(ctx("order-42")), RequestKeys(ctx("order-42"))
    assert one.key("campaigns.create") == again.key("campaigns.create")
    assert uuid.UUID(one.key("campaigns.create")).version == 5
    distinct = {one.key("campaigns.create"), one.key("campaigns.import", "c1", 0), one.key("campaigns.import", "c1", 1)}
    assert len(distinct) == 3
    assert RequestKeys(ctx("order-43")).key("campaigns.create") != one.key("campaigns.create")


def test_keys_differ_between_accounts_with_the_same_caller_key() -> None:
    other = OperationContext(account="other", request_id="t", idempotency_key="order-42")
    assert RequestKeys(other).key("campaigns.create") != RequestKeys(ctx("order-42")).key("campaigns.create")


def test_without_a_caller_key_each_request_gets_its_own_stable_keys() -> None:
    first, second = RequestKeys(ctx()), RequestKeys(ctx())
    assert first.key("campaigns.create") == first.key("campaigns.create")
    assert first.key("campaigns.create") != second.key("campaigns.create")


def test_calling_list_codes_and_numbers_have_the_documented_shape() -> None:
    keys = RequestKeys(ctx("k"))
    code = keys.calling_list_code("task", 0)
    assert len(code) == CALLING_LIST_CODE_LENGTH
    assert code.isalnum()
    assert code != keys.calling_list_code("task", 1)
    number = keys.number(8, "queue.add")
    assert len(number) == 8
    assert number.isdigit()
    assert number == RequestKeys(ctx("k")).number(8, "queue.add")


# -- against the simulator ------------------------------------------------------------------------


async def test_concurrent_identical_creates_with_one_key_create_one_task(clock: SimClock) -> None:
    kit = SobotSimulatorKit(latency=0.02)  # the requests overlap inside the vendor
    sim = kit.create_app(clock=clock)
    adapter = connect(sim, kit)
    results = await asyncio.gather(*(adapter.create_campaign(ctx("same-key"), campaign=campaign()) for _ in range(5)))
    assert len(sim.tenant.tasks) == 1
    assert {result.campaign.id for result in results} == set(sim.tenant.tasks)
    (task,) = sim.tenant.tasks.values()
    assert len(task.details) == 2  # the import ran once too
    assert all(result.contacts.added == 2 for result in results)
    assert len(set(keys_sent(sim, CREATE))) == 1
    assert sim.replays.replayed >= 8  # four creates and four imports answered from the first
    await adapter.aclose()


class LosesFirstAnswer(httpx.AsyncBaseTransport):
    """Delivers requests to the simulator, but loses the answer to the first one on `path`:
    the vendor acted, the gateway saw a read timeout."""

    def __init__(self, sim: SobotSimulator, path: str) -> None:
        self.inner = httpx.ASGITransport(app=sim)
        self.path = path
        self.lost = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path == self.path and not self.lost:
            self.lost = True
            await response.aread()
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


@pytest.mark.parametrize("path", [CREATE, IMPORT])
async def test_a_retry_after_a_timeout_reuses_the_key_and_writes_once(
    sim: SobotSimulator, kit: SobotSimulatorKit, path: str
) -> None:
    adapter = connect(sim, kit, transport=LosesFirstAnswer(sim, path))
    created = await adapter.create_campaign(ctx(), campaign=campaign())
    sent = keys_sent(sim, path)
    assert len(sent) == 2
    assert sent[0] == sent[1]
    assert len(sim.tenant.tasks) == 1
    assert len(sim.tenant.tasks[created.campaign.id].details) == 2
    assert [item.status for item in created.contacts.items] == [ItemStatus.ADDED, ItemStatus.ADDED]
    await adapter.aclose()


async def test_an_answer_lost_to_a_vendor_error_is_recovered_the_same_way(
    adapter: SobotAdapter, sim: SobotSimulator
) -> None:
    sim.faults.inject(CREATE, 503)  # the task is created, the answer is a 503
    created = await adapter.create_campaign(ctx(), campaign=campaign())
    assert len(sim.tenant.tasks) == 1
    assert created.campaign.id in sim.tenant.tasks
    assert len(set(keys_sent(sim, CREATE))) == 1


async def test_the_callers_own_retry_later_finds_the_same_task(
    adapter: SobotAdapter, sim: SobotSimulator, clock: SimClock
) -> None:
    first = await adapter.create_campaign(ctx("crm-7"), campaign=campaign())
    clock.advance(600)
    again = await adapter.create_campaign(ctx("crm-7"), campaign=campaign())
    assert again.campaign.id == first.campaign.id
    assert len(sim.tenant.tasks) == 1
    assert len(sim.tenant.tasks[first.campaign.id].details) == 2


async def test_distinct_requests_without_keys_create_distinct_tasks(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    await adapter.create_campaign(ctx(), campaign=campaign())
    await adapter.create_campaign(ctx(), campaign=campaign())
    assert len(sim.tenant.tasks) == 2
    assert len(set(keys_sent(sim, CREATE))) == 2


async def test_reads_that_need_a_key_get_a_fresh_one_and_fresh_data(
    adapter: SobotAdapter, sim: SobotSimulator, clock: SimClock
) -> None:
    created = await adapter.create_campaign(ctx("k"), campaign=campaign())
    before = await adapter.get_campaign_stats(ctx("k"), campaign_id=created.campaign.id)
    clock.advance(3600)
    after = await adapter.get_campaign_stats(ctx("k"), campaign_id=created.campaign.id)
    assert before.completed < after.completed == 2
    sent = keys_sent(sim, LIST)
    assert len(sent) == len(set(sent)) == 2


async def test_chunks_get_their_own_keys_and_calling_lists(sim: SobotSimulator, kit: SobotSimulatorKit) -> None:
    adapter = connect(sim, kit, import_chunk_size=2)
    phones = ("+8613800138000", "+8613900139000", "+8615000150000", "+8618600186000", "+8613700137000")
    created = await adapter.create_campaign(ctx("bulk"), campaign=campaign("bulk", *phones))
    assert created.contacts.added == 5
    imports = [r for r in sim.received if r.path == IMPORT]
    assert [len(r.body["dataDetails"]) for r in imports] == [2, 2, 1]
    assert len({r.headers["idempotency-key"] for r in imports}) == 3
    assert len({r.body["callingListCode"] for r in imports}) == 3
    assert len(sim.tenant.tasks[created.campaign.id].calling_lists) == 3
    await adapter.aclose()


async def test_reads_are_not_answered_from_a_replay(adapter: SobotAdapter) -> None:
    page = await adapter.list_campaigns(ctx("k"), page=PageRequest())
    assert page.items == []
    await adapter.create_campaign(ctx("k"), campaign=campaign())
    assert len((await adapter.list_campaigns(ctx("k"), page=PageRequest())).items) == 1
