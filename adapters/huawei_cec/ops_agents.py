"""Agent accounts (5.1.1-5.1.4) with their current state from CC-CMS (12.3.1.3.2)."""

from __future__ import annotations

from adapters.huawei_cec.core import CONFIG_PAGE_LIMIT, HuaweiCore
from adapters.huawei_cec.translate_agents import (
    agent_from_record,
    create_agent_body,
    new_password,
    new_user_account,
    page_has_more,
    update_agent_body,
)
from adapters.huawei_cec.wire import AgentCreatedAnswer, AgentQueryAnswer, AgentRecord, ResultCodeAnswer
from adapters.paging import page_number
from contracts.agents import Agent, AgentCreate, AgentState, AgentUpdate
from contracts.context import OperationContext
from contracts.paging import Page, PageRequest


class AgentOperations(HuaweiCore):
    async def list_agents(self, ctx: OperationContext, *, page: PageRequest) -> Page[Agent]:
        number = page_number(page)  # the cursor is 1-based; agentAccount/query's pageNum starts at 0
        size = min(page.limit, CONFIG_PAGE_LIMIT)
        answer = await self.config(
            ctx, "agentAccount/query", {"pageNum": number - 1, "pageSize": size}, AgentQueryAnswer, idempotent=True
        )
        records = answer.data or []
        items = await self._with_states(ctx, records)
        more = page_has_more(number - 1, size, len(records), answer.total)
        return Page(items=items, next_cursor=str(number + 1) if more else None)

    async def get_agent(self, ctx: OperationContext, *, agent_id: str) -> Agent:
        return (await self._with_states(ctx, [await self.agent_record(ctx, agent_id)]))[0]

    async def create_agent(self, ctx: OperationContext, *, agent: AgentCreate) -> Agent:
        options = self.options.agents
        account = new_user_account(options.account_prefix)
        password = self.settings.credentials.agent_initial_password or new_password()
        phone = (self.national(agent.phone) or agent.phone) if agent.phone else None
        body = create_agent_body(agent, user_account=account, password=password, phone=phone, options=options)
        # Not repeated on failure: Huawei has no idempotency key, and a repeat could create a twin.
        await self.config(ctx, "agentAccount/create", body, AgentCreatedAnswer, idempotent=False)
        return await self.get_agent(ctx, agent_id=account)

    async def update_agent(self, ctx: OperationContext, *, agent_id: str, changes: AgentUpdate) -> Agent:
        await self.agent_record(ctx, agent_id)
        phone = changes.phone if isinstance(changes.phone, str) else None
        body = update_agent_body(agent_id, changes, (self.national(phone) or phone) if phone else None)
        await self.config(ctx, "agentAccount/update", body, ResultCodeAnswer, idempotent=True)
        return await self.get_agent(ctx, agent_id=agent_id)

    async def delete_agent(self, ctx: OperationContext, *, agent_id: str) -> None:
        await self.agent_record(ctx, agent_id)  # agentAccount/delete answers "1" alike for every failure
        # Not repeated: a repeat of a delete that went through would be refused as "no such account".
        await self.config(ctx, "agentAccount/delete", {"userAccount": agent_id}, ResultCodeAnswer, idempotent=False)

    async def _with_states(self, ctx: OperationContext, records: list[AgentRecord]) -> list[Agent]:
        states = await self.agent_states(ctx, [r.workNo for r in records if r.workNo is not None])
        return [
            agent_from_record(
                record,
                states.get(record.workNo, AgentState.UNKNOWN) if record.workNo is not None else AgentState.UNKNOWN,
                self.e164(record.phone),
            )
            for record in records
        ]
