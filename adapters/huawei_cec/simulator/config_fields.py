"""Field readers and failure answers shared by the simulated cc-management interfaces (chapter 5).

Business failures are HTTP 200 with the family's failure code: `resultCode` "1" for
agentAccount/* (Table 5-3), `returnCode` "1" for skill/* and the catalogues ("other values
indicate failure", Table 5-46).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from adapters.huawei_cec.simulator.requests import Refused, SimRequest
from adapters.huawei_cec.simulator.state import SimSkill, Tenant

Handler = Callable[[Tenant, SimRequest], dict[str, Any]]

# The simulator's choice where chapter 5 is silent: pages hold at most 100 records.
MAX_PAGE: Final = 100


def agent_failure(message: str) -> Refused:
    return Refused(200, {"resultCode": "1", "resultMessage": message})


def skill_failure(message: str) -> Refused:
    return Refused(200, {"returnCode": "1", "description": message})


def read_int(body: dict[str, Any], name: str, fail: Callable[[str], Refused], *, required: bool = True) -> int | None:
    value = body.get(name)
    if value is None:
        if required:
            raise fail(f"{name} is mandatory")
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).lstrip("-").isdigit():
        raise fail(f"{name} must be a number")
    return int(value)


def read_text(body: dict[str, Any], name: str, fail: Callable[[str], Refused], *, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise fail(f"{name} is mandatory")
        return None
    if not isinstance(value, str):
        raise fail(f"{name} must be a string")
    return value


def existing_skill(tenant: Tenant, body: dict[str, Any], fail: Callable[[str], Refused]) -> SimSkill:
    skill = tenant.skills.get(read_int(body, "skillId", fail) or 0)
    if skill is None:
        raise fail("the skill queue does not exist")
    return skill
