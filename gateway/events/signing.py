"""Standard Webhooks signatures (https://www.standardwebhooks.com), written here, verified in the
tests by the specification's reference implementation (the `standardwebhooks` package).

    webhook-id:        the event id (the same on every retry, so subscribers can deduplicate)
    webhook-timestamp: seconds since the epoch, when this attempt was signed
    webhook-signature: v1,<base64 HMAC-SHA256 over "{id}.{timestamp}.{body}"> with the key that
                       the secret `whsec_<base64>` encodes
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from gateway.events.settings import webhook_key

ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(webhook_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def webhook_headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        ID_HEADER: message_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, message_id, timestamp, body),
    }
