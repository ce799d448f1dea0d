"""Scripts (IVR flows) and caller ids (access codes)."""

from __future__ import annotations

from typing import Final

from adapters.huawei_cec.core import HuaweiCore
from adapters.huawei_cec.translate_catalog import caller_id_from_access_code, script_from_flow
from adapters.huawei_cec.wire import AccessCodeAnswer, IvrFlowAnswer
from adapters.paging import slice_page
from contracts.catalog import CallerId, Script
from contracts.context import OperationContext
from contracts.paging import Page, PageRequest

# queryAccessCodeList (Table 5-94): `limit` at most 100, `offset` at most 100 — so the whole
# reachable list is two pages, fetched at once and paged here.
ACCESS_CODE_PAGE: Final = 100
MAX_ACCESS_CODE_OFFSET: Final = 100


class CatalogOperations(HuaweiCore):
    async def list_scripts(self, ctx: OperationContext, *, page: PageRequest) -> Page[Script]:
        # 5.4.1 has no request parameters and no paging: the tenant's flows come whole.
        answer = await self.config(ctx, "ivrFlow/queryIVRFlowList", {}, IvrFlowAnswer, idempotent=True)
        scripts = [script for flow in answer.result or [] if (script := script_from_flow(flow))]
        return slice_page(scripts, page)

    async def list_caller_ids(self, ctx: OperationContext, *, page: PageRequest) -> Page[CallerId]:
        caller_ids: list[CallerId] = []
        offset = 0
        while offset <= MAX_ACCESS_CODE_OFFSET:
            answer = await self.config(
                ctx,
                "accessCodeInfo/queryAccessCodeList",
                {"limit": ACCESS_CODE_PAGE, "offset": offset},
                AccessCodeAnswer,
                idempotent=True,
            )
            records = answer.data.calledRouteList if answer.data and answer.data.calledRouteList else []
            caller_ids += [caller_id for record in records if (caller_id := caller_id_from_access_code(record))]
            total = answer.data.total if answer.data and answer.data.total is not None else 0
            offset += ACCESS_CODE_PAGE
            if not records or offset >= total:
                break
        return slice_page(caller_ids, page)
