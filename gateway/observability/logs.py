"""Structured logs: one JSON object per line, with the current trace and span ids.

Fields passed with `extra=` become top-level keys. Phone numbers are masked wherever a message or
a field could carry one; secrets are never handed to a logger in the first place.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
from typing import Any

import msgspec
from opentelemetry import trace

from contracts.phones import mask_phone

_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
_PHONE = re.compile(r"(?<![\w+])\+?\d{7,15}(?!\w)")


def mask_phones(text: str) -> str:
    return _PHONE.sub(lambda match: mask_phone(match.group()), text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": mask_phones(record.getMessage()),
            "pid": record.process,
        }
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            entry["trace_id"] = format(context.trace_id, "032x")
            entry["span_id"] = format(context.span_id, "016x")
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = mask_phones(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exception"] = mask_phones(self.formatException(record.exc_info))
        return msgspec.json.encode(entry, enc_hook=str).decode("utf-8")


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request at INFO (and costs throughput); uvicorn's access log duplicates ours.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("uvicorn.access").disabled = True
