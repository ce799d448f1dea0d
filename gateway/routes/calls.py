"""`/v1/calls`: call records and call control."""

from __future__ import annotations

import datetime as dt

from litestar import Router, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from contracts.calls import Call, CallFilter, CallOriginate, Recording
from contracts.capabilities import Capability as Cap
from contracts.errors import invalid
from contracts.ids import ResourceKind
from contracts.paging import Page
from gateway.dispatch import Ref
from gateway.routes._params import Cursor, Gateway, Limit, checked_phone, page_query


def _call(token: str) -> Ref:
    return Ref(ResourceKind.CALL, token)


@get("/", summary="List calls, filtered by campaign, phone and start time")
async def list_calls(
    gw: Gateway,
    limit: Limit = 50,
    cursor: Cursor = None,
    campaign_id: FromQuery[str | None] = None,
    phone: FromQuery[str | None] = None,
    started_after: FromQuery[dt.datetime | None] = None,
    started_before: FromQuery[dt.datetime | None] = None,
) -> Page[Call]:
    for name, moment in (("started_after", started_after), ("started_before", started_before)):
        if moment is not None and moment.tzinfo is None:
            raise invalid(f"{name} needs a time zone offset, e.g. 2026-01-01T00:00:00Z", parameter=name)
    if started_after and started_before and started_before <= started_after:
        raise invalid("started_before must be later than started_after", parameter="started_before")
    account, campaign = gw.resolve(Ref(ResourceKind.CAMPAIGN, campaign_id)) if campaign_id else (None, None)
    call_filter = CallFilter(
        campaign_id=campaign,
        phone=checked_phone(phone) if phone is not None else None,
        started_after=started_after,
        started_before=started_before,
    )
    return await gw.call(Cap.CALLS_LIST, via=account, filter=call_filter, page=page_query(limit, cursor))


@post("/", summary="Originate a call (dials a real person)")
async def originate_call(gw: Gateway, data: JSONBody[CallOriginate]) -> Call:
    return await gw.call(Cap.CALLS_ORIGINATE, call=data)


@get("/{call_id:str}", summary="Get a call")
async def get_call(gw: Gateway, call_id: FromPath[str]) -> Call:
    return await gw.call(Cap.CALLS_GET, call_id=_call(call_id))


@post("/{call_id:str}/hangup", summary="Hang up a call", status_code=200)
async def hangup_call(gw: Gateway, call_id: FromPath[str]) -> Call:
    return await gw.call(Cap.CALLS_HANGUP, call_id=_call(call_id))


@get("/{call_id:str}/recording", summary="Where to fetch a call's recording")
async def get_call_recording(gw: Gateway, call_id: FromPath[str]) -> Recording:
    return await gw.call(Cap.CALLS_RECORDING, call_id=_call(call_id))


router = Router(
    "/calls",
    route_handlers=[list_calls, originate_call, get_call, hangup_call, get_call_recording],
    tags=["calls"],
)
