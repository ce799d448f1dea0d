"""`/v1/agents`."""

from __future__ import annotations

from litestar import Router, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from contracts.agents import Agent, AgentCreate, AgentUpdate
from contracts.capabilities import Capability as Cap
from contracts.ids import ResourceKind
from contracts.paging import Page
from gateway.dispatch import Ref
from gateway.routes._params import Cursor, Gateway, Limit, page_query


def _agent(token: str) -> Ref:
    return Ref(ResourceKind.AGENT, token)


@get("/", summary="List agents")
async def list_agents(gw: Gateway, limit: Limit = 50, cursor: Cursor = None) -> Page[Agent]:
    return await gw.call(Cap.AGENTS_LIST, page=page_query(limit, cursor))


@post("/", summary="Create an agent")
async def create_agent(gw: Gateway, data: JSONBody[AgentCreate]) -> Agent:
    return await gw.call(Cap.AGENTS_CREATE, agent=data)


@get("/{agent_id:str}", summary="Get an agent, with its current state")
async def get_agent(gw: Gateway, agent_id: FromPath[str]) -> Agent:
    return await gw.call(Cap.AGENTS_GET, agent_id=_agent(agent_id))


@patch("/{agent_id:str}", summary="Change an agent (absent fields stay as they are)")
async def update_agent(gw: Gateway, agent_id: FromPath[str], data: JSONBody[AgentUpdate]) -> Agent:
    return await gw.call(Cap.AGENTS_UPDATE, agent_id=_agent(agent_id), changes=data)


@delete("/{agent_id:str}", summary="Delete an agent")
async def delete_agent(gw: Gateway, agent_id: FromPath[str]) -> None:
    await gw.call(Cap.AGENTS_DELETE, agent_id=_agent(agent_id))


router = Router(
    "/agents",
    route_handlers=[list_agents, create_agent, get_agent, update_agent, delete_agent],
    tags=["agents"],
)
