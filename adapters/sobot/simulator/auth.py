"""The simulated token service and the token check every interface makes.

Written from the vendor's side (notes-other-vendors.md §1.1) and sharing no code with the
adapter's `signing`/`auth` modules, so that a mistake on one side shows up as a failure:

- `POST /tokens/company` and `POST /tokens/agent` take `responseType` "token", `appId`,
  `currentTime` (a millisecond timestamp: 13 digits) and `sign` = MD5(appId + currentTime +
  "token" + appSecret); the agent kind also `agentId` or `agentNo` ("agentNumber is invalid when
  agentId exists"). Each issue is counted per kind, so tests can assert single flight.
- A token lives `lifetime_ms`; an expired, unknown or revoked token is refused with HTTP 401
  ("If the server verifies that the access_token has expired, it will return status 401").
- A token of the other kind is refused with HTTP 403: the five interfaces that name an "Agent
  token" take only that kind, the others only the company token.
"""

from __future__ import annotations

import collections
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, Final

from adapters.sobot.simulator.faults import SobotFault, bad_request
from adapters.sobot.simulator.fields import obj
from adapters.sobot.simulator.state import Agent, Tenant

COMPANY, AGENT = "company", "agent"
DAY_MS: Final = 86_400_000  # the example's expires_in (notes §1.1)


@dataclass(frozen=True)
class IssuedToken:
    value: str
    kind: str
    agent: Agent | None
    expires_at: float  # simulated epoch seconds


class TokenService:
    def __init__(self, tenant: Tenant, *, lifetime_ms: int = DAY_MS, bearer_prefix: bool = False) -> None:
        self.tenant = tenant
        self.lifetime_ms = lifetime_ms
        self.bearer_prefix = bearer_prefix
        self.issued: collections.Counter[str] = collections.Counter()
        self._tokens: dict[str, IssuedToken] = {}

    def issue(self, kind: str, raw: Any, now: float) -> dict[str, Any]:
        body = obj(raw)
        if body.get("responseType") != "token":
            raise bad_request("responseType must be token")
        app_id, current, sign = body.get("appId"), body.get("currentTime"), body.get("sign")
        text = str(current) if isinstance(current, int | str) and not isinstance(current, bool) else ""
        if not (text.isdigit() and len(text) == 13):
            raise bad_request("currentTime must be a timestamp in milliseconds")
        if app_id != self.tenant.app_id:
            raise SobotFault(401, "no API configuration found for the company", ret_code="900004")
        expected = hashlib.md5(f"{app_id}{text}token{self.tenant.app_secret}".encode()).hexdigest()
        if not isinstance(sign, str) or sign.lower() != expected:
            raise SobotFault(401, "signature error", ret_code="900003")
        agent = self._agent(body) if kind == AGENT else None
        value = "eyJ" + secrets.token_urlsafe(48)
        self._tokens[value] = IssuedToken(value, kind, agent, now + self.lifetime_ms / 1000)
        self.issued[kind] += 1
        if kind == COMPANY:
            return {
                "response_type": "token",
                "access_token": value,
                "expires_in": self.lifetime_ms,
                "realm": "third",
                "domain": "sobot",
            }
        return {"accessToken": value, "expiresIn": self.lifetime_ms, "realm": "agent", "domain": "sobot"}

    def _agent(self, body: dict[str, Any]) -> Agent:
        agent_id, agent_no = body.get("agentId"), body.get("agentNo")
        if agent_id not in (None, ""):
            agent = self.tenant.agent(str(agent_id), 1)
        elif agent_no not in (None, ""):
            agent = self.tenant.agent(str(agent_no), 0)
        else:
            raise bad_request("agentId or agentNo is required")
        if agent is None:
            raise SobotFault(404, "no such agent")
        return agent

    def check(self, authorization: str | None, kind: str, now: float) -> IssuedToken:
        value = authorization or ""
        if self.bearer_prefix:
            scheme, _, value = value.partition(" ")
            if scheme != "Bearer":
                raise SobotFault(401, "Authorization must be 'Bearer <token>'", ret_code="900001")
        if not value:
            raise SobotFault(401, "token is empty", ret_code="900001")
        token = self._tokens.get(value)
        if token is None or token.expires_at <= now:
            raise SobotFault(401, "token is no longer valid; obtain it again", ret_code="900002")
        if token.kind != kind:
            raise SobotFault(403, f"this interface needs the {kind} token")
        return token

    def kind_of(self, authorization: str) -> str | None:
        """Which kind of token an `Authorization` value carries (None: not one issued here)."""
        token = self._tokens.get(authorization.removeprefix("Bearer ") if self.bearer_prefix else authorization)
        return token.kind if token is not None else None

    def revoke_all(self) -> None:
        """Forget every issued token (a vendor-side logout): the next call meets a 401."""
        self._tokens.clear()
