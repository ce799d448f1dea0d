"""`/v1/campaigns`: lifecycle, contacts and statistics."""

from __future__ import annotations

import msgspec
from litestar import Router, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from contracts.campaigns import Campaign, CampaignCreate, CampaignCreated, CampaignStats, CampaignUpdate
from contracts.capabilities import Capability as Cap
from contracts.contacts import BulkResult, CampaignContact, Contact, ContactBatch
from contracts.ids import ResourceKind
from contracts.paging import Page
from gateway.bulk import add_unique
from gateway.dispatch import Ref
from gateway.routes._params import Cursor, Gateway, Limit, checked_phone, page_query


def _campaign(token: str) -> Ref:
    return Ref(ResourceKind.CAMPAIGN, token)


@get("/", summary="List campaigns")
async def list_campaigns(gw: Gateway, limit: Limit = 50, cursor: Cursor = None) -> Page[Campaign]:
    return await gw.call(Cap.CAMPAIGNS_LIST, page=page_query(limit, cursor))


@post("/", summary="Create a campaign, optionally with its first contacts (each reported)")
async def create_campaign(gw: Gateway, data: JSONBody[CampaignCreate]) -> CampaignCreated:
    return await add_unique(
        data.contacts,
        lambda unique: gw.call(Cap.CAMPAIGNS_CREATE, campaign=_with_contacts(data, unique)),
        field="contacts",
    )


@get("/{campaign_id:str}", summary="Get a campaign")
async def get_campaign(gw: Gateway, campaign_id: FromPath[str]) -> Campaign:
    return await gw.call(Cap.CAMPAIGNS_GET, campaign_id=_campaign(campaign_id))


@patch("/{campaign_id:str}", summary="Change a campaign")
async def update_campaign(gw: Gateway, campaign_id: FromPath[str], data: JSONBody[CampaignUpdate]) -> Campaign:
    return await gw.call(Cap.CAMPAIGNS_UPDATE, campaign_id=_campaign(campaign_id), changes=data)


@delete("/{campaign_id:str}", summary="Delete a campaign")
async def delete_campaign(gw: Gateway, campaign_id: FromPath[str]) -> None:
    await gw.call(Cap.CAMPAIGNS_DELETE, campaign_id=_campaign(campaign_id))


@post("/{campaign_id:str}/start", summary="Start dialling", status_code=200)
async def start_campaign(gw: Gateway, campaign_id: FromPath[str]) -> Campaign:
    return await gw.call(Cap.CAMPAIGNS_START, campaign_id=_campaign(campaign_id))


@post("/{campaign_id:str}/pause", summary="Pause dialling", status_code=200)
async def pause_campaign(gw: Gateway, campaign_id: FromPath[str]) -> Campaign:
    return await gw.call(Cap.CAMPAIGNS_PAUSE, campaign_id=_campaign(campaign_id))


@post("/{campaign_id:str}/resume", summary="Resume a paused campaign", status_code=200)
async def resume_campaign(gw: Gateway, campaign_id: FromPath[str]) -> Campaign:
    return await gw.call(Cap.CAMPAIGNS_RESUME, campaign_id=_campaign(campaign_id))


@post("/{campaign_id:str}/stop", summary="Stop a campaign for good", status_code=200)
async def stop_campaign(gw: Gateway, campaign_id: FromPath[str]) -> Campaign:
    return await gw.call(Cap.CAMPAIGNS_STOP, campaign_id=_campaign(campaign_id))


@get("/{campaign_id:str}/contacts", summary="Contacts of a campaign, with their progress")
async def list_campaign_contacts(
    gw: Gateway, campaign_id: FromPath[str], limit: Limit = 50, cursor: Cursor = None
) -> Page[CampaignContact]:
    return await gw.call(Cap.CAMPAIGN_CONTACTS_LIST, campaign_id=_campaign(campaign_id), page=page_query(limit, cursor))


@post("/{campaign_id:str}/contacts", summary="Add contacts; every contact is reported", status_code=200)
async def add_campaign_contacts(gw: Gateway, campaign_id: FromPath[str], data: JSONBody[ContactBatch]) -> BulkResult:
    return await add_unique(
        data.contacts,
        lambda unique: gw.call(Cap.CAMPAIGN_CONTACTS_ADD, campaign_id=_campaign(campaign_id), contacts=unique),
        field="contacts",
    )


@delete("/{campaign_id:str}/contacts/{phone:str}", summary="Remove a contact from a campaign")
async def remove_campaign_contact(gw: Gateway, campaign_id: FromPath[str], phone: FromPath[str]) -> None:
    await gw.call(Cap.CAMPAIGN_CONTACTS_REMOVE, campaign_id=_campaign(campaign_id), phone=checked_phone(phone))


def _with_contacts(campaign: CampaignCreate, contacts: list[Contact]) -> CampaignCreate:
    return msgspec.structs.replace(campaign, contacts=contacts)


@get("/{campaign_id:str}/stats", summary="Campaign progress")
async def get_campaign_stats(gw: Gateway, campaign_id: FromPath[str]) -> CampaignStats:
    return await gw.call(Cap.CAMPAIGN_STATS, campaign_id=_campaign(campaign_id))


router = Router(
    "/campaigns",
    route_handlers=[
        list_campaigns,
        create_campaign,
        get_campaign,
        update_campaign,
        delete_campaign,
        start_campaign,
        pause_campaign,
        resume_campaign,
        stop_campaign,
        list_campaign_contacts,
        add_campaign_contacts,
        remove_campaign_contact,
        get_campaign_stats,
    ],
    tags=["campaigns"],
)
