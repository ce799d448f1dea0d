"""The two ways of reaching Huawei CEC: C1 bearer-token calls and C2 signed calls.

C1 (huawei-cec-2.5-api-reference.txt 4.2): `POST /apigovernance/api/oauth/tokenByAkSk` with
`X-Token-Expire` exchanges `app_key`/`app_secret` for an `AccessToken`, sent afterwards as
`Authorization: Bearer <token>` plus `X-APP-Key` (the tables mark X-APP-Key optional, Table 5-1,
but 6.2.5's says it is "the same as the value of app_key": it is always sent). The token is cached
per account by the shared `TokenCache` (renewed `token_refresh_margin_seconds` before expiry, one
fetch however many requests wait); a 401 drops it, fetches a new one and repeats the request once.

C2 (4.3): every request is signed afresh (new timestamp) by `signing.sign` over exactly the bytes,
Content-Type and host it carries. The signed headers are `host` (mandatory), `Content-Type`
(always sent: every C2 table marks it mandatory) and `Content-Length` when there is a body, which
is how ToolUtils.buildSignHttpHead signs (L2167-L2172). The signed URI is the full path sent, any
path prefix of the family's base URL included. A 401 is a signature/credential failure (L1192).

Both wrap each round trip in `VendorHttp.retrying`, judge HTTP statuses, decode leniently and turn
a failure envelope into the error table's neutral error, all inside the attempt, so that retryable
vendor codes are retried for idempotent requests and every retry is re-signed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

import msgspec

from adapters.http import VendorHttp, VendorResponse
from adapters.huawei_cec.errors import ERRORS, vendor_error
from adapters.huawei_cec.settings import HuaweiSettings
from adapters.huawei_cec.signing import sign
from adapters.huawei_cec.wire import Answer
from adapters.tokens import Token, TokenCache
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError

A = TypeVar("A", bound=Answer)
T = TypeVar("T")

TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk"  # noqa: S105 - a URL path, not a secret


class TokenAnswer(msgspec.Struct, kw_only=True):
    """4.2's response: `AccessToken`, `Expires` (seconds, a string in the example)."""

    AccessToken: str | None = None
    Expires: int | None = None


def decode(http: VendorHttp, response: VendorResponse, type_: type[T], operation: str) -> T:
    """Lenient JSON decoding (numbers sent as strings are read); unreadable bodies are a 502."""
    try:
        return msgspec.json.decode(response.content, type=type_, strict=False)
    except msgspec.DecodeError as exc:
        raise http.error(
            ErrorCode.VENDOR_BAD_RESPONSE,
            f"Huawei CEC answered {operation} with an unreadable body: {exc}",
            vendor_code=f"HTTP {response.status}",
        ) from None


def _status_error(http: VendorHttp, status: int, operation: str) -> GatewayError:
    key = f"HTTP {status}"
    if key in ERRORS.rules:
        return ERRORS.error(account=http.account.name, vendor_code=key, vendor_message=None, operation=operation)
    return http.error(
        ErrorCode.VENDOR_BAD_RESPONSE, f"Huawei CEC answered {operation} with HTTP {status}", vendor_code=key
    )


def _checked(http: VendorHttp, answer: A, interface: str, operation: str) -> A:
    if (failure := answer.failure()) is not None:
        code, message = failure
        raise vendor_error(
            account=http.account.name, interface=interface, code=code, message=message, operation=operation
        )
    return answer


class C1Client:
    """Bearer-token calls to the API Fabric family (`/apiaccess/...`)."""

    def __init__(
        self, *, http: VendorHttp, base_url: str, settings: HuaweiSettings, clock: Callable[[], float]
    ) -> None:
        self.http = http
        self.base_url = base_url
        self.settings = settings
        self.clock = clock
        options = settings.options
        self.tokens = TokenCache(
            self._issue,
            clock=clock,
            refresh_margin=options.token_refresh_margin_seconds,
            report=http.token_refreshed,
            store=http.state,
            key=f"huawei_cec:{http.account.name}:c1",
        )

    async def call(
        self,
        ctx: OperationContext,
        *,
        operation: str,
        interface: str,
        path: str,
        body: Mapping[str, Any],
        answer: type[A],
        idempotent: bool,
    ) -> A:
        """POST `body` to `path`; the answer decoded and checked (its failure raised as the table says)."""
        content = msgspec.json.encode(body)

        async def attempt() -> A:
            token = await self.tokens.get(ctx)
            response = await self._post(ctx, operation, path, content, token)
            if response.status == 401:
                # The token was refused (revoked, or expired early on the vendor's side): one fresh
                # token and one repetition; a second refusal is a credential problem. A refused
                # request did nothing, so repeating it is safe even for a write.
                self.tokens.invalidate(token)
                response = await self._post(ctx, operation, path, content, await self.tokens.get(ctx))
            if response.status != 200:
                raise _status_error(self.http, response.status, operation)
            return _checked(self.http, decode(self.http, response, answer, operation), interface, operation)

        return await self.http.retrying(ctx, operation=operation, idempotent=idempotent, attempt=attempt)

    async def _post(
        self, ctx: OperationContext, operation: str, path: str, content: bytes, token: str
    ) -> VendorResponse:
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
            "X-APP-Key": self.settings.credentials.app_key,
        }
        try:
            return await self.http.send(
                ctx, operation=operation, method="POST", url=self.base_url + path, content=content, headers=headers
            )
        except GatewayError as exc:
            # C1 answers HTTP 500 for "Business failure. Check the values of parameters in the
            # request" (e.g. 5.1.1): a refusal, not an outage, so it must not be retried.
            if exc.vendor_code == "HTTP 500":
                raise _status_error(self.http, 500, operation) from None
            raise

    async def _issue(self, ctx: OperationContext) -> Token:
        options = self.settings.options
        credentials = self.settings.credentials
        body = msgspec.json.encode({"app_key": credentials.app_key, "app_secret": credentials.app_secret})
        headers = {"Content-Type": "application/json", "X-Token-Expire": str(options.token_lifetime_seconds)}

        async def attempt() -> Token:
            issued_at = self.clock()
            response = await self.http.send(
                ctx,
                operation="tokenByAkSk",
                method="POST",
                url=self.base_url + TOKEN_PATH,
                content=body,
                headers=headers,
            )
            if response.status in (400, 401, 403):
                raise self.http.error(
                    ErrorCode.VENDOR_AUTH_FAILED,
                    f"Huawei CEC refused the account's app key and secret (HTTP {response.status})",
                    vendor_code=f"HTTP {response.status}",
                )
            if response.status != 200:
                raise _status_error(self.http, response.status, "tokenByAkSk")
            answer = decode(self.http, response, TokenAnswer, "tokenByAkSk")
            if not answer.AccessToken:
                raise self.http.error(ErrorCode.VENDOR_BAD_RESPONSE, "Huawei CEC answered tokenByAkSk without a token")
            lifetime = min(answer.Expires or options.token_lifetime_seconds, options.token_lifetime_seconds)
            return Token(answer.AccessToken, issued_at + lifetime)

        return await self.http.retrying(ctx, operation="tokenByAkSk", idempotent=True, attempt=attempt)


class C2Client:
    """AK/SK-signed calls to CC-iSales, CC-CMS and CC-FS."""

    def __init__(
        self,
        *,
        http: VendorHttp,
        base_urls: Mapping[str, str],
        settings: HuaweiSettings,
        clock: Callable[[], float],
    ) -> None:
        self.http = http
        self.base_urls = dict(base_urls)
        self.settings = settings
        self.clock = clock

    async def call(
        self,
        ctx: OperationContext,
        *,
        family: str,
        operation: str,
        interface: str,
        method: str,
        path: str,
        answer: type[A],
        idempotent: bool,
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, str] | None = None,
    ) -> A:
        url = self.base_urls[family] + path
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2]
        content = msgspec.json.encode(body) if body is not None else None

        async def attempt() -> A:
            headers = self._signed_headers(method, parts.path, host, query, content)
            response = await self.http.send(
                ctx,
                operation=operation,
                method=method,
                url=url,
                content=content,
                headers=headers,
                params=dict(query) if query else None,
            )
            if response.status != 200:
                raise _status_error(self.http, response.status, operation)
            return _checked(self.http, decode(self.http, response, answer, operation), interface, operation)

        return await self.http.retrying(ctx, operation=operation, idempotent=idempotent, attempt=attempt)

    def _signed_headers(
        self, method: str, uri: str, host: str, query: Mapping[str, str] | None, content: bytes | None
    ) -> dict[str, str]:
        options = self.settings.options.signature
        credentials = self.settings.credentials
        headers = {"host": host, "Content-Type": options.content_type.value}
        if content:
            headers["Content-Length"] = str(len(content))
        signature = sign(
            method=method,
            uri=uri,
            query=query,
            headers=headers,
            body=content.decode("utf-8") if content else None,
            access_key=credentials.access_key,
            secret_key=credentials.secret_key,
            timestamp_ms=int(self.clock() * 1000),
            dialect=options,
        )
        return {**headers, "Authorization": signature.authorization}
