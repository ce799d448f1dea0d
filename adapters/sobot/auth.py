"""Sobot's two access tokens, each cached per account by the shared `TokenCache`.

Company token: `POST {host}/tokens/company` with `responseType`, `appId`, `currentTime` (ms) and
`sign`; the answer's `access_token` lives `expires_in` (86400000 in the example, read as
milliseconds by default). Agent token: `POST {host}/tokens/agent`, the same body plus `agentId` or
`agentNo` of the administrating agent, answering `accessToken` (notes-other-vendors.md §1.1).
Both are renewed when half their lifetime is over — the vendor's own rule ("obtain the token
again when the access_token timeout time is halfway over") — with one fetch however many wait.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Final

import msgspec

from adapters.http import VendorHttp, VendorResponse
from adapters.sobot.endpoints import AGENT_TOKEN_PATH, COMPANY_TOKEN_PATH, TokenKind
from adapters.sobot.settings import AgentIdType, ExpiresInUnit, SobotSettings
from adapters.sobot.signing import token_request
from adapters.sobot.wire import Envelope, TokenAnswer
from adapters.tokens import Token, TokenCache
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError

log = logging.getLogger(__name__)

# The vendor's documented lifetime (notes §1.1-§1.2: 24 hours) when an answer gives none.
FALLBACK_LIFETIME_SECONDS: Final = 24 * 3600.0
REFRESH_FRACTION: Final = 0.5


class SobotTokens:
    def __init__(self, *, http: VendorHttp, base_url: str, settings: SobotSettings, clock: Callable[[], float]) -> None:
        self._http = http
        self._base_url = base_url
        self._settings = settings
        self._clock = clock
        shared = f"sobot:{http.account.name}"
        self.company = TokenCache(
            self._fetch_company,
            clock=clock,
            refresh_fraction=REFRESH_FRACTION,
            report=http.token_refreshed,
            store=http.state,
            key=f"{shared}:company",
        )
        self.agent = TokenCache(
            self._fetch_agent,
            clock=clock,
            refresh_fraction=REFRESH_FRACTION,
            report=http.token_refreshed,
            store=http.state,
            key=f"{shared}:agent",
        )

    def cache(self, kind: TokenKind) -> TokenCache:
        return self.company if kind is TokenKind.COMPANY else self.agent

    async def _fetch_company(self, ctx: OperationContext) -> Token:
        return await self._fetch(ctx, TokenKind.COMPANY)

    async def _fetch_agent(self, ctx: OperationContext) -> Token:
        return await self._fetch(ctx, TokenKind.AGENT)

    async def _fetch(self, ctx: OperationContext, kind: TokenKind) -> Token:
        operation = f"tokens/{kind.value}"

        async def attempt() -> Token:
            # Built anew per attempt: `currentTime` and the signature over it must be fresh.
            issued_at = self._clock()
            response = await self._http.send(
                ctx,
                operation=operation,
                method="POST",
                url=self._base_url + (COMPANY_TOKEN_PATH if kind is TokenKind.COMPANY else AGENT_TOKEN_PATH),
                content=msgspec.json.encode(self._body(kind, issued_at)),
                headers={"Content-Type": "application/json;charset=utf-8", "Accept": "application/json"},
            )
            return self._token(response, issued_at, operation)

        token = await self._http.retrying(ctx, operation=operation, idempotent=True, attempt=attempt)
        log.info("sobot %s token issued for account %s", kind.value, self._http.account.name)
        return token

    def _body(self, kind: TokenKind, now: float) -> dict[str, object]:
        credentials, options = self._settings.credentials, self._settings.options
        body = token_request(credentials.app_id, credentials.app_secret, int(now * 1000))
        if kind is TokenKind.AGENT:
            # "agentNumber is invalid when agentId exists": exactly one of the two is sent.
            name = "agentId" if options.admin_agent_type is AgentIdType.UUID else "agentNo"
            body[name] = options.admin_agent
        return body

    def _token(self, response: VendorResponse, issued_at: float, operation: str) -> Token:
        answer = None
        if response.status == 200:
            try:
                answer = msgspec.json.decode(response.content, type=TokenAnswer, strict=False)
            except msgspec.DecodeError:
                answer = None
        value = answer.token() if answer is not None else None
        if answer is None or not value:
            raise self._refused(response, operation)
        lifetime = answer.lifetime()
        if lifetime is None or lifetime <= 0:
            seconds = FALLBACK_LIFETIME_SECONDS
        elif self._settings.options.expires_in_unit is ExpiresInUnit.MILLISECONDS:
            seconds = lifetime / 1000
        else:
            seconds = float(lifetime)
        return Token(value, issued_at + seconds)

    def _refused(self, response: VendorResponse, operation: str) -> GatewayError:
        """A token request that did not yield a token: the gateway's credentials are at fault."""
        code, message = f"HTTP {response.status}", None
        try:
            envelope = msgspec.json.decode(response.content, type=Envelope, strict=False)
            if envelope.code is not None or envelope.retCode:
                code, message = envelope.failure_code(), envelope.failure_message()
        except msgspec.DecodeError:
            pass
        return self._http.error(
            ErrorCode.VENDOR_AUTH_FAILED,
            f"sobot issued no token for {operation}; check the account's app_id, app_secret and admin_agent",
            vendor_code=code,
            vendor_message=message,
        )
