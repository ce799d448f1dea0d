"""Every interface of flashai-saas-api.md is served by the simulator and used by the adapter.

The document's interfaces are its `**Path：**` lines. One tour drives every declared operation of
the adapter against one simulator, then checks that each documented endpoint answered it with a
success at least once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from adapters.flashai import FlashAIAdapter
from adapters.flashai.simulator import FlashAISimulator
from adapters.flashai.simulator.endpoints import ENDPOINTS
from adapters.simulation import SimClock
from contracts.calls import CallFilter
from contracts.campaigns import CampaignCreate
from contracts.capabilities import OPERATION_METHODS
from contracts.contacts import Contact
from contracts.context import OperationContext
from contracts.paging import PageRequest

SPEC = Path(__file__).resolve().parents[3].parent / "shared" / "specs" / "flashai-saas-api.md"
_PATH_LINE = re.compile(r"^\*\*Path：\*\*\s*/(?P<endpoint>\w+)\s*$", re.MULTILINE)


def documented_endpoints() -> set[str]:
    if not SPEC.exists():
        pytest.skip(f"the vendor document is not at {SPEC}")
    return set(_PATH_LINE.findall(SPEC.read_text(encoding="utf-8")))


def test_the_document_lists_the_fifteen_interfaces() -> None:
    assert len(documented_endpoints()) == 15


def test_the_simulator_serves_exactly_the_documented_interfaces() -> None:
    assert set(ENDPOINTS) == documented_endpoints()


async def test_an_adapter_tour_uses_every_documented_interface(
    adapter: FlashAIAdapter, sim: FlashAISimulator, ctx: OperationContext, clock: SimClock
) -> None:
    called: set[str] = set()

    async def use(method: str, **arguments: object) -> Any:
        called.add(method)
        return await getattr(adapter, method)(ctx, **arguments)

    page = PageRequest()
    people = [Contact(phone=f"+86139{index:08d}", variables={"amount": str(index)}) for index in range(4)]
    await use("list_scripts", page=page)
    await use("list_caller_ids", page=page)
    await use("list_agents", page=page)
    await use("get_agent", agent_id="A1001")
    await use("list_queues", page=page)
    await use("get_queue", queue_id="G01")
    await use("list_queue_agents", queue_id="G01", page=page)
    bot = CampaignCreate(name="tour", script_id="T1001", caller_ids=["101"], contacts=people)
    await use("create_campaign", campaign=bot)
    await use("remove_campaign_contact", campaign_id="tour", phone=people[3].phone)
    await use("pause_campaign", campaign_id="tour")
    await use("resume_campaign", campaign_id="tour")
    clock.advance(3600)
    await use("get_campaign", campaign_id="tour")
    await use("get_campaign_stats", campaign_id="tour")
    await use("list_campaign_contacts", campaign_id="tour", page=page)
    calls = await use("list_calls", filter=CallFilter(campaign_id="tour"), page=page)
    await use("get_call", call_id=calls.items[0].id)
    await use("stop_campaign", campaign_id="tour")
    agents = await use(
        "create_campaign", campaign=CampaignCreate(name="tour-agents", queue_id="G02", contacts=people[:1])
    )
    await use("add_campaign_contacts", campaign_id=agents.campaign.id, contacts=people[1:2])

    declared = {OPERATION_METHODS[capability] for capability in FlashAIAdapter.capabilities}
    assert called == declared
    assert documented_endpoints() <= set(sim.served), documented_endpoints() - set(sim.served)
