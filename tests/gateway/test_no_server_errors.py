"""Every operation, fed garbage: the answer is a 4xx problem (or 501), never a 5xx."""

from __future__ import annotations

from typing import Any

import pytest

from tests.contract.test_conformance import REQUESTS
from tests.support.gateway import gateway_client, reference_config

GARBAGE_BODIES: list[Any] = [b"", b"null", b"[]", b'"x"', b"{", b'{"a":1}', b"\xff\xfe", b"{" * 500 + b"}" * 500]
GARBAGE_IDS = ["x", "%00", "..", "Y2FtcGFpZ246", "-" * 300, "😀"]


@pytest.mark.parametrize(("capability", "request_spec"), sorted(REQUESTS.items()), ids=lambda v: str(v))
async def test_garbage_never_causes_a_server_error(capability: Any, request_spec: Any) -> None:
    method, path, _ = request_spec
    async with gateway_client(reference_config()) as client:
        for token in GARBAGE_IDS:
            target = path.format(agent=token, queue=token, campaign=token, call=token)
            bodies = GARBAGE_BODIES if method in ("POST", "PATCH", "PUT") else [None]
            for body in bodies:
                response = await client.request(
                    method,
                    target,
                    content=body,
                    params={"limit": "x", "cursor": token},
                    headers={"content-type": "application/json"},
                )
                assert response.status_code < 500 or response.status_code == 501, (target, body, response.text)
                assert response.headers["content-type"].startswith("application/problem+json"), response.text
