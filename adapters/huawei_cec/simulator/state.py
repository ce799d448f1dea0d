"""The simulated tenant's configuration: agents, skill queues, IVR flows, access codes, blacklist."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field


@dataclass
class SimAgent:
    user_account: str
    user_name: str
    email: str
    agent_type: int
    role_id: int
    work_no: int
    sip_account: str
    phone: str = ""
    skills: dict[int, tuple[int, int]] = field(default_factory=dict)  # skillId -> (agentWeight, skillWeight)
    # CTI agent state (12.3.8.3): 0 not signed in, 1 idle, 5 talking, 7 busy, 8 rest ...
    cti_state: int = 0


@dataclass
class SimSkill:
    skill_id: int
    name: str
    description: str
    media_type: int
    max_wait_time: int
    max_wait_num: int
    wrapup: int
    skill_param: dict[str, object]


@dataclass(frozen=True)
class IvrFlow:
    flow_id: int
    access_code: str
    description: str
    file_name: str
    flow_type: int
    loaded: bool = True


@dataclass(frozen=True)
class AccessCode:
    code_id: str
    access_code: str
    description: str | None
    call_attr: int  # 1 inbound, 2 outbound, 3 both (Table 5-95)
    media_type: int = 5


@dataclass
class BlockedNumber:
    number: str
    expires_at: float | None  # epoch seconds; None: no expiry
    added_at: float


@dataclass
class Tenant:
    """Configuration state of one VDN."""

    flows: list[IvrFlow]
    access_codes: list[AccessCode]
    agents: dict[str, SimAgent] = field(default_factory=dict)
    skills: dict[int, SimSkill] = field(default_factory=dict)
    blacklist: dict[str, BlockedNumber] = field(default_factory=dict)
    work_numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(101))
    skill_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def agent_by_work_no(self, work_no: int) -> SimAgent | None:
        return next((agent for agent in self.agents.values() if agent.work_no == work_no), None)

    def agent_by_softphone(self, number: str) -> SimAgent | None:
        return next((agent for agent in self.agents.values() if agent.sip_account == number), None)

    def blocked(self, number: str, now: float) -> bool:
        entry = self.blacklist.get(number)
        return entry is not None and (entry.expires_at is None or entry.expires_at > now)
