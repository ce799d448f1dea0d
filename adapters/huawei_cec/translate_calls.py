"""Calls: campaign call results (7.5.1, 7.5.2) and bidirectional calls (6.2.3, 6.2.4). Pure functions.

Call ids carry their kind, because the two have different lookups: `bc:<callSerialNo>` for a
bidirectional call (queryCallState, getRecordingAddress) and `ob:<campaignId>:<callId>` for a
campaign call (callresultdetail, CC-FS recordings, which take the CTI callId).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Final
from urllib.parse import parse_qs, urlsplit

from adapters.huawei_cec.wire import CallInfo, CallState
from adapters.huawei_cec.wire_isales import CallResult
from contracts.calls import Call, CallDirection, CallStatus

BIDIRECTIONAL: Final = "bc"
CAMPAIGN: Final = "ob"
# failCode of outbound call results (Table 7-295).
FAIL_CODES: Final = {
    "00000": "successful",
    "0": "successful",
    "00531": "the called party hung up",
    "00537": "the called party is busy",
    "00538": "the number is empty or incorrect",
    "00548": "the called phone is powered off",
    "00549": "the called number is out of service",
    "00551": "the called party hung up",
    "00601": "the called party hung up before answering",
    "00603": "no answer",
    "00604": "the call was rejected",
    "00701": "transferred to a queue; the called party hung up",
    "00702": "transferred to a queue; the queue timed out",
    "01040": "ringing timed out",
    "01043": "waiting for the outbound result timed out",
    "01046": "no agent could be occupied",
    "01049": "the outbound call check timed out",
    "34601": "no outbound campaign task is available",
    "34605": "the outbound number is empty",
    "34606": "the call attempt failed (concurrency limit)",
    "34608": "written back after a timeout without a result",
    "00602": "insufficient system resources",
    "00605": "insufficient system resources",
    "01048": "insufficient system resources",
    "00606": "system error",
    "34611": "system error",
}
BUSY_CODES: Final = frozenset({"00537"})
NO_ANSWER_CODES: Final = frozenset({"00601", "00603", "01040"})
# reasonCode of bidirectional calls (Table 6-370).
REASONS: Final = {
    0: "the called party hung up",
    1: "the calling party hung up",
    2: "calling the agent's leg failed",
    3: "calling the customer failed",
    4: "the agent did not answer",
    5: "the customer did not answer",
    6: "the call could not be initiated",
}
CALL_STATES: Final = {0: CallStatus.QUEUED, 1: CallStatus.RINGING, 2: CallStatus.IN_PROGRESS}


def parse_call_id(call_id: str) -> tuple[str, ...] | None:
    kind, _, rest = call_id.partition(":")
    if kind == BIDIRECTIONAL and rest:
        return (kind, rest)
    campaign, _, cti_call = rest.partition(":")
    if kind == CAMPAIGN and campaign.isdigit() and cti_call:
        return (kind, campaign, cti_call)
    return None


def vendor_local(text: str | None, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """`yyyy-mm-dd hh:mm:ss` in the vendor's zone (7.5.1, 7.5.2)."""
    if not text:
        return None
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
    except ValueError:
        return None


def from_millis(value: int | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(value / 1000, dt.UTC) if value else None


def campaign_call_status(call_status: int | None, fail_code: str | None) -> CallStatus:
    if call_status == 6:
        return CallStatus.COMPLETED
    if fail_code in BUSY_CODES:
        return CallStatus.BUSY
    if fail_code in NO_ANSWER_CODES:
        return CallStatus.NO_ANSWER
    return CallStatus.FAILED


def campaign_call(campaign_id: str, result: CallResult, zone: zoneinfo.ZoneInfo, to: str | None) -> Call:
    """One outbound attempt, as callresult (7.5.1) or callresultdetail (7.5.2) reports it."""
    started = vendor_local(result.ackBeginTime or result.callTimeStr, zone)
    answered = vendor_local(result.callBeginTime, zone)
    ended = vendor_local(result.callEndTime, zone)
    duration = round((ended - answered).total_seconds()) if ended and answered else None
    record = result.recordPath if result.recordPath and result.recordPath.startswith(("https://", "http://")) else None
    return Call(
        id=f"{CAMPAIGN}:{campaign_id}:{result.callId}",
        direction=CallDirection.OUTBOUND,
        status=campaign_call_status(result.callStatus, result.failCode),
        to_number=to,
        started_at=started,
        answered_at=answered,
        ended_at=ended,
        duration_seconds=duration,
        disposition=FAIL_CODES.get(result.failCode or "", result.failCode),
        recording_url=record,
        campaign_id=campaign_id,
    )


def bidirectional_status(state: CallState) -> CallStatus:
    if state.state in CALL_STATES:
        return CALL_STATES[state.state]
    if state.reasonCode in (0, 1):
        return CallStatus.COMPLETED
    if state.reasonCode in (4, 5):
        return CallStatus.NO_ANSWER
    return CallStatus.FAILED


def bidirectional_call(serial: str, state: CallState, to: str | None) -> Call:
    ended = from_millis(state.endTime) if state.state == 3 else None
    answered = from_millis(state.talkingTime) if isinstance(state, CallInfo) else None
    duration = state.talkDuration if isinstance(state, CallInfo) and state.state == 3 else None
    return Call(
        id=f"{BIDIRECTIONAL}:{serial}",
        direction=CallDirection.OUTBOUND,
        status=bidirectional_status(state),
        from_number=state.callerPresent or None,
        to_number=to,
        started_at=from_millis(state.startTime),
        answered_at=answered,
        ended_at=ended,
        duration_seconds=duration,
        disposition=REASONS.get(state.reasonCode) if state.state == 3 and state.reasonCode is not None else None,
    )


def url_expiry(url: str) -> dt.datetime | None:
    """The `Expires` epoch second of a pre-signed OBS URL (examples of 6.2.5 and 13.2.1.1)."""
    values = parse_qs(urlsplit(url).query).get("Expires")
    if not values or not values[0].isdigit():
        return None
    return dt.datetime.fromtimestamp(int(values[0]), dt.UTC)
