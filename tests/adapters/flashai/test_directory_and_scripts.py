"""Agents and agent groups (queryAgentGroup) and scripts with their variables (getBotence +
queryPlanParams), adapter against the simulator."""

from __future__ import annotations

import httpx
import pytest

from adapters.flashai import FlashAIAdapter
from adapters.flashai.simulator import SIM_USER_ID, FlashAISimulator, FlashAISimulatorKit
from adapters.flashai.simulator.vendor import AgentGroup
from contracts.campaigns import CallingWindow, CampaignCreate, Schedule
from contracts.contacts import Contact
from contracts.context import OperationContext
from contracts.errors import ErrorCode
from contracts.paging import PageRequest
from tests.adapters.flashai.conftest import account
from tests.support.errors import refused


def replace_groups(sim: FlashAISimulator, *groups: AgentGroup) -> None:
    user = sim.vendor.users[SIM_USER_ID]
    sim.vendor.users[SIM_USER_ID] = type(user)(
        user.user_id, templates=user.templates, lines=user.lines, agent_groups=groups, params=user.params
    )


# -- queues and agents ----------------------------------------------------------------------------


async def test_queues_are_the_agent_groups(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    queues = await adapter.list_queues(ctx, page=PageRequest())
    assert [(q.id, q.name) for q in queues.items] == [("G01", "催收一组"), ("G02", "客服二组")]
    assert (await adapter.get_queue(ctx, queue_id="G02")).name == "客服二组"


async def test_agents_are_listed_once_with_every_group_they_are_in(
    adapter: FlashAIAdapter, ctx: OperationContext
) -> None:
    agents = (await adapter.list_agents(ctx, page=PageRequest())).items
    assert [(a.id, a.name, a.queue_ids) for a in agents] == [
        ("A1001", "王芳", ["G01"]),
        ("A1002", "李强", ["G01", "G02"]),
        ("A2001", "赵敏", ["G02"]),
    ]
    agent = await adapter.get_agent(ctx, agent_id="A2001")
    assert (agent.name, agent.work_number, agent.queue_ids) == ("赵敏", "A2001", ["G02"])


async def test_a_queues_agents(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    members = await adapter.list_queue_agents(ctx, queue_id="G02", page=PageRequest(limit=1))
    assert ([a.id for a in members.items], members.next_cursor) == (["A1002"], "2")
    rest = await adapter.list_queue_agents(ctx, queue_id="G02", page=PageRequest(limit=1, cursor="2"))
    assert ([a.id for a in rest.items], rest.next_cursor) == (["A2001"], None)


@pytest.mark.parametrize(
    ("operation", "argument"),
    [("get_queue", "queue_id"), ("get_agent", "agent_id")],
)
async def test_what_flashai_does_not_list_is_not_found(
    adapter: FlashAIAdapter, ctx: OperationContext, operation: str, argument: str
) -> None:
    error = await refused(getattr(adapter, operation)(ctx, **{argument: "nobody"}))
    assert error.code is ErrorCode.NOT_FOUND


async def test_the_agents_of_an_unknown_queue_are_not_found(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    error = await refused(adapter.list_queue_agents(ctx, queue_id="G99", page=PageRequest()))
    assert error.code is ErrorCode.NOT_FOUND


async def test_an_account_without_agent_groups_lists_nothing(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    replace_groups(sim)
    assert (await adapter.list_queues(ctx, page=PageRequest())).items == []
    assert (await adapter.list_agents(ctx, page=PageRequest())).items == []


async def test_numeric_ids_from_the_vendor_are_read_as_text(kit: FlashAISimulatorKit, ctx: OperationContext) -> None:
    body = {"records": [{"agentGroupId": 7, "agentGroupName": "g", "agentId": 1001, "agentName": "a"}]}
    transport = httpx.MockTransport(lambda _: httpx.Response(200, json={"code": "0", "success": True, "body": body}))
    adapter = FlashAIAdapter(account(kit), transport=transport)
    (agent,) = (await adapter.list_agents(ctx, page=PageRequest())).items
    assert (agent.id, agent.queue_ids) == ("1001", ["7"])
    await adapter.aclose()


# -- scripts --------------------------------------------------------------------------------------


async def test_every_script_lists_the_accounts_parameters(adapter: FlashAIAdapter, ctx: OperationContext) -> None:
    scripts = (await adapter.list_scripts(ctx, page=PageRequest())).items
    assert [script.id for script in scripts] == ["T1001", "T2002"]
    for script in scripts:
        assert [(v.name, v.position, v.type) for v in script.variables] == [
            ("amount", 1, "number"),
            ("dueDate", 2, "date"),
            ("product", 3, "string"),
        ]


async def test_without_parameters_scripts_have_no_variables(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    user = sim.vendor.users[SIM_USER_ID]
    sim.vendor.users[SIM_USER_ID] = type(user)(user.user_id, templates=user.templates, lines=user.lines, params=())
    scripts = (await adapter.list_scripts(ctx, page=PageRequest())).items
    assert scripts
    assert all(script.variables == [] for script in scripts)


async def test_no_scripts_means_no_parameter_query(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    user = sim.vendor.users[SIM_USER_ID]
    sim.vendor.users[SIM_USER_ID] = type(user)(user.user_id, templates=(), lines=user.lines, params=user.params)
    assert (await adapter.list_scripts(ctx, page=PageRequest())).items == []
    assert [endpoint for endpoint, _ in sim.received] == ["getBotence"]


async def test_a_campaign_addplan_cannot_carry_is_refused_before_its_variables_are_looked_up(
    adapter: FlashAIAdapter, ctx: OperationContext, sim: FlashAISimulator
) -> None:
    schedule = Schedule(timezone="Asia/Shanghai", windows=[CallingWindow(start="07:00", end="10:00")])
    people = [Contact(phone="+8613800138000", variables={"amount": "1"})]
    campaign = CampaignCreate(name="b", script_id="T1001", schedule=schedule, contacts=people)
    error = await refused(adapter.create_campaign(ctx, campaign=campaign))
    assert error.errors
    assert error.errors[0].pointer == "/schedule/windows/0/start"
    assert not sim.received
