"""The simulated tenant: its agents, skill groups, numbers, IVR flows, templates and tasks.

Seeded from the document's own examples (line numbers below). Masked values in the examples
("186xxxxxxxx", "010514294XX") are replaced by plausible digits; padding blanks are dropped.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Final


@dataclass
class Agent:
    uuid: str
    work_number: str
    name: str
    ext: str | None = None
    phone: str | None = None
    wrap_up_type: int = 2
    wrap_up_time: int = 60
    login_status: int = 1
    not_ready_reason: int = 0
    created_ms: int = 1663120801000

    def named(self, agent_type: str | int | None) -> str:
        """How an interface names this agent: "1" the UUID, "0" or none the work number."""
        return self.uuid if str(agent_type) == "1" else self.work_number


@dataclass
class Member:
    agent_uuid: str
    level: int = 1
    checkin: bool = True


@dataclass
class Queue:
    queue_id: str
    name: str
    weight: str = "0"
    members: list[Member] = field(default_factory=list)


@dataclass(frozen=True)
class Extension:
    ext: str
    password: str


@dataclass(frozen=True)
class Relay:
    number: str
    alias: str
    remark: str
    enabled: int  # 0 disabled, 1 enabled, 2 cancelled (line 1045)


RELAY_STATES: Final = {0: "Disabled", 1: "Enabling", 2: "Cancelled"}


@dataclass(frozen=True)
class IvrFlow:
    code: str
    name: str
    remarks: str


@dataclass
class ForbiddenNumber:
    number: str
    call_type: int
    enabled: int
    expires: str | None
    zone: str | None
    description: str | None


class Outcome(enum.Enum):
    PENDING = "pending"
    ANSWERED = "answered"
    UNANSWERED = "unanswered"


@dataclass
class Detail:
    """One task detail (a contact) and what dialling it did."""

    seq: int
    telephone: str
    name: str | None
    calling_list: str
    imported_at: float
    outcome: Outcome = Outcome.PENDING
    dialled_at: float | None = None
    talk_seconds: int = 0


@dataclass
class CallingList:
    code: str
    created_ms: int
    rule: str
    success: int
    repeat: int
    removed: int
    errors: int
    report: str


@dataclass
class Task:
    task_id: str
    code: str
    name: str
    creator_uuid: str
    start_ms: int
    end_ms: int
    zone: str | None
    description: str
    created_ms: int
    custom_fields: frozenset[str] = frozenset()  # the custom field ids of the task's import template
    details: list[Detail] = field(default_factory=list)
    calling_lists: dict[str, CallingList] = field(default_factory=dict)
    assigned_agents: int = 0
    unassigned: int = 0
    cursor: float = 0.0  # no dial before this instant


@dataclass
class Tenant:
    app_id: str
    app_secret: str
    agents: dict[str, Agent]
    queues: dict[str, Queue]
    extensions: dict[str, Extension]
    relays: list[Relay]
    ivr_flows: list[IvrFlow]
    data_templates: dict[str, frozenset[str]]  # code -> custom field ids
    wrap_up_templates: frozenset[str]
    forbidden: dict[tuple[str, int], ForbiddenNumber] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)

    def agent(self, name: str | None, agent_type: str | int | None) -> Agent | None:
        """The agent an interface names by UUID (agentType 1) or work number (0 or absent)."""
        if name is None:
            return None
        name = name.strip()
        if str(agent_type) == "1":
            return self.agents.get(name)
        return next((agent for agent in self.agents.values() if agent.work_number == name), None)


ADMIN_UUID: Final = "59220de7f88141829a1f38d8698acb26"  # the task creator of line 1151 (v6_cs1, line 826)
DATA_TEMPLATE: Final = "D000000000"  # line 1154
WRAP_UP_TEMPLATE: Final = "W000000000"  # line 1155
CUSTOM_FIELD: Final = "3b987930e6db4b0ca51f6ad5755e91ae"  # line 1265

_GROUP1: Final = (  # Query skill group members example, lines 519-554
    ("cef499bccbf44e11a6e78d398cfcce53", "nicole", False),
    ("0d0132473a7f46c390d1f6441c139980", "venus", True),
    ("4bd9716e859f4cdaa58218d97776eb0e", "odin", True),
    ("5f98ae6f03ca48c1a9d36d747a736211", "zane", True),
    ("f3cf4f25fa12483d81cbb764e4b2dfb6", "ndidn", True),
    ("0910ba8d7bd243a5aa86f0b5bbc77b10", "patton", True),
)


def seeded_tenant(app_id: str, app_secret: str) -> Tenant:
    agents = [
        Agent("bd4630df3550552ba7c16f27ae9a39cb", "1111", "test", "1000", "13800138000"),  # lines 37-43
        Agent("d2a6a9fb2ab2470cba9af6b6774ef858", "2222", "test02", "1001", "18612345678", 2, 30, 2, 11),  # 245-255
        Agent(ADMIN_UUID, "5001", "v6_cs1", "5001"),  # lines 821-826, 1151
        Agent("7b8ec043e9a24727ad0570ba1b6e82fe", "5002", "v6_cs2", "5002"),  # lines 812-818
    ]
    agents += [Agent(uuid, f"60{index:02d}", name) for index, (uuid, name, _) in enumerate(_GROUP1)]
    group1 = Queue("0000", "Group1", "0", [Member(uuid, 1, checkin) for uuid, _, checkin in _GROUP1])
    return Tenant(
        app_id=app_id,
        app_secret=app_secret,
        agents={agent.uuid: agent for agent in agents},
        queues={q.queue_id: q for q in (Queue("1111", "queue1"), Queue("2222", "queue2"), group1)},  # 329-334
        extensions={ext: Extension(ext, "123456") for ext in ("1000", "1001", "1002", "5001", "5002", "5003")},
        relays=[  # lines 1074-1091
            Relay("01051429401", "nick's", "Nick often uses this", 1),
            Relay("01051429402", "Lily", "no use", 2),
        ],
        ivr_flows=[IvrFlow("4445", "test222", "ssf"), IvrFlow("1111", "test333", "2222")],  # lines 1709-1718
        data_templates={DATA_TEMPLATE: frozenset({CUSTOM_FIELD})},
        wrap_up_templates=frozenset({WRAP_UP_TEMPLATE}),
    )
