"""Huawei's answers as they travel on the wire: one envelope per interface family.

HTTP 200 does not mean success (huawei-cec-2.5-api-reference.txt, every "Response Description"):
each family has its own code field and success value, and `failure()` of every answer type reads
it. Structs ignore unknown fields and are decoded leniently (`strict=False`), because the
reference types the same field as a number in one table and a string in another example (e.g.
`retCode` Number in Table 6-374, "0" in its example; `skillId` String from createSkill, Number
from querySkills).
"""

from __future__ import annotations

from typing import Final, Protocol

import msgspec

Code = str | int | None

# CC-iSales success: "0200000" in every table, "02000000" in several examples (7.1.7, 7.4.2).
ISALES_SUCCESS: Final = frozenset({"0200000", "02000000"})
CMS_SUCCESS: Final = "0100000"  # 12.3.8.2


class Answer(Protocol):
    def failure(self) -> tuple[str, str | None] | None:
        """(vendor code, vendor message) of a failure answer; None on success."""


def _text(code: Code) -> str:
    return "" if code is None else str(code).strip()


class Wire(msgspec.Struct, kw_only=True):
    """Base of every answer: unknown fields are ignored."""


# -- C1 configuration: cc-management (chapter 5) ------------------------------------------------


class ResultCodeAnswer(Wire):
    """agentAccount/* (5.1.1-5.1.7): `resultCode` "0" success, "1" failure, cause in resultMessage."""

    resultCode: Code = None
    resultMessage: str | None = None

    def failure(self) -> tuple[str, str | None] | None:
        code = _text(self.resultCode)
        return None if code == "0" else (code or "1", self.resultMessage)


class AgentSkill(Wire):
    skillId: int | None = None
    agentWeight: int | None = None
    skillWeight: int | None = None


class AgentRecord(Wire):
    """One item of agentAccount/query's `data` (Table 5-12)."""

    userAccount: str | None = None
    userName: str | None = None
    phone: str | None = None
    email: str | None = None
    agentType: int | None = None
    ccRoleId: int | None = None
    sipAccount: str | None = None
    skills: list[AgentSkill] | None = None
    workNo: int | None = None


class AgentCreatedAnswer(ResultCodeAnswer):
    workNo: int | None = None


class AgentQueryAnswer(ResultCodeAnswer):
    data: list[AgentRecord] | None = None
    total: int | None = None


class SkillMember(Wire):
    """One item of queryAgentInfoBySkillId's `data` (Table 5-21; the example spells `accountCode`)."""

    workNo: int | None = None
    userAccount: str | None = None
    accountCode: str | None = None
    accountName: str | None = None
    sipAccount: str | None = None

    @property
    def account(self) -> str | None:
        return self.userAccount or self.accountCode


class SkillMembersAnswer(ResultCodeAnswer):
    data: list[SkillMember] | None = None
    count: int | None = None


class ReturnCodeAnswer(Wire):
    """skill/* (5.2) and accessCodeInfo (5.3.1): `returnCode` "0" success, `description`."""

    returnCode: Code = None
    description: str | None = None

    def failure(self) -> tuple[str, str | None] | None:
        code = _text(self.returnCode)
        return None if code == "0" else (code or "unknown", self.description)


class SkillCreatedAnswer(ReturnCodeAnswer):
    skillId: str | int | None = None


class SkillRecord(Wire):
    skillId: int | None = None
    name: str | None = None
    description: str | None = None


class SkillQueryAnswer(ReturnCodeAnswer):
    total: int | None = None
    data: list[SkillRecord] | None = None


class AccessCodeRecord(Wire):
    """calledRouteList item of queryAccessCodeList (Table 5-95)."""

    id: str | int | None = None
    accessCode: str | None = None
    mediatypeId: int | None = None
    n400Number: str | None = None
    description: str | None = None
    numCallAttr: int | None = None  # 3 inbound and outbound, 2 outbound, 1 inbound


class AccessCodePage(Wire):
    total: int | None = None
    calledRouteList: list[AccessCodeRecord] | None = None


class AccessCodeAnswer(ReturnCodeAnswer):
    data: AccessCodePage | None = None


class IvrFlowRecord(Wire):
    """result item of queryIVRFlowList (Table 5-112)."""

    id: int | str | None = None
    accessCode: str | None = None
    description: str | None = None
    flowFileName: str | None = None
    flowType: int | None = None
    isLoad: int | None = None


class RetCodeAnswer(Wire):
    """queryIVRFlowList (5.4.1) and the mobileAgent interfaces (6.2): `retCode` "0" success."""

    retCode: Code = None
    retMsg: str | None = None
    message: str | None = None

    def failure(self) -> tuple[str, str | None] | None:
        code = _text(self.retCode)
        return None if code == "0" else (code or "unknown", self.retMsg or self.message)


class IvrFlowAnswer(RetCodeAnswer):
    result: list[IvrFlowRecord] | None = None


# -- C1 bidirectional calls (6.2) ---------------------------------------------------------------


class CreateCallResult(Wire):
    callSerialNo: str | int | None = None


class CreateCallAnswer(RetCodeAnswer):
    result: CreateCallResult | None = None


class CallState(Wire):
    """queryCallState's `result` (Table 6-370); times are epoch milliseconds."""

    state: int | None = None
    reasonCode: int | None = None
    callData: str | None = None
    caller: str | None = None
    called: str | None = None
    startTime: int | None = None
    endTime: int | None = None
    callerPresent: str | None = None


class CallStateAnswer(RetCodeAnswer):
    result: CallState | None = None


class CallInfo(CallState):
    """queryCallDetailRecord's `callInfo` item (Table 6-366)."""

    callSerialNo: str | int | None = None
    alertingTime: int | None = None
    talkingTime: int | None = None
    releaseTime: int | None = None
    talkDuration: int | None = None


class CallRecordsPage(Wire):
    total: int | None = None
    callInfo: list[CallInfo] | None = None


class CallRecordsAnswer(RetCodeAnswer):
    result: CallRecordsPage | None = None


class RecordingUrl(Wire):
    url: str | None = None


class RecordingAnswer(RetCodeAnswer):
    result: RecordingUrl | None = None


# -- C2 CC-CMS (12.3.1.3.2) and CC-FS (13.2.1.1) -------------------------------------------------


class AgentStatus(Wire):
    agentId: int | None = None
    currentState: int | None = None


class AgentStatusAnswer(Wire):
    """`resultDesc` is the state array on success but a description on failure (12.3.8.2)."""

    resultCode: Code = None
    resultDesc: list[AgentStatus] | str | None = None
    resultDatas: list[AgentStatus] | None = None

    def failure(self) -> tuple[str, str | None] | None:
        code = _text(self.resultCode)
        if code == CMS_SUCCESS:
            return None
        return (code or "unknown", self.resultDesc if isinstance(self.resultDesc, str) else None)

    @property
    def states(self) -> list[AgentStatus]:
        return self.resultDesc if isinstance(self.resultDesc, list) else (self.resultDatas or [])


class RecordFileData(Wire):
    url: str | None = None


class RecordFileAnswer(Wire):
    resultCode: Code = None
    resultDesc: str | None = None
    resultData: RecordFileData | None = None

    def failure(self) -> tuple[str, str | None] | None:
        code = _text(self.resultCode)
        return None if code == "0" else (code or "unknown", self.resultDesc)
