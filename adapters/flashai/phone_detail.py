"""One number's call from getPhoneDetail (flashai-saas-api.md, "Check CallBack Details", l. 592-631).

The document gives the request (batchName, phone) and an untyped `body`; `wire.PhoneDetailBody`
reads the fields the vendor's code names. Where both shapes name one thing, the lineage server's
field wins (it is the one whose callList fields match the document), then the SDK's:

- started: callStartTime; answered: answerTime; ended: hangupTime, handupTime, callEndTime, endTime;
- duration: duration, then callDuration; talk time: billSec;
- disposition: accurateIntent (the intent tag, as in the call list); dialogue: detailList, whose
  separators the account chooses (`settings.DetailListStyle`); recording: recordUrl.

Answered (completed) needs an answer time or talk time, with a positive duration. An unanswered
call whose `reason` says the line was busy (占线, the lineage server's text; or "busy") is `busy`,
any other `no_answer`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from adapters.flashai.delimited import DETAIL_LIST_LAYOUTS
from adapters.flashai.settings import DetailListStyle
from adapters.flashai.translate import call_id, dialogue, parse_vendor_time
from adapters.flashai.wire import PhoneDetailBody, Scalar
from adapters.phones import to_e164
from contracts.calls import Call, CallDirection, CallStatus

_BUSY_REASONS = ("占线", "busy")


def call_from_detail(
    body: PhoneDetailBody,
    *,
    campaign: str,
    phone: str,
    zone: zoneinfo.ZoneInfo,
    region: str,
    style: DetailListStyle,
) -> Call:
    """The Call `campaign`:`phone` as getPhoneDetail describes it; `phone` is the national number asked for."""
    answered_at = _time(body.answerTime, zone)
    ends = (_time(value, zone) for value in (body.hangupTime, body.handupTime, body.callEndTime, body.endTime))
    ended_at = next((moment for moment in ends if moment is not None), None)
    duration = _seconds(body.duration) if _present(body.duration) else _seconds(body.callDuration)
    talk = _seconds(body.billSec)
    answered = (answered_at is not None or (talk or 0) > 0) and (duration or talk or 0) > 0
    reason = (body.reason or "").strip().lower()
    if answered:
        status = CallStatus.COMPLETED
    elif any(word in reason for word in _BUSY_REASONS):
        status = CallStatus.BUSY
    else:
        status = CallStatus.NO_ANSWER
    return Call(
        id=call_id(campaign, phone),
        direction=CallDirection.OUTBOUND,
        status=status,
        to_number=to_e164(phone, region),
        started_at=_time(body.callStartTime, zone),
        answered_at=answered_at,
        ended_at=ended_at,
        duration_seconds=duration,
        disposition=(body.accurateIntent or "").strip() or None,
        recording_url=(body.recordUrl or "").strip() or None,
        campaign_id=campaign,
        dialogue=dialogue(body.detailList or "", zone, DETAIL_LIST_LAYOUTS[style]),
    )


def _present(value: Scalar) -> bool:
    return value is not None and str(value).strip() != ""


def _time(value: Scalar, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    return parse_vendor_time(str(value), zone) if _present(value) else None


def _seconds(value: Scalar) -> int | None:
    if not _present(value):
        return None
    try:
        return max(0, round(float(str(value))))
    except (ValueError, OverflowError):  # "abc", "nan", "inf": no usable duration
        return None
