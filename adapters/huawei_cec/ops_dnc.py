"""Do-not-call: the VDN's outbound blacklist (7.3.1 add, 7.3.2 delete, 7.3.4 query).

The blacklist is per VDN (no campaign id) and blocks numbers from every campaign. blocklist/add
takes at most 20 numbers, none listed yet, and adds all or none, so entries are sent in groups of
20 sharing an expiry, after asking which are listed already (check mode of 7.3.4): those are
answered `duplicate`. `expires_at` becomes `validityExpirationTime` in the vendor's zone. Huawei
keeps no reason and no creation time: `reason` is not stored and both read back as null.
blocklist/query pages by offset and limit (1-100) and reports no total.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Final

from adapters.huawei_cec.core import BLOCKLIST_BATCH, HuaweiCore
from adapters.huawei_cec.errors import not_found
from adapters.huawei_cec.translate_contacts import dnc_entry, expiry_text, rejected
from adapters.huawei_cec.wire_isales import BlockQueryAnswer, IsalesAnswer
from adapters.paging import page_number
from contracts.contacts import BulkResult, ItemOutcome, ItemStatus
from contracts.context import OperationContext
from contracts.dnc import DncEntry, DncEntryInput
from contracts.errors import GatewayError
from contracts.paging import Page, PageRequest
from contracts.times import utc_if_naive

QUERY_PAGE_LIMIT: Final = 100


class DncOperations(HuaweiCore):
    async def list_dnc(self, ctx: OperationContext, *, page: PageRequest) -> Page[DncEntry]:
        number = page_number(page)
        size = min(page.limit, QUERY_PAGE_LIMIT)
        body = {"offset": (number - 1) * size, "limit": size}  # offset = limit x (page - 1)
        answer = await self.isales(
            ctx, "POST", "/blocklist/query", BlockQueryAnswer, operation="blocklist/query", idempotent=True, body=body
        )
        entries = [e for e in answer.data or [] if e.blockNum]
        items = [dnc_entry(e, self.e164(e.blockNum) or e.blockNum or "") for e in entries]
        return Page(items=items, next_cursor=str(number + 1) if len(answer.data or []) == size else None)

    async def add_dnc(self, ctx: OperationContext, *, entries: list[DncEntryInput]) -> BulkResult:
        outcomes: list[ItemOutcome] = []
        groups: dict[str | None, list[tuple[int, str, str]]] = defaultdict(list)
        now = dt.datetime.fromtimestamp(self.clock(), dt.UTC)
        for index, entry in enumerate(entries):
            number = self.national(entry.phone)
            if number is None:
                outcomes.append(rejected(index, entry.phone, f"not a {self.options.phone_region} number"))
            elif entry.expires_at is not None and utc_if_naive(entry.expires_at) <= now:
                outcomes.append(rejected(index, entry.phone, "expires_at is in the past"))
            else:
                groups[expiry_text(entry.expires_at, self.options.zone)].append((index, entry.phone, number))
        for expiry, members in groups.items():
            for start in range(0, len(members), BLOCKLIST_BATCH):
                outcomes += await self._add_batch(ctx, members[start : start + BLOCKLIST_BATCH], expiry)
        return BulkResult.of(outcomes)

    async def remove_dnc(self, ctx: OperationContext, *, phone: str) -> None:
        number = self.national(phone)
        # blocklist/delete answers success for a number that is not listed: ask first, for a 404.
        if number is None or number not in await self.blocked(ctx, [number]):
            raise not_found("do-not-call entry", phone)
        await self.isales(
            ctx,
            "POST",
            "/blocklist/delete",
            IsalesAnswer,
            operation="blocklist/delete",
            idempotent=True,
            body={"blocklistNo": number},
        )

    async def _add_batch(
        self, ctx: OperationContext, members: list[tuple[int, str, str]], expiry: str | None
    ) -> list[ItemOutcome]:
        listed = await self.blocked(ctx, [number for _, _, number in members])
        outcomes = [
            ItemOutcome(index=i, phone=p, status=ItemStatus.DUPLICATE, detail="already on the do-not-call list")
            for i, p, number in members
            if number in listed
        ]
        fresh = [(i, p, number) for i, p, number in members if number not in listed]
        if not fresh:
            return outcomes
        body: dict[str, object] = {"blocklist": [number for _, _, number in fresh]}
        if expiry is not None:
            body["validityExpirationTime"] = expiry
        try:
            await self.isales(
                ctx,
                "POST",
                "/blocklist/add",
                IsalesAnswer,
                operation="blocklist/add",
                interface="blocklist/add",
                idempotent=False,  # a repeated add of an added number is refused (0200007)
                body=body,
            )
        except GatewayError as exc:
            return outcomes + [rejected(i, p, exc.detail, exc.code, exc.vendor_code) for i, p, _ in fresh]
        return outcomes + [ItemOutcome(index=i, phone=p, status=ItemStatus.ADDED) for i, p, _ in fresh]
