"""The C2 auth-v2 signer, byte for byte against the vendor's Java demo (4.3) and its variants.

vectors.json and vectors-as-printed.json are written by signing_demo/regenerate.sh, which compiles
the demo classes of huawei-cec-2.5-api-reference.txt 4.3 and signs fixed and generated requests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from adapters.huawei_cec.signing import (
    DEMO_DIALECT,
    PercentSign,
    QueryLine,
    SigningDialect,
    TimestampFormat,
    ValueEncoding,
    canonical_request,
    format_timestamp,
    java_trim,
    lower_case_signed_headers,
    normalize,
    normalize_path,
    sign,
)

DEMO = Path(__file__).resolve().parents[3] / "adapters" / "huawei_cec" / "signing_demo"


def load(name: str) -> list[dict[str, Any]]:
    vectors: list[dict[str, Any]] = json.loads((DEMO / name).read_text(encoding="utf-8"))["vectors"]
    return vectors


VECTORS = load("vectors.json")
AS_PRINTED = load("vectors-as-printed.json")


def signed(vector: dict[str, Any], dialect: SigningDialect = DEMO_DIALECT) -> Any:
    return sign(
        method=vector["method"],
        uri=vector["uri"],
        query=vector["query"],
        headers=vector["headers"],
        body=vector["body"],
        access_key=vector["access_key"],
        secret_key=vector["secret_key"],
        timestamp_ms=vector["timestamp_ms"],
        dialect=dialect,
    )


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_every_java_demo_vector(vector: dict[str, Any]) -> None:
    signature = signed(vector)
    assert signature.auth_string_prefix == vector["auth_string_prefix"]
    assert signature.canonical_request == vector["canonical_request"]
    assert signature.signing_key == vector["signing_key"]
    assert signature.authorization == vector["authorization"]


@pytest.mark.parametrize("vector", AS_PRINTED, ids=[v["name"] for v in AS_PRINTED])
def test_every_vector_of_the_demo_exactly_as_printed(vector: dict[str, Any]) -> None:
    signature = signed(vector, SigningDialect(percent_sign=PercentSign.BARE_HEX))
    assert signature.canonical_request == vector["canonical_request"]
    assert signature.authorization == vector["authorization"]


def test_the_vectors_cover_what_can_go_wrong() -> None:
    methods = {v["method"] for v in VECTORS}
    assert methods == {"GET", "POST", "PUT", "DELETE"}
    assert any(v["query"] for v in VECTORS)
    assert any(v["query"] is None for v in VECTORS)
    assert any(v["body"] and not v["body"].isascii() for v in VECTORS)
    assert any(v["body"] and set(v["body"]) & set("/;:=+&%~*'") for v in VECTORS)
    assert any(v["query"] and any(value == "" for value in v["query"].values()) for v in VECTORS)
    assert any(any(name != name.lower() for name in v["headers"]) for v in VECTORS)
    assert len({v["timestamp_ms"] % 1000 for v in VECTORS}) > 10


def test_the_demo_ping_matches_the_reference_canonical_headers() -> None:
    # 4.3 "CanonicalHeaders" example (L1701-L1709) for the demo's advised headers.
    ping = VECTORS[0]
    headers = "\n".join(ping["canonical_request"].split("\n")[3:6])
    assert headers == (
        "content-length:22\ncontent-type:application%2Fjson%3Bcharset%3DUTF-8\nhost:10.22.26.181%3A28080"
    )
    assert (
        ping["auth_string_prefix"] == "auth-v2/globalaktest/2018-10-17T11:48:24.000Z/content-length;content-type;host"
    )


def test_regeneration_is_a_documented_script() -> None:
    script = DEMO / "regenerate.sh"
    assert os.access(script, os.X_OK)
    text = script.read_text(encoding="utf-8")
    assert "javac" in text
    assert "VectorGenerator" in text
    assert "vectors-as-printed.json" in text
    sources = {path.name for path in (DEMO / "src").rglob("*.java")}
    assert {"SignInfo.java", "PathUtils.java", "SignerUtils.java", "ToolUtils.java", "VectorGenerator.java"} <= sources


# -- the readings where prose and example differ from the demo ------------------------------------

REQUEST = {
    "method": "POST",
    "uri": "/rest/cmsapp/v1/ping",
    "query": None,
    "headers": {"host": "10.0.0.1:8443", "Content-Type": "application/json;charset=UTF-8"},
    "body": '{"url":"http://a/b"}',
}


def test_prose_query_line_writes_an_empty_line_without_a_query() -> None:
    demo = canonical_request(**{**REQUEST, "headers": lower_case_signed_headers(REQUEST["headers"])})
    prose = canonical_request(
        **{**REQUEST, "headers": lower_case_signed_headers(REQUEST["headers"])},
        dialect=SigningDialect(query_line=QueryLine.ALWAYS),
    )
    assert demo.split("\n")[:3] == ["POST", "/rest/cmsapp/v1/ping", "content-type;host"]
    assert prose.split("\n")[:4] == ["POST", "/rest/cmsapp/v1/ping", "", "content-type;host"]


def test_normalize_path_keeps_slashes_in_headers_and_body_but_not_in_the_query() -> None:
    dialect = SigningDialect(value_encoding=ValueEncoding.NORMALIZE_PATH)
    text = canonical_request(
        method="GET",
        uri="/x",
        query={"p": "a/b"},
        headers={"host": "h", "content-type": "application/json"},
        body="a/b",
        dialect=dialect,
    )
    assert text.split("\n") == [
        "GET",
        "/x",
        "p=a%2Fb",
        "content-type;host",
        "content-type:application/json",
        "host:h",
        "a/b",
    ]


def test_timestamps_with_and_without_milliseconds() -> None:
    assert format_timestamp(1539776904007, TimestampFormat.MILLIS) == "2018-10-17T11:48:24.007Z"
    assert format_timestamp(1539776904007, TimestampFormat.SECONDS) == "2018-10-17T11:48:24Z"
    seconds = sign(
        **REQUEST,
        access_key="ak",
        secret_key="sk",
        timestamp_ms=1539776904007,
        dialect=SigningDialect(timestamp=TimestampFormat.SECONDS),
    )
    assert seconds.authorization.startswith("auth-v2/ak/2018-10-17T11:48:24Z/content-type;host/")


def test_percent_encoding_follows_pathutils() -> None:
    assert normalize("a-b.c_d~e f/€") == "a-b.c_d~e%20f%2F%E2%82%AC"
    assert normalize("a/b", PercentSign.BARE_HEX) == "a2Fb"
    assert normalize_path("a/b c") == "a/b%20c"
    assert normalize("\ud800") == "%3F"  # Java writes '?' for an unpaired surrogate


def test_java_trim_strips_control_characters_but_not_unicode_spaces() -> None:
    assert java_trim("\t a b \n\x00") == "a b"
    assert java_trim("\u00a0x\u3000") == "\u00a0x\u3000"


def test_host_is_mandatory_and_spelt_as_the_demo_checks_it() -> None:
    with pytest.raises(ValueError, match="host"):
        lower_case_signed_headers({"Host": "h"})
    with pytest.raises(ValueError, match="null"):
        lower_case_signed_headers({})
