"""Hand-built, hand-signed requests for testing the simulator as the vendor would be tested."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from adapters.flashai.simulator import SIM_CLIENT_ID, SIM_CLIENT_SECRET, SIM_USER_ID, FlashAISimulator

Answer = dict[str, Any]


def hand_signed(params: dict[str, Any], secret: str = SIM_CLIENT_SECRET) -> str:
    """A third signer for ASCII keys: sorted k=v joined by &, then the secret, MD5, upper case."""
    pairs = [
        f"{key}={str(value).lower() if isinstance(value, bool) else value}"
        for key, value in sorted(params.items())
        if key.lower() not in ("sign", "signtype") and value not in (None, "")
    ]
    return hashlib.md5(("&".join(pairs) + secret).encode()).hexdigest().upper()


class Vendor:
    """Posts hand-built bodies to the simulator; `auth` fields are filled in unless given."""

    def __init__(self, client: httpx.AsyncClient, sim: FlashAISimulator, base_url: str) -> None:
        self.client = client
        self.sim = sim
        self.base_url = base_url
        self.counter = 0

    def body(self, params: dict[str, Any] | None = None, **auth: Any) -> dict[str, Any]:
        self.counter += 1
        body: dict[str, Any] = {
            "clientId": SIM_CLIENT_ID,
            "nonce": f"n{self.counter:05d}",
            "timestamp": str(int(self.sim.clock.now() * 1000)),
            "signType": "MD5",
            **(params or {}),
        }
        body["sign"] = hand_signed(body)
        body.update(auth)
        return body

    async def post(self, endpoint: str, body: dict[str, Any]) -> Answer:
        response = await self.client.post(f"{self.base_url}/{endpoint}", json=body)
        assert response.status_code == 200
        answer: Answer = response.json()
        return answer

    async def call(self, endpoint: str, params: dict[str, Any] | None = None, **auth: Any) -> Answer:
        return await self.post(endpoint, self.body(params, **auth))


def plan(name: str = "b1", **changes: Any) -> dict[str, Any]:
    params = {
        "userId": SIM_USER_ID,
        "batchName": name,
        "botenceId": "T1001",
        "callDate": "20240506",
        "callHour": "9,10,11",
        "clear": 0,
        "recall": 0,
        "mobileList": "13800138000^a^p1-p2^张三^公司",
    }
    params.update(changes)
    return {key: value for key, value in params.items() if value is not None}


def ok(answer: Answer) -> Any:
    assert (answer["code"], answer["success"]) == ("0", True), answer
    return answer["body"]


def failed(answer: Answer) -> str:
    assert answer["success"] is False
    assert answer["body"] is None
    assert answer["msg"]
    code: str = answer["code"]
    return code
