"""FlashAI's response envelope and the body of each endpoint, as they travel on the wire.

The doc (flashai-saas-api.md, every "Return Data" table) gives `{code: string, msg, success:
boolean, body: object}` with code "0" for success. The lineage server answers differently
(notes-other-vendors.md §3.4): `code` and `success` as integers with success = 0, `body` as a JSON
*string*, and error codes carried in `msg` while `code` is 0 or 1. Both shapes are read here, so
the adapter works whichever one the live service turns out to use.

Body structs ignore unknown fields (the vendor may add some) and are decoded leniently, so that a
count sent as "12" instead of 12 is still read.
"""

from __future__ import annotations

from typing import TypeVar

import msgspec

T = TypeVar("T")

_NULL = msgspec.Raw(b"null")


class UnreadableAnswer(ValueError):
    """A vendor answer that does not say what its format promises; the adapter answers 502."""


class Envelope(msgspec.Struct, kw_only=True):
    code: str | int | None = None
    msg: str | None = None
    success: bool | int | str | None = None
    # An object (doc) or a JSON string holding one (lineage server); read by `decode_body`.
    body: msgspec.Raw = msgspec.field(default_factory=lambda: _NULL)


def _flag_says_success(flag: bool | int | str | None) -> bool:
    if isinstance(flag, bool):  # before int: True is also the int 1
        return flag
    if isinstance(flag, int):
        return flag == 0  # lineage server: 0 = success, 1 = failure
    if isinstance(flag, str):
        return flag.strip().lower() in ("true", "0")
    return False


def _message_code(envelope: Envelope) -> str | None:
    """An error code the lineage server puts in `msg` ("1005"), or None for a plain message."""
    message = (envelope.msg or "").strip()
    return message if message.isdigit() and message.strip("0") else None


def succeeded(envelope: Envelope) -> bool:
    """Success needs both signals, `success` true (or 0) and `code` "0" (§3.4's reading), and no
    error code in `msg`: the lineage server answers "query has no result" as
    {"code":0,"msg":"1005","success":0} (ThirdApiExceptionEnum gives QUERY_NO_RESULT success 0).
    """
    return (
        _flag_says_success(envelope.success) and str(envelope.code).strip() == "0" and _message_code(envelope) is None
    )


def failure_code(envelope: Envelope) -> str:
    """The vendor's error code of a failed answer.

    Doc style puts it in `code`. The lineage server answers `code` 0 or 1 with the real code in
    `msg` ({"code":"1","msg":"1003","success":"1"}), so `msg` wins when `code` is 0/1 and `msg`
    is numeric.
    """
    code = "" if envelope.code is None else str(envelope.code).strip()
    in_message = _message_code(envelope)
    if code in ("", "0", "1") and in_message is not None:
        return in_message
    return code or "unknown"


def decode_body(envelope: Envelope, type_: type[T]) -> T | None:
    """The body as `type_`, None when absent; raises msgspec.DecodeError when unreadable."""
    raw = bytes(envelope.body).strip()
    if raw in (b"", b"null"):
        return None
    if raw.startswith(b'"'):
        text = msgspec.json.decode(raw, type=str).strip()
        if text in ("", "null"):
            return None
        raw = text.encode("utf-8")
    return msgspec.json.decode(raw, type=type_, strict=False)


class AddPlanBody(msgspec.Struct, kw_only=True):
    """addPlan: failed items (original item text, joined by "|") and the two counts."""

    failMobileInfo: str | None = None
    rightCount: int = 0
    failCount: int = 0


class CallSummaryBody(msgspec.Struct, kw_only=True):
    """getBatchPlanCallSummary: numbers received, completed, and still planned."""

    batchName: str | None = None
    acceptCount: int
    endCount: int
    planCount: int


class LineSummaryBody(msgspec.Struct, kw_only=True):
    """getBatchSummaryGroupByLine: `lineSummary` in the `delimited.LINE_SUMMARY` layout."""

    batchName: str | None = None
    lineSummary: str | None = None


class CallListBody(msgspec.Struct, kw_only=True):
    """getBatchPlanCallList: one page of `callList` (see `delimited.CALL_LIST_LAYOUTS`)."""

    batchName: str | None = None
    batchCount: int | None = None
    callList: str | None = None
    totalPage: int = 0
    totalRecord: int | None = None
    page: int | None = None
    pageNum: int | None = None


class BotenceListBody(msgspec.Struct, kw_only=True):
    """getBotence: `botenceList` in the `delimited.BOTENCE_LIST` layout."""

    botenceList: str | None = None


class LineListBody(msgspec.Struct, kw_only=True):
    """getCallLine: `lineList` in the `delimited.LINE_LIST` layout."""

    lineList: str | None = None


class PlanListBody(msgspec.Struct, kw_only=True):
    """getBatchPlanList: one page of the batch's numbers (`delimited.PLAN_LIST`)."""

    batchName: str | None = None
    batchCount: int | None = None
    mobileList: str | None = None
    phoneStatus: int | None = None
    totalPage: int = 0
    totalRecord: int | None = None
    page: int | None = None
    pageNum: int | None = None


class ParamSeqBody(msgspec.Struct, kw_only=True):
    """queryPlanParams: `paramSeqLsit` (sic) in the `delimited.PARAM_SEQ_LIST` layout."""

    paramSeqLsit: str | None = None


class AgentGroupRecord(msgspec.Struct, kw_only=True):
    """One queryAgentGroup record: an agent and one group it belongs to (ids may come as numbers)."""

    agentGroupId: str | int | None = None
    agentGroupName: str | None = None
    agentId: str | int | None = None
    agentName: str | None = None


class AgentGroupBody(msgspec.Struct, kw_only=True):
    """queryAgentGroup: `records`, a JSON list (the one list FlashAI does not pack into a string)."""

    records: list[AgentGroupRecord] = msgspec.field(default_factory=list)


Scalar = str | int | None


class PhoneDetailBody(msgspec.Struct, kw_only=True):
    """getPhoneDetail: one number's last call. The document gives no body fields, so this reads the
    union of the two shapes the vendor's code knows, every field optional:

    - the lineage server's call detail (vo/CallDetail.java, also the per-number callback of the SDK):
      callStartTime/answerTime/hangupTime (epoch ms), duration, billSec, accurateIntent, reason,
      remarks, hangupDirection, detailList, batchName, phoneNo;
    - the SDK's getPhoneDetail result (CallDetailToHJ): mobileNumber, callId, callDuration,
      callStartTime/callEndTime (text), recordUrl, batchName.
    """

    batchName: str | None = None
    phoneNo: Scalar = None
    mobileNumber: Scalar = None
    callId: Scalar = None
    callStartTime: Scalar = None
    answerTime: Scalar = None
    hangupTime: Scalar = None
    handupTime: Scalar = None
    callEndTime: Scalar = None
    endTime: Scalar = None
    duration: Scalar = None
    callDuration: Scalar = None
    billSec: Scalar = None
    accurateIntent: str | None = None
    reason: str | None = None
    remarks: str | None = None
    hangupDirection: Scalar = None
    detailList: str | None = None
    recordUrl: str | None = None
