"""Reading FlashAI's envelope in the doc's shape and in the lineage server's (notes §3.4)."""

from __future__ import annotations

import json

import msgspec
import pytest

from adapters.flashai.wire import (
    AddPlanBody,
    AgentGroupBody,
    CallListBody,
    Envelope,
    PhoneDetailBody,
    decode_body,
    failure_code,
    succeeded,
)


def envelope(raw: str) -> Envelope:
    return msgspec.json.decode(raw.encode(), type=Envelope)


@pytest.mark.parametrize(
    "raw",
    [
        '{"code":"0","msg":"success","success":true,"body":{"rightCount":2,"failCount":1,"failMobileInfo":"1^^^^"}}',
        '{"code":0,"msg":"处理成功","success":0,"body":"{\\"rightCount\\":\\"2\\",\\"failCount\\":1,\\"failMobileInfo\\":\\"1^^^^\\"}"}',
        '{"code":"0","msg":"ok","success":"true","body":{"rightCount":2,"failCount":"1","failMobileInfo":"1^^^^","extra":1}}',
    ],
    ids=["doc", "lineage-string-body", "string-flags-unknown-field"],
)
def test_success_answers_in_every_shape_read_the_same(raw: str) -> None:
    answer = envelope(raw)
    assert succeeded(answer)
    assert decode_body(answer, AddPlanBody) == AddPlanBody(failMobileInfo="1^^^^", rightCount=2, failCount=1)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ('{"code":"1003","msg":"验签失败","success":false,"body":null}', "1003"),
        ('{"code":"1","msg":"1009","success":"1"}', "1009"),  # lineage gateway pre-check
        ('{"code":0,"msg":"101007","success":1}', "101007"),  # lineage business exception
        ('{"code":0,"msg":"1005","success":0}', "1005"),  # lineage "no result": success 0, code in msg
        ('{"code":"1004","msg":"系统处理异常","success":true}', "1004"),  # success flag alone is not enough
        ('{"code":"0","msg":"失败","success":false}', "0"),  # nothing better to report than the code
        ('{"msg":"oops"}', "unknown"),
    ],
)
def test_failures_and_their_vendor_code(raw: str, code: str) -> None:
    answer = envelope(raw)
    assert not succeeded(answer)
    assert failure_code(answer) == code


@pytest.mark.parametrize("body", ["null", '""', '"null"', '"  "'])
def test_an_absent_body_reads_as_none(body: str) -> None:
    answer = envelope(f'{{"code":"0","success":true,"body":{body}}}')
    assert decode_body(answer, CallListBody) is None


def test_a_missing_body_field_reads_as_none() -> None:
    assert decode_body(envelope('{"code":"0","success":true}'), CallListBody) is None


def test_an_unreadable_body_raises_for_the_adapter_to_report() -> None:
    with pytest.raises(msgspec.DecodeError):
        decode_body(envelope('{"code":"0","success":true,"body":{"totalPage":"many"}}'), CallListBody)


@pytest.mark.parametrize("message", ["success", "SUCCESS", "处理成功", "0000", None])
def test_a_success_message_is_not_mistaken_for_an_error_code(message: str | None) -> None:
    answer = Envelope(code="0", msg=message, success=True)
    assert succeeded(answer)


def test_phone_detail_fields_may_be_numbers_or_text() -> None:
    inner = json.dumps({"callStartTime": 1714960800000, "duration": "42", "recordUrl": None})
    raw = json.dumps({"code": 0, "success": 0, "body": inner})  # the lineage server's string body
    body = decode_body(envelope(raw), PhoneDetailBody)
    assert body is not None
    assert (body.callStartTime, body.duration, body.recordUrl) == (1714960800000, "42", None)


def test_agent_group_records_are_a_json_list() -> None:
    raw = '{"code":"0","success":true,"body":{"records":[{"agentGroupId":"G1","agentId":7}]}}'
    body = decode_body(envelope(raw), AgentGroupBody)
    assert body is not None
    assert [(r.agentGroupId, r.agentId, r.agentName) for r in body.records] == [("G1", 7, None)]
