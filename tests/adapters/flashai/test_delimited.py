"""FlashAI's delimited strings: round trips, refused separators, tolerant reading."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.flashai.delimited import (
    BOTENCE_LIST,
    CALL_LIST_DOC,
    CALL_LIST_LINEAGE,
    DETAIL_LIST,
    DETAIL_LIST_SDK,
    LINE_LIST,
    LINE_SUMMARY,
    MOBILE_LIST,
    MOBILE_PARAMS,
    PARAM_SEQ_LIST,
    PHONE_LIST,
    PLAN_LIST,
    DelimiterInValue,
    Layout,
    ListCodec,
)

LAYOUTS = [
    MOBILE_LIST,
    BOTENCE_LIST,
    LINE_LIST,
    LINE_SUMMARY,
    PARAM_SEQ_LIST,
    DETAIL_LIST,
    DETAIL_LIST_SDK,
    PLAN_LIST,
    CALL_LIST_DOC,
    CALL_LIST_LINEAGE,
]


def clean_text(forbidden: frozenset[str]) -> st.SearchStrategy[str]:
    return st.text(st.characters(blacklist_characters="".join(forbidden)), max_size=12)


@st.composite
def records_of(draw: st.DrawFn, layout: Layout) -> list[dict[str, str]]:
    record = st.fixed_dictionaries({name: clean_text(layout.separators) for name in layout.fields})
    return draw(st.lists(record, max_size=5))


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: f"{layout.name}-{len(layout.fields)}")
@given(data=st.data())
def test_encoding_then_decoding_gives_the_records_back(layout: Layout, data: st.DataObject) -> None:
    records = data.draw(records_of(layout))
    assert layout.decode(layout.encode(records)) == records


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: f"{layout.name}-{len(layout.fields)}")
@given(data=st.data())
def test_a_value_holding_a_separator_is_refused_not_written(layout: Layout, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(layout.fields))
    separator = data.draw(st.sampled_from(sorted(layout.separators)))
    prefix, suffix = data.draw(clean_text(layout.separators)), data.draw(clean_text(layout.separators))
    with pytest.raises(DelimiterInValue) as caught:
        layout.encode([{field: prefix + separator + suffix}])
    assert caught.value.field_name == field
    assert caught.value.character == separator


def test_detail_list_refuses_the_separators_of_the_call_list_it_sits_in() -> None:
    for character in "$_^|":
        with pytest.raises(DelimiterInValue):
            DETAIL_LIST.encode([{"botAnswerText": f"a{character}b"}])


def test_the_detail_list_uses_dollar_and_underscore_per_the_doc_prose() -> None:
    text = DETAIL_LIST.encode(
        [
            {"botAnswerText": "您好", "botAnswerTime": "t1", "customerSayText": "喂", "customerSayTime": "t2"},
            {"botAnswerText": "再见", "botAnswerTime": "t3"},
        ]
    )
    assert text == "您好_t1_喂_t2$再见_t3__"


@given(st.lists(clean_text(MOBILE_PARAMS.reserved | {MOBILE_PARAMS.separator}), max_size=6))
def test_params_lists_round_trip(values: list[str]) -> None:
    joined = MOBILE_PARAMS.join(values)
    # One empty value joins to "", which is no values at all: the only lossy case.
    assert MOBILE_PARAMS.split(joined) == ([] if values == [""] else values)


@pytest.mark.parametrize("character", ["-", "^", "|", "~"])
def test_params_refuse_their_separator_the_enclosing_ones_and_the_vendors_tilde(character: str) -> None:
    with pytest.raises(DelimiterInValue) as caught:
        MOBILE_PARAMS.join(["ok", f"x{character}y"], ["variables.a", "variables.b"])
    assert caught.value.field_name == "variables.b"


def test_reading_tolerates_missing_and_extra_trailing_fields_and_empty_records() -> None:
    # The SDK writes "phone^attach^p1-p2-p3|" (three fields, trailing "|"); getBatchPlanList's example
    # has a sixth field (status).
    records = MOBILE_LIST.decode("13800138000^a1^x-y|13900139000^^^name^co^1|")
    assert records == [
        {"phone": "13800138000", "attach": "a1", "params": "x-y", "custName": "", "custCompany": ""},
        {"phone": "13900139000", "attach": "", "params": "", "custName": "name", "custCompany": "co"},
    ]


@pytest.mark.parametrize("text", [None, ""])
def test_nothing_reads_as_no_records(text: str | None) -> None:
    assert LINE_LIST.decode(text) == []


def test_unknown_fields_are_a_programming_error() -> None:
    with pytest.raises(KeyError):
        LINE_LIST.encode([{"lineId": "1", "colour": "red"}])


def test_layouts_need_two_fields_and_distinct_separators() -> None:
    with pytest.raises(ValueError, match="two fields"):
        Layout("x", ("only",))
    with pytest.raises(ValueError, match="differ"):
        Layout("x", ("a", "b"), record_separator="^")


def test_list_codec_names_fields_by_position_by_default() -> None:
    codec = ListCodec("things", ",")
    with pytest.raises(DelimiterInValue, match=r"things\[1\]"):
        codec.join(["a", "b,c"])


@given(st.lists(st.text(st.sampled_from("0123456789"), min_size=1, max_size=12), max_size=6))
def test_phone_lists_round_trip(phones: list[str]) -> None:
    assert PHONE_LIST.split(PHONE_LIST.join(phones)) == phones


@pytest.mark.parametrize("character", ["^", "|"])
def test_a_phone_list_refuses_both_the_documents_and_the_sdks_separator(character: str) -> None:
    with pytest.raises(DelimiterInValue):
        PHONE_LIST.join(["138", f"1{character}2"])


def test_the_sdk_detail_list_uses_pipe_and_caret() -> None:
    text = DETAIL_LIST_SDK.encode([{"botAnswerText": "hi", "botAnswerTime": "t1", "customerSayText": "a_b$c"}])
    assert text == "hi^t1^a_b$c^"  # "_" and "$" are plain text in this layout


def test_the_number_list_reads_the_five_field_lineage_items_too() -> None:
    (record,) = PLAN_LIST.decode("13800138000^a^1-2^n^c")
    assert record["phoneStatus"] == ""
