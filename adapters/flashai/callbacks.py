"""FlashAI's callbacks as neutral events: pure functions, no I/O.

FlashAI POSTs JSON to the URLs given as `notifyUrl` and `notifyBatchUrl` (flashai-saas-api.md,
"Adding Outbound Call"; the document prints no payload). What is known comes from the vendor's code
(notes-other-vendors.md §3.5 and §3.7):

- the envelope `{code, msg, success, body, sign}`; `body` is an object (vendor SDK examples in
  FlashCallService.planCallback/batchPlanCallback) or a JSON string (2019 lineage server);
- a per-number result on `notifyUrl`: the SDK's call detail (`batchName`, `phoneNo`,
  `callStartTime`, `answerTime`, `handupTime`, `duration`, `billSec`, `accurateIntent`, `reason`,
  `remarks`, `detailList`) or the lineage's `{batchName, phone, attach, params, custName,
  custCompany, result}`;
- the batch's counts on `notifyBatchUrl`: `{batchName, acceptCount, successCount, failCount,
  failList}` (+ `endCount`, `planCount` in the SDK's example);
- pages of getBatchPlanCallList on `notifyUrl` (`callList`, ...): answers to the adapter's own
  query, not news; they are acknowledged and yield no event;
- two signing schemes (§3.7), chosen per account by `options.callback_signature`.

The answer is what the vendor SDK's own callback controller returns (`ServerResult.createBySuccess()`,
FlashcallPlanCallbackController); the lineage server ignores the body and retries only when the
connection fails (§3.5).
"""

from __future__ import annotations

import decimal
import hmac
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
from adapters.flashai.delimited import Layout
from adapters.flashai.phone_detail import call_from_detail
from adapters.flashai.settings import CallbackSignature, DetailListStyle, FlashAIOptions, FlashAISettings
from adapters.flashai.signing import sign
from adapters.flashai.wire import PhoneDetailBody, Scalar
from adapters.phones import to_e164
from contracts.calls import Call
from contracts.events import CampaignProgress, ContactResult, EventType, RejectedContact
from contracts.ids import ResourceKind

# FlashcallPlanCallbackController answers every callback with ServerResult.createBySuccess(),
# which Spring renders with its null members.
ACKNOWLEDGEMENT: Final = Acknowledgement(body=b'{"rspCode":"000000","rspMsg":null,"data":null}')
# failList items: phone^attach^params^custName^custCompany^result (ThirdNotifyServiceImpl.batchNotify;
# the SDK's example stops after params).
FAIL_LIST: Final = Layout("failList", ("phone", "attach", "params", "custName", "custCompany", "result"))
# Fields that only the SDK's call detail carries: their presence tells the two result shapes apart.
_CALL_DETAIL_FIELDS: Final = ("callStartTime", "answerTime", "hangupTime", "handupTime", "duration", "billSec")
_SEPARATOR: Final = "\x1f"


class NumberResult(PhoneDetailBody, kw_only=True):
    """A per-number result in either shape: the SDK's call detail, or the lineage's
    PlanCallResultVo (`phone`, `attach`, `params`, `custName`, `custCompany`, `result`)."""

    phone: Scalar = None
    attach: str | None = None
    params: str | None = None
    custName: str | None = None
    custCompany: str | None = None
    result: str | None = None


class BatchCounts(msgspec.Struct, kw_only=True):
    """The batch callback (notifyBatchUrl)."""

    batchName: str
    acceptCount: int | None = None
    successCount: int | None = None
    failCount: int | None = None
    endCount: int | None = None
    planCount: int | None = None
    failList: str | None = None


class FlashAICallbacks:
    """`adapters.events.CallbackNormalizer` for FlashAI."""

    def receive(self, settings: FlashAISettings, request: CallbackRequest) -> ParsedCallback:
        envelope = json_object(request.body)
        if not isinstance(envelope, dict):
            raise malformed("a FlashAI callback is a JSON object")
        body, body_text = _body(envelope)
        verify(envelope, body, body_text, settings)
        return ParsedCallback(events=events_of(body, settings.options), ack=ACKNOWLEDGEMENT)


FLASHAI_CALLBACKS: Final = FlashAICallbacks()


def _body(envelope: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The body as an object, and its text when it came as a JSON string (the lineage's habit)."""
    raw = envelope.get("body")
    if isinstance(raw, dict):
        return raw, None
    if isinstance(raw, str):
        parsed = json_object(raw.encode("utf-8"))
        if isinstance(parsed, dict):
            return parsed, raw
    raise malformed("the callback has no body object")


def verify(envelope: dict[str, Any], body: dict[str, Any], body_text: str | None, settings: FlashAISettings) -> None:
    """Check `sign` with the account's client secret in the account's scheme (§3.2 algorithm)."""
    scheme = settings.options.callback_signature
    if scheme is CallbackSignature.NONE:
        return
    given = envelope.get("sign")
    if not isinstance(given, str) or not given:
        raise bad_signature("the callback carries no sign")
    if scheme is CallbackSignature.BODY:
        signed: dict[str, Any] = body
    elif body_text is None:
        raise bad_signature("the envelope scheme signs the body as a JSON string, but the body is an object")
    else:
        signed = {key: envelope.get(key) for key in ("code", "msg", "success")} | {"body": body_text}
    try:
        expected = sign(signed, settings.credentials.client_secret)
    except TypeError:
        raise bad_signature("the callback holds values FlashAI's signature cannot cover") from None
    # The vendor's server upper-cases what it compares (§3.7).
    if not hmac.compare_digest(expected, given.upper()):
        raise bad_signature("the sign does not match")


def events_of(body: dict[str, Any], options: FlashAIOptions) -> list[VendorEvent]:
    if "callList" in body:
        return []  # a page of getBatchPlanCallList: the adapter reads those itself
    if "acceptCount" in body:
        return [_progress(_convert(body, BatchCounts), options)]
    if "phone" in body or "phoneNo" in body:
        return [_number_result(_convert(body, NumberResult), options)]
    raise malformed("the body is neither a number's result nor a batch's counts")


def _convert(body: dict[str, Any], type_: type[Any]) -> Any:
    # Decimals were kept for the signature; the structs read them as text ("1.5" seconds).
    plain = {key: str(value) if isinstance(value, decimal.Decimal) else value for key, value in body.items()}
    try:
        value = msgspec.convert(plain, type_, strict=False)
    except msgspec.ValidationError as exc:
        raise malformed(f"the body does not read as FlashAI's: {exc}") from None
    if not getattr(value, "batchName", None):
        raise malformed("the body names no batch")
    return value


def _number_result(result: NumberResult, options: FlashAIOptions) -> VendorEvent:
    national = _text(result.phoneNo) or _text(result.phone)
    if not national.isdigit():
        raise malformed("the result has no phone number")
    batch = result.batchName or ""
    phone = to_e164(national, options.phone_region)
    external_id = (result.attach or result.remarks or "").strip() or None
    call: Call | None = None
    if any(_text(getattr(result, name)) for name in _CALL_DETAIL_FIELDS):
        call = call_from_detail(
            result,
            campaign=batch,
            phone=national,
            zone=options.zone,
            region=options.phone_region,
            # The SDK's callback parser splits detailList by "|" and "^" (FlashCallService.planCallback).
            style=DetailListStyle.SDK,
        )
        identity = _text(result.callStartTime)
    else:
        identity = (result.result or "").strip()
    data = ContactResult(
        campaign_id=batch,
        phone=phone,
        external_id=external_id,
        status=call.status if call else None,
        disposition=call.disposition if call else (result.result or "").strip() or None,
        call=call,
    )
    return VendorEvent(
        type=EventType.CONTACT_RESULT,
        key=_SEPARATOR.join(("result", batch, national, identity)),
        subject_kind=ResourceKind.CAMPAIGN,
        subject=batch,
        occurred_at=(call.ended_at or call.started_at) if call else None,
        data=data,
    )


def _progress(counts: BatchCounts, options: FlashAIOptions) -> VendorEvent:
    numbers = [counts.acceptCount, counts.successCount, counts.failCount, counts.endCount, counts.planCount]
    if any(number is not None and number < 0 for number in numbers):
        raise malformed("a batch count is negative")
    rejected = [
        RejectedContact(
            phone=to_e164(item["phone"].strip(), options.phone_region),
            external_id=item["attach"].strip() or None,
            reason=item["result"].strip() or None,
        )
        for item in FAIL_LIST.decode(counts.failList)
        if item["phone"].strip()
    ]
    data = CampaignProgress(
        campaign_id=counts.batchName,
        accepted=counts.acceptCount,
        added=counts.successCount,
        rejected=counts.failCount,
        completed=counts.endCount,
        pending=counts.planCount,
        rejected_contacts=rejected,
    )
    # The same counts reported again are the same news; new counts are new news.
    identity = "/".join("" if number is None else str(number) for number in numbers)
    return VendorEvent(
        type=EventType.CAMPAIGN_PROGRESS,
        key=_SEPARATOR.join(("progress", counts.batchName, identity)),
        subject_kind=ResourceKind.CAMPAIGN,
        subject=counts.batchName,
        occurred_at=None,
        data=data,
    )


def _text(value: Scalar | decimal.Decimal) -> str:
    return "" if value is None else str(value).strip()
