"""Every FlashAI request: signed, sent, its envelope judged, its failure mapped, retried if safe.

Every endpoint is a signed JSON POST under the account's base URL (flashai-saas-api.md, each
"Basic Information" section; base path `…/api/v1/thirdApi`, notes-other-vendors.md §3.1). One
attempt builds and signs the request anew, so a repeated attempt carries a fresh nonce and
timestamp (notes §3.3: a nonce may not repeat within 10 minutes).

Retries: reads are idempotent and go through `VendorHttp.retrying`, which repeats an attempt
after a retryable failure (transport errors, HTTP 429/5xx, codes the error table marks
retryable). Writes are not repeated: FlashAI has no idempotency key, and an addPlan that timed out
may have created its batch. One failure is safe to repeat even for a write: 1002 (duplicate nonce)
is the replay check refusing the request before anything ran, so every attempt re-signs and
resends once on 1002 itself, whatever the operation.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import msgspec

from adapters.flashai.errors import DUPLICATE_NONCE, ERRORS, QUERY_NO_RESULT
from adapters.flashai.settings import FlashAISettings
from adapters.flashai.signing import new_nonce, signed_body
from adapters.flashai.wire import Envelope, UnreadableAnswer, decode_body, failure_code, succeeded
from adapters.http import VendorHttp
from adapters.nonces import fresh_nonce
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError

B = TypeVar("B")

NONCE_WINDOW_SECONDS = 600
_HEADERS = {"Content-Type": "application/json;charset=UTF-8", "Accept": "application/json"}


class SignedCalls:
    def __init__(
        self,
        *,
        http: VendorHttp,
        settings: FlashAISettings,
        clock: Callable[[], float],
        base_url: str,
        account: str,
        display_name: str,
    ) -> None:
        self._http = http
        self._settings = settings
        self._clock = clock
        self._base_url = base_url
        self._account = account
        self._display_name = display_name

    async def read(
        self,
        ctx: OperationContext,
        endpoint: str,
        params: Mapping[str, Any],
        body_type: type[B],
        *,
        empty_on_no_result: bool = False,
    ) -> B | None:
        """A query: retried after retryable failures. `empty_on_no_result`: FlashAI's "query has no
        result" (1005) is an empty listing (None), not an error."""

        async def attempt() -> B | None:
            return await self._round_trip(ctx, endpoint, params, body_type, empty_on_no_result)

        return await self._http.retrying(ctx, operation=endpoint, idempotent=True, attempt=attempt)

    async def write(
        self, ctx: OperationContext, endpoint: str, params: Mapping[str, Any], body_type: type[B]
    ) -> B | None:
        """A change: sent once (re-signed once on 1002 only), never repeated after a failure."""

        async def attempt() -> B | None:
            return await self._round_trip(ctx, endpoint, params, body_type, False)

        return await self._http.retrying(ctx, operation=endpoint, idempotent=False, attempt=attempt)

    def unreadable(self, endpoint: str, why: str) -> GatewayError:
        return self._http.error(
            ErrorCode.VENDOR_BAD_RESPONSE, f"{self._display_name} answered {endpoint} with an unreadable body: {why}"
        )

    @contextlib.contextmanager
    def reading(self, endpoint: str) -> Iterator[None]:
        """Turns a translation's `UnreadableAnswer` into this endpoint's 502."""
        try:
            yield
        except UnreadableAnswer as exc:
            raise self.unreadable(endpoint, str(exc)) from None

    async def _round_trip(
        self,
        ctx: OperationContext,
        endpoint: str,
        params: Mapping[str, Any],
        body_type: type[B],
        empty_on_no_result: bool,
    ) -> B | None:
        envelope = await self._send(ctx, endpoint, params)
        if not succeeded(envelope) and failure_code(envelope) == DUPLICATE_NONCE:
            envelope = await self._send(ctx, endpoint, params)
        if not succeeded(envelope):
            code = failure_code(envelope)
            if empty_on_no_result and code == QUERY_NO_RESULT:
                return None
            raise ERRORS.error(account=self._account, vendor_code=code, vendor_message=envelope.msg, operation=endpoint)
        try:
            return decode_body(envelope, body_type)
        except msgspec.DecodeError as exc:
            raise self.unreadable(endpoint, str(exc)) from None

    async def _send(self, ctx: OperationContext, endpoint: str, params: Mapping[str, Any]) -> Envelope:
        credentials, options = self._settings.credentials, self._settings.options
        # "No repetition allowed within 10 minutes" (flashai-saas-api.md, nonce): claimed in the
        # shared state so that no replica reuses another's.
        nonce = await fresh_nonce(
            self._http.state, f"flashai:{credentials.client_id}", new_nonce, ttl=NONCE_WINDOW_SECONDS
        )
        body = signed_body(
            params,
            client_id=credentials.client_id,
            secret=credentials.client_secret,
            now_ms=int(self._clock() * 1000),
            as_string=options.timestamp_as_string,
            nonce=nonce,
        )
        response = await self._http.send(
            ctx,
            operation=endpoint,
            method="POST",
            url=f"{self._base_url}/{endpoint}",
            content=msgspec.json.encode(body),
            headers=_HEADERS,
        )
        if response.status != 200:
            raise self._http.error(
                ErrorCode.VENDOR_BAD_RESPONSE,
                f"{self._display_name} answered {endpoint} with HTTP {response.status}",
                vendor_code=f"HTTP {response.status}",
            )
        return self._http.decode(response, Envelope, operation=endpoint)
