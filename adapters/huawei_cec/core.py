"""What every Huawei operation needs: the two clients, the interface paths and number formats.

Base URL families (huawei-cec-2.5-api-reference.txt; notes-huawei-cec.md section 2): each is
`scheme://host[:port][/prefix]` and the documented path is appended to it, so a deployment that
serves a family under a prefix (change history, L962: `https://Domain name/service-cloud/rest/isales/...`)
configures the prefix in the base URL; the prefix is then part of the signed URI.

- `apifabric`: "Domain name" of 4.2 and chapters 5-6 — `/apigovernance/api/oauth/tokenByAkSk` (C1
  token), `/apiaccess/rest/cc-management/v1/...` (configuration) and
  `/apiaccess/CC-Management/v1|v3/mobileAgent/...` (bidirectional calls; note the different case).
- `isales`: CC-iSales "ip:port" of chapter 7 — `/rest/isales/v1|v2/openapi/campaigns/{vdnId}/...`.
- `cms`: CC-CMS "ip:port" of chapter 12 — `/rest/cmsapp/v1/openapi/...`.
- `ccfs`: CC-FS "ip:port" of chapter 13 — `/CCFS/resource/ccfs/...`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

from adapters.base import AdapterBase
from adapters.huawei_cec.errors import not_found
from adapters.huawei_cec.settings import HuaweiOptions, HuaweiSettings
from adapters.huawei_cec.translate_agents import agent_state, skill_id
from adapters.huawei_cec.transport import C1Client, C2Client
from adapters.huawei_cec.wire import (
    AgentQueryAnswer,
    AgentRecord,
    AgentStatusAnswer,
    Answer,
    SkillQueryAnswer,
    SkillRecord,
)
from adapters.huawei_cec.wire_isales import BlockEntry, BlockQueryAnswer
from adapters.phones import national_number, to_e164
from contracts.agents import AgentState
from contracts.context import OperationContext

A = TypeVar("A", bound=Answer)

FAMILIES = ("apifabric", "isales", "cms", "ccfs")
CONFIG_PATH = "/apiaccess/rest/cc-management/v1/"
CMS_AGENT_STATUS_PATH = "/rest/cmsapp/v1/openapi/agentgroup/agentstatusinfobyagentids"
# The largest page the adapter asks cc-management for (queryAgentInfoBySkillId and querySkills
# allow 100, Tables 5-20 and 5-54; agentAccount/query states no maximum).
CONFIG_PAGE_LIMIT = 100
# blocklist/add and blocklist/query's check mode take at most 20 numbers (7.3.1, 7.3.4).
BLOCKLIST_BATCH = 20
MOBILE_AGENT_PATH = "/apiaccess/CC-Management/{version}/mobileAgent/"


class HuaweiCore(AdapterBase[HuaweiSettings]):
    """The shared half of the adapter; the operation mixins build on it."""

    def setup(self) -> None:
        self.c1 = C1Client(
            http=self.http, base_url=self.base_url("apifabric"), settings=self.settings, clock=self.clock
        )
        self.c2 = C2Client(
            http=self.http,
            base_urls={family: self.base_url(family) for family in FAMILIES if family != "apifabric"},
            settings=self.settings,
            clock=self.clock,
        )

    @property
    def options(self) -> HuaweiOptions:
        return self.settings.options

    # -- interfaces ----------------------------------------------------------------------------

    async def config(
        self,
        ctx: OperationContext,
        name: str,
        body: Mapping[str, Any],
        answer: type[A],
        *,
        idempotent: bool,
        interface: str | None = None,
    ) -> A:
        """A cc-management interface (chapter 5), e.g. `agentAccount/create`."""
        return await self.c1.call(
            ctx,
            operation=name,
            interface=interface or name.split("/", 1)[0],
            path=CONFIG_PATH + name,
            body=body,
            answer=answer,
            idempotent=idempotent,
        )

    async def mobile_agent(
        self, ctx: OperationContext, name: str, body: Mapping[str, Any], answer: type[A], *, version: str = "v1"
    ) -> A:
        """A bidirectional-call interface (6.2); all but createCall are reads."""
        return await self.c1.call(
            ctx,
            operation=name,
            interface=name,
            path=MOBILE_AGENT_PATH.format(version=version) + name,
            body=body,
            answer=answer,
            idempotent=name != "createCall",
        )

    async def isales(
        self,
        ctx: OperationContext,
        method: str,
        tail: str,
        answer: type[A],
        *,
        operation: str,
        idempotent: bool,
        version: str = "v1",
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, str] | None = None,
        interface: str | None = None,
    ) -> A:
        """A CC-iSales interface: `/rest/isales/<version>/openapi/campaigns/{vdnId}<tail>`."""
        return await self.c2.call(
            ctx,
            family="isales",
            operation=operation,
            interface=interface or operation,
            method=method,
            path=f"/rest/isales/{version}/openapi/campaigns/{self.options.vdn_id}{tail}",
            answer=answer,
            idempotent=idempotent,
            body=body,
            query=query,
        )

    async def agent_states(self, ctx: OperationContext, work_numbers: list[int]) -> dict[int, AgentState]:
        """Current states by workNo from CC-CMS (12.3.1.3.2), one request for up to 6000 agents."""
        if not work_numbers:
            return {}
        answer = await self.c2.call(
            ctx,
            family="cms",
            operation="agentstatusinfobyagentids",
            interface="agentstatusinfobyagentids",
            method="POST",
            path=CMS_AGENT_STATUS_PATH,
            # `cclid` as Table 12-459 spells it (its example writes `ccld`).
            body={"cclid": self.options.cc_id, "vdn": self.options.vdn_id, "agentIds": work_numbers},
            answer=AgentStatusAnswer,
            idempotent=True,
        )
        return {s.agentId: agent_state(s.currentState) for s in answer.states if s.agentId is not None}

    async def agent_record(self, ctx: OperationContext, agent_id: str) -> AgentRecord:
        """agentAccount/query by account (5.1.4); 404 when Huawei has no such account."""
        answer = await self.config(
            ctx, "agentAccount/query", {"userAccount": agent_id}, AgentQueryAnswer, idempotent=True
        )
        record = next((r for r in answer.data or [] if r.userAccount == agent_id), None)
        if record is None:
            raise not_found("agent account", agent_id)
        return record

    async def skill(self, ctx: OperationContext, queue_id: str) -> SkillRecord:
        """querySkills for one skill queue (5.2.4); 404 when Huawei has no such queue."""
        wanted = skill_id(queue_id)
        body = {"skillIds": [str(wanted)], "limit": "1", "offset": "0"}
        answer = await self.config(ctx, "skill/querySkills", body, SkillQueryAnswer, idempotent=True)
        record = next((r for r in answer.data or [] if r.skillId == wanted), None)
        if record is None:
            raise not_found("skill queue", queue_id)
        return record

    async def blocked(self, ctx: OperationContext, numbers: list[str]) -> dict[str, BlockEntry]:
        """The numbers of `numbers` on the VDN's blacklist now: blocklist/query's check mode (7.3.4),
        at most 20 numbers a request; `flag` false marks an entry that is no longer valid."""
        found: dict[str, BlockEntry] = {}
        for start in range(0, len(numbers), BLOCKLIST_BATCH):
            body = {"blocklist": numbers[start : start + BLOCKLIST_BATCH]}
            answer = await self.isales(
                ctx,
                "POST",
                "/blocklist/query",
                BlockQueryAnswer,
                operation="blocklist/query",
                idempotent=True,
                body=body,
            )
            for entry in answer.data or []:
                if entry.blockNum and entry.flag is not False:
                    found[entry.blockNum] = entry
        return found

    # -- numbers and times ---------------------------------------------------------------------

    def national(self, phone: str) -> str | None:
        """The number Huawei dials for an E.164 `phone`, None when it is not of the account's region."""
        return national_number(phone, self.options.phone_region)

    def e164(self, number: str | None) -> str | None:
        return to_e164(number, self.options.phone_region) if number else None

    def local_now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock(), self.options.zone)
