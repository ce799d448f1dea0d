"""skill/* (5.2), accessCodeInfo/queryAccessCodeList (5.3.1) and ivrFlow/queryIVRFlowList (5.4.1).

Skill names are unique (the simulator's choice; 5.2.1 is silent). Answers follow the examples,
including their spellings (`mediaTypeId` in querySkills' example where Table 5-55 says `mediaType`).
"""

from __future__ import annotations

import re
from typing import Any, Final

from adapters.huawei_cec.simulator.config_fields import (
    MAX_PAGE,
    Handler,
    existing_skill,
    read_int,
    read_text,
    skill_failure,
)
from adapters.huawei_cec.simulator.requests import SimRequest
from adapters.huawei_cec.simulator.state import SimSkill, Tenant

MEDIA_TYPES: Final = frozenset({2, 5, 18, 19, 53})


def _skill_name(tenant: Tenant, body: dict[str, Any], *, current: int | None = None) -> str:
    name = read_text(body, "name", skill_failure) or ""
    if len(name) > 20 or set(name) & set("`~!#$%^&*()+={}';<>/?"):
        raise skill_failure("name is longer than 20 characters or contains forbidden characters")
    if any(s.name == name and s.skill_id != current for s in tenant.skills.values()):
        raise skill_failure("a skill queue with this name exists")
    return name


def _skill_param(value: object, media_type: int) -> dict[str, object]:
    if not isinstance(value, dict):
        raise skill_failure("skillParam is mandatory")
    for policy in ("noAgents", "busy", "timeOut"):
        item = value.get(policy)
        if not isinstance(item, dict) or item.get("transferType") not in ("Release", "Transfer"):
            raise skill_failure(f"skillParam.{policy}.transferType must be Release or Transfer")
    if media_type in (5, 19) and (value.get("answerFunction") is None or not isinstance(value.get("waitVoice"), dict)):
        raise skill_failure("answerFunction and waitVoice are mandatory for voice and video queues")
    return dict(value)


def _skill_limits(body: dict[str, Any], *, required: bool) -> dict[str, int | None]:
    limits = {
        "maxWaitTime": read_int(body, "maxWaitTime", skill_failure, required=required),
        "maxWaitNum": read_int(body, "maxWaitNum", skill_failure, required=required),
        "maxAgentWrapupTime": read_int(body, "maxAgentWrapupTime", skill_failure, required=required),
    }
    bounds = {"maxWaitTime": 60000, "maxWaitNum": 10000, "maxAgentWrapupTime": 3600}
    for name, value in limits.items():
        if value is not None and not 0 <= value <= bounds[name]:
            raise skill_failure(f"{name} must be at most {bounds[name]}")
    return limits


def _description(body: dict[str, Any], *, required: bool) -> str | None:
    description = read_text(body, "description", skill_failure, required=required)
    if description is not None and len(description) > 50:
        raise skill_failure("description is longer than 50 characters")
    return description


def create_skill(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = request.json_object()
    media_type = read_int(body, "mediaTypeId", skill_failure) or 0
    if media_type not in MEDIA_TYPES:
        raise skill_failure("mediaTypeId is not one of the documented values")
    description = _description(body, required=True) or ""
    name = _skill_name(tenant, body)
    limits = _skill_limits(body, required=True)
    skill_param = _skill_param(body.get("skillParam"), media_type)
    skill = SimSkill(
        skill_id=next(tenant.skill_ids),
        name=name,
        description=description,
        media_type=media_type,
        max_wait_time=limits["maxWaitTime"] or 0,
        max_wait_num=limits["maxWaitNum"] or 0,
        wrapup=limits["maxAgentWrapupTime"] or 0,
        skill_param=skill_param,
    )
    tenant.skills[skill.skill_id] = skill
    return {"returnCode": "0", "skillId": str(skill.skill_id), "description": "Create Skill successfully"}


def modify_skill(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = request.json_object()
    skill = existing_skill(tenant, body, skill_failure)
    # Table 5-51 has no `name`: a skill queue keeps its name; the field is not read.
    if (description := _description(body, required=False)) is not None:
        skill.description = description
    limits = _skill_limits(body, required=False)
    skill.max_wait_time = limits["maxWaitTime"] if limits["maxWaitTime"] is not None else skill.max_wait_time
    skill.max_wait_num = limits["maxWaitNum"] if limits["maxWaitNum"] is not None else skill.max_wait_num
    skill.wrapup = limits["maxAgentWrapupTime"] if limits["maxAgentWrapupTime"] is not None else skill.wrapup
    if body.get("skillParam") is not None:
        skill.skill_param = _skill_param(body["skillParam"], skill.media_type)
    return {"returnCode": "0", "description": "Update Skill successfully"}


def delete_skills(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    text = read_text(request.json_object(), "skillIds", skill_failure) or ""
    parts = [part for part in re.split(r"[,;-]", text) if part]
    if not parts or len(parts) > 10 or not all(part.isdigit() for part in parts):
        raise skill_failure("skillIds holds 1 to 10 ids separated by , ; or -")
    ids = [int(part) for part in parts]
    if any(skill_id not in tenant.skills for skill_id in ids):
        raise skill_failure("a skill queue does not exist")
    for skill_id in ids:
        del tenant.skills[skill_id]
        for agent in tenant.agents.values():
            agent.skills.pop(skill_id, None)
    return {"returnCode": "0", "description": "Success"}


def query_skills(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = request.json_object()
    limit = read_int(body, "limit", skill_failure, required=False) or 10
    offset = read_int(body, "offset", skill_failure, required=False) or 0
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise skill_failure("limit is 1 to 100 and offset is not negative")
    skills = sorted(tenant.skills.values(), key=lambda skill: skill.skill_id)
    if isinstance(wanted := body.get("skillIds"), list) and wanted:
        skills = [skill for skill in skills if str(skill.skill_id) in {str(item) for item in wanted}]
    if name := body.get("name"):
        skills = [skill for skill in skills if str(name) in skill.name]
    data = [
        {
            "skillId": skill.skill_id,
            "maxAgentWrapupTime": skill.wrapup,
            "maxWaitTime": skill.max_wait_time,
            "name": skill.name,
            "mediaTypeId": skill.media_type,  # the example's spelling (5.2.4); the table says mediaType
            "description": skill.description,
            "maxWaitNum": skill.max_wait_num,
            "skillParam": skill.skill_param,
        }
        for skill in skills[offset : offset + limit]
    ]
    return {"returnCode": "0", "total": len(skills), "data": data, "description": "success"}


# -- catalogues (5.3.1, 5.4.1) -------------------------------------------------------------------


def query_access_codes(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    body = request.json() or {}
    if not isinstance(body, dict):
        raise skill_failure("the body must be a JSON object")
    limit = read_int(body, "limit", skill_failure, required=False)
    offset = read_int(body, "offset", skill_failure, required=False) or 0
    limit = MAX_PAGE if limit is None or limit > MAX_PAGE else limit  # "If the value exceeds 100, 100 ..."
    if limit < 0 or not 0 <= offset <= MAX_PAGE:
        raise skill_failure("limit is 0 to 100 and offset is 0 to 100")
    codes = tenant.access_codes
    if fragment := body.get("accessCode"):
        codes = [code for code in codes if str(fragment) in code.access_code]
    routes = [
        {
            "id": code.code_id,
            "accessCode": code.access_code,
            "mediatypeId": code.media_type,
            "n400Number": None,
            "description": code.description,
            "numCallAttr": code.call_attr,
        }
        for code in codes[offset : offset + limit]
    ]
    return {"returnCode": "0", "data": {"total": len(codes), "calledRouteList": routes}, "description": "success"}


def query_ivr_flows(tenant: Tenant, request: SimRequest) -> dict[str, Any]:
    request.json()  # no parameters (5.4.1); a body, if any, must still be JSON
    result = [
        {
            "isLoad": 1 if flow.loaded else 0,
            "accessCode": flow.access_code,
            "maxCallNum": None,
            "description": flow.description,
            "id": flow.flow_id,
            "flowFileName": flow.file_name,
            "flowType": flow.flow_type,
        }
        for flow in tenant.flows
    ]
    return {"result": result, "retCode": "0", "message": "success"}


HANDLERS: Final[dict[str, Handler]] = {
    "skill/createSkill": create_skill,
    "skill/modifySkill": modify_skill,
    "skill/deleteSkill": delete_skills,
    "skill/querySkills": query_skills,
    "accessCodeInfo/queryAccessCodeList": query_access_codes,
    "ivrFlow/queryIVRFlowList": query_ivr_flows,
}
