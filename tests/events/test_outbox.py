"""The outbox's semantics, the same on both stores: the SQLite file and a real redis-server."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from contracts.events import DeliveryStatus
from gateway.events.outbox import NewDelivery, NewEvent, Outbox, Outcome, RedriveRefused
from gateway.events.outbox_redis import RedisOutbox
from gateway.events.outbox_sqlite import SqliteOutbox
from tests.support.redis_server import redis_server

NOW = 1_772_416_800.0  # 2026-03-02 02:00 UTC
DAY = 86_400.0

OutboxFactory = Callable[[], Outbox]


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def make_outbox(request: pytest.FixtureRequest, tmp_path: Path) -> OutboxFactory:
    """A factory of outboxes that all share one store (two replicas, or a restart)."""
    if request.param == "sqlite":
        path = str(tmp_path / "outbox.sqlite3")
        return lambda: SqliteOutbox(path)
    url = request.getfixturevalue("redis_url")
    prefix = f"test:{{{uuid.uuid4().hex}}}:"
    return lambda: RedisOutbox(url, prefix=prefix)


@pytest.fixture
async def outbox(make_outbox: OutboxFactory) -> AsyncIterator[Outbox]:
    store = make_outbox()
    await store.open()
    yield store
    await store.close()


def event(
    name: str, *, account: str = "acc-a", type: str = "switchboard.contact.result", at: float = NOW, hooks: int = 1
) -> NewEvent:
    return NewEvent(
        id=f"evt-{name}",
        account=account,
        type=type,
        received_at=at,
        trace="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        body=f'{{"id":"evt-{name}"}}'.encode(),
        deliveries=tuple(
            NewDelivery(id=f"dlv-{name}-{n}", subscriber=f"crm/hook{n}", created_at=at, expires_at=at + DAY)
            for n in range(hooks)
        ),
    )


async def test_an_event_is_stored_once_with_its_deliveries(outbox: Outbox) -> None:
    assert await outbox.add([event("1", hooks=2)]) == [True]
    assert await outbox.add([event("1", hooks=2), event("2")]) == [False, True]
    feed, position = await outbox.events_after(0, accounts=["acc-a"], types=None, limit=10)
    assert [e.id for e in feed] == ["evt-1", "evt-2"]
    assert feed[0].body == b'{"id":"evt-1"}'
    assert feed[0].trace == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    assert position == feed[-1].seq
    claims = await outbox.claim(now=NOW, limit=10, lease=30, owner="w1")
    assert sorted(c.delivery.id for c in claims) == ["dlv-1-0", "dlv-1-1", "dlv-2-0"]  # no second copy
    assert await outbox.depth() == {DeliveryStatus.PENDING: 3, DeliveryStatus.DEAD: 0}


async def test_two_workers_never_hold_the_same_delivery(make_outbox: OutboxFactory) -> None:
    first, second = make_outbox(), make_outbox()
    await first.open()
    await second.open()
    try:
        await first.add([event(str(n)) for n in range(20)])
        a, b = await asyncio.gather(
            first.claim(now=NOW, limit=15, lease=30, owner="replica-a"),
            second.claim(now=NOW, limit=15, lease=30, owner="replica-b"),
        )
        ids_a, ids_b = {c.delivery.id for c in a}, {c.delivery.id for c in b}
        assert not ids_a & ids_b
        assert len(ids_a | ids_b) == 20
        assert await first.claim(now=NOW + 10, limit=15, lease=30, owner="replica-a") == []  # all leased
        # A worker that died holding leases: they expire, and another worker takes over.
        taken_over = await second.claim(now=NOW + 31, limit=50, lease=30, owner="replica-b")
        assert {c.delivery.id for c in taken_over} == ids_a | ids_b
    finally:
        await first.close()
        await second.close()


async def test_settling_needs_the_lease(outbox: Outbox) -> None:
    await outbox.add([event("1")])
    [stale] = await outbox.claim(now=NOW, limit=1, lease=1, owner="slow")
    [current] = await outbox.claim(now=NOW + 2, limit=1, lease=30, owner="fast")
    assert await outbox.settle(current, Outcome(status=DeliveryStatus.DELIVERED, at=NOW + 3))
    assert not await outbox.settle(stale, Outcome(status=DeliveryStatus.DEAD, at=NOW + 4, error="late"))
    delivered = await outbox.delivery("dlv-1-0")
    assert delivered is not None
    assert (delivered.status, delivered.attempts, delivered.delivered_at) == (DeliveryStatus.DELIVERED, 1, NOW + 3)


async def test_a_retry_waits_for_its_time_and_a_dead_letter_stays_dead(outbox: Outbox) -> None:
    await outbox.add([event("1")])
    [claim] = await outbox.claim(now=NOW, limit=1, lease=30, owner="w")
    retry = Outcome(status=DeliveryStatus.PENDING, at=NOW + 1, next_attempt_at=NOW + 301, error="HTTP 503")
    assert await outbox.settle(claim, retry)
    assert await outbox.claim(now=NOW + 300, limit=1, lease=30, owner="w") == []
    [again] = await outbox.claim(now=NOW + 301, limit=1, lease=30, owner="w")
    assert (again.delivery.attempts, again.delivery.last_error) == (1, "HTTP 503")
    assert await outbox.settle(again, Outcome(status=DeliveryStatus.DEAD, at=NOW + 302, error="HTTP 503"))
    assert await outbox.claim(now=NOW + DAY * 2, limit=1, lease=30, owner="w") == []
    assert await outbox.depth() == {DeliveryStatus.PENDING: 0, DeliveryStatus.DEAD: 1}
    dead = await outbox.deliveries(subscribers=["crm/hook0"], status=DeliveryStatus.DEAD, after=0, limit=10)
    assert [(d.id, d.status, d.attempts) for d in dead.items] == [("dlv-1-0", DeliveryStatus.DEAD, 2)]


async def test_a_dead_delivery_can_be_redriven_but_not_a_delivered_one(outbox: Outbox) -> None:
    await outbox.add([event("1"), event("2")])
    claims = await outbox.claim(now=NOW, limit=2, lease=30, owner="w")
    by_id = {c.delivery.id: c for c in claims}
    await outbox.settle(by_id["dlv-1-0"], Outcome(status=DeliveryStatus.DEAD, at=NOW, error="timeout"))
    await outbox.settle(by_id["dlv-2-0"], Outcome(status=DeliveryStatus.DELIVERED, at=NOW))
    redriven = await outbox.redrive("dlv-1-0", now=NOW + 50, expires_at=NOW + 50 + DAY)
    assert redriven is not None
    assert (redriven.status, redriven.attempts, redriven.expires_at) == (DeliveryStatus.PENDING, 0, NOW + 50 + DAY)
    [claim] = await outbox.claim(now=NOW + 50, limit=5, lease=30, owner="w")
    assert claim.delivery.id == "dlv-1-0"
    with pytest.raises(RedriveRefused):
        await outbox.redrive("dlv-2-0", now=NOW, expires_at=NOW + DAY)
    assert await outbox.redrive("dlv-none", now=NOW, expires_at=NOW + DAY) is None


async def test_what_was_pending_survives_a_restart(make_outbox: OutboxFactory) -> None:
    before = make_outbox()
    await before.open()
    await before.add([event("1"), event("2")])
    await before.claim(now=NOW, limit=1, lease=30, owner="killed")  # the process dies holding a lease
    await before.close()
    after = make_outbox()
    await after.open()
    try:
        first = await after.claim(now=NOW + 1, limit=5, lease=30, owner="restarted")
        later = await after.claim(now=NOW + 31, limit=5, lease=30, owner="restarted")
        assert len(first) == 1
        assert {c.delivery.id for c in first + later} == {"dlv-1-0", "dlv-2-0"}
        assert len(await after.add([event("1")])) == 1
        assert await after.add([event("1")]) == [False]  # still deduplicated after the restart
    finally:
        await after.close()


async def test_the_feed_filters_by_account_and_type_and_pages_in_arrival_order(outbox: Outbox) -> None:
    await outbox.add([event("a1"), event("b1", account="acc-b"), event("a2", type="switchboard.call.completed")])
    await outbox.add([event("a3"), event("b2", account="acc-b")])
    mine, position = await outbox.events_after(0, accounts=["acc-a"], types=None, limit=2)
    assert [e.id for e in mine] == ["evt-a1", "evt-a2"]
    rest, end = await outbox.events_after(position, accounts=["acc-a"], types=None, limit=2)
    assert [e.id for e in rest] == ["evt-a3"]
    assert await outbox.events_after(end, accounts=["acc-a"], types=None, limit=2) == ([], end)
    both, _ = await outbox.events_after(0, accounts=["acc-b", "acc-a"], types=None, limit=10)
    assert [e.id for e in both] == ["evt-a1", "evt-b1", "evt-a2", "evt-a3", "evt-b2"]
    calls, _ = await outbox.events_after(0, accounts=["acc-a", "acc-b"], types=["switchboard.call.completed"], limit=10)
    assert [e.id for e in calls] == ["evt-a2"]
    assert await outbox.events_after(0, accounts=[], types=None, limit=10) == ([], 0)


async def test_deliveries_list_by_subscriber_and_status_with_paging(outbox: Outbox) -> None:
    await outbox.add([event(str(n), hooks=2) for n in range(5)])
    page = await outbox.deliveries(subscribers=["crm/hook1"], status=None, after=0, limit=3)
    assert [d.id for d in page.items] == ["dlv-0-1", "dlv-1-1", "dlv-2-1"]
    assert page.next_position is not None
    rest = await outbox.deliveries(subscribers=["crm/hook1"], status=None, after=page.next_position, limit=3)
    assert [d.id for d in rest.items] == ["dlv-3-1", "dlv-4-1"]
    assert rest.next_position is None
    assert (await outbox.deliveries(subscribers=["other/hook"], status=None, after=0, limit=3)).items == []
    assert (
        await outbox.deliveries(subscribers=["crm/hook1"], status=DeliveryStatus.DEAD, after=0, limit=3)
    ).items == []


async def test_old_events_without_pending_deliveries_are_pruned(outbox: Outbox) -> None:
    await outbox.add([event("old-done", at=NOW - 10 * DAY), event("old-pending", at=NOW - 10 * DAY), event("new")])
    claims = await outbox.claim(now=NOW, limit=10, lease=30, owner="w")
    done = next(c for c in claims if c.delivery.id == "dlv-old-done-0")
    await outbox.settle(done, Outcome(status=DeliveryStatus.DELIVERED, at=NOW))
    assert await outbox.prune(before=NOW - 7 * DAY) == 1
    feed, _ = await outbox.events_after(0, accounts=["acc-a"], types=None, limit=10)
    assert [e.id for e in feed] == ["evt-old-pending", "evt-new"]
    assert await outbox.delivery("dlv-old-done-0") is None
    assert await outbox.add([event("old-done", at=NOW)]) == [True]  # forgotten: no longer deduplicated
