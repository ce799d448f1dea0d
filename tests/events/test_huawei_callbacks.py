"""Huawei CEC's callbacks as events: the examples of 7.6.1, 6.2.14.2 and 6.2.14.3
(huawei-cec-2.5-api-reference.txt), and the bidirectional-call signature of 6.2.14.1, computed
here as its Java reference code does (TreeMap.toString(), spaces removed, HmacSHA256, Base64)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from typing import Any

import msgspec
import pytest

from adapters.events import CallbackRefused, CallbackRequest, RefusalReason
from adapters.huawei_cec.callbacks import ACKNOWLEDGEMENT, HUAWEI_CALLBACKS
from adapters.huawei_cec.settings import HuaweiSettings
from contracts.calls import Call, CallStatus
from contracts.events import ContactResult, EventType

SHARED_KEY = "huawei-shared-key-for-tests"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))

# 7.6.1's example request body (L28209-L28222).
RESULTS_EXAMPLE: list[dict[str, Any]] = [
    {
        "campaignId": "3",
        "sessionId": "1202_test013",
        "called": "60584",
        "callTimeStr": "2020-08-30 20:00:00",
        "callStatus": 6,
        "failCode": "0",
        "vdnId": 11,
        "callId": "0023-134864174",
        "recordPath": "Y:/1/11/20200830/3408/0949218.V3",
    }
]
# 6.2.14.3's example (printed as a Java map; here as the JSON it stands for), without its
# timestamp/nonce/signature, which are added by `signed`.
RELEASE_EXAMPLE: dict[str, Any] = {
    "agentAlertingTime": "2022/02/22,10:04:29:004",
    "agentReleaseTime": "2022/02/22,10:04:29:004",
    "agentTalkDuration": "2022/02/22,10:04:29:004",
    "agentTalkingTime": "2022/02/22,10:04:29:004",
    "alertingTime": "2022/02/22,10:04:29:004",
    "callData": None,
    "callSerialNo": "1197765398201387012",
    "called": "88880067",
    "caller": "960003",
    "callerPresent": "960003",
    "createCallTime": "2022/02/22,10:04:28:823",
    "locationId": "0",
    "recordfile": "Y:/2/mobileAgent/20220222/1645524268-824.wav",
    "releaseReason": "0",
    "releaseTime": "2022/02/22,10:04:36:318",
    "serviceNo": None,
    "talkDuration": "0",
    "talkingTime": "2022/02/22,10:04:30:418",
}
# 6.2.14.2's example.
CONNECTED_EXAMPLE: dict[str, Any] = {"callSerialNo": "1197235857187927062", "serviceNo": "", "called": "88880067"}


def java_signature(params: dict[str, Any], key: str, timestamp: str, nonce: str) -> str:
    """generateSinature() of 6.2.14.1 line by line."""
    tree = "{" + ", ".join(f"{k}={'null' if v is None else v}" for k, v in sorted(params.items())) + "}"
    param_str = tree.replace(" ", "")
    to_sign = key + "_" + timestamp + "_" + nonce + "_" + param_str[1 : len(param_str) - 1]
    return base64.b64encode(hmac.new(key.encode(), to_sign.encode(), hashlib.sha256).digest()).decode()


def signed(body: dict[str, Any], key: str = SHARED_KEY) -> dict[str, Any]:
    timestamp, nonce = "1645524163326", "-1482421808053124529"  # the example's own values
    return body | {"timestamp": timestamp, "nonce": nonce, "signature": java_signature(body, key, timestamp, nonce)}


def settings(*, shared_key: str | None = None, vdn: int = 11) -> HuaweiSettings:
    raw = {
        "credentials": {"app_key": "a", "app_secret": "b", "access_key": "c", "secret_key": "d"}
        | ({"callback_shared_key": shared_key} if shared_key else {}),
        "options": {"vdn_id": vdn, "agents": {"email_domain": "example.com"}, "campaigns": {}},
    }
    return msgspec.convert(raw, HuaweiSettings)


def receive(document: Any, *, shared_key: str | None = None) -> Any:
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    return HUAWEI_CALLBACKS.receive(settings(shared_key=shared_key), CallbackRequest(body=body))


def test_the_outbound_result_example_is_a_contact_result() -> None:
    parsed = receive(RESULTS_EXAMPLE)
    assert parsed.ack == ACKNOWLEDGEMENT
    assert parsed.ack.body == b'{"retCode":"0","retMsg":"success"}'
    [event] = parsed.events
    assert event.type is EventType.CONTACT_RESULT
    assert (event.subject_kind.value, event.subject) == ("campaign", "3")
    data = event.data
    assert isinstance(data, ContactResult)
    assert (data.campaign_id, data.phone, data.external_id, data.status) == (
        "3",
        "+8660584",  # as to_e164 reads a five-digit CN number
        "1202_test013",
        CallStatus.COMPLETED,
    )
    assert data.call is not None
    assert data.call.id == "ob:3:0023-134864174"  # the adapter's own id of a campaign call
    assert data.call.started_at == dt.datetime(2020, 8, 30, 20, 0, tzinfo=SHANGHAI)
    assert data.call.recording_url is None  # a file path, not a URL
    assert data.disposition == "successful"


@pytest.mark.parametrize(
    ("fail_code", "status"),
    [
        ("00537", CallStatus.BUSY),
        ("00603", CallStatus.NO_ANSWER),
        ("01040", CallStatus.NO_ANSWER),
        ("00604", CallStatus.FAILED),
    ],
)
def test_failed_results_map_their_fail_codes(fail_code: str, status: CallStatus) -> None:
    item = RESULTS_EXAMPLE[0] | {"callStatus": 5, "failCode": fail_code, "callId": "1-2"}
    [event] = receive([item]).events
    assert event.data.status is status


def test_several_results_in_one_push_are_several_events_with_their_own_keys() -> None:
    second = RESULTS_EXAMPLE[0] | {"callId": "0023-134864175", "sessionId": "1202_test014"}
    events = receive([RESULTS_EXAMPLE[0], second]).events
    assert [e.data.external_id for e in events] == ["1202_test013", "1202_test014"]
    assert len({e.key for e in events}) == 2
    assert receive(RESULTS_EXAMPLE).events[0].key == events[0].key  # a re-push: the same key


def test_the_release_example_is_a_completed_call() -> None:
    [event] = receive(RELEASE_EXAMPLE).events
    assert event.type is EventType.CALL_COMPLETED
    call = event.data
    assert isinstance(call, Call)
    assert (event.subject_kind.value, event.subject, call.id) == (
        "call",
        "bc:1197765398201387012",
        "bc:1197765398201387012",
    )
    assert call.status is CallStatus.COMPLETED
    assert call.started_at == dt.datetime(2022, 2, 22, 10, 4, 28, 823000, tzinfo=SHANGHAI)
    assert call.answered_at == dt.datetime(2022, 2, 22, 10, 4, 30, 418000, tzinfo=SHANGHAI)
    assert call.ended_at == dt.datetime(2022, 2, 22, 10, 4, 36, 318000, tzinfo=SHANGHAI)
    assert call.duration_seconds == 0  # talkDuration as sent
    assert (call.from_number, call.disposition) == ("960003", "the called party hung up")
    assert event.occurred_at == call.ended_at


@pytest.mark.parametrize(
    ("changes", "status", "disposition"),
    [
        ({"talkingTime": None, "releaseReason": "5"}, CallStatus.NO_ANSWER, "the called party did not answer"),
        ({"talkingTime": None, "releaseReason": "3"}, CallStatus.FAILED, "calling the called party failed"),
        ({"talkingTime": None, "releaseReason": "77"}, CallStatus.FAILED, "other release cause 77"),
    ],
)
def test_release_reasons(changes: dict[str, Any], status: CallStatus, disposition: str) -> None:
    [event] = receive(RELEASE_EXAMPLE | changes).events
    assert (event.data.status, event.data.disposition) == (status, disposition)


def test_the_call_status_example_is_a_connected_call() -> None:
    [event] = receive(CONNECTED_EXAMPLE).events
    assert event.type is EventType.CALL_CONNECTED
    assert event.data.status is CallStatus.IN_PROGRESS
    assert event.key != receive(RELEASE_EXAMPLE | {"callSerialNo": "1197235857187927062"}).events[0].key


def test_a_signed_release_verifies_with_the_shared_key() -> None:
    [event] = receive(signed(RELEASE_EXAMPLE), shared_key=SHARED_KEY).events
    assert event.type is EventType.CALL_COMPLETED
    # Spaces are stripped from the string to sign, inside values too (the reference code's replace).
    spaced = RELEASE_EXAMPLE | {"callData": "a b c"}
    assert receive(signed(spaced), shared_key=SHARED_KEY).events[0].data.id == "bc:1197765398201387012"


@pytest.mark.parametrize(
    "document",
    [
        RELEASE_EXAMPLE,  # unsigned
        signed(RELEASE_EXAMPLE, key="another-key"),
        signed(RELEASE_EXAMPLE) | {"releaseReason": "1"},  # tampered after signing
        signed(RELEASE_EXAMPLE) | {"nonce": "1"},
        {k: v for k, v in signed(RELEASE_EXAMPLE).items() if k != "timestamp"},
    ],
    ids=["missing", "other-key", "tampered", "other-nonce", "no-timestamp"],
)
def test_bad_or_missing_signatures_are_refused_when_a_key_is_configured(document: dict[str, Any]) -> None:
    with pytest.raises(CallbackRefused) as refused:
        receive(document, shared_key=SHARED_KEY)
    assert refused.value.reason is RefusalReason.SIGNATURE


def test_without_a_shared_key_callbacks_are_taken_unsigned() -> None:
    assert receive(RELEASE_EXAMPLE).events
    assert receive(CONNECTED_EXAMPLE, shared_key=SHARED_KEY).events  # never signed (GUI-only URL)
    assert receive(RESULTS_EXAMPLE, shared_key=SHARED_KEY).events  # 7.6.1 carries no auth at all


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (b"{callSerialNo=1197235857187927062}", RefusalReason.UNREADABLE),  # the Java map text itself
        (42, RefusalReason.MALFORMED),
        (["not an object"], RefusalReason.MALFORMED),
        ([{k: v for k, v in RESULTS_EXAMPLE[0].items() if k != "callId"}], RefusalReason.MALFORMED),
        ([RESULTS_EXAMPLE[0] | {"campaignId": "three"}], RefusalReason.MALFORMED),
        ([RESULTS_EXAMPLE[0] | {"vdnId": 12}], RefusalReason.MALFORMED),
        ([RESULTS_EXAMPLE[0] | {"callStatus": "six"}], RefusalReason.MALFORMED),
        ({"called": "88880067"}, RefusalReason.MALFORMED),
        ({"callSerialNo": "9" * 51}, RefusalReason.MALFORMED),
    ],
    ids=[
        "java-map",
        "number",
        "not-objects",
        "no-call-id",
        "bad-campaign",
        "other-vdn",
        "bad-status",
        "no-sn",
        "long-sn",
    ],
)
def test_garbage_is_refused(document: Any, reason: RefusalReason) -> None:
    with pytest.raises(CallbackRefused) as refused:
        receive(document)
    assert refused.value.reason is reason
