"""FlashAI's callbacks as events: every payload shape the vendor's code shows, and its signatures.

Payloads: the vendor SDK's examples (FlashCallService.planCallback / batchPlanCallback, quoted in
the comments below) and the lineage server's bodies (notes-other-vendors.md §3.5). Signatures:
§3.2 and §3.7, computed here independently of the adapter (MD5 of sorted `k=v` joined by `&`
plus the secret, upper-case hex).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest

from adapters.events import CallbackRefused, CallbackRequest, RefusalReason
from adapters.flashai.callbacks import ACKNOWLEDGEMENT, FLASHAI_CALLBACKS
from adapters.flashai.settings import CallbackSignature, FlashAICredentials, FlashAIOptions, FlashAISettings
from contracts.calls import CallStatus, Speaker
from contracts.events import CampaignProgress, ContactResult, EventType

SECRET = "flashai-callback-test-secret"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))

# planCallback's example body (the SDK's own sign in it was made with a secret we do not have).
SDK_RESULT: dict[str, Any] = {
    "accurateIntent": "F",
    "batchName": "D0_20200616090000_0",
    "billSec": 0,
    "callStartTime": 1592278205000,
    "duration": 60,
    "handupTime": 1592278265000,
    "hangupDirection": 1,
    "phoneNo": "8011504669",
    "reason": "无人接听",
    "remarks": "dueday-money",
}
# batchPlanCallback's example body.
SDK_BATCH: dict[str, Any] = {
    "acceptCount": 1,
    "batchName": "D0_20200616090000_0",
    "endCount": 1,
    "failCount": 1,
    "failList": "8011504669^dueday-money^2020/06/16-5067",
    "planCount": 0,
    "successCount": 0,
}
ANSWERED: dict[str, Any] = {
    "accurateIntent": "A",
    "batchName": "spring",
    "billSec": 24,
    "callStartTime": 1772416800000,  # 2026-03-02 10:00:00 +08:00
    "answerTime": 1772416805000,
    "duration": 24,
    "handupTime": 1772416829000,
    "hangupDirection": 2,
    "phoneNo": "13800138000",
    "reason": "",
    "remarks": "crm-1",
    "detailList": "您好^2026-03-02 10:00:06^喂^2026-03-02 10:00:12",
}
LINEAGE_RESULT: dict[str, Any] = {
    "batchName": "spring",
    "phone": "13900139000",
    "attach": "crm-2",
    "params": "100~2026-03-01",
    "custName": "李四",
    "custCompany": "",
    "result": "B",
}
LINEAGE_BATCH: dict[str, Any] = {
    "batchName": "spring",
    "acceptCount": 3,
    "successCount": 2,
    "failCount": 1,
    "failList": "123^crm-3^^王五^^号码格式错误",
}


def md5_sign(params: dict[str, Any], secret: str = SECRET) -> str:
    def text(value: Any) -> str:
        return ("true" if value else "false") if isinstance(value, bool) else str(value)

    pairs = sorted(
        (k, text(v)) for k, v in params.items() if k.lower() not in ("sign", "signtype") and v not in (None, "")
    )
    return hashlib.md5(("&".join(f"{k}={v}" for k, v in pairs) + secret).encode()).hexdigest().upper()


def sdk_envelope(body: dict[str, Any], sign: str | None = None) -> bytes:
    envelope = {"msg": "SUCCESS", "code": "0", "success": True, "sign": sign or md5_sign(body), "body": body}
    return json.dumps(envelope, ensure_ascii=False).encode()


def lineage_envelope(body: dict[str, Any]) -> bytes:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    envelope: dict[str, Any] = {"code": 0, "msg": "处理成功", "success": 0, "body": text}
    return json.dumps(envelope | {"sign": md5_sign(envelope)}, ensure_ascii=False).encode()


def settings(scheme: CallbackSignature = CallbackSignature.BODY) -> FlashAISettings:
    return FlashAISettings(
        credentials=FlashAICredentials(client_id="fa-test-01", client_secret=SECRET),
        options=FlashAIOptions(user_id=1, callback_signature=scheme),
    )


def receive(body: bytes, scheme: CallbackSignature = CallbackSignature.BODY) -> Any:
    return FLASHAI_CALLBACKS.receive(settings(scheme), CallbackRequest(body=body))


def test_the_sdk_example_result_is_a_contact_result_with_its_call() -> None:
    parsed = receive(sdk_envelope(SDK_RESULT))
    assert parsed.ack == ACKNOWLEDGEMENT
    assert parsed.ack.body == b'{"rspCode":"000000","rspMsg":null,"data":null}'
    [event] = parsed.events
    assert event.type is EventType.CONTACT_RESULT
    assert (event.subject_kind.value, event.subject) == ("campaign", "D0_20200616090000_0")
    data = event.data
    assert isinstance(data, ContactResult)
    assert (data.campaign_id, data.phone, data.external_id) == ("D0_20200616090000_0", "+868011504669", "dueday-money")
    assert data.status is CallStatus.NO_ANSWER  # no answer time, no talk time
    assert data.call is not None
    assert data.call.id == "D0_20200616090000_0:8011504669"  # the adapter's own call id (batch, phone)
    assert data.call.started_at == dt.datetime(2020, 6, 16, 3, 30, 5, tzinfo=dt.UTC)
    assert data.call.ended_at == dt.datetime(2020, 6, 16, 3, 31, 5, tzinfo=dt.UTC)
    assert data.disposition == "F"
    assert event.occurred_at == data.call.ended_at


def test_an_answered_call_carries_its_dialogue() -> None:
    [event] = receive(sdk_envelope(ANSWERED)).events
    data = event.data
    assert isinstance(data, ContactResult)
    assert data.status is CallStatus.COMPLETED
    assert data.call is not None
    assert data.call.answered_at == dt.datetime(2026, 3, 2, 10, 0, 5, tzinfo=SHANGHAI)
    assert data.call.duration_seconds == 24
    assert [(turn.speaker, turn.text) for turn in data.call.dialogue] == [
        (Speaker.BOT, "您好"),
        (Speaker.CUSTOMER, "喂"),
    ]
    assert data.call.dialogue[0].at == dt.datetime(2026, 3, 2, 10, 0, 6, tzinfo=SHANGHAI)


def test_the_sdk_batch_example_is_campaign_progress() -> None:
    [event] = receive(sdk_envelope(SDK_BATCH)).events
    assert event.type is EventType.CAMPAIGN_PROGRESS
    data = event.data
    assert isinstance(data, CampaignProgress)
    assert (data.accepted, data.added, data.rejected, data.completed, data.pending) == (1, 0, 1, 1, 0)
    [refused] = data.rejected_contacts
    assert (refused.phone, refused.external_id, refused.reason) == ("+868011504669", "dueday-money", None)


def test_lineage_bodies_come_as_json_strings_signed_over_the_envelope() -> None:
    [result] = receive(lineage_envelope(LINEAGE_RESULT), CallbackSignature.ENVELOPE).events
    data = result.data
    assert isinstance(data, ContactResult)
    assert (data.phone, data.external_id, data.status, data.disposition, data.call) == (
        "+8613900139000",
        "crm-2",
        None,  # the lineage's result reports an intent tag only
        "B",
        None,
    )
    [progress] = receive(lineage_envelope(LINEAGE_BATCH), CallbackSignature.ENVELOPE).events
    counts = progress.data
    assert isinstance(counts, CampaignProgress)
    assert (counts.accepted, counts.added, counts.rejected, counts.completed, counts.pending) == (3, 2, 1, None, None)
    assert [(r.phone, r.external_id, r.reason) for r in counts.rejected_contacts] == [("123", "crm-3", "号码格式错误")]


def test_call_list_pages_are_acknowledged_without_events() -> None:
    page = {"batchName": "spring", "batchCount": "2", "callList": "x^y", "totalPage": 1, "page": 1, "pageNum": 10}
    parsed = receive(sdk_envelope(page))
    assert parsed.events == []
    assert parsed.ack == ACKNOWLEDGEMENT


def test_a_repeated_callback_has_the_same_key_and_another_call_another() -> None:
    first = receive(sdk_envelope(SDK_RESULT)).events[0]
    again = receive(sdk_envelope(SDK_RESULT)).events[0]
    redial = receive(sdk_envelope(SDK_RESULT | {"callStartTime": 1592281805000})).events[0]
    assert first.key == again.key
    assert redial.key != first.key
    new_counts = receive(sdk_envelope(SDK_BATCH | {"endCount": 0, "planCount": 1})).events[0]
    assert new_counts.key != receive(sdk_envelope(SDK_BATCH)).events[0].key


@pytest.mark.parametrize(
    ("body", "scheme"),
    [
        (sdk_envelope(SDK_RESULT, sign="0" * 32), CallbackSignature.BODY),  # wrong
        (sdk_envelope(SDK_RESULT, sign=md5_sign(SDK_RESULT, "another-secret")), CallbackSignature.BODY),
        (json.dumps({"code": "0", "success": True, "body": SDK_RESULT}).encode(), CallbackSignature.BODY),  # missing
        (sdk_envelope(SDK_RESULT | {"phoneNo": "8011504668"}, sign=md5_sign(SDK_RESULT)), CallbackSignature.BODY),
        (sdk_envelope(SDK_RESULT), CallbackSignature.ENVELOPE),  # an object body cannot be envelope-signed
        (lineage_envelope(LINEAGE_RESULT), CallbackSignature.BODY),  # signed over the other scheme
    ],
    ids=["wrong", "other-secret", "missing", "tampered", "object-body", "other-scheme"],
)
def test_signatures_that_do_not_verify_are_refused(body: bytes, scheme: CallbackSignature) -> None:
    with pytest.raises(CallbackRefused) as refused:
        receive(body, scheme)
    assert refused.value.reason is RefusalReason.SIGNATURE
    assert "8011504669" not in refused.value.detail  # details never quote the payload


def test_a_lower_case_sign_verifies_and_none_skips_the_check() -> None:
    assert receive(sdk_envelope(SDK_RESULT, sign=md5_sign(SDK_RESULT).lower())).events
    unsigned = json.dumps({"code": "0", "body": SDK_RESULT}).encode()
    assert receive(unsigned, CallbackSignature.NONE).events


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<xml/>", RefusalReason.UNREADABLE),
        (b"[1, 2]", RefusalReason.MALFORMED),
        (b'{"code": "0"}', RefusalReason.MALFORMED),
        (sdk_envelope({"batchName": "b", "hello": "world"}), RefusalReason.MALFORMED),
        (sdk_envelope({"batchName": "", "phoneNo": "138"}), RefusalReason.MALFORMED),
        (sdk_envelope({"batchName": "b", "phoneNo": "not-a-number"}), RefusalReason.MALFORMED),
        (sdk_envelope(SDK_BATCH | {"failCount": -1}), RefusalReason.MALFORMED),
        (sdk_envelope(SDK_BATCH | {"acceptCount": "many"}), RefusalReason.MALFORMED),
    ],
    ids=["not-json", "array", "no-body", "unknown-shape", "no-batch", "bad-phone", "negative", "not-a-count"],
)
def test_garbage_is_refused_as_malformed(body: bytes, reason: RefusalReason) -> None:
    with pytest.raises(CallbackRefused) as refused:
        receive(body, CallbackSignature.NONE)
    assert refused.value.reason is reason
