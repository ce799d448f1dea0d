"""How the contract reads a time without a zone.

The HTTP API refuses such times; an adapter called directly (tests, the benchmark's direct path,
another program) may still be handed one, and reads it as UTC rather than failing to compare it.
"""

from __future__ import annotations

import datetime as dt


def utc_if_naive(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
