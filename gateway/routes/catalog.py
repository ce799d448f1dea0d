"""`/v1/scripts` and `/v1/caller-ids`: what a campaign can refer to."""

from __future__ import annotations

from litestar import get

from contracts.capabilities import Capability as Cap
from contracts.catalog import CallerId, Script
from contracts.paging import Page
from gateway.routes._params import Cursor, Gateway, Limit, page_query


@get("/scripts", summary="Scripts (bots, IVR flows) a campaign can run", tags=["catalog"])
async def list_scripts(gw: Gateway, limit: Limit = 50, cursor: Cursor = None) -> Page[Script]:
    return await gw.call(Cap.SCRIPTS_LIST, page=page_query(limit, cursor))


@get("/caller-ids", summary="Caller ids (lines, access codes) calls can show", tags=["catalog"])
async def list_caller_ids(gw: Gateway, limit: Limit = 50, cursor: Cursor = None) -> Page[CallerId]:
    return await gw.call(Cap.CALLER_IDS_LIST, page=page_query(limit, cursor))
