"""Idempotency-Key: replay, mismatch, concurrent duplicates, retryable failures not kept."""

from __future__ import annotations

import asyncio
from typing import ClassVar

import msgspec

from adapters.base import AdapterBase
from adapters.registry import AdapterRegistry
from contracts.capabilities import Capability
from contracts.context import OperationContext
from contracts.errors import ErrorCode, GatewayError
from contracts.queues import Queue, QueueCreate
from tests.support.gateway import gateway_client, key_hash, reference_config
from tests.support.reference_adapter import STORES


def campaigns_in(account: str) -> int:
    return len(STORES[account].campaigns)


async def test_same_key_same_body_replays_without_running_again() -> None:
    async with gateway_client(reference_config()) as client:
        first = await client.post("/v1/campaigns", json={"name": "once"}, headers={"idempotency-key": "k-1"})
        again = await client.post("/v1/campaigns", json={"name": "once"}, headers={"idempotency-key": "k-1"})
        assert campaigns_in("ref-a") == 1
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again.headers["idempotency-replayed"] == "true"
    assert "idempotency-replayed" not in first.headers


async def test_same_key_other_body_is_refused() -> None:
    async with gateway_client(reference_config()) as client:
        await client.post("/v1/campaigns", json={"name": "one"}, headers={"idempotency-key": "k-2"})
        other = await client.post("/v1/campaigns", json={"name": "two"}, headers={"idempotency-key": "k-2"})
        assert campaigns_in("ref-a") == 1
    assert other.status_code == 422
    assert other.json()["errors"][0]["parameter"] == "Idempotency-Key"


async def test_keys_belong_to_their_caller() -> None:
    raw = reference_config()
    raw["callers"]["other"] = {
        "key_sha256": [key_hash("other-key")],
        "accounts": ["ref-a"],
        "default_account": "ref-a",
        "scopes": ["read", "write"],
    }
    async with gateway_client(raw) as client:
        mine = await client.post("/v1/campaigns", json={"name": "a"}, headers={"idempotency-key": "shared"})
        theirs = await client.post(
            "/v1/campaigns",
            json={"name": "b"},
            headers={"idempotency-key": "shared", "authorization": "Bearer other-key"},
        )
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["campaign"]["name"] == "a"
    assert theirs.json()["campaign"]["name"] == "b"


async def test_concurrent_duplicates_run_once() -> None:
    async with gateway_client(reference_config()) as client:
        answers = await asyncio.gather(
            *(client.post("/v1/campaigns", json={"name": "race"}, headers={"idempotency-key": "k-3"}) for _ in range(8))
        )
        assert campaigns_in("ref-a") == 1
    assert {a.status_code for a in answers} <= {201, 409}
    ids = {a.json()["campaign"]["id"] for a in answers if a.status_code == 201}
    assert len(ids) == 1


async def test_bad_keys_are_refused() -> None:
    async with gateway_client(reference_config()) as client:
        response = await client.post("/v1/campaigns", json={"name": "x"}, headers={"idempotency-key": "k" * 300})
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "Idempotency-Key"


class _Settings(msgspec.Struct):
    credentials: dict[str, str] = {}
    options: dict[str, str] = {}


class FlakyQueues(AdapterBase[_Settings]):
    """Creates queues; the first attempt of each name fails as if the vendor were down."""

    vendor: ClassVar[str] = "flaky"
    display_name: ClassVar[str] = "Flaky"
    capabilities: ClassVar[frozenset[Capability]] = frozenset({Capability.QUEUES_CREATE})
    settings_type = _Settings
    created: ClassVar[list[str]] = []
    failed_once: ClassVar[set[str]] = set()

    async def create_queue(self, ctx: OperationContext, *, queue: QueueCreate) -> Queue:
        if queue.name not in self.failed_once:
            self.failed_once.add(queue.name)
            raise GatewayError(ErrorCode.VENDOR_UNAVAILABLE, "vendor hiccup")
        self.created.append(queue.name)
        return Queue(id=f"q-{len(self.created)}", name=queue.name)


async def test_retryable_failures_are_not_kept_so_the_retry_runs() -> None:
    registry = AdapterRegistry()
    registry.register("flaky", FlakyQueues)
    raw = {
        "accounts": {"f": {"vendor": "flaky", "base_urls": {"default": "http://flaky.invalid"}}},
        "callers": {
            "crm": {"key_sha256": [key_hash("k")], "accounts": ["f"], "default_account": "f", "scopes": ["write"]}
        },
    }
    async with gateway_client(raw, registry=registry, key="k") as client:
        first = await client.post("/v1/queues", json={"name": "sales"}, headers={"idempotency-key": "q-1"})
        retry = await client.post("/v1/queues", json={"name": "sales"}, headers={"idempotency-key": "q-1"})
        replay = await client.post("/v1/queues", json={"name": "sales"}, headers={"idempotency-key": "q-1"})
    assert first.status_code == 503
    assert retry.status_code == 201
    assert replay.json() == retry.json()
    assert FlakyQueues.created == ["sales"]
