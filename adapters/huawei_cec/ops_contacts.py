"""Campaign contacts: CC-iSales call data V2 (7.4.2) and its deletion (7.4.3).

Huawei takes at most `contacts_batch_size` records per request ("20 records are added each time by
default", `isales.api.calldata.max`) and wants requests for one campaign at least a second apart, so
a neutral batch is sent in chunks, `contacts_batch_interval_seconds` apart. Huawei accepts or
refuses a chunk as a whole and answers only `totalSize`, so outcomes are per chunk: a chunk refused
because a number is blacklisted (0200024) is resolved by asking the blacklist which of its numbers
are listed (7.3.4 check mode); those are rejected and the rest is sent again. A refusal of anything
else rejects that chunk and every later one (the earlier ones stay added); a refusal of the very
first chunk of a `contacts.add` is the request's error (e.g. 409 for a running campaign, 0200019:
"Outbound numbers cannot be added to ongoing tasks" — pause it first).

When a chunk's answer is lost (timeout, dropped connection, garbled body) Huawei may or may not
have added it, and a second send would add its numbers twice (there is no idempotency key). The
adapter then deletes the chunk's numbers again (7.4.3, which is harmless for numbers that were never
added) so that "rejected" is true: no number is dialled that the caller was told was not added.
"""

from __future__ import annotations

import asyncio
from typing import Final

from adapters.huawei_cec.core import HuaweiCore
from adapters.huawei_cec.errors import not_found
from adapters.huawei_cec.translate_contacts import Prepared, added, prepare, rejected
from adapters.huawei_cec.wire_isales import CallDataAddedAnswer, CallDataDeletedAnswer
from contracts.contacts import BulkResult, Contact, ItemOutcome
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError

BLACKLISTED: Final = "0200024"
TOO_SOON: Final = "0200022"


def campaign_number(campaign_id: str) -> str:
    """Campaign ids are numbers (7.1.2 returnObject.id); anything else names no campaign."""
    if not campaign_id.isdigit():
        raise not_found("campaign", campaign_id)
    return campaign_id


class ContactOperations(HuaweiCore):
    async def add_campaign_contacts(
        self, ctx: OperationContext, *, campaign_id: str, contacts: list[Contact]
    ) -> BulkResult:
        return await self.import_contacts(ctx, campaign_number(campaign_id), contacts, refusal_is_error=True)

    async def remove_campaign_contact(self, ctx: OperationContext, *, campaign_id: str, phone: str) -> None:
        number = self.national(phone)
        if number is None:
            raise not_found("number in campaign", phone)
        answer = await self.isales(
            ctx,
            "POST",
            f"/calldata/{campaign_number(campaign_id)}/delete",
            CallDataDeletedAnswer,
            operation="calldata/delete",
            idempotent=False,
            body={"called": number},
        )
        if not answer.successCount:
            raise GatewayError(ErrorCode.NOT_FOUND, "the campaign holds no such number")

    async def import_contacts(
        self, ctx: OperationContext, campaign_id: str, contacts: list[Contact], *, refusal_is_error: bool
    ) -> BulkResult:
        """Every contact accounted for; `refusal_is_error`: a refused first chunk raises instead."""
        outcomes: list[ItemOutcome] = []
        ready: list[Prepared] = []
        for index, contact in enumerate(contacts):
            prepared = prepare(index, contact, self.national(contact.phone), self.options.phone_region)
            if isinstance(prepared, Prepared):
                ready.append(prepared)
            else:
                outcomes.append(prepared)
        size = self.options.campaigns.contacts_batch_size
        chunks = [ready[start : start + size] for start in range(0, len(ready), size)]
        for number, chunk in enumerate(chunks):
            if number:
                await self._pause()
            try:
                outcomes += await self._send_chunk(ctx, campaign_id, chunk)
            except GatewayError as exc:
                undone = exc.retryable and await self._withdraw(ctx, campaign_id, chunk)
                if refusal_is_error and number == 0:
                    raise
                detail = f"{exc.detail}; the numbers were withdrawn again" if undone else exc.detail
                unsent = [item for later in chunks[number:] for item in later]
                outcomes += [rejected(p.index, p.phone, detail, exc.code, exc.vendor_code) for p in unsent]
                break
        return BulkResult.of(outcomes)

    async def _send_chunk(self, ctx: OperationContext, campaign_id: str, chunk: list[Prepared]) -> list[ItemOutcome]:
        try:
            await self._post(ctx, campaign_id, chunk)
        except GatewayError as exc:
            if exc.vendor_code != BLACKLISTED:
                raise
            listed = await self.blocked(ctx, [item.number for item in chunk])
            if not listed:
                raise
            refused = [
                rejected(
                    p.index, p.phone, "the number is on Huawei's outbound blacklist", ErrorCode.CONFLICT, BLACKLISTED
                )
                for p in chunk
                if p.number in listed
            ]
            remaining = [item for item in chunk if item.number not in listed]
            if remaining:
                await self._pause()
                await self._post(ctx, campaign_id, remaining)
            return refused + [added(item.index, item.phone) for item in remaining]
        return [added(item.index, item.phone) for item in chunk]

    async def _withdraw(self, ctx: OperationContext, campaign_id: str, chunk: list[Prepared]) -> bool:
        """Delete a chunk whose fate is unknown; True once every number is surely not in the campaign."""
        for item in chunk:
            try:
                await self.isales(
                    ctx,
                    "POST",
                    f"/calldata/{campaign_id}/delete",
                    CallDataDeletedAnswer,
                    operation="calldata/delete",
                    idempotent=True,  # deleting a number twice leaves the same campaign
                    body={"called": item.number},
                )
            except GatewayError:
                return False
        return True

    async def _post(self, ctx: OperationContext, campaign_id: str, chunk: list[Prepared]) -> None:
        async def send() -> None:
            await self.isales(
                ctx,
                "POST",
                f"/calldata/{campaign_id}",
                CallDataAddedAnswer,
                operation="calldata",
                idempotent=False,  # a repeated chunk would add its numbers twice
                version="v2",
                body={"callDataList": [item.record for item in chunk]},
            )

        try:
            await send()
        except GatewayError as exc:
            # "The interface invoking time is short": the chunk was refused, not added, so it is
            # safe to send again once the pause has passed.
            if exc.vendor_code != TOO_SOON:
                raise
            await self._pause()
            await send()

    async def _pause(self) -> None:
        await asyncio.sleep(self.options.campaigns.contacts_batch_interval_seconds)
