"""When a failed webhook delivery is tried again, and when it is given up (dead)."""

from __future__ import annotations

import random

from gateway.events.settings import DeliveryPolicy


def next_attempt(
    policy: DeliveryPolicy, *, attempts: int, now: float, expires_at: float, rng: random.Random | None = None
) -> float | None:
    """The time of the next attempt after `attempts` failed ones, or None: dead.

    The n-th failure waits `policy.backoff[n-1]` (the last step repeats), varied by up to
    `policy.jitter` of itself so that many deliveries that failed together do not retry together.
    An attempt that would fall after `expires_at` (the event's arrival plus `max_age`) is not made.
    """
    if attempts < 1:
        raise ValueError("next_attempt follows a failed attempt")
    delay = policy.backoff[min(attempts, len(policy.backoff)) - 1]
    if policy.jitter:
        delay *= 1 + (rng or random).uniform(-policy.jitter, policy.jitter)
    moment = now + delay
    return moment if moment <= expires_at else None
