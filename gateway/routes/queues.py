"""`/v1/queues` and queue membership."""

from __future__ import annotations

from litestar import Router, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody

from contracts.agents import Agent
from contracts.capabilities import Capability as Cap
from contracts.ids import ResourceKind
from contracts.paging import Page
from contracts.queues import Queue, QueueCreate, QueueUpdate
from gateway.dispatch import Ref
from gateway.routes._params import Cursor, Gateway, Limit, page_query


def _queue(token: str) -> Ref:
    return Ref(ResourceKind.QUEUE, token)


def _agent(token: str) -> Ref:
    return Ref(ResourceKind.AGENT, token)


@get("/", summary="List queues")
async def list_queues(gw: Gateway, limit: Limit = 50, cursor: Cursor = None) -> Page[Queue]:
    return await gw.call(Cap.QUEUES_LIST, page=page_query(limit, cursor))


@post("/", summary="Create a queue")
async def create_queue(gw: Gateway, data: JSONBody[QueueCreate]) -> Queue:
    return await gw.call(Cap.QUEUES_CREATE, queue=data)


@get("/{queue_id:str}", summary="Get a queue")
async def get_queue(gw: Gateway, queue_id: FromPath[str]) -> Queue:
    return await gw.call(Cap.QUEUES_GET, queue_id=_queue(queue_id))


@patch("/{queue_id:str}", summary="Change a queue")
async def update_queue(gw: Gateway, queue_id: FromPath[str], data: JSONBody[QueueUpdate]) -> Queue:
    return await gw.call(Cap.QUEUES_UPDATE, queue_id=_queue(queue_id), changes=data)


@delete("/{queue_id:str}", summary="Delete a queue")
async def delete_queue(gw: Gateway, queue_id: FromPath[str]) -> None:
    await gw.call(Cap.QUEUES_DELETE, queue_id=_queue(queue_id))


@get("/{queue_id:str}/agents", summary="Agents serving a queue")
async def list_queue_agents(
    gw: Gateway, queue_id: FromPath[str], limit: Limit = 50, cursor: Cursor = None
) -> Page[Agent]:
    return await gw.call(Cap.QUEUE_AGENTS_LIST, queue_id=_queue(queue_id), page=page_query(limit, cursor))


@put("/{queue_id:str}/agents/{agent_id:str}", summary="Add an agent to a queue", status_code=204)
async def add_queue_agent(gw: Gateway, queue_id: FromPath[str], agent_id: FromPath[str]) -> None:
    await gw.call(Cap.QUEUE_AGENTS_ADD, queue_id=_queue(queue_id), agent_id=_agent(agent_id))


@delete("/{queue_id:str}/agents/{agent_id:str}", summary="Remove an agent from a queue")
async def remove_queue_agent(gw: Gateway, queue_id: FromPath[str], agent_id: FromPath[str]) -> None:
    await gw.call(Cap.QUEUE_AGENTS_REMOVE, queue_id=_queue(queue_id), agent_id=_agent(agent_id))


router = Router(
    "/queues",
    route_handlers=[
        list_queues,
        create_queue,
        get_queue,
        update_queue,
        delete_queue,
        list_queue_agents,
        add_queue_agent,
        remove_queue_agent,
    ],
    tags=["queues"],
)
