"""The retry schedule of webhook deliveries, and Standard Webhooks signatures checked by the
specification's reference implementation."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from gateway.events.backoff import next_attempt
from gateway.events.settings import DeliveryPolicy, webhook_key
from gateway.events.signing import signature, webhook_headers
from tests.events.support import WEBHOOK_SECRET

HOUR = 3600.0


def test_the_default_schedule_backs_off_over_hours_then_gives_up_after_a_day() -> None:
    policy = DeliveryPolicy(jitter=0)
    start = 1_000_000.0
    expires = start + policy.max_age
    moments, now, attempts = [], start, 0
    while True:
        attempts += 1
        following = next_attempt(policy, attempts=attempts, now=now, expires_at=expires)
        if following is None:
            break
        moments.append(following - now)
        now = following
    assert moments[:9] == [5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800]
    assert set(moments[9:]) == {28800}  # the last step repeats ...
    assert now <= expires < now + 28800  # ... until the next one would fall outside the day
    assert attempts == len(moments) + 1


def test_jitter_spreads_retries_within_its_fraction() -> None:
    policy = DeliveryPolicy(backoff=(100.0,), jitter=0.1)
    rng = random.Random(4)
    delays = {next_attempt(policy, attempts=1, now=0, expires_at=HOUR, rng=rng) for _ in range(200)}
    assert all(d is not None and 90 <= d <= 110 for d in delays)
    assert len(delays) > 100


def test_no_attempt_is_scheduled_past_the_window() -> None:
    policy = DeliveryPolicy(backoff=(10.0,), jitter=0)
    assert next_attempt(policy, attempts=3, now=100, expires_at=110) == 110
    assert next_attempt(policy, attempts=3, now=100, expires_at=109.9) is None
    with pytest.raises(ValueError, match="failed attempt"):
        next_attempt(policy, attempts=0, now=0, expires_at=1)


def test_signed_deliveries_verify_with_the_reference_implementation() -> None:
    body = b'{"specversion":"1.0","id":"evt-1","type":"switchboard.contact.result"}'
    headers = webhook_headers(WEBHOOK_SECRET, "evt-1", int(time.time()), body)
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert Webhook(WEBHOOK_SECRET).verify(body, headers)["id"] == "evt-1"
    # The reference signer and ours agree byte for byte.
    stamp = int(headers["webhook-timestamp"])
    reference = Webhook(WEBHOOK_SECRET).sign("evt-1", datetime.fromtimestamp(stamp, UTC), body.decode())
    assert headers["webhook-signature"] == reference


@pytest.mark.parametrize(
    "tamper",
    [
        lambda h, b: (h | {"webhook-id": "evt-2"}, b),
        lambda h, b: (h, b + b" "),
        lambda h, b: (h | {"webhook-timestamp": str(int(h["webhook-timestamp"]) - 600)}, b),
        lambda h, b: ({k: v for k, v in h.items() if k != "webhook-signature"}, b),
    ],
    ids=["other-id", "other-body", "stale", "missing"],
)
def test_tampering_fails_verification(tamper: Callable[[dict[str, str], bytes], tuple[dict[str, str], bytes]]) -> None:
    body = b'{"id":"evt-1"}'
    headers, sent = tamper(webhook_headers(WEBHOOK_SECRET, "evt-1", int(time.time()), body), body)
    with pytest.raises(WebhookVerificationError):
        Webhook(WEBHOOK_SECRET).verify(sent, headers)


def test_another_secret_does_not_verify() -> None:
    other = "whsec_" + "A" * 32
    body = b"{}"
    with pytest.raises(WebhookVerificationError):
        Webhook(other).verify(body, webhook_headers(WEBHOOK_SECRET, "e", int(time.time()), body))
    assert signature(WEBHOOK_SECRET, "e", 1, body) != signature(other, "e", 1, body)


@pytest.mark.parametrize("secret", ["no-prefix", "whsec_!!!", "whsec_" + "QUJD"], ids=["prefix", "base64", "short"])
def test_malformed_secrets_are_refused(secret: str) -> None:
    with pytest.raises(ValueError, match=r"whsec_|24 random bytes"):
        webhook_key(secret)
