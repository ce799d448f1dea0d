"""Skill queues (5.2.1-5.2.4) and their agents (5.1.5-5.1.7)."""

from __future__ import annotations

from adapters.huawei_cec.core import CONFIG_PAGE_LIMIT, HuaweiCore
from adapters.huawei_cec.translate_agents import (
    agent_from_member,
    create_skill_body,
    modify_skill_body,
    page_has_more,
    queue_from_record,
    skill_id,
)
from adapters.huawei_cec.wire import (
    ResultCodeAnswer,
    ReturnCodeAnswer,
    SkillCreatedAnswer,
    SkillMembersAnswer,
    SkillQueryAnswer,
)
from adapters.paging import page_number
from contracts.agents import Agent, AgentState
from contracts.context import OperationContext
from contracts.errors import ErrorCode
from contracts.paging import Page, PageRequest
from contracts.queues import Queue, QueueCreate, QueueUpdate


class QueueOperations(HuaweiCore):
    async def list_queues(self, ctx: OperationContext, *, page: PageRequest) -> Page[Queue]:
        number = page_number(page)
        size = min(page.limit, CONFIG_PAGE_LIMIT)
        # limit and offset are strings in Table 5-54; offset = limit x (page - 1).
        body = {"limit": str(size), "offset": str(size * (number - 1))}
        answer = await self.config(ctx, "skill/querySkills", body, SkillQueryAnswer, idempotent=True)
        records = answer.data or []
        more = page_has_more(number - 1, size, len(records), answer.total)
        return Page(items=[queue_from_record(r) for r in records], next_cursor=str(number + 1) if more else None)

    async def get_queue(self, ctx: OperationContext, *, queue_id: str) -> Queue:
        return queue_from_record(await self.skill(ctx, queue_id))

    async def create_queue(self, ctx: OperationContext, *, queue: QueueCreate) -> Queue:
        body = create_skill_body(queue, self.options.queues)
        answer = await self.config(ctx, "skill/createSkill", body, SkillCreatedAnswer, idempotent=False)
        if answer.skillId is None or not str(answer.skillId).isdigit():
            raise self.http.error(ErrorCode.VENDOR_BAD_RESPONSE, "Huawei CEC answered createSkill without a skillId")
        return await self.get_queue(ctx, queue_id=str(answer.skillId))

    async def update_queue(self, ctx: OperationContext, *, queue_id: str, changes: QueueUpdate) -> Queue:
        body = modify_skill_body(queue_id, changes)
        await self.get_queue(ctx, queue_id=queue_id)
        await self.config(ctx, "skill/modifySkill", body, ReturnCodeAnswer, idempotent=True)
        return await self.get_queue(ctx, queue_id=queue_id)

    async def delete_queue(self, ctx: OperationContext, *, queue_id: str) -> None:
        await self.get_queue(ctx, queue_id=queue_id)  # deleteSkill answers one code for every failure
        await self.config(ctx, "skill/deleteSkill", {"skillIds": queue_id}, ReturnCodeAnswer, idempotent=False)

    async def list_queue_agents(self, ctx: OperationContext, *, queue_id: str, page: PageRequest) -> Page[Agent]:
        await self.get_queue(ctx, queue_id=queue_id)
        number = page_number(page)
        size = min(page.limit, CONFIG_PAGE_LIMIT)
        body = {"skillId": skill_id(queue_id), "pageSize": size, "pageNum": number - 1}
        answer = await self.config(
            ctx, "agentAccount/queryAgentInfoBySkillId", body, SkillMembersAnswer, idempotent=True
        )
        members = answer.data or []
        states = await self.agent_states(ctx, [m.workNo for m in members if m.workNo is not None])
        items = [
            agent_from_member(m, states.get(m.workNo, AgentState.UNKNOWN) if m.workNo else AgentState.UNKNOWN)
            for m in members
        ]
        # `count` is "Number of agents whose information is queried" (Table 5-21): read as the total.
        more = page_has_more(number - 1, size, len(members), answer.count)
        return Page(items=items, next_cursor=str(number + 1) if more else None)

    async def add_queue_agent(self, ctx: OperationContext, *, queue_id: str, agent_id: str) -> None:
        await self.get_queue(ctx, queue_id=queue_id)
        await self.agent_record(ctx, agent_id)
        weights = self.options.agents
        body = {
            "userAccounts": [agent_id],
            "skillId": skill_id(queue_id),
            "agentWeight": weights.agent_weight,
            "skillWeight": weights.skill_weight,
        }
        await self.config(ctx, "agentAccount/addSkillsToAgent", body, ResultCodeAnswer, idempotent=True)

    async def remove_queue_agent(self, ctx: OperationContext, *, queue_id: str, agent_id: str) -> None:
        await self.get_queue(ctx, queue_id=queue_id)
        # Never an empty userAccounts: that unbinds every agent of the queue (5.1.6).
        body = {"skillId": skill_id(queue_id), "userAccounts": [agent_id]}
        await self.config(ctx, "agentAccount/releaseAgentBySkillId", body, ResultCodeAnswer, idempotent=True)
