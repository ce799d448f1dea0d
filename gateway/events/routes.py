"""`/v1/events`: the event feed (pull), and the caller's webhook deliveries with their dead letters.

The feed is for consumers that cannot take webhooks (behind a firewall): `GET /v1/events?after=`
with the `next_cursor` of the previous answer, forever. A caller sees the events of its own
accounts only, and the deliveries of its own webhooks only; a delivery of another caller is
answered exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

from litestar import Router, get, post
from litestar.params import FromPath, QueryParameter

from contracts.capabilities import Scope
from contracts.errors import ErrorCode, GatewayError, invalid
from contracts.events import Delivery, DeliveryStatus, EventPage, EventType
from contracts.paging import Page
from gateway.dispatch import RequestGateway
from gateway.events.outbox import DeliveryRecord, RedriveRefused
from gateway.events.service import EventService
from gateway.ids import decode_cursor, encode_cursor
from gateway.routes._params import Cursor, Gateway, Limit

FEED_LISTING: Final = "events"
DELIVERY_LISTING: Final = "events.deliveries"

After = Annotated[
    str | None,
    QueryParameter(max_length=4096, description="Opaque cursor: the next_cursor of the previous page (omit to start)."),
]
Types = Annotated[
    list[EventType] | None,
    QueryParameter(description="Only these event types; repeat the parameter for several."),
]
Status = Annotated[
    DeliveryStatus | None, QueryParameter(description="Only deliveries in this state; `dead` lists the dead letters.")
]


def _position(gw: RequestGateway, token: str | None, listing: str, parameter: str) -> int:
    if token is None:
        return 0
    try:
        owner, found, native = decode_cursor(token)
    except ValueError:
        raise invalid(f"{parameter} is not a cursor this gateway issued", parameter=parameter) from None
    if owner != gw.caller.name or found != listing or not native.isdigit():
        raise invalid(f"{parameter} belongs to a different listing", parameter=parameter)
    return int(native)


def _cursor(gw: RequestGateway, listing: str, position: int) -> str:
    return encode_cursor(gw.caller.name, listing, str(position))


def _events(gw: RequestGateway) -> EventService | None:
    return gw.runtime.events


def _moment(value: float | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromtimestamp(value, dt.UTC)


def _delivery(record: DeliveryRecord) -> Delivery:
    return Delivery(
        id=record.id,
        event_id=record.event_id,
        event_type=EventType(record.type),
        account=record.account,
        webhook=record.subscriber.partition("/")[2],
        status=record.status,
        attempts=record.attempts,
        created_at=dt.datetime.fromtimestamp(record.created_at, dt.UTC),
        next_attempt_at=_moment(record.next_attempt_at) if record.status is DeliveryStatus.PENDING else None,
        last_attempt_at=_moment(record.last_attempt_at),
        delivered_at=_moment(record.delivered_at),
        last_error=record.last_error,
    )


@get("/", summary="Events of this caller's accounts, oldest first (pull instead of webhooks)")
async def list_events(gw: Gateway, after: After = None, types: Types = None, limit: Limit = 50) -> EventPage:
    gw.require(frozenset({Scope.READ}), "reading events")
    position = _position(gw, after, FEED_LISTING, "after")
    service = _events(gw)
    if service is None:
        return EventPage(items=[], next_cursor=_cursor(gw, FEED_LISTING, position))
    accounts = [account.name for account in gw.allowed_accounts()]
    wanted = sorted({event_type.value for event_type in types}) if types else None
    items, position = await service.feed(after=position, accounts=accounts, types=wanted, limit=limit)
    return EventPage(items=items, next_cursor=_cursor(gw, FEED_LISTING, position))


@get("/deliveries", summary="Deliveries to this caller's webhooks; status=dead lists the dead letters")
async def list_deliveries(
    gw: Gateway, status: Status = None, limit: Limit = 50, cursor: Cursor = None
) -> Page[Delivery]:
    gw.require(frozenset({Scope.READ}), "reading webhook deliveries")
    position = _position(gw, cursor, DELIVERY_LISTING, "cursor")
    service = _events(gw)
    if service is None:
        return Page(items=[], next_cursor=None)
    page = await service.deliveries(gw.caller.name, status=status, after=position, limit=limit)
    items = [_delivery(record) for record in page.items if record.account in gw.caller.accounts]
    following = None if page.next_position is None else _cursor(gw, DELIVERY_LISTING, page.next_position)
    return Page(items=items, next_cursor=following)


@post(
    "/deliveries/{delivery_id:str}/retry",
    summary="Send a delivery again now, with a fresh delivery window (dead letters included)",
    status_code=200,
)
async def retry_delivery(gw: Gateway, delivery_id: FromPath[str]) -> Delivery:
    gw.require(frozenset({Scope.WRITE}), "retrying a webhook delivery")
    service = _events(gw)
    found = await service.delivery_of(gw.caller.name, delivery_id) if service is not None else None
    if service is None or found is None or found.account not in gw.caller.accounts:
        raise GatewayError(ErrorCode.NOT_FOUND, "no such delivery")
    try:
        again = await service.redrive(delivery_id)
    except RedriveRefused:
        raise GatewayError(ErrorCode.CONFLICT, "the delivery was delivered; nothing to retry") from None
    if again is None:
        raise GatewayError(ErrorCode.NOT_FOUND, "no such delivery")
    return _delivery(again)


router = Router("/events", route_handlers=[list_events, list_deliveries, retry_delivery], tags=["events"])
