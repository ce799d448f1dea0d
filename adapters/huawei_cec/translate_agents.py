"""Agents and skill queues between the neutral model and cc-management (5.1, 5.2). Pure functions.

Identity: a neutral agent's id is Huawei's `userAccount` (the key of every agentAccount/* call);
`work_number` is Huawei's `workNo` (the numeric agent id CC-CMS and CC-Gateway use) and `extension`
its softphone `sipAccount`; both are allocated by Huawei and cannot be chosen. A queue's id is the
skill queue's `skillId`.
"""

from __future__ import annotations

import secrets
import string
from typing import Any, Final

import msgspec

from adapters.huawei_cec.errors import not_found
from adapters.huawei_cec.settings import AgentOptions, QueueOptions
from adapters.huawei_cec.wire import AgentRecord, SkillMember, SkillRecord
from contracts.agents import Agent, AgentCreate, AgentState, AgentUpdate
from contracts.errors import invalid
from contracts.queues import Queue, QueueCreate, QueueUpdate

# CTI agent states (12.3.8.3), as CC-CMS reports them, on the neutral scale.
CTI_STATES: Final = {
    0: AgentState.OFFLINE,  # not signed in
    1: AgentState.AVAILABLE,  # idle
    2: AgentState.BUSY,  # preoccupied
    3: AgentState.BUSY,  # occupied
    4: AgentState.BUSY,  # answering
    5: AgentState.BUSY,  # talking
    6: AgentState.WRAP_UP,  # working (after-call work)
    7: AgentState.AWAY,  # showing busy
    8: AgentState.AWAY,  # rest
    9: AgentState.AWAY,  # study
    10: AgentState.WRAP_UP,  # adjusting
}
# userName (5.1.1): at most 20 characters, none of these.
NAME_LIMIT: Final = 20
FORBIDDEN_NAME_CHARS: Final = frozenset("\"[]'&()=;<>,")
# createSkill (5.2.1): name at most 20 characters, description at most 50.
QUEUE_NAME_LIMIT: Final = 20
QUEUE_DESCRIPTION_LIMIT: Final = 50
FORBIDDEN_QUEUE_CHARS: Final = frozenset("`~!#$%^&*()+={}';<>/?")
_PASSWORD_SPECIALS: Final = "~!@#%^*-+_="  # noqa: S105 - a character class, not a password


def agent_state(cti_state: int | None) -> AgentState:
    return CTI_STATES.get(cti_state, AgentState.UNKNOWN) if cti_state is not None else AgentState.UNKNOWN


def agent_from_record(record: AgentRecord, state: AgentState, phone: str | None) -> Agent:
    return Agent(
        id=record.userAccount or "",
        name=record.userName or record.userAccount or "",
        work_number=str(record.workNo) if record.workNo is not None else None,
        extension=record.sipAccount or None,
        phone=phone,
        state=state,
        queue_ids=[str(skill.skillId) for skill in record.skills or [] if skill.skillId is not None],
    )


def agent_from_member(member: SkillMember, state: AgentState) -> Agent:
    """A queue member as queryAgentInfoBySkillId reports it (no phone, no other queues)."""
    return Agent(
        id=member.account or "",
        name=member.accountName or member.account or "",
        work_number=str(member.workNo) if member.workNo is not None else None,
        extension=member.sipAccount or None,
        state=state,
    )


def _user_name(name: str, pointer: str) -> str:
    if len(name) > NAME_LIMIT or FORBIDDEN_NAME_CHARS & set(name):
        forbidden = "".join(sorted(FORBIDDEN_NAME_CHARS))
        raise invalid(
            f"Huawei agent names hold at most {NAME_LIMIT} characters and none of {forbidden}", pointer=pointer
        )
    return name


def skill_id(queue_id: str) -> int:
    """A skill queue id is a number; anything else names no queue."""
    if not queue_id.isdigit():
        raise not_found("skill queue", queue_id)
    return int(queue_id)


def _member_skill(queue_id: str, pointer: str) -> int:
    if not queue_id.isdigit():
        raise invalid("Huawei skill queue ids are numbers", pointer=pointer)
    return int(queue_id)


def new_user_account(prefix: str) -> str:
    """A fresh `userAccount` (6-50 letters, digits, @.-_): the prefix and 10 random hex digits."""
    return prefix + secrets.token_hex(5)


def new_password() -> str:
    """Eight characters of the four kinds the default password rule group requires (5.1.1)."""
    kinds = (string.ascii_uppercase, string.ascii_lowercase, string.digits, _PASSWORD_SPECIALS)
    characters = [secrets.choice(kind) for kind in kinds]
    characters += [secrets.choice("".join(kinds)) for _ in range(4)]
    secrets.SystemRandom().shuffle(characters)
    return "".join(characters)


def create_agent_body(
    agent: AgentCreate, *, user_account: str, password: str, phone: str | None, options: AgentOptions
) -> dict[str, Any]:
    """agentAccount/create's body (Table 5-2), flat as in its example."""
    if agent.work_number is not None:
        raise invalid(
            "Huawei allocates the agent's work number (workNo); leave work_number out", pointer="/work_number"
        )
    if agent.extension is not None:
        raise invalid(
            "Huawei allocates the agent's softphone number (sipAccount); leave extension out", pointer="/extension"
        )
    body: dict[str, Any] = {
        "userAccount": user_account,
        "userName": _user_name(agent.name, "/name"),
        "password": password,
        "email": f"{user_account}@{options.email_domain}",
        "agentType": options.agent_type,
        "ccRoleId": options.role_id,
    }
    if agent.queue_ids:
        body["skills"] = [
            {
                "skillId": _member_skill(queue, f"/queue_ids/{index}"),
                "agentWeight": options.agent_weight,
                "skillWeight": options.skill_weight,
            }
            for index, queue in enumerate(agent.queue_ids)
        ]
    if phone is not None:
        body["phone"] = phone
    return body


def update_agent_body(agent_id: str, changes: AgentUpdate, phone: str | None) -> dict[str, Any]:
    """agentAccount/update's body (Table 5-8): the account plus the fields being changed."""
    if changes.extension is not msgspec.UNSET:
        raise invalid("Huawei allocates the softphone number (sipAccount); it cannot be changed", pointer="/extension")
    body: dict[str, Any] = {"userAccount": agent_id}
    if changes.name is not msgspec.UNSET:
        body["userName"] = _user_name(changes.name, "/name")
    if changes.phone is not msgspec.UNSET:
        body["phone"] = phone or ""  # null clears the number
    return body


# -- skill queues ----------------------------------------------------------------------------------


def queue_from_record(record: SkillRecord) -> Queue:
    return Queue(id=str(record.skillId), name=record.name or "", description=record.description)


def _queue_name(name: str) -> str:
    if len(name) > QUEUE_NAME_LIMIT or FORBIDDEN_QUEUE_CHARS & set(name):
        raise invalid(
            f"Huawei skill queue names hold at most {QUEUE_NAME_LIMIT} characters, no symbols", pointer="/name"
        )
    return name


def _queue_description(description: str) -> str:
    if len(description) > QUEUE_DESCRIPTION_LIMIT:
        raise invalid(
            f"Huawei skill queue descriptions hold at most {QUEUE_DESCRIPTION_LIMIT} characters", pointer="/description"
        )
    return description


def create_skill_body(queue: QueueCreate, options: QueueOptions) -> dict[str, Any]:
    """createSkill's body (Table 5-45). `description` is mandatory there: without a neutral
    description the queue's name is sent. Queue overflow policies are "Release" with the default
    waiting tone (the neutral queue has no word for them)."""
    release = {"transferType": "Release"}
    skill_param: dict[str, Any] = {"noAgents": release, "busy": release, "timeOut": release}
    if options.media_type in (5, 19):  # voice and video queues need both (Table 5-45, 1.7)
        skill_param |= {"answerFunction": "0", "waitVoice": {"parameterType": "Voice"}}
    return {
        "mediaTypeId": options.media_type,
        "description": _queue_description(queue.description or queue.name),
        "name": _queue_name(queue.name),
        "maxWaitTime": options.max_wait_seconds,
        "maxWaitNum": options.max_waiting,
        "maxAgentWrapupTime": options.wrapup_seconds,
        "skillParam": skill_param,
    }


def modify_skill_body(queue_id: str, changes: QueueUpdate) -> dict[str, Any]:
    """modifySkill's body (Table 5-51), which has no `name`: a skill queue cannot be renamed."""
    if changes.name is not msgspec.UNSET:
        raise invalid("Huawei's modifySkill cannot rename a skill queue (Table 5-51 has no name)", pointer="/name")
    body: dict[str, Any] = {"skillId": skill_id(queue_id)}
    if changes.description is not msgspec.UNSET:
        if changes.description is None:
            raise invalid("Huawei skill queues always have a description", pointer="/description")
        body["description"] = _queue_description(changes.description)
    return body


def page_has_more(page_number: int, size: int, returned: int, total: int | None) -> bool:
    """Whether a 0-based page `page_number` of `size` is followed by another."""
    if total is not None:
        return (page_number + 1) * size < total
    return returned == size
