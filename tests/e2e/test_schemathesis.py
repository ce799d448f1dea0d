"""Schemathesis against the gateway's own OpenAPI document, over HTTP to a demo gateway.

Every response must match the documented status codes, content types and schemas, and no answer
may be a 5xx other than the mapped vendor errors (501 unsupported, 502/503/504 vendor failures).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.processes import DemoProcess, demo_process

pytestmark = pytest.mark.e2e

KEY = "schemathesis-key"
MAPPED_5XX = {501, 502, 503, 504}


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoProcess]:
    with demo_process(KEY) as running:
        yield running


def no_unmapped_server_error(ctx: Any, response: Any, case: Any) -> bool | None:
    assert response.status_code < 500 or response.status_code in MAPPED_5XX, response.text
    return None


CHECKS = [no_unmapped_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_gateway_conforms_to_its_openapi_document(demo: DemoProcess) -> None:
    # Driven through Hypothesis directly: schemathesis' pytest plugin does not support pytest 9 yet.
    api = schemathesis.openapi.from_url(f"{demo.url}/schema/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) == 43  # every public operation (see test_openapi.PUBLIC_PATHS)
    for operation in operations:

        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def conforms(case: Any) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"}, checks=CHECKS, timeout=15)

        conforms()
