"""The adapter against the simulated vendor: agents, skill groups, forbidden numbers, catalogues."""

from __future__ import annotations

import httpx

from adapters.sobot import SobotAdapter
from adapters.sobot.simulator import SobotSimulator, SobotSimulatorKit
from contracts.agents import AgentState, AgentUpdate
from contracts.contacts import ItemStatus
from contracts.dnc import DncEntryInput
from contracts.errors import ErrorCode
from contracts.paging import PageRequest
from contracts.queues import QueueCreate
from tests.adapters.sobot.conftest import START, account, connect, ctx
from tests.support.errors import refused

TEST_AGENT = "bd4630df3550552ba7c16f27ae9a39cb"  # lines 37-43
VENUS = "0d0132473a7f46c390d1f6441c139980"  # a member of Group1, line 526


# -- agents ---------------------------------------------------------------------------------------


async def test_get_agent_reads_the_documents_example_agent(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    agent = await adapter.get_agent(ctx(), agent_id=TEST_AGENT)
    assert (agent.id, agent.name, agent.work_number, agent.extension, agent.phone) == (
        TEST_AGENT,
        "test",
        "1111",
        "1000",
        "+8613800138000",
    )
    (request,) = [r for r in sim.received if r.path.endswith("/cc-config/api/agents")]
    assert (request.method, request.query) == ("GET", {"agentType": "1", "agent": TEST_AGENT})


async def test_an_unknown_agent_is_not_found(adapter: SobotAdapter) -> None:
    assert (await refused(adapter.get_agent(ctx(), agent_id="nobody"))).code is ErrorCode.NOT_FOUND


async def test_list_agents_pages_the_whole_listing(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    first = await adapter.list_agents(ctx(), page=PageRequest(limit=3))
    rest = await adapter.list_agents(ctx(), page=PageRequest(limit=3, cursor=first.next_cursor))
    assert len(first.items) == 3
    assert first.items[0].state is AgentState.AVAILABLE
    assert first.items[1].state is AgentState.AWAY  # loginStatus 2, line 250
    seen = {agent.id for agent in first.items + rest.items}
    assert TEST_AGENT in seen
    assert len([r for r in sim.received if r.path.endswith("/agents/call/_search")]) == 2


async def test_update_sets_extension_and_phone_keeping_the_wrap_up_settings(
    adapter: SobotAdapter, sim: SobotSimulator
) -> None:
    agent = await adapter.update_agent(
        ctx(), agent_id=TEST_AGENT, changes=AgentUpdate(extension="1002", phone="+8613700137000")
    )
    assert (agent.extension, agent.phone) == ("1002", "+8613700137000")
    stored = sim.tenant.agents[TEST_AGENT]
    assert (stored.ext, stored.phone, stored.wrap_up_time, stored.wrap_up_type) == ("1002", "13700137000", 60, 2)


async def test_update_clears_through_unbind(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    agent = await adapter.update_agent(ctx(), agent_id=TEST_AGENT, changes=AgentUpdate(extension=None))
    assert (agent.extension, agent.phone) == (None, "+8613800138000")
    (unbind,) = [r for r in sim.received if r.path.endswith("/agents/unbind")]
    assert unbind.body == {"agent": TEST_AGENT, "agentType": 1, "numberType": 0}
    assert sim.tenant.agents[TEST_AGENT].ext is None


async def test_an_extension_bound_elsewhere_is_a_conflict(adapter: SobotAdapter) -> None:
    error = await refused(adapter.update_agent(ctx(), agent_id=TEST_AGENT, changes=AgentUpdate(extension="5001")))
    assert (error.code, error.vendor_code) == (ErrorCode.CONFLICT, "409")


# -- skill groups ---------------------------------------------------------------------------------


async def test_list_queues_pages_through_the_vendor(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    first = await adapter.list_queues(ctx(), page=PageRequest(limit=2))
    second = await adapter.list_queues(ctx(), page=PageRequest(limit=2, cursor=first.next_cursor))
    assert [q.name for q in first.items + second.items] == ["queue1", "queue2", "Group1"]
    assert second.next_cursor is None
    bodies = [r.body for r in sim.received if r.path.endswith("/queues/_search")]
    assert bodies == [{"currPage": 1, "pageSize": 2}, {"currPage": 2, "pageSize": 2}]


async def test_a_large_page_is_asked_50_at_a_time(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    await adapter.list_queues(ctx(), page=PageRequest(limit=500))
    (request,) = [r for r in sim.received if r.path.endswith("/queues/_search")]
    assert request.body["pageSize"] == 50


async def test_create_get_and_delete_a_queue(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    created = await adapter.create_queue(ctx(), queue=QueueCreate(name="Sales"))
    assert created.name == "Sales"
    assert created.id.isdigit()
    assert len(created.id) == 8
    assert sim.tenant.queues[created.id].name == "Sales"
    assert (await adapter.get_queue(ctx(), queue_id=created.id)) == created
    await adapter.delete_queue(ctx(), queue_id=created.id)
    assert created.id not in sim.tenant.queues
    assert (await refused(adapter.get_queue(ctx(), queue_id=created.id))).code is ErrorCode.NOT_FOUND
    assert (await refused(adapter.delete_queue(ctx(), queue_id=created.id))).code is ErrorCode.NOT_FOUND


async def test_a_repeated_create_with_the_same_key_answers_the_group_it_made(
    adapter: SobotAdapter, sim: SobotSimulator
) -> None:
    first = await adapter.create_queue(ctx("q-1"), queue=QueueCreate(name="Sales"))
    again = await adapter.create_queue(ctx("q-1"), queue=QueueCreate(name="Sales"))
    assert again == first
    assert len(sim.tenant.queues) == 4
    other = await refused(adapter.create_queue(ctx("q-1"), queue=QueueCreate(name="Support")))
    assert other.code is ErrorCode.CONFLICT  # same key, another request: not silently the old group


async def test_members_list_add_and_remove(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    members = await adapter.list_queue_agents(ctx(), queue_id="0000", page=PageRequest(limit=50))
    assert [agent.name for agent in members.items] == ["nicole", "venus", "odin", "zane", "ndidn", "patton"]
    assert all(agent.queue_ids == ["0000"] for agent in members.items)
    await adapter.add_queue_agent(ctx(), queue_id="1111", agent_id=TEST_AGENT)
    await adapter.add_queue_agent(ctx(), queue_id="1111", agent_id=TEST_AGENT)  # overwrites, no second membership
    assert [m.agent_uuid for m in sim.tenant.queues["1111"].members] == [TEST_AGENT]
    await adapter.remove_queue_agent(ctx(), queue_id="0000", agent_id=VENUS)
    left = await adapter.list_queue_agents(ctx(), queue_id="0000", page=PageRequest())
    assert VENUS not in {agent.id for agent in left.items}


async def test_member_level_and_checkin_options_reach_the_vendor(sim: SobotSimulator, kit: SobotSimulatorKit) -> None:
    adapter = connect(sim, kit, queue_member_level=3, queue_member_checkin=False)
    await adapter.add_queue_agent(ctx(), queue_id="2222", agent_id=TEST_AGENT)
    (member,) = sim.tenant.queues["2222"].members
    assert (member.level, member.checkin) == (3, False)
    await adapter.aclose()


async def test_members_of_an_unknown_queue_or_agent_are_not_found(adapter: SobotAdapter) -> None:
    assert (await refused(adapter.list_queue_agents(ctx(), queue_id="9999", page=PageRequest()))).code is (
        ErrorCode.NOT_FOUND
    )
    assert (await refused(adapter.add_queue_agent(ctx(), queue_id="9999", agent_id=TEST_AGENT))).code is (
        ErrorCode.NOT_FOUND
    )
    assert (await refused(adapter.add_queue_agent(ctx(), queue_id="1111", agent_id="nobody"))).code is (
        ErrorCode.NOT_FOUND
    )


# -- forbidden numbers ----------------------------------------------------------------------------


async def test_dnc_entries_are_imported_as_outbound_forbidden_numbers(
    adapter: SobotAdapter, sim: SobotSimulator
) -> None:
    result = await adapter.add_dnc(
        ctx(),
        entries=[
            DncEntryInput(phone="+8613800138000", reason="asked"),
            DncEntryInput(phone="+14155552671"),
            DncEntryInput(phone="+8613900139000"),
        ],
    )
    assert (result.added, result.rejected, result.duplicate) == (2, 1, 0)
    assert set(sim.tenant.forbidden) == {("13800138000", 3), ("13900139000", 3)}
    assert sim.tenant.forbidden[("13800138000", 3)].description == "asked"


# The document's own answer to its three-row example (lines 993-1011): rows 2 and 3 refused.
DOC_FORBIDDEN_ANSWER = {
    "apiVersion": "6.2",
    "status": "Success",
    "code": 200,
    "message": "Success",
    "reason": "",
    "kind": "BatchDetail",
    "metaData": {},
    "data": {
        "successCount": 3,
        "failedCount": 2,
        "details": [
            "NO【2】,【numberType】,Content【2】,【Reference:1-number】",
            "NO【3】,【numberType】,Content【2】,【Reference:1-number】",
        ],
    },
}


async def test_rows_the_vendor_refuses_are_rejected_by_position(kit: SobotSimulatorKit) -> None:
    def vendor(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/tokens/company":
            return httpx.Response(200, json={"access_token": "eyJ.t", "expires_in": 86_400_000})
        assert (request.method, request.url.path) == ("PUT", "/callservice/v6/cc-config/blacklist/batch")
        return httpx.Response(200, json=DOC_FORBIDDEN_ANSWER)

    adapter = SobotAdapter(account(kit), transport=httpx.MockTransport(vendor), clock=lambda: START)
    entries = [DncEntryInput(phone=phone) for phone in ("+8615210818952", "+8613212341232", "+8613212341233")]
    result = await adapter.add_dnc(ctx(), entries=entries)
    assert [item.status for item in result.items] == [ItemStatus.ADDED, ItemStatus.REJECTED, ItemStatus.REJECTED]
    assert all("numberType" in (item.detail or "") for item in result.items[1:])
    assert result.items[0].detail is None
    await adapter.aclose()


# -- catalogues -----------------------------------------------------------------------------------


async def test_scripts_are_published_ivr_flows_paged_by_the_vendor(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    first = await adapter.list_scripts(ctx(), page=PageRequest(limit=1))
    second = await adapter.list_scripts(ctx(), page=PageRequest(limit=1, cursor=first.next_cursor))
    assert [(s.id, s.name, s.kind) for s in first.items + second.items] == [
        ("4445", "test222", "ivr"),
        ("1111", "test333", "ivr"),
    ]
    assert second.next_cursor is None


async def test_caller_ids_are_the_enabled_relay_numbers(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    page = await adapter.list_caller_ids(ctx(), page=PageRequest())
    assert [(c.id, c.number, c.name, c.kind) for c in page.items] == [
        ("01051429401", "+861051429401", "nick's", "relay")
    ]
    (request,) = [r for r in sim.received if r.path.endswith("/gatewayNumber/search")]
    assert request.body == {"enabled": [1]}
