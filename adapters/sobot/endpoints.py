"""Every Sobot interface the adapter calls, as data: method, host family, path, credential.

Which token an interface takes is read from sobot-callservice-v6-api.txt, not guessed: five
interfaces name an "Agent token" in their `Authorization` row (lines 375, 432, 476, 623, 1037;
notes-other-vendors.md §1.1 "Correction"); every other one takes the company token. The four
outbound-task interfaces require an `Idempotency-Key` (lines 1134, 1210, 1334, 1445).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final


class TokenKind(enum.StrEnum):
    COMPANY = "company"
    AGENT = "agent"


class Family(enum.StrEnum):
    """Base-URL families an account configures. The IVR search is documented on the CN host
    `openapi.soboten.com` (line 1665) while everything else is on `sg.sobot.io`, so the IVR host
    is configured separately; the token endpoints live on the default host (notes §1.1)."""

    DEFAULT = "default"
    IVR = "ivr"


@dataclass(frozen=True)
class Endpoint:
    name: str  # the operation name in logs and errors
    method: str
    path: str
    token: TokenKind = TokenKind.COMPANY
    family: Family = Family.DEFAULT
    needs_idempotency_key: bool = False
    doc_line: int = 0  # where sobot-callservice-v6-api.txt documents it


_CONFIG = "/callservice/v6/cc-config"
_OUTBOUND = "/callservice/v6/cc-outbound/api/campaigns"

AGENT_GET: Final = Endpoint("agents.get", "GET", f"{_CONFIG}/api/agents", doc_line=6)
AGENT_SET: Final = Endpoint("agents.set", "POST", f"{_CONFIG}/api/agents", doc_line=65)
AGENT_UNBIND: Final = Endpoint("agents.unbind", "POST", f"{_CONFIG}/api/agents/unbind", doc_line=130)
AGENT_SEARCH: Final = Endpoint("agents.call._search", "POST", f"{_CONFIG}/api/agents/call/_search", doc_line=192)
QUEUE_SEARCH: Final = Endpoint("queues._search", "POST", f"{_CONFIG}/api/queues/_search", doc_line=294)
QUEUE_ADD: Final = Endpoint("queue.add", "POST", f"{_CONFIG}/api/queue", TokenKind.AGENT, doc_line=370)
QUEUE_DELETE: Final = Endpoint("queue.delete", "DELETE", f"{_CONFIG}/api/queue", TokenKind.AGENT, doc_line=427)
QUEUE_MEMBERS: Final = Endpoint(
    "queue.agents.search", "POST", f"{_CONFIG}/api/queue/agents/search", TokenKind.AGENT, doc_line=471
)
QUEUE_MEMBERS_UPDATE: Final = Endpoint(
    "queue.agents", "POST", f"{_CONFIG}/api/queue/agents", TokenKind.AGENT, doc_line=618
)
FORBIDDEN_IMPORT: Final = Endpoint("blacklist.batch", "PUT", f"{_CONFIG}/blacklist/batch", doc_line=920)
RELAY_SEARCH: Final = Endpoint(
    "gatewayNumber.search", "POST", f"{_CONFIG}/api/gatewayNumber/search", TokenKind.AGENT, doc_line=1032
)
TASK_CREATE: Final = Endpoint("campaigns.create", "POST", _OUTBOUND, needs_idempotency_key=True, doc_line=1128)
TASK_IMPORT: Final = Endpoint(
    "campaigns._import",
    "POST",
    "/callservice/v6/cc-exports/api/campaigns/_import",
    needs_idempotency_key=True,
    doc_line=1204,
)
IMPORT_RESULT: Final = Endpoint(
    "calling-list.import-result",
    "POST",
    f"{_OUTBOUND}/calling-list/import-result",
    needs_idempotency_key=True,
    doc_line=1328,
)
TASK_LIST: Final = Endpoint(
    "campaigns.getList", "POST", f"{_OUTBOUND}/getList", needs_idempotency_key=True, doc_line=1439
)
IVR_SEARCH: Final = Endpoint(
    "ivr.published._search",
    "POST",
    "/callservice/v6/cc-ivr/api/ivr/published/_search",
    family=Family.IVR,
    doc_line=1665,
)

ALL: Final = (
    AGENT_GET,
    AGENT_SET,
    AGENT_UNBIND,
    AGENT_SEARCH,
    QUEUE_SEARCH,
    QUEUE_ADD,
    QUEUE_DELETE,
    QUEUE_MEMBERS,
    QUEUE_MEMBERS_UPDATE,
    FORBIDDEN_IMPORT,
    RELAY_SEARCH,
    TASK_CREATE,
    TASK_IMPORT,
    IMPORT_RESULT,
    TASK_LIST,
    IVR_SEARCH,
)

# Token endpoints (notes §1.1): on the default host, outside /callservice.
COMPANY_TOKEN_PATH: Final = "/tokens/company"  # noqa: S105 - a URL path, not a secret
AGENT_TOKEN_PATH: Final = "/tokens/agent"  # noqa: S105 - a URL path, not a secret

# The largest page asked of a paged interface. The IVR search says "50 max for a single time"
# (line 1664); the other paged examples all show pageSize 50 (lines 337, 1390, 1495). [INF]
MAX_PAGE_SIZE: Final = 50
