"""Huawei CEC's error codes and what each means for a Switchboard caller.

Codes come from the error tables of every interface the adapter calls (huawei-cec-2.5-api-reference.txt).
Most families have codes of their own shape: CC-iSales `0200nnn` (business) and `0200000n`
(validation), CC-CMS `010nnnn` (12.3.8.2), CC-FS `0300nnn` (13.2.3.1), ITA `901nnnnn` (Table
6-362); those are keyed as the vendor writes them. A few meanings depend on the interface (the
mobile-agent interfaces reuse 1, 3, 5 ... with different meanings; iSales' 0200007 is "campaign
does not exist" except for blocklist/add, where it is "already blacklisted"): those rows are keyed
`<interface>:<code>` and looked up first. C1 interfaces report failures by HTTP status (5.1.1:
401 unauthorized, 500 "Business failure"), keyed `HTTP <status>`. HTTP 429 (iSales statistics flow
control, 7.4.7) and other 5xx answers are judged by the shared `VendorHttp` before this table.

Credential failures are the gateway's, never the caller's: they map to `vendor_auth_failed` (502).
"""

from __future__ import annotations

from typing import Final

from adapters.errors import ErrorRule, ErrorTable
from contracts.errors import ErrorCode, GatewayError

_INVALID = ErrorCode.INVALID_REQUEST
_REJECTED = ErrorCode.VENDOR_REJECTED
_CONFLICT = ErrorCode.CONFLICT
_AUTH = ErrorCode.VENDOR_AUTH_FAILED
_UNAVAILABLE = ErrorCode.VENDOR_UNAVAILABLE

# Codes that a listing or a check answers for "nothing there"; callers turn them into empty results.
NO_CALL_RECORDS: Final = "queryCallDetailRecord:1"

_ISALES_VALIDATION = {
    "02000001": "empty parameter",
    "02000002": "the parameter contains invalid characters",
    "02000003": "the parameter length exceeds the maximum",
    "02000004": "the parameter length is below the minimum",
    "02000005": "the parameter length is out of range",
    "02000006": "incorrect parameter type",
    "02000007": "incorrect parameter value",
    "02000008": "parameter conversion error",
    "02000009": "incorrect parameter combination",
    "02000010": "hour and minute must be set together",
    "02000011": "too many parameters",
}

_RULES: dict[str, ErrorRule] = {
    # -- C1 (API Fabric) HTTP answers, e.g. 5.1.1 "Response Description" ------------------------
    "HTTP 400": ErrorRule(_REJECTED, meaning="incorrect request (path or parameters)"),
    "HTTP 401": ErrorRule(_AUTH, meaning="unauthorized: token refused, service not purchased or account disabled"),
    "HTTP 403": ErrorRule(_AUTH, meaning="authentication fails"),
    "HTTP 404": ErrorRule(_REJECTED, meaning="the requested path does not exist (check the base URL)"),
    "HTTP 500": ErrorRule(_REJECTED, retryable=False, meaning="business failure: check the request parameters"),
    # -- cc-management agents (5.1): resultCode "1" with the cause in resultMessage -------------
    "agentAccount:1": ErrorRule(_REJECTED, meaning="the agent operation failed"),
    # -- CC-iSales (chapter 7) -------------------------------------------------------------------
    "0200001": ErrorRule(_INVALID, meaning="parameter error"),
    "0200002": ErrorRule(_INVALID, meaning="the campaign starts before today"),
    "0200003": ErrorRule(_CONFLICT, meaning="the limit of skill-queue campaigns is reached"),
    "0200004": ErrorRule(_CONFLICT, meaning="the limit of IVR campaigns is reached"),
    "0200005": ErrorRule(_CONFLICT, meaning="the campaign name is taken"),
    "0200006": ErrorRule(_UNAVAILABLE, retryable=True, meaning="database operation error"),
    "0200007": ErrorRule(ErrorCode.NOT_FOUND, meaning="the campaign (or call record) does not exist"),
    "0200009": ErrorRule(_CONFLICT, meaning="the campaign is running"),
    "0200011": ErrorRule(_CONFLICT, meaning="not possible in the campaign's current status"),
    "0200016": ErrorRule(_CONFLICT, meaning="the campaign has expired"),
    "0200017": ErrorRule(ErrorCode.NOT_FOUND, meaning="the skill queue does not exist"),
    "0200018": ErrorRule(_INVALID, meaning="duplicate numbers in one request"),
    "0200019": ErrorRule(_CONFLICT, meaning="numbers cannot be added in the campaign's current status"),
    "0200020": ErrorRule(_CONFLICT, meaning="the campaign holds 200,000 open numbers already"),
    "0200022": ErrorRule(ErrorCode.RATE_LIMITED, retryable=True, meaning="calls less than 1 second apart"),
    "0200024": ErrorRule(_CONFLICT, meaning="a number is on the blacklist"),
    "0200028": ErrorRule(_CONFLICT, meaning="the number cannot be deleted in its current status"),
    "0200029": ErrorRule(_REJECTED, meaning="more numbers than allowed in one request"),
    "0200030": ErrorRule(_INVALID, meaning="incorrect time format"),
    "blocklist/add:0200007": ErrorRule(_CONFLICT, meaning="the number is already on the blacklist"),
    "callresult:0200008": ErrorRule(_INVALID, meaning="start and end time must be given together"),
    "callresult:0200009": ErrorRule(_INVALID, meaning="incorrect start or end time format"),
    "callresult:0200010": ErrorRule(_INVALID, meaning="the start time is not before the end time"),
    "callresult:0200011": ErrorRule(_INVALID, meaning="start and end time are more than 30 days apart"),
    **{code: ErrorRule(_INVALID, meaning=meaning) for code, meaning in _ISALES_VALIDATION.items()},
    # -- CC-CMS (12.3.8.2) ------------------------------------------------------------------------
    "0100001": ErrorRule(_REJECTED, meaning="the interface failed"),
    "0100002": ErrorRule(_REJECTED, meaning="invalid parameter (check cc_id and vdn_id)"),
    "0100003": ErrorRule(_REJECTED, meaning="the CTI version does not support this interface"),
    "0100999": ErrorRule(_REJECTED, meaning="unknown error"),
    "0101001": ErrorRule(_REJECTED, meaning="the inspection relationship interface is abnormal"),
    "0101002": ErrorRule(ErrorCode.NOT_FOUND, meaning="the number does not exist on the UAP"),
    "0101003": ErrorRule(_AUTH, meaning="insufficient permission"),
    # -- CC-FS (13.2.3.1), for getRecordFileUrlFromObs -------------------------------------------
    "0300001": ErrorRule(_REJECTED, meaning="a parameter is null"),
    "0300002": ErrorRule(_REJECTED, meaning="a parameter is an empty string"),
    "0300003": ErrorRule(_REJECTED, meaning="a parameter is too long"),
    "0300004": ErrorRule(_REJECTED, meaning="a parameter has the wrong format"),
    "0300005": ErrorRule(_REJECTED, meaning="a parameter is too short"),
    "0300006": ErrorRule(_REJECTED, meaning="wrong interface version"),
    "0300007": ErrorRule(_REJECTED, meaning="the request body is null"),
    "0300008": ErrorRule(ErrorCode.RATE_LIMITED, retryable=True, meaning="download flow control threshold"),
    "0300009": ErrorRule(ErrorCode.RATE_LIMITED, retryable=True, meaning="query flow control threshold"),
    "0300011": ErrorRule(ErrorCode.NOT_FOUND, meaning="the file does not exist"),
    "0300012": ErrorRule(ErrorCode.NOT_FOUND, meaning="no data found"),
    "0300013": ErrorRule(_REJECTED, meaning="beginTime is later than endTime"),
    "0300014": ErrorRule(_REJECTED, meaning="the time window is too long"),
    "0300016": ErrorRule(_REJECTED, meaning="a time is in the future"),
    "0300017": ErrorRule(_REJECTED, meaning="several records match: cclid needed"),
    "0300018": ErrorRule(ErrorCode.NOT_FOUND, meaning="the record belongs to another developer"),
    "0300019": ErrorRule(_REJECTED, meaning="neither fileName nor callId given"),
    "0300020": ErrorRule(_REJECTED, meaning="several records where one was expected"),
    "0300025": ErrorRule(_UNAVAILABLE, retryable=True, meaning="internal system error"),
    "0300026": ErrorRule(_AUTH, meaning="authentication failed (account or VDN)"),
    "0300027": ErrorRule(_REJECTED, meaning="a parameter is empty"),
    "0300028": ErrorRule(_REJECTED, meaning="a parameter is wrong"),
    "0300029": ErrorRule(ErrorCode.NOT_FOUND, meaning="the file does not exist"),
    "0300030": ErrorRule(_UNAVAILABLE, retryable=True, meaning="system processing failure"),
    "0300047": ErrorRule(_UNAVAILABLE, retryable=True, meaning="uploading the file to OBS/LSS failed"),
    # -- bidirectional calls: createCall (Table 6-361), queryCallState (6-370),
    #    queryCallDetailRecord (6-366), getRecordingAddress (6-374) -------------------------------
    "createCall:1": ErrorRule(_CONFLICT, meaning="the call task could not be added (the same task may exist)"),
    "createCall:2": ErrorRule(_REJECTED, meaning="call data information"),
    "createCall:3": ErrorRule(_REJECTED, meaning="the call serial number was not found"),
    "createCall:5": ErrorRule(_INVALID, meaning="calling, called or CLIP number has the wrong format"),
    "createCall:6": ErrorRule(_UNAVAILABLE, retryable=True, meaning="the VDN is unavailable"),
    "createCall:8": ErrorRule(_REJECTED, meaning="the calling number is outside the mobile-agent softphone range"),
    "createCall:16": ErrorRule(_REJECTED, meaning="trial tenant: the agent number is not trustlisted"),
    "createCall:21": ErrorRule(ErrorCode.RATE_LIMITED, retryable=False, meaning="trial tenant: 10 calls a day"),
    "90100100": ErrorRule(_INVALID, meaning="ITA: invalid input parameter"),
    "90100200": ErrorRule(_AUTH, meaning="ITA: auth failed"),
    "90100300": ErrorRule(_REJECTED, meaning="ITA: bad request"),
    "90100400": ErrorRule(ErrorCode.NOT_FOUND, meaning="ITA: not found"),
    "90100600": ErrorRule(_UNAVAILABLE, retryable=True, meaning="ITA: internal server error"),
    "90102001": ErrorRule(_REJECTED, meaning="ITA: insufficient balance"),
    "90102002": ErrorRule(ErrorCode.RATE_LIMITED, retryable=True, meaning="ITA: request restriction"),
    "90104001": ErrorRule(_AUTH, meaning="ITA: insufficient permission"),
    "90104003": ErrorRule(_REJECTED, meaning="ITA: request forbidden"),
    "90104004": ErrorRule(_REJECTED, meaning="ITA: service unavailable (not supported)"),
    "90104008": ErrorRule(_UNAVAILABLE, retryable=True, meaning="ITA: service process failure"),
    "90104029": ErrorRule(ErrorCode.RATE_LIMITED, retryable=True, meaning="ITA: too many requests"),
    "90106001": ErrorRule(_REJECTED, meaning="ITA: binding relationship already exists"),
    "90106002": ErrorRule(_REJECTED, meaning="ITA: binding relationship does not exist"),
    "90106003": ErrorRule(_REJECTED, meaning="ITA: insufficient number resources"),
    "90106004": ErrorRule(_REJECTED, meaning="ITA: no corresponding number found"),
    "90106005": ErrorRule(_REJECTED, meaning="ITA: inconsistent binding data"),
    "90106006": ErrorRule(_REJECTED, meaning="ITA: other number error"),
    "90106010": ErrorRule(_REJECTED, meaning="ITA: forbidden by policy"),
    "90106011": ErrorRule(_REJECTED, meaning="ITA: the calling number is restricted"),
    "90106012": ErrorRule(_REJECTED, meaning="ITA: the called number is restricted"),
    "queryCallState:1": ErrorRule(ErrorCode.NOT_FOUND, meaning="failed to query the status (unknown call)"),
    "queryCallState:3": ErrorRule(ErrorCode.NOT_FOUND, meaning="the call serial number has the wrong format"),
    NO_CALL_RECORDS: ErrorRule(ErrorCode.NOT_FOUND, meaning="no data is found"),
    "queryCallDetailRecord:2": ErrorRule(_INVALID, meaning="the start or end time has the wrong format"),
    "queryCallDetailRecord:4": ErrorRule(_REJECTED, meaning="the limit or offset has the wrong format"),
    "queryCallDetailRecord:12": ErrorRule(_INVALID, meaning="the calling number is unavailable"),
    "getRecordingAddress:1": ErrorRule(_UNAVAILABLE, retryable=True, meaning="uploading to OBS failed"),
    "getRecordingAddress:3": ErrorRule(_UNAVAILABLE, retryable=True, meaning="the VDN is unavailable"),
    "getRecordingAddress:5": ErrorRule(ErrorCode.NOT_FOUND, meaning="no corresponding history record"),
    "getRecordingAddress:6": ErrorRule(_REJECTED, meaning="the VDN does not exist"),
    "getRecordingAddress:7": ErrorRule(_REJECTED, meaning="the SFTP information is empty"),
    "getRecordingAddress:8": ErrorRule(_REJECTED, meaning="the SFTP user password is empty"),
    "getRecordingAddress:9": ErrorRule(_UNAVAILABLE, retryable=True, meaning="SFTP connection failed"),
    "getRecordingAddress:10": ErrorRule(_UNAVAILABLE, retryable=True, meaning="no temporary path"),
    "getRecordingAddress:11": ErrorRule(_UNAVAILABLE, retryable=True, meaning="downloading from the UAP failed"),
    "getRecordingAddress:12": ErrorRule(ErrorCode.NOT_FOUND, meaning="the call serial number is too long"),
    "getRecordingAddress:13": ErrorRule(_REJECTED, meaning="the recording file is too large"),
}

ERRORS: Final = ErrorTable("huawei_cec", _RULES)


def vendor_code_key(interface: str, code: str) -> str:
    """The table key of `code` as `interface` answered it: the interface's own row, else the code's."""
    scoped = f"{interface}:{code}"
    return scoped if scoped in ERRORS.rules else code


def vendor_error(*, account: str, interface: str, code: str, message: str | None, operation: str) -> GatewayError:
    """The neutral error for a failure answer of `interface` (e.g. "createCall", "blocklist/add")."""
    return ERRORS.error(
        account=account, vendor_code=vendor_code_key(interface, code), vendor_message=message, operation=operation
    )


def not_found(kind: str, native_id: str) -> GatewayError:
    """What Huawei does not hold (or an id that cannot name anything there)."""
    return GatewayError(ErrorCode.NOT_FOUND, f"Huawei CEC has no {kind} {native_id!r}")
