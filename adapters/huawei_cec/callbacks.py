"""Huawei CEC's callbacks as neutral events: pure functions, no I/O.

Three payloads arrive at an account's callback URL (huawei-cec-2.5-api-reference.txt):

- 7.6.1 "Calling Back Outbound Call Results": a JSON *array* of results (Table 7-293: campaignId,
  sessionId, called, callTimeStr, callStatus 5/6, failCode, vdnId, callId, customField, recordPath),
  pushed to the campaign's `callbackUrl`; unsigned. One `switchboard.contact.result` per item.
- 6.2.14.3 "Release Event Callback" of a bidirectional call (Table 6-400): one object, signed
  (6.2.14.1) when the tenant set a "Shared Key" - configure it as `credentials.callback_shared_key`
  and unsigned or wrongly signed releases are refused. One `switchboard.call.completed`.
- 6.2.14.2 "Call Status Event Callback" (Table 6-398: callSerialNo, serviceNo, called, callData):
  the call was connected. One `switchboard.call.connected`.

Every one is answered `{"retCode": "0", "retMsg": "success"}` (Tables 6-399, 6-401, 7-294).

Choices where the reference is silent: the bodies are read as JSON (the 6.2.14 examples print Java
map text, `{callSerialNo=..., ...}`, which is how Java logs a map, not a wire format); times of the
bidirectional callbacks ("2022/02/22,10:04:29:004") are in the account's `vendor_timezone`; a
release callback is answered (completed) when `talkingTime` is set, as the reason codes alone do
not say whether the customer ever spoke; a result whose `vdnId` is not the account's is refused.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any, Final

import msgspec

from adapters.events import (
    Acknowledgement,
    CallbackRequest,
    ParsedCallback,
    VendorEvent,
    bad_signature,
    json_object,
    malformed,
)
from adapters.huawei_cec.settings import HuaweiOptions, HuaweiSettings
from adapters.huawei_cec.translate_calls import BIDIRECTIONAL, campaign_call
from adapters.huawei_cec.wire_isales import CallResult
from adapters.phones import to_e164
from contracts.calls import Call, CallDirection, CallStatus
from contracts.events import ContactResult, EventType
from contracts.ids import ResourceKind

ACKNOWLEDGEMENT: Final = Acknowledgement(body=b'{"retCode":"0","retMsg":"success"}')
# 6.2.14.1: "all request parameters (except timestamp, nonce, and signature)" are signed.
SIGNATURE_FIELDS: Final = frozenset({"timestamp", "nonce", "signature"})
# releaseReason of Table 6-400.
RELEASE_REASONS: Final = {
    "0": "the called party hung up",
    "1": "the calling party hung up",
    "2": "calling the calling party failed",
    "3": "calling the called party failed",
    "4": "the calling party did not answer",
    "5": "the called party did not answer",
}
_NO_ANSWER: Final = frozenset({"4", "5"})
_RELEASE_FIELDS: Final = ("releaseReason", "releaseTime", "createCallTime", "talkDuration", "talkingTime")
_TIME_FORMATS: Final = ("%Y/%m/%d,%H:%M:%S:%f", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S")
_SEPARATOR: Final = "\x1f"

Text = str | int | None


class OutboundResult(msgspec.Struct, kw_only=True):
    """One item of 7.6.1 (Table 7-293)."""

    campaignId: str | int
    callId: str | int
    sessionId: str | None = None
    called: Text = None
    callTimeStr: str | None = None
    callStatus: int | None = None
    failCode: Text = None
    vdnId: int | None = None
    customField: str | None = None
    recordPath: str | None = None


class BidirectionalReport(msgspec.Struct, kw_only=True):
    """A release (Table 6-400) or call-status (Table 6-398) callback; times as Huawei writes them."""

    callSerialNo: str | int
    serviceNo: Text = None
    called: Text = None
    caller: Text = None
    callerPresent: Text = None
    callData: str | None = None
    createCallTime: Text = None
    alertingTime: Text = None
    talkingTime: Text = None
    releaseTime: Text = None
    talkDuration: Text = None
    recordfile: str | None = None
    releaseReason: Text = None


class HuaweiCallbacks:
    """`adapters.events.CallbackNormalizer` for Huawei CEC."""

    def receive(self, settings: HuaweiSettings, request: CallbackRequest) -> ParsedCallback:
        document = json_object(request.body)
        options = settings.options
        if isinstance(document, list):
            events = [_contact_result(_read(item, OutboundResult), options) for item in document]
        elif isinstance(document, dict):
            event = _bidirectional(document, options)
            key = settings.credentials.callback_shared_key
            # Only the release callback is ever signed (6.2.14.1); a connection callback is checked
            # when it carries a signature all the same.
            if key is not None and (event.type is EventType.CALL_COMPLETED or "signature" in document):
                verify_signature(document, key)
            events = [event]
        else:
            raise malformed("a Huawei callback is a JSON array of results or a JSON object")
        return ParsedCallback(events=events, ack=ACKNOWLEDGEMENT)


HUAWEI_CALLBACKS: Final = HuaweiCallbacks()


def signature(params: Mapping[str, Any], *, shared_key: str, timestamp: str, nonce: str) -> str:
    """6.2.14.1's reference code: Base64(HmacSHA256(key, key_timestamp_nonce_paramStr)).

    paramStr is Java's `TreeMap.toString()` of the other parameters with every space removed and the
    braces dropped: sorted `name=value` pairs joined by "," (the code, not the prose's example, is
    followed: it strips spaces inside values too, and null reads `null`).
    """
    pairs = sorted(
        ((name, value) for name, value in params.items() if name not in SIGNATURE_FIELDS),
        key=lambda pair: pair[0].encode("utf-16-be"),  # TreeMap orders by UTF-16 code unit
    )
    joined = ",".join(f"{name}={_java_text(value)}" for name, value in pairs).replace(" ", "")
    to_sign = f"{shared_key}_{timestamp}_{nonce}_{joined}"
    digest = hmac.new(shared_key.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def verify_signature(document: Mapping[str, Any], shared_key: str) -> None:
    stamp, nonce, given = (document.get(name) for name in ("timestamp", "nonce", "signature"))
    if not isinstance(given, str) or not given or not _scalar(stamp) or not _scalar(nonce):
        raise bad_signature("the callback carries no timestamp, nonce and signature")
    try:
        expected = signature(document, shared_key=shared_key, timestamp=str(stamp), nonce=str(nonce))
    except TypeError:
        raise bad_signature("the callback holds values the signature cannot cover") from None
    if not hmac.compare_digest(expected.encode("ascii"), given.encode("utf-8", "replace")):
        raise bad_signature("the signature does not match")


def _scalar(value: object) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool) and str(value) != ""


def _java_text(value: object) -> str:
    """How `String.valueOf` prints a JSON value the reference's Java code put in its map."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | decimal.Decimal):
        return str(value)
    raise TypeError(f"a {type(value).__name__} is not a signed parameter")


def _read(item: Any, type_: type[Any]) -> Any:
    if not isinstance(item, dict):
        raise malformed("each result is a JSON object")
    plain = {key: str(value) if isinstance(value, decimal.Decimal) else value for key, value in item.items()}
    try:
        return msgspec.convert(plain, type_, strict=False)
    except msgspec.ValidationError as exc:
        raise malformed(f"the callback does not read as Huawei's: {exc}") from None


def _contact_result(item: OutboundResult, options: HuaweiOptions) -> VendorEvent:
    campaign, cti_call = str(item.campaignId).strip(), str(item.callId).strip()
    if not campaign.isdigit() or not cti_call:
        raise malformed("a result names no campaign or call")
    if item.vdnId is not None and item.vdnId != options.vdn_id:
        raise malformed(f"a result belongs to VDN {item.vdnId}, not to this account's")
    national = _text(item.called)
    if not national:
        raise malformed("a result has no called number")
    phone = to_e164(national, options.phone_region)
    result = CallResult(
        campaignId=campaign,
        sessionId=item.sessionId,
        called=national,
        callTimeStr=item.callTimeStr,
        callStatus=item.callStatus,
        failCode=_text(item.failCode) or None,
        callId=cti_call,
        recordPath=item.recordPath,
    )
    call = campaign_call(campaign, result, options.zone, phone)
    data = ContactResult(
        campaign_id=campaign,
        phone=phone,
        external_id=(item.sessionId or "").strip() or None,
        status=call.status,
        disposition=call.disposition,
        call=call,
    )
    return VendorEvent(
        type=EventType.CONTACT_RESULT,
        key=_SEPARATOR.join(("result", campaign, cti_call)),
        subject_kind=ResourceKind.CAMPAIGN,
        subject=campaign,
        occurred_at=call.started_at,
        data=data,
    )


def _bidirectional(document: dict[str, Any], options: HuaweiOptions) -> VendorEvent:
    report: BidirectionalReport = _read(document, BidirectionalReport)
    serial = str(report.callSerialNo).strip()
    if not serial or len(serial) > 50:  # "Length limit: string (50)"
        raise malformed("the callback has no call SN")
    called = _text(report.called)
    to = to_e164(called, options.phone_region) if called else None
    call_id = f"{BIDIRECTIONAL}:{serial}"
    if not any(_text(getattr(report, name)) for name in _RELEASE_FIELDS):
        call = Call(id=call_id, direction=CallDirection.OUTBOUND, status=CallStatus.IN_PROGRESS, to_number=to)
        return VendorEvent(
            type=EventType.CALL_CONNECTED,
            key=_SEPARATOR.join(("connected", serial)),
            subject_kind=ResourceKind.CALL,
            subject=call_id,
            occurred_at=None,
            data=call,
        )
    call = released_call(call_id, report, to, options)
    return VendorEvent(
        type=EventType.CALL_COMPLETED,
        key=_SEPARATOR.join(("released", serial)),
        subject_kind=ResourceKind.CALL,
        subject=call_id,
        occurred_at=call.ended_at,
        data=call,
    )


def released_call(call_id: str, report: BidirectionalReport, to: str | None, options: HuaweiOptions) -> Call:
    reason = _text(report.releaseReason)
    answered = _time(report.talkingTime, options)
    ended = _time(report.releaseTime, options)
    if answered is not None:
        status = CallStatus.COMPLETED
    elif reason in _NO_ANSWER:
        status = CallStatus.NO_ANSWER
    else:
        status = CallStatus.FAILED
    duration_text = _text(report.talkDuration)
    if duration_text.isdigit():
        duration: int | None = int(duration_text)
    else:
        duration = round((ended - answered).total_seconds()) if ended and answered else None
    record = (report.recordfile or "").strip()
    present = _text(report.callerPresent)
    return Call(
        id=call_id,
        direction=CallDirection.OUTBOUND,
        status=status,
        from_number=present or None,
        to_number=to,
        started_at=_time(report.createCallTime, options),
        answered_at=answered,
        ended_at=ended,
        duration_seconds=duration,
        disposition=RELEASE_REASONS.get(reason, f"other release cause {reason}" if reason else None),
        recording_url=record if record.startswith(("https://", "http://")) else None,
    )


def _text(value: Text) -> str:
    text = "" if value is None else str(value).strip()
    return "" if text == "null" else text  # the 6.2.14.3 example writes absent values as null


def _time(value: Text, options: HuaweiOptions) -> dt.datetime | None:
    """A bidirectional-callback time: "2022/02/22,10:04:29:004" in the vendor's zone, or epoch ms."""
    text = _text(value)
    if not text:
        return None
    if text.isdigit() and len(text) == 13:
        return dt.datetime.fromtimestamp(int(text) / 1000, dt.UTC)
    for pattern in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=options.zone)
        except ValueError:
            continue
    return None
