"""The adapter against the simulated vendor: outbound tasks, their data imports and counters,
and the declarations that tie the adapter to the gateway."""

from __future__ import annotations

import datetime as dt

from adapters.base import capability_drift
from adapters.registry import AdapterRegistry
from adapters.simulation import SimClock
from adapters.sobot import SobotAdapter
from adapters.sobot.simulator import SobotSimulator, SobotSimulatorKit
from adapters.sobot.simulator.state import CUSTOM_FIELD
from contracts.campaigns import CallingWindow, CampaignCreate, CampaignStatus, RetryPolicy, Schedule
from contracts.capabilities import Capability
from contracts.contacts import Contact, ItemStatus
from contracts.dnc import DncEntryInput
from contracts.errors import ErrorCode
from contracts.paging import PageRequest
from tests.adapters.sobot.conftest import START, account, connect, ctx
from tests.support.errors import refused

IMPORT = "/callservice/v6/cc-exports/api/campaigns/_import"
RESULT = "/callservice/v6/cc-outbound/api/campaigns/calling-list/import-result"
PHONES = ["+8613800138000", "+8613900139000", "+8615000150000", "+8618600186000"]


def contacts(*phones: str) -> list[Contact]:
    return [Contact(phone=phone) for phone in phones or PHONES]


# -- declarations ---------------------------------------------------------------------------------


def test_declared_capabilities_match_the_methods() -> None:
    assert capability_drift(SobotAdapter) == []


def test_every_other_capability_has_an_honest_reason() -> None:
    reasons = SobotAdapter.unsupported_reasons
    assert set(reasons) | SobotAdapter.capabilities == set(Capability)
    assert not set(reasons) & SobotAdapter.capabilities
    assert all(reason.strip() for reason in reasons.values())
    for capability in (Capability.CAMPAIGNS_PAUSE, Capability.CAMPAIGNS_STOP, Capability.CALLS_ORIGINATE):
        assert "has no interface" in reasons[capability]
    assert "unbind" in reasons[Capability.AGENTS_DELETE]


def test_the_entry_point_loads_the_adapter_and_its_kit_configures_an_account() -> None:
    assert AdapterRegistry.from_entry_points().get("sobot") is SobotAdapter
    kit = SobotAdapter.simulator()
    assert isinstance(kit, SobotSimulatorKit)
    config = kit.account_config(base_url="http://127.0.0.1:9000")
    assert set(config["base_urls"]) == {"default", "ivr"}
    SobotAdapter(account(kit))  # validates


# -- create ---------------------------------------------------------------------------------------


async def test_create_makes_the_task_and_imports_every_contact(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    request = CampaignCreate(
        name="spring",
        schedule=Schedule(
            timezone="Asia/Shanghai",
            start_date=dt.date(2026, 3, 3),
            end_date=dt.date(2026, 3, 6),
            windows=[CallingWindow(start="09:00", end="12:00"), CallingWindow(start="14:00", end="18:00")],
        ),
        retry=RetryPolicy(max_attempts=2, interval_minutes=30),
        script_id="4445",
        caller_ids=["01051429401"],
        contacts=[
            Contact(phone=PHONES[0], name="张三", external_id="crm-1", variables={"crm_role": "Admin"}),
            Contact(phone="+14155552671"),
            Contact(phone=PHONES[1]),
        ],
    )
    created = await adapter.create_campaign(ctx(), campaign=request)
    task = sim.tenant.tasks[created.campaign.id]
    assert (task.name, task.zone) == ("spring", "Asia/Shanghai")
    assert task.start_ms == round(
        dt.datetime(2026, 3, 3, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp() * 1000
    )
    assert task.end_ms == round(
        dt.datetime(2026, 3, 6, 18, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp() * 1000
    )
    assert "09:00-12:00" in task.description
    assert "IVR flow 4445" in task.description
    assert [detail.telephone for detail in task.details] == ["13800138000", "13900139000"]
    assert [(item.index, item.status) for item in created.contacts.items] == [
        (0, ItemStatus.ADDED),
        (1, ItemStatus.REJECTED),
        (2, ItemStatus.ADDED),
    ]
    assert created.campaign.schedule == Schedule(
        timezone="Asia/Shanghai", start_date=dt.date(2026, 3, 3), end_date=dt.date(2026, 3, 6)
    )
    (imported,) = [r for r in sim.received if r.path == IMPORT]
    assert imported.body["dataDetails"][0] == {
        "telephone": "13800138000",
        "name": "张三",
        "description": "crm-1",
        "customFields": [{"fieldId": CUSTOM_FIELD, "fieldValue": "Admin"}],
    }
    create = next(r for r in sim.received if r.path.endswith("/cc-outbound/api/campaigns"))
    assert create.headers["timezoneid"] == "Asia/Shanghai"
    assert create.headers["language"] == "en"


async def test_an_account_without_advisory_fields_refuses_them_before_calling_sobot(
    sim: SobotSimulator, kit: SobotSimulatorKit
) -> None:
    adapter = connect(sim, kit, advisory_fields=[])
    error = await refused(
        adapter.create_campaign(
            ctx(), campaign=CampaignCreate(name="c", retry=RetryPolicy(max_attempts=2, interval_minutes=5))
        )
    )
    assert error.code is ErrorCode.INVALID_REQUEST
    assert [issue.pointer for issue in error.errors or []] == ["/retry"]
    assert not sim.received
    await adapter.aclose()


async def test_a_campaign_without_contacts_is_a_task_without_data(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    created = await adapter.create_campaign(ctx(), campaign=CampaignCreate(name="empty"))
    assert created.contacts.items == []
    assert created.campaign.id in sim.tenant.tasks
    assert not [r for r in sim.received if r.path == IMPORT]


async def test_a_failed_import_still_answers_the_new_task_with_each_contact_rejected(
    adapter: SobotAdapter, sim: SobotSimulator
) -> None:
    sim.faults.inject(IMPORT, 400, after_processing=False)
    created = await adapter.create_campaign(ctx(), campaign=CampaignCreate(name="c", contacts=contacts()))
    assert created.campaign.id in sim.tenant.tasks
    assert {(item.status, item.code, item.vendor_code) for item in created.contacts.items} == {
        (ItemStatus.REJECTED, ErrorCode.INVALID_REQUEST, "400")
    }


async def test_an_unreadable_import_result_leaves_the_contacts_added_with_a_warning(
    sim: SobotSimulator, kit: SobotSimulatorKit
) -> None:
    adapter = connect(sim, kit, import_result_wait=0)
    sim.faults.inject(RESULT, 503, times=3, after_processing=False)
    created = await adapter.create_campaign(ctx(), campaign=CampaignCreate(name="c", contacts=contacts(PHONES[0])))
    (item,) = created.contacts.items
    assert item.status is ItemStatus.ADDED
    assert "could not be read (vendor_unavailable)" in (item.detail or "")
    await adapter.aclose()


# -- add contacts ---------------------------------------------------------------------------------


async def test_numbers_already_in_the_task_come_back_as_duplicates(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    created = await adapter.create_campaign(ctx(), campaign=CampaignCreate(name="c", contacts=contacts(*PHONES[:2])))
    again = await adapter.add_campaign_contacts(ctx(), campaign_id=created.campaign.id, contacts=contacts(*PHONES[:2]))
    assert [item.status for item in again.items] == [ItemStatus.DUPLICATE, ItemStatus.DUPLICATE]
    mixed = await adapter.add_campaign_contacts(ctx(), campaign_id=created.campaign.id, contacts=contacts(*PHONES[1:3]))
    assert [item.status for item in mixed.items] == [ItemStatus.ADDED, ItemStatus.ADDED]
    assert all("imported 1 of the 2 numbers" in (item.detail or "") for item in mixed.items)
    assert len(sim.tenant.tasks[created.campaign.id].details) == 3


async def test_forbidden_numbers_are_filtered_out_of_an_import(adapter: SobotAdapter) -> None:
    await adapter.add_dnc(ctx(), entries=[DncEntryInput(phone=PHONES[0])])
    created = await adapter.create_campaign(ctx(), campaign=CampaignCreate(name="c", contacts=contacts(PHONES[0])))
    (item,) = created.contacts.items
    assert (item.status, item.code) == (ItemStatus.REJECTED, ErrorCode.VENDOR_REJECTED)


async def test_contacts_for_an_unknown_task_are_not_found(adapter: SobotAdapter) -> None:
    error = await refused(adapter.add_campaign_contacts(ctx(), campaign_id="nosuchtask", contacts=contacts()))
    assert error.code is ErrorCode.NOT_FOUND


# -- list, get, stats -----------------------------------------------------------------------------


async def test_tasks_are_listed_page_by_page(adapter: SobotAdapter) -> None:
    for name in ("a", "b", "c"):
        await adapter.create_campaign(ctx(), campaign=CampaignCreate(name=name))
    first = await adapter.list_campaigns(ctx(), page=PageRequest(limit=2))
    second = await adapter.list_campaigns(ctx(), page=PageRequest(limit=2, cursor=first.next_cursor))
    assert [c.name for c in first.items + second.items] == ["a", "b", "c"]
    assert second.next_cursor is None
    assert all(c.status is CampaignStatus.RUNNING for c in first.items)


async def test_a_task_runs_through_its_plan_and_its_counters_move(adapter: SobotAdapter, clock: SimClock) -> None:
    plan = Schedule(timezone="Asia/Shanghai", start_date=dt.date(2026, 3, 3), end_date=dt.date(2026, 3, 3))
    created = await adapter.create_campaign(
        ctx(), campaign=CampaignCreate(name="c", schedule=plan, contacts=contacts())
    )
    cid = created.campaign.id
    assert (await adapter.get_campaign(ctx(), campaign_id=cid)).status is CampaignStatus.SCHEDULED
    before = await adapter.get_campaign_stats(ctx(), campaign_id=cid)
    assert (before.total, before.pending, before.completed) == (4, 4, 0)
    clock.advance(86400)  # Tuesday 10:00: the plan has started, agents dial one a minute
    running = await adapter.get_campaign(ctx(), campaign_id=cid)
    after = await adapter.get_campaign_stats(ctx(), campaign_id=cid)
    assert running.status is CampaignStatus.RUNNING
    assert (after.total, after.completed + after.pending) == (4, 4)
    assert after.completed == 4
    assert after.answered is not None
    clock.advance(86400)
    assert (await adapter.get_campaign(ctx(), campaign_id=cid)).status is CampaignStatus.COMPLETED


async def test_an_unknown_task_is_not_found(adapter: SobotAdapter) -> None:
    assert (await refused(adapter.get_campaign(ctx(), campaign_id="nosuchtask"))).code is ErrorCode.NOT_FOUND
    assert (await refused(adapter.get_campaign_stats(ctx(), campaign_id="nosuchtask"))).code is ErrorCode.NOT_FOUND


async def test_demo_mode_dials_within_seconds_at_any_hour() -> None:
    kit = SobotSimulatorKit()
    clock = SimClock.frozen(START + 14 * 3600)  # midnight in Shanghai
    sim = kit.create_app(clock=clock, demo=True)
    adapter = connect(sim, kit)
    plan = Schedule(timezone="Asia/Shanghai", start_date=dt.date(2026, 3, 10))  # a week ahead
    created = await adapter.create_campaign(
        ctx(), campaign=CampaignCreate(name="demo", schedule=plan, contacts=contacts())
    )
    clock.advance(2)
    stats = await adapter.get_campaign_stats(ctx(), campaign_id=created.campaign.id)
    assert stats.completed == 4
    await adapter.aclose()
