"""The token request's signature (notes-other-vendors.md §1.1, from Sobot's "接口认证" page).

`sign = MD5(app_id + current_time + response_type + app_secret)`: plain concatenation, no
separators; `current_time` in milliseconds; `response_type` is always "token". The hex case is
not stated and every example is lower-case 32-hex, so lower case is sent.
"""

from __future__ import annotations

import hashlib
from typing import Final

RESPONSE_TYPE: Final = "token"


def token_sign(app_id: str, current_time_ms: int, app_secret: str) -> str:
    return hashlib.md5(f"{app_id}{current_time_ms}{RESPONSE_TYPE}{app_secret}".encode()).hexdigest()


def token_request(app_id: str, app_secret: str, current_time_ms: int) -> dict[str, object]:
    """The JSON body of `POST {host}/tokens/company` (and, plus the agent, of `/tokens/agent`).

    `currentTime` is a number: the document types it Long ("Timestamp (millisecond)").
    """
    return {
        "responseType": RESPONSE_TYPE,
        "appId": app_id,
        "currentTime": current_time_ms,
        "sign": token_sign(app_id, current_time_ms, app_secret),
    }
