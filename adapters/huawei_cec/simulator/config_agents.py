"""agentAccount/* of the simulated vendor (5.1): agent accounts and their skill-queue bindings.

Bodies are flat, as every example of chapter 5 sends them (the tables' `requestParam` wrapper never
appears in an example). Where the reference is silent the simulator chooses: an unknown agent
queried by account yields an empty `data`; pages above 100 are refused; passwords are 8 to 32
characters of the four kinds 5.1.1 lists.
"""

from __future__ import annotations

import re
from typing import Any, Final

from adapters.huawei_cec.simulator.config_fields import (
    MAX_PAGE,
    Handler,
    agent_failure,
    existing_skill,
    read_int,
    read_text,
)
from adapters.huawei_cec.simulator.requests import SimRequest
from adapters.huawei_cec.simulator.state import SimAgent, Tenant

USER_ACCOUNT: Final = re.compile(r"^[A-Za-z0-9@._-]{6,50}$")
FORBIDDEN_NAME_CHARS: Final = set("\"[]'&()=;<>,")
AGENT_TYPES: Final = frozenset({4, 5, 11, 99})
ROLES: Final = frozenset({2, 3, 4})
SPECIALS: Final = set("~`!@#$%^*()-+_=|\\,/<>?;:\"'[]{}&.")


def _user_name(value: str) -> str:
    if len(value) > 20 or FORBIDDEN_NAME_CHARS & set(value):
        raise agent_failure("userName is longer than 20 characters or contains forbidden characters")
    return value


def _skills(tenant: Tenant, value: object) -> dict[int, tuple[int, int]]:
    if not isinstance(value, list):
        raise agent_failure("skills must be an array")
    skills = {}
    for item in value:
        if not isinstance(item, dict):
            raise agent_failure("skills items must be objects")
        skill_id = read_int(item, "skillId", agent_failure)
        agent_weight = read_int(item, "agentWeight", agent_failure)
        skill_weight = read_int(item, "skillWeight", agent_failure)
        if skill_id not in tenant.skills:
            raise agent_failure(f"skill {skill_id} does not exist")
        if (agent_weight or 0) < 1 or (skill_weight or 0) < 1:
            raise agent_failure("agentWeight and skillWeight are at least 1")
        skills[skill_id or 0] = (agent_weight or 1, skill_weight or 1)
    return skills


def _password_ok(password: str) -> bool:
    classes = (str.isupper, str.islower, str.isdigit, lambda ch: ch in SPECIALS)
    return 8 <= len(password) <= 32 and all(any(test(ch) for ch in password) for test in classes)


def create_agent(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = request.json_object()
    account = read_text(body, "userAccount", agent_failure) or ""
    if not USER_ACCOUNT.match(account):
        raise agent_failure("userAccount must be 6 to 50 letters, digits or @.-_")
    if account in tenant.agents:
        raise agent_failure("the agent account already exists")
    name = _user_name(read_text(body, "userName", agent_failure) or "")
    if not _password_ok(read_text(body, "password", agent_failure) or ""):
        raise agent_failure("the password does not meet the password rules")
    email = read_text(body, "email", agent_failure) or ""
    if "@" not in email:
        raise agent_failure("email is not an email address")
    agent_type, role = read_int(body, "agentType", agent_failure), read_int(body, "ccRoleId", agent_failure)
    if agent_type not in AGENT_TYPES or role not in ROLES:
        raise agent_failure("agentType or ccRoleId is not one of the documented values")
    phone = read_text(body, "phone", agent_failure, required=False) or ""
    if len(phone) > 25:
        raise agent_failure("phone is longer than 25 characters")
    skills = _skills(tenant, body["skills"]) if body.get("skills") is not None else {}
    work_no = next(tenant.work_numbers)
    tenant.agents[account] = SimAgent(
        user_account=account,
        user_name=name,
        email=email,
        agent_type=agent_type or 4,
        role_id=role or 2,
        work_no=work_no,
        sip_account=f"8888{work_no:04d}",
        phone=phone,
        skills=skills,
    )
    return {"resultCode": "0", "resultMessage": "create agent account success", "workNo": work_no}


def _existing_agent(tenant: Tenant, body: dict[str, Any]) -> SimAgent:
    agent = tenant.agents.get(read_text(body, "userAccount", agent_failure) or "")
    if agent is None:
        raise agent_failure("the agent account does not exist")
    return agent


def update_agent(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = request.json_object()
    agent = _existing_agent(tenant, body)
    if (name := read_text(body, "userName", agent_failure, required=False)) is not None:
        agent.user_name = _user_name(name)
    if "phone" in body:
        phone = body["phone"] if isinstance(body["phone"], str) else None
        if phone is None or len(phone) > 25:
            raise agent_failure("phone must be a string of at most 25 characters")
        agent.phone = phone
    if (email := read_text(body, "email", agent_failure, required=False)) is not None:
        agent.email = email
    if body.get("skills") is not None:
        agent.skills = _skills(tenant, body["skills"])
    return {"resultCode": "0", "resultMessage": "edit success"}


def delete_agent(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    agent = _existing_agent(tenant, request.json_object())
    del tenant.agents[agent.user_account]  # "Agents in any state can be deleted" (5.1.2)
    return {"resultCode": "0", "resultMessage": "delete AgentAccount success"}


def _agent_record(agent: SimAgent) -> dict[str, Any]:
    return {
        "skills": [{"skillId": s, "agentWeight": a, "skillWeight": w} for s, (a, w) in sorted(agent.skills.items())],
        "agentType": agent.agent_type,
        "phone": agent.phone,
        "userAccount": agent.user_account,
        "ccRoleId": agent.role_id,
        "userName": agent.user_name,
        "sipAccount": agent.sip_account,
        "email": agent.email,
        "workNo": agent.work_no,
    }


def query_agents(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = request.json_object()
    success = {"resultCode": "0", "resultMessage": "get agent account info success"}
    if (account := read_text(body, "userAccount", agent_failure, required=False)) is not None:
        agent = tenant.agents.get(account)
        return {**success, "data": [_agent_record(agent)] if agent else [], "total": 1 if agent else 0}
    page, size = read_int(body, "pageNum", agent_failure), read_int(body, "pageSize", agent_failure)
    if page is None or size is None or page < 0 or not 1 <= size <= MAX_PAGE:
        raise agent_failure("pageNum starts at 0 and pageSize is 1 to 100")
    agents = sorted(tenant.agents.values(), key=lambda agent: agent.work_no)
    chunk = agents[page * size : (page + 1) * size]
    return {**success, "data": [_agent_record(agent) for agent in chunk], "total": len(agents)}


def _member_accounts(tenant: Tenant, body: dict[str, Any]) -> list[SimAgent]:
    accounts = body.get("userAccounts")
    if not isinstance(accounts, list) or not all(isinstance(a, str) for a in accounts):
        raise agent_failure("userAccounts must be an array of strings")
    missing = [account for account in accounts if account not in tenant.agents]
    if missing:
        raise agent_failure(f"agent accounts do not exist: {', '.join(missing)}")
    return [tenant.agents[account] for account in accounts]


def bind_agents(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = request.json_object()
    agents = _member_accounts(tenant, body)
    skill = existing_skill(tenant, body, agent_failure)
    weights = (read_int(body, "agentWeight", agent_failure) or 0, read_int(body, "skillWeight", agent_failure) or 0)
    if min(weights) < 1:
        raise agent_failure("agentWeight and skillWeight are at least 1")
    for agent in agents:
        agent.skills[skill.skill_id] = weights
    return {"resultCode": "0", "resultMessage": "success"}


def release_agents(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = request.json_object()
    skill = existing_skill(tenant, body, agent_failure)
    agents = _member_accounts(tenant, body) or list(tenant.agents.values())  # [] unbinds all (5.1.6)
    for agent in agents:
        agent.skills.pop(skill.skill_id, None)
    return {"resultCode": "0", "resultMessage": "success"}


def skill_members(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = request.json_object()
    skill = existing_skill(tenant, body, agent_failure)
    page, size = read_int(body, "pageNum", agent_failure), read_int(body, "pageSize", agent_failure)
    if page is None or size is None or page < 0 or not 1 <= size <= MAX_PAGE:
        raise agent_failure("pageNum starts at 0 and pageSize is 1 to 100")
    members = sorted((a for a in tenant.agents.values() if skill.skill_id in a.skills), key=lambda a: a.work_no)
    chunk = members[page * size : (page + 1) * size]
    data = [
        {
            "workNo": agent.work_no,
            "accountCode": agent.user_account,  # the example's spelling (5.1.7); the table says userAccount
            "agentType": agent.agent_type,
            "agentWeight": agent.skills[skill.skill_id][0],
            "accountName": agent.user_name,
            "sipAccount": agent.sip_account,
            "skillWeight": agent.skills[skill.skill_id][1],
        }
        for agent in chunk
    ]
    return {"data": data, "count": len(members), "resultCode": "0"}


HANDLERS: Final[dict[str, Handler]] = {
    "agentAccount/create": create_agent,
    "agentAccount/update": update_agent,
    "agentAccount/delete": delete_agent,
    "agentAccount/query": query_agents,
    "agentAccount/addSkillsToAgent": bind_agents,
    "agentAccount/releaseAgentBySkillId": release_agents,
    "agentAccount/queryAgentInfoBySkillId": skill_members,
}
