"""The simulated interfaces: path and method to handler, credential, `kind`, idempotency.

The simulator's own table, read from sobot-callservice-v6-api.txt independently of the adapter's
`endpoints` module. The five interfaces documented with an "Agent token" (lines 375, 432, 476,
623, 1037) take only that kind; the four outbound-task interfaces require an Idempotency-Key
(lines 1134, 1210, 1334, 1445). `kind` and whether `retMsg`/`retCode` are present follow each
interface's response example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from adapters.sobot.simulator import directory, outbound
from adapters.sobot.simulator.auth import AGENT, COMPANY
from adapters.sobot.simulator.request import SimRequest
from adapters.sobot.simulator.state import Tenant

Handler = Callable[[Tenant, SimRequest], Any]


@dataclass(frozen=True)
class Route:
    handler: Handler
    kind: str
    token: str = COMPANY
    idempotency_key: bool = False
    ret_code: bool = False


_CONFIG: Final = "/callservice/v6/cc-config"
_OUTBOUND: Final = "/callservice/v6/cc-outbound/api/campaigns"

ROUTES: Final[dict[str, dict[str, Route]]] = {
    f"{_CONFIG}/api/agents": {
        "GET": Route(directory.get_agent, "Agent"),
        "POST": Route(directory.set_agent, "Agent"),
    },
    f"{_CONFIG}/api/agents/unbind": {"POST": Route(directory.unbind_agent, "Agent")},
    f"{_CONFIG}/api/agents/call/_search": {"POST": Route(directory.search_agents, "Agent")},
    f"{_CONFIG}/api/queues/_search": {"POST": Route(directory.search_queues, "QueueInfo")},
    f"{_CONFIG}/api/queue": {
        "POST": Route(directory.add_queue, "ApiQueue", AGENT, ret_code=True),
        "DELETE": Route(directory.delete_queue, "QueueInfo", AGENT, ret_code=True),
    },
    f"{_CONFIG}/api/queue/agents/search": {"POST": Route(directory.queue_members, "List", AGENT, ret_code=True)},
    f"{_CONFIG}/api/queue/agents": {"POST": Route(directory.update_members, "ApiQueueAgent", AGENT, ret_code=True)},
    f"{_CONFIG}/blacklist/batch": {"PUT": Route(directory.import_forbidden, "BatchDetail")},
    f"{_CONFIG}/api/gatewayNumber/search": {"POST": Route(directory.search_relays, "List", AGENT, ret_code=True)},
    _OUTBOUND: {"POST": Route(outbound.create_task, "ApiRespCampaignsVO", idempotency_key=True)},
    "/callservice/v6/cc-exports/api/campaigns/_import": {
        "POST": Route(outbound.import_data, "ApiRespCampaignsVO", idempotency_key=True)
    },
    f"{_OUTBOUND}/calling-list/import-result": {
        "POST": Route(outbound.import_result, "ApiRepsICallListResult", idempotency_key=True)
    },
    f"{_OUTBOUND}/getList": {
        "POST": Route(outbound.list_tasks, "RespCampaignsVO", idempotency_key=True, ret_code=True)
    },
    "/callservice/v6/cc-ivr/api/ivr/published/_search": {
        "POST": Route(directory.search_ivr, "SearchIvrResponse", ret_code=True)
    },
}

TOKEN_PATHS: Final = {"/tokens/company": COMPANY, "/tokens/agent": AGENT}
