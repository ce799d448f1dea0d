"""Reading FlashAI's envelope in the doc's shape and in the lineage server's (notes §3.4)."""

from __future__ import annotations

import msgspec
import pytest

from adapters.flashai.wire import AddPlanBody, CallListBody, Envelope, decode_body, failure_code, succeeded


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
