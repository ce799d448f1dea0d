"""Company and agent tokens: issue, half-life renewal, single flight, 401 recovery, kind per endpoint."""

from __future__ import annotations

import asyncio

import httpx
import msgspec
import pytest

from adapters.simulation import SimClock
from adapters.sobot import SobotAdapter
from adapters.sobot.simulator import SIM_APP_SECRET, SobotSimulator, SobotSimulatorKit
from adapters.sobot.simulator.state import ADMIN_UUID
from contracts.agents import AgentUpdate
from contracts.campaigns import CampaignCreate
from contracts.contacts import Contact
from contracts.dnc import DncEntryInput
from contracts.errors import ErrorCode, GatewayError
from contracts.paging import PageRequest
from contracts.queues import QueueCreate
from tests.adapters.sobot.conftest import START, account, connect, ctx

HALF_DAY = 12 * 3600.0
AGENT = "bd4630df3550552ba7c16f27ae9a39cb"

# The token each interface names in its `Authorization` row (sobot-callservice-v6-api.txt):
# "Agent token" at lines 375, 432, 476, 623 and 1037, the company token everywhere else.
EXPECTED_KIND = {
    "/callservice/v6/cc-config/api/agents": "company",  # lines 11, 70
    "/callservice/v6/cc-config/api/agents/unbind": "company",  # line 135
    "/callservice/v6/cc-config/api/agents/call/_search": "company",  # line 197
    "/callservice/v6/cc-config/api/queues/_search": "company",  # line 299
    "/callservice/v6/cc-config/api/queue": "agent",  # lines 375, 432
    "/callservice/v6/cc-config/api/queue/agents/search": "agent",  # line 476
    "/callservice/v6/cc-config/api/queue/agents": "agent",  # line 623
    "/callservice/v6/cc-config/blacklist/batch": "company",  # line 925
    "/callservice/v6/cc-config/api/gatewayNumber/search": "agent",  # line 1037
    "/callservice/v6/cc-outbound/api/campaigns": "company",  # line 1133
    "/callservice/v6/cc-exports/api/campaigns/_import": "company",  # line 1209
    "/callservice/v6/cc-outbound/api/campaigns/calling-list/import-result": "company",  # line 1333
    "/callservice/v6/cc-outbound/api/campaigns/getList": "company",  # line 1444
    "/callservice/v6/cc-ivr/api/ivr/published/_search": "company",  # line 1670
}


async def every_declared_operation(adapter: SobotAdapter) -> None:
    c = ctx()
    await adapter.list_agents(c, page=PageRequest())
    await adapter.get_agent(c, agent_id=AGENT)
    await adapter.update_agent(c, agent_id=AGENT, changes=AgentUpdate(extension="1002"))
    await adapter.update_agent(c, agent_id=AGENT, changes=AgentUpdate(phone=None))
    await adapter.list_queues(c, page=PageRequest())
    queue = await adapter.create_queue(c, queue=QueueCreate(name="Sales"))
    await adapter.get_queue(c, queue_id=queue.id)
    await adapter.add_queue_agent(c, queue_id=queue.id, agent_id=AGENT)
    await adapter.list_queue_agents(c, queue_id=queue.id, page=PageRequest())
    await adapter.remove_queue_agent(c, queue_id=queue.id, agent_id=AGENT)
    await adapter.delete_queue(c, queue_id=queue.id)
    created = await adapter.create_campaign(
        c, campaign=CampaignCreate(name="t", contacts=[Contact(phone="+8613800138000")])
    )
    await adapter.add_campaign_contacts(c, campaign_id=created.campaign.id, contacts=[Contact(phone="+8613900139000")])
    await adapter.list_campaigns(c, page=PageRequest())
    await adapter.get_campaign_stats(c, campaign_id=created.campaign.id)
    await adapter.add_dnc(c, entries=[DncEntryInput(phone="+8615000150000")])
    await adapter.list_scripts(c, page=PageRequest())
    await adapter.list_caller_ids(c, page=PageRequest())


async def test_each_interface_gets_the_kind_of_token_its_document_names(
    adapter: SobotAdapter, sim: SobotSimulator
) -> None:
    await every_declared_operation(adapter)
    seen = {}
    for request in sim.received:
        if request.path.startswith("/tokens/"):
            continue
        seen.setdefault(request.path, set()).add(sim.tokens.kind_of(request.headers["authorization"]))
    assert seen == {path: {kind} for path, kind in EXPECTED_KIND.items()}
    assert sim.tokens.issued == {"company": 1, "agent": 1}


async def test_the_agent_token_names_the_administrating_agent(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    await adapter.list_caller_ids(ctx(), page=PageRequest())
    (request,) = [r for r in sim.received if r.path == "/tokens/agent"]
    assert request.body["agentId"] == ADMIN_UUID
    assert "agentNo" not in request.body
    assert request.body["responseType"] == "token"
    assert len(str(request.body["currentTime"])) == 13


async def test_an_admin_agent_given_by_work_number_is_sent_as_agent_no(
    sim: SobotSimulator, kit: SobotSimulatorKit
) -> None:
    adapter = connect(sim, kit, admin_agent="5001", admin_agent_type="work_number")
    await adapter.list_caller_ids(ctx(), page=PageRequest())
    (request,) = [r for r in sim.received if r.path == "/tokens/agent"]
    assert request.body["agentNo"] == "5001"
    assert "agentId" not in request.body
    await adapter.aclose()


async def test_a_token_is_reused_until_half_its_life_is_over(
    adapter: SobotAdapter, sim: SobotSimulator, clock: SimClock
) -> None:
    await adapter.list_queues(ctx(), page=PageRequest())
    clock.advance(HALF_DAY - 1)
    await adapter.list_queues(ctx(), page=PageRequest())
    assert sim.tokens.issued["company"] == 1
    clock.advance(2)  # past the half-life (the token itself lives 24 h)
    await adapter.list_queues(ctx(), page=PageRequest())
    assert sim.tokens.issued["company"] == 2
    assert adapter.tokens.company.fetches == 2


async def test_an_expired_token_is_never_sent(adapter: SobotAdapter, sim: SobotSimulator, clock: SimClock) -> None:
    await adapter.list_queues(ctx(), page=PageRequest())
    clock.advance(3 * 86400)
    await adapter.list_queues(ctx(), page=PageRequest())
    answers = [r for r in sim.received if r.path.endswith("/queues/_search")]
    assert len(answers) == 2  # no refused attempt in between
    assert sim.tokens.issued["company"] == 2


async def test_concurrent_requests_share_one_token_fetch_per_kind(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    c = ctx()
    await asyncio.gather(
        *(adapter.list_queues(c, page=PageRequest()) for _ in range(15)),
        *(adapter.list_caller_ids(c, page=PageRequest()) for _ in range(15)),
    )
    assert sim.tokens.issued == {"company": 1, "agent": 1}


async def test_a_refused_token_is_renewed_once_and_the_request_repeated(
    adapter: SobotAdapter, sim: SobotSimulator
) -> None:
    await adapter.list_queues(ctx(), page=PageRequest())
    sim.tokens.revoke_all()  # the vendor forgets the token before its time
    page = await adapter.list_queues(ctx(), page=PageRequest())
    assert page.items
    assert sim.tokens.issued["company"] == 2
    assert len([r for r in sim.received if r.path.endswith("/queues/_search")]) == 3


class AlwaysUnauthorized(httpx.AsyncBaseTransport):
    """Issues tokens, but refuses every interface call with 401."""

    def __init__(self) -> None:
        self.token_calls = 0
        self.api_calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/tokens/"):
            self.token_calls += 1
            return httpx.Response(200, json={"access_token": f"t{self.token_calls}", "expires_in": 86_400_000})
        self.api_calls += 1
        return httpx.Response(401, json={"status": "Failure", "code": 401, "message": "token invalid"})


async def test_a_second_refusal_is_a_gateway_auth_failure_without_a_loop(kit: SobotSimulatorKit) -> None:
    transport = AlwaysUnauthorized()
    adapter = SobotAdapter(account(kit), transport=transport, clock=lambda: START)
    with pytest.raises(GatewayError) as caught:
        await adapter.list_queues(ctx(), page=PageRequest())
    assert (caught.value.code, caught.value.vendor_code, caught.value.retryable) == (
        ErrorCode.VENDOR_AUTH_FAILED,
        "401",
        False,
    )
    assert (transport.token_calls, transport.api_calls) == (2, 2)
    await adapter.aclose()


async def test_a_wrong_secret_fails_authentication_without_showing_the_secret(
    sim: SobotSimulator, kit: SobotSimulatorKit
) -> None:
    spec = account(kit)
    spec = msgspec.structs.replace(spec, credentials={**spec.credentials, "app_secret": "not-the-secret"})
    adapter = connect(sim, kit, spec=spec)
    with pytest.raises(GatewayError) as caught:
        await adapter.list_queues(ctx(), page=PageRequest())
    error = caught.value
    assert (error.code, error.vendor_code) == (ErrorCode.VENDOR_AUTH_FAILED, "900003")
    shown = f"{error} {error.detail} {error.vendor_message} {adapter.settings!r}"
    assert "not-the-secret" not in shown
    assert SIM_APP_SECRET not in shown
    await adapter.aclose()


async def test_the_token_never_appears_in_an_error(adapter: SobotAdapter, sim: SobotSimulator) -> None:
    with pytest.raises(GatewayError) as caught:
        await adapter.get_agent(ctx(), agent_id="no-such-agent")
    token = next(r.headers["authorization"] for r in sim.received if "authorization" in r.headers)
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert token not in f"{caught.value} {caught.value.vendor_message}"


async def test_a_bearer_prefix_is_sent_when_the_account_says_so(clock: SimClock) -> None:
    kit = SobotSimulatorKit(bearer_prefix=True)
    sim = kit.create_app(clock=clock)
    adapter = connect(sim, kit)
    await adapter.list_queues(ctx(), page=PageRequest())
    (request,) = [r for r in sim.received if r.path.endswith("/queues/_search")]
    assert request.headers["authorization"].startswith("Bearer eyJ")
    await adapter.aclose()

    raw = connect(sim, kit, bearer_prefix=False)  # the vendor wants the prefix: refused
    with pytest.raises(GatewayError) as caught:
        await raw.list_queues(ctx(), page=PageRequest())
    assert caught.value.code is ErrorCode.VENDOR_AUTH_FAILED
    await raw.aclose()


@pytest.mark.parametrize(("unit", "lifetime"), [("ms", 7_200_000), ("s", 7200)])
async def test_expires_in_is_read_in_the_configured_unit(kit: SobotSimulatorKit, unit: str, lifetime: int) -> None:
    renew_after = 3600.0  # half of two hours
    clock = SimClock.frozen(START)
    sim = SobotSimulatorKit(token_lifetime_ms=7_200_000).create_app(clock=clock)

    async def token_then_sim(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/tokens/company":
            real = await httpx.ASGITransport(app=sim).handle_async_request(request)
            await real.aread()
            issued = real.json()
            issued["expires_in"] = lifetime  # two hours either way
            return httpx.Response(200, json=issued)
        return await httpx.ASGITransport(app=sim).handle_async_request(request)

    adapter = SobotAdapter(
        account(kit, expires_in_unit=unit), transport=httpx.MockTransport(token_then_sim), clock=clock.now
    )
    await adapter.list_queues(ctx(), page=PageRequest())
    clock.advance(renew_after - 1)
    await adapter.list_queues(ctx(), page=PageRequest())
    assert adapter.tokens.company.fetches == 1
    clock.advance(2)
    await adapter.list_queues(ctx(), page=PageRequest())
    assert adapter.tokens.company.fetches == 2
    await adapter.aclose()
