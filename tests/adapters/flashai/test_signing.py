"""The request signature, checked against strings joined by hand (notes §3.2, §3.7)."""

from __future__ import annotations

import decimal
import hashlib
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.flashai.signing import new_nonce, sign, signed_body, string_to_sign
from adapters.flashai.simulator.auth import vendor_signature

SECRET = "s3cr3t-Key"


def md5_upper(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest().upper()


def test_values_render_as_java_to_string_and_sort_by_key() -> None:
    params = {"c": ["x", "y"], "b": True, "a": 1, "d": False}
    assert sign(params, SECRET) == md5_upper("a=1&b=true&c=x|y&d=false" + SECRET)


def test_chinese_values_are_signed_as_utf8() -> None:
    params = {"userId": 80001, "batchName": "测试批次", "custName": "张三"}
    assert sign(params, SECRET) == md5_upper("batchName=测试批次&custName=张三&userId=80001" + SECRET)


def test_null_and_empty_values_are_skipped_but_null_text_and_blank_are_signed() -> None:
    params: dict[str, object] = {"a": "", "b": None, "c": [], "d": "null", "e": " ", "f": "\t"}
    assert string_to_sign(params) == "d=null&e= &f=\t"
    assert sign(params, SECRET) == md5_upper("d=null&e= &f=\t" + SECRET)


def test_sign_and_sign_type_are_excluded_whatever_their_case() -> None:
    params = {"SIGN": "x", "signtype": "MD5", "Sign": "y", "sign_type": "kept", "signature": "kept2", "k": "v"}
    assert string_to_sign(params) == "k=v&sign_type=kept&signature=kept2"


def test_keys_sort_in_java_string_order() -> None:
    # Upper case before lower case, "10" before "9", and a non-BMP key (a surrogate pair,
    # D83D DE00) before U+FFFF, unlike Python's code-point order.
    params = {"a": "1", "B": "2", "9": "y", "10": "x", "\uffff": "m", "\U0001f600": "e"}
    assert string_to_sign(params) == "10=x&9=y&B=2&a=1&\U0001f600=e&\uffff=m"


def test_nothing_is_url_encoded_and_the_secret_has_no_separator() -> None:
    params = {"url": "http://x/?a=b&c=d", "p": "a b"}
    assert sign(params, SECRET) == md5_upper("p=a b&url=http://x/?a=b&c=d" + SECRET)


def test_decimals_keep_their_written_form_and_list_nulls_read_null() -> None:
    params = {"amount": decimal.Decimal("12.50"), "items": ["a", None, 3]}
    assert string_to_sign(params) == "amount=12.50&items=a|null|3"


@pytest.mark.parametrize("value", [1.5, {"nested": "object"}])
def test_values_without_a_reproducible_java_form_are_refused(value: object) -> None:
    with pytest.raises(TypeError):
        sign({"v": value}, SECRET)


def test_signed_body_adds_auth_fields_and_a_verifiable_sign() -> None:
    body = signed_body(
        {"batchName": "b1", "recallParams": None, "lineIds": ""},
        client_id="fa-sim-001",
        secret=SECRET,
        now_ms=1714960800000,
        as_string=True,
        nonce="Ab3dE9",
    )
    assert "recallParams" not in body  # None is neither sent nor signed
    assert body["lineIds"] == ""  # "" is sent but not signed
    assert body["timestamp"] == "1714960800000"
    assert body["signType"] == "MD5"
    expected = md5_upper("batchName=b1&clientId=fa-sim-001&nonce=Ab3dE9&timestamp=1714960800000" + SECRET)
    assert body["sign"] == expected


def test_signed_body_can_send_the_timestamp_as_a_number_with_the_same_sign() -> None:
    as_text = signed_body({}, client_id="c", secret=SECRET, now_ms=1714960800000, as_string=True, nonce="aaaaaa")
    as_number = signed_body({}, client_id="c", secret=SECRET, now_ms=1714960800000, as_string=False, nonce="aaaaaa")
    assert as_number["timestamp"] == 1714960800000
    assert as_text["sign"] == as_number["sign"]


def test_nonces_are_six_alphanumerics_and_do_not_repeat() -> None:
    nonces = [new_nonce() for _ in range(2000)]
    assert all(len(nonce) == 6 and set(nonce) <= set(string.ascii_letters + string.digits) for nonce in nonces)
    assert len(set(nonces)) == len(nonces)


_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.text(max_size=12),
    st.lists(st.one_of(st.none(), st.text(max_size=5), st.integers(0, 99)), max_size=4),
)


@given(st.dictionaries(st.text(min_size=1, max_size=8), _values, max_size=8), st.text(max_size=16))
def test_adapter_and_simulator_compute_the_same_signature(params: dict[str, object], secret: str) -> None:
    # Two independent implementations: the simulator's is written from the vendor's side.
    assert sign(params, secret) == vendor_signature(params, secret)


def test_an_add_agent_plan_body_like_the_sdks_mock_test() -> None:
    # The SDK's MockAgentApiTest.addAgentPlan: a Chinese group id and "&" inside addType, signed raw.
    params = {
        "batchName": "123ha",
        "agentGroupId": "test坐席组2",
        "addType": "add&clean",
        "callType": "1",
        "agentId": "testzx",
        "mobileList": "18016491920^ID-AMOUNT-DATE^91-3000-20201216",
    }
    body = signed_body(
        params, client_id="abcdefghij", secret=SECRET, now_ms=1608000000000, as_string=True, nonce="a1B2c3"
    )
    joined = (
        "addType=add&clean&agentGroupId=test坐席组2&agentId=testzx&batchName=123ha&callType=1&clientId=abcdefghij"
        "&mobileList=18016491920^ID-AMOUNT-DATE^91-3000-20201216&nonce=a1B2c3&timestamp=1608000000000"
    )
    assert body["sign"] == md5_upper(joined + SECRET)
    assert body["sign"] == vendor_signature(body, SECRET)
