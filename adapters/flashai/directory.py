"""Agents and agent groups (queues) as neutral read operations, all from queryAgentGroup.

A mixin of `FlashAIAdapter`: FlashAI has one read for its agents (flashai-saas-api.md, "Check
Agent'Group and Agent"), so every listing and look-up here is that answer, translated by `roster`.
An agent or group the answer does not name is a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.flashai import roster
from adapters.flashai.signed_calls import SignedCalls
from adapters.flashai.wire import AgentGroupBody
from adapters.http import VendorHttp
from adapters.paging import slice_page
from contracts.agents import Agent
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError
from contracts.paging import Page, PageRequest
from contracts.queues import Queue


class AgentDirectory:
    # Provided by the adapter: its vendor I/O and its signed calls.
    http: VendorHttp

    if TYPE_CHECKING:

        @property
        def _vendor(self) -> SignedCalls: ...

    async def list_agents(self, ctx: OperationContext, *, page: PageRequest) -> Page[Agent]:
        return slice_page(roster.agents(await self._roster(ctx)), page)

    async def get_agent(self, ctx: OperationContext, *, agent_id: str) -> Agent:
        for agent in roster.agents(await self._roster(ctx)):
            if agent.id == agent_id:
                return agent
        raise self._not_found(f"FlashAI lists no agent {agent_id!r} in any agent group")

    async def list_queues(self, ctx: OperationContext, *, page: PageRequest) -> Page[Queue]:
        return slice_page(roster.queues(await self._roster(ctx)), page)

    async def get_queue(self, ctx: OperationContext, *, queue_id: str) -> Queue:
        for queue in roster.queues(await self._roster(ctx)):
            if queue.id == queue_id:
                return queue
        raise self._not_found(f"FlashAI has no agent group {queue_id!r}")

    async def list_queue_agents(self, ctx: OperationContext, *, queue_id: str, page: PageRequest) -> Page[Agent]:
        rows = await self._roster(ctx)
        if not any(row.group_id == queue_id for row in rows):
            raise self._not_found(f"FlashAI has no agent group {queue_id!r}")
        return slice_page(roster.agents(rows, group_id=queue_id), page)

    async def _roster(self, ctx: OperationContext) -> list[roster.Membership]:
        body = await self._vendor.read(ctx, "queryAgentGroup", {}, AgentGroupBody, empty_on_no_result=True)
        with self._vendor.reading("queryAgentGroup"):
            return roster.memberships(body.records if body else [])

    def _not_found(self, detail: str, **extra: str | None) -> GatewayError:
        return self.http.error(ErrorCode.NOT_FOUND, detail, **extra)
