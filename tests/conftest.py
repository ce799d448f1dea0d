from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from gateway.observability.logs import JsonFormatter

# The httpx logger at INFO logs every request; tests don't need it.
logging.getLogger("httpx").setLevel(logging.WARNING)


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """Every log record, at every level, as the gateway's JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(previous)
