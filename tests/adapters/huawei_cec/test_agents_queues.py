"""Agents (5.1), skill queues (5.2), their bindings, and agent states (CC-CMS), against the simulator."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.huawei_cec import HuaweiCecAdapter
from adapters.huawei_cec.simulator import SIM_CC_ID, SIM_EMAIL_DOMAIN, SIM_VDN, HuaweiCecSimulatorKit, HuaweiSimulator
from adapters.simulation import SimClock
from contracts.agents import AgentCreate, AgentState, AgentUpdate
from contracts.calls import CallOriginate
from contracts.context import OperationContext
from contracts.errors import ErrorCode
from contracts.paging import PageRequest
from contracts.queues import QueueCreate, QueueUpdate
from tests.adapters.huawei_cec.conftest import connect
from tests.support.errors import refused

CONFIG = "/apiaccess/rest/cc-management/v1/"


def sent(sim: HuaweiSimulator, interface: str) -> list[Any]:
    return [r.body for r in sim.received if r.path == CONFIG + interface]


# -- agents ---------------------------------------------------------------------------------------


async def test_agents_page_through_the_account_with_their_cms_state(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    first = await adapter.list_agents(ctx, page=PageRequest(limit=1))
    assert [a.id for a in first.items] == ["agent.chen01"]
    assert first.next_cursor == "2"
    second = await adapter.list_agents(ctx, page=PageRequest(limit=1, cursor=first.next_cursor))
    assert [a.id for a in second.items] == ["agent.lin002"]
    assert second.next_cursor is None
    chen, lin = first.items[0], second.items[0]
    assert (chen.state, lin.state) == (AgentState.AVAILABLE, AgentState.OFFLINE)
    assert (chen.work_number, chen.extension, chen.queue_ids) == ("101", "88880101", ["1"])
    assert sent(sim, "agentAccount/query")[0] == {"pageNum": 0, "pageSize": 1}
    cms = [r for r in sim.received if r.path.endswith("agentstatusinfobyagentids")]
    assert cms[0].body == {"cclid": SIM_CC_ID, "vdn": SIM_VDN, "agentIds": [101]}
    assert cms[0].headers["authorization"].startswith("auth-v2/")


async def test_create_sends_the_mandatory_fields_and_reads_the_agent_back(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    agent = await adapter.create_agent(
        ctx, agent=AgentCreate(name="林子涵", phone="+8613800138000", queue_ids=["1", "2"])
    )
    (body,) = sent(sim, "agentAccount/create")
    assert body["userAccount"] == agent.id
    assert agent.id.startswith("sb")
    assert len(agent.id) == 12
    assert body["email"] == f"{agent.id}@{SIM_EMAIL_DOMAIN}"
    assert (body["agentType"], body["ccRoleId"], body["phone"]) == (4, 2, "13800138000")
    assert body["skills"] == [
        {"skillId": 1, "agentWeight": 1, "skillWeight": 1},
        {"skillId": 2, "agentWeight": 1, "skillWeight": 1},
    ]
    password = body["password"]
    assert len(password) == 8
    assert any(c.isupper() for c in password)
    assert any(c.isdigit() for c in password)
    assert agent.name == "林子涵"
    assert agent.phone == "+8613800138000"
    assert agent.queue_ids == ["1", "2"]
    assert agent.work_number == "103"
    assert agent.extension == "88880103"
    assert agent.state is AgentState.OFFLINE


async def test_a_configured_initial_password_is_used(
    sim: HuaweiSimulator, kit: HuaweiCecSimulatorKit, ctx: OperationContext
) -> None:
    adapter = connect(sim, kit, credentials={"agent_initial_password": "Init#2026x"})
    await adapter.create_agent(ctx, agent=AgentCreate(name="Ann"))
    assert sent(sim, "agentAccount/create")[0]["password"] == "Init#2026x"
    await adapter.aclose()


@pytest.mark.parametrize(
    ("agent", "pointer"),
    [
        (AgentCreate(name="Ann", work_number="1001"), "/work_number"),
        (AgentCreate(name="Ann", extension="8001"), "/extension"),
        (AgentCreate(name="x" * 21), "/name"),
        (AgentCreate(name="Ann (night)"), "/name"),
        (AgentCreate(name="Ann", queue_ids=["sales"]), "/queue_ids/0"),
    ],
)
async def test_what_huawei_cannot_take_is_refused_before_any_request(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator, agent: AgentCreate, pointer: str
) -> None:
    error = await refused(adapter.create_agent(ctx, agent=agent))
    assert error.code is ErrorCode.INVALID_REQUEST
    assert error.errors
    assert error.errors[0].pointer == pointer
    assert not sent(sim, "agentAccount/create")


async def test_a_vendor_refusal_keeps_the_vendors_message(adapter: HuaweiCecAdapter, ctx: OperationContext) -> None:
    error = await refused(adapter.create_agent(ctx, agent=AgentCreate(name="Ann", queue_ids=["99"])))
    assert error.code is ErrorCode.VENDOR_REJECTED
    assert error.vendor_code == "agentAccount:1"
    assert error.vendor_message == "skill 99 does not exist"


async def test_update_changes_name_and_phone_and_null_clears_the_phone(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    updated = await adapter.update_agent(
        ctx, agent_id="agent.chen01", changes=AgentUpdate(name="Chen C.", phone="+8613900139000")
    )
    assert (updated.name, updated.phone) == ("Chen C.", "+8613900139000")
    assert sent(sim, "agentAccount/update")[0] == {
        "userAccount": "agent.chen01",
        "userName": "Chen C.",
        "phone": "13900139000",
    }
    cleared = await adapter.update_agent(ctx, agent_id="agent.chen01", changes=AgentUpdate(phone=None))
    assert cleared.phone is None
    error = await refused(adapter.update_agent(ctx, agent_id="agent.chen01", changes=AgentUpdate(extension="9")))
    assert error.errors
    assert error.errors[0].pointer == "/extension"


async def test_unknown_agents_are_404_and_deleted_agents_are_gone(
    adapter: HuaweiCecAdapter, ctx: OperationContext
) -> None:
    for call in (
        adapter.get_agent(ctx, agent_id="nobody.here"),
        adapter.update_agent(ctx, agent_id="nobody.here", changes=AgentUpdate(name="x")),
        adapter.delete_agent(ctx, agent_id="nobody.here"),
    ):
        assert (await refused(call)).code is ErrorCode.NOT_FOUND
    await adapter.delete_agent(ctx, agent_id="agent.lin002")
    assert (await refused(adapter.get_agent(ctx, agent_id="agent.lin002"))).code is ErrorCode.NOT_FOUND


async def test_an_agent_in_a_bidirectional_call_is_busy(
    adapter: HuaweiCecAdapter, ctx: OperationContext, clock: SimClock
) -> None:
    await adapter.originate_call(ctx, call=CallOriginate(to="+8613800138000", agent_id="agent.lin002"))
    clock.advance(5)  # the agent's softphone has rung and been answered
    assert (await adapter.get_agent(ctx, agent_id="agent.lin002")).state is AgentState.BUSY
    clock.advance(600)
    assert (await adapter.get_agent(ctx, agent_id="agent.lin002")).state is AgentState.OFFLINE


# -- skill queues -----------------------------------------------------------------------------------


async def test_queues_are_created_with_the_mandatory_defaults_and_read_back(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    queue = await adapter.create_queue(ctx, queue=QueueCreate(name="Renewals"))
    (body,) = sent(sim, "skill/createSkill")
    assert body["mediaTypeId"] == 5
    assert body["description"] == "Renewals"  # mandatory: the name stands in
    assert (body["maxWaitTime"], body["maxWaitNum"], body["maxAgentWrapupTime"]) == (60, 100, 5)
    assert body["skillParam"]["waitVoice"] == {"parameterType": "Voice"}
    assert (queue.id, queue.name, queue.description) == ("3", "Renewals", "Renewals")
    assert await adapter.get_queue(ctx, queue_id="3") == queue
    page = await adapter.list_queues(ctx, page=PageRequest(limit=2))
    assert [q.id for q in page.items] == ["1", "2"]
    assert page.next_cursor == "2"
    rest = await adapter.list_queues(ctx, page=PageRequest(limit=2, cursor="2"))
    assert [q.id for q in rest.items] == ["3"]
    assert rest.next_cursor is None
    assert sent(sim, "skill/querySkills")[-1] == {"limit": "2", "offset": "2"}


async def test_queue_updates_and_the_rename_huawei_does_not_offer(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    updated = await adapter.update_queue(ctx, queue_id="2", changes=QueueUpdate(description="Overdue accounts"))
    assert updated.description == "Overdue accounts"
    assert sent(sim, "skill/modifySkill") == [{"skillId": 2, "description": "Overdue accounts"}]
    for changes, pointer in ((QueueUpdate(name="Other"), "/name"), (QueueUpdate(description=None), "/description")):
        error = await refused(adapter.update_queue(ctx, queue_id="2", changes=changes))
        assert error.errors
        assert error.errors[0].pointer == pointer
    long = await refused(adapter.create_queue(ctx, queue=QueueCreate(name="Q", description="d" * 51)))
    assert long.errors
    assert long.errors[0].pointer == "/description"


async def test_deleted_and_unknown_queues_are_404(adapter: HuaweiCecAdapter, ctx: OperationContext) -> None:
    await adapter.delete_queue(ctx, queue_id="2")
    for queue_id in ("2", "77", "sales"):
        assert (await refused(adapter.get_queue(ctx, queue_id=queue_id))).code is ErrorCode.NOT_FOUND
    assert (await refused(adapter.delete_queue(ctx, queue_id="2"))).code is ErrorCode.NOT_FOUND


async def test_queue_membership(adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator) -> None:
    await adapter.add_queue_agent(ctx, queue_id="2", agent_id="agent.chen01")
    await adapter.add_queue_agent(ctx, queue_id="2", agent_id="agent.lin002")
    members = await adapter.list_queue_agents(ctx, queue_id="2", page=PageRequest(limit=1))
    assert [a.id for a in members.items] == ["agent.chen01"]
    assert members.next_cursor == "2"
    assert members.items[0].state is AgentState.AVAILABLE  # from CC-CMS
    await adapter.remove_queue_agent(ctx, queue_id="2", agent_id="agent.chen01")
    # Only that agent left the queue (an empty userAccounts would have unbound everyone).
    assert sent(sim, "agentAccount/releaseAgentBySkillId") == [{"skillId": 2, "userAccounts": ["agent.chen01"]}]
    remaining = await adapter.list_queue_agents(ctx, queue_id="2", page=PageRequest())
    assert [a.id for a in remaining.items] == ["agent.lin002"]
    assert (await adapter.get_agent(ctx, agent_id="agent.chen01")).queue_ids == ["1"]
    assert (
        await refused(adapter.add_queue_agent(ctx, queue_id="2", agent_id="ghost.agent"))
    ).code is ErrorCode.NOT_FOUND
    assert (await refused(adapter.list_queue_agents(ctx, queue_id="9", page=PageRequest()))).code is ErrorCode.NOT_FOUND


# -- catalogues -------------------------------------------------------------------------------------


async def test_scripts_are_ivr_flows_named_by_their_access_code(
    adapter: HuaweiCecAdapter, ctx: OperationContext
) -> None:
    scripts = (await adapter.list_scripts(ctx, page=PageRequest())).items
    assert [(s.id, s.kind) for s in scripts] == [("90501", "gsl"), ("90502", "voicexml"), ("90500", "gsl")]
    assert scripts[0].name == "还款提醒 Repayment reminder"  # the flow without an access code is left out
    first = await adapter.list_scripts(ctx, page=PageRequest(limit=2))
    assert len(first.items) == 2
    assert first.next_cursor == "2"


async def test_caller_ids_are_the_access_codes_that_may_call_out(
    adapter: HuaweiCecAdapter, ctx: OperationContext, sim: HuaweiSimulator
) -> None:
    caller_ids = (await adapter.list_caller_ids(ctx, page=PageRequest())).items
    assert [(c.id, c.kind) for c in caller_ids] == [("9911411", "inbound_outbound"), ("95555", "outbound")]
    assert sent(sim, "accessCodeInfo/queryAccessCodeList") == [{"limit": 100, "offset": 0}]
