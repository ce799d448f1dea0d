"""Prometheus metrics of the event path, on the gateway's registry.

Labels come only from bounded sets: configured account and vendor names ("unknown" for a callback
to an account that does not exist), event types, and fixed outcome words. Registered once per
registry (several gateways in one process, as tests build them, would otherwise collide); with
`PROMETHEUS_MULTIPROC_DIR` the workers' values are aggregated like the gateway's other metrics.
"""

from __future__ import annotations

import weakref
from typing import Final

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from contracts.events import DeliveryStatus

# From a subscriber that answers at once to one that was down for hours.
DELIVERY_BUCKETS: Final = (
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
    60.0,
    300.0,
    900.0,
    3600.0,
    14400.0,
    86400.0,
)
UNKNOWN_ACCOUNT: Final = "unknown"

_registered: weakref.WeakKeyDictionary[CollectorRegistry, EventMetrics] = weakref.WeakKeyDictionary()


class EventMetrics:
    def __init__(self, registry: CollectorRegistry | None) -> None:
        self.received = Counter(
            "switchboard_events_callbacks_received",
            "Vendor callbacks received, by outcome: accepted (stored and acknowledged), signature (refused: "
            "missing or wrong), unreadable (not JSON), malformed (not the vendor's payload), unknown (no such "
            "account or secret), too_large, unavailable (could not be stored).",
            ["account", "vendor", "outcome"],
            registry=registry,
        )
        self.normalized = Counter(
            "switchboard_events_normalized",
            "Events read from vendor callbacks, by type (new and repeated alike).",
            ["account", "vendor", "type"],
            registry=registry,
        )
        self.deduplicated = Counter(
            "switchboard_events_deduplicated",
            "Events a vendor reported again (same event id): kept once, not delivered again.",
            ["account", "vendor", "type"],
            registry=registry,
        )
        self.delivered = Counter(
            "switchboard_events_delivered",
            "Webhook deliveries a subscriber acknowledged with 2xx.",
            ["account", "type"],
            registry=registry,
        )
        self.failed = Counter(
            "switchboard_events_delivery_failures",
            "Failed webhook attempts, by what follows: retry (backoff) or dead (given up).",
            ["account", "type", "outcome"],
            registry=registry,
        )
        self.latency = Histogram(
            "switchboard_events_delivery_latency_seconds",
            "Time from receiving a vendor callback to a subscriber's 2xx for the event.",
            ["account", "type"],
            buckets=DELIVERY_BUCKETS,
            registry=registry,
        )
        self.depth = Gauge(
            "switchboard_events_outbox_depth",
            "Deliveries in the outbox by status (pending or dead); the outbox is shared, so the latest "
            "reading of any worker holds.",
            ["status"],
            multiprocess_mode="mostrecent",
            registry=registry,
        )

    @classmethod
    def on(cls, registry: CollectorRegistry | None) -> EventMetrics:
        """The event metrics of `registry`, registered on first use."""
        if registry is None:
            return cls(None)
        if registry not in _registered:
            _registered[registry] = cls(registry)
        return _registered[registry]

    def callback(self, *, account: str, vendor: str, outcome: str) -> None:
        self.received.labels(account, vendor, outcome).inc()

    def event(self, *, account: str, vendor: str, type: str, new: bool) -> None:
        self.normalized.labels(account, vendor, type).inc()
        if not new:
            self.deduplicated.labels(account, vendor, type).inc()

    def attempt(self, *, account: str, type: str, status: DeliveryStatus, latency: float) -> None:
        if status is DeliveryStatus.DELIVERED:
            self.delivered.labels(account, type).inc()
            self.latency.labels(account, type).observe(max(0.0, latency))
        else:
            self.failed.labels(account, type, "retry" if status is DeliveryStatus.PENDING else "dead").inc()

    def outbox(self, counts: dict[DeliveryStatus, int]) -> None:
        for status, count in counts.items():
            self.depth.labels(status.value).set(count)
