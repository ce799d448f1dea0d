"""`/v1/dnc`: the do-not-call list."""

from __future__ import annotations

from litestar import Router, delete, get, post
from litestar.params import FromPath, JSONBody

from contracts.capabilities import Capability as Cap
from contracts.contacts import BulkResult
from contracts.dnc import DncBatch, DncEntry
from contracts.paging import Page
from gateway.bulk import add_unique
from gateway.routes._params import Cursor, Gateway, Limit, checked_phone, page_query


@get("/", summary="List do-not-call entries")
async def list_dnc(gw: Gateway, limit: Limit = 50, cursor: Cursor = None) -> Page[DncEntry]:
    return await gw.call(Cap.DNC_LIST, page=page_query(limit, cursor))


@post("/", summary="Add numbers to the do-not-call list; every entry is reported", status_code=200)
async def add_dnc(gw: Gateway, data: JSONBody[DncBatch]) -> BulkResult:
    return await add_unique(data.entries, lambda unique: gw.call(Cap.DNC_ADD, entries=unique), field="entries")


@delete("/{phone:str}", summary="Remove a number from the do-not-call list")
async def remove_dnc(gw: Gateway, phone: FromPath[str]) -> None:
    await gw.call(Cap.DNC_REMOVE, phone=checked_phone(phone))


router = Router("/dnc", route_handlers=[list_dnc, add_dnc, remove_dnc], tags=["do-not-call"])
