"""The one path from the Sobot adapter to the vendor: token, headers, envelope, errors.

Every interface call goes through `SobotApi.call`: the body is encoded once; each attempt takes the
endpoint's kind of token from its cache, sends the V6 headers (`Authorization`, `timezoneid`,
`language`, and `Idempotency-Key` where the document requires it), and on a refused token (HTTP
401, notes-other-vendors.md §1.1) drops that token, fetches a new one and repeats the request once.
The whole round trip runs inside `VendorHttp.retrying`, so only writes that carry a stable
idempotency key (and reads) are repeated after a transient failure.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec

from adapters.http import VendorHttp, VendorResponse
from adapters.sobot.auth import SobotTokens
from adapters.sobot.endpoints import Endpoint, Family
from adapters.sobot.errors import ERRORS, TOKEN_REFUSED
from adapters.sobot.idempotency import fresh_key
from adapters.sobot.settings import SobotOptions
from adapters.sobot.wire import Envelope
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError

T = TypeVar("T")

log = logging.getLogger(__name__)


class SobotApi:
    def __init__(
        self, *, http: VendorHttp, tokens: SobotTokens, options: SobotOptions, base_urls: Mapping[Family, str]
    ) -> None:
        self._http = http
        self._tokens = tokens
        self._options = options
        self._base_urls = dict(base_urls)

    async def call(
        self,
        ctx: OperationContext,
        endpoint: Endpoint,
        data_type: type[T],
        *,
        body: Any = None,
        params: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        idempotent: bool,
        timezone: str | None = None,
    ) -> T:
        """One interface call; its `data` decoded as `data_type`.

        `idempotency_key` is the fixed key of a write (the same for every attempt); a read of an
        interface that requires a key gets a fresh one per attempt. `idempotent` says whether the
        round trip may be repeated after a transient failure.
        """
        content = msgspec.json.encode(body) if body is not None else None
        url = self._base_urls[endpoint.family] + endpoint.path
        cache = self._tokens.cache(endpoint.token)

        async def send(token: str) -> VendorResponse:
            headers = self._headers(token, timezone, has_body=content is not None)
            if endpoint.needs_idempotency_key:
                headers["Idempotency-Key"] = idempotency_key or fresh_key()
            return await self._http.send(
                ctx,
                operation=endpoint.name,
                method=endpoint.method,
                url=url,
                content=content,
                headers=headers,
                params=params,
            )

        async def attempt() -> T:
            token = await cache.get(ctx)
            response = await send(token)
            if _token_refused(response):
                # The token expired early or was revoked: one fresh token, one more try.
                log.info(
                    "sobot refused the %s token on %s for %s; renewing it", endpoint.token, endpoint.name, ctx.account
                )
                cache.invalidate(token)
                response = await send(await cache.get(ctx))
            return self._data(response, data_type, endpoint)

        return await self._http.retrying(ctx, operation=endpoint.name, idempotent=idempotent, attempt=attempt)

    def _headers(self, token: str, timezone: str | None, *, has_body: bool) -> dict[str, str]:
        options = self._options
        headers = {
            "Authorization": f"Bearer {token}" if options.bearer_prefix else token,
            "Accept": "application/json",
            "timezoneid": timezone or options.timezone,
            "language": options.language,
        }
        if has_body:
            headers["Content-Type"] = "application/json;charset=utf-8"
        return headers

    def _data(self, response: VendorResponse, data_type: type[T], endpoint: Endpoint) -> T:
        envelope = _envelope(response)
        if envelope is None:
            if response.status != 200:
                raise self._refusal(str(response.status), None, endpoint)
            raise self._unreadable(endpoint, "not a V6 envelope")
        if response.status != 200 or not envelope.succeeded():
            code = envelope.failure_code() if not envelope.succeeded() else str(response.status)
            raise self._refusal(code, envelope.failure_message(), endpoint)
        try:
            return msgspec.json.decode(envelope.data, type=data_type, strict=False)
        except msgspec.DecodeError as exc:
            raise self._unreadable(endpoint, f"its data does not match the document: {exc}") from None

    def _refusal(self, code: str, message: str | None, endpoint: Endpoint) -> GatewayError:
        return ERRORS.error(
            account=self._http.account.name, vendor_code=code, vendor_message=message, operation=endpoint.name
        )

    def _unreadable(self, endpoint: Endpoint, why: str) -> GatewayError:
        return self._http.error(ErrorCode.VENDOR_BAD_RESPONSE, f"sobot answered {endpoint.name} unreadably: {why}")


def _envelope(response: VendorResponse) -> Envelope | None:
    try:
        return msgspec.json.decode(response.content, type=Envelope, strict=False)
    except msgspec.DecodeError:
        return None


def _token_refused(response: VendorResponse) -> bool:
    if response.status == 401:
        return True
    envelope = _envelope(response)
    return envelope is not None and not envelope.succeeded() and envelope.failure_code() in TOKEN_REFUSED
