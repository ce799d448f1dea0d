"""Sobot's envelope and the `data` of each interface, as they travel on the wire.

Every V6 answer is `{"apiVersion","status","code","message","reason","kind","metaData","data"}`
with `retMsg`/`retCode` on some interfaces only (notes-other-vendors.md §1.5). Success is `code`
200 with `status` "Success", and `retCode` "000000" where present. The envelope copies Kubernetes'
`Status` object (same member names), in which `code` is the HTTP status of a failure; the adapter
reads a failure's code from `retCode` when it carries one, else from `code`.

Data structs ignore unknown fields and are decoded leniently (a count sent as "12" still reads),
because the examples themselves mix `"queueWeight": "0"` and `"queueWeight": 0` (lines 406, 516).
"""

from __future__ import annotations

import builtins
from typing import Final

import msgspec

SUCCESS_STATUS: Final = "Success"
SUCCESS_CODE: Final = 200
SUCCESS_RET_CODE: Final = "000000"

_NULL = msgspec.Raw(b"null")


class Envelope(msgspec.Struct, kw_only=True):
    apiVersion: str | None = None
    status: str | None = None
    code: int | str | None = None
    message: str | None = None
    reason: str | None = None
    kind: str | None = None
    data: msgspec.Raw = msgspec.field(default_factory=lambda: _NULL)
    retMsg: str | None = None
    retCode: str | None = None

    def succeeded(self) -> bool:
        ret_ok = self.retCode is None or self.retCode.strip() == SUCCESS_RET_CODE
        return self.status == SUCCESS_STATUS and str(self.code).strip() == str(SUCCESS_CODE) and ret_ok

    def failure_code(self) -> str:
        """The vendor's code for a failed answer: `retCode` when it says more than success, else `code`."""
        ret = (self.retCode or "").strip()
        if ret and ret != SUCCESS_RET_CODE:
            return ret
        return str(self.code).strip() if self.code is not None else "unknown"

    def failure_message(self) -> str | None:
        return self.message or self.retMsg or self.reason or None


class TokenAnswer(msgspec.Struct, kw_only=True):
    """The company token answer is `access_token`/`expires_in` (notes §1.1); the agent token's is
    documented only as `accessToken`, so both spellings are read, at the top or inside `data`."""

    access_token: str | None = None
    accessToken: str | None = None
    expires_in: int | None = None
    expiresIn: int | None = None
    data: TokenAnswer | None = None

    def token(self) -> str | None:
        value = self.access_token or self.accessToken
        if value is None and self.data is not None:
            return self.data.token()
        return value

    def lifetime(self) -> int | None:
        value = self.expires_in if self.expires_in is not None else self.expiresIn
        if value is None and self.data is not None:
            return self.data.lifetime()
        return value


class AgentSetting(msgspec.Struct, kw_only=True):
    """Query / Modify / Unbind Agent Setting (lines 21-27, 86-92, 148-154)."""

    agentUUID: str | None = None
    agentID: str | None = None
    agentName: str | None = None
    ext: str | None = None
    phone: str | None = None
    wrapUpType: int | None = None
    wrapUpTime: int | None = None


class CallAgent(msgspec.Struct, kw_only=True):
    """One item of Query Call Agent List (lines 213-223)."""

    agentUUID: str
    agentID: str | None = None
    agentName: str | None = None
    ext: str | None = None
    agentPhone: str | None = None
    loginStatus: int | None = None
    notReadyReasonCode: int | None = None
    createTimeMs: int | None = None


class QueueInfo(msgspec.Struct, kw_only=True):
    queueID: str
    queueName: str | None = None


class QueuePage(msgspec.Struct, kw_only=True):
    """Query Call Skill Group List (lines 324-339): `list` + `currPage`/`pageSize`/`total`."""

    list: builtins.list[QueueInfo] = msgspec.field(default_factory=list)
    currPage: int | None = None
    pageSize: int | None = None
    total: int = 0


class QueueCreated(msgspec.Struct, kw_only=True):
    queueID: str | None = None
    queueName: str | None = None
    queueWeight: str | int | None = None


class QueueMember(msgspec.Struct, kw_only=True):
    agent: str
    agentName: str | None = None
    level: str | int | None = None
    checkin: bool | None = None


class QueueWithMembers(msgspec.Struct, kw_only=True):
    """One item of Query skill group members (lines 490-501)."""

    queueID: str
    queueName: str | None = None
    queueWeight: str | int | None = None
    agentCount: int | None = None
    agents: list[QueueMember] = msgspec.field(default_factory=list)


class ForbiddenImport(msgspec.Struct, kw_only=True):
    """Import Enterprise Forbidden No. (lines 942-944, 1001-1010)."""

    successCount: int = 0
    failedCount: int = 0
    details: list[str] = msgspec.field(default_factory=list)


class RelayEnabled(msgspec.Struct, kw_only=True):
    enabledCode: int | None = None
    enabledName: str | None = None


class RelayNumber(msgspec.Struct, kw_only=True):
    """One item of Query relay number list (lines 1055-1063)."""

    gatewayNumber: str
    alias: str | None = None
    remark: str | None = None
    enabled: RelayEnabled | None = None


class TaskCreated(msgspec.Struct, kw_only=True):
    """Create Outbound Task (lines 1175-1176)."""

    id: str | None = None
    code: str


class ImportAccepted(msgspec.Struct, kw_only=True):
    """Outbound Task Import Data (lines 1296-1298)."""

    callingListCode: str | None = None
    campaignId: str | None = None
    code: str | None = None


class ImportResult(msgspec.Struct, kw_only=True):
    """One row of Batch Import Result Query (lines 1369-1377, example 1394-1404)."""

    campaignId: str | None = None
    code: str | None = None
    callingListCode: str
    creationTime: int | None = None
    removeDuplicatesRule: str | None = None
    successCount: int = 0
    repeatCount: int = 0
    errorCount: int = 0
    removeDuplicatesCount: int = 0
    errorReportPath: str | None = None


class ImportResultPage(msgspec.Struct, kw_only=True):
    list: builtins.list[ImportResult] = msgspec.field(default_factory=list)
    totalCount: int = 0
    totalPage: int = 0
    currPage: int | None = None
    pageSize: int | None = None


class Task(msgspec.Struct, kw_only=True):
    """One item of Query outbound task list (lines 1461-1483)."""

    code: str
    name: str | None = None
    scheduleStartTime: int | None = None
    scheduleEndTime: int | None = None
    scheduleTimeZoneId: str | None = None
    state: int | None = None
    expired: int | None = None
    description: str | None = None
    creationTime: int | None = None
    contactRecordCount: int = 0
    contactUnassignedCount: int = 0
    agentCount: int = 0
    contactRecordExecuteCount: int = 0
    contactRecordAnswerCount: int = 0
    callDialCount: int = 0
    callAnswerCount: int = 0


class TaskPage(msgspec.Struct, kw_only=True):
    list: builtins.list[Task] = msgspec.field(default_factory=list)
    totalCount: int = 0
    totalPage: int = 0
    currPage: int | None = None
    pageSize: int | None = None


class IvrFlow(msgspec.Struct, kw_only=True):
    """One item of Query published IVR flows (lines 1690-1692)."""

    code: str
    name: str | None = None
    remarks: str | None = None


class IvrPage(msgspec.Struct, kw_only=True):
    list: builtins.list[IvrFlow] = msgspec.field(default_factory=list)
    currPage: int | None = None
    pageSize: int | None = None
    total: int = 0
