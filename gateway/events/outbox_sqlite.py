"""The outbox in one SQLite file: zero setup, durable, shared by the worker processes of one host.

The standard library's sqlite3 runs on one dedicated thread (a connection is used by one thread
only), so the event loop never blocks on the disk. The file is in WAL mode with `synchronous=FULL`:
a callback is acknowledged only after its transaction reached the disk, so a crash right after the
answer loses nothing. Writers take the database lock up front (`BEGIN IMMEDIATE`), which makes a
claim atomic between processes sharing the file (`switchboard serve --workers N`).
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final, TypeVar

from contracts.events import DeliveryStatus
from gateway.events.outbox import (
    Claim,
    DeliveryPage,
    DeliveryRecord,
    NewEvent,
    Outcome,
    RedriveRefused,
    StoredEvent,
)

T = TypeVar("T")

SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    type TEXT NOT NULL,
    received_at REAL NOT NULL,
    trace TEXT,
    body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_account ON events (account, seq);
CREATE INDEX IF NOT EXISTS events_by_time ON events (received_at);
CREATE TABLE IF NOT EXISTS deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    subscriber TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    next_attempt_at REAL,
    last_attempt_at REAL,
    delivered_at REAL,
    last_error TEXT,
    lease_owner TEXT,
    lease_until REAL
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_by_subscriber ON deliveries (subscriber, status, seq);
CREATE INDEX IF NOT EXISTS deliveries_by_event ON deliveries (event_id);
"""
_DELIVERY_COLUMNS: Final = (
    "d.id, d.event_id, e.account, e.type, d.subscriber, d.status, d.attempts, d.created_at, d.expires_at, "
    "d.next_attempt_at, d.last_attempt_at, d.delivered_at, d.last_error"
)
_EVENT_COLUMNS: Final = "e.seq, e.id, e.account, e.type, e.received_at, e.trace, e.body"


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def _delivery(row: sqlite3.Row) -> DeliveryRecord:
    fields = dict(zip(row.keys(), row, strict=True))
    fields["status"] = DeliveryStatus(fields["status"])
    return DeliveryRecord(**{key: fields[key] for key in DeliveryRecord.__struct_fields__})


def _event(row: sqlite3.Row) -> StoredEvent:
    return StoredEvent(
        seq=row["seq"],
        id=row["id"],
        account=row["account"],
        type=row["type"],
        received_at=row["received_at"],
        trace=row["trace"],
        body=bytes(row["body"]),
    )


class SqliteOutbox:
    def __init__(self, path: str) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="switchboard-outbox")
        self._db: sqlite3.Connection | None = None

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(function, *args))

    def _write(self, function: Callable[[sqlite3.Connection], T]) -> T:
        """One transaction holding the write lock from its start (claims stay atomic across processes)."""
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            result = function(db)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return result

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("the outbox is not open")
        return self._db

    # -- lifecycle ------------------------------------------------------------------------------

    async def open(self) -> None:
        await self._run(self._open)

    def _open(self) -> None:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")  # acknowledged = on disk
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=30000")
        db.executescript(SCHEMA)
        self._db = db

    async def close(self) -> None:
        if self._db is not None:
            await self._run(self._connection().close)
            self._db = None
        await asyncio.to_thread(self._executor.shutdown, True)  # waits for its last statement

    async def ping(self) -> bool:
        return await self._run(lambda: self._connection().execute("SELECT 1").fetchone() is not None)

    # -- events ---------------------------------------------------------------------------------

    async def add(self, events: Sequence[NewEvent]) -> list[bool]:
        return await self._run(self._write, functools.partial(self._add, events))

    @staticmethod
    def _add(events: Sequence[NewEvent], db: sqlite3.Connection) -> list[bool]:
        stored = []
        for event in events:
            inserted = db.execute(
                "INSERT INTO events (id, account, type, received_at, trace, body) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO NOTHING",
                (event.id, event.account, event.type, event.received_at, event.trace, event.body),
            ).rowcount
            if inserted:
                db.executemany(
                    "INSERT INTO deliveries (id, event_id, subscriber, status, created_at, expires_at, "
                    "next_attempt_at) VALUES (?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                    [
                        (d.id, event.id, d.subscriber, d.created_at, d.expires_at, d.created_at)
                        for d in event.deliveries
                    ],
                )
            stored.append(bool(inserted))
        return stored

    async def events_after(
        self, seq: int, *, accounts: Sequence[str], types: Sequence[str] | None, limit: int
    ) -> tuple[list[StoredEvent], int]:
        if not accounts or types == []:
            return [], seq
        # Only "?" placeholders are formatted into these statements (S608 cannot tell).
        query = f"SELECT {_EVENT_COLUMNS} FROM events e WHERE e.seq > ? AND e.account IN ({_marks(accounts)})"  # noqa: S608
        args: list[object] = [seq, *accounts]
        if types is not None:
            query += f" AND e.type IN ({_marks(types)})"
            args += types
        rows = await self._run(
            lambda: self._connection().execute(f"{query} ORDER BY e.seq LIMIT ?", [*args, limit]).fetchall()
        )
        events = [_event(row) for row in rows]
        return events, events[-1].seq if events else seq

    async def prune(self, *, before: float) -> int:
        def delete(db: sqlite3.Connection) -> int:
            return db.execute(
                "DELETE FROM events WHERE received_at < ? AND NOT EXISTS "
                "(SELECT 1 FROM deliveries d WHERE d.event_id = events.id AND d.status = 'pending')",
                (before,),
            ).rowcount

        return await self._run(self._write, delete)

    # -- deliveries -----------------------------------------------------------------------------

    async def claim(self, *, now: float, limit: int, lease: float, owner: str) -> list[Claim]:
        def take(db: sqlite3.Connection) -> list[Claim]:
            ids = [
                row["id"]
                for row in db.execute(
                    "SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? "
                    "AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at LIMIT ?",
                    (now, now, limit),
                )
            ]
            if not ids:
                return []
            db.execute(
                f"UPDATE deliveries SET lease_owner = ?, lease_until = ? WHERE id IN ({_marks(ids)})",  # noqa: S608
                (owner, now + lease, *ids),
            )
            rows = db.execute(
                f"SELECT {_DELIVERY_COLUMNS}, e.seq AS event_seq, e.received_at, e.trace, e.body "  # noqa: S608
                f"FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.id IN ({_marks(ids)}) "
                "ORDER BY d.next_attempt_at",
                ids,
            ).fetchall()
            return [Claim(delivery=_delivery(row), event=_claimed_event(row), owner=owner) for row in rows]

        return await self._run(self._write, take)

    async def settle(self, claim: Claim, outcome: Outcome) -> bool:
        delivered = outcome.at if outcome.status is DeliveryStatus.DELIVERED else None
        next_attempt = outcome.next_attempt_at if outcome.status is DeliveryStatus.PENDING else None

        def record(db: sqlite3.Connection) -> bool:
            return bool(
                db.execute(
                    "UPDATE deliveries SET status = ?, attempts = attempts + 1, last_attempt_at = ?, "
                    "next_attempt_at = ?, delivered_at = ?, last_error = COALESCE(?, last_error), lease_owner = NULL, "
                    "lease_until = NULL "
                    "WHERE id = ? AND lease_owner = ? AND status = 'pending'",
                    (
                        outcome.status.value,
                        outcome.at,
                        next_attempt,
                        delivered,
                        outcome.error,
                        claim.delivery.id,
                        claim.owner,
                    ),
                ).rowcount
            )

        return await self._run(self._write, record)

    async def deliveries(
        self, *, subscribers: Sequence[str], status: DeliveryStatus | None, after: int, limit: int
    ) -> DeliveryPage:
        if not subscribers:
            return DeliveryPage(items=[], next_position=None)
        query = (
            f"SELECT d.seq, {_DELIVERY_COLUMNS} FROM deliveries d JOIN events e ON e.id = d.event_id "  # noqa: S608
            f"WHERE d.subscriber IN ({_marks(subscribers)}) AND d.seq > ?"
        )
        args: list[object] = [*subscribers, after]
        if status is not None:
            query += " AND d.status = ?"
            args.append(status.value)
        rows = await self._run(
            lambda: self._connection().execute(f"{query} ORDER BY d.seq LIMIT ?", [*args, limit + 1]).fetchall()
        )
        more = len(rows) > limit
        rows = rows[:limit]
        return DeliveryPage(items=[_delivery(row) for row in rows], next_position=rows[-1]["seq"] if more else None)

    async def delivery(self, delivery_id: str) -> DeliveryRecord | None:
        row = await self._run(
            lambda: (
                self._connection()
                .execute(
                    f"SELECT {_DELIVERY_COLUMNS} FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.id = ?",  # noqa: S608
                    (delivery_id,),
                )
                .fetchone()
            )
        )
        return _delivery(row) if row is not None else None

    async def redrive(self, delivery_id: str, *, now: float, expires_at: float) -> DeliveryRecord | None:
        def again(db: sqlite3.Connection) -> bool:
            row = db.execute("SELECT status FROM deliveries WHERE id = ?", (delivery_id,)).fetchone()
            if row is None:
                return False
            if row["status"] == DeliveryStatus.DELIVERED:
                raise RedriveRefused(delivery_id)
            db.execute(
                "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, expires_at = ? "
                "WHERE id = ?",
                (now, expires_at, delivery_id),
            )
            return True

        found = await self._run(self._write, again)
        return await self.delivery(delivery_id) if found else None

    async def depth(self) -> dict[DeliveryStatus, int]:
        rows = await self._run(
            lambda: (
                self._connection()
                .execute(
                    "SELECT status, COUNT(*) AS n FROM deliveries WHERE status IN ('pending', 'dead') GROUP BY status"
                )
                .fetchall()
            )
        )
        counts = {DeliveryStatus.PENDING: 0, DeliveryStatus.DEAD: 0}
        counts.update({DeliveryStatus(row["status"]): row["n"] for row in rows})
        return counts


def _claimed_event(row: sqlite3.Row) -> StoredEvent:
    return StoredEvent(
        seq=row["event_seq"],
        id=row["event_id"],
        account=row["account"],
        type=row["type"],
        received_at=row["received_at"],
        trace=row["trace"],
        body=bytes(row["body"]),
    )
